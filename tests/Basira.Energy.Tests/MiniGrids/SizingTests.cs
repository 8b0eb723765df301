using Basira.Energy.MiniGrids;
using Basira.Energy.MiniGrids.Dispatch;
using Basira.Energy.MiniGrids.Sizing;

namespace Basira.Energy.Tests.MiniGrids;

public sealed class SizingTests
{
    [Fact]
    public void Without_sun_the_cheapest_design_is_a_genset_of_the_peak_and_its_npc_is_computed_by_hand()
    {
        // 1 kWh every hour of a year, no PV: genset 1 kW; NPC = 750 + annuity(20 y, 8 %)·(23 + 8,760 kWh × 0.32745 L × 1.2 $/L)
        var load = Enumerable.Repeat(1.0, 8760).ToArray();
        var grid = new MiniGrid { Name = "dark", Load = load, Pv = new double[8760], Loads = [new LoadClass("health", LoadKind.HealthPost, 1, "v", load)] };
        var o = new SizingOptions { Reliability = 1 };
        var r = MiniGridSizer.Size(grid, o);
        Assert.Equal("OPTIMAL", r.Status);
        Assert.Equal(1, r.GensetKw, 6);
        Assert.Equal(0, r.PvKw, 6);
        var annuity = Enumerable.Range(1, 20).Sum(y => Math.Pow(1.08, -y));
        Assert.Equal(750 + annuity * (23 + 8760 * 0.32745 * 1.2), r.NetPresentCost, 2);
        Assert.Equal(0, r.RenewableFraction, 6);
    }

    [Fact]
    public void The_village_design_meets_the_reliability_target_and_never_sheds_the_priority_loads()
    {
        var grid = MiniGridJson.Read(Path.Combine(AppContext.BaseDirectory, "MiniGrids", "Fixtures", "village", "minigrid.json"));
        var o = new SizingOptions { Reliability = 0.99 };
        var r = MiniGridSizer.Size(grid, o);
        Assert.Equal("OPTIMAL", r.Status);
        Assert.True(r.UnmetShare <= 0.01 + 1e-9);
        Assert.True(r.PvKw > 0 && r.BatteryKwh > 0, $"PV {r.PvKw}, battery {r.BatteryKwh}");
        // stricter reliability never costs less
        var strict = MiniGridSizer.Size(grid, o with { Reliability = 1 });
        Assert.True(strict.NetPresentCost >= r.NetPresentCost - 1e-6);
        Assert.Equal(0, strict.UnmetShare, 9);
        // the design, simulated hour by hour with the optimal dispatch, serves what the LP says
        var sized = MiniGridSizer.Apply(grid, strict, o);
        var check = DispatchRun.Run(sized, new OptimalController(), testWindow: false, steps: grid.Steps);
        Assert.True(check.UnmetKwh / grid.Load.Sum() < 0.002, $"unmet {check.UnmetKwh}");
    }
}
