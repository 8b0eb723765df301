using Basira.Energy.MiniGrids;
using Basira.Energy.MiniGrids.Dispatch;

namespace Basira.Energy.Tests.MiniGrids;

public sealed class ForecastSourceTests
{
    [Fact]
    public void Forecasts_made_at_step_t_do_not_change_when_the_future_changes()
    {
        var grid = PymgridLayout.Read(MiniGridData.Fixture19);
        const int t = 2000;
        var a = Forecast(grid, t);
        var load = (double[])grid.Load.Clone();
        var pv = (double[])grid.Pv.Clone();
        for (var i = t + 1; i < load.Length; i++)
        {
            load[i] *= 3;
            pv[i] = 0;
        }
        var b = Forecast(grid with { Load = load, Pv = pv }, t);
        Assert.Equal(a.Load, b.Load);
        Assert.Equal(a.Pv, b.Pv);
        Assert.Equal(grid.Load[t], a.Load[0]); // step t itself is measured
    }

    [Fact]
    public void Load_forecast_beats_the_same_hour_yesterday()
    {
        var grid = PymgridLayout.Read(MiniGridData.Fixture19);
        var source = new ForecastSource();
        source.Start(grid);
        var data = new HorizonData(DispatchProtocol.Horizon);
        double model = 0, naive = 0;
        for (var t = 0; t < 8000; t++)
        {
            source.Fill(t, data);
            if (t < 1000) continue;
            for (var k = 1; k < data.Length; k++)
            {
                model += Math.Abs(data.Load[k] - grid.Load[t + k]);
                naive += Math.Abs(grid.Load[t + k - 24] - grid.Load[t + k]);
            }
        }
        Assert.True(model < 0.9 * naive, $"model MAE sum {model:F0} vs seasonal naive {naive:F0}");
    }

    private static HorizonData Forecast(MiniGrid grid, int t)
    {
        var source = new ForecastSource();
        source.Start(grid);
        var data = new HorizonData(DispatchProtocol.Horizon);
        for (var s = 0; s <= t; s++) source.Fill(s, data);
        return data;
    }
}
