namespace Basira.Education.Planning;

/// <summary>
/// One cycle of one unit (or the sum over units) in one year. In a projected year, <see cref="NewEntrants"/>,
/// <see cref="Completers"/> and <see cref="Dropouts"/> are the flows out of the previous year that led to this year's
/// enrolment, so that Total = previous total + new entrants − completers − Σ dropouts (METHOD §3); in the base year
/// they are null.
/// </summary>
public sealed record CycleYear(
    string Name,
    int Year,
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

/// <summary>A cycle of a unit: its base year and each projected year.</summary>
public sealed record CycleProjection(string Name, CycleYear Base, IReadOnlyList<CycleYear> Years);

/// <summary>A unit's projection.</summary>
public sealed record UnitProjection(PlanningUnit Unit, IReadOnlyList<CycleProjection> Cycles);

/// <summary>Every cycle in one year, summed over units (teachers, classes and gaps are sums of the units' own figures).</summary>
public sealed record YearTotals(int Year, IReadOnlyList<CycleYear> Cycles);

/// <summary>The projection of one variant of a scenario (the baseline is the variant named <c>baseline</c>).</summary>
public sealed record ScenarioProjection(
    string Scenario,
    string Variant,
    string? Label,
    int BaseYear,
    int EndYear,
    IReadOnlyList<UnitProjection> Units,
    YearTotals Base,
    IReadOnlyList<YearTotals> Years,
    DeficitSummary Deficits,
    decimal MaxIdentityResidual);

/// <summary>A unit's needs and gaps for one cycle in the deficit year.</summary>
/// <param name="TeacherGap">Teachers needed − teachers in post with no further recruitment (stock × (1 − a)^n + supply), when positive.</param>
/// <param name="TeachersToRecruit">Recruitment over the horizon (METHOD §4: growth + attrition each year) plus the base year's shortfall.</param>
/// <param name="ClassroomGap">Classrooms needed − usable classrooms with no further building (stock × (1 − δ)^n), when positive.</param>
/// <param name="ClassroomsToBuild">Classrooms built over the horizon (METHOD §5, year by year).</param>
public sealed record UnitDeficit(
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

/// <summary>
/// Gaps of a set of units (a cycle nationally, a province, all): <c>Local</c> sums the units' positive gaps (a surplus
/// in one unit fills no gap in another, METHOD §5); <c>Net</c> is what one pooled national count would show.
/// </summary>
public sealed record GapTotals(
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

/// <summary>Deficits in the deficit year: per unit and cycle, then summed locally per cycle, per province and in all.</summary>
public sealed record DeficitSummary(
    int Year,
    IReadOnlyList<UnitDeficit> Units,
    IReadOnlyList<GapTotals> ByCycle,
    IReadOnlyList<GapTotals> ByProvince,
    GapTotals Total);
