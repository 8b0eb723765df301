namespace Basira.Energy.MiniGrids.Dispatch;

/// <summary>
/// The MPC's view of the future made from past data only: at step t, step t is measured and steps t+1 … t+23 are
/// forecast from steps ≤ t. Load and PV: one ridge regression per lead time on lagged values (<see cref="LagRidgeForecaster"/>),
/// updated every step with the samples whose target has just been observed, with exponential forgetting. Grid import
/// and export prices: the value one week earlier (a tariff's weekly pattern); CO2 intensity: the mean of the same hour
/// over the past week; grid availability: as now.
/// </summary>
public sealed class ForecastSource(int horizon = DispatchProtocol.Horizon) : IHorizonSource
{
    private MiniGrid _grid = null!;
    private LagRidgeForecaster _load = null!, _pv = null!;

    public string Name => "forecast";

    public void Start(MiniGrid grid)
    {
        // the grid prices are read one week back: a longer horizon would read the future
        if (horizon is < 2 or > 168) throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "the forecast horizon must be 2 to 168 steps");
        _grid = grid;
        _load = new LagRidgeForecaster(grid.Load, LagRidgeForecaster.Kind.Load, horizon - 1);
        _pv = new LagRidgeForecaster(grid.Pv, LagRidgeForecaster.Kind.Pv, horizon - 1);
    }

    public void Fill(int t, HorizonData data)
    {
        _load.Observe(t);
        _pv.Observe(t);
        var grid = _grid;
        for (var k = 0; k < data.Length; k++)
        {
            data.Load[k] = k == 0 ? grid.Load[t] : _load.Predict(t, k);
            data.Pv[k] = k == 0 ? grid.Pv[t] : _pv.Predict(t, k);
            if (grid.Grid is { } g)
            {
                var lag = t + k - 168;
                var past = k == 0 ? t : lag >= 0 ? lag : t;
                data.ImportCost[k] = g.ImportPrice[past] + g.Co2PricePerKg * (k == 0 ? g.Co2KgPerKwh[t] : SameHourMean(g.Co2KgPerKwh, t, k));
                data.ExportPrice[k] = g.ExportPrice[past];
                data.GridAvailable[k] = g.Available[t];
            }
        }
    }

    /// <summary>Mean of the value at the same hour as t + k over the past 7 days (indices ≤ t).</summary>
    private static double SameHourMean(double[] x, int t, int k)
    {
        double sum = 0;
        var n = 0;
        for (var j = 1; j <= 7; j++)
        {
            var i = t + k - 24 * j;
            if (i < 0) break;
            if (i > t) continue;
            sum += x[i];
            n++;
        }
        return n == 0 ? x[t] : sum / n;
    }
}

/// <summary>
/// Direct multi-step forecaster: for each lead time k = 1 … H, a ridge regression of x[s + k] on lags of x at origin s
/// (load: x[s], x[s−1], same hour 1, 2 and 7 days before the target, mean of the last 24 h; PV: x[s], same hour 1 and 2
/// days before, a clear-sky proxy = max of the same hour over the past 7 days, and today's clearness carried to the
/// target hour). The normal equations are accumulated online as targets are observed, with forgetting factor λ, and
/// re-solved every 24 steps. Before two weeks of history: seasonal naive (same hour yesterday).
/// <para>
/// For the load, the forecast of a target hour is the candidate — this regression, the same hour yesterday, the same
/// hour last week, or last week's value shifted by today's deviation from last week — with the lowest exponentially
/// weighted absolute error so far at that hour of the week and lead bucket (a weekly pattern such as a commercial load's
/// weekend is then followed, where a single linear model averages it away). Errors are scored only on targets already
/// observed. PV uses the regression alone.
/// </para>
/// </summary>
public sealed class LagRidgeForecaster
{
    public enum Kind { Load, Pv }

    private const double Lambda = 0.9995, Ridge = 1e-3;
    private const int Warmup = 336;
    private readonly double[] _x;
    private readonly Kind _kind;
    private readonly int _h, _p;
    private readonly double[][] _xtx, _xty, _beta;
    private readonly double[] _f;
    private int _observed = -1, _lastSolve = -1_000_000;
    private readonly double _scale;
    private const int Candidates = 4, Ring = 32;
    private const double ErrorDecay = 0.8;
    private readonly double[] _stored; // [origin % Ring][lead][candidate]
    private readonly int[] _storedOrigin;
    private readonly double[] _slotError = new double[168 * 3 * Candidates];

    /// <summary>Index of the error cell of a target step and lead: hour of the week × lead bucket (1–3, 4–11, 12+).</summary>
    private static int Cell(int target, int k) => (target % 168 * 3 + (k <= 3 ? 0 : k <= 11 ? 1 : 2)) * Candidates;

    public LagRidgeForecaster(double[] series, Kind kind, int maxLead)
    {
        _x = series;
        _kind = kind;
        _h = maxLead;
        _p = kind == Kind.Load ? 7 : 6;
        _xtx = new double[_h + 1][];
        _xty = new double[_h + 1][];
        _beta = new double[_h + 1][];
        for (var k = 1; k <= _h; k++)
        {
            _xtx[k] = new double[_p * _p];
            _xty[k] = new double[_p];
            _beta[k] = new double[_p];
        }
        _f = new double[_p];
        _stored = new double[Ring * (_h + 1) * Candidates];
        _storedOrigin = Enumerable.Repeat(-1, Ring).ToArray();
        _scale = Math.Max(1e-9, series.Length > 0 ? series.Take(Math.Min(series.Length, 24 * 7)).Max() : 1);
    }

    /// <summary>Makes the value at step t known: adds the samples whose target is t (origins t − k).</summary>
    public void Observe(int t)
    {
        for (var now = _observed + 1; now <= t; now++)
        {
            for (var k = 1; k <= _h; k++)
            {
                var slot = Cell(now, k);
                var origin = now - k;
                if (origin >= 0 && _storedOrigin[origin % Ring] == origin)
                {
                    var at = (origin % Ring * (_h + 1) + k) * Candidates;
                    for (var c = 0; c < Candidates; c++)
                        _slotError[slot + c] = ErrorDecay * _slotError[slot + c] + (1 - ErrorDecay) * Math.Abs(_stored[at + c] - _x[now]);
                }
            }
            for (var k = 1; k <= _h; k++)
            {
                var a = _xtx[k];
                var b = _xty[k];
                for (var i = 0; i < a.Length; i++) a[i] *= Lambda;
                for (var i = 0; i < b.Length; i++) b[i] *= Lambda;
                var s = now - k;
                if (s < 168 || !Features(s, k)) continue;
                var y = _x[now] / _scale;
                for (var i = 0; i < _p; i++)
                {
                    b[i] += _f[i] * y;
                    for (var j = 0; j < _p; j++) a[i * _p + j] += _f[i] * _f[j];
                }
            }
        }
        _observed = Math.Max(_observed, t);
        if (t >= Warmup && t - _lastSolve >= 24)
        {
            for (var k = 1; k <= _h; k++) SolveRidge(_xtx[k], _xty[k], _beta[k], _p);
            _lastSolve = t;
        }
        if (_storedOrigin[t % Ring] != t)
        {
            _storedOrigin[t % Ring] = t;
            for (var k = 1; k <= _h; k++)
            {
                var at = (t % Ring * (_h + 1) + k) * Candidates;
                var target = t + k;
                var lastWeek = target - 168 >= 0 ? _x[target - 168] : double.NaN;
                _stored[at] = RegressionForecast(t, k);
                _stored[at + 1] = target - Day(k) >= 0 ? _x[target - Day(k)] : _x[t];
                _stored[at + 2] = double.IsNaN(lastWeek) ? _stored[at + 1] : lastWeek;
                _stored[at + 3] = double.IsNaN(lastWeek) || t - 168 < 0 ? _stored[at + 1] : Math.Max(0, lastWeek + Math.Pow(0.9, k) * (_x[t] - _x[t - 168]));
            }
        }
    }

    /// <summary>Lag, in whole days, of the latest observed value at the same hour as t + k (24 for k ≤ 24, 48 for k ≤ 48…).</summary>
    private static int Day(int k) => 24 * ((k + 23) / 24);

    /// <summary>Forecast of x[t + k] from x[0..t] (call <see cref="Observe"/>(t) first).</summary>
    public double Predict(int t, int k)
    {
        if (k < 1 || k > _h) throw new ArgumentOutOfRangeException(nameof(k));
        if (t > _observed) throw new InvalidOperationException("forecast from an unobserved step");
        var at = (t % Ring * (_h + 1) + k) * Candidates;
        if (t < Warmup + 168 || _kind == Kind.Pv) return _stored[at];
        var slot = Cell(t + k, k);
        var best = 0;
        for (var c = 1; c < Candidates; c++)
            if (_slotError[slot + c] < _slotError[slot + best]) best = c;
        return _stored[at + best];
    }

    /// <summary>The regression's forecast of x[t + k] (seasonal naive before the warm-up).</summary>
    private double RegressionForecast(int t, int k)
    {
        var naive = t + k - Day(k) >= 0 ? _x[t + k - Day(k)] : _x[t];
        if (_lastSolve < 0 || t < Warmup || !Features(t, k)) return Math.Max(0, naive);
        double y = 0;
        var beta = _beta[k];
        for (var i = 0; i < _p; i++) y += beta[i] * _f[i];
        y *= _scale;
        if (_kind == Kind.Pv)
        {
            var clear = _f[4] * _scale;
            if (clear <= 0) return 0;
            return Math.Clamp(y, 0, clear * 1.05);
        }
        return Math.Max(0, y);
    }

    /// <summary>Features at origin s for lead k (only indices ≤ s); false when the history is too short.</summary>
    private bool Features(int s, int k)
    {
        var x = _x;
        var target = s + k;
        if (target - 168 < 0 || target - Day(k) - 24 * 6 < 0 || s < 24) return false;
        var c = _scale;
        if (_kind == Kind.Load)
        {
            double mean = 0;
            for (var i = s - 23; i <= s; i++) mean += x[i];
            _f[0] = 1;
            _f[1] = x[s] / c;
            _f[2] = x[s - 1] / c;
            _f[3] = x[target - Day(k)] / c;
            _f[4] = x[target - Day(k) - 24] / c;
            _f[5] = x[target - 168] / c;
            _f[6] = mean / 24 / c;
        }
        else
        {
            double clearTarget = 0, clearNow = 0;
            for (var j = 1; j <= 7; j++)
            {
                clearTarget = Math.Max(clearTarget, x[target - Day(k) - 24 * (j - 1)]);
                if (s - 24 * j >= 0) clearNow = Math.Max(clearNow, x[s - 24 * j]);
            }
            var clearness = clearNow > 1e-9 ? Math.Min(1.2, x[s] / clearNow) : 1;
            _f[0] = 1;
            _f[1] = x[s] / c;
            _f[2] = x[target - Day(k)] / c;
            _f[3] = x[target - Day(k) - 24] / c;
            _f[4] = clearTarget / c;
            _f[5] = clearness * clearTarget / c;
        }
        return true;
    }

    /// <summary>Solves (A + ridge·I)·β = b by Cholesky (A is p × p, symmetric positive semi-definite).</summary>
    private static void SolveRidge(double[] a, double[] b, double[] beta, int p)
    {
        var l = new double[p * p];
        var trace = 0.0;
        for (var i = 0; i < p; i++) trace += a[i * p + i];
        var ridge = Ridge * Math.Max(1e-9, trace / p);
        for (var i = 0; i < p; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = a[i * p + j] + (i == j ? ridge : 0);
                for (var m = 0; m < j; m++) sum -= l[i * p + m] * l[j * p + m];
                if (i == j)
                {
                    if (sum <= 0) return; // keep the previous coefficients
                    l[i * p + i] = Math.Sqrt(sum);
                }
                else l[i * p + j] = sum / l[j * p + j];
            }
        }
        var z = new double[p];
        for (var i = 0; i < p; i++)
        {
            var sum = b[i];
            for (var m = 0; m < i; m++) sum -= l[i * p + m] * z[m];
            z[i] = sum / l[i * p + i];
        }
        for (var i = p - 1; i >= 0; i--)
        {
            var sum = z[i];
            for (var m = i + 1; m < p; m++) sum -= l[m * p + i] * beta[m];
            beta[i] = sum / l[i * p + i];
        }
    }
}
