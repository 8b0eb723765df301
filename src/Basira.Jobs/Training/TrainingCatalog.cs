using Basira.Jobs.Market;
using Basira.Jobs.Matching;

namespace Basira.Jobs.Training;

/// <summary>
/// One training of the catalogue: the ESCO skills it teaches, its length in hours and where it is given (province
/// indices; none = distance learning).
/// </summary>
public sealed record TrainingCourse(string Id, Labels Title, string Provider, int[] Skills, int Hours, int[] Provinces)
{
    public bool Distance => Provinces.Length == 0;
}

/// <summary>
/// The training catalogue. The built-in one is a SYNTHETIC catalogue shaped like OFPPT's vocational offer (modules of
/// 4–7 skills of one occupation, 40–400 hours, given in one to four provinces, about one in ten at a distance): it is
/// generated from the occupation–skill graph with a fixed seed, every id starts with SYNTH- and every title says
/// "(synthétique)". A real catalogue replaces it with the same shape.
/// </summary>
public sealed class TrainingCatalog
{
    public TrainingCatalog(IReadOnlyList<TrainingCourse> courses, string source)
    {
        Courses = courses;
        Source = source;
        var bySkill = new Dictionary<int, List<int>>();
        for (var t = 0; t < courses.Count; t++)
            foreach (var k in courses[t].Skills)
            {
                if (!bySkill.TryGetValue(k, out var l)) bySkill[k] = l = [];
                l.Add(t);
            }
        _teaching = bySkill.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
        _byId = courses.Select((c, i) => (c.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
    }

    private readonly Dictionary<int, int[]> _teaching;
    private readonly Dictionary<string, int> _byId;

    public IReadOnlyList<TrainingCourse> Courses { get; }
    public string Source { get; }

    /// <summary>Indices of the courses that teach a skill.</summary>
    public IReadOnlyList<int> Teaching(int skill) => _teaching.TryGetValue(skill, out var t) ? t : [];

    public TrainingCourse? Find(string id) => _byId.TryGetValue(id, out var i) ? Courses[i] : null;

    /// <summary>The SYNTHETIC OFPPT-like catalogue for a graph (reproducible: same graph and seed, same catalogue).</summary>
    public static TrainingCatalog Synthetic(SkillGraph graph, MarketGeography geography, int seed = 17)
    {
        var r = new Random(seed);
        var weights = geography.Places.Select(p => p.Province switch
        {
            "MA-CAS" => 5.0,
            "MA-RAB" or "MA-MAR" or "MA-TNG" or "MA-FES" or "MA-AGD" => 2.5,
            "MA-MEK" or "MA-OUJ" or "MA-KEN" or "MA-SAL" or "MA-TET" or "MA-BEM" or "MA-LAA" => 1.5,
            _ => 0.6,
        }).ToArray();
        var total = weights.Sum();
        int Province()
        {
            var x = r.NextDouble() * total;
            for (var i = 0; i < weights.Length; i++) if ((x -= weights[i]) <= 0) return i;
            return weights.Length - 1;
        }
        var courses = new List<TrainingCourse>();
        for (var o = 0; o < graph.OccupationCount; o++)
        {
            var skills = graph.EssentialOf(o).Concat(graph.OptionalOf(o).Take(4)).OrderBy(_ => r.Next()).ToList();
            var module = 0;
            for (var from = 0; from < skills.Count; module++)
            {
                var n = Math.Min(skills.Count - from, 4 + r.Next(4));
                var taught = skills.Skip(from).Take(n).Order().ToArray();
                from += n;
                var hours = Math.Clamp(30 * n + 10 * r.Next(-2, 6), 40, 400);
                int[] places = r.NextDouble() < 0.1 ? [] : [.. Enumerable.Range(0, 1 + r.Next(4)).Select(_ => Province()).Distinct().Order()];
                var label = graph.OccupationLabels[o];
                courses.Add(new TrainingCourse($"{SyntheticMarket.Label}-T{courses.Count:D5}",
                    new Labels($"{label.Fr} — module {module + 1} (synthétique)", $"{label.In("ar")} — الوحدة {module + 1} (اصطناعي)", $"{label.In("en")} — module {module + 1} (synthetic)"),
                    "OFPPT-like catalogue (SYNTHETIC)", taught, hours, places));
            }
        }
        return new TrainingCatalog(courses, $"SYNTHETIC OFPPT-like catalogue ({courses.Count} modules, seed {seed}) on {graph.Source}");
    }
}
