namespace Basira.Energy.Capacity;

/// <summary>The plan as the CLI's JSON and the API show it (snake_case on the wire).</summary>
public sealed record PlanReport(
    string Scenario,
    string Solver,
    string Status,
    double TotalCost,
    string TotalCostUnit,
    IReadOnlyList<PlanReportYear> ByYear,
    IReadOnlyDictionary<string, double>? AddedMw,
    int Variables,
    int Constraints,
    double SolveSeconds,
    PlanAssumptions Assumptions)
{
    public static PlanReport From(CapacityPlan plan, PlanScenario s) => new(
        plan.Scenario, "GLOP (OR-Tools)", plan.Status, Math.Round(plan.TotalCost, 0), $"USD 2020, discounted to {s.BaseYear} at {s.DiscountRate:P0}",
        [.. plan.ByYear.Select(y => new PlanReportYear(y.Year, y.CapacityMw, y.NewMw, Math.Round(y.RenewableCapacityShare, 4), y.GenerationTwh,
            Math.Round(y.DemandTwh, 3), Math.Round(y.PeakMw, 0), Math.Round(y.FirmCapacityMw, 0), Math.Round(y.EmissionsMt, 3), Math.Round(y.UnservedTwh, 4)))],
        plan.ByYear.Count == 0 ? null : s.Technologies.ToDictionary(t => t.Name, t => Math.Round(plan.ByYear.Sum(y => y.NewMw[t.Name]), 0)),
        plan.Variables, plan.Constraints, Math.Round(plan.SolveSeconds, 2),
        new PlanAssumptions(s.Demand, s.ReserveMargin, s.RenewableCapacityShare, s.RenewableTargetYear, s.DiscountRate, s.UnservedPerMwh, s.Assumptions,
            [.. s.Technologies.Select(t => new PlanTechnologyAssumption(t.Name, t.Kind.ToString().ToLowerInvariant(), t.Renewable, t.ExistingMw, t.CapexPerKw,
                t.FixedPerKwYear, t.LifeYears, t.VariablePerMwh, t.Co2TPerMwh, t.CapacityFactor, t.CapacityCredit,
                double.IsFinite(t.MaxNewMwPerYear) ? t.MaxNewMwPerYear : null, t.CountsAsCapacity, t.Source))]));
}

public sealed record PlanReportYear(int Year, IReadOnlyDictionary<string, double> CapacityMw, IReadOnlyDictionary<string, double> NewMw,
    double RenewableCapacityShare, IReadOnlyDictionary<string, double> GenerationTwh, double DemandTwh, double PeakMw, double FirmCapacityMw,
    double EmissionsMt, double UnservedTwh);

public sealed record PlanAssumptions(PlanDemand Demand, double ReserveMargin, double RenewableCapacityShare, int RenewableTargetYear,
    double DiscountRate, double UnservedPerMwh, IReadOnlyList<string> Notes, IReadOnlyList<PlanTechnologyAssumption> Technologies);

public sealed record PlanTechnologyAssumption(string Name, string Kind, bool Renewable, double ExistingMw, double CapexPerKw, double FixedPerKwYear,
    double LifeYears, double VariablePerMwh, double Co2TPerMwh, double CapacityFactor, double CapacityCredit, double? MaxNewMwPerYear,
    bool CountsAsCapacity, string Source);

/// <summary>The default (Morocco) plan, solved once per process (&lt; 1 s).</summary>
public sealed class PlanCache
{
    private readonly Lazy<PlanReport> _morocco = new(() => PlanReport.From(CapacityPlanner.Solve(PlanScenario.Morocco), PlanScenario.Morocco));

    public PlanReport Morocco => _morocco.Value;
}
