using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Basira.Analytics.Explanations;
using Basira.Analytics.Tabular;
using Basira.Governance;
using Basira.Governance.Explanations;

namespace Basira.Cli.Commands;

/// <summary>
/// <c>basira bench explain</c> (BENCHMARKS.md B8): exactness of the explanations of record. Trains the tabular model on
/// a real file, explains every row with exact TreeSHAP and reports local accuracy, agreement with ML.NET's own score,
/// throughput, and (with --vectors) the error on the reference TreeSHAP vectors.
/// </summary>
internal static partial class BenchCommands
{
    public static Command Create()
    {
        var bench = new Command("bench", "benchmarks of BENCHMARKS.md") { Explain() };
        AddNationalBench(bench);
        AddLearningBench(bench);
        AddEnergyBench(bench);
        AddMarketBench(bench);
        return bench;
    }

    /// <summary>B2 <c>bench national</c> (<c>BenchCommands.National.cs</c>).</summary>
    static partial void AddNationalBench(Command bench);

    /// <summary>B3 knowledge-tracing update speed (<c>BenchCommands.Learning.cs</c>).</summary>
    static partial void AddLearningBench(Command bench);

    /// <summary>B4/B5 energy benchmarks (<c>BenchCommands.Energy.cs</c>).</summary>
    static partial void AddEnergyBench(Command bench);

    /// <summary>B11 <c>bench market</c> (<c>BenchCommands.Market.cs</c>).</summary>
    static partial void AddMarketBench(Command bench);

    private static Command Explain()
    {
        var model = new ModelOptions();
        var vectors = CliOptions.Text("--vectors", "treeshap-vectors.json", "also measure the error on the reference TreeSHAP vectors of this file");
        var command = new Command("explain", "B8: TreeSHAP exactness and speed on a model trained on --data, plus the reference vectors, as JSON") { vectors };
        model.AddTo(command);
        CliApp.SetAction(command, (parsed, ct) =>
        {
            var progress = new CliProgress();
            var train = model.TrainOptions(parsed);
            var table = model.ReadData(parsed, train.Target, train.Positive, [.. train.Drop]);
            progress.Log($"read {table.Source}: {table.RowCount} rows; training");
            var sw = Stopwatch.StartNew();
            var trained = TabularTrainer.Train(table, train, progress.Log);
            var trainSeconds = sw.Elapsed.TotalSeconds;
            var x = trained.FeatureMatrix(table);
            var mlnet = trained.RawScores(x);

            progress.Log("building the exact explainer");
            sw.Restart();
            var explainer = TabularExplainer.Create(trained);
            var buildSeconds = sw.Elapsed.TotalSeconds;
            var m = explainer.FeatureNames.Count;
            var shap = new double[x.Length * m];
            var pred = new double[x.Length];
            explainer.ExplainBatch(x, shap, pred); // warm-up
            progress.Log($"timing explanations of {x.Length} rows (2 s)");
            sw.Restart();
            var passes = 0;
            do { ct.ThrowIfCancellationRequested(); explainer.ExplainBatch(x, shap, pred); passes++; } while (sw.Elapsed.TotalSeconds < 2);
            var rowsPerSecond = passes * x.Length / sw.Elapsed.TotalSeconds;

            double maxAdditivity = 0, maxVsMlNet = 0;
            for (var i = 0; i < x.Length; i++)
            {
                var sum = 0.0;
                for (var j = 0; j < m; j++) sum += shap[i * m + j];
                maxAdditivity = Math.Max(maxAdditivity, Math.Abs(sum - (pred[i] - explainer.Baseline)));
                maxVsMlNet = Math.Max(maxVsMlNet, Math.Abs(pred[i] - mlnet[i]));
            }
            var result = new JsonObject
            {
                ["benchmark"] = "B8 exact explanations",
                ["data"] = table.Source,
                ["rows"] = x.Length,
                ["features"] = m,
                ["trees"] = explainer.Ensemble.Trees.Count,
                ["max_leaves"] = explainer.Ensemble.Trees.Max(t => t.Nodes.Count(n => n.IsLeaf)),
                ["baseline"] = explainer.Baseline,
                ["linear_part"] = trained.Linear is { } lin ? lin.Slots.Count + " slots, stack weight " + trained.Metadata.Stack.LinearWeight.ToString("F4", System.Globalization.CultureInfo.InvariantCulture) : null,
                ["max_additivity_error"] = maxAdditivity,
                ["additivity_within_1e-6"] = maxAdditivity <= 1e-6,
                ["max_abs_diff_vs_mlnet_score"] = maxVsMlNet,
                ["explain_rows_per_second_one_thread"] = Math.Round(rowsPerSecond),
                ["explainer_build_seconds"] = Math.Round(buildSeconds, 3),
                ["train_seconds"] = Math.Round(trainSeconds, 2),
                ["processor_count"] = Environment.ProcessorCount,
            };
            if (parsed.GetValue(vectors) is { } path)
            {
                progress.Log($"reference vectors: {path}");
                result["vectors"] = Vectors(path);
            }
            progress.Log("done");
            CliApp.WriteJson(result);
            return CliApp.Ok;
        });
        return command;
    }

    private static JsonObject Vectors(string path)
    {
        if (!File.Exists(path)) throw new DataInputException(path, null, null, "vector file not found");
        var doc = JsonNode.Parse(File.ReadAllText(path))!;
        int cases = 0;
        double maxErr = 0;
        foreach (var v in doc["vectors"]!.AsArray())
        {
            var names = v!["feature_names"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
            var trees = v["model"]!["trees"]!.AsArray().Select(t =>
            {
                var nodes = t!["nodes"]!.AsArray().OrderBy(n => n!["id"]!.GetValue<int>()).Select(n =>
                    n!["left"] is null
                        ? TreeNode.Leaf(n["value"]!.GetValue<double>(), n["cover"]!.GetValue<double>())
                        : new TreeNode(n["feature"]!.GetValue<int>(), n["threshold"]!.GetValue<double>(), n["left"]!.GetValue<int>(),
                            n["right"]!.GetValue<int>(), 0, n["cover"]!.GetValue<double>(), n["missing_go"]?.GetValue<string>() == "left")).ToList();
                return new DecisionTree(nodes);
            }).ToList();
            var ensemble = new TreeEnsemble(trees, v["model"]!["base_score"]?.GetValue<double>() ?? 0, names);
            maxErr = Math.Max(maxErr, Math.Abs(TreeShap.ExpectedValue(ensemble) - v["expected_value"]!.GetValue<double>()));
            foreach (var c in v["cases"]!.AsArray())
            {
                var x = c!["x"]!.AsArray().Select(e => e is null ? double.NaN : e.GetValue<double>()).ToArray();
                var e = TreeShap.Explain(ensemble, x);
                var expected = c["shap_values"]!.AsArray().Select(s => s!.GetValue<double>()).ToArray();
                for (var j = 0; j < expected.Length; j++) maxErr = Math.Max(maxErr, Math.Abs(e.Values[j] - expected[j]));
                maxErr = Math.Max(maxErr, Math.Abs(e.Prediction - c["prediction"]!.GetValue<double>()));
                cases++;
            }
        }
        return new JsonObject { ["file"] = path, ["cases"] = cases, ["max_abs_error"] = maxErr, ["all_within_1e-9"] = maxErr <= 1e-9 };
    }
}
