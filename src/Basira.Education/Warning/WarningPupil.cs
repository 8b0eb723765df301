using System.Globalization;
using Basira.Analytics.Tabular;

namespace Basira.Education.Warning;

/// <summary>
/// One pupil in one school year as the school-system extract holds it: where (school, commune, province, region), who
/// (sex, milieu of residence: audited, never model inputs), the year's record (grade, distance, repetitions, transport,
/// boarding, social support, absences, marks) and, for a past year, its outcome. The national early warning trains on
/// last year's pupils (outcome known) and scores this year's.
/// </summary>
public sealed record WarningPupil
{
    /// <summary>Source identifier of the pupil (pseudonymised before anything is stored).</summary>
    public required string PupilCode { get; init; }

    /// <summary>School code.</summary>
    public required string SchoolId { get; init; }

    /// <summary>Region ISO code (MA-01 … MA-12).</summary>
    public required string RegionCode { get; init; }

    /// <summary>Province code.</summary>
    public required string ProvinceCode { get; init; }

    /// <summary><c>F</c> or <c>M</c>.</summary>
    public required string Sex { get; init; }

    /// <summary><c>urban</c> or <c>rural</c> (of residence).</summary>
    public required string Milieu { get; init; }

    /// <summary>Grade code (1AP … 6AP, 1AC … 3AC, TC, 1BAC, 2BAC).</summary>
    public required string Grade { get; init; }

    /// <summary>Home-to-school distance (km).</summary>
    public double DistanceKm { get; init; }

    /// <summary>Grades repeated so far.</summary>
    public int Repetitions { get; init; }

    /// <summary>Uses school transport.</summary>
    public bool SchoolTransport { get; init; }

    /// <summary>Boards (internat, Dar Talib / Dar Taliba).</summary>
    public bool Boarding { get; init; }

    /// <summary>The family receives social support for schooling.</summary>
    public bool SocialSupport { get; init; }

    /// <summary>Teaching days of the year so far.</summary>
    public int SchoolDays { get; init; }

    /// <summary>Days absent.</summary>
    public int AbsenceDays { get; init; }

    /// <summary>Days absent with a justified reason.</summary>
    public int JustifiedAbsenceDays { get; init; }

    /// <summary>Average of the year's marks (0-20).</summary>
    public double AnnualAverage { get; init; }

    /// <summary>Dropped out at the end of the year (known for a past year; null when not known yet).</summary>
    public bool? DroppedOut { get; init; }

    /// <summary>Absence days per justification code, in the order of <see cref="WarningFeatures.AbsenceCodes"/> (optional).</summary>
    public int[]? AbsenceDaysByCode { get; init; }
}

/// <summary>
/// The national model's inputs and how a pupil-year becomes a feature row. Sex, milieu, region, province, commune and
/// school are never inputs (they are audited). Grades are coded in curriculum order (1AP = 0 … 2BAC = 11), yes/no
/// fields as 0/1, and the absence rate and unjustified share are computed from the day counts.
/// </summary>
public static class WarningFeatures
{
    /// <summary>The grades in curriculum order (the code of a grade is its index).</summary>
    public static readonly IReadOnlyList<string> Grades = ["1AP", "2AP", "3AP", "4AP", "5AP", "6AP", "1AC", "2AC", "3AC", "TC", "1BAC", "2BAC"];

    /// <summary>Absence justification codes: illness, family, weather or transport, farm work, none.</summary>
    public static readonly IReadOnlyList<string> AbsenceCodes = ["MAL", "FAM", "INT", "TRV", "NJ"];

    /// <summary>Values of the yes/no inputs (code 0 = no, 1 = yes).</summary>
    public static readonly IReadOnlyList<string> YesNo = ["no", "yes"];

    /// <summary>Input names in model order.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "grade", "distance_km", "repetitions", "school_transport", "boarding", "social_support", "absence_rate", "unjustified_share", "annual_average",
    ];

    /// <summary>The feature mapping stored in the model file.</summary>
    public static FeatureSchema Schema { get; } = new(
    [
        new FeatureSpec("grade", ColumnKind.Categorical, Grades),
        new FeatureSpec("distance_km", ColumnKind.Numeric, []),
        new FeatureSpec("repetitions", ColumnKind.Numeric, []),
        new FeatureSpec("school_transport", ColumnKind.Categorical, YesNo),
        new FeatureSpec("boarding", ColumnKind.Categorical, YesNo),
        new FeatureSpec("social_support", ColumnKind.Categorical, YesNo),
        new FeatureSpec("absence_rate", ColumnKind.Numeric, []),
        new FeatureSpec("unjustified_share", ColumnKind.Numeric, []),
        new FeatureSpec("annual_average", ColumnKind.Numeric, []),
    ]);

    private static readonly Dictionary<string, int> GradeCode =
        Grades.Select((g, i) => (g, i)).ToDictionary(t => t.g, t => t.i, StringComparer.OrdinalIgnoreCase);

    /// <summary>Writes the feature row of <paramref name="p"/> into <paramref name="row"/> (unknown grade → NaN).</summary>
    public static void Encode(WarningPupil p, Span<float> row)
    {
        row[0] = GradeCode.TryGetValue(p.Grade, out var g) ? g : float.NaN;
        row[1] = (float)p.DistanceKm;
        row[2] = p.Repetitions;
        row[3] = p.SchoolTransport ? 1 : 0;
        row[4] = p.Boarding ? 1 : 0;
        row[5] = p.SocialSupport ? 1 : 0;
        row[6] = p.SchoolDays > 0 ? (float)(p.AbsenceDays / (double)p.SchoolDays) : float.NaN;
        row[7] = p.AbsenceDays > 0 ? (float)((p.AbsenceDays - p.JustifiedAbsenceDays) / (double)p.AbsenceDays) : 0;
        row[8] = (float)p.AnnualAverage;
    }

    /// <summary>The value of input <paramref name="feature"/> as a decision records it (category code name, or an invariant number; null = missing).</summary>
    public static string? Value(int feature, float v)
    {
        if (float.IsNaN(v)) return null;
        var spec = Schema.Features[feature];
        if (spec.Kind == ColumnKind.Categorical)
        {
            var k = (int)v;
            return k >= 0 && k < spec.Categories.Count ? spec.Categories[k] : null;
        }
        return feature switch
        {
            2 => ((int)v).ToString(CultureInfo.InvariantCulture),
            6 or 7 => Math.Round(v, 4).ToString("0.####", CultureInfo.InvariantCulture),
            _ => Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture),
        };
    }
}
