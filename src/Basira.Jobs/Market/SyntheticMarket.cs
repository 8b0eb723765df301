using System.Globalization;
using Basira.Jobs.Matching;

namespace Basira.Jobs.Market;

/// <summary>
/// SYNTHETIC job seekers and offers (and, for national-scale benchmarks, a synthetic occupation–skill graph shaped like
/// ESCO), seeded and reproducible. Nothing here describes a real person, employer or offer: every identifier starts with
/// <see cref="Label"/>. Assumptions (orders of magnitude, not sourced figures): seekers and offers concentrate in the
/// large préfectures (Casablanca ×4, Rabat, Marrakech, Tanger ×2, Fès, Agadir ×1.5); 45 % of seekers are women; a seeker
/// holds 60–100 % of their occupation's essential skills and some optional ones; mobility is the province for half of
/// them, the region for a third, the country for the rest.
/// </summary>
public sealed class SyntheticMarket
{
    public const string Label = "SYNTH";

    private readonly SkillGraph _graph;
    private readonly MarketGeography _geo;
    private readonly double[] _provinceWeights;
    private readonly double[] _occupationWeights;

    public SyntheticMarket(SkillGraph graph, MarketGeography geography)
    {
        _graph = graph;
        _geo = geography;
        _provinceWeights = [.. geography.Places.Select(p => p.Province switch
        {
            "MA-CAS" => 4.0,
            "MA-RAB" or "MA-MAR" or "MA-TNG" => 2.0,
            "MA-FES" or "MA-AGD" or "MA-SAL" or "MA-KEN" or "MA-MEK" => 1.5,
            _ => 1.0,
        })];
        // A few occupations are far more common than others (Zipf-like over a fixed shuffled order).
        var r = new Random(7);
        var order = Enumerable.Range(0, graph.OccupationCount).OrderBy(_ => r.Next()).ToArray();
        _occupationWeights = new double[graph.OccupationCount];
        for (var i = 0; i < order.Length; i++) _occupationWeights[order[i]] = 1.0 / Math.Pow(i + 1, 0.6);
        // On the full ESCO graph, the occupations common in Moroccan offers weigh as much as the most common one, ×3.
        if (graph.OccupationCount > EscoSubset.CommonOccupations.Count)
            foreach (var uri in EscoSubset.CommonOccupations)
                if (graph.Occupation(uri) is { } o) _occupationWeights[o] = 3;
    }

    public static string Agency(string province) => "AG-" + province[3..];

    private sealed class Cumulative(double[] weights)
    {
        private readonly double[] _c = Accumulate(weights);

        private static double[] Accumulate(double[] w)
        {
            var c = new double[w.Length];
            var t = 0.0;
            for (var i = 0; i < w.Length; i++) { t += w[i]; c[i] = t; }
            return c;
        }

        public int Pick(Random r)
        {
            var i = Array.BinarySearch(_c, r.NextDouble() * _c[^1]);
            return Math.Min(_c.Length - 1, i < 0 ? ~i : i);
        }
    }

    private static int[] Sample(Random r, IReadOnlyList<int> from, double share)
    {
        var n = (int)Math.Round(from.Count * share);
        return [.. from.OrderBy(_ => r.Next()).Take(n)];
    }

    /// <summary>Seekers number <paramref name="first"/> … first+count−1 (subjects "SYNTH-S00000001"…), reproducible per seed and number.</summary>
    public IEnumerable<SeekerProfile> Seekers(int count, int seed, int first = 0)
    {
        var provinces = new Cumulative(_provinceWeights);
        var occupations = new Cumulative(_occupationWeights);
        for (var n = first; n < first + count; n++)
        {
            var r = new Random(HashCode.Combine(seed, n, 1));
            var province = provinces.Pick(r);
            var occ = occupations.Pick(r);
            var skills = new HashSet<int>(Sample(r, _graph.Essential[occ], 0.6 + 0.4 * r.NextDouble()));
            skills.UnionWith(Sample(r, _graph.Optional[occ], 0.5 * r.NextDouble()));
            var occs = new List<int> { occ };
            if (r.NextDouble() < 0.3)
            {
                var second = occupations.Pick(r);
                if (second != occ) { occs.Add(second); skills.UnionWith(Sample(r, _graph.Essential[second], 0.4 * r.NextDouble())); }
            }
            var langs = new List<string>();
            if (r.NextDouble() < 0.95) langs.Add("ar");
            if (r.NextDouble() < 0.7) langs.Add("fr");
            if (r.NextDouble() < 0.3) langs.Add("en");
            if (r.NextDouble() < 0.05) langs.Add("es");
            if (r.NextDouble() < 0.25) langs.Add("zgh");
            var m = r.NextDouble();
            var code = _geo.Places[province].Province;
            yield return new SeekerProfile($"{Label}-S{n:D8}", province,
                m < 0.5 ? MobilityLevel.Province : m < 0.85 ? MobilityLevel.Region : MobilityLevel.National, null,
                Math.Round(-Math.Log(1 - r.NextDouble()) * 3.5, 1), LanguageCodes.Mask(langs, "languages"),
                [.. skills.Order()], [.. occs], r.NextDouble() < 0.45 ? "F" : "M", Agency(code));
        }
    }

    /// <summary>Offers number <paramref name="first"/> … (ids "SYNTH-O00000001"…), open, reproducible per seed and number.</summary>
    public IEnumerable<OfferProfile> Offers(int count, int seed, int first = 0, int employers = 2000)
    {
        var provinces = new Cumulative(_provinceWeights);
        var occupations = new Cumulative(_occupationWeights);
        for (var n = first; n < first + count; n++)
        {
            var r = new Random(HashCode.Combine(seed, n, 2));
            var province = provinces.Pick(r);
            var occ = occupations.Pick(r);
            var langs = new List<string>();
            if (r.NextDouble() < 0.7) langs.Add("fr");
            if (r.NextDouble() < 0.4) langs.Add("ar");
            if (r.NextDouble() < 0.2) langs.Add("en");
            var essential = Sample(r, _graph.Essential[occ], 0.8 + 0.2 * r.NextDouble()).Order().ToArray();
            if (essential.Length == 0 && _graph.Essential[occ].Length > 0) essential = [_graph.Essential[occ][0]];
            var code = _geo.Places[province].Province;
            var remote = r.NextDouble() < 0.02;
            yield return new OfferProfile($"{Label}-O{n:D8}", _graph.OccupationLabels[occ].Fr,
                $"{Label}-E{r.Next(employers):D5}", Agency(code), occ, remote ? null : province,
                essential, [.. Sample(r, _graph.Optional[occ], 0.5 + 0.5 * r.NextDouble()).Order()],
                new[] { 0.0, 0, 1, 2, 3, 5 }[r.Next(6)], LanguageCodes.Mask(langs, "languages"), 1 + (r.NextDouble() < 0.2 ? r.Next(1, 4) : 0));
        }
    }

    /// <summary>The event that posts a synthetic offer (its id and skills as URIs; version given by the caller).</summary>
    public MarketEventInput Posted(OfferProfile o, string eventId, long version, DateTimeOffset at) =>
        new(eventId, MarketEventTypes.OfferPosted, at, version, new OfferInput(o.Id, o.Title, _graph.OccupationIds[o.Occupation], o.EmployerId, o.Agency,
            o.Province is { } p ? _geo.Places[p].Province : null, null, o.Province is null,
            [.. o.Essential.Select(k => _graph.SkillIds[k])], [.. o.Optional.Select(k => _graph.SkillIds[k])], o.MinExperienceYears,
            LanguageCodes.Codes(o.Languages), o.Positions));

    /// <summary>The event that registers (or updates) a synthetic seeker; <paramref name="sourceId"/> stands for the agency's own identifier.</summary>
    public MarketEventInput Registered(SeekerProfile s, string sourceId, string eventId, long version, DateTimeOffset at, bool update = false) =>
        new(eventId, update ? MarketEventTypes.SeekerUpdated : MarketEventTypes.SeekerRegistered, at, version, Seeker: new SeekerInput(sourceId, s.Sex,
            _geo.Places[s.Province].Province, null, s.Agency, s.Mobility.ToString().ToLowerInvariant(), s.MaxKm, s.ExperienceYears,
            LanguageCodes.Codes(s.Languages), [.. s.Skills.Select(k => _graph.SkillIds[k])], [.. s.Occupations.Select(o => _graph.OccupationIds[o])]));

    /// <summary>
    /// A SYNTHETIC occupation–skill graph shaped like ESCO v1.1.1 (3,007 occupations in ISCO-08 unit groups, 13,896
    /// skills, about 21 essential and 20 optional skills per occupation): each unit group draws its occupations' skills
    /// from a pool of its own, its minor group's and a set of widely shared transversal skills (Zipf-like popularity).
    /// For benchmarks at national scale when the ESCO files are not at hand.
    /// </summary>
    public static SkillGraph EscoShapedGraph(int occupations = 3007, int skills = 13_896, int seed = 5)
    {
        var r = new Random(seed);
        var skillDefs = Enumerable.Range(0, skills).Select(i => new SkillDefinition($"{Label}-K{i:D5}",
            new Labels($"compétence synthétique {i}", $"كفاءة اصطناعية {i}", $"synthetic skill {i}"))).ToList();
        const int transversal = 300;
        var unitGroups = 436;
        var groupPools = new int[unitGroups][];
        var minorPools = new Dictionary<int, int[]>();
        for (var g = 0; g < unitGroups; g++)
        {
            var minor = g / 3;
            if (!minorPools.TryGetValue(minor, out var mp))
                minorPools[minor] = mp = [.. Enumerable.Range(0, 40).Select(_ => transversal + r.Next(skills - transversal))];
            groupPools[g] = [.. Enumerable.Range(0, 50).Select(_ => transversal + r.Next(skills - transversal)).Concat(mp)];
        }
        var occ = new List<OccupationDefinition>(occupations);
        for (var i = 0; i < occupations; i++)
        {
            var g = r.Next(unitGroups);
            // ISCO-like code: major (1–9), sub-major, minor (three unit groups each), unit.
            var isco = string.Create(CultureInfo.InvariantCulture, $"{1 + g / 48 % 9}{g / 12 % 10}{g / 3 % 4}{g % 3}");
            var pool = groupPools[g];
            var ess = new HashSet<int>();
            while (ess.Count < 14) ess.Add(pool[r.Next(pool.Length)]);
            while (ess.Count < 21) ess.Add((int)Math.Min(transversal - 1, Math.Floor(Math.Pow(r.NextDouble(), 2.5) * transversal)));
            var opt = new HashSet<int>();
            while (opt.Count < 20)
            {
                var k = r.NextDouble() < 0.6 ? pool[r.Next(pool.Length)] : r.Next(skills);
                if (!ess.Contains(k)) opt.Add(k);
            }
            occ.Add(new OccupationDefinition($"{Label}-C{i:D4}", isco, new Labels($"métier synthétique {i}", $"مهنة اصطناعية {i}", $"synthetic occupation {i}"),
                [.. ess.Select(k => skillDefs[k].Id)], [.. opt.Select(k => skillDefs[k].Id)]));
        }
        return SkillGraph.Build(occ, skillDefs, $"SYNTHETIC ESCO-shaped graph ({occupations} occupations, {skills} skills, seed {seed})");
    }
}
