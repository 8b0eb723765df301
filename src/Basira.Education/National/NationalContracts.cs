namespace Basira.Education.National;

/// <summary>A school as the platform stores it (operational store and analytics copy).</summary>
/// <param name="Code">School code (the school system's identifier; not personal).</param>
/// <param name="Name">Name.</param>
/// <param name="Region">Region ISO code (MA-01..MA-12).</param>
/// <param name="Province">Province code of morocco-geo (e.g. MA-AZI).</param>
/// <param name="Commune">Commune code.</param>
/// <param name="CommuneName">Commune name.</param>
/// <param name="Milieu"><c>urban</c> or <c>rural</c>.</param>
/// <param name="Cycle"><c>primary</c>, <c>college</c> or <c>lycee</c>.</param>
/// <param name="Synthetic">True for generated data.</param>
public sealed record SchoolRow(string Code, string Name, string Region, string Province, string Commune, string CommuneName,
    string Milieu, string Cycle, bool Synthetic);

/// <summary>
/// One pupil in one school year, before pseudonymisation: <see cref="PupilId"/> is the source identifier, which the
/// loader replaces by a keyed pseudonym and never stores. Optional fields are null when the extract does not carry them.
/// </summary>
public sealed record PupilYearRow
{
    /// <summary>Source identifier (pseudonymised on the way in, never stored).</summary>
    public required string PupilId { get; init; }

    /// <summary>First calendar year of the school year (2024 = 2024-25).</summary>
    public required int Year { get; init; }

    /// <summary>School code.</summary>
    public required string SchoolCode { get; init; }

    /// <summary><c>F</c> or <c>M</c>.</summary>
    public required string Sex { get; init; }

    /// <summary>Date of birth.</summary>
    public required DateOnly BirthDate { get; init; }

    /// <summary>Grade code (1AP..6AP, 1AC..3AC, TC, 1BAC, 2BAC).</summary>
    public required string Grade { get; init; }

    /// <summary><c>primary</c>, <c>college</c> or <c>lycee</c>.</summary>
    public required string Cycle { get; init; }

    /// <summary>Milieu of residence: <c>urban</c> or <c>rural</c>.</summary>
    public required string Milieu { get; init; }

    /// <summary>Home-to-school distance in km.</summary>
    public double? DistanceKm { get; init; }

    /// <summary>Grades repeated so far.</summary>
    public int? Repetitions { get; init; }

    /// <summary>Boards at school.</summary>
    public bool? Boarding { get; init; }

    /// <summary>Uses school transport.</summary>
    public bool? SchoolTransport { get; init; }

    /// <summary>Family receives social support for schooling.</summary>
    public bool? SocialSupport { get; init; }

    /// <summary>Teaching days of the year (generated data).</summary>
    public int? SchoolDays { get; init; }

    /// <summary>Days absent over the year (generated data; for imports, the absence events count).</summary>
    public int? AbsenceDays { get; init; }

    /// <summary>Justified days absent.</summary>
    public int? JustifiedAbsenceDays { get; init; }

    /// <summary>Days absent in term 1.</summary>
    public int? AbsenceDaysTerm1 { get; init; }

    /// <summary>Teaching days of term 1.</summary>
    public int? SchoolDaysTerm1 { get; init; }

    /// <summary>Term-1 average (0-20).</summary>
    public double? Term1Average { get; init; }

    /// <summary>Term-2 average (0-20).</summary>
    public double? Term2Average { get; init; }

    /// <summary>Outcome at the end of the year: <c>continued</c>, <c>repeated</c>, <c>dropped</c>, or null when not known yet.</summary>
    public string? Outcome { get; init; }
}

/// <summary>A day of absence of the pupil at <see cref="PupilIndex"/> in the batch's pupil list.</summary>
/// <param name="PupilIndex">Index in <see cref="NationalBatch.Pupils"/>.</param>
/// <param name="Day">Teaching day.</param>
/// <param name="Code">Justification code: MAL, FAM, INT, TRV, NJ.</param>
public readonly record struct AbsenceEntry(int PupilIndex, DateOnly Day, string Code);

/// <summary>A term mark of the pupil at <see cref="PupilIndex"/>.</summary>
/// <param name="PupilIndex">Index in <see cref="NationalBatch.Pupils"/>.</param>
/// <param name="Term">1 or 2.</param>
/// <param name="Subject">Subject code (ar, fr, math, …).</param>
/// <param name="Mark">Mark out of 20.</param>
public readonly record struct MarkEntry(int PupilIndex, int Term, string Subject, double Mark);

/// <summary>What a bulk load writes for one school: its pupils (any years), their absences and marks.</summary>
/// <param name="SchoolCode">School code (added before with <see cref="NationalBulkLoad.AddSchools"/>).</param>
/// <param name="Pupils">Pupil-year rows.</param>
/// <param name="Absences">Absence days, referring to <paramref name="Pupils"/> by index.</param>
/// <param name="Marks">Term marks, referring to <paramref name="Pupils"/> by index.</param>
public sealed record NationalBatch(string SchoolCode, IReadOnlyList<PupilYearRow> Pupils, IReadOnlyList<AbsenceEntry> Absences, IReadOnlyList<MarkEntry> Marks);

/// <summary>A teaching day of a school year.</summary>
/// <param name="Day">Date.</param>
/// <param name="Term">1 or 2.</param>
public readonly record struct SchoolDayRow(DateOnly Day, int Term);

/// <summary>Rows written by a bulk load, per table.</summary>
/// <param name="Schools">Schools.</param>
/// <param name="Pupils">Pupil-year rows.</param>
/// <param name="Absences">Absence days.</param>
/// <param name="Marks">Marks.</param>
/// <param name="AnalyticsFile">The DuckDB file.</param>
public sealed record NationalLoadReport(long Schools, long Pupils, long Absences, long Marks, string AnalyticsFile);

/// <summary>Pupils and dropout rate of one cycle in <see cref="NationalSummary"/>.</summary>
/// <param name="Pupils">Pupils.</param>
/// <param name="DropoutRate">Dropouts / pupils.</param>
public sealed record CycleSummary(long Pupils, double DropoutRate);

/// <summary>Pupils and dropout rate of one region in <see cref="NationalSummary"/>.</summary>
/// <param name="Key">Region ISO code.</param>
/// <param name="Pupils">Pupils.</param>
/// <param name="DropoutRate">Dropouts / pupils.</param>
public sealed record RegionSummary(string Key, long Pupils, double DropoutRate);

/// <summary>What is loaded for the latest school year (<c>basira synth summary</c>).</summary>
/// <param name="Pupils">Pupils of the latest year.</param>
/// <param name="Schools">Schools.</param>
/// <param name="RuralSchoolShare">Share of rural schools.</param>
/// <param name="GirlsShare">Share of girls.</param>
/// <param name="RuralPupilShare">Share of rural pupils.</param>
/// <param name="Dropouts">Pupils whose outcome is dropped.</param>
/// <param name="ByCycle">primary, college, lycee.</param>
/// <param name="ByRegion">Regions in code order.</param>
public sealed record NationalSummary(long Pupils, long Schools, double RuralSchoolShare, double GirlsShare, double RuralPupilShare, long Dropouts,
    IReadOnlyDictionary<string, CycleSummary> ByCycle, IReadOnlyList<RegionSummary> ByRegion);
