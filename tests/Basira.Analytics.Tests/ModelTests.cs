using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Basira.Analytics.Tabular;

namespace Basira.Analytics.Tests;

public class ModelTests
{
    /// <summary>Synthetic data: logit = 1.5 x1 − x2 + (region == "south" ? 1 : 0) + noise; x3 is pure noise.</summary>
    internal static string SyntheticCsv(int n, int seed)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder("id,x1,x2,x3,region,outcome\n");
        string[] regions = ["north", "south", "east"];
        for (var i = 0; i < n; i++)
        {
            double x1 = rng.NextDouble() * 4 - 2, x2 = rng.NextDouble() * 4 - 2, x3 = rng.NextDouble();
            var region = regions[rng.Next(3)];
            var logit = 1.5 * x1 - x2 + (region == "south" ? 1 : 0) + (rng.NextDouble() - 0.5);
            var yes = rng.NextDouble() < 1 / (1 + Math.Exp(-logit));
            sb.Append(CultureInfo.InvariantCulture, $"{i},{x1:F4},{x2:F4},{x3:F4},{region},{(yes ? "yes" : "no")}\n");
        }
        return sb.ToString();
    }

    private static readonly TabularHyperParameters Small = new()
    {
        Iterations = 60, LearningRate = 0.1, Leaves = 8, MinDataPerLeaf = 10, EnsembleSize = 2,
    };

    [Fact]
    public void Train_save_load_round_trip_gives_same_predictions_and_stable_hash()
    {
        using var d = new TempDir();
        var table = TabularReader.ReadCsvText(SyntheticCsv(400, 1), "syn.csv");
        var model = TabularTrainer.Train(table, new TabularTrainOptions
        {
            Target = "outcome", Positive = "yes", IdColumn = "id", HyperParameters = Small, CalibrationFolds = 3,
        });
        Assert.Equal(["x1", "x2", "x3", "region"], model.FeatureNames);
        Assert.Equal(["east", "north", "south"], model.Schema.Features[3].Categories);
        Assert.Equal(2, model.Parts.Count);
        Assert.Equal(400, model.TrainingFeatures.Count);
        Assert.True(model.Parts[0].Trees.TrainedTreeEnsemble.Trees.Count > 0);

        var before = model.Predict(table);
        var path = Path.Combine(d.Path, "m.basira");
        model.Save(path);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), model.ContentHash);

        var loaded = TabularModel.Load(path);
        Assert.Equal(model.ContentHash, loaded.ContentHash);
        Assert.Equal(TabularModel.FormatVersion, loaded.Version);
        var after = loaded.Predict(table);
        for (var i = 0; i < before.Length; i++)
        {
            Assert.Equal(before[i].RawScore, after[i].RawScore, 6);
            Assert.Equal(before[i].Probability, after[i].Probability, 9);
            Assert.Equal(before[i].Features, after[i].Features);
        }
        Assert.Equal(model.TrainingFeatures[5], loaded.TrainingFeatures[5]);

        var path2 = Path.Combine(d.Path, "m2.basira");
        loaded.Save(path2);
        Assert.Equal(model.ContentHash, loaded.ContentHash); // same bytes when re-saved

        // margin = Σ weight · ML.NET score, and unseen category → NaN feature
        var unseen = TabularReader.ReadCsvText("id,x1,x2,x3,region,outcome\n1,0.5,0.1,0.2,west,yes\n", "u.csv");
        var p = loaded.Predict(unseen).Single();
        Assert.True(float.IsNaN(p.Features[3]));
        Assert.InRange(p.Probability, 0, 1);
    }

    [Theory]
    [InlineData(3, false, "only 3 rows")]
    [InlineData(30, true, "only one class")]
    [InlineData(30, false, "only 1 positive")]
    public void Training_on_too_few_rows_or_one_class_is_bad_input(int n, bool oneClass, string expected)
    {
        var sb = new StringBuilder("id,x1,outcome\n");
        for (var i = 0; i < n; i++) sb.Append(CultureInfo.InvariantCulture, $"{i},{i % 7},{(!oneClass && i == 1 ? "yes" : "no")}\n");
        var table = TabularReader.ReadCsvText(sb.ToString(), "few.csv");
        var options = new TabularTrainOptions { Target = "outcome", Positive = "no", IdColumn = "id", HyperParameters = Small };
        if (n == 3) options = options with { Positive = "yes" };
        if (expected.Contains("positive")) options = options with { Positive = "yes" };
        var ex = Assert.Throws<Basira.Governance.DataInputException>(() => TabularTrainer.Train(table, options));
        Assert.Contains("few.csv", ex.Message);
        Assert.Contains(expected, ex.Message);
        var cv = Assert.Throws<Basira.Governance.DataInputException>(() =>
            CrossValidation.Run(table, new CrossValidationOptions { Train = options, FoldCount = 2 }));
        Assert.Contains("few.csv", cv.Message);
    }

    [Fact]
    public void Cross_validation_on_generated_data_beats_chance_clearly()
    {
        var table = TabularReader.ReadCsvText(SyntheticCsv(600, 2), "syn.csv");
        var r = CrossValidation.Run(table, new CrossValidationOptions
        {
            Train = new TabularTrainOptions { Target = "outcome", Positive = "yes", IdColumn = "id", HyperParameters = Small, CalibrationFolds = 3 },
            FoldCount = 3,
            Seed = 7,
            Protected = ["region"],
        });
        Assert.Equal(600, r.Rows);
        Assert.Equal(3, r.Folds);
        Assert.InRange(r.Auc, 0.8, 1.0);
        Assert.InRange(r.Ece, 0, 0.15);
        Assert.Null(r.MacroF1); // binary target
        Assert.Equal(3, r.PerFold.Count);
        Assert.Equal(600, r.ProtectedValues["region"].Count);
        Assert.Equal(600, r.Flagged.Length);
    }

    [Fact]
    public void Folds_file_maps_data_rows_and_stratified_folds_are_balanced()
    {
        using var d = new TempDir();
        var table = TabularReader.ReadCsvText("a,b,y\n1,2,p\n3,4,n\n5,6\n7,8,p\n", "t.csv"); // data row 2 quarantined
        var folds = d.File("f.csv", "row,fold\n0,1\n1,0\n2,0\n3,1\n");
        Assert.Equal([1, 0, 1], CrossValidation.ReadFoldsFile(folds, table));
        var missing = d.File("g.csv", "row,fold\n0,1\n1,0\n");
        Assert.Throws<Basira.Governance.DataInputException>(() => CrossValidation.ReadFoldsFile(missing, table));

        var y = Enumerable.Range(0, 100).Select(i => i < 30).ToArray();
        var f = Folds.Stratified(y, 5, 1);
        for (var k = 0; k < 5; k++) Assert.Equal(6, Enumerable.Range(0, 100).Count(i => f[i] == k && y[i]));
    }

    [Fact]
    public void Calibrators_are_monotone_and_platt_recovers_a_logistic_link()
    {
        var rng = new Random(3);
        var m = Enumerable.Range(0, 4000).Select(_ => rng.NextDouble() * 8 - 4).ToArray();
        var y = m.Select(v => rng.NextDouble() < 1 / (1 + Math.Exp(-(0.5 * v + 0.3)))).ToArray();
        var platt = ProbabilityCalibrator.Fit(CalibrationMethod.Platt, m, y);
        Assert.InRange(platt.A, 0.4, 0.6);
        Assert.InRange(platt.B, 0.15, 0.45);
        var iso = ProbabilityCalibrator.Fit(CalibrationMethod.Isotonic, m, y);
        var grid = Enumerable.Range(-50, 101).Select(i => i / 10.0).Select(iso.Probability).ToArray();
        for (var i = 1; i < grid.Length; i++) Assert.True(grid[i] >= grid[i - 1]);
        Assert.InRange(iso.Ece(m, y), 0, 0.03);
    }
}
