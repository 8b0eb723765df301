using System.Globalization;
using Basira.Education.Learning.Tracing;

namespace Basira.Education.Learning;

/// <summary>Thresholds of the learning path.</summary>
public sealed record PathPolicy
{
    /// <summary>A skill is mastered when the pupil's mean success probability on its exercises reaches this.</summary>
    public double Mastery { get; init; } = 0.8;

    /// <summary>The learning zone: exercises the pupil should succeed at with this probability (not too easy, not too hard).</summary>
    public double ZoneLow { get; init; } = 0.6;

    public double ZoneHigh { get; init; } = 0.8;

    /// <summary>An exercise answered among the pupil's last answers is not proposed again right away.</summary>
    public int NoRepeatWithin { get; init; } = 5;

    public static PathPolicy Default { get; } = new();
}

/// <summary>Why an exercise was chosen.</summary>
public enum ChoiceReason
{
    /// <summary>Its success probability lies in the learning zone.</summary>
    InZone,

    /// <summary>No exercise of the open skills lies in the zone; this one is the easiest (all are harder).</summary>
    EasiestAvailable,

    /// <summary>No exercise lies in the zone; this one is the hardest (all are easier).</summary>
    HardestAvailable,

    /// <summary>Every skill is mastered: nothing to propose.</summary>
    PathComplete,
}

/// <summary>The next exercise for one pupil and the one-sentence reason for the teacher.</summary>
public sealed record NextChoice(string? ItemId, string? SkillId, double? Probability, ChoiceReason Reason, IReadOnlyList<string> MasteredPrerequisites,
    double SkillMastery)
{
    /// <summary>The choice said in one sentence, in French, Arabic or English.</summary>
    public string Explain(Basira.Education.Learning.ItemBank.ItemBank bank, string lang, PathPolicy policy)
    {
        lang = lang is "ar" or "en" ? lang : "fr";
        string Pct(double v) => Math.Round(v * 100).ToString("0", CultureInfo.InvariantCulture);
        if (Reason == ChoiceReason.PathComplete)
            return lang switch
            {
                "ar" => "أتقن التلميذ كل الكفايات المتاحة: لا يوجد تمرين مقترح.",
                "en" => "The pupil has mastered every skill available: no exercise to propose.",
                _ => "L'élève maîtrise toutes les compétences disponibles : aucun exercice à proposer.",
            };
        var skill = bank.Skills[bank.SkillIndex(SkillId!)];
        var name = skill.Name.In(lang);
        var pre = MasteredPrerequisites.Count == 0
            ? lang switch { "ar" => "لا تتطلب هذه الكفاية أي مكتسب سابق", "en" => "this skill needs no prerequisite", _ => "cette compétence n'a pas de prérequis" }
            : lang switch
            {
                "ar" => "المكتسبات السابقة متقنة: " + string.Join("، ", MasteredPrerequisites.Select(p => bank.Skills[bank.SkillIndex(p)].Name.Ar)),
                "en" => "its prerequisites are mastered: " + string.Join(", ", MasteredPrerequisites.Select(p => bank.Skills[bank.SkillIndex(p)].Name.En)),
                _ => "ses prérequis sont maîtrisés : " + string.Join(", ", MasteredPrerequisites.Select(p => bank.Skills[bank.SkillIndex(p)].Name.Fr)),
            };
        var (p0, lo, hi, m, mt) = (Pct(Probability!.Value), Pct(policy.ZoneLow), Pct(policy.ZoneHigh), Pct(SkillMastery), Pct(policy.Mastery));
        return (Reason, lang) switch
        {
            (ChoiceReason.InZone, "ar") => $"اقتُرح التمرين {ItemId} ({name}) لأن احتمال نجاح التلميذ فيه {p0}٪، أي داخل منطقة التعلم ({lo}–{hi}٪)؛ إتقان الكفاية {m}٪ (الإتقان من {mt}٪)، و{pre}.",
            (ChoiceReason.InZone, "en") => $"Exercise {ItemId} ({name}) was chosen because the pupil's predicted success, {p0}%, lies in the learning zone ({lo}–{hi}%); skill mastery is {m}% (mastered from {mt}%), and {pre}.",
            (ChoiceReason.InZone, _) => $"L'exercice {ItemId} ({name}) a été choisi car la réussite prévue de l'élève, {p0} %, est dans la zone d'apprentissage ({lo}–{hi} %) ; maîtrise de la compétence {m} % (maîtrisée à partir de {mt} %), et {pre}.",
            (ChoiceReason.EasiestAvailable, "ar") => $"اقتُرح التمرين {ItemId} ({name}) لأنه الأسهل بين التمارين المتاحة: احتمال النجاح {p0}٪، دون منطقة التعلم ({lo}–{hi}٪)؛ و{pre}.",
            (ChoiceReason.EasiestAvailable, "en") => $"Exercise {ItemId} ({name}) was chosen as the easiest one open: predicted success {p0}%, below the learning zone ({lo}–{hi}%); {pre}.",
            (ChoiceReason.EasiestAvailable, _) => $"L'exercice {ItemId} ({name}) a été choisi comme le plus accessible des exercices ouverts : réussite prévue {p0} %, sous la zone d'apprentissage ({lo}–{hi} %) ; {pre}.",
            (_, "ar") => $"اقتُرح التمرين {ItemId} ({name}) لأنه الأصعب بين التمارين المتاحة: احتمال النجاح {p0}٪، فوق منطقة التعلم ({lo}–{hi}٪)؛ و{pre}.",
            (_, "en") => $"Exercise {ItemId} ({name}) was chosen as the most demanding one open: predicted success {p0}%, above the learning zone ({lo}–{hi}%); {pre}.",
            _ => $"L'exercice {ItemId} ({name}) a été choisi comme le plus exigeant des exercices ouverts : réussite prévue {p0} %, au-dessus de la zone d'apprentissage ({lo}–{hi} %) ; {pre}.",
        };
    }
}

/// <summary>
/// Chooses the next exercise: among the skills that are not mastered and whose prerequisites are all mastered (the open
/// skills), the exercise whose predicted success is closest to the middle of the learning zone; an exercise answered
/// among the last few answers is not proposed again. Skills of a lower grade win ties.
/// </summary>
public static class NextExerciseChooser
{
    public static NextChoice Choose(LearnerModel model, PupilState state, IReadOnlyList<int> recentItems, PathPolicy policy, string? subject = null)
    {
        var bank = model.Bank;
        var mastery = new double[bank.Skills.Count];
        for (var s = 0; s < mastery.Length; s++) mastery[s] = model.Mastery(state, s);
        var recent = recentItems.TakeLast(policy.NoRepeatWithin).ToHashSet();
        var mid = (policy.ZoneLow + policy.ZoneHigh) / 2;
        (int Item, double P, int Skill, double Key)? best = null;
        foreach (var s in bank.TopologicalOrder)
        {
            var skill = bank.Skills[s];
            if (subject is not null && skill.Subject != subject) continue;
            if (mastery[s] >= policy.Mastery) continue;
            if (skill.Prerequisites.Any(p => mastery[bank.SkillIndex(p)] < policy.Mastery)) continue;
            foreach (var i in bank.ItemsOfSkill[s])
            {
                if (recent.Contains(i)) continue;
                var p = model.Probability(state, i);
                var inZone = p >= policy.ZoneLow && p <= policy.ZoneHigh;
                // in the zone first (closest to its middle), then the nearest to the zone; lower grades break ties
                var key = (inZone ? 0 : 1) + Math.Abs(p - mid) + skill.Grade * 1e-6;
                if (best is null || key < best.Value.Key) best = (i, p, s, key);
            }
        }
        if (best is not { } b) return new NextChoice(null, null, null, ChoiceReason.PathComplete, [], 1);
        var reason = b.P >= policy.ZoneLow && b.P <= policy.ZoneHigh ? ChoiceReason.InZone : b.P < policy.ZoneLow ? ChoiceReason.EasiestAvailable : ChoiceReason.HardestAvailable;
        var sk = bank.Skills[b.Skill];
        return new NextChoice(bank.Items[b.Item].Id, sk.Id, b.P, reason, sk.Prerequisites, mastery[b.Skill]);
    }
}
