using System.Data.Common;

namespace Basira.Governance.Storage;

/// <summary>
/// Ordered schema migrations, shared by SQLite and PostgreSQL. A migration is applied once, in a transaction, and
/// recorded in <c>schema_migrations</c>. Never edit an applied migration: add a new one.
/// </summary>
public static class Migrations
{
    /// <summary>Tables whose rows are never updated or deleted once written (a change is a new row).</summary>
    public static IReadOnlyList<string> AppendOnlyTables { get; } =
        ["audit_log", "decisions", "decision_revisions", "objection_events", "fairness_audits"];

    /// <summary>Governance migrations whose statements depend on the store (e.g. trigger syntax).</summary>
    public static IReadOnlyList<Migration> ProviderSpecific { get; } =
    [
        new(2, "append-only guards", kind => kind == StoreKind.PostgreSql
            ?
            [
                """
                CREATE FUNCTION basira_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  RAISE EXCEPTION 'basira: % is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
                END $$
                """,
                .. AppendOnlyTables.SelectMany(t => new[]
                {
                    $"CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON {t} FOR EACH ROW EXECUTE FUNCTION basira_append_only()",
                    $"CREATE TRIGGER {t}_no_truncate BEFORE TRUNCATE ON {t} FOR EACH STATEMENT EXECUTE FUNCTION basira_append_only()",
                }),
            ]
            : [.. AppendOnlyTables.SelectMany(t => new[] { "UPDATE", "DELETE" }.Select(op =>
                $"CREATE TRIGGER {t}_no_{op.ToLowerInvariant()} BEFORE {op} ON {t} BEGIN SELECT RAISE(ABORT, 'basira: {t} is append-only ({op} refused)'); END"))]),
        Migration.FromSql(3, "decision counterfactual", "ALTER TABLE decisions ADD COLUMN counterfactual_json TEXT"),
        // Sign-in throttling per submitted username (known or not, so that a lockout reveals nothing) and server-side
        // sessions (a signed-out cookie no longer authenticates).
        Migration.FromSql(4, "sign-in lockout and sessions", """
            CREATE TABLE sign_in_throttle (
              username TEXT PRIMARY KEY, failures BIGINT NOT NULL, last_failed_at TEXT NOT NULL, locked_until TEXT);
            CREATE TABLE sessions (
              id TEXT PRIMARY KEY, user_id TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT);
            CREATE INDEX ix_sessions_user ON sessions (user_id)
            """),
    ];

    public static IReadOnlyList<(int Version, string Name, string Sql)> All { get; } =
    [
        (1, "governance core", """
            CREATE TABLE users (
              id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,
              password_hash TEXT NOT NULL, role TEXT NOT NULL, scope_kind TEXT NOT NULL, scope_value TEXT,
              subject TEXT, created_at TEXT NOT NULL);
            CREATE TABLE models (
              id TEXT PRIMARY KEY, algorithm TEXT NOT NULL, version TEXT NOT NULL, content_hash TEXT NOT NULL,
              path TEXT NOT NULL, trained_at TEXT NOT NULL, status TEXT NOT NULL, card_json TEXT NOT NULL,
              UNIQUE (algorithm, version));
            CREATE TABLE decisions (
              id TEXT PRIMARY KEY, subject TEXT NOT NULL, domain TEXT NOT NULL, algorithm TEXT NOT NULL,
              model_id TEXT NOT NULL, model_version TEXT NOT NULL, model_hash TEXT NOT NULL,
              inputs_json TEXT NOT NULL, raw_score DOUBLE PRECISION NOT NULL, baseline DOUBLE PRECISION NOT NULL,
              output DOUBLE PRECISION NOT NULL, threshold DOUBLE PRECISION NOT NULL, outcome TEXT NOT NULL,
              rank_position BIGINT, automation_level TEXT NOT NULL, decider TEXT NOT NULL,
              scope_region TEXT, scope_province TEXT, scope_unit TEXT, group_json TEXT NOT NULL,
              contributions_json TEXT NOT NULL, created_at TEXT NOT NULL);
            CREATE INDEX ix_decisions_subject ON decisions (subject);
            CREATE INDEX ix_decisions_algorithm ON decisions (algorithm, created_at);
            CREATE TABLE decision_revisions (
              id TEXT PRIMARY KEY, decision_id TEXT NOT NULL REFERENCES decisions(id), seq BIGINT NOT NULL,
              kind TEXT NOT NULL, outcome TEXT NOT NULL, actor TEXT NOT NULL, reason TEXT NOT NULL,
              details_json TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE (decision_id, seq));
            CREATE TABLE objections (
              id TEXT PRIMARY KEY, decision_id TEXT NOT NULL REFERENCES decisions(id), state TEXT NOT NULL,
              grounds TEXT NOT NULL, statement TEXT NOT NULL, channel TEXT NOT NULL, filed_by TEXT NOT NULL,
              filed_at TEXT NOT NULL, acknowledge_by TEXT NOT NULL, decide_by TEXT NOT NULL,
              acknowledged_at TEXT, reviewer TEXT, review_started_at TEXT, extended INTEGER NOT NULL,
              outcome TEXT, reasoning TEXT, decided_at TEXT, notify_by TEXT, closed_at TEXT, receipt TEXT NOT NULL);
            CREATE INDEX ix_objections_decision ON objections (decision_id);
            CREATE TABLE objection_events (
              id TEXT PRIMARY KEY, objection_id TEXT NOT NULL REFERENCES objections(id), seq BIGINT NOT NULL,
              from_state TEXT NOT NULL, to_state TEXT NOT NULL, actor TEXT NOT NULL, note TEXT NOT NULL,
              created_at TEXT NOT NULL, UNIQUE (objection_id, seq));
            CREATE TABLE fairness_audits (
              id TEXT PRIMARY KEY, algorithm TEXT NOT NULL, model_version TEXT NOT NULL, run_at TEXT NOT NULL,
              status TEXT NOT NULL, report_json TEXT NOT NULL);
            CREATE TABLE audit_log (
              seq BIGINT PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
              entity TEXT NOT NULL, entity_id TEXT NOT NULL, subject TEXT, details TEXT NOT NULL,
              prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
            """),
    ];

    public static void Apply(BasiraDatabase db) =>
        Apply(db, "governance", [.. All.Select(m => Migration.FromSql(m.Version, m.Name, m.Sql)), .. ProviderSpecific]);

    /// <summary>Applies a module's migrations (each module owns its tables; ids are "module:version").</summary>
    public static void Apply(BasiraDatabase db, string module, IReadOnlyList<(int Version, string Name, string Sql)> migrations) =>
        Apply(db, module, [.. migrations.Select(m => Migration.FromSql(m.Version, m.Name, m.Sql))]);

    /// <summary>Applies a module's migrations in version order, each once, in its own transaction.</summary>
    public static void Apply(BasiraDatabase db, string module, IReadOnlyList<Migration> migrations)
    {
        using var c = db.OpenConnection();
        c.Execute(null, "CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, module TEXT NOT NULL, version BIGINT NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        foreach (var (version, name, statements) in migrations.OrderBy(m => m.Version).Select(m => (m.Version, m.Name, m.Statements)))
        {
            var id = $"{module}:{version}";
            using var tx = c.BeginTransaction();
            if (db.Kind == StoreKind.PostgreSql)
                c.Execute(tx, "SELECT pg_advisory_xact_lock(727274)"); // one migrator at a time across servers
            var applied = c.Scalar(tx, "SELECT COUNT(*) FROM schema_migrations WHERE id = @id", ("@id", id));
            if (Convert.ToInt64(applied, System.Globalization.CultureInfo.InvariantCulture) > 0) { tx.Commit(); continue; }
            foreach (var stmt in statements(db.Kind)) c.Execute(tx, stmt);
            c.Execute(tx, "INSERT INTO schema_migrations (id, module, version, name, applied_at) VALUES (@id, @m, @v, @n, @t)",
                ("@id", id), ("@m", module), ("@v", (long)version), ("@n", name), ("@t", Sql.Iso(DateTimeOffset.UtcNow)));
            tx.Commit();
        }
    }

    public static int CurrentVersion(BasiraDatabase db)
    {
        using var c = db.OpenConnection();
        return Convert.ToInt32(c.Scalar(null, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations WHERE module = 'governance'"), System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static IReadOnlyList<string> SplitStatements(string sql) =>
        [.. sql.Split(';').Select(s => s.Trim()).Where(s => s.Length > 0)];
}

/// <summary>One schema migration: its version within the module, a name, and its statements for a given store.</summary>
/// <param name="Version">Version within the module (applied in increasing order, recorded as "module:version").</param>
/// <param name="Name">Human-readable name.</param>
/// <param name="Statements">Statements to run for the store kind (each executed as one command).</param>
public sealed record Migration(int Version, string Name, Func<StoreKind, IReadOnlyList<string>> Statements)
{
    /// <summary>A migration from portable SQL: statements separated by ';' (no ';' inside a statement).</summary>
    public static Migration FromSql(int version, string name, string sql) => new(version, name, _ => Migrations.SplitStatements(sql));
}
