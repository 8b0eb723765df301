using Basira.Governance.Access;
using Basira.Governance.Decisions;

namespace Basira.Governance.Tests.Kernel;

/// <summary>A grid operator sees the energy decisions of their own mini-grid, and nothing else (no other mini-grid, no other domain).</summary>
public sealed class GridOperatorAccessTests
{
    private static DecisionRecord Decision(string domain, string unit) =>
        new("DEC-" + unit, "P-1", domain, domain + ".test", "m1", "v1", new string('a', 64), [new("demand_kwh", "2", "meter", null)],
            1, 0, 0.5, 0, "shed", null, AutomationLevels.FullyAutomated, "grid_operator:" + unit, new DecisionScope("R08", "P081", unit),
            new Dictionary<string, string>(), [new("demand_kwh", 1.0)], DateTimeOffset.UnixEpoch);

    private static Principal Operator(string grid) => new("u-grid", "grid1", Roles.GridOperator, ScopeKinds.MiniGrid, grid, null);

    [Fact]
    public void A_grid_operator_sees_the_energy_decisions_of_their_mini_grid_only()
    {
        Assert.True(AccessPolicy.CanSeeDecision(Operator("tizi"), Decision(AccessPolicy.EnergyDomain, "tizi")));
        Assert.False(AccessPolicy.CanSeeDecision(Operator("tizi"), Decision(AccessPolicy.EnergyDomain, "ait-ben")));
        // a unit code shared with a school does not open the school's decisions
        Assert.False(AccessPolicy.CanSeeDecision(Operator("tizi"), Decision("education", "tizi")));
        // an operator account without a mini-grid sees none
        Assert.False(AccessPolicy.CanSeeDecision(Operator(null!), Decision(AccessPolicy.EnergyDomain, "tizi")));
        // seeing is not acting: no objection, no human decision
        Assert.False(AccessPolicy.CanObject(Operator("tizi"), Decision(AccessPolicy.EnergyDomain, "tizi")));
        Assert.False(AccessPolicy.CanDecide(Operator("tizi")));
    }
}
