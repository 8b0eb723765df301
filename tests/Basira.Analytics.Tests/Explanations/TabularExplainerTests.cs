using Basira.Analytics.Explanations;
using Basira.Analytics.Tabular;

namespace Basira.Analytics.Tests.Explanations;

/// <summary>The explanation of record for a multi-booster calibrated model: one exact ensemble over all boosters.</summary>
public sealed class TabularExplainerTests
{
    private static TabularTable Data(int n, int seed) => GeneratedTables.Pupils(n, seed, step: true);

    [Theory]
    [InlineData(TabularLearner.LightGbm)]
    [InlineData(TabularLearner.Mixed)]
    public void Merged_ensemble_reproduces_the_model_margin_and_is_additive(TabularLearner learner)
    {
        var table = Data(1500, 3);
        var model = TabularTrainer.Train(table, new TabularTrainOptions
        {
            Target = "label", Positive = "yes", IdColumn = "id",
            HyperParameters = new TabularHyperParameters { EnsembleSize = 3, Iterations = 60, Learner = learner },
        });
        Assert.Equal(3, model.Parts.Count);
        var explainer = TabularExplainer.Create(model);
        Assert.Equal(model.FeatureNames, explainer.FeatureNames);
        var x = model.FeatureMatrix(table);
        var margins = model.RawScores(x);
        for (var i = 0; i < x.Length; i++)
        {
            var e = explainer.Explain(x[i]);
            Assert.True(Math.Abs(e.Prediction - margins[i]) < 1e-5, $"row {i}: {e.Prediction} vs ML.NET {margins[i]}");
            Assert.True(Math.Abs(e.Values.Sum() - (e.Prediction - e.Baseline)) < 1e-6, $"row {i} not additive");
        }
        // The id column is not a feature; the categorical column is one feature, attributed as a whole.
        Assert.DoesNotContain("id", explainer.FeatureNames);
        Assert.Contains("region", explainer.FeatureNames);
    }

    [Fact]
    public void Explainer_survives_a_save_and_load_round_trip()
    {
        var table = Data(600, 9);
        var model = TabularTrainer.Train(table, new TabularTrainOptions
        {
            Target = "label", Positive = "yes", IdColumn = "id",
            HyperParameters = new TabularHyperParameters { EnsembleSize = 1, Iterations = 40 },
        });
        var path = Path.Combine(Path.GetTempPath(), $"basira-explainer-{Guid.NewGuid():n}.model");
        try
        {
            model.Save(path);
            var loaded = TabularModel.Load(path);
            var x = model.FeatureMatrix(table)[7];
            var a = TabularExplainer.Create(model).Explain(x);
            var b = TabularExplainer.Create(loaded).Explain(x);
            Assert.Equal(a.Baseline, b.Baseline, 12);
            Assert.Equal(a.Values, b.Values);
        }
        finally { File.Delete(path); }
    }
}
