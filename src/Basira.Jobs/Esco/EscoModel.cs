namespace Basira.Jobs.Esco;

/// <summary>The labels of an ESCO concept in one language.</summary>
/// <param name="Preferred">Preferred label (empty when the language has none).</param>
/// <param name="Alternative">Alternative labels (synonyms, gender forms, former names).</param>
/// <param name="Hidden">Hidden labels (misspellings and search terms ESCO keeps for indexing, never for display).</param>
public sealed record EscoLabels(string Preferred, IReadOnlyList<string> Alternative, IReadOnlyList<string> Hidden)
{
    /// <summary>No label in this language.</summary>
    public static readonly EscoLabels None = new("", [], []);

    /// <summary>Every label: preferred first, then alternative, then hidden.</summary>
    public IEnumerable<string> All()
    {
        if (Preferred.Length > 0) yield return Preferred;
        foreach (var a in Alternative) yield return a;
        foreach (var h in Hidden) yield return h;
    }
}

/// <summary>Whether an occupation needs a skill always (<see cref="Essential"/>) or sometimes (<see cref="Optional"/>).</summary>
public enum EscoRelation
{
    Essential,
    Optional,
}

/// <summary>ESCO's two kinds of skill concepts.</summary>
public enum EscoSkillType
{
    /// <summary>"skill/competence": the ability to apply knowledge.</summary>
    SkillCompetence,

    /// <summary>"knowledge": facts, principles, theories.</summary>
    Knowledge,

    /// <summary>Not typed in ESCO (a handful of concepts).</summary>
    Unspecified,
}

/// <summary>An ISCO-08 group (major 1 digit … unit 4 digits) as ESCO publishes it.</summary>
/// <param name="Uri">ESCO URI, e.g. <c>http://data.europa.eu/esco/isco/C2411</c>.</param>
/// <param name="Code">ISCO-08 code, 1 to 4 digits.</param>
/// <param name="BroaderUri">The parent group; <c>null</c> for a major group.</param>
public sealed record EscoIscoGroup(string Uri, string Code, string? BroaderUri, EscoLabels French, EscoLabels English, string DescriptionFr);

/// <summary>An ESCO occupation.</summary>
/// <param name="Index">Row of the occupation in <see cref="EscoClassification.Occupations"/>.</param>
/// <param name="Uri">ESCO concept URI.</param>
/// <param name="Code">ESCO code (the ISCO unit group followed by dotted positions, e.g. <c>2411.1</c>).</param>
/// <param name="IscoGroup">ISCO-08 unit group (4 digits).</param>
/// <param name="BroaderUri">Broader occupation, or the ISCO unit group for a top-level occupation.</param>
/// <param name="ArabicPreferred">Arabic preferred label (ESCO v1.0.x translation), empty where ESCO has none.</param>
/// <param name="Essential">Rows in <see cref="EscoClassification.Skills"/> of the essential skills and knowledge.</param>
/// <param name="Optional">Rows in <see cref="EscoClassification.Skills"/> of the optional skills and knowledge.</param>
public sealed record EscoOccupation(
    int Index,
    string Uri,
    string Code,
    string IscoGroup,
    string? BroaderUri,
    EscoLabels French,
    EscoLabels English,
    string ArabicPreferred,
    string DescriptionFr,
    string DescriptionEn,
    IReadOnlyList<int> Essential,
    IReadOnlyList<int> Optional)
{
    /// <summary>The preferred label in <paramref name="lang"/> (fr, en, ar), falling back to French.</summary>
    public string Label(string lang) => lang switch
    {
        "en" when English.Preferred.Length > 0 => English.Preferred,
        "ar" when ArabicPreferred.Length > 0 => ArabicPreferred,
        _ => French.Preferred,
    };
}

/// <summary>An ESCO skill or knowledge concept.</summary>
/// <param name="Index">Row of the skill in <see cref="EscoClassification.Skills"/>.</param>
/// <param name="ReuseLevel">transversal, cross-sector, sector-specific or occupation-specific.</param>
/// <param name="FrenchSource">Where the French labels come from: <c>official</c> (v1.1.1 collections), <c>live</c>
/// (ESCO API ~v1.2.1), <c>legacy</c> (v1.0.x) or <c>en</c> (none: the French preferred label is the English one).</param>
/// <param name="BroaderUris">Broader skills and skill groups.</param>
public sealed record EscoSkill(
    int Index,
    string Uri,
    EscoSkillType Type,
    string ReuseLevel,
    EscoLabels French,
    EscoLabels English,
    string FrenchSource,
    IReadOnlyList<string> BroaderUris)
{
    /// <summary>The preferred label in <paramref name="lang"/> (fr or en; Arabic has no skill labels), falling back to French.</summary>
    public string Label(string lang) => lang == "en" && English.Preferred.Length > 0 ? English.Preferred : French.Preferred;
}

/// <summary>A group of the ESCO skills pillar (e.g. "communication, collaboration and creativity", or an ISCED-F field).</summary>
public sealed record EscoSkillGroup(string Uri, string Code, EscoLabels French, EscoLabels English, IReadOnlyList<string> BroaderUris);

/// <summary>A skill-to-skill relation (ESCO's skillSkillRelations: a skill that is essential/optional to another).</summary>
public sealed record EscoSkillRelation(int Skill, EscoRelation Relation, int Related);
