using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Basira.Education.Planning;

namespace Basira.Cli.Commands;

/// <summary><c>basira edu plan</c>: grade-transition projection of enrolment, teachers and classrooms (Basira.Education.Planning).</summary>
internal static partial class EduCommands
{
    static partial void AddPlanningCommands(Command edu) => edu.Subcommands.Add(Plan());

    private static Command Plan()
    {
        var scenario = CliOptions.Text("--scenario", "FILE", "planning scenario (JSON; format in docs/education-planning.md)");
        var units = CliOptions.Flag("--units", "also print every unit's projection and deficits (large for 150 units)");
        var year = CliOptions.Int("--year", "YEAR", "year of the deficit summary (default: the last projected year)");
        var output = CliOptions.Text("--out", "FILE", "also write the JSON report to FILE (written whole or not at all)");
        var command = new Command("plan", """
            project enrolment, teachers and classrooms per unit and cycle (grade-transition method), with variants and local deficits.
            Reads the --scenario file; prints per projected year and cycle the enrolment per grade, total, completers, dropouts per
            grade, teachers and classes per grade (summed over units), then deficits summed locally (a surplus in one unit fills no
            gap in another), and each variant side by side. A bad field is refused with its JSON path (exit 2) before anything runs.
            """)
        {
            scenario, units, year, output,
        };
        command.Validators.Add(r =>
        {
            if (r.GetResult(scenario) is null) r.AddError("option --scenario is required");
        });
        CliApp.SetAction(command, (parsed, ct) =>
        {
            var progress = new CliProgress();
            var path = parsed.GetRequiredValue(scenario);
            var s = ScenarioReader.ReadFile(path);
            progress.Log($"read {path}: {s.Units.Count} unit(s), {EnrolmentProjection.CycleNames(s).Count} cycle(s), {s.Variants.Count} variant(s), {s.BaseYear} → {s.EndYear}");
            var deficitYear = parsed.GetValue(year);
            if (deficitYear is { } dy && (dy <= s.BaseYear || dy > s.EndYear))
                throw new CliUsageException($"--year must be a projected year, {s.BaseYear + 1} to {s.EndYear}, got {dy}");
            ct.ThrowIfCancellationRequested();
            var projections = EnrolmentProjection.ProjectAll(s, deficitYear);
            var report = PlanningReport.Build(s, projections, parsed.GetValue(units));
            if (parsed.GetValue(output) is { } outPath) WriteAtomically(outPath, JsonSerializer.Serialize(report, CliApp.Json), progress);
            if (parsed.IsJson()) CliApp.WriteJson(report);
            else PrintPlan(report);
            return CliApp.Ok;
        });
        return command;
    }

    private static void WriteAtomically(string path, string text, CliProgress progress)
    {
        if (Directory.Exists(path)) throw new CliUsageException($"--out expects a file path; '{path}' is a directory");
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, text);
        File.Move(tmp, path, overwrite: true);
        progress.Log($"wrote {path}");
    }

    private static void PrintPlan(PlanningReport.ReportOut r)
    {
        static string F(decimal v) => v.ToString("#,0.##", CultureInfo.InvariantCulture);
        var o = Console.Out;
        o.WriteLine($"{r.Scenario}: {r.BaseYear} → {r.EndYear}");
        foreach (var y in r.Years.Prepend(r.Base))
            foreach (var c in y.Cycles)
                o.WriteLine($"  {y.Year} {c.Name,-12} pupils {F(c.Total),12}  teachers {c.Teachers,8}  classes {c.Classes.Sum(),7}  classrooms {c.Classrooms,7}" +
                    (c.Completers is { } done ? $"  completers {F(done),10}  dropouts {F(c.Dropouts!.Sum()),10}" : ""));
        void Deficits(string title, PlanningReport.DeficitsOut d)
        {
            o.WriteLine($"{title}, deficits in {d.Year} (local sum | pooled):");
            foreach (var g in d.ByCycle.Append(d.Total))
                o.WriteLine($"  {g.Key,-12} teachers short {g.TeacherGapLocal,8} | {g.TeacherGapNet,8}   classrooms short {g.ClassroomGapLocal,7} | {g.ClassroomGapNet,7}" +
                    $"   to recruit {g.TeachersToRecruit,8}   to build {g.ClassroomsToBuild,7}");
        }
        Deficits(r.Variant, r.Deficits);
        foreach (var v in r.Variants) Deficits(v.Label is null ? v.Name : $"{v.Name} ({v.Label})", v.Deficits);
    }
}
