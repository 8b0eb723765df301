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
    public IReadOnlyCollection<string> Options { get; } = ["connection", "expect-head"];

    public string Usage => "[--data-dir DIR] [--connection CS] [--expect-head SEQ:HASH] [--json]";

    public string Details => """
        Checks the hash chain, and every decision against the content hash in its audit entry. The output ends with the
        head of the log (SEQ:HASH): keep it outside the store (print it, sign it, send it to the auditor). Later, pass it
        as --expect-head SEQ:HASH to prove the log was neither cut back before that entry nor rewritten from it.
        """;

    public Task<int> RunAsync(CliArgs args, CancellationToken ct)
    {
        // Verifying must never create a store: opening an SQLite store that does not exist would create an empty one
        // and report it "intact: 0 entries". (A PostgreSQL store is checked by the server itself.)
        var config = CliServices.Configuration(args);
        if (BasiraDatabase.SqliteFile(config.GetConnectionString("Basira"), config["Basira:DataDir"]!) is { } file && !File.Exists(file))
            throw new DataInputException(file, null, null,
                "no Basira store here (the SQLite file does not exist), so there is no audit log to verify; check --data-dir or --connection");
        (long Seq, string Hash)? anchor = null;
        if (args.Get("expect-head") is { } head)
        {
            var parts = head.Split(':');
            if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seq) || seq < 1
                || parts[1].Length != 64 || !parts[1].All(char.IsAsciiHexDigit))
                throw new CliUsageException($"--expect-head expects SEQ:HASH as printed by audit verify (a positive number, ':', 64 hex digits), got '{head}'");
            anchor = (seq, parts[1]);
        }
        using var sp = CliServices.Build(args);
        var v = sp.GetRequiredService<IntegrityVerifier>().Verify(anchor?.Seq, anchor?.Hash);
        if (args.Json) CliApp.WriteJson(v);
        else if (v.Intact)
            Console.Out.WriteLine($"audit log intact: {v.Entries} entries; {v.Decisions.Checked} decisions match their recorded content" +
                (v.Decisions.WithoutHash > 0 ? $" ({v.Decisions.WithoutHash} recorded before content hashes: existence checked)" : "") +
                $"; head {v.HeadSeq}:{v.HeadHash}");
        else Console.Out.WriteLine(v.FirstBrokenSeq is { } at ? $"audit log BROKEN at entry {at}: {v.Problem}" : $"integrity check FAILED: {v.Problem}");
        if (!v.Intact) Console.Error.WriteLine($"basira audit verify: {v.Problem}");
        return Task.FromResult(v.Intact ? CliApp.Ok : CliApp.Failure);
    }
}

/// <summary><c>basira audit fairness</c>: FAIRNESS.md metrics of a file of labels and predictions.</summary>
internal sealed class AuditFairnessCommand : ICliCommand
{
    public string Name => "audit fairness";
    public string Summary => "fairness metrics per group (and intersections) of labels vs predictions in a CSV/XLSX file";
    public IReadOnlyCollection<string> Options { get; } = ["data", "label", "prediction", "group", "positive"];

    public string Usage => "--data FILE --label COL --prediction COL --group COL[,COL] [--positive VALUE] [--json]";

    public string Details => """
        --positive VALUE (default 1) is the favourable / selected outcome; every other value of --label and --prediction
        counts as negative, and "1" and "1.0" are the same value. The positive value need not occur: labels without
        positives or predictions without predicted positives are valid, and the rates they leave undefined are null
        (FAIRNESS.md section 2). It is refused (exit 2) only when it cannot be one of the two outcomes: when the two
        columns together already hold two or more other values, or hold one other value of another kind (a number vs
        text, e.g. all 'no' with the default 1). A file with a header and no rows gives status "not_assessable" (exit 0).
        """;

    public Task<int> RunAsync(CliArgs args, CancellationToken ct)
    {
        var file = args.Require("data");
        var label = args.Require("label");
        var prediction = args.Require("prediction");
        var groups = args.GetList("group");
        if (groups.Count == 0) throw new CliUsageException("missing required option --group");
        var positive = args.Get("positive") ?? "1";
        var table = TabularReader.Read(file, new TabularReadOptions { RequiredColumns = [label, prediction, .. groups], Strict = true, AllowNoRows = true });
        foreach (var col in new[] { label, prediction })
            for (var r = 0; r < table.RowCount; r++)
                if (table[col].Raw[r] is null) throw new DataInputException(table.Source, table.Lines[r], col, "missing value");
        CheckPositive(table, label, prediction, positive);
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

    /// <summary>
    /// A positive value absent from both columns is fine (no positives, no predicted positives) unless it cannot be one
    /// of the two outcomes: the columns already hold two other values, or one other value of another kind.
    /// </summary>
    private static void CheckPositive(TabularTable table, string label, string prediction, string positive)
    {
        var values = Enumerable.Range(0, table.RowCount).SelectMany(r => new[] { table[label].Raw[r]!, table[prediction].Raw[r]! }).ToList();
        if (values.Any(v => NumericEquals(v, positive))) return;
        var others = values.GroupBy(v => IsNumber(v, out var d) ? d.ToString("R", CultureInfo.InvariantCulture) : v, StringComparer.Ordinal)
            .Select(g => g.First()).OrderBy(v => v, StringComparer.Ordinal).ToList();
        var shown = string.Join(", ", others.Take(10).Select(v => $"'{v}'")) + (others.Count > 10 ? ", …" : "");
        if (others.Count >= 2)
            throw new DataInputException(table.Source, null, null,
                $"the positive value '{positive}' occurs in neither column '{label}' nor '{prediction}', which hold {others.Count} other values " +
                $"({shown}); a binary outcome has only two, so pass one of them with --positive");
        if (others.Count == 1 && IsNumber(others[0], out _) != IsNumber(positive, out _))
            throw new DataInputException(table.Source, null, null,
                $"the positive value '{positive}' occurs in neither column '{label}' nor '{prediction}', whose only value is {shown} " +
                $"(a {(IsNumber(others[0], out _) ? "number" : "text")}, unlike '{positive}'); pass the positive outcome with --positive");
    }

    private static bool IsNumber(string v, out double d) =>
        double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out d) && double.IsFinite(d);

    private static bool NumericEquals(string a, string b) =>
        a == b || (IsNumber(a, out var x) && IsNumber(b, out var y) && x == y);
}
