using Basira.Energy.MiniGrids;
using Basira.Energy.MiniGrids.Dispatch;
using Basira.Energy.MiniGrids.Shedding;
using Basira.Governance;
using Basira.Governance.Access;
using Basira.Governance.Decisions;
using Basira.Governance.Models;
using Basira.Governance.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Energy.Tests.MiniGrids;

public sealed class LoadSheddingTests
{
    private static LoadClass C(string name, LoadKind kind, int priority, string village, double kwh, int households = 0) =>
        new(name, kind, priority, village, [kwh], households);

    private static readonly LoadClass[] Classes =
    [
        C("health", LoadKind.HealthPost, 1, "A", 4),
        C("a_homes", LoadKind.Households, 3, "A", 2, households: 2),
        C("b_homes", LoadKind.Households, 3, "B", 8, households: 4),
    ];

    [Fact]
    public void Max_min_gives_every_household_the_same_cap_after_the_priority_load()
    {
        // 10 kWh: health post 4 first; 6 left for 6 households. A's households need 1 each (served in full: 2), leaving
        // 4 kWh for B's 4 households, which need 2 each: the cap is 1 kWh per household.
        var served = LoadShedding.Allocate(Classes, 0, 10, FairnessRule.MaxMin);
        Assert.Equal([4, 2, 4], served, (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal(1, LoadShedding.WaterLevel([(2, 2), (8, 4)], 6), 12);
    }

    [Fact]
    public void Proportional_serves_the_same_fraction_of_each_demand()
    {
        var served = LoadShedding.Allocate(Classes, 0, 10, FairnessRule.Proportional);
        Assert.Equal([4, 1.2, 4.8], served, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void A_shortfall_reaches_a_priority_load_only_when_every_lower_priority_load_is_cut()
    {
        var served = LoadShedding.Allocate(Classes, 0, 3, FairnessRule.MaxMin);
        Assert.Equal([3, 0, 0], served);
        Assert.Equal([4, 2, 8], LoadShedding.Allocate(Classes, 0, 20, FairnessRule.MaxMin));
        Assert.Equal(1, LoadShedding.JainIndex([0.5, 0.5, 0.5]), 12);
        Assert.Equal(1.0 / 3, LoadShedding.JainIndex([1, 0, 0]), 12);
    }

    [Fact]
    public void Every_hour_of_a_dispatch_shares_exactly_the_energy_supplied()
    {
        var grid = MiniGridJson.Read(Path.Combine(AppContext.BaseDirectory, "MiniGrids", "Fixtures", "village", "minigrid.json"));
        var r = DispatchRun.Run(grid, new LoadFollowingController(), testWindow: false);
        Assert.True(r.UnmetKwh > 0, "the demo grid is undersized on purpose");
        for (var t = 0; t < r.SimulatedSteps; t++)
        {
            var supplied = grid.Load[t] - r.Outcomes[t].UnmetKwh;
            var served = LoadShedding.Allocate(grid.Loads, t, supplied, FairnessRule.MaxMin);
            Assert.Equal(supplied, served.Sum(), 6);
            for (var i = 0; i < served.Length; i++) Assert.InRange(served[i], 0, grid.Loads[i].Kwh[t] + 1e-9);
            // priority 1 (health post, water pump) is served in full whenever the supply covers it
            var p1 = grid.Loads.Where(l => l.Priority == 1).Sum(l => l.Kwh[t]);
            if (supplied >= p1) Assert.Equal(p1, grid.Loads.Select((l, i) => (l, i)).Where(x => x.l.Priority == 1).Sum(x => served[x.i]), 9);
        }
    }
}

/// <summary>Curtailments recorded as governed decisions on a real store (SQLite here; PostgreSQL below).</summary>
public abstract class SheddingDecisionContract : IDisposable
{
    protected readonly string Dir = Directory.CreateTempSubdirectory("basira-energy-").FullName;
    private ServiceProvider? _sp;

    protected abstract string? ConnectionString { get; }

    protected ServiceProvider Services => _sp ??= Build();

    private ServiceProvider Build()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Basira:DataDir"] = Dir,
            ["Basira:PseudonymKey"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
            ["ConnectionStrings:Basira"] = ConnectionString,
        }).Build();
        var s = new ServiceCollection();
        s.AddGovernanceModule(config);
        s.AddEnergyModule(config);
        return s.BuildServiceProvider();
    }

    [Fact]
    public void Each_day_shed_is_a_decision_with_an_exact_explanation_a_notice_and_an_audit()
    {
        var grid = MiniGridJson.Read(Path.Combine(AppContext.BaseDirectory, "MiniGrids", "Fixtures", "village", "minigrid.json"));
        var dispatch = DispatchRun.Run(grid, new LoadFollowingController(), testWindow: false);
        var report = Services.GetRequiredService<SheddingService>().Run(grid, dispatch, FairnessRule.MaxMin, "test", record: true, "R08", "P081");

        var store = Services.GetRequiredService<DecisionStore>();
        var recorded = store.List(Principal.System, SheddingAlgorithm.Id, limit: 10_000);
        Assert.Equal(report.DecisionsRecorded, recorded.Count);
        Assert.True(recorded.Count > 0);
        Assert.Equal(0, report.PriorityCurtailedKwh, 9);
        Assert.All(recorded, d =>
        {
            Assert.Equal("shed", d.Outcome);
            Assert.Equal(d.RawScore, d.Contributions.Sum(c => c.Value), 6);
            Assert.Equal(AutomationLevels.FullyAutomated, d.AutomationLevel);
            Assert.Equal("tizi-ait-ben", d.Scope.Unit);
            Assert.Contains(d.Groups["village"], new[] { "Tizi", "Ait Ben" });
        });
        // the shed energy of the decisions adds up to the dispatch's unmet energy
        Assert.Equal(dispatch.UnmetKwh, recorded.Sum(d => d.RawScore), 3);

        var models = Services.GetRequiredService<ModelStore>();
        Assert.Equal(report.ModelVersion, models.InUse(SheddingAlgorithm.Id)!.Version);
        var audit = models.LatestAudit(SheddingAlgorithm.Id)!;
        Assert.Equal(report.AuditStatus, audit.Status);
        Assert.Contains("jain_index_served_share", audit.ReportJson);
        // the villages in the published report speak the API's snake_case, like every other field
        var village = System.Text.Json.Nodes.JsonNode.Parse(audit.ReportJson)!["villages"]!.AsArray()[0]!.AsObject();
        Assert.Equal(["village", "demand_kwh", "curtailed_kwh", "curtailed_share", "shed_day_rate"], village.Select(kv => kv.Key));

        // the notice a citizen reads, in the three languages, through the kernel
        var notices = Services.GetRequiredService<NoticeService>();
        foreach (var lang in new[] { "fr", "ar", "en" })
            Assert.NotNull(notices.Build(Principal.System, recorded[0].Id, "1", lang));

        // the same rule on the same grid is the same model version
        var again = Services.GetRequiredService<SheddingService>().Run(grid, dispatch, FairnessRule.MaxMin, "test", record: false);
        Assert.Equal(report.AuditStatus, again.AuditStatus);
        Assert.Equal(0, again.DecisionsRecorded);
    }

    public virtual void Dispose()
    {
        _sp?.Dispose();
        GC.SuppressFinalize(this);
        try { Directory.Delete(Dir, true); } catch (IOException) { }
    }
}

public sealed class SqliteSheddingDecisionTests : SheddingDecisionContract
{
    protected override string? ConnectionString => null;
}

[Trait("Category", "Db")]
public sealed class PostgresSheddingDecisionTests : SheddingDecisionContract, IAsyncLifetime
{
    private readonly Basira.TestSupport.PostgresTestDatabase _pg = new();

    protected override string? ConnectionString => _pg.ConnectionString;

    public Task InitializeAsync() => _pg.InitializeAsync();

    public async Task DisposeAsync()
    {
        base.Dispose();
        Npgsql.NpgsqlConnection.ClearAllPools();
        await _pg.DisposeAsync();
    }

    public override void Dispose() { }
}
