using Basira.Analytics.Tabular;
using Basira.Education.Warning;
using Basira.Governance;
using Basira.Governance.Access;
using Basira.Governance.Audit;
using Basira.Governance.Decisions;
using Basira.Governance.Models;
using Basira.Governance.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Education.Tests.Warning;

/// <summary>The national early warning end to end on one store: train on last year, run on this year, read it back.</summary>
public abstract class NationalWarningContract : IDisposable
{
    protected readonly string Dir = Directory.CreateTempSubdirectory("basira-warn-").FullName;
    private ServiceProvider? _sp;

    protected abstract string? ConnectionString { get; }

    protected ServiceProvider Services => _sp ??= Build();

    private ServiceProvider Build()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Basira:DataDir"] = Dir,
            ["Basira:PseudonymKey"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
            ["ConnectionStrings:Basira"] = ConnectionString,
        }).Build();
        var s = new ServiceCollection();
        s.AddGovernanceModule(config);
        s.AddEducationModule(config);
        return s.BuildServiceProvider();
    }

    /// <summary>A small, quick national model.</summary>
    internal static readonly ScaleTrainOptions Small = new()
    {
        Target = "dropped_out",
        Positive = "yes",
        HyperParameters = ScaleTrainOptions.NationalDefaults with { Iterations = 60, MinDataPerLeaf = 30 },
        CalibrationShare = 0.2,
    };

    [Fact]
    public void A_national_run_proposes_within_each_schools_capacity_and_records_explained_decisions_with_their_audit()
    {
        var svc = Services.GetRequiredService<NationalWarningService>();
        var store = Services.GetRequiredService<WarningStore>();
        var decisions = Services.GetRequiredService<DecisionStore>();
        var audit = Services.GetRequiredService<AuditLog>();

        var train = svc.Train(WarningTestData.Pupils(36, 150, seed: 1), "2024-2025", "test", Small);
        Assert.Equal(36 * 150, train.TrainingRows + train.HoldoutRows);
        Assert.InRange(train.HoldoutAuc, 0.75, 1);
        var rec = Services.GetRequiredService<ModelStore>().InUse(NationalWarningAlgorithm.Id)!;
        Assert.Equal(train.Version, rec.Version);
        Assert.Equal(WarningFeatures.Names, rec.Facts.Features);
        Assert.Equal("2024-2025: last year's pupils with known outcomes, " + train.TrainingRows + " pupils to learn from (seed 42)", rec.Facts.TrainingData);

        var run = svc.Run(WarningTestData.Pupils(36, 150, seed: 2, prefix: "Q"), "test", new WarningRunOptions { Cohort = "2025-2026", CapacityShare = 0.08, Threshold = 0.05 });
        Assert.Equal(36 * 150, run.Pupils);
        Assert.Equal(36, run.Schools);
        Assert.True(run.Proposed > 0);
        Assert.True(run.MaxAdditivityError < 1e-9, $"additivity {run.MaxAdditivityError}");
        Assert.NotNull(run.Overall.Auc);
        Assert.InRange(run.Overall.Auc!.Value, 0.7, 1);
        Assert.InRange(run.Overall.Ece!.Value, 0, 0.1);
        Assert.Equal(run.Overall.ProposedDropouts!.Value / (double)run.Proposed, run.Overall.PrecisionAtK!.Value, 12);
        Assert.Equal(run.Overall.ProposedDropouts!.Value / (double)run.Overall.Dropouts!.Value, run.Overall.Recall!.Value, 12);
        Assert.Equal(["milieu", "milieu|region", "province", "region", "sex", "sex|milieu", "sex|region"], run.ByGroup.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(run.Pupils, run.ByGroup["sex|milieu"].Values.Sum(g => g.Pupils));
        Assert.Equal(run.Proposed, run.ByGroup["region"].Values.Sum(g => g.Proposed));

        // Every school's list: at most ceil(8 % of 150) = 12, ranks 1..k by decreasing risk, all at or above the threshold.
        var all = decisions.List(Principal.System, NationalWarningAlgorithm.Id, limit: 100_000);
        Assert.Equal(run.Proposed, all.Count);
        foreach (var school in all.GroupBy(d => d.Scope.Unit))
        {
            var ranked = school.OrderBy(d => d.RankPosition).ToList();
            Assert.True(ranked.Count <= 12);
            Assert.Equal(Enumerable.Range(1, ranked.Count).Select(i => (long?)i), ranked.Select(d => d.RankPosition));
            Assert.True(ranked.Zip(ranked.Skip(1)).All(p => p.First.Output >= p.Second.Output));
            Assert.All(ranked, d => Assert.True(d.Output >= 0.05));
            var proposals = store.Proposals(run.RunId, school.Key!);
            Assert.Equal(ranked.Select(d => d.Id), proposals.Select(p => p.DecisionId));
        }
        var d0 = all[0];
        Assert.Equal(WarningFeatures.Names, d0.Inputs.Select(i => i.Feature));
        Assert.Equal(d0.RawScore - d0.Baseline, d0.Contributions.Sum(c => c.Value), 9);
        Assert.DoesNotContain(all, d => d.Subject.StartsWith('Q')); // pseudonymised
        Assert.Equal(["milieu", "region", "sex"], d0.Groups.Keys.Order(StringComparer.Ordinal));

        // The notice of a national decision in the three languages.
        var notices = Services.GetRequiredService<NoticeService>();
        foreach (var lang in new[] { "fr", "ar", "en" })
            Assert.NotNull(notices.Build(Principal.System, d0.Id, "2", lang));

        // The run, its groups, causes and codes are stored; the audit chain and the decisions' content hashes hold.
        var stored = store.LatestRun()!;
        Assert.Equal(run.RunId, stored.Id);
        Assert.Equal(run.Proposed, stored.Proposed);
        Assert.NotEmpty(store.Groups(run.RunId, "sex|milieu"));
        var national = store.Causes(run.RunId, "national");
        Assert.Equal(WarningFeatures.Names.Count, national.Count);
        var top3 = national.OrderByDescending(c => c.MeanAbs).Take(3).Select(c => c.Feature).ToList();
        Assert.Contains("absence_rate", top3);
        Assert.Contains("annual_average", top3);
        Assert.NotEmpty(store.Causes(run.RunId, "province"));
        Assert.Equal(4, store.Causes(run.RunId, "sex_milieu").Select(c => c.Area).Distinct().Count());
        var codes = store.Codes(run.RunId, "national");
        Assert.Equal(WarningFeatures.AbsenceCodes.Order(StringComparer.Ordinal), codes.Select(c => c.Code).Order(StringComparer.Ordinal));
        Assert.Equal(WarningTestData.Pupils(36, 150, seed: 2, prefix: "Q").Sum(p => (long)p.AbsenceDays), codes.Sum(c => c.Days));
        Assert.True(audit.Verify().Intact);
        Assert.True(decisions.VerifyContent().Intact);
        Assert.Contains(audit.Read(0, 100_000), e => e.Action == "warning.run" && e.EntityId == run.RunId);
        Assert.Equal(NationalWarningAlgorithm.Id, Services.GetRequiredService<ModelStore>().LatestAudit(NationalWarningAlgorithm.Id)!.Algorithm);
    }

    [Fact]
    public void A_breached_fairness_limit_raises_a_recorded_and_audited_alert()
    {
        var svc = Services.GetRequiredService<NationalWarningService>();
        var store = Services.GetRequiredService<WarningStore>();
        svc.Train(WarningTestData.Pupils(24, 120, seed: 3), "2024-2025", "test", Small);
        // Selection rates differ between rural and urban pupils: a 0.999 parity limit is breached.
        var run = svc.Run(WarningTestData.Pupils(24, 120, seed: 4, prefix: "R"), "test",
            new WarningRunOptions { Fairness = new FairnessThresholds { MinParityRatio = 0.999 } });
        Assert.Equal("fail", run.FairnessStatus);
        Assert.Contains(run.Alerts, a => a.Attributes == "milieu" && a.Metric == "demographic_parity_ratio" && a.Value < 0.999);
        var alerts = store.Alerts(run.RunId);
        Assert.Equal(run.Alerts.Count, alerts.Count);
        Assert.Equal(run.Alerts.Count, store.LatestRun()!.Alerts);
        var log = Services.GetRequiredService<AuditLog>().Read(0, 100_000);
        Assert.Equal(run.Alerts.Count, log.Count(e => e.Action == "fairness.alert" && e.EntityId == run.RunId));

        // With no outcome known, only selection rates are judged, and the metrics that need outcomes are null.
        var blind = svc.Run(WarningTestData.Pupils(24, 120, seed: 5, withOutcome: false, prefix: "S"), "test");
        Assert.Null(blind.Overall.Auc);
        Assert.Null(blind.Overall.Recall);
        Assert.DoesNotContain(blind.Alerts, a => a.Metric != "demographic_parity_ratio");
    }

    [Fact]
    public void A_school_opens_follows_and_closes_a_case_within_its_scope_and_outcomes_feed_the_next_run()
    {
        var svc = Services.GetRequiredService<NationalWarningService>();
        var cases = Services.GetRequiredService<InterventionCaseService>();
        var decisions = Services.GetRequiredService<DecisionStore>();
        var audit = Services.GetRequiredService<AuditLog>();
        svc.Train(WarningTestData.Pupils(12, 120, seed: 6), "2024-2025", "test", Small);
        svc.Run(WarningTestData.Pupils(12, 120, seed: 7, prefix: "C"), "test", new WarningRunOptions { Threshold = 0.02 });
        var all = decisions.List(Principal.System, NationalWarningAlgorithm.Id, limit: 10_000);
        var d = all.First(x => x.Scope.Unit == "SCH-002");
        var staff = new Principal("u-dir", "directeur2", Roles.SchoolStaff, ScopeKinds.School, "SCH-002", null);
        var otherStaff = new Principal("u-dir5", "directeur5", Roles.SchoolStaff, ScopeKinds.School, "SCH-005", null);
        var analyst = new Principal("u-an", "analyste", Roles.Analyst, ScopeKinds.National, null, null);

        Assert.Null(cases.Open(otherStaff, d.Id, CaseCodes.Tutoring, null)); // another school: not found
        Assert.Throws<UnauthorizedAccessException>(() => cases.Open(analyst, d.Id, CaseCodes.Tutoring, null));
        Assert.Throws<DataInputException>(() => cases.Open(staff, d.Id, "detention", null));
        Assert.Throws<Basira.Governance.Objections.WorkflowException>(() => cases.FollowUp(staff, d.Id, "called the family"));

        var opened = cases.Open(staff, d.Id, CaseCodes.FamilyMeeting, "meeting on Monday")!;
        Assert.Equal(CaseCodes.Open, opened.State);
        Assert.NotNull(opened.RunId);
        Assert.Equal("SCH-002", opened.SchoolId);
        Assert.Throws<Basira.Governance.Objections.WorkflowException>(() => cases.Open(staff, d.Id, CaseCodes.Tutoring, null));
        var followed = cases.FollowUp(staff, d.Id, "tutoring twice a week", CaseCodes.Tutoring)!;
        Assert.Equal((CaseCodes.InProgress, CaseCodes.Tutoring), (followed.State, followed.Action));
        Assert.Throws<DataInputException>(() => cases.Close(staff, d.Id, "fine", null));
        var closed = cases.Close(staff, d.Id, "stayed", "re-enrolled")!;
        Assert.Equal((CaseCodes.Closed, "stayed"), (closed.State, closed.Outcome));
        Assert.Equal(["opened", "action_changed", "closed"], closed.Events.Select(e => e.Kind));

        // Scope of the reads: the school, and the analyst nationally; never another school.
        Assert.Single(cases.List(staff));
        Assert.Empty(cases.List(otherStaff));
        Assert.Single(cases.List(analyst));
        Assert.Null(cases.ForDecision(otherStaff, d.Id));
        Assert.Equal(closed.Id, cases.ForDecision(staff, d.Id)!.Id);

        // Every change is in the hash-chained log (no free-text note there), which stays intact.
        var log = audit.Read(0, 100_000).Where(e => e.Entity == "edu_case" && e.Action.StartsWith("case.", StringComparison.Ordinal)).ToList();
        Assert.Equal(["case.opened", "case.action_changed", "case.closed"], log.Select(e => e.Action));
        Assert.DoesNotContain(log, e => e.Details.Contains("Monday", StringComparison.Ordinal));
        Assert.True(audit.Verify().Intact);

        // The next run reports the interventions' outcomes beside the model's figures.
        var next = svc.Run(WarningTestData.Pupils(12, 120, seed: 8, prefix: "D"), "test");
        Assert.Equal([new InterventionOutcome(CaseCodes.Tutoring, 1, 1, 1, 0, 0)], next.Interventions);
    }

    [Fact]
    public void A_data_error_objection_on_a_national_decision_is_rescored_with_its_exact_explanation_and_the_rectification_kept()
    {
        var svc = Services.GetRequiredService<NationalWarningService>();
        var decisions = Services.GetRequiredService<DecisionStore>();
        var objections = Services.GetRequiredService<Basira.Governance.Objections.ObjectionService>();
        svc.Train(WarningTestData.Pupils(12, 120, seed: 21), "2024-2025", "test", Small);
        svc.Run(WarningTestData.Pupils(12, 120, seed: 22, prefix: "O"), "test", new WarningRunOptions { Threshold = 0.05 });
        var d = decisions.List(Principal.System, NationalWarningAlgorithm.Id, limit: 10_000).OrderByDescending(x => x.Output).First();
        var guardian = new Principal("u-g", "guardian-o", Roles.Citizen, ScopeKinds.Self, null, d.Subject);
        var reviewer = new Principal("u-r", "reviewer-o", Roles.Reviewer, ScopeKinds.Province, d.Scope.Province, null);
        var o = objections.File(guardian, d.Id, Basira.Governance.Objections.ObjectionGrounds.DataError, "the absences were a hospital stay", "web");
        objections.Acknowledge(o.Id);
        objections.StartReview(reviewer, o.Id);

        // A value outside the input's domain is refused; a plausible one re-scores the decision.
        Assert.Throws<DataInputException>(() => svc.Rescore(d, new Dictionary<string, string?> { ["absence_rate"] = "1.7" }));
        var fix = new Dictionary<string, string?> { ["absence_rate"] = "0", ["unjustified_share"] = "0" };
        var r = svc.Rescore(d, fix);
        Assert.True(r.Probability < d.Output, $"{r.Probability} vs {d.Output}");
        Assert.Equal(r.RawScore - r.Baseline, r.Contributions.Sum(c => c.Value), 9);
        objections.Decide(reviewer, o.Id, Basira.Governance.Objections.ReviewOutcomes.Modified, "certificate seen", fix);

        var rectified = decisions.AsRectified(decisions.Get(Principal.System, d.Id)!);
        Assert.Equal("0", rectified.Inputs.Single(i => i.Feature == "absence_rate").Value);
        Assert.Equal(r.Probability, rectified.Output, 12);
        var log = Services.GetRequiredService<AuditLog>().Read(0, 100_000);
        Assert.Contains(log, e => e.Action == "personal_data.rectified" && e.Subject == d.Subject && e.Details == "fields=absence_rate,unjustified_share");
        Assert.True(Services.GetRequiredService<AuditLog>().Verify().Intact);
    }

    [Fact]
    public void A_regional_or_provincial_analyst_reads_the_runs_groups_and_causes_of_their_own_area_only()
    {
        var svc = Services.GetRequiredService<NationalWarningService>();
        var q = Services.GetRequiredService<WarningQueries>();
        svc.Train(WarningTestData.Pupils(12, 120, seed: 31), "2024-2025", "test", Small);
        var run = svc.Run(WarningTestData.Pupils(12, 120, seed: 32, prefix: "R"), "test", new WarningRunOptions { Threshold = 0.05 });
        var national = new Principal("u-n", "analyst", Roles.Analyst, ScopeKinds.National, null, null);
        var aref = new Principal("u-a", "aref", Roles.Analyst, ScopeKinds.Region, "MA-07", null);
        var officer = new Principal("u-p", "officer", Roles.Analyst, ScopeKinds.Province, "MA-07-P1", null);

        // The run's counts: the country for a national analyst, the area otherwise (schools not given).
        var all = q.Runs(national).Single();
        Assert.Equal((run.Pupils, run.Proposed, (long?)run.Schools, (string?)null), (all.Pupils, all.Proposed, all.Schools, all.Area));
        var region = run.ByGroup["region"]["MA-07"];
        Assert.Equal(("MA-07", region.Pupils, region.Proposed, (long?)null), (q.Runs(aref).Single().Area, q.Runs(aref).Single().Pupils, q.Runs(aref).Single().Proposed, q.Runs(aref).Single().Schools));
        Assert.True(region.Pupils < run.Pupils);
        Assert.Equal(run.ByGroup["province"]["MA-07-P1"].Pupils, q.Runs(officer).Single().Pupils);

        // The latest run: no national figure, alert or intervention; only the area's groups.
        var latest = q.Latest(aref)!;
        Assert.Null(latest.Overall);
        Assert.Empty(latest.Alerts);
        Assert.NotEmpty(latest.Groups);
        Assert.All(latest.Groups, g => Assert.Equal("MA-07", g.Attributes == "region" ? g.Key : g.Parent));
        Assert.Equal(["MA-07-P1"], q.Latest(officer)!.Groups.Select(g => g.Key));

        // Causes: the region and its provinces for the AREF, the province for its officer.
        Assert.Equal(["MA-07"], q.Causes(aref, "region").Areas.Select(a => a.Area));
        var provinces = q.Causes(aref, "province").Areas;
        Assert.Equal(4, provinces.Count);
        Assert.All(provinces, a => Assert.Equal("MA-07", a.Parent));
        Assert.Equal(["MA-07-P1"], q.Causes(officer, "province").Areas.Select(a => a.Area));
        Assert.Empty(q.Causes(officer, "region").Areas);
        Assert.Empty(q.Causes(aref, "sex_milieu").Areas);
        Assert.Equal(12, q.Causes(national, "province").Areas.Count);
    }

    [Fact]
    public void Reach_tells_a_level_above_the_scope_from_another_area()
    {
        var national = new Principal("u-n", "analyst", Roles.Analyst, ScopeKinds.National, null, null);
        var aref = new Principal("u-a", "aref", Roles.Analyst, ScopeKinds.Region, "MA-06", null);
        var officer = new Principal("u-p", "officer", Roles.Analyst, ScopeKinds.Province, "MA-CAS", null);
        Assert.Equal(AreaReach.Within, WarningQueries.Reach(national, "sex_milieu", null));
        Assert.Equal(AreaReach.Within, WarningQueries.Reach(national, "province", "MA-AZI"));
        Assert.Equal(AreaReach.Within, WarningQueries.Reach(aref, "region", null));
        Assert.Equal(AreaReach.Within, WarningQueries.Reach(aref, "region", "MA-06"));
        Assert.Equal(AreaReach.Within, WarningQueries.Reach(aref, "province", "MA-MOH"));
        Assert.Equal(AreaReach.Outside, WarningQueries.Reach(aref, "region", "MA-05"));
        Assert.Equal(AreaReach.Outside, WarningQueries.Reach(aref, "province", "MA-AZI"));
        Assert.Equal(AreaReach.LevelBeyond, WarningQueries.Reach(aref, "national", null));
        Assert.Equal(AreaReach.LevelBeyond, WarningQueries.Reach(aref, "sex_milieu", null));
        Assert.Equal(AreaReach.Within, WarningQueries.Reach(officer, "province", "MA-CAS"));
        Assert.Equal(AreaReach.Outside, WarningQueries.Reach(officer, "province", "MA-MOH"));
        Assert.Equal(AreaReach.LevelBeyond, WarningQueries.Reach(officer, "region", "MA-06"));
    }

    public void Dispose()
    {
        _sp?.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteNationalWarningTests : NationalWarningContract
{
    protected override string? ConnectionString => null;

    [Fact]
    public void Ranking_takes_each_schools_capacity_above_the_threshold_and_a_configured_capacity_first()
    {
        var pupils = WarningTestData.Pupils(3, 20, seed: 9, withOutcome: false).ToList();
        var cohort = WarningCohort.Build(pupils, keepCodes: true);
        var risk = Enumerable.Range(0, cohort.Count).Select(i => (i % 20) / 20.0).ToArray(); // 0, 0.05, …, 0.95 in each school
        var (rows, rank) = NationalWarningService.Rank(cohort, risk, new WarningRunOptions { CapacityShare = 0.1, Threshold = 0.5 });
        Assert.Equal(6, rows.Length); // ceil(10 % of 20) = 2 per school
        Assert.Equal([1L, 2, 1, 2, 1, 2], rank);
        Assert.All(rows, i => Assert.True(risk[i] >= 0.9));

        (rows, _) = NationalWarningService.Rank(cohort, risk, new WarningRunOptions
        {
            CapacityShare = 0.5, Threshold = 0.8, SchoolCapacity = new Dictionary<string, int> { ["SCH-001"] = 1 },
        });
        // School 0: 10 within capacity but only 4 at or above 0.8; school 1: its configured capacity 1; school 2: 4.
        Assert.Equal(9, rows.Length);
        Assert.Single(rows, i => cohort.Schools[cohort.SchoolOf(i)].Id == "SCH-001");
    }
}

[Trait("Category", "Db")]
public sealed class PostgresNationalWarningTests : NationalWarningContract, IAsyncLifetime
{
    private readonly Basira.TestSupport.PostgresTestDatabase _pg = new();

    protected override string? ConnectionString => _pg.ConnectionString;

    public Task InitializeAsync() => _pg.InitializeAsync();

    public async Task DisposeAsync()
    {
        Dispose();
        Npgsql.NpgsqlConnection.ClearAllPools();
        await _pg.DisposeAsync();
    }
}
