using Basira.Education.Planning;
using Basira.Synth.Geography;

namespace Basira.Education.Tests.Planning;

public sealed class NationalScenarioTests
{
    public static IReadOnlyList<RegionGeo> Regions => [.. MoroccoGeography.Regions.Select(r => new RegionGeo(r.Code, r.Population2024))];

    public static IReadOnlyList<ProvinceGeo> Provinces =>
        [.. MoroccoGeography.Provinces.Select(p => new ProvinceGeo(p.Code, p.RegionCode, p.NameFr, (decimal)p.UrbanShare))];

    private static readonly Lazy<PlanningScenario> Scenario = new(() => NationalScenario.Build(Regions, Provinces));

    [Fact]
    public void Covers_the_75_provinces_urban_and_rural_and_keeps_the_published_totals()
    {
        var s = Scenario.Value;
        Assert.Equal(150, s.Units.Count);
        Assert.Equal(75, s.Units.Select(u => u.Province).Distinct().Count());
        Assert.Equal((2024, 2030), (s.BaseYear, s.EndYear));
        decimal Pupils(string cycle) => s.Units.Sum(u => u.Cycles.Single(c => c.Name == cycle).Enrolment.Sum());
        // whole pupils per unit and grade: the national totals hold to a few hundred pupils
        Assert.InRange(Pupils("primary"), 3_715_000m, 3_717_000m);
        Assert.InRange(Pupils("college"), 2_024_000m, 2_026_000m);
        Assert.InRange(Pupils("lycee"), 1_234_000m, 1_236_000m);
        Assert.Equal(3, s.Variants.Count);
        Assert.NotEmpty(s.Sources);
    }

    [Fact]
    public void Province_populations_add_up_to_each_regions_RGPH_2024_population()
    {
        var pop = NationalScenario.ProvincePopulations(Regions, Provinces);
        Assert.Equal(75, pop.Count);
        foreach (var r in MoroccoGeography.Regions)
            Assert.Equal(r.Population2024, MoroccoGeography.Provinces.Where(p => p.RegionCode == r.Code).Sum(p => pop[p.Code]));
        Assert.Equal(3_218_036, pop["MA-CAS"]);
        Assert.Equal(36_828_330, pop.Values.Sum());
    }

    [Fact]
    public void Baseline_projection_reproduces_declining_primary_and_the_variants_move_the_right_way()
    {
        var all = EnrolmentProjection.ProjectAll(Scenario.Value);
        var baseline = all[0];
        decimal Total(ScenarioProjection p, int year, string cycle) =>
            (year == 2024 ? p.Base : p.Years.Single(y => y.Year == year)).Cycles.Single(c => c.Name == cycle).Total;
        Assert.True(Total(baseline, 2030, "primary") < Total(baseline, 2024, "primary"));
        Assert.True(baseline.MaxIdentityResidual < 1e-12m, $"identity residual {baseline.MaxIdentityResidual}"); // decimal keeps 28 digits
        // dropout halved keeps more pupils in collège and lycée by 2030
        Assert.True(Total(all[1], 2030, "college") > Total(baseline, 2030, "college"));
        // classes of 40: more classrooms needed than at 45
        Assert.True(all[2].Deficits.Total.ClassroomsNeeded > baseline.Deficits.Total.ClassroomsNeeded);
        // consolidation: fewer rural primary classrooms
        Assert.True(all[3].Deficits.ByCycle.Single(c => c.Key == "primary").ClassroomsNeeded
            < baseline.Deficits.ByCycle.Single(c => c.Key == "primary").ClassroomsNeeded);
        // local sums never below the pooled figures
        foreach (var p in all)
        {
            Assert.True(p.Deficits.Total.TeacherGapLocal >= p.Deficits.Total.TeacherGapNet);
            Assert.True(p.Deficits.Total.ClassroomGapLocal >= p.Deficits.Total.ClassroomGapNet);
        }
    }

    [Fact]
    public void Base_year_teacher_need_matches_the_calibration_ratios()
    {
        var b = EnrolmentProjection.Project(Scenario.Value).Base;
        int Teachers(string cycle) => b.Cycles.Single(c => c.Name == cycle).Teachers;
        // primary: pupils / 26.8 (rounded up per unit); collège and lycée calibrated on 22.64 and 24 (utilisation rounded to 3 places)
        Assert.InRange(Teachers("primary"), 3_716_000 / 26.8 - 10, 3_716_000 / 26.8 + 160);
        Assert.InRange(Teachers("college"), 2_025_000 / 22.64 * 0.99, 2_025_000 / 22.64 * 1.01);
        Assert.InRange(Teachers("lycee"), 1_235_000 / 24.0 * 0.99, 1_235_000 / 24.0 * 1.01);
    }
}
