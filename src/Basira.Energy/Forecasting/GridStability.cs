namespace Basira.Energy.Forecasting;

/// <summary>Settings of the grid-stability view.</summary>
/// <param name="AvailableCapacity">Capacity available to meet the load, in the units of the forecast (e.g. MW).</param>
/// <param name="ReserveMargin">Required reserve above the load, as a share of the load (0.15 = 15 %).</param>
/// <param name="Level">Interval level whose upper bound is checked (e.g. 0.95); the point forecast is also checked.</param>
public sealed record StabilitySettings(double AvailableCapacity, double ReserveMargin, double Level = 0.95);

/// <summary>One hour of the stability view.</summary>
/// <param name="Time">Hour.</param>
/// <param name="Point">Point forecast.</param>
/// <param name="Upper">Upper bound of the checked interval.</param>
/// <param name="Margin">Reserve left at the point forecast: (capacity − point) / point.</param>
/// <param name="MarginAtUpper">Reserve left at the upper bound: (capacity − upper) / upper.</param>
/// <param name="Flag"><c>short</c> when even the point forecast leaves less than the margin, <c>at_risk</c> when only
/// the upper bound does, null otherwise.</param>
public sealed record StabilityHour(DateTime Time, double Point, double Upper, double Margin, double MarginAtUpper, string? Flag);

/// <summary>A peak or a ramp of the forecast, with its uncertainty.</summary>
/// <param name="Time">Hour of the peak, or the hour a ramp ends.</param>
/// <param name="Point">Peak load, or the ramp (load change over one hour).</param>
/// <param name="Lower">Lower end of its range across the interval.</param>
/// <param name="Upper">Upper end.</param>
public sealed record ForecastExtreme(DateTime Time, double Point, double Lower, double Upper);

/// <summary>Grid-stability view of a forecast.</summary>
/// <param name="Settings">Capacity, margin and level checked.</param>
/// <param name="Peak">Highest point forecast, with the interval at that hour.</param>
/// <param name="DailyPeaks">Highest point forecast of each calendar day.</param>
/// <param name="MaxRampUp">Largest hour-to-hour increase of the point forecast, with the range of that increase
/// (lower: from the upper bound to the lower bound; upper: from the lower bound to the upper bound).</param>
/// <param name="MaxRampDown">Largest hour-to-hour decrease (as a negative change).</param>
/// <param name="Hours">Every hour with its margins and flag.</param>
public sealed record StabilityView(StabilitySettings Settings, ForecastExtreme Peak, IReadOnlyList<ForecastExtreme> DailyPeaks,
    ForecastExtreme MaxRampUp, ForecastExtreme MaxRampDown, IReadOnlyList<StabilityHour> Hours)
{
    /// <summary>Hours flagged <c>short</c> or <c>at_risk</c>.</summary>
    public IEnumerable<StabilityHour> Flagged => Hours.Where(h => h.Flag is not null);
}

/// <summary>
/// Peaks, ramps and reserve margins of a load forecast: an hour is flagged <c>short</c> when the available capacity
/// exceeds the point forecast by less than the required reserve margin, and <c>at_risk</c> when it does at the point
/// forecast but not at the upper bound of the checked interval.
/// </summary>
public static class GridStability
{
    public static StabilityView Analyse(HourlyForecast forecast, StabilitySettings settings)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.AvailableCapacity);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.ReserveMargin);
        var band = forecast.Intervals.FirstOrDefault(b => Math.Abs(b.Level - settings.Level) < 1e-9)
            ?? throw new ArgumentException($"the forecast has no {settings.Level:P0} interval", nameof(settings));
        var n = forecast.Point.Length;
        var hours = new List<StabilityHour>(n);
        for (var j = 0; j < n; j++)
        {
            var p = forecast.Point[j];
            var u = band.Upper[j];
            var margin = Margin(settings.AvailableCapacity, p);
            var marginUp = Margin(settings.AvailableCapacity, u);
            var flag = margin < settings.ReserveMargin ? "short" : marginUp < settings.ReserveMargin ? "at_risk" : null;
            hours.Add(new StabilityHour(forecast.Times[j], p, u, margin, marginUp, flag));
        }
        var peakAt = Enumerable.Range(0, n).MaxBy(j => forecast.Point[j]);
        var peak = new ForecastExtreme(forecast.Times[peakAt], forecast.Point[peakAt], band.Lower[peakAt], band.Upper[peakAt]);
        var daily = Enumerable.Range(0, n).GroupBy(j => forecast.Times[j].Date)
            .Select(g => g.MaxBy(j => forecast.Point[j]))
            .Select(j => new ForecastExtreme(forecast.Times[j], forecast.Point[j], band.Lower[j], band.Upper[j])).ToList();
        ForecastExtreme Ramp(bool up)
        {
            if (n < 2) return new ForecastExtreme(forecast.Times[0], 0, 0, 0);
            var j = Enumerable.Range(1, n - 1).MaxBy(k => (up ? 1 : -1) * (forecast.Point[k] - forecast.Point[k - 1]));
            var change = forecast.Point[j] - forecast.Point[j - 1];
            var low = band.Lower[j] - band.Upper[j - 1];
            var high = band.Upper[j] - band.Lower[j - 1];
            return new ForecastExtreme(forecast.Times[j], change, low, high);
        }
        return new StabilityView(settings, peak, daily, Ramp(true), Ramp(false), hours);
    }

    private static double Margin(double capacity, double load) => load <= 0 ? double.PositiveInfinity : (capacity - load) / load;
}
