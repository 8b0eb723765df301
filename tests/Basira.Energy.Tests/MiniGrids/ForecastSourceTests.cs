using Basira.Energy.MiniGrids;
using Basira.Energy.MiniGrids.Dispatch;

namespace Basira.Energy.Tests.MiniGrids;

public sealed class ForecastSourceTests
{
    public static TheoryData<string, int> Sources => new()
    {
        { "lag-ridge", 2000 },
        { "lag-ridge-48", 2000 },
        // the hourly forecaster is refitted at t + 1 = 2016 on steps ≤ t: the refit itself must not read the future
        { "hourly", 2015 },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public void Forecasts_made_at_step_t_do_not_change_when_the_future_changes(string name, int t)
    {
        var grid = PymgridLayout.Read(MiniGridData.Fixture19);
        var a = Forecast(grid, t, name);
        var load = (double[])grid.Load.Clone();
        var pv = (double[])grid.Pv.Clone();
        for (var i = t + 1; i < load.Length; i++)
        {
            load[i] *= 3;
            pv[i] = 0;
        }
        var b = Forecast(grid with { Load = load, Pv = pv }, t, name);
        Assert.Equal(a.Load, b.Load);
        Assert.Equal(a.Pv, b.Pv);
        Assert.Equal(grid.Load[t], a.Load[0]); // step t itself is measured
        if (name != "lag-ridge")
            Assert.NotEqual(Forecast(grid, t).Load, a.Load); // the variant does forecast differently
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

    private static HorizonData Forecast(MiniGrid grid, int t, string name = "lag-ridge")
    {
        IHorizonSource source = name switch
        {
            "lag-ridge" => new ForecastSource(),
            "lag-ridge-48" => new ForecastSource(48),
            _ => new HourlyForecastSource(load: true, pv: true),
        };
        source.Start(grid);
        var data = new HorizonData(name == "lag-ridge-48" ? 48 : DispatchProtocol.Horizon);
        for (var s = 0; s <= t; s++) source.Fill(s, data);
        return data;
    }
}
