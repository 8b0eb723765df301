using Basira.Governance.Access;
using Basira.Governance.Audit;
using Basira.Governance.Decisions;
using Basira.Governance.Storage;

namespace Basira.Governance.Tests.Kernel;

public abstract partial class KernelContract
{
    [Fact]
    public void Recording_many_decisions_in_bulk_chains_the_audit_log_as_one_by_one_recording_does()
    {
        // More than one batch of the store and of the multi-row insert, with a null rank and a counterfactual on some rows.
        var n = DecisionStore.RecordBatch + Sql.InsertBatchRows + 7;
        var list = Enumerable.Range(0, n).Select(i => K.NewDecision(subject: $"P-{i:D6}", unit: i % 2 == 0 ? "SCH-1" : "SCH-2")
            with { RankPosition = i % 5 == 0 ? null : i }).ToList();
        var before = K.Audit.Verify().Entries;
        K.Decisions.RecordMany(list, "bulk-test");

        Assert.Equal(before + n, K.Audit.Verify().Entries);
        Assert.True(K.Audit.Verify().Intact);
        var content = K.Decisions.VerifyContent();
        Assert.True(content.Intact, content.Problem);
        Assert.Equal(n, content.Checked);
        Assert.Equal(n, K.Decisions.Count("edu.test"));
        var back = K.Decisions.Get(Principal.System, list[5].Id)!;
        Assert.Null(back.RankPosition);
        Assert.Equal(list[5].Contributions, back.Contributions);
        Assert.Equal(list[6].RankPosition, K.Decisions.Get(Principal.System, list[6].Id)!.RankPosition);

        // Each entry is the one Append would have written at its place in the chain.
        var entries = K.Audit.Read(before, 3);
        var prev = before == 0 ? AuditLog.Genesis : K.Audit.HashOf(before)!;
        foreach (var e in entries)
        {
            Assert.Equal(AuditLog.ComputeHash(e.Seq, e.At, e.Actor, e.Action, e.Entity, e.EntityId, e.Subject, e.Details, prev), e.Hash);
            Assert.StartsWith("algorithm=edu.test;", e.Details, StringComparison.Ordinal);
            prev = e.Hash;
        }
        // An append after the bulk links to its last entry.
        K.Audit.Append("after", "test.after", "test", "1");
        Assert.True(K.Audit.Verify().Intact);
    }

    [Fact]
    public void A_bulk_recording_whose_own_rows_fail_leaves_nothing_behind()
    {
        var list = Enumerable.Range(0, 50).Select(i => K.NewDecision(subject: $"P-R{i:D3}")).ToList();
        var entries = K.Audit.Verify().Entries;
        Assert.Throws<InvalidOperationException>(() =>
            K.Decisions.RecordMany(list, "bulk-test", (_, _) => throw new InvalidOperationException("the caller's rows failed")));
        Assert.Equal(0, K.Decisions.Count("edu.test"));
        Assert.Equal(entries, K.Audit.Verify().Entries);

        var bad = list.Append(list[0] with { Id = "DEC-BAD", RawScore = list[0].RawScore + 1 }).ToList();
        Assert.Throws<InvalidOperationException>(() => K.Decisions.RecordMany(bad, "bulk-test"));
        Assert.Equal(0, K.Decisions.Count("edu.test"));
    }
}
