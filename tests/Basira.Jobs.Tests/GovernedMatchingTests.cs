using System.Text.Json.Nodes;
using Basira.Governance;
using Basira.Governance.Access;
using Basira.Governance.Storage;
using Basira.Governance.Decisions;
using Basira.Governance.Models;
using Basira.Governance.Notices;
using Basira.Governance.Objections;
using Basira.Jobs.Matching;

namespace Basira.Jobs.Tests;

/// <summary>Every ranking shown is a governed decision: recorded, explained exactly, noticed in fr/ar/en, contestable, audited.</summary>
public abstract class GovernedMatchingContract : IDisposable
{
    private JobsHost? _host;
    protected abstract string? ConnectionString { get; }
    protected JobsHost Host => _host ??= new JobsHost(ConnectionString);

    private (SeekerProfile Seeker, SeekerRanking Ranking) SeekerWithOffers()
    {
        var (seekers, _) = Host.Seed();
        var svc = Host.Get<MatchingService>();
        foreach (var s in seekers)
        {
            var r = svc.OffersFor(JobsHost.Citizen(s.Subject), s.Subject, 5);
            if (r is { Offers.Count: >= 3 }) return (s, r);
        }
        throw new InvalidOperationException("no seeker with three offers in the synthetic market");
    }

    [Fact]
    public void A_seekers_ranking_is_recorded_one_decision_per_offer_with_exact_contributions_and_skills()
    {
        var (seeker, ranking) = SeekerWithOffers();
        var decisions = Host.Get<DecisionStore>();
        Assert.False(ranking.Reused);
        Assert.Equal(Enumerable.Range(1, ranking.Offers.Count), ranking.Offers.Select(o => o.Rank));
        Assert.True(ranking.Offers.Zip(ranking.Offers.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        foreach (var line in ranking.Offers)
        {
            var d = decisions.Get(JobsHost.Citizen(seeker.Subject), line.DecisionId, "test")!;
            Assert.Equal(seeker.Subject, d.Subject);
            Assert.Equal(MatchingAlgorithm.Id, d.Algorithm);
            Assert.Equal(line.Rank, d.RankPosition);
            Assert.Equal(AutomationLevels.ModelInformsOnly, d.AutomationLevel);
            Assert.Equal(0, d.Baseline);
            Assert.Equal(line.Score, d.RawScore, 12);
            Assert.Equal(d.RawScore, d.Contributions.Sum(c => c.Value), 9);
            Assert.True(line.Score >= MatchScorer.Threshold);
            Assert.Equal(MatchScorer.Features, d.Inputs.Select(i => i.Feature));
            Assert.Equal(new[] { "sex", "region" }, d.Groups.Keys);
            // The record keeps the matched and missing skills the page shows, by ESCO identifier.
            var ess = MatchInputs.Parse(d.Inputs[0].Value!);
            Assert.Equal(line.MatchedEssential.Select(s => s.Id), MatchInputs.List(ess, "matched"));
            Assert.Equal(line.MissingEssential.Select(s => s.Id), MatchInputs.List(ess, "missing"));
            Assert.Equal(line.Factors.Select(f => f.Contribution), d.Contributions.Select(c => c.Value));
            Assert.Equal(Host.Market.Index.Offer(line.OfferId)!.Essential.Length, line.MatchedEssential.Count + line.MissingEssential.Count);
        }
    }

    [Fact]
    public void Showing_the_same_ranking_again_records_nothing_new_and_a_change_records_a_new_one()
    {
        var (seeker, first) = SeekerWithOffers();
        var svc = Host.Get<MatchingService>();
        var decisions = Host.Get<DecisionStore>();
        var before = decisions.Count(MatchingAlgorithm.Id);
        var again = svc.OffersFor(JobsHost.Citizen(seeker.Subject), seeker.Subject, 5)!;
        Assert.True(again.Reused);
        Assert.Equal(first.RankingId, again.RankingId);
        Assert.Equal(first.Offers.Select(o => o.DecisionId), again.Offers.Select(o => o.DecisionId));
        Assert.Equal(before, decisions.Count(MatchingAlgorithm.Id));
        // The seeker learns a missing skill: the explanation changes, so a new ranking is recorded.
        var missing = first.Offers[0].MissingEssential.Concat(first.Offers[0].MissingOptional).First().Id;
        var learnt = seeker with { Skills = [.. seeker.Skills.Append(Host.Market.Graph.Skill(missing)!.Value).Order()] };
        Host.Market.Apply(seeker, learnt);
        var changed = svc.OffersFor(JobsHost.Citizen(seeker.Subject), seeker.Subject, 5)!;
        Assert.False(changed.Reused);
        Assert.NotEqual(first.RankingId, changed.RankingId);
        Assert.True(decisions.Count(MatchingAlgorithm.Id) > before);
    }

    [Fact]
    public void Rankings_are_visible_only_in_scope()
    {
        var (seekers, offers) = Host.Seed();
        var svc = Host.Get<MatchingService>();
        var s = seekers[0];
        Assert.Null(svc.OffersFor(JobsHost.Citizen("SOMEONE-ELSE"), s.Subject));
        Assert.Null(svc.OffersFor(JobsHost.Counsellor("AG-NOWHERE"), s.Subject));
        Assert.Null(svc.OffersFor(JobsHost.Employer("ANY"), s.Subject));
        Assert.Null(svc.OffersFor(JobsHost.Analyst, s.Subject));
        Assert.NotNull(svc.OffersFor(JobsHost.Counsellor(s.Agency), s.Subject));
        Assert.NotNull(svc.OffersFor(JobsHost.Admin, s.Subject));
        Assert.Null(svc.OffersFor(JobsHost.Admin, "NO-SUCH-SEEKER"));
        var o = offers[0];
        Assert.NotNull(svc.CandidatesFor(JobsHost.Employer(o.EmployerId), o.Id));
        Assert.Null(svc.CandidatesFor(JobsHost.Employer(o.EmployerId + "-other"), o.Id));
        Assert.Null(svc.CandidatesFor(JobsHost.Citizen(seekers[1].Subject), o.Id));
        Assert.Null(svc.CandidatesFor(JobsHost.Counsellor("AG-NOWHERE"), o.Id));
    }

    [Fact]
    public void An_employers_shortlist_is_a_decision_about_each_candidate_that_the_candidate_sees_and_may_object_to()
    {
        var (_, offers) = Host.Seed();
        var svc = Host.Get<MatchingService>();
        var ranking = offers.Select(o => svc.CandidatesFor(JobsHost.Employer(o.EmployerId), o.Id, 10)!).First(r => r.Candidates.Count >= 3);
        Assert.False(ranking.Search.FullScan);
        var first = ranking.Candidates[0];
        var decisions = Host.Get<DecisionStore>();
        var candidate = JobsHost.Citizen(first.Subject);
        var d = decisions.Get(candidate, first.DecisionId, "test")!;
        Assert.Equal(AutomationLevels.ModelRecommendsHumanDecides, d.AutomationLevel);
        Assert.StartsWith("employer:", d.Decider, StringComparison.Ordinal);
        // The employer never reads the candidate's decision record or notice (kernel rule), only the shortlist.
        Assert.Null(decisions.Get(JobsHost.Employer("x"), first.DecisionId, "test"));
        var objection = Host.Get<ObjectionService>().File(candidate, first.DecisionId, ObjectionGrounds.Unfair, "my experience is not counted", ObjectionChannels.Api);
        Assert.Equal(ObjectionStates.Filed, objection.State);
    }

    [Theory]
    [InlineData("fr", "score d'adéquation", "ltr")]
    [InlineData("ar", "نتيجة الملاءمة", "rtl")]
    [InlineData("en", "match score", "ltr")]
    public void The_notice_says_the_factors_skills_and_distance_in_the_readers_language(string lang, string scoreWords, string dir)
    {
        var (seeker, ranking) = SeekerWithOffers();
        var line = ranking.Offers[0];
        var d = Host.Get<DecisionStore>().Get(JobsHost.Citizen(seeker.Subject), line.DecisionId, "test")!;
        var a = Host.Get<IEnumerable<AlgorithmDescriptor>>().Single(x => x.Algorithm == MatchingAlgorithm.Id);
        var notice = NoticeBuilder.Build("L2", lang, d, a, Host.Get<ModelStore>().Get(d.ModelId), null, d.Outcome, [], "/x");
        Assert.Equal(dir, notice.Direction);
        Assert.Contains(notice.TopFactors, f => f.Sentence.Contains(scoreWords, StringComparison.Ordinal));
        Assert.Contains(scoreWords, notice.ModeOfContribution!, StringComparison.OrdinalIgnoreCase);
        var skills = notice.DataUsed!.Single(f => f.Feature == "essential_skills").ValueText!;
        Assert.Contains(line.MatchedEssential.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), skills, StringComparison.Ordinal);
        foreach (var missing in line.MissingEssential.Take(MatchValueWords.ListedSkills))
            Assert.Contains(Host.Market.Graph.SkillLabels[Host.Market.Graph.Skill(missing.Id)!.Value].In(lang), skills, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", string.Join(' ', notice.DataUsed!.Select(f => f.ValueText)), StringComparison.Ordinal);
        Assert.Equal(d.RawScore, notice.ParametersApplied!.SumOfContributions, 9);
    }

    [Fact]
    public void Every_value_the_matching_records_has_words_in_French_Arabic_and_English()
    {
        var (seeker, ranking) = SeekerWithOffers();
        var decisions = Host.Get<DecisionStore>();
        var values = MatchScorer.Features.ToDictionary(f => f, _ => (IReadOnlyCollection<string>)new List<string>());
        foreach (var line in ranking.Offers)
            foreach (var i in decisions.Get(JobsHost.Citizen(seeker.Subject), line.DecisionId, "t")!.Inputs)
                ((List<string>)values[i.Feature]).Add(i.Value!);
        ((List<string>)values["location"]).AddRange(["value=1;remote=true", "value=0;km=412;mobility=province;reachable=false", "value=0.6;km=120;mobility=region;reachable=true"]);
        ((List<string>)values["languages"]).AddRange(["matched=;missing=", "matched=;missing=en", "matched=fr|ar;missing="]);
        ((List<string>)values["experience"]).Add("years=0;required=0");
        Assert.Empty(FeatureValueWordsCheck.Problems(Host.Get<IEnumerable<AlgorithmDescriptor>>().Single(x => x.Algorithm == MatchingAlgorithm.Id), values));
    }

    [Fact]
    public void The_rule_is_registered_once_with_the_hash_of_its_published_definition()
    {
        var svc = Host.Get<MatchingService>();
        var rule = svc.Rule();
        Assert.Equal(rule.ContentHash, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(rule.Path))));
        Assert.StartsWith("rule-", rule.Version, StringComparison.Ordinal);
        Assert.Equal(rule.Id, Host.Get<ModelStore>().InUse(MatchingAlgorithm.Id)!.Id);
        var weights = JsonNode.Parse(File.ReadAllText(rule.Path))!["weights"]!.AsArray().Select(w => w!.GetValue<double>());
        Assert.Equal(MatchScorer.Weights, weights);
        Assert.Equal(1.0, MatchScorer.Weights.Sum(), 12);
    }

    [Fact]
    public void The_exposure_audit_compares_top_k_shares_with_qualified_shares_by_sex_and_region()
    {
        Host.Seed(seekers: 3000, offers: 80);
        var svc = Host.Get<MatchingService>();
        var result = ExposureAudit.Run(Host.Market, Host.Get<ModelStore>(), svc.Rule(), 10, "test");
        Assert.True(result.QualifiedPairs > 1000);
        Assert.NotEqual("not_assessable", result.Status);
        foreach (var attribute in new[] { "sex", "region" })
        {
            var groups = result.Groups.Where(g => g.Attribute == attribute).ToList();
            Assert.Equal(1.0, groups.Sum(g => g.QualifiedShare), 4);
            Assert.Equal(1.0, groups.Sum(g => g.TopKShare), 4);
            Assert.Equal(1.0, groups.Sum(g => g.ExposureShare), 4);
            // the shares are stored rounded to 6 decimals: compare the ratio within a tolerance, not by rounding both sides to 3
            // decimals (0.5315004 and 0.531497 round apart)
            Assert.All(groups, g => Assert.True(Math.Abs(g.TopKShare / g.QualifiedShare - g.TopKRatio!.Value) < 1e-3, $"{g.Group}: {g.TopKRatio}"));
        }
        var stored = Host.Get<ModelStore>().LatestAudit(MatchingAlgorithm.Id)!;
        Assert.Equal(result.Status, stored.Status);
        var report = JsonNode.Parse(stored.ReportJson)!;
        // The kernel's selection rate per group is the share of its qualified pairs shown; its ratio to the overall rate is the top-k ratio.
        var women = report["sex"]!["groups"]!.AsArray().Single(g => g!["key"]!.GetValue<string>() == "F")!;
        var f = result.Groups.Single(g => g.Attribute == "sex" && g.Group == "F");
        Assert.Equal((double)f.InTopK / f.Qualified, women["selection_rate"]!.GetValue<double>(), 9);
        Assert.NotNull(report["sex|region"]);
    }

    [Fact]
    public void An_exposure_skewed_against_a_group_fails_the_audit()
    {
        var graph = Host.Market.Graph;
        var geo = Host.Market.Geography;
        var occ = 0;
        var all = graph.EssentialOf(occ).ToArray();
        var p = geo.ProvinceIndex("MA-CAS")!.Value;
        // Women are qualified but always hold fewer skills than men, so men take every top-10 place.
        var seekers = Enumerable.Range(0, 200).Select(i => new SeekerProfile($"S{i:D3}", p, MobilityLevel.Province, null, 5,
            LanguageCodes.Mask(["fr", "ar"], "l"), i % 2 == 0 ? all : [.. all.Skip(2)], [occ], i % 2 == 0 ? "M" : "F", "AG-CAS")).ToList();
        var offers = Enumerable.Range(0, 5).Select(i => new OfferProfile($"O{i}", "t", "E", "AG-CAS", occ, p, all, [], 0, 0, 1)).ToList();
        Host.Market.Load(seekers, offers);
        var result = ExposureAudit.Compute(Host.Market, 10);
        Assert.Equal("fail", result.Status);
        var women = result.Groups.Single(g => g.Attribute == "sex" && g.Group == "F");
        Assert.Equal(0, women.InTopK);
        Assert.Equal(0, women.TopKRatio);
        Assert.Equal(0.5, women.QualifiedShare, 9);
    }

    [Fact]
    public void A_data_error_objection_rectifies_the_seekers_profile_and_rescores_the_decision()
    {
        var (seeker, ranking) = SeekerWithOffers();
        var line = ranking.Offers.First(o => o.Factors.Single(f => f.Feature == "experience").Value < 1 || o.Factors.Single(f => f.Feature == "languages").Value < 1
            || o.MissingEssential.Count > 0);
        var objections = Host.Get<ObjectionService>();
        var decisions = Host.Get<DecisionStore>();
        var o = objections.File(JobsHost.Citizen(seeker.Subject), line.DecisionId, ObjectionGrounds.DataError, "I hold these skills and speak English", ObjectionChannels.Api);
        objections.Acknowledge(o.Id);
        var province = Host.Market.Geography.Places[seeker.Province].Province;
        var reviewer = new Principal("u-rev", "reviewer-jobs", Roles.Reviewer, ScopeKinds.Province, province, null);
        objections.StartReview(reviewer, o.Id);
        // A correction of something that is not an input of the match is refused by name.
        var bad = Assert.Throws<DataInputException>(() => objections.Decide(reviewer, o.Id, ReviewOutcomes.Modified, "checked", new Dictionary<string, string?> { ["sex"] = "M" }));
        Assert.Equal("sex", bad.Field);
        var corrections = new Dictionary<string, string?>
        {
            ["languages"] = "ar, fr, en, es",
            ["experience"] = "12",
            ["essential_skills"] = string.Join(',', line.MissingEssential.Select(m => m.Id)),
        };
        objections.Decide(reviewer, o.Id, ReviewOutcomes.Modified, "certificates checked", corrections);
        var d = decisions.AsRectified(decisions.Get(JobsHost.Admin, line.DecisionId, "test")!);
        Assert.True(d.RawScore > line.Score);
        Assert.Equal(d.RawScore, d.Contributions.Sum(c => c.Value), 9);
        Assert.Empty(MatchInputs.List(MatchInputs.Parse(d.Inputs[0].Value!), "missing"));
        var now = Host.Market.Index.Seeker(seeker.Subject)!;
        Assert.Equal(12, now.ExperienceYears);
        Assert.All(line.MissingEssential, m => Assert.Contains(Host.Market.Graph.Skill(m.Id)!.Value, now.Skills));
    }

    [Fact]
    public async Task A_rectified_profile_survives_a_restart_until_the_source_sends_a_newer_one()
    {
        var events = Host.Get<Basira.Jobs.Market.MarketEventValidator>().Validate(new Basira.Jobs.Market.MarketEventBatch(
            [MarketIngestionContract.Posted("p1", "O-R", 1), MarketIngestionContract.Registered("s1", "SRC-R", 1)]));
        await Host.Get<Basira.Jobs.Market.MarketIngestor>().SubmitAsync(events, "test");
        var subject = events[1].EntityId;
        var ranking = Host.Get<MatchingService>().OffersFor(JobsHost.Admin, subject)!;
        var line = Assert.Single(ranking.Offers);
        var objections = Host.Get<ObjectionService>();
        var o = objections.File(JobsHost.Citizen(subject), line.DecisionId, ObjectionGrounds.DataError, "twelve years", ObjectionChannels.Api);
        objections.Acknowledge(o.Id);
        var reviewer = new Principal("u-rev", "reviewer-jobs", Roles.Reviewer, ScopeKinds.Province, "MA-CAS", null);
        objections.StartReview(reviewer, o.Id);
        objections.Decide(reviewer, o.Id, ReviewOutcomes.Modified, "checked", new Dictionary<string, string?> { ["experience"] = "12" });
        using (var again = new JobsHost(ConnectionString, Host.Dir))
            Assert.Equal(12, again.Market.Index.Seeker(subject)!.ExperienceYears);
        // The source's newer profile (v2, 3 years) wins over the rectification on the next start.
        var update = Host.Get<Basira.Jobs.Market.MarketEventValidator>().Validate(new Basira.Jobs.Market.MarketEventBatch(
            [MarketIngestionContract.Registered("s2", "SRC-R", 2, type: Basira.Jobs.Market.MarketEventTypes.SeekerUpdated)]));
        await Host.Get<Basira.Jobs.Market.MarketIngestor>().SubmitAsync(update, "test");
        using var later = new JobsHost(ConnectionString, Host.Dir);
        Assert.Equal(3, later.Market.Index.Seeker(subject)!.ExperienceYears);
    }

    public virtual void Dispose()
    {
        _host?.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteGovernedMatchingTests : GovernedMatchingContract
{
    protected override string? ConnectionString => null;
}

[Trait("Category", "Db")]
public sealed class PostgresGovernedMatchingTests : GovernedMatchingContract, IAsyncLifetime
{
    private readonly Basira.TestSupport.PostgresTestDatabase _pg = new();

    protected override string? ConnectionString => _pg.ConnectionString;

    public Task InitializeAsync() => _pg.InitializeAsync();

    public async Task DisposeAsync()
    {
        base.Dispose();
        Npgsql.NpgsqlConnection.ClearAllPools();
        await _pg.DisposeAsync();
    }

    public override void Dispose() { }
}
