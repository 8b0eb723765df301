using System.Text.Json;
using Basira.Governance.Access;
using Basira.Governance.Decisions;

namespace Basira.Education.Warning;

/// <summary>
/// A run as the dashboards list it: counts and verdict, no person. For a regional or provincial caller the counts are
/// those of its own area (<paramref name="Area"/>; the number of schools is then not given); the fairness verdict and
/// the number of alerts are the run's, over the whole country.
/// </summary>
public sealed record RunSummary(string Id, string ModelVersion, string Cohort, DateTimeOffset RunAt, long Pupils, long? Schools, long Proposed,
    double Threshold, double CapacityShare, string FairnessStatus, long Alerts, string? Area = null);

/// <summary>Whether a caller may read an area's figures: within their scope, a level beyond it (403), or another area (404).</summary>
public enum AreaReach
{
    /// <summary>Within the caller's scope.</summary>
    Within,

    /// <summary>The level goes beyond the caller's scope (national or sex × milieu figures for a regional caller, regions for a provincial one): 403.</summary>
    LevelBeyond,

    /// <summary>Another area than the caller's (or an unknown one): 404, as for anything outside a scope.</summary>
    Outside,
}

/// <summary>One group's figures as the dashboards show them.</summary>
public sealed record GroupView(string Attributes, string Key, string? Parent, WarningMetrics Metrics);

/// <summary>
/// The latest run for a dashboard, within the caller's scope: a national caller sees the national figures and every
/// group; a regional or provincial one the figures of its own areas only. Aggregates, never a person.
/// </summary>
public sealed record RunView(RunSummary Run, WarningMetrics? Overall, IReadOnlyList<WarningAlert> Alerts, IReadOnlyList<GroupView> Groups,
    IReadOnlyList<InterventionOutcome> Interventions, double MaxAdditivityError);

/// <summary>What drives the risk in one area: each input's mean |contribution| and signed mean, with the area's absence days per code.</summary>
public sealed record AreaCauses(string Level, string Area, string? Parent, long PupilsExplained, IReadOnlyList<WarningCause> Drivers,
    IReadOnlyDictionary<string, long> AbsenceDaysByCode);

/// <summary>The causes of one level of the latest run, and which model and cohort they were read from.</summary>
public sealed record CausesView(string? RunId, string? ModelVersion, string? Cohort, DateTimeOffset? RunAt, string Level, IReadOnlyList<AreaCauses> Areas);

/// <summary>One input of a proposed pupil: its value and its exact contribution.</summary>
public sealed record DriverView(string Feature, string? Value, double Contribution);

/// <summary>One pupil of a school's list: the decision, rank, risk, the inputs that weigh most, and the case.</summary>
public sealed record SchoolListItem(string DecisionId, string Subject, long Rank, double Risk, double Threshold, IReadOnlyList<DriverView> Drivers,
    InterventionCase? Case);

/// <summary>A school's ranked list from the latest run (null run when no run proposed anyone there).</summary>
public sealed record SchoolListView(string? School, string? RunId, string? ModelVersion, string? Cohort, DateTimeOffset? RunAt, IReadOnlyList<SchoolListItem> Items);

/// <summary>Read models of the national early warning for the API and the pages, each within the caller's scope.</summary>
public sealed class WarningQueries(WarningStore store, DecisionStore decisions, InterventionCaseService cases)
{
    /// <summary>The latest runs (aggregates only), each counted within <paramref name="who"/>'s scope.</summary>
    public IReadOnlyList<RunSummary> Runs(Principal who, int limit = 20) => [.. store.Runs(limit).Select(r => ScopedSummary(who, r))];

    /// <summary>
    /// Whether <paramref name="who"/> may read the causes of <paramref name="level"/> (optionally one <paramref name="area"/>):
    /// a national caller everything; a regional caller its region and its provinces; a provincial caller its province.
    /// </summary>
    public static AreaReach Reach(Principal who, string level, string? area)
    {
        ArgumentNullException.ThrowIfNull(who);
        if (IsNational(who)) return AreaReach.Within;
        var (kind, value) = (who.ScopeKind, who.ScopeValue);
        return level switch
        {
            "region" when kind == ScopeKinds.Region => area is null || area == value ? AreaReach.Within : AreaReach.Outside,
            "province" when kind == ScopeKinds.Region => area is null || National.EducationAreas.RegionOf(area) == value ? AreaReach.Within : AreaReach.Outside,
            "province" when kind == ScopeKinds.Province => area is null || area == value ? AreaReach.Within : AreaReach.Outside,
            _ => AreaReach.LevelBeyond,
        };
    }

    /// <summary>The latest run within <paramref name="who"/>'s scope, or null when there is none.</summary>
    public RunView? Latest(Principal who)
    {
        if (store.LatestRun() is not { } run) return null;
        var national = IsNational(who);
        var summary = JsonDocument.Parse(run.SummaryJson).RootElement;
        var groups = store.Groups(run.Id)
            .Where(g => national || (g.Attributes == "region" && InScope(who, g.GroupKey, null)) || (g.Attributes == "province" && InScope(who, g.Parent, g.GroupKey)))
            .Select(g => new GroupView(g.Attributes, g.GroupKey, g.Parent, JsonSerializer.Deserialize<WarningMetrics>(g.MetricsJson, WarningStore.Json)!))
            .ToList();
        var interventions = summary.TryGetProperty("interventions", out var iv)
            ? iv.Deserialize<List<InterventionOutcome>>(WarningStore.Json) ?? [] : [];
        return new RunView(ScopedSummary(who, run), national ? summary.GetProperty("overall").Deserialize<WarningMetrics>(WarningStore.Json) : null,
            national ? store.Alerts(run.Id) : [], groups, national ? interventions : [],
            summary.TryGetProperty("max_additivity_error", out var e) ? e.GetDouble() : 0);
    }

    /// <summary>The latest run's causes at <paramref name="level"/> (national, region, province, sex_milieu), within scope.</summary>
    /// <exception cref="Basira.Governance.DataInputException">Unknown level.</exception>
    public CausesView Causes(Principal who, string level, string? area = null)
    {
        if (level is not ("national" or "region" or "province" or "sex_milieu"))
            throw new Basira.Governance.DataInputException(null, null, "level", $"unknown level '{level}' (national, region, province or sex_milieu)");
        if (store.LatestRun() is not { } run) return new CausesView(null, null, null, null, level, []);
        var national = IsNational(who);
        bool Visible(string lvl, string a, string? parent) => national || lvl switch
        {
            "region" => InScope(who, a, null),
            "province" => InScope(who, parent, a),
            _ => false, // national and sex × milieu figures cover the whole country
        };
        var codes = store.Codes(run.Id, level, area).GroupBy(c => c.Area, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, long>)g.ToDictionary(c => c.Code, c => c.Days, StringComparer.Ordinal), StringComparer.Ordinal);
        var areas = store.Causes(run.Id, level, area).GroupBy(c => c.Area, StringComparer.Ordinal)
            .Where(g => Visible(level, g.Key, g.First().Parent))
            .Select(g => new AreaCauses(level, g.Key, g.First().Parent, g.First().Rows, [.. g.OrderByDescending(c => c.MeanAbs)],
                codes.GetValueOrDefault(g.Key) ?? new Dictionary<string, long>()))
            .ToList();
        return new CausesView(run.Id, run.ModelVersion, run.Cohort, run.RunAt, level, areas);
    }

    /// <summary>
    /// A school's ranked list from the latest run: the caller's own school for school staff and teachers (asking another
    /// gives null: not found), any named school for an administrator. Each read of a pupil's decision is audited.
    /// </summary>
    public SchoolListView? SchoolList(Principal who, string? school)
    {
        if (!AccessPolicy.CanSeeSchoolLists(who)) throw new UnauthorizedAccessException("a school's list is for its staff and teachers");
        if (who.Role != Roles.Admin)
        {
            if (who.ScopeKind != ScopeKinds.School || who.ScopeValue is null) return null;
            if (school is not null && school != who.ScopeValue) return null;
            school = who.ScopeValue;
        }
        if (school is null) return new SchoolListView(null, null, null, null, null, []);
        var run = store.Runs(50).FirstOrDefault(r => store.Proposals(r.Id, school).Count > 0);
        if (run is null) return new SchoolListView(school, null, null, null, null, []);
        var schoolCases = cases.List(who, school).GroupBy(c => c.DecisionId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var items = new List<SchoolListItem>();
        foreach (var p in store.Proposals(run.Id, school))
        {
            if (decisions.Get(who, p.DecisionId, "school_list") is not { } d) continue;
            var values = d.Inputs.ToDictionary(i => i.Feature, i => i.Value, StringComparer.Ordinal);
            var drivers = d.Contributions.OrderByDescending(c => Math.Abs(c.Value)).Select(c => new DriverView(c.Feature, values.GetValueOrDefault(c.Feature), c.Value)).ToList();
            items.Add(new SchoolListItem(d.Id, d.Subject, p.Rank, d.Output, d.Threshold, drivers, schoolCases.GetValueOrDefault(d.Id)));
        }
        return new SchoolListView(school, run.Id, run.ModelVersion, run.Cohort, run.RunAt, items);
    }

    private static bool IsNational(Principal who) => who.Role == Roles.Admin || who.ScopeKind == ScopeKinds.National;

    private static bool InScope(Principal who, string? region, string? province) => who.ScopeKind switch
    {
        ScopeKinds.National => true,
        ScopeKinds.Region => region is not null && who.ScopeValue == region,
        ScopeKinds.Province => province is not null && who.ScopeValue == province,
        _ => false,
    };

    private static RunSummary Summary(WarningRun r) => new(r.Id, r.ModelVersion, r.Cohort, r.RunAt, r.Pupils, r.Schools, r.Proposed, r.Threshold,
        r.CapacityShare, r.FairnessStatus, r.Alerts);

    /// <summary>The run's summary for <paramref name="who"/>: national counts for a national caller, its own area's otherwise.</summary>
    private RunSummary ScopedSummary(Principal who, WarningRun r)
    {
        if (IsNational(who)) return Summary(r);
        var attributes = who.ScopeKind switch { ScopeKinds.Region => "region", ScopeKinds.Province => "province", _ => null };
        var area = attributes is null || who.ScopeValue is null ? null
            : store.Groups(r.Id, attributes).FirstOrDefault(g => g.GroupKey == who.ScopeValue);
        return Summary(r) with { Pupils = area?.Pupils ?? 0, Proposed = area?.Proposed ?? 0, Schools = null, Area = who.ScopeValue };
    }
}
