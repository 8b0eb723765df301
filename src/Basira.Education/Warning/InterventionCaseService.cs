using System.Data.Common;
using Basira.Education.EarlyWarning;
using Basira.Governance;
using Basira.Governance.Access;
using Basira.Governance.Audit;
using Basira.Governance.Decisions;
using Basira.Governance.Objections;
using Basira.Governance.Storage;

namespace Basira.Education.Warning;

/// <summary>Actions, states and outcomes of an intervention case.</summary>
public static class CaseCodes
{
    public const string Tutoring = "tutoring", FamilyMeeting = "family_meeting", Transport = "transport", SocialSupport = "social_support";

    /// <summary>The actions a school can take for a pupil proposed by the early warning.</summary>
    public static readonly IReadOnlyList<string> Actions = [Tutoring, FamilyMeeting, Transport, SocialSupport];

    public const string Open = "open", InProgress = "in_progress", Closed = "closed";

    /// <summary>How a case ends: the pupil stayed in school (or re-enrolled), dropped out, moved to another school, or the family declined.</summary>
    public static readonly IReadOnlyList<string> Outcomes = ["stayed", "dropped", "moved", "declined"];
}

/// <summary>An intervention case: one action for one proposed pupil, its state and, once closed, its outcome.</summary>
public sealed record InterventionCase(string Id, string DecisionId, string? RunId, string Subject, string SchoolId, string Province, string Region,
    string Action, string State, string? Outcome, string OpenedBy, DateTimeOffset OpenedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ClosedAt,
    IReadOnlyList<CaseEvent> Events);

/// <summary>One step of a case: opened, followed up, action changed, closed; with the person's note.</summary>
public sealed record CaseEvent(long Seq, string Kind, string State, string Action, string? Outcome, string Note, string Actor, DateTimeOffset At);

/// <summary>
/// The intervention case log: the school assigns an action to a pupil the early warning proposed (tutoring, family
/// meeting, transport, social support), follows it up and records how it ended. Stored in the operational store (both
/// engines), every change with its hash-chained audit entry in the same transaction, every read audited. Scope: the
/// case lives in the decision's school; whoever may see the decision may read its case (a school's staff: their school
/// only), and the roles that take the human decision (school staff, counsellors, administrators) change it.
/// </summary>
public sealed class InterventionCaseService(WarningStore store, DecisionStore decisions, AuditLog audit, TimeProvider clock)
{
    /// <summary>Algorithms whose proposals take a case: the national early warning and the school-level slice.</summary>
    public static readonly IReadOnlySet<string> Algorithms = new HashSet<string>(StringComparer.Ordinal) { NationalWarningAlgorithm.Id, DropoutAlgorithm.Id };

    /// <summary>Opens a case on a proposed pupil's decision. Null when the decision is not visible to <paramref name="who"/> (404).</summary>
    /// <exception cref="UnauthorizedAccessException">The caller's role does not take decisions (403).</exception>
    /// <exception cref="DataInputException">Unknown action, or a decision that is not an early-warning proposal (400).</exception>
    /// <exception cref="WorkflowException">A case is already active on this decision (409).</exception>
    public InterventionCase? Open(Principal who, string decisionId, string action, string? note)
    {
        var d = Writable(who, decisionId, "case.open");
        if (d is null) return null;
        if (!Algorithms.Contains(d.Algorithm) || d.Outcome != "flagged")
            throw new DataInputException(null, null, "decision", "a case is opened on a pupil the early warning proposed");
        CheckAction(action);
        var now = clock.GetUtcNow();
        var id = "CASE-" + Guid.NewGuid().ToString("n")[..16].ToUpperInvariant();
        store.EnsureSchema();
        var runId = store.ProposalOf(d.Id)?.RunId;
        store.Database.InTransaction((c, tx) =>
        {
            var active = Convert.ToInt64(c.Scalar(tx, "SELECT COUNT(*) FROM edu_cases WHERE decision_id = @d AND state <> @closed",
                ("@d", d.Id), ("@closed", CaseCodes.Closed)), System.Globalization.CultureInfo.InvariantCulture);
            if (active > 0) throw new WorkflowException("a case is already active for this pupil's proposal: follow it up or close it");
            c.Execute(tx, """
                INSERT INTO edu_cases (id, decision_id, run_id, subject, school_id, province, region, action, state, outcome, opened_by, opened_at, updated_at, closed_at)
                VALUES (@id, @d, @run, @s, @school, @p, @r, @a, @state, NULL, @by, @at, @at, NULL)
                """, ("@id", id), ("@d", d.Id), ("@run", runId), ("@s", d.Subject), ("@school", d.Scope.Unit ?? ""), ("@p", d.Scope.Province ?? ""),
                ("@r", d.Scope.Region ?? ""), ("@a", action), ("@state", CaseCodes.Open), ("@by", who.Username), ("@at", Sql.Iso(now)));
            AddEvent(c, tx, id, "opened", CaseCodes.Open, action, null, note, who.Username, now);
            audit.Append(c, tx, who.Username, "case.opened", "edu_case", id, d.Subject, $"decision={d.Id};action={action};role={who.Role}");
        });
        return Load(id);
    }

    /// <summary>Records a follow-up (and optionally a change of action) on the decision's active case. Null when not visible (404).</summary>
    /// <exception cref="DataInputException">Blank note or unknown action (400).</exception>
    /// <exception cref="WorkflowException">No active case (409).</exception>
    public InterventionCase? FollowUp(Principal who, string decisionId, string note, string? action = null)
    {
        var d = Writable(who, decisionId, "case.follow_up");
        if (d is null) return null;
        if (string.IsNullOrWhiteSpace(note)) throw new DataInputException(null, null, "note", "a follow-up says what was done");
        if (action is not null) CheckAction(action);
        return Change(who, d, c => c with { State = CaseCodes.InProgress, Action = action ?? c.Action }, action is null ? "followed_up" : "action_changed", note, null);
    }

    /// <summary>Closes the decision's active case with its outcome. Null when not visible (404).</summary>
    /// <exception cref="DataInputException">Unknown outcome (400).</exception>
    /// <exception cref="WorkflowException">No active case (409).</exception>
    public InterventionCase? Close(Principal who, string decisionId, string outcome, string? note)
    {
        var d = Writable(who, decisionId, "case.close");
        if (d is null) return null;
        if (!CaseCodes.Outcomes.Contains(outcome))
            throw new DataInputException(null, null, "outcome", $"unknown outcome '{outcome}' (expected {string.Join(", ", CaseCodes.Outcomes)})");
        return Change(who, d, c => c with { State = CaseCodes.Closed, Outcome = outcome }, "closed", note, outcome);
    }

    /// <summary>The decision's latest case (active or closed) for <paramref name="who"/>; null when the decision is not visible or has no case.</summary>
    public InterventionCase? ForDecision(Principal who, string decisionId) => Read(who, decisionId).Case;

    /// <summary>
    /// Whether <paramref name="who"/> may read the case log of the decision (sees the decision and reads cases in its
    /// scope), and its latest case when there is one.
    /// </summary>
    public (bool Visible, InterventionCase? Case) Read(Principal who, string decisionId)
    {
        var d = decisions.Get(who, decisionId, "case.read");
        if (d is null || !CanRead(who, d.Scope)) return (false, null);
        return (true, LatestOf(d.Id));
    }

    private InterventionCase? LatestOf(string decisionId)
    {
        store.EnsureSchema();
        using var c = store.Database.OpenConnection();
        var id = c.Query(null, "SELECT id FROM edu_cases WHERE decision_id = @d ORDER BY opened_at DESC, id DESC LIMIT 1", r => r.S("id"), ("@d", decisionId)).FirstOrDefault();
        return id is null ? null : Load(id);
    }

    /// <summary>Cases visible to <paramref name="who"/> (their scope), optionally one school's, newest first; the listing is audited.</summary>
    public IReadOnlyList<InterventionCase> List(Principal who, string? school = null, int limit = 500)
    {
        store.EnsureSchema();
        var sql = "SELECT id FROM edu_cases WHERE 1=1";
        var ps = new List<(string, object?)>();
        if (school is not null) { sql += " AND school_id = @school"; ps.Add(("@school", school)); }
        switch (who.Role == Roles.Admin ? ScopeKinds.National : who.ScopeKind)
        {
            case ScopeKinds.National: break;
            case ScopeKinds.Region: sql += " AND region = @sv"; ps.Add(("@sv", who.ScopeValue ?? "\0")); break;
            case ScopeKinds.Province: sql += " AND province = @sv"; ps.Add(("@sv", who.ScopeValue ?? "\0")); break;
            default: sql += " AND school_id = @sv"; ps.Add(("@sv", who.ScopeValue ?? "\0")); break;
        }
        if (who.Role is Roles.Citizen) sql += " AND 1=0"; // a person reads their own decision and notice, not the school's log
        sql += " ORDER BY opened_at DESC, id DESC LIMIT @n";
        ps.Add(("@n", (long)limit));
        List<string> ids;
        using (var c = store.Database.OpenConnection()) ids = c.Query(null, sql, r => r.S("id"), [.. ps]);
        var list = ids.Select(Load).OfType<InterventionCase>().Where(k => CanRead(who, k)).ToList();
        audit.Append(who.Username, "personal_data.list", "edu_case", school ?? "*", null, $"count={list.Count};role={who.Role}");
        return list;
    }

    /// <summary>The roles that see a decision in their scope see its case (a person sees their notice, not the school's log).</summary>
    public static bool CanRead(Principal who, DecisionScope scope) => who.Role == Roles.Admin
        || (who.Role is Roles.Reviewer or Roles.Auditor or Roles.Analyst or Roles.SchoolStaff or Roles.Teacher or Roles.Counsellor
            && AccessPolicy.InScope(who, scope));

    /// <summary><see cref="CanRead(Principal, DecisionScope)"/> for a case's school.</summary>
    public static bool CanRead(Principal who, InterventionCase k) => CanRead(who, new DecisionScope(k.Region, k.Province, k.SchoolId));

    private DecisionRecord? Writable(Principal who, string decisionId, string purpose)
    {
        if (!AccessPolicy.CanDecide(who)) throw new UnauthorizedAccessException("only school staff, counsellors or administrators manage intervention cases");
        return decisions.Get(who, decisionId, purpose);
    }

    private static void CheckAction(string action)
    {
        if (!CaseCodes.Actions.Contains(action))
            throw new DataInputException(null, null, "action", $"unknown action '{action}' (expected {string.Join(", ", CaseCodes.Actions)})");
    }

    private InterventionCase Change(Principal who, DecisionRecord d, Func<InterventionCase, InterventionCase> apply, string kind, string? note, string? outcome)
    {
        store.EnsureSchema();
        var now = clock.GetUtcNow();
        string id = "";
        store.Database.InTransaction((c, tx) =>
        {
            id = c.Query(tx, "SELECT id FROM edu_cases WHERE decision_id = @d AND state <> @closed ORDER BY opened_at DESC LIMIT 1", r => r.S("id"),
                ("@d", d.Id), ("@closed", CaseCodes.Closed)).FirstOrDefault()
                ?? throw new WorkflowException("no active case for this pupil's proposal: open one first");
            var current = LoadIn(c, tx, id)!;
            var next = apply(current);
            c.Execute(tx, "UPDATE edu_cases SET action = @a, state = @s, outcome = @o, updated_at = @at, closed_at = @closed WHERE id = @id",
                ("@a", next.Action), ("@s", next.State), ("@o", next.Outcome), ("@at", Sql.Iso(now)),
                ("@closed", next.State == CaseCodes.Closed ? Sql.Iso(now) : null), ("@id", id));
            AddEvent(c, tx, id, kind, next.State, next.Action, outcome, note, who.Username, now);
            audit.Append(c, tx, who.Username, "case." + kind, "edu_case", id, d.Subject,
                $"decision={d.Id};action={next.Action};state={next.State}" + (outcome is null ? "" : $";outcome={outcome}") + $";role={who.Role}");
        });
        return Load(id)!;
    }

    private static void AddEvent(DbConnection c, DbTransaction tx, string caseId, string kind, string state, string action, string? outcome, string? note,
        string actor, DateTimeOffset at)
    {
        var seq = Convert.ToInt64(c.Scalar(tx, "SELECT COALESCE(MAX(seq), 0) + 1 FROM edu_case_events WHERE case_id = @c", ("@c", caseId)),
            System.Globalization.CultureInfo.InvariantCulture);
        c.Execute(tx, """
            INSERT INTO edu_case_events (id, case_id, seq, kind, state, action, outcome, note, actor, at)
            VALUES (@id, @c, @seq, @kind, @state, @action, @outcome, @note, @actor, @at)
            """, ("@id", Guid.NewGuid().ToString("n")), ("@c", caseId), ("@seq", seq), ("@kind", kind), ("@state", state), ("@action", action),
            ("@outcome", outcome), ("@note", (note ?? "").Trim()), ("@actor", actor), ("@at", Sql.Iso(at)));
    }

    private InterventionCase? Load(string id)
    {
        using var c = store.Database.OpenConnection();
        return LoadIn(c, null, id);
    }

    private static InterventionCase? LoadIn(DbConnection c, DbTransaction? tx, string id)
    {
        var events = c.Query(tx, "SELECT * FROM edu_case_events WHERE case_id = @id ORDER BY seq", r => new CaseEvent(r.L("seq"), r.S("kind"), r.S("state"),
            r.S("action"), r.Str("outcome"), r.S("note"), r.S("actor"), r.T("at")), ("@id", id));
        return c.Query(tx, "SELECT * FROM edu_cases WHERE id = @id", r => new InterventionCase(r.S("id"), r.S("decision_id"), r.Str("run_id"), r.S("subject"),
            r.S("school_id"), r.S("province"), r.S("region"), r.S("action"), r.S("state"), r.Str("outcome"), r.S("opened_by"), r.T("opened_at"),
            r.T("updated_at"), r.TN("closed_at"), events), ("@id", id)).FirstOrDefault();
    }
}
