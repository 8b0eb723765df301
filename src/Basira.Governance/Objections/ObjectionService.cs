using System.Data.Common;
using Basira.Governance.Access;
using Basira.Governance.Audit;
using Basira.Governance.Decisions;
using Basira.Governance.Storage;

namespace Basira.Governance.Objections;

/// <summary>States of TRANSPARENCY.md §3.</summary>
public static class ObjectionStates
{
    public const string Filed = "objection_filed", Acknowledged = "acknowledged", UnderReview = "under_human_review",
        InfoRequested = "info_requested", Decided = "decided", Closed = "closed", Escalated = "escalated";
}

/// <summary>Grounds codes; <see cref="DataError"/> routes the objection to rectification and re-scoring.</summary>
public static class ObjectionGrounds
{
    public const string DataError = "data_error", WrongRule = "wrong_rule", Unfair = "unfair", Other = "other";
    public static readonly IReadOnlySet<string> All = new HashSet<string> { DataError, WrongRule, Unfair, Other };
}

/// <summary>Review outcomes.</summary>
public static class ReviewOutcomes
{
    public const string Upheld = "upheld", Modified = "modified", Reversed = "reversed";
    public static readonly IReadOnlySet<string> All = new HashSet<string> { Upheld, Modified, Reversed };
}

/// <summary>An objection and where it stands.</summary>
public sealed record Objection(string Id, string DecisionId, string State, string Grounds, string Statement, string Channel,
    string FiledBy, DateTimeOffset FiledAt, DateTimeOffset AcknowledgeBy, DateTimeOffset DecideBy, DateTimeOffset? AcknowledgedAt,
    string? Reviewer, DateTimeOffset? ReviewStartedAt, bool Extended, string? Outcome, string? Reasoning, DateTimeOffset? DecidedAt,
    DateTimeOffset? NotifyBy, DateTimeOffset? ClosedAt, string Receipt);

public static class ObjectionViews
{
    /// <summary>Text shown instead of a statement the reader may not see.</summary>
    public const string WithheldStatement = "(withheld: shown to the person, reviewers and administrators only)";

    /// <summary>The objection as <paramref name="who"/> may see it (<see cref="AccessPolicy.CanReadObjectionStatement"/>).</summary>
    public static Objection For(this Objection o, Principal who, DecisionRecord d) =>
        AccessPolicy.CanReadObjectionStatement(who, d) ? o : o with { Statement = WithheldStatement };
}

public sealed record ObjectionEvent(long Seq, string FromState, string ToState, string Actor, string Note, DateTimeOffset At);

/// <summary>Re-scores a decision with corrected inputs (registered by the domain that owns the algorithm).</summary>
public interface IRescorer
{
    string Algorithm { get; }

    /// <summary>Returns the new raw score, probability and outcome for the person's corrected inputs; writes nothing.</summary>
    RescoreResult Rescore(DecisionRecord decision, IReadOnlyDictionary<string, string?> corrections);

    /// <summary>
    /// Stores the rectified values (and audits the rectification) inside the caller's transaction: the review outcome,
    /// the re-scoring and the rectified data commit together or not at all.
    /// </summary>
    void Rectify(DbConnection c, DbTransaction tx, DecisionRecord decision, IReadOnlyDictionary<string, string?> corrections, string actor);
}

public sealed record RescoreResult(double RawScore, double Probability, string Outcome, IReadOnlyList<DecisionInput> Inputs,
    IReadOnlyList<Contribution> Contributions, double Baseline);

/// <summary>
/// Thrown when a workflow step is not possible (wrong state, conflict of interest, deadline passed): 409. A caller who
/// may not see the decision gets <see cref="KeyNotFoundException"/> (404); one who sees it but whose step it is not gets
/// <see cref="UnauthorizedAccessException"/> (403).
/// </summary>
public sealed class WorkflowException(string message) : Exception(message);

/// <summary>
/// The objection workflow: filed → acknowledged → human review (→ info requested ↺) → decided (upheld / modified /
/// reversed) → closed, with escalation. Deadlines: objection window 60 days after the decision, acknowledgement 5
/// working days, review decided within 1 month (extendable once by 2 months with reasons), outcome notified within
/// 5 working days. The reviewer is never the original decider nor the filer. The outcome is written back to the decision as a
/// revision; a "data error" objection is re-scored with the rectified values.
/// </summary>
public sealed class ObjectionService(BasiraDatabase db, DecisionStore decisions, AuditLog audit, TimeProvider clock, IEnumerable<IRescorer> rescorers)
{
    public static readonly TimeSpan ObjectionWindow = TimeSpan.FromDays(60);
    public const int AcknowledgeWorkingDays = 5, NotifyWorkingDays = 5;

    private readonly Dictionary<string, IRescorer> _rescorers = rescorers.ToDictionary(r => r.Algorithm, StringComparer.Ordinal);

    /// <summary>
    /// Files an objection (<see cref="AccessPolicy.CanObject"/>): the person concerned on the web or API channel, or an
    /// administrator recording one received offline (<see cref="ObjectionChannels.Offline"/>). Someone who cannot see
    /// the decision gets "not found"; someone who sees it but may not object gets <see cref="UnauthorizedAccessException"/>.
    /// </summary>
    public Objection File(Principal who, string decisionId, string grounds, string statement, string channel = ObjectionChannels.Web)
    {
        var seen = decisions.Load(decisionId);
        if (seen is null || !AccessPolicy.CanSeeDecision(who, seen)) throw new KeyNotFoundException($"decision {decisionId} not found");
        if (!AccessPolicy.CanObject(who, seen))
            throw new UnauthorizedAccessException("only the person concerned (or their guardian) may object to a decision; an administrator may record an objection received on paper, by phone or at the counter");
        if (who.Role == Roles.Admin && !ObjectionChannels.Offline.Contains(channel))
            throw new DataInputException(null, null, "channel",
                $"an administrator records an objection received offline: channel must be one of {string.Join(", ", ObjectionChannels.Offline)} (got '{channel}')");
        if (who.Role != Roles.Admin && channel is not (ObjectionChannels.Web or ObjectionChannels.Api))
            throw new DataInputException(null, null, "channel", $"an objection filed by the person comes through the web or the API (got '{channel}')");
        var d = decisions.Get(who, decisionId, "objection") ?? throw new KeyNotFoundException($"decision {decisionId} not found");
        if (!ObjectionGrounds.All.Contains(grounds)) throw new DataInputException(null, null, "grounds", $"unknown grounds '{grounds}' (expected one of {string.Join(", ", ObjectionGrounds.All)})");
        if (string.IsNullOrWhiteSpace(statement)) throw new DataInputException(null, null, "statement", "a statement is required");
        if (statement.Length > 4000) throw new DataInputException(null, null, "statement", "the statement is longer than 4000 characters");
        var now = clock.GetUtcNow();
        if (now > d.CreatedAt + ObjectionWindow) throw new WorkflowException($"the objection window closed on {d.CreatedAt + ObjectionWindow:yyyy-MM-dd}");
        var id = "OBJ-" + Guid.NewGuid().ToString("n")[..12].ToUpperInvariant();
        var o = new Objection(id, d.Id, ObjectionStates.Filed, grounds, statement.Trim(), channel, who.Username, now,
            AddWorkingDays(now, AcknowledgeWorkingDays), now.AddMonths(1), null, null, null, false, null, null, null, null, null,
            "RCPT-" + id[4..]);
        db.InTransaction((c, tx) =>
        {
            c.Execute(tx, """
                INSERT INTO objections (id, decision_id, state, grounds, statement, channel, filed_by, filed_at, acknowledge_by,
                  decide_by, extended, receipt) VALUES (@id, @d, @s, @g, @st, @ch, @by, @at, @ack, @dec, 0, @r)
                """, ("@id", o.Id), ("@d", o.DecisionId), ("@s", o.State), ("@g", grounds), ("@st", o.Statement), ("@ch", channel),
                ("@by", who.Username), ("@at", Sql.Iso(now)), ("@ack", Sql.Iso(o.AcknowledgeBy)), ("@dec", Sql.Iso(o.DecideBy)), ("@r", o.Receipt));
            AddEvent(c, tx, o.Id, "notified", ObjectionStates.Filed, who.Username, $"grounds={grounds}");
            audit.Append(c, tx, who.Username, "objection.filed", "objection", o.Id, d.Subject, $"decision={d.Id};grounds={grounds}");
        });
        return o;
    }

    /// <summary>Whether <paramref name="who"/> sees the decision and may file an objection to it (for showing the form; not audited).</summary>
    public bool MayFile(Principal who, string decisionId) =>
        decisions.Load(decisionId) is { } d && AccessPolicy.CanSeeDecision(who, d) && AccessPolicy.CanObject(who, d);

    /// <summary>The system acknowledges receipt (automatically, right after filing).</summary>
    public Objection Acknowledge(string objectionId, string actor = "system")
    {
        var o = Require(objectionId);
        Expect(o, ObjectionStates.Filed);
        return Transition(o, new Step(ObjectionStates.Acknowledged, actor, $"receipt {o.Receipt}; decision expected by {o.DecideBy:yyyy-MM-dd}")
        {
            AuditDetails = $"receipt={o.Receipt};decide_by={o.DecideBy:yyyy-MM-dd}",
        }, ("acknowledged_at", Sql.Iso(clock.GetUtcNow())));
    }

    /// <summary>A reviewer takes the case. The reviewer must be neither the decision's original decider nor the objection's filer.</summary>
    public Objection StartReview(Principal reviewer, string objectionId)
    {
        var (o, d) = RequireVisible(reviewer, objectionId);
        if (!AccessPolicy.CanReview(reviewer)) throw new UnauthorizedAccessException("only a reviewer may review an objection");
        Expect(o, ObjectionStates.Acknowledged, ObjectionStates.InfoRequested);
        RefuseDecider(reviewer, d);
        RefuseFiler(reviewer, o);
        return Transition(o, new Step(ObjectionStates.UnderReview, reviewer.Username, "human review started (fresh assessment before reading the score)")
        {
            Reader = (reviewer, d, "objection.review"),
        }, ("reviewer", reviewer.Username), ("review_started_at", Sql.Iso(clock.GetUtcNow())));
    }

    public Objection RequestInformation(Principal reviewer, string objectionId, string question)
    {
        var (o, d) = RequireVisible(reviewer, objectionId);
        RequireAssignedReviewer(reviewer, o, "request information");
        Expect(o, ObjectionStates.UnderReview);
        if (string.IsNullOrWhiteSpace(question)) throw new DataInputException(null, null, "text", "the question to the person is required");
        return Transition(o, new Step(ObjectionStates.InfoRequested, reviewer.Username, question) { Reader = (reviewer, d, "objection.request_info") });
    }

    /// <summary>
    /// The assigned reviewer extends the review deadline once, by at most two months, with reasons, before it passes
    /// (a breached deadline opens escalation instead). The reasons go to the objection's events; the audit entry
    /// (<c>objection.extended</c>) refers to that event and carries no free text.
    /// </summary>
    public Objection Extend(Principal reviewer, string objectionId, string reasons)
    {
        var (o, d) = RequireVisible(reviewer, objectionId);
        RequireAssignedReviewer(reviewer, o, "extend the review deadline");
        Expect(o, ObjectionStates.UnderReview, ObjectionStates.InfoRequested);
        if (o.Extended) throw new WorkflowException("the review deadline can be extended only once");
        if (clock.GetUtcNow() > o.DecideBy)
            throw new WorkflowException($"the review deadline passed on {o.DecideBy:yyyy-MM-dd}; it can no longer be extended (the objection may be escalated)");
        if (string.IsNullOrWhiteSpace(reasons)) throw new DataInputException(null, null, "reasons", "an extension needs reasons");
        var decideBy = o.DecideBy.AddMonths(2);
        return Transition(o, new Step(o.State, reviewer.Username, $"deadline extended: {reasons.Trim()}")
        {
            AuditAction = "objection.extended",
            AuditDetails = $"decide_by={decideBy:yyyy-MM-dd}",
            Reader = (reviewer, d, "objection.extend"),
        }, ("extended", 1L), ("decide_by", Sql.Iso(decideBy)));
    }

    /// <summary>
    /// The reviewer decides. For a data-error objection, <paramref name="corrections"/> are the rectified values: the
    /// decision is re-scored with them and both old and new values and scores are recorded, in the same transaction as
    /// the outcome. A data-error objection needs either corrections or <paramref name="noErrorFound"/> (the reviewer
    /// checked the data and found them right); neither, or both, is bad input.
    /// </summary>
    public Objection Decide(Principal reviewer, string objectionId, string outcome, string reasoning,
        IReadOnlyDictionary<string, string?>? corrections = null, string? modifiedOutcome = null, bool noErrorFound = false)
    {
        var (o, d) = RequireVisible(reviewer, objectionId);
        RequireAssignedReviewer(reviewer, o, "decide");
        Expect(o, ObjectionStates.UnderReview);
        RefuseDecider(reviewer, d);
        RefuseFiler(reviewer, o);
        if (!ReviewOutcomes.All.Contains(outcome)) throw new DataInputException(null, null, "outcome", $"unknown outcome '{outcome}' (expected upheld, modified or reversed)");
        if (string.IsNullOrWhiteSpace(reasoning)) throw new DataInputException(null, null, "reasoning", "the reviewer's reasoning is required");
        var hasCorrections = corrections is { Count: > 0 };
        if (noErrorFound && hasCorrections)
            throw new DataInputException(null, null, "no_error_found", "give either the rectified values (corrections) or no_error_found, not both");
        if (noErrorFound && o.Grounds != ObjectionGrounds.DataError)
            throw new DataInputException(null, null, "no_error_found", "no_error_found answers a data-error objection only");
        if (o.Grounds == ObjectionGrounds.DataError && !hasCorrections && !noErrorFound)
            throw new DataInputException(null, null, "corrections",
                "a data-error objection is decided with the rectified values (corrections), or with no_error_found=true when the data were checked and are right");
        var current = decisions.CurrentOutcome(d);
        RescoreResult? rescore = null;
        IRescorer? rescorer = null;
        if (hasCorrections)
        {
            if (!_rescorers.TryGetValue(d.Algorithm, out rescorer)) throw new WorkflowException($"no re-scoring is available for {d.Algorithm}");
            rescore = rescorer.Rescore(d, corrections!);
        }
        var newOutcome = outcome switch
        {
            ReviewOutcomes.Upheld => current,
            ReviewOutcomes.Reversed => Reverse(current),
            _ => modifiedOutcome ?? rescore?.Outcome ?? throw new DataInputException(null, null, "modified_outcome", "a modified outcome is required"),
        };
        var now = clock.GetUtcNow();
        return db.InTransaction((c, tx) =>
        {
            if (rescore is not null)
            {
                rescorer!.Rectify(c, tx, d, corrections!, reviewer.Username);
                decisions.AddRevision(c, tx, d.Id, RevisionKinds.Rescored, rescore.Outcome, reviewer.Username, "data rectified after objection " + o.Id, new
                {
                    objection = o.Id,
                    old_inputs = d.Inputs,
                    new_inputs = rescore.Inputs,
                    old_raw_score = d.RawScore,
                    new_raw_score = rescore.RawScore,
                    old_probability = d.Output,
                    new_probability = rescore.Probability,
                    new_contributions = rescore.Contributions,
                    baseline = rescore.Baseline,
                    model_version = d.ModelVersion,
                });
            }
            decisions.AddRevision(c, tx, d.Id, RevisionKinds.ReviewOutcome, newOutcome, reviewer.Username, reasoning,
                new { objection = o.Id, review = outcome, rectified = hasCorrections, no_error_found = noErrorFound });
            // Compare-and-set: a concurrent decide (or any step) on the same objection rolls this whole transaction back.
            if (c.Execute(tx, "UPDATE objections SET state = @s, outcome = @o, reasoning = @r, decided_at = @t, notify_by = @n WHERE id = @id AND state = @from",
                    ("@s", ObjectionStates.Decided), ("@o", outcome), ("@r", reasoning), ("@t", Sql.Iso(now)),
                    ("@n", Sql.Iso(AddWorkingDays(now, NotifyWorkingDays))), ("@id", o.Id), ("@from", o.State)) != 1)
                throw new WorkflowException($"objection {o.Id} changed while it was being decided; reload it and try again");
            AddEvent(c, tx, o.Id, o.State, ObjectionStates.Decided, reviewer.Username, $"{outcome}: {reasoning}");
            audit.Append(c, tx, reviewer.Username, "objection.decided", "objection", o.Id, d.Subject, $"outcome={outcome};decision_outcome={newOutcome}"
                + (hasCorrections ? ";rectified=" + string.Join(',', corrections!.Keys) : "") + (noErrorFound ? ";no_error_found=true" : ""));
            AuditRead(c, tx, reviewer, o.Id, d, "objection.decide");
            return LoadIn(c, tx, o.Id)!;
        });
    }

    /// <summary>
    /// A reviewer or administrator in the decision's scope closes the objection: a decided one once its outcome is
    /// notified, or an escalated one once the external body (CNDP, court, Médiateur) has dealt with it.
    /// </summary>
    public Objection Close(Principal who, string objectionId, string? note = null)
    {
        var (o, d) = RequireVisible(who, objectionId);
        if (!AccessPolicy.CanReview(who)) throw new UnauthorizedAccessException("only a reviewer or an administrator may close an objection");
        Expect(o, ObjectionStates.Decided, ObjectionStates.Escalated);
        note ??= o.State == ObjectionStates.Escalated ? "closed after escalation" : "outcome notified";
        return Transition(o, new Step(ObjectionStates.Closed, who.Username, note) { Reader = (who, d, "objection.close") },
            ("closed_at", Sql.Iso(clock.GetUtcNow())));
    }

    /// <summary>
    /// The person who filed the objection, the person the decision concerns (also when an administrator recorded their
    /// objection from paper), or a reviewer or administrator in the decision's scope, escalates it to the CNDP, a court
    /// or the Médiateur: after a decision, or when a deadline is breached.
    /// </summary>
    public Objection Escalate(Principal who, string objectionId, string to)
    {
        var (o, d) = RequireVisible(who, objectionId);
        var personConcerned = who.Role == Roles.Citizen && who.Subject is not null && who.Subject == d.Subject;
        if (!IsFiler(who, o) && !personConcerned && !AccessPolicy.CanReview(who))
            throw new UnauthorizedAccessException("only the person concerned, the person who filed the objection, a reviewer or an administrator may escalate it");
        var breached = IsOverdue(o);
        if (o.State != ObjectionStates.Decided && !breached) throw new WorkflowException("escalation is possible after a decision or when a deadline is breached");
        if (string.IsNullOrWhiteSpace(to)) throw new DataInputException(null, null, "text", "name the body the objection is escalated to (CNDP, court, Médiateur)");
        return Transition(o, new Step(ObjectionStates.Escalated, who.Username, $"escalated to {to.Trim()}" + (breached ? " (deadline breached)" : ""))
        {
            AuditDetails = $"deadline_breached={(breached ? "true" : "false")}",
            Reader = (who, d, "objection.escalate"),
        });
    }

    /// <summary>Whether a deadline of the current state has passed.</summary>
    public bool IsOverdue(Objection o)
    {
        var now = clock.GetUtcNow();
        return o.State switch
        {
            ObjectionStates.Filed => now > o.AcknowledgeBy,
            ObjectionStates.Acknowledged or ObjectionStates.UnderReview or ObjectionStates.InfoRequested => now > o.DecideBy,
            ObjectionStates.Decided => o.NotifyBy is { } n && now > n,
            _ => false,
        };
    }

    /// <summary>Aggregate figure: objections not yet closed, nationally (a count, never a person).</summary>
    public long CountOpen()
    {
        using var c = db.OpenConnection();
        return Convert.ToInt64(c.Scalar(null, "SELECT COUNT(*) FROM objections WHERE state <> 'closed'"), System.Globalization.CultureInfo.InvariantCulture);
    }

    public Objection? Get(string id)
    {
        using var c = db.OpenConnection();
        return LoadIn(c, null, id);
    }

    public IReadOnlyList<Objection> ForDecision(string decisionId)
    {
        using var c = db.OpenConnection();
        return c.Query(null, "SELECT * FROM objections WHERE decision_id = @d ORDER BY filed_at", Map, ("@d", decisionId));
    }

    /// <summary>The objections on <paramref name="d"/> as <paramref name="who"/> may see them (statements withheld where due).</summary>
    public IReadOnlyList<Objection> ForDecision(Principal who, DecisionRecord d) => [.. ForDecision(d.Id).Select(o => o.For(who, d))];

    /// <summary>
    /// One objection with its events for <paramref name="who"/>, who must be able to see the decision (else null, the
    /// caller answers 404); the read is audited as a personal-data read of the objection.
    /// </summary>
    public (Objection Objection, IReadOnlyList<ObjectionEvent> Events)? Read(Principal who, string objectionId)
    {
        var o = Get(objectionId);
        var d = o is null ? null : decisions.Load(o.DecisionId);
        if (o is null || d is null || !AccessPolicy.CanSeeDecision(who, d)) return null;
        audit.Append(who.Username, "personal_data.read", "objection", o.Id, d.Subject, $"purpose=objection.read;role={who.Role}");
        return (o.For(who, d), Events(o.Id));
    }

    /// <summary>Open objections visible to a reviewer (in scope), oldest deadline first; the listing itself is audited.</summary>
    public IReadOnlyList<(Objection Objection, DecisionRecord Decision)> Queue(Principal who)
    {
        using var c = db.OpenConnection();
        var all = c.Query(null, "SELECT * FROM objections WHERE state NOT IN ('closed') ORDER BY decide_by", Map);
        var result = new List<(Objection, DecisionRecord)>();
        foreach (var o in all)
        {
            var d = decisions.Load(o.DecisionId);
            if (d is not null && (who.Role == Roles.Admin || AccessPolicy.InScope(who, d.Scope))) result.Add((o.For(who, d), d));
        }
        audit.Append(who.Username, "personal_data.list", "objection", "*", null, $"count={result.Count};role={who.Role}");
        return result;
    }

    public IReadOnlyList<ObjectionEvent> Events(string objectionId)
    {
        using var c = db.OpenConnection();
        return c.Query(null, "SELECT * FROM objection_events WHERE objection_id = @o ORDER BY seq",
            r => new ObjectionEvent(r.L("seq"), r.S("from_state"), r.S("to_state"), r.S("actor"), r.S("note"), r.T("created_at")), ("@o", objectionId));
    }

    /// <summary>
    /// The decider is recorded as a username or as "role:scope" (the holder of that role for that unit, e.g.
    /// "school_staff:SCH-001"); either way, that person may not review the objection. See <see cref="TookPartInDecision"/>
    /// for the full rule, which also covers the human decision.
    /// </summary>
    public static bool IsOriginalDecider(Principal p, DecisionRecord d) =>
        string.Equals(p.Username, d.Decider, StringComparison.Ordinal)
        || string.Equals(p.UserId, d.Decider, StringComparison.Ordinal)
        || string.Equals($"{p.Role}:{p.ScopeValue}", d.Decider, StringComparison.Ordinal);

    /// <summary>
    /// Whether <paramref name="p"/> took part in the decision: its recorded decider, or the author of a human decision
    /// (confirmation or decline, <see cref="RevisionKinds.HumanDecision"/>) on it. Such a person never reviews it.
    /// </summary>
    public static bool TookPartInDecision(Principal p, DecisionRecord d, IEnumerable<DecisionRevision> revisions) =>
        IsOriginalDecider(p, d)
        || revisions.Any(r => r.Kind == RevisionKinds.HumanDecision
            && (string.Equals(r.Actor, p.Username, StringComparison.Ordinal) || string.Equals(r.Actor, p.UserId, StringComparison.Ordinal)));

    private void RefuseDecider(Principal reviewer, DecisionRecord d)
    {
        if (TookPartInDecision(reviewer, d, decisions.Revisions(d.Id)))
            throw new WorkflowException("the reviewer cannot be a person who took the original decision (the recorded decider or the author of the human decision)");
    }

    /// <summary>Whoever filed (or recorded) the objection never reviews it: no one judges their own objection.</summary>
    private static void RefuseFiler(Principal reviewer, Objection o)
    {
        if (IsFiler(reviewer, o))
            throw new WorkflowException("the reviewer cannot be the person who filed or recorded the objection");
    }

    private static string Reverse(string outcome) => outcome switch
    {
        "flagged" => "not_flagged",
        "not_flagged" => "flagged",
        "recommended" => "not_recommended",
        "not_recommended" => "recommended",
        "eligible" => "not_eligible",
        "not_eligible" => "eligible",
        _ => "reversed:" + outcome,
    };

    private Objection Require(string id) => Get(id) ?? throw new KeyNotFoundException($"objection {id} not found");

    /// <summary>
    /// The objection and its decision, when <paramref name="who"/> may see the decision; otherwise "not found" (someone
    /// outside the scope learns nothing, not even that the objection exists).
    /// </summary>
    private (Objection Objection, DecisionRecord Decision) RequireVisible(Principal who, string id)
    {
        var o = Require(id);
        var d = decisions.Load(o.DecisionId);
        if (d is null || !AccessPolicy.CanSeeDecision(who, d)) throw new KeyNotFoundException($"objection {id} not found");
        return (o, d);
    }

    private static void RequireAssignedReviewer(Principal who, Objection o, string step)
    {
        if (!AccessPolicy.CanReview(who) || o.Reviewer is null || !string.Equals(o.Reviewer, who.Username, StringComparison.Ordinal))
            throw new UnauthorizedAccessException($"only the assigned reviewer may {step}");
    }

    private static bool IsFiler(Principal who, Objection o) => string.Equals(o.FiledBy, who.Username, StringComparison.Ordinal);

    private static void Expect(Objection o, params string[] states)
    {
        if (!states.Contains(o.State))
            throw new WorkflowException($"objection {o.Id} is '{o.State}'; this step needs {string.Join(" or ", states)}");
    }

    /// <summary>
    /// One step of the workflow. <see cref="Note"/> (free text, e.g. the reasons of an extension) goes only to the
    /// objection's events; the audit entry names the event and carries structured details only. <see cref="Reader"/>
    /// records the reply to the caller as a personal-data read.
    /// </summary>
    private sealed record Step(string To, string Actor, string Note)
    {
        public string? AuditAction { get; init; }
        public string AuditDetails { get; init; } = "";
        public (Principal Who, DecisionRecord Decision, string Purpose)? Reader { get; init; }
    }

    private Objection Transition(Objection o, Step step, params (string Column, object Value)[] sets)
    {
        return db.InTransaction((c, tx) =>
        {
            var assignments = string.Join(", ", sets.Select((s, i) => $"{s.Column} = @v{i}").Prepend("state = @state"));
            var ps = sets.Select((s, i) => ($"@v{i}", (object?)s.Value)).Append(("@state", step.To)).Append(("@id", o.Id)).ToArray();
            // Compare-and-set on the state read before: of two concurrent steps on one objection, the second changes nothing.
            if (c.Execute(tx, $"UPDATE objections SET {assignments} WHERE id = @id AND state = @from", [.. ps, ("@from", o.State)]) != 1)
                throw new WorkflowException($"objection {o.Id} changed while this step was being taken; reload it and try again");
            var (eventId, eventSeq) = AddEvent(c, tx, o.Id, o.State, step.To, step.Actor, step.Note);
            var details = $"from={o.State};to={step.To};event={eventId};event_seq={eventSeq}" + (step.AuditDetails.Length > 0 ? ";" + step.AuditDetails : "");
            audit.Append(c, tx, step.Actor, step.AuditAction ?? "objection." + step.To, "objection", o.Id, step.Reader?.Decision.Subject, details);
            if (step.Reader is { } r) AuditRead(c, tx, r.Who, o.Id, r.Decision, r.Purpose);
            return LoadIn(c, tx, o.Id)!;
        });
    }

    /// <summary>The objection (the person's statement among it) is shown to <paramref name="who"/>: a personal-data read.</summary>
    private void AuditRead(DbConnection c, DbTransaction tx, Principal who, string objectionId, DecisionRecord d, string purpose) =>
        audit.Append(c, tx, who.Username, "personal_data.read", "objection", objectionId, d.Subject, $"purpose={purpose};role={who.Role}");

    private (string Id, long Seq) AddEvent(DbConnection c, DbTransaction tx, string objectionId, string from, string to, string actor, string note)
    {
        var seq = Convert.ToInt64(c.Scalar(tx, "SELECT COALESCE(MAX(seq), 0) + 1 FROM objection_events WHERE objection_id = @o", ("@o", objectionId)),
            System.Globalization.CultureInfo.InvariantCulture);
        var id = Guid.NewGuid().ToString("n");
        c.Execute(tx, "INSERT INTO objection_events (id, objection_id, seq, from_state, to_state, actor, note, created_at) VALUES (@id, @o, @s, @f, @t, @a, @n, @at)",
            ("@id", id), ("@o", objectionId), ("@s", seq), ("@f", from), ("@t", to), ("@a", actor), ("@n", note),
            ("@at", Sql.Iso(clock.GetUtcNow())));
        return (id, seq);
    }

    private static Objection? LoadIn(DbConnection c, DbTransaction? tx, string id) =>
        c.Query(tx, "SELECT * FROM objections WHERE id = @id", Map, ("@id", id)).FirstOrDefault();

    private static Objection Map(DbDataReader r) => new(r.S("id"), r.S("decision_id"), r.S("state"), r.S("grounds"), r.S("statement"),
        r.S("channel"), r.S("filed_by"), r.T("filed_at"), r.T("acknowledge_by"), r.T("decide_by"), r.TN("acknowledged_at"), r.Str("reviewer"),
        r.TN("review_started_at"), r.L("extended") != 0, r.Str("outcome"), r.Str("reasoning"), r.TN("decided_at"), r.TN("notify_by"),
        r.TN("closed_at"), r.S("receipt"));

    /// <summary>Adds working days (Monday to Friday; the weekend in Morocco is Saturday and Sunday).</summary>
    public static DateTimeOffset AddWorkingDays(DateTimeOffset from, int days)
    {
        var t = from;
        while (days > 0)
        {
            t = t.AddDays(1);
            if (t.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) days--;
        }
        return t;
    }
}
