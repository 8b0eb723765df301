using System.Globalization;

namespace Basira.Governance.Models;

/// <summary>
/// How a value of one model feature is said to a person (notice fields 7, 8 and 12), declared by the module in its
/// <see cref="AlgorithmDescriptor.FeatureValues"/>: a label per category code, a number with its unit, or a named band
/// with documented cut points. The raw value stays in the decision record and the API; readers get these words.
/// </summary>
public abstract record FeatureValueWords
{
    /// <summary>The words for <paramref name="raw"/> in <paramref name="lang"/> (fr, ar, en), or null when the value is not one these words know.</summary>
    public abstract SpokenValue? Say(string raw, string lang);

    /// <summary>Every text of the declaration, named, for the completeness checks (<see cref="FeatureValueWordsCheck"/>).</summary>
    public abstract IEnumerable<(string What, LocalizedText Text)> Texts();

    /// <summary>Formats a number the way a reader of <paramref name="lang"/> writes it: decimal comma in French and Arabic, point in English; Latin digits.</summary>
    public static string Number(double value, string format, string lang) =>
        value.ToString(format, lang == "en" ? CultureInfo.InvariantCulture.NumberFormat : CommaDecimal);

    private static readonly NumberFormatInfo CommaDecimal = new() { NumberDecimalSeparator = ",", NumberGroupSeparator = " " };

    /// <summary>The exact value as level 2 of the notice shows it beside the words: a number in the reader's way of writing it, else the value as recorded.</summary>
    public static string Exact(string raw, string lang) => Parse(raw) is { } v ? Number(v, "0.##########", lang) : raw;

    internal static double? Parse(string raw) =>
        double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;
}

/// <summary>A value in words. <see cref="IsExact"/>: the words carry the exact value (a category, a number written in full), so level 2 need not add it.</summary>
public sealed record SpokenValue(string Text, bool IsExact);

/// <summary>A category feature: one label per code, in French, Arabic and English. Codes are matched exactly, then ignoring case.</summary>
public sealed record CategoryWords(IReadOnlyDictionary<string, LocalizedText> Labels) : FeatureValueWords
{
    public override SpokenValue? Say(string raw, string lang)
    {
        if (Labels.TryGetValue(raw, out var l)) return new SpokenValue(l.In(lang), true);
        var match = Labels.FirstOrDefault(kv => string.Equals(kv.Key, raw.Trim(), StringComparison.OrdinalIgnoreCase));
        return match.Value is null ? null : new SpokenValue(match.Value.In(lang), true);
    }

    public override IEnumerable<(string What, LocalizedText Text)> Texts() => Labels.Select(kv => ($"category '{kv.Key}'", kv.Value));
}

/// <summary>
/// A number said with its unit. <see cref="Other"/> is the template (<c>{0}</c> = the number, multiplied by
/// <see cref="Scale"/> and written with <see cref="Format"/>), e.g. "{0} jours d'absence". <see cref="One"/> is used for
/// a singular number (French: below 2; English: exactly 1) and <see cref="Zero"/> for zero, when given. Arabic number
/// agreement has more forms than these: write the Arabic templates so that they read right for every number
/// (e.g. the noun before the number: "أيام الغياب: {0}"); only <see cref="Zero"/> is used in Arabic.
/// </summary>
public sealed record QuantityWords(LocalizedText Other) : FeatureValueWords
{
    public LocalizedText? One { get; init; }
    public LocalizedText? Zero { get; init; }
    public string Format { get; init; } = "0.##";
    public double Scale { get; init; } = 1;

    public override SpokenValue? Say(string raw, string lang)
    {
        if (Parse(raw) is not { } v) return null;
        var scaled = v * Scale;
        var shown = Number(scaled, Format, lang);
        var exact = shown == Number(scaled, "0.##########", lang);
        var rounded = double.TryParse(scaled.ToString(Format, CultureInfo.InvariantCulture), NumberStyles.Float | NumberStyles.AllowThousands,
            CultureInfo.InvariantCulture, out var r) ? r : scaled;
        var template = rounded == 0 && Zero is not null ? Zero
            : One is not null && lang != "ar" && (lang == "fr" ? Math.Abs(rounded) < 2 : rounded == 1) ? One
            : Other;
        return new SpokenValue(string.Format(CultureInfo.InvariantCulture, template.In(lang), shown), exact);
    }

    public override IEnumerable<(string What, LocalizedText Text)> Texts()
    {
        yield return ("quantity", Other);
        if (One is not null) yield return ("quantity (one)", One);
        if (Zero is not null) yield return ("quantity (zero)", Zero);
    }
}

/// <summary>
/// A number said as a named band: band <c>i</c> holds the values from <c>CutPoints[i-1]</c> (included) up to
/// <c>CutPoints[i]</c> (excluded), so there is one more label than cut points. <see cref="Basis"/> says where the cut
/// points come from (shown in the register; it is part of the algorithm's documentation). The words never carry the
/// exact value: level 2 of the notice adds it.
/// </summary>
public sealed record BandWords(IReadOnlyList<double> CutPoints, IReadOnlyList<LocalizedText> Labels, LocalizedText Basis) : FeatureValueWords
{
    public override SpokenValue? Say(string raw, string lang)
    {
        if (Parse(raw) is not { } v) return null;
        if (Labels.Count != CutPoints.Count + 1) throw new InvalidOperationException($"a band declaration needs one more label than cut points ({Labels.Count} labels, {CutPoints.Count} cut points)");
        var band = CutPoints.Count(c => v >= c);
        return new SpokenValue(Labels[band].In(lang), false);
    }

    public override IEnumerable<(string What, LocalizedText Text)> Texts() =>
        Labels.Select((l, i) => ($"band {i + 1}", l)).Append(("band basis", Basis));
}

/// <summary>
/// Checks a descriptor's value words: every feature has words, every category code seen in the data has a label, and
/// every text exists in French, Arabic and English, the Arabic one in Arabic script. A module's tests call it with the
/// values its data can hold; an empty answer means the notice can say every value to a person.
/// </summary>
public static class FeatureValueWordsCheck
{
    public static IReadOnlyList<string> Problems(AlgorithmDescriptor a, IReadOnlyDictionary<string, IReadOnlyCollection<string>> observedValues)
    {
        var problems = new List<string>();
        foreach (var (feature, values) in observedValues.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!a.FeatureValues.TryGetValue(feature, out var words))
            {
                problems.Add($"{feature}: no value words");
                continue;
            }
            foreach (var (what, text) in words.Texts())
                problems.AddRange(TextProblems($"{feature}, {what}", text));
            foreach (var raw in values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                foreach (var lang in (string[])["fr", "ar", "en"])
                {
                    var said = words.Say(raw, lang);
                    if (said is null) problems.Add($"{feature} = '{raw}': no words in {lang}");
                    else if (words is CategoryWords && string.Equals(said.Text.Trim(), raw.Trim(), StringComparison.OrdinalIgnoreCase))
                        problems.Add($"{feature} = '{raw}': the {lang} label is the code itself");
                }
        }
        return problems;
    }

    private static IEnumerable<string> TextProblems(string where, LocalizedText t)
    {
        foreach (var (lang, s) in (IEnumerable<(string, string)>)[("fr", t.Fr), ("ar", t.Ar), ("en", t.En)])
            if (string.IsNullOrWhiteSpace(s)) yield return $"{where}: no {lang} text";
        if (!string.IsNullOrWhiteSpace(t.Ar) && !HasArabicScript(t.Ar)) yield return $"{where}: the Arabic text '{t.Ar}' has no Arabic script";
    }

    public static bool HasArabicScript(string s) => s.Any(c => c is >= '\u0600' and <= '\u06FF');
}
