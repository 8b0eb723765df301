using Basira.Governance;

namespace Basira.Energy.Forecasting;

/// <summary>Options of <see cref="HourlyForecaster"/>.</summary>
public sealed record HourlyForecasterOptions
{
    /// <summary>Hours forecast from each origin (24 = day ahead, 168 = week ahead).</summary>
    public int Horizon { get; init; } = 24;

    /// <summary>Lookbacks tried (hours); those leaving too few training windows are skipped.</summary>
    public IReadOnlyList<int> Lookbacks { get; init; } = [24, 48, 168, 336];

    /// <summary>Share of the most recent windows held out to choose the settings and measure the intervals.</summary>
    public double ValidationShare { get; init; } = 0.2;

    /// <summary>Clip forecasts (and interval bounds) at zero: a load or a PV output is never negative.</summary>
    public bool NonNegative { get; init; } = true;

    /// <summary>Central coverage of the prediction intervals, e.g. 0.8 and 0.95.</summary>
    public IReadOnlyList<double> IntervalLevels { get; init; } = [0.8, 0.95];

    /// <summary>Also try one-hot hour of day and day of week of the first forecast hour as inputs.</summary>
    public bool Calendar { get; init; } = true;

    /// <summary>Public holidays and Ramadan of each forecast day as inputs (null: none).</summary>
    public MoroccanCalendar? Holidays { get; init; }

    /// <summary>Further inputs known for the forecast period, e.g. <see cref="TemperatureCovariates"/> (built for <see cref="Horizon"/>).</summary>
    public IWindowCovariates? Covariates { get; init; }

    /// <summary>The covariates every candidate model reads (holidays, then <see cref="Covariates"/>), or null.</summary>
    internal IWindowCovariates? AllCovariates => (Holidays, Covariates) switch
    {
        (null, null) => null,
        (null, { } c) => c,
        ({ } h, null) => new CalendarCovariates(h, Horizon),
        ({ } h, { } c) => new CombinedCovariates(new CalendarCovariates(h, Horizon), c),
    };
}

/// <summary>A prediction interval per forecast step.</summary>
/// <param name="Level">Central coverage (0.8 = 10 % and 90 % quantiles).</param>
/// <param name="Lower">Lower bound per step.</param>
/// <param name="Upper">Upper bound per step.</param>
public sealed record IntervalBand(double Level, double[] Lower, double[] Upper);

/// <summary>Point forecast and intervals of the hours after an origin.</summary>
/// <param name="Times">Hour of every step.</param>
/// <param name="Point">Point forecast per step.</param>
/// <param name="Intervals">One band per level of <see cref="HourlyForecasterOptions.IntervalLevels"/>.</param>
public sealed record HourlyForecast(DateTime[] Times, double[] Point, IReadOnlyList<IntervalBand> Intervals);

/// <summary>
/// Forecaster of one hourly series for operational use and for controllers (e.g. model-predictive dispatch):
/// fit once on a past series, then forecast the next <see cref="Horizon"/> hours from the data up to any hour t.
/// Settings (lookback, normalisation, hour-of-day weights, calendar inputs, ridge penalty) are chosen on the most recent
/// <see cref="HourlyForecasterOptions.ValidationShare"/> of the windows; the chosen model is then refitted on every
/// window. Intervals are split-conformal: per step, quantiles of the held-out residuals of the model fitted before the
/// held-out windows.
/// </summary>
/// <example>
/// <code>
/// var f = HourlyForecaster.Fit(loadKw[..8760], new DateTime(2023, 1, 1));
/// double[] next24 = f.Forecast(loadKw.AsSpan(0, t), hourOf(t));   // reads only values before t
/// </code>
/// </example>
public sealed class HourlyForecaster
{
    private readonly LinearWindowModel _model;
    private readonly double _mean;
    private readonly double _std;
    private readonly double[][] _residualQuantiles; // per interval level × 2 (lower, upper), per step, in scaled units

    private HourlyForecaster(LinearWindowModel model, double mean, double std, HourlyForecasterOptions options,
        double[][] residualQuantiles, double validationMse)
    {
        _model = model;
        _mean = mean;
        _std = std;
        Options = options;
        _residualQuantiles = residualQuantiles;
        ValidationMse = validationMse;
    }

    public HourlyForecasterOptions Options { get; }

    /// <summary>Hours of history read before each origin.</summary>
    public int Lookback => _model.Lookback;

    /// <summary>Hours forecast.</summary>
    public int Horizon => _model.Horizon;

    /// <summary>MSE (in squared units of the series divided by its variance) of the chosen settings on the held-out windows.</summary>
    public double ValidationMse { get; }

    /// <summary>Mean absolute error on the held-out windows, in the units of the series.</summary>
    public double ValidationMae { get; private init; }

    /// <summary>Root mean squared error on the held-out windows, in the units of the series.</summary>
    public double ValidationRmse { get; private init; }

    /// <summary>Held-out windows (origins) the settings were chosen on and the intervals measured on.</summary>
    public int ValidationWindows { get; private init; }

    /// <summary>The chosen settings, in words.</summary>
    public string Description => $"ridge {LinearTrainer.Describe(_model.Features)} {_model.Settings}";

    /// <summary>
    /// Fits on <paramref name="history"/>, hourly values starting at <paramref name="firstHour"/> (no missing value:
    /// repair gaps first, see <c>SeriesRepair</c>).
    /// </summary>
    public static HourlyForecaster Fit(ReadOnlySpan<double> history, DateTime firstHour, HourlyForecasterOptions? options = null,
        string source = "series", Action<string>? log = null, CancellationToken ct = default)
    {
        var times = new DateTime[history.Length];
        for (var i = 0; i < times.Length; i++) times[i] = firstHour.AddHours(i);
        return Fit(history, times, options, source, log, ct);
    }

    /// <summary>Fits on <paramref name="history"/> with the hour of every value.</summary>
    public static HourlyForecaster Fit(ReadOnlySpan<double> history, DateTime[] times, HourlyForecasterOptions? options = null,
        string source = "series", Action<string>? log = null, CancellationToken ct = default)
    {
        options ??= new HourlyForecasterOptions();
        var n = history.Length;
        var h = options.Horizon;
        if (times.Length != n) throw new ArgumentException("one time per value expected", nameof(times));
        if (h < 1) throw new ArgumentOutOfRangeException(nameof(options), "horizon must be ≥ 1");
        for (var i = 0; i < n; i++)
            if (!double.IsFinite(history[i])) throw new DataInputException(source, null, null, $"value {i} ({times[i]:yyyy-MM-dd HH:mm}) is missing or not finite: repair the series before fitting");
        var values = history.ToArray();
        var z0 = ZScore.Fit([values], n);
        var series = new ScaledSeries(z0.Transform([values]), times);

        var valRows = Math.Max(h, (int)Math.Round(n * options.ValidationShare));
        var trainEnd = n - valRows;
        var split = new LtsfSplit(trainEnd, n, n);
        var lookbacks = options.Lookbacks.Where(l => trainEnd - l - h + 1 >= Math.Max(48, l)).ToList();
        if (lookbacks.Count == 0)
            throw new DataInputException(source, null, null, $"{n} hours are too few to fit a {h}-hour forecaster (need about {4 * h + 2 * 48} or more)");

        LinearFit? best = null;
        var covariates = options.AllCovariates;
        foreach (var l in lookbacks)
            foreach (var norm in new[] { InstanceNorm.None, InstanceNorm.Last })
            {
                var features = new LinearFeatures(l, norm, options.Calendar, Covariates: covariates);
                // with the last-value norm, the same normal equations also give the model without intercept (no drift)
                var fits = LinearTrainer.FitVariants(features, h, series, [0], split, RidgeGrid.Default, norm != InstanceNorm.None, ct: ct);
                foreach (var fit in fits)
                {
                    log?.Invoke($"{LinearTrainer.Describe(fit.Model.Features)} {fit.Model.Settings}: validation mse {fit.ValidationMse:F4}");
                    if (best is null || fit.ValidationMse < best.ValidationMse) best = fit;
                }
            }

        // split-conformal residual quantiles of the held-out windows
        var origins = split.ValidationOrigins(best!.Model.Lookback, h);
        var residuals = new double[h][];
        for (var j = 0; j < h; j++) residuals[j] = new double[origins.Length];
        var buf = new double[h];
        for (var k = 0; k < origins.Length; k++)
        {
            best.Model.Predict(series, 0, origins[k], buf);
            for (var j = 0; j < h; j++) residuals[j][k] = series.Z[0][origins[k] + j] - buf[j];
        }
        double se = 0, ae = 0;
        for (var j = 0; j < h; j++)
            foreach (var r in residuals[j]) { se += r * r; ae += Math.Abs(r); }
        var count = Math.Max(1, h * origins.Length);
        var quantiles = new List<double[]>();
        foreach (var level in options.IntervalLevels)
        {
            var lo = new double[h];
            var hi = new double[h];
            for (var j = 0; j < h; j++)
            {
                Array.Sort(residuals[j]);
                lo[j] = Quantile(residuals[j], (1 - level) / 2);
                hi[j] = Quantile(residuals[j], 1 - (1 - level) / 2);
            }
            quantiles.Add(lo);
            quantiles.Add(hi);
        }

        var all = new LtsfSplit(n, n, n).TrainOrigins(best.Model.Lookback, h);
        var final = LinearTrainer.Refit(best.Model, series, [0], all, ct);
        return new HourlyForecaster(final, z0.Mean[0], z0.Std[0], options, [.. quantiles], best.ValidationMse)
        {
            ValidationMae = ae / count * z0.Std[0],
            ValidationRmse = Math.Sqrt(se / count) * z0.Std[0],
            ValidationWindows = origins.Length,
        };
    }

    /// <summary>
    /// Forecast of the <see cref="Horizon"/> hours starting at <paramref name="firstForecastHour"/>, from
    /// <paramref name="history"/>, the values of the hours before it (at least <see cref="Lookback"/>; only the last
    /// ones are read).
    /// </summary>
    public double[] Forecast(ReadOnlySpan<double> history, DateTime firstForecastHour)
    {
        var f = new double[Horizon];
        Forecast(history, firstForecastHour, f);
        return f;
    }

    /// <summary>Same as <see cref="Forecast(ReadOnlySpan{double}, DateTime)"/> into <paramref name="forecast"/>.</summary>
    public void Forecast(ReadOnlySpan<double> history, DateTime firstForecastHour, Span<double> forecast)
    {
        ScaledForecast(history, firstForecastHour, forecast);
        for (var j = 0; j < Horizon; j++)
        {
            var v = _mean + _std * forecast[j];
            forecast[j] = Options.NonNegative ? Math.Max(0, v) : v;
        }
    }

    /// <summary>Point forecast with its prediction intervals.</summary>
    public HourlyForecast ForecastWithIntervals(ReadOnlySpan<double> history, DateTime firstForecastHour)
    {
        var z = new double[Horizon];
        ScaledForecast(history, firstForecastHour, z);
        var point = new double[Horizon];
        var bands = new List<IntervalBand>();
        for (var j = 0; j < Horizon; j++) point[j] = Clip(_mean + _std * z[j]);
        for (var b = 0; b < Options.IntervalLevels.Count; b++)
        {
            var lo = new double[Horizon];
            var hi = new double[Horizon];
            for (var j = 0; j < Horizon; j++)
            {
                lo[j] = Clip(_mean + _std * (z[j] + _residualQuantiles[2 * b][j]));
                hi[j] = Clip(_mean + _std * (z[j] + _residualQuantiles[2 * b + 1][j]));
            }
            bands.Add(new IntervalBand(Options.IntervalLevels[b], lo, hi));
        }
        var times = Enumerable.Range(0, Horizon).Select(j => firstForecastHour.AddHours(j)).ToArray();
        return new HourlyForecast(times, point, bands);
    }

    private double Clip(double v) => Options.NonNegative ? Math.Max(0, v) : v;

    private void ScaledForecast(ReadOnlySpan<double> history, DateTime firstForecastHour, Span<double> z)
    {
        if (history.Length < Lookback) throw new ArgumentException($"at least {Lookback} hours of history are needed, got {history.Length}", nameof(history));
        Span<double> window = Lookback <= 4096 ? stackalloc double[Lookback] : new double[Lookback];
        var tail = history[^Lookback..];
        for (var i = 0; i < Lookback; i++)
        {
            if (!double.IsFinite(tail[i])) throw new ArgumentException($"history value {history.Length - Lookback + i} is missing", nameof(history));
            window[i] = (tail[i] - _mean) / _std;
        }
        _model.Predict(window, firstForecastHour, z);
    }

    /// <summary>Linear-interpolated quantile of sorted values (type 7, as numpy's default).</summary>
    public static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 0) return double.NaN;
        var pos = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
