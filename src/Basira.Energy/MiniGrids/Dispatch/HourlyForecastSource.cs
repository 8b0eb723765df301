using Basira.Energy.Forecasting;

namespace Basira.Energy.MiniGrids.Dispatch;

/// <summary>
/// The MPC's view of the future from the Forecasting module's <see cref="HourlyForecaster"/> (ridge on a lookback window
/// with calendar inputs, settings chosen on its own held-out windows). At step t, step t is measured and steps
/// t+1 … t+H−1 are forecast from steps ≤ t. The forecaster is refitted every <see cref="RefitHours"/> on all the data
/// before the refit step (so never on a value after the decision hour); before the first fit, and for the series it is
/// not asked to forecast, <see cref="ForecastSource"/> answers.
/// </summary>
public sealed class HourlyForecastSource(bool load = true, bool pv = false, int horizon = DispatchProtocol.Horizon) : IHorizonSource
{
    /// <summary>Hours between refits (and of history before the first fit).</summary>
    public int RefitHours { get; init; } = 28 * 24;

    /// <summary>Weight of this forecaster against <see cref="ForecastSource"/>'s (1: this one alone; 0.5: their mean).</summary>
    public double Weight { get; init; } = 1;

    private readonly ForecastSource _fallback = new(horizon);
    private MiniGrid _grid = null!;
    private DateTime _start;
    private HourlyForecaster? _load, _pv;
    private int _fittedAt = -1;
    private readonly double[] _buf = new double[horizon - 1];

    public string Name => "hourly-forecaster";

    public void Start(MiniGrid grid)
    {
        _grid = grid;
        _start = grid.Start ?? new DateTime(2023, 1, 1);
        _load = _pv = null;
        _fittedAt = -1;
        _fallback.Start(grid);
    }

    public void Fill(int t, HorizonData data)
    {
        _fallback.Fill(t, data);
        if (t + 1 >= RefitHours && (_fittedAt < 0 || t + 1 - _fittedAt >= RefitHours))
        {
            var options = new HourlyForecasterOptions { Horizon = horizon - 1, IntervalLevels = [] };
            // data up to and including step t (measured now)
            if (load) _load = HourlyForecaster.Fit(_grid.Load.AsSpan(0, t + 1), _start, options);
            if (pv) _pv = HourlyForecaster.Fit(_grid.Pv.AsSpan(0, t + 1), _start, options);
            _fittedAt = t + 1;
        }
        var next = _start.AddHours(t + 1);
        if (_load is not null)
        {
            _load.Forecast(_grid.Load.AsSpan(0, t + 1), next, _buf);
            for (var k = 1; k < data.Length; k++) data.Load[k] = Weight * _buf[k - 1] + (1 - Weight) * data.Load[k];
        }
        if (_pv is not null)
        {
            _pv.Forecast(_grid.Pv.AsSpan(0, t + 1), next, _buf);
            for (var k = 1; k < data.Length; k++) data.Pv[k] = Weight * _buf[k - 1] + (1 - Weight) * data.Pv[k];
        }
    }
}
