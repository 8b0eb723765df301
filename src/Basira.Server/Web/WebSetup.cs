using System.Globalization;
using System.Text.Json;
using Basira.Governance;
using Basira.Governance.Access;
using Basira.Governance.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.RateLimiting;
using System.Security.Claims;
using System.Threading.RateLimiting;

namespace Basira.Server.Web;

/// <summary>Host wiring: sign-in, request culture (fr default, ar right to left, en), problem details, OpenAPI.</summary>
public static class WebSetup
{
    public static readonly string[] Cultures = ["fr", "ar", "en"];

    /// <summary>Rate-limiter policy of the two sign-in endpoints.</summary>
    public const string SignInRateLimit = "sign-in";

    /// <summary>Pages may load only the platform's own stylesheet, images and scripts, and post forms only to it.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>Sign-in and sign-out messages.</summary>
    public const string SignInFailed = "Unknown user or wrong password.";
    public const string SignInLocked = "Too many failed sign-ins for this username: sign-in is suspended for 15 minutes.";

    public static IServiceCollection AddBasiraWeb(this IServiceCollection s)
    {
        s.AddProblemDetails();
        // One naming convention for every JSON body, requests and responses: snake_case, as the public register and the
        // CLI's JSON already are. The OpenAPI schemas follow these options. A missing required field or a null where
        // none is allowed is bad input (400 naming the field), never a default value taken silently.
        s.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.RespectRequiredConstructorParameters = true;
            o.SerializerOptions.RespectNullableAnnotations = true;
            // Numbers are JSON numbers (not also strings), so the schemas give client generators one type per field.
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        // A body that cannot be read (broken JSON, a wrong type) reaches the exception handler, which names the field.
        s.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        s.AddOpenApi(o => ApiDocument.Configure(o));
        s.AddAntiforgery();
        s.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.LoginPath = "/login";
            o.Cookie.Name = "basira.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.Events.OnRedirectToLogin = ctx =>
            {
                if (ctx.Request.Path.StartsWithSegments("/api")) { ctx.Response.StatusCode = 401; return Task.CompletedTask; }
                ctx.Response.Redirect(ctx.RedirectUri);
                return Task.CompletedTask;
            };
            o.Events.OnRedirectToAccessDenied = ctx => { ctx.Response.StatusCode = 403; return Task.CompletedTask; };
            // The cookie is only good while its server-side session is active: signing out revokes it for every copy.
            o.Events.OnValidatePrincipal = async ctx =>
            {
                var sid = ctx.Principal?.FindFirstValue(BasiraClaims.Session);
                var uid = ctx.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
                var sessions = ctx.HttpContext.RequestServices.GetRequiredService<SessionStore>();
                if (sid is null || uid is null || !sessions.IsActive(sid, uid))
                {
                    ctx.RejectPrincipal();
                    await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                }
            };
        });
        // Sign-in endpoints: a fixed window per client address (Basira:SignIn:PermitPerMinute, default 10), 429 beyond.
        s.AddRateLimiter(_ => { });
        s.AddOptions<RateLimiterOptions>().Configure<IConfiguration>((o, cfg) =>
        {
            var permits = cfg.GetValue("Basira:SignIn:PermitPerMinute", 10);
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignInRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = async (ctx, ct) =>
            {
                ctx.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                if (ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                    ctx.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Results.Problem("Too many sign-in attempts from this address; try again in a minute.", statusCode: 429, title: "Too many requests")
                    .ExecuteAsync(ctx.HttpContext);
            };
        });
        s.AddAuthorization();
        s.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Cultures.Select(c => new CultureInfo(c)).ToList();
            o.DefaultRequestCulture = new RequestCulture("fr");
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.FallBackToParentUICultures = true;
        });
        return s;
    }

    public static WebApplication UseBasiraWeb(this WebApplication app)
    {
        app.Use(async (ctx, next) =>
        {
            ctx.Response.OnStarting(() =>
            {
                var h = ctx.Response.Headers;
                h.XContentTypeOptions = "nosniff";
                var path = ctx.Request.Path;
                // Responses that may carry personal data are never stored by browsers or proxies (the register is public).
                if ((path.StartsWithSegments("/api/governance") && !path.StartsWithSegments("/api/governance/register"))
                    || path.StartsWithSegments("/api/education") || path.StartsWithSegments("/api/jobs") || path.StartsWithSegments("/api/auth"))
                    h.CacheControl = "no-store";
                if (ctx.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
                {
                    h.ContentSecurityPolicy = ContentSecurityPolicy;
                    h["Referrer-Policy"] = "same-origin";
                    if (ctx.User.Identity?.IsAuthenticated == true) h.CacheControl = "no-store";
                }
                return Task.CompletedTask;
            });
            await next();
        });
        // wwwroot (the stylesheet, scripts, the vendored ECharts, map layers), after the security headers so static files carry them too.
        app.UseBasiraStaticAssets();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Expected exceptions (answered 4xx) are not logged: their messages may repeat submitted values (pupil data).
            // Unexpected ones are logged below without their message, which may hold such values too.
            SuppressDiagnosticsCallback = _ => true,
            ExceptionHandler = async ctx =>
            {
                var feature = ctx.Features.Get<IExceptionHandlerPathFeature>();
                var ex = feature?.Error;
                if (BodyProblem.From(ex) is { } body)
                {
                    ctx.Response.StatusCode = body.Status;
                    await Results.Problem(body.Detail, statusCode: body.Status, title: body.Title, extensions: body.Extensions).ExecuteAsync(ctx);
                    return;
                }
                var (status, title) = ex is null ? (500, "Server error") : ExpectedFailure(ex) ?? (500, "Server error");
                if (status == 500) LogUnexpected(ctx, feature);
                ctx.Response.StatusCode = status;
                var extensions = ex is DataInputException { Field: { } field } ? new Dictionary<string, object?> { ["field"] = field } : null;
                await Results.Problem(detail: status == 500 ? "An unexpected error occurred; it has been logged." : ex?.Message, statusCode: status, title: title,
                    extensions: extensions).ExecuteAsync(ctx);
            },
        });
        app.UseRequestLocalization();
        // A bodiless error answer gets a body: the 404 page in the reader's language for an address no page or API
        // route knows (rather than plain text), problem details otherwise.
        app.UseStatusCodePages(async ctx =>
        {
            var http = ctx.HttpContext;
            if (!http.Request.Path.StartsWithSegments("/api") && HttpMethods.IsGet(http.Request.Method) && http.Response.StatusCode == 404
                && http.GetEndpoint() is null)
            {
                await PagesSetup.ErrorPage(404).ExecuteAsync(http);
                return;
            }
            await http.RequestServices.GetRequiredService<IProblemDetailsService>()
                .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = { Status = http.Response.StatusCode } });
        });
        app.Use(async (ctx, next) =>
        {
            // A language chosen with ?culture= sticks for the next pages (cookie), as users expect of a switcher.
            if (ctx.Request.Query.TryGetValue("culture", out var c) && Cultures.Contains(c.ToString()))
                ctx.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(c.ToString())),
                    new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365), IsEssential = true });
            await next();
        });
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapOpenApi();
        app.MapGet("/health", (Basira.Governance.Storage.BasiraDatabase db) =>
            TypedResults.Ok(new HealthStatus("ok", db.Kind.ToString().ToLowerInvariant(), Basira.Governance.Storage.Migrations.CurrentVersion(db))))
            .WithName("Health").WithTags(ApiDocument.PlatformTag).WithSummary("Liveness: the store kind and its schema version.")
            .Produces<HealthStatus>().AllowAnonymous();

        var auth = app.MapGroup("/api/auth").WithTags(ApiDocument.AuthTag);
        auth.MapPost("/login", async (HttpContext http, UserStore users, LoginRequest body) =>
        {
            // A missing field is the caller's mistake (400 naming it), not a server error.
            var missing = string.IsNullOrEmpty(body.Username) ? "username" : string.IsNullOrEmpty(body.Password) ? "password" : null;
            if (missing is not null)
                return Results.Problem($"'{missing}' is required.", statusCode: 400, title: "Invalid input",
                    extensions: new Dictionary<string, object?> { ["field"] = missing });
            var attempt = users.Attempt(body.Username!, body.Password!);
            if (attempt.Account is not { } u)
                return Results.Problem(attempt.LockedOut ? SignInLocked : SignInFailed, statusCode: 401, title: "Sign-in failed");
            await SignInUserAsync(http, u);
            return Results.Ok(new SignedInUser(u.Username, u.Role, $"{u.ScopeKind}:{u.ScopeValue}"));
        }).WithName("Login").WithSummary("Sign in: sets the `basira.auth` cookie that the other operations need.")
            .WithDescription("Five consecutive failures for a username suspend it for 15 minutes; attempts are rate-limited per client address (429 beyond).")
            .Produces<SignedInUser>().ProducesProblems(400, 401, 429)
            .AllowAnonymous().DisableAntiforgery().RequireRateLimiting(SignInRateLimit);
        auth.MapPost("/logout", async (HttpContext http) =>
        {
            await SignOutUserAsync(http);
            return TypedResults.NoContent();
        }).WithName("Logout").WithSummary("Sign out: ends the server-side session, so no copy of the cookie works any more.")
            .AllowAnonymous().DisableAntiforgery();
        return app;
    }

    /// <summary>
    /// The answer to an expected failure (the caller's mistake or a refused step): its status and title; null for an
    /// unexpected exception (500). The API answers with problem details, the pages with a page in the reader's language.
    /// </summary>
    public static (int Status, string Title)? ExpectedFailure(Exception ex) => ex switch
    {
        DataInputException => (400, "Invalid input"),
        KeyNotFoundException => (404, "Not found"),
        UnauthorizedAccessException => (403, "Forbidden"),
        Basira.Governance.Objections.WorkflowException => (409, "Workflow step refused"),
        BadHttpRequestException => (400, "Bad request"),
        Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException => (400, "Bad request"),
        _ => null,
    };

    /// <summary>Signs <paramref name="u"/> in with a new server-side session.</summary>
    public static Task SignInUserAsync(HttpContext http, UserAccount u)
    {
        var session = http.RequestServices.GetRequiredService<SessionStore>().Start(u.Id);
        return http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, BasiraClaims.ToClaims(u, CookieAuthenticationDefaults.AuthenticationScheme, session));
    }

    /// <summary>Ends the caller's server-side session (so no copy of the cookie works any more) and clears the cookie.</summary>
    public static Task SignOutUserAsync(HttpContext http)
    {
        if (http.User.FindFirstValue(BasiraClaims.Session) is { } sid)
            http.RequestServices.GetRequiredService<SessionStore>().Revoke(sid);
        return http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>Endpoint filter: the request must carry a valid antiforgery token (for forms that bind no field), else 400.</summary>
    public static RouteHandlerBuilder RequireAntiforgeryToken(this RouteHandlerBuilder b) => b.AddEndpointFilter(async (ctx, next) =>
    {
        var af = ctx.HttpContext.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>();
        if (!await af.IsRequestValidAsync(ctx.HttpContext))
            return Results.Problem("The antiforgery token is missing or invalid.", statusCode: 400, title: "Bad request");
        return await next(ctx);
    });

    /// <summary>
    /// Logs an unexpected exception by type, endpoint and stack trace, without its message or any request value
    /// (messages may repeat submitted personal data).
    /// </summary>
    private static void LogUnexpected(HttpContext ctx, IExceptionHandlerPathFeature? feature)
    {
        var log = ctx.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Basira.Server.Errors");
        var chain = new System.Text.StringBuilder();
        for (var e = feature?.Error; e is not null; e = e.InnerException)
            chain.Append(e.GetType().FullName).Append('\n').Append(e.StackTrace).Append('\n');
        log.LogError("Unhandled {ExceptionType} in {Method} {Endpoint} (trace {TraceId})\n{StackTrace}",
            feature?.Error.GetType().FullName, ctx.Request.Method, feature?.Endpoint?.DisplayName ?? "(no endpoint)", ctx.TraceIdentifier, chain.ToString());
    }
}

/// <summary>Sign-in with a username and a password.</summary>
public sealed record LoginRequest(string? Username = null, string? Password = null);

/// <summary>The account just signed in, and its scope as kind:value.</summary>
public sealed record SignedInUser(string Username, string Role, string Scope);

/// <summary>The answer of /health.</summary>
public sealed record HealthStatus(string Status, string Store, int Schema);
