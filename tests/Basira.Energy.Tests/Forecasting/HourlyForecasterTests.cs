using Basira.Energy.Forecasting;
using Basira.Governance;

namespace Basira.Energy.Tests.Forecasting;

public sealed class HourlyForecasterTests
{
    private static readonly DateTime Start = new(2023, 1, 2); // a Monday

    /// <summary>Load with a daily profile, lower weekends, and noise (sd 2 kW).</summary>
    private static double[] Load(int hours, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, hours).Select(i =>
        {
            var t = Start.AddHours(i);
            var daily = 30 + 15 * Math.Sin(2 * Math.PI * (t.Hour - 8) / 24);
            var weekend = t.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? -8 : 0;
            return daily + weekend + 2 * Normal(rng);
        })];
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    [Fact]
    public void Day_ahead_forecast_tracks_the_profile_and_its_intervals_cover_about_their_level()
    {
        var load = Load(24 * 7 * 14, 1);
        var fitHours = 24 * 7 * 10;
        var f = HourlyForecaster.Fit(load.AsSpan(0, fitHours), Start, new HourlyForecasterOptions { Lookbacks = [24, 168] });
        Assert.Equal(24, f.Horizon);

        // rolling day-ahead forecasts over the 4 later weeks, from the data before each origin only
        double se = 0;
        int n = 0, inside80 = 0, inside95 = 0;
        for (var t = fitHours; t + 24 <= load.Length; t += 24)
        {
            var fc = f.ForecastWithIntervals(load.AsSpan(0, t), Start.AddHours(t));
            for (var j = 0; j < 24; j++)
            {
                var y = load[t + j];
                se += (fc.Point[j] - y) * (fc.Point[j] - y);
                n++;
                if (y >= fc.Intervals[0].Lower[j] && y <= fc.Intervals[0].Upper[j]) inside80++;
                if (y >= fc.Intervals[1].Lower[j] && y <= fc.Intervals[1].Upper[j]) inside95++;
            }
        }
        var rmse = Math.Sqrt(se / n);
        Assert.True(rmse < 3.0, $"rmse {rmse} (noise sd 2)");
        Assert.InRange(inside80 / (double)n, 0.70, 0.90);
        Assert.InRange(inside95 / (double)n, 0.88, 1.0);
    }

    [Fact]
    public void Forecasts_are_never_negative_when_asked_and_need_enough_history()
    {
        // PV-like: zero at night
        var pv = Enumerable.Range(0, 24 * 60).Select(i => Math.Max(0, 10 * Math.Sin(2 * Math.PI * ((i % 24) - 6) / 24))).ToArray();
        var f = HourlyForecaster.Fit(pv, Start, new HourlyForecasterOptions { Lookbacks = [24, 48], Calendar = false });
        var fc = f.Forecast(pv, Start.AddHours(pv.Length));
        Assert.All(fc, v => Assert.True(v >= 0));
        Assert.Equal(0, fc[0], 1);      // midnight
        Assert.Equal(10, fc[12], 0);    // noon
        Assert.Throws<ArgumentException>(() => f.Forecast(pv.AsSpan(0, 10), Start.AddHours(10)));
    }

    [Fact]
    public void A_missing_value_or_too_short_a_series_is_refused()
    {
        var load = Load(24 * 30, 2);
        load[100] = double.NaN;
        Assert.Throws<DataInputException>(() => HourlyForecaster.Fit(load, Start));
        Assert.Throws<DataInputException>(() => HourlyForecaster.Fit(Load(40, 3), Start));
    }
}
