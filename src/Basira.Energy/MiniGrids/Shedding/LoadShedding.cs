namespace Basira.Energy.MiniGrids.Shedding;

/// <summary>How the supply left at a priority level is shared when it cannot serve every load of that level.</summary>
public enum FairnessRule
{
    /// <summary>
    /// Max-min fair per household (water-filling): every household of the level gets the same cap λ, a household that
    /// needs less than λ is served in full, and λ is the largest cap the supply allows. No household can get more
    /// without one that got less getting less still.
    /// </summary>
    MaxMin,

    /// <summary>Proportional: every load of the level is served the same fraction of its demand.</summary>
    Proportional,
}

/// <summary>The energy one load class was due and got over a period.</summary>
public sealed record ClassCurtailment(LoadClass Class, double DemandKwh, double ServedKwh, int HoursCurtailed)
{
    public double CurtailedKwh => DemandKwh - ServedKwh;
    public double CurtailedShare => DemandKwh > 0 ? CurtailedKwh / DemandKwh : 0;
}

/// <summary>One day of shedding: per class, and the fair cap per household at each curtailed hour.</summary>
public sealed record SheddingDay(int Day, IReadOnlyList<ClassCurtailment> Classes, double ShortfallKwh);

/// <summary>
/// Fair load shedding: when a dispatch leaves load unmet at a step, the energy actually supplied is given to the load
/// classes by priority (1 first: health post, water pump; then school; then households and the rest), and within the
/// priority level where supply runs out it is shared by the <see cref="FairnessRule"/>. A shortfall that reaches a
/// priority-1 load is reported (it means the mini-grid cannot meet its priority load at that step).
/// </summary>
public static class LoadShedding
{
    /// <summary>Energy served to each class at step t when <paramref name="supplied"/> kWh reach the loads.</summary>
    public static double[] Allocate(IReadOnlyList<LoadClass> classes, int t, double supplied, FairnessRule rule)
    {
        var served = new double[classes.Count];
        var left = Math.Max(0, supplied);
        foreach (var level in classes.Select((c, i) => (c, i)).GroupBy(x => x.c.Priority).OrderBy(g => g.Key))
        {
            var members = level.ToList();
            var demand = members.Sum(m => m.c.Kwh[t]);
            if (demand <= left + 1e-12)
            {
                foreach (var (c, i) in members) served[i] = c.Kwh[t];
                left -= demand;
                continue;
            }
            if (left <= 0) break;
            if (rule == FairnessRule.Proportional)
            {
                foreach (var (c, i) in members) served[i] = c.Kwh[t] * left / demand;
            }
            else
            {
                var cap = WaterLevel(members.Select(m => (m.c.Kwh[t], Math.Max(1, m.c.Households))).ToList(), left);
                foreach (var (c, i) in members) served[i] = Math.Min(c.Kwh[t], Math.Max(1, c.Households) * cap);
            }
            left = 0;
            break;
        }
        return served;
    }

    /// <summary>
    /// The cap λ per household such that Σ min(demand_i, n_i·λ) = <paramref name="supply"/> (water-filling over the
    /// classes sorted by demand per household); infinity when the supply covers every demand.
    /// </summary>
    public static double WaterLevel(IReadOnlyList<(double Demand, int Households)> loads, double supply)
    {
        var sorted = loads.Where(l => l.Demand > 0).OrderBy(l => l.Demand / l.Households).ToList();
        var households = sorted.Sum(l => l.Households);
        var left = supply;
        foreach (var (demand, n) in sorted)
        {
            var perHousehold = demand / n;
            // can every remaining household get perHousehold?
            if (perHousehold * households <= left)
            {
                left -= demand;
                households -= n;
                continue;
            }
            return left / households;
        }
        return double.PositiveInfinity;
    }

    /// <summary>
    /// Allocates the supplied energy of a dispatch (load − unmet at each step) and totals each class per day (24 steps).
    /// </summary>
    public static IReadOnlyList<SheddingDay> Days(MiniGrid grid, IReadOnlyList<double> unmet, FairnessRule rule, int from = 0, int? to = null)
    {
        var end = to ?? unmet.Count;
        var classes = grid.Loads;
        var days = new List<SheddingDay>();
        for (var dayStart = from - from % 24; dayStart < end; dayStart += 24)
        {
            var demand = new double[classes.Count];
            var served = new double[classes.Count];
            var hours = new int[classes.Count];
            var shortfall = 0.0;
            for (var t = Math.Max(from, dayStart); t < Math.Min(end, dayStart + 24); t++)
            {
                for (var i = 0; i < classes.Count; i++) demand[i] += classes[i].Kwh[t];
                if (unmet[t] <= 1e-9)
                {
                    for (var i = 0; i < classes.Count; i++) served[i] += classes[i].Kwh[t];
                    continue;
                }
                shortfall += unmet[t];
                var s = Allocate(classes, t, grid.Load[t] - unmet[t], rule);
                for (var i = 0; i < classes.Count; i++)
                {
                    served[i] += s[i];
                    if (classes[i].Kwh[t] - s[i] > 1e-9) hours[i]++;
                }
            }
            days.Add(new SheddingDay(dayStart / 24, [.. classes.Select((c, i) => new ClassCurtailment(c, demand[i], served[i], hours[i]))], shortfall));
        }
        return days;
    }

    /// <summary>Jain's fairness index of the served fractions (1 = all equal, 1/n = one gets everything).</summary>
    public static double JainIndex(IReadOnlyList<double> x)
    {
        if (x.Count == 0) return 1;
        var sum = x.Sum();
        var squares = x.Sum(v => v * v);
        return squares <= 0 ? 1 : sum * sum / (x.Count * squares);
    }
}
