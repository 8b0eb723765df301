using System.CommandLine;
using Basira.Analytics.Explanations;
using Basira.Analytics.Tabular;

namespace Basira.Cli.Commands;

/// <summary><c>basira explain</c>: exact TreeSHAP contributions of a saved model for the rows of a file.</summary>
internal static class ExplainCommands
{
    public static Command Create()
    {
        var model = CliOptions.Text("--model", "MODEL", "model file written by edu train", required: true);
        var data = CliOptions.Text("--data", "FILE", "CSV or XLSX file with the model's input columns", required: true);
        var rows = CliOptions.Int("--rows", "N", "explain the first N rows only (default all)", min: 0);
        var command = new Command("explain",
            "exact explanation (log-odds; TreeSHAP + linear Shapley values) of a saved model for each row of a file, as JSON")
        {
            model, data, rows,
        };
        CliApp.SetAction(command, (parsed, ct) =>
        {
            var modelPath = parsed.GetRequiredValue(model);
            if (!File.Exists(modelPath)) throw new Basira.Governance.DataInputException(modelPath, null, null, "model file not found");
            var m = TabularModel.Load(modelPath); // a file that is not a model is bad input (exit 2)
            var table = TabularReader.Read(parsed.GetRequiredValue(data), new TabularReadOptions { RequiredColumns = [.. m.Schema.InputColumns], Strict = true });
            var n = Math.Min(parsed.GetValue(rows) ?? table.RowCount, table.RowCount);
            var explainer = TabularExplainer.Create(m);
            var x = m.FeatureMatrix(table);
            var result = new List<object>(n);
            for (var i = 0; i < n; i++)
            {
                ct.ThrowIfCancellationRequested();
                var e = explainer.Explain(x[i]);
                var contributions = new Dictionary<string, double>(StringComparer.Ordinal);
                for (var j = 0; j < explainer.FeatureNames.Count; j++) contributions[explainer.FeatureNames[j]] = e.Values[j];
                // raw_score is the exact double-precision margin of the trees (ML.NET's float score agrees within ~1e-6).
                result.Add(new { row = i, raw_score = e.Prediction, baseline = e.Baseline, probability = m.Probability(e.Prediction), contributions });
            }
            CliApp.WriteJson(result);
            return CliApp.Ok;
        });
        return command;
    }
}
