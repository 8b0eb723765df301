using Google.OrTools.LinearSolver;

namespace Basira.Energy.Capacity;

/// <summary>One year of the plan.</summary>
public sealed record PlanYear(
    int Year,
    IReadOnlyDictionary<string, double> CapacityMw,
    IReadOnlyDictionary<string, double> NewMw,
    double RenewableCapacityShare,
    IReadOnlyDictionary<string, double> GenerationTwh,
    double DemandTwh,
    double PeakMw,
    double FirmCapacityMw,
    double EmissionsMt,
    double UnservedTwh);

/// <summary>The least-cost plan, its solver status and the scenario it answers.</summary>
public sealed record CapacityPlan(string Scenario, string Status, double TotalCost, IReadOnlyList<PlanYear> ByYear, double SolveSeconds, int Variables, int Constraints);

/// <summary>
/// Least-cost expansion of a power system (OR-Tools GLOP): for each year after the base year, MW built per technology
/// (within yearly build limits) and an hourly dispatch of four representative days (one per season, 91.25 days each)
/// that meets demand (unserved energy allowed at a high cost and reported); storage cycles within each day; a reserve
/// margin on firm capacity at the peak; the renewable capacity share at the target year. Cost: annualised capital of
/// what was built (capital recovery factor over each technology's life), fixed O&amp;M of the capacity, fuel and variable
/// costs of the generation, all discounted to the base year.
/// </summary>
public static class CapacityPlanner
{
    public const int Days = 4, Hours = 24;
    public const double DayWeight = 365.0 / Days;
    private static readonly string[] Seasons = ["winter", "spring", "summer", "autumn"];

    // hourly load shape (relative), evening peak at 21 h; season multipliers (summer air conditioning and irrigation)
    private static readonly double[] LoadRaw =
        [0.74, 0.71, 0.69, 0.68, 0.68, 0.70, 0.75, 0.80, 0.85, 0.87, 0.88, 0.89, 0.89, 0.88, 0.87, 0.86, 0.86, 0.88, 0.93, 0.98, 1.00, 0.98, 0.90, 0.80];
    private static readonly double[] LoadSeason = [0.98, 0.94, 1.08, 1.00];
    private static readonly double[] PvDayLength = [10, 12, 14, 11.5];
    private static readonly double[] PvSeason = [0.80, 1.05, 1.15, 0.95];
    private static readonly double[] WindSeason = [1.00, 1.05, 1.10, 0.85];
    private static readonly double[] HydroSeason = [1.30, 1.30, 0.60, 0.80];

    /// <summary>Demand shape: mean 1 over the 96 hours, maximum = peak / average of the scenario's base year.</summary>
    public static double[,] LoadShape(PlanScenario s)
    {
        var raw = new double[Days, Hours];
        for (var d = 0; d < Days; d++)
            for (var h = 0; h < Hours; h++) raw[d, h] = LoadRaw[h] * LoadSeason[d];
        var values = raw.Cast<double>().ToArray();
        var (mean, max) = (values.Average(), values.Max());
        var ratio = s.Demand.BaseYearPeakMw / (s.Demand.BaseYearTwh * 1e6 / 8760);
        var shape = new double[Days, Hours];
        for (var d = 0; d < Days; d++)
            for (var h = 0; h < Hours; h++) shape[d, h] = 1 + (raw[d, h] - mean) / (max - mean) * (ratio - 1);
        return shape;
    }

    /// <summary>Hourly availability (MW per MW) of a variable technology: mean = its capacity factor, at most 1.</summary>
    public static double[,] Profile(PlanTechnology t)
    {
        var raw = new double[Days, Hours];
        var solar = t.Name.Contains("solar", StringComparison.OrdinalIgnoreCase) || t.Name.Contains("pv", StringComparison.OrdinalIgnoreCase);
        for (var d = 0; d < Days; d++)
            for (var h = 0; h < Hours; h++)
            {
                if (solar)
                {
                    var x = (h + 0.5 - (12.5 - PvDayLength[d] / 2)) / PvDayLength[d];
                    raw[d, h] = x is > 0 and < 1 ? Math.Sin(Math.PI * x) * PvSeason[d] : 0;
                }
                else raw[d, h] = (1 + 0.25 * Math.Cos(2 * Math.PI * (h - 2) / 24)) * WindSeason[d];
            }
        var mean = raw.Cast<double>().Average();
        var p = new double[Days, Hours];
        for (var d = 0; d < Days; d++)
            for (var h = 0; h < Hours; h++) p[d, h] = Math.Min(1, raw[d, h] / mean * t.CapacityFactor);
        return p;
    }

    public static CapacityPlan Solve(PlanScenario s, Action<string>? log = null)
    {
        s.Validate(s.Name);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var years = Enumerable.Range(s.BaseYear + 1, s.LastYear - s.BaseYear).ToArray();
        var techs = s.Technologies;
        var shape = LoadShape(s);
        using var solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("GLOP not available");
        var obj = solver.Objective();
        obj.SetMinimization();
        var inf = double.PositiveInfinity;

        var newMw = new Variable[techs.Count, years.Length];
        for (var i = 0; i < techs.Count; i++)
            for (var y = 0; y < years.Length; y++)
                newMw[i, y] = solver.MakeNumVar(0, techs[i].MaxNewMwPerYear, $"new_{techs[i].Name}_{years[y]}");

        // the capacity of tech i in year y as (constant, list of variables)
        double Existing(int i) => techs[i].ExistingMw;
        IEnumerable<Variable> Built(int i, int y) => Enumerable.Range(0, y + 1).Select(k => newMw[i, k]);

        var gen = new Variable[techs.Count, years.Length, Days, Hours];
        var charge = new Variable?[techs.Count, years.Length, Days, Hours];
        var unserved = new Variable[years.Length, Days, Hours];
        var profiles = techs.Select(t => t.Kind == TechKind.Variable ? Profile(t) : null).ToArray();
        var hydroNorm = HydroSeason.Average();

        for (var y = 0; y < years.Length; y++)
        {
            var df = Math.Pow(1 + s.DiscountRate, -(years[y] - s.BaseYear));
            var avgMw = s.Demand.BaseYearTwh * 1e6 / 8760 * Math.Pow(1 + s.Demand.GrowthPerYear, years[y] - s.BaseYear);
            var peak = s.Demand.BaseYearPeakMw * Math.Pow(1 + s.Demand.GrowthPerYear, years[y] - s.BaseYear);

            // capital (annualised, for what was built up to this year) and fixed O&M of the capacity
            for (var i = 0; i < techs.Count; i++)
            {
                var t = techs[i];
                var crf = s.DiscountRate == 0 ? 1 / t.LifeYears : s.DiscountRate / (1 - Math.Pow(1 + s.DiscountRate, -t.LifeYears));
                foreach (var v in Built(i, y)) obj.SetCoefficient(v, obj.GetCoefficient(v) + df * 1000 * (crf * t.CapexPerKw + t.FixedPerKwYear));
            }
            obj.SetOffset(obj.Offset() + df * 1000 * techs.Sum(t => t.ExistingMw * t.FixedPerKwYear));

            // reserve margin: firm capacity ≥ (1 + margin) × peak
            var reserve = solver.MakeConstraint((1 + s.ReserveMargin) * peak - techs.Sum(t => t.CapacityCredit * t.ExistingMw), inf, $"reserve_{years[y]}");
            for (var i = 0; i < techs.Count; i++)
                foreach (var v in Built(i, y)) reserve.SetCoefficient(v, techs[i].CapacityCredit);

            for (var d = 0; d < Days; d++)
            {
                var soc = new Variable?[techs.Count, Hours];
                for (var h = 0; h < Hours; h++)
                {
                    var demand = avgMw * shape[d, h];
                    var balance = solver.MakeConstraint(demand, demand, "");
                    unserved[y, d, h] = solver.MakeNumVar(0, inf, "");
                    balance.SetCoefficient(unserved[y, d, h], 1);
                    obj.SetCoefficient(unserved[y, d, h], df * DayWeight * s.UnservedPerMwh);
                    for (var i = 0; i < techs.Count; i++)
                    {
                        var t = techs[i];
                        var g = gen[i, y, d, h] = solver.MakeNumVar(0, inf, "");
                        balance.SetCoefficient(g, 1);
                        obj.SetCoefficient(g, df * DayWeight * t.VariablePerMwh);
                        var limit = t.Kind switch
                        {
                            TechKind.Thermal => t.CapacityFactor,
                            TechKind.Variable => profiles[i]![d, h],
                            _ => 1.0,
                        };
                        Cap(g, i, y, limit);
                        if (t.Kind == TechKind.Storage)
                        {
                            var c = charge[i, y, d, h] = solver.MakeNumVar(0, inf, "");
                            balance.SetCoefficient(c, -1);
                            obj.SetCoefficient(c, df * DayWeight * 0.01);
                            Cap(c, i, y, 1);
                            var e = soc[i, h] = solver.MakeNumVar(0, inf, "");
                            Cap(e, i, y, t.StorageHours);
                        }
                    }
                }
                for (var i = 0; i < techs.Count; i++)
                {
                    var t = techs[i];
                    if (t.Kind == TechKind.EnergyLimited)
                    {
                        var season = t.Name.Contains("hydro", StringComparison.OrdinalIgnoreCase) ? HydroSeason[d] / hydroNorm : 1;
                        var energy = solver.MakeConstraint(double.NegativeInfinity, 24 * t.CapacityFactor * season * Existing(i), "");
                        for (var h = 0; h < Hours; h++) energy.SetCoefficient(gen[i, y, d, h], 1);
                        foreach (var v in Built(i, y)) energy.SetCoefficient(v, -24 * t.CapacityFactor * season);
                    }
                    if (t.Kind == TechKind.Storage)
                    {
                        var eta = Math.Sqrt(t.RoundTripEfficiency);
                        for (var h = 0; h < Hours; h++)
                        {
                            // soc_h = soc_{h−1} + η·charge − discharge / η, cyclic over the day
                            var k = solver.MakeConstraint(0, 0, "");
                            k.SetCoefficient(soc[i, h]!, 1);
                            k.SetCoefficient(soc[i, (h + Hours - 1) % Hours]!, -1);
                            k.SetCoefficient(charge[i, y, d, h]!, -eta);
                            k.SetCoefficient(gen[i, y, d, h], 1 / eta);
                        }
                    }
                }
            }

            if (years[y] == s.RenewableTargetYear)
            {
                // Σ renewable capacity ≥ share × Σ capacity  ⇔  Σ (1{RE} − share)·cap ≥ 0
                var constant = techs.Where(t => t.CountsAsCapacity).Sum(t => ((t.Renewable ? 1 : 0) - s.RenewableCapacityShare) * t.ExistingMw);
                var re = solver.MakeConstraint(-constant, inf, "renewable_share");
                for (var i = 0; i < techs.Count; i++)
                {
                    if (!techs[i].CountsAsCapacity) continue;
                    foreach (var v in Built(i, y)) re.SetCoefficient(v, re.GetCoefficient(v) + (techs[i].Renewable ? 1 : 0) - s.RenewableCapacityShare);
                }
            }
        }

        log?.Invoke($"capacity plan: {solver.NumVariables()} variables, {solver.NumConstraints()} constraints");
        var status = solver.Solve();
        var solved = status is Solver.ResultStatus.OPTIMAL or Solver.ResultStatus.FEASIBLE;
        var byYear = new List<PlanYear>();
        if (solved)
        {
            for (var y = 0; y < years.Length; y++)
            {
                var cap = new Dictionary<string, double>(StringComparer.Ordinal);
                var built = new Dictionary<string, double>(StringComparer.Ordinal);
                var genTwh = new Dictionary<string, double>(StringComparer.Ordinal);
                double emissions = 0, firm = 0;
                for (var i = 0; i < techs.Count; i++)
                {
                    var t = techs[i];
                    cap[t.Name] = Math.Round(t.ExistingMw + Built(i, y).Sum(v => v.SolutionValue()), 1);
                    built[t.Name] = Math.Round(newMw[i, y].SolutionValue(), 1);
                    firm += t.CapacityCredit * cap[t.Name];
                    double mwh = 0;
                    for (var d = 0; d < Days; d++)
                        for (var h = 0; h < Hours; h++) mwh += gen[i, y, d, h].SolutionValue() * DayWeight;
                    genTwh[t.Name] = Math.Round(mwh / 1e6, 4);
                    emissions += mwh * t.Co2TPerMwh / 1e6;
                }
                double unservedMwh = 0;
                for (var d = 0; d < Days; d++)
                    for (var h = 0; h < Hours; h++) unservedMwh += unserved[y, d, h].SolutionValue() * DayWeight;
                var counted = techs.Where(t => t.CountsAsCapacity).ToList();
                var total = counted.Sum(t => cap[t.Name]);
                var renewable = counted.Where(t => t.Renewable).Sum(t => cap[t.Name]);
                byYear.Add(new PlanYear(years[y], cap, built, total > 0 ? renewable / total : 0, genTwh,
                    s.Demand.BaseYearTwh * Math.Pow(1 + s.Demand.GrowthPerYear, years[y] - s.BaseYear),
                    s.Demand.BaseYearPeakMw * Math.Pow(1 + s.Demand.GrowthPerYear, years[y] - s.BaseYear), firm,
                    emissions, unservedMwh / 1e6));
            }
        }
        return new CapacityPlan(s.Name, status.ToString(), solved ? obj.Value() : double.NaN, byYear, sw.Elapsed.TotalSeconds,
            solver.NumVariables(), solver.NumConstraints());

        void Cap(Variable v, int i, int y, double factor)
        {
            var k = solver.MakeConstraint(double.NegativeInfinity, factor * Existing(i), "");
            k.SetCoefficient(v, 1);
            foreach (var b in Built(i, y)) k.SetCoefficient(b, -factor);
        }
    }

    /// <summary>Season names of the representative days, in order.</summary>
    public static IReadOnlyList<string> SeasonNames => Seasons;
}
