using System.Collections.Frozen;
using Basira.Jobs.Esco;

namespace Basira.Jobs.Matching;

/// <summary>A label in French (always), Arabic and English (when the classification has them).</summary>
public sealed record Labels(string Fr, string? Ar = null, string? En = null)
{
    /// <summary>The label in <paramref name="lang"/>, else French (ESCO has no Arabic skill labels; see docs/jobs-market.md).</summary>
    public string In(string lang) => lang switch { "ar" => Ar ?? Fr, "en" => En ?? Fr, _ => Fr };
}

/// <summary>One occupation as the matching needs it: its identifier (an ESCO concept URI), its ISCO-08 unit group, labels and skills.</summary>
/// <param name="Id">Stable identifier (ESCO occupation URI).</param>
/// <param name="Isco">ISCO-08 unit group (4 digits) the occupation belongs to; empty when unknown.</param>
/// <param name="Essential">Identifiers of its essential skills.</param>
/// <param name="Optional">Identifiers of its optional skills.</param>
public sealed record OccupationDefinition(string Id, string Isco, Labels Labels, IReadOnlyList<string> Essential, IReadOnlyList<string> Optional);

/// <summary>One skill (an ESCO skill or knowledge concept).</summary>
public sealed record SkillDefinition(string Id, Labels Labels);

/// <summary>
/// The occupation–skill graph the matching, the market aggregates, the training plans and the guidance read: occupations
/// with their ISCO group and essential/optional skills, and skill labels. Built once from definitions (the ESCO subset
/// shipped with the module, the full ESCO classification, or a synthetic graph for benchmarks) and read-only after,
/// so it is shared by every thread. Occupations and skills are numbered (dense indices) for the hot paths.
/// </summary>
public sealed class SkillGraph
{
    private readonly FrozenDictionary<string, int> _occupationIndex;
    private readonly FrozenDictionary<string, int> _skillIndex;

    private SkillGraph(IReadOnlyList<OccupationDefinition> occupations, IReadOnlyList<SkillDefinition> skills, string source)
    {
        Source = source;
        SkillIds = [.. skills.Select(s => s.Id)];
        SkillLabels = [.. skills.Select(s => s.Labels)];
        _skillIndex = SkillIds.Select((id, i) => (id, i)).ToFrozenDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
        OccupationIds = [.. occupations.Select(o => o.Id)];
        OccupationLabels = [.. occupations.Select(o => o.Labels)];
        Isco = [.. occupations.Select(o => o.Isco)];
        _occupationIndex = OccupationIds.Select((id, i) => (id, i)).ToFrozenDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
        Essential = [.. occupations.Select(o => Indices(o.Essential))];
        // A skill both essential and optional for the same occupation counts as essential only.
        Optional = [.. occupations.Select((o, i) => Indices(o.Optional).Except(Essential[i]).Order().ToArray())];
        var needing = new List<int>[skills.Count];
        for (var s = 0; s < needing.Length; s++) needing[s] = [];
        for (var o = 0; o < Essential.Length; o++)
            foreach (var s in Essential[o]) needing[s].Add(o);
        OccupationsNeeding = [.. needing.Select(l => l.ToArray())];
    }

    private int[] Indices(IEnumerable<string> ids) =>
        [.. ids.Select(id => _skillIndex.TryGetValue(id, out var i) ? i : throw new ArgumentException($"skill '{id}' is not in the graph")).Distinct().Order()];

    /// <summary>Where the graph comes from (for the register and the benchmark output).</summary>
    public string Source { get; }

    public IReadOnlyList<string> OccupationIds { get; }
    public IReadOnlyList<Labels> OccupationLabels { get; }
    public IReadOnlyList<string> Isco { get; }
    public IReadOnlyList<string> SkillIds { get; }
    public IReadOnlyList<Labels> SkillLabels { get; }

    /// <summary>Essential skills of each occupation (sorted skill indices).</summary>
    internal int[][] Essential { get; }

    /// <summary>Optional skills of each occupation (sorted skill indices, none of them essential).</summary>
    internal int[][] Optional { get; }

    /// <summary>Occupations for which each skill is essential.</summary>
    internal int[][] OccupationsNeeding { get; }

    public int OccupationCount => OccupationIds.Count;
    public int SkillCount => SkillIds.Count;

    public int? Occupation(string id) => _occupationIndex.TryGetValue(id, out var i) ? i : null;
    public int? Skill(string id) => _skillIndex.TryGetValue(id, out var i) ? i : null;

    public IReadOnlyList<int> EssentialOf(int occupation) => Essential[occupation];
    public IReadOnlyList<int> OptionalOf(int occupation) => Optional[occupation];

    /// <summary>
    /// Proximity of two occupations in [0, 1] (notice: "occupation proximity"): 1 for the same occupation; otherwise the
    /// larger of the ISCO-08 hierarchy (same unit group 0.75, minor group 0.5, sub-major group 0.25) and the Jaccard
    /// overlap of their essential skills.
    /// </summary>
    public double Proximity(int a, int b)
    {
        if (a == b) return 1;
        return Math.Max(IscoProximity(Isco[a], Isco[b]), Jaccard(Essential[a], Essential[b]));
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, double[]> _proximity = new();

    /// <summary>
    /// Proximity of every occupation to <paramref name="target"/> (one pass per occupation, kept for the next offers of the
    /// same occupation: at most 1,024 occupations are kept, about 25 MB for ESCO). The array is shared: read it only.
    /// </summary>
    internal double[] ProximityTo(int target)
    {
        if (_proximity.TryGetValue(target, out var cached)) return cached;
        var p = new double[OccupationCount];
        for (var o = 0; o < p.Length; o++) p[o] = Proximity(o, target);
        if (_proximity.Count >= 1024) _proximity.Clear();
        _proximity[target] = p;
        return p;
    }

    internal static double IscoProximity(string a, string b)
    {
        if (a.Length < 2 || b.Length < 2) return 0;
        var common = 0;
        while (common < Math.Min(a.Length, b.Length) && common < 4 && a[common] == b[common]) common++;
        return common switch { >= 4 => 0.75, 3 => 0.5, 2 => 0.25, _ => 0 };
    }

    /// <summary>|A ∩ B| / |A ∪ B| of two sorted index arrays (0 when both are empty).</summary>
    internal static double Jaccard(int[] a, int[] b)
    {
        if (a.Length == 0 && b.Length == 0) return 0;
        var common = SortedOverlap(a, b);
        return (double)common / (a.Length + b.Length - common);
    }

    /// <summary>Number of elements two sorted arrays share.</summary>
    internal static int SortedOverlap(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int i = 0, j = 0, n = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j]) { n++; i++; j++; }
            else if (a[i] < b[j]) i++;
            else j++;
        }
        return n;
    }

    /// <summary>True when the sorted array <paramref name="sorted"/> holds <paramref name="value"/>.</summary>
    internal static bool Has(int[] sorted, int value) => Array.BinarySearch(sorted, value) >= 0;

    /// <summary>
    /// The graph of the ESCO classification: every occupation (or those <paramref name="include"/> keeps) with its ISCO
    /// unit group, labels (fr, ar where ESCO has one, en) and essential/optional skills (optional ones capped at
    /// <paramref name="maxOptional"/> in URI order when given); only the skills these occupations use.
    /// </summary>
    public static SkillGraph FromEsco(EscoClassification esco, Func<string, bool>? include = null, int? maxOptional = null)
    {
        var occupations = esco.Occupations.Where(o => include?.Invoke(o.Uri) ?? true).ToList();
        var used = new SortedSet<int>();
        var defs = new List<OccupationDefinition>(occupations.Count);
        foreach (var o in occupations)
        {
            var optional = maxOptional is { } max ? o.Optional.Select(i => esco.Skills[i].Uri).Order(StringComparer.Ordinal).Take(max).ToList()
                : [.. o.Optional.Select(i => esco.Skills[i].Uri)];
            used.UnionWith(o.Essential);
            used.UnionWith(optional.Select(u => esco.Skill(u)!.Index));
            defs.Add(new OccupationDefinition(o.Uri, o.IscoGroup,
                new Labels(o.French.Preferred, o.ArabicPreferred.Length > 0 ? o.ArabicPreferred : null, o.English.Preferred.Length > 0 ? o.English.Preferred : null),
                [.. o.Essential.Select(i => esco.Skills[i].Uri)], optional));
        }
        var skills = used.Select(i => esco.Skills[i]).Select(s => new SkillDefinition(s.Uri,
            new Labels(s.French.Preferred, null, s.English.Preferred.Length > 0 ? s.English.Preferred : null))).ToList();
        return Build(defs, skills, include is null
            ? $"ESCO v{EscoClassification.Version} ({defs.Count} occupations, {skills.Count} skills)"
            : $"ESCO v{EscoClassification.Version} subset ({defs.Count} occupations, {skills.Count} skills)");
    }

    /// <summary>Builds the graph; a relation naming a skill that is not defined is refused (ArgumentException).</summary>
    public static SkillGraph Build(IReadOnlyList<OccupationDefinition> occupations, IReadOnlyList<SkillDefinition> skills, string source)
    {
        var dupO = occupations.GroupBy(o => o.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (dupO is not null) throw new ArgumentException($"occupation '{dupO.Key}' is defined twice");
        var dupS = skills.GroupBy(s => s.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (dupS is not null) throw new ArgumentException($"skill '{dupS.Key}' is defined twice");
        return new SkillGraph(occupations, skills, source);
    }
}
