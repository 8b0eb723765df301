using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Basira.Server.Tests;

/// <summary>/api/education/planning: the national scenario, projections, allocation, and a posted scenario (bad fields named).</summary>
public sealed class PlanningApiTests(DemoPlatformFixture platform) : IClassFixture<DemoPlatformFixture>
{
    private const string WorkedExample = """
        {"base_year": 2024, "years": 2, "cycles": [{"name": "c", "enrolment": [1000, 900, 800],
          "promotion": [0.85, 0.88, 0.90], "repetition": [0.10, 0.08, 0.06], "new_entrants": [1050, 1080],
          "ptr": 27, "max_class_size": 36}]}
        """;

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Posted_worked_example_is_projected_exactly_in_snake_case()
    {
        var client = await platform.SignedInAsync("analyste");
        var r = await client.PostAsync("/api/education/planning/projections", Json(WorkedExample));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var j = JsonNode.Parse(await r.Content.ReadAsStringAsync())!;
        var c = j["years"]![1]!["cycles"]![0]!;
        Assert.Equal("3108.02", c["total"]!.ToJsonString());
        Assert.Equal(116, c["teachers"]!.GetValue<int>());
        Assert.Equal("[34,30,24]", c["classes"]!.ToJsonString());
        Assert.Equal("[50,36,32]", j["years"]![0]!["cycles"]![0]!["dropouts"]!.ToJsonString());
    }

    [Theory]
    [InlineData("0.88, 0.90]", "1.88, 0.90]", "$.cycles[0].promotion[1]")]
    [InlineData("[1000, 900, 800]", "[1000, -900, 800]", "$.cycles[0].enrolment[1]")]
    [InlineData("\"years\": 2,", "\"years\": 2, \"target_year\": 2019,", "$.target_year")]
    [InlineData("[1050, 1080]", "[1050]", "$.cycles[0].new_entrants")]
    public async Task Posted_bad_scenario_is_a_400_naming_the_field(string from, string to, string field)
    {
        var client = await platform.SignedInAsync("analyste");
        var r = await client.PostAsync("/api/education/planning/projections", Json(WorkedExample.Replace(from, to, StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await r.Content.ReadAsStringAsync())!;
        Assert.Equal(field, problem["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task National_projection_has_the_75_provinces_and_the_variants_side_by_side()
    {
        var client = await platform.SignedInAsync("admin");
        var j = (await client.GetFromJsonAsync<JsonObject>("/api/education/planning/projections"))!;
        Assert.Equal(2024, j["base_year"]!.GetValue<int>());
        Assert.Equal(2030, j["end_year"]!.GetValue<int>());
        Assert.Equal(75, j["deficits"]!["by_province"]!.AsArray().Count);
        Assert.Equal(["dropout_halved", "classes_of_40", "rural_consolidated"], j["variants"]!.AsArray().Select(v => v!["name"]!.GetValue<string>()));
        Assert.Null(j["units"]);
        var scenario = (await client.GetFromJsonAsync<JsonObject>("/api/education/planning/scenario"))!;
        Assert.Equal(150, scenario["units"]!.AsArray().Count);
        Assert.NotEmpty(scenario["sources"]!.AsArray());
    }

    [Fact]
    public async Task Allocation_spends_within_the_budget_and_refuses_an_unknown_variant()
    {
        var client = await platform.SignedInAsync("analyste");
        var a = (await client.GetFromJsonAsync<JsonObject>("/api/education/planning/allocation?budget=500000"))!;
        Assert.Equal("optimal", a["status"]!.GetValue<string>());
        Assert.True(a["spent"]!.GetValue<decimal>() <= 500_000m);
        Assert.Equal(75, a["by_province"]!.AsArray().Count);
        var bad = await client.GetAsync("/api/education/planning/allocation?variant=nope");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("variant", JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["field"]!.GetValue<string>());
    }
}
