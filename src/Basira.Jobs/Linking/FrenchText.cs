using System.Globalization;
using System.Text;

namespace Basira.Jobs.Linking;

/// <summary>
/// Text normalisation for job titles, French first (also English and Arabic): accent and case folding, gender markers
/// and gender alternations ("directeur / directrice", "(H/F)"), stop words, and a light stemmer that maps feminine and
/// plural forms onto one stem ("directrice", "directeurs" → "directeur"; "vendeuse" → "vendeur"; "cheffe" → "chef").
/// </summary>
public static class FrenchText
{
    private static readonly HashSet<string> Stopwords = new(StringComparer.Ordinal)
    {
        // French
        "de", "du", "des", "la", "le", "les", "en", "et", "au", "aux", "pour", "dans", "sur", "par", "avec", "un", "une",
        "ou", "sous", "chez", "son", "sa", "ses", "leur", "leurs", "est", "qui", "que", "ce", "cet", "cette", "ces",
        // English
        "of", "the", "and", "for", "in", "on", "to", "with", "an", "or", "at", "by",
        // Arabic (folded)
        "في", "من", "على", "الى", "او", "و",
    };

    /// <summary>
    /// Case, accents and punctuation folded: lower case, diacritics removed (French accents, Arabic vowel marks),
    /// ligatures expanded, Arabic letter variants unified; every character that is not a letter or a digit becomes one
    /// space.
    /// </summary>
    public static string Fold(string text)
    {
        var d = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(d.Length + 8);
        var space = true;
        foreach (var ch in d)
        {
            var cat = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (cat is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format) continue;
            if (char.IsLetterOrDigit(ch))
            {
                switch (ch)
                {
                    case 'œ' or 'Œ': sb.Append("oe"); break;
                    case 'æ' or 'Æ': sb.Append("ae"); break;
                    case 'ß': sb.Append("ss"); break;
                    case 'أ' or 'إ' or 'آ' or 'ٱ': sb.Append('ا'); break;
                    case 'ة': sb.Append('ه'); break;
                    case 'ى': sb.Append('ي'); break;
                    case 'ـ': break;
                    default: sb.Append(char.ToLowerInvariant(ch)); break;
                }
                space = false;
            }
            else if (!space)
            {
                sb.Append(' ');
                space = true;
            }
        }
        if (sb.Length > 0 && sb[^1] == ' ') sb.Length--;
        return sb.ToString();
    }

    /// <summary>The words of a folded text (split on spaces).</summary>
    public static string[] Words(string folded) => folded.Length == 0 ? [] : folded.Split(' ');

    /// <summary>True for a stop word or a one-letter token (the "h", "f", "x" of "(h/f/x)", the "l", "d" of elisions).</summary>
    public static bool IsNoise(string word) => word.Length < 2 || Stopwords.Contains(word);

    /// <summary>The content words of a text: folded, without stop words and one-letter tokens.</summary>
    public static string[] ContentWords(string text) => [.. Words(Fold(text)).Where(w => !IsNoise(w))];

    /// <summary>The stems of a text's content words, in order (duplicates kept).</summary>
    public static string[] Stems(string text) => [.. ContentWords(text).Select(Stem)];

    /// <summary>
    /// Light stem of a folded word: plural and feminine endings mapped onto the masculine singular, then a final
    /// <c>e</c> dropped, so that both genders and numbers of a job title share their stems. Arabic words lose the
    /// article <c>ال</c>. Digits and short words are kept as they are.
    /// </summary>
    public static string Stem(string w)
    {
        if (w.Length < 4) return w;
        if (w[0] >= '\u0600' && w[0] <= '\u06FF')
        {
            if (w.StartsWith("ال", StringComparison.Ordinal) && w.Length > 4) w = w[2..];
            if (w.EndsWith("ه", StringComparison.Ordinal) && w.Length > 3) w = w[..^1];
            return w;
        }
        // plural
        if (w.EndsWith("eaux", StringComparison.Ordinal)) w = w[..^1];
        else if (w.EndsWith("aux", StringComparison.Ordinal) && w.Length > 4) w = w[..^3] + "al";
        else if (w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal) && w.Length > 3) w = w[..^1];
        // feminine → masculine
        w = Replace(w, "trice", "teur")
            ?? Replace(w, "euse", "eur")
            ?? Replace(w, "ienne", "ien")
            ?? Replace(w, "onne", "on")
            ?? Replace(w, "effe", "ef")
            ?? Replace(w, "tresse", "tre")
            ?? Replace(w, "tesse", "te")
            ?? Replace(w, "iere", "ier")
            ?? Replace(w, "ere", "er")
            ?? Replace(w, "ive", "if")
            ?? Replace(w, "ette", "et")
            ?? Replace(w, "elle", "el")
            ?? Replace(w, "ee", "e")
            ?? w;
        if (w.Length > 4 && w.EndsWith('e')) w = w[..^1];
        return w;
    }

    private static string? Replace(string w, string suffix, string by) =>
        w.Length > suffix.Length + 1 && w.EndsWith(suffix, StringComparison.Ordinal) ? w[..^suffix.Length] + by : null;

    /// <summary>
    /// The readings of a title written with slashes. A gender alternation — the words before the slash end like the
    /// words after it begin, stem for stem — gives the masculine and the feminine titles in full: "Directeur /
    /// Directrice comptable" → "Directeur comptable", "Directrice comptable"; "Chef mécanicien / mécanicienne marine" →
    /// "Chef mécanicien marine", "Chef mécanicienne marine". Otherwise the parts are read as separate jobs ("Commercial
    /// / Assistant commercial", "Maître / Éducatrice / Enseignante"). Gender markers such as "(H/F)", "(h/f/x)",
    /// "assistant(e)" are removed first.
    /// </summary>
    public static IReadOnlyList<string> Readings(string title)
    {
        var t = RemoveGenderMarkers(title);
        var parts = t.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(p => p.Length > 0).ToList();
        if (parts.Count <= 1) return [t.Replace('/', ' ').Trim()];
        var readings = new List<string>();
        for (var i = 0; i < parts.Count; i++)
        {
            var a = parts[i];
            if (i + 1 < parts.Count && Overlap(a, parts[i + 1]) is var k and > 0)
            {
                var b = parts[i + 1];
                readings.Add(string.Join(' ', a.Concat(b.Skip(k))));
                readings.Add(string.Join(' ', a.Take(a.Length - k).Concat(b)));
                i++;
                continue;
            }
            readings.Add(string.Join(' ', a));
        }
        return [.. readings.Distinct(StringComparer.Ordinal)];
    }

    // The largest k (at most 3) such that the last k words of a and the first k words of b have the same stems.
    private static int Overlap(string[] a, string[] b)
    {
        for (var k = Math.Min(3, Math.Min(a.Length, b.Length)); k >= 1; k--)
        {
            var same = true;
            for (var j = 0; j < k && same; j++) same = StemOf(a[a.Length - k + j]) == StemOf(b[j]);
            if (same) return k;
        }
        return 0;
    }

    private static string StemOf(string word)
    {
        var w = Words(Fold(word));
        return w.Length == 0 ? "" : string.Join(' ', w.Select(Stem));
    }

    /// <summary>Removes the gender markers of job offers: "(H/F)", "H/F", "(F/H)", "(h/f/x)", "(M/F)", and feminine or
    /// plural endings in parentheses glued to a word ("assistant(e)" → "assistant").</summary>
    public static string RemoveGenderMarkers(string title)
    {
        var sb = new StringBuilder(title.Length);
        var i = 0;
        while (i < title.Length)
        {
            var m = GenderMarkerLength(title, i);
            if (m > 0)
            {
                i += m;
                sb.Append(' ');
                continue;
            }
            sb.Append(title[i++]);
        }
        return string.Join(' ', sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    // A feminine/plural ending in parentheses glued to a word; or, at a word boundary, h/f/m/x letters separated by "/" (at
    // least two letters), in parentheses or not, followed by a word boundary.
    private static int GenderMarkerLength(string s, int i)
    {
        if (s[i] == '(' && i > 0 && char.IsLetter(s[i - 1]))
        {
            // "assistant(e)", "technicien(ne)", "maître(sse)", "agent(s)": up to 5 letters in parentheses glued to a word
            var k = i + 1;
            while (k < s.Length && k - i <= 6 && char.IsLetter(s[k])) k++;
            if (k > i + 1 && k - i <= 6 && k < s.Length && s[k] == ')') return k + 1 - i;
        }
        if (i > 0 && char.IsLetterOrDigit(s[i - 1])) return 0;
        var j = i;
        var paren = s[j] == '(';
        if (paren) j++;
        var letters = 0;
        while (j < s.Length && "hfmxHFMX".Contains(s[j], StringComparison.Ordinal))
        {
            letters++;
            j++;
            if (j < s.Length && s[j] == '/' && j + 1 < s.Length && "hfmxHFMX".Contains(s[j + 1], StringComparison.Ordinal)) j++;
            else break;
        }
        if (letters < 2) return 0;
        if (paren)
        {
            if (j < s.Length && s[j] == ')') j++;
            else return 0;
        }
        if (j < s.Length && char.IsLetterOrDigit(s[j])) return 0;
        return j - i;
    }
}
