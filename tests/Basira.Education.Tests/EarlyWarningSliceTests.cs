using System.Text;
using Basira.Education.EarlyWarning;
using Basira.Governance;
using Basira.Governance.Access;
using Basira.Governance.Audit;
using Basira.Governance.Decisions;
using Basira.Governance.Models;
using Basira.Governance.Objections;
using Basira.Synth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Education.Tests;

/// <summary>The dropout slice end to end on one store: train, import, score, explain, audit, object, re-score.</summary>
public abstract class EarlyWarningSliceContract : IDisposable
{
    protected readonly string Dir = Directory.CreateTempSubdirectory("basira-edu-").FullName;
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

    protected (string Historic, string Current) WriteCohorts(int pupils = 1200)
    {
        var historic = Path.Combine(Dir, "historic.csv");
        var current = Path.Combine(Dir, "current.csv");
        SchoolPopulationCsv.WriteCsv(SchoolPopulationGenerator.Generate(new SynthOptions { Seed = 11, PupilCount = pupils }), historic);
        SchoolPopulationCsv.WriteCsv(SchoolPopulationGenerator.Generate(new SynthOptions { Seed = 12, PupilCount = pupils }), current);
        return (historic, current);
    }

    [Fact]
    public void Slice_trains_scores_explains_and_audits()
    {
        var ews = Services.GetRequiredService<EarlyWarningService>();
        var models = Services.GetRequiredService<ModelStore>();
        var decisions = Services.GetRequiredService<DecisionStore>();
        var (historic, current) = WriteCohorts();

        var train = ews.Train(historic, "test");
        Assert.True(train.HoldoutAuc > 0.75, $"hold-out AUC {train.HoldoutAuc}");
        Assert.Equal(train.ContentHash, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(train.Path))));
        var rec = models.InUse(DropoutAlgorithm.Id)!;
        Assert.Equal(train.Version, rec.Version);
        Assert.DoesNotContain(rec.Facts.Features, f => f is "sex" or "milieu" or "region" or "province" or "pupil_id" or "dropped_out");
        // The model card's parts are stored so the register can phrase them per language; the English sentences too.
        Assert.Equal("historic.csv", rec.Facts.TrainingFile);
        Assert.Equal((long?)train.HoldoutRows, rec.Facts.HoldoutRows);
        Assert.Contains(rec.Facts.LearnerCode!, DropoutAlgorithm.Descriptor.Learners.Keys);
        Assert.Equal($"historic.csv: previous cohort with known outcomes, {train.TrainingRows} pupils (80 % stratified, seed 42)", rec.Facts.TrainingData);
        Assert.Equal($"20 % stratified hold-out of the training cohort (seed 42), {train.HoldoutRows} pupils", rec.Facts.PerformanceProtocol);
        Assert.StartsWith("LightGBM gradient-boosted trees", rec.Facts.Learner);

        var import = ews.ImportPupils(current, "2025-2026", "test");
        Assert.Equal(import.RowsIn, import.RowsAccepted + import.RowsQuarantined);
        Assert.Equal(1200, import.RowsAccepted);

        var score = ews.ScoreAll("test");
        Assert.Equal(1200, score.Scored);
        Assert.True(score.Flagged > 0);
        Assert.True(score.MaxAdditivityError < 1e-6);
        var flagged = decisions.List(Principal.System, DropoutAlgorithm.Id, limit: 10_000);
        Assert.Equal(score.Flagged, flagged.Count);
        foreach (var school in flagged.GroupBy(d => d.Scope.Unit))
        {
            // Ranked 1..k within the school, k within 10 % capacity, every probability above the threshold.
            Assert.Equal(Enumerable.Range(1, school.Count()).Select(i => (long?)i), school.Select(d => d.RankPosition).Order());
            Assert.All(school, d => Assert.True(d.Output >= d.Threshold));
        }
        Assert.All(flagged, d =>
        {
            Assert.Equal(AutomationLevels.ModelRecommendsHumanDecides, d.AutomationLevel);
            Assert.Equal(d.RawScore - d.Baseline, d.Contributions.Sum(c => c.Value), 6);
            Assert.Equal(rec.ContentHash, d.ModelHash);
            Assert.StartsWith("P-", d.Subject);
            // notice field 8: every value carries the date of the import that brought it
            Assert.All(d.Inputs, i => Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), i.AsOf));
        });

        var audit = models.LatestAudit(DropoutAlgorithm.Id)!;
        var report = System.Text.Json.Nodes.JsonNode.Parse(audit.ReportJson)!.AsObject();
        Assert.Equal(["sex", "milieu", "region", "sex|milieu"], report.Select(p => p.Key));
        Assert.Contains(audit.Status, new[] { "pass", "fail", "not_assessable" });
        Assert.True(Services.GetRequiredService<AuditLog>().Verify().Intact);
    }

    [Fact]
    public void Every_flagged_pupil_gets_a_counterfactual_checked_by_the_production_model()
    {
        var ews = Services.GetRequiredService<EarlyWarningService>();
        var decisions = Services.GetRequiredService<DecisionStore>();
        var (historic, current) = WriteCohorts();
        ews.Train(historic, "test");
        ews.ImportPupils(current, "2025-2026", "test");
        ews.ScoreAll("test");
        var flagged = decisions.List(Principal.System, DropoutAlgorithm.Id, limit: 10_000);
        Assert.All(flagged, d => Assert.NotNull(d.Counterfactual));
        var found = flagged.Where(d => d.Counterfactual!.Changes.Count > 0).ToList();
        Assert.True(found.Count >= flagged.Count / 2, $"{found.Count} of {flagged.Count} flagged pupils have a flip");
        foreach (var d in found)
        {
            var cf = d.Counterfactual!;
            Assert.True(cf.Probability < d.Threshold);
            Assert.All(cf.Changes, c => Assert.Contains(c.Feature, new[] { "absence_days", "absence_rate", "grade_average" }));
            double Num(string? v) => double.Parse(v!, System.Globalization.CultureInfo.InvariantCulture);
            foreach (var c in cf.Changes)
                if (c.Feature == "grade_average") Assert.True(Num(c.To) > Num(c.From) && Num(c.To) <= 20);
                else Assert.True(Num(c.To) < Num(c.From) && Num(c.To) >= 0);
            // absences move with their rate
            Assert.Equal(cf.Changes.Any(c => c.Feature == "absence_days"), cf.Changes.Any(c => c.Feature == "absence_rate"));
        }
        // The stored probability is what the production model gives for the changed inputs (re-scored independently here).
        foreach (var d in found.Take(5))
        {
            var r = ews.Rescore(d, d.Counterfactual!.Changes.ToDictionary(c => c.Feature, c => (string?)c.To));
            Assert.Equal(d.Counterfactual.Probability, r.Probability, 9);
            Assert.Equal("not_flagged", r.Outcome);
        }
    }

    [Fact]
    public void A_data_error_objection_rescores_with_the_rectified_value()
    {
        var ews = Services.GetRequiredService<EarlyWarningService>();
        var decisions = Services.GetRequiredService<DecisionStore>();
        var objections = Services.GetRequiredService<ObjectionService>();
        var (historic, current) = WriteCohorts();
        ews.Train(historic, "test");
        ews.ImportPupils(current, "2025-2026", "test");
        ews.ScoreAll("test");
        var d = decisions.List(Principal.System, DropoutAlgorithm.Id, limit: 10_000)
            .Where(x => x.Contributions.Single(c => c.Feature == "absence_days").Value > 0.2).OrderByDescending(x => x.Output).First();

        var guardian = new Principal("g", "guardian", Roles.Citizen, ScopeKinds.Self, null, d.Subject);
        var reviewer = new Principal("r", "reviewer", Roles.Reviewer, ScopeKinds.Province, d.Scope.Province, null);
        var o = objections.Acknowledge(objections.File(guardian, d.Id, ObjectionGrounds.DataError, "Absences were medical.").Id);
        objections.StartReview(reviewer, o.Id);
        objections.Decide(reviewer, o.Id, ReviewOutcomes.Modified, "Certificate checked.",
            new Dictionary<string, string?> { ["absence_days"] = "0", ["absence_rate"] = "0" });

        var revisions = decisions.Revisions(d.Id);
        Assert.Equal([RevisionKinds.Rescored, RevisionKinds.ReviewOutcome], revisions.Select(r => r.Kind));
        var details = System.Text.Json.Nodes.JsonNode.Parse(revisions[0].DetailsJson)!;
        Assert.True(details["new_probability"]!.GetValue<double>() < details["old_probability"]!.GetValue<double>());
        var newContribs = details["new_contributions"]!.AsArray().Sum(c => c!["value"]!.GetValue<double>());
        Assert.Equal(details["new_raw_score"]!.GetValue<double>() - details["baseline"]!.GetValue<double>(), newContribs, 6);
        Assert.Equal(revisions[0].Outcome, decisions.CurrentOutcome(d));
        // The rectified data are stored by the reviewer's decide step (one transaction), not by a separate "system" write.
        var audit = Services.GetRequiredService<Basira.Governance.Audit.AuditLog>().Read(limit: 100_000);
        var rectified = Assert.Single(audit, e => e.Action == "personal_data.rectified" && e.Subject == d.Subject);
        Assert.Equal("reviewer", rectified.Actor);
        var decided = Assert.Single(audit, e => e.Action == "objection.decided" && e.EntityId == o.Id);
        Assert.True(rectified.Seq < decided.Seq && decided.Seq - rectified.Seq <= 3); // within the decide transaction's entries

        // The notice now shows the rectified values, dated today, with their exact contributions; not the stale ones.
        var notices = Services.GetRequiredService<Basira.Governance.Web.NoticeService>();
        var admin = new Principal("admin", "admin", Roles.Admin, ScopeKinds.National, null, null);
        var n = notices.Build(admin, d.Id, "L2", "en")!;
        var absences = n.DataUsed!.Single(f => f.Feature == "absence_days");
        Assert.Equal("0", absences.Value);
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), absences.AsOf);
        Assert.Equal(details["new_raw_score"]!.GetValue<double>(), n.ParametersApplied!.RawScore, 12);
        Assert.Equal(n.ParametersApplied.RawScore - n.ParametersApplied.Baseline, n.ParametersApplied.SumOfContributions, 6);
        Assert.Null(n.Counterfactual); // computed for the old values: not shown for the new ones
        Assert.Equal(decisions.CurrentOutcome(d) != d.Outcome, n.DecisionOutcome.Contains("after human review", StringComparison.Ordinal));
    }

    [Fact]
    public void A_rectified_value_is_checked_and_a_corrected_absence_count_moves_its_rate()
    {
        var ews = Services.GetRequiredService<EarlyWarningService>();
        var decisions = Services.GetRequiredService<DecisionStore>();
        var objections = Services.GetRequiredService<ObjectionService>();
        var (historic, current) = WriteCohorts(800);
        ews.Train(historic, "test");
        ews.ImportPupils(current, "2025-2026", "test");
        ews.ScoreAll("test");
        var d = decisions.List(Principal.System, DropoutAlgorithm.Id, limit: 10_000)
            .First(x => double.Parse(x.Inputs.Single(i => i.Feature == "absence_days").Value!, System.Globalization.CultureInfo.InvariantCulture) >= 6);
        var days = double.Parse(d.Inputs.Single(i => i.Feature == "absence_days").Value!, System.Globalization.CultureInfo.InvariantCulture);
        var rate = double.Parse(d.Inputs.Single(i => i.Feature == "absence_rate").Value!, System.Globalization.CultureInfo.InvariantCulture);
        var guardian = new Principal("g", "guardian", Roles.Citizen, ScopeKinds.Self, null, d.Subject);
        var reviewer = new Principal("r", "reviewer", Roles.Reviewer, ScopeKinds.Province, d.Scope.Province, null);
        var o = objections.Acknowledge(objections.File(guardian, d.Id, ObjectionGrounds.DataError, "Two weeks in hospital.").Id);
        objections.StartReview(reviewer, o.Id);

        // out of range, not a whole number, an unknown category, not an input: refused, and nothing is written
        foreach (var (field, value, message) in new[]
        {
            ("absence_days", "-50", "plausible range"), ("absence_days", "2.5", "whole number"), ("grade_average", "27", "plausible range"),
            ("transport", "helicopter", "not a known value"), ("sex", "F", "not a model input"), ("absence_days", "400", "plausible range"),
        })
        {
            var e = Assert.Throws<DataInputException>(() => objections.Decide(reviewer, o.Id, ReviewOutcomes.Modified, "x",
                new Dictionary<string, string?> { [field] = value }));
            Assert.Equal(field, e.Field);
            Assert.Contains(message, e.Message);
        }
        Assert.Empty(decisions.Revisions(d.Id));

        // absences corrected alone: the rate follows (same term length), both dated today
        var corrected = days - 5;
        objections.Decide(reviewer, o.Id, ReviewOutcomes.Modified, "Certificate checked.",
            new Dictionary<string, string?> { ["absence_days"] = corrected.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var details = System.Text.Json.Nodes.JsonNode.Parse(decisions.Revisions(d.Id)[0].DetailsJson)!;
        var newInputs = details["new_inputs"]!.AsArray().ToDictionary(i => i!["feature"]!.GetValue<string>(), i => i!);
        var newRate = double.Parse(newInputs["absence_rate"]!["value"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(rate * corrected / days, newRate, 3);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(today, newInputs["absence_rate"]!["asOf"]!.GetValue<string>());
        Assert.Equal(today, newInputs["absence_days"]!["asOf"]!.GetValue<string>());
    }

    [Fact]
    public void A_tampered_model_file_is_refused()
    {
        var ews = Services.GetRequiredService<EarlyWarningService>();
        var (historic, current) = WriteCohorts(800);
        var train = ews.Train(historic, "test");
        ews.ImportPupils(current, "2025-2026", "test");
        File.AppendAllText(train.Path, "x");
        var ex = Assert.Throws<InvalidOperationException>(() => ews.ScoreAll("test"));
        Assert.Contains("does not match its registered hash", ex.Message);
    }

    public virtual void Dispose()
    {
        _sp?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Dir, true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteEarlyWarningSliceTests : EarlyWarningSliceContract
{
    protected override string? ConnectionString => null;

    [Fact]
    public void Import_pseudonymises_identifiers_and_drops_names()
    {
        var ews = Services.GetRequiredService<EarlyWarningService>();
        var (_, current) = WriteCohorts(300);
        ews.ImportPupils(current, "2025-2026", "test");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var lines = File.ReadAllLines(current).Skip(1).Select(l => l.Split(',')).ToList();
        var db = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(Dir, "basira.db")))
            + (File.Exists(Path.Combine(Dir, "basira.db-wal")) ? Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(Dir, "basira.db-wal"))) : "");
        Assert.All(lines.Take(50), l =>
        {
            Assert.DoesNotContain(l[0], db);             // SYN-000123
            Assert.DoesNotContain($"\"{l[1]}\"", db);    // first name as a stored value
            Assert.DoesNotContain($"\"{l[2]}\"", db);    // family name
        });
    }

    [Fact]
    public void Bad_rows_are_quarantined_with_their_line_and_nothing_is_lost()
    {
        var ews = Services.GetRequiredService<EarlyWarningService>();
        var (_, current) = WriteCohorts(100);
        var lines = File.ReadAllLines(current).ToList();
        lines[5] = string.Join(',', lines[5].Split(',').Take(10)); // ragged
        lines[9] = "," + string.Join(',', lines[9].Split(',').Skip(1)); // no pupil identifier
        File.WriteAllLines(current, lines);
        var r = ews.ImportPupils(current, "2025-2026", "test");
        Assert.Equal(100, r.RowsIn);
        Assert.Equal(98, r.RowsAccepted);
        Assert.Equal(2, r.RowsQuarantined);
        Assert.Equal([6L, 10L], r.Quarantined.Select(q => q.Line));
        Assert.Equal("pupil_id", r.Quarantined[1].Field);
    }

    [Fact]
    public void A_file_without_the_identifier_column_is_bad_input()
    {
        var ews = Services.GetRequiredService<EarlyWarningService>();
        var path = Path.Combine(Dir, "bad.csv");
        File.WriteAllText(path, "name,school_id,province,region,milieu,sex\nA,S,P,R,urbain,F\n");
        var ex = Assert.Throws<DataInputException>(() => ews.ImportPupils(path, "x", "test"));
        Assert.Contains("pupil_id", ex.Message);
        Assert.Contains("bad.csv", ex.Message);
    }
}

[Trait("Category", "Db")]
public sealed class PostgresEarlyWarningSliceTests : EarlyWarningSliceContract, IAsyncLifetime
{
    private readonly Basira.TestSupport.PostgresTestDatabase _pg = new();

    protected override string? ConnectionString => _pg.ConnectionString;

    public Task InitializeAsync() => _pg.InitializeAsync();

    public async Task DisposeAsync()
    {
        base.Dispose();
        Npgsql.NpgsqlConnection.ClearAllPools();
        await _pg.DisposeAsync();
    }

    public override void Dispose() { }
}
