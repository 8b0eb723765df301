using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Basira.Energy.MiniGrids;
using Basira.Energy.MiniGrids.Dispatch;
using Basira.Energy.MiniGrids.Shedding;
using Basira.Governance.Access;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Server.Tests;

/// <summary>
/// A grid operator (role grid_operator, scope mini_grid = one mini-grid) reads the governed load-shedding decisions of
/// their own mini-grid — decision, explanation, notice, page — and gets 404 on another mini-grid's and on any other
/// domain's decision (the access matrix's "in" decision for this column is an education decision, hence 404/404 there).
/// </summary>
public sealed class SheddingAccessTests(DemoPlatformFixture platform) : IClassFixture<DemoPlatformFixture>
{
    private const string GridA = "mg-access-a", GridB = "mg-access-b";

    [Fact]
    public async Task A_grid_operator_reads_the_shedding_decisions_of_their_mini_grid_and_only_those()
    {
        var educationDecision = platform.Report.ObjectionDecisionId;
        var shedding = platform.Services.GetRequiredService<SheddingService>();
        string[] Shed(string name)
        {
            var grid = DemoMiniGrid.Value with { Name = name };
            var dispatch = DispatchRun.Run(grid, new LoadFollowingController(), testWindow: false);
            var report = shedding.Run(grid, dispatch, FairnessRule.MaxMin, "test", record: true, "R08", "P081");
            Assert.True(report.DecisionsRecorded > 0, $"the demo mini-grid {name} sheds nothing");
            return [.. report.DecisionIds];
        }
        var a = Shed(GridA);
        var b = Shed(GridB);
        var users = platform.Services.GetRequiredService<UserStore>();
        if (users.Find("grid-op-a") is null)
            users.Create("grid-op-a", "grid-op-a", DemoPlatformFixture.Password, Roles.GridOperator, ScopeKinds.MiniGrid, GridA, null, "test");
        var client = await platform.SignedInAsync("grid-op-a");

        foreach (var path in new[] { "", "/explanation", "/notice" })
        {
            var own = await client.GetAsync($"/api/governance/decisions/{a[0]}{path}");
            Assert.True(own.StatusCode == HttpStatusCode.OK, $"own mini-grid {path}: {own.StatusCode} {await own.Content.ReadAsStringAsync()}");
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/governance/decisions/{b[0]}{path}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/governance/decisions/{educationDecision}{path}")).StatusCode);
        }
        var decision = (await client.GetFromJsonAsync<JsonObject>($"/api/governance/decisions/{a[0]}"))!;
        Assert.Equal(a[0], (string)decision["decision"]!["id"]!);
        Assert.Equal(GridA, (string)decision["decision"]!["scope"]!["unit"]!);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/decisions/{a[0]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/decisions/{b[0]}")).StatusCode);

        // the list holds every decision of the operator's mini-grid and nothing else
        var list = (await client.GetFromJsonAsync<JsonArray>($"/api/governance/decisions?algorithm={SheddingAlgorithm.Id}&limit=1000"))!;
        var ids = list.Select(d => (string)d!["id"]!).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(a.Length, ids.Count);
        Assert.All(a, id => Assert.Contains(id, ids));

        // seeing a decision is not acting on it: the grid operator neither objects nor takes the human decision
        var objection = await client.PostAsJsonAsync($"/api/governance/decisions/{a[0]}/objections", new { grounds = "unfair", statement = "probe" });
        Assert.Equal(HttpStatusCode.Forbidden, objection.StatusCode);
    }

    [Fact]
    public async Task The_demos_mini_grid_operator_reads_the_curtailment_decisions_of_the_demo_mini_grid_only()
    {
        var client = await platform.SignedInAsync("exploitant");
        var list = (await client.GetFromJsonAsync<JsonArray>("/api/governance/decisions?limit=1000"))!;
        Assert.NotEmpty(list); // the demo sheds the undersized demo mini-grid's evening peaks and records each meter-day
        Assert.All(list, d => Assert.Equal(SheddingAlgorithm.Id, (string)d!["algorithm"]!));
        var first = (await client.GetFromJsonAsync<JsonObject>($"/api/governance/decisions/{(string)list[0]!["id"]!}"))!;
        Assert.Equal(DemoMiniGrid.Value.Name, (string)first["decision"]!["scope"]!["unit"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/governance/decisions/{platform.Report.ObjectionDecisionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/energy/minigrid")).StatusCode);
    }
}
