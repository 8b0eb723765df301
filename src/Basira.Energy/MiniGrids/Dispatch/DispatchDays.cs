namespace Basira.Energy.MiniGrids.Dispatch;

/// <summary>One day of a dispatch, totalled (kWh, cost).</summary>
public sealed record DispatchDay(int Day, DateOnly? Date, double LoadKwh, double PvKwh, double PvUsedKwh, double GensetKwh, double ChargeKwh,
    double DischargeKwh, double ImportKwh, double UnmetKwh, double Cost, double EndSocKwh);

/// <summary>The controllers by their command-line names, and a dispatch totalled day by day (for pages and the API).</summary>
public static class DispatchControllers
{
    public static readonly IReadOnlyList<string> Names = ["rule", "cycle", "optimal", "mpc-oracle", "mpc-forecast"];

    public static IDispatchController Create(string name, TimeSpan? timeLimit = null, bool pastEnd = false, bool exactCommitment = false) => name switch
    {
        "rule" => new LoadFollowingController(),
        "cycle" => new CycleChargingController(),
        "optimal" => new OptimalController(timeLimit),
        "mpc-oracle" => new MpcController(new OracleSource(), exactCommitment: exactCommitment) { HorizonEndsWithSimulation = !pastEnd },
        "mpc-forecast" => new MpcController(new ForecastSource(), exactCommitment: exactCommitment) { HorizonEndsWithSimulation = !pastEnd },
        _ => throw new ArgumentException($"unknown controller '{name}' (expected {string.Join(", ", Names)})", nameof(name)),
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
