using Basira.Energy.MiniGrids;
using Basira.Energy.MiniGrids.Dispatch;

namespace Basira.Energy.Tests.MiniGrids;

/// <summary>Instances small enough to compute by hand with pymgrid's cost model.</summary>
public sealed class HandComputedDispatchTests
{
    // battery: 10 kWh, empty allowed, 10 kWh a step, η = 0.9, 0.02 per internal kWh; genset 0.4/kWh + 2 kg × 0.1 = 0.6/kWh, min 2
    private static MiniGrid Tiny(double[] load, double[] pv, GensetSpec? genset = null) => new()
    {
        Name = "tiny",
        Load = load,
        Pv = pv,
        Battery = new BatterySpec(10, 0, 10, 10, 0.9, 0.02, 0),
        Genset = genset ?? new GensetSpec(10, 2, 0.4, 2, 0.1),
        Loads = [new LoadClass("load", LoadKind.Other, 1, "tiny", load)],
    };

    // step 0: 10 kWh PV surplus → 9 kWh stored (0.18); step 1: 8.1 kWh load ← 9 kWh discharged (0.18);
    // step 2: 5 kWh from the genset (3.00); step 3: 1 kWh load, genset at its 2 kWh minimum (1.20), 1 kWh surplus → 0.9 stored
    // (0.018); step 4: 0.81 kWh ← 0.9 discharged (0.018). Total 4.596.
    private static readonly double[] Load = [0, 8.1, 5, 1, 0.81];
    private static readonly double[] Pv = [10, 0, 0, 0, 0];
    private const double Expected = 0.18 + 0.18 + 3.0 + 1.2 + 0.018 + 0.018;

    [Fact]
    public void Load_following_costs_what_the_hand_computation_says()
    {
        var r = DispatchRun.Run(Tiny(Load, Pv), new LoadFollowingController(), testWindow: false, steps: 5);
        Assert.Equal(Expected, r.Cost, 9);
        Assert.Equal(7, r.GensetKwh, 9);
        Assert.Equal(0, r.UnmetKwh, 9);
        Assert.Equal(9 + 9 + 0.9 + 0.9, r.BatteryThroughputKwh, 9);
        Assert.Equal(7 * 2, r.Co2Kg, 9);
        Assert.Equal(0, r.CurtailedKwh, 9);
    }

    [Fact]
    public void Milp_optimum_plans_around_the_minimum_load_the_rule_wastes()
    {
        // 14.91 kWh of load after step 0; the battery gives back 8.1 of it, the genset must make 6.81 (4.086) + cycle cost 0.36.
        // The MILP reaches that bound by running the genset ≥ 2 kWh whenever it runs (e.g. 2 at step 1, 4.81 at step 2, the
        // battery covering steps 3 and 4): 4.446, where the rule pays 0.15 more for its minimum-load surplus.
        var grid = Tiny(Load, Pv);
        var state = new DispatchState(0, false);
        using var milp = new HorizonModel(grid, 5, integer: true);
        milp.Set(new HorizonData(5).FillActual(grid, 0), state);
        milp.Solve();
        Assert.True(milp.Solved);
        Assert.Equal(4.446, milp.ObjectiveValue, 6);
        var replay = DispatchRun.Run(grid, new OptimalController(), testWindow: false, steps: 5);
        Assert.Equal(4.446, replay.Cost, 6);
        Assert.All(replay.Outcomes, o => Assert.True(o.GensetKwh == 0 || o.GensetKwh >= 2 - 1e-9));
    }

    [Fact]
    public void Lp_relaxation_ignores_the_minimum_load_and_the_milp_does_not()
    {
        // 1 kWh at step 2, empty battery: LP 1 kWh × 0.6; MILP genset at its 2 kWh minimum (1.2), surplus 1 kWh → 0.9 stored (0.018)
        var grid = Tiny([0, 0, 1], [0, 0, 0]);
        var data = new HorizonData(3).FillActual(grid, 0);
        using var lp = new HorizonModel(grid, 3);
        lp.Set(data, new DispatchState(0, false));
        lp.Solve();
        Assert.Equal(0.6, lp.ObjectiveValue, 9);
        using var milp = new HorizonModel(grid, 3, integer: true);
        milp.Set(data, new DispatchState(0, false));
        milp.Solve();
        Assert.Equal(1.218, milp.ObjectiveValue, 6);
    }

    [Fact]
    public void Start_cost_keeps_a_genset_running_through_a_short_gap()
    {
        // no-load cost 1 per hour on, start 5: loads 3, 0, 3 with no battery energy → stay on at step 1 (1) rather than restart (5)
        var genset = new GensetSpec(10, 0, 0.5, 0, 0, NoLoadCostPerHour: 1, StartCost: 5);
        var grid = Tiny([3, 0, 3], [0, 0, 0], genset) with { Battery = null };
        var r = DispatchRun.Run(grid, new OptimalController(), testWindow: false, steps: 3);
        // start 5 + 3 hours on × 1 + 6 kWh × 0.5 = 11
        Assert.Equal(11, r.Cost, 6);
        Assert.Equal(1, r.GensetStarts);
        Assert.All(r.Outcomes, o => Assert.True(o.GensetOn));

        var expensiveOn = grid with { Genset = genset with { NoLoadCostPerHour = 6 } };
        var r2 = DispatchRun.Run(expensiveOn, new OptimalController(), testWindow: false, steps: 3);
        // two starts 10 + 2 hours × 6 + 3 = 25 (staying on would cost 5 + 18 + 3 = 26)
        Assert.Equal(25, r2.Cost, 6);
        Assert.Equal(2, r2.GensetStarts);
    }

    [Fact]
    public void Fuel_curve_gives_no_load_fuel_and_co2()
    {
        // HOMER: F = 0.08145·rated + 0.246·P litres per hour; 1 MAD/L, 2.68 kg CO2/L priced 0.1
        var g = GensetSpec.FromFuelCurve(100, 30, 1, 0.08145, 0.246, 2.68, 0.1, startCost: 4);
        Assert.Equal(8.145 + 8.145 * 2.68 * 0.1, g.OnCost, 9);
        Assert.Equal(0.246 + 0.246 * 2.68 * 0.1, g.MarginalCost, 9);
        Assert.True(g.HasFixedCosts);
        var grid = Tiny([50, 50], [0, 0], g) with { Battery = null };
        var r = DispatchRun.Run(grid, new LoadFollowingController(), testWindow: false, steps: 2);
        Assert.Equal(4 + 2 * g.OnCost + 100 * g.MarginalCost, r.Cost, 9);
        Assert.Equal(2 * 8.145 * 2.68 + 100 * 0.246 * 2.68, r.Co2Kg, 9);
    }

    [Fact]
    public void Cycle_charging_runs_the_genset_at_rated_power_and_stores_the_surplus()
    {
        // step 0: 4 kWh load, empty battery → genset at min(rated 10, 4 + 10/0.9 room) = 10, 6 kWh surplus → 5.4 stored
        var grid = Tiny([4, 4], [0, 0]);
        var r = DispatchRun.Run(grid, new CycleChargingController(), testWindow: false, steps: 2);
        Assert.Equal(10, r.Outcomes[0].GensetKwh, 9);
        Assert.Equal(5.4, r.Outcomes[0].ChargeKwh, 9);
        // step 1: 4 kWh ← 4.444 discharged
        Assert.Equal(0, r.Outcomes[1].GensetKwh, 9);
        Assert.Equal(4 / 0.9, r.Outcomes[1].DischargeKwh, 9);
    }

    [Fact]
    public void Grid_import_pays_price_plus_co2_and_export_earns_its_price()
    {
        var grid = new MiniGrid
        {
            Name = "g",
            Load = [5, 0],
            Pv = [0, 7],
            Grid = new GridConnection([0.2, 0.2], [0.05, 0.05], [0.5, 0.5], [true, true], 10, 10, 0.1),
        };
        var r = DispatchRun.Run(grid, new LoadFollowingController(), testWindow: false, steps: 2);
        // import 5 × (0.2 + 0.1 × 0.5) = 1.25; export 7 × 0.05 = −0.35
        Assert.Equal(1.25 - 0.35, r.Cost, 9);
        Assert.Equal(2.5, r.Co2Kg, 9);
    }

    [Fact]
    public void Test_window_is_the_last_33_percent_of_the_steps()
    {
        Assert.Equal((5854, 8736), DispatchProtocol.Window(8736, test: true));
        Assert.Equal((0, 8736), DispatchProtocol.Window(8736, test: false));
    }
}
