using Basira.Education.Learning.ItemBank;
using Basira.Education.Learning.Tracing;

namespace Basira.Education.Learning;

/// <summary>
/// Knowledge tracing over the item bank: the logistic model of <see cref="KtModel"/> with the bank's items and skills as
/// its vocabulary. A pupil's state is updated after every answer (<see cref="Update"/>), then the success probability of
/// any item, and the mastery of any skill, are read from it.
/// </summary>
public sealed class LearnerModel
{
    private readonly KtModel _model;
    private readonly int[][] _skillsOfItem;

    internal LearnerModel(ItemBank.ItemBank bank, KtModel model, string trainedOn)
    {
        Bank = bank;
        _model = model;
        TrainedOn = trainedOn;
        _skillsOfItem = [.. bank.Items.Select(i => new[] { bank.SkillIndex(i.Skill) })];
    }

    public ItemBank.ItemBank Bank { get; }

    /// <summary>What the model was fitted on (e.g. "SYNTHETIC simulation, 600 pupils, 36,512 answers").</summary>
    public string TrainedOn { get; }

    /// <summary>Feature options of the bank model: Best-LR and the extensions, no time (the chooser asks "now").</summary>
    internal static KtFeatureOptions Features { get; } = new() { Time = false, Combos = false };

    internal KtModel Model => _model;

    /// <summary>Size of the sparse feature space of the model.</summary>
    public int FeatureCount => _model.Layout.Dimension;

    /// <summary>A pupil who has answered nothing yet.</summary>
    public static PupilState NewPupil() => new();

    /// <summary>Records one answer.</summary>
    public void Update(PupilState state, int item, bool correct) =>
        state.Update(item, _skillsOfItem[item], correct, 0, Features.DecayFactor);

    /// <summary>Probability that the pupil answers <paramref name="item"/> right now.</summary>
    public double Probability(PupilState state, int item) => _model.Predict(state, item, -1, _skillsOfItem[item]);

    /// <summary>Mastery of a skill: the mean success probability over the skill's exercises.</summary>
    public double Mastery(PupilState state, int skill)
    {
        var items = Bank.ItemsOfSkill[skill];
        var sum = 0.0;
        foreach (var i in items) sum += Probability(state, i);
        return items.Count == 0 ? 0 : sum / items.Count;
    }

    /// <summary>Fits the model on answer logs given as (pupil, item index, correct) rows in answer order.</summary>
    internal static LearnerModel Train(ItemBank.ItemBank bank, IReadOnlyList<(int Pupil, int Item, bool Correct)> answers, string trainedOn, KtTrainOptions? options = null)
    {
        var skillsOfItem = bank.Items.Select(i => bank.SkillIndex(i.Skill)).ToArray();
        var log = new AnswerLog
        {
            Source = trainedOn,
            Layout = "bank",
            Pupil = [.. answers.Select(a => a.Pupil)],
            Item = [.. answers.Select(a => a.Item)],
            Combo = [.. answers.Select(a => skillsOfItem[a.Item])],
            SkillStart = [.. Enumerable.Range(0, answers.Count + 1)],
            Skills = [.. answers.Select(a => skillsOfItem[a.Item])],
            Correct = [.. answers.Select(a => a.Correct)],
            Timestamp = new long[answers.Count],
            HasTime = false,
            PupilCount = answers.Select(a => a.Pupil).Distinct().Count(),
        };
        var layout = new KtLayout(bank.Items.Count, bank.Skills.Count, bank.Skills.Count, Features);
        var model = KtModel.Train(layout, KtRows.Encode(layout, log), options ?? new KtTrainOptions());
        return new LearnerModel(bank, model, trainedOn);
    }

    /// <summary>Fits the model on a SYNTHETIC simulation of the bank (<see cref="LearningSimulator"/>).</summary>
    public static LearnerModel TrainOnSimulation(ItemBank.ItemBank bank, int pupils = 600, int seed = 2030)
    {
        var answers = LearningSimulator.Simulate(bank, pupils, seed);
        return Train(bank, answers, $"SYNTHETIC simulation of the item bank: {pupils} pupils, {answers.Count} answers (seed {seed})");
    }
}

/// <summary>
/// SYNTHETIC answer logs over the item bank: each simulated pupil has an ability and works through the skills in an
/// order that respects the prerequisites (with detours); the chance of a right answer rises with practice of the skill
/// and falls when its prerequisites were little practised. Used to fit the demo model and to time the online update.
/// </summary>
public static class LearningSimulator
{
    public static List<(int Pupil, int Item, bool Correct)> Simulate(ItemBank.ItemBank bank, int pupils, int seed)
    {
        var rng = new Random(seed);
        var rows = new List<(int, int, bool)>(pupils * 60);
        var order = bank.TopologicalOrder;
        for (var p = 0; p < pupils; p++)
        {
            var ability = Gauss(rng);
            var knowledge = new double[bank.Skills.Count];
            var practised = new int[bank.Skills.Count];
            var subject = bank.Skills[order[rng.Next(order.Count)]].Subject;
            var path = order.Where(s => bank.Skills[s].Subject == subject || rng.NextDouble() < 0.15).ToList();
            var steps = rng.Next(30, 90);
            var pos = 0;
            for (var t = 0; t < steps && path.Count > 0; t++)
            {
                // stay on a skill for a while, sometimes go back one, move on after a few answers
                if (rng.NextDouble() < 0.2 && pos < path.Count - 1) pos++;
                var s = rng.NextDouble() < 0.1 && pos > 0 ? path[pos - 1] : path[pos];
                var items = bank.ItemsOfSkill[s];
                var item = items[rng.Next(items.Count)];
                var missing = bank.Skills[s].Prerequisites.Count(q => practised[bank.SkillIndex(q)] < 3);
                var z = ability + knowledge[s] - bank.Items[item].Difficulty - 0.8 * missing;
                var correct = rng.NextDouble() < 1 / (1 + Math.Exp(-z));
                rows.Add((p, item, correct));
                knowledge[s] += correct ? 0.45 : 0.25;
                practised[s]++;
            }
        }
        return rows;
    }

    private static double Gauss(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
