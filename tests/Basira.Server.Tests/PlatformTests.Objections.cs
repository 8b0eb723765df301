using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Basira.Server.Tests;

/// <summary>
/// Who may extend, escalate and close an objection over HTTP: someone who cannot see the decision gets 404 (and none of
/// the objector's statement), someone who sees it but whose step it is not gets 403. Shares the seeded platform.
/// </summary>
public sealed partial class PlatformTests
{
    private async Task<string> FileAsync(HttpClient guardian, string decisionId)
    {
        var filed = await guardian.PostAsJsonAsync($"/api/governance/decisions/{decisionId}/objections",
            new { grounds = "unfair", statement = "Ma fille était hospitalisée (dossier médical)." });
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
        Assert.Equal("not_flagged", d!["currentOutcome"]!.GetValue<string>());
        Assert.Equal("review_outcome", d["revisions"]!.AsArray()[^1]!["kind"]!.GetValue<string>());
        var page = await director.GetStringAsync($"/decisions/{id}?culture=en");
        Assert.Contains("id=\"hd-locked\"", page);
        Assert.DoesNotContain("action=\"/decisions/" + id + "/human-decision\"", page);
    }
}
