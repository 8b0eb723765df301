using System.CommandLine;
using Basira.Analytics.Tabular;

namespace Basira.Cli.Commands;

/// <summary><c>basira edu</c>: the dropout early-warning model (Basira.Education over Basira.Analytics).</summary>
internal static partial class EduCommands
{
    public static Command Create()
    {
        var edu = new Command("edu", "education: early warning, school-system imports, absenteeism, learning paths, planning")
        {
            Evaluate(),
            Train(),
            Tune(),
        };
        AddNationalCommands(edu);
        AddPlanningCommands(edu);
        AddWarningCommands(edu);
        return edu;
    }

    /// <summary>National scale (<c>EduCommands.National.cs</c>): <c>edu import</c>, <c>edu absenteeism</c>, causes, cases.</summary>
    static partial void AddNationalCommands(Command edu);

    /// <summary>Planning to 2030 (<c>EduCommands.Planning.cs</c>): <c>edu plan</c>.</summary>
    static partial void AddPlanningCommands(Command edu);

    /// <summary>National early warning and intervention cases (<c>EduCommands.Warning.cs</c>): <c>edu warn</c>, <c>edu case</c>.</summary>
    static partial void AddWarningCommands(Command edu);

    /// <summary><c>--folds-file FILE | --folds K --seed S</c>, with the rule that the two ways cannot be mixed.</summary>
    private sealed class FoldOptions
    {
        public Option<string> File { get; } = CliOptions.Text("--folds-file", "FILE", "fold of each row (columns row,fold; fold ids whole numbers ≥ 0)");
        public Option<int?> Folds { get; } = CliOptions.Int("--folds", "K", "stratified folds when there is no --folds-file (default 5)", min: 2);
        public Option<int?> Seed { get; } = CliOptions.Int("--seed", "S", "seed of the stratified folds (default 42)");

        public void AddTo(Command command)
        {
            command.Options.Add(File);
            command.Options.Add(Folds);
            command.Options.Add(Seed);
            command.Validators.Add(r =>
            {
                if (r.GetResult(File) is not null && r.GetResult(Folds) is not null) r.AddError("use either --folds-file or --folds, not both");
            });
        }
    }

    private static Command Evaluate()
    {
        var model = new ModelOptions();
        var folds = new FoldOptions();
        var protectedColumns = CliOptions.List("--protected", "COL,COL", "protected columns: fairness of the out-of-fold decisions per column");
        var threshold = CliOptions.Number("--threshold", "P", "probability from which a row is flagged (default 0.5)", p => p is > 0 and < 1, "in (0, 1)");
        var multiclass = CliOptions.Choice("--multiclass", "also fit a multi-class model when the target has more than two classes", ["on", "off"]);
        var classWeights = CliOptions.Choice("--class-weights", "multi-class decision: class weights fitted on inner folds, or plain argmax", ["inner", "none"]);
        var predictions = CliOptions.Text("--predictions", "FILE", "write the out-of-fold predictions (row,fold,label,raw_score,probability,flagged)");
        var command = new Command("evaluate", """
            cross-validate the dropout early-warning model (AUC, PR-AUC, ECE, Brier, accuracy, macro-F1).
            Reports the pooled out-of-fold AUC (auc, the figure of record) and, as the dataset reference tables do, the mean
            and population sd of the per-fold AUCs (auc_fold_mean, auc_fold_sd; null when a fold leaves its AUC undefined).
            Progress (one line per fold, with the elapsed time) goes to standard error.
            """);
        model.AddTo(command);
        folds.AddTo(command);
        foreach (var o in new Option[] { protectedColumns, threshold, multiclass, classWeights, predictions }) command.Options.Add(o);
        CliApp.SetAction(command, (parsed, ct) =>
        {
            var progress = new CliProgress();
            var train = model.TrainOptions(parsed);
            var protectedCols = parsed.GetValue(protectedColumns) ?? [];
            var table = model.ReadData(parsed, train.Target, train.Positive,
                [.. protectedCols, .. train.Drop, .. train.Categorical, .. train.IdColumn is null ? Array.Empty<string>() : [train.IdColumn]]);
            progress.Log($"read {table.Source}: {table.RowCount} rows, {table.Columns.Count} columns, delimiter '{(table.Delimiter == '\t' ? "TAB" : table.Delimiter?.ToString())}'");

            var foldsFile = parsed.GetValue(folds.File);
            var foldOfRow = foldsFile is null ? null : CrossValidation.ReadFoldsFile(foldsFile, table);
            var predictionsPath = parsed.GetValue(predictions);
            if (predictionsPath is not null && Directory.Exists(predictionsPath))
                throw new CliUsageException($"--predictions expects a file path; '{predictionsPath}' is a directory");
            ct.ThrowIfCancellationRequested();
            var foldCount = parsed.GetValue(folds.Folds) ?? 5;
            var seed = parsed.GetValue(folds.Seed) ?? 42;
            var r = CrossValidation.Run(table, new CrossValidationOptions
            {
                Train = train,
                FoldOfRow = foldOfRow,
                FoldsSource = foldsFile,
                FoldCount = foldCount,
                Seed = seed,
                Protected = protectedCols,
                Threshold = parsed.GetValue(threshold) ?? 0.5,
                Multiclass = parsed.GetValue(multiclass) == "on",
                TuneClassWeights = parsed.GetValue(classWeights) == "inner",
            }, progress.Log);
            if (predictionsPath is not null) WritePredictions(predictionsPath, table, r, progress);
            if (r.UndefinedAucFolds.Count > 0)
                progress.Log($"warning: AUC undefined (test rows of a single class) in fold(s) {string.Join(", ", r.UndefinedAucFolds)}; their auc is null and so are auc_fold_mean and auc_fold_sd");
            var fairness = protectedCols.Length == 0 ? null : r.FairnessByProtectedColumn();
            var seconds = progress.Elapsed.TotalSeconds;

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
                folds_source = foldsFile ?? $"stratified k={foldCount} seed={seed}",
                features = r.Features.Count,
                auc = r.Auc,
                auc_fold_mean = r.AucFoldMean,
                auc_fold_sd = r.AucFoldSd,
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
                hyper_parameters = ModelOptions.HyperParametersJson(train.HyperParameters),
                per_fold = r.PerFold.Select(f => new
                {
                    fold = f.Fold,
                    train_rows = f.TrainRows,
                    test_rows = f.TestRows,
                    auc = f.Auc,
                    pr_auc = f.PrAuc,
                    ece = f.Ece,
                    brier = f.Brier,
                    accuracy = f.Accuracy,
                    macro_f1 = f.MacroF1,
                    stack = ModelOptions.StackJson(f.Stack),
                }),
                protected_columns = protectedCols,
                fairness,
                seconds = Math.Round(seconds, 2),
            };
            if (parsed.IsJson()) CliApp.WriteJson(summary);
            else
            {
                Console.Out.WriteLine($"rows {r.Rows} (quarantined {table.Quarantined.Count}), folds {r.Folds}, features {r.Features.Count}");
                Console.Out.WriteLine($"AUC {r.Auc:F4}  PR-AUC {r.PrAuc:F4}  ECE {r.Ece:F4}  Brier {r.Brier:F4}" +
                    (r.MacroF1 is null ? "" : $"  accuracy {r.Accuracy:F4}  macro-F1 {r.MacroF1:F4}"));
                foreach (var f in r.PerFold)
                    Console.Out.WriteLine($"  fold {f.Fold}: AUC {f.Auc:F4}  PR-AUC {f.PrAuc:F4}  ECE {f.Ece:F4}" + (f.MacroF1 is null ? "" : $"  macro-F1 {f.MacroF1:F4}"));
                Console.Out.WriteLine($"{seconds:F1} s");
            }
            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>Out-of-fold predictions, one CSV line per evaluated row (data row = 0-based row of the data file).</summary>
    private static void WritePredictions(string path, TabularTable table, CrossValidationResult r, CliProgress progress)
    {
        var sb = new System.Text.StringBuilder("row,fold,label,raw_score,probability,flagged\n");
        for (var i = 0; i < r.Rows; i++)
            sb.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"{table.DataRows[i]},{r.Fold[i]},{(r.Label[i] ? 1 : 0)},{r.RawScore[i]:R},{r.Probability[i]:R},{(r.Flagged[i] ? 1 : 0)}\n");
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(path + ".tmp", sb.ToString());
        File.Move(path + ".tmp", path, overwrite: true);
        progress.Log($"out-of-fold predictions: {path}");
    }

    private static Command Train()
    {
        var model = new ModelOptions();
        var output = CliOptions.Text("--out", "MODEL", "model file to write (one file: boosters, calibration, schema, metadata)", required: true);
        var command = new Command("train", "train the dropout early-warning model on all rows and write one model file") { output };
        model.AddTo(command);
        CliApp.SetAction(command, (parsed, ct) =>
        {
            var progress = new CliProgress();
            var train = model.TrainOptions(parsed);
            var outPath = parsed.GetRequiredValue(output);
            var table = model.ReadData(parsed, train.Target, train.Positive,
                [.. train.Drop, .. train.IdColumn is null ? Array.Empty<string>() : [train.IdColumn]]);
            progress.Log($"read {table.Source}: {table.RowCount} rows, {table.Columns.Count} columns");
            ct.ThrowIfCancellationRequested();
            var trained = TabularTrainer.Train(table, train, progress.Log);
            ct.ThrowIfCancellationRequested();
            trained.Save(outPath);
            progress.Log($"wrote {outPath} ({new FileInfo(outPath).Length} bytes)");
            var m = trained.Metadata;
            var summary = new
            {
                command = "edu train",
                model = outPath,
                version = trained.Version,
                content_hash = trained.ContentHash,
                data = table.Source,
                target = m.Target,
                positive = m.PositiveClass,
                rows = m.TrainingRows,
                rows_in = table.RowsIn,
                rows_quarantined = table.Quarantined.Count,
                positives = m.TrainingPositives,
                features = trained.FeatureNames,
                boosters = m.Boosters,
                calibration = m.Calibrator.Method.ToString(),
                stack = ModelOptions.StackJson(m.Stack),
                linear_slots = m.Linear?.Slots.Count ?? 0,
                hyper_parameters = ModelOptions.HyperParametersJson(m.HyperParameters),
                metrics = m.Metrics,
                trained_at = m.TrainedAt,
                seconds = Math.Round(progress.Elapsed.TotalSeconds, 2),
            };
            if (parsed.IsJson()) CliApp.WriteJson(summary);
            else Console.Out.WriteLine($"model {outPath} sha256 {trained.ContentHash} ({m.TrainingRows} rows, {trained.FeatureNames.Count} features)");
            return CliApp.Ok;
        });
        return command;
    }

    private static Command Tune()
    {
        var model = new ModelOptions();
        var folds = new FoldOptions();
        var innerFolds = CliOptions.Int("--inner-folds", "K", "inner folds on each outer training set (default 4)", min: 2);
        var command = new Command("tune", "nested hyper-parameter selection (inner CV on each outer training set) over a fixed grid") { innerFolds };
        model.AddTo(command);
        folds.AddTo(command);
        CliApp.SetAction(command, (parsed, ct) =>
        {
            var progress = new CliProgress();
            var train = model.TrainOptions(parsed);
            var table = model.ReadData(parsed, train.Target, train.Positive,
                [.. train.Drop, .. train.IdColumn is null ? Array.Empty<string>() : [train.IdColumn]]);
            progress.Log($"read {table.Source}: {table.RowCount} rows, {table.Columns.Count} columns");
            var foldsFile = parsed.GetValue(folds.File);
            var foldCount = parsed.GetValue(folds.Folds) ?? 5;
            if (foldsFile is null) CrossValidation.EnsureStratifiable(table.Source, table[train.Target].Raw, foldCount);
            var fold = foldsFile is not null
                ? CrossValidation.ReadFoldsFile(foldsFile, table)
                : Folds.Stratified([.. table[train.Target].Raw.Select(v => v ?? string.Empty)], foldCount, parsed.GetValue(folds.Seed) ?? 42);
            var ids = fold.Distinct().Order().ToArray();
            fold = [.. fold.Select(f => Array.IndexOf(ids, f))];
            var r = HyperParameterSearch.Run(table, train, fold, HyperParameterSearch.DefaultGrid, parsed.GetValue(innerFolds) ?? 4, progress.Log);
            var summary = new
            {
                command = "edu tune",
                data = table.Source,
                rows = table.RowCount,
                folds = ids.Length,
                candidates = r.Candidates.Select((c, i) => new
                {
                    index = i,
                    hyper_parameters = ModelOptions.HyperParametersJson(c),
                    inner_auc_per_fold = r.InnerAuc.Select(f => f[i]),
                    inner_auc_mean = r.InnerAuc.Average(f => f[i]),
                }),
                selected_per_fold = r.SelectedPerFold,
                best_overall = r.BestOverall,
                nested_auc = r.NestedAuc,
                nested_auc_per_fold = r.NestedPerFoldAuc,
                seconds = Math.Round(progress.Elapsed.TotalSeconds, 2),
            };
            if (parsed.IsJson()) CliApp.WriteJson(summary);
            else Console.Out.WriteLine($"best overall candidate {r.BestOverall}; selected per fold {string.Join(",", r.SelectedPerFold)}; nested AUC {r.NestedAuc:F4}");
            return CliApp.Ok;
        });
        return command;
    }
}
