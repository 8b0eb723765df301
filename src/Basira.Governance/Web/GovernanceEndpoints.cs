using System.Security.Claims;
using System.Text.Json.Nodes;
using Basira.Governance.Access;
using Basira.Governance.Audit;
using Basira.Governance.Decisions;
using Basira.Governance.Notices;
using Basira.Governance.Objections;
using Basira.Governance.Register;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Basira.Governance.Models;

namespace Basira.Governance.Web;

/// <summary>Claims that carry the kernel's <see cref="Principal"/>.</summary>
public static class BasiraClaims
{
    public const string ScopeKind = "basira:scope_kind", ScopeValue = "basira:scope_value", Subject = "basira:subject", Session = "basira:session";

    /// <param name="u">The signed-in account.</param>
    /// <param name="scheme">The authentication scheme.</param>
    /// <param name="session">The server-side session id (<see cref="SessionStore"/>), checked on every request.</param>
    public static ClaimsPrincipal ToClaims(UserAccount u, string scheme, string session) => new(new ClaimsIdentity(
    [
        new Claim(Session, session),
        new Claim(ClaimTypes.NameIdentifier, u.Id),
        new Claim(ClaimTypes.Name, u.Username),
        new Claim(ClaimTypes.Role, u.Role),
        new Claim(ScopeKind, u.ScopeKind),
        new Claim(ScopeValue, u.ScopeValue ?? ""),
        new Claim(Subject, u.Subject ?? ""),
    ], scheme));

    public static Principal? GetPrincipal(this HttpContext http) => BasiraClaimsReader.Read(http.User);
}

/// <summary>An objection to a decision.</summary>
/// <param name="Grounds">data_error, wrong_rule, unfair or other.</param>
/// <param name="Statement">The person's own words (at most 4000 characters).</param>
/// <param name="Channel">Only for an administrator recording an objection received offline: paper, phone or counter
/// (required then). The person filing their own objection leaves it out (the channel is "api").</param>
public sealed record FileObjectionRequest(string Grounds, string Statement, string? Channel = null);
/// <summary>The reviewer's decision on an objection.</summary>
/// <param name="Outcome">upheld, modified or reversed.</param>
/// <param name="Reasoning">The reviewer's reasons (required).</param>
/// <param name="Corrections">Rectified values (feature → value) of a data-error objection; the decision is re-scored with them.</param>
/// <param name="ModifiedOutcome">The new outcome when the outcome is "modified" without re-scoring.</param>
/// <param name="NoErrorFound">For a data-error objection decided without corrections: the reviewer checked the data and found no error.
/// A data-error objection needs corrections or noErrorFound=true (not both), else 400.</param>
public sealed record ReviewDecisionRequest(string Outcome, string Reasoning, Dictionary<string, string?>? Corrections, string? ModifiedOutcome,
    bool NoErrorFound = false);
public sealed record HumanDecisionRequest(bool Confirm, string Reason);
public sealed record WorkflowNoteRequest(string Text);
public sealed record ObjectionView(Objection Objection, IReadOnlyList<ObjectionEvent> Events, bool Overdue);
public sealed record DecisionView(DecisionRecord Decision, string CurrentOutcome, IReadOnlyList<DecisionRevision> Revisions, IReadOnlyList<Objection> Objections);
public sealed record ExplanationView(string DecisionId, double RawScore, double Baseline, double Probability, double SumOfContributions,
    IReadOnlyList<Contribution> Contributions, string Space, string ModelVersion, string ModelHash);

/// <summary>Governance API: register (public), decisions, notices, explanations, objections, audit chain.</summary>
public static class GovernanceEndpoints
{
    public static IEndpointRouteBuilder MapGovernanceEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/governance").WithTags("Governance");
        g.MapGet("/register", (AlgorithmRegister register, string? lang) => TypedResults.Json(register.Build(NoticeBuilder.NormalizeLanguage(lang))))
            .WithName("GetRegister").WithSummary("The public algorithm register, generated from the live models (no sign-in).").AllowAnonymous();

        var auth = g.MapGroup("").RequireAuthorization();
        auth.MapGet("/decisions", (HttpContext http, DecisionStore store, string? algorithm, string? outcome, int? limit) =>
            TypedResults.Ok(store.List(http.GetPrincipal()!, algorithm, outcome, Math.Clamp(limit ?? 100, 1, 1000))))
            .WithName("ListDecisions").WithSummary("Decisions visible in the caller's scope, ranked.");
        auth.MapGet("/decisions/{id}", Results<Ok<DecisionView>, NotFound> (HttpContext http, DecisionStore store, ObjectionService objections, string id) =>
        {
            var d = store.Get(http.GetPrincipal()!, id);
            if (d is null) return TypedResults.NotFound();
            return TypedResults.Ok(new DecisionView(d, store.CurrentOutcome(d), store.Revisions(d.Id), objections.ForDecision(http.GetPrincipal()!, d)));
        }).WithName("GetDecision").WithSummary("One decision record with its revisions and objections.");
        auth.MapGet("/decisions/{id}/explanation", Results<Ok<ExplanationView>, NotFound> (HttpContext http, DecisionStore store, string id) =>
        {
            var d = store.Get(http.GetPrincipal()!, id, "explanation");
            if (d is null) return TypedResults.NotFound();
            return TypedResults.Ok(new ExplanationView(d.Id, d.RawScore, d.Baseline, d.Output, d.Contributions.Sum(c => c.Value),
                d.Contributions.OrderByDescending(c => Math.Abs(c.Value)).ToList(), "log-odds", d.ModelVersion, d.ModelHash));
        }).WithName("GetExplanation").WithSummary("Exact contributions of the decision (TreeSHAP for the trees, exact linear Shapley values for the logistic part; they sum to raw score − baseline).");
        auth.MapGet("/decisions/{id}/notice", Results<Ok<DecisionNotice>, NotFound, ProblemHttpResult> (HttpContext http, NoticeService notices, string id, string? level, string? lang) =>
        {
            // L1 or L2 in any case; anything else is refused rather than quietly answered with L1.
            var lv = (level ?? "L1").ToUpperInvariant();
            if (lv is not ("L1" or "L2"))
                return TypedResults.Problem($"unknown level '{level}' (expected L1 or L2)", statusCode: 400, title: "Invalid input",
                    extensions: new Dictionary<string, object?> { ["field"] = "level" });
            var n = notices.Build(http.GetPrincipal()!, id, lv, lang ?? "fr");
            return n is null ? TypedResults.NotFound() : TypedResults.Ok(n);
        }).WithName("GetNotice").WithSummary("The per-decision notice (L1 or L2, case-insensitive; anything else is a 400) in fr, ar or en.");
        auth.MapPost("/decisions/{id}/human-decision", (HttpContext http, DecisionStore store, string id, HumanDecisionRequest body) =>
        {
            try
            {
                var r = store.RecordHumanDecision(http.GetPrincipal()!, id, body.Confirm, body.Reason);
                return r is null ? Results.NotFound() : Results.Ok(r);
            }
            catch (UnauthorizedAccessException) { return Results.Forbid(); }
            catch (WorkflowException ex) { return Results.Problem(ex.Message, statusCode: 409, title: "Human decision not possible"); }
        }).WithName("RecordHumanDecision").WithSummary("The human decider confirms or declines the model's recommendation, with reasons.")
            .WithDescription("Refused with 409 once an objection to the decision is open (not yet closed) or a review outcome exists: the outcome then follows the human review.");
        auth.MapPost("/decisions/{id}/objections", Results<Created<Objection>, NotFound, ForbidHttpResult, ProblemHttpResult> (HttpContext http, ObjectionService svc, string id, FileObjectionRequest body) =>
        {
            try
            {
                var o = svc.File(http.GetPrincipal()!, id, body.Grounds, body.Statement, body.Channel ?? ObjectionChannels.Api);
                o = svc.Acknowledge(o.Id);
                return TypedResults.Created($"/api/governance/objections/{o.Id}", o);
            }
            catch (KeyNotFoundException) { return TypedResults.NotFound(); }
            catch (UnauthorizedAccessException) { return TypedResults.Forbid(); }
            catch (WorkflowException ex) { return TypedResults.Problem(ex.Message, statusCode: 409, title: "Objection not possible"); }
        }).WithName("FileObjection").WithSummary("File an objection to a decision (acknowledged at once).")
            .WithDescription("The person concerned (the citizen account of the person or guardian) files their own objection; an administrator records one received on paper, by phone or at the counter and must name that `channel` (else 400). Anyone else who sees the decision gets 403, someone who cannot see it 404.");
        auth.MapGet("/objections", (HttpContext http, ObjectionService svc) =>
        {
            var p = http.GetPrincipal()!;
            if (!AccessPolicy.CanReview(p) && !AccessPolicy.CanAudit(p)) return Results.Forbid();
            return Results.Ok(svc.Queue(p).Select(x => new { objection = x.Objection, decision_id = x.Decision.Id, overdue = svc.IsOverdue(x.Objection) }));
        }).WithName("ObjectionQueue").WithSummary("Open objections in the caller's scope, oldest deadline first (the listing is audited).");
        auth.MapGet("/objections/{id}", Results<Ok<ObjectionView>, NotFound> (HttpContext http, ObjectionService svc, string id) =>
        {
            if (svc.Read(http.GetPrincipal()!, id) is not { } r) return TypedResults.NotFound();
            return TypedResults.Ok(new ObjectionView(r.Objection, r.Events, svc.IsOverdue(r.Objection)));
        }).WithName("GetObjection").WithSummary("One objection with its events, for those who may see the decision (the read is audited).");
        auth.MapPost("/objections/{id}/review", (HttpContext http, ObjectionService svc, string id) =>
            Workflow(() => svc.StartReview(http.GetPrincipal()!, id))).WithName("StartReview").WithSummary("Take the objection for human review.");
        auth.MapPost("/objections/{id}/decide", (HttpContext http, ObjectionService svc, string id, ReviewDecisionRequest body) =>
            Workflow(() => svc.Decide(http.GetPrincipal()!, id, body.Outcome, body.Reasoning, body.Corrections, body.ModifiedOutcome, body.NoErrorFound)))
            .WithName("DecideObjection").WithSummary("Upheld, modified or reversed; written back to the decision.")
            .WithDescription("A data-error objection needs either `corrections` (the rectified values: the decision is re-scored with them in the same transaction) or `noErrorFound: true` (the data were checked and are right); neither, or both, is a 400 problem.");
        auth.MapPost("/objections/{id}/request-info", (HttpContext http, ObjectionService svc, string id, WorkflowNoteRequest body) =>
            Workflow(() => svc.RequestInformation(http.GetPrincipal()!, id, body.Text))).WithName("RequestInformation")
            .WithSummary("The reviewer asks the person for information; the review resumes when the reviewer takes it up again.");
        auth.MapPost("/objections/{id}/extend", (HttpContext http, ObjectionService svc, string id, WorkflowNoteRequest body) =>
            Workflow(() => svc.Extend(http.GetPrincipal()!, id, body.Text))).WithName("ExtendReview")
            .WithSummary("The assigned reviewer extends the review deadline once, by two months, with reasons.");
        auth.MapPost("/objections/{id}/escalate", (HttpContext http, ObjectionService svc, string id, WorkflowNoteRequest body) =>
            Workflow(() => svc.Escalate(http.GetPrincipal()!, id, body.Text))).WithName("EscalateObjection")
            .WithSummary("The person who filed the objection, or a reviewer or administrator in scope, escalates it to the CNDP, a court or the Médiateur, after a decision or on a breached deadline.");
        auth.MapPost("/objections/{id}/close", (HttpContext http, ObjectionService svc, string id) =>
            Workflow(() => svc.Close(http.GetPrincipal()!, id))).WithName("CloseObjection")
            .WithSummary("A reviewer or administrator in scope closes the objection once the outcome is notified.");

        auth.MapGet("/audit/verify", (HttpContext http, IntegrityVerifier verifier) =>
            AccessPolicy.CanAudit(http.GetPrincipal()!) ? Results.Ok(verifier.Verify()) : Results.Forbid())
            .WithName("VerifyAuditChain").WithSummary("Verify the hash chain of the audit log and every decision against the content hash of its audit entry.");
        auth.MapGet("/audit/log", (HttpContext http, AuditLog log, long? after, int? limit) =>
        {
            var p = http.GetPrincipal()!;
            if (!AccessPolicy.CanAudit(p)) return Results.Forbid();
            var (from, take) = (after ?? 0, Math.Clamp(limit ?? 200, 1, 1000));
            var entries = log.Read(from, take);
            // The log names actors and subject pseudonyms: reading it is itself audited (appended after the read, so
            // the chain stays linear and the entries returned are unchanged).
            log.Append(p.Username, "audit_log.read", "audit_log", "*", null, $"after={from};limit={take};count={entries.Count};role={p.Role}");
            return Results.Ok(entries);
        }).WithName("ReadAuditLog").WithSummary("Entries of the audit log after a sequence number (the read is itself audited).");
        return app;
    }

    /// <summary>
    /// Runs one workflow step: 404 when the caller may not see the decision, 403 when they see it but the step is not
    /// theirs, 409 when the step is not possible in the objection's state (bad input goes to the 400 problem handler).
    /// </summary>
    private static IResult Workflow(Func<Objection> step)
    {
        try { return Results.Ok(step()); }
        catch (KeyNotFoundException) { return Results.NotFound(); }
        catch (UnauthorizedAccessException) { return Results.Forbid(); }
        catch (WorkflowException ex) { return Results.Problem(ex.Message, statusCode: 409, title: "Workflow step refused"); }
    }
}

/// <summary>Assembles a notice from the stores; null when the caller may not see the decision.</summary>
public sealed class NoticeService(DecisionStore decisions, ModelStore models, ObjectionService objections, AlgorithmCatalog catalog)
{
    public DecisionNotice? Build(Principal who, string decisionId, string level, string lang)
    {
        var d = decisions.Get(who, decisionId, "notice");
        if (d is null) return null;
        var a = catalog.Find(d.Algorithm) ?? throw new InvalidOperationException($"algorithm {d.Algorithm} is not declared");
        d = decisions.AsRectified(d); // the values as rectified after a data-error objection, not the stale ones
        return NoticeBuilder.Build(level, lang, d, a, models.Get(d.ModelId), models.LatestAudit(d.Algorithm), decisions.CurrentOutcome(d),
            objections.ForDecision(d.Id), $"/decisions/{d.Id}#objection");
    }
}

