using System.Data.Common;
using System.Text.Json;
using Basira.Governance.Storage;

namespace Basira.Education.Warning;

/// <summary>A national early-warning run as stored (no person: counts, metrics, the fairness verdict).</summary>
public sealed record WarningRun(string Id, string ModelId, string ModelVersion, string Cohort, DateTimeOffset RunAt, string Actor, long Pupils, long Schools,
    long Proposed, double Threshold, double CapacityShare, string FairnessStatus, long Alerts, string SummaryJson);

/// <summary>A fairness threshold breached by a run: which groups, which metric, its value and the configured limit.</summary>
public sealed record WarningAlert(string Id, string RunId, string Attributes, string Metric, double? Value, double Threshold, DateTimeOffset RaisedAt);

/// <summary>
/// Per-group figures of a run (attributes "sex", "milieu", "region", "province", "sex|milieu", …; key "F", "F|rural", …);
/// <see cref="Parent"/> is the region of a province.
/// </summary>
public sealed record WarningGroup(string RunId, string Attributes, string GroupKey, long Pupils, long Proposed, long? Dropouts, string MetricsJson, string? Parent = null);

/// <summary>
/// One aggregated explanation: mean |contribution| and signed mean of a feature over an area's explained pupils
/// (levels "national", "region", "province", "sex_milieu"); <see cref="Parent"/> is the region of a province.
/// </summary>
public sealed record WarningCause(string Level, string Area, string Feature, long Rows, double MeanAbs, double MeanSigned, string? Parent = null);

/// <summary>Absence days of an area per justification code; <see cref="Parent"/> is the region of a province.</summary>
public sealed record WarningCodeDays(string Level, string Area, string Code, long Days, string? Parent = null);

/// <summary>One pupil proposed by a run: the decision, where, the rank in the school and the probability.</summary>
public sealed record WarningProposal(string RunId, string DecisionId, string SchoolId, string Province, string Region, long Rank, double Probability);

/// <summary>The tables of the national early warning (module "education.warning": its own migrations on both stores).</summary>
public sealed class WarningStore(BasiraDatabase db)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public const string Module = "education.warning";

    private volatile bool _ready;

    internal static readonly IReadOnlyList<(int, string, string)> Schema =
    [
        (1, "national early-warning runs", """
            CREATE TABLE edu_warning_runs (
              id TEXT PRIMARY KEY, model_id TEXT NOT NULL, model_version TEXT NOT NULL, cohort TEXT NOT NULL, run_at TEXT NOT NULL,
              actor TEXT NOT NULL, pupils BIGINT NOT NULL, schools BIGINT NOT NULL, proposed BIGINT NOT NULL,
              threshold DOUBLE PRECISION NOT NULL, capacity_share DOUBLE PRECISION NOT NULL, fairness_status TEXT NOT NULL,
              alerts BIGINT NOT NULL, summary_json TEXT NOT NULL);
            CREATE INDEX ix_edu_warning_runs_at ON edu_warning_runs (run_at);
            CREATE TABLE edu_warning_proposals (
              run_id TEXT NOT NULL, decision_id TEXT NOT NULL, school_id TEXT NOT NULL, province TEXT NOT NULL, region TEXT NOT NULL,
              rank_position BIGINT NOT NULL, probability DOUBLE PRECISION NOT NULL, PRIMARY KEY (run_id, decision_id));
            CREATE INDEX ix_edu_warning_proposals_school ON edu_warning_proposals (school_id, run_id);
            CREATE TABLE edu_warning_alerts (
              id TEXT PRIMARY KEY, run_id TEXT NOT NULL, attributes TEXT NOT NULL, metric TEXT NOT NULL, value DOUBLE PRECISION,
              threshold DOUBLE PRECISION NOT NULL, raised_at TEXT NOT NULL);
            CREATE INDEX ix_edu_warning_alerts_run ON edu_warning_alerts (run_id);
            CREATE TABLE edu_warning_groups (
              run_id TEXT NOT NULL, attributes TEXT NOT NULL, group_key TEXT NOT NULL, parent TEXT, pupils BIGINT NOT NULL, proposed BIGINT NOT NULL,
              dropouts BIGINT, metrics_json TEXT NOT NULL, PRIMARY KEY (run_id, attributes, group_key));
            CREATE TABLE edu_warning_causes (
              run_id TEXT NOT NULL, level TEXT NOT NULL, area TEXT NOT NULL, parent TEXT, feature TEXT NOT NULL, rows_explained BIGINT NOT NULL,
              mean_abs DOUBLE PRECISION NOT NULL, mean_signed DOUBLE PRECISION NOT NULL, PRIMARY KEY (run_id, level, area, feature));
            CREATE TABLE edu_warning_codes (
              run_id TEXT NOT NULL, level TEXT NOT NULL, area TEXT NOT NULL, parent TEXT, code TEXT NOT NULL, days BIGINT NOT NULL,
              PRIMARY KEY (run_id, level, area, code));
            CREATE TABLE edu_warning_rectifications (
              id TEXT PRIMARY KEY, decision_id TEXT NOT NULL, subject TEXT NOT NULL, feature TEXT NOT NULL, value TEXT,
              actor TEXT NOT NULL, at TEXT NOT NULL);
            CREATE INDEX ix_edu_warning_rectifications_subject ON edu_warning_rectifications (subject)
            """),
        (2, "intervention cases", """
            CREATE TABLE edu_cases (
              id TEXT PRIMARY KEY, decision_id TEXT NOT NULL, run_id TEXT, subject TEXT NOT NULL, school_id TEXT NOT NULL,
              province TEXT NOT NULL, region TEXT NOT NULL, action TEXT NOT NULL, state TEXT NOT NULL, outcome TEXT,
              opened_by TEXT NOT NULL, opened_at TEXT NOT NULL, updated_at TEXT NOT NULL, closed_at TEXT);
            CREATE INDEX ix_edu_cases_decision ON edu_cases (decision_id);
            CREATE INDEX ix_edu_cases_school ON edu_cases (school_id);
            CREATE TABLE edu_case_events (
              id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES edu_cases(id), seq BIGINT NOT NULL, kind TEXT NOT NULL,
              state TEXT NOT NULL, action TEXT NOT NULL, outcome TEXT, note TEXT NOT NULL, actor TEXT NOT NULL, at TEXT NOT NULL,
              UNIQUE (case_id, seq))
            """),
    ];

    /// <summary>Applies the module's migrations (once per instance).</summary>
    public void EnsureSchema()
    {
        if (_ready) return;
        Migrations.Apply(db, Module, Schema);
        _ready = true;
    }

    public BasiraDatabase Database => db;

    /// <summary>Writes a run and everything it measured inside the caller's transaction.</summary>
    internal static void Insert(DbConnection c, DbTransaction tx, WarningRun run, IEnumerable<WarningProposal> proposals, IEnumerable<WarningAlert> alerts,
        IEnumerable<WarningGroup> groups, IEnumerable<WarningCause> causes, IEnumerable<WarningCodeDays> codes)
    {
        c.InsertMany(tx, "edu_warning_runs",
            ["id", "model_id", "model_version", "cohort", "run_at", "actor", "pupils", "schools", "proposed", "threshold", "capacity_share", "fairness_status", "alerts", "summary_json"],
            [[run.Id, run.ModelId, run.ModelVersion, run.Cohort, Sql.Iso(run.RunAt), run.Actor, run.Pupils, run.Schools, run.Proposed, run.Threshold,
              run.CapacityShare, run.FairnessStatus, run.Alerts, run.SummaryJson]]);
        c.InsertMany(tx, "edu_warning_proposals", ["run_id", "decision_id", "school_id", "province", "region", "rank_position", "probability"],
            proposals.Select(p => new object?[] { p.RunId, p.DecisionId, p.SchoolId, p.Province, p.Region, p.Rank, p.Probability }));
        c.InsertMany(tx, "edu_warning_alerts", ["id", "run_id", "attributes", "metric", "value", "threshold", "raised_at"],
            alerts.Select(a => new object?[] { a.Id, a.RunId, a.Attributes, a.Metric, a.Value, a.Threshold, Sql.Iso(a.RaisedAt) }));
        c.InsertMany(tx, "edu_warning_groups", ["run_id", "attributes", "group_key", "parent", "pupils", "proposed", "dropouts", "metrics_json"],
            groups.Select(g => new object?[] { g.RunId, g.Attributes, g.GroupKey, g.Parent, g.Pupils, g.Proposed, g.Dropouts, g.MetricsJson }));
        c.InsertMany(tx, "edu_warning_causes", ["run_id", "level", "area", "parent", "feature", "rows_explained", "mean_abs", "mean_signed"],
            causes.Select(x => new object?[] { run.Id, x.Level, x.Area, x.Parent, x.Feature, x.Rows, x.MeanAbs, x.MeanSigned }));
        c.InsertMany(tx, "edu_warning_codes", ["run_id", "level", "area", "parent", "code", "days"],
            codes.Select(x => new object?[] { run.Id, x.Level, x.Area, x.Parent, x.Code, x.Days }));
    }

    /// <summary>The latest run, or null.</summary>
    public WarningRun? LatestRun() => Runs(1).FirstOrDefault();

    /// <summary>The latest runs, newest first.</summary>
    public IReadOnlyList<WarningRun> Runs(int limit = 20)
    {
        EnsureSchema();
        using var c = db.OpenConnection();
        return c.Query(null, "SELECT * FROM edu_warning_runs ORDER BY run_at DESC, id DESC LIMIT @n", MapRun, ("@n", (long)limit));
    }

    public WarningRun? Run(string id)
    {
        EnsureSchema();
        using var c = db.OpenConnection();
        return c.Query(null, "SELECT * FROM edu_warning_runs WHERE id = @id", MapRun, ("@id", id)).FirstOrDefault();
    }

    public IReadOnlyList<WarningAlert> Alerts(string runId)
    {
        EnsureSchema();
        using var c = db.OpenConnection();
        return c.Query(null, "SELECT * FROM edu_warning_alerts WHERE run_id = @r ORDER BY attributes, metric", r => new WarningAlert(r.S("id"), r.S("run_id"),
            r.S("attributes"), r.S("metric"), r.D("value"), r.D("threshold")!.Value, r.T("raised_at")), ("@r", runId));
    }

    public IReadOnlyList<WarningGroup> Groups(string runId, string? attributes = null)
    {
        EnsureSchema();
        using var c = db.OpenConnection();
        return c.Query(null, "SELECT * FROM edu_warning_groups WHERE run_id = @r" + (attributes is null ? "" : " AND attributes = @a") + " ORDER BY attributes, group_key",
            r => new WarningGroup(r.S("run_id"), r.S("attributes"), r.S("group_key"), r.L("pupils"), r.L("proposed"), r.Str("dropouts") is null ? null : r.L("dropouts"),
                r.S("metrics_json"), r.Str("parent")), ("@r", runId), ("@a", attributes));
    }

    /// <summary>Aggregated explanations of a run at one level ("national", "region", "province", "sex_milieu"), optionally one area.</summary>
    public IReadOnlyList<WarningCause> Causes(string runId, string level, string? area = null)
    {
        EnsureSchema();
        using var c = db.OpenConnection();
        return c.Query(null, "SELECT * FROM edu_warning_causes WHERE run_id = @r AND level = @l" + (area is null ? "" : " AND area = @a") + " ORDER BY area, mean_abs DESC",
            r => new WarningCause(r.S("level"), r.S("area"), r.S("feature"), r.L("rows_explained"), r.D("mean_abs")!.Value, r.D("mean_signed")!.Value, r.Str("parent")),
            ("@r", runId), ("@l", level), ("@a", area));
    }

    /// <summary>Absence days per justification code of a run at one level, optionally one area.</summary>
    public IReadOnlyList<WarningCodeDays> Codes(string runId, string level, string? area = null)
    {
        EnsureSchema();
        using var c = db.OpenConnection();
        return c.Query(null, "SELECT * FROM edu_warning_codes WHERE run_id = @r AND level = @l" + (area is null ? "" : " AND area = @a") + " ORDER BY area, code",
            r => new WarningCodeDays(r.S("level"), r.S("area"), r.S("code"), r.L("days"), r.Str("parent")), ("@r", runId), ("@l", level), ("@a", area));
    }

    /// <summary>The proposals of a run in one school, by rank.</summary>
    public IReadOnlyList<WarningProposal> Proposals(string runId, string schoolId)
    {
        EnsureSchema();
        using var c = db.OpenConnection();
        return c.Query(null, "SELECT * FROM edu_warning_proposals WHERE run_id = @r AND school_id = @s ORDER BY rank_position", MapProposal,
            ("@r", runId), ("@s", schoolId));
    }

    /// <summary>The proposal of a decision, or null.</summary>
    public WarningProposal? ProposalOf(string decisionId)
    {
        EnsureSchema();
        using var c = db.OpenConnection();
        return c.Query(null, "SELECT * FROM edu_warning_proposals WHERE decision_id = @d", MapProposal, ("@d", decisionId)).FirstOrDefault();
    }

    /// <summary>Proposals per area of a run (level "region" or "province", optionally within one region): no person.</summary>
    public IReadOnlyList<(string Area, long Proposed)> ProposedByArea(string runId, string level, string? region = null)
    {
        EnsureSchema();
        var column = level == "region" ? "region" : "province";
        using var c = db.OpenConnection();
        return c.Query(null, $"SELECT {column} AS area, COUNT(*) AS n FROM edu_warning_proposals WHERE run_id = @r" + (region is null ? "" : " AND region = @g") +
            $" GROUP BY {column} ORDER BY {column}", r => (r.S("area"), r.L("n")), ("@r", runId), ("@g", region));
    }

    private static WarningProposal MapProposal(DbDataReader r) => new(r.S("run_id"), r.S("decision_id"), r.S("school_id"), r.S("province"), r.S("region"),
        r.L("rank_position"), r.D("probability")!.Value);

    private static WarningRun MapRun(DbDataReader r) => new(r.S("id"), r.S("model_id"), r.S("model_version"), r.S("cohort"), r.T("run_at"), r.S("actor"),
        r.L("pupils"), r.L("schools"), r.L("proposed"), r.D("threshold")!.Value, r.D("capacity_share")!.Value, r.S("fairness_status"), r.L("alerts"),
        r.S("summary_json"));
}
