using System.Text.Json;
using System.Text.Json.Nodes;
using Basira.Server.Components.Viz;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Basira.Server.Tests;

/// <summary>The chart and map components render the spec the script draws; the vendored files are served offline.</summary>
public sealed class VizTests(DemoPlatformFixture fx) : IClassFixture<DemoPlatformFixture>
{
    private static async Task<string> RenderAsync<T>(Dictionary<string, object?> parameters) where T : IComponent
    {
        await using var services = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
        return await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<T>(ParameterView.FromDictionary(parameters))).ToHtmlString());
    }

    /// <summary>The markup with character references decoded (the renderer may encode non-ASCII letters).</summary>
    private static async Task<string> RenderTextAsync<T>(Dictionary<string, object?> parameters) where T : IComponent
    {
        var html = await RenderAsync<T>(parameters);
        return System.Text.RegularExpressions.Regex.Replace(html, "&#x([0-9A-Fa-f]+);", m => char.ConvertFromUtf32(Convert.ToInt32(m.Groups[1].Value, 16)));
    }

    private static JsonObject SpecOf(string html)
    {
        var m = System.Text.RegularExpressions.Regex.Match(html, "data-viz-spec=\"([^\"]*)\"");
        Assert.True(m.Success, html);
        return JsonNode.Parse(System.Net.WebUtility.HtmlDecode(m.Groups[1].Value))!.AsObject();
    }

    [Fact]
    public async Task Interval_chart_renders_its_spec_in_snake_case_with_an_accessible_name()
    {
        var spec = new IntervalChartSpec("Taux de sélection par sexe", ["F", "M"],
            [new IntervalSeries("Taux de sélection", [0.1, null], [0.055, null], [0.174, null])], YLabel: "Taux");
        var html = await RenderTextAsync<Chart>(new() { ["Spec"] = spec, ["Id"] = "fairness-sex" });
        Assert.Contains("role=\"img\"", html);
        Assert.Contains("aria-label=\"Taux de sélection par sexe\"", html);
        Assert.Contains("data-viz=\"interval\"", html);
        var json = SpecOf(html);
        Assert.Equal("Taux", json["y_label"]!.GetValue<string>());
        Assert.Equal(0.174, json["series"]![0]!["upper"]![0]!.GetValue<double>());
        Assert.Null(json["series"]![0]!["values"]![1]); // undefined stays null, never 0
        Assert.False(json.ContainsKey("x_label")); // nulls are left out
    }

    [Fact]
    public async Task National_map_lists_the_twelve_regions_and_a_region_map_only_its_provinces()
    {
        var national = SpecOf(await RenderAsync<MoroccoMap>(new()
        {
            ["Title"] = "t", ["ValueLabel"] = "v", ["NoData"] = "-", ["Attribution"] = "© OpenStreetMap",
            ["Areas"] = MoroccoAreas.Regions(new Dictionary<string, double> { ["MA-06"] = 12 }, "ar", c => "/map?region=" + c),
        }));
        Assert.Equal(MoroccoMap.RegionsLayer, national["layer"]!.GetValue<string>());
        var areas = national["areas"]!.AsArray();
        Assert.Equal(12, areas.Count);
        var casa = areas.Single(a => a!["id"]!.GetValue<string>() == "MA-06")!;
        Assert.Equal(12, casa["value"]!.GetValue<double>());
        Assert.Equal("/map?region=MA-06", casa["href"]!.GetValue<string>());
        Assert.Matches("[\u0600-\u06FF]", casa["name"]!.GetValue<string>());
        Assert.Null(areas.First(a => a!["id"]!.GetValue<string>() == "MA-01")!["value"]);

        var html = await RenderTextAsync<MoroccoMap>(new()
        {
            ["Title"] = "t", ["ValueLabel"] = "v", ["NoData"] = "-", ["Attribution"] = "© OpenStreetMap", ["Region"] = "MA-06",
            ["Areas"] = MoroccoAreas.Provinces("MA-06", new Dictionary<string, double>(), "fr"),
        });
        Assert.Contains("© OpenStreetMap", html);
        var region = SpecOf(html);
        Assert.Equal(MoroccoMap.ProvincesLayer, region["layer"]!.GetValue<string>());
        Assert.Equal("MA-06", region["filter_region"]!.GetValue<string>());
        Assert.Contains(region["areas"]!.AsArray(), a => a!["id"]!.GetValue<string>() == "MA-CAS");
        Assert.All(region["areas"]!.AsArray(), a =>
            Assert.Equal("MA-06", Basira.Synth.Geography.MoroccoGeography.FindProvince(a!["id"]!.GetValue<string>())!.RegionCode));
    }

    [Theory]
    [InlineData("/lib/echarts/echarts.min.js", "text/javascript")]
    [InlineData("/js/basira-viz.js", "text/javascript")]
    [InlineData("/geo/ma-regions.geojson", "application/geo+json")]
    public async Task Vendored_files_are_served_by_the_platform_itself(string path, string type)
    {
        using var client = fx.CreateClient();
        var r = await client.GetAsync(path);
        Assert.Equal(System.Net.HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(type, r.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Map_layers_hold_every_region_and_province_of_the_reference_tables()
    {
        using var client = fx.CreateClient();
        using var regions = JsonDocument.Parse(await client.GetStringAsync("/geo/ma-regions.geojson"));
        using var provinces = JsonDocument.Parse(await client.GetStringAsync("/geo/ma-provinces.geojson"));
        var regionIds = regions.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToHashSet();
        Assert.Equal(Basira.Synth.Geography.MoroccoGeography.Regions.Select(r => r.Code).ToHashSet(), regionIds);
        var provinceRegions = provinces.RootElement.GetProperty("features").EnumerateArray()
            .ToDictionary(f => f.GetProperty("id").GetString()!, f => f.GetProperty("properties").GetProperty("region").GetString());
        Assert.Equal(75, provinceRegions.Count);
        Assert.All(Basira.Synth.Geography.MoroccoGeography.Provinces, p => Assert.Equal(p.RegionCode, provinceRegions[p.Code]));
    }
}
