using System.Globalization;
using Basira.Jobs.Matching;
using Basira.Jobs.Training;

namespace Basira.Jobs.Guidance;

/// <summary>The personal plan in plain French, Arabic or English: short sentences built from the plan's figures.</summary>
public static class PlanText
{
    private sealed record T(string Fr, string Ar, string En)
    {
        public string In(string lang, params object[] args) =>
            string.Format(CultureInfo.InvariantCulture, lang switch { "ar" => Ar, "en" => En, _ => Fr }, args);
    }

    private static readonly T OffersSome = new(
        "Aujourd'hui, {0} offre(s) vous correspondent. La meilleure : « {1} » (score {2}).",
        "اليوم، تناسبك {0} من العروض. أفضلها: «{1}» (النتيجة {2}).",
        "Today, {0} offer(s) match you. The best: “{1}” (score {2}).");
    private static readonly T OffersNone = new(
        "Aucune offre ouverte ne vous correspond encore aujourd'hui.",
        "لا يوجد اليوم أي عرض مفتوح يناسبك بعد.",
        "No open offer matches you yet today.");
    private static readonly T PathNow = new(
        "Métier à viser dès maintenant : « {0} ». Vous avez {1} % de ses compétences essentielles ; {2} poste(s) ouvert(s) à votre portée.",
        "مهنة يمكنك استهدافها الآن: «{0}». لديك {1} % من كفاءاتها الأساسية؛ والمناصب المفتوحة في متناولك: {2}.",
        "Occupation to aim for now: “{0}”. You hold {1} % of its essential skills; {2} open position(s) within your reach.");
    private static readonly T PathLater = new(
        "Métier à viser ensuite : « {0} ». Vous avez {1} % de ses compétences essentielles ; il vous manque : {2}.",
        "المهنة التي يمكنك استهدافها بعد ذلك: «{0}». لديك {1} % من كفاءاتها الأساسية؛ وتنقصك: {2}.",
        "Occupation to aim for next: “{0}”. You hold {1} % of its essential skills; you lack: {2}.");
    private static readonly T PathNone = new(
        "Aucun autre métier n'a pu être proposé à partir de vos compétences déclarées : complétez votre profil avec votre conseiller.",
        "تعذر اقتراح مهنة أخرى انطلاقا من كفاءاتك المصرح بها: أكمل ملفك مع مستشارك.",
        "No other occupation could be proposed from your declared skills: complete your profile with your counsellor.");
    private static readonly T TrainingSome = new(
        "Formation proposée : {0} module(s), {1} heures en tout. Avec elle, {2} offre(s) ouverte(s) vous seraient accessibles, contre {3} aujourd'hui.",
        "التكوين المقترح: {0} من الوحدات، بمجموع {1} ساعة. وبه ستصبح {2} من العروض المفتوحة في متناولك، مقابل {3} اليوم.",
        "Training proposed: {0} module(s), {1} hours in all. With it, {2} open offer(s) would be within your reach, against {3} today.");
    private static readonly T TrainingNone = new(
        "Aucune formation du catalogue à votre portée ne couvre ces compétences pour l'instant.",
        "لا يغطي حاليا أي تكوين في متناولك من الكتالوج هذه الكفاءات.",
        "No training of the catalogue within your reach covers these skills yet.");
    private static readonly T News = new(
        "Nouveau depuis votre dernière visite : {0} offre(s), dont « {1} ».",
        "جديد منذ زيارتك الأخيرة: {0} من العروض، منها «{1}».",
        "New since your last visit: {0} offer(s), including “{1}”.");
    private static readonly T Closing = new(
        "Ce plan est une proposition : vous choisissez, avec votre conseiller. Chaque proposition a son avis et vous pouvez vous y opposer.",
        "هذا المخطط اقتراح: أنت من يختار، مع مستشارك. ولكل اقتراح إشعاره ويمكنك التعرض عليه.",
        "This plan is a proposal: you choose, with your counsellor. Each proposal has its notice and you may object to it.");

    public static IReadOnlyList<string> Write(string lang, SeekerRanking? offers, IReadOnlyList<CareerPath> paths, CareerPath? trainingFor, TrainingPlan? training,
        IReadOnlyList<GuidanceNotification> notifications)
    {
        var sep = lang == "ar" ? "، " : ", ";
        var text = new List<string>();
        if (notifications.Count > 0) text.Add(News.In(lang, notifications.Count, notifications[0].Title));
        text.Add(offers is { Offers.Count: > 0 } o
            ? OffersSome.In(lang, o.Offers.Count, o.Offers[0].Title, FeatureNumber(o.Offers[0].Score, lang))
            : OffersNone.In(lang));
        if (paths.Count == 0) text.Add(PathNone.In(lang));
        foreach (var p in paths.Take(2))
            text.Add(p.Missing.Count == 0 || p.Kind == "now"
                ? PathNow.In(lang, p.Occupation, Math.Round(p.SkillsHeld * 100), p.PositionsInReach)
                : PathLater.In(lang, p.Occupation, Math.Round(p.SkillsHeld * 100), string.Join(sep, p.Missing.Take(5).Select(m => m.Label)) + (p.Missing.Count > 5 ? "…" : "")));
        if (trainingFor is not null)
            text.Add(training is { Courses.Count: > 0 } t ? TrainingSome.In(lang, t.Courses.Count, t.TotalHours, t.ReachableAfter, t.ReachableNow) : TrainingNone.In(lang));
        text.Add(Closing.In(lang));
        return text;
    }

    private static string FeatureNumber(double v, string lang) => Basira.Governance.Models.FeatureValueWords.Number(v, "0.00", lang);
}
