using System.Globalization;
using Basira.Governance;
using Basira.Governance.Access;
using Basira.Governance.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;

namespace Basira.Server.Web;

/// <summary>Host wiring: sign-in, request culture (fr default, ar right to left, en), problem details, OpenAPI.</summary>
public static class WebSetup
{
    public static readonly string[] Cultures = ["fr", "ar", "en"];

    private static readonly Lazy<string> Stylesheet = new(() =>
    {
        using var s = typeof(WebSetup).Assembly.GetManifestResourceStream("basira.css")
            ?? throw new InvalidOperationException("embedded stylesheet missing");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    });

    public static IServiceCollection AddBasiraWeb(this IServiceCollection s)
    {
        s.AddProblemDetails();
        s.AddOpenApi();
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
        app.UseExceptionHandler(e => e.Run(async ctx =>
        {
            var ex = ctx.Features.Get<IExceptionHandlerFeature>()?.Error;
            var (status, title) = ex switch
            {
                DataInputException => (400, "Invalid input"),
                KeyNotFoundException => (404, "Not found"),
                UnauthorizedAccessException => (403, "Forbidden"),
                Basira.Governance.Objections.WorkflowException => (409, "Workflow step refused"),
                BadHttpRequestException => (400, "Bad request"),
                _ => (500, "Server error"),
            };
            ctx.Response.StatusCode = status;
            await Results.Problem(detail: status == 500 ? "An unexpected error occurred; it has been logged." : ex?.Message, statusCode: status, title: title)
                .ExecuteAsync(ctx);
        }));
        app.UseStatusCodePages();
        app.UseRequestLocalization();
        app.Use(async (ctx, next) =>
        {
            // A language chosen with ?culture= sticks for the next pages (cookie), as users expect of a switcher.
            if (ctx.Request.Query.TryGetValue("culture", out var c) && Cultures.Contains(c.ToString()))
                ctx.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(c.ToString())),
                    new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365), IsEssential = true });
            await next();
        });
        app.MapGet("/basira.css", (HttpContext http) =>
        {
            // Vendored stylesheet, embedded in the assembly so that any host (server, CLI, tests) serves it offline.
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Text(Stylesheet.Value, "text/css; charset=utf-8");
        }).AllowAnonymous().ExcludeFromDescription();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapOpenApi();
        app.MapGet("/health", (Basira.Governance.Storage.BasiraDatabase db) =>
            Results.Ok(new { status = "ok", store = db.Kind.ToString().ToLowerInvariant(), schema = Basira.Governance.Storage.Migrations.CurrentVersion(db) }))
            .WithName("Health").AllowAnonymous();

        var auth = app.MapGroup("/api/auth").WithTags("Auth");
        auth.MapPost("/login", async (HttpContext http, UserStore users, LoginRequest body) =>
        {
            // A missing field is the caller's mistake (400 naming it), not a server error.
            var missing = string.IsNullOrEmpty(body.Username) ? "username" : string.IsNullOrEmpty(body.Password) ? "password" : null;
            if (missing is not null)
                return Results.Problem($"'{missing}' is required.", statusCode: 400, title: "Invalid input",
                    extensions: new Dictionary<string, object?> { ["field"] = missing });
            var u = users.SignIn(body.Username!, body.Password!);
            if (u is null) return Results.Problem("Unknown user or wrong password.", statusCode: 401, title: "Sign-in failed");
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, BasiraClaims.ToClaims(u, CookieAuthenticationDefaults.AuthenticationScheme));
            return Results.Ok(new { u.Username, u.Role, scope = $"{u.ScopeKind}:{u.ScopeValue}" });
        }).WithName("Login").AllowAnonymous().DisableAntiforgery();
        auth.MapPost("/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.NoContent();
        }).WithName("Logout").DisableAntiforgery();
        return app;
    }
}

public sealed record LoginRequest(string? Username, string? Password);
