using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Basira.Analytics.Tabular;
using Basira.Governance;
using Basira.Governance.Privacy;
using Basira.Governance.Storage;
using DuckDB.NET.Data;

namespace Basira.Education.National;

/// <summary>Kinds of school-system extract (docs/education-imports.md).</summary>
public enum ImportKind
{
    /// <summary>Schools: code, name, province, commune, milieu, cycle.</summary>
    Schools,

    /// <summary>Pupils of a school year: identifier (pseudonymised on the way in), school, sex, birth date, grade, milieu…</summary>
    Pupils,

    /// <summary>Absence events: pupil, date, justification code (a pupil is present unless an absence is recorded).</summary>
    Attendance,

    /// <summary>Term marks: pupil, school year, term, subject, mark out of 20.</summary>
    Marks,
}

/// <summary>A row put aside, with the 1-based line of the file (header = line 1), the field and the reason.</summary>
/// <param name="Line">Line in the file (for XLSX, the sheet row).</param>
/// <param name="Field">Offending column, when one is to blame.</param>
/// <param name="Reason">Why the row was not loaded (never the pupil's identifier).</param>
public sealed record ImportQuarantine(long Line, string? Field, string Reason);

/// <summary>What an import did: rows in = accepted + quarantined; accepted = new + changed + unchanged.</summary>
/// <param name="RowsIn">Data rows read.</param>
/// <param name="Accepted">Rows that passed every check.</param>
/// <param name="Quarantined">Rows put aside.</param>
/// <param name="Quarantine">Each row put aside, in line order.</param>
/// <param name="Kind">schools, pupils, attendance or marks.</param>
/// <param name="New">Accepted rows that were not in the stores.</param>
/// <param name="Changed">Accepted rows that replaced a different value.</param>
/// <param name="Unchanged">Accepted rows already there as they are (a reload).</param>
public sealed record NationalImportReport(long RowsIn, long Accepted, long Quarantined, IReadOnlyList<ImportQuarantine> Quarantine,
    string Kind, long New, long Changed, long Unchanged);

/// <summary>
/// Imports school-system extracts (CSV or XLSX) into the stores: schools and pupils into the operational store and
/// the analytics copy, attendance and marks into the analytics store. Each row is accepted or quarantined with its
/// reason; an import is all or nothing (one transaction per store, the analytics one committed last inside the
/// operational one); loading the same extract again changes nothing; identifiers are pseudonymised before anything
/// is written, and never appear in a reason.
/// </summary>
internal sealed class NationalImporter(NationalAnalyticsStore analytics, NationalRecordStore records, Pseudonymiser pseudonymiser, TimeProvider clock)
{
    /// <summary>Test hook: called at named stages ("analytics-written", "records-written"); throwing there simulates a failure.</summary>
    internal Action<string>? Fault { get; set; }

    private static readonly string[] KnownColumns =
    [
        "school_code", "name", "region", "province", "commune", "commune_name", "milieu", "cycle",
        "pupil_id", "school_year", "sex", "birth_date", "grade", "distance_km", "repetitions", "boarding", "school_transport",
        "social_support", "outcome", "first_name", "last_name", "date", "code", "term", "subject", "mark",
    ];

    private static readonly string[] DateFormats = ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss", "dd-MM-yyyy"];

    public NationalImportReport Import(ImportKind kind, string path, string? encoding, string actor)
    {
        var table = Read(path, encoding, kind switch
        {
            ImportKind.Schools => ["school_code", "name", "province", "commune", "milieu", "cycle"],
            ImportKind.Pupils => ["pupil_id", "school_year", "school_code", "sex", "birth_date", "grade", "milieu"],
            ImportKind.Attendance => ["pupil_id", "date", "code"],
            _ => ["pupil_id", "school_year", "term", "subject", "mark"],
        });
        var quarantine = table.Quarantined.Select(q => new ImportQuarantine(q.Line, q.Field, q.Reason)).ToList();
        records.EnsureSchema();
        var result = kind switch
        {
            ImportKind.Schools => ImportSchools(table, quarantine),
            ImportKind.Pupils => ImportPupils(table, quarantine),
            ImportKind.Attendance => ImportAttendance(table, quarantine),
            _ => ImportMarks(table, quarantine),
        };
        var sorted = quarantine.OrderBy(q => q.Line).ToList();
        var report = new NationalImportReport(table.RowsIn, table.RowsIn - sorted.Count, sorted.Count, sorted, kind.ToString().ToLowerInvariant(),
            result.New, result.Changed, result.Unchanged);
        LogImport(kind, path, report, actor);
        return report;
    }

    // ---- reading ------------------------------------------------------------------------------------------------

    private static TabularTable Read(string path, string? encoding, string[] required)
    {
        var options = new TabularReadOptions { RequiredColumns = required, TextColumns = KnownColumns, AllowNoRows = true, MinColumns = 2 };
        if (!File.Exists(path)) throw new DataInputException(path, null, null, "file not found");
        if (path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) || encoding is null) return TabularReader.Read(path, options);
        Encoding enc;
        try
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            enc = Encoding.GetEncoding(encoding, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
        catch (ArgumentException)
        {
            throw new DataInputException(path, null, null, $"unknown encoding '{encoding}' (e.g. utf-8, windows-1256, iso-8859-1)");
        }
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0) throw new DataInputException(path, null, null, "empty file");
        if (enc.IsSingleByte && LooksLikeUtf8(bytes))
            throw new DataInputException(path, null, null, $"the file is UTF-8, not {encoding}: drop --encoding");
        string text;
        try
        {
            text = enc.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            var line = 1 + bytes.AsSpan(0, Math.Max(0, Math.Min(bytes.Length, ex.Index))).Count((byte)'\n');
            throw new DataInputException(path, line, null, $"not {encoding}");
        }
        return TabularReader.ReadCsvText(text, path, options);
    }

    /// <summary>Valid UTF-8 with at least one multi-byte sequence (a plain-ASCII file is read the same either way).</summary>
    private static bool LooksLikeUtf8(byte[] bytes)
    {
        if (!bytes.Any(b => b >= 0x80)) return false;
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static string? Get(TabularTable t, string column, int row) => t.IndexOf(column) >= 0 ? t[column].Raw[row] : null;

    private static DateOnly? ParseDate(string? s) =>
        s is not null && DateTime.TryParseExact(s.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? DateOnly.FromDateTime(d) : null;

    private static int? ParseYear(string? s)
    {
        if (s is null) return null;
        var t = s.Trim();
        var parts = t.Split('-', '/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var a)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var b) && (b == a + 1 || b == (a + 1) % 100))
            return a is >= 2000 and <= 2100 ? a : null;
        return int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 2000 and <= 2100 ? y : null;
    }

    private static double? ParseNumber(string? s) =>
        s is not null && double.TryParse(s.Trim().Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;

    private static bool? ParseFlag(string? s) => s?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "1" or "true" or "yes" or "oui" or "o" or "y" => true,
        "0" or "false" or "no" or "non" or "n" => false,
        _ => throw new FormatException(),
    };

    private static string? Milieu(string? s) => s?.Trim().ToLowerInvariant() switch
    {
        "urban" or "urbain" or "u" => "urban",
        "rural" or "r" => "rural",
        _ => null,
    };

    private static string? Cycle(string? s) => s?.Trim().ToLowerInvariant() switch
    {
        "primary" or "primaire" => "primary",
        "college" or "collège" or "collegial" or "collégial" => "college",
        "lycee" or "lycée" or "qualifiant" => "lycee",
        _ => null,
    };

    private static string? CycleOfGrade(string grade) => grade.ToUpperInvariant() switch
    {
        "1AP" or "2AP" or "3AP" or "4AP" or "5AP" or "6AP" => "primary",
        "1AC" or "2AC" or "3AC" => "college",
        "TC" or "1BAC" or "2BAC" => "lycee",
        _ => null,
    };

    /// <summary>A staged pupil-year (s) differs from the stored one (p) in some field.</summary>
    private const string Differs = "s.school_key IS DISTINCT FROM p.school_key OR s.sex IS DISTINCT FROM p.sex OR s.birth_date IS DISTINCT FROM p.birth_date OR s.grade IS DISTINCT FROM p.grade OR s.milieu IS DISTINCT FROM p.milieu OR s.distance_km IS DISTINCT FROM p.distance_km OR s.repetitions IS DISTINCT FROM p.repetitions OR s.boarding IS DISTINCT FROM p.boarding OR s.school_transport IS DISTINCT FROM p.school_transport OR s.social_support IS DISTINCT FROM p.social_support OR s.outcome IS DISTINCT FROM p.outcome";

    private static readonly HashSet<string> AbsenceCodes = new(StringComparer.Ordinal) { "MAL", "FAM", "INT", "TRV", "NJ" };

    private static string YearLabel(int y) => $"{y}-{y + 1}";

    /// <summary>Within-file duplicates: the first occurrence is kept, later ones are quarantined with the first line.</summary>
    private static bool Duplicate<TKey>(Dictionary<TKey, long> seen, TKey key, long line, string field, List<ImportQuarantine> q, string what)
        where TKey : notnull
    {
        if (seen.TryGetValue(key, out var first))
        {
            q.Add(new ImportQuarantine(line, field, $"duplicate {what} (first at line {first})"));
            return true;
        }
        seen[key] = line;
        return false;
    }

    private readonly record struct Counts(long New, long Changed, long Unchanged);

    // ---- schools -----------------------------------------------------------------------------------------------

    private Counts ImportSchools(TabularTable t, List<ImportQuarantine> q)
    {
        var rows = new List<(long Line, SchoolRow School)>();
        var seen = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        for (var r = 0; r < t.RowCount; r++)
        {
            var line = t.Lines[r];
            var code = Get(t, "school_code", r);
            var name = Get(t, "name", r);
            var province = Get(t, "province", r)?.ToUpperInvariant();
            var commune = Get(t, "commune", r);
            var region = province is null ? null : EducationAreas.RegionOf(province);
            var milieu = Milieu(Get(t, "milieu", r));
            var cycle = Cycle(Get(t, "cycle", r));
            ImportQuarantine? bad =
                code is null ? new(line, "school_code", "empty school code")
                : name is null ? new(line, "name", "empty name")
                : province is null ? new(line, "province", "empty province")
                : region is null ? new(line, "province", $"province '{province}' is no province of morocco-geo (a code such as MA-AZI)")
                : Get(t, "region", r) is { } declared && !string.Equals(declared, region, StringComparison.OrdinalIgnoreCase)
                    ? new(line, "region", $"region '{declared}' is not the region of {province} ({region})")
                : commune is null ? new(line, "commune", "empty commune")
                : milieu is null ? new(line, "milieu", "milieu must be urban or rural")
                : cycle is null ? new(line, "cycle", "cycle must be primary, college or lycee")
                : null;
            if (bad is not null) { q.Add(bad); continue; }
            if (Duplicate(seen, code!, line, "school_code", q, "school code")) continue;
            rows.Add((line, new SchoolRow(code!, name!, region!, province!, commune!, Get(t, "commune_name", r) ?? commune!, milieu!, cycle!, Synthetic: false)));
        }

        using var c = analytics.Open(create: true);
        var existing = c.Query("SELECT school_code, name, region, province, commune, commune_name, milieu, cycle FROM schools",
            x => new SchoolRow(x.S(0), x.S(1), x.S(2), x.S(3), x.S(4), x.S(5), x.S(6), x.S(7), false)).ToDictionary(s => s.Code, StringComparer.Ordinal);
        var fresh = rows.Where(x => !existing.ContainsKey(x.School.Code)).Select(x => x.School).ToList();
        var changed = rows.Where(x => existing.TryGetValue(x.School.Code, out var e) && e != x.School).Select(x => x.School).ToList();
        var now = Sql.Iso(clock.GetUtcNow());
        InBothStores(c, _ =>
        {
            var next = c.Long("SELECT COALESCE(MAX(school_key), 0) FROM schools") + 1;
            foreach (var s in changed)
                c.Exec("UPDATE schools SET name = ?, region = ?, province = ?, commune = ?, commune_name = ?, milieu = ?, cycle = ?, synthetic = false WHERE school_code = ?",
                    s.Name, s.Region, s.Province, s.Commune, s.CommuneName, s.Milieu, s.Cycle, s.Code);
            foreach (var s in fresh)
                c.Exec("INSERT INTO schools VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, false)", (int)next++, s.Code, s.Name, s.Region, s.Province, s.Commune, s.CommuneName, s.Milieu, s.Cycle);
        }, (sc, stx) => NationalRecordStore.UpsertSchools(sc, stx, [.. fresh, .. changed], now));
        return new Counts(fresh.Count, changed.Count, rows.Count - fresh.Count - changed.Count);
    }

    // ---- pupils ------------------------------------------------------------------------------------------------

    private Counts ImportPupils(TabularTable t, List<ImportQuarantine> q)
    {
        using var c = analytics.Open(create: true);
        var schools = c.Query("SELECT school_code, school_key, cycle FROM schools", x => (Code: x.S(0), Key: (int)x.L(1), Cycle: x.S(2)))
            .ToDictionary(s => s.Code, StringComparer.OrdinalIgnoreCase);
        var rows = new List<(long Line, StoredPupil Pupil, int SchoolKey)>();
        var seen = new Dictionary<(string, int), long>();
        for (var r = 0; r < t.RowCount; r++)
        {
            var line = t.Lines[r];
            var id = Get(t, "pupil_id", r);
            var year = ParseYear(Get(t, "school_year", r));
            var schoolCode = Get(t, "school_code", r);
            var sex = Get(t, "sex", r)?.ToUpperInvariant();
            var birth = ParseDate(Get(t, "birth_date", r));
            var grade = Get(t, "grade", r)?.ToUpperInvariant();
            var milieu = Milieu(Get(t, "milieu", r));
            var school = schoolCode is not null && schools.TryGetValue(schoolCode, out var sc) ? sc : default;
            var cycle = grade is null ? null : CycleOfGrade(grade);
            ImportQuarantine? bad =
                id is null ? new(line, "pupil_id", "empty pupil identifier")
                : year is null ? new(line, "school_year", $"school year '{Get(t, "school_year", r)}' is not a year such as 2024 or 2024-2025")
                : schoolCode is null ? new(line, "school_code", "empty school code")
                : school.Code is null ? new(line, "school_code", $"unknown school '{schoolCode}' (import the schools first)")
                : sex is not ("F" or "M") ? new(line, "sex", "sex must be F or M")
                : birth is null ? new(line, "birth_date", $"birth date '{Get(t, "birth_date", r)}' is not a date (dd/MM/yyyy or yyyy-MM-dd)")
                : birth.Value.Year < year - 30 || birth.Value.Year > year - 3 ? new(line, "birth_date", $"birth date {birth:dd/MM/yyyy} is implausible for a pupil in {YearLabel(year!.Value)}")
                : cycle is null ? new(line, "grade", $"unknown grade '{grade}' (1AP..6AP, 1AC..3AC, TC, 1BAC, 2BAC)")
                : cycle != school.Cycle ? new(line, "grade", $"grade {grade} is not taught in a {school.Cycle} school")
                : milieu is null ? new(line, "milieu", "milieu must be urban or rural")
                : null;
            if (bad is not null) { q.Add(bad); continue; }
            double? distance = null;
            int? repetitions = null;
            bool? boarding, transport, support;
            try
            {
                boarding = ParseFlag(Get(t, "boarding", r));
                transport = ParseFlag(Get(t, "school_transport", r));
                support = ParseFlag(Get(t, "social_support", r));
            }
            catch (FormatException)
            {
                q.Add(new(line, "boarding|school_transport|social_support", "flags must be 1/0, true/false, yes/no or oui/non"));
                continue;
            }
            if (Get(t, "distance_km", r) is { } ds && (distance = ParseNumber(ds)) is not (>= 0 and <= 200))
            {
                q.Add(new(line, "distance_km", "distance must be a number of km between 0 and 200"));
                continue;
            }
            if (Get(t, "repetitions", r) is { } rs)
            {
                if (!int.TryParse(rs, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 12) { q.Add(new(line, "repetitions", "repetitions must be a whole number 0-12")); continue; }
                repetitions = n;
            }
            var outcome = Get(t, "outcome", r)?.ToLowerInvariant();
            if (outcome is not (null or "continued" or "repeated" or "dropped"))
            {
                q.Add(new(line, "outcome", "outcome must be continued, repeated or dropped (or empty)"));
                continue;
            }
            if (Duplicate(seen, (id!, year!.Value), line, "pupil_id", q, "pupil for this school year")) continue;
            var subject = pseudonymiser.Pseudonymise(NationalAnalyticsStore.PupilDomain, id!);
            rows.Add((line, new StoredPupil(subject, year.Value, NationalAnalyticsStore.PupilKey(subject), school.Code!, sex!, birth!.Value, grade!, cycle!,
                milieu!, distance, repetitions, boarding, transport, support, outcome, Synthetic: false), school.Key));
        }

        var counts = new Counts();
        var now = Sql.Iso(clock.GetUtcNow());
        List<StoredPupil> toWrite = [];
        InBothStores(c, _ =>
        {
            c.Exec("""
                CREATE TEMP TABLE stage_pupils (pupil_key BIGINT, subject VARCHAR, year INTEGER, school_key INTEGER, sex VARCHAR, birth_date DATE,
                  grade VARCHAR, cycle VARCHAR, milieu VARCHAR, distance_km DOUBLE, repetitions INTEGER, boarding BOOLEAN, school_transport BOOLEAN,
                  social_support BOOLEAN, outcome VARCHAR)
                """);
            using (var app = c.CreateAppender("stage_pupils"))
                foreach (var (_, p, key) in rows)
                {
                    var row = app.CreateRow().AppendValue(p.PupilKey).AppendValue(p.Subject).AppendValue(p.Year).AppendValue(key).AppendValue(p.Sex)
                        .AppendValue(p.BirthDate).AppendValue(p.Grade).AppendValue(p.Cycle).AppendValue(p.Milieu).AppendValue(p.DistanceKm)
                        .AppendValue(p.Repetitions).AppendValue(p.Boarding).AppendValue(p.SchoolTransport).AppendValue(p.SocialSupport);
                    (p.Outcome is null ? row.AppendNullValue() : row.AppendValue(p.Outcome)).EndRow();
                }
            // new: no row for (pupil, year); changed: a row that differs in any field; the rest is a reload.
            var status = c.Query($"""
                SELECT s.pupil_key, s.year,
                       CASE WHEN p.pupil_key IS NULL THEN 'new'
                            WHEN {Differs} THEN 'changed' ELSE 'same' END
                FROM stage_pupils s LEFT JOIN pupils p ON p.pupil_key = s.pupil_key AND p.year = s.year
                """, x => (Key: x.L(0), Year: (int)x.L(1), Status: x.S(2))).ToDictionary(x => (x.Key, x.Year), x => x.Status);
            counts = new Counts(status.Values.Count(v => v == "new"), status.Values.Count(v => v == "changed"), status.Values.Count(v => v == "same"));
            c.Exec($"""
                DELETE FROM stage_pupils WHERE EXISTS (SELECT 1 FROM pupils p WHERE p.pupil_key = stage_pupils.pupil_key AND p.year = stage_pupils.year
                  AND NOT ({Differs.Replace("s.", "stage_pupils.", StringComparison.Ordinal)}))
                """);
            c.Exec("DELETE FROM pupils WHERE EXISTS (SELECT 1 FROM stage_pupils s WHERE s.pupil_key = pupils.pupil_key AND s.year = pupils.year)");
            c.Exec("""
                INSERT INTO pupils (pupil_key, subject, year, school_key, sex, birth_date, grade, cycle, milieu, distance_km, repetitions, boarding,
                  school_transport, social_support, outcome, synthetic)
                SELECT pupil_key, subject, year, school_key, sex, birth_date, grade, cycle, milieu, distance_km, repetitions, boarding,
                  school_transport, social_support, outcome, false FROM stage_pupils
                """);
            c.Exec("DROP TABLE stage_pupils");
            toWrite = [.. rows.Where(x => status[(x.Pupil.PupilKey, x.Pupil.Year)] != "same").Select(x => x.Pupil)];
        }, (sc, stx) => NationalRecordStore.UpsertPupils(sc, stx, toWrite, now));
        return counts;
    }

    // ---- attendance --------------------------------------------------------------------------------------------

    private Counts ImportAttendance(TabularTable t, List<ImportQuarantine> q)
    {
        using var c = analytics.Open(create: true);
        var calendars = c.Query("SELECT year, day FROM school_days", x => (Year: (int)x.L(0), Day: x.Date(1)))
            .GroupBy(x => x.Year).ToDictionary(g => g.Key, g => g.Select(x => x.Day).ToHashSet());
        var rows = new List<(long Line, long Key, int Year, DateOnly Day, string Code)>();
        var seen = new Dictionary<(long, DateOnly), long>();
        for (var r = 0; r < t.RowCount; r++)
        {
            var line = t.Lines[r];
            var id = Get(t, "pupil_id", r);
            var day = ParseDate(Get(t, "date", r));
            var code = Get(t, "code", r)?.ToUpperInvariant();
            if (id is null) { q.Add(new(line, "pupil_id", "empty pupil identifier")); continue; }
            if (day is null) { q.Add(new(line, "date", $"date '{Get(t, "date", r)}' is not a date (dd/MM/yyyy or yyyy-MM-dd)")); continue; }
            if (code is null || !AbsenceCodes.Contains(code)) { q.Add(new(line, "code", "justification code must be MAL, FAM, INT, TRV or NJ")); continue; }
            var d = day.Value;
            var year = d.Month >= 9 ? d.Year : d.Year - 1;
            if (calendars.TryGetValue(year, out var teaching))
            {
                if (!teaching.Contains(d))
                {
                    var (first, last) = (teaching.Min(), teaching.Max());
                    q.Add(new(line, "date", d < first || d > last
                        ? $"{d:dd/MM/yyyy} is outside the school year {YearLabel(year)} ({first:dd/MM/yyyy} to {last:dd/MM/yyyy})"
                        : $"{d:dd/MM/yyyy} is not a teaching day of {YearLabel(year)} (weekend, holiday or break)"));
                    continue;
                }
            }
            else if (d.Month is 7 or 8 || d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                q.Add(new(line, "date", $"{d:dd/MM/yyyy} is outside the school year {YearLabel(year)} (no calendar loaded: teaching days are weekdays from September to June)"));
                continue;
            }
            var key = NationalAnalyticsStore.PupilKey(pseudonymiser.Pseudonymise(NationalAnalyticsStore.PupilDomain, id));
            if (Duplicate(seen, (key, d), line, "date", q, "absence of this pupil on this day")) continue;
            rows.Add((line, key, year, d, code));
        }

        var counts = new Counts();
        InAnalytics(c, () =>
        {
            c.Exec("CREATE TEMP TABLE stage_absences (line BIGINT, pupil_key BIGINT, year INTEGER, day DATE, code VARCHAR)");
            using (var app = c.CreateAppender("stage_absences"))
                foreach (var x in rows) app.CreateRow().AppendValue(x.Line).AppendValue(x.Key).AppendValue(x.Year).AppendValue(x.Day).AppendValue(x.Code).EndRow();
            var unknown = c.Query("""
                SELECT s.line, s.year FROM stage_absences s
                WHERE NOT EXISTS (SELECT 1 FROM pupils p WHERE p.pupil_key = s.pupil_key AND p.year = s.year) ORDER BY s.line
                """, x => (Line: x.L(0), Year: (int)x.L(1)));
            foreach (var u in unknown) q.Add(new(u.Line, "pupil_id", $"unknown pupil in {YearLabel(u.Year)} (import the pupils first)"));
            c.Exec("DELETE FROM stage_absences WHERE NOT EXISTS (SELECT 1 FROM pupils p WHERE p.pupil_key = stage_absences.pupil_key AND p.year = stage_absences.year)");
            var status = c.Query("""
                SELECT count(*) FILTER (WHERE a.pupil_key IS NULL), count(*) FILTER (WHERE a.code <> s.code), count(*) FILTER (WHERE a.code = s.code)
                FROM stage_absences s LEFT JOIN absences a ON a.pupil_key = s.pupil_key AND a.day = s.day
                """, x => new Counts(x.L(0), x.L(1), x.L(2)))[0];
            counts = status;
            // An overlapping load may bring a later justification: the code is updated; the same row again changes nothing.
            c.Exec("UPDATE absences SET code = s.code FROM stage_absences s WHERE absences.pupil_key = s.pupil_key AND absences.day = s.day AND absences.code <> s.code");
            c.Exec("""
                INSERT INTO absences (pupil_key, school_key, year, day, code)
                SELECT s.pupil_key, p.school_key, s.year, s.day, s.code FROM stage_absences s
                JOIN pupils p ON p.pupil_key = s.pupil_key AND p.year = s.year
                WHERE NOT EXISTS (SELECT 1 FROM absences a WHERE a.pupil_key = s.pupil_key AND a.day = s.day)
                """);
            c.Exec("DROP TABLE stage_absences");
        });
        return counts;
    }

    // ---- marks -------------------------------------------------------------------------------------------------

    private Counts ImportMarks(TabularTable t, List<ImportQuarantine> q)
    {
        var rows = new List<(long Line, long Key, int Year, int Term, string Subject, double Mark)>();
        var seen = new Dictionary<(long, int, int, string), long>();
        for (var r = 0; r < t.RowCount; r++)
        {
            var line = t.Lines[r];
            var id = Get(t, "pupil_id", r);
            var year = ParseYear(Get(t, "school_year", r));
            var termText = Get(t, "term", r);
            var subject = Get(t, "subject", r)?.ToLowerInvariant();
            var mark = ParseNumber(Get(t, "mark", r));
            ImportQuarantine? bad =
                id is null ? new(line, "pupil_id", "empty pupil identifier")
                : year is null ? new(line, "school_year", $"school year '{Get(t, "school_year", r)}' is not a year such as 2024 or 2024-2025")
                : termText is not ("1" or "2") ? new(line, "term", "term must be 1 or 2")
                : subject is null ? new(line, "subject", "empty subject")
                : mark is not (>= 0 and <= 20) ? new(line, "mark", $"mark '{Get(t, "mark", r)}' is not a number between 0 and 20")
                : null;
            if (bad is not null) { q.Add(bad); continue; }
            var key = NationalAnalyticsStore.PupilKey(pseudonymiser.Pseudonymise(NationalAnalyticsStore.PupilDomain, id!));
            var term = termText == "1" ? 1 : 2;
            if (Duplicate(seen, (key, year!.Value, term, subject!), line, "subject", q, "mark of this pupil, term and subject")) continue;
            rows.Add((line, key, year.Value, term, subject!, mark!.Value));
        }

        using var c = analytics.Open(create: true);
        var counts = new Counts();
        InAnalytics(c, () =>
        {
            c.Exec("CREATE TEMP TABLE stage_marks (line BIGINT, pupil_key BIGINT, year INTEGER, term INTEGER, subject VARCHAR, mark DOUBLE)");
            using (var app = c.CreateAppender("stage_marks"))
                foreach (var x in rows) app.CreateRow().AppendValue(x.Line).AppendValue(x.Key).AppendValue(x.Year).AppendValue(x.Term).AppendValue(x.Subject).AppendValue(x.Mark).EndRow();
            var unknown = c.Query("""
                SELECT s.line, s.year FROM stage_marks s
                WHERE NOT EXISTS (SELECT 1 FROM pupils p WHERE p.pupil_key = s.pupil_key AND p.year = s.year) ORDER BY s.line
                """, x => (Line: x.L(0), Year: (int)x.L(1)));
            foreach (var u in unknown) q.Add(new(u.Line, "pupil_id", $"unknown pupil in {YearLabel(u.Year)} (import the pupils first)"));
            c.Exec("DELETE FROM stage_marks WHERE NOT EXISTS (SELECT 1 FROM pupils p WHERE p.pupil_key = stage_marks.pupil_key AND p.year = stage_marks.year)");
            counts = c.Query("""
                SELECT count(*) FILTER (WHERE m.pupil_key IS NULL), count(*) FILTER (WHERE m.mark <> s.mark), count(*) FILTER (WHERE m.mark = s.mark)
                FROM stage_marks s LEFT JOIN marks m ON m.pupil_key = s.pupil_key AND m.year = s.year AND m.term = s.term AND m.subject = s.subject
                """, x => new Counts(x.L(0), x.L(1), x.L(2)))[0];
            c.Exec("""
                UPDATE marks SET mark = s.mark FROM stage_marks s
                WHERE marks.pupil_key = s.pupil_key AND marks.year = s.year AND marks.term = s.term AND marks.subject = s.subject AND marks.mark <> s.mark
                """);
            c.Exec("""
                INSERT INTO marks SELECT s.pupil_key, s.year, s.term, s.subject, s.mark FROM stage_marks s
                WHERE NOT EXISTS (SELECT 1 FROM marks m WHERE m.pupil_key = s.pupil_key AND m.year = s.year AND m.term = s.term AND m.subject = s.subject)
                """);
            c.Exec("DROP TABLE stage_marks");
        });
        return counts;
    }

    // ---- transactions ------------------------------------------------------------------------------------------

    /// <summary>One analytics transaction: committed when <paramref name="work"/> returns, rolled back otherwise.</summary>
    private void InAnalytics(DuckDBConnection c, Action work)
    {
        using var tx = c.BeginTransaction();
        work();
        Fault?.Invoke("analytics-written");
        tx.Commit();
    }

    /// <summary>
    /// Writes the analytics copy and the operational store together: the operational transaction wraps the analytics one,
    /// which commits last; a failure anywhere before leaves both stores as they were.
    /// </summary>
    private void InBothStores(DuckDBConnection c, Action<DuckDBTransaction> analyticsWork, Action<System.Data.Common.DbConnection, System.Data.Common.DbTransaction> recordsWork)
    {
        records.Database.InTransaction((sc, stx) =>
        {
            using var tx = c.BeginTransaction();
            analyticsWork(tx);
            Fault?.Invoke("analytics-written");
            recordsWork(sc, stx);
            Fault?.Invoke("records-written");
            tx.Commit();
        });
    }

    private void LogImport(ImportKind kind, string path, NationalImportReport r, string actor)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        using var c = records.Database.OpenConnection();
        c.Execute(null, """
            INSERT INTO edu_nat_imports (id, kind, file_name, sha256, rows_in, accepted, quarantined, imported_at, actor)
            VALUES (@id, @k, @f, @h, @i, @a, @q, @t, @actor)
            """, ("@id", Guid.NewGuid().ToString("N")), ("@k", kind.ToString().ToLowerInvariant()), ("@f", Path.GetFileName(path)), ("@h", sha),
            ("@i", r.RowsIn), ("@a", r.Accepted), ("@q", r.Quarantined), ("@t", Sql.Iso(clock.GetUtcNow())), ("@actor", actor));
    }
}
