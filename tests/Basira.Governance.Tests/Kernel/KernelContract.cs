using Basira.Governance.Access;
using Basira.Governance.Decisions;
using Basira.Governance.Objections;
using Basira.Governance.Storage;

namespace Basira.Governance.Tests.Kernel;

/// <summary>
/// The behaviour of the governance kernel, run unchanged against SQLite and PostgreSQL (one subclass each).
/// </summary>
public abstract partial class KernelContract
{
    protected abstract BasiraDatabase Database { get; }

    private Kernel? _kernel;
    private readonly FakeRescorer _rescorer = new();
    protected Kernel K => _kernel ??= new Kernel(Database, [_rescorer]);

    [Fact]
    public void Migrations_are_recorded_once_and_reapplying_is_a_no_op()
    {
        Migrations.Apply(Database);
        Migrations.Apply(Database);
        Assert.Equal(4, Migrations.CurrentVersion(Database));
    }

    [Theory]
    [InlineData("UPDATE audit_log SET details = 'x' WHERE seq = 1", "audit_log")]
    [InlineData("DELETE FROM audit_log WHERE seq = 1", "audit_log")]
    [InlineData("UPDATE decisions SET outcome = 'not_flagged'", "decisions")]
    [InlineData("DELETE FROM decisions", "decisions")]
    [InlineData("DELETE FROM decision_revisions", "decision_revisions")]
    public void The_store_itself_refuses_to_change_or_delete_append_only_rows(string sql, string table)
    {
        var d = K.NewDecision();
        K.Decisions.Record([d], "test");
        Assert.NotNull(K.Decisions.RecordHumanDecision(Kernel.Staff, d.Id, confirm: true, "seen the pupil"));
        using var c = Database.OpenConnection();
        var ex = Assert.ThrowsAny<System.Data.Common.DbException>(() => c.Execute(null, sql));
        Assert.Contains($"{table} is append-only", ex.Message);
        Assert.Equal(1L, Convert.ToInt64(c.Scalar(null, "SELECT COUNT(*) FROM decisions"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(K.Audit.Verify().Intact);
    }

    [Fact]
    public void A_store_with_rows_from_before_the_guards_is_upgraded_in_place()
    {
        var d = K.NewDecision();
        K.Decisions.Record([d], "test");
        // Take the store back to governance:1 (no guards, no counterfactual column), rows kept.
        DropAppendOnlyGuards();
        using (var c = Database.OpenConnection())
        {
            if (Database.Kind == StoreKind.PostgreSql) c.Execute(null, "DROP FUNCTION basira_append_only()");
            c.Execute(null, "ALTER TABLE decisions DROP COLUMN counterfactual_json");
            c.Execute(null, "DROP TABLE sign_in_throttle");
            c.Execute(null, "DROP TABLE sessions");
            c.Execute(null, "DELETE FROM schema_migrations WHERE id IN ('governance:2', 'governance:3', 'governance:4')");
        }
        Assert.Equal(1, Migrations.CurrentVersion(Database));

        Migrations.Apply(Database);
        Assert.Equal(4, Migrations.CurrentVersion(Database));
        var back = K.Decisions.Get(Principal.System, d.Id)!;
        Assert.Equal(d.Outcome, back.Outcome);
        Assert.Null(back.Counterfactual);
        using (var c = Database.OpenConnection())
            Assert.Contains("append-only", Assert.ThrowsAny<System.Data.Common.DbException>(() => c.Execute(null, "DELETE FROM decisions")).Message);
        Assert.True(K.Audit.Verify().Intact);
    }

    /// <summary>What an attacker with DDL rights on the store would do first; the hash chain still catches the change.</summary>
    private void DropAppendOnlyGuards()
    {
        using var c = Database.OpenConnection();
        foreach (var t in Migrations.AppendOnlyTables)
        {
            if (Database.Kind == StoreKind.PostgreSql)
            {
                c.Execute(null, $"DROP TRIGGER {t}_append_only ON {t}");
                c.Execute(null, $"DROP TRIGGER {t}_no_truncate ON {t}");
            }
            else
            {
                c.Execute(null, $"DROP TRIGGER {t}_no_update");
                c.Execute(null, $"DROP TRIGGER {t}_no_delete");
            }
        }
    }

    private Audit.IntegrityVerifier Verifier => new(K.Audit, K.Decisions);

    [Fact]
    public async Task Two_transactions_that_would_skew_each_other_both_commit_in_a_serial_order()
    {
        using (var c = Database.OpenConnection()) c.Execute(null, "CREATE TABLE tx_probe (n INTEGER NOT NULL)");
        using var bothRead = new Barrier(2);
        int Count(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx) =>
            Convert.ToInt32(c.Scalar(tx, "SELECT COUNT(*) FROM tx_probe"), System.Globalization.CultureInfo.InvariantCulture);
        var attempts = 0;
        void Writer()
        {
            var first = true;
            Database.InTransaction((c, tx) =>
            {
                Interlocked.Increment(ref attempts);
                var n = Count(c, tx);
                // both read before either writes (PostgreSQL); SQLite's IMMEDIATE transactions cannot overlap, so the wait ends by timeout
                if (first) { first = false; bothRead.SignalAndWait(TimeSpan.FromSeconds(2)); }
                c.Execute(tx, "INSERT INTO tx_probe (n) VALUES (@n)", ("@n", n));
            });
        }
        await Task.WhenAll(Task.Run(Writer), Task.Run(Writer));
        using var check = Database.OpenConnection();
        // each saw the other's row or none: the counts written are 0 and 1, as in some serial order
        Assert.Equal([0L, 1L], check.Query(null, "SELECT n FROM tx_probe ORDER BY n", r => r.L("n")));
        if (Database.Kind == StoreKind.PostgreSql) Assert.Equal(3, attempts); // one was aborted (40001) and run again
    }

    [Theory]
    [InlineData("altered")]
    [InlineData("deleted")]
    [InlineData("slipped in")]
    public void A_decision_changed_behind_the_guards_is_caught_though_the_chain_is_intact(string attack)
    {
        var decisions = Enumerable.Range(0, 3).Select(i => K.NewDecision($"P-{i}")).ToList();
        K.Decisions.Record(decisions, "tester");
        var clean = Verifier.Verify();
        Assert.True(clean.Intact, clean.Problem);
        Assert.Equal(3, clean.Decisions.Checked);
        DropAppendOnlyGuards();
        var victim = decisions[1].Id;
        using (var c = Database.OpenConnection())
        {
            if (attack == "altered") c.Execute(null, "UPDATE decisions SET output = 0.01, outcome = 'not_flagged' WHERE id = @id", ("@id", victim));
            else if (attack == "deleted") c.Execute(null, "DELETE FROM decisions WHERE id = @id", ("@id", victim));
            else c.Execute(null, """
                INSERT INTO decisions (id, subject, domain, algorithm, model_id, model_version, model_hash, inputs_json, raw_score, baseline,
                  output, threshold, outcome, rank_position, automation_level, decider, scope_region, scope_province, scope_unit, group_json,
                  contributions_json, created_at)
                SELECT 'DEC-FORGED', subject, domain, algorithm, model_id, model_version, model_hash, inputs_json, raw_score, baseline,
                  output, threshold, outcome, rank_position, automation_level, decider, scope_region, scope_province, scope_unit, group_json,
                  contributions_json, created_at FROM decisions WHERE id = @id
                """, ("@id", victim));
        }
        Assert.True(K.Audit.Verify().Intact); // the chain alone sees nothing
        var v = Verifier.Verify();
        Assert.False(v.Intact);
        Assert.Equal(attack == "slipped in" ? "DEC-FORGED" : victim, v.Decisions.FirstBrokenDecision);
        Assert.Contains(attack switch { "altered" => "altered after it was recorded", "deleted" => "missing from the store", _ => "never recorded" }, v.Problem);
    }

    [Fact]
    public void An_anchor_kept_outside_the_store_catches_a_log_cut_back_or_rewritten()
    {
        for (var i = 0; i < 6; i++) K.Audit.Append("tester", "test.event", "thing", $"id-{i}", null, $"n={i}");
        var head = Verifier.Verify();
        Assert.True(head.Intact);
        Assert.Equal(6, head.HeadSeq);
        Assert.True(Verifier.Verify(head.HeadSeq, head.HeadHash).Intact);
        K.Audit.Append("tester", "test.event", "thing", "id-6", null, "n=6");
        Assert.True(Verifier.Verify(head.HeadSeq, head.HeadHash).Intact); // growth is fine
        Assert.Contains("differs from its anchor", Verifier.Verify(head.HeadSeq, new string('0', 64)).Problem);

        // the two last entries removed: the chain that is left is intact, but the anchor is gone
        DropAppendOnlyGuards();
        using (var c = Database.OpenConnection()) c.Execute(null, "DELETE FROM audit_log WHERE seq >= 6");
        Assert.True(K.Audit.Verify().Intact);
        var cut = Verifier.Verify(head.HeadSeq, head.HeadHash);
        Assert.False(cut.Intact);
        Assert.Contains("anchored entry 6 is missing", cut.Problem);
    }

    [Fact]
    public void Audit_chain_verifies_when_untouched()
    {
        for (var i = 0; i < 5; i++) K.Audit.Append("tester", "test.event", "thing", $"id-{i}", null, $"n={i}");
        var v = K.Audit.Verify();
        Assert.True(v.Intact, v.Problem);
        Assert.Equal(5, v.Entries);
    }

    [Fact]
    public void Audit_chain_names_the_first_altered_entry()
    {
        for (var i = 0; i < 6; i++) K.Audit.Append("tester", "test.event", "thing", $"id-{i}", null, $"n={i}");
        DropAppendOnlyGuards();
        using (var c = Database.OpenConnection()) c.Execute(null, "UPDATE audit_log SET details = 'n=999' WHERE seq = 4");
        var v = K.Audit.Verify();
        Assert.False(v.Intact);
        Assert.Equal(4, v.FirstBrokenSeq);
        Assert.Contains("altered", v.Problem);
    }

    [Fact]
    public void Audit_chain_names_a_missing_entry()
    {
        for (var i = 0; i < 6; i++) K.Audit.Append("tester", "test.event", "thing", $"id-{i}", null, "");
        DropAppendOnlyGuards();
        using (var c = Database.OpenConnection()) c.Execute(null, "DELETE FROM audit_log WHERE seq = 3");
        var v = K.Audit.Verify();
        Assert.False(v.Intact);
        Assert.Equal(3, v.FirstBrokenSeq);
        Assert.Contains("missing", v.Problem);
    }

    [Fact]
    public void Audit_chain_detects_a_recomputed_entry_that_no_longer_links()
    {
        for (var i = 0; i < 4; i++) K.Audit.Append("tester", "test.event", "thing", $"id-{i}", null, "");
        var e2 = K.Audit.Read(1, 1)[0];
        // An attacker rewrites entry 2 and recomputes its own hash: entry 3 no longer links to it.
        var forged = Audit.AuditLog.ComputeHash(e2.Seq, e2.At, "intruder", e2.Action, e2.Entity, e2.EntityId, e2.Subject, e2.Details, e2.PrevHash);
        DropAppendOnlyGuards();
        using (var c = Database.OpenConnection())
            c.Execute(null, "UPDATE audit_log SET actor = 'intruder', hash = @h WHERE seq = 2", ("@h", forged));
        var v = K.Audit.Verify();
        Assert.False(v.Intact);
        Assert.Equal(3, v.FirstBrokenSeq);
    }

    [Fact]
    public void A_counterfactual_round_trips_and_is_explained_in_the_L2_notice_only()
    {
        var d = K.NewDecision() with
        {
            Counterfactual = new Counterfactual([new CounterfactualChange("absence_days", "1", "0")], 0.21, 0.3, 0.5),
        };
        K.Decisions.Record([d], "test");
        var back = K.Decisions.Get(Principal.System, d.Id)!;
        Assert.Equal(d.Counterfactual.Changes, back.Counterfactual!.Changes);
        Assert.Equal(0.21, back.Counterfactual.Probability);
        var plain = K.NewDecision();
        K.Decisions.Record([plain], "test");
        Assert.Null(K.Decisions.Get(Principal.System, plain.Id)!.Counterfactual);
    }

    [Fact]
    public void Decision_round_trips_and_its_read_is_audited()
    {
        var d = K.NewDecision();
        K.Decisions.Record([d], "test");
        var back = K.Decisions.Get(Kernel.Staff, d.Id);
        Assert.NotNull(back);
        Assert.Equal(d.RawScore, back!.RawScore, 12);
        Assert.Equal(d.Contributions.Select(c => (c.Feature, c.Value)), back.Contributions.Select(c => (c.Feature, c.Value)));
        Assert.Equal("MA-AZI", back.Scope.Province);
        Assert.Contains(K.Audit.Read(limit: 1000), e => e.Action == "personal_data.read" && e.EntityId == d.Id && e.Subject == d.Subject);
    }

    [Fact]
    public void A_non_additive_explanation_is_refused()
    {
        var d = K.NewDecision() with { RawScore = 5 };
        var ex = Assert.Throws<InvalidOperationException>(() => K.Decisions.Record([d], "test"));
        Assert.Contains("not additive", ex.Message);
        Assert.Equal(0, K.Decisions.Count());
    }

    [Fact]
    public void Inputs_and_contributions_must_name_the_same_features()
    {
        var d = K.NewDecision();
        d = d with { Inputs = d.Inputs.Skip(1).ToList() };
        Assert.Throws<InvalidOperationException>(() => K.Decisions.Record([d], "test"));
    }

    [Fact]
    public void People_outside_the_scope_get_nothing()
    {
        var mine = K.NewDecision("P-MINE");
        var other = K.NewDecision("P-OTHER", unit: "SCH-2");
        K.Decisions.Record([mine, other], "test");
        Assert.NotNull(K.Decisions.Get(Kernel.Citizen("P-MINE"), mine.Id));
        Assert.Null(K.Decisions.Get(Kernel.Citizen("P-MINE"), other.Id));
        Assert.Null(K.Decisions.Get(Kernel.Staff, other.Id));
        Assert.Equal([mine.Id], K.Decisions.List(Kernel.Staff).Select(d => d.Id));
        Assert.Equal([other.Id], K.Decisions.List(Kernel.OtherStaff).Select(d => d.Id));
        Assert.Equal([mine.Id], K.Decisions.List(Kernel.Citizen("P-MINE")).Select(d => d.Id));
    }

    [Fact]
    public void Objection_goes_through_review_and_a_reversal_is_written_back()
    {
        var d = K.NewDecision("P-1");
        K.Decisions.Record([d], "test");
        var o = K.Objections.File(Kernel.Citizen("P-1"), d.Id, ObjectionGrounds.Unfair, "My child was ill.");
        Assert.Equal(ObjectionStates.Filed, o.State);
        Assert.Equal(new DateTimeOffset(2026, 10, 12, 9, 0, 0, TimeSpan.Zero), o.AcknowledgeBy); // 5 working days after a Monday
        o = K.Objections.Acknowledge(o.Id);
        o = K.Objections.StartReview(Kernel.Reviewer, o.Id);
        Assert.Equal(ObjectionStates.UnderReview, o.State);
        o = K.Objections.Decide(Kernel.Reviewer, o.Id, ReviewOutcomes.Reversed, "Absences were justified.");
        Assert.Equal(ObjectionStates.Decided, o.State);
        Assert.Equal("not_flagged", K.Decisions.CurrentOutcome(d));
        Assert.Equal("flagged", K.Decisions.Get(Kernel.Staff, d.Id)!.Outcome); // the original record is unchanged
        o = K.Objections.Close(Principal.System, o.Id);
        Assert.Equal(ObjectionStates.Closed, o.State);
        Assert.Equal(["objection_filed", "acknowledged", "under_human_review", "decided", "closed"], K.Objections.Events(o.Id).Select(e => e.ToState));
        Assert.True(K.Audit.Verify().Intact);
    }

    [Fact]
    public void The_original_decider_cannot_review()
    {
        var d = K.NewDecision("P-2", decider: "reviewer:MA-AZI");
        K.Decisions.Record([d], "test");
        var o = K.Objections.Acknowledge(K.Objections.File(Kernel.Citizen("P-2"), d.Id, ObjectionGrounds.Other, "Please check.").Id);
        var ex = Assert.Throws<WorkflowException>(() => K.Objections.StartReview(Kernel.Reviewer, o.Id));
        Assert.Contains("original decision", ex.Message);
    }

    [Fact]
    public void Steps_out_of_order_are_refused()
    {
        var d = K.NewDecision("P-3");
        K.Decisions.Record([d], "test");
        var o = K.Objections.File(Kernel.Citizen("P-3"), d.Id, ObjectionGrounds.Other, "x");
        Assert.Throws<WorkflowException>(() => K.Objections.StartReview(Kernel.Reviewer, o.Id));
        Assert.Throws<WorkflowException>(() => K.Objections.Close(Principal.System, o.Id));
        Assert.Throws<UnauthorizedAccessException>(() => K.Objections.StartReview(Kernel.Staff, o.Id)); // sees the decision, not a reviewer
    }

    [Fact]
    public void Objection_window_closes_after_sixty_days_and_overdue_reviews_show()
    {
        var d = K.NewDecision("P-4");
        K.Decisions.Record([d], "test");
        var o = K.Objections.Acknowledge(K.Objections.File(Kernel.Citizen("P-4"), d.Id, ObjectionGrounds.Other, "x").Id);
        Assert.False(K.Objections.IsOverdue(o));
        K.Clock.Advance(TimeSpan.FromDays(32));
        Assert.True(K.Objections.IsOverdue(K.Objections.Get(o.Id)!));
        K.Clock.Advance(TimeSpan.FromDays(30));
        Assert.Throws<WorkflowException>(() => K.Objections.File(Kernel.Citizen("P-4"), d.Id, ObjectionGrounds.Other, "late"));
    }

    [Fact]
    public void Data_error_objection_rescored_with_rectified_values()
    {
        var d = K.NewDecision("P-5");
        K.Decisions.Record([d], "test");
        var o = K.Objections.Acknowledge(K.Objections.File(Kernel.Citizen("P-5"), d.Id, ObjectionGrounds.DataError, "Absences are wrong.").Id);
        K.Objections.StartReview(Kernel.Reviewer, o.Id);
        K.Objections.Decide(Kernel.Reviewer, o.Id, ReviewOutcomes.Modified, "Certificate provided.", new Dictionary<string, string?> { ["absence_days"] = "2" });
        var revisions = K.Decisions.Revisions(d.Id);
        Assert.Equal([RevisionKinds.Rescored, RevisionKinds.ReviewOutcome], revisions.Select(r => r.Kind));
        Assert.Contains("\"new_raw_score\":-3", revisions[0].DetailsJson);
        Assert.Equal("not_flagged", K.Decisions.CurrentOutcome(d));
    }

    [Fact]
    public void Information_request_extension_and_escalation_follow_the_rules()
    {
        var d = K.NewDecision("P-6");
        K.Decisions.Record([d], "test");
        var o = K.Objections.Acknowledge(K.Objections.File(Kernel.Citizen("P-6"), d.Id, ObjectionGrounds.Other, "x").Id);
        K.Objections.StartReview(Kernel.Reviewer, o.Id);
        o = K.Objections.RequestInformation(Kernel.Reviewer, o.Id, "Please send the certificate.");
        Assert.Equal(ObjectionStates.InfoRequested, o.State);
        var before = o.DecideBy;
        o = K.Objections.Extend(Kernel.Reviewer, o.Id, "Waiting for the school's records.");
        Assert.Equal(before.AddMonths(2), o.DecideBy);
        Assert.Throws<WorkflowException>(() => K.Objections.Extend(Kernel.Reviewer, o.Id, "again"));
        Assert.Throws<WorkflowException>(() => K.Objections.Escalate(Kernel.Citizen("P-6"), o.Id, "CNDP")); // no decision, no breach
        K.Clock.Advance(TimeSpan.FromDays(100));
        o = K.Objections.Escalate(Kernel.Citizen("P-6"), o.Id, "CNDP");
        Assert.Equal(ObjectionStates.Escalated, o.State);
    }

    [Fact]
    public void A_username_is_locked_after_five_failures_known_or_not_and_sessions_can_be_revoked()
    {
        var u = K.Users.Create("karim", "Karim", "correct horse battery", Roles.Reviewer, ScopeKinds.Province, "MA-AZI", null, "test");
        foreach (var name in new[] { "karim", "nobody" })
        {
            for (var i = 0; i < UserStore.MaxFailedSignIns - 1; i++) Assert.False(K.Users.Attempt(name, "wrong password!!").LockedOut);
            Assert.True(K.Users.Attempt(name, "wrong password!!").LockedOut);
            Assert.Equal(new SignInAttempt(null, true), K.Users.Attempt(name, "correct horse battery"));
        }
        K.Clock.Advance(UserStore.LockoutWindow + TimeSpan.FromSeconds(1));
        Assert.Equal(u.Id, K.Users.Attempt("karim", "correct horse battery").Account?.Id);
        Assert.False(K.Users.Attempt("nobody", "correct horse battery").LockedOut);

        var sessions = new SessionStore(Database, K.Clock);
        var sid = sessions.Start(u.Id);
        Assert.True(sessions.IsActive(sid, u.Id));
        Assert.False(sessions.IsActive(sid, "someone-else"));
        sessions.Revoke(sid);
        Assert.False(sessions.IsActive(sid, u.Id));
    }

    [Fact]
    public void Passwords_are_hashed_and_checked()
    {
        K.Users.Create("amina", "Amina", "correct horse battery", Roles.Reviewer, ScopeKinds.Province, "MA-AZI", null, "test");
        Assert.NotNull(K.Users.SignIn("amina", "correct horse battery"));
        Assert.Null(K.Users.SignIn("amina", "wrong password!!"));
        Assert.Null(K.Users.SignIn("nobody", "correct horse battery"));
        using var c = Database.OpenConnection();
        var stored = (string)c.Scalar(null, "SELECT password_hash FROM users WHERE username = 'amina'")!;
        Assert.DoesNotContain("correct horse", stored);
        Assert.Throws<DataInputException>(() => K.Users.Create("x", "x", "short", Roles.Admin, ScopeKinds.National, null, null, "test"));
    }

    private sealed class FakeRescorer : IRescorer
    {
        public string Algorithm => "edu.test";

        /// <summary>Stores nothing; a correction named "fail_to_store" makes the store step fail inside the decide transaction.</summary>
        public void Rectify(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, DecisionRecord decision,
            IReadOnlyDictionary<string, string?> corrections, string actor)
        {
            if (corrections.ContainsKey("fail_to_store")) throw new InvalidOperationException("the register refused the rectification");
        }

        /// <summary>Runs while a decide step is between its checks and its transaction (to stage a concurrent step).</summary>
        public Action? DuringRescore { get; set; }

        public RescoreResult Rescore(DecisionRecord decision, IReadOnlyDictionary<string, string?> corrections)
        {
            var during = DuringRescore;
            DuringRescore = null;
            during?.Invoke();
            var contributions = new List<Contribution> { new("absence_days", -0.6), new("grade_average", 0.4), new("distance_km", -0.1), new("repetitions", -0.7) };
            var raw = decision.Baseline + contributions.Sum(c => c.Value);
            return new RescoreResult(raw, 1 / (1 + Math.Exp(-raw)), "not_flagged",
                decision.Inputs.Select(i => corrections.TryGetValue(i.Feature, out var v) ? i with { Value = v } : i).ToList(), contributions, decision.Baseline);
        }
    }
}

public sealed class SqliteKernelTests : KernelContract, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("basira-kernel-").FullName;
    private BasiraDatabase? _db;

    protected override BasiraDatabase Database => _db ??= BasiraDatabase.Open(null, _dir);

    public void Dispose()
    {
        _db?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, true);
    }
}

[Trait("Category", "Db")]
public sealed class PostgresKernelTests : KernelContract, IAsyncLifetime
{
    private readonly Basira.TestSupport.PostgresTestDatabase _pg = new();
    private BasiraDatabase? _db;

    protected override BasiraDatabase Database => _db ?? throw new InvalidOperationException("not initialised");

    public async Task InitializeAsync()
    {
        await _pg.InitializeAsync();
        _db = BasiraDatabase.Open(_pg.ConnectionString, Path.GetTempPath());
    }

    public async Task DisposeAsync()
    {
        _db?.Dispose();
        Npgsql.NpgsqlConnection.ClearAllPools();
        await _pg.DisposeAsync();
    }
}
