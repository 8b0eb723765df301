namespace Basira.Synth.National;

/// <summary>What became of a pupil at the end of a school year.</summary>
public enum YearOutcome
{
    /// <summary>Promoted to the next grade (or, in the last grade of a cycle, on to the next cycle or the baccalauréat) (code <c>continued</c>).</summary>
    Continued,

    /// <summary>Repeats the same grade next year (code <c>repeated</c>).</summary>
    Repeated,

    /// <summary>Not enrolled next year: left school (code <c>dropped</c>).</summary>
    Dropped,
}

/// <summary>Reason recorded with an absence (the justification code of the school-system extract).</summary>
public enum AbsenceReason
{
    /// <summary>Illness, justified by a certificate (code <c>MAL</c>).</summary>
    Illness,

    /// <summary>Family reason, justified by the family (code <c>FAM</c>).</summary>
    Family,

    /// <summary>Bad weather or no transport (snow, flood, road cut), justified (code <c>INT</c>).</summary>
    WeatherOrTransport,

    /// <summary>Farm or household work (harvests), not justified (code <c>TRV</c>).</summary>
    FarmWork,

    /// <summary>No justification (code <c>NJ</c>).</summary>
    Unjustified,
}

/// <summary>Subjects with a term mark.</summary>
public enum Subject
{
    /// <summary>Arabic (code <c>ar</c>).</summary>
    Arabic,

    /// <summary>French (code <c>fr</c>).</summary>
    French,

    /// <summary>Mathematics (code <c>math</c>).</summary>
    Mathematics,
}

/// <summary>Codes used in files and stores for the national model's enumerations.</summary>
public static class NationalCodes
{
    /// <summary>Code of an absence reason: MAL, FAM, INT, TRV or NJ.</summary>
    public static string Code(this AbsenceReason reason) => reason switch
    {
        AbsenceReason.Illness => "MAL",
        AbsenceReason.Family => "FAM",
        AbsenceReason.WeatherOrTransport => "INT",
        AbsenceReason.FarmWork => "TRV",
        _ => "NJ",
    };

    /// <summary>Whether the reason counts as a justified absence.</summary>
    public static bool IsJustified(this AbsenceReason reason) => reason is AbsenceReason.Illness or AbsenceReason.Family or AbsenceReason.WeatherOrTransport;

    /// <summary>Parses an absence code (case-insensitive); null when unknown.</summary>
    public static AbsenceReason? ParseAbsenceReason(string code) => code.Trim().ToUpperInvariant() switch
    {
        "MAL" => AbsenceReason.Illness,
        "FAM" => AbsenceReason.Family,
        "INT" => AbsenceReason.WeatherOrTransport,
        "TRV" => AbsenceReason.FarmWork,
        "NJ" => AbsenceReason.Unjustified,
        _ => null,
    };

    /// <summary>Code of an outcome: continued, repeated or dropped.</summary>
    public static string Code(this YearOutcome outcome) => outcome switch
    {
        YearOutcome.Continued => "continued",
        YearOutcome.Repeated => "repeated",
        _ => "dropped",
    };

    /// <summary>Code of a subject: ar, fr or math.</summary>
    public static string Code(this Subject subject) => subject switch
    {
        Subject.Arabic => "ar",
        Subject.French => "fr",
        _ => "math",
    };

    /// <summary>Code of a cycle: primary, college or lycee.</summary>
    public static string Code(this Cycle cycle) => cycle switch
    {
        Cycle.Primary => "primary",
        Cycle.LowerSecondary => "college",
        _ => "lycee",
    };

    /// <summary>Code of a milieu: urban or rural.</summary>
    public static string Code(this Milieu milieu) => milieu == Milieu.Urban ? "urban" : "rural";

    /// <summary>Grades of a cycle in order: 1AP..6AP, 1AC..3AC, TC, 1BAC, 2BAC.</summary>
    public static IReadOnlyList<string> Grades(this Cycle cycle) => cycle switch
    {
        Cycle.Primary => ["1AP", "2AP", "3AP", "4AP", "5AP", "6AP"],
        Cycle.LowerSecondary => ["1AC", "2AC", "3AC"],
        _ => ["TC", "1BAC", "2BAC"],
    };

    /// <summary>Cycle of a grade code; null when unknown.</summary>
    public static Cycle? CycleOfGrade(string grade) => grade.Trim().ToUpperInvariant() switch
    {
        "1AP" or "2AP" or "3AP" or "4AP" or "5AP" or "6AP" => Cycle.Primary,
        "1AC" or "2AC" or "3AC" => Cycle.LowerSecondary,
        "TC" or "1BAC" or "2BAC" => Cycle.UpperSecondary,
        _ => null,
    };

    /// <summary>Source identifier of a synthetic pupil, e.g. <c>SYN0001234567</c> (what a school-system extract would carry).</summary>
    public static string PupilCode(long pupilId) => $"SYN{pupilId:D10}";
}

/// <summary>A commune of the synthetic Morocco (names are labelled synthetic unless real).</summary>
/// <param name="Code">Code, e.g. <c>MA-AZI-R03</c> (province, U/R for urban or rural, serial).</param>
/// <param name="Name">Name.</param>
/// <param name="ProvinceCode">Province code (morocco-geo id).</param>
/// <param name="RegionCode">Region ISO code.</param>
/// <param name="Milieu">Urban or rural commune.</param>
public sealed record NationalCommune(string Code, string Name, string ProvinceCode, string RegionCode, Milieu Milieu);

/// <summary>A synthetic public establishment of the national population.</summary>
/// <param name="Index">Position in <see cref="NationalGenerator.Schools"/> (also the unit of the per-school seed).</param>
/// <param name="Id">Synthetic code, e.g. <c>SYN-E-AZI-P0012</c>.</param>
/// <param name="Name">Fictitious name, suffixed "(synthétique)".</param>
/// <param name="RegionCode">Region ISO code.</param>
/// <param name="ProvinceCode">Province code.</param>
/// <param name="CommuneCode">Commune code.</param>
/// <param name="Milieu">Urban or rural.</param>
/// <param name="Cycle">Cycle taught.</param>
/// <param name="Pupils">Pupils enrolled in the current year (year t).</param>
/// <param name="Mountain">In a mountain area (winter closures).</param>
/// <param name="HasTransport">Offers school transport.</param>
/// <param name="HasBoarding">Has a boarding house (internat, Dar Talib/Taliba).</param>
/// <param name="MedianDistanceKm">Median home-to-school distance of its catchment.</param>
/// <param name="RuralPupilShare">Share of its pupils who live in a rural area (rural pupils also attend collèges and lycées in town).</param>
public sealed record NationalSchool(
    int Index,
    string Id,
    string Name,
    string RegionCode,
    string ProvinceCode,
    string CommuneCode,
    Milieu Milieu,
    Cycle Cycle,
    int Pupils,
    bool Mountain,
    bool HasTransport,
    bool HasBoarding,
    double MedianDistanceKm,
    double RuralPupilShare);

/// <summary>
/// One pupil in one school year: what a school-system extract holds (identity attributes, enrolment, the year's
/// attendance and marks) and the outcome at the end of that year. Every value is SYNTHETIC.
/// </summary>
public sealed record PupilRecord
{
    /// <summary>Synthetic pupil number, the same in both years for a pupil who stays in the school.</summary>
    public required long PupilId { get; init; }

    /// <summary>First calendar year of the school year described (year t or t−1).</summary>
    public required int Year { get; init; }

    /// <summary>Index of the school in <see cref="NationalGenerator.Schools"/>.</summary>
    public required int SchoolIndex { get; init; }

    /// <summary>School code.</summary>
    public required string SchoolId { get; init; }

    /// <summary>Region ISO code.</summary>
    public required string RegionCode { get; init; }

    /// <summary>Province code.</summary>
    public required string ProvinceCode { get; init; }

    /// <summary>Commune code.</summary>
    public required string CommuneCode { get; init; }

    /// <summary><c>F</c> or <c>M</c>.</summary>
    public required char Sex { get; init; }

    /// <summary>Date of birth.</summary>
    public required DateOnly BirthDate { get; init; }

    /// <summary>Grade code (1AP..2BAC).</summary>
    public required string Grade { get; init; }

    /// <summary>Cycle of the grade.</summary>
    public required Cycle Cycle { get; init; }

    /// <summary>Milieu of residence (a rural pupil may attend a school in town).</summary>
    public required Milieu Milieu { get; init; }

    /// <summary>Home-to-school distance in km.</summary>
    public required double DistanceKm { get; init; }

    /// <summary>Grades repeated before this year (including last year's).</summary>
    public required int Repetitions { get; init; }

    /// <summary>Whether the pupil boards (internat, Dar Talib/Taliba).</summary>
    public required bool Boarding { get; init; }

    /// <summary>Whether the pupil uses school transport.</summary>
    public required bool SchoolTransport { get; init; }

    /// <summary>Whether the family receives social support for schooling (conditional cash transfer, kits).</summary>
    public required bool SocialSupport { get; init; }

    /// <summary>Teaching days of the year.</summary>
    public required int SchoolDays { get; init; }

    /// <summary>Days absent over the year.</summary>
    public required int AbsenceDays { get; init; }

    /// <summary>Days absent with a justified reason.</summary>
    public required int JustifiedAbsenceDays { get; init; }

    /// <summary>Days absent in term 1 (before the mid-year break).</summary>
    public required int AbsenceDaysTerm1 { get; init; }

    /// <summary>Teaching days of term 1.</summary>
    public required int SchoolDaysTerm1 { get; init; }

    /// <summary>Average of the term-1 marks (0-20).</summary>
    public required double Term1Average { get; init; }

    /// <summary>Average of the term-2 marks (0-20).</summary>
    public required double Term2Average { get; init; }

    /// <summary>Outcome at the end of the year.</summary>
    public required YearOutcome Outcome { get; init; }

    /// <summary>The causal model's probability of dropping out (the truth the outcome was drawn from; an oracle for evaluation only).</summary>
    public required double DropoutProbability { get; init; }

    /// <summary>Source identifier, e.g. <c>SYN0001234567</c>.</summary>
    public string PupilCode => NationalCodes.PupilCode(PupilId);

    /// <summary>Absence days divided by teaching days of the year.</summary>
    public double AbsenceRate => SchoolDays == 0 ? 0 : AbsenceDays / (double)SchoolDays;

    /// <summary>Absence rate of term 1.</summary>
    public double AbsenceRateTerm1 => SchoolDaysTerm1 == 0 ? 0 : AbsenceDaysTerm1 / (double)SchoolDaysTerm1;

    /// <summary>Share of absence days that were not justified (0 without absence).</summary>
    public double UnjustifiedShare => AbsenceDays == 0 ? 0 : (AbsenceDays - JustifiedAbsenceDays) / (double)AbsenceDays;

    /// <summary>Annual average: mean of the two term averages.</summary>
    public double AnnualAverage => Math.Round((Term1Average + Term2Average) / 2, 2);

    /// <summary>Age in whole years on 1 September of the school year.</summary>
    public int AgeAtStart
    {
        get
        {
            var start = new DateOnly(Year, 9, 1);
            var age = start.Year - BirthDate.Year;
            return BirthDate > start.AddYears(-age) ? age - 1 : age;
        }
    }

    /// <summary>Whether the outcome is <see cref="YearOutcome.Dropped"/>.</summary>
    public bool DroppedOut => Outcome == YearOutcome.Dropped;
}

/// <summary>One day of absence of one pupil.</summary>
/// <param name="PupilId">Pupil number.</param>
/// <param name="Date">Teaching day.</param>
/// <param name="Reason">Justification code.</param>
public readonly record struct AbsenceEvent(long PupilId, DateOnly Date, AbsenceReason Reason);

/// <summary>A term mark of one pupil in one subject (0-20).</summary>
/// <param name="PupilId">Pupil number.</param>
/// <param name="Year">First calendar year of the school year.</param>
/// <param name="Term">1 or 2.</param>
/// <param name="Subject">Subject.</param>
/// <param name="Mark">Mark out of 20, in quarter points.</param>
public readonly record struct TermMark(long PupilId, int Year, int Term, Subject Subject, double Mark);

/// <summary>
/// Everything generated for one school, both years: last year's pupils (year t−1, with their outcomes, which train a
/// model), this year's pupils (year t: continuing pupils under the same number, repeaters, and new entrants), this
/// year's absence events and term marks (and last year's when the options ask for them).
/// </summary>
/// <param name="School">The school.</param>
/// <param name="PreviousYear">Pupils of year t−1.</param>
/// <param name="CurrentYear">Pupils of year t.</param>
/// <param name="Absences">Absence events, in pupil then date order (year t, then year t−1 when requested).</param>
/// <param name="Marks">Term marks (year t, then year t−1 when requested).</param>
public sealed record SchoolBatch(
    NationalSchool School,
    IReadOnlyList<PupilRecord> PreviousYear,
    IReadOnlyList<PupilRecord> CurrentYear,
    IReadOnlyList<AbsenceEvent> Absences,
    IReadOnlyList<TermMark> Marks);
