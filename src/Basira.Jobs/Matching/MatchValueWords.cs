using System.Globalization;
using Basira.Governance.Decisions;
using Basira.Governance.Models;

namespace Basira.Jobs.Matching;

/// <summary>
/// The recorded values of a match decision (notice field 8): machine-readable <c>key=value;…</c> texts that keep the
/// exact facts (skill and occupation identifiers, counts, distance), one per factor of <see cref="MatchScorer"/>.
/// </summary>
public static class MatchInputs
{
    public const string Source = "offer and seeker's profile";

    public static IReadOnlyList<DecisionInput> Of(MatchExplanation e, SeekerProfile s, OfferProfile o, SkillGraph g, string asOf)
    {
        string Ids(int[] skills) => string.Join('|', skills.Select(k => g.SkillIds[k]));
        var inv = CultureInfo.InvariantCulture;
        string Num(double d) => d.ToString("0.######", inv);
        string[] values =
        [
            $"held={e.MatchedEssential.Length};of={o.Essential.Length};matched={Ids(e.MatchedEssential)};missing={Ids(e.MissingEssential)}",
            $"held={e.MatchedOptional.Length};of={o.Optional.Length};matched={Ids(e.MatchedOptional)};missing={Ids(e.MissingOptional)}",
            $"value={Num(e.Factors.Occupation)};seeker={(e.ClosestOccupation >= 0 ? g.OccupationIds[e.ClosestOccupation] : "")};offer={g.OccupationIds[o.Occupation]}",
            e.DistanceKm is { } km
                ? $"value={Num(e.Factors.Location)};km={Math.Round(km).ToString(inv)};mobility={s.Mobility.ToString().ToLowerInvariant()};reachable={(e.Reachable ? "true" : "false")}"
                : $"value={Num(e.Factors.Location)};remote=true",
            $"years={Num(s.ExperienceYears)};required={Num(o.MinExperienceYears)}",
            $"matched={string.Join('|', LanguageCodes.Codes(e.MatchedLanguages))};missing={string.Join('|', LanguageCodes.Codes(e.MissingLanguages))}",
        ];
        return [.. MatchScorer.Features.Select((f, i) => new DecisionInput(f, values[i], Source, asOf))];
    }

    /// <summary>Parses a recorded value into its fields.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string raw) =>
        raw.Split(';').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    public static IReadOnlyList<string> List(IReadOnlyDictionary<string, string> fields, string key) =>
        fields.TryGetValue(key, out var v) && v.Length > 0 ? v.Split('|') : [];
}

/// <summary>
/// How a recorded match value is said to the person (notice levels 1 and 2) in French, Arabic or English: skills by
/// their ESCO labels (French when the classification has no Arabic label), occupations by name, distances in km, languages
/// by name. The words carry the value exactly (counts, names, distance), so level 2 adds nothing to them.
/// </summary>
public sealed record MatchValueWords(string Feature, SkillGraph Graph, MarketGeography Geography) : FeatureValueWords
{
    /// <summary>Skill names listed before "and N more".</summary>
    public const int ListedSkills = 15;

    private static LocalizedText L(string fr, string ar, string en) => new(fr, ar, en);

    private static readonly LocalizedText SkillsHeld = L("{0} sur {1}", "{0} من أصل {1}", "{0} of {1}");
    private static readonly LocalizedText SkillsNone = L("aucune demandée", "لا شيء مطلوب", "none required");
    private static readonly LocalizedText SkillsMissing = L("{0} ; manquent : {1}", "{0}؛ تنقص: {1}", "{0}; missing: {1}");
    private static readonly LocalizedText SkillsAll = L("{0} ; toutes présentes", "{0}؛ كلها متوفرة", "{0}; all held");
    private static readonly LocalizedText More = L("{0} et {1} autres", "{0} و{1} أخرى", "{0} and {1} more");
    private static readonly LocalizedText Proximity = L("{0} entre « {1} » (votre métier) et « {2} » (l'offre)", "{0} بين «{1}» (مهنتك) و«{2}» (العرض)", "{0} between “{1}” (your occupation) and “{2}” (the offer)");
    private static readonly LocalizedText PathProximity = L("{0} entre « {1} » (votre métier) et « {2} » (le métier proposé)", "{0} بين «{1}» (مهنتك) و«{2}» (المهنة المقترحة)", "{0} between “{1}” (your occupation) and “{2}” (the occupation proposed)");
    private static readonly LocalizedText Demand = L("{0} postes ouverts dans {1} offres à votre portée", "مناصب مفتوحة: {0} في {1} عروض في متناولك", "{0} open positions in {1} offers within your reach");
    private static readonly LocalizedText NoDemand = L("aucun poste ouvert à votre portée aujourd'hui", "لا منصب مفتوح في متناولك اليوم", "no open position within your reach today");
    private static readonly LocalizedText NoOccupation = L("aucun métier déclaré (l'offre : « {0} »)", "لم يُصرَّح بأي مهنة (العرض: «{0}»)", "no occupation declared (the offer: “{0}”)");
    private static readonly LocalizedText Remote = L("offre à distance, accessible de partout", "عرض عن بعد، متاح من أي مكان", "remote offer, open from anywhere");
    private static readonly LocalizedText SameProvince = L("dans votre province", "في إقليمك", "in your province");
    private static readonly LocalizedText Within = L("à {0} km, dans votre mobilité ({1})", "على بعد {0} كلم، ضمن تنقلك ({1})", "{0} km away, within your mobility ({1})");
    private static readonly LocalizedText Outside = L("à {0} km, hors de votre mobilité ({1})", "على بعد {0} كلم، خارج تنقلك ({1})", "{0} km away, outside your mobility ({1})");
    private static readonly LocalizedText Years = L("{0} ans d'expérience pour {1} demandés", "سنوات الخبرة: {0} مقابل {1} مطلوبة", "{0} years of experience for {1} required");
    private static readonly LocalizedText YearsNone = L("aucune expérience demandée (vous : {0} ans)", "لا خبرة مطلوبة (لديك: {0} سنوات)", "no experience required (you: {0} years)");
    private static readonly LocalizedText LanguagesNone = L("aucune langue demandée", "لا لغة مطلوبة", "no language required");
    private static readonly LocalizedText LanguagesAll = L("parlées : {0}", "متقنة: {0}", "spoken: {0}");
    private static readonly LocalizedText LanguagesSome = L("parlées : {0} ; manquantes : {1}", "متقنة: {0}؛ ناقصة: {1}", "spoken: {0}; missing: {1}");
    private static readonly LocalizedText NoneWord = L("aucune", "لا شيء", "none");

    private static readonly IReadOnlyDictionary<string, LocalizedText> Mobility = new Dictionary<string, LocalizedText>
    {
        ["province"] = L("votre province", "إقليمك", "your province"),
        ["region"] = L("votre région", "جهتك", "your region"),
        ["national"] = L("tout le Maroc", "كل المغرب", "all of Morocco"),
    };

    /// <summary>Language names in each language.</summary>
    public static readonly IReadOnlyDictionary<string, LocalizedText> LanguageNames = new Dictionary<string, LocalizedText>
    {
        ["ar"] = L("arabe", "العربية", "Arabic"),
        ["fr"] = L("français", "الفرنسية", "French"),
        ["en"] = L("anglais", "الإنجليزية", "English"),
        ["es"] = L("espagnol", "الإسبانية", "Spanish"),
        ["zgh"] = L("amazighe", "الأمازيغية", "Amazigh"),
        ["de"] = L("allemand", "الألمانية", "German"),
        ["it"] = L("italien", "الإيطالية", "Italian"),
    };

    private static string F(LocalizedText t, string lang, params object[] args) => string.Format(CultureInfo.InvariantCulture, t.In(lang), args);

    private static string Sep(string lang) => lang == "ar" ? "، " : ", ";

    public override SpokenValue? Say(string raw, string lang)
    {
        var f = MatchInputs.Parse(raw);
        try
        {
            return new SpokenValue(Feature switch
            {
                "essential_skills" or "optional_skills" or "skills_held" => SaySkills(f, lang),
                "occupation_proximity" or "path_proximity" => SayProximity(f, lang),
                "demand" => f["positions"] == "0" ? NoDemand.In(lang) : F(Demand, lang, f["positions"], f["offers"]),
                "location" => SayLocation(f, lang),
                "experience" => f["required"] == "0"
                    ? F(YearsNone, lang, Number(double.Parse(f["years"], CultureInfo.InvariantCulture), "0.#", lang))
                    : F(Years, lang, Number(double.Parse(f["years"], CultureInfo.InvariantCulture), "0.#", lang), Number(double.Parse(f["required"], CultureInfo.InvariantCulture), "0.#", lang)),
                "languages" => SayLanguages(f, lang),
                _ => raw,
            }, true);
        }
        catch (Exception e) when (e is KeyNotFoundException or FormatException)
        {
            return null;
        }
    }

    private string SaySkills(IReadOnlyDictionary<string, string> f, string lang)
    {
        if (f["of"] == "0") return SkillsNone.In(lang);
        var held = F(SkillsHeld, lang, f["held"], f["of"]);
        var missing = MatchInputs.List(f, "missing").Select(id => Graph.Skill(id) is { } k ? Graph.SkillLabels[k].In(lang) : id).ToList();
        if (missing.Count == 0) return F(SkillsAll, lang, held);
        var names = string.Join(Sep(lang), missing.Take(ListedSkills));
        if (missing.Count > ListedSkills) names = F(More, lang, names, missing.Count - ListedSkills);
        return F(SkillsMissing, lang, held, names);
    }

    private string OccupationName(string id, string lang) => Graph.Occupation(id) is { } o ? Graph.OccupationLabels[o].In(lang) : id;

    private string SayProximity(IReadOnlyDictionary<string, string> f, string lang)
    {
        var value = Number(double.Parse(f["value"], CultureInfo.InvariantCulture), "0.00", lang);
        return f["seeker"].Length == 0
            ? F(NoOccupation, lang, OccupationName(f["offer"], lang))
            : F(Feature == "path_proximity" ? PathProximity : Proximity, lang, value, OccupationName(f["seeker"], lang), OccupationName(f["offer"], lang));
    }

    private static string SayLocation(IReadOnlyDictionary<string, string> f, string lang)
    {
        if (f.ContainsKey("remote")) return Remote.In(lang);
        if (f["km"] == "0") return SameProvince.In(lang);
        var mobility = Mobility.TryGetValue(f["mobility"], out var m) ? m.In(lang) : f["mobility"];
        return F(f["reachable"] == "true" ? Within : Outside, lang, f["km"], mobility);
    }

    private static string SayLanguages(IReadOnlyDictionary<string, string> f, string lang)
    {
        string Names(IEnumerable<string> codes) => string.Join(Sep(lang), codes.Select(c => LanguageNames.TryGetValue(c, out var n) ? n.In(lang) : c));
        var matched = MatchInputs.List(f, "matched");
        var missing = MatchInputs.List(f, "missing");
        if (matched.Count == 0 && missing.Count == 0) return LanguagesNone.In(lang);
        if (missing.Count == 0) return F(LanguagesAll, lang, Names(matched));
        return F(LanguagesSome, lang, matched.Count == 0 ? NoneWord.In(lang) : Names(matched), Names(missing));
    }

    public override IEnumerable<(string What, LocalizedText Text)> Texts()
    {
        yield return ("skills held", SkillsHeld);
        yield return ("no skills required", SkillsNone);
        yield return ("skills missing", SkillsMissing);
        yield return ("all skills held", SkillsAll);
        yield return ("more", More);
        yield return ("proximity", Proximity);
        yield return ("no occupation", NoOccupation);
        yield return ("path proximity", PathProximity);
        yield return ("demand", Demand);
        yield return ("no demand", NoDemand);
        yield return ("remote", Remote);
        yield return ("same province", SameProvince);
        yield return ("within mobility", Within);
        yield return ("outside mobility", Outside);
        yield return ("years", Years);
        yield return ("no years required", YearsNone);
        yield return ("no language", LanguagesNone);
        yield return ("languages all", LanguagesAll);
        yield return ("languages some", LanguagesSome);
        yield return ("none", NoneWord);
        foreach (var (k, v) in Mobility) yield return ($"mobility {k}", v);
        foreach (var (k, v) in LanguageNames) yield return ($"language {k}", v);
    }
}
