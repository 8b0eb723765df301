using System.CommandLine;
using Basira.Education.National;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Cli.Commands;

/// <summary>National scale: school-system imports and absenteeism aggregates (docs/education-imports.md, docs/education-absenteeism.md).</summary>
internal static partial class EduCommands
{
    static partial void AddNationalCommands(Command edu)
    {
        edu.Subcommands.Add(Import());
    }

    private static Command Import()
    {
        var kind = CliOptions.Choice("--kind", "what the extract holds (layouts in docs/education-imports.md)", ["schools", "pupils", "attendance", "marks"]);
        kind.Required = true;
        var file = CliOptions.Text("--file", "FILE", "the extract: CSV (delimiter , ; TAB or |) or XLSX (first sheet)", required: true);
        var encoding = CliOptions.Text("--encoding", "NAME", "code page of a CSV that is not UTF-8, e.g. windows-1256 (Arabic exports); without it a non-UTF-8 file is refused with its line");
        var connection = CliServices.ConnectionOption();
        var command = new Command("import", """
            import a school-system extract: schools and pupils into the operational store (pupil identifiers pseudonymised on the
            way in), attendance (absence events) and marks into the analytics store. Each row is accepted or quarantined with its
            line, field and reason; rows_in = accepted + quarantined; the import is all or nothing; loading the same extract again
            changes nothing (new, changed, unchanged say what it did).
            """) { kind, file, encoding, connection };
        CliApp.SetAction(command, (parsed, ct) =>
        {
            var path = parsed.GetRequiredValue(file);
            var k = Enum.Parse<ImportKind>(parsed.GetValue(kind)!, ignoreCase: true);
            using var sp = CliServices.Build(parsed.DataDir(), parsed.GetValue(connection));
            var report = sp.GetRequiredService<NationalEducation>().Import(k, path, parsed.GetValue(encoding), Environment.UserName is { Length: > 0 } u ? $"cli:{u}" : "cli");
            if (parsed.IsJson()) CliApp.WriteJson(report);
            else
            {
                Console.Out.WriteLine($"{report.Kind}: {report.RowsIn} rows in, {report.Accepted} accepted ({report.New} new, {report.Changed} changed, {report.Unchanged} unchanged), {report.Quarantined} quarantined");
                foreach (var q in report.Quarantine) Console.Out.WriteLine($"  line {q.Line}{(q.Field is null ? "" : $", {q.Field}")}: {q.Reason}");
            }
            return CliApp.Ok;
        });
        return command;
    }
}
