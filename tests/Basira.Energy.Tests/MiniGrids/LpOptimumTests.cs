using Basira.Energy.MiniGrids;
using Basira.Energy.MiniGrids.Dispatch;

namespace Basira.Energy.Tests.MiniGrids;

/// <summary>
/// The perfect-foresight LP reproduces the reference optimum of shared/datasets/minigrid/BASELINES.md (scipy/HiGHS,
/// T = 8,736 steps). The optimum is unique in value, so any slip in the cost model (efficiency on the wrong side, cycle
/// cost on external energy, CO2 not priced, the load's sign) moves it well beyond the tolerance.
/// </summary>
public sealed class LpOptimumTests
{
    private static double FullHorizonLp(MiniGrid grid)
    {
        var steps = grid.SimulatedSteps();
        using var model = new HorizonModel(grid, steps);
        model.Set(new HorizonData(steps).FillActual(grid, 0), new DispatchState(grid.Battery!.InitialSocKwh, grid.Genset?.InitiallyOn ?? false));
        model.Solve();
        Assert.True(model.Solved, model.Status.ToString());
        return model.ObjectiveValue;
    }

    [Fact]
    public void Lp_optimum_of_microgrid_19_equals_the_reference()
    {
        var grid = PymgridLayout.Read(MiniGridData.Fixture19);
        Assert.Equal(8736, grid.SimulatedSteps());
        Assert.Equal(2_145_740.77, FullHorizonLp(grid), 0.02);
    }

    [SharedMiniGridTheory]
    [InlineData(0, 877_831.62)]
    [InlineData(7, 11_618_812.36)]
    [InlineData(23, 17_160_277.29)]
    public void Lp_optimum_equals_the_reference_on_the_shared_microgrids(int id, double expected)
    {
        var grid = PymgridLayout.Read(Path.Combine(MiniGridData.SharedRoot!, $"microgrid_{id}"));
        Assert.Equal(expected, FullHorizonLp(grid), 0.02);
    }
}
