using Basira.Analytics.Metrics;
using Basira.Governance;

namespace Basira.Analytics.Tabular;

/// <summary>Options of <see cref="CrossValidation.Run"/>.</summary>
public sealed record CrossValidationOptions
{
    /// <summary>Model options (target, positive, exclusions, hyper-parameters, calibration).</summary>
    public required TabularTrainOptions Train { get; init; }

    /// <summary>
    /// Fold id of every table row (from a folds file, ids ≥ 0, kept as given in the results); null → stratified
    /// <see cref="FoldCount"/>-fold with <see cref="Seed"/> (ids 0 … K−1).
    /// </summary>
    public IReadOnlyList<int>? FoldOfRow { get; init; }

    /// <summary>Where <see cref="FoldOfRow"/> comes from (the folds file), named in errors about the folds.</summary>
    public string? FoldsSource { get; init; }

    /// <summary>Number of folds when <see cref="FoldOfRow"/> is null.</summary>
    public int FoldCount { get; init; } = 5;

    /// <summary>Seed of the stratified split when <see cref="FoldOfRow"/> is null.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Also fit a multi-class model when the target has more than two classes (accuracy, macro-F1).</summary>
    public bool Multiclass { get; init; } = true;

    /// <summary>
    /// Multi-class decision: argmax of w_k·p_k with class weights w fitted to maximise macro-F1 on inner out-of-fold
    /// probabilities of the outer training rows (never the outer test rows); false = plain argmax.
    /// </summary>
    public bool TuneClassWeights { get; init; } = true;

    /// <summary>Probability threshold for the out-of-fold "flagged" decision (used by fairness metrics).</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Protected columns whose per-row values are kept with the out-of-fold predictions.</summary>
    public IReadOnlyList<string> Protected { get; init; } = [];
}

/// <summary>
/// Figures of one outer fold (<paramref name="Fold"/> = its id, as in the folds file), with the stack weights of its model
/// (fitted on the fold's training rows only). A metric the fold's test rows leave undefined (e.g. AUC of a test set with
/// a single class) is NaN.
/// </summary>
public sealed record FoldFigures(int Fold, int TrainRows, int TestRows, double Auc, double PrAuc, double Ece, double Brier,
    double? Accuracy, double? MacroF1, StackWeights Stack);

/// <summary>Pooled out-of-fold results.</summary>
public sealed class CrossValidationResult
{
    /// <summary>Rows evaluated.</summary>
    public int Rows { get; init; }

    /// <summary>Number of folds.</summary>
    public int Folds { get; init; }

    /// <summary>Features used (model order).</summary>
    public required IReadOnlyList<string> Features { get; init; }

    /// <summary>Pooled out-of-fold ROC-AUC of the binary model (positive vs rest).</summary>
    public double Auc { get; init; }

    /// <summary>Pooled out-of-fold average precision.</summary>
    public double PrAuc { get; init; }

    /// <summary>Pooled out-of-fold ECE (10 equal-width bins) of the calibrated probability.</summary>
    public double Ece { get; init; }

    /// <summary>Pooled out-of-fold Brier score.</summary>
    public double Brier { get; init; }

    /// <summary>Pooled multi-class accuracy (null when the target has 2 classes or multi-class is off).</summary>
    public double? Accuracy { get; init; }

    /// <summary>Pooled multi-class macro-F1 (null when the target has 2 classes or multi-class is off).</summary>
    public double? MacroF1 { get; init; }

    /// <summary>Pooled AUC of the multi-class model's probability of the positive class (for information; null without multi-class).</summary>
    public double? MulticlassPositiveAuc { get; init; }

    /// <summary>Target classes (ordinal order) when the multi-class model ran.</summary>
    public IReadOnlyList<string> Classes { get; init; } = [];

    /// <summary>Per-fold figures.</summary>
    public required IReadOnlyList<FoldFigures> PerFold { get; init; }

    /// <summary>Per table row: out-of-fold calibrated probability of the positive class.</summary>
    public required double[] Probability { get; init; }

    /// <summary>Per table row: out-of-fold margin.</summary>
    public required double[] RawScore { get; init; }

    /// <summary>Per table row: true when the target equals the positive value.</summary>
    public required bool[] Label { get; init; }

    /// <summary>Per table row: id of the fold in which the row was the test set (as in the folds file).</summary>
    public required int[] Fold { get; init; }

    /// <summary>Per table row: out-of-fold decision at <see cref="Threshold"/> (probability ≥ threshold).</summary>
    public required bool[] Flagged { get; init; }

    /// <summary>Threshold used for <see cref="Flagged"/>.</summary>
    public double Threshold { get; init; }

    /// <summary>Per protected column: the raw value of every table row (null = missing), aligned with <see cref="Probability"/>.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string?>> ProtectedValues { get; init; }

    /// <summary>Ids of the folds whose AUC is undefined (test rows of a single class), in fold order.</summary>
    public IReadOnlyList<int> UndefinedAucFolds => [.. PerFold.Where(f => !double.IsFinite(f.Auc)).Select(f => f.Fold)];

    /// <summary>
    /// Mean of the per-fold AUCs, as the dataset reference tables report it (the pooled <see cref="Auc"/> is the figure
    /// of record); null when a fold leaves its AUC undefined (<see cref="UndefinedAucFolds"/>).
    /// </summary>
    public double? AucFoldMean => FoldStatistics.Mean(PerFold.Select(f => f.Auc));

    /// <summary>Population standard deviation of the per-fold AUCs; null when a fold leaves its AUC undefined.</summary>
    public double? AucFoldSd => FoldStatistics.PopulationSd(PerFold.Select(f => f.Auc));

    /// <summary>
    /// Fairness of the out-of-fold decisions (<see cref="Flagged"/> against <see cref="Label"/>, with the calibrated
    /// probability as score), one audit per protected column; a missing protected value forms the group "(missing)".
    /// </summary>
    public IReadOnlyDictionary<string, Basira.Governance.Fairness.FairnessReport> FairnessByProtectedColumn() =>
        ProtectedValues.ToDictionary(p => p.Key, p => Basira.Governance.Fairness.FairnessAuditor.Audit(new Basira.Governance.Fairness.FairnessInput
        {
            YTrue = [.. Label.Select(l => l ? "1" : "0")],
            YPred = [.. Flagged.Select(f => f ? "1" : "0")],
            YScore = Probability,
            SensitiveFeatures = [new Basira.Governance.Fairness.FeatureColumn(p.Key, [.. p.Value.Select(v => v ?? "(missing)")])],
        }, Basira.Governance.Fairness.FairnessOptions.ForPositiveLabel("1")), StringComparer.Ordinal);
}

/// <summary>Statistics over folds: a metric left undefined (NaN, ±∞) by any fold makes the statistic undefined (null).</summary>
public static class FoldStatistics
{
    /// <summary>Arithmetic mean; null for no value or when any value is undefined.</summary>
    public static double? Mean(IEnumerable<double> values)
    {
        var v = values.ToArray();
        return v.Length == 0 || v.Any(x => !double.IsFinite(x)) ? null : v.Average();
    }

    /// <summary>Population standard deviation (divides by n, as the reference tables do); null for no value or when any value is undefined.</summary>
    public static double? PopulationSd(IEnumerable<double> values)
    {
        var v = values.ToArray();
        if (Mean(v) is not { } mean) return null;
        return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / v.Length);
    }
}

/// <summary>K-fold cross-validation of the binary model (and a LightGBM multi-class model when the target has &gt; 2 classes).</summary>
public static class CrossValidation
{
    /// <summary>Runs the cross-validation; progress lines go to <paramref name="log"/>.</summary>
    /// <exception cref="DataInputException">Bad folds, missing columns, unknown positive value.</exception>
    public static CrossValidationResult Run(TabularTable table, CrossValidationOptions o, Action<string>? log = null)
    {
        var t = o.Train;
        if (!table.HasColumn(t.Target)) throw new DataInputException(table.Source, 1, t.Target, $"required column '{t.Target}' is missing");
        foreach (var p in o.Protected)
            if (!table.HasColumn(p)) throw new DataInputException(table.Source, 1, p, $"protected column '{p}' is missing");
        var n = table.RowCount;
        var all = Enumerable.Range(0, n).ToArray();
        var y = TabularTrainer.Labels(table, t.Target, t.Positive, all);
        var targetRaw = table[t.Target].Raw;
        // fold[i] = index 0 … k−1 of the row's fold; ids[f] = that fold's id (the folds file's own number).
        int[] fold;
        int[] ids;
        var foldsSource = o.FoldOfRow is null ? table.Source : o.FoldsSource ?? table.Source;
        if (o.FoldOfRow is { } given)
        {
            if (given.Count != n) throw new ArgumentException("FoldOfRow must have one entry per table row");
            if (given.Any(g => g < 0)) throw new DataInputException(foldsSource, null, "fold", "fold ids must be whole numbers ≥ 0");
            ids = [.. given.Distinct().Order()];
            var index = ids.Select((id, f) => (id, f)).ToDictionary(p => p.id, p => p.f);
            fold = [.. given.Select(g => index[g])];
            if (ids.Length < 2)
                throw new DataInputException(foldsSource, null, "fold", $"every data row is in fold {ids[0]}; at least 2 folds are needed");
        }
        else
        {
            if (o.FoldCount < 2) throw new DataInputException(null, null, "--folds", "at least 2 folds are needed");
            fold = Folds.Stratified([.. targetRaw.Select(v => v ?? string.Empty)], o.FoldCount, o.Seed);
            ids = [.. Enumerable.Range(0, fold.Max() + 1)];
        }
        var k = ids.Length;

        for (var f = 0; f < k; f++)
        {
            var trainLabels = Enumerable.Range(0, n).Where(i => fold[i] != f).Select(i => y[i]).ToArray();
            TabularTrainer.EnsureTrainable(foldsSource, trainLabels, t, ids[f]);
        }
        if (o.FoldOfRow is null) EnsureStratifiable(table.Source, targetRaw, o.FoldCount);

        var classes = targetRaw.Where(v => v is not null).Select(v => v!).Distinct().OrderBy(v => v, StringComparer.Ordinal).ToArray();
        var multi = o.Multiclass && classes.Length > 2;
        var yClass = targetRaw.Select(v => Array.IndexOf(classes, v)).ToArray();

        var margin = new double[n];
        var prob = new double[n];
        var predClass = new int[n];
        var multiPos = new double[n];
        var posClass = Array.IndexOf(classes, t.Positive);
        var figures = new FoldFigures[k];
        var hp = t.HyperParameters;
        log?.Invoke($"cv: {n} rows, {k} folds, {hp.EnsembleSize}×{hp.Learner} ({hp.Iterations} it, lr {hp.LearningRate}, {hp.Leaves} leaves), calibration {t.Calibration}{(multi ? $", multi-class {classes.Length}" : "")}");
        var started = DateTime.UtcNow;
        Parallel.For(0, k, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, f =>
        {
            var tr = all.Where(i => fold[i] != f).ToArray();
            var te = all.Where(i => fold[i] == f).ToArray();
            log?.Invoke($"cv: fold {ids[f]} started: {tr.Length} training rows, {te.Length} test rows");
            var schema = TabularTrainer.BuildSchema(table, t, tr, [.. tr.Select(i => y[i])]);
            var x = schema.Encode(table);
            var xtr = tr.Select(i => x[i]).ToArray();
            var xte = te.Select(i => x[i]).ToArray();
            var model = TabularTrainer.Fit(table.Source, schema, xtr, [.. tr.Select(i => y[i])], t, null, parallel: false);
            var m = model.RawScores(xte);
            for (var j = 0; j < te.Length; j++)
            {
                margin[te[j]] = m[j];
                prob[te[j]] = model.Probability(m[j]);
            }
            double? acc = null, f1 = null;
            if (multi)
            {
                var ytr = tr.Select(i => yClass[i]).ToArray();
                var p = new double[te.Length][];
                for (var s = 0; s < Math.Max(1, hp.EnsembleSize); s++)
                {
                    var mc = MlNetBoosters.FitMulticlass(xtr, ytr, classes.Length, hp, hp.Seed + s);
                    var ps = MlNetBoosters.ScoreMulticlass(mc, xte, classes.Length);
                    for (var j = 0; j < te.Length; j++)
                    {
                        p[j] ??= new double[classes.Length];
                        for (var c = 0; c < classes.Length; c++) p[j][c] += ps[j][c];
                    }
                }
                for (var j = 0; j < te.Length; j++) multiPos[te[j]] = posClass >= 0 ? p[j][posClass] : double.NaN;
                var weights = o.TuneClassWeights ? InnerClassWeights(xtr, ytr, classes.Length, hp, 4, hp.Seed + 31 * f) : Enumerable.Repeat(1.0, classes.Length).ToArray();
                for (var j = 0; j < te.Length; j++) predClass[te[j]] = ArgMax(p[j], weights);
                acc = ClassificationMetrics.Accuracy([.. te.Select(i => yClass[i])], [.. te.Select(i => predClass[i])]);
                f1 = ClassificationMetrics.MacroF1([.. te.Select(i => yClass[i])], [.. te.Select(i => predClass[i])]);
            }
            var yte = te.Select(i => y[i]).ToArray();
            var pte = te.Select(i => prob[i]).ToArray();
            figures[f] = new FoldFigures(ids[f], tr.Length, te.Length,
                ClassificationMetrics.RocAuc(m, yte), ClassificationMetrics.AveragePrecision(m, yte),
                ClassificationMetrics.ExpectedCalibrationError(pte, yte), ClassificationMetrics.Brier(pte, yte), acc, f1, model.Metadata.Stack);
            log?.Invoke($"cv: fold {ids[f]} done: auc {figures[f].Auc:F4}{(f1 is null ? "" : $", macro-F1 {f1:F4}")} ({(DateTime.UtcNow - started).TotalSeconds:F1} s)");
        });

        return new CrossValidationResult
        {
            Rows = n,
            Folds = k,
            Features = TabularTrainer.BuildSchema(table, t, all, y).Names,
            Auc = ClassificationMetrics.RocAuc(margin, y),
            PrAuc = ClassificationMetrics.AveragePrecision(margin, y),
            Ece = ClassificationMetrics.ExpectedCalibrationError(prob, y),
            Brier = ClassificationMetrics.Brier(prob, y),
            Accuracy = multi ? ClassificationMetrics.Accuracy(yClass, predClass) : null,
            MacroF1 = multi ? ClassificationMetrics.MacroF1(yClass, predClass) : null,
            Classes = multi ? classes : [],
            MulticlassPositiveAuc = multi ? ClassificationMetrics.RocAuc(multiPos, y) : null,
            PerFold = figures,
            Probability = prob,
            RawScore = margin,
            Label = y,
            Fold = [.. fold.Select(f => ids[f])],
            Flagged = [.. prob.Select(p => p >= o.Threshold)],
            Threshold = o.Threshold,
            ProtectedValues = o.Protected.ToDictionary(p => p, p => table[p].Raw, StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// Stratified k-fold puts rows of every class of the target in every fold, so K may not exceed the rows of the
    /// rarest class (otherwise some folds miss a class, or K silently shrinks to the number of rows).
    /// </summary>
    /// <exception cref="DataInputException">K is larger than the rarest class.</exception>
    public static void EnsureStratifiable(string source, IReadOnlyList<string?> target, int foldCount)
    {
        var rarest = target.GroupBy(v => v ?? string.Empty, StringComparer.Ordinal)
            .Select(g => (Class: g.Key, Rows: g.Count())).OrderBy(c => c.Rows).ThenBy(c => c.Class, StringComparer.Ordinal).First();
        if (foldCount <= rarest.Rows) return;
        throw new DataInputException(null, null, "--folds",
            $"{foldCount} folds but the rarest target class '{rarest.Class}' of {source} has only {rarest.Rows} row{(rarest.Rows == 1 ? "" : "s")}; " +
            (rarest.Rows >= 2
                ? $"stratified k-fold needs every class in every fold, so use --folds {rarest.Rows} or fewer (or a --folds-file)"
                : "stratified k-fold needs at least 2 rows of every class (merge or drop that class, or give a --folds-file)"));
    }

    internal static int ArgMax(double[] p, double[] w)
    {
        var best = 0;
        for (var c = 1; c < p.Length; c++) if (p[c] * w[c] > p[best] * w[best]) best = c;
        return best;
    }

    /// <summary>Class weights maximising macro-F1 of argmax(w·p) on inner out-of-fold probabilities (coordinate search, w_0 = 1).</summary>
    internal static double[] InnerClassWeights(float[][] x, int[] y, int classes, TabularHyperParameters hp, int k, int seed)
    {
        var fold = Folds.Stratified(y, k, seed);
        var oof = new double[x.Length][];
        for (var f = 0; f < k; f++)
        {
            var tr = Enumerable.Range(0, x.Length).Where(i => fold[i] != f).ToArray();
            var te = Enumerable.Range(0, x.Length).Where(i => fold[i] == f).ToArray();
            var mc = MlNetBoosters.FitMulticlass([.. tr.Select(i => x[i])], [.. tr.Select(i => y[i])], classes, hp, hp.Seed + f);
            var ps = MlNetBoosters.ScoreMulticlass(mc, [.. te.Select(i => x[i])], classes);
            for (var j = 0; j < te.Length; j++) oof[te[j]] = ps[j];
        }
        var w = Enumerable.Repeat(1.0, classes).ToArray();
        double Score(double[] ww) => ClassificationMetrics.MacroF1(y, [.. oof.Select(p => ArgMax(p, ww))]);
        var best = Score(w);
        for (var round = 0; round < 3; round++)
        {
            for (var c = 1; c < classes; c++)
            {
                var keep = w[c];
                for (var v = 0.5; v <= 3.0 + 1e-9; v += 0.05)
                {
                    w[c] = v;
                    var s = Score(w);
                    if (s > best + 1e-12) { best = s; keep = v; }
                }
                w[c] = keep;
            }
        }
        return w;
    }

    /// <summary>
    /// Reads a folds file (columns <c>row</c> = 0-based data row of the data file, <c>fold</c>) and returns the fold of
    /// every row of <paramref name="table"/>.
    /// </summary>
    /// <exception cref="DataInputException">
    /// Bad folds file (a row or fold that is not a whole number from 0 to 2147483647, a row listed twice), a table row
    /// without a fold, or a single fold over the table rows; the message names the folds file, line and field.
    /// </exception>
    public static int[] ReadFoldsFile(string path, TabularTable table)
    {
        var f = TabularReader.Read(path, new TabularReadOptions { RequiredColumns = ["row", "fold"], NumericColumns = ["row", "fold"], Strict = true });
        var rows = f["row"].Numeric!;
        var folds = f["fold"].Numeric!;
        var map = new Dictionary<int, int>();
        for (var i = 0; i < f.RowCount; i++)
        {
            foreach (var (field, v) in new[] { ("row", rows[i]), ("fold", folds[i]) })
                if (!(v >= 0 && v <= int.MaxValue && v == Math.Floor(v)))
                    throw new DataInputException(path, f.Lines[i], field,
                        double.IsNaN(v) ? "missing value; expected a whole number ≥ 0" : $"{f[field].Raw[i]} is not a whole number from 0 to {int.MaxValue}");
            if (!map.TryAdd((int)rows[i], (int)folds[i]))
                throw new DataInputException(path, f.Lines[i], "row", $"row {(int)rows[i]} appears twice");
        }
        var result = new int[table.RowCount];
        for (var r = 0; r < table.RowCount; r++)
        {
            if (!map.TryGetValue(table.DataRows[r], out result[r]))
                throw new DataInputException(path, null, "row", $"data row {table.DataRows[r]} ({table.Source} line {table.Lines[r]}) has no fold");
        }
        if (result.Length > 0 && result.All(v => v == result[0]))
            throw new DataInputException(path, null, "fold", $"every data row of {table.Source} is in fold {result[0]}; at least 2 folds are needed");
        return result;
    }
}
