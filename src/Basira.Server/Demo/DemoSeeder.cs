using Basira.Education.EarlyWarning;
using Basira.Education.Learning;
using Basira.Governance;
using Basira.Governance.Access;
using Basira.Governance.Decisions;
using Basira.Governance.Objections;
using Basira.Synth;

namespace Basira.Server.Demo;

/// <summary>A demo account and its one-time password.</summary>
public sealed record DemoAccount(string Username, string Password, string Role, string Scope, string What);

/// <summary>What the demo created.</summary>
public sealed record DemoReport(IReadOnlyList<DemoAccount> Accounts, TrainReport Training, ScoreReport Scoring, ImportReport Import,
    string ObjectionId, string ObjectionDecisionId, string OpenDecisionId, string DataDir)
{
    /// <summary>The SYNTHETIC national population loaded with the demo (schools, pupils, absences, marks), when one was.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public NationalDemoReport? National { get; init; }

    /// <summary>The national early-warning run on that population, when one was made.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Basira.Education.Warning.WarningRunReport? Warning { get; init; }
    /// <summary>The employment part (<see cref="JobsDemo"/>).</summary>
    public JobsDemoReport? Jobs { get; init; }
}

/// <summary>
/// Seeds a small, plausible, clearly labelled SYNTHETIC school population through the whole dropout slice: last
/// year's cohort (known outcomes) trains the model, this year's cohort is imported (pseudonymised), scored, ranked and
/// explained; demo users are created; a guardian files an objection that a reviewer takes up.
/// </summary>
public static class DemoSeeder
{
    public const ulong HistoricSeed = 20240901, CurrentSeed = 20250901;

    public static async Task SeedIfRequestedAsync(WebApplication app)
    {
        if (!app.Configuration.GetValue("Basira:Demo", false)) return;
        var sp = app.Services;
        if (sp.GetRequiredService<UserStore>().Count() > 0)
        {
            Console.WriteLine("Basira demo: already seeded (the passwords were printed on the first start).");
            return;
        }
        var report = Seed(sp, null, Console.Error.WriteLine);
        PrintAccounts(report, Console.Out);
        await Task.CompletedTask;
    }

    public static void PrintAccounts(DemoReport r, TextWriter w)
    {
        w.WriteLine();
        w.WriteLine("Basira demo — SYNTHETIC data (no real person). Accounts (passwords shown once, keep them):");
        foreach (var a in r.Accounts) w.WriteLine($"  {a.Username,-14} {a.Password,-18} {a.Role,-13} {a.Scope,-24} {a.What}");
        w.WriteLine($"  model {r.Training.Version}: hold-out AUC {r.Training.HoldoutAuc:0.000}, fairness {r.Training.FairnessStatus}; {r.Scoring.Flagged} pupils proposed for support in {r.Scoring.Schools} schools");
        w.WriteLine($"  objection under review: {r.ObjectionId} on decision {r.ObjectionDecisionId}");
        if (r.Warning is { } nw)
            w.WriteLine($"  national early warning {nw.RunId}: {nw.Proposed} of {nw.Pupils} pupils proposed in {nw.Schools} schools, fairness {nw.FairnessStatus} ({nw.Alerts.Count} alert(s))");
        w.WriteLine();
    }

    /// <summary>
    /// Runs the whole seeding. <paramref name="passwordFor"/> gives fixed passwords in tests; null generates them.
    /// <paramref name="pupils"/> sizes the dropout slice's two cohorts; <paramref name="nationalPupils"/> the SYNTHETIC
    /// national population (schools, pupils, a year of absences and marks) behind the absenteeism pages (0: none).
    /// </summary>
    public static DemoReport Seed(IServiceProvider sp, Func<string, string>? passwordFor, Action<string> log, int pupils = 3000,
        long nationalPupils = NationalDemo.DefaultPupils, ulong nationalSeed = Basira.Synth.National.NationalOptions.DefaultSeed)
    {
        var options = sp.GetRequiredService<BasiraOptions>();
        var ews = sp.GetRequiredService<EarlyWarningService>();
        var users = sp.GetRequiredService<UserStore>();
        var decisions = sp.GetRequiredService<DecisionStore>();
        var objections = sp.GetRequiredService<ObjectionService>();
        var dir = Path.Combine(options.DataDir, "demo");
        Directory.CreateDirectory(dir);

        log("demo: generating two synthetic cohorts (last year with outcomes, this year to score)");
        var historic = Path.Combine(dir, "pupils-2024-2025-synthetic.csv");
        var current = Path.Combine(dir, "pupils-2025-2026-synthetic.csv");
        SchoolPopulationCsv.WriteCsv(SchoolPopulationGenerator.Generate(new SynthOptions { Seed = HistoricSeed, PupilCount = pupils }), historic);
        SchoolPopulationCsv.WriteCsv(SchoolPopulationGenerator.Generate(new SynthOptions { Seed = CurrentSeed, PupilCount = pupils }), current);

        log("demo: training the early-warning model on last year's cohort");
        var training = ews.Train(historic, "demo", log: log);
        log($"demo: model {training.Version}, hold-out AUC {training.HoldoutAuc:0.000}, fairness audit {training.FairnessStatus}");
        log("demo: importing and scoring this year's cohort");
        var import = ews.ImportPupils(current, "2025-2026", "demo");
        var scoring = ews.ScoreAll("demo");
        log($"demo: {scoring.Flagged} decisions recorded (max additivity error {scoring.MaxAdditivityError:0.0e0})");

        var all = decisions.List(Principal.System, DropoutAlgorithm.Id, "flagged", limit: 100_000);
        var school = all.GroupBy(d => d.Scope.Unit!).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First();
        var first = school.OrderBy(d => d.RankPosition).First();
        var second = school.OrderBy(d => d.RankPosition).Skip(1).First();
        string Pw(string u) => passwordFor?.Invoke(u) ?? UserStore.GeneratePassword();
        var accounts = new List<DemoAccount>();
        void Add(string username, string display, string role, string scopeKind, string? scopeValue, string? subject, string what)
        {
            var pw = Pw(username);
            users.Create(username, display, pw, role, scopeKind, scopeValue, subject, "demo");
            accounts.Add(new DemoAccount(username, pw, role, $"{scopeKind}:{scopeValue}", what));
        }
        Add("admin", "Administrateur", Roles.Admin, ScopeKinds.National, null, null, "everything");
        Add("analyste", "Analyste national", Roles.Analyst, ScopeKinds.National, null, null, "decisions and audits, national");
        Add("directeur", "Direction de l'établissement", Roles.SchoolStaff, ScopeKinds.School, school.Key, null, $"the ranked list of school {school.Key}");
        Add("reviseur", "Réviseur des oppositions", Roles.Reviewer, ScopeKinds.Province, first.Scope.Province, null, $"objections in {first.Scope.Province}");
        Add("auditeur", "Auditeur", Roles.Auditor, ScopeKinds.National, null, null, "register, fairness audits, audit log");
        Add("tuteur1", "Tuteur légal (élève 1)", Roles.Citizen, ScopeKinds.Self, null, first.Subject, "guardian: notice + objection under review");
        Add("tuteur2", "Tuteur légal (élève 2)", Roles.Citizen, ScopeKinds.Self, null, second.Subject, "guardian: notice, no objection yet");
        // Learning paths (SYNTHETIC): a class of the same school, its teacher, pupils with answer logs, one pupil account.
        Add("enseignant", "Enseignant·e (3e année A)", Roles.Teacher, ScopeKinds.School, school.Key, null, "learning paths: the class view of class 3A");
        var pupilsOfClass = LearningDemo.Seed(sp.GetRequiredService<LearningService>(),
            new LearningClass("CLASS-3A", "3e année A", school.Key, first.Scope.Province, first.Scope.Region, users.Find("enseignant")!.Id, 3));
        Add("eleve1", "Élève (parcours d'apprentissage)", Roles.Citizen, ScopeKinds.Self, null, pupilsOfClass[0], "pupil: own learning path and next exercise");
        log($"demo: learning paths: class CLASS-3A with {pupilsOfClass.Count} pupils");

        var guardian = users.Find("tuteur1")!.ToPrincipal();
        var o = objections.File(guardian, first.Id, ObjectionGrounds.DataError,
            "Les absences comptées incluent deux semaines d'hospitalisation justifiées par certificat médical.", "web");
        objections.Acknowledge(o.Id);
        objections.StartReview(users.Find("reviseur")!.ToPrincipal(), o.Id);
        log($"demo: objection {o.Id} under human review");
        var jobs = JobsDemo.Seed(sp, log, Add);

        // Energy: the demo mini-grid (two villages, undersized on purpose) dispatched by load following; each meter and day
        // shed is a governed decision, read by the mini-grid's operator (scope mini_grid) and by each household's meter.
        var grid = Basira.Energy.MiniGrids.DemoMiniGrid.Value;
        var dispatch = Basira.Energy.MiniGrids.Dispatch.DispatchRun.Run(grid, new Basira.Energy.MiniGrids.Dispatch.LoadFollowingController(), testWindow: false);
        var shed = sp.GetRequiredService<Basira.Energy.MiniGrids.Shedding.SheddingService>().Run(grid, dispatch,
            Basira.Energy.MiniGrids.Shedding.FairnessRule.MaxMin, "demo", record: true, "MA-08", "MA-OUA");
        log($"demo: mini-grid {grid.Name}: {shed.DecisionsRecorded} curtailment decisions, audit across villages {shed.AuditStatus}");
        Add("exploitant", "Exploitant du mini-réseau", Roles.GridOperator, ScopeKinds.MiniGrid, grid.Name, null,
            $"mini-grid {grid.Name}: dispatch, capacity plan, forecasts and its {shed.DecisionsRecorded} curtailment decisions");
        NationalDemoReport? national = null;
        if (nationalPupils > 0)
            national = NationalDemo.Load(sp.GetRequiredService<Basira.Education.National.NationalEducation>(),
                new Basira.Synth.National.NationalOptions { Pupils = nationalPupils, Seed = nationalSeed }, log);
        var warning = national is null ? null : NationalWarningDemo.Run(sp, log);
        if (warning is { } w)
        {
            Add("directeur-national", "Direction (établissement synthétique)", Roles.SchoolStaff, ScopeKinds.School, w.School, null,
                $"the national early-warning list of school {w.School}");
            // The AREF of that school's region and the officer of its province: the same dashboards, their area only.
            if (sp.GetRequiredService<Basira.Education.National.NationalEducation>().SchoolArea(w.School) is { } area)
            {
                Add("analyste-aref", "Analyste AREF (région)", Roles.Analyst, ScopeKinds.Region, area.Region, null,
                    $"absenteeism and early-warning aggregates of region {area.Region}, no pupil");
                Add("analyste-province", "Analyste de la direction provinciale", Roles.Analyst, ScopeKinds.Province, area.Province, null,
                    $"absenteeism and early-warning aggregates of province {area.Province}, no pupil");
            }
        }
        return new DemoReport(accounts, training, scoring, import, o.Id, first.Id, second.Id, options.DataDir) { National = national, Warning = warning?.Run, Jobs = jobs };
    }
}
