using Basira.Education.Planning;

namespace Basira.Education.Tests.Planning;

public sealed class BudgetAllocationTests
{
    // Two units; u1 has two cycles (sites A and C), u2 one (site B). Costs: a classroom 3, a teacher 2.
    private static readonly AllocationSite[] Sites =
    [
        new("u1", "P1", null, null, "primary", 400m, 10, 7m, 12, 10m, 3m, 2m),
        new("u2", "P2", null, null, "primary", 300m, 8, 8m, 10, 6m, 3m, 2m),
        new("u1", "P1", null, null, "college", 200m, 6, 3m, 6, 6m, 3m, 2m),
    ];

    private static AllocationProblem Problem(decimal budget, decimal? u1Rooms = null, decimal? teachersTotal = null, decimal weight = 10m,
        decimal? provinceTeachers = null) =>
        new(Sites, budget, 1.25m, weight, null, null, teachersTotal,
            u1Rooms is null ? new Dictionary<string, UnitCaps>() : new Dictionary<string, UnitCaps> { ["u1"] = new(u1Rooms, null) }, 2030,
            MaxTeachersPerProvince: provinceTeachers);

    /// <summary>Every integer allocation within the bounds that respects the budget and the caps; the least objective.</summary>
    private static double BruteForce(AllocationProblem p)
    {
        var bounds = p.Sites.Select((_, i) => BudgetAllocation.Bounds(p, i)).ToArray();
        var groups = p.CapGroups();
        var best = double.PositiveInfinity;
        var x = new int[p.Sites.Count];
        var y = new int[p.Sites.Count];
        void Walk(int i)
        {
            if (i == p.Sites.Count)
            {
                var cost = p.Sites.Select((s, j) => (x[j] * s.ClassroomCost) + (y[j] * s.TeacherCost)).Sum();
                if (cost > p.Budget) return;
                if (p.MaxTeachersTotal is { } mt && y.Sum() > mt) return;
                foreach (var g in groups)
                {
                    if (g.MaxClassrooms is { } rc && g.Sites.Sum(j => x[j]) > rc) return;
                    if (g.MaxTeachers is { } tc && g.Sites.Sum(j => y[j]) > tc) return;
                }
                var value = p.Sites.Select((s, j) => BudgetAllocation.Cost(s, x[j], y[j], (double)p.HardClassSizeFactor, (double)p.UnmetWeight)).Sum();
                best = Math.Min(best, value);
                return;
            }
            for (x[i] = 0; x[i] <= bounds[i].MaxClassrooms; x[i]++)
                for (y[i] = 0; y[i] <= bounds[i].MaxTeachers; y[i]++)
                    Walk(i + 1);
        }
        Walk(0);
        return best;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(9)]
    [InlineData(14)]
    [InlineData(21)]
    [InlineData(1000)]
    public void Solver_finds_the_brute_force_optimum(int budget)
    {
        var p = Problem(budget);
        var r = BudgetAllocation.Solve(p);
        Assert.Equal("optimal", r.Status);
        Assert.Equal(BruteForce(p), r.Objective, 6);
        Assert.True(r.Spent <= budget);
    }

    [Fact]
    public void Caps_per_unit_and_on_new_teachers_are_kept_and_still_optimal()
    {
        var p = Problem(1000, u1Rooms: 2, teachersTotal: 3);
        var r = BudgetAllocation.Solve(p);
        Assert.Equal("optimal", r.Status);
        Assert.Equal(BruteForce(p), r.Objective, 6);
        Assert.True(r.Sites.Where(s => s.Site.Unit == "u1").Sum(s => s.NewClassrooms) <= 2);
        Assert.True(r.NewTeachers <= 3);
    }

    [Fact]
    public void A_cap_per_province_holds_over_its_units_and_still_optimal()
    {
        // province P1 holds sites A and C (unit u1): at most 1 new teacher there, whatever the budget
        var p = Problem(1000, provinceTeachers: 1);
        Assert.Contains(p.CapGroups(), g => g.Key == "P1" && g.Sites.SequenceEqual([0, 2]) && g.MaxTeachers == 1);
        var r = BudgetAllocation.Solve(p);
        Assert.Equal("optimal", r.Status);
        Assert.Equal(BruteForce(p), r.Objective, 6);
        Assert.True(r.Sites.Where(s => s.Site.Province == "P1").Sum(s => s.NewTeachers) <= 1);
        Assert.True(r.Objective > 0);
    }

    [Fact]
    public void With_enough_budget_every_gap_is_filled_and_nothing_more_is_bought()
    {
        var r = BudgetAllocation.Solve(Problem(1000));
        Assert.Equal(0, r.Objective, 9);
        // A: 3 rooms, 2 teachers; B: 4 teachers; C: 3 rooms
        Assert.Equal([(3, 2), (0, 4), (3, 0)], r.Sites.Select(s => (s.NewClassrooms, s.NewTeachers)));
        Assert.Equal((6 * 3m) + (6 * 2m), r.Spent);
        Assert.True(r.ObjectiveBefore > 0);
    }

    [Fact]
    public void A_surplus_at_one_site_serves_no_pupil_elsewhere()
    {
        // B has rooms for its pupils, A lacks 3: without money A stays short whatever B has
        var (overA, _) = BudgetAllocation.Evaluate(Sites[0], 0, 0, 1.25);
        Assert.Equal(400 - (40 * 7), overA, 9);  // 40 pupils a room at the norm, 7 rooms
        var (overB, _) = BudgetAllocation.Evaluate(Sites[1], 0, 0, 1.25);
        Assert.Equal(300 - (30 * 6), overB, 9);  // B lacks teachers: 30 pupils a teacher, 6 teachers
    }

    [Fact]
    public void National_scenario_allocation_solves_and_spends_within_the_budget()
    {
        var s = NationalScenario.Build(NationalScenarioTests.Regions, NationalScenarioTests.Provinces);
        var projection = EnrolmentProjection.Project(s);
        var problem = BudgetAllocation.FromProjection(projection, s, s.Allocation!);
        Assert.Equal(450, problem.Sites.Count);
        var r = BudgetAllocation.Solve(problem, TimeSpan.FromSeconds(60), relativeGap: 1e-4);
        Assert.Contains(r.Status, new[] { "optimal", "feasible" });
        Assert.True(r.Spent <= s.Allocation!.Budget);
        Assert.True(r.Objective < r.ObjectiveBefore);
        Assert.True(r.Objective >= r.BestBound - 1e-6 * Math.Max(1, Math.Abs(r.BestBound)));
    }
}
