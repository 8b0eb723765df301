using System.Diagnostics;
using Basira.Analytics.Tabular;

namespace Basira.Cli;

/// <summary><c>basira edu evaluate</c>: cross-validated figures of the tabular early-warning model.</summary>
internal sealed class EduEvaluateCommand : ICliCommand
{
    public string Name => "edu evaluate";

    public string Summary => "cross-validate the dropout early-warning model (AUC, PR-AUC, ECE, Brier, accuracy, macro-F1)";

    public IReadOnlyCollection<string> Options { get; } = [.. EduCommandOptions.ModelOptions, "folds-file", "folds", "seed", "protected", "threshold", "multiclass", "class-weights", "predictions"];

    public string Usage =>
        "--data FILE --target COL --positive VALUE [--folds-file FILE | --folds K --seed S] [--protected COL,COL] [--threshold P] [--multiclass on|off] [--class-weights inner|none] [--predictions FILE] "
        + EduCommandOptions.ModelUsage;

    public Task<int> RunAsync(CliArgs args, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        var train = EduCommandOptions.TrainOptions(args);
        var protectedCols = args.GetList("protected");
        var extra = new List<string>(protectedCols);
        extra.AddRange(train.Drop);
        extra.AddRange(train.Categorical);
        if (train.IdColumn is not null) extra.Add(train.IdColumn);
        var table = EduCommandOptions.ReadData(args, train.Target, train.Positive, extra);
        EduCommandOptions.Log($"read {table.Source}: {table.RowCount} rows, {table.Columns.Count} columns, delimiter '{(table.Delimiter == '\t' ? "TAB" : table.Delimiter?.ToString())}'");

        int[]? foldOfRow = null;
        var foldsFile = args.Get("folds-file");
        if (foldsFile is not null)
        {
            if (args.Has("folds")) throw new CliUsageException("use either --folds-file or --folds, not both");
            foldOfRow = CrossValidation.ReadFoldsFile(foldsFile, table);
        }
        if (args.Get("predictions") is { } predictions && Directory.Exists(predictions))
            throw new CliUsageException($"--predictions expects a file path; '{predictions}' is a directory");
        var threshold = EduCommandOptions.GetDouble(args, "threshold", 0.5);
        if (threshold is <= 0 or >= 1) throw new CliUsageException("--threshold must be in (0, 1)");
        ct.ThrowIfCancellationRequested();
        var r = CrossValidation.Run(table, new CrossValidationOptions
        {
            Train = train,
            FoldOfRow = foldOfRow,
            FoldsSource = foldsFile,
            FoldCount = args.GetInt("folds", 5),
            Seed = args.GetInt("seed", 42),
            Protected = protectedCols,
            Threshold = threshold,
            Multiclass = (args.Get("multiclass") ?? "on") switch
            {
                "on" => true,
                "off" => false,
                var v => throw new CliUsageException($"--multiclass expects on or off, got '{v}'"),
            },
            TuneClassWeights = (args.Get("class-weights") ?? "inner") switch
            {
                "inner" => true,
                "none" => false,
                var v => throw new CliUsageException($"--class-weights expects inner or none, got '{v}'"),
            },
        }, EduCommandOptions.Log);
        sw.Stop();
        if (args.Get("predictions") is { } predictionsPath) WritePredictions(predictionsPath, table, r);

        var undefinedAuc = r.PerFold.Where(f => !double.IsFinite(f.Auc)).Select(f => f.Fold).ToList();
        if (undefinedAuc.Count > 0)
            EduCommandOptions.Log($"warning: AUC undefined (test rows of a single class) in fold(s) {string.Join(", ", undefinedAuc)}; their auc is null and so are auc_fold_mean and auc_fold_sd");

        // Fairness of the out-of-fold decisions (flagged = calibrated probability ≥ threshold), one audit per protected column.
        var fairness = protectedCols.Count == 0 ? null : protectedCols.ToDictionary(col => col, col =>
            Basira.Governance.Fairness.FairnessAuditor.Audit(new Basira.Governance.Fairness.FairnessInput
            {
                YTrue = r.Label.Select(l => l ? "1" : "0").ToList(),
                YPred = r.Flagged.Select(f => f ? "1" : "0").ToList(),
                YScore = r.Probability.ToList(),
                SensitiveFeatures = [new Basira.Governance.Fairness.FeatureColumn(col, r.ProtectedValues[col].Select(v => v ?? "(missing)").ToList())],
            }, Basira.Governance.Fairness.FairnessOptions.ForPositiveLabel("1")));

        var summary = new
        {
            command = "edu evaluate",
            data = table.Source,
            target = train.Target,
            positive = train.Positive,
            rows = r.Rows,
            rows_in = table.RowsIn,
            rows_quarantined = table.Quarantined.Count,
            folds = r.Folds,
            folds_source = foldsFile ?? $"stratified k={args.GetInt("folds", 5)} seed={args.GetInt("seed", 42)}",
            features = r.Features.Count,
            auc = r.Auc,
            // the dataset reference tables report mean ± sd over folds; pooled (above) is the figure of record
            auc_fold_mean = undefinedAuc.Count > 0 ? null : Defined(r.PerFold.Average(f => f.Auc)),
            auc_fold_sd = undefinedAuc.Count > 0 ? null : Defined(PopulationSd(r.PerFold.Select(f => f.Auc))),
            pr_auc = r.PrAuc,
            ece = r.Ece,
            brier = r.Brier,
            accuracy = r.Accuracy,
            macro_f1 = r.MacroF1,
            classes = r.Classes,
            multiclass_positive_auc = r.MulticlassPositiveAuc,
            threshold = r.Threshold,
            flagged = r.Flagged.Count(f => f),
            calibration = train.Calibration.ToString(),
            linear_part = train.Linear && train.Calibration != CalibrationMethod.None,
            hyper_parameters = EduCommandOptions.HyperParametersJson(train.HyperParameters),
            per_fold = r.PerFold.Select(f => new
            {
                fold = f.Fold,
                train_rows = f.TrainRows,
                test_rows = f.TestRows,
                auc = Defined(f.Auc),
                pr_auc = Defined(f.PrAuc),
                ece = Defined(f.Ece),
                brier = Defined(f.Brier),
                accuracy = f.Accuracy,
                macro_f1 = f.MacroF1,
                stack = EduCommandOptions.StackJson(f.Stack),
            }),
            protected_columns = protectedCols,
            fairness,
            seconds = Math.Round(sw.Elapsed.TotalSeconds, 2),
        };
        if (args.Json) CliApp.WriteJson(summary);
        else
        {
            Console.Out.WriteLine($"rows {r.Rows} (quarantined {table.Quarantined.Count}), folds {r.Folds}, features {r.Features.Count}");
            Console.Out.WriteLine($"AUC {r.Auc:F4}  PR-AUC {r.PrAuc:F4}  ECE {r.Ece:F4}  Brier {r.Brier:F4}" +
                (r.MacroF1 is null ? "" : $"  accuracy {r.Accuracy:F4}  macro-F1 {r.MacroF1:F4}"));
            foreach (var f in r.PerFold)
                Console.Out.WriteLine($"  fold {f.Fold}: AUC {f.Auc:F4}  PR-AUC {f.PrAuc:F4}  ECE {f.Ece:F4}" + (f.MacroF1 is null ? "" : $"  macro-F1 {f.MacroF1:F4}"));
            Console.Out.WriteLine($"{sw.Elapsed.TotalSeconds:F1} s");
        }
        return Task.FromResult(CliApp.Ok);
    }

    /// <summary>An undefined metric (NaN) is null in the JSON, never the string "NaN".</summary>
    private static double? Defined(double v) => double.IsFinite(v) ? v : null;

    private static double PopulationSd(IEnumerable<double> values)
    {
        var v = values.ToArray();
        var mean = v.Average();
        return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / v.Length);
    }

    /// <summary>Out-of-fold predictions, one CSV line per evaluated row (data row = 0-based row of the data file).</summary>
    private static void WritePredictions(string path, TabularTable table, CrossValidationResult r)
    {
        var sb = new System.Text.StringBuilder("row,fold,label,raw_score,probability,flagged\n");
        for (var i = 0; i < r.Rows; i++)
            sb.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"{table.DataRows[i]},{r.Fold[i]},{(r.Label[i] ? 1 : 0)},{r.RawScore[i]:R},{r.Probability[i]:R},{(r.Flagged[i] ? 1 : 0)}\n");
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(path + ".tmp", sb.ToString());
        File.Move(path + ".tmp", path, overwrite: true);
        EduCommandOptions.Log($"out-of-fold predictions: {path}");
    }
}
