namespace Basira.Education.Planning;

/// <summary>
/// The JSON shape of a projection, shared by <c>basira edu plan --json</c> and the planning API (snake_case when
/// serialised by either host). Pupil counts are exact decimals rounded to 6 places, without trailing zeros (3108.02).
/// </summary>
public static class PlanningReport
{
    public sealed record CycleOut(
        string Name,
        IReadOnlyList<decimal> Enrolment,
        decimal Total,
        decimal? NewEntrants,
        decimal? Completers,
        IReadOnlyList<decimal>? Dropouts,
        int Teachers,
        IReadOnlyList<int> Classes,
        int Classrooms,
        int? Recruitment,
        int? ClassroomsToBuild,
        decimal TeacherStock,
        int TeacherGap,
        decimal ClassroomStock,
        int ClassroomGap);

    public sealed record YearOut(int Year, IReadOnlyList<CycleOut> Cycles);

    public sealed record UnitOut(string Code, string? Name, string? Province, string? Region, string? Area, YearOut Base, IReadOnlyList<YearOut> Years);

    public sealed record GapOut(
        string Key,
        decimal Pupils,
        int TeachersNeeded,
        decimal TeacherStock,
        int TeacherGapLocal,
        int TeacherGapNet,
        int TeachersToRecruit,
        int ClassroomsNeeded,
        decimal ClassroomStock,
        int ClassroomGapLocal,
        int ClassroomGapNet,
        int ClassroomsToBuild);

    public sealed record UnitGapOut(
        string Unit,
        string? Province,
        string? Region,
        string? Area,
        string Cycle,
        decimal Pupils,
        int TeachersNeeded,
        decimal TeacherStock,
        int TeacherGap,
        int TeachersToRecruit,
        int ClassroomsNeeded,
        decimal ClassroomStock,
        int ClassroomGap,
        int ClassroomsToBuild);

    /// <summary>Deficits: <c>local</c> sums each unit's own gap (a surplus elsewhere fills nothing), <c>net</c> pools units.</summary>
    public sealed record DeficitsOut(int Year, GapOut Total, IReadOnlyList<GapOut> ByCycle, IReadOnlyList<GapOut> ByProvince, IReadOnlyList<UnitGapOut>? Units);

    public sealed record VariantOut(string Name, string? Label, YearOut Base, IReadOnlyList<YearOut> Years, DeficitsOut Deficits, IReadOnlyList<UnitOut>? Units);

    public sealed record ChecksOut(decimal IdentityMaxResidual, string Identity);

    /// <summary>
    /// The whole document: the baseline's <c>years</c> (summed over units) at the top, as the minimal form expects,
    /// then its deficits, each variant side by side, and optionally every unit's detail.
    /// </summary>
    public sealed record ReportOut(
        string Scenario,
        int BaseYear,
        int EndYear,
        string Variant,
        YearOut Base,
        IReadOnlyList<YearOut> Years,
        DeficitsOut Deficits,
        IReadOnlyList<VariantOut> Variants,
        IReadOnlyList<UnitOut>? Units,
        ChecksOut Checks,
        IReadOnlyList<string> Sources,
        AllocationOut? Allocation = null);

    public sealed record SiteOut(string Unit, string? Province, string? Region, string? Area, string Cycle, decimal Pupils, int ClassroomsNeeded,
        decimal Classrooms, int TeachersNeeded, decimal Teachers, int NewClassrooms, int NewTeachers, decimal OvercrowdedBefore, decimal UnplacedBefore,
        decimal OvercrowdedAfter, decimal UnplacedAfter);

    public sealed record ProvinceAllocationOut(string Province, int NewClassrooms, int NewTeachers, decimal OvercrowdedBefore, decimal OvercrowdedAfter,
        decimal UnplacedBefore, decimal UnplacedAfter);

    /// <summary>The allocation: totals, per province (sums of its units) and per site (units with something allocated or a pupil left above the norms).</summary>
    public sealed record AllocationOut(string Variant, int Year, string Status, decimal Objective, decimal ObjectiveBefore, decimal BestBound, decimal Budget,
        decimal Spent, int NewClassrooms, int NewTeachers, decimal OvercrowdedBefore, decimal UnplacedBefore, decimal OvercrowdedAfter, decimal UnplacedAfter,
        int Variables, int Constraints, decimal Seconds, IReadOnlyList<ProvinceAllocationOut> ByProvince, IReadOnlyList<SiteOut> Sites);

    private static decimal D(double v) => R((decimal)Math.Round(v, 6));

    public static AllocationOut Allocation(AllocationResult r, string variant)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(variant, r.Year, r.Status, D(r.Objective), D(r.ObjectiveBefore), D(r.BestBound), R(r.Budget), R(r.Spent), r.NewClassrooms, r.NewTeachers,
            D(r.OvercrowdedBefore), D(r.UnplacedBefore), D(r.OvercrowdedAfter), D(r.UnplacedAfter), r.Variables, r.Constraints, D(Math.Round(r.Seconds, 3)),
            [.. r.Sites.GroupBy(s => s.Site.Province ?? s.Site.Unit, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new ProvinceAllocationOut(g.Key, g.Sum(s => s.NewClassrooms), g.Sum(s => s.NewTeachers), D(g.Sum(s => s.OvercrowdedBefore)),
                    D(g.Sum(s => s.OvercrowdedAfter)), D(g.Sum(s => s.UnplacedBefore)), D(g.Sum(s => s.UnplacedAfter))))],
            [.. r.Sites.Where(s => s.NewClassrooms + s.NewTeachers > 0 || s.OvercrowdedAfter > 0).Select(s => new SiteOut(s.Site.Unit, s.Site.Province,
                s.Site.Region, s.Site.Area, s.Site.Cycle, R(s.Site.Pupils), s.Site.ClassroomsNeeded, R(s.Site.Classrooms), s.Site.TeachersNeeded,
                R(s.Site.Teachers), s.NewClassrooms, s.NewTeachers, D(s.OvercrowdedBefore), D(s.UnplacedBefore), D(s.OvercrowdedAfter), D(s.UnplacedAfter)))]);
    }

    /// <summary>The report of the baseline (first projection) and its variants.</summary>
    public static ReportOut Build(PlanningScenario scenario, IReadOnlyList<ScenarioProjection> projections, bool units = false)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(projections);
        var b = projections[0];
        return new ReportOut(b.Scenario, b.BaseYear, b.EndYear, b.Variant, Year(b.Base), [.. b.Years.Select(Year)], Deficits(b.Deficits, units),
            [.. projections.Skip(1).Select(p => new VariantOut(p.Variant, p.Label, Year(p.Base), [.. p.Years.Select(Year)], Deficits(p.Deficits, units),
                units ? Units(p) : null))],
            units ? Units(b) : null,
            new ChecksOut(R(projections.Max(p => p.MaxIdentityResidual)),
                "E_total[t+1] = E_total[t] + new_entrants[t+1] - completers - sum(dropouts), every unit, cycle and year"),
            scenario.Sources);
    }

    private static List<UnitOut> Units(ScenarioProjection p) =>
        [.. p.Units.Select(u => new UnitOut(u.Unit.Code, u.Unit.Name, u.Unit.Province, u.Unit.Region, u.Unit.Area,
            new YearOut(p.BaseYear, [.. u.Cycles.Select(c => Cycle(c.Base))]),
            [.. Enumerable.Range(0, p.Years.Count).Select(k => new YearOut(p.BaseYear + k + 1, [.. u.Cycles.Select(c => Cycle(c.Years[k]))]))]))];

    public static YearOut Year(YearTotals y) => new(y.Year, [.. y.Cycles.Select(Cycle)]);

    public static CycleOut Cycle(CycleYear c) => new(c.Name, [.. c.Enrolment.Select(R)], R(c.Total), N(c.NewEntrants), N(c.Completers),
        c.Dropouts is null ? null : [.. c.Dropouts.Select(R)], c.Teachers, c.Classes, c.Classrooms, c.Recruitment, c.ClassroomsToBuild,
        R(c.TeacherStock), c.TeacherGap, R(c.ClassroomStock), c.ClassroomGap);

    public static DeficitsOut Deficits(DeficitSummary d, bool units) => new(d.Year, Gap(d.Total), [.. d.ByCycle.Select(Gap)], [.. d.ByProvince.Select(Gap)],
        units ? [.. d.Units.Select(u => new UnitGapOut(u.Unit, u.Province, u.Region, u.Area, u.Cycle, R(u.Pupils), u.TeachersNeeded, R(u.TeacherStock),
            u.TeacherGap, u.TeachersToRecruit, u.ClassroomsNeeded, R(u.ClassroomStock), u.ClassroomGap, u.ClassroomsToBuild))] : null);

    public static GapOut Gap(GapTotals g) => new(g.Key, R(g.Pupils), g.TeachersNeeded, R(g.TeacherStock), g.TeacherGapLocal, g.TeacherGapNet,
        g.TeachersToRecruit, g.ClassroomsNeeded, R(g.ClassroomStock), g.ClassroomGapLocal, g.ClassroomGapNet, g.ClassroomsToBuild);

    /// <summary>Rounded to 6 decimal places, trailing zeros dropped (1051.260000 → 1051.26).</summary>
    public static decimal R(decimal v) => decimal.Round(v, 6, MidpointRounding.AwayFromZero) / 1.000000000000000000000000000000000m;

    private static decimal? N(decimal? v) => v is { } x ? R(x) : null;
}
