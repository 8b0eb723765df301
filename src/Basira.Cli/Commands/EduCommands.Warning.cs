using System.CommandLine;
using Basira.Analytics.Tabular;
using Basira.Education.Warning;
using Basira.Synth.National;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Cli.Commands;

/// <summary>
/// <c>basira edu warn …</c>: the national early warning (train on last year, run on this year, status, causes) and
/// <c>basira edu case …</c>: the intervention case log.
/// </summary>
internal static partial class EduCommands
{
    static partial void AddWarningCommands(Command edu)
    {
        edu.Subcommands.Add(new Command("warn", "national early warning: train on last year's pupils, score every pupil of this year, audit, explain")
        {
            WarnTrain(),
            WarnRun(),
            WarnStatus(),
            WarnCauses(),
        });
        edu.Subcommands.Add(CaseCommands());
    }

    /// <summary>
    /// Where the pupils come from, shared by <c>warn train</c> and <c>warn run</c>: the national data loaded in the store
    /// (<c>basira demo --pupils N</c>, <c>basira edu import</c>; the last two school years), or with <c>--pupils N</c> a
    /// synthetic Morocco generated in memory.
    /// </summary>
    private sealed class PopulationOptions
    {
        public Option<int?> Pupils { get; } = CliOptions.Int("--pupils", "N", "generate a synthetic Morocco of N pupils a year in memory instead of reading the loaded national data", min: 100);
        public Option<int?> Seed { get; } = CliOptions.Int("--seed", "S", "seed of the synthetic population with --pupils (default 20240901)", min: 0);
        public Option<int?> Year { get; } = CliOptions.Int("--school-year", "YYYY", "with --pupils: first calendar year of this school year (default 2024: 2024-25)", min: 2000);

        public void AddTo(Command c)
        {
            c.Options.Add(Pupils);
            c.Options.Add(Seed);
            c.Options.Add(Year);
        }

        public bool Synthetic(ParseResult parsed) => parsed.GetValue(Pupils) is not null;

        public NationalGenerator Generator(ParseResult parsed) => new(new NationalOptions
        {
            Pupils = parsed.GetValue(Pupils) ?? 100_000,
            Seed = (ulong)(parsed.GetValue(Seed) ?? (int)NationalOptions.DefaultSeed),
            SchoolYear = parsed.GetValue(Year) ?? 2024,
        });

        /// <summary>The last two school years of the loaded data (last year, this year).</summary>
        public static (int Previous, int Current) StoredYears(WarningSource source)
        {
            var years = source.Years();
            if (years.Count < 2)
                throw new Governance.DataInputException(null, null, "year", $"the loaded national data hold {years.Count} school year(s); the early warning needs last year (outcomes known) and this year");
            return (years[^2], years[^1]);
        }

        public static string Label(int year, bool synthetic = true) => $"{year}-{year + 1}" + (synthetic ? " (SYNTHETIC)" : "");
    }

    private sealed class TreeOptions
    {
        public Option<int?> Trees { get; } = CliOptions.Int("--trees", "T", "boosting iterations of the national model (default 150)", min: 1);
        public Option<int?> Leaves { get; } = CliOptions.Int("--leaves", "L", "leaves per tree (default 31)", min: 2);
        public Option<int?> Depth { get; } = CliOptions.Int("--depth", "D", "maximum tree depth (default 6; 0 = no limit)", min: 0);
        public Option<double?> Holdout { get; } = CliOptions.Number("--holdout", "SHARE", "share of last year held out to calibrate and measure (default 0.1)",
            v => v is > 0 and < 0.5, "in (0, 0.5)");
        public Option<int?> MaxRows { get; } = CliOptions.Int("--max-train-rows", "N", "most rows the booster is fitted on, a stratified sample above it (default 400000; 0 = all)", min: 0);

        public void AddTo(Command c)
        {
            c.Options.Add(MaxRows);
            c.Options.Add(Trees);
            c.Options.Add(Leaves);
            c.Options.Add(Depth);
            c.Options.Add(Holdout);
        }

        public ScaleTrainOptions Options(ParseResult parsed)
        {
            var d = ScaleTrainOptions.NationalDefaults;
            return new ScaleTrainOptions
            {
                Target = NationalWarningService.Target,
                Positive = NationalWarningService.Positive,
                HyperParameters = d with
                {
                    Iterations = parsed.GetValue(Trees) ?? d.Iterations,
                    Leaves = parsed.GetValue(Leaves) ?? d.Leaves,
                    MaxDepth = parsed.GetValue(Depth) ?? d.MaxDepth,
                },
                CalibrationShare = parsed.GetValue(Holdout) ?? 0.1,
                MaxTrainingRows = parsed.GetValue(MaxRows) ?? ScaleTrainOptions.DefaultMaxTrainingRows,
            };
        }
    }

    private static Command WarnTrain()
    {
        var connection = CliServices.ConnectionOption();
        var population = new PopulationOptions();
        var trees = new TreeOptions();
        var command = new Command("train", """
            train the national early-warning model on last year's pupils (outcomes known) of the loaded national data, or of
            a synthetic Morocco generated in memory with --pupils N, on every core, calibrated on a held-out share, and
            register it as the national model in use.
            """) { connection };
        population.AddTo(command);
        trees.AddTo(command);
        CliApp.SetAction(command, (parsed, ct) =>
        {
            var progress = new CliProgress();
            using var sp = CliServices.Build(parsed.DataDir(), parsed.GetValue(connection));
            WarningCohort previous;
            string label;
            if (population.Synthetic(parsed))
            {
                var generator = population.Generator(parsed);
                progress.Log($"generating last year's pupils ({generator.CurrentPupils:N0} this year, {generator.Schools.Count:N0} schools, SYNTHETIC)");
                previous = WarningCohort.Build(generator.Pupils(previousYear: true, ct).Select(p => SynthWarningInput.From(p, null)), keepCodes: false,
                    (int)Math.Min(int.MaxValue, generator.CurrentPupils), ct);
                label = PopulationOptions.Label(generator.Options.SchoolYear - 1);
            }
            else
            {
                var source = sp.GetRequiredService<WarningSource>();
                var (year, _) = PopulationOptions.StoredYears(source);
                progress.Log($"reading the loaded pupils of {year}-{year + 1}");
                previous = source.Read(year, keepCodes: false, ct);
                label = PopulationOptions.Label(year, synthetic: false);
            }
            var r = sp.GetRequiredService<NationalWarningService>().Train(previous, label, "cli", trees.Options(parsed), progress.Log);
            if (parsed.IsJson()) CliApp.WriteJson(r);
            else Console.Out.WriteLine($"model {r.ModelId}: {r.Trees} trees on {r.TrainingRows:N0} pupils; hold-out AUC {r.HoldoutAuc:F4}, ECE {r.HoldoutEce:F4}");
            return CliApp.Ok;
        });
        return command;
    }

    private static Command WarnRun()
    {
        var connection = CliServices.ConnectionOption();
        var population = new PopulationOptions();
        var trees = new TreeOptions();
        var train = CliOptions.Flag("--train", "first train on last year's pupils (same population, read in the same pass)");
        var capacity = CliOptions.Number("--capacity", "SHARE", "intervention capacity of each school, a share of its pupils (default 0.10)", v => v is > 0 and <= 1, "in (0, 1]");
        var threshold = CliOptions.Number("--threshold", "P", "calibrated risk from which a pupil within capacity is proposed (default 0.10)", v => v is >= 0 and < 1, "in [0, 1)");
        var parity = CliOptions.Number("--min-parity-ratio", "R", "alert below this demographic parity ratio (default 0.8)", v => v is >= 0 and <= 1, "in [0, 1]");
        var odds = CliOptions.Number("--max-odds-difference", "D", "alert above this equalized odds difference (default 0.1)", v => v is >= 0 and <= 1, "in [0, 1]");
        var opportunity = CliOptions.Number("--max-opportunity-difference", "D", "alert above this equal opportunity difference (default 0.1)", v => v is >= 0 and <= 1, "in [0, 1]");
        var causes = CliOptions.Int("--causes-per-province", "K", "pupils explained per province for the aggregated causes (default 1500)", min: 1);
        var command = new Command("run", """
            score every pupil of this year (the loaded national data, or with --pupils N a synthetic Morocco generated in
            memory) with the national model in use (--train: first train on last year), propose the top of each
            school's list within its capacity and above the threshold, record a governed decision with its exact explanation
            for each pupil proposed, audit fairness by sex, milieu, region and their intersections (alerts when a limit is
            breached), and report precision among each school's top k, recall, AUC and calibration, overall and by group.
            """) { connection, train, capacity, threshold, parity, odds, opportunity, causes };
        population.AddTo(command);
        trees.AddTo(command);
        CliApp.SetAction(command, (parsed, ct) =>
        {
            var progress = new CliProgress();
            using var sp = CliServices.Build(parsed.DataDir(), parsed.GetValue(connection));
            var svc = sp.GetRequiredService<NationalWarningService>();
            var withTraining = parsed.GetValue(train);
            if (!withTraining) svc.RequireModel(); // no model: refuse before reading millions of pupils
            WarningCohort? previous = null;
            WarningCohort current;
            string label, previousLabel;
            var sw = System.Diagnostics.Stopwatch.StartNew();
            if (population.Synthetic(parsed))
            {
                var generator = population.Generator(parsed);
                var hint = (int)Math.Min(int.MaxValue, generator.CurrentPupils + generator.CurrentPupils / 8);
                previous = withTraining ? new WarningCohort(keepCodes: false, hint) : null;
                current = new WarningCohort(keepCodes: true, hint);
                progress.Log($"generating {(withTraining ? "both years" : "this year")}: {generator.CurrentPupils:N0} pupils, {generator.Schools.Count:N0} schools (SYNTHETIC)");
                SynthWarningInput.Read(generator, previous, current, ct);
                (label, previousLabel) = (PopulationOptions.Label(generator.Options.SchoolYear), PopulationOptions.Label(generator.Options.SchoolYear - 1));
            }
            else
            {
                var source = sp.GetRequiredService<WarningSource>();
                var (last, year) = PopulationOptions.StoredYears(source);
                progress.Log($"reading the loaded pupils of {(withTraining ? $"{last}-{last + 1} and " : "")}{year}-{year + 1}");
                if (withTraining) previous = source.Read(last, keepCodes: false, ct);
                current = source.Read(year, keepCodes: true, ct);
                (label, previousLabel) = (PopulationOptions.Label(year, synthetic: false), PopulationOptions.Label(last, synthetic: false));
            }
            var read = new WarningStage(population.Synthetic(parsed) ? "generate" : "read", sw.Elapsed.TotalSeconds, current.Count + (previous?.Count ?? 0));
            NationalTrainReport? trained = null;
            if (previous is not null) trained = svc.Train(previous, previousLabel, "cli", trees.Options(parsed), progress.Log);
            var limits = new FairnessThresholds();
            var report = svc.Run(current, "cli", new WarningRunOptions
            {
                Cohort = label,
                CapacityShare = parsed.GetValue(capacity) ?? 0.10,
                Threshold = parsed.GetValue(threshold) ?? 0.10,
                Fairness = new FairnessThresholds
                {
                    MinParityRatio = parsed.GetValue(parity) ?? limits.MinParityRatio,
                    MaxEqualizedOddsDifference = parsed.GetValue(odds) ?? limits.MaxEqualizedOddsDifference,
                    MaxEqualOpportunityDifference = parsed.GetValue(opportunity) ?? limits.MaxEqualOpportunityDifference,
                },
                CauseSamplePerProvince = parsed.GetValue(causes) ?? 1_500,
            }, progress.Log, [read], ct);
            if (parsed.IsJson()) CliApp.WriteJson(new { training = trained, run = report });
            else
            {
                var o = report.Overall;
                Console.Out.WriteLine($"run {report.RunId}: {report.Pupils:N0} pupils, {report.Proposed:N0} proposed in {report.Schools:N0} schools");
                Console.Out.WriteLine($"precision@k {o.PrecisionAtK:F3}  recall {o.Recall:F3}  AUC {o.Auc:F4}  ECE {o.Ece:F4}");
                Console.Out.WriteLine($"fairness {report.FairnessStatus}: {report.Alerts.Count} alert(s)");
                foreach (var a in report.Alerts) Console.Out.WriteLine($"  ALERT {a.Attributes}: {a.Metric} = {a.Value:F3} (limit {a.Threshold})");
            }
            return CliApp.Ok;
        });
        return command;
    }

    private static Command WarnStatus()
    {
        var connection = CliServices.ConnectionOption();
        var command = new Command("status", "the latest national runs (counts, metrics, fairness verdict and alerts); no person") { connection };
        CliApp.SetAction(command, (parsed, ct) =>
        {
            using var sp = CliServices.Build(parsed.DataDir(), parsed.GetValue(connection));
            var store = sp.GetRequiredService<WarningStore>();
            var runs = store.Runs(10).Select(r => new
            {
                run = r.Id, model = r.ModelVersion, cohort = r.Cohort, run_at = r.RunAt, pupils = r.Pupils, schools = r.Schools, proposed = r.Proposed,
                fairness = r.FairnessStatus, alerts = store.Alerts(r.Id).Select(a => new { a.Attributes, a.Metric, a.Value, a.Threshold }),
                summary = System.Text.Json.Nodes.JsonNode.Parse(r.SummaryJson)?["overall"],
            }).ToList();
            if (parsed.IsJson()) CliApp.WriteJson(runs);
            else if (runs.Count == 0) Console.Out.WriteLine("no national run yet (basira edu warn run)");
            else foreach (var r in runs) Console.Out.WriteLine($"{r.run_at:yyyy-MM-dd HH:mm} {r.run} {r.cohort}: {r.pupils:N0} pupils, {r.proposed:N0} proposed, fairness {r.fairness}");
            return CliApp.Ok;
        });
        return command;
    }

    private static Command WarnCauses()
    {
        var connection = CliServices.ConnectionOption();
        var level = CliOptions.Choice("--level", "national, region, province or sex_milieu (default region)", ["region", "national", "province", "sex_milieu"]);
        var area = CliOptions.Text("--area", "CODE", "one area (e.g. MA-08, MA-AZI or F|rural)");
        var command = new Command("causes", """
            what drives the risk here: mean |contribution| and signed mean of each input over the explained pupils of each
            area, from the latest run, with the area's absence days per justification code beside them; no person.
            """) { connection, level, area };
        CliApp.SetAction(command, (parsed, ct) =>
        {
            using var sp = CliServices.Build(parsed.DataDir(), parsed.GetValue(connection));
            var store = sp.GetRequiredService<WarningStore>();
            var run = store.LatestRun() ?? throw new Governance.DataInputException(null, null, null, "no national run yet: run basira edu warn run first");
            var l = parsed.GetValue(level)!;
            var codes = store.Codes(run.Id, l, parsed.GetValue(area)).GroupBy(c => c.Area).ToDictionary(g => g.Key, g => g.ToDictionary(c => c.Code, c => c.Days));
            var areas = store.Causes(run.Id, l, parsed.GetValue(area)).GroupBy(c => c.Area).Select(g => new
            {
                area = g.Key,
                pupils_explained = g.First().Rows,
                drivers = g.OrderByDescending(c => c.MeanAbs).Select(c => new { feature = c.Feature, mean_abs = c.MeanAbs, mean_signed = c.MeanSigned }),
                absence_days_by_code = codes.GetValueOrDefault(g.Key),
            }).ToList();
            var result = new { run = run.Id, model = run.ModelVersion, cohort = run.Cohort, level = l, areas };
            if (parsed.IsJson()) CliApp.WriteJson(result);
            else foreach (var a in areas)
                    Console.Out.WriteLine($"{a.area}: " + string.Join(", ", a.drivers.Take(4).Select(d => $"{d.feature} {d.mean_abs:F3} ({d.mean_signed:+0.000;-0.000})")));
            return CliApp.Ok;
        });
        return command;
    }
}

/// <summary><c>basira edu case …</c>: the intervention case log, acting as a named account (its role and scope apply).</summary>
internal static partial class EduCommands
{
    private static Command CaseCommands()
    {
        var group = new Command("case", "intervention case log: assign an action to a proposed pupil, follow up, record the outcome (as a named account, its scope applies)");
        var actions = string.Join(", ", CaseCodes.Actions);
        var outcomes = string.Join(", ", CaseCodes.Outcomes);

        Command Make(string name, string description, Func<ParseResult, Governance.Access.Principal, InterventionCaseService, string, object?> act, params Option[] extra)
        {
            var connection = CliServices.ConnectionOption();
            var user = CliOptions.Text("--as", "USER", "account acting (its role and scope decide what it may see and change)", required: true);
            var decision = CliOptions.Text("--decision", "ID", "the decision of the proposed pupil", required: name != "list");
            var command = new Command(name, description) { connection, user };
            if (name != "list") command.Options.Add(decision);
            foreach (var o in extra) command.Options.Add(o);
            CliApp.SetAction(command, (parsed, ct) =>
            {
                using var sp = CliServices.Build(parsed.DataDir(), parsed.GetValue(connection));
                var account = sp.GetRequiredService<Governance.Access.UserStore>().Find(parsed.GetRequiredValue(user))
                    ?? throw new CliUsageException($"no account named '{parsed.GetValue(user)}'");
                try
                {
                    var result = act(parsed, account.ToPrincipal(), sp.GetRequiredService<InterventionCaseService>(), parsed.GetValue(decision) ?? "");
                    if (result is null)
                    {
                        Console.Error.WriteLine($"basira edu case {name}: not found (no such decision in this account's scope, or no case)");
                        return CliApp.Failure;
                    }
                    CliApp.WriteJson(result);
                    return CliApp.Ok;
                }
                catch (UnauthorizedAccessException e)
                {
                    Console.Error.WriteLine($"basira edu case {name}: not allowed: {e.Message}");
                    return CliApp.Failure;
                }
                catch (Governance.Objections.WorkflowException e)
                {
                    Console.Error.WriteLine($"basira edu case {name}: {e.Message}");
                    return CliApp.Failure;
                }
            });
            return command;
        }

        var action = CliOptions.Text("--action", "ACTION", $"the action: {actions}", required: true);
        var note = CliOptions.Text("--note", "TEXT", "what was done or agreed (kept with the case, not in the audit log)");
        group.Subcommands.Add(Make("open", $"open a case on a proposed pupil's decision with an action ({actions})",
            (p, who, svc, id) => svc.Open(who, id, p.GetRequiredValue(action), p.GetValue(note)), action, note));
        var followNote = CliOptions.Text("--note", "TEXT", "what was done (required)", required: true);
        var newAction = CliOptions.Text("--action", "ACTION", $"change the action ({actions})");
        group.Subcommands.Add(Make("follow-up", "record a follow-up on the decision's active case (optionally changing its action)",
            (p, who, svc, id) => svc.FollowUp(who, id, p.GetRequiredValue(followNote), p.GetValue(newAction)), followNote, newAction));
        var outcome = CliOptions.Text("--outcome", "OUTCOME", $"how it ended: {outcomes}", required: true);
        var closeNote = CliOptions.Text("--note", "TEXT", "a closing note");
        group.Subcommands.Add(Make("close", $"close the decision's active case with its outcome ({outcomes})",
            (p, who, svc, id) => svc.Close(who, id, p.GetRequiredValue(outcome), p.GetValue(closeNote)), outcome, closeNote));
        var school = CliOptions.Text("--school", "ID", "one school's cases");
        group.Subcommands.Add(Make("list", "the cases the account may see (its scope), newest first", (p, who, svc, _) => svc.List(who, p.GetValue(school)), school));
        return group;
    }
}
