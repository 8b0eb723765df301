using System.CommandLine;
using System.Globalization;
using Basira.Analytics.Tabular;
using Basira.Governance;
using Basira.Governance.Audit;
using Basira.Governance.Fairness;
using Basira.Governance.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Cli.Commands;

/// <summary><c>basira audit</c>: <c>verify</c> (the hash-chained audit log) and <c>fairness</c> (FAIRNESS.md metrics of a file).</summary>
internal static class AuditCommands
{
    public static Command Create() => new("audit", "audits: the integrity of the audit log, the fairness of decisions in a file")
    {
        Verify(),
        Fairness(),
    };

    private static Command Verify()
    {
        var connection = CliServices.ConnectionOption();
        var expectHead = new Option<(long Seq, string Hash)?>("--expect-head")
        {
            Description = "head printed by an earlier audit verify: proves the log was neither cut back before it nor rewritten from it",
            HelpName = "SEQ:HASH",
            CustomParser = r =>
            {
                var head = r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
                var parts = head.Split(':');
                if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seq) && seq >= 1
                    && parts[1].Length == 64 && parts[1].All(char.IsAsciiHexDigit))
                    return (seq, parts[1]);
                r.AddError($"--expect-head expects SEQ:HASH as printed by audit verify (a positive number, ':', 64 hex digits), got '{head}'");
                return null;
            },
        };
        var command = new Command("verify", """
            verify the hash-chained audit log; exit 0 intact, 1 with the first broken entry named.
            Checks the hash chain, and every decision against the content hash in its audit entry. The output ends with the
            head of the log (SEQ:HASH): keep it outside the store (print it, sign it, send it to the auditor). Later, pass it
            as --expect-head SEQ:HASH to prove the log was neither cut back before that entry nor rewritten from it.
            """)
        {
            connection, expectHead,
        };
        CliApp.SetAction(command, (parsed, ct) =>
        {
            // Verifying must never create a store: opening an SQLite store that does not exist would create an empty one
            // and report it "intact: 0 entries". (A PostgreSQL store is checked by the server itself.)
            var config = CliServices.Configuration(parsed.DataDir(), parsed.GetValue(connection));
            if (BasiraDatabase.SqliteFile(config.GetConnectionString("Basira"), config["Basira:DataDir"]!) is { } file && !File.Exists(file))
                throw new DataInputException(file, null, null,
                    "no Basira store here (the SQLite file does not exist), so there is no audit log to verify; check --data-dir or --connection");
            var anchor = parsed.GetValue(expectHead);
            using var sp = CliServices.Build(parsed.DataDir(), parsed.GetValue(connection));
            var v = sp.GetRequiredService<IntegrityVerifier>().Verify(anchor?.Seq, anchor?.Hash);
            if (parsed.IsJson()) CliApp.WriteJson(v);
            else if (v.Intact)
                Console.Out.WriteLine($"audit log intact: {v.Entries} entries; {v.Decisions.Checked} decisions match their recorded content" +
                    (v.Decisions.WithoutHash > 0 ? $" ({v.Decisions.WithoutHash} recorded before content hashes: existence checked)" : "") +
                    $"; head {v.HeadSeq}:{v.HeadHash}");
            else Console.Out.WriteLine(v.FirstBrokenSeq is { } at ? $"audit log BROKEN at entry {at}: {v.Problem}" : $"integrity check FAILED: {v.Problem}");
            if (!v.Intact) Console.Error.WriteLine($"basira audit verify: {v.Problem}");
            return v.Intact ? CliApp.Ok : CliApp.Failure;
        });
        return command;
    }

    private static Command Fairness()
    {
        var data = CliOptions.Text("--data", "FILE", "CSV or XLSX file, one row per person", required: true);
        var label = CliOptions.Text("--label", "COL", "column of the observed outcome", required: true);
        var prediction = CliOptions.Text("--prediction", "COL", "column of the predicted outcome", required: true);
        var group = CliOptions.List("--group", "COL[,COL]", "sensitive column(s); several give intersectional groups", required: true);
        var positive = CliOptions.Text("--positive", "VALUE", "the favourable / selected outcome (default 1)");
        var command = new Command("fairness", """
            fairness metrics per group (and intersections) of labels vs predictions in a CSV/XLSX file, as JSON.
            --positive VALUE (default 1) is the favourable / selected outcome; every other value of --label and --prediction
            counts as negative, and "1" and "1.0" are the same value. The positive value need not occur: labels without
            positives or predictions without predicted positives are valid, and the rates they leave undefined are null
            (FAIRNESS.md section 2). It is refused (exit 2) only when it cannot be one of the two outcomes: when the two
            columns together already hold two or more other values, or hold one other value of another kind (a number vs
            text, e.g. all 'no' with the default 1). A file with a header and no rows gives status "not_assessable" (exit 0).
            """)
        {
            data, label, prediction, group, positive,
        };
        CliApp.SetAction(command, (parsed, ct) =>
        {
            var labelColumn = parsed.GetRequiredValue(label);
            var predictionColumn = parsed.GetRequiredValue(prediction);
            var groups = parsed.GetRequiredValue(group);
            var table = TabularReader.Read(parsed.GetRequiredValue(data),
                new TabularReadOptions { RequiredColumns = [labelColumn, predictionColumn, .. groups], Strict = true, AllowNoRows = true });
            foreach (var col in new[] { labelColumn, predictionColumn })
                for (var r = 0; r < table.RowCount; r++)
                    if (table[col].Raw[r] is null) throw new DataInputException(table.Source, table.Lines[r], col, "missing value");
            var positiveValue = parsed.GetValue(positive) ?? "1";
            var input = PositiveOutcome.Input(table.Source,
                labelColumn, [.. table[labelColumn].Raw.Select(v => v!)],
                predictionColumn, [.. table[predictionColumn].Raw.Select(v => v!)],
                positiveValue,
                [.. groups.Select(g => new FeatureColumn(g, [.. table[g].Raw.Select(v => v ?? "(missing)")]))]);
            var report = FairnessAuditor.Audit(input, FairnessOptions.ForPositiveLabel(positiveValue));
            Console.Error.WriteLine($"audit fairness: {table.RowsIn} rows in, {table.RowCount} accepted, {table.Quarantined.Count} quarantined");
            CliApp.WriteJson(report);
            return CliApp.Ok;
        });
        return command;
    }
}
