using Basira.Governance.Privacy;

namespace Basira.Education.National;

/// <summary>
/// Façade of national-scale education data for the hosts (CLI, API, pages): bulk loads, the summary of what is
/// loaded, school-system imports and absenteeism aggregates. Aggregates only leave it: no pupil-level row.
/// </summary>
public sealed class NationalEducation(NationalAnalyticsStore analytics, NationalRecordStore records, Pseudonymiser pseudonymiser, TimeProvider clock)
{
    /// <summary>The analytics store.</summary>
    public NationalAnalyticsStore Analytics => analytics;

    /// <summary>The operational store of schools and pupils.</summary>
    public NationalRecordStore Records => records;

    /// <summary>Starts an all-or-nothing bulk load into an empty data directory.</summary>
    public NationalBulkLoad BeginBulkLoad(bool synthetic) => new(analytics, records, pseudonymiser, clock, synthetic);

    private NationalImporter? _importer;

    internal NationalImporter Importer => _importer ??= new NationalImporter(analytics, records, pseudonymiser, clock);

    /// <summary>
    /// Imports a school-system extract (CSV or XLSX; <paramref name="encoding"/> names a code page such as windows-1256,
    /// otherwise the file must be UTF-8): every row accepted or quarantined with its reason, all or nothing.
    /// </summary>
    public NationalImportReport Import(ImportKind kind, string path, string? encoding, string actor) => Importer.Import(kind, path, encoding, actor);

    /// <summary>Absence rates by area and period (aggregates only), within <paramref name="scope"/>.</summary>
    public IReadOnlyList<AbsenteeismRow> Absenteeism(AbsenteeismQuery query, AreaScope scope)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var c = analytics.Open();
        return NationalAbsenteeism.Query(c, query, scope);
    }

    /// <summary>Hot spots of the query's level: each area's last period against its baseline (<see cref="NationalAbsenteeism.TestName"/>).</summary>
    public HotSpotReport HotSpots(AbsenteeismQuery query, AreaScope scope)
    {
        ArgumentNullException.ThrowIfNull(query);
        return NationalAbsenteeism.HotSpots(Absenteeism(query with { Split = AbsenceSplit.None }, scope), query.Period);
    }

    /// <summary>The latest school year loaded (its first calendar year), or null.</summary>
    public int? LatestYear()
    {
        if (!analytics.Exists) return null;
        using var c = analytics.Open();
        return c.Scalar("SELECT max(year) FROM pupils") is { } y ? Convert.ToInt32(y, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    /// <summary>Whether the loaded data were generated (the SYNTHETIC demo).</summary>
    public bool IsSynthetic()
    {
        if (!analytics.Exists) return false;
        using var c = analytics.Open();
        return c.Long("SELECT count(*) FROM schools WHERE synthetic") > 0;
    }

    /// <summary>A school's place: (code, name, commune name, province, region), or null when unknown.</summary>
    public (string Code, string Name, string Commune, string Province, string Region)? FindSchool(string code)
    {
        if (!analytics.Exists) return null;
        using var c = analytics.Open();
        var rows = c.Query("SELECT school_code, name, commune_name, province, region FROM schools WHERE school_code = ?",
            r => (r.S(0), r.S(1), r.S(2), r.S(3), r.S(4)), code);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>A school's province and region, or null when unknown.</summary>
    public (string Province, string Region)? SchoolArea(string code) => FindSchool(code) is { } s ? (s.Province, s.Region) : null;

    /// <summary>Whether anything national is loaded.</summary>
    public bool HasData => analytics.Exists;

    /// <summary>What is loaded for the latest school year: counts, shares, dropouts by cycle and by region.</summary>
    public NationalSummary Summary()
    {
        using var c = analytics.Open();
        var year = c.Scalar("SELECT max(year) FROM pupils");
        if (year is null) return new NationalSummary(0, c.Long("SELECT COUNT(*) FROM schools"), 0, 0, 0, 0, new Dictionary<string, CycleSummary>(), []);
        var totals = c.Query("""
            SELECT count(*), count(*) FILTER (WHERE sex = 'F'), count(*) FILTER (WHERE milieu = 'rural'), count(*) FILTER (WHERE outcome = 'dropped')
            FROM pupils WHERE year = ?
            """, r => (N: r.L(0), Girls: r.L(1), Rural: r.L(2), Dropped: r.L(3)), year)[0];
        var schools = c.Query("SELECT count(*), count(*) FILTER (WHERE milieu = 'rural') FROM schools", r => (N: r.L(0), Rural: r.L(1)))[0];
        var byCycle = c.Query("""
            SELECT cycle, count(*), count(*) FILTER (WHERE outcome = 'dropped') FROM pupils WHERE year = ? GROUP BY cycle ORDER BY cycle
            """, r => (Cycle: r.S(0), N: r.L(1), Dropped: r.L(2)), year)
            .ToDictionary(x => x.Cycle, x => new CycleSummary(x.N, Rate(x.Dropped, x.N)), StringComparer.Ordinal);
        var byRegion = c.Query("""
            SELECT s.region, count(*), count(*) FILTER (WHERE p.outcome = 'dropped')
            FROM pupils p JOIN schools s USING (school_key) WHERE p.year = ? GROUP BY s.region ORDER BY s.region
            """, r => new RegionSummary(r.S(0), r.L(1), Rate(r.L(2), r.L(1))), year);
        return new NationalSummary(totals.N, schools.N, Rate(schools.Rural, schools.N), Rate(totals.Girls, totals.N), Rate(totals.Rural, totals.N),
            totals.Dropped, byCycle, byRegion);
    }

    internal static double Rate(long part, long whole) => whole == 0 ? 0 : part / (double)whole;
}
