namespace Basira.Energy.MiniGrids.Dispatch;

/// <summary>
/// Experimental settings of the MPC (docs/benchmarks/B5-minigrid.md measures them): value per kWh stored at the horizon's
/// end, the dive's margin before keeping the genset on at the first step, the tie-break's time preference.
/// </summary>
public sealed record MpcTuning(double TerminalSocValue = 0, double OffBias = 0, double TimePreference = HorizonModel.TimePreference);

/// <summary>One day of a dispatch, totalled (kWh, cost).</summary>
public sealed record DispatchDay(int Day, DateOnly? Date, double LoadKwh, double PvKwh, double PvUsedKwh, double GensetKwh, double ChargeKwh,
    double DischargeKwh, double ImportKwh, double UnmetKwh, double Cost, double EndSocKwh);

/// <summary>The controllers by their command-line names, and a dispatch totalled day by day (for pages and the API).</summary>
public static class DispatchControllers
{
    public static readonly IReadOnlyList<string> Names = ["rule", "cycle", "optimal", "mpc-oracle", "mpc-forecast"];

    /// <summary>Forecasters of <c>mpc-forecast</c>: lag-ridge (<see cref="ForecastSource"/>, the default), hourly
    /// (<see cref="HourlyForecastSource"/> on load and PV), blend (the mean of the two).</summary>
    public static readonly IReadOnlyList<string> Forecasters = ["lag-ridge", "hourly", "blend"];

    public static IDispatchController Create(string name, TimeSpan? timeLimit = null, bool pastEnd = false, bool exactCommitment = false,
        string forecaster = "lag-ridge", int horizon = DispatchProtocol.Horizon, MpcTuning? tuning = null) => name switch
    {
        "rule" => new LoadFollowingController(),
        "cycle" => new CycleChargingController(),
        "optimal" => new OptimalController(timeLimit),
        "mpc-oracle" => Mpc(new OracleSource(), horizon, exactCommitment, pastEnd, tuning),
        "mpc-forecast" => Mpc(Forecast(forecaster, horizon), horizon, exactCommitment, pastEnd, tuning),
        _ => throw new ArgumentException($"unknown controller '{name}' (expected {string.Join(", ", Names)})", nameof(name)),
    };

    private static MpcController Mpc(IHorizonSource source, int horizon, bool exact, bool pastEnd, MpcTuning? tuning) =>
        new(source, horizon, exact)
        {
            HorizonEndsWithSimulation = !pastEnd,
            TerminalSocValue = tuning?.TerminalSocValue ?? 0,
            OffBias = tuning?.OffBias ?? 0,
            TimePreference = tuning?.TimePreference ?? HorizonModel.TimePreference,
        };

    private static IHorizonSource Forecast(string forecaster, int horizon) => forecaster switch
    {
        "lag-ridge" => new ForecastSource(horizon),
        "hourly" => new HourlyForecastSource(load: true, pv: true, horizon),
        "blend" => new HourlyForecastSource(load: true, pv: true, horizon) { Weight = 0.5 },
        _ => throw new ArgumentException($"unknown forecaster '{forecaster}' (expected {string.Join(", ", Forecasters)})", nameof(forecaster)),
    };

    public static IReadOnlyList<DispatchDay> Days(MiniGrid grid, DispatchResult r)
    {
        var days = new List<DispatchDay>();
        for (var start = r.WindowStart - r.WindowStart % 24; start < r.WindowStart + r.Steps; start += 24)
        {
            var end = Math.Min(start + 24, r.WindowStart + r.Steps);
            var from = Math.Max(start, r.WindowStart);
            var o = r.Outcomes.AsSpan(from, end - from);
            double load = 0, pv = 0, used = 0, gen = 0, ch = 0, dis = 0, imp = 0, unmet = 0, cost = 0;
            foreach (var x in o)
            {
                load += x.Load; pv += x.PvAvailable; used += x.PvUsed; gen += x.GensetKwh; ch += x.ChargeKwh; dis += x.DischargeKwh;
                imp += x.ImportKwh; unmet += x.UnmetKwh; cost += x.Cost;
            }
            DateOnly? date = grid.Start is { } s ? DateOnly.FromDateTime(s.AddHours(start)) : null;
            days.Add(new DispatchDay(start / 24, date, load, pv, used, gen, ch, dis, imp, unmet, cost, o[^1].SocKwh));
        }
        return days;
    }
}
