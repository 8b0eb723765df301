using System.Diagnostics;
using Basira.Analytics.Metrics;
using Microsoft.ML;

namespace Basira.Analytics.Tabular;

/// <summary>What <see cref="ScaleTrainer"/> trains: target names for the model file, boosters and the calibration hold-out.</summary>
public sealed record ScaleTrainOptions
{
    /// <summary>Target column named in the model file.</summary>
    public required string Target { get; init; }

    /// <summary>Positive value of the target named in the model file.</summary>
    public required string Positive { get; init; }

    /// <summary>
    /// Booster hyper-parameters. The national default: one LightGBM booster of 150 trees × 31 leaves at learning rate
    /// 0.1, depth ≤ 6 (a model that scores and explains millions of rows in seconds: short paths keep the TreeSHAP tables in cache), every core for the fit.
    /// </summary>
    public TabularHyperParameters HyperParameters { get; init; } = NationalDefaults;

    /// <summary>Calibration of the margin, fitted on the hold-out rows only (Platt by default).</summary>
    public CalibrationMethod Calibration { get; init; } = CalibrationMethod.Platt;

    /// <summary>Share of the rows held out (stratified) to fit the calibrator and measure the model; never trained on.</summary>
    public double CalibrationShare { get; init; } = 0.1;

    /// <summary>
    /// Most rows the booster is fitted on: above it, a seeded stratified sample of the training rows (the hold-out is
    /// untouched). With a few features the learning curve is flat long before a national cohort (docs/education-early-warning.md
    /// gives the measurement), and the fit's time grows with the rows. 0 = no limit.
    /// </summary>
    public int MaxTrainingRows { get; init; } = DefaultMaxTrainingRows;

    /// <summary>Default of <see cref="MaxTrainingRows"/>.</summary>
    public const int DefaultMaxTrainingRows = 400_000;

    /// <summary>Training rows kept in the model file (seeded sample) for the TreeSHAP covers.</summary>
    public int MaxStoredTrainingRows { get; init; } = 100_000;

    /// <summary>The national-scale booster settings (see <see cref="HyperParameters"/>).</summary>
    public static TabularHyperParameters NationalDefaults { get; } = new()
    {
        Learner = TabularLearner.LightGbm,
        Iterations = 150,
        LearningRate = 0.1,
        Leaves = 31,
        MaxDepth = 6,
        MinDataPerLeaf = 200,
        FeatureFraction = 0.9,
        BaggingFraction = 0.8,
        L2 = 1.0,
        EnsembleSize = 1,
        Seed = 42,
        Threads = Math.Max(1, Environment.ProcessorCount),
    };
}

/// <summary>What a scale training measured on its calibration hold-out.</summary>
/// <param name="TrainRows">Rows the booster was fitted on.</param>
/// <param name="HoldoutRows">Rows held out for calibration and measurement.</param>
/// <param name="HoldoutAuc">ROC-AUC on the hold-out.</param>
/// <param name="HoldoutEce">Expected calibration error (10 bins) on the hold-out, with the calibrator fitted on it (in-sample).</param>
/// <param name="HoldoutBrier">Brier score on the hold-out.</param>
/// <param name="FitSeconds">Wall time of the booster fit(s).</param>
public sealed record ScaleTrainReport(int TrainRows, int HoldoutRows, double HoldoutAuc, double HoldoutEce, double HoldoutBrier, double FitSeconds);

/// <summary>
/// Training at national scale: millions of rows in one <see cref="FeatureMatrix"/>, streamed to ML.NET's LightGBM
/// through <see cref="MatrixDataView"/> (no object per row) with every core, then calibrated on a stratified hold-out
/// (Platt or isotonic) scored with <see cref="ForestScorer"/>. Time and memory grow linearly with the rows. The result is
/// the same <see cref="TabularModel"/> file as <see cref="TabularTrainer"/> writes (trees only, no linear part), so
/// TreeSHAP explanations, notices and the register work unchanged. The UCI path (<see cref="TabularTrainer"/>) keeps its
/// own defaults.
/// </summary>
public static class ScaleTrainer
{
    /// <summary>Trains on <paramref name="x"/> with labels <paramref name="y"/> and the feature mapping <paramref name="schema"/>.</summary>
    /// <exception cref="Governance.DataInputException">Too few rows, or a class missing (<see cref="TabularTrainer.EnsureTrainable"/>).</exception>
    public static (TabularModel Model, ScaleTrainReport Report) Train(FeatureSchema schema, FeatureMatrix x, bool[] y, ScaleTrainOptions o,
        Action<string>? log = null, string source = "matrix")
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Columns != schema.Features.Count) throw new ArgumentException($"{x.Columns} columns for {schema.Features.Count} features", nameof(x));
        if (y.Length != x.Rows) throw new ArgumentException($"{y.Length} labels for {x.Rows} rows", nameof(y));
        var trainOptions = new TabularTrainOptions { Target = o.Target, Positive = o.Positive, Linear = false };
        TabularTrainer.EnsureTrainable(source, y, trainOptions);
        var hp = o.HyperParameters;
        var (train, holdout) = Split(y, Math.Clamp(o.CalibrationShare, 0.01, 0.5), hp.Seed);
        TabularTrainer.EnsureTrainable(source, [.. holdout.Select(i => y[i])], trainOptions);
        if (o.MaxTrainingRows > 0 && train.Length > o.MaxTrainingRows)
        {
            var available = train.Length;
            var (_, kept) = Split([.. train.Select(i => y[i])], (double)o.MaxTrainingRows / train.Length, hp.Seed + 1);
            train = [.. kept.Select(k => train[k])];
            log?.Invoke($"fitting on a stratified sample of {train.Length:N0} of the {available:N0} training rows (MaxTrainingRows)");
        }

        log?.Invoke($"fitting {hp.EnsembleSize} {hp.Learner} booster(s) × {hp.Iterations} trees ({hp.Leaves} leaves) on {train.Length:N0} rows × {x.Columns} features, {hp.Threads} thread(s)");
        var sw = Stopwatch.StartNew();
        var boosters = new ITransformer[Math.Max(1, hp.EnsembleSize)];
        for (var b = 0; b < boosters.Length; b++)
        {
            var ml = new MLContext(hp.Seed + b);
            boosters[b] = MlNetBoosters.FitBinary(ml, new MatrixDataView(x, y, train), hp with { Learner = TabularLearner.LightGbm }, hp.Seed + b);
        }
        var fitSeconds = sw.Elapsed.TotalSeconds;
        log?.Invoke($"fitted in {fitSeconds:F1} s; calibrating ({o.Calibration}) on {holdout.Length:N0} held-out rows");

        var bytes = boosters.Select(b => MlNetBoosters.Save(b, x.Columns)).ToArray();
        var stored = Sample(train, o.MaxStoredTrainingRows, hp.Seed).Select(x.RowArray).ToArray();
        var meta = new TabularModelMetadata
        {
            Target = o.Target,
            PositiveClass = o.Positive,
            Features = schema.Features,
            TrainingRows = train.Length,
            TrainingPositives = train.Count(i => y[i]),
            StoredTrainingRows = stored.Length,
            TrainedAt = DateTimeOffset.UtcNow,
            HyperParameters = hp,
            Calibrator = ProbabilityCalibrator.Sigmoid,
            Boosters = boosters.Length,
            Stack = StackWeights.TreesOnly,
        };
        var model = new TabularModel(meta, boosters, bytes, stored);
        var scorer = ForestScorer.Create(model);
        var hx = x.Select(holdout);
        var margins = scorer.Score(hx);
        var hy = holdout.Select(i => y[i]).ToArray();
        var calibrator = ProbabilityCalibrator.Fit(o.Calibration, margins, hy);
        var p = margins.Select(calibrator.Probability).ToArray();
        var report = new ScaleTrainReport(train.Length, holdout.Length, ClassificationMetrics.RocAuc(margins, hy),
            ClassificationMetrics.ExpectedCalibrationError(p, hy), ClassificationMetrics.Brier(p, hy), fitSeconds);
        var metrics = new Dictionary<string, double>
        {
            ["holdout_auc"] = report.HoldoutAuc,
            ["holdout_ece_in_sample_calibrator"] = report.HoldoutEce,
            ["holdout_brier"] = report.HoldoutBrier,
            ["holdout_rows"] = holdout.Length,
        };
        model = new TabularModel(meta with { Calibrator = calibrator, Metrics = metrics }, boosters, bytes, stored);
        log?.Invoke($"hold-out AUC {report.HoldoutAuc:F4}, ECE {report.HoldoutEce:F4}");
        return (model, report);
    }

    /// <summary>Stratified split: within each class, a seeded share of the rows goes to the hold-out.</summary>
    internal static (int[] Train, int[] Holdout) Split(bool[] y, double share, int seed)
    {
        var rng = new Random(seed + 104729);
        var train = new List<int>(y.Length);
        var holdout = new List<int>((int)(y.Length * share) + 2);
        foreach (var cls in new[] { false, true })
        {
            var idx = Enumerable.Range(0, y.Length).Where(i => y[i] == cls).ToArray();
            rng.Shuffle(idx);
            var h = Math.Max(1, (int)Math.Round(idx.Length * share));
            holdout.AddRange(idx.AsSpan(0, Math.Min(h, idx.Length - 1)));
            train.AddRange(idx.AsSpan(Math.Min(h, idx.Length - 1)));
        }
        train.Sort();
        holdout.Sort();
        return ([.. train], [.. holdout]);
    }

    private static IEnumerable<int> Sample(int[] rows, int max, int seed)
    {
        if (rows.Length <= max) return rows;
        var copy = (int[])rows.Clone();
        new Random(seed).Shuffle(copy);
        return copy.AsSpan(0, max).ToArray().Order();
    }
}
