using Basira.Governance.Access;

namespace Basira.Governance.Tests.Kernel;

/// <summary>Reading the audit log through the kernel records the read, and only the auditing roles may.</summary>
public abstract partial class KernelContract
{
    private static readonly Principal AuditorP = new("u-aud", "auditor1", Roles.Auditor, ScopeKinds.National, null, null);

    [Fact]
    public void An_audited_read_returns_the_entries_asked_for_and_then_records_itself()
    {
        for (var i = 0; i < 5; i++) K.Audit.Append("system", "test.event", "test", $"E-{i}");
        var before = K.Audit.Verify().Entries;

        var entries = K.Audit.ReadAudited(AuditorP, afterSeq: 1, limit: 3);

        Assert.Equal([2L, 3L, 4L], entries.Select(e => e.Seq));
        Assert.DoesNotContain(entries, e => e.Action == "audit_log.read"); // the record of the read comes after it
        var record = K.Audit.Read(before, 10).Single();
        Assert.Equal(("auditor1", "audit_log.read", "after=1;limit=3;count=3;role=auditor"), (record.Actor, record.Action, record.Details));
        Assert.True(K.Audit.Verify().Intact);
    }

    [Fact]
    public void An_audited_read_clamps_its_limit_and_refuses_roles_that_do_not_audit()
    {
        K.Audit.Append("system", "test.event", "test", "E");
        K.Audit.ReadAudited(Kernel.Admin, afterSeq: -5, limit: 50_000);
        Assert.EndsWith("after=0;limit=1000;count=1;role=admin", K.Audit.Read(0, 1000).Last().Details, StringComparison.Ordinal);

        var before = K.Audit.Verify().Entries;
        foreach (var p in new[] { Kernel.Reviewer, Kernel.Staff, Kernel.Citizen("P-1") })
            Assert.Throws<UnauthorizedAccessException>(() => K.Audit.ReadAudited(p));
        Assert.Equal(before, K.Audit.Verify().Entries);
    }
}
