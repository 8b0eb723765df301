using Basira.Analytics.Explanations;
using Basira.Analytics.Metrics;
using Basira.Analytics.Tabular;
using Microsoft.ML;

namespace Basira.Analytics.Tests;

/// <summary>
/// The national-scale paths: the matrix data view, training with every core and a calibration hold-out, the parallel
/// scorer and the parallel exact explainer. Each is checked against the per-row path it replaces.
/// </summary>
public sealed class ScaleTests
{
    private static (FeatureSchema Schema, FeatureMatrix X, bool[] Y) Data(int n, int seed)
    {
        var table = GeneratedTables.Pupils(n, seed, step: true);
        var rows = Enumerable.Range(0, table.RowCount).ToArray();
        var y = TabularTrainer.Labels(table, "label", "yes", rows);
        var schema = FeatureSchema.Build(table, "label", "id", [], [], rows);
        return (schema, FeatureMatrix.FromRows(schema.Encode(table), schema.Features.Count), y);
    }

    private static readonly ScaleTrainOptions Options = new()
    {
        Target = "label",
        Positive = "yes",
        HyperParameters = ScaleTrainOptions.NationalDefaults with { Iterations = 60, MinDataPerLeaf = 20 },
    };

    [Fact]
    public void A_booster_fitted_through_the_matrix_view_equals_one_fitted_on_row_objects()
    {
        var (_, x, y) = Data(1500, 3);
        var hp = new TabularHyperParameters { Iterations = 40, Leaves = 8, EnsembleSize = 1, Threads = 1 };
        var rows = Enumerable.Range(0, x.Rows).Select(x.RowArray).ToArray();
        var a = MlNetBoosters.FitBinary(rows, y, hp, 7);
        var b = MlNetBoosters.FitBinary(new MLContext(7), new MatrixDataView(x, y), hp, 7);
        Assert.Equal(MlNetBoosters.ScoreBinary(a, rows), MlNetBoosters.ScoreBinary(b, rows));

        // A subset view holds exactly the chosen rows, in order.
        var subset = Enumerable.Range(0, x.Rows).Where(i => i % 3 != 0).ToArray();
        var c = MlNetBoosters.FitBinary([.. subset.Select(i => rows[i])], [.. subset.Select(i => y[i])], hp, 7);
        var d = MlNetBoosters.FitBinary(new MLContext(7), new MatrixDataView(x, y, subset), hp, 7);
        Assert.Equal(MlNetBoosters.ScoreBinary(c, rows), MlNetBoosters.ScoreBinary(d, rows));
    }

    [Fact]
    public void The_forest_scorer_gives_the_model_margin_of_a_stacked_uci_style_model_and_of_a_scale_model()
    {
        var table = GeneratedTables.Pupils(1200, 5, step: true);
        var stacked = TabularTrainer.Train(table, new TabularTrainOptions
        {
            Target = "label", Positive = "yes", IdColumn = "id", CalibrationFolds = 3,
            HyperParameters = new TabularHyperParameters { Iterations = 50, Leaves = 8, EnsembleSize = 2 },
        });
        Assert.NotNull(stacked.Linear);
        var xs = stacked.FeatureMatrix(table);
        var m = FeatureMatrix.FromRows(xs, stacked.FeatureNames.Count);
        var expected = stacked.RawScores(xs);
        var got = ForestScorer.Create(stacked).Score(m);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], got[i], 1e-5);

        var (schema, x, y) = Data(4000, 6);
        var (model, _) = ScaleTrainer.Train(schema, x, y, Options);
        var rows = Enumerable.Range(0, x.Rows).Select(x.RowArray).ToArray();
        expected = model.RawScores(rows);
        var scorer = ForestScorer.Create(model);
        got = scorer.Score(x);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], got[i], 1e-5);
            Assert.Equal(got[i], scorer.Score(x.Row(i)), 12);
        }
        // One thread or every core: the same margins.
        var single = new double[x.Rows];
        scorer.Score(x, single, maxDegreeOfParallelism: 1);
        Assert.Equal(got, single);
    }

    [Fact]
    public void Scale_training_holds_out_a_stratified_share_calibrates_on_it_and_round_trips_through_the_model_file()
    {
        var (schema, x, y) = Data(6000, 8);
        var (model, report) = ScaleTrainer.Train(schema, x, y, Options with { CalibrationShare = 0.2 });
        Assert.Equal(x.Rows, report.TrainRows + report.HoldoutRows);
        Assert.InRange(report.HoldoutRows, 1150, 1250);
        Assert.Equal(report.TrainRows, model.Metadata.TrainingRows);
        Assert.Equal(CalibrationMethod.Platt, model.Calibrator.Method);
        Assert.InRange(report.HoldoutAuc, 0.80, 1.0); // the generating mechanism is strong
        Assert.InRange(report.HoldoutEce, 0, 0.05);
        Assert.Null(model.Linear);

        // Positives are held out in the same share as negatives.
        var (train, holdout) = ScaleTrainer.Split(y, 0.2, 42);
        Assert.Empty(train.Intersect(holdout));
        var share = holdout.Count(i => y[i]) / (double)y.Count(v => v);
        Assert.InRange(share, 0.19, 0.21);

        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "national.model");
        model.Save(path);
        var loaded = TabularModel.Load(path);
        Assert.Equal(ForestScorer.Create(model).Score(x), ForestScorer.Create(loaded).Score(x));
        Assert.Equal(model.Probability(0.3), loaded.Probability(0.3), 12);

        // The calibrated probabilities are honest on fresh rows of the same population.
        var (_, fresh, fy) = Data(6000, 9);
        var p = ForestScorer.Create(loaded).Score(fresh).Select(loaded.Probability).ToArray();
        Assert.InRange(ClassificationMetrics.ExpectedCalibrationError(p, fy), 0, 0.05);
    }

    [Fact]
    public void Parallel_explanations_equal_the_per_row_exact_explanations_and_add_up()
    {
        var table = GeneratedTables.Pupils(1500, 11, step: true);
        var model = TabularTrainer.Train(table, new TabularTrainOptions
        {
            Target = "label", Positive = "yes", IdColumn = "id", CalibrationFolds = 3,
            HyperParameters = new TabularHyperParameters { Iterations = 40, Leaves = 8, EnsembleSize = 2 },
        });
        var explainer = TabularExplainer.Create(model);
        var rows = model.FeatureMatrix(table);
        var x = FeatureMatrix.FromRows(rows, model.FeatureNames.Count);
        var m = x.Columns;
        var chosen = Enumerable.Range(0, x.Rows).Where(i => i % 2 == 1).Reverse().ToArray(); // a subset, out of order
        var shap = new double[chosen.Length * m];
        var pred = new double[chosen.Length];
        explainer.ExplainRows(x, chosen, shap, pred);
        var scorer = ForestScorer.Create(model);
        for (var k = 0; k < chosen.Length; k++)
        {
            var one = explainer.Explain(rows[chosen[k]]);
            Assert.Equal(one.Prediction, pred[k], 9);
            for (var j = 0; j < m; j++) Assert.Equal(one.Values[j], shap[k * m + j], 9);
            Assert.Equal(pred[k] - explainer.Baseline, shap.AsSpan(k * m, m).ToArray().Sum(), 9);
            Assert.Equal(scorer.Score(x.Row(chosen[k])), pred[k], 9);
        }
        // One worker gives the same numbers as several.
        var shap1 = new double[shap.Length];
        var pred1 = new double[pred.Length];
        explainer.ExplainRows(x, chosen, shap1, pred1, maxDegreeOfParallelism: 1);
        Assert.Equal(shap, shap1);
        Assert.Equal(pred, pred1);
    }
}
