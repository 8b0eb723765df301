using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Basira.Analytics.Tabular;
using Basira.Education.National;
using Basira.Education.Warning;
using Basira.Server.Demo;
using Basira.Synth.National;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Cli.Commands;

/// <summary>
/// <c>basira bench national --pupils N --json</c> (BENCHMARKS.md B2): the whole national education pipeline on a fresh
/// store — generate a SYNTHETIC Morocco and load it (DuckDB + operational store), map a year of absenteeism, train the
/// early warning on last year, score every pupil of this year, audit fairness and measure, explain the top decile of
/// every school exactly and record their governed decisions — with each stage's time and rows per second, and the
/// process's peak memory.
/// </summary>
internal static partial class BenchCommands
{
    static partial void AddNationalBench(Command bench)
    {
        var pupils = CliOptions.Int("--pupils", "N", "pupils a year of the synthetic Morocco (default 1000000)", min: 1000);
        var seed = CliOptions.Int("--seed", "S", "seed of the synthetic population (default 20240901)", min: 0);
        var work = CliOptions.Text("--work-dir", "DIR", "store to create the run in (default a new temporary folder, deleted afterwards)");
        var connection = CliServices.ConnectionOption();
        var trees = CliOptions.Int("--trees", "T", "boosting iterations of the national model (default 150)", min: 1);
        var maxRows = CliOptions.Int("--max-train-rows", "N", "most rows the booster is fitted on, a stratified sample above it (default 400000; 0 = all)", min: 0);
        var decile = CliOptions.Number("--capacity", "SHARE", "share of each school explained and recorded (default 0.10: the top decile)", v => v is > 0 and <= 1, "in (0, 1]");
        var command = new Command("national", """
            B2: generate → load → map → train → score all → audit → explanations (and governed decisions) for the top decile
            of every school, on a fresh store, as JSON: {"pupils", "stages": [{"name", "seconds", "rows_per_second"}],
            "total_seconds", "peak_memory_mb"} with the run's figures. Uses every core; --pupils 9000000 needs about 12 GB.
            """) { pupils, seed, work, connection, trees, maxRows, decile };
        CliApp.SetAction(command, (parsed, ct) =>
        {
            var progress = new CliProgress();
            var n = parsed.GetValue(pupils) ?? 1_000_000;
            var dir = parsed.GetValue(work) ?? Path.Combine(Path.GetTempPath(), "basira-bench-national-" + Guid.NewGuid().ToString("n")[..8]);
            var temporary = parsed.GetValue(work) is null;
            var total = Stopwatch.StartNew();
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var stages = new List<WarningStage>();
            object? result = null;
            try
            {
                using var sp = CliServices.Build(dir, parsed.GetValue(connection));
                var education = sp.GetRequiredService<NationalEducation>();
                var options = new NationalOptions { Pupils = n, Seed = (ulong)(parsed.GetValue(seed) ?? (int)NationalOptions.DefaultSeed) };

                // generate → load (the education module's bulk load: DuckDB append on every core, then the operational store)
                var loaded = NationalDemo.Load(education, options, progress.Log);
                foreach (var s in loaded.Stages)
                    stages.Add(new(s.Name switch { "plan" => "generate_plan", "generate+append" => "generate_and_load_analytics", _ => "load_operational_store" },
                        s.Seconds, s.Rows, s.CpuSeconds));
                ct.ThrowIfCancellationRequested();

                // map: a year of absenteeism by school and week (the finest map), then by region and month
                var sw = new StageClock();
                var bySchool = education.Absenteeism(new AbsenteeismQuery { Level = AreaLevel.School, Period = AbsencePeriod.Week }, AreaScope.National);
                var byRegion = education.Absenteeism(new AbsenteeismQuery { Level = AreaLevel.Region, Period = AbsencePeriod.Month }, AreaScope.National);
                stages.Add(sw.Lap("map_year_of_absences", loaded.Load.Absences));
                progress.Log($"map: {bySchool.Count:N0} school-weeks, {byRegion.Count:N0} region-months in {stages[^1].Seconds:F1} s");

                // train on last year, read back from the store
                var source = sp.GetRequiredService<WarningSource>();
                var years = source.Years();
                sw.Lap("", 0);
                var previous = source.Read(years[^2], keepCodes: false, ct);
                var current = source.Read(years[^1], keepCodes: true, ct);
                stages.Add(sw.Lap("read_both_years", previous.Count + current.Count));
                var svc = sp.GetRequiredService<NationalWarningService>();
                var d = ScaleTrainOptions.NationalDefaults;
                var trained = svc.Train(previous, $"{years[^2]}-{years[^2] + 1} (SYNTHETIC)", "bench", new ScaleTrainOptions
                {
                    Target = NationalWarningService.Target,
                    Positive = NationalWarningService.Positive,
                    HyperParameters = d with { Iterations = parsed.GetValue(trees) ?? d.Iterations },
                    MaxTrainingRows = parsed.GetValue(maxRows) ?? ScaleTrainOptions.DefaultMaxTrainingRows,
                }, progress.Log);
                stages.AddRange(trained.Stages);
                previous = null!; // the training year is no longer needed
                GC.Collect();

                // score all → rank → explain the top decile → audit → causes → governed decisions
                var run = svc.Run(current, "bench", new WarningRunOptions
                {
                    Cohort = $"{years[^1]}-{years[^1] + 1} (SYNTHETIC)",
                    CapacityShare = parsed.GetValue(decile) ?? 0.10,
                    Threshold = 0, // every school's top decile is explained and recorded
                }, progress.Log, null, ct);
                stages.AddRange(run.Stages);
                result = new
                {
                    run = run.RunId,
                    model = run.ModelVersion,
                    trees = trained.Trees,
                    holdout_auc = trained.HoldoutAuc,
                    schools = run.Schools,
                    proposed = run.Proposed,
                    auc = run.Overall.Auc,
                    ece = run.Overall.Ece,
                    precision_at_k = run.Overall.PrecisionAtK,
                    recall = run.Overall.Recall,
                    fairness = run.FairnessStatus,
                    alerts = run.Alerts.Count,
                    max_additivity_error = run.MaxAdditivityError,
                    absence_days = loaded.Load.Absences,
                };
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                if (temporary) try { Directory.Delete(dir, true); } catch (IOException) { }
            }
            var p = Process.GetCurrentProcess();
            var summary = new
            {
                benchmark = "B2 national pipeline",
                pupils = n,
                stages = stages.Select(s => new
                {
                    name = s.Name,
                    seconds = Math.Round(s.Seconds, 2),
                    rows = s.Rows,
                    rows_per_second = s.Seconds > 0 ? Math.Round(s.Rows / s.Seconds) : 0,
                    processor_seconds = Math.Round(s.CpuSeconds, 2),
                    rows_per_processor_second = s.CpuSeconds > 0 ? Math.Round(s.Rows / s.CpuSeconds) : 0,
                }),
                total_seconds = Math.Round(total.Elapsed.TotalSeconds, 1),
                peak_memory_mb = Math.Round(p.PeakWorkingSet64 / 1048576.0),
                processor_seconds = Math.Round((p.TotalProcessorTime - cpu0).TotalSeconds, 1),
                processor_count = Environment.ProcessorCount,
                store = parsed.GetValue(connection) is null ? "sqlite" : "postgresql",
                result,
                synthetic = NationalGenerator.SyntheticNotice,
                date = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            };
            CliApp.WriteJson(summary);
            return CliApp.Ok;
        });
        bench.Subcommands.Add(command);
    }
}
