using System.Security.Claims;
using System.Text.Json.Nodes;
using Basira.Governance.Access;
using Basira.Governance.Audit;
using Basira.Governance.Decisions;
using Basira.Governance.Notices;
using Basira.Governance.Objections;
using Basira.Governance.Register;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
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
/// A data-error objection needs corrections or no_error_found=true (not both), else 400.</param>
public sealed record ReviewDecisionRequest(string Outcome, string Reasoning, Dictionary<string, string?>? Corrections = null,
    string? ModifiedOutcome = null, bool NoErrorFound = false);
/// <summary>The human decision on a model recommendation.</summary>
/// <param name="Confirm">true confirms the recommendation, false declines it.</param>
/// <param name="Reason">The decider's reasons (required).</param>
public sealed record HumanDecisionRequest(bool Confirm, string Reason);
/// <summary>Free text of a workflow step: the question to the person, the reasons of an extension, the body escalated to.</summary>
public sealed record WorkflowNoteRequest(string Text);
public sealed record ObjectionView(Objection Objection, IReadOnlyList<ObjectionEvent> Events, bool Overdue);
/// <summary>One open objection of the review queue.</summary>
public sealed record ObjectionQueueItem(Objection Objection, string DecisionId, bool Overdue);
public sealed record DecisionView(DecisionRecord Decision, string CurrentOutcome, IReadOnlyList<DecisionRevision> Revisions, IReadOnlyList<Objection> Objections);
public sealed record ExplanationView(string DecisionId, double RawScore, double Baseline, double Probability, double SumOfContributions,
    IReadOnlyList<Contribution> Contributions, string Space, string ModelVersion, string ModelHash);

/// <summary>
/// Governance API: register (public), decisions, notices, explanations, objections, audit chain. Every route names its
/// authorisation policy (<see cref="BasiraPolicies"/>); checks on one decision go through <see cref="IAuthorizationService"/>
/// with <see cref="DecisionOperations"/> (someone who cannot see the decision gets 404, someone who sees it but may not
/// take the step 403). The kernel's services keep their own checks as defence in depth.
/// </summary>
public static class GovernanceEndpoints
{
    /// <summary>Tag of the governance API in the OpenAPI document.</summary>
    public const string Tag = "Governance";

    public static IEndpointRouteBuilder MapGovernanceEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/governance").WithTags(Tag);
        g.MapGet("/register", (AlgorithmRegister register, string? lang) => TypedResults.Json(register.Build(NoticeBuilder.NormalizeLanguage(lang))))
            .WithName("GetRegister").WithSummary("The public algorithm register, generated from the live models (no sign-in).")
            .WithDescription("`lang` is fr (default), ar or en.")
            .Produces<JsonObject>().AllowAnonymous();

        var signedIn = g.MapGroup("").RequireAuthorization(BasiraPolicies.SignedIn);
        signedIn.MapGet("/decisions", (HttpContext http, DecisionStore store, string? algorithm, string? outcome, int? limit) =>
            TypedResults.Ok(store.List(http.GetPrincipal()!, algorithm, outcome, Math.Clamp(limit ?? 100, 1, 1000))))
            .WithName("ListDecisions").WithSummary("Decisions visible in the caller's scope, ranked (the listing is audited).");
        signedIn.MapGet("/decisions/{id}", async Task<Results<Ok<DecisionView>, NotFound>> (HttpContext http, IAuthorizationService authz,
            DecisionStore store, ObjectionService objections, string id) =>
        {
            if (!await MayAsync(http, authz, store.Load(id), DecisionOperations.Read)) return TypedResults.NotFound();
            var d = store.Get(http.GetPrincipal()!, id);
            if (d is null) return TypedResults.NotFound();
            return TypedResults.Ok(new DecisionView(d, store.CurrentOutcome(d), store.Revisions(d.Id), objections.ForDecision(http.GetPrincipal()!, d)));
        }).WithName("GetDecision").WithSummary("One decision record with its revisions and objections (the read is audited).").ProducesProblems(404);
        signedIn.MapGet("/decisions/{id}/explanation", async Task<Results<Ok<ExplanationView>, NotFound>> (HttpContext http, IAuthorizationService authz,
            DecisionStore store, string id) =>
        {
            if (!await MayAsync(http, authz, store.Load(id), DecisionOperations.Read)) return TypedResults.NotFound();
            var d = store.Get(http.GetPrincipal()!, id, "explanation");
            if (d is null) return TypedResults.NotFound();
            return TypedResults.Ok(new ExplanationView(d.Id, d.RawScore, d.Baseline, d.Output, d.Contributions.Sum(c => c.Value),
                d.Contributions.OrderByDescending(c => Math.Abs(c.Value)).ToList(), "log-odds", d.ModelVersion, d.ModelHash));
        }).WithName("GetExplanation").WithSummary("Exact contributions of the decision (TreeSHAP for the trees, exact linear Shapley values for the logistic part; they sum to raw score − baseline).")
            .ProducesProblems(404);
        signedIn.MapGet("/decisions/{id}/notice", async Task<Results<Ok<DecisionNotice>, NotFound, ProblemHttpResult>> (HttpContext http,
            IAuthorizationService authz, DecisionStore store, NoticeService notices, string id, string? level, string? lang) =>
        {
            if (!await MayAsync(http, authz, store.Load(id), DecisionOperations.Read)) return TypedResults.NotFound();
            // L1 or L2 in any case; anything else is refused rather than quietly answered with L1.
            var lv = (level ?? "L1").ToUpperInvariant();
            if (lv is not ("L1" or "L2"))
                return TypedResults.Problem($"unknown level '{level}' (expected L1 or L2)", statusCode: 400, title: "Invalid input",
                    extensions: new Dictionary<string, object?> { ["field"] = "level" });
            var n = notices.Build(http.GetPrincipal()!, id, lv, lang ?? "fr");
            return n is null ? TypedResults.NotFound() : TypedResults.Ok(n);
        }).WithName("GetNotice").WithSummary("The per-decision notice (L1 or L2, case-insensitive; anything else is a 400) in fr, ar or en.")
            .ProducesProblems(400, 404);
        g.MapPost("/decisions/{id}/human-decision", async Task<Results<Ok<DecisionRevision>, NotFound, ForbidHttpResult, ProblemHttpResult>> (
            HttpContext http, IAuthorizationService authz, DecisionStore store, string id, HumanDecisionRequest body) =>
        {
            var d = store.Load(id);
            if (!await MayAsync(http, authz, d, DecisionOperations.Read)) return TypedResults.NotFound();
            if (!await MayAsync(http, authz, d, DecisionOperations.Decide)) return TypedResults.Forbid();
            try
            {
                var r = store.RecordHumanDecision(http.GetPrincipal()!, id, body.Confirm, body.Reason);
                return r is null ? TypedResults.NotFound() : TypedResults.Ok(r);
            }
            catch (WorkflowException ex) { return TypedResults.Problem(ex.Message, statusCode: 409, title: "Human decision not possible"); }
        }).RequireAuthorization(BasiraPolicies.Decide)
            .WithName("RecordHumanDecision").WithSummary("The human decider confirms or declines the model's recommendation, with reasons.")
            .WithDescription("School staff, counsellors and administrators in the decision's scope (others get 403). Refused with 409 once an objection to the decision is open (not yet closed) or a review outcome exists: the outcome then follows the human review.")
            .ProducesProblems(400, 403, 404, 409);
        signedIn.MapPost("/decisions/{id}/objections", async Task<Results<Created<Objection>, NotFound, ForbidHttpResult, ProblemHttpResult>> (
            HttpContext http, IAuthorizationService authz, DecisionStore store, ObjectionService svc, string id, FileObjectionRequest body) =>
        {
            var d = store.Load(id);
            if (!await MayAsync(http, authz, d, DecisionOperations.Read)) return TypedResults.NotFound();
            if (!await MayAsync(http, authz, d, DecisionOperations.FileObjection)) return TypedResults.Forbid();
            try
            {
                var o = svc.File(http.GetPrincipal()!, id, body.Grounds, body.Statement, body.Channel ?? ObjectionChannels.Api);
                o = svc.Acknowledge(o.Id);
                return TypedResults.Created($"/api/governance/objections/{o.Id}", o);
            }
            catch (WorkflowException ex) { return TypedResults.Problem(ex.Message, statusCode: 409, title: "Objection not possible"); }
        }).WithName("FileObjection").WithSummary("File an objection to a decision (acknowledged at once).")
            .WithDescription("The person concerned (the citizen account of the person or guardian) files their own objection; an administrator records one received on paper, by phone or at the counter and must name that `channel` (else 400). Anyone else who sees the decision gets 403, someone who cannot see it 404.")
            .ProducesProblems(400, 403, 404, 409);
        g.MapGet("/objections", Ok<List<ObjectionQueueItem>> (HttpContext http, ObjectionService svc) =>
            TypedResults.Ok(svc.Queue(http.GetPrincipal()!).Select(x => new ObjectionQueueItem(x.Objection, x.Decision.Id, svc.IsOverdue(x.Objection))).ToList()))
            .RequireAuthorization(BasiraPolicies.ObjectionQueue)
            .WithName("ObjectionQueue").WithSummary("Open objections in the caller's scope, oldest deadline first (the listing is audited).")
            .WithDescription("Reviewers and administrators (to act), auditors and analysts (to oversee; statements withheld). Others get 403.")
            .ProducesProblems(403);
        signedIn.MapGet("/objections/{id}", async Task<Results<Ok<ObjectionView>, NotFound>> (HttpContext http, IAuthorizationService authz,
            DecisionStore store, ObjectionService svc, string id) =>
        {
            if (!await MayAsync(http, authz, DecisionOf(svc, store, id), DecisionOperations.Read)) return TypedResults.NotFound();
            if (svc.Read(http.GetPrincipal()!, id) is not { } r) return TypedResults.NotFound();
            return TypedResults.Ok(new ObjectionView(r.Objection, r.Events, svc.IsOverdue(r.Objection)));
        }).WithName("GetObjection").WithSummary("One objection with its events, for those who may see the decision (the read is audited).").ProducesProblems(404);
        signedIn.MapPost("/objections/{id}/review", (HttpContext http, IAuthorizationService authz, DecisionStore store, ObjectionService svc, string id) =>
            StepAsync(http, authz, DecisionOf(svc, store, id), DecisionOperations.ReviewObjection, () => svc.StartReview(http.GetPrincipal()!, id)))
            .WithName("StartReview").WithSummary("Take the objection for human review.")
            .WithDescription("A reviewer or administrator who sees the decision (others 403) and took no part in it nor filed the objection (else 409).")
            .ProducesProblems(403, 404, 409);
        signedIn.MapPost("/objections/{id}/decide", (HttpContext http, IAuthorizationService authz, DecisionStore store, ObjectionService svc, string id,
                ReviewDecisionRequest body) =>
            StepAsync(http, authz, DecisionOf(svc, store, id), null,
                () => svc.Decide(http.GetPrincipal()!, id, body.Outcome, body.Reasoning, body.Corrections, body.ModifiedOutcome, body.NoErrorFound)))
            .WithName("DecideObjection").WithSummary("Upheld, modified or reversed; written back to the decision.")
            .WithDescription("The assigned reviewer only (others 403). A data-error objection needs either `corrections` (the rectified values: the decision is re-scored with them in the same transaction) or `no_error_found: true` (the data were checked and are right); neither, or both, is a 400 problem.")
            .ProducesProblems(400, 403, 404, 409);
        signedIn.MapPost("/objections/{id}/request-info", (HttpContext http, IAuthorizationService authz, DecisionStore store, ObjectionService svc, string id,
                WorkflowNoteRequest body) =>
            StepAsync(http, authz, DecisionOf(svc, store, id), null, () => svc.RequestInformation(http.GetPrincipal()!, id, body.Text)))
            .WithName("RequestInformation")
            .WithSummary("The reviewer asks the person for information; the review resumes when the reviewer takes it up again.")
            .ProducesProblems(400, 403, 404, 409);
        signedIn.MapPost("/objections/{id}/extend", (HttpContext http, IAuthorizationService authz, DecisionStore store, ObjectionService svc, string id,
                WorkflowNoteRequest body) =>
            StepAsync(http, authz, DecisionOf(svc, store, id), null, () => svc.Extend(http.GetPrincipal()!, id, body.Text)))
            .WithName("ExtendReview").WithSummary("The assigned reviewer extends the review deadline once, by two months, with reasons.")
            .ProducesProblems(400, 403, 404, 409);
        signedIn.MapPost("/objections/{id}/escalate", (HttpContext http, IAuthorizationService authz, DecisionStore store, ObjectionService svc, string id,
                WorkflowNoteRequest body) =>
            StepAsync(http, authz, DecisionOf(svc, store, id), null, () => svc.Escalate(http.GetPrincipal()!, id, body.Text)))
            .WithName("EscalateObjection")
            .WithSummary("The person who filed the objection, or a reviewer or administrator in scope, escalates it to the CNDP, a court or the Médiateur, after a decision or on a breached deadline.")
            .ProducesProblems(400, 403, 404, 409);
        signedIn.MapPost("/objections/{id}/close", (HttpContext http, IAuthorizationService authz, DecisionStore store, ObjectionService svc, string id) =>
            StepAsync(http, authz, DecisionOf(svc, store, id), DecisionOperations.ReviewObjection, () => svc.Close(http.GetPrincipal()!, id)))
            .WithName("CloseObjection")
            .WithSummary("A reviewer or administrator in scope closes the objection once the outcome is notified.")
            .ProducesProblems(403, 404, 409);

        var audit = g.MapGroup("/audit").RequireAuthorization(BasiraPolicies.Audit);
        audit.MapGet("/verify", (IntegrityVerifier verifier) => TypedResults.Ok(verifier.Verify()))
            .WithName("VerifyAuditChain").WithSummary("Verify the hash chain of the audit log and every decision against the content hash of its audit entry.")
            .ProducesProblems(403);
        audit.MapGet("/log", (HttpContext http, AuditLog log, long? after, int? limit) =>
            TypedResults.Ok(log.ReadAudited(http.GetPrincipal()!, after ?? 0, limit ?? 200)))
            .WithName("ReadAuditLog").WithSummary("Entries of the audit log after a sequence number (the read is itself audited).")
            .ProducesProblems(403);
        return app;
    }

    /// <summary>Declares RFC 9457 problem answers (application/problem+json) for the given statuses.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder b, params int[] statuses)
    {
        foreach (var s in statuses) b.ProducesProblem(s);
        return b;
    }

    /// <summary>Whether the signed-in caller may perform <paramref name="op"/> on <paramref name="d"/> (false when it does not exist).</summary>
    private static async Task<bool> MayAsync(HttpContext http, IAuthorizationService authz, DecisionRecord? d, OperationAuthorizationRequirement op) =>
        d is not null && (await authz.AuthorizeAsync(http.User, d, op)).Succeeded;

    /// <summary>The decision an objection is about (unaudited load, for the authorisation check only), or null.</summary>
    private static DecisionRecord? DecisionOf(ObjectionService svc, DecisionStore store, string objectionId) =>
        svc.Get(objectionId) is { } o ? store.Load(o.DecisionId) : null;

    /// <summary>
    /// Runs one workflow step: 404 when the caller may not see the decision, 403 when they see it but the step is not
    /// theirs (<paramref name="op"/> here, the assigned reviewer or the person concerned in the workflow), 409 when the
    /// step is not possible in the objection's state (bad input goes to the 400 problem handler).
    /// </summary>
    private static async Task<Results<Ok<Objection>, NotFound, ForbidHttpResult, ProblemHttpResult>> StepAsync(HttpContext http,
        IAuthorizationService authz, DecisionRecord? decision, OperationAuthorizationRequirement? op, Func<Objection> step)
    {
        if (!await MayAsync(http, authz, decision, DecisionOperations.Read)) return TypedResults.NotFound();
        if (op is not null && !await MayAsync(http, authz, decision, op)) return TypedResults.Forbid();
        try { return TypedResults.Ok(step()); }
        catch (KeyNotFoundException) { return TypedResults.NotFound(); }
        catch (UnauthorizedAccessException) { return TypedResults.Forbid(); }
        catch (WorkflowException ex) { return TypedResults.Problem(ex.Message, statusCode: 409, title: "Workflow step refused"); }
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

