namespace Basira.Education.Planning;

/// <summary>
/// A planning scenario: base-year enrolment and flow rates per unit (a province, a province's urban or rural part, a
/// commune…) and cycle, the norms that turn pupils into teachers and classrooms, policy targets, and variants to compare.
/// Read from JSON by <see cref="ScenarioReader"/>; projected by <see cref="EnrolmentProjection"/>. Method:
/// docs/education-planning.md (after ../shared/datasets/education-planning/METHOD.md).
/// </summary>
public sealed record PlanningScenario
{
    /// <summary>Name shown in outputs.</summary>
    public string Name { get; init; } = "scenario";

    /// <summary>School year of the base enrolment (the year the rentrée falls in: 2024 for 2024-25).</summary>
    public required int BaseYear { get; init; }

    /// <summary>Number of projected years after the base year (≥ 1).</summary>
    public required int Years { get; init; }

    /// <summary>Last projected year.</summary>
    public int EndYear => BaseYear + Years;

    /// <summary>The units (at least one), each with its cycles. Deficits are computed per unit, then summed.</summary>
    public required IReadOnlyList<PlanningUnit> Units { get; init; }

    /// <summary>Policy variants projected beside the baseline (the scenario as given).</summary>
    public IReadOnlyList<ScenarioVariant> Variants { get; init; } = [];

    /// <summary>Where the figures come from (shown with the results; a built-in scenario lists its sources here).</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>Budget and costs for the allocation (optional).</summary>
    public AllocationSettings? Allocation { get; init; }
}

/// <summary>A territorial unit: deficits are computed here and never offset by another unit's surplus.</summary>
public sealed record PlanningUnit
{
    /// <summary>Unique code in the scenario (e.g. <c>MA-CAS-R</c>, or <c>national</c> in the minimal form).</summary>
    public required string Code { get; init; }

    public string? Name { get; init; }

    /// <summary>Province the unit belongs to (a province code, e.g. <c>MA-CAS</c>): the map sums units per province.</summary>
    public string? Province { get; init; }

    /// <summary>Region code (MA-01 … MA-12).</summary>
    public string? Region { get; init; }

    /// <summary><c>urban</c>, <c>rural</c> or null.</summary>
    public string? Area { get; init; }

    public required IReadOnlyList<CycleInput> Cycles { get; init; }
}

/// <summary>One cycle (primary, collège, lycée…) of one unit: its grades, flows and norms.</summary>
public sealed record CycleInput
{
    public required string Name { get; init; }

    /// <summary>Base-year enrolment per grade (grade 1 first).</summary>
    public required IReadOnlyList<decimal> Enrolment { get; init; }

    public int Grades => Enrolment.Count;

    /// <summary>Promotion and repetition rates per grade over time: the base year's, then the targets.</summary>
    public required RatePath Rates { get; init; }

    /// <summary><c>given</c> (rates in the scenario) or <c>history</c> (estimated from last year's enrolment and this year's repeaters).</summary>
    public string RatesFrom { get; init; } = "given";

    /// <summary>How grade-1 entrants arrive.</summary>
    public required Intake Intake { get; init; }

    /// <summary>How many teachers the cycle needs.</summary>
    public required TeacherNorm Teachers { get; init; }

    /// <summary>Target maximum pupils per class (CS*), over time.</summary>
    public required ScalarPath MaxClassSize { get; init; }

    /// <summary>Share of classes in double shift (s), over time: rooms = classes · (1 − s/2).</summary>
    public ScalarPath DoubleShift { get; init; } = ScalarPath.Constant(0m);

    /// <summary>Number of schools (sites) over time, when dispersion matters: every school needs at least
    /// <see cref="MinClassesPerSchool"/> class per grade (0.5 = two grades share a multigrade class).</summary>
    public ScalarPath? Schools { get; init; }

    public decimal MinClassesPerSchool { get; init; } = 1m;

    /// <summary>Teachers in post in the base year (null: taken equal to the base year's need).</summary>
    public decimal? TeacherStock { get; init; }

    /// <summary>New teachers placed each year (trained and posted) in the "no further action" supply: Stock[t] = Stock[t−1]·(1 − a) + supply.</summary>
    public decimal TeacherSupply { get; init; }

    /// <summary>Usable classrooms in the base year (null: taken equal to the base year's need).</summary>
    public decimal? ClassroomStock { get; init; }

    /// <summary>Yearly teacher attrition rate a (retirement, death, resignation, transfer out).</summary>
    public decimal Attrition { get; init; }

    /// <summary>Yearly classroom obsolescence/replacement rate δ.</summary>
    public decimal Obsolescence { get; init; }

    /// <summary>Cost of one classroom (allocation; null: the scenario's default).</summary>
    public decimal? ClassroomCost { get; init; }

    /// <summary>Cost of one teacher (allocation; null: the scenario's default).</summary>
    public decimal? TeacherCost { get; init; }
}

/// <summary>How grade-1 entrants of a cycle are given.</summary>
public abstract record Intake;

/// <summary>Entrants for each projected year (the minimal form's <c>new_entrants</c>).</summary>
public sealed record EntrantsPerYear(IReadOnlyList<decimal> PerYear) : Intake;

/// <summary>Entrants in base year + k = <c>First</c> · (1 + <c>Growth</c>)^(k − 1).</summary>
public sealed record EntrantsGrowth(decimal First, decimal Growth) : Intake;

/// <summary>
/// Entrants of the next cycle (METHOD §3): TR[t] · E[G, t] of the cycle <c>From</c> in the same unit, plus
/// <c>OtherEntrants</c> a year from outside the projected system (e.g. private primary → public collège).
/// </summary>
public sealed record TransitionIntake(string From, ScalarPath Rate, decimal OtherEntrants) : Intake;

/// <summary>How many teachers a cycle needs (METHOD §4).</summary>
public abstract record TeacherNorm;

/// <summary>Class-teacher levels: pupils / PTR (rounded up).</summary>
public sealed record PupilTeacherRatio(ScalarPath Ptr) : TeacherNorm;

/// <summary>Class-teacher levels with classes: classes · teachers per class.</summary>
public sealed record TeachersPerClass(decimal PerClass) : TeacherNorm;

/// <summary>Subject-teacher levels: Σ_g classes[g] · H[g] / (L · u).</summary>
public sealed record WeeklyHours(IReadOnlyList<decimal> HoursPerGrade, decimal Load, decimal Utilisation) : TeacherNorm;

/// <summary>
/// A policy variant: changes applied to the baseline, immediately (no target year) or linearly from the base year to
/// <see cref="TargetYear"/> and held after it. Filters restrict it to some units, an area or some cycles.
/// </summary>
public sealed record ScenarioVariant
{
    public required string Name { get; init; }

    public string? Label { get; init; }

    public int? TargetYear { get; init; }

    public IReadOnlyList<string>? Units { get; init; }

    public string? Area { get; init; }

    public IReadOnlyList<string>? Cycles { get; init; }

    /// <summary>Dropout multiplied by this factor (0.5 = halved); repetition unchanged, promotion takes the difference.</summary>
    public decimal? DropoutFactor { get; init; }

    /// <summary>Repetition multiplied by this factor; the pupils no longer repeating are promoted.</summary>
    public decimal? RepetitionFactor { get; init; }

    /// <summary>Maximum class size capped at this value.</summary>
    public decimal? MaxClassSize { get; init; }

    /// <summary>Pupil-teacher ratio set to this value (cycles staffed by PTR).</summary>
    public decimal? Ptr { get; init; }

    /// <summary>Number of schools multiplied by this factor (consolidation &lt; 1), cycles with schools only.</summary>
    public decimal? SchoolsFactor { get; init; }

    /// <summary>Share of classes in double shift set to this value.</summary>
    public decimal? DoubleShift { get; init; }
}

/// <summary>Costs, budget and caps of the allocation (docs/education-planning.md, "Allocation under a budget").</summary>
public sealed record AllocationSettings
{
    /// <summary>Total budget (same currency as the costs).</summary>
    public required decimal Budget { get; init; }

    public required decimal ClassroomCost { get; init; }

    public required decimal TeacherCost { get; init; }

    /// <summary>Year whose enrolment the allocation serves (default: the last projected year).</summary>
    public int? Year { get; init; }

    /// <summary>Hard class size: pupils beyond rooms × this size have no place at all (default 1.25 × the norm).</summary>
    public decimal? HardClassSizeFactor { get; init; }

    /// <summary>Weight of a pupil without a place against a pupil in an overcrowded class (default 10).</summary>
    public decimal UnmetWeight { get; init; } = 10m;

    /// <summary>At most this many classrooms per unit (null: no cap).</summary>
    public decimal? MaxClassroomsPerUnit { get; init; }

    /// <summary>At most this many new teachers per unit (null: no cap).</summary>
    public decimal? MaxTeachersPerUnit { get; init; }

    /// <summary>At most this many classrooms per province, over its units (null: no cap).</summary>
    public decimal? MaxClassroomsPerProvince { get; init; }

    /// <summary>At most this many new teachers per province, over its units (null: no cap).</summary>
    public decimal? MaxTeachersPerProvince { get; init; }

    /// <summary>At most this many new teachers in all (training output; null: no cap).</summary>
    public decimal? MaxTeachersTotal { get; init; }

    /// <summary>Caps overriding the defaults, by unit code or province code.</summary>
    public IReadOnlyDictionary<string, UnitCaps> UnitCaps { get; init; } = new Dictionary<string, UnitCaps>();
}

/// <summary>Caps of one unit in the allocation.</summary>
public sealed record UnitCaps(decimal? MaxClassrooms, decimal? MaxTeachers);
