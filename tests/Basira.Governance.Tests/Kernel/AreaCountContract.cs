using Basira.Governance.Access;
using Basira.Governance.Decisions;

namespace Basira.Governance.Tests.Kernel;

public abstract partial class KernelContract
{
    [Fact]
    public void Counts_per_area_give_decisions_and_proposals_within_the_callers_scope()
    {
        DecisionRecord In(string region, string province, string outcome) =>
            K.NewDecision(subject: "P-" + Guid.NewGuid().ToString("n")[..6], outcome: outcome) with { Scope = new DecisionScope(region, province, "SCH-X") };
        K.Decisions.Record([In("MA-08", "MA-AZI", "flagged"), In("MA-08", "MA-AZI", "not_flagged"), In("MA-08", "MA-IFR", "flagged"),
            In("MA-06", "MA-CAS", "flagged"), In("MA-06", "MA-CAS", "flagged")], "test");
        var national = new Principal("u-an", "analyst", Roles.Analyst, ScopeKinds.National, null, null);

        var regions = K.Decisions.CountByArea(national, "region");
        Assert.Equal([new AreaCount("MA-06", 2, 2), new AreaCount("MA-08", 3, 2)], regions);
        Assert.Equal([new AreaCount("MA-AZI", 2, 1), new AreaCount("MA-IFR", 1, 1)], K.Decisions.CountByArea(national, "province", region: "MA-08"));

        var regional = new Principal("u-an2", "analyst2", Roles.Analyst, ScopeKinds.Region, "MA-06", null);
        Assert.Equal([new AreaCount("MA-06", 2, 2)], K.Decisions.CountByArea(regional, "region"));
        Assert.Empty(K.Decisions.CountByArea(regional, "province", region: "MA-08"));
        Assert.Throws<ArgumentException>(() => K.Decisions.CountByArea(national, "commune"));
    }
}
