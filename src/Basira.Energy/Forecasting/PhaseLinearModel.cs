using Basira.Analytics.TimeSeries;

namespace Basira.Energy.Forecasting;

/// <summary>
/// A sparse periodic linear forecaster (after SparseTSF, Lin et al. 2024), trained in closed form: the step
/// h = r + 24·j of the horizon is forecast from the values of the window at the same hour of the day, x[t + r − 24·k]
/// for k = 1..K (K = lookback / 24), through one small map (K inputs → ⌈H/24⌉ outputs) shared by all 24 phases r and
/// all channels. About K·H/24 weights instead of L·H: a strong prior that suits long horizons and smooth series.
/// The window is normalised by its mean or last value; with <see cref="Intercept"/> false the map has no bias (as
/// SparseTSF), so it carries no drift learned on the training period.
/// </summary>
public sealed class PhaseLinearModel : IWindowModel
{
    /// <summary>The period (hours in a day).</summary>
    public const int Period = 24;

    private readonly double[] _weights; // (K+1)×J row-major, last row = intercept

    private PhaseLinearModel(int lookback, int horizon, InstanceNorm norm, bool intercept, double alpha, double[] weights)
    {
        Intercept = intercept;
        Lookback = lookback;
        Horizon = horizon;
        Norm = norm;
        Alpha = alpha;
        _weights = weights;
    }

    public int Lookback { get; }

    public int Horizon { get; }

    /// <summary>Window normalisation (<see cref="InstanceNorm.Mean"/> or <see cref="InstanceNorm.Last"/>).</summary>
    public InstanceNorm Norm { get; }

    /// <summary>Ridge penalty chosen (relative to the mean diagonal of XᵀX).</summary>
    public double Alpha { get; }

    /// <summary>True when the map has a bias (an unpenalised intercept).</summary>
    public bool Intercept { get; }

    private int K => Lookback / Period;

    private int J => (Horizon + Period - 1) / Period;

    /// <summary>Steps the training targets span (whole days).</summary>
    public int TrainingHorizon => J * Period;

    public override string ToString() => FormattableString.Invariant($"phase-linear L={Lookback} norm={Norm}{(Intercept ? "" : " no-intercept")} alpha {Alpha:G3}");

    public void Predict(ScaledSeries series, int channel, int origin, Span<double> forecast)
    {
        var z = series.Z[channel];
        var level = Level(z, origin, Lookback, Norm);
        var k = K;
        var j = J;
        var p = Intercept ? k + 1 : k;
        Span<double> x = stackalloc double[k + 1];
        for (var r = 0; r < Period; r++)
        {
            if (r >= Horizon) break;
            Fill(z, origin, r, level, k, Intercept, x);
            for (var jj = 0; jj < j; jj++)
            {
                var step = r + Period * jj;
                if (step >= Horizon) break;
                var v = 0.0;
                for (var i = 0; i < p; i++) v += x[i] * _weights[i * j + jj];
                forecast[step] = level + v;
            }
        }
    }

    private static double Level(double[] z, int origin, int lookback, InstanceNorm norm)
    {
        if (norm == InstanceNorm.Last) return z[origin - 1];
        var s = 0.0;
        for (var i = origin - lookback; i < origin; i++) s += z[i];
        return s / lookback;
    }

    private static void Fill(double[] z, int origin, int r, double level, int k, bool intercept, Span<double> x)
    {
        for (var kk = 1; kk <= k; kk++) x[k - kk] = z[origin + r - Period * kk] - level;
        if (intercept) x[k] = 1;
    }

    /// <summary>
    /// Fits on the training windows of <paramref name="split"/> (targets spanning whole days) and picks the ridge
    /// penalty on its validation windows; returns the model and its validation MSE (over the whole days forecast).
    /// </summary>
    public static (PhaseLinearModel Model, double ValidationMse) Fit(int lookback, int horizon, InstanceNorm norm, ScaledSeries s,
        IReadOnlyList<int> channels, LtsfSplit split, bool intercept = false, IReadOnlyList<double>? alphas = null, CancellationToken ct = default)
    {
        if (lookback < Period) throw new ArgumentOutOfRangeException(nameof(lookback), "the lookback must span at least one day");
        if (norm is not (InstanceNorm.Mean or InstanceNorm.Last)) throw new ArgumentOutOfRangeException(nameof(norm));
        var probe = new PhaseLinearModel(lookback, horizon, norm, intercept, 0, []);
        var hx = probe.TrainingHorizon;
        var train = Systems(probe, s, channels, split.TrainOrigins(lookback, hx), ct);
        var val = Systems(probe, s, channels, split.ValidationOrigins(lookback, hx), ct);
        if (train.Count == 0 || val.Count == 0) throw new InvalidOperationException($"no training or validation window for lookback {lookback}, horizon {hx}");
        (PhaseLinearModel, double)? best = null;
        foreach (var alpha in alphas ?? [1e-4, 1e-3, 1e-2, 0.1, 0.3, 1, 3, 10])
        {
            ct.ThrowIfCancellationRequested();
            var w = train.Solve(alpha, intercept ? [probe.K] : []);
            var mse = val.SquaredError(w) / ((double)val.Count * probe.J);
            if (best is null || mse < best.Value.Item2) best = (new PhaseLinearModel(lookback, horizon, norm, intercept, alpha, w), mse);
        }
        return best!.Value;
    }

    private static RidgeSystem Systems(PhaseLinearModel m, ScaledSeries s, IReadOnlyList<int> channels, int[] origins, CancellationToken ct)
    {
        const int batch = 512;
        var k = m.K;
        var j = m.J;
        var p = m.Intercept ? k + 1 : k;
        var system = new RidgeSystem(p, j);
        var x = new double[batch * p];
        var y = new double[batch * j];
        var n = 0;
        foreach (var c in channels)
        {
            var z = s.Z[c];
            foreach (var t in origins)
            {
                var level = Level(z, t, m.Lookback, m.Norm);
                for (var r = 0; r < Period; r++)
                {
                    Fill(z, t, r, level, k, m.Intercept, x.AsSpan(n * p, p));
                    for (var jj = 0; jj < j; jj++) y[n * j + jj] = z[t + r + Period * jj] - level;
                    if (++n == batch)
                    {
                        ct.ThrowIfCancellationRequested();
                        system.Add(x, y, n);
                        n = 0;
                    }
                }
            }
        }
        if (n > 0) system.Add(x, y, n);
        return system;
    }
}

/// <summary>The equal-weight average of several window models of the same horizon.</summary>
public sealed class AverageModel : IWindowModel
{
    private readonly IReadOnlyList<IWindowModel> _members;

    public AverageModel(IReadOnlyList<IWindowModel> members)
    {
        if (members.Count == 0) throw new ArgumentException("no member", nameof(members));
        if (members.Any(m => m.Horizon != members[0].Horizon)) throw new ArgumentException("members forecast different horizons", nameof(members));
        _members = members;
    }

    public IReadOnlyList<IWindowModel> Members => _members;

    public int Lookback => _members.Max(m => m.Lookback);

    public int Horizon => _members[0].Horizon;

    public void Predict(ScaledSeries series, int channel, int origin, Span<double> forecast)
    {
        var h = Horizon;
        Span<double> buf = h <= 1024 ? stackalloc double[h] : new double[h];
        forecast[..h].Clear();
        foreach (var m in _members)
        {
            m.Predict(series, channel, origin, buf);
            for (var j = 0; j < h; j++) forecast[j] += buf[j];
        }
        for (var j = 0; j < h; j++) forecast[j] /= _members.Count;
    }
}
