using Basira.Governance.Access;
using Basira.Governance.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Basira.Education.Warning;

/// <summary>Body of opening a case: the action and an optional note.</summary>
public sealed record OpenCaseRequest(string Action, string? Note = null);

/// <summary>Body of a follow-up: what was done, and optionally a new action.</summary>
public sealed record FollowUpRequest(string Note, string? Action = null);

/// <summary>Body of closing a case: the outcome and an optional note.</summary>
public sealed record CloseCaseRequest(string Outcome, string? Note = null);

/// <summary>The latest run within the caller's scope, or null when there is none yet.</summary>
public sealed record LatestRun(RunView? Run);

/// <summary>The case of a decision, or null when none was opened.</summary>
public sealed record CaseView(InterventionCase? Case);

/// <summary>The national early warning's API under <c>/api/education/early-warning</c>.</summary>
internal static class WarningEndpoints
{
    public static void MapWarningEndpoints(this RouteGroupBuilder g)
    {
        var ew = g.MapGroup("/early-warning");
        ew.MapGet("/runs", Ok<IReadOnlyList<RunSummary>> (HttpContext http, WarningQueries q) => TypedResults.Ok(q.Runs(http.GetPrincipal()!)))
            .RequireAuthorization(BasiraPolicies.Aggregates)
            .WithName("ListWarningRuns")
            .WithSummary("National early-warning runs, newest first: counts (the caller's region or province only, for a regional or provincial caller), fairness verdict and alerts (no person).")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        ew.MapGet("/runs/latest", Ok<LatestRun> (HttpContext http, WarningQueries q) => TypedResults.Ok(new LatestRun(q.Latest(http.GetPrincipal()!))))
            .RequireAuthorization(BasiraPolicies.Aggregates)
            .WithName("GetLatestWarningRun")
            .WithSummary("The latest run within the caller's scope: precision among each school's top k, recall, AUC and ECE, overall and by group; fairness alerts; intervention outcomes.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        ew.MapGet("/causes", Results<Ok<CausesView>, ProblemHttpResult> (HttpContext http, WarningQueries q, string? level, string? area) =>
            {
                var who = http.GetPrincipal()!;
                var lvl = level ?? (who.ScopeKind == ScopeKinds.Province ? "province" : "region");
                if (lvl is "national" or "region" or "province" or "sex_milieu")
                    switch (WarningQueries.Reach(who, lvl, area))
                    {
                        case AreaReach.LevelBeyond:
                            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Outside your scope",
                                detail: $"figures of level {lvl} go beyond your scope ({who.ScopeKind})");
                        case AreaReach.Outside:
                            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "no such area within your scope");
                    }
                return TypedResults.Ok(q.Causes(who, lvl, area));
            })
            .RequireAuthorization(BasiraPolicies.Aggregates)
            .WithName("GetWarningCauses")
            .WithSummary("What drives the risk here: mean |contribution| and signed mean of each input by area (national, region, province, sex_milieu), with the absence justification codes, and the model and cohort read; a regional or provincial caller reads its own areas only.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        ew.MapGet("/school", Results<Ok<SchoolListView>, NotFound> (HttpContext http, WarningQueries q, string? school) =>
                q.SchoolList(http.GetPrincipal()!, school) is { } v ? TypedResults.Ok(v) : TypedResults.NotFound())
            .RequireAuthorization(BasiraPolicies.SchoolLists)
            .WithName("GetSchoolWarningList")
            .WithSummary("A school's ranked list of proposed pupils with each one's exact explanation and case: its staff's own school, any school for an administrator.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        ew.MapGet("/decisions/{id}/case", Results<Ok<CaseView>, NotFound> (HttpContext http, InterventionCaseService cases, string id) =>
                cases.Read(http.GetPrincipal()!, id) is { Visible: true } r ? TypedResults.Ok(new CaseView(r.Case)) : TypedResults.NotFound())
            .WithName("GetInterventionCase").WithSummary("The intervention case of a proposed pupil's decision (the read is audited).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        ew.MapPost("/decisions/{id}/case", Results<Created<InterventionCase>, NotFound> (HttpContext http, InterventionCaseService cases, string id, OpenCaseRequest body) =>
                cases.Open(http.GetPrincipal()!, id, body.Action, body.Note) is { } k
                    ? TypedResults.Created($"/api/education/early-warning/decisions/{id}/case", k) : TypedResults.NotFound())
            .RequireAuthorization(BasiraPolicies.Decide)
            .WithName("OpenInterventionCase")
            .WithSummary("Assign an action (tutoring, family_meeting, transport, social_support) to a proposed pupil: school staff, counsellors, administrators in scope.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        ew.MapPost("/decisions/{id}/case/follow-up", Results<Ok<InterventionCase>, NotFound> (HttpContext http, InterventionCaseService cases, string id, FollowUpRequest body) =>
                cases.FollowUp(http.GetPrincipal()!, id, body.Note, body.Action) is { } k ? TypedResults.Ok(k) : TypedResults.NotFound())
            .RequireAuthorization(BasiraPolicies.Decide)
            .WithName("FollowUpInterventionCase").WithSummary("Record a follow-up on the decision's active case (optionally a new action).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        ew.MapPost("/decisions/{id}/case/close", Results<Ok<InterventionCase>, NotFound> (HttpContext http, InterventionCaseService cases, string id, CloseCaseRequest body) =>
                cases.Close(http.GetPrincipal()!, id, body.Outcome, body.Note) is { } k ? TypedResults.Ok(k) : TypedResults.NotFound())
            .RequireAuthorization(BasiraPolicies.Decide)
            .WithName("CloseInterventionCase").WithSummary("Close the decision's active case with its outcome (stayed, dropped, moved, declined).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }
}
