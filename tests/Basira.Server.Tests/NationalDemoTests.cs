using Basira.Education;
using Basira.Education.National;
using Basira.Governance;
using Basira.Server.Demo;
using Basira.Synth;
using Basira.Synth.Geography;
using Basira.Synth.National;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Server.Tests;

/// <summary>
/// The national demo load at N = 100,000 read back from the stores (what <c>basira synth summary</c> prints): every figure
/// within 5 % of FIGURES.md, counts scaled by N.
/// </summary>
public sealed class NationalDemoTests : IDisposable
{
    private const long N = 100_000;
    private readonly string _dir = Directory.CreateTempSubdirectory("basira-natdemo-").FullName;

    private static void Near(double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= 0.05 * Math.Abs(expected), $"{what}: {actual:G6} is not within 5 % of {expected:G6}");

    [Fact]
    public void The_loaded_population_matches_the_published_aggregates_at_100000_pupils()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Basira:DataDir"] = _dir }).Build();
        var s = new ServiceCollection();
        s.AddGovernanceModule(config);
        s.AddEducationModule(config);
        using var sp = s.BuildServiceProvider();
        var education = sp.GetRequiredService<NationalEducation>();

        var report = NationalDemo.Load(education, new NationalOptions { Pupils = N }, _ => { });
        var summary = education.Summary();

        var scale = NationalFigures.Scale(N);
        Assert.Equal(N, summary.Pupils);
        Assert.InRange(report.Load.Pupils, 2 * N - 1, 2 * N); // both years
        Near(NationalFigures.Schools * scale, summary.Schools, "schools");
        Near(NationalFigures.RuralSchoolShare, summary.RuralSchoolShare, "rural school share");
        Near(NationalFigures.GirlsShare, summary.GirlsShare, "girls' share");
        Near(NationalFigures.RuralPupilShare, summary.RuralPupilShare, "rural pupil share");
        Near(NationalFigures.Dropouts * scale, summary.Dropouts, "dropouts");
        foreach (var cycle in Enum.GetValues<Cycle>())
        {
            var c = summary.ByCycle[cycle.Code()];
            Near(NationalFigures.PupilsByCycle[cycle] * scale, c.Pupils, $"{cycle} pupils");
            Near(NationalFigures.DropoutRateByCycle[cycle], c.DropoutRate, $"{cycle} dropout rate");
        }
        Assert.Equal(MoroccoGeography.Regions.Select(r => r.Code), summary.ByRegion.Select(r => r.Key));
        foreach (var r in summary.ByRegion) Near(NationalFigures.ExpectedRegionPupils(r.Key, N), r.Pupils, $"{r.Key} pupils");
        var order = summary.ByRegion.OrderByDescending(r => r.DropoutRate).Select(r => r.Key).ToList();
        Assert.Equal(NationalFigures.HighestDropoutRegions.Order(), order.Take(3).Order());
        Assert.Equal(NationalFigures.SouthernRegions.Order(), order.TakeLast(3).Order());

        Assert.True(report.Load.Absences > 0);
        Assert.Equal(education.Records.PupilRows(), report.Load.Pupils);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); }
        catch (IOException) { }
    }
}
