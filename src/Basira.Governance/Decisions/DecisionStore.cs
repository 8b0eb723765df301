using System.Data.Common;
using System.Text.Json;
using Basira.Governance.Access;
using Basira.Governance.Audit;
using Basira.Governance.Objections;
using Basira.Governance.Storage;

namespace Basira.Governance.Decisions;

/// <summary>Append-only store of decision records and their revisions. Every read of a decision is audited.</summary>
public sealed class DecisionStore(BasiraDatabase db, AuditLog audit, TimeProvider clock)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Records a batch of decisions in one transaction, each with its audit entry (and the row's content hash).</summary>
    public void Record(IReadOnlyList<DecisionRecord> decisions, string actor)
    {
        foreach (var d in decisions) d.Validate();
        db.InTransaction((c, tx) => Record(c, tx, decisions, actor));
    }

    /// <summary>Records decisions inside the caller's transaction (with what the module stores beside them), each with its audit entry.</summary>
    public void Record(DbConnection c, DbTransaction tx, IReadOnlyList<DecisionRecord> decisions, string actor)
    {
        foreach (var d in decisions) d.Validate();
        foreach (var d in decisions)
        {
            c.Execute(tx, """
                INSERT INTO decisions (id, subject, domain, algorithm, model_id, model_version, model_hash, inputs_json,
                  raw_score, baseline, output, threshold, outcome, rank_position, automation_level, decider,
                  scope_region, scope_province, scope_unit, group_json, contributions_json, created_at, counterfactual_json)
                VALUES (@id, @subject, @domain, @algorithm, @model_id, @model_version, @model_hash, @inputs,
                  @raw, @baseline, @output, @threshold, @outcome, @rank, @automation, @decider,
                  @region, @province, @unit, @groups, @contribs, @created, @counterfactual)
                """,
                ("@id", d.Id), ("@subject", d.Subject), ("@domain", d.Domain), ("@algorithm", d.Algorithm),
                ("@model_id", d.ModelId), ("@model_version", d.ModelVersion), ("@model_hash", d.ModelHash),
                ("@inputs", JsonSerializer.Serialize(d.Inputs, Json)), ("@raw", d.RawScore), ("@baseline", d.Baseline),
                ("@output", d.Output), ("@threshold", d.Threshold), ("@outcome", d.Outcome), ("@rank", d.RankPosition),
                ("@automation", d.AutomationLevel), ("@decider", d.Decider), ("@region", d.Scope.Region),
                ("@province", d.Scope.Province), ("@unit", d.Scope.Unit),
                ("@groups", JsonSerializer.Serialize(d.Groups, Json)), ("@contribs", JsonSerializer.Serialize(d.Contributions, Json)),
                ("@created", Sql.Iso(d.CreatedAt)),
                ("@counterfactual", d.Counterfactual is null ? null : JsonSerializer.Serialize(d.Counterfactual, Json)));
            // The entry carries the hash of the row as stored, so a decision edited or deleted behind the store's
            // guards is caught by VerifyContent even though the chain itself is intact.
            var content = ContentHash(d.Id, d.Subject, d.Domain, d.Algorithm, d.ModelId, d.ModelVersion, d.ModelHash,
                JsonSerializer.Serialize(d.Inputs, Json), d.RawScore, d.Baseline, d.Output, d.Threshold, d.Outcome,
                d.RankPosition?.ToString(System.Globalization.CultureInfo.InvariantCulture), d.AutomationLevel, d.Decider, d.Scope.Region,
                d.Scope.Province, d.Scope.Unit, JsonSerializer.Serialize(d.Groups, Json), JsonSerializer.Serialize(d.Contributions, Json),
                Sql.Iso(d.CreatedAt), d.Counterfactual is null ? null : JsonSerializer.Serialize(d.Counterfactual, Json));
            audit.Append(c, tx, actor, "decision.recorded", "decision", d.Id, d.Subject,
                $"algorithm={d.Algorithm};model={d.ModelVersion};outcome={d.Outcome};content={content}");
        }
    }

    private static readonly string[] Columns =
    [
        "id", "subject", "domain", "algorithm", "model_id", "model_version", "model_hash", "inputs_json", "raw_score", "baseline", "output",
        "threshold", "outcome", "rank_position", "automation_level", "decider", "scope_region", "scope_province", "scope_unit", "group_json",
        "contributions_json", "created_at", "counterfactual_json",
    ];

    /// <summary>Decisions written per batch by <see cref="RecordMany"/> (bounds the memory of a national run's serialised rows).</summary>
    public const int RecordBatch = 4_000;

    /// <summary>
    /// Records many decisions (a national run: hundreds of thousands) in ONE transaction: each validated, inserted with
    /// batched multi-row statements, each with its <c>decision.recorded</c> audit entry carrying the row's content hash, as
    /// <see cref="Record(IReadOnlyList{DecisionRecord}, string)"/> does one by one. <paramref name="decisions"/> is enumerated once per attempt (PostgreSQL may
    /// retry a serialization failure), <see cref="RecordBatch"/> records at a time, so a lazy sequence never holds the run
    /// in memory; a record that fails validation rolls everything back. <paramref name="alsoInTransaction"/> runs last in
    /// the same transaction (the caller's own rows: the run, its proposals), so everything commits together or nothing does.
    /// Returns the number of decisions recorded.
    /// </summary>
    public long RecordMany(IEnumerable<DecisionRecord> decisions, string actor, Action<DbConnection, DbTransaction>? alsoInTransaction = null) =>
        db.InTransaction((c, tx) =>
        {
            long n = 0;
            foreach (var chunk in decisions.Chunk(RecordBatch))
            {
                var rows = new object?[chunk.Length][];
                var items = new AuditItem[chunk.Length];
                for (var k = 0; k < chunk.Length; k++)
                {
                    var d = chunk[k];
                    d.Validate();
                    var inputs = JsonSerializer.Serialize(d.Inputs, Json);
                    var groups = JsonSerializer.Serialize(d.Groups, Json);
                    var contributions = JsonSerializer.Serialize(d.Contributions, Json);
                    var counterfactual = d.Counterfactual is null ? null : JsonSerializer.Serialize(d.Counterfactual, Json);
                    var created = Sql.Iso(d.CreatedAt);
                    rows[k] =
                    [
                        d.Id, d.Subject, d.Domain, d.Algorithm, d.ModelId, d.ModelVersion, d.ModelHash, inputs, d.RawScore, d.Baseline, d.Output,
                        d.Threshold, d.Outcome, d.RankPosition, d.AutomationLevel, d.Decider, d.Scope.Region, d.Scope.Province, d.Scope.Unit, groups,
                        contributions, created, counterfactual,
                    ];
                    var content = ContentHash(d.Id, d.Subject, d.Domain, d.Algorithm, d.ModelId, d.ModelVersion, d.ModelHash, inputs, d.RawScore,
                        d.Baseline, d.Output, d.Threshold, d.Outcome, d.RankPosition?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        d.AutomationLevel, d.Decider, d.Scope.Region, d.Scope.Province, d.Scope.Unit, groups, contributions, created, counterfactual);
                    items[k] = new AuditItem(actor, "decision.recorded", "decision", d.Id, d.Subject,
                        $"algorithm={d.Algorithm};model={d.ModelVersion};outcome={d.Outcome};content={content}");
                }
                c.InsertMany(tx, "decisions", Columns, rows);
                audit.AppendMany(c, tx, items);
                n += chunk.Length;
            }
            alsoInTransaction?.Invoke(c, tx);
            return n;
        });

    /// <summary>Reads one decision for <paramref name="who"/>; null when missing or out of scope (the caller answers 404).</summary>
    public DecisionRecord? Get(Principal who, string id, string purpose = "read")
    {
        var d = Load(id);
        if (d is null || !AccessPolicy.CanSeeDecision(who, d)) return null;
        audit.Append(who.Username, "personal_data.read", "decision", d.Id, d.Subject, $"purpose={purpose};role={who.Role}");
        return d;
    }

    internal DecisionRecord? Load(string id)
    {
        using var c = db.OpenConnection();
        return c.Query(null, "SELECT * FROM decisions WHERE id = @id", Map, ("@id", id)).FirstOrDefault();
    }

    /// <summary>Decisions visible to <paramref name="who"/>, newest first; the listing itself is audited.</summary>
    public IReadOnlyList<DecisionRecord> List(Principal who, string? algorithm = null, string? outcome = null, int limit = 100, string? subject = null)
    {
        using var c = db.OpenConnection();
        var sql = "SELECT * FROM decisions WHERE 1=1";
        var ps = new List<(string, object?)>();
        if (algorithm is not null) { sql += " AND algorithm = @a"; ps.Add(("@a", algorithm)); }
        if (outcome is not null) { sql += " AND outcome = @o"; ps.Add(("@o", outcome)); }
        if (subject is not null) { sql += " AND subject = @s"; ps.Add(("@s", subject)); }
        if (who.Role == Roles.Citizen) { sql += " AND subject = @me"; ps.Add(("@me", who.Subject ?? "\0")); }
        else if (who.ScopeKind == ScopeKinds.Region) { sql += " AND scope_region = @sv"; ps.Add(("@sv", who.ScopeValue)); }
        else if (who.ScopeKind == ScopeKinds.Province) { sql += " AND scope_province = @sv"; ps.Add(("@sv", who.ScopeValue)); }
        else if (who.ScopeKind is ScopeKinds.School or ScopeKinds.Agency or ScopeKinds.MiniGrid) { sql += " AND scope_unit = @sv"; ps.Add(("@sv", who.ScopeValue)); }
        sql += " ORDER BY rank_position IS NULL, rank_position, created_at DESC LIMIT @limit";
        ps.Add(("@limit", (long)limit));
        var list = c.Query(null, sql, Map, ps.ToArray()).Where(d => AccessPolicy.CanSeeDecision(who, d)).ToList();
        audit.Append(who.Username, "personal_data.list", "decision", algorithm ?? "*", null, $"count={list.Count};role={who.Role}");
        return list;
    }

    /// <summary>
    /// Aggregates per area (no person): for each region (<paramref name="level"/> "region") or province ("province",
    /// optionally only those of <paramref name="region"/>), the decisions recorded and how many the model proposed
    /// (<paramref name="proposedOutcome"/>), limited to the caller's scope.
    /// </summary>
    public IReadOnlyList<AreaCount> CountByArea(Principal who, string level, string? algorithm = null, string? region = null, string proposedOutcome = "flagged")
    {
        var column = level switch { "region" => "scope_region", "province" => "scope_province", _ => throw new ArgumentException($"unknown level '{level}' (region or province)", nameof(level)) };
        using var c = db.OpenConnection();
        var sql = $"SELECT {column} AS area, COUNT(*) AS n, SUM(CASE WHEN outcome = @o THEN 1 ELSE 0 END) AS proposed FROM decisions WHERE {column} IS NOT NULL";
        var ps = new List<(string, object?)> { ("@o", proposedOutcome) };
        if (algorithm is not null) { sql += " AND algorithm = @a"; ps.Add(("@a", algorithm)); }
        if (region is not null) { sql += " AND scope_region = @r"; ps.Add(("@r", region)); }
        switch (who.ScopeKind)
        {
            case ScopeKinds.National: break;
            case ScopeKinds.Region: sql += " AND scope_region = @sv"; ps.Add(("@sv", who.ScopeValue ?? "\0")); break;
            case ScopeKinds.Province: sql += " AND scope_province = @sv"; ps.Add(("@sv", who.ScopeValue ?? "\0")); break;
            default: sql += " AND scope_unit = @sv"; ps.Add(("@sv", who.ScopeValue ?? "\0")); break;
        }
        sql += $" GROUP BY {column} ORDER BY {column}";
        return c.Query(null, sql, r => new AreaCount(r.S("area"), r.L("n"), r.L("proposed")), ps.ToArray());
    }

    public long Count(string? algorithm = null)
    {
        using var c = db.OpenConnection();
        return Convert.ToInt64(c.Scalar(null, "SELECT COUNT(*) FROM decisions" + (algorithm is null ? "" : " WHERE algorithm = @a"), ("@a", algorithm)),
            System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Appends a revision (human decision, review outcome, re-scoring) inside the caller's transaction.</summary>
    public DecisionRevision AddRevision(DbConnection c, DbTransaction tx, string decisionId, string kind, string outcome, string actor, string reason, object details)
    {
        var seq = Convert.ToInt64(c.Scalar(tx, "SELECT COALESCE(MAX(seq), 0) + 1 FROM decision_revisions WHERE decision_id = @d", ("@d", decisionId)),
            System.Globalization.CultureInfo.InvariantCulture);
        var rev = new DecisionRevision(Guid.NewGuid().ToString("n"), decisionId, seq, kind, outcome, actor, reason,
            JsonSerializer.Serialize(details, Json), clock.GetUtcNow());
        c.Execute(tx, """
            INSERT INTO decision_revisions (id, decision_id, seq, kind, outcome, actor, reason, details_json, created_at)
            VALUES (@id, @d, @seq, @kind, @outcome, @actor, @reason, @details, @at)
            """, ("@id", rev.Id), ("@d", decisionId), ("@seq", seq), ("@kind", kind), ("@outcome", outcome), ("@actor", actor),
            ("@reason", reason), ("@details", rev.DetailsJson), ("@at", Sql.Iso(rev.CreatedAt)));
        audit.Append(c, tx, actor, "decision.revised", "decision", decisionId, null, $"kind={kind};outcome={outcome}");
        return rev;
    }

    public DecisionRevision AddRevision(string decisionId, string kind, string outcome, string actor, string reason, object details) =>
        db.InTransaction((c, tx) => AddRevision(c, tx, decisionId, kind, outcome, actor, reason, details));

    /// <summary>
    /// The human step of "model recommends, human decides": a person with the deciding role in the decision's scope
    /// confirms or declines the recommendation, with reasons. Returns null when the decision is not visible. Once an
    /// objection to the decision is open (filed, under review, decided or escalated, not yet closed) or a review outcome
    /// exists, the outcome belongs to the review and a new human decision is refused (<see cref="WorkflowException"/>,
    /// 409). A confirmation takes the current recommendation: the latest outcome not set by a human decision.
    /// </summary>
    public DecisionRevision? RecordHumanDecision(Principal who, string decisionId, bool confirm, string reason)
    {
        if (!AccessPolicy.CanDecide(who)) throw new UnauthorizedAccessException("only school staff, counsellors or administrators take the human decision");
        var d = Get(who, decisionId, "human_decision");
        if (d is null) return null;
        if (string.IsNullOrWhiteSpace(reason)) throw new DataInputException(null, null, "reason", "the reasons of the human decision are required");
        return db.InTransaction((c, tx) =>
        {
            if (HumanDecisionRefusal(c, tx, d.Id) is { } refusal) throw new WorkflowException(refusal);
            var recommended = RevisionsIn(c, tx, d.Id).LastOrDefault(r => r.Kind != RevisionKinds.HumanDecision)?.Outcome ?? d.Outcome;
            var outcome = confirm ? recommended : "declined:" + recommended;
            return AddRevision(c, tx, d.Id, RevisionKinds.HumanDecision, outcome, who.Username, reason.Trim(),
                new { confirmed = confirm, role = who.Role, scope = who.ScopeValue });
        });
    }

    /// <summary>Why no further human decision may be taken on the decision, or null when one may.</summary>
    public string? HumanDecisionRefusal(string decisionId)
    {
        using var c = db.OpenConnection();
        return HumanDecisionRefusal(c, null, decisionId);
    }

    private static string? HumanDecisionRefusal(DbConnection c, DbTransaction? tx, string decisionId)
    {
        var open = Convert.ToInt64(c.Scalar(tx, "SELECT COUNT(*) FROM objections WHERE decision_id = @d AND state <> @closed",
            ("@d", decisionId), ("@closed", ObjectionStates.Closed)), System.Globalization.CultureInfo.InvariantCulture);
        if (open > 0) return "an objection to this decision is open: its outcome now follows the human review, not a new human decision";
        if (RevisionsIn(c, tx, decisionId).Any(r => r.Kind == RevisionKinds.ReviewOutcome))
            return "this decision was reviewed after an objection: the review outcome stands and no new human decision is taken";
        return null;
    }

    public IReadOnlyList<DecisionRevision> Revisions(string decisionId)
    {
        using var c = db.OpenConnection();
        return RevisionsIn(c, null, decisionId);
    }

    private static IReadOnlyList<DecisionRevision> RevisionsIn(DbConnection c, DbTransaction? tx, string decisionId) =>
        c.Query(tx, "SELECT * FROM decision_revisions WHERE decision_id = @d ORDER BY seq",
            r => new DecisionRevision(r.S("id"), r.S("decision_id"), r.L("seq"), r.S("kind"), r.S("outcome"), r.S("actor"), r.S("reason"),
                r.S("details_json"), r.T("created_at")), ("@d", decisionId));

    /// <summary>
    /// The decision as it stands after the latest rectification (a <see cref="RevisionKinds.Rescored"/> revision): the
    /// corrected inputs, their exact contributions, raw score and probability; the original record when none. Its
    /// counterfactual, computed for the old values, is dropped. Notices are built from this, never from stale values.
    /// </summary>
    public DecisionRecord AsRectified(DecisionRecord d)
    {
        if (Revisions(d.Id).LastOrDefault(r => r.Kind == RevisionKinds.Rescored) is not { } rev) return d;
        var n = System.Text.Json.Nodes.JsonNode.Parse(rev.DetailsJson)!;
        var rectified = d with
        {
            Inputs = n["new_inputs"].Deserialize<List<DecisionInput>>(Json)!,
            Contributions = n["new_contributions"].Deserialize<List<Contribution>>(Json)!,
            RawScore = n["new_raw_score"]!.GetValue<double>(),
            Baseline = n["baseline"]!.GetValue<double>(),
            Output = n["new_probability"]!.GetValue<double>(),
            Counterfactual = null,
        };
        rectified.Validate();
        return rectified;
    }

    /// <summary>SHA-256 (hex) of a decision row's stored values, in column order, unit-separated; null as a distinct token.</summary>
    internal static string ContentHash(params object?[] values)
    {
        var text = string.Join('\u001f', values.Select(v => v switch
        {
            null => "\u2400",
            double x => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
        }));
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>
    /// Checks every stored decision against the content hash its <c>decision.recorded</c> audit entry carries: a row
    /// changed after recording, a recorded decision missing from the store, or a row with no audit entry is reported
    /// (the first one, in recording order). Entries written before the hash existed are counted, not checked.
    /// </summary>
    public DecisionContentVerification VerifyContent()
    {
        using var c = db.OpenConnection();
        var recorded = c.Query(null, "SELECT seq, entity_id, details FROM audit_log WHERE action = 'decision.recorded' ORDER BY seq",
            r => (Seq: r.L("seq"), Id: r.S("entity_id"), Details: r.S("details")));
        var rows = c.Query(null, "SELECT * FROM decisions", r => (Id: r.S("id"), Hash: ContentHash(r.S("id"), r.S("subject"), r.S("domain"),
            r.S("algorithm"), r.S("model_id"), r.S("model_version"), r.S("model_hash"), r.S("inputs_json"), r.D("raw_score"), r.D("baseline"),
            r.D("output"), r.D("threshold"), r.S("outcome"), r.Str("rank_position"), r.S("automation_level"), r.S("decider"),
            r.Str("scope_region"), r.Str("scope_province"), r.Str("scope_unit"), r.S("group_json"), r.S("contributions_json"),
            r.S("created_at"), r.Str("counterfactual_json")))).ToDictionary(x => x.Id, x => x.Hash, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int checkedCount = 0, unhashed = 0;
        foreach (var e in recorded)
        {
            seen.Add(e.Id);
            if (!rows.TryGetValue(e.Id, out var hash))
                return new(false, checkedCount, unhashed, e.Id, $"decision {e.Id} (audit entry {e.Seq}) is missing from the store");
            var stated = e.Details.Split(';').FirstOrDefault(p => p.StartsWith("content=", StringComparison.Ordinal))?["content=".Length..];
            if (stated is null) { unhashed++; continue; }
            checkedCount++;
            if (stated != hash)
                return new(false, checkedCount, unhashed, e.Id, $"decision {e.Id} was altered after it was recorded (audit entry {e.Seq} holds another content hash)");
        }
        var orphan = rows.Keys.Where(id => !seen.Contains(id)).Order(StringComparer.Ordinal).FirstOrDefault();
        return orphan is null
            ? new(true, checkedCount, unhashed, null, null)
            : new(false, checkedCount, unhashed, orphan, $"decision {orphan} is in the store but was never recorded in the audit log");
    }

    /// <summary>The decision's current outcome: the latest revision's, or the original one.</summary>
    public string CurrentOutcome(DecisionRecord d) => Revisions(d.Id).LastOrDefault()?.Outcome ?? d.Outcome;

    internal static DecisionRecord Map(DbDataReader r) => new(
        r.S("id"), r.S("subject"), r.S("domain"), r.S("algorithm"), r.S("model_id"), r.S("model_version"), r.S("model_hash"),
        JsonSerializer.Deserialize<List<DecisionInput>>(r.S("inputs_json"), Json)!, r.D("raw_score")!.Value, r.D("baseline")!.Value,
        r.D("output")!.Value, r.D("threshold")!.Value, r.S("outcome"), r.Str("rank_position") is { } rp ? long.Parse(rp, System.Globalization.CultureInfo.InvariantCulture) : null,
        r.S("automation_level"), r.S("decider"), new DecisionScope(r.Str("scope_region"), r.Str("scope_province"), r.Str("scope_unit")),
        JsonSerializer.Deserialize<Dictionary<string, string>>(r.S("group_json"), Json)!,
        JsonSerializer.Deserialize<List<Contribution>>(r.S("contributions_json"), Json)!, r.T("created_at"))
    {
        Counterfactual = r.Str("counterfactual_json") is { } cf ? JsonSerializer.Deserialize<Counterfactual>(cf, Json) : null,
    };
}
