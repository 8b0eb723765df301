using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace Basira.Server.Web;

/// <summary>
/// The OpenAPI document at /openapi/v1.json, shaped for client generators: the cookie sign-in as a security scheme
/// applied to every operation that needs it (and an explicit "no sign-in" on the others), 401/429 problem answers
/// derived from each endpoint's authorisation and rate-limit metadata, tag descriptions, and server URLs without a
/// trailing slash. Operation ids come from <c>.WithName(…)</c>, the other problem answers from <c>.ProducesProblem(…)</c>
/// on each endpoint. Redocly CLI's <c>recommended</c> ruleset checks the result (tools/openapi-lint).
/// </summary>
public static class ApiDocument
{
    /// <summary>Name of the security scheme: the sign-in cookie.</summary>
    public const string CookieScheme = "cookie";

    /// <summary>The sign-in cookie set by <c>POST /api/auth/login</c>.</summary>
    public const string CookieName = "basira.auth";

    public const string PlatformTag = "Platform", AuthTag = "Auth";

    /// <summary>
    /// Description of each tag. A module that maps endpoints under a new tag adds its sentence here; a tag without one
    /// fails the OpenAPI lint test.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> TagDescriptions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [PlatformTag] = "The platform itself: liveness of the server and its store.",
        [AuthTag] = "Sign-in and sign-out. Signing in sets the `basira.auth` cookie that every other non-public operation needs.",
        [Basira.Governance.Web.GovernanceEndpoints.Tag] = "The governance kernel: the public algorithm register, decisions about persons with their exact explanations and notices, objections and their human review, and the hash-chained audit log.",
        [Basira.Education.EducationModule.Tag] = "Education: the dropout early-warning model in use.",
        [Basira.Jobs.JobsModule.Tag] = "Employment: job-title normalisation to the ESCO classification of the European Commission, labour-market events, the live market by occupation and region, governed matching of seekers and offers, training plans and career guidance.",
        [Basira.Energy.EnergyModule.Tag] = "Energy: hourly load forecasts with intervals and the grid-stability view, long-term demand scenarios, the capacity plan to 2030 and mini-grid dispatch (grid operators, analysts, administrators).",
    };

    private const string ProblemSchema = "ProblemDetails";
    private const string ProblemJson = "application/problem+json";

    public static void Configure(OpenApiOptions o)
    {
        o.AddOperationTransformer((op, ctx, _) =>
        {
            var meta = ctx.Description.ActionDescriptor.EndpointMetadata;
            var signIn = meta.OfType<IAuthorizeData>().Any() && !meta.OfType<IAllowAnonymous>().Any();
            // An empty requirement ({}) says "no sign-in needed", so every operation states its security.
            op.Security = signIn
                ? [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CookieScheme, ctx.Document)] = [] }]
                : [new OpenApiSecurityRequirement()];
            if (signIn) AddProblem(op, ctx.Document, 401, "Not signed in: no `basira.auth` cookie, or its session has ended.");
            if (meta.OfType<EnableRateLimitingAttribute>().Any())
                AddProblem(op, ctx.Document, 429, "Too many requests from this address; retry after the number of seconds in `Retry-After`.");
            return Task.CompletedTask;
        });
        o.AddDocumentTransformer(async (doc, ctx, ct) =>
        {
            doc.Info.Title = "Basira API";
            doc.Info.Description = "Sovereign, accountable AI for public policy in Morocco: governed decisions about persons with exact explanations, "
                + "notices, objections, fairness audits and a hash-chained audit log. Errors are RFC 9457 problem details; "
                + "every JSON body uses snake_case names.";
            foreach (var server in doc.Servers ?? [])
                if (server.Url is { Length: > 1 } url && url.EndsWith('/')) server.Url = url.TrimEnd('/');
            doc.Components ??= new OpenApiComponents();
            doc.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            doc.Components.SecuritySchemes[CookieScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = CookieName,
                Description = "The session cookie set by `POST /api/auth/login` (HttpOnly, SameSite=Strict); `POST /api/auth/logout` ends it.",
            };
            doc.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            if (!doc.Components.Schemas.ContainsKey(ProblemSchema))
                doc.Components.Schemas[ProblemSchema] = await ctx.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, ct);
            foreach (var op in (doc.Paths?.Values.AsEnumerable() ?? []).SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
            {
                if (op.Responses is not { Count: > 1 } responses) continue;
                var ordered = responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
                responses.Clear();
                foreach (var (code, response) in ordered) responses[code] = response;
            }
            var used = (doc.Paths?.Values.AsEnumerable() ?? []).SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).SelectMany(op => op.Tags?.AsEnumerable() ?? [])
                .Select(t => t.Name).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            doc.Tags = new HashSet<OpenApiTag>(used.Select(n => new OpenApiTag { Name = n, Description = TagDescriptions.GetValueOrDefault(n) }));
        });
    }

    private static void AddProblem(OpenApiOperation op, OpenApiDocument? doc, int status, string description)
    {
        op.Responses ??= [];
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (op.Responses.ContainsKey(key)) return;
        op.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, doc) } },
        };
    }
}
