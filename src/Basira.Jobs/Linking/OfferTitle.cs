using System.Text.RegularExpressions;
using Basira.Jobs.Offers;

namespace Basira.Jobs.Linking;

/// <summary>
/// Cleans a job title as written in an offer before linking: what follows a "|" (place, company), places in
/// parentheses or after "à", "-", "," (and a place name at the end), gender markers, and recruiting noise ("URGENT",
/// "recrute", "offre d'emploi", "CDI", "Maroc"). E-mail addresses and phone numbers are removed too.
/// </summary>
public static partial class OfferTitle
{
    private static readonly HashSet<string> Noise = new(StringComparer.Ordinal)
    {
        "urgent", "urgence", "tres urgent", "recrute", "recrutent", "recrutons", "recrutement", "nous recrutons", "on recrute",
        "offre d emploi", "offre emploi", "offre", "emploi", "poste", "job", "hiring", "we are hiring", "cdi", "cdd",
        "maroc", "morocco", "royaume du maroc", "المغرب", "h f", "f h", "m f", "h f x",
    };

    private static readonly HashSet<string> PlacePrepositions = new(StringComparer.Ordinal) { "a", "au", "sur", "in", "at", "region", "ville", "بمدينة", "ب" };

    // Abbreviations of job offers, expanded in a second spelling of the title (the first keeps them: ESCO has a few).
    // Those that are also common words ("si", "it", "ia", "bi", "dg", "cm") are expanded only when written in capitals.
    private static readonly Dictionary<string, string> Abbreviations = new(StringComparer.Ordinal)
    {
        ["rh"] = "ressources humaines", ["grh"] = "gestion des ressources humaines", ["drh"] = "directeur des ressources humaines",
        ["rrh"] = "responsable des ressources humaines", ["daf"] = "directeur administratif et financier",
        ["raf"] = "responsable administratif et financier", ["pdg"] = "président directeur général", ["dg"] = "directeur général",
        ["dsi"] = "directeur des systèmes d'information", ["si"] = "systèmes d'information", ["it"] = "informatique",
        ["btp"] = "bâtiment et travaux publics", ["qhse"] = "qualité hygiène sécurité environnement",
        ["hse"] = "hygiène sécurité environnement", ["adv"] = "administration des ventes", ["sav"] = "service après-vente",
        ["ia"] = "intelligence artificielle", ["bi"] = "informatique décisionnelle", ["cm"] = "community manager",
        ["tce"] = "tous corps d'état", ["cao"] = "conception assistée par ordinateur", ["dao"] = "dessin assisté par ordinateur",
        ["resp"] = "responsable", ["ing"] = "ingénieur", ["tech"] = "technicien", ["dev"] = "développeur", ["comm"] = "commercial",
        ["admin"] = "administrateur", ["assist"] = "assistant", ["compta"] = "comptable", ["commerc"] = "commercial",
    };

    private static readonly HashSet<string> CapitalsOnly = new(StringComparer.Ordinal) { "si", "it", "ia", "bi", "dg", "cm" };

    /// <summary>
    /// The spellings of a cleaned title to link: the title itself and, when it has offer abbreviations ("Assistant RH",
    /// "Resp. ADV", "Ingénieur BTP"), the title with them written out.
    /// </summary>
    public static IReadOnlyList<string> Spellings(string cleaned)
    {
        var changed = false;
        var words = cleaned.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w =>
        {
            var core = w.Trim('.', ',', ';', ':', '(', ')');
            var f = FrenchText.Fold(core);
            if (!Abbreviations.TryGetValue(f, out var full)) return w;
            if (CapitalsOnly.Contains(f) && !core.All(char.IsUpper)) return w;
            changed = true;
            return full;
        }).ToList();
        return changed ? [cleaned, string.Join(' ', words)] : [cleaned];
    }

    /// <summary>The title to link. Never null; empty when nothing but noise was left.</summary>
    public static string Clean(string title)
    {
        var t = PersonalData.Redact(title, out _);
        var bar = t.IndexOf('|', StringComparison.Ordinal);
        if (bar > 0) t = t[..bar];
        t = Parenthesised().Replace(t, m => IsPlaceOrNoise(m.Groups[1].Value) ? " " : m.Value);
        t = FrenchText.RemoveGenderMarkers(t);
        // a trailing "- Casablanca", ", Rabat", "à Tanger"
        var tokens = t.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        RemovePlaces(tokens);
        RemoveNoise(tokens);
        return string.Join(' ', tokens).Trim(' ', '-', '–', ',', ';', ':', '.', '/');
    }

    private static bool IsPlaceOrNoise(string s)
    {
        var f = FrenchText.Fold(s);
        if (f.Length == 0) return false;
        if (Noise.Contains(f) || MoroccoPlaces.IsNational(f)) return true;
        return MoroccoPlaces.Resolve(s).Kind is PlaceKind.City or PlaceKind.Remote or PlaceKind.National
            && f.Split(' ').All(w => MoroccoPlaces.IsCity(w) || MoroccoPlaces.IsNational(w) || IsPlaceWord(w) || PlacePrepositions.Contains(w));
    }

    private static bool IsPlaceWord(string w) => w is "ou" or "et" or "and" or "or" or "distance" or "remote" or "teletravail" or "region";

    // Remove place names (1..n words) that are preceded by a preposition or a dash, or that end the title; the first
    // word is never removed (a title "Casablanca Finance City analyst" keeps its head).
    private static void RemovePlaces(List<string> tokens)
    {
        var folded = tokens.Select(FrenchText.Fold).ToList();
        for (var i = 1; i < tokens.Count; i++)
        {
            for (var n = Math.Min(MoroccoPlaces.MaxWords, tokens.Count - i); n >= 1; n--)
            {
                var name = string.Join(' ', folded.Skip(i).Take(n).Where(f => f.Length > 0));
                if (name.Length == 0 || !(MoroccoPlaces.IsCity(name) || MoroccoPlaces.IsNational(name))) continue;
                var prev = folded[i - 1];
                var end = i + n == tokens.Count;
                var afterPreposition = PlacePrepositions.Contains(prev) || prev.Length == 0 || tokens[i - 1].EndsWith(',');
                if (!end && !afterPreposition) continue;
                var from = i;
                if (PlacePrepositions.Contains(prev) || prev.Length == 0) from = i - 1;
                if (from == 0) from = i;
                tokens.RemoveRange(from, i + n - from);
                folded.RemoveRange(from, i + n - from);
                i = Math.Max(0, from - 1);
                break;
            }
        }
    }

    private static void RemoveNoise(List<string> tokens)
    {
        for (var n = 3; n >= 1; n--)
            for (var i = 0; i + n <= tokens.Count; i++)
            {
                var f = FrenchText.Fold(string.Join(' ', tokens.Skip(i).Take(n)));
                if (f.Length == 0 || !Noise.Contains(f)) continue;
                if (tokens.Count == n) return; // never empty a title that is only "Offre" or "Emploi"
                tokens.RemoveRange(i, n);
                i--;
            }
    }

    [GeneratedRegex(@"\(([^()]*)\)")]
    private static partial Regex Parenthesised();
}
