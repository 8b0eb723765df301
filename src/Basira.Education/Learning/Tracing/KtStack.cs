using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace Basira.Education.Learning.Tracing;

/// <summary>
/// A gradient-boosted model (ML.NET LightGBM) stacked on the logistic model: its inputs are the logistic margin (out of
/// fold for the training rows: K logistic fits on the other pupils), the item's difficulty as seen in the training answers
/// (out of fold as well, smoothed toward the mean), and dense summaries of the pupil's state before the answer (counts,
/// rates, recent windows, decayed counts, spacing). Pupils never cross folds.
/// </summary>
internal static class KtStack
{
    public const int Folds = 5;

    internal static readonly string[] DenseNames =
    [
        "lr_margin", "item_rate", "item_count", "skill_rate", "skill_attempts", "skill_decay_wins", "skill_decay_fails",
        "pupil_rate", "pupil_attempts", "recent5", "recent10", "recent20", "item_attempts_pupil", "item_wins_pupil", "gap",
        "first_time", "skill_pattern", "skills",
    ];

    private sealed class Row
    {
        public float[] Features = [];
        public bool Label;
    }

    private sealed class Score
    {
        public float Probability { get; set; }
    }

    /// <summary>Item success counts over the rows of <paramref name="log"/> whose fold is not <paramref name="fold"/> (all when -1).</summary>
    private static (int[] Wins, int[] Count) ItemStats(AnswerLog log, int items, int[] foldOfPupil, int fold)
    {
        var wins = new int[items];
        var count = new int[items];
        for (var r = 0; r < log.Count; r++)
        {
            if (fold >= 0 && foldOfPupil[log.Pupil[r]] == fold) continue;
            var i = log.Item[r];
            if (i < 0 || i >= items) continue;
            count[i]++;
            if (log.Correct[r]) wins[i]++;
        }
        return (wins, count);
    }

    /// <summary>Dense rows: state before each answer, with the given margins and item statistics (per row's fold).</summary>
    private static float[][] Dense(AnswerLog log, KtLayout layout, double[] margins, Func<int, (int[] Wins, int[] Count)> statsForRow, double prior)
    {
        var states = new Dictionary<int, PupilState>();
        var x = new float[log.Count][];
        var decay = layout.Options.DecayFactor;
        for (var r = 0; r < log.Count; r++)
        {
            if (!states.TryGetValue(log.Pupil[r], out var st)) states[log.Pupil[r]] = st = new PupilState();
            var skills = log.SkillsOf(r);
            var item = log.Item[r];
            var (wins, count) = statsForRow(r);
            var ic = item >= 0 && item < count.Length ? count[item] : 0;
            var iw = item >= 0 && item < wins.Length ? wins[item] : 0;
            float sa = 0, sw = 0, dw = 0, df = 0, gap = 0, first = 0, pattern = 0;
            foreach (var s in skills)
            {
                var c = st.Skill(s);
                sa += c.Attempts; sw += c.Wins; dw += c.DecayWins; df += c.DecayFails;
                if (c.Attempts == 0) first = 1; else gap = Math.Max(gap, MathF.Log(1 + st.Attempts - c.LastIndex));
                pattern = c.PatternLength * 8 + (c.Pattern & 7);
            }
            var pupilItem = st.ItemCount(item);
            float Window(int k)
            {
                var n = Math.Min(k, st.Attempts);
                return n == 0 ? -1 : System.Numerics.BitOperations.PopCount(st.History & ((1UL << n) - 1)) / (float)n;
            }
            x[r] =
            [
                (float)margins[r], (float)((iw + 5 * prior) / (ic + 5)), MathF.Log(1 + ic), (sw + 1) / (sa + 2), MathF.Log(1 + sa), dw, df,
                (st.Wins + 1f) / (st.Attempts + 2f), MathF.Log(1 + st.Attempts), Window(5), Window(10), Window(20), pupilItem.Attempts, pupilItem.Wins, gap,
                first, pattern, skills.Length,
            ];
            st.Update(item, skills, log.Correct[r], log.Timestamp[r], decay);
        }
        return x;
    }

    /// <summary>Fits the stack on <paramref name="train"/> and returns the probabilities of every row of <paramref name="test"/>.</summary>
    public static double[] FitPredict(KtLayout layout, AnswerLog train, KtRows trainRows, KtModel full, AnswerLog test, KtRows testRows,
        KtTrainOptions options, Action<string>? log)
    {
        var rng = new Random(options.Seed);
        var foldOfPupil = Enumerable.Range(0, train.PupilCount).Select(_ => rng.Next(Folds)).ToArray();
        var oof = new double[train.Count];
        for (var k = 0; k < Folds; k++)
        {
            var inFold = Enumerable.Range(0, train.Count).Where(r => foldOfPupil[train.Pupil[r]] == k).ToArray();
            var outFold = Enumerable.Range(0, train.Count).Where(r => foldOfPupil[train.Pupil[r]] != k).ToArray();
            var model = KtModel.Train(layout, trainRows.Subset(outFold), options);
            var m = model.Margins(trainRows.Subset(inFold));
            for (var j = 0; j < inFold.Length; j++) oof[inFold[j]] = m[j];
            log?.Invoke($"stack: logistic fold {k + 1}/{Folds} fitted");
        }
        var prior = train.Correct.Count(c => c) / (double)train.Count;
        var foldStats = Enumerable.Range(0, Folds).Select(k => ItemStats(train, layout.Items, foldOfPupil, k)).ToArray();
        var xTrain = Dense(train, layout, oof, r => foldStats[foldOfPupil[train.Pupil[r]]], prior);
        var allStats = ItemStats(train, layout.Items, foldOfPupil, -1);
        var xTest = Dense(test, layout, full.Margins(testRows), _ => allStats, prior);

        var ml = new MLContext(options.Seed);
        var def = SchemaDefinition.Create(typeof(Row));
        def["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, DenseNames.Length);
        IDataView View(float[][] x, bool[] y) => ml.Data.LoadFromEnumerable(x.Select((f, i) => new Row { Features = f, Label = y[i] }), def);
        var booster = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            NumberOfIterations = 400,
            LearningRate = 0.03,
            NumberOfLeaves = 31,
            MinimumExampleCountPerLeaf = 100,
            NumberOfThreads = options.Threads,
            Seed = options.Seed,
            Booster = new GradientBooster.Options { FeatureFraction = 0.8, SubsampleFraction = 0.8, SubsampleFrequency = 1, L2Regularization = 1 },
        });
        log?.Invoke("stack: fitting LightGBM on the out-of-fold margins and the dense state");
        var fitted = booster.Fit(View(xTrain, train.Correct));
        var scored = ml.Data.CreateEnumerable<Score>(fitted.Transform(View(xTest, test.Correct)), reuseRowObject: false);
        return [.. scored.Select(s => (double)s.Probability)];
    }
}
