using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Basira.Server.Tests;

/// <summary>/planning: charts per scenario with their tables, the map of deficits per province, the allocation; fr/ar/en.</summary>
public sealed partial class PlanningPageTests(DemoPlatformFixture platform) : IClassFixture<DemoPlatformFixture>
{
    private static string Decode(string html) => WebUtility.HtmlDecode(html);

    private static IEnumerable<(string Kind, JsonObject Spec)> Specs(string html) =>
        VizAttr().Matches(html).Select(m => (m.Groups[1].Value, JsonNode.Parse(WebUtility.HtmlDecode(m.Groups[2].Value))!.AsObject()));

    [Theory]
    [InlineData("fr", "Planification des enseignants")]
    [InlineData("ar", "تخطيط المدرسين")]
    [InlineData("en", "Planning teachers and classrooms")]
    public async Task Analyst_sees_charts_per_scenario_the_province_map_and_the_allocation(string culture, string heading)
    {
        var raw = await (await platform.SignedInAsync("analyste")).GetStringAsync($"/planning?culture={culture}");
        var html = Decode(raw);
        Assert.Contains(heading, html, StringComparison.Ordinal);
        var specs = Specs(raw).ToList();
        // three charts of the projections (pupils, teachers, classrooms), one series per scenario and one bar per year
        var projections = specs.Where(s => s.Kind == "bar").Take(3).ToList();
        Assert.Equal(3, projections.Count);
        Assert.All(projections, s =>
        {
            Assert.Equal(4, s.Spec["series"]!.AsArray().Count);
            Assert.Equal(["2024", "2025", "2026", "2027", "2028", "2029", "2030"], s.Spec["categories"]!.AsArray().Select(c => c!.GetValue<string>()));
        });
        // the map: every province, with the deficit of each
        var map = specs.Single(s => s.Kind == "choropleth").Spec;
        Assert.Equal("/geo/ma-provinces.geojson", map["layer"]!.GetValue<string>());
        Assert.False(map.ContainsKey("filter_region"));
        Assert.Equal(75, map["areas"]!.AsArray().Count);
        Assert.Contains("OpenStreetMap", html, StringComparison.Ordinal);
        Assert.Equal(75, ProvinceRow().Matches(raw).Count);
        // the allocation chart per region and its figures
        Assert.Equal(12, specs.Where(s => s.Kind == "bar").Last().Spec["categories"]!.AsArray().Count);
        Assert.Contains("data-figure=\"new_teachers\"", raw, StringComparison.Ordinal);
        Assert.Contains("id=\"planning-deficit-table\"", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_tables_carry_the_figures_of_the_charts()
    {
        var raw = await (await platform.SignedInAsync("admin")).GetStringAsync("/planning?culture=en&cycle=college");
        var chart = Specs(raw).First(s => s.Kind == "bar").Spec; // pupils
        var baseline = chart["series"]![0]!["values"]!.AsArray().Select(v => Math.Round(v!.GetValue<double>())).ToList();
        var table = Regex.Match(raw, "<table id=\"planning-table-pupils\"(.*?)</table>", RegexOptions.Singleline).Groups[1].Value;
        var cells = Regex.Matches(table, "<td data-variant=\"baseline\">([0-9]+)</td>").Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(baseline, cells);
        Assert.Contains("lower secondary (collège)", WebUtility.HtmlDecode(chart["title"]!.GetValue<string>()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Variant_measure_and_budget_come_from_the_address_and_a_bad_budget_is_said()
    {
        var analyst = await platform.SignedInAsync("analyste");
        var raw = await analyst.GetStringAsync("/planning?culture=fr&variant=classes_of_40&measure=teachers&budget=100000");
        Assert.Contains("<option value=\"classes_of_40\" selected", raw, StringComparison.Ordinal);
        Assert.Contains("<option value=\"teachers\" selected", raw, StringComparison.Ordinal);
        Assert.Matches("data-figure=\"spent\">[0-9]+ / 100000<", raw);
        var bad = await analyst.GetStringAsync("/planning?culture=en&budget=-5");
        Assert.Contains("id=\"planning-budget-refused\"", bad, StringComparison.Ordinal);
        var unknown = await analyst.GetAsync("/planning?variant=nope&cycle=nope&measure=nope");
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode); // filters fall back to their defaults
    }

    [Fact]
    public async Task Only_planners_see_the_page_and_its_link()
    {
        var auditor = await platform.SignedInAsync("auditeur");
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.GetAsync("/planning?culture=fr")).StatusCode);
        Assert.DoesNotContain("href=\"/planning\"", await auditor.GetStringAsync("/?culture=fr"), StringComparison.Ordinal);
        Assert.Contains("href=\"/planning\"", await (await platform.SignedInAsync("analyste")).GetStringAsync("/?culture=fr"), StringComparison.Ordinal);
    }

    [GeneratedRegex("data-viz=\"([a-z]+)\" data-viz-spec=\"([^\"]*)\"")]
    private static partial Regex VizAttr();

    [GeneratedRegex("<tr data-province=\"MA-[A-Z]{3}\" data-region=\"MA-[0-9]{2}\" data-classroom-gap")]
    private static partial Regex ProvinceRow();
}
