using Basira.Jobs.Esco;

namespace Basira.Jobs.Linking;

/// <summary>A skill found in a text.</summary>
/// <param name="Uri">ESCO skill URI.</param>
/// <param name="Label">Its preferred label in the requested language.</param>
/// <param name="Type">skill/competence or knowledge.</param>
/// <param name="Mentions">How many times it was found.</param>
/// <param name="Matched">The words of the text that matched, as written (first mention).</param>
/// <param name="Score">Evidence: Σ over mentions of the matched label's specificity (IDF of its stems), higher is surer.</param>
public sealed record SkillMention(string Uri, string Label, string Type, int Mentions, string Matched, double Score);

/// <summary>
/// Finds ESCO skills and knowledge in offer or CV text, French first (English labels too): a phrase index of every
/// preferred, alternative and hidden label of the 13,896 skills, as sequences of light stems without stop words, matched
/// against the text's stem sequence, longest phrase first at each position. A one-word label counts only when the word
/// is specific (in few skill labels, at least 4 letters or an acronym such as "SQL", not a common word of offers), so
/// "Python", "SQL" or "comptabilité" are found and "gestion" is not. Each skill is scored by its mentions and the specificity of the matched label.
/// </summary>
public sealed class SkillExtractor
{
    private const int MaxPhrase = 6;

    /// <summary>A one-word label whose stem appears in more skill labels than this is too general to stand alone.</summary>
    private const int MaxSingleWordSkills = 12;

    private static readonly Lazy<SkillExtractor> Lazy = new(() => new SkillExtractor(EscoClassification.Shared), LazyThreadSafetyMode.ExecutionAndPublication);

    // Common words of offers that are also one-word ESCO labels or alternative labels: never a skill on their own.
    private static readonly HashSet<string> CommonStems = new(CommonWords().Select(FrenchText.Stem), StringComparer.Ordinal);

    private static string[] CommonWords() =>
    [
        "communication", "gestion", "vente", "management", "service", "travail", "marketing", "conseil", "organisation", "formation", "accueil", "support", "analyse", "design", "sport",
        "securite", "qualite", "production", "maintenance", "commerce", "logistique", "finance", "transport", "data",
        "informatique", "web", "digital", "projet", "client", "equipe", "test", "tests", "reseau", "reseaux", "ecoute",
        "autonomie", "rigueur", "dynamisme", "leadership", "creativite", "adaptabilite", "motivation", "ponctualite",
    ];

    private readonly EscoClassification esco;
    private readonly Dictionary<string, (int Skill, double Weight)> phrases = new(StringComparer.Ordinal);

    public SkillExtractor(EscoClassification esco)
    {
        this.esco = esco;
        // stem document frequency over the skills (a stem shared by many skills is general)
        var labelStems = esco.Skills.Select(s => Labels(s).Select(l => (Stems: FrenchText.Stems(l.Text), l.Priority, Acronym: IsAcronym(l.Text)))
            .Where(x => x.Stems.Length is > 0 and <= MaxPhrase).ToList()).ToList();
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var skill in labelStems)
            foreach (var stem in skill.SelectMany(x => x.Stems).Distinct(StringComparer.Ordinal))
                df[stem] = df.GetValueOrDefault(stem) + 1;
        var n = esco.Skills.Count;
        double Idf(string s) => Math.Log(1.0 + (n - df.GetValueOrDefault(s) + 0.5) / (df.GetValueOrDefault(s) + 0.5));
        // a phrase shared by several skills goes to the best kind of label: French preferred, French alternative, English
        // preferred, English alternative, hidden; then to the first skill
        foreach (var (k, stems, _, acronym) in labelStems.SelectMany((l, k) => l.Select(x => (k, x.Stems, x.Priority, x.Acronym))).OrderBy(x => x.Priority).ThenBy(x => x.k))
        {
            if (stems.Length == 1 && (stems[0].Length < (acronym ? 3 : 4) || df.GetValueOrDefault(stems[0]) > MaxSingleWordSkills || CommonStems.Contains(stems[0])))
                continue;
            phrases.TryAdd(string.Join(' ', stems), (k, stems.Sum(Idf)));
        }
    }

    /// <summary>The extractor over the embedded ESCO classification, built on first use.</summary>
    public static SkillExtractor Shared => Lazy.Value;

    /// <summary>Number of phrases in the index.</summary>
    public int PhraseCount => phrases.Count;

    /// <summary>The skills found in <paramref name="text"/>, the surest first.</summary>
    public IReadOnlyList<SkillMention> Extract(string text, string lang = "fr")
    {
        // words as written, folded and stemmed, stop words out (their positions are skipped so "gestion de la paie" matches "gestion paie")
        var original = text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var tokens = new List<(string Stem, int Word)>();
        for (var i = 0; i < original.Length; i++)
            foreach (var w in FrenchText.Words(FrenchText.Fold(original[i])))
                if (!FrenchText.IsNoise(w)) tokens.Add((FrenchText.Stem(w), i));
        var found = new Dictionary<int, (int Mentions, string Matched, double Score)>();
        for (var i = 0; i < tokens.Count;)
        {
            var matched = 0;
            for (var len = Math.Min(MaxPhrase, tokens.Count - i); len >= 1 && matched == 0; len--)
            {
                var key = string.Join(' ', tokens.Skip(i).Take(len).Select(t => t.Stem));
                if (!phrases.TryGetValue(key, out var p)) continue;
                var from = tokens[i].Word;
                var to = tokens[i + len - 1].Word;
                if (to - from > len + 2) continue; // too many stop words in between: not the phrase
                var words = string.Join(' ', original[from..(to + 1)]).Trim('.', ',', ';', ':', '(', ')', '!', '?', '"', '«', '»', '-', '•', '*');
                found[p.Skill] = found.TryGetValue(p.Skill, out var f) ? (f.Mentions + 1, f.Matched, f.Score + p.Weight) : (1, words, p.Weight);
                matched = len;
            }
            i += Math.Max(1, matched);
        }
        return [.. found.Select(kv =>
            {
                var s = esco.Skills[kv.Key];
                return new SkillMention(s.Uri, s.Label(lang), s.Type switch { EscoSkillType.Knowledge => "knowledge", EscoSkillType.SkillCompetence => "skill/competence", _ => "" },
                    kv.Value.Mentions, kv.Value.Matched, Math.Round(kv.Value.Score, 3));
            })
            .OrderByDescending(m => m.Score).ThenBy(m => m.Uri, StringComparer.Ordinal)];
    }

    // "SQL", "SAP", "PHP": a short label written in capitals is an acronym, specific enough at three letters
    private static bool IsAcronym(string label) => label.Length is >= 2 and <= 5 && label.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));

    private static IEnumerable<(string Text, int Priority)> Labels(EscoSkill s)
    {
        yield return (s.French.Preferred, 0);
        foreach (var a in s.French.Alternative) yield return (a, 1);
        if (s.English.Preferred.Length > 0) yield return (s.English.Preferred, 2);
        foreach (var a in s.English.Alternative) yield return (a, 3);
        foreach (var h in s.French.Hidden.Concat(s.English.Hidden)) yield return (h, 4);
    }
}
