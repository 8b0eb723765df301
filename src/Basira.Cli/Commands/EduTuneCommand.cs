using System.Diagnostics;
using Basira.Analytics.Tabular;

namespace Basira.Cli;

/// <summary><c>basira edu tune</c>: nested (inner-CV) selection of the LightGBM hyper-parameters over an a-priori grid.</summary>
internal sealed class EduTuneCommand : ICliCommand
{
    public string Name => "edu tune";

    public string Summary => "nested hyper-parameter selection (inner CV on each outer training set) over a fixed grid";

    public IReadOnlyCollection<string> Options { get; } = [.. EduCommandOptions.ModelOptions, "folds-file", "folds", "seed", "inner-folds"];

    public string Usage => "--data FILE --target COL --positive VALUE [--folds-file FILE | --folds K --seed S] [--inner-folds K] " + EduCommandOptions.ModelUsage;

    public Task<int> RunAsync(CliArgs args, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        var train = EduCommandOptions.TrainOptions(args);
        var extra = new List<string>(train.Drop);
        if (train.IdColumn is not null) extra.Add(train.IdColumn);
        var table = EduCommandOptions.ReadData(args, train.Target, train.Positive, extra);
        var foldsFile = args.Get("folds-file");
        if (foldsFile is null)
        {
            if (args.GetInt("folds", 5) < 2) throw new CliUsageException("--folds must be at least 2");
            CrossValidation.EnsureStratifiable(table.Source, table[train.Target].Raw, args.GetInt("folds", 5));
        }
        var fold = foldsFile is not null
            ? CrossValidation.ReadFoldsFile(foldsFile, table)
            : Folds.Stratified([.. table[train.Target].Raw.Select(v => v ?? string.Empty)], args.GetInt("folds", 5), args.GetInt("seed", 42));
        var ids = fold.Distinct().Order().ToArray();
        fold = [.. fold.Select(f => Array.IndexOf(ids, f))];
        var r = HyperParameterSearch.Run(table, train, fold, HyperParameterSearch.DefaultGrid, args.GetInt("inner-folds", 4), EduCommandOptions.Log);
        sw.Stop();
        var summary = new
        {
            command = "edu tune",
            data = table.Source,
            rows = table.RowCount,
            folds = ids.Length,
            candidates = r.Candidates.Select((c, i) => new
            {
                index = i,
                hyper_parameters = EduCommandOptions.HyperParametersJson(c),
                inner_auc_per_fold = r.InnerAuc.Select(f => f[i]),
                inner_auc_mean = r.InnerAuc.Average(f => f[i]),
            }),
            selected_per_fold = r.SelectedPerFold,
            best_overall = r.BestOverall,
            nested_auc = r.NestedAuc,
            nested_auc_per_fold = r.NestedPerFoldAuc,
            seconds = Math.Round(sw.Elapsed.TotalSeconds, 2),
        };
        if (args.Json) CliApp.WriteJson(summary);
        else Console.Out.WriteLine($"best overall candidate {r.BestOverall}; selected per fold {string.Join(",", r.SelectedPerFold)}; nested AUC {r.NestedAuc:F4}");
        return Task.FromResult(CliApp.Ok);
    }
}
