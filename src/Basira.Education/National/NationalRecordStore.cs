using System.Data.Common;
using System.Globalization;
using Basira.Governance.Storage;
using Npgsql;

namespace Basira.Education.National;

/// <summary>A pupil-year as the operational store keeps it: pseudonymised, no name, no source identifier.</summary>
internal sealed record StoredPupil(string Subject, int Year, long PupilKey, string SchoolCode, string Sex, DateOnly BirthDate, string Grade,
    string Cycle, string Milieu, double? DistanceKm, int? Repetitions, bool? Boarding, bool? SchoolTransport, bool? SocialSupport,
    string? Outcome, bool Synthetic);

/// <summary>
/// The schools and pupils of record in the operational store (SQLite or PostgreSQL, module migrations
/// "education-national"): tables <c>edu_nat_schools</c>, <c>edu_nat_pupils</c> (one row per pupil and school year,
/// keyed by pseudonym) and <c>edu_nat_imports</c> (what each import did).
/// </summary>
public sealed class NationalRecordStore(BasiraDatabase db)
{
    private readonly Lock _gate = new();
    private bool _ready;

    internal static readonly IReadOnlyList<(int, string, string)> Schema =
    [
        (1, "national schools and pupils", """
            CREATE TABLE edu_nat_schools (
              school_code TEXT PRIMARY KEY, name TEXT NOT NULL, region TEXT NOT NULL, province TEXT NOT NULL, commune TEXT NOT NULL,
              commune_name TEXT NOT NULL, milieu TEXT NOT NULL, cycle TEXT NOT NULL, synthetic INTEGER NOT NULL, loaded_at TEXT NOT NULL);
            CREATE INDEX ix_edu_nat_schools_province ON edu_nat_schools (province);
            CREATE TABLE edu_nat_pupils (
              subject TEXT NOT NULL, year BIGINT NOT NULL, pupil_key BIGINT NOT NULL, school_code TEXT NOT NULL, sex TEXT NOT NULL,
              birth_date TEXT NOT NULL, grade TEXT NOT NULL, cycle TEXT NOT NULL, milieu TEXT NOT NULL, distance_km DOUBLE PRECISION,
              repetitions BIGINT, boarding INTEGER, school_transport INTEGER, social_support INTEGER, outcome TEXT,
              synthetic INTEGER NOT NULL, loaded_at TEXT NOT NULL, PRIMARY KEY (subject, year));
            CREATE INDEX ix_edu_nat_pupils_school ON edu_nat_pupils (school_code, year);
            CREATE TABLE edu_nat_imports (
              id TEXT PRIMARY KEY, kind TEXT NOT NULL, file_name TEXT NOT NULL, sha256 TEXT NOT NULL, rows_in BIGINT NOT NULL,
              accepted BIGINT NOT NULL, quarantined BIGINT NOT NULL, imported_at TEXT NOT NULL, actor TEXT NOT NULL)
            """),
    ];

    internal BasiraDatabase Database => db;

    /// <summary>Applies the module's migrations once.</summary>
    public void EnsureSchema()
    {
        lock (_gate)
        {
            if (_ready) return;
            Migrations.Apply(db, "education-national", Schema);
            _ready = true;
        }
    }

    /// <summary>Pupil-year rows of record.</summary>
    public long PupilRows()
    {
        EnsureSchema();
        using var c = db.OpenConnection();
        return Convert.ToInt64(c.Scalar(null, "SELECT COUNT(*) FROM edu_nat_pupils"), CultureInfo.InvariantCulture);
    }

    /// <summary>Schools of record.</summary>
    public long SchoolRows()
    {
        EnsureSchema();
        using var c = db.OpenConnection();
        return Convert.ToInt64(c.Scalar(null, "SELECT COUNT(*) FROM edu_nat_schools"), CultureInfo.InvariantCulture);
    }

    private const string SchoolColumns = "school_code, name, region, province, commune, commune_name, milieu, cycle, synthetic, loaded_at";
    private const string PupilColumns = "subject, year, pupil_key, school_code, sex, birth_date, grade, cycle, milieu, distance_km, repetitions, boarding, school_transport, social_support, outcome, synthetic, loaded_at";

    /// <summary>Inserts or updates schools (by code) in the caller's transaction.</summary>
    internal static void UpsertSchools(DbConnection c, DbTransaction tx, IEnumerable<SchoolRow> schools, string now)
    {
        using var cmd = c.Command(tx, $"""
            INSERT INTO edu_nat_schools ({SchoolColumns}) VALUES (@code, @name, @region, @province, @commune, @commune_name, @milieu, @cycle, @synthetic, @t)
            ON CONFLICT (school_code) DO UPDATE SET name = excluded.name, region = excluded.region, province = excluded.province,
              commune = excluded.commune, commune_name = excluded.commune_name, milieu = excluded.milieu, cycle = excluded.cycle,
              synthetic = excluded.synthetic, loaded_at = excluded.loaded_at
            """, ("@code", ""), ("@name", ""), ("@region", ""), ("@province", ""), ("@commune", ""), ("@commune_name", ""), ("@milieu", ""),
            ("@cycle", ""), ("@synthetic", 0L), ("@t", now));
        cmd.Prepare();
        foreach (var s in schools)
        {
            cmd.Parameters[0].Value = s.Code;
            cmd.Parameters[1].Value = s.Name;
            cmd.Parameters[2].Value = s.Region;
            cmd.Parameters[3].Value = s.Province;
            cmd.Parameters[4].Value = s.Commune;
            cmd.Parameters[5].Value = s.CommuneName;
            cmd.Parameters[6].Value = s.Milieu;
            cmd.Parameters[7].Value = s.Cycle;
            cmd.Parameters[8].Value = s.Synthetic ? 1L : 0L;
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>Inserts or updates pupil-years (by pseudonym and year) in the caller's transaction.</summary>
    internal static void UpsertPupils(DbConnection c, DbTransaction tx, IEnumerable<StoredPupil> pupils, string now)
    {
        using var cmd = c.Command(tx, $"""
            INSERT INTO edu_nat_pupils ({PupilColumns}) VALUES (@s, @y, @k, @school, @sex, @birth, @grade, @cycle, @milieu, @dist, @rep, @board, @transport, @support, @outcome, @synthetic, @t)
            ON CONFLICT (subject, year) DO UPDATE SET pupil_key = excluded.pupil_key, school_code = excluded.school_code, sex = excluded.sex,
              birth_date = excluded.birth_date, grade = excluded.grade, cycle = excluded.cycle, milieu = excluded.milieu,
              distance_km = excluded.distance_km, repetitions = excluded.repetitions, boarding = excluded.boarding,
              school_transport = excluded.school_transport, social_support = excluded.social_support, outcome = excluded.outcome,
              synthetic = excluded.synthetic, loaded_at = excluded.loaded_at
            """, ("@s", ""), ("@y", 0L), ("@k", 0L), ("@school", ""), ("@sex", ""), ("@birth", ""), ("@grade", ""), ("@cycle", ""), ("@milieu", ""),
            ("@dist", null), ("@rep", null), ("@board", null), ("@transport", null), ("@support", null), ("@outcome", null), ("@synthetic", 0L), ("@t", now));
        foreach (DbParameter p in cmd.Parameters) if (p.Value is null or DBNull) p.DbType = p.ParameterName switch
        {
            "@dist" => System.Data.DbType.Double,
            "@outcome" => System.Data.DbType.String,
            _ => System.Data.DbType.Int64,
        };
        cmd.Prepare();
        foreach (var p in pupils)
        {
            SetPupil(cmd.Parameters, p);
            cmd.ExecuteNonQuery();
        }
    }

    private static void SetPupil(DbParameterCollection ps, StoredPupil p)
    {
        ps[0].Value = p.Subject;
        ps[1].Value = (long)p.Year;
        ps[2].Value = p.PupilKey;
        ps[3].Value = p.SchoolCode;
        ps[4].Value = p.Sex;
        ps[5].Value = p.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        ps[6].Value = p.Grade;
        ps[7].Value = p.Cycle;
        ps[8].Value = p.Milieu;
        ps[9].Value = p.DistanceKm is { } d ? d : DBNull.Value;
        ps[10].Value = p.Repetitions is { } r ? (long)r : DBNull.Value;
        ps[11].Value = Flag(p.Boarding);
        ps[12].Value = Flag(p.SchoolTransport);
        ps[13].Value = Flag(p.SocialSupport);
        ps[14].Value = p.Outcome is { } o ? o : DBNull.Value;
        ps[15].Value = p.Synthetic ? 1L : 0L;
    }

    private static object Flag(bool? b) => b is { } v ? (v ? 1L : 0L) : DBNull.Value;

    /// <summary>
    /// Bulk insert of a whole load into empty tables, in the caller's transaction: the pupils' secondary index is dropped
    /// and rebuilt around it, and PostgreSQL receives the rows by binary COPY. Pupils should come in key order.
    /// </summary>
    internal static void BulkInsert(BasiraDatabase db, DbConnection c, DbTransaction tx, IReadOnlyList<SchoolRow> schools, IEnumerable<StoredPupil> pupils, string now, Action<long>? progress)
    {
        UpsertSchools(c, tx, schools, now);
        c.Execute(tx, "DROP INDEX ix_edu_nat_pupils_school");
        long n = 0;
        if (db.Kind == StoreKind.PostgreSql && c is NpgsqlConnection pg)
        {
            using var w = pg.BeginBinaryImport($"COPY edu_nat_pupils ({PupilColumns}) FROM STDIN (FORMAT BINARY)");
            foreach (var p in pupils)
            {
                w.StartRow();
                w.Write(p.Subject, NpgsqlTypes.NpgsqlDbType.Text);
                w.Write((long)p.Year, NpgsqlTypes.NpgsqlDbType.Bigint);
                w.Write(p.PupilKey, NpgsqlTypes.NpgsqlDbType.Bigint);
                w.Write(p.SchoolCode, NpgsqlTypes.NpgsqlDbType.Text);
                w.Write(p.Sex, NpgsqlTypes.NpgsqlDbType.Text);
                w.Write(p.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), NpgsqlTypes.NpgsqlDbType.Text);
                w.Write(p.Grade, NpgsqlTypes.NpgsqlDbType.Text);
                w.Write(p.Cycle, NpgsqlTypes.NpgsqlDbType.Text);
                w.Write(p.Milieu, NpgsqlTypes.NpgsqlDbType.Text);
                if (p.DistanceKm is { } d) w.Write(d, NpgsqlTypes.NpgsqlDbType.Double); else w.WriteNull();
                if (p.Repetitions is { } r) w.Write((long)r, NpgsqlTypes.NpgsqlDbType.Bigint); else w.WriteNull();
                foreach (var b in new[] { p.Boarding, p.SchoolTransport, p.SocialSupport })
                    if (b is { } v) w.Write(v ? 1 : 0, NpgsqlTypes.NpgsqlDbType.Integer); else w.WriteNull();
                if (p.Outcome is { } o) w.Write(o, NpgsqlTypes.NpgsqlDbType.Text); else w.WriteNull();
                w.Write(p.Synthetic ? 1 : 0, NpgsqlTypes.NpgsqlDbType.Integer);
                w.Write(now, NpgsqlTypes.NpgsqlDbType.Text);
                if (++n % 1_000_000 == 0) progress?.Invoke(n);
            }
            w.Complete();
        }
        else
        {
            using var cmd = c.Command(tx, $"INSERT INTO edu_nat_pupils ({PupilColumns}) VALUES (@s, @y, @k, @school, @sex, @birth, @grade, @cycle, @milieu, @dist, @rep, @board, @transport, @support, @outcome, @synthetic, @t)",
                ("@s", ""), ("@y", 0L), ("@k", 0L), ("@school", ""), ("@sex", ""), ("@birth", ""), ("@grade", ""), ("@cycle", ""), ("@milieu", ""),
                ("@dist", 0.0), ("@rep", 0L), ("@board", 0L), ("@transport", 0L), ("@support", 0L), ("@outcome", ""), ("@synthetic", 0L), ("@t", now));
            cmd.Prepare();
            foreach (var p in pupils)
            {
                SetPupil(cmd.Parameters, p);
                cmd.ExecuteNonQuery();
                if (++n % 1_000_000 == 0) progress?.Invoke(n);
            }
        }
        c.Execute(tx, "CREATE INDEX ix_edu_nat_pupils_school ON edu_nat_pupils (school_code, year)");
    }
}
