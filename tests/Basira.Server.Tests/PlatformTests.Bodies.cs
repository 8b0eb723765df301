using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Basira.Server.Tests;

/// <summary>
/// Request bodies the framework cannot bind (broken JSON, a wrong type, a null, a missing required field) are 400
/// problem details naming the field as a JSON path, and change nothing. Shares the seeded platform.
/// </summary>
public sealed partial class PlatformTests
{
    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage r)
    {
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        return (await r.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    [Theory]
    [InlineData("{\"grounds\":123,\"statement\":\"Je conteste.\"}", "$.grounds", "wrong type")]
    [InlineData("{\"grounds\":\"unfair\",\"statement\":[\"a\"]}", "$.statement", "wrong type")]
    [InlineData("{\"grounds\":null,\"statement\":\"Je conteste.\"}", "$.grounds", "null is not allowed")]
    [InlineData("{\"statement\":\"Je conteste.\"}", "$.grounds", "required field missing: grounds")]
    [InlineData("{\"grounds\":\"unfair\",\"statement\":\"Je conteste.\"", "$", "not valid JSON")]
    [InlineData("{\"grounds\":\"unfair\" \"statement\":\"x\"}", "$", "not valid JSON")]
    public async Task A_body_that_cannot_be_read_is_a_400_naming_the_field_and_files_nothing(string body, string field, string problem)
    {
        var guardian = await platform.SignedInAsync("tuteur1");
        var before = (await guardian.GetFromJsonAsync<JsonObject>($"/api/governance/decisions/{platform.Report.ObjectionDecisionId}"))!["objections"]!.AsArray().Count;

        var p = await ProblemAsync(await guardian.PostAsync($"/api/governance/decisions/{platform.Report.ObjectionDecisionId}/objections", Json(body)));

        Assert.Equal(field, p["field"]!.GetValue<string>());
        Assert.Contains(problem, p["problem"]!.GetValue<string>());
        Assert.Contains(field, p["detail"]!.GetValue<string>());
        Assert.Equal(1, p["line"]!.GetValue<long>());
        Assert.True(p["position"]!.GetValue<long>() >= 1);
        Assert.DoesNotContain("Basira.", p.ToJsonString()); // no type names of the server
        var after = (await guardian.GetFromJsonAsync<JsonObject>($"/api/governance/decisions/{platform.Report.ObjectionDecisionId}"))!["objections"]!.AsArray().Count;
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task A_body_that_cannot_be_read_is_neither_repeated_nor_logged()
    {
        var guardian = await platform.SignedInAsync("tuteur1");
        var r = await guardian.PostAsync($"/api/governance/decisions/{platform.Report.ObjectionDecisionId}/objections",
            Json("{\"statement\":\"SYN-BODYMARK-0042 Itto\",\"grounds\":[\"SYN-BODYMARK-0043\"]}"));
        var p = await ProblemAsync(r);
        Assert.Equal("$.grounds", p["field"]!.GetValue<string>());
        Assert.DoesNotContain("BODYMARK", p.ToJsonString());
        Assert.DoesNotContain(platform.Logs.Lines, l => l.Contains("BODYMARK", StringComparison.Ordinal));
        Assert.DoesNotContain(platform.Logs.Lines, l => l.Contains("Failed to read parameter", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_human_decision_without_confirm_is_a_400_not_a_silent_decline()
    {
        var director = await platform.SignedInAsync("directeur");
        var id = await platform.SchoolDecisionAsync(2);
        var p = await ProblemAsync(await director.PostAsync($"/api/governance/decisions/{id}/human-decision", Json("{\"reason\":\"Suivi par l'assistante sociale.\"}")));
        Assert.Equal("$.confirm", p["field"]!.GetValue<string>());
        var d = await director.GetFromJsonAsync<JsonObject>($"/api/governance/decisions/{id}");
        Assert.DoesNotContain(d!["revisions"]!.AsArray(), r => r!["kind"]!.GetValue<string>() == "human_decision");
    }

    [Fact]
    public async Task A_multi_line_body_reports_the_line_of_the_bad_value()
    {
        var reviewer = await platform.SignedInAsync("reviseur");
        var p = await ProblemAsync(await reviewer.PostAsync($"/api/governance/objections/{platform.Report.ObjectionId}/decide",
            Json("{\n  \"outcome\": \"upheld\",\n  \"reasoning\": \"ok\",\n  \"no_error_found\": \"yes\"\n}")));
        Assert.Equal("$.no_error_found", p["field"]!.GetValue<string>());
        Assert.Equal(4, p["line"]!.GetValue<long>());
        Assert.Equal("under_human_review", (await StateAsync(reviewer, platform.Report.ObjectionId))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bodies_and_answers_use_snake_case_names()
    {
        var director = await platform.SignedInAsync("directeur");
        var d = await director.GetFromJsonAsync<JsonObject>($"/api/governance/decisions/{platform.Report.OpenDecisionId}");
        Assert.True(d!.ContainsKey("current_outcome"));
        Assert.True(d["decision"]!.AsObject().ContainsKey("raw_score"));
        Assert.False(d["decision"]!.AsObject().ContainsKey("rawScore"));
        // Request bodies are read with the same names: camelCase is not a second spelling.
        var reviewer = await platform.SignedInAsync("reviseur");
        var camel = await reviewer.PostAsync($"/api/governance/objections/{platform.Report.ObjectionId}/decide",
            Json("{\"outcome\":\"upheld\",\"reasoning\":\"ok\",\"noErrorFound\":true}"));
        Assert.Equal(HttpStatusCode.BadRequest, camel.StatusCode);
        Assert.Contains("corrections", await camel.Content.ReadAsStringAsync()); // no_error_found was not given
    }
}
