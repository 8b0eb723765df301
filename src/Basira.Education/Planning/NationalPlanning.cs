using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Basira.Education.Planning;

/// <summary>The regions and provinces of the national scenario, supplied by the host.</summary>
public sealed record NationalGeography(IReadOnlyList<RegionGeo> Regions, IReadOnlyList<ProvinceGeo> Provinces);

/// <summary>
/// The built-in national scenario, its projections and allocations, computed once and kept (aggregates only: pupils,
/// teachers and classrooms per unit; no person). Used by the planning API and pages.
/// </summary>
public sealed class NationalPlanning
{
    /// <summary>Allocations kept at most (one per variant and budget asked); the oldest are dropped beyond.</summary>
    public const int MaxCachedAllocations = 32;

    private readonly Lazy<JsonObject> _document;
    private readonly Lazy<PlanningScenario> _scenario;
    private readonly Lazy<IReadOnlyList<ScenarioProjection>> _projections;
    private readonly ConcurrentDictionary<(string Variant, decimal Budget), Lazy<AllocationResult>> _allocations = new();
    private readonly ConcurrentQueue<(string, decimal)> _order = new();

    public NationalPlanning(NationalGeography geography)
    {
        ArgumentNullException.ThrowIfNull(geography);
        _document = new(() => NationalScenario.BuildJson(geography.Regions, geography.Provinces));
        _scenario = new(() => ScenarioReader.Read(_document.Value.ToJsonString(), "built-in national scenario"));
        _projections = new(() => EnrolmentProjection.ProjectAll(_scenario.Value));
    }

    /// <summary>The scenario as JSON (the format of <c>basira edu plan --scenario</c>), with its sources.</summary>
    public JsonObject Document => (JsonObject)_document.Value.DeepClone();

    public PlanningScenario Scenario => _scenario.Value;

    /// <summary>The baseline, then each variant.</summary>
    public IReadOnlyList<ScenarioProjection> Projections => _projections.Value;

    public ScenarioProjection? Projection(string variant) => Projections.FirstOrDefault(p => p.Variant == variant);

    /// <summary>The allocation for a variant and a budget (costs and caps of the scenario), solved once per pair.</summary>
    public AllocationResult Allocate(string variant, decimal budget)
    {
        var projection = Projection(variant) ?? throw new ArgumentException($"unknown variant '{variant}'", nameof(variant));
        var key = (variant, budget);
        var lazy = _allocations.GetOrAdd(key, k => new Lazy<AllocationResult>(() =>
        {
            var settings = Scenario.Allocation! with { Budget = k.Budget };
            return BudgetAllocation.Solve(BudgetAllocation.FromProjection(projection, Scenario, settings), TimeSpan.FromSeconds(20), relativeGap: 1e-4);
        }));
        _order.Enqueue(key);
        while (_allocations.Count > MaxCachedAllocations && _order.TryDequeue(out var old))
            if (!old.Equals(key)) _allocations.TryRemove(old, out _);
        return lazy.Value;
    }
}
