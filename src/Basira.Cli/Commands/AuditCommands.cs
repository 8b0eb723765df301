using System.Globalization;
using Basira.Analytics.Tabular;
using Basira.Governance;
using Basira.Governance.Audit;
using Basira.Governance.Fairness;
using Basira.Governance.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Cli.Commands;

/// <summary><c>basira audit verify</c>: checks the hash chain of the audit log.</summary>
internal sealed class AuditVerifyCommand : ICliCommand
{
    public string Name => "audit verify";
    public string Summary => "verify the hash-chained audit log; exit 0 intact, 1 with the first broken entry named";
    public string Usage => "[--data-dir DIR] [--json]";

    public Task<int> RunAsync(CliArgs args, CancellationToken ct)
    {
        // Verifying must never create a store: opening an SQLite store that does not exist would create an empty one
        // and report it "intact: 0 entries". (A PostgreSQL store is checked by the server itself.)
        var config = CliServices.Configuration(args);
        if (BasiraDatabase.SqliteFile(config.GetConnectionString("Basira"), config["Basira:DataDir"]!) is { } file && !File.Exists(file))
            throw new DataInputException(file, null, null,
                "no Basira store here (the SQLite file does not exist), so there is no audit log to verify; check --data-dir or --connection");
        using var sp = CliServices.Build(args);
        var v = sp.GetRequiredService<AuditLog>().Verify();
        if (args.Json) CliApp.WriteJson(v);
        else if (v.Intact) Console.Out.WriteLine($"audit log intact: {v.Entries} entries, head {v.HeadHash}");
        else Console.Out.WriteLine($"audit log BROKEN at entry {v.FirstBrokenSeq}: {v.Problem}");
        if (!v.Intact) Console.Error.WriteLine($"basira audit verify: first broken entry {v.FirstBrokenSeq}: {v.Problem}");
        return Task.FromResult(v.Intact ? CliApp.Ok : CliApp.Failure);
    }
}

/// <summary><c>basira audit fairness</c>: FAIRNESS.md metrics of a file of labels and predictions.</summary>
internal sealed class AuditFairnessCommand : ICliCommand
{
    public string Name => "audit fairness";
    public string Summary => "fairness metrics per group (and intersections) of labels vs predictions in a CSV/XLSX file";
    public string Usage => "--data FILE --label COL --prediction COL --group COL[,COL] [--positive VALUE] [--json]";

    public Task<int> RunAsync(CliArgs args, CancellationToken ct)
    {
        var file = args.Require("data");
        var label = args.Require("label");
        var prediction = args.Require("prediction");
        var groups = args.GetList("group");
        if (groups.Count == 0) throw new CliUsageException("missing required option --group");
        var positive = args.Get("positive") ?? "1";
        var table = TabularReader.Read(file, new TabularReadOptions { RequiredColumns = [label, prediction, .. groups], Strict = true });
        foreach (var col in new[] { label, prediction })
        {
            var values = Enumerable.Range(0, table.RowCount).Select(r => table[col].Raw[r]).ToList();
            for (var r = 0; r < values.Count; r++)
                if (values[r] is null) throw new DataInputException(table.Source, table.Lines[r], col, "missing value");
            if (!values.Contains(positive) && !AllNumericEqual(values, positive))
                throw new DataInputException(table.Source, null, col, $"the positive value '{positive}' never occurs in column '{col}'");
        }
        string Norm(string v) => NumericEquals(v, positive) ? positive : v;
        var input = new FairnessInput
        {
            YTrue = Enumerable.Range(0, table.RowCount).Select(r => Norm(table[label].Raw[r]!)).ToList(),
            YPred = Enumerable.Range(0, table.RowCount).Select(r => Norm(table[prediction].Raw[r]!)).ToList(),
            SensitiveFeatures = groups.Select(g => new FeatureColumn(g, Enumerable.Range(0, table.RowCount).Select(r => table[g].Raw[r] ?? "(missing)").ToList())).ToList(),
        };
        var report = FairnessAuditor.Audit(input, FairnessOptions.ForPositiveLabel(positive));
        Console.Error.WriteLine($"audit fairness: {table.RowsIn} rows in, {table.RowCount} accepted, {table.Quarantined.Count} quarantined");
        CliApp.WriteJson(report);
        return Task.FromResult(CliApp.Ok);
    }

    private static bool NumericEquals(string a, string b) =>
        a == b || (double.TryParse(a, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var x) && double.TryParse(b, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var y) && x == y);

    private static bool AllNumericEqual(IEnumerable<string?> values, string positive) => values.Any(v => v is not null && NumericEquals(v, positive));
}
