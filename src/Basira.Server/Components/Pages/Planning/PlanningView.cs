using System.Globalization;
using Basira.Education.Planning;
using Basira.Synth.Geography;

namespace Basira.Server.Components.Pages.Planning;

/// <summary>The figures of the planning page, read from the projections (the charts and their tables use the same numbers).</summary>
public static class PlanningView
{
    /// <summary>Measures charted per year and variant.</summary>
    public static readonly string[] Measures = ["pupils", "teachers", "classrooms"];

    /// <summary>Map measures: classroom or teacher gap per province.</summary>
    public static readonly string[] MapMeasures = ["classrooms", "teachers"];

    /// <summary>Years of a projection, base year first.</summary>
    public static IReadOnlyList<int> Years(ScenarioProjection p) => [p.BaseYear, .. p.Years.Select(y => y.Year)];

    /// <summary>The value of a measure in one year, for one cycle or all cycles (<paramref name="cycle"/> null).</summary>
    public static double Value(ScenarioProjection p, int year, string measure, string? cycle)
    {
        var totals = year == p.BaseYear ? p.Base : p.Years.Single(y => y.Year == year);
        var cycles = totals.Cycles.Where(c => cycle is null || c.Name == cycle).ToList();
        return measure switch
        {
            "pupils" => (double)cycles.Sum(c => c.Total),
            "teachers" => cycles.Sum(c => c.Teachers),
            _ => cycles.Sum(c => c.Classrooms),
        };
    }

    /// <summary>Gap per province (local sums of its units) for the map.</summary>
    public static IReadOnlyDictionary<string, double> ProvinceGaps(ScenarioProjection p, string measure) =>
        p.Deficits.ByProvince.ToDictionary(g => g.Key, g => (double)(measure == "teachers" ? g.TeacherGapLocal : g.ClassroomGapLocal), StringComparer.Ordinal);

    public static string RegionOf(string province) => MoroccoGeography.FindProvince(province)?.RegionCode ?? "";

    /// <summary>New classrooms and teachers per region (sums of its provinces), regions in code order.</summary>
    public static IReadOnlyList<(string Region, int Classrooms, int Teachers)> ByRegion(AllocationResult a) =>
        [.. MoroccoGeography.Regions.Select(r =>
        {
            var sites = a.Sites.Where(s => s.Site.Region == r.Code).ToList();
            return (r.Code, sites.Sum(s => s.NewClassrooms), sites.Sum(s => s.NewTeachers));
        })];

    /// <summary>Parses a budget from the query (invariant culture, 0 … 10^12); null when absent or refused.</summary>
    public static decimal? Budget(string? text) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var b) && b is >= 0 and <= 1e12m ? b : null;

    public static string Amount(decimal v) => v.ToString("0", CultureInfo.InvariantCulture);
}
