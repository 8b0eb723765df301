using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Server.Tests;

/// <summary>
/// Who may extend, escalate and close an objection over HTTP: someone who cannot see the decision gets 404 (and none of
/// the objector's statement), someone who sees it but whose step it is not gets 403. Shares the seeded platform.
/// </summary>
public sealed partial class PlatformTests
{
    private async Task<string> FileAsync(HttpClient guardian, string decisionId, string grounds = "unfair")
    {
        var filed = await guardian.PostAsJsonAsync($"/api/governance/decisions/{decisionId}/objections",
            new { grounds, statement = "Ma fille était hospitalisée (dossier médical)." });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        return (await filed.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    private static async Task<JsonObject> StateAsync(HttpClient reviewer, string id) =>
        (await reviewer.GetFromJsonAsync<JsonObject>($"/api/governance/objections/{id}"))!["objection"]!.AsObject();

    [Fact]
    public async Task A_guardian_with_no_link_to_the_objection_gets_404_on_every_step()
    {
        var stranger = await platform.SignedInAsync("tuteur2");
        var id = platform.Report.ObjectionId; // tuteur1's objection, under review by reviseur
        foreach (var step in new[] { "extend", "escalate", "close" })
        {
            var r = await stranger.PostAsJsonAsync($"/api/governance/objections/{id}/{step}", new { text = "I want it." });
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
            Assert.DoesNotContain("hospitalisation", await r.Content.ReadAsStringAsync());
        }
        var o = await StateAsync(await platform.SignedInAsync("reviseur"), id);
        Assert.Equal("under_human_review", o["state"]!.GetValue<string>());
        Assert.False(o["extended"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Only_the_assigned_reviewer_extends_and_others_in_scope_get_403()
    {
        var id = platform.Report.ObjectionId;
        foreach (var user in new[] { "tuteur1", "directeur", "analyste", "admin" })
        {
            var c = await platform.SignedInAsync(user);
            var r = await c.PostAsJsonAsync($"/api/governance/objections/{id}/extend", new { text = "More time." });
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        }
        Assert.False((await StateAsync(await platform.SignedInAsync("reviseur"), id))["extended"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Only_a_reviewer_in_scope_closes_and_only_the_filer_or_a_reviewer_escalates()
    {
        var filer = await platform.SignedInAsync("tuteur2");
        var reviewer = await platform.SignedInAsync("reviseur");
        var id = await FileAsync(filer, platform.Report.OpenDecisionId);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostAsync($"/api/governance/objections/{id}/review", null)).StatusCode);
        var decided = await reviewer.PostAsJsonAsync($"/api/governance/objections/{id}/decide", new { outcome = "upheld", reasoning = "Absences confirmées." });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);

        var otherGuardian = await platform.SignedInAsync("tuteur1");
        var director = await platform.SignedInAsync("directeur");
        Assert.Equal(HttpStatusCode.NotFound, (await otherGuardian.PostAsync($"/api/governance/objections/{id}/close", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await filer.PostAsync($"/api/governance/objections/{id}/close", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await director.PostAsync($"/api/governance/objections/{id}/close", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherGuardian.PostAsJsonAsync($"/api/governance/objections/{id}/escalate", new { text = "CNDP" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await director.PostAsJsonAsync($"/api/governance/objections/{id}/escalate", new { text = "CNDP" })).StatusCode);
        Assert.Equal("decided", (await StateAsync(reviewer, id))["state"]!.GetValue<string>());

        var closed = await reviewer.PostAsync($"/api/governance/objections/{id}/close", null);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal("closed", (await closed.Content.ReadFromJsonAsync<JsonObject>())!["state"]!.GetValue<string>());

        var second = await FileAsync(filer, platform.Report.OpenDecisionId);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostAsync($"/api/governance/objections/{second}/review", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostAsJsonAsync($"/api/governance/objections/{second}/decide", new { outcome = "upheld", reasoning = "Idem." })).StatusCode);
        var escalated = await filer.PostAsJsonAsync($"/api/governance/objections/{second}/escalate", new { text = "CNDP" });
        Assert.Equal(HttpStatusCode.OK, escalated.StatusCode);
        Assert.Equal("escalated", (await escalated.Content.ReadFromJsonAsync<JsonObject>())!["state"]!.GetValue<string>());
        // TRANSPARENCY.md §3: escalation goes to an external body; the reviewer closes the case afterwards.
        Assert.Equal(HttpStatusCode.Forbidden, (await filer.PostAsync($"/api/governance/objections/{second}/close", null)).StatusCode);
        var closedAfterEscalation = await reviewer.PostAsync($"/api/governance/objections/{second}/close", null);
        Assert.Equal(HttpStatusCode.OK, closedAfterEscalation.StatusCode);
        Assert.Equal("closed", (await closedAfterEscalation.Content.ReadFromJsonAsync<JsonObject>())!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_administrator_who_took_the_human_decision_cannot_review_the_objection()
    {
        var id = await platform.SchoolDecisionAsync(5);
        var admin = await platform.SignedInAsync("admin");
        var hd = await admin.PostAsJsonAsync($"/api/governance/decisions/{id}/human-decision", new { confirm = true, reason = "Dossier vu en commission." });
        Assert.Equal(HttpStatusCode.OK, hd.StatusCode);
        var objection = await FileAsync(await platform.GuardianOfAsync(id), id);

        var refused = await admin.PostAsync($"/api/governance/objections/{objection}/review", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("original decision", await refused.Content.ReadAsStringAsync());
        var reviewer = await platform.SignedInAsync("reviseur");
        Assert.Equal("acknowledged", (await StateAsync(reviewer, objection))["state"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostAsync($"/api/governance/objections/{objection}/review", null)).StatusCode);
    }

    [Fact]
    public async Task The_director_cannot_overturn_a_review_outcome_with_a_new_human_decision()
    {
        var id = await platform.SchoolDecisionAsync(6);
        var director = await platform.SignedInAsync("directeur");
        var reviewer = await platform.SignedInAsync("reviseur");
        var objection = await FileAsync(await platform.GuardianOfAsync(id), id);

        var whileOpen = await director.PostAsJsonAsync($"/api/governance/decisions/{id}/human-decision", new { confirm = false, reason = "Pendant l'opposition." });
        Assert.Equal(HttpStatusCode.Conflict, whileOpen.StatusCode);
        Assert.Equal("application/problem+json", whileOpen.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostAsync($"/api/governance/objections/{objection}/review", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostAsJsonAsync($"/api/governance/objections/{objection}/decide", new { outcome = "reversed", reasoning = "Hospitalisation documentée." })).StatusCode);

        var overturn = await director.PostAsJsonAsync($"/api/governance/decisions/{id}/human-decision", new { confirm = true, reason = "Je maintiens." });
        Assert.Equal(HttpStatusCode.Conflict, overturn.StatusCode);
        Assert.Contains("is open", await overturn.Content.ReadAsStringAsync()); // decided, not yet closed
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostAsync($"/api/governance/objections/{objection}/close", null)).StatusCode);
        var afterClose = await director.PostAsJsonAsync($"/api/governance/decisions/{id}/human-decision", new { confirm = true, reason = "Je maintiens." });
        Assert.Equal(HttpStatusCode.Conflict, afterClose.StatusCode);
        Assert.Contains("review outcome", await afterClose.Content.ReadAsStringAsync());
        var d = await director.GetFromJsonAsync<JsonObject>($"/api/governance/decisions/{id}");
        Assert.Equal("not_flagged", d!["current_outcome"]!.GetValue<string>());
        Assert.Equal("review_outcome", d["revisions"]!.AsArray()[^1]!["kind"]!.GetValue<string>());
        var page = await director.GetStringAsync($"/decisions/{id}?culture=en");
        Assert.Contains("id=\"hd-locked\"", page);
        Assert.DoesNotContain("action=\"/decisions/" + id + "/human-decision\"", page);
    }

    private async Task<JsonArray> RecentAuditAsync()
    {
        var auditor = await platform.SignedInAsync("auditeur");
        var entries = (await auditor.GetFromJsonAsync<JsonObject>("/api/governance/audit/verify"))!["entries"]!.GetValue<long>();
        return (await auditor.GetFromJsonAsync<JsonArray>($"/api/governance/audit/log?after={Math.Max(0, entries - 900)}&limit=1000"))!;
    }

    [Fact]
    public async Task Objection_reads_are_audited_and_an_extension_keeps_its_reasons_out_of_the_log()
    {
        var id = await platform.SchoolDecisionAsync(7);
        var reviewer = await platform.SignedInAsync("reviseur");
        var objection = await FileAsync(await platform.GuardianOfAsync(id), id);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostAsync($"/api/governance/objections/{objection}/review", null)).StatusCode);
        var extended = await reviewer.PostAsJsonAsync($"/api/governance/objections/{objection}/extend", new { text = "Attente du dossier de l'hôpital Ibn Sina." });
        Assert.Equal(HttpStatusCode.OK, extended.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync("/api/governance/objections")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync("/objections")).StatusCode);

        var log = await RecentAuditAsync();
        string A(JsonNode? e, string k) => e![k]!.GetValue<string>();
        Assert.Contains(log, e => A(e, "action") == "objection.extended" && A(e, "entity_id") == objection && A(e, "actor") == "reviseur");
        Assert.DoesNotContain(log, e => A(e, "action") == "objection.under_human_review" && A(e, "entity_id") == objection && A(e, "details").Contains("extended", StringComparison.Ordinal));
        Assert.DoesNotContain(log, e => A(e, "details").Contains("Ibn Sina", StringComparison.Ordinal));
        Assert.Contains(log, e => A(e, "action") == "personal_data.read" && A(e, "entity") == "objection" && A(e, "entity_id") == objection
            && A(e, "details") == "purpose=objection.extend;role=reviewer");
        Assert.True(log.Count(e => A(e, "action") == "personal_data.list" && A(e, "entity") == "objection" && A(e, "actor") == "reviseur") >= 2); // API and page
    }

    [Fact]
    public async Task An_extension_after_the_deadline_is_a_409()
    {
        var id = platform.ProvinceDecision(0);
        var reviewer = await platform.SignedInAsync("reviseur");
        var objection = await FileAsync(await platform.GuardianOfAsync(id), id);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostAsync($"/api/governance/objections/{objection}/review", null)).StatusCode);
        // The platform's clock is the system clock: move the objection's deadline into the past in the store.
        using (var c = platform.Services.GetRequiredService<Basira.Governance.Storage.BasiraDatabase>().OpenConnection())
            Basira.Governance.Storage.Sql.Execute(c, null, "UPDATE objections SET decide_by = @t WHERE id = @id",
                ("@t", Basira.Governance.Storage.Sql.Iso(DateTimeOffset.UtcNow.AddDays(-1))), ("@id", objection));
        var r = await reviewer.PostAsJsonAsync($"/api/governance/objections/{objection}/extend", new { text = "Too late." });
        Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
        Assert.Contains("deadline passed", await r.Content.ReadAsStringAsync());
        Assert.False((await StateAsync(reviewer, objection))["extended"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_data_error_objection_is_decided_with_corrections_or_no_error_found_else_400()
    {
        var id = platform.ProvinceDecision(1);
        var reviewer = await platform.SignedInAsync("reviseur");
        var objection = await FileAsync(await platform.GuardianOfAsync(id), id, "data_error");
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostAsync($"/api/governance/objections/{objection}/review", null)).StatusCode);

        var bare = await reviewer.PostAsJsonAsync($"/api/governance/objections/{objection}/decide", new { outcome = "upheld", reasoning = "RAS." });
        Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
        Assert.Equal("application/problem+json", bare.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no_error_found", await bare.Content.ReadAsStringAsync());
        Assert.Equal("under_human_review", (await StateAsync(reviewer, objection))["state"]!.GetValue<string>());

        var ok = await reviewer.PostAsJsonAsync($"/api/governance/objections/{objection}/decide",
            new { outcome = "upheld", reasoning = "Registre vérifié : les absences sont exactes.", no_error_found = true });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("decided", (await ok.Content.ReadFromJsonAsync<JsonObject>())!["state"]!.GetValue<string>());
        var doc = await platform.CreateClient().GetFromJsonAsync<JsonObject>("/openapi/v1.json");
        Assert.Contains("no_error_found", doc!.ToJsonString());
    }
}
