using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Basira.Governance;
using Basira.Governance.Access;
using Basira.Governance.Models;
using Basira.Governance.Notices;
using Basira.Governance.Web;
using Basira.Jobs.Guidance;
using Basira.Jobs.Matching;
using Basira.Jobs.Training;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Basira.Jobs.Market;

/// <summary>
/// Services and routes of the matching, live market, training and guidance part of the jobs module (called by
/// <see cref="JobsModule"/>). The occupation–skill graph is the full ESCO classification shipped with the module unless
/// the host registered a <see cref="SkillGraph"/> first; the geography is the built-in table unless a
/// <see cref="MarketGeography"/> was.
/// </summary>
/// <summary>An exposure audit: <paramref name="K"/> candidates shown per offer (1 to 50).</summary>
public sealed record ExposureAuditRequest(int K = MatchingService.DefaultK);

internal static class MarketModule
{
    public static IServiceCollection AddMarketServices(this IServiceCollection s)
    {
        s.TryAddSingleton(_ => EscoSubset.FullGraph);
        s.TryAddSingleton(_ => MarketGeography.BuiltIn);
        s.AddSingleton<MarketStore>();
        s.AddSingleton(sp => sp.GetRequiredService<MarketStore>().LoadState());
        s.AddSingleton<MarketEventValidator>();
        s.AddSingleton<MarketIngestor>();
        s.AddSingleton<MarketFeed>();
        s.AddSingleton<MatchingService>();
        s.AddSingleton<MatchingRescorer>();
        s.AddSingleton<Basira.Governance.Objections.IRescorer>(sp => sp.GetRequiredService<MatchingRescorer>());
        s.AddSingleton(sp => MatchingAlgorithm.Descriptor(sp.GetRequiredService<SkillGraph>(), sp.GetRequiredService<MarketGeography>()));
        s.TryAddSingleton(sp => TrainingCatalog.Synthetic(sp.GetRequiredService<SkillGraph>(), sp.GetRequiredService<MarketGeography>()));
        s.AddSingleton<TrainingService>();
        s.AddSingleton(sp => TrainingAlgorithm.Descriptor(sp.GetRequiredService<TrainingCatalog>(), sp.GetRequiredService<SkillGraph>(), sp.GetRequiredService<MarketGeography>()));
        s.AddSingleton<GuidanceService>();
        s.AddSingleton(sp => CareerPathAlgorithm.Descriptor(sp.GetRequiredService<SkillGraph>(), sp.GetRequiredService<MarketGeography>()));
        return s;
    }

    private static string Lang(string? lang) => NoticeBuilder.NormalizeLanguage(lang);

    private static string? Region(MarketGeography g, string? region) =>
        region is null or "" ? null
        : region == MarketState.RemoteRegion || g.Regions.Contains(region, StringComparer.Ordinal) ? region
        : throw new DataInputException(null, null, "region", $"unknown region '{(region.Length > 20 ? region[..20] : region)}' (MA-01 … MA-12 or remote)");

    public static RouteGroupBuilder MapMarketEndpoints(this RouteGroupBuilder jobs)
    {
        jobs.MapPost("/events", async Task<Ok<IngestResult>> (HttpContext http, MarketEventValidator validator, MarketIngestor ingestor, MarketEventBatch batch, CancellationToken ct) =>
        {
            var who = http.GetPrincipal()!;
            var events = validator.Validate(batch);
            ingestor.Authorize(who, events);
            return TypedResults.Ok(await ingestor.SubmitAsync(events, who.Username, ct));
        }).WithName("PostMarketEvents").WithSummary("Sends labour-market events (offers posted, filled or withdrawn; seekers registered, updated or placed).")
            .WithDescription("Each event is stored before the answer (nothing acknowledged is lost), idempotent by event_id (a replay changes nothing: " +
                "outcome duplicate) and ordered per offer or seeker by version (an older version is kept but changes nothing: outcome superseded). " +
                "A batch is stored all or nothing: a bad event is a 400 naming its JSON path, an event id already used for another content a 409, " +
                "an event about an offer or seeker outside the sender's scope a 403.")
            .RequireAuthorization(BasiraPolicies.JobsEvents).ProducesProblems(400, 403, 409);

        jobs.MapGet("/market", Ok<MarketSnapshot> (MarketState market, string? region, string? lang, int? limit) =>
            TypedResults.Ok(market.Snapshot(Region(market.Geography, region), limit: Math.Clamp(limit ?? 200, 1, 2000), lang: Lang(lang))))
            .WithName("GetLabourMarket").WithSummary("The live market by occupation and region: open offers, positions, active seekers, tension and skill gaps.")
            .RequireAuthorization(BasiraPolicies.JobsMarket).ProducesProblems(400);

        jobs.MapGet("/market/stream", ServerSentEventsResult<MarketUpdate> (HttpContext http, MarketState market, MarketFeed feed, string? region, string? lang, CancellationToken ct) =>
            TypedResults.ServerSentEvents(Stream(feed, Region(market.Geography, region), Lang(lang),
                http.Request.Headers.Accept.Any(a => a?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true), ct)))
            .WithName("StreamLabourMarket").WithSummary("The live market as server-sent events: a snapshot, then the cells that changed (every 200 ms while the market moves).")
            .WithDescription("A client that asks for text/event-stream (an EventSource) follows the market until it leaves; any other gets the snapshot event alone and the stream ends.")
            .RequireAuthorization(BasiraPolicies.JobsMarket).ProducesProblems(400);

        jobs.MapGet("/seekers/{id}/offers", Results<Ok<SeekerRanking>, NotFound> (HttpContext http, MatchingService matching, string id, int? k, string? lang) =>
            matching.OffersFor(http.GetPrincipal()!, id, k ?? MatchingService.DefaultK, Lang(lang)) is { } r ? TypedResults.Ok(r) : TypedResults.NotFound())
            .WithName("GetSeekerOffers").WithSummary("The offers ranked for a seeker; each line is a recorded decision with its explanation (notice and objection under /api/governance/decisions/{id}).")
            .WithDescription("The seeker (their citizen account), a counsellor in scope or an administrator; anyone else gets 404.")
            .RequireAuthorization(BasiraPolicies.SignedIn).ProducesProblems(404);

        jobs.MapGet("/offers/{id}/candidates", Results<Ok<OfferRanking>, NotFound> (HttpContext http, MatchingService matching, string id, int? k, string? lang) =>
            matching.CandidatesFor(http.GetPrincipal()!, id, k ?? MatchingService.DefaultK, Lang(lang)) is { } r ? TypedResults.Ok(r) : TypedResults.NotFound())
            .WithName("GetOfferCandidates").WithSummary("The qualified seekers ranked for an offer (pseudonymised); each line is a recorded decision about that seeker.")
            .WithDescription("The offer's employer, a counsellor in scope (who sees the candidates of their scope) or an administrator; anyone else gets 404.")
            .RequireAuthorization(BasiraPolicies.SignedIn).ProducesProblems(404);

        jobs.MapGet("/seekers/{id}/training", Results<Ok<TrainingPlan>, NotFound> (HttpContext http, TrainingService training, string id, string? offers, string? occupation, string? lang) =>
            training.PlanFor(http.GetPrincipal()!, id, offers?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), occupation, Lang(lang)) is { } p
                ? TypedResults.Ok(p) : TypedResults.NotFound())
            .WithName("GetTrainingPlan").WithSummary("The smallest set of reachable trainings closing a seeker's skill gap to target offers or an occupation, with the gain in reachable offers.")
            .WithDescription("offers: comma-separated open offer ids; occupation: an ESCO URI; default the seeker's main occupation. A plan with courses is a recorded decision. " +
                "The seeker, a counsellor in scope or an administrator; anyone else gets 404.")
            .RequireAuthorization(BasiraPolicies.SignedIn).ProducesProblems(400, 404);

        jobs.MapGet("/seekers/{id}/plan", Results<Ok<GuidancePlan>, NotFound> (HttpContext http, GuidanceService guidance, string id, string? lang) =>
            guidance.PlanFor(http.GetPrincipal()!, id, Lang(lang)) is { } p ? TypedResults.Ok(p) : TypedResults.NotFound())
            .WithName("GetGuidancePlan").WithSummary("The seeker's personal plan in plain words: offers now, next occupations (each a recorded decision), the training for the first.")
            .WithDescription("The seeker (whose viewing also subscribes them to notifications of new matching offers), a counsellor in scope or an administrator; anyone else gets 404.")
            .RequireAuthorization(BasiraPolicies.SignedIn).ProducesProblems(404);

        jobs.MapGet("/seekers/{id}/notifications", Results<Ok<IReadOnlyList<GuidanceNotification>>, NotFound> (HttpContext http, GuidanceService guidance, string id) =>
            guidance.NotificationsFor(http.GetPrincipal()!, id) is { } n ? TypedResults.Ok(n) : TypedResults.NotFound())
            .WithName("GetGuidanceNotifications").WithSummary("The seeker's latest notifications (new offers matching them since they follow their plan).")
            .RequireAuthorization(BasiraPolicies.SignedIn).ProducesProblems(404);

        jobs.MapPost("/matching/exposure-audit", Ok<ExposureAuditResult> (HttpContext http, MarketState market, ModelStore models, MatchingService matching, ExposureAuditRequest request) =>
        {
            if (request.K is < 1 or > MatchingService.MaxK)
                throw new DataInputException(null, null, "$.k", $"k is the number of candidates shown per offer, 1 to {MatchingService.MaxK}");
            return TypedResults.Ok(ExposureAudit.Run(market, models, matching.Rule(), request.K, http.GetPrincipal()!.Username));
        }).WithName("RunExposureAudit").WithSummary("Audits the exposure of the candidate rankings by sex and region (top-k share vs qualified share) and stores it with the rule.")
            .RequireAuthorization(BasiraPolicies.Audit).ProducesProblems(400);
        return jobs;
    }

    private static async IAsyncEnumerable<SseItem<MarketUpdate>> Stream(MarketFeed feed, string? region, string lang, bool follow, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var u in feed.Subscribe(region, lang, ct))
        {
            yield return new SseItem<MarketUpdate>(u, u.Kind) { EventId = u.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            if (!follow) yield break;
        }
    }
}
