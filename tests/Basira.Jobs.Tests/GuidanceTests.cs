using Basira.Governance.Decisions;
using Basira.Governance.Models;
using Basira.Jobs.Guidance;
using Basira.Jobs.Market;
using Basira.Jobs.Matching;

namespace Basira.Jobs.Tests;

/// <summary>The guidance agent: paths from the skill graph, a plan in three languages, governed proposals, notifications when the market moves.</summary>
public sealed class GuidanceTests : IDisposable
{
    private readonly JobsHost _host = new();

    private SeekerProfile SeekerOf(IReadOnlyList<SeekerProfile> seekers) =>
        seekers.First(s => s.Mobility != MobilityLevel.Province && s.Occupations.Length == 1);

    [Fact]
    public void Paths_are_the_occupations_closest_to_the_seekers_skills_each_a_decision_with_exact_contributions()
    {
        var (seekers, _) = _host.Seed(seekers: 600, offers: 120);
        var s = SeekerOf(seekers);
        var plan = _host.Get<GuidanceService>().PlanFor(JobsHost.Citizen(s.Subject), s.Subject)!;
        var g = _host.Market.Graph;
        Assert.Equal(GuidanceService.Paths, plan.NextOccupations.Count);
        Assert.True(plan.NextOccupations.Zip(plan.NextOccupations.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        var decisions = _host.Get<DecisionStore>();
        foreach (var p in plan.NextOccupations)
        {
            var occ = g.Occupation(p.OccupationId)!.Value;
            Assert.DoesNotContain(occ, s.Occupations);
            Assert.Equal(g.EssentialOf(occ).Where(k => !SkillGraph.Has(s.Skills, k)).Select(k => g.SkillIds[k]), p.Missing.Select(m => m.Id));
            var d = decisions.Get(JobsHost.Citizen(s.Subject), p.DecisionId, "test")!;
            Assert.Equal(CareerPathAlgorithm.Id, d.Algorithm);
            Assert.Equal(d.RawScore, d.Contributions.Sum(c => c.Value), 9);
            // the plan shows the score rounded to 6 decimals: compare within a tolerance, not by rounding both sides to 5
            // decimals (0.043175 and 0.0431746 round apart)
            Assert.True(Math.Abs(p.Score - d.RawScore) <= 1e-5, $"{p.Score} vs {d.RawScore}");
            Assert.Equal(p.Rank, d.RankPosition);
        }
        // No other occupation scores better than the last one proposed.
        var all = _host.Get<GuidanceService>().Rank(s, _host.Market.Graph.OccupationCount);
        Assert.Equal(plan.NextOccupations.Select(p => p.OccupationId), all.Take(GuidanceService.Paths).Select(r => g.OccupationIds[r.Occupation]));
    }

    [Theory]
    [InlineData("fr", "ltr", "Ce plan est une proposition")]
    [InlineData("ar", "rtl", "هذا المخطط اقتراح")]
    [InlineData("en", "ltr", "This plan is a proposal")]
    public void The_plan_is_written_in_plain_words_in_the_readers_language(string lang, string dir, string closing)
    {
        var (seekers, _) = _host.Seed(seekers: 600, offers: 120);
        var s = SeekerOf(seekers);
        var plan = _host.Get<GuidanceService>().PlanFor(JobsHost.Citizen(s.Subject), s.Subject, lang)!;
        Assert.Equal(dir, plan.Direction);
        Assert.Equal(closing, plan.Text[^1][..closing.Length]);
        Assert.Contains(plan.Text, t => t.Contains(plan.NextOccupations[0].Occupation, StringComparison.Ordinal));
        if (lang == "ar") Assert.All(plan.Text, t => Assert.True(FeatureValueWordsCheck.HasArabicScript(t)));
        Assert.All(plan.Text, t => Assert.DoesNotContain("{", t, StringComparison.Ordinal));
    }

    [Fact]
    public void Showing_the_plan_again_keeps_its_recorded_proposals_and_its_words_pass_the_checks()
    {
        var (seekers, _) = _host.Seed(seekers: 600, offers: 120);
        var s = SeekerOf(seekers);
        var svc = _host.Get<GuidanceService>();
        var first = svc.PlanFor(JobsHost.Citizen(s.Subject), s.Subject)!;
        var again = svc.PlanFor(JobsHost.Citizen(s.Subject), s.Subject)!;
        Assert.Equal(first.NextOccupations.Select(p => p.DecisionId), again.NextOccupations.Select(p => p.DecisionId));
        var decisions = _host.Get<DecisionStore>();
        var values = CareerPathAlgorithm.Features.ToDictionary(f => f, f => (IReadOnlyCollection<string>)first.NextOccupations
            .Select(p => decisions.Get(JobsHost.Citizen(s.Subject), p.DecisionId, "t")!.Inputs.Single(i => i.Feature == f).Value!).ToList());
        ((List<string>)values["demand"]).Add("positions=0;offers=0");
        var a = _host.Get<IEnumerable<AlgorithmDescriptor>>().Single(x => x.Algorithm == CareerPathAlgorithm.Id);
        Assert.Empty(FeatureValueWordsCheck.Problems(a, values));
        Assert.Null(svc.PlanFor(JobsHost.Citizen("someone-else"), s.Subject));
        Assert.Null(svc.PlanFor(JobsHost.Employer("E"), s.Subject));
    }

    [Fact]
    public async Task A_followed_seeker_is_notified_when_a_matching_offer_opens_and_the_next_plan_says_so()
    {
        var (seekers, _) = _host.Seed(seekers: 300, offers: 30);
        var s = SeekerOf(seekers);
        var svc = _host.Get<GuidanceService>();
        svc.PlanFor(JobsHost.Citizen(s.Subject), s.Subject);
        Assert.Equal(1, svc.Followed);
        var g = _host.Market.Graph;
        var occ = s.Occupations[0];
        // An offer for the seeker's own occupation, in their province, asking for the skills they have.
        var offer = new MarketEventInput("new-1", MarketEventTypes.OfferPosted, DateTimeOffset.UtcNow.AddMinutes(-1), 1,
            new OfferInput("NEW-OFFER", "Offre toute fraîche", g.OccupationIds[occ], "EMP-9", Province: _host.Market.Geography.Places[s.Province].Province,
                EssentialSkills: [.. s.Skills.Where(k => g.EssentialOf(occ).Contains(k)).Select(k => g.SkillIds[k])]));
        var far = offer with { EventId = "new-2", Offer = offer.Offer! with { OfferId = "OTHER-OFFER", Occupation = g.OccupationIds[(occ + 1) % g.OccupationCount], EssentialSkills = null } };
        var events = _host.Get<MarketEventValidator>().Validate(new MarketEventBatch([offer, far]));
        await _host.Get<MarketIngestor>().SubmitAsync(events, "test");
        await svc.DrainAsync();
        var notes = svc.NotificationsFor(JobsHost.Citizen(s.Subject), s.Subject)!;
        var note = Assert.Single(notes, n => n.OfferId == "NEW-OFFER");
        Assert.True(note.Score >= MatchScorer.Threshold);
        var plan = svc.PlanFor(JobsHost.Citizen(s.Subject), s.Subject)!;
        Assert.StartsWith("Nouveau depuis votre dernière visite", plan.Text[0], StringComparison.Ordinal);
        Assert.Contains(plan.Offers!.Offers, o => o.OfferId == "NEW-OFFER");
        // Nobody else was notified: nobody else follows their plan.
        Assert.Null(svc.NotificationsFor(JobsHost.Citizen("x"), seekers.First(x => x.Subject != s.Subject).Subject));
    }

    public void Dispose() => _host.Dispose();
}
