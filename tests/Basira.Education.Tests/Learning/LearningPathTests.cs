using Basira.Education.Learning;
using Basira.Education.Learning.ItemBank;

namespace Basira.Education.Tests.Learning;

public class LearningPathTests
{
    private static readonly Lazy<LearnerModel> Model = new(() => LearnerModel.TrainOnSimulation(ItemBank.Default, pupils: 300, seed: 7));

    [Fact]
    public void The_embedded_bank_is_synthetic_covers_three_subjects_and_orders_skills_after_their_prerequisites()
    {
        var bank = ItemBank.Default;
        Assert.Contains("SYNTHETIC", bank.Notice, StringComparison.Ordinal);
        Assert.Equal(["ar", "fr", "math"], bank.Skills.Select(s => s.Subject).Distinct().Order(StringComparer.Ordinal));
        Assert.All(bank.Skills, s => Assert.NotEmpty(bank.ItemsOfSkill[bank.SkillIndex(s.Id)]));
        var position = bank.TopologicalOrder.Select((s, k) => (s, k)).ToDictionary(x => x.s, x => x.k);
        foreach (var s in bank.Skills)
            foreach (var p in s.Prerequisites)
                Assert.True(position[bank.SkillIndex(p)] < position[bank.SkillIndex(s.Id)], $"{p} before {s.Id}");
        Assert.All(bank.Skills, s => Assert.False(string.IsNullOrWhiteSpace(s.Name.Ar)));
    }

    [Fact]
    public void A_bank_with_a_prerequisite_cycle_or_without_its_synthetic_label_is_refused()
    {
        const string cycle = """
            {"synthetic": true, "notice": "SYNTHETIC", "version": "1",
             "skills": [{"id": "a", "subject": "math", "grade": 1, "name": {"fr": "a", "ar": "a", "en": "a"}, "prerequisites": ["b"]},
                        {"id": "b", "subject": "math", "grade": 1, "name": {"fr": "b", "ar": "b", "en": "b"}, "prerequisites": ["a"]}],
             "items": []}
            """;
        Assert.Contains("cycle", Assert.Throws<InvalidDataException>(() => ItemBank.Parse(cycle)).Message, StringComparison.Ordinal);
        Assert.Contains("SYNTHETIC", Assert.Throws<InvalidDataException>(() => ItemBank.Parse(cycle.Replace("\"synthetic\": true", "\"synthetic\": false", StringComparison.Ordinal))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_pupil_starts_with_a_skill_without_prerequisites_and_practice_raises_mastery()
    {
        var model = Model.Value;
        var bank = model.Bank;
        var pupil = LearnerModel.NewPupil();
        var first = NextExerciseChooser.Choose(model, pupil, [], PathPolicy.Default, "math");
        Assert.Equal("math.g1.numbers20", first.SkillId);
        var s = bank.SkillIndex("math.g1.numbers20");
        var before = model.Mastery(pupil, s);
        foreach (var i in bank.ItemsOfSkill[s]) model.Update(pupil, i, correct: true);
        Assert.True(model.Mastery(pupil, s) > before + 0.05, $"{before:F3} → {model.Mastery(pupil, s):F3}");
    }

    [Fact]
    public void The_chosen_exercise_respects_prerequisites_and_sits_in_the_zone_when_one_does()
    {
        var model = Model.Value;
        var bank = model.Bank;
        var policy = PathPolicy.Default;
        var rng = new Random(3);
        for (var pupilNo = 0; pupilNo < 20; pupilNo++)
        {
            var pupil = LearnerModel.NewPupil();
            var recent = new List<int>();
            for (var step = 0; step < 40; step++)
            {
                var c = NextExerciseChooser.Choose(model, pupil, recent, policy);
                if (c.Reason == ChoiceReason.PathComplete) break;
                var skill = bank.Skills[bank.SkillIndex(c.SkillId!)];
                foreach (var p in skill.Prerequisites) Assert.True(model.Mastery(pupil, bank.SkillIndex(p)) >= policy.Mastery, $"{p} not mastered before {skill.Id}");
                Assert.True(c.SkillMastery < policy.Mastery);
                var item = bank.ItemIndex(c.ItemId!);
                Assert.DoesNotContain(item, recent.TakeLast(policy.NoRepeatWithin));
                Assert.Equal(model.Probability(pupil, item), c.Probability!.Value, 12);
                if (c.Reason == ChoiceReason.InZone) Assert.InRange(c.Probability.Value, policy.ZoneLow, policy.ZoneHigh);
                model.Update(pupil, item, rng.NextDouble() < c.Probability.Value);
                recent.Add(item);
            }
        }
    }

    [Theory]
    [InlineData("fr", "zone d'apprentissage")]
    [InlineData("ar", "منطقة التعلم")]
    [InlineData("en", "learning zone")]
    public void The_choice_is_explained_in_one_sentence_in_each_language(string lang, string words)
    {
        var model = Model.Value;
        var choice = new NextChoice("math.g1.add20.3", "math.g1.add20", 0.71, ChoiceReason.InZone, ["math.g1.numbers20"], 0.42);
        var text = choice.Explain(model.Bank, lang, PathPolicy.Default);
        Assert.Contains(words, text, StringComparison.Ordinal);
        Assert.Contains("71", text, StringComparison.Ordinal);
        Assert.Contains(model.Bank.Skills[model.Bank.SkillIndex("math.g1.numbers20")].Name.In(lang), text, StringComparison.Ordinal);
        Assert.Single(text.Split(". ", StringSplitOptions.RemoveEmptyEntries));
    }
}
