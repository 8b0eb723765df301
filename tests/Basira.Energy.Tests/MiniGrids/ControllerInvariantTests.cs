using Basira.Energy.MiniGrids;
using Basira.Energy.MiniGrids.Dispatch;

namespace Basira.Energy.Tests.MiniGrids;

/// <summary>Every controller on three weeks of microgrid 19 (committed fixture): physics respected, no policy below the LP bound.</summary>
public sealed class ControllerInvariantTests
{
    private const int Steps = 504;
    private static readonly Lazy<MiniGrid> Grid = new(() => PymgridLayout.Read(MiniGridData.Fixture19));

    public static TheoryData<string> Names() => ["rule", "cycle", "optimal", "mpc-oracle", "mpc-forecast"];

    private static IDispatchController Create(string name) => name switch
    {
        "rule" => new LoadFollowingController(),
        "cycle" => new CycleChargingController(),
        "optimal" => new OptimalController(TimeSpan.FromSeconds(60), 1e-6),
        "mpc-oracle" => new MpcController(new OracleSource()),
        _ => new MpcController(new ForecastSource()),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_step_balances_and_stays_within_limits(string name)
    {
        var grid = Grid.Value;
        var b = grid.Battery!;
        var g = grid.Genset!;
        var r = DispatchRun.Run(grid, Create(name), testWindow: false, steps: Steps);
        var soc = b.InitialSocKwh;
        for (var t = 0; t < Steps; t++)
        {
            var o = r.Outcomes[t];
            var supply = o.PvUsed + o.GensetKwh + b.Efficiency * o.DischargeKwh - o.ChargeKwh / b.Efficiency + o.UnmetKwh - o.OvergenerationKwh;
            Assert.Equal(grid.Load[t], supply, 6);
            Assert.InRange(o.PvUsed, 0, grid.Pv[t] + 1e-9);
            Assert.True(o.GensetKwh == 0 || (o.GensetKwh >= g.MinKw - 1e-9 && o.GensetKwh <= g.MaxKw + 1e-9), $"step {t}: genset {o.GensetKwh}");
            Assert.True(o.ChargeKwh == 0 || o.DischargeKwh == 0);
            Assert.InRange(o.ChargeKwh, 0, b.MaxChargeKwh + 1e-9);
            Assert.InRange(o.DischargeKwh, 0, b.MaxDischargeKwh + 1e-9);
            soc += o.ChargeKwh - o.DischargeKwh;
            Assert.Equal(soc, o.SocKwh, 6);
            Assert.InRange(o.SocKwh, b.MinSocKwh - 1e-6, b.CapacityKwh + 1e-6);
            var cost = 0.6 * o.GensetKwh + 0.02 * (o.ChargeKwh + o.DischargeKwh) + 10 * o.UnmetKwh + 1 * o.OvergenerationKwh;
            Assert.Equal(cost, o.Cost, 6);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void No_controller_costs_less_than_the_lp_lower_bound(string name)
    {
        var grid = Grid.Value;
        using var lp = new HorizonModel(grid, Steps);
        lp.Set(new HorizonData(Steps).FillActual(grid, 0), new DispatchState(grid.Battery!.InitialSocKwh, true));
        lp.Solve();
        var r = DispatchRun.Run(grid, Create(name), testWindow: false, steps: Steps);
        Assert.True(r.Cost >= lp.ObjectiveValue - 1e-6, $"{name}: {r.Cost} below the bound {lp.ObjectiveValue}");
        Assert.True(r.Cost <= lp.ObjectiveValue * (name == "cycle" ? 1.5 : 1.01), $"{name}: {r.Cost} vs bound {lp.ObjectiveValue}");
    }

    [Fact]
    public void Mpc_with_the_oracle_is_within_a_tenth_of_a_percent_of_the_optimum_over_three_weeks()
    {
        var grid = Grid.Value;
        var opt = DispatchRun.Run(grid, Create("optimal"), testWindow: false, steps: Steps);
        var mpc = DispatchRun.Run(grid, Create("mpc-oracle"), testWindow: false, steps: Steps);
        Assert.InRange(mpc.Cost / opt.Cost, 0.999, 1.001);
    }
}
