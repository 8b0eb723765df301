using Basira.Analytics.Metrics;
using Basira.Governance;

namespace Basira.Analytics.Tabular;

/// <summary>What to train: target, positive class, excluded columns, hyper-parameters and calibration.</summary>
public sealed record TabularTrainOptions
{
    /// <summary>Target column.</summary>
    public required string Target { get; init; }

    /// <summary>Positive value of the target (binary model: positive vs rest).</summary>
    public required string Positive { get; init; }

    /// <summary>Id column, excluded from the features.</summary>
    public string? IdColumn { get; init; }

    /// <summary>Columns excluded from the features.</summary>
    public IReadOnlyList<string> Drop { get; init; } = [];

    /// <summary>Columns whose name starts with one of these prefixes are excluded.</summary>
    public IReadOnlyList<string> DropPrefixes { get; init; } = [];

    /// <summary>Columns to treat as categorical even when numeric (integer-coded nominal variables).</summary>
    public IReadOnlyList<string> Categorical { get; init; } = [];

    /// <summary>Order categorical codes by the smoothed positive rate of the training rows instead of ordinal string order (default).</summary>
    public bool OrderCategoriesByTargetRate { get; init; }

    /// <summary>Derived numeric features (two-column expressions) appended after the data columns.</summary>
    public IReadOnlyList<DerivedFeature> Derived { get; init; } = [];

    /// <summary>Booster hyper-parameters.</summary>
    public TabularHyperParameters HyperParameters { get; init; } = new();

    /// <summary>Calibration fitted on inner out-of-fold margins (default Platt).</summary>
    public CalibrationMethod Calibration { get; init; } = CalibrationMethod.Platt;

    /// <summary>
    /// Add a linear part (one-hot categories + standardised numerics, L2 logistic regression) stacked with the trees by
    /// non-negative logistic regression on inner out-of-fold margins (<see cref="StackWeights.Fit"/>; needs calibration folds).
    /// </summary>
    public bool Linear { get; init; } = true;

    /// <summary>Inner folds used to get out-of-fold margins for the calibrator.</summary>
    public int CalibrationFolds { get; init; } = 5;

    /// <summary>Maximum training rows stored in the model file for covers (seeded sample above this).</summary>
    public int MaxStoredTrainingRows { get; init; } = 200_000;
}

/// <summary>Trains <see cref="TabularModel"/> binary classifiers (LightGBM or FastTree, seed-averaged, calibrated).</summary>
public static class TabularTrainer
{
    /// <summary>Trains on every row of <paramref name="table"/>.</summary>
    /// <param name="table">Training data (the target must be present on every row).</param>
    /// <param name="options">Target, exclusions, hyper-parameters.</param>
    /// <param name="log">Progress lines (the CLI sends them to stderr).</param>
    /// <exception cref="DataInputException">Missing columns, unknown positive value, single-class target.</exception>
    public static TabularModel Train(TabularTable table, TabularTrainOptions options, Action<string>? log = null) =>
        Train(table, options, Enumerable.Range(0, table.RowCount).ToArray(), log);

    /// <summary>Trains on a subset of rows (category codes learnt from these rows only).</summary>
    public static TabularModel Train(TabularTable table, TabularTrainOptions options, IReadOnlyList<int> rows, Action<string>? log = null)
    {
        var y = Labels(table, options.Target, options.Positive, rows);
        var schema = BuildSchema(table, options, rows, y);
        var all = schema.Encode(table);
        var x = rows.Select(r => all[r]).ToArray();
        return Fit(table.Source, schema, x, y, options, log);
    }

    /// <summary>Feature schema for training rows <paramref name="rows"/> with labels <paramref name="y"/> (aligned).</summary>
    public static FeatureSchema BuildSchema(TabularTable table, TabularTrainOptions o, IReadOnlyList<int> rows, IReadOnlyList<bool> y) =>
        FeatureSchema.Build(table, o.Target, o.IdColumn, o.Drop, o.DropPrefixes, rows, o.Categorical, o.OrderCategoriesByTargetRate ? y : null, o.Derived);

    /// <summary>Binary labels (target == positive) for the given rows.</summary>
    public static bool[] Labels(TabularTable table, string target, string positive, IReadOnlyList<int> rows)
    {
        if (!table.HasColumn(target)) throw new DataInputException(table.Source, 1, target, $"required column '{target}' is missing");
        var t = table[target];
        return [.. rows.Select(r => t.Raw[r] == positive)];
    }

    /// <summary>Fewest training rows accepted by <see cref="Train(TabularTable, TabularTrainOptions, Action{string})"/>.</summary>
    public const int MinTrainingRows = 10;

    /// <summary>Fewest training rows of each class (so that every inner calibration fold trains on both classes).</summary>
    public const int MinRowsPerClass = 2;

    /// <summary>
    /// Checks that labels <paramref name="y"/> can be trained on: at least <see cref="MinTrainingRows"/> rows, both classes,
    /// at least <see cref="MinRowsPerClass"/> rows of each.
    /// </summary>
    /// <param name="source">File named in the error.</param>
    /// <param name="y">Training labels (target == positive).</param>
    /// <param name="o">Target and positive value named in the error.</param>
    /// <param name="fold">Outer fold whose training rows these are (1-based, named in the error), or null.</param>
    /// <exception cref="DataInputException">Too few rows, a single class, or too few rows of one class.</exception>
    public static void EnsureTrainable(string? source, IReadOnlyList<bool> y, TabularTrainOptions o, int? fold = null)
    {
        var what = fold is null ? "the training rows" : $"the training rows of fold {fold}";
        var pos = y.Count(v => v);
        var neg = y.Count - pos;
        if (y.Count < MinTrainingRows)
            throw new DataInputException(source, null, null,
                $"only {y.Count} row{(y.Count == 1 ? "" : "s")} to train on{(fold is null ? "" : $" in fold {fold}")} (need at least {MinTrainingRows} to train and calibrate a model)");
        if (pos == 0 || neg == 0)
            throw new DataInputException(source, null, o.Target,
                $"the target has only one class among {what} (positive '{o.Positive}': {pos} of {y.Count}); both classes are needed");
        if (Math.Min(pos, neg) < MinRowsPerClass)
            throw new DataInputException(source, null, o.Target,
                $"only {Math.Min(pos, neg)} {(pos < neg ? $"positive ('{o.Positive}')" : "negative")} row in {what} (need at least {MinRowsPerClass} of each class)");
    }

    internal static TabularModel Fit(string source, FeatureSchema schema, float[][] x, bool[] y, TabularTrainOptions o, Action<string>? log, bool parallel = true)
    {
        EnsureTrainable(source, y, o);
        var pos = y.Count(v => v);
        var hp = o.HyperParameters;
        var metrics = new Dictionary<string, double>();
        var calibrator = ProbabilityCalibrator.Sigmoid;
        var stack = StackWeights.TreesOnly;
        LinearPart? linear = null;
        if (o.Calibration != CalibrationMethod.None)
        {
            var k = Math.Max(2, o.CalibrationFolds);
            log?.Invoke($"calibration: {k} inner folds × {hp.EnsembleSize} booster(s){(o.Linear ? " + linear part" : "")}");
            var folds = Folds.Stratified(y, k, hp.Seed + 7919);
            var oof = OutOfFoldMargins(x, y, folds, k, hp, parallel);
            metrics["oof_auc_trees"] = ClassificationMetrics.RocAuc(oof, y);
            if (o.Linear)
            {
                var oofLinear = OutOfFoldLinear(schema.Features, x, y, folds, k, hp.Seed);
                metrics["oof_auc_linear"] = ClassificationMetrics.RocAuc(oofLinear, y);
                stack = StackWeights.Fit(oof, oofLinear, y, hp.Seed);
                if (stack.LinearWeight > 0)
                {
                    linear = LinearPart.Fit(schema.Features, x, y, hp.Seed);
                    var s = stack;
                    oof = [.. oof.Select((t, i) => s.Intercept + s.TreeWeight * t + s.LinearWeight * oofLinear[i])];
                }
                log?.Invoke($"stack: margin = {stack.Intercept:F3} + {stack.TreeWeight:F3}·trees + {stack.LinearWeight:F3}·linear");
            }
            calibrator = ProbabilityCalibrator.Fit(o.Calibration, oof, y);
            var p = oof.Select(calibrator.Probability).ToArray();
            metrics["oof_auc"] = ClassificationMetrics.RocAuc(oof, y);
            metrics["oof_pr_auc"] = ClassificationMetrics.AveragePrecision(oof, y);
            metrics["oof_brier"] = ClassificationMetrics.Brier(p, y);
            metrics["oof_ece_in_sample_calibrator"] = ClassificationMetrics.ExpectedCalibrationError(p, y);
        }
        log?.Invoke($"fitting {hp.EnsembleSize} {hp.Learner} booster(s) × {hp.Iterations} iterations on {x.Length} rows, {schema.Features.Count} features");
        var boosters = FitEnsemble(x, y, hp);
        var bytes = boosters.Select(b => MlNetBoosters.Save(b, schema.Features.Count)).ToArray();
        var stored = x;
        if (x.Length > o.MaxStoredTrainingRows)
        {
            var rng = new Random(hp.Seed);
            stored = [.. Enumerable.Range(0, x.Length).OrderBy(_ => rng.Next()).Take(o.MaxStoredTrainingRows).Order().Select(i => x[i])];
        }
        var meta = new TabularModelMetadata
        {
            Target = o.Target,
            PositiveClass = o.Positive,
            IdColumn = o.IdColumn,
            Features = schema.Features,
            TrainingRows = x.Length,
            TrainingPositives = pos,
            StoredTrainingRows = stored.Length,
            TrainedAt = DateTimeOffset.UtcNow,
            HyperParameters = hp,
            Calibrator = calibrator,
            Boosters = boosters.Length,
            Stack = stack,
            Linear = linear,
            Metrics = metrics,
            Dropped = [.. o.Drop, .. o.DropPrefixes.Select(p => p + "*")],
        };
        return new TabularModel(meta, boosters, bytes, stored);
    }

    /// <summary>Out-of-fold margins of the linear part (slots and weights learnt on each fold's training rows).</summary>
    internal static double[] OutOfFoldLinear(IReadOnlyList<FeatureSpec> features, float[][] x, bool[] y, int[] fold, int k, int seed)
    {
        var oof = new double[x.Length];
        for (var f = 0; f < k; f++)
        {
            var tr = Enumerable.Range(0, x.Length).Where(i => fold[i] != f).ToArray();
            var part = LinearPart.Fit(features, [.. tr.Select(i => x[i])], [.. tr.Select(i => y[i])], seed + f);
            for (var i = 0; i < x.Length; i++) if (fold[i] == f) oof[i] = part.Margin(x[i]);
        }
        return oof;
    }

    internal static Microsoft.ML.ITransformer[] FitEnsemble(float[][] x, bool[] y, TabularHyperParameters hp) =>
        [.. Enumerable.Range(0, Math.Max(1, hp.EnsembleSize)).Select(s => MlNetBoosters.FitBinary(x, y,
            hp.Learner == TabularLearner.Mixed ? hp with { Learner = s % 2 == 0 ? TabularLearner.LightGbm : TabularLearner.FastTree } : hp,
            hp.Seed + s))];

    internal static double[] EnsembleMargins(Microsoft.ML.ITransformer[] boosters, float[][] x)
    {
        var m = new double[x.Length];
        foreach (var b in boosters)
        {
            var s = MlNetBoosters.ScoreBinary(b, x);
            for (var i = 0; i < m.Length; i++) m[i] += s[i] / boosters.Length;
        }
        return m;
    }

    /// <summary>Out-of-fold ensemble margins with the given fold assignment (folds run in parallel, one core each).</summary>
    internal static double[] OutOfFoldMargins(float[][] x, bool[] y, int[] fold, int k, TabularHyperParameters hp, bool parallel = true)
    {
        var oof = new double[x.Length];
        Parallel.For(0, k, new ParallelOptions { MaxDegreeOfParallelism = parallel ? Environment.ProcessorCount : 1 }, f =>
        {
            var tr = Enumerable.Range(0, x.Length).Where(i => fold[i] != f).ToArray();
            var te = Enumerable.Range(0, x.Length).Where(i => fold[i] == f).ToArray();
            var b = FitEnsemble([.. tr.Select(i => x[i])], [.. tr.Select(i => y[i])], hp);
            var m = EnsembleMargins(b, [.. te.Select(i => x[i])]);
            for (var j = 0; j < te.Length; j++) oof[te[j]] = m[j];
        });
        return oof;
    }
}

/// <summary>Fold assignment helpers.</summary>
public static class Folds
{
    /// <summary>Stratified K-fold: rows of each class shuffled with <paramref name="seed"/> and dealt round-robin to folds.</summary>
    public static int[] Stratified<T>(IReadOnlyList<T> classes, int k, int seed) where T : notnull
    {
        var fold = new int[classes.Count];
        var rng = new Random(seed);
        var offset = 0;
        foreach (var g in classes.Select((c, i) => (c, i)).GroupBy(t => t.c).OrderBy(g => g.Key.ToString(), StringComparer.Ordinal))
        {
            var idx = g.Select(t => t.i).ToArray();
            rng.Shuffle(idx);
            for (var j = 0; j < idx.Length; j++) fold[idx[j]] = (j + offset) % k;
            offset += idx.Length;
        }
        return fold;
    }
}
