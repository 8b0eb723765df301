using Basira.Governance.Access;
using Basira.Governance.Models;
using Basira.Governance.Privacy;
using Basira.Jobs.Guidance;
using Basira.Jobs.Market;
using Basira.Jobs.Matching;
using Basira.Jobs.Training;

namespace Basira.Server.Demo;

/// <summary>What the employment part of the demo created.</summary>
/// <param name="SeekerSubject">The pseudonym of the demo job seeker's account (chercheur1).</param>
/// <param name="EmployerId">The demo employer's id (employeur), who has several open offers.</param>
/// <param name="OfferId">One of the demo employer's open offers.</param>
public sealed record JobsDemoReport(int Seekers, int Offers, string SeekerSubject, string EmployerId, string OfferId, string Agency, string ExposureAudit);

/// <summary>
/// The employment part of the demo: a SYNTHETIC labour market sent through the real ingestion path (events stored, then
/// the live market), the rules of matching, training and guidance registered, an exposure audit, and three accounts: a
/// job seeker, the counsellor of the Casablanca agency and an employer.
/// </summary>
public static class JobsDemo
{
    public const string Agency = "AG-CAS";

    /// <returns>Null when the host has no jobs module.</returns>
    public static JobsDemoReport? Seed(IServiceProvider sp, Action<string> log, Action<string, string, string, string, string?, string?, string> addAccount,
        int seekers = 1500, int offers = 250)
    {
        if (sp.GetService<MarketState>() is not { } market) return null;
        var validator = sp.GetRequiredService<MarketEventValidator>();
        var ingestor = sp.GetRequiredService<MarketIngestor>();
        var pseudonymiser = sp.GetRequiredService<Pseudonymiser>();
        _ = sp.GetRequiredService<GuidanceService>(); // follows seekers from the first event on
        var synth = new SyntheticMarket(market.Graph, market.Geography);
        log($"demo: a synthetic labour market of {seekers} job seekers and {offers} offers, sent as events");
        var people = synth.Seekers(seekers, 2026).ToList();
        var jobs = synth.Offers(offers, 2026, employers: 40).ToList();
        var at = DateTimeOffset.UtcNow.AddHours(-1);
        var events = people.Select((s, i) => synth.Registered(s, $"DEMO-S{i:D5}", $"demo-s-{i:D5}", 1, at))
            .Concat(jobs.Select((o, i) => synth.Posted(o, $"demo-o-{i:D5}", 1, at))).ToList();
        foreach (var batch in events.Chunk(MarketEventValidator.MaxBatch))
            ingestor.SubmitAsync(validator.Validate(new MarketEventBatch(batch)), "demo").GetAwaiter().GetResult();

        var models = sp.GetRequiredService<ModelStore>();
        var matching = sp.GetRequiredService<MatchingService>();
        sp.GetRequiredService<TrainingService>().Rule();
        sp.GetRequiredService<GuidanceService>().Rule();
        var audit = ExposureAudit.Run(market, models, matching.Rule(), MatchingService.DefaultK, "demo");
        log($"demo: exposure audit of the candidate rankings by sex and region: {audit.Status}");

        var seekerIndex = people.FindIndex(s => market.Geography.Places[s.Province].Province == "MA-CAS" && s.Mobility == MobilityLevel.Region && s.Occupations.Length > 0);
        if (seekerIndex < 0) seekerIndex = 0;
        var subject = pseudonymiser.Pseudonymise(MarketEventValidator.SeekerDomain, $"DEMO-S{seekerIndex:D5}");
        var employer = jobs.GroupBy(o => o.EmployerId).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First();
        addAccount("chercheur1", "Demandeur d'emploi (démo)", Roles.Citizen, ScopeKinds.Self, null, subject, "job seeker: plan, offers, training, notices");
        addAccount("conseiller", "Conseiller emploi, agence de Casablanca", Roles.Counsellor, ScopeKinds.Agency, Agency, null, "the seekers and offers of agency " + Agency);
        addAccount("employeur", "Employeur (démo)", Roles.Employer, ScopeKinds.Employer, employer.Key, null, $"the offers of {employer.Key} and their shortlists");
        return new JobsDemoReport(seekers, offers, subject, employer.Key, employer.OrderBy(o => o.Id, StringComparer.Ordinal).First().Id, Agency, audit.Status);
    }
}
