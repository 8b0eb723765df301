using Basira.Analytics.Explanations;
using Basira.Analytics.Tabular;
using Basira.Governance.Explanations;

namespace Basira.Analytics.Tests;

/// <summary>The linear part stacked with the trees: fitted weights, stacking, exact attribution, persistence.</summary>
public sealed class LinearPartTests
{
    private static TabularTable Data(int n, int seed, bool step = false) => GeneratedTables.Pupils(n, seed, step);

    private static TabularTrainOptions Options(bool linear = true, CalibrationMethod calibration = CalibrationMethod.Platt) => new()
    {
        Target = "label", Positive = "yes", IdColumn = "id", Linear = linear, Calibration = calibration, CalibrationFolds = 3,
        HyperParameters = new TabularHyperParameters { EnsembleSize = 2, Iterations = 60, LearningRate = 0.05 },
    };

    [Fact]
    public void Linear_part_recovers_the_generating_weights_from_one_hot_and_standardised_inputs()
    {
        var table = Data(6000, 5);
        var x = new FeatureSchema(TabularTrainer.BuildSchema(table, Options(), Enumerable.Range(0, table.RowCount).ToArray(), new bool[table.RowCount]).Features);
        var rows = x.Encode(table);
        var y = TabularTrainer.Labels(table, "label", "yes", Enumerable.Range(0, table.RowCount).ToArray());
        var part = LinearPart.Fit(x.Features, rows, y, 1);

        LinearSlot Numeric(string name) => part.Slots.Single(s => s.Feature == x.Names.ToList().IndexOf(name) && s.Code == LinearSlot.NumericSlot);
        // standardised slot weight = generating weight × standard deviation (uniform 0..29: sd 8.66; uniform 0..20: sd 5.77)
        Assert.InRange(Numeric("absences").Weight / Numeric("absences").Scale, 0.12, 0.18);
        Assert.InRange(Numeric("grade").Weight / Numeric("grade").Scale, -0.30, -0.20);
        Assert.InRange(Numeric("distance").Weight / Numeric("distance").Scale, 0.02, 0.08); // 0.05 per km
        Assert.InRange(Numeric("absences").Center, 13.5, 15.5);
        // distance is missing on 10 % of rows: an indicator slot carries what mean imputation loses (1 − 0.05·7.5 ≈ 0.6)
        var missing = part.Slots.Single(s => s.Code == LinearSlot.MissingIndicator);
        Assert.Equal(x.Names.ToList().IndexOf("distance"), missing.Feature);
        Assert.InRange(missing.Weight, 0.3, 0.95);
        Assert.InRange(missing.Mean, 0.08, 0.12);
        Assert.DoesNotContain(part.Slots, s => s.Code == LinearSlot.MissingIndicator && s.Feature != missing.Feature);

        var region = x.Features[x.Names.ToList().IndexOf("region")];
        double Indicator(string category) => part.Slots.Single(s => s.Code == (int)region.Code(category)).Weight;
        Assert.InRange(Indicator("sud") - Indicator("nord"), 0.7, 1.1);
        Assert.InRange(Math.Abs(Indicator("est") - Indicator("ouest")), 0, 0.25);
        // "centre" (6 rows < 10) has no indicator of its own: it fires the pooled one
        Assert.DoesNotContain(part.Slots, s => s.Code == (int)region.Code("centre"));
        var pooled = part.Slots.Single(s => s.Code == LinearSlot.Infrequent);
        Assert.Equal(6.0 / table.RowCount, pooled.Mean, 12);

        // the margin is the logit the data was drawn from (up to noise): compare on a clean row
        var row = new float[x.Features.Count];
        row[x.Names.ToList().IndexOf("absences")] = 10;
        row[x.Names.ToList().IndexOf("grade")] = 10;
        row[x.Names.ToList().IndexOf("distance")] = float.NaN;
        row[x.Names.ToList().IndexOf("region")] = region.Code("sud");
        Assert.InRange(part.Margin(row), -1 + 1.5 + 0.9 + 1 - 0.35, -1 + 1.5 + 0.9 + 1 + 0.35); // distance missing: + 1
    }

    [Fact]
    public void Stacked_explanation_is_TreeShap_of_the_trees_plus_the_brute_force_Shapley_values_of_the_linear_game()
    {
        var table = Data(1500, 3, step: true);
        var model = TabularTrainer.Train(table, Options());
        Assert.NotNull(model.Linear);
        var stack = model.Metadata.Stack;
        Assert.True(stack.TreeWeight > 0 && stack.LinearWeight > 0, $"stack {stack}");
        Assert.Equal(stack.TreeWeight / 2, model.Parts[0].Weight, 12);
        Assert.True(model.Metadata.Metrics.ContainsKey("oof_auc_linear"));

        var explainer = TabularExplainer.Create(model);
        var x = model.FeatureMatrix(table);
        var margins = model.RawScores(x);
        var unseen = (float[])x[10].Clone();
        unseen[3] = float.NaN; // unseen or missing region
        foreach (var row in new[] { x[0], x[1], x[7], x[20], unseen }.Concat(x.Where(r => float.IsNaN(r[2])).Take(2)))
        {
            var e = explainer.Explain(row);
            var trees = TreeShap.Explain(explainer.Ensemble, [.. row.Select(v => (double)v)]);
            var linear = BruteForceLinearShapley(model.Linear!, row, row.Length);
            for (var j = 0; j < row.Length; j++)
                Assert.True(Math.Abs(e.Values[j] - (trees.Values[j] + stack.LinearWeight * linear[j])) < 1e-9, $"feature {j}");
            Assert.True(Math.Abs(e.Values.Sum() - (e.Prediction - e.Baseline)) < 1e-9);
            Assert.Equal(explainer.RawScore(row), e.Prediction, 9);
        }
        for (var i = 0; i < x.Length; i++)
            Assert.True(Math.Abs(explainer.RawScore(x[i]) - margins[i]) < 1e-5, $"row {i}: {explainer.RawScore(x[i])} vs {margins[i]}");

        // the batch path gives the same values
        var shap = new double[3 * x[0].Length];
        var pred = new double[3];
        explainer.ExplainBatch(x[..3], shap, pred);
        for (var i = 0; i < 3; i++)
        {
            var e = explainer.Explain(x[i]);
            Assert.Equal(e.Prediction, pred[i], 9);
            for (var j = 0; j < e.Values.Length; j++) Assert.Equal(e.Values[j], shap[i * e.Values.Length + j], 9);
        }
    }

    /// <summary>Shapley values of v(S) = E[l(x_S, X_rest)] with independent features, by enumerating every subset.</summary>
    private static double[] BruteForceLinearShapley(LinearPart part, float[] x, int m)
    {
        double V(int mask)
        {
            // features outside S take the training distribution: each slot of theirs is replaced by its mean
            var total = part.Bias;
            for (var k = 0; k < part.Slots.Count; k++)
            {
                var s = part.Slots[k];
                total += s.Weight * ((mask & (1 << s.Feature)) == 0 ? s.Mean : part.SlotValue(k, x));
            }
            return total;
        }
        var phi = new double[m];
        for (var i = 0; i < m; i++)
        {
            for (var mask = 0; mask < 1 << m; mask++)
            {
                if ((mask & (1 << i)) != 0) continue;
                var size = System.Numerics.BitOperations.PopCount((uint)mask);
                var w = Factorial(size) * Factorial(m - size - 1) / Factorial(m);
                phi[i] += w * (V(mask | (1 << i)) - V(mask));
            }
        }
        return phi;
    }

    private static double Factorial(int k) => k <= 1 ? 1 : k * Factorial(k - 1);

    [Fact]
    public void Stacking_is_non_negative_and_drops_a_part_that_adds_nothing()
    {
        var rnd = new Random(11);
        var n = 4000;
        var signal = Enumerable.Range(0, n).Select(_ => rnd.NextDouble() * 6 - 3).ToArray();
        var y = signal.Select(v => rnd.NextDouble() < 1 / (1 + Math.Exp(-v))).ToArray();
        var noise = Enumerable.Range(0, n).Select(_ => rnd.NextDouble() * 6 - 3).ToArray();
        var half = signal.Select((v, i) => 0.5 * v + 0.5 * noise[i]).ToArray();
        var other = signal.Select((v, i) => 0.5 * v - 0.5 * noise[i]).ToArray();

        var both = StackWeights.Fit(half, other, y, 1); // each carries half the signal: both kept, ≈ 1 each
        Assert.InRange(both.TreeWeight, 0.8, 1.2);
        Assert.InRange(both.LinearWeight, 0.8, 1.2);
        Assert.Equal(StackWeights.TreesOnly, StackWeights.Fit(signal, noise, y, 1)); // linear part adds nothing
        var linearOnly = StackWeights.Fit([.. noise.Select((v, i) => v - 0.5 * signal[i])], signal, y, 1); // trees anti-informative
        Assert.Equal(0, linearOnly.TreeWeight);
        Assert.InRange(linearOnly.LinearWeight, 0.85, 1.15);
    }

    [Fact]
    public void Trees_only_when_the_linear_part_is_off_or_there_is_no_calibration_fold()
    {
        var table = Data(500, 4);
        foreach (var (linear, calibration) in new[] { (false, CalibrationMethod.Platt), (true, CalibrationMethod.None) })
        {
            var model = TabularTrainer.Train(table, Options(linear, calibration));
            Assert.Null(model.Linear);
            Assert.Equal(StackWeights.TreesOnly, model.Metadata.Stack);
            Assert.Equal(0.5, model.Parts[0].Weight, 12);
        }
    }

    [Fact]
    public void Linear_part_and_stack_survive_save_and_load()
    {
        var table = Data(800, 6, step: true);
        var model = TabularTrainer.Train(table, Options());
        using var d = new TempDir();
        var path = Path.Combine(d.Path, "m.basira");
        model.Save(path);
        var loaded = TabularModel.Load(path);
        Assert.Equal(model.Metadata.Stack, loaded.Metadata.Stack);
        Assert.Equal(model.Linear!.Slots, loaded.Linear!.Slots);
        Assert.Equal(model.Linear.Bias, loaded.Linear.Bias);
        var x = model.FeatureMatrix(table);
        Assert.Equal(model.RawScores(x), loaded.RawScores(x));
        var a = TabularExplainer.Create(model).Explain(x[3]);
        var b = TabularExplainer.Create(loaded).Explain(x[3]);
        Assert.Equal(a.Values, b.Values);
        Assert.Equal(a.Baseline, b.Baseline, 12);
    }

    [Theory]
    [InlineData(new[] { "10", "2", "1", "1.5" }, new[] { "1", "1.5", "2", "10" })]
    [InlineData(new[] { "10", "2", "b", "a" }, new[] { "10", "2", "a", "b" })]
    public void Categories_are_coded_in_numeric_order_when_all_are_numbers(string[] values, string[] expected) =>
        Assert.Equal(expected, FeatureSchema.NaturalOrder(values));
}
