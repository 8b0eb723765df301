using Basira.Governance;

namespace Basira.Energy.Forecasting;

/// <summary>Options of <see cref="OperationalForecast"/>.</summary>
public sealed record OperationalOptions
{
    /// <summary>Column forecast.</summary>
    public required string Target { get; init; }

    /// <summary>Hours forecast (24 = day ahead, 168 = week ahead).</summary>
    public int Horizon { get; init; } = 24;

    /// <summary>Temperature column (°C), or null. Rows after the last target value carry its forecast for the horizon.</summary>
    public string? Temperature { get; init; }

    /// <summary>Moroccan public holidays and Ramadan as inputs.</summary>
    public bool Holidays { get; init; } = true;

    /// <summary>Days added to the computed Hijri dates (Moroccan moon sighting is often one day after Umm al-Qura).</summary>
    public int HijriOffsetDays { get; init; }

    /// <summary>Repairs (time zone, longest gap filled).</summary>
    public RepairOptions Repair { get; init; } = new();

    /// <summary>A target that may be negative (net load with generation): no check, no clipping at zero.</summary>
    public bool AllowNegative { get; init; }

    /// <summary>Capacity and reserve margin for the grid-stability view, or null.</summary>
    public StabilitySettings? Stability { get; init; }

    /// <summary>Lookbacks tried by the forecaster.</summary>
    public IReadOnlyList<int> Lookbacks { get; init; } = [24, 48, 168, 336];
}

/// <summary>One forecast hour with its calendar.</summary>
/// <param name="Time">Hour (UTC when the file gave offsets or a time zone, else as written).</param>
/// <param name="Holiday">Name of the public holiday of that day, or null.</param>
/// <param name="Ramadan">True during Ramadan (computed, ±1 day).</param>
public sealed record ForecastHourCalendar(DateTime Time, string? Holiday, bool Ramadan);

/// <summary>Result of <see cref="OperationalForecast.Run"/>.</summary>
/// <param name="Target">Column forecast.</param>
/// <param name="Forecast">Point forecast and intervals.</param>
/// <param name="Calendar">Calendar of each forecast hour.</param>
/// <param name="Model">Chosen settings in words.</param>
/// <param name="ValidationMae">Error on the held-out windows, units of the target.</param>
/// <param name="ValidationRmse">Same, root mean square.</param>
/// <param name="ValidationWindows">Held-out windows.</param>
/// <param name="HistoryHours">Hours of history the forecaster was fitted on.</param>
/// <param name="Repair">What was repaired in the file.</param>
/// <param name="Stability">Grid-stability view, or null.</param>
/// <param name="Recent">The last week of the target before the forecast (for charts).</param>
public sealed record OperationalResult(string Target, HourlyForecast Forecast, IReadOnlyList<ForecastHourCalendar> Calendar, string Model,
    double ValidationMae, double ValidationRmse, int ValidationWindows, int HistoryHours, SeriesRepairReport Repair,
    StabilityView? Stability, (DateTime[] Times, double[] Values) Recent);

/// <summary>
/// Day-ahead or week-ahead forecast of one hourly column of a file: repair (reported), fit
/// <see cref="HourlyForecaster"/> on the whole history with Moroccan calendar and optional temperature inputs, forecast
/// the hours after the last value with split-conformal intervals, and the grid-stability view when a capacity is given.
/// </summary>
public static class OperationalForecast
{
    public static OperationalResult Run(SeriesFrame raw, OperationalOptions options, Action<string>? log = null, CancellationToken ct = default)
    {
        var target = raw.IndexOf(options.Target);
        if (target < 0) throw new DataInputException(raw.Source, 1, options.Target, $"no such column (columns: {string.Join(", ", raw.Names)})");
        var temp = options.Temperature is null ? -1 : raw.IndexOf(options.Temperature);
        if (options.Temperature is not null && temp < 0)
            throw new DataInputException(raw.Source, 1, options.Temperature, $"no such column (columns: {string.Join(", ", raw.Names)})");
        if (temp == target) throw new DataInputException(raw.Source, 1, options.Temperature, "the temperature column is the target");
        if (options.Horizon is < 1 or > 24 * 14) throw new DataInputException(raw.Source, null, null, $"horizon {options.Horizon} hours: expected 1 to 336");

        // history = rows up to the last target value; later rows may only carry the temperature forecast
        var last = Array.FindLastIndex(raw.Columns[target], v => !double.IsNaN(v));
        if (last < 0) throw new DataInputException(raw.Source, null, options.Target, "no value");
        int[] keep = temp >= 0 ? [target, temp] : [target];
        var history = raw.Select(keep) with
        {
            Times = raw.Times[..(last + 1)],
            Columns = [.. keep.Select(c => raw.Columns[c][..(last + 1)])],
            Lines = raw.Lines is null ? null : raw.Lines[..(last + 1)],
        };
        var repairOptions = options.Repair with { NonNegativeColumns = options.AllowNegative ? [] : [options.Target] };
        var (frame, report) = SeriesRepair.Apply(history, repairOptions);
        log?.Invoke($"repair: {report}");
        var n = frame.Rows;
        var origin = frame.Times[^1].AddHours(1);
        var h = options.Horizon;

        IWindowCovariates? temperature = null;
        if (temp >= 0)
        {
            // history temperatures (repaired) then the forecast rows after the last target value
            var future = new List<double>();
            var expected = origin;
            for (var i = last + 1; i < raw.Rows && future.Count < h; i++)
            {
                var t = options.Repair.TimeZone is null ? raw.Times[i] : frame.Times[^1].AddHours(i - last);
                if (t != expected)
                    throw new DataInputException(raw.Source, raw.LineOf(i), "time", $"{raw.Times[i]:yyyy-MM-dd HH:mm}: the forecast rows must follow the last {options.Target} value hour by hour from {expected:yyyy-MM-dd HH:mm}");
                var v = raw.Columns[temp][i];
                if (double.IsNaN(v)) throw new DataInputException(raw.Source, raw.LineOf(i), options.Temperature, "missing temperature forecast for a forecast hour");
                future.Add(v);
                expected = expected.AddHours(1);
            }
            if (future.Count < h)
                throw new DataInputException(raw.Source, null, options.Temperature,
                    $"the {h} forecast hours need a temperature forecast: add rows after the last {options.Target} value with an empty {options.Target} and the temperature (found {future.Count})");
            temperature = new TemperatureCovariates(frame.Times[0], [.. frame.Columns[1], .. future], h);
        }

        var calendar = new MoroccanCalendar(options.HijriOffsetDays);
        var forecasterOptions = new HourlyForecasterOptions
        {
            Horizon = h,
            Lookbacks = options.Lookbacks,
            NonNegative = !options.AllowNegative,
            Holidays = options.Holidays ? calendar : null,
            Covariates = temperature,
        };
        var values = frame.Columns[0];
        var forecaster = HourlyForecaster.Fit(values, frame.Times, forecasterOptions, raw.Source, log, ct);
        log?.Invoke($"chosen: {forecaster.Description}; held-out MAE {forecaster.ValidationMae:G4}, RMSE {forecaster.ValidationRmse:G4} over {forecaster.ValidationWindows} windows");
        var forecast = forecaster.ForecastWithIntervals(values, origin);
        var hours = forecast.Times.Select(t =>
        {
            var d = DateOnly.FromDateTime(t);
            return new ForecastHourCalendar(t, calendar.HolidayOn(d)?.Name, calendar.IsRamadan(d));
        }).ToList();
        var stability = options.Stability is { } st ? GridStability.Analyse(forecast, st) : null;
        var recentFrom = Math.Max(0, n - 168);
        return new OperationalResult(frame.Names[0], forecast, hours, forecaster.Description, forecaster.ValidationMae, forecaster.ValidationRmse,
            forecaster.ValidationWindows, n, report, stability, (frame.Times[recentFrom..], values[recentFrom..]));
    }
}
