using Basira.Governance;
using Basira.Governance.Decisions;
using Basira.Governance.Models;
using Basira.Governance.Notices;
using Basira.Jobs.Market;
using Basira.Jobs.Matching;
using Basira.Jobs.Training;

namespace Basira.Jobs.Tests;

/// <summary>The exact set cover, the exact shares of the gain, and the governed training plan.</summary>
public sealed class TrainingTests : IDisposable
{
    private readonly JobsHost _host = new();

    [Fact]
    public void The_cover_is_the_smallest_where_a_greedy_choice_is_not()
    {
        // Greedy takes the largest course first ({1,2,3,4}) and then needs two more; two courses suffice.
        (int[], int)[] courses = [([1, 2, 3, 4], 100), ([1, 2, 5], 100), ([3, 4, 6], 100)];
        var s = GapCloser.Solve([1, 2, 3, 4, 5, 6], courses);
        Assert.Equal("optimal", s.Status);
        Assert.Equal(new[] { 1, 2 }, s.Courses.Order());
        Assert.Empty(s.Uncovered);
    }

    [Fact]
    public void Fewer_hours_break_ties_and_skills_no_course_teaches_are_reported()
    {
        (int[], int)[] courses = [([1, 2], 300), ([1, 2], 80), ([9], 40)];
        var s = GapCloser.Solve([1, 2, 7], courses);
        Assert.Equal(new[] { 1 }, s.Courses);
        Assert.Equal(new[] { 7 }, s.Uncovered);
        Assert.Equal("none", GapCloser.Solve([7], courses).Status);
    }

    [Fact]
    public void Shapley_shares_sum_to_the_gain_and_split_a_joint_effect_equally()
    {
        // Two courses that only open an offer together: each gets half of it; a third opens one alone.
        double V(int m) => ((m & 3) == 3 ? 1 : 0) + ((m & 4) != 0 ? 1 : 0);
        var phi = GapCloser.Shapley(3, V);
        Assert.Equal(new[] { 0.5, 0.5, 1.0 }, phi.Select(p => Math.Round(p, 12)));
        Assert.Equal(V(7) - V(0), phi.Sum(), 12);
    }

    [Fact]
    public void The_synthetic_catalogue_is_labelled_and_teaches_every_essential_skill()
    {
        var catalog = _host.Get<TrainingCatalog>();
        Assert.All(catalog.Courses, c => Assert.StartsWith("SYNTH-T", c.Id, StringComparison.Ordinal));
        Assert.All(catalog.Courses, c => Assert.Contains("synthétique", c.Title.Fr, StringComparison.Ordinal));
        Assert.All(catalog.Courses, c => Assert.InRange(c.Hours, 40, 400));
        var g = _host.Market.Graph;
        Assert.All(Enumerable.Range(0, g.OccupationCount).SelectMany(g.EssentialOf), k => Assert.NotEmpty(catalog.Teaching(k)));
    }

    private (SeekerProfile Seeker, TrainingPlan Plan) SeekerWithPlan()
    {
        var (seekers, _) = _host.Seed(seekers: 800, offers: 150);
        var svc = _host.Get<TrainingService>();
        foreach (var s in seekers.Where(s => s.Mobility != MobilityLevel.Province))
        {
            var plan = svc.PlanFor(JobsHost.Citizen(s.Subject), s.Subject)!;
            if (plan.Courses.Count >= 2 && plan.ReachableAfter > plan.ReachableNow) return (s, plan);
        }
        throw new InvalidOperationException("no seeker with a two-course plan that opens offers");
    }

    [Fact]
    public void A_plan_covers_the_missing_skills_with_reachable_courses_and_its_gain_is_shared_exactly()
    {
        var (seeker, plan) = SeekerWithPlan();
        var catalog = _host.Get<TrainingCatalog>();
        var svc = _host.Get<TrainingService>();
        Assert.Equal("optimal", plan.SolverStatus);
        Assert.All(plan.Courses, c => Assert.True(svc.Reachable(seeker, catalog.Find(c.Id)!)));
        var taught = plan.Courses.SelectMany(c => c.Teaches.Select(t => t.Id)).ToHashSet();
        Assert.All(plan.Missing.Where(m => plan.Uncovered.All(u => u.Id != m.Id)), m => Assert.Contains(m.Id, taught));
        Assert.Equal(plan.ReachableAfter - plan.ReachableNow, plan.Courses.Sum(c => c.GainShare), 6);
        Assert.Equal(plan.Courses.Sum(c => catalog.Find(c.Id)!.Hours), plan.TotalHours);
        Assert.True(plan.NewlyReachable.Count >= plan.ReachableAfter - plan.ReachableNow);
        var d = _host.Get<DecisionStore>().Get(JobsHost.Citizen(seeker.Subject), plan.DecisionId!, "test")!;
        Assert.Equal(TrainingAlgorithm.Id, d.Algorithm);
        Assert.Equal(plan.ReachableAfter - plan.ReachableNow, d.RawScore);
        Assert.Equal(plan.Courses.Count, d.Inputs.Count);
    }

    [Fact]
    public void The_same_plan_shown_again_keeps_its_decision_and_the_notice_names_the_courses()
    {
        var (seeker, plan) = SeekerWithPlan();
        var again = _host.Get<TrainingService>().PlanFor(JobsHost.Citizen(seeker.Subject), seeker.Subject)!;
        Assert.Equal(plan.DecisionId, again.DecisionId);
        var d = _host.Get<DecisionStore>().Get(JobsHost.Citizen(seeker.Subject), plan.DecisionId!, "test")!;
        foreach (var lang in new[] { "fr", "ar", "en" })
        {
            var n = NoticeBuilder.Build("L2", lang, d, _host.Get<IEnumerable<AlgorithmDescriptor>>().Single(a => a.Algorithm == TrainingAlgorithm.Id),
                null, null, d.Outcome, [], "/x");
            Assert.Contains(n.DataUsed!, f => f.ValueText!.Contains(plan.Courses[0].Title.Split(" — ")[0], StringComparison.Ordinal) || lang != "fr");
            Assert.All(n.DataUsed!, f => Assert.DoesNotContain("id=", f.ValueText!, StringComparison.Ordinal));
        }
        var values = TrainingAlgorithm.Features.Take(d.Inputs.Count).ToDictionary(f => f, f => (IReadOnlyCollection<string>)[d.Inputs.Single(i => i.Feature == f).Value!]);
        Assert.Empty(FeatureValueWordsCheck.Problems(_host.Get<IEnumerable<AlgorithmDescriptor>>().Single(a => a.Algorithm == TrainingAlgorithm.Id), values));
    }

    [Fact]
    public void Plans_are_for_the_seeker_their_counsellor_and_administrators_and_bad_targets_are_refused()
    {
        var (seekers, offers) = _host.Seed(seekers: 100, offers: 20);
        var svc = _host.Get<TrainingService>();
        var s = seekers[0];
        Assert.Null(svc.PlanFor(JobsHost.Citizen("other"), s.Subject));
        Assert.Null(svc.PlanFor(JobsHost.Employer("EMP"), s.Subject));
        Assert.NotNull(svc.PlanFor(JobsHost.Counsellor(s.Agency), s.Subject, record: false));
        Assert.Equal("offers[1]", Assert.Throws<DataInputException>(() => svc.PlanFor(JobsHost.Admin, s.Subject, [offers[0].Id, "nope"])).Field);
        Assert.Equal("occupation", Assert.Throws<DataInputException>(() => svc.PlanFor(JobsHost.Admin, s.Subject, occupation: "x")).Field);
        var target = svc.PlanFor(JobsHost.Admin, s.Subject, [offers[0].Id], record: false)!;
        Assert.Equal(offers[0].Title, target.Target);
        Assert.All(target.Missing, m => Assert.Contains(_host.Market.Graph.Skill(m.Id)!.Value, offers[0].Essential));
    }

    public void Dispose() => _host.Dispose();
}
