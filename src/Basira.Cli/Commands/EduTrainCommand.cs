using System.Diagnostics;
using Basira.Analytics.Tabular;

namespace Basira.Cli;

/// <summary><c>basira edu train</c>: trains the calibrated tabular model on all rows and writes one model file.</summary>
internal sealed class EduTrainCommand : ICliCommand
{
    public string Name => "edu train";

    public string Summary => "train the dropout early-warning model on all rows and write one model file";

    public IReadOnlyCollection<string> Options { get; } = [.. EduCommandOptions.ModelOptions, "out"];

    public string Usage => "--data FILE --target COL --positive VALUE --out MODEL " + EduCommandOptions.ModelUsage;

    public Task<int> RunAsync(CliArgs args, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        var train = EduCommandOptions.TrainOptions(args);
        var output = args.Require("out");
        var extra = new List<string>(train.Drop);
        if (train.IdColumn is not null) extra.Add(train.IdColumn);
        var table = EduCommandOptions.ReadData(args, train.Target, train.Positive, extra);
        EduCommandOptions.Log($"read {table.Source}: {table.RowCount} rows, {table.Columns.Count} columns");
        ct.ThrowIfCancellationRequested();
        var model = TabularTrainer.Train(table, train, EduCommandOptions.Log);
        ct.ThrowIfCancellationRequested();
        model.Save(output);
        sw.Stop();
        EduCommandOptions.Log($"wrote {output} ({new FileInfo(output).Length} bytes) in {sw.Elapsed.TotalSeconds:F1} s");
        var m = model.Metadata;
        var summary = new
        {
            command = "edu train",
            model = output,
            version = model.Version,
            content_hash = model.ContentHash,
            data = table.Source,
            target = m.Target,
            positive = m.PositiveClass,
            rows = m.TrainingRows,
            rows_in = table.RowsIn,
            rows_quarantined = table.Quarantined.Count,
            positives = m.TrainingPositives,
            features = model.FeatureNames,
            boosters = m.Boosters,
            calibration = m.Calibrator.Method.ToString(),
            stack = EduCommandOptions.StackJson(m.Stack),
            linear_slots = m.Linear?.Slots.Count ?? 0,
            hyper_parameters = EduCommandOptions.HyperParametersJson(m.HyperParameters),
            metrics = m.Metrics,
            trained_at = m.TrainedAt,
            seconds = Math.Round(sw.Elapsed.TotalSeconds, 2),
        };
        if (args.Json) CliApp.WriteJson(summary);
        else Console.Out.WriteLine($"model {output} sha256 {model.ContentHash} ({m.TrainingRows} rows, {model.FeatureNames.Count} features)");
        return Task.FromResult(CliApp.Ok);
    }
}
