using System.Text.Encodings.Web;
using System.Text.Unicode;
using Basira.Governance.Access;
using Basira.Governance.Decisions;
using Basira.Governance.Objections;
using Basira.Governance.Web;
using Basira.Server.Components;
using Basira.Server.Components.Pages.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.WebEncoders;

namespace Basira.Server.Web;

/// <summary>
/// The web pages: Razor components rendered on the server (static SSR, no interactive render mode, no script), their
/// texts in <c>Components/SharedResource*.resx</c>, and the form handlers (POST, then redirect to a page).
/// </summary>
public static class PagesSetup
{
    /// <summary>Razor components, localization, and the 403 page for a page the caller's policies do not allow.</summary>
    public static IServiceCollection AddBasiraPages(this IServiceCollection s)
    {
        s.AddRazorComponents();
        s.AddLocalization();
        // Arabic and French letters are written as they are, not as numeric character references.
        s.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        s.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        s.AddSingleton<IAuthorizationMiddlewareResultHandler, PageAuthorizationResultHandler>();
        return s;
    }

    public static IEndpointRouteBuilder MapBasiraPages(this IEndpointRouteBuilder app)
    {
        // Pages answer GET only: every form posts to a handler of its own below (POST, then redirect to a page).
        app.MapRazorComponents<App>().Add(b =>
        {
            for (var i = 0; i < b.Metadata.Count; i++)
                if (b.Metadata[i] is HttpMethodMetadata) b.Metadata[i] = new HttpMethodMetadata([HttpMethods.Get]);
        });

        // POST /login shares its path with the sign-in page: this handler goes first (order -1) for POST.
        app.MapPost("/login", Login).AllowAnonymous().ExcludeFromDescription().RequireRateLimiting(WebSetup.SignInRateLimit)
            .Add(b => ((RouteEndpointBuilder)b).Order = -1);
        app.MapPost("/logout", async (HttpContext http) => { await WebSetup.SignOutUserAsync(http); return Results.Redirect("/"); })
            .RequireAuthorization(BasiraPolicies.SignedIn).RequireAntiforgeryToken().ExcludeFromDescription();
        app.MapPost("/decisions/{id}/objections", FileObjection).RequireAuthorization(BasiraPolicies.SignedIn).ExcludeFromDescription();
        app.MapPost("/decisions/{id}/human-decision", HumanDecision).RequireAuthorization(BasiraPolicies.Decide).ExcludeFromDescription();
        app.MapPost("/objections/{id}/review", StartReview).RequireAuthorization(BasiraPolicies.SignedIn).RequireAntiforgeryToken().ExcludeFromDescription();
        app.MapPost("/objections/{id}/decide", Decide).RequireAuthorization(BasiraPolicies.SignedIn).ExcludeFromDescription();
        app.MapWarningPageForms();
        return app;
    }

    /// <summary>
    /// True for a path on this site: one leading '/', not "//" or "/\" (which browsers read as another host), no control
    /// characters. Anything else is never used as a redirect target.
    /// </summary>
    internal static bool IsLocalPath([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl);

    /// <summary>An error page (document, layout, refusal) in the reader's language with its status.</summary>
    internal static RazorComponentResult<ErrorDocument> ErrorPage(int status, string? reason = null, string? back = null) =>
        new(new Dictionary<string, object?> { ["Status"] = status, ["Reason"] = reason, ["Back"] = back }) { StatusCode = status };

    private static async Task<IResult> Login(HttpContext http, UserStore users, [FromForm] string username, [FromForm] string password)
    {
        // The return path comes from the form (hidden field) or, for older links, the query string.
        var returnUrl = http.Request.Form["returnUrl"].FirstOrDefault() ?? http.Request.Query["returnUrl"].FirstOrDefault();
        var attempt = users.Attempt(username, password);
        if (attempt.Account is not { } u)
            return Results.Redirect($"/login?failed={(attempt.LockedOut ? "locked" : "1")}"
                + (IsLocalPath(returnUrl) ? "&returnUrl=" + Uri.EscapeDataString(returnUrl) : ""));
        await WebSetup.SignInUserAsync(http, u);
        // The home page is the role's own (Components/Pages/Home), unless the sign-in was asked for by another page.
        return Results.LocalRedirect(IsLocalPath(returnUrl) ? returnUrl : "/");
    }

    private static IResult FileObjection(HttpContext http, ObjectionService svc, string id, [FromForm] string grounds, [FromForm] string statement,
        [FromForm] string? channel) => Guarded($"/decisions/{Uri.EscapeDataString(id)}", () =>
    {
        var p = http.GetPrincipal()!;
        // Someone who is not the person concerned (an administrator) records an objection received offline and names
        // its channel; the person's own is "web". The workflow checks who may file.
        var o = svc.File(p, id, grounds, statement, p.Subject is null ? channel ?? ObjectionChannels.Web : ObjectionChannels.Web);
        o = svc.Acknowledge(o.Id);
        return Results.Redirect($"/decisions/{Uri.EscapeDataString(id)}?receipt={Uri.EscapeDataString(o.Receipt)}");
    });

    private static IResult HumanDecision(HttpContext http, DecisionStore store, string id, [FromForm] bool confirm, [FromForm] string reason)
    {
        var back = $"/decisions/{Uri.EscapeDataString(id)}";
        return Guarded(back, () =>
        {
            try
            {
                return store.RecordHumanDecision(http.GetPrincipal()!, id, confirm, reason) is null ? ErrorPage(404) : Results.Redirect(back);
            }
            catch (WorkflowException)
            {
                // The outcome follows the human review once an objection is open or reviewed: said in the reader's words.
                var l = http.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>();
                return ErrorPage(409, l["hd_locked"], back);
            }
        });
    }

    private static IResult StartReview(HttpContext http, ObjectionService svc, string id) => Guarded("/objections", () =>
    {
        svc.StartReview(http.GetPrincipal()!, id);
        return Results.Redirect("/objections");
    });

    private static IResult Decide(HttpContext http, ObjectionService svc, string id, [FromForm] string outcome, [FromForm] string reasoning,
        [FromForm] string? corrections, [FromForm] bool? noErrorFound, [FromForm] string? modifiedOutcome) => Guarded("/objections", () =>
    {
        // "feature=value" per line: the rectified data of a data-error objection; the decision is re-scored with them.
        var fixes = (corrections ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('=', 2, StringSplitOptions.TrimEntries))
            .GroupBy(p => p[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last() is { Length: > 1 } p && p[1].Length > 0 ? p[1] : null, StringComparer.Ordinal);
        // A data-error objection needs the rectified data or the reviewer's "no error found" (else 400).
        // "modified" takes the outcome the reviewer chose, or (empty) the one the rectified data give.
        svc.Decide(http.GetPrincipal()!, id, outcome, reasoning, fixes.Count > 0 ? fixes : null,
            modifiedOutcome: outcome == ReviewOutcomes.Modified && !string.IsNullOrEmpty(modifiedOutcome) ? modifiedOutcome : null, noErrorFound: noErrorFound == true);
        return Results.Redirect("/objections");
    });

    /// <summary>
    /// A page action whose refusal is a page in the reader's language: bad input 400 and refused step 409 with their
    /// reason, not allowed 403, not found 404 (these two say no more than that).
    /// </summary>
    internal static IResult Guarded(string back, Func<IResult> action)
    {
        try { return action(); }
        catch (Exception e) when (WebSetup.ExpectedFailure(e) is { } failure)
        {
            return ErrorPage(failure.Status, failure.Status is 400 or 409 ? e.Message : null, back);
        }
    }
}

/// <summary>
/// A page (anything outside /api) that the caller's policies do not allow answers with the 403 page in the reader's
/// language; everything else (sign-in challenge, API answers) is the framework's default.
/// </summary>
internal sealed class PageAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.User.Identity?.IsAuthenticated == true && !context.Request.Path.StartsWithSegments("/api"))
        {
            await PagesSetup.ErrorPage(StatusCodes.Status403Forbidden).ExecuteAsync(context);
            return;
        }
        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
