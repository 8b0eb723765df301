using Basira.Governance;
using Basira.Governance.Web;
using Basira.Jobs.Esco;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Basira.Jobs.Linking;

/// <summary>The linking routes of the jobs API: <c>GET /api/jobs/normalize</c>.</summary>
public static class LinkingEndpoints
{
    /// <summary>A title's candidates as the API returns them, with the attribution ESCO's terms ask for.</summary>
    public sealed record NormalizeResponse(string Title, string Cleaned, IReadOnlyList<LinkCandidate> Candidates, string EscoVersion, string Attribution);

    public static RouteGroupBuilder MapLinkingEndpoints(this RouteGroupBuilder g)
    {
        g.MapGet("/normalize", Ok<NormalizeResponse> (string? title, int? top, string? lang) =>
            {
                if (string.IsNullOrWhiteSpace(title)) throw new DataInputException(null, null, "title", "give a job title: ?title=…");
                var language = lang ?? "fr";
                if (language is not ("fr" or "ar" or "en")) throw new DataInputException(null, null, "lang", "lang must be fr, ar or en");
                var r = OccupationLinker.Shared.Link(title, top ?? 5, language);
                return TypedResults.Ok(new NormalizeResponse(r.Title, r.Cleaned, r.Candidates, EscoClassification.Version, EscoClassification.Attribution));
            })
            .WithName("NormalizeJobTitle")
            .WithSummary("Links a free-text job title (French, Arabic or English, as written in an offer) to ranked ESCO occupations.")
            .WithDescription("Any signed-in user. Fully local: no call leaves the server. 400 for an empty or over-long title, a top outside 1–100 or an unknown lang.")
            .ProducesProblems(400);
        return g;
    }
}
