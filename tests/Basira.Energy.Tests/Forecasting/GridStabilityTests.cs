using Basira.Energy.Forecasting;

namespace Basira.Energy.Tests.Forecasting;

public sealed class GridStabilityTests
{
    private static HourlyForecast Forecast()
    {
        var t0 = new DateTime(2024, 7, 1, 18, 0, 0);
        double[] point = [800, 900, 1000, 950, 700, 600, 650];
        var times = point.Select((_, j) => t0.AddHours(j)).ToArray();
        return new HourlyForecast(times, point,
        [
            new IntervalBand(0.8, [.. point.Select(p => p - 50)], [.. point.Select(p => p + 50)]),
            new IntervalBand(0.95, [.. point.Select(p => p - 100)], [.. point.Select(p => p + 100)]),
        ]);
    }

    [Fact]
    public void Hours_are_flagged_when_the_point_or_the_upper_bound_leaves_less_than_the_reserve_margin()
    {
        // capacity 1,100 MW, margin 15 %: a load above 956.5 MW leaves too little
        var view = GridStability.Analyse(Forecast(), new StabilitySettings(1100, 0.15));
        var flags = view.Hours.Select(h => h.Flag).ToArray();
        // 800 (upper 900: 22 % left), 900 (upper 1,000: 10 % → at risk), 1,000 (short), 950 (4.6 %... point 15.8 % ok, upper 1,050 → at risk)
        Assert.Equal(new string?[] { null, "at_risk", "short", "at_risk", null, null, null }, flags.AsEnumerable());
        Assert.Equal((1100 - 1000) / 1000.0, view.Hours[2].Margin, 12);
        Assert.Equal(3, view.Flagged.Count());
    }

    [Fact]
    public void Peaks_and_ramps_carry_their_uncertainty()
    {
        var view = GridStability.Analyse(Forecast(), new StabilitySettings(2000, 0.1, Level: 0.8));
        Assert.Equal(1000, view.Peak.Point);
        Assert.Equal((950.0, 1050.0), (view.Peak.Lower, view.Peak.Upper));
        Assert.Equal(new DateTime(2024, 7, 1, 20, 0, 0), view.Peak.Time);
        Assert.Equal(2, view.DailyPeaks.Count); // 1 July and 2 July
        Assert.Equal(100, view.MaxRampUp.Point);   // 800 → 900 (first of the equal ramps)
        Assert.Equal(0, view.MaxRampUp.Lower);     // 850 − 850
        Assert.Equal(200, view.MaxRampUp.Upper);   // 950 − 750
        Assert.Equal(-250, view.MaxRampDown.Point); // 950 → 700
        Assert.Empty(view.Flagged);
        Assert.Throws<ArgumentException>(() => GridStability.Analyse(Forecast(), new StabilitySettings(2000, 0.1, Level: 0.5)));
    }
}

public sealed class DemandScenarioTests
{
    [Fact]
    public void Scenarios_compound_from_the_base_year_and_keep_the_load_factor()
    {
        var measured = DemandScenarios.Get("measured");
        var y2030 = DemandScenarios.Project(measured, 2030);
        Assert.Equal(45.713 * Math.Pow(1.035, 6), y2030.EnergyTwh, 9);
        Assert.Equal(y2030.EnergyTwh * 1e6 / (y2030.PeakMw * 8760), DemandScenarios.LoadFactor, 9);
        Assert.InRange(DemandScenarios.LoadFactor, 0.6, 0.8);
        var stress = DemandScenarios.Project(DemandScenarios.Get("digital_strategy"), 2030);
        Assert.True(stress.EnergyTwh > 2 * DemandScenarios.BaseEnergyTwh); // 1.15^6 ≈ 2.31
        Assert.Equal(7, DemandScenarios.Path(measured, 2030).Count);
        Assert.Throws<ArgumentException>(() => DemandScenarios.Get("boom"));
    }
}

public sealed class CovariateTests
{
    [Fact]
    public void Calendar_covariates_mark_holidays_and_ramadan_of_each_forecast_day()
    {
        var cov = new CalendarCovariates(new MoroccanCalendar(), 48);
        Assert.Equal(2 * 3, cov.Dimension); // a 48-hour horizon touches up to 3 calendar days
        var x = new double[cov.Dimension];
        cov.Fill(new DateTime(2024, 7, 29, 12, 0, 0), x); // 29, 30 (Throne Day), 31 July
        Assert.Equal([0, 1, 0, 0, 0, 0], x);
        var ramadan = new MoroccanCalendar().Ramadan(2024)!.Value.First;
        cov.Fill(ramadan.AddDays(3).ToDateTime(TimeOnly.MinValue), x);
        Assert.Equal([1, 1, 1], x[3..]);
    }

    [Fact]
    public void Temperature_covariates_are_degrees_outside_the_comfort_band()
    {
        var first = new DateTime(2024, 7, 1);
        var temp = Enumerable.Range(0, 72).Select(i => i < 24 ? 32.0 : i < 48 ? 18.0 : 5.0).ToArray();
        var cov = new TemperatureCovariates(first, temp, 24);
        var x = new double[cov.Dimension];
        cov.Fill(first.AddHours(24), x); // days 2 and 3
        Assert.Equal(0, x[0], 12);            // 18 °C: no cooling
        Assert.Equal(0, x[2], 12);            // nor heating
        Assert.Equal(1.0, x[3], 12);          // 5 °C: (15 − 5) / 10
        cov.Fill(first, x);
        Assert.Equal(1.0, x[0], 12);          // 32 °C: (32 − 22) / 10
    }

    [Fact]
    public void A_forecaster_with_holiday_inputs_learns_their_effect()
    {
        // a load 30 % lower on public holidays
        var calendar = new MoroccanCalendar();
        var t0 = new DateTime(2023, 1, 2);
        var hours = 24 * 7 * 60;
        var rng = new Random(3);
        var load = Enumerable.Range(0, hours).Select(i =>
        {
            var t = t0.AddHours(i);
            var v = 100 + 30 * Math.Sin(2 * Math.PI * (t.Hour - 8) / 24) + rng.NextDouble();
            return calendar.IsHoliday(DateOnly.FromDateTime(t)) ? 0.7 * v : v;
        }).ToArray();
        var with = HourlyForecaster.Fit(load, t0, new HourlyForecasterOptions { Lookbacks = [168], Holidays = calendar });
        var without = HourlyForecaster.Fit(load, t0, new HourlyForecasterOptions { Lookbacks = [168] });
        Assert.True(with.ValidationRmse < 0.8 * without.ValidationRmse, $"{with.ValidationRmse} vs {without.ValidationRmse}");
    }
}
