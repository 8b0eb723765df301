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
        var national = CliOptions.Flag("--national", "the built-in scenario of Morocco's public schools, 75 provinces, 2024 → 2030 (derived; sources in the output)");
        var writeScenario = CliOptions.Text("--write-scenario", "FILE", "write the scenario used (e.g. the built-in one) as JSON to FILE, to edit and pass to --scenario");
        var units = CliOptions.Flag("--units", "also print every unit's projection and deficits (large for 150 units)");
        var year = CliOptions.Int("--year", "YEAR", "year of the deficit summary (default: the last projected year)");
        var output = CliOptions.Text("--out", "FILE", "also write the JSON report to FILE (written whole or not at all)");
        var allocate = CliOptions.Flag("--allocate", "also solve the budget allocation (MIP, SCIP): the scenario's 'allocation' section, or --budget");
        var budget = CliOptions.Number("--budget", "AMOUNT", "budget of the allocation (replaces the scenario's; implies --allocate)", b => b >= 0, "≥ 0");
        var variant = CliOptions.Text("--variant", "NAME", "allocate for this variant's projection (default: the baseline)");
        var timeLimit = CliOptions.Number("--time-limit", "SECONDS", "stop the allocation after this long with its best solution (default 60)", t => t > 0, "> 0");
        var gap = CliOptions.Number("--gap", "FRACTION", "stop the allocation once proven within this fraction of the optimum (default 0.0001; 0 proves optimality)", g => g is >= 0 and < 1, "in [0, 1)");
        var command = new Command("plan", """
            project enrolment, teachers and classrooms per unit and cycle (grade-transition method), with variants and local deficits.
            Reads the --scenario file; prints per projected year and cycle the enrolment per grade, total, completers, dropouts per
            grade, teachers and classes per grade (summed over units), then deficits summed locally (a surplus in one unit fills no
            gap in another), and each variant side by side. A bad field is refused with its JSON path (exit 2) before anything runs.
            """)
        {
            scenario, national, writeScenario, units, year, output, allocate, budget, variant, timeLimit, gap,
        };
        command.Validators.Add(r =>
        {
            if (r.GetResult(scenario) is null && r.GetResult(national) is null) r.AddError("give --scenario FILE or --national");
            if (r.GetResult(scenario) is not null && r.GetResult(national) is not null) r.AddError("use either --scenario or --national, not both");
        });
        CliApp.SetAction(command, (parsed, ct) =>
        {
            var progress = new CliProgress();
            var path = parsed.GetValue(scenario) ?? "built-in national scenario";
            PlanningScenario s;
            if (parsed.GetValue(scenario) is { } file) s = ScenarioReader.ReadFile(file);
            else
            {
                var json = NationalScenario.BuildJson(Basira.Server.Planning.PlanningGeography.Regions, Basira.Server.Planning.PlanningGeography.Provinces);
                s = ScenarioReader.Read(json.ToJsonString(), path);
                if (parsed.GetValue(writeScenario) is { } target)
                    WriteAtomically(target, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), progress);
            }
            if (parsed.GetValue(scenario) is { } given && parsed.GetValue(writeScenario) is { } copy)
                WriteAtomically(copy, File.ReadAllText(given), progress);
            progress.Log($"read {path}: {s.Units.Count} unit(s), {EnrolmentProjection.CycleNames(s).Count} cycle(s), {s.Variants.Count} variant(s), {s.BaseYear} → {s.EndYear}");
            var deficitYear = parsed.GetValue(year);
            if (deficitYear is { } dy && (dy <= s.BaseYear || dy > s.EndYear))
                throw new CliUsageException($"--year must be a projected year, {s.BaseYear + 1} to {s.EndYear}, got {dy}");
            ct.ThrowIfCancellationRequested();
            var projections = EnrolmentProjection.ProjectAll(s, deficitYear);
            var report = PlanningReport.Build(s, projections, parsed.GetValue(units));
            PlanningReport.AllocationOut? allocation = null;
            if (parsed.GetValue(allocate) || parsed.GetValue(budget) is not null || parsed.GetValue(variant) is not null)
            {
                var settings = s.Allocation ?? (parsed.GetValue(budget) is null
                    ? throw new CliUsageException("--allocate needs the scenario's 'allocation' section (budget, classroom_cost, teacher_cost)")
                    : throw new CliUsageException("--budget needs the scenario's 'allocation' section for the costs (classroom_cost, teacher_cost)"));
                if (parsed.GetValue(budget) is { } b) settings = settings with { Budget = (decimal)b };
                if (deficitYear is not null) settings = settings with { Year = deficitYear };
                var name = parsed.GetValue(variant) ?? EnrolmentProjection.Baseline;
                var projection = projections.FirstOrDefault(p => p.Variant == name)
                    ?? throw new CliUsageException($"--variant: unknown variant '{name}'; the scenario has: {string.Join(", ", projections.Select(p => p.Variant))}");
                var problem = BudgetAllocation.FromProjection(projection, s, settings);
                progress.Log($"allocation: {problem.Sites.Count} sites, budget {settings.Budget}, year {problem.Year}, variant {name}");
                var solved = BudgetAllocation.Solve(problem, TimeSpan.FromSeconds(parsed.GetValue(timeLimit) ?? 60), parsed.GetValue(gap) ?? 1e-4);
                progress.Log($"allocation: {solved.Status} in {solved.Seconds:F2} s, objective {solved.Objective:F1} (before {solved.ObjectiveBefore:F1}, bound {solved.BestBound:F1})");
                allocation = PlanningReport.Allocation(solved, name);
                report = report with { Allocation = allocation };
            }
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
        if (r.Allocation is { } a)
            o.WriteLine($"allocation ({a.Variant}, {a.Year}, {a.Status}): {a.NewClassrooms} classrooms, {a.NewTeachers} teachers, spent {F(a.Spent)} of {F(a.Budget)}; " +
                $"pupils above the norms {F(a.OvercrowdedBefore)} → {F(a.OvercrowdedAfter)}, without a place {F(a.UnplacedBefore)} → {F(a.UnplacedAfter)}");
    }
}
