using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Basira.Governance.Storage;

/// <summary>Which engine holds the operational state.</summary>
public enum StoreKind
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// The operational store (decisions, notices, objections, users, models, audit log): an SQLite file under the data
/// directory by default, PostgreSQL when the connection string names a server (<c>Host=…</c>). One schema, one code
/// path: the SQL used here is the common subset of both engines, with <c>@name</c> parameters.
/// </summary>
public sealed class BasiraDatabase : IDisposable
{
    private readonly NpgsqlDataSource? _pg;

    private BasiraDatabase(StoreKind kind, string connectionString, NpgsqlDataSource? pg)
    {
        Kind = kind;
        ConnectionString = connectionString;
        _pg = pg;
    }

    public StoreKind Kind { get; }
    public string ConnectionString { get; }

    /// <summary>
    /// Opens the store: PostgreSQL when <paramref name="connectionString"/> contains <c>Host=</c>, otherwise an SQLite
    /// file <c>basira.db</c> under <paramref name="dataDir"/> (created if needed). Applies pending migrations.
    /// </summary>
    public static BasiraDatabase Open(string? connectionString, string dataDir)
    {
        BasiraDatabase db;
        if (IsPostgreSql(connectionString))
        {
            db = new BasiraDatabase(StoreKind.PostgreSql, connectionString, NpgsqlDataSource.Create(connectionString));
        }
        else
        {
            string cs;
            if (!string.IsNullOrWhiteSpace(connectionString)) cs = connectionString;
            else
            {
                Directory.CreateDirectory(dataDir);
                cs = new SqliteConnectionStringBuilder
                {
                    DataSource = Path.Combine(dataDir, "basira.db"),
                    Pooling = true,
                    DefaultTimeout = 30,
                }.ToString();
            }
            db = new BasiraDatabase(StoreKind.Sqlite, cs, null);
        }
        Migrations.Apply(db);
        return db;
    }

    /// <summary>True when <paramref name="connectionString"/> names a PostgreSQL server (<c>Host=…</c>).</summary>
    public static bool IsPostgreSql([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? connectionString) =>
        !string.IsNullOrWhiteSpace(connectionString) && connectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The SQLite file that <see cref="Open"/> would use for these settings, or null when the store is not a file
    /// (PostgreSQL, or an in-memory SQLite database). Lets read-only callers check that a store exists before opening it
    /// (opening creates the file).
    /// </summary>
    public static string? SqliteFile(string? connectionString, string dataDir)
    {
        if (IsPostgreSql(connectionString)) return null;
        if (string.IsNullOrWhiteSpace(connectionString)) return Path.GetFullPath(Path.Combine(dataDir, "basira.db"));
        var b = new SqliteConnectionStringBuilder(connectionString);
        if (b.Mode == SqliteOpenMode.Memory || b.DataSource is "" or ":memory:") return null;
        return Path.GetFullPath(b.DataSource);
    }

    public DbConnection OpenConnection()
    {
        if (_pg is not null) return _pg.OpenConnection();
        var c = new SqliteConnection(ConnectionString);
        c.Open();
        using var pragma = c.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";
        pragma.ExecuteNonQuery();
        return c;
    }

    /// <summary>Attempts of a transaction that PostgreSQL aborts for a serialization failure or a deadlock.</summary>
    public const int SerializationAttempts = 4;

    /// <summary>
    /// Runs <paramref name="work"/> in one serializable transaction; commits when it returns, rolls back on exception.
    /// On PostgreSQL a transaction aborted for a serialization failure (40001) or a deadlock (40P01) is run again, up to
    /// <see cref="SerializationAttempts"/> times: <paramref name="work"/> must only touch the store (it re-reads its state).
    /// SQLite transactions begin IMMEDIATE and never abort that way.
    /// </summary>
    public T InTransaction<T>(Func<DbConnection, DbTransaction, T> work)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var c = OpenConnection();
                using var tx = c.BeginTransaction(System.Data.IsolationLevel.Serializable);
                var result = work(c, tx);
                tx.Commit();
                return result;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected
                                              && attempt < SerializationAttempts)
            {
                Thread.Sleep(Random.Shared.Next(5, 20 * attempt));
            }
        }
    }

    public void InTransaction(Action<DbConnection, DbTransaction> work) => InTransaction<bool>((c, t) => { work(c, t); return true; });

    public void Dispose() => _pg?.Dispose();
}

/// <summary>Small ADO.NET helpers shared by the stores.</summary>
public static class Sql
{
    public static DbCommand Command(this DbConnection c, DbTransaction? tx, string sql, params (string Name, object? Value)[] ps)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in ps)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    public static int Execute(this DbConnection c, DbTransaction? tx, string sql, params (string, object?)[] ps)
    {
        using var cmd = c.Command(tx, sql, ps);
        return cmd.ExecuteNonQuery();
    }

    /// <summary>Rows per multi-row INSERT statement of <see cref="InsertMany"/> (well under SQLite's 32,766 and PostgreSQL's 65,535 parameters).</summary>
    public const int InsertBatchRows = 400;

    /// <summary>
    /// Inserts many rows with multi-row <c>INSERT … VALUES (…), (…)</c> statements of up to <see cref="InsertBatchRows"/>
    /// rows inside the caller's transaction (one round trip per batch on PostgreSQL, one statement per batch on SQLite).
    /// The full-size statement is built once and its parameters re-bound. Returns the rows inserted.
    /// </summary>
    /// <param name="c">Open connection.</param>
    /// <param name="tx">The caller's transaction.</param>
    /// <param name="table">Table name (trusted: code, never input).</param>
    /// <param name="columns">Column names (trusted), in the order of each row's values.</param>
    /// <param name="rows">Row values; null is NULL.</param>
    public static long InsertMany(this DbConnection c, DbTransaction? tx, string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows)
    {
        DbCommand? full = null;
        var batch = new List<object?[]>(InsertBatchRows);
        long n = 0;
        try
        {
            foreach (var row in rows)
            {
                if (row.Length != columns.Count) throw new ArgumentException($"a row of {table} has {row.Length} values for {columns.Count} columns", nameof(rows));
                batch.Add(row);
                if (batch.Count < InsertBatchRows) continue;
                full ??= InsertCommand(c, tx, table, columns, InsertBatchRows);
                Bind(full, batch, columns.Count);
                full.ExecuteNonQuery();
                n += batch.Count;
                batch.Clear();
            }
            if (batch.Count > 0)
            {
                using var last = InsertCommand(c, tx, table, columns, batch.Count);
                Bind(last, batch, columns.Count);
                last.ExecuteNonQuery();
                n += batch.Count;
            }
            return n;
        }
        finally
        {
            full?.Dispose();
        }
    }

    private static DbCommand InsertCommand(DbConnection c, DbTransaction? tx, string table, IReadOnlyList<string> columns, int rows)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        var sb = new System.Text.StringBuilder($"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ");
        for (var r = 0; r < rows; r++)
        {
            sb.Append(r == 0 ? "(" : ", (");
            for (var k = 0; k < columns.Count; k++)
            {
                var name = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"@p{r}_{k}");
                sb.Append(k == 0 ? name : ", " + name);
                var p = cmd.CreateParameter();
                p.ParameterName = name;
                cmd.Parameters.Add(p);
            }
            sb.Append(')');
        }
        cmd.CommandText = sb.ToString();
        return cmd;
    }

    private static void Bind(DbCommand cmd, List<object?[]> rows, int columns)
    {
        for (var r = 0; r < rows.Count; r++)
            for (var k = 0; k < columns; k++)
                cmd.Parameters[r * columns + k].Value = rows[r][k] ?? DBNull.Value;
    }

    public static object? Scalar(this DbConnection c, DbTransaction? tx, string sql, params (string, object?)[] ps)
    {
        using var cmd = c.Command(tx, sql, ps);
        var v = cmd.ExecuteScalar();
        return v is DBNull ? null : v;
    }

    public static List<T> Query<T>(this DbConnection c, DbTransaction? tx, string sql, Func<DbDataReader, T> map, params (string, object?)[] ps)
    {
        using var cmd = c.Command(tx, sql, ps);
        using var r = cmd.ExecuteReader();
        var list = new List<T>();
        while (r.Read()) list.Add(map(r));
        return list;
    }

    public static string? Str(this DbDataReader r, string col) { var i = r.GetOrdinal(col); return r.IsDBNull(i) ? null : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture); }
    public static string S(this DbDataReader r, string col) => r.Str(col) ?? "";
    public static long L(this DbDataReader r, string col) => Convert.ToInt64(r.GetValue(r.GetOrdinal(col)), System.Globalization.CultureInfo.InvariantCulture);
    public static double? D(this DbDataReader r, string col) { var i = r.GetOrdinal(col); return r.IsDBNull(i) ? null : Convert.ToDouble(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture); }
    public static DateTimeOffset T(this DbDataReader r, string col) => DateTimeOffset.Parse(r.S(col), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
    public static DateTimeOffset? TN(this DbDataReader r, string col) => r.Str(col) is { } s ? DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal) : null;

    /// <summary>Timestamps are stored as ISO-8601 UTC text with a fixed width, so they sort and compare on both engines.</summary>
    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
