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
        edu.Subcommands.Add(Absenteeism());
    }

    private static Command Absenteeism()
    {
        var level = CliOptions.Choice("--level", "area level of the rows", ["region", "province", "commune", "school"]);
        var period = CliOptions.Choice("--period", "period of the rows (ISO weeks, labelled 2024-W38, or months, 2024-09)", ["month", "week"]);
        var from = CliOptions.Text("--from", "DATE", "first day (yyyy-MM-dd or dd/MM/yyyy; default the first teaching day of the latest school year)");
        var to = CliOptions.Text("--to", "DATE", "last day (default the last teaching day of the latest school year)");
        var region = CliOptions.Text("--region", "CODE", "only areas of this region (ISO code, e.g. MA-05)");
        var province = CliOptions.Text("--province", "CODE", "only areas of this province (e.g. MA-AZI)");
        var school = CliOptions.Text("--school", "CODE", "only this school");
        var by = CliOptions.Choice("--by", "split each row by sex (F, M) or milieu of residence (urban, rural)", ["none", "sex", "milieu"]);
        var hotspots = CliOptions.Flag("--hotspots", "test each area's last period against its previous 4 (the test is named in the output) instead of listing the rates");
        var connection = CliServices.ConnectionOption();
        var command = new Command("absenteeism", """
            absence rates from the analytics store: absence days / (pupils × teaching days) by area and period, optionally by sex
            or milieu; aggregates only. JSON: [{level, key, name, period, pupils, absence_rate}] (with sex or milieu when --by).
            With --hotspots: the areas whose last period rose above their baseline by more than noise explains.
            """) { level, period, from, to, region, province, school, by, hotspots, connection };
        CliApp.SetAction(command, (parsed, ct) =>
        {
            var file = Path.Combine(Path.GetFullPath(parsed.DataDir()), NationalAnalyticsStore.FileName);
            if (!File.Exists(file))
                throw new Basira.Governance.DataInputException(file, null, null, "no national education data loaded (run 'basira demo --pupils N' or 'basira edu import')");
            var query = new AbsenteeismQuery
            {
                Level = Enum.Parse<AreaLevel>(parsed.GetValue(level)!, ignoreCase: true),
                Period = Enum.Parse<AbsencePeriod>(parsed.GetValue(period)!, ignoreCase: true),
                From = Date(parsed.GetValue(from), "--from"),
                To = Date(parsed.GetValue(to), "--to"),
                Region = parsed.GetValue(region)?.ToUpperInvariant(),
                Province = parsed.GetValue(province)?.ToUpperInvariant(),
                School = parsed.GetValue(school),
                Split = Enum.Parse<AbsenceSplit>(parsed.GetValue(by)!, ignoreCase: true),
            };
            using var sp = CliServices.Build(parsed.DataDir(), parsed.GetValue(connection));
            var education = sp.GetRequiredService<NationalEducation>();
            var splitName = query.Split == AbsenceSplit.None ? null : query.Split.ToString().ToLowerInvariant();
            if (parsed.GetValue(hotspots))
            {
                var report = education.HotSpots(query, AreaScope.National);
                if (parsed.IsJson())
                    CliApp.WriteJson(new
                    {
                        test = report.Test,
                        period = report.Period,
                        dispersion = Math.Round(report.Dispersion, 4),
                        false_discovery_rate = report.FalseDiscoveryRate,
                        areas = report.Areas.Select(h => new
                        {
                            level = h.Row.Level, key = h.Row.Key, name = h.Row.Name, period = h.Row.Period, pupils = h.Row.Pupils,
                            absence_rate = Math.Round(h.Row.AbsenceRate, 6), baseline_rate = Math.Round(h.BaselineRate, 6),
                            z = Math.Round(h.Z, 3), p_value = h.PValue, q_value = h.QValue, hot = h.Hot,
                        }),
                    });
                else
                {
                    Console.Out.WriteLine($"hot spots of {report.Period} ({report.Test}; dispersion {report.Dispersion:F2}):");
                    foreach (var h in report.Areas.Where(h => h.Hot))
                        Console.Out.WriteLine($"  {h.Row.Key,-14} {h.Row.Name,-30} {h.Row.AbsenceRate:P2} vs {h.BaselineRate:P2}  z {h.Z:F1}  q {h.QValue:G3}");
                    if (!report.Areas.Any(h => h.Hot)) Console.Out.WriteLine("  none");
                }
                return CliApp.Ok;
            }
            var rows = education.Absenteeism(query, AreaScope.National);
            if (parsed.IsJson())
                CliApp.WriteJson(rows.Select(r =>
                {
                    var o = new System.Text.Json.Nodes.JsonObject
                    {
                        ["level"] = r.Level, ["key"] = r.Key, ["name"] = r.Name, ["period"] = r.Period, ["pupils"] = r.Pupils,
                        ["absence_rate"] = Math.Round(r.AbsenceRate, 6),
                    };
                    if (splitName is not null) o[splitName] = r.Group;
                    return o;
                }));
            else
                foreach (var r in rows)
                    Console.Out.WriteLine($"{r.Period,-9} {r.Key,-14} {r.Name,-32} {(r.Group is null ? "" : r.Group + " "),-6}{r.Pupils,10:N0} pupils  {r.AbsenceRate,8:P2}");
            return CliApp.Ok;
        });
        return command;
    }

    private static DateOnly? Date(string? text, string option)
    {
        if (text is null) return null;
        return DateOnly.TryParseExact(text, ["yyyy-MM-dd", "dd/MM/yyyy"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d)
            ? d
            : throw new CliUsageException($"{option} expects a date (yyyy-MM-dd or dd/MM/yyyy), got '{text}'");
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
