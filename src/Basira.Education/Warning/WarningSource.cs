using System.Data.Common;
using Basira.Education.National;
using DuckDB.NET.Data;

namespace Basira.Education.Warning;

/// <summary>
/// The national early warning's input read back from the education analytics store (the pupil-years and absence days
/// that <c>basira demo --pupils N</c> or <c>basira edu import</c> loaded): one school year as a <see cref="WarningCohort"/>,
/// streamed from DuckDB without keeping the rows, with each pupil's absence days per justification code. Pupils carry
/// the platform's pseudonym already; no identifier is read.
/// </summary>
public sealed class WarningSource(NationalAnalyticsStore analytics)
{
    /// <summary>Whether national data are loaded.</summary>
    public bool HasData => analytics.Exists;

    /// <summary>The school years loaded (first calendar year), oldest first.</summary>
    /// <exception cref="Governance.DataInputException">No national data loaded.</exception>
    public IReadOnlyList<int> Years()
    {
        using var c = analytics.Open();
        return c.Query("SELECT DISTINCT year FROM pupils ORDER BY year", r => (int)r.L(0));
    }

    /// <summary>Reads one school year (<paramref name="keepCodes"/>: the pupils' pseudonyms, to score and propose).</summary>
    /// <exception cref="Governance.DataInputException">No national data loaded.</exception>
    public WarningCohort Read(int year, bool keepCodes, CancellationToken cancellationToken = default)
    {
        using var c = analytics.Open();
        var expected = c.Long("SELECT COUNT(*) FROM pupils WHERE year = ?", year);
        var schoolDays = c.Long("SELECT COUNT(*) FROM school_days WHERE year = ?", year);
        var cohort = new WarningCohort(keepCodes, (int)Math.Min(int.MaxValue, expected));
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT p.subject, s.school_code, s.region, s.province, p.sex, p.milieu, p.grade, p.distance_km, p.repetitions,
              p.school_transport, p.boarding, p.social_support, p.school_days, p.absence_days, p.justified_absence_days,
              p.term1_average, p.term2_average, p.outcome,
              a.mal, a.fam, a.int, a.trv, a.nj
            FROM pupils p JOIN schools s ON s.school_key = p.school_key
            LEFT JOIN (
              SELECT pupil_key,
                COUNT(*) FILTER (WHERE code = 'MAL') AS mal, COUNT(*) FILTER (WHERE code = 'FAM') AS fam,
                COUNT(*) FILTER (WHERE code = 'INT') AS int, COUNT(*) FILTER (WHERE code = 'TRV') AS trv,
                COUNT(*) FILTER (WHERE code = 'NJ') AS nj
              FROM absences WHERE year = ? GROUP BY pupil_key) a ON a.pupil_key = p.pupil_key
            WHERE p.year = ?
            ORDER BY p.school_key, p.pupil_key
            """;
        cmd.Parameters.Add(new DuckDBParameter(year));
        cmd.Parameters.Add(new DuckDBParameter(year));
        using var r = cmd.ExecuteReader();
        long n = 0;
        while (r.Read())
        {
            if ((++n & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            var codes = new int[5];
            for (var k = 0; k < 5; k++) codes[k] = (int)r.L(18 + k);
            var events = codes.Sum();
            double t1 = r.D(15), t2 = r.D(16);
            var average = double.IsNaN(t1) ? t2 : double.IsNaN(t2) ? t1 : (t1 + t2) / 2;
            cohort.Add(new WarningPupil
            {
                PupilCode = r.S(0),
                Pseudonymised = true,
                SchoolId = r.S(1),
                RegionCode = r.S(2),
                ProvinceCode = r.S(3),
                Sex = r.S(4),
                Milieu = r.S(5),
                Grade = r.S(6),
                DistanceKm = r.D(7),
                Repetitions = r.IsDBNull(8) ? 0 : (int)r.L(8),
                SchoolTransport = Flag(r, 9),
                Boarding = Flag(r, 10),
                SocialSupport = Flag(r, 11),
                SchoolDays = r.IsDBNull(12) ? (int)schoolDays : (int)r.L(12),
                // Imported years carry absence events only: the day counts come from them.
                AbsenceDays = r.IsDBNull(13) ? events : (int)r.L(13),
                JustifiedAbsenceDays = r.IsDBNull(14) ? codes[0] + codes[1] + codes[2] : (int)r.L(14),
                AnnualAverage = Math.Round(average, 2),
                DroppedOut = r.IsDBNull(17) ? null : r.S(17) == "dropped",
                AbsenceDaysByCode = codes,
            });
        }
        return cohort.Complete();
    }

    private static bool Flag(DbDataReader r, int i) => !r.IsDBNull(i) && Convert.ToBoolean(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
}
