using System.Collections.Concurrent;

namespace Basira.Education.Planning;

/// <summary>The regions and provinces of the national scenario, supplied by the host.</summary>
public sealed record NationalGeography(IReadOnlyList<RegionGeo> Regions, IReadOnlyList<ProvinceGeo> Provinces);

/// <summary>
/// The built-in national scenario, its projections and allocations, computed once and kept (aggregates only: pupils,
/// teachers and classrooms per unit; no person). Used by the planning API and pages.
/// </summary>
public sealed class NationalPlanning(NationalGeography geography)
{
    private readonly Lazy<PlanningScenario> _scenario = new(() => NationalScenario.Build(geography.Regions, geography.Provinces));
    private readonly Lazy<IReadOnlyList<ScenarioProjection>> _projections = new(() => EnrolmentProjection.ProjectAll(NationalScenario.Build(geography.Regions, geography.Provinces)));
    private readonly ConcurrentDictionary<(string Variant, decimal Budget), Lazy<AllocationResult>> _allocations = new();

    public PlanningScenario Scenario => _scenario.Value;

    /// <summary>The baseline, then each variant.</summary>
    public IReadOnlyList<ScenarioProjection> Projections => _projections.Value;

    public ScenarioProjection? Projection(string variant) => Projections.FirstOrDefault(p => p.Variant == variant);

    /// <summary>The allocation for a variant and a budget (costs and caps of the scenario), solved once per pair.</summary>
    public AllocationResult Allocate(string variant, decimal budget)
    {
        var projection = Projection(variant) ?? throw new ArgumentException($"unknown variant '{variant}'", nameof(variant));
        return _allocations.GetOrAdd((variant, budget), key => new Lazy<AllocationResult>(() =>
        {
            var settings = Scenario.Allocation! with { Budget = key.Budget };
            return BudgetAllocation.Solve(BudgetAllocation.FromProjection(projection, Scenario, settings), TimeSpan.FromSeconds(20));
        })).Value;
    }
}
