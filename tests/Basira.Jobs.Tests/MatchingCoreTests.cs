using Basira.Governance;
using Basira.Jobs.Market;
using Basira.Jobs.Matching;

namespace Basira.Jobs.Tests;

/// <summary>The matching rule, the occupation proximity, the geography and the inverted index against brute force.</summary>
public sealed class MatchingCoreTests
{
    private static readonly SkillGraph Graph = EscoSubset.Graph;
    private static readonly MarketGeography Geo = MarketGeography.BuiltIn;
    private static readonly MatchScorer Scorer = new(Graph, Geo);

    private static int Occ(string frStart) => Enumerable.Range(0, Graph.OccupationCount).First(i => Graph.OccupationLabels[i].Fr.StartsWith(frStart, StringComparison.Ordinal));
    private static int P(string code) => Geo.ProvinceIndex(code)!.Value;

    private static SeekerProfile Seeker(string id, int occ, int[] skills, string province = "MA-CAS", MobilityLevel mobility = MobilityLevel.Province,
        double years = 2, string[]? langs = null, string sex = "F") =>
        new(id, P(province), mobility, null, years, LanguageCodes.Mask(langs ?? ["ar", "fr"], "languages"), [.. skills.Order()], [occ], sex, "AG-CAS");

    private static OfferProfile Offer(string id, int occ, string? province = "MA-CAS", double years = 0, string[]? langs = null) =>
        new(id, "t", "EMP-1", "AG-CAS", occ, province is null ? null : P(province), [.. Graph.EssentialOf(occ)], [.. Graph.OptionalOf(occ)],
            years, LanguageCodes.Mask(langs ?? ["fr"], "languages"), 1);

    [Fact]
    public void The_score_is_the_exact_sum_of_the_factor_contributions_and_lists_matched_and_missing_skills()
    {
        var acc = Occ("comptable");
        var ess = Graph.EssentialOf(acc);
        var half = ess.Take(ess.Count / 2).ToArray();
        var s = Seeker("s1", acc, half, years: 1);
        var o = Offer("o1", acc, years: 2, langs: ["fr", "en"]);
        var e = Scorer.Explain(s, o);
        Assert.Equal(e.Score, e.Contributions.Sum(), 12);
        Assert.Equal((double)half.Length / ess.Count, e.Factors.Essential, 12);
        Assert.Equal(half.Order(), e.MatchedEssential);
        Assert.Equal(ess.Except(half).Order(), e.MissingEssential);
        Assert.Equal(1, e.Factors.Occupation);
        Assert.Equal(1, e.Factors.Location);
        Assert.Equal(0.5, e.Factors.Experience);
        Assert.Equal(0.5, e.Factors.Languages); // fr yes, en no
        Assert.Equal(LanguageCodes.Mask(["en"], "l"), e.MissingLanguages);
        Assert.Equal(0, e.DistanceKm);
        Assert.Equal(e.Score, Scorer.Score(s, o, null), 12);
    }

    [Fact]
    public void Location_follows_the_declared_mobility()
    {
        var cook = Occ("cuisinier");
        var skills = Graph.EssentialOf(cook).ToArray();
        var far = Offer("o", cook, "MA-OUJ"); // Oujda, another region
        var sameRegion = Offer("o2", cook, "MA-MOH"); // Mohammédia, Casablanca-Settat
        Assert.Equal(0, Scorer.Explain(Seeker("a", cook, skills, mobility: MobilityLevel.Province), sameRegion).Factors.Location);
        var region = Scorer.Explain(Seeker("b", cook, skills, mobility: MobilityLevel.Region), sameRegion);
        Assert.True(region.Reachable);
        Assert.InRange(region.Factors.Location, 0.5, 0.75);
        Assert.Equal(0, Scorer.Explain(Seeker("c", cook, skills, mobility: MobilityLevel.Region), far).Factors.Location);
        var national = Scorer.Explain(Seeker("d", cook, skills, mobility: MobilityLevel.National), far);
        Assert.True(national.DistanceKm > 400);
        Assert.True(national.Factors.Location < region.Factors.Location);
        Assert.Equal(1, Scorer.Explain(Seeker("e", cook, skills), Offer("remote", cook, null)).Factors.Location);
    }

    [Fact]
    public void Occupation_proximity_follows_the_ISCO_hierarchy_and_skill_overlap()
    {
        Assert.Equal(0.75, SkillGraph.IscoProximity("2512", "2512"));
        Assert.Equal(0.5, SkillGraph.IscoProximity("2512", "2513"));
        Assert.Equal(0.25, SkillGraph.IscoProximity("2512", "2521"));
        Assert.Equal(0, SkillGraph.IscoProximity("2512", "7411"));
        var web = Occ("développeur web");
        var soft = Occ("développeur de logiciels");
        var baker = Occ("boulanger");
        Assert.Equal(1, Graph.Proximity(web, web));
        Assert.True(Graph.Proximity(web, soft) >= 0.5);
        Assert.True(Graph.Proximity(web, baker) < 0.2);
        Assert.Equal(Graph.Proximity(web, soft), Graph.Proximity(soft, web));
    }

    [Fact]
    public void The_geography_has_75_provinces_in_12_regions_with_plausible_distances()
    {
        Assert.Equal(75, Geo.Places.Count);
        Assert.Equal(12, Geo.Regions.Count);
        Assert.InRange(Geo.Km(P("MA-CAS"), P("MA-RAB")), 70, 100);
        Assert.InRange(Geo.Km(P("MA-TNG"), P("MA-OUD")), 1400, 1800);
    }

    [Fact]
    public void An_unknown_language_is_bad_input_naming_the_field()
    {
        var e = Assert.Throws<DataInputException>(() => LanguageCodes.Mask(["fr", "klingon"], "$.languages"));
        Assert.Equal("$.languages", e.Field);
        Assert.Equal(LanguageCodes.Mask(["zgh"], "x"), LanguageCodes.Mask(["Amazigh"], "x"));
    }

    [Fact]
    public void The_index_finds_the_same_top_candidates_as_scoring_every_seeker()
    {
        var synth = new SyntheticMarket(Graph, Geo);
        var index = new MatchIndex(Scorer);
        var seekers = synth.Seekers(6000, seed: 3).ToList();
        index.Load(seekers);
        foreach (var offer in synth.Offers(40, seed: 4))
        {
            var (top, search) = index.TopCandidates(offer, 25);
            Assert.False(search.FullScan);
            Assert.True(search.Bound < MatchScorer.Threshold);
            var brute = seekers.Select((s, i) => (s, i, score: Scorer.Score(s, offer, null)))
                .Where(x => x.score >= MatchScorer.Threshold)
                .OrderByDescending(x => x.score).ThenBy(x => x.i).Take(25).ToList();
            Assert.Equal(brute.Select(b => b.s.Subject), top.Select(t => t.Item.Subject));
            Assert.All(top.Zip(brute), p => Assert.Equal(p.Second.score, p.First.Score, 12));
        }
    }

    [Fact]
    public void After_random_updates_the_index_still_finds_what_scoring_every_seeker_finds()
    {
        var synth = new SyntheticMarket(Graph, Geo);
        var index = new MatchIndex(Scorer);
        var seekers = synth.Seekers(3000, seed: 8).ToList();
        index.Load(seekers);
        var r = new Random(3);
        for (var n = 0; n < 4000; n++)
        {
            var i = r.Next(seekers.Count);
            var s = seekers[i];
            var skills = s.Skills.ToList();
            if (skills.Count > 0 && r.NextDouble() < 0.5) skills.RemoveAt(r.Next(skills.Count));
            else skills.Add(r.Next(Graph.SkillCount));
            seekers[i] = s with { Skills = [.. skills.Distinct().Order()], Active = r.NextDouble() > 0.05, Occupations = r.NextDouble() < 0.1 ? [r.Next(Graph.OccupationCount)] : s.Occupations };
            index.Upsert(seekers[i]);
        }
        foreach (var offer in synth.Offers(30, seed: 9))
            foreach (var k in new[] { 1, 10, 200 })
            {
                var (top, _) = index.TopCandidates(offer, k);
                var brute = seekers.Select((s, i) => (s, i, score: s.Active ? Scorer.Score(s, offer, null) : -1))
                    .Where(x => x.score >= MatchScorer.Threshold).OrderByDescending(x => x.score).ThenBy(x => x.i).Take(k).ToList();
                Assert.Equal(brute.Select(b => b.s.Subject), top.Select(t => t.Item.Subject));
            }
    }

    [Fact]
    public void An_updated_seeker_is_found_by_new_skills_and_a_placed_one_no_more()
    {
        var elec = Occ("électricien");
        var baker = Occ("boulanger");
        var index = new MatchIndex(Scorer);
        var offer = Offer("o", elec);
        index.Upsert(Seeker("x", baker, [.. Graph.EssentialOf(baker)]));
        Assert.Empty(index.TopCandidates(offer, 10).Top);
        index.Upsert(Seeker("x", elec, [.. Graph.EssentialOf(elec)]));
        Assert.Equal("x", Assert.Single(index.TopCandidates(offer, 10).Top).Item.Subject);
        index.Upsert(Seeker("x", elec, [.. Graph.EssentialOf(elec)]) with { Active = false });
        Assert.Empty(index.TopCandidates(offer, 10).Top);
        Assert.Equal(0, index.ActiveSeekers);
    }

    [Fact]
    public void An_offer_without_essential_skills_is_ranked_by_scoring_every_seeker()
    {
        var index = new MatchIndex(Scorer);
        var cook = Occ("cuisinier");
        index.Upsert(Seeker("a", cook, []));
        var offer = Offer("o", cook) with { Essential = [], Optional = [] };
        var (top, search) = index.TopCandidates(offer, 5);
        Assert.True(search.FullScan);
        Assert.Equal("a", Assert.Single(top).Item.Subject);
    }

    [Fact]
    public void The_synthetic_market_is_labelled_and_reproducible()
    {
        var synth = new SyntheticMarket(Graph, Geo);
        var a = synth.Seekers(50, 9).ToList();
        var b = synth.Seekers(50, 9).ToList();
        Assert.All(a, s => Assert.StartsWith(SyntheticMarket.Label + "-", s.Subject, StringComparison.Ordinal));
        Assert.Equal(a.Select(s => (s.Subject, s.Province, string.Join(',', s.Skills))), b.Select(s => (s.Subject, s.Province, string.Join(',', s.Skills))));
        Assert.All(synth.Offers(50, 9), o => Assert.StartsWith(SyntheticMarket.Label + "-", o.Id, StringComparison.Ordinal));
        var big = SyntheticMarket.EscoShapedGraph(300, 2000);
        Assert.Equal(300, big.OccupationCount);
        Assert.All(Enumerable.Range(0, 300), o => Assert.Equal(21, big.EssentialOf(o).Count));
    }
}
