using Basira.Analytics.TimeSeries;

namespace Basira.Energy.Forecasting;

/// <summary>How a window is normalised before the linear map (and the forecast de-normalised after it).</summary>
public enum InstanceNorm
{
    /// <summary>No normalisation (the plain "Linear" model).</summary>
    None,

    /// <summary>Subtract the last value of the window (NLinear).</summary>
    Last,

    /// <summary>Subtract the window mean (RLinear without scale).</summary>
    Mean,

    /// <summary>Subtract the window mean and divide by the window's standard deviation (RevIN).</summary>
    MeanStd,

    /// <summary>Subtract the last value and divide by the window's standard deviation.</summary>
    LastStd,
}

/// <summary>
/// The inputs of a direct linear forecaster: the last <see cref="Lookback"/> values of the channel (normalised per
/// <see cref="Norm"/>), optionally the last <see cref="CrossLags"/> values of every other channel,
/// <see cref="RandomFeatures"/> random ReLU features of the normalised window (a closed-form stand-in for a hidden
/// layer: relu(A·u + b) with u = the last 48 values and the daily means of the window, A and b drawn from a seeded
/// normal distribution), one-hot hour of day and day of week of the first forecast hour (<see cref="Calendar"/>), and
/// an unpenalised intercept (<see cref="Intercept"/>). <see cref="Covariates"/> adds inputs known for the forecast
/// period (holidays, Ramadan, temperature). Without an intercept a normalised model carries no drift learned
/// on the training period: on ETTh1 the training rows drift down, and that drift does not carry over to later rows.
/// </summary>
public sealed record LinearFeatures(int Lookback, InstanceNorm Norm, bool Calendar, int CrossLags = 0, int Channels = 1,
    int RandomFeatures = 0, double RandomScale = 3, int Seed = 42, bool Intercept = true, IWindowCovariates? Covariates = null)
{
    private const int RecentInputs = 48;

    /// <summary>Length of the feature vector.</summary>
    public int Dimension => Lookback + CrossDimension + RandomFeatures + (Covariates?.Dimension ?? 0) + (Calendar ? 31 : 0) + (Intercept ? 1 : 0);

    private int CrossDimension => CrossLags > 0 ? CrossLags * (Channels - 1) : 0;

    /// <summary>Features left out of the ridge penalty: the intercept (last feature) when there is one.</summary>
    public int[] Unpenalised => Intercept ? [Dimension - 1] : [];

    private int RandomInputs => Math.Min(RecentInputs, Lookback) + Lookback / 24;

    // drawn once per (features, inputs, scale, seed); not a field, so that `with` copies never carry a stale one
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int, int, double, int), (double[] A, double[] B)> Projections = new();

    private (double[] A, double[] B) Projection =>
        Projections.GetOrAdd((RandomFeatures, RandomInputs, RandomScale, Seed), k => DrawProjection(k.Item1, k.Item2, k.Item3, k.Item4));

    private static (double[] A, double[] B) DrawProjection(int count, int u, double scale, int seed)
    {
        var rng = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var a = new double[count * u];
        var b = new double[count];
        for (var i = 0; i < a.Length; i++) a[i] = Normal() * scale / Math.Sqrt(u);
        for (var i = 0; i < b.Length; i++) b[i] = Normal() * scale * 0.5;
        return (a, b);
    }

    /// <summary>
    /// Fills <paramref name="x"/> for the window ending before <paramref name="origin"/>; returns the level and scale
    /// the targets are normalised with (target' = (target − level) / scale).
    /// </summary>
    public (double Level, double Scale) Fill(ScaledSeries s, int channel, int origin, Span<double> x)
    {
        var (level, scale) = FillOwn(s.Z[channel].AsSpan(origin - Lookback, Lookback), x);
        var k = Lookback;
        if (CrossLags > 0)
        {
            for (var c = 0; c < s.Channels; c++)
            {
                if (c == channel) continue;
                var o = s.Z[c].AsSpan(origin - CrossLags, CrossLags);
                var last = o[^1];
                // other channels enter as their recent shape (relative to their last value), so the map stays level-free
                for (var i = 0; i < CrossLags; i++) x[k++] = Norm == InstanceNorm.None ? o[i] : o[i] - last;
            }
        }
        k += FillRandom(x[..Lookback], x[k..]);
        FillCalendar(s.Times[origin], x[k..]);
        return (level, scale);
    }

    /// <summary>
    /// Fills <paramref name="x"/> for a univariate window (<see cref="CrossLags"/> = 0): <paramref name="window"/> is
    /// the last <see cref="Lookback"/> values, <paramref name="firstForecastHour"/> the time of the first forecast step.
    /// </summary>
    public (double Level, double Scale) Fill(ReadOnlySpan<double> window, DateTime firstForecastHour, Span<double> x)
    {
        if (CrossLags > 0) throw new InvalidOperationException("a model with cross-channel lags needs every channel");
        var ls = FillOwn(window[^Lookback..], x);
        var k = Lookback + FillRandom(x[..Lookback], x[Lookback..]);
        FillCalendar(firstForecastHour, x[k..]);
        return ls;
    }

    private (double Level, double Scale) FillOwn(ReadOnlySpan<double> z, Span<double> x)
    {
        var (level, scale) = Normaliser(z);
        var inv = 1 / scale;
        for (var i = 0; i < Lookback; i++) x[i] = (z[i] - level) * inv;
        return (level, scale);
    }

    // random ReLU features of the normalised window; returns how many were written
    private int FillRandom(ReadOnlySpan<double> lags, Span<double> x)
    {
        if (RandomFeatures == 0) return 0;
        var (a, b) = Projection;
        var nu = RandomInputs;
        Span<double> u = stackalloc double[nu];
        var recent = Math.Min(RecentInputs, Lookback);
        lags[^recent..].CopyTo(u);
        for (var d = 0; d < Lookback / 24; d++)
        {
            var sum = 0.0;
            for (var i = 0; i < 24; i++) sum += lags[d * 24 + i];
            u[recent + d] = sum / 24;
        }
        for (var r = 0; r < RandomFeatures; r++)
        {
            var v = b[r] + RidgeSystem.Dot(a.AsSpan(r * nu, nu), u);
            x[r] = v > 0 ? v : 0;
        }
        return RandomFeatures;
    }

    // covariates, calendar one-hots (when enabled), then the intercept
    private void FillCalendar(DateTime t, Span<double> x)
    {
        var k = 0;
        if (Covariates is { } cov)
        {
            cov.Fill(t, x[..cov.Dimension]);
            k = cov.Dimension;
        }
        if (Calendar)
        {
            x.Slice(k, 31).Clear();
            x[k + t.Hour] = 1;
            x[k + 24 + (int)t.DayOfWeek] = 1;
            k += 31;
        }
        if (Intercept) x[k] = 1;
    }

    private (double Level, double Scale) Normaliser(ReadOnlySpan<double> z)
    {
        switch (Norm)
        {
            case InstanceNorm.Last: return (z[^1], 1);
            case InstanceNorm.Mean:
            case InstanceNorm.MeanStd:
            case InstanceNorm.LastStd:
                var m = 0.0;
                foreach (var v in z) m += v;
                m /= z.Length;
                if (Norm == InstanceNorm.Mean) return (m, 1);
                var ss = 0.0;
                foreach (var v in z) ss += (v - m) * (v - m);
                return (Norm == InstanceNorm.LastStd ? z[^1] : m, Math.Sqrt(ss / z.Length) + 1e-5);
            default: return (0, 1);
        }
    }
}

/// <summary>Which windows share a weight matrix.</summary>
public enum WeightSharing
{
    /// <summary>One matrix for every channel and origin (channel-independent).</summary>
    Shared,

    /// <summary>One matrix per channel.</summary>
    PerChannel,

    /// <summary>One matrix per hour of day of the first forecast hour (a periodic linear model).</summary>
    HourOfDay,

    /// <summary>One matrix per day of week of the first forecast hour.</summary>
    DayOfWeek,

    /// <summary>One matrix per hour of day and working day / weekend of the first forecast hour.</summary>
    HourWeekend,
}

/// <summary>Penalties of a linear forecaster's ridge fit, all relative to the mean diagonal of XᵀX.</summary>
/// <param name="Alpha">Ridge penalty of the shared weights.</param>
/// <param name="SeasonalBeta">Penalty on the difference between the weights of lags 24 h apart (0 = none).</param>
/// <param name="Sharing">Which windows share a weight matrix.</param>
/// <param name="GroupAlpha">Penalty of a group's deviation from the shared weights (unused when shared).</param>
public sealed record RidgeSettings(double Alpha, double SeasonalBeta = 0, WeightSharing Sharing = WeightSharing.Shared, double GroupAlpha = 0)
{
    /// <summary>The season of the difference penalty, in steps.</summary>
    public const int Season = 24;

    /// <summary>The difference penalty for features <paramref name="f"/> (on its own lags), or null.</summary>
    public Basira.Analytics.TimeSeries.DifferencePenalty? Difference(LinearFeatures f) =>
        SeasonalBeta > 0 && f.Lookback > Season ? new(0, f.Lookback, Season, SeasonalBeta) : null;

    public override string ToString()
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        var s = "alpha " + Alpha.ToString("G3", c);
        if (SeasonalBeta > 0) s += " seasonal " + SeasonalBeta.ToString("G3", c);
        if (Sharing != WeightSharing.Shared) s += " " + Sharing + " " + GroupAlpha.ToString("G3", c);
        return s;
    }
}

/// <summary>
/// Direct multi-output linear forecaster: forecast = level + scale · Wᵀx, with W shared by every window or chosen by
/// <see cref="Sharing"/>. Trained in closed form by ridge regression over the training windows.
/// </summary>
public sealed class LinearWindowModel : IWindowModel
{
    private readonly double[][] _weights; // per group, p×H row-major

    public LinearWindowModel(LinearFeatures features, int horizon, double[][] weights, RidgeSettings settings)
    {
        Features = features;
        Horizon = horizon;
        _weights = weights;
        Settings = settings;
    }

    public LinearFeatures Features { get; }

    public int Horizon { get; }

    /// <summary>Penalties and sharing the weights were fitted with.</summary>
    public RidgeSettings Settings { get; }

    /// <summary>Ridge penalty of the shared weights (relative to the mean diagonal of XᵀX).</summary>
    public double Alpha => Settings.Alpha;

    /// <summary>Which windows share a weight matrix.</summary>
    public WeightSharing Sharing => Settings.Sharing;

    /// <summary>Penalty of a group's deviation from the shared weights (0 when shared).</summary>
    public double GroupAlpha => Settings.GroupAlpha;

    public int Lookback => Math.Max(Features.Lookback, Features.CrossLags);

    /// <summary>Weights of group <paramref name="group"/> (p×H row-major).</summary>
    public double[] Weights(int group) => _weights[group];

    /// <summary>The weight group of a window.</summary>
    public static int Group(WeightSharing sharing, ScaledSeries s, int channel, int origin) => Group(sharing, s.Times[origin], channel);

    /// <summary>The weight group of a window whose first forecast hour is <paramref name="t"/>.</summary>
    public static int Group(WeightSharing sharing, DateTime t, int channel) => sharing switch
    {
        WeightSharing.PerChannel => channel,
        WeightSharing.HourOfDay => t.Hour,
        WeightSharing.DayOfWeek => (int)t.DayOfWeek,
        WeightSharing.HourWeekend => t.Hour + (t.DayOfWeek is System.DayOfWeek.Saturday or System.DayOfWeek.Sunday ? 24 : 0),
        _ => 0,
    };

    /// <summary>Number of weight groups for <paramref name="channels"/> channels.</summary>
    public static int Groups(WeightSharing sharing, int channels) => sharing switch
    {
        WeightSharing.PerChannel => channels,
        WeightSharing.HourOfDay => 24,
        WeightSharing.DayOfWeek => 7,
        WeightSharing.HourWeekend => 48,
        _ => 1,
    };

    public void Predict(ScaledSeries series, int channel, int origin, Span<double> forecast)
    {
        var p = Features.Dimension;
        Span<double> x = p <= 2048 ? stackalloc double[p] : new double[p];
        var (level, scale) = Features.Fill(series, channel, origin, x);
        Apply(_weights[Group(Sharing, series, channel, origin)], x, level, scale, forecast);
    }

    /// <summary>
    /// Forecast of the <see cref="Horizon"/> steps after <paramref name="window"/> (its last <see cref="Lookback"/>
    /// values are read) for a univariate model; <paramref name="channel"/> picks the weights of a per-channel model.
    /// </summary>
    public void Predict(ReadOnlySpan<double> window, DateTime firstForecastHour, Span<double> forecast, int channel = 0)
    {
        var p = Features.Dimension;
        Span<double> x = p <= 2048 ? stackalloc double[p] : new double[p];
        var (level, scale) = Features.Fill(window, firstForecastHour, x);
        Apply(_weights[Group(Sharing, firstForecastHour, channel)], x, level, scale, forecast);
    }

    private void Apply(double[] w, ReadOnlySpan<double> x, double level, double scale, Span<double> forecast)
    {
        var p = Features.Dimension;
        var h = Horizon;
        forecast[..h].Clear();
        for (var i = 0; i < p; i++)
        {
            var xi = x[i];
            if (xi != 0) RidgeSystem.Axpy(xi, w.AsSpan(i * h, h), forecast);
        }
        for (var j = 0; j < h; j++) forecast[j] = level + scale * forecast[j];
    }
}

/// <summary>Normal equations of a linear forecaster over a set of windows, one system per channel.</summary>
public static class WindowSystems
{
    private const int Batch = 256;

    /// <summary>Accumulates XᵀX, XᵀY and ΣY² of the windows at <paramref name="origins"/>, per channel.</summary>
    public static RidgeSystem[] Build(LinearFeatures features, int horizon, ScaledSeries s, IReadOnlyList<int> channels,
        int[] origins, CancellationToken ct = default) =>
        Build(features, horizon, s, channels, origins, (ci, _) => ci, channels.Count, ct);

    /// <summary>
    /// Accumulates the normal equations of the windows at <paramref name="origins"/> of every channel, one system per
    /// group: window (channel index, origin) goes to system <paramref name="group"/>(channel index, origin).
    /// </summary>
    public static RidgeSystem[] Build(LinearFeatures features, int horizon, ScaledSeries s, IReadOnlyList<int> channels,
        int[] origins, Func<int, int, int> group, int groups, CancellationToken ct = default)
    {
        var p = features.Dimension;
        var systems = new RidgeSystem[groups];
        for (var g = 0; g < groups; g++) systems[g] = new RidgeSystem(p, horizon);
        var x = new double[groups][];
        var y = new double[groups][];
        var filled = new int[groups];
        for (var ci = 0; ci < channels.Count; ci++)
        {
            var c = channels[ci];
            var z = s.Z[c];
            foreach (var t in origins)
            {
                var g = group(ci, t);
                x[g] ??= new double[Batch * p];
                y[g] ??= new double[Batch * horizon];
                var r = filled[g];
                var (level, scale) = features.Fill(s, c, t, x[g].AsSpan(r * p, p));
                var inv = 1 / scale;
                var yr = y[g].AsSpan(r * horizon, horizon);
                for (var j = 0; j < horizon; j++) yr[j] = (z[t + j] - level) * inv;
                if (++filled[g] == Batch)
                {
                    ct.ThrowIfCancellationRequested();
                    systems[g].Add(x[g], y[g], Batch);
                    filled[g] = 0;
                }
            }
        }
        for (var g = 0; g < groups; g++)
            if (filled[g] > 0) systems[g].Add(x[g], y[g], filled[g]);
        return systems;
    }

    /// <summary>Sum of the systems (the shared, channel-independent problem).</summary>
    public static RidgeSystem Pool(IReadOnlyList<RidgeSystem> systems)
    {
        var pooled = new RidgeSystem(systems[0].Features, systems[0].Outputs);
        foreach (var s in systems) pooled.Add(s);
        return pooled;
    }
}
