using System.Security.Claims;
using Basira.Governance.Decisions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Governance.Access;

/// <summary>
/// The platform's authorisation policies (role × scope), expressed once and used by the API and the pages alike:
/// <c>.RequireAuthorization(BasiraPolicies.Audit)</c> on an endpoint, <c>@attribute [Authorize(Policy = BasiraPolicies.Audit)]</c>
/// on a page. The rules themselves live in <see cref="AccessPolicy"/>; a policy only names which rule applies.
/// Checks on one record (a decision in or out of the caller's scope) are resource-based: see <see cref="DecisionOperations"/>.
/// </summary>
public static class BasiraPolicies
{
    /// <summary>Any signed-in account.</summary>
    public const string SignedIn = "signed-in";

    /// <summary>Reviewers and administrators: take and decide objections.</summary>
    public const string Review = "objections.review";

    /// <summary>The objection queue: reviewers and administrators (to act), auditors and analysts (to oversee, statements withheld).</summary>
    public const string ObjectionQueue = "objections.queue";

    /// <summary>Auditors, analysts and administrators: fairness audits, the audit log and its verification.</summary>
    public const string Audit = "audit";

    /// <summary>Roles that take the human decision on a model recommendation (school staff, counsellors, administrators).</summary>
    public const string Decide = "decisions.decide";

    /// <summary>Aggregate figures and maps (analysts, auditors, administrators): never a person's record.</summary>
    public const string Aggregates = "aggregates";

    /// <summary>Learning paths: a pupil's own path and next exercise (citizen, self), a teacher's pupils, school staff, administrators.</summary>
    public const string LearningPaths = "education.learning";

    /// <summary>Class views of the learning paths: teachers (their own classes), school staff (their school), administrators.</summary>
    public const string LearningClasses = "education.learning.classes";

    /// <summary>The live labour market (supply, demand, tension, skill gaps; no person): analysts, auditors, administrators, counsellors.</summary>
    public const string JobsMarket = "jobs.market";

    /// <summary>Sending labour-market events (offers, seekers): administrators, counsellors, employers — each event checked against the sender's scope.</summary>
    public const string JobsEvents = "jobs.events";
    /// <summary>Education planning to 2030 (analysts and administrators): projections, deficits, budget allocation; aggregates only.</summary>
    public const string Planning = "education.planning";
    /// <summary>A school's ranked list of pupils proposed for support, with explanations and cases: its staff and teachers, administrators.</summary>
    public const string SchoolLists = "school-lists";
    /// <summary>Energy system views (mini-grid dispatch, capacity plan): grid operators, analysts, administrators.</summary>
    public const string Energy = "energy";
    /// <summary>Load forecasts and the grid-stability view (grid operators, analysts, administrators).</summary>
    public const string EnergyForecast = "energy.forecast";

    /// <summary>Registers the policies and the resource handlers.</summary>
    public static IServiceCollection AddBasiraAuthorization(this IServiceCollection s)
    {
        s.AddAuthorizationBuilder()
            .AddPolicy(SignedIn, p => p.RequireAuthenticatedUser())
            .AddPolicy(Review, p => p.RequireAuthenticatedUser().RequireAssertion(c => Is(c.User, AccessPolicy.CanReview)))
            .AddPolicy(ObjectionQueue, p => p.RequireAuthenticatedUser()
                .RequireAssertion(c => Is(c.User, AccessPolicy.CanReview) || Is(c.User, AccessPolicy.CanAudit)))
            .AddPolicy(Audit, p => p.RequireAuthenticatedUser().RequireAssertion(c => Is(c.User, AccessPolicy.CanAudit)))
            .AddPolicy(Decide, p => p.RequireAuthenticatedUser().RequireAssertion(c => Is(c.User, AccessPolicy.CanDecide)))
            .AddPolicy(Aggregates, p => p.RequireAuthenticatedUser().RequireAssertion(c => Is(c.User, AccessPolicy.CanSeeAggregates)))
            .AddPolicy(LearningPaths, p => p.RequireAuthenticatedUser().RequireAssertion(c => Is(c.User, AccessPolicy.CanUseLearningPaths)))
            .AddPolicy(LearningClasses, p => p.RequireAuthenticatedUser().RequireAssertion(c => Is(c.User, AccessPolicy.CanSeeLearningClasses)))
            .AddPolicy(JobsMarket, p => p.RequireAuthenticatedUser().RequireAssertion(c => Is(c.User, AccessPolicy.CanSeeLabourMarket)))
            .AddPolicy(JobsEvents, p => p.RequireAuthenticatedUser().RequireAssertion(c => Is(c.User, AccessPolicy.CanSendMarketEvents)))
            .AddPolicy(Planning, p => p.RequireAuthenticatedUser().RequireAssertion(c => Is(c.User, AccessPolicy.CanPlan)))
            .AddPolicy(SchoolLists, p => p.RequireAuthenticatedUser().RequireAssertion(c => Is(c.User, AccessPolicy.CanSeeSchoolLists)))
            .AddPolicy(Energy, p => p.RequireAuthenticatedUser().RequireAssertion(c => Is(c.User, AccessPolicy.CanSeeEnergy)))
            .AddPolicy(EnergyForecast, p => p.RequireAuthenticatedUser().RequireAssertion(c => Is(c.User, AccessPolicy.CanForecastEnergy)));
        s.AddSingleton<IAuthorizationHandler, DecisionAuthorizationHandler>();
        return s;
    }

    private static bool Is(ClaimsPrincipal user, Func<Principal, bool> rule) => BasiraClaimsReader.Read(user) is { } p && rule(p);
}

/// <summary>Operations on one decision record, checked with <c>IAuthorizationService.AuthorizeAsync(user, decision, op)</c>.</summary>
public static class DecisionOperations
{
    /// <summary>See the decision, its notice and explanation (in scope, or the person concerned).</summary>
    public static readonly OperationAuthorizationRequirement Read = new() { Name = "decision.read" };

    /// <summary>File an objection (the person concerned, or an administrator recording one received offline).</summary>
    public static readonly OperationAuthorizationRequirement FileObjection = new() { Name = "decision.object" };

    /// <summary>Take the human decision on the recommendation (a deciding role in scope).</summary>
    public static readonly OperationAuthorizationRequirement Decide = new() { Name = "decision.decide" };

    /// <summary>Read the person's own statement in an objection to the decision.</summary>
    public static readonly OperationAuthorizationRequirement ReadStatement = new() { Name = "decision.statement" };

    /// <summary>
    /// Take an objection to the decision for review, or close it (a reviewer or administrator who sees the decision).
    /// Who is assigned, and that the reviewer took no part in the decision, stays with the workflow.
    /// </summary>
    public static readonly OperationAuthorizationRequirement ReviewObjection = new() { Name = "decision.review" };
}

/// <summary>Resource handler: each <see cref="DecisionOperations"/> operation maps to one rule of <see cref="AccessPolicy"/>.</summary>
public sealed class DecisionAuthorizationHandler : AuthorizationHandler<OperationAuthorizationRequirement, DecisionRecord>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, DecisionRecord resource)
    {
        if (BasiraClaimsReader.Read(context.User) is not { } p) return Task.CompletedTask;
        var ok = requirement.Name switch
        {
            "decision.read" => AccessPolicy.CanSeeDecision(p, resource),
            "decision.object" => AccessPolicy.CanSeeDecision(p, resource) && AccessPolicy.CanObject(p, resource),
            "decision.decide" => AccessPolicy.CanSeeDecision(p, resource) && AccessPolicy.CanDecide(p),
            "decision.statement" => AccessPolicy.CanReadObjectionStatement(p, resource),
            "decision.review" => AccessPolicy.CanSeeDecision(p, resource) && AccessPolicy.CanReview(p),
            _ => false,
        };
        if (ok) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

/// <summary>Reads the kernel's <see cref="Principal"/> from the claims of a signed-in user (null when anonymous).</summary>
public static class BasiraClaimsReader
{
    public static Principal? Read(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return null;
        string? Opt(string t) => user.FindFirstValue(t) is { Length: > 0 } v ? v : null;
        return new Principal(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", user.Identity.Name ?? "", user.FindFirstValue(ClaimTypes.Role) ?? "",
            user.FindFirstValue(Web.BasiraClaims.ScopeKind) ?? "", Opt(Web.BasiraClaims.ScopeValue), Opt(Web.BasiraClaims.Subject));
    }
}
