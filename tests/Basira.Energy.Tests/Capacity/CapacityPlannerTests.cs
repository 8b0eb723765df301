using Basira.Energy.Capacity;
using Basira.Governance;

namespace Basira.Energy.Tests.Capacity;

public sealed class CapacityPlannerTests
{
    private static readonly Lazy<CapacityPlan> Default = new(() => CapacityPlanner.Solve(PlanScenario.Morocco));

    [Fact]
    public void Moroccos_plan_reaches_52_percent_renewable_capacity_in_2030_without_unserved_demand()
    {
        var plan = Default.Value;
        Assert.Equal("OPTIMAL", plan.Status);
        Assert.Equal(Enumerable.Range(2025, 6), plan.ByYear.Select(y => y.Year));
        var y2030 = plan.ByYear[^1];
        Assert.True(y2030.RenewableCapacityShare >= 0.52 - 1e-6, $"2030 share {y2030.RenewableCapacityShare}");
        Assert.All(plan.ByYear, y => Assert.True(y.UnservedTwh < 1e-6, $"{y.Year}: {y.UnservedTwh} TWh unserved"));
        Assert.All(plan.ByYear, y => Assert.True(y.FirmCapacityMw >= 1.15 * y.PeakMw - 1, $"{y.Year}: reserve margin"));
        Assert.True(plan.TotalCost > 0);
    }

    [Fact]
    public void Generation_meets_the_demand_of_each_year_and_capacity_never_shrinks()
    {
        var plan = Default.Value;
        var s = PlanScenario.Morocco;
        PlanYear? previous = null;
        foreach (var y in plan.ByYear)
        {
            // generation (storage discharge included) = demand + storage charging, so ≥ demand and a few % above it
            var generated = y.GenerationTwh.Values.Sum();
            Assert.InRange(generated, y.DemandTwh - 1e-3, y.DemandTwh * 1.06);
            Assert.All(s.Technologies, t => Assert.True(y.NewMw[t.Name] <= t.MaxNewMwPerYear + 1e-6));
            if (previous is not null) Assert.All(y.CapacityMw, kv => Assert.True(kv.Value >= previous.CapacityMw[kv.Key] - 1e-6));
            previous = y;
        }
        Assert.Equal(0, plan.ByYear.Sum(y => y.NewMw["coal"]), 6);
    }

    [Fact]
    public void The_target_binds_and_a_stricter_target_costs_more()
    {
        var plan = Default.Value;
        var strict = CapacityPlanner.Solve(PlanScenario.Morocco with { RenewableCapacityShare = 0.60 });
        Assert.Equal("OPTIMAL", strict.Status);
        Assert.True(strict.ByYear[^1].RenewableCapacityShare >= 0.60 - 1e-6);
        Assert.True(strict.TotalCost > plan.TotalCost);
        var none = CapacityPlanner.Solve(PlanScenario.Morocco with { RenewableCapacityShare = 0 });
        Assert.True(none.TotalCost <= plan.TotalCost + 1e-3);
    }

    [Fact]
    public void Shapes_have_the_scenarios_averages()
    {
        var s = PlanScenario.Morocco;
        var shape = CapacityPlanner.LoadShape(s);
        Assert.Equal(1, shape.Cast<double>().Average(), 9);
        Assert.Equal(s.Demand.BaseYearPeakMw / (s.Demand.BaseYearTwh * 1e6 / 8760), shape.Cast<double>().Max(), 9);
        var pv = CapacityPlanner.Profile(s.Technologies.Single(t => t.Name == "solar_pv"));
        Assert.Equal(0.24, pv.Cast<double>().Average(), 3);
        Assert.Equal(0, pv[0, 2]); // no sun at 2 a.m.
    }

    [Fact]
    public void A_bad_scenario_file_names_the_field()
    {
        var path = Path.Combine(Path.GetTempPath(), $"scenario-{Guid.NewGuid():n}.json");
        File.WriteAllText(path, """{ "name": "x", "demand": { "base_year_twh": 45, "base_year_peak_mw": 1000 }, "technologies": [ { "name": "pv", "kind": "variable", "capacity_factor": 1.5 } ] }""");
        try
        {
            var ex = Assert.Throws<DataInputException>(() => PlanScenario.Read(path));
            Assert.Equal("demand.base_year_peak_mw", ex.Field);
            File.WriteAllText(path, """{ "name": "x", "technologies": [ { "name": "pv", "kind": "variable", "capacity_factor": 1.5 } ], "demand": {} }""");
            Assert.Equal("technologies[0].capacity_factor", Assert.Throws<DataInputException>(() => PlanScenario.Read(path)).Field);
            File.WriteAllText(path, """{ "name": "x", "technologies": [ { "name": "pv", "kind": "sunny" } ], "demand": {} }""");
            Assert.NotNull(Assert.Throws<DataInputException>(() => PlanScenario.Read(path)).Line);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
