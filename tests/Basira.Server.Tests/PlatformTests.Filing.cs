using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Basira.Server.Tests;

/// <summary>
/// Filing objections over HTTP (only the person concerned, or an administrator recording one received offline), and
/// small input checks: sign-in fields, notice level, the audited read of the audit log. Shares the seeded platform.
/// </summary>
public sealed partial class PlatformTests
{
    [Fact]
    public async Task Only_the_person_concerned_files_an_objection_and_others_who_see_the_decision_get_403()
    {
        var id = platform.ProvinceDecision(2);
        foreach (var user in new[] { "reviseur", "auditeur", "analyste" })
        {
            var c = await platform.SignedInAsync(user);
            Assert.Equal(HttpStatusCode.OK, (await c.GetAsync($"/api/governance/decisions/{id}")).StatusCode); // they see it
            var r = await c.PostAsJsonAsync($"/api/governance/decisions/{id}/objections", new { grounds = "unfair", statement = "Je conteste." });
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
            // ... and the notice page offers them no objection form.
            Assert.DoesNotContain($"action=\"/decisions/{id}/objections\"", await c.GetStringAsync($"/decisions/{id}"));
        }
        // School staff in their own school: no form on the notice page, 403 on filing (read-only checks on a shared decision).
        var director = await platform.SignedInAsync("directeur");
        var own = await platform.SchoolDecisionAsync(1);
        Assert.DoesNotContain($"action=\"/decisions/{own}/objections\"", await director.GetStringAsync($"/decisions/{own}"));
        Assert.Equal(HttpStatusCode.Forbidden, (await director.PostAsJsonAsync($"/api/governance/decisions/{own}/objections",
            new { grounds = "unfair", statement = "Je conteste." })).StatusCode);
        var stranger = await platform.SignedInAsync("tuteur2");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"/api/governance/decisions/{id}/objections",
            new { grounds = "unfair", statement = "Je conteste." })).StatusCode);
        var guardian = await platform.GuardianOfAsync(id);
        Assert.Contains($"action=\"/decisions/{id}/objections\"", await guardian.GetStringAsync($"/decisions/{id}"));
        var objection = await FileAsync(guardian, id);
        Assert.Equal("api", (await StateAsync(await platform.SignedInAsync("reviseur"), objection))["channel"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_administrator_records_a_paper_objection_with_its_channel_and_cannot_review_it()
    {
        var id = platform.ProvinceDecision(3);
        var admin = await platform.SignedInAsync("admin");
        var online = await admin.PostAsJsonAsync($"/api/governance/decisions/{id}/objections", new { grounds = "other", statement = "Reçue par courrier." });
        Assert.Equal(HttpStatusCode.BadRequest, online.StatusCode);
        Assert.Contains("channel", await online.Content.ReadAsStringAsync());

        var page = await admin.GetStringAsync($"/decisions/{id}");
        Assert.Contains("name=\"channel\"", page);
        var filed = await admin.PostAsJsonAsync($"/api/governance/decisions/{id}/objections",
            new { grounds = "other", statement = "Reçue par courrier.", channel = "paper" });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var o = (await filed.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("paper", o["channel"]!.GetValue<string>());
        var objection = o["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/governance/objections/{objection}/review", null)).StatusCode);
        Assert.Equal("acknowledged", (await StateAsync(admin, objection))["state"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{}", "username")]
    [InlineData("{\"username\":\"admin\"}", "password")]
    [InlineData("{\"password\":\"x\"}", "username")]
    public async Task Sign_in_with_a_missing_field_is_a_400_naming_it(string body, string field)
    {
        var r = await platform.CreateClient().PostAsync("/api/auth/login", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        Assert.Contains(field, await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_notice_level_is_L1_or_L2_in_any_case_and_anything_else_is_a_400()
    {
        var c = await platform.SignedInAsync("tuteur2");
        var url = $"/api/governance/decisions/{platform.Report.OpenDecisionId}/notice";
        Assert.Equal("L2", (await c.GetFromJsonAsync<JsonObject>(url + "?level=l2"))!["level"]!.GetValue<string>());
        Assert.Equal("L1", (await c.GetFromJsonAsync<JsonObject>(url + "?level=l1"))!["level"]!.GetValue<string>());
        Assert.Equal("L1", (await c.GetFromJsonAsync<JsonObject>(url))!["level"]!.GetValue<string>());
        var bad = await c.GetAsync(url + "?level=L9");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("level", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Reading_the_audit_log_is_itself_audited_and_the_chain_stays_intact()
    {
        var analyst = await platform.SignedInAsync("analyste");
        var first = await analyst.GetFromJsonAsync<JsonArray>("/api/governance/audit/log?after=0&limit=3");
        Assert.Equal(3, first!.Count);
        var recent = await RecentAuditAsync();
        Assert.Contains(recent, e => e!["action"]!.GetValue<string>() == "audit_log.read" && e["actor"]!.GetValue<string>() == "analyste"
            && e["details"]!.GetValue<string>() == "after=0;limit=3;count=3;role=analyst");
        var auditor = await platform.SignedInAsync("auditeur");
        Assert.True((await auditor.GetFromJsonAsync<JsonObject>("/api/governance/audit/verify"))!["intact"]!.GetValue<bool>());
    }
}
