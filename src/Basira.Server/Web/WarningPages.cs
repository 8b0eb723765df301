using Basira.Education.Warning;
using Basira.Governance.Access;
using Basira.Governance.Web;
using Microsoft.AspNetCore.Mvc;

namespace Basira.Server.Web;

/// <summary>
/// The forms of the school's early-warning list (Components/Pages/Education/SchoolWarningList.razor): open, follow up and
/// close an intervention case (POST, then back to the list). Refusals are pages in the reader's language (<see cref="PagesSetup.Guarded"/>).
/// </summary>
internal static class WarningPages
{
    private const string List = "/education/early-warning/school";

    public static IEndpointRouteBuilder MapWarningPageForms(this IEndpointRouteBuilder app)
    {
        app.MapPost("/education/early-warning/decisions/{id}/case", Open).RequireAuthorization(BasiraPolicies.Decide).ExcludeFromDescription();
        app.MapPost("/education/early-warning/decisions/{id}/case/follow-up", FollowUp).RequireAuthorization(BasiraPolicies.Decide).ExcludeFromDescription();
        app.MapPost("/education/early-warning/decisions/{id}/case/close", Close).RequireAuthorization(BasiraPolicies.Decide).ExcludeFromDescription();
        return app;
    }

    /// <summary>The list the case belongs to (an administrator's list names its school), at the pupil's row.</summary>
    private static IResult Back(HttpContext http, InterventionCase? k, string id) => k is null
        ? PagesSetup.ErrorPage(StatusCodes.Status404NotFound)
        : Results.Redirect(List + (http.GetPrincipal()!.Role == Roles.Admin ? "?school=" + Uri.EscapeDataString(k.SchoolId) : "") + "#pupil-" + Uri.EscapeDataString(id));

    private static IResult Open(HttpContext http, InterventionCaseService cases, string id, [FromForm] string action, [FromForm] string? note) =>
        PagesSetup.Guarded(List, () => Back(http, cases.Open(http.GetPrincipal()!, id, action, note), id));

    private static IResult FollowUp(HttpContext http, InterventionCaseService cases, string id, [FromForm] string note, [FromForm] string? action) =>
        PagesSetup.Guarded(List, () => Back(http, cases.FollowUp(http.GetPrincipal()!, id, note, string.IsNullOrEmpty(action) ? null : action), id));

    private static IResult Close(HttpContext http, InterventionCaseService cases, string id, [FromForm] string outcome, [FromForm] string? note) =>
        PagesSetup.Guarded(List, () => Back(http, cases.Close(http.GetPrincipal()!, id, outcome, note), id));
}
