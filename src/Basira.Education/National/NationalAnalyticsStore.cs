using System.Globalization;
using Basira.Governance;
using DuckDB.NET.Data;

namespace Basira.Education.National;

/// <summary>
/// The analytics store of the national education data: one DuckDB file under the data directory
/// (<c>education.duckdb</c>) with the schools, the pupil-years (pseudonymised: a keyed pseudonym and a 63-bit key
/// derived from it, never the source identifier), the teaching days, the absence events and the marks. The
/// operational store (SQLite/PostgreSQL) holds the schools and pupils of record; this file holds the volumes and
/// answers the aggregates. Connections are opened per operation, so a running server never holds the file.
/// </summary>
public sealed class NationalAnalyticsStore(BasiraOptions options)
{
    /// <summary>File name under the data directory.</summary>
    public const string FileName = "education.duckdb";

    /// <summary>Pseudonymisation domain of pupils (the same as the dropout slice, so a pupil has one pseudonym).</summary>
    public const string PupilDomain = "education.pupil";

    internal static readonly string[] Schema =
    [
        "CREATE TABLE IF NOT EXISTS meta (key VARCHAR, value VARCHAR)",
        """
        CREATE TABLE IF NOT EXISTS schools (school_key INTEGER, school_code VARCHAR, name VARCHAR, region VARCHAR, province VARCHAR,
          commune VARCHAR, commune_name VARCHAR, milieu VARCHAR, cycle VARCHAR, synthetic BOOLEAN)
        """,
        """
        CREATE TABLE IF NOT EXISTS pupils (pupil_key BIGINT, subject VARCHAR, year INTEGER, school_key INTEGER, sex VARCHAR, birth_date DATE,
          grade VARCHAR, cycle VARCHAR, milieu VARCHAR, distance_km DOUBLE, repetitions INTEGER, boarding BOOLEAN, school_transport BOOLEAN,
          social_support BOOLEAN, school_days INTEGER, absence_days INTEGER, justified_absence_days INTEGER, absence_days_term1 INTEGER,
          school_days_term1 INTEGER, term1_average DOUBLE, term2_average DOUBLE, outcome VARCHAR, synthetic BOOLEAN)
        """,
        "CREATE TABLE IF NOT EXISTS school_days (year INTEGER, day DATE, term INTEGER)",
        "CREATE TABLE IF NOT EXISTS absences (pupil_key BIGINT, school_key INTEGER, year INTEGER, day DATE, code VARCHAR)",
        "CREATE TABLE IF NOT EXISTS marks (pupil_key BIGINT, year INTEGER, term INTEGER, subject VARCHAR, mark DOUBLE)",
    ];

    /// <summary>The DuckDB file.</summary>
    public string FilePath { get; } = Path.Combine(options.DataDir, FileName);

    /// <summary>Whether the file exists (nothing has been loaded otherwise).</summary>
    public bool Exists => File.Exists(FilePath);

    /// <summary>Opens a connection (creating the file and its tables when <paramref name="create"/>).</summary>
    internal DuckDBConnection Open(bool create = false) => OpenFile(FilePath, create);

    internal static DuckDBConnection OpenFile(string path, bool create)
    {
        if (!create && !File.Exists(path)) throw new DataInputException(path, null, null, "no national education data loaded (run 'basira demo --pupils N' or 'basira edu import')");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var c = new DuckDBConnection($"Data Source={path}");
        c.Open();
        // A shared machine: bounded memory (DuckDB spills to disk beyond it), every core.
        c.Exec("SET memory_limit = '3GB'");
        if (create) foreach (var s in Schema) c.Exec(s);
        return c;
    }

    /// <summary>The 63-bit key of a pupil derived from its pseudonym (the first 63 bits of the pseudonym's base-32 digits).</summary>
    public static long PupilKey(string pseudonym)
    {
        ArgumentNullException.ThrowIfNull(pseudonym);
        const string alphabet = "ABCDEFGHJKMNPQRSTVWXYZ0123456789";
        if (pseudonym.Length < 15 || !pseudonym.StartsWith("P-", StringComparison.Ordinal))
            throw new ArgumentException("not a pseudonym", nameof(pseudonym));
        ulong v = 0;
        for (var i = 2; i < 15; i++)
        {
            var d = alphabet.IndexOf(pseudonym[i], StringComparison.Ordinal);
            if (d < 0) throw new ArgumentException("not a pseudonym", nameof(pseudonym));
            // 12 digits of 5 bits, then the 3 high bits of the 13th: 63 bits.
            v = i < 14 ? (v << 5) | (uint)d : (v << 3) | (uint)(d >> 2);
        }
        return (long)v;
    }
}

/// <summary>Small DuckDB helpers.</summary>
internal static class DuckSql
{
    public static void Exec(this DuckDBConnection c, string sql, params object?[] args)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var a in args) cmd.Parameters.Add(new DuckDBParameter(a ?? DBNull.Value));
        cmd.ExecuteNonQuery();
    }

    public static object? Scalar(this DuckDBConnection c, string sql, params object?[] args)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var a in args) cmd.Parameters.Add(new DuckDBParameter(a ?? DBNull.Value));
        var v = cmd.ExecuteScalar();
        return v is DBNull ? null : v;
    }

    public static long Long(this DuckDBConnection c, string sql, params object?[] args) =>
        Convert.ToInt64(c.Scalar(sql, args) ?? 0L, CultureInfo.InvariantCulture);

    public static List<T> Query<T>(this DuckDBConnection c, string sql, Func<System.Data.Common.DbDataReader, T> map, params object?[] args)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var a in args) cmd.Parameters.Add(new DuckDBParameter(a ?? DBNull.Value));
        using var r = cmd.ExecuteReader();
        var list = new List<T>();
        while (r.Read()) list.Add(map(r));
        return list;
    }

    public static long L(this System.Data.Common.DbDataReader r, int i) => r.IsDBNull(i) ? 0 : Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture);

    public static double D(this System.Data.Common.DbDataReader r, int i) => r.IsDBNull(i) ? double.NaN : Convert.ToDouble(r.GetValue(i), CultureInfo.InvariantCulture);

    public static DateOnly Date(this System.Data.Common.DbDataReader r, int i) => r.GetValue(i) switch
    {
        DateOnly d => d,
        DateTime dt => DateOnly.FromDateTime(dt),
        var v => throw new InvalidCastException($"not a date: {v}"),
    };

    public static string S(this System.Data.Common.DbDataReader r, int i) => r.IsDBNull(i) ? "" : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture) ?? "";
}
