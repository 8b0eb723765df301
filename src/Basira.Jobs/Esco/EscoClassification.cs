using System.Collections.Frozen;
using System.IO.Compression;
using System.Text;

namespace Basira.Jobs.Esco;

/// <summary>
/// The ESCO v1.1.1 classification shipped with Basira: occupations (labels in French, English and, where ESCO has one,
/// Arabic), skills and knowledge, essential/optional occupation–skill relations, ISCO-08 groups and skill groups.
/// Loaded from the gzip'd tables embedded in this assembly (derived by <c>tools/esco/derive.py</c>, see
/// <c>Esco/Tables/ATTRIBUTION.md</c>); no file or network is read at run time.
/// </summary>
/// <remarks>Immutable once built; <see cref="Shared"/> loads it once per process (about 0.3 s) and is safe to share.</remarks>
public sealed class EscoClassification
{
    /// <summary>The attribution the licence asks for, to show wherever ESCO data is displayed.</summary>
    public const string Attribution = "This service uses the ESCO classification of the European Commission.";

    /// <summary>The attribution in French.</summary>
    public const string AttributionFr = "Ce service utilise la classification ESCO de la Commission européenne.";

    /// <summary>ESCO version of the tables.</summary>
    public const string Version = "1.1.1";

    private static readonly Lazy<EscoClassification> Lazy = new(() => Load(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly FrozenDictionary<string, EscoOccupation> occupationsByUri;
    private readonly FrozenDictionary<string, EscoSkill> skillsByUri;
    private readonly FrozenDictionary<string, EscoIscoGroup> iscoByUri;
    private readonly FrozenDictionary<string, EscoIscoGroup> iscoByCode;
    private readonly FrozenDictionary<string, EscoSkillGroup> skillGroupsByUri;
    private readonly int[][] essentialFor;
    private readonly int[][] optionalFor;

    /// <summary>Builds a classification from its parts (the loader and tests use it).</summary>
    public EscoClassification(
        IReadOnlyList<EscoOccupation> occupations,
        IReadOnlyList<EscoSkill> skills,
        IReadOnlyList<EscoIscoGroup> iscoGroups,
        IReadOnlyList<EscoSkillGroup> skillGroups,
        IReadOnlyList<EscoSkillRelation> skillRelations)
    {
        for (var i = 0; i < occupations.Count; i++)
            if (occupations[i].Index != i) throw new ArgumentException($"occupation {occupations[i].Uri} has index {occupations[i].Index}, expected {i}", nameof(occupations));
        for (var i = 0; i < skills.Count; i++)
            if (skills[i].Index != i) throw new ArgumentException($"skill {skills[i].Uri} has index {skills[i].Index}, expected {i}", nameof(skills));
        Occupations = occupations;
        Skills = skills;
        IscoGroups = iscoGroups;
        SkillGroups = skillGroups;
        SkillRelations = skillRelations;
        occupationsByUri = occupations.ToFrozenDictionary(o => o.Uri, StringComparer.Ordinal);
        skillsByUri = skills.ToFrozenDictionary(s => s.Uri, StringComparer.Ordinal);
        iscoByUri = iscoGroups.ToFrozenDictionary(g => g.Uri, StringComparer.Ordinal);
        iscoByCode = iscoGroups.ToFrozenDictionary(g => g.Code, StringComparer.Ordinal);
        skillGroupsByUri = skillGroups.ToFrozenDictionary(g => g.Uri, StringComparer.Ordinal);
        var ess = new List<int>[skills.Count];
        var opt = new List<int>[skills.Count];
        foreach (var o in occupations)
        {
            foreach (var s in o.Essential) (ess[Check(s)] ??= []).Add(o.Index);
            foreach (var s in o.Optional) (opt[Check(s)] ??= []).Add(o.Index);
        }
        essentialFor = [.. ess.Select(l => l?.ToArray() ?? [])];
        optionalFor = [.. opt.Select(l => l?.ToArray() ?? [])];

        int Check(int s) => s >= 0 && s < skills.Count ? s : throw new ArgumentException($"skill row {s} out of range", nameof(occupations));
    }

    /// <summary>The classification embedded in the product, loaded on first use.</summary>
    public static EscoClassification Shared => Lazy.Value;

    /// <summary>Every occupation, ordered by URI; <see cref="EscoOccupation.Index"/> is the position.</summary>
    public IReadOnlyList<EscoOccupation> Occupations { get; }

    /// <summary>Every skill and knowledge concept, ordered by URI; <see cref="EscoSkill.Index"/> is the position.</summary>
    public IReadOnlyList<EscoSkill> Skills { get; }

    /// <summary>ISCO-08 groups from major (1 digit) to unit (4 digits).</summary>
    public IReadOnlyList<EscoIscoGroup> IscoGroups { get; }

    /// <summary>Groups of the skills pillar.</summary>
    public IReadOnlyList<EscoSkillGroup> SkillGroups { get; }

    /// <summary>Skill-to-skill relations.</summary>
    public IReadOnlyList<EscoSkillRelation> SkillRelations { get; }

    /// <summary>The occupation with this URI, or <c>null</c>.</summary>
    public EscoOccupation? Occupation(string uri) => occupationsByUri.GetValueOrDefault(uri);

    /// <summary>The skill with this URI, or <c>null</c>.</summary>
    public EscoSkill? Skill(string uri) => skillsByUri.GetValueOrDefault(uri);

    /// <summary>The ISCO group with this URI (<c>…/isco/C2411</c>) or code (<c>2411</c>), or <c>null</c>.</summary>
    public EscoIscoGroup? IscoGroup(string uriOrCode) => iscoByUri.GetValueOrDefault(uriOrCode) ?? iscoByCode.GetValueOrDefault(uriOrCode);

    /// <summary>The skill group with this URI, or <c>null</c>.</summary>
    public EscoSkillGroup? SkillGroup(string uri) => skillGroupsByUri.GetValueOrDefault(uri);

    /// <summary>The skills of an occupation with their relation (essential first).</summary>
    public IEnumerable<(EscoSkill Skill, EscoRelation Relation)> SkillsOf(EscoOccupation occupation) =>
        occupation.Essential.Select(s => (Skills[s], EscoRelation.Essential))
            .Concat(occupation.Optional.Select(s => (Skills[s], EscoRelation.Optional)));

    /// <summary>The occupations that need a skill, with their relation (essential first).</summary>
    public IEnumerable<(EscoOccupation Occupation, EscoRelation Relation)> OccupationsNeeding(EscoSkill skill) =>
        essentialFor[skill.Index].Select(o => (Occupations[o], EscoRelation.Essential))
            .Concat(optionalFor[skill.Index].Select(o => (Occupations[o], EscoRelation.Optional)));

    /// <summary>The ISCO groups above an occupation, from its unit group up to its major group.</summary>
    public IEnumerable<EscoIscoGroup> IscoPath(EscoOccupation occupation)
    {
        for (var g = IscoGroup(occupation.IscoGroup); g is not null; g = g.BroaderUri is null ? null : IscoGroup(g.BroaderUri))
            yield return g;
    }

    /// <summary>Loads the embedded tables.</summary>
    public static EscoClassification Load()
    {
        var skills = Read("skills.tsv.gz", 11, (c, i) => new EscoSkill(i, c[0],
            c[1] switch { "knowledge" => EscoSkillType.Knowledge, "skill/competence" => EscoSkillType.SkillCompetence, _ => EscoSkillType.Unspecified },
            c[2], new EscoLabels(c[3], List(c[4]), List(c[5])), new EscoLabels(c[7], List(c[8]), List(c[9])), c[6], List(c[10])));
        var occupations = Read("occupations.tsv.gz", 15, (c, i) => new EscoOccupation(i, c[0], c[1], c[2], Null(c[3]),
            new EscoLabels(c[4], List(c[5]), List(c[6])), new EscoLabels(c[7], List(c[8]), List(c[9])), c[10], c[11], c[12],
            Ints(c[13]), Ints(c[14])));
        var isco = Read("isco_groups.tsv.gz", 8, (c, _) => new EscoIscoGroup(c[0], c[1], Null(c[2]),
            new EscoLabels(c[3], List(c[4]), []), new EscoLabels(c[5], List(c[6]), []), c[7]));
        var groups = Read("skill_groups.tsv.gz", 7, (c, _) => new EscoSkillGroup(c[0], c[1],
            new EscoLabels(c[2], List(c[3]), []), new EscoLabels(c[4], List(c[5]), []), List(c[6])));
        var related = Read("related_skills.tsv.gz", 3, (c, _) => new EscoSkillRelation(int.Parse(c[0]),
            c[1] == "essential" ? EscoRelation.Essential : EscoRelation.Optional, int.Parse(c[2])));
        return new EscoClassification(occupations, skills, isco, groups, related);
    }

    private static string? Null(string s) => s.Length == 0 ? null : s;

    private static string[] List(string s) => s.Length == 0 ? [] : s.Split('|');

    private static int[] Ints(string s) => s.Length == 0 ? [] : [.. s.Split('|').Select(int.Parse)];

    private static List<T> Read<T>(string name, int columns, Func<string[], int, T> row)
    {
        var resource = $"Basira.Jobs.Esco.Tables.{name}";
        using var stream = typeof(EscoClassification).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded ESCO table {resource} is missing from the build");
        using var gz = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gz, Encoding.UTF8);
        var header = reader.ReadLine() ?? throw new InvalidDataException($"{name}: empty");
        if (header.Split('\t').Length != columns) throw new InvalidDataException($"{name}: {header.Split('\t').Length} columns, expected {columns}");
        var rows = new List<T>();
        while (reader.ReadLine() is { } line)
        {
            var cells = line.Split('\t');
            if (cells.Length != columns) throw new InvalidDataException($"{name}, row {rows.Count + 2}: {cells.Length} cells, expected {columns}");
            rows.Add(row(cells, rows.Count));
        }
        return rows;
    }
}
