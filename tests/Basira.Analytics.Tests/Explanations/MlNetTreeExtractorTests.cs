using Basira.Analytics.Explanations;
using Basira.Governance.Explanations;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Basira.Analytics.Tests.Explanations;

/// <summary>
/// Real FastTree and LightGBM binary models trained on seeded synthetic data (with NaNs): the extracted neutral
/// ensemble must score exactly like ML.NET and its TreeSHAP values must add up.
/// </summary>
public sealed class MlNetTreeExtractorTests
{
    internal const int FeatureCount = 8;
    internal const int ConstantFeature = 7;
    private static readonly string[] Names = ["x0", "x1", "x2", "x3", "x4", "x5", "x6", "constant"];

    public static TheoryData<string> Trainers() => new() { "FastTree", "LightGbm" };

    [Theory]
    [MemberData(nameof(Trainers))]
    public void Extracted_raw_score_equals_the_MlNet_Score_column_on_every_row(string trainer)
    {
        var fixture = TrainedModel.Get(trainer);
        var ensemble = fixture.Ensemble;
        Assert.Equal(fixture.Rows.Count, fixture.Scores.Length);
        Assert.Contains(fixture.Rows, r => r.Features.Any(float.IsNaN));
        double maxError = 0;
        for (int r = 0; r < fixture.Rows.Count; r++)
        {
            double raw = MlNetTreeExtractor.RawScore(ensemble, fixture.Rows[r].Features.AsSpan());
            maxError = Math.Max(maxError, Math.Abs(raw - fixture.Scores[r]));
        }
        Assert.True(maxError <= 1e-5, $"{trainer}: max |raw - Score| = {maxError}");
        // The model is not trivial: scores spread over a real range.
        Assert.True(fixture.Scores.Max() - fixture.Scores.Min() > 1.0);
        // Covers: every tree's root is reached by every training row.
        Assert.All(ensemble.Trees, t => Assert.Equal(fixture.Rows.Count, t.Nodes[0].Cover));
    }

    [Theory]
    [MemberData(nameof(Trainers))]
    public void Shap_values_sum_to_raw_score_minus_baseline_on_every_row(string trainer)
    {
        var fixture = TrainedModel.Get(trainer);
        var explainer = new TreeShapExplainer(fixture.Ensemble);
        int n = fixture.Rows.Count;
        var matrix = new double[n * FeatureCount];
        for (int r = 0; r < n; r++)
            for (int i = 0; i < FeatureCount; i++)
                matrix[r * FeatureCount + i] = fixture.Rows[r].Features[i];
        var shap = new double[matrix.Length];
        var predictions = new double[n];
        explainer.ExplainBatch(matrix, shap, predictions);

        // Baseline = cover-weighted mean of leaves = mean raw score over the training rows that defined the covers.
        Assert.Equal(predictions.Average(), explainer.ExpectedValue, 1e-9);
        for (int r = 0; r < n; r++)
        {
            double sum = shap.AsSpan(r * FeatureCount, FeatureCount).ToArray().Sum();
            Assert.True(Math.Abs(predictions[r] - explainer.ExpectedValue - sum) <= 1e-6, $"{trainer} row {r}");
            Assert.True(Math.Abs(predictions[r] - fixture.Scores[r]) <= 1e-5, $"{trainer} row {r}: prediction vs Score");
        }
        // The label depends mostly on x0: it carries the largest mean |phi|.
        var meanAbs = Enumerable.Range(0, FeatureCount)
            .Select(i => Enumerable.Range(0, n).Average(r => Math.Abs(shap[r * FeatureCount + i]))).ToArray();
        Assert.Equal(0, Array.IndexOf(meanAbs, meanAbs.Max()));
    }

    [Theory]
    [MemberData(nameof(Trainers))]
    public void A_feature_without_splits_gets_exactly_zero(string trainer)
    {
        var fixture = TrainedModel.Get(trainer);
        Assert.DoesNotContain(fixture.Ensemble.Trees.SelectMany(t => t.Nodes), node => !node.IsLeaf && node.Feature == ConstantFeature);
        Assert.Contains(fixture.Ensemble.Trees.SelectMany(t => t.Nodes), node => !node.IsLeaf && node.Feature == 0);
        var explainer = new TreeShapExplainer(fixture.Ensemble);
        var phi = new double[FeatureCount];
        var x = new double[FeatureCount];
        foreach (var row in fixture.Rows.Take(500))
        {
            for (int i = 0; i < FeatureCount; i++)
                x[i] = row.Features[i];
            explainer.Explain(x, phi);
            Assert.Equal(0.0, phi[ConstantFeature]);
        }
    }

    [Fact]
    public void Missing_values_are_routed_like_MlNet_on_rows_that_are_entirely_missing()
    {
        // All-NaN rows exercise every node's missing direction at once (FastTree: right; LightGBM: learned default).
        foreach (var trainer in new[] { "FastTree", "LightGbm" })
        {
            var fixture = TrainedModel.Get(trainer);
            var rows = Enumerable.Range(0, 20).Select(k => new Example
            {
                Label = false,
                Features = Enumerable.Range(0, FeatureCount).Select(i => (k + i) % 3 == 0 ? float.NaN : (float)((k * 7 + i) % 5 - 2) / 2).ToArray(),
            }).Append(new Example { Features = Enumerable.Repeat(float.NaN, FeatureCount).ToArray() }).ToList();
            var scores = fixture.Score(rows);
            for (int r = 0; r < rows.Count; r++)
                Assert.True(Math.Abs(MlNetTreeExtractor.RawScore(fixture.Ensemble, rows[r].Features.AsSpan()) - scores[r]) <= 1e-5,
                    $"{trainer} probe row {r}");
        }
    }

    [Fact]
    public void FastTree_sends_NaN_right_everywhere_and_LightGbm_uses_its_learned_defaults()
    {
        // FastTree trees carry no per-node missing defaults in ML.NET 5.0.1, so NaN <= t is false: always right.
        var fastTree = TrainedModel.Get("FastTree").Ensemble;
        Assert.All(fastTree.Trees.SelectMany(t => t.Nodes).Where(n => !n.IsLeaf), n => Assert.False(n.MissingGoesLeft));

        // LightGBM: both directions occur, and the routing matters: ignoring it breaks the match with ML.NET.
        var fixture = TrainedModel.Get("LightGbm");
        var splits = fixture.Ensemble.Trees.SelectMany(t => t.Nodes).Where(n => !n.IsLeaf).ToList();
        Assert.Contains(splits, n => n.MissingGoesLeft);
        Assert.Contains(splits, n => !n.MissingGoesLeft);
        var allRight = fixture.Ensemble with
        {
            Trees = fixture.Ensemble.Trees.Select(t => new DecisionTree(t.Nodes.Select(n => n with { MissingGoesLeft = false }).ToList())).ToList(),
        };
        int mismatches = 0;
        for (int r = 0; r < fixture.Rows.Count; r++)
        {
            if (Math.Abs(MlNetTreeExtractor.RawScore(allRight, fixture.Rows[r].Features.AsSpan()) - fixture.Scores[r]) > 1e-5)
                mismatches++;
        }
        Assert.True(mismatches > 50, $"only {mismatches} rows changed");
    }

    [Fact]
    public void The_uncalibrated_ensemble_and_wrong_inputs_are_handled()
    {
        var fixture = TrainedModel.Get("FastTree");
        var sub = ((Microsoft.ML.Calibrators.CalibratedModelParametersBase<FastTreeBinaryModelParameters, Microsoft.ML.Calibrators.PlattCalibrator>)fixture.ModelParameters).SubModel;
        var direct = MlNetTreeExtractor.Extract(sub, Names, fixture.Rows.Select(r => r.Features));
        Assert.Equal(fixture.Ensemble.Trees.Count, direct.Trees.Count);
        Assert.Equal(TreeShap.ExpectedValue(fixture.Ensemble), TreeShap.ExpectedValue(direct));
        Assert.Throws<NotSupportedException>(() => MlNetTreeExtractor.Extract("not a model", Names, fixture.Rows.Select(r => r.Features)));
        Assert.Throws<ArgumentException>(() => MlNetTreeExtractor.Extract(sub, Names, []));
        Assert.Throws<ArgumentException>(() => MlNetTreeExtractor.Extract(sub, Names, [new float[3]]));
    }

    public sealed class Example
    {
        public bool Label { get; set; }

        [VectorType(FeatureCount)]
        public float[] Features { get; set; } = [];
    }

    private sealed class ScoreRow
    {
        public float Score { get; set; }
    }

    /// <summary>One trained model per trainer, shared by the tests (training takes well under a second).</summary>
    internal sealed class TrainedModel
    {
        private static readonly Dictionary<string, Lazy<TrainedModel>> Models = new()
        {
            ["FastTree"] = new(() => Train("FastTree")),
            ["LightGbm"] = new(() => Train("LightGbm")),
        };

        public required MLContext Context { get; init; }
        public required ITransformer Transformer { get; init; }
        public required object ModelParameters { get; init; }
        public required List<Example> Rows { get; init; }
        public required float[] Scores { get; init; }
        public required TreeEnsemble Ensemble { get; init; }

        public static TrainedModel Get(string trainer) => Models[trainer].Value;

        public float[] Score(IEnumerable<Example> rows) =>
            Context.Data.CreateEnumerable<ScoreRow>(Transformer.Transform(Context.Data.LoadFromEnumerable(rows)), reuseRowObject: false)
                .Select(s => s.Score).ToArray();

        private static TrainedModel Train(string trainer)
        {
            var rows = Generate(2_000, seed: 42);
            var context = new MLContext(seed: 1);
            var data = context.Data.LoadFromEnumerable(rows);
            ITransformer transformer;
            object parameters;
            if (trainer == "FastTree")
            {
                var model = context.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
                {
                    NumberOfLeaves = 16, NumberOfTrees = 60, MinimumExampleCountPerLeaf = 10, LearningRate = 0.2, NumberOfThreads = 1,
                }).Fit(data);
                transformer = model;
                parameters = model.Model;
            }
            else
            {
                var model = context.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
                {
                    NumberOfLeaves = 16, NumberOfIterations = 60, MinimumExampleCountPerLeaf = 10, LearningRate = 0.2, NumberOfThreads = 1,
                    Seed = 1,
                }).Fit(data);
                transformer = model;
                parameters = model.Model;
            }
            var fixture = new TrainedModel
            {
                Context = context,
                Transformer = transformer,
                ModelParameters = parameters,
                Rows = rows,
                Scores = [],
                Ensemble = MlNetTreeExtractor.Extract(parameters, Names, rows.Select(r => r.Features)),
            };
            return new TrainedModel
            {
                Context = context,
                Transformer = transformer,
                ModelParameters = parameters,
                Rows = rows,
                Scores = fixture.Score(rows),
                Ensemble = fixture.Ensemble,
            };
        }

        /// <summary>Nonlinear logistic label; NaNs in x1 (10%) and x4 (15%); x7 constant so no tree can split on it.</summary>
        internal static List<Example> Generate(int count, int seed)
        {
            var random = new Random(seed);
            var rows = new List<Example>(count);
            for (int r = 0; r < count; r++)
            {
                var x = new float[FeatureCount];
                for (int i = 0; i < 6; i++)
                    x[i] = (float)(random.NextDouble() * 4 - 2);
                x[6] = random.Next(2);
                x[ConstantFeature] = 1f;
                double x1 = x[1], x4 = x[4];
                if (random.NextDouble() < 0.10)
                    x[1] = float.NaN;
                if (random.NextDouble() < 0.15)
                    x[4] = float.NaN;
                double logit = 2.0 * x[0] - x1 * x[2] + Math.Sin(2 * x[3]) + (x4 > 0.5 ? 1.0 : -0.5) + 0.5 * x[6]
                               + (float.IsNaN(x[4]) ? 0.8 : 0.0);
                bool label = random.NextDouble() < 1.0 / (1.0 + Math.Exp(-logit));
                rows.Add(new Example { Label = label, Features = x });
            }
            return rows;
        }
    }
}
