using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Basira.Energy.Forecasting;

namespace Basira.Server.Tests;

/// <summary>The load forecast: API (configured series, posted series, scenarios) and the page, in three languages.</summary>
public sealed class EnergyForecastTests(DemoPlatformFixture platform) : IClassFixture<DemoPlatformFixture>
{
    [Fact]
    public async Task The_day_ahead_forecast_has_intervals_around_each_point_the_calendar_and_the_stability_view()
    {
        var client = await platform.SignedInAsync("analyste");
        var doc = (await client.GetFromJsonAsync<JsonObject>("/api/energy/forecast?horizon=24&capacity=6000&reserve_margin=0.1"))!;
        Assert.True((bool)doc["synthetic"]!);
        var hours = doc["hours"]!.AsArray();
        Assert.Equal(24, hours.Count);
        Assert.Equal("2024-07-30T00:00", (string)hours[0]!["time"]!);
        foreach (var h in hours)
        {
            var f = (double)h!["forecast"]!;
            Assert.True((double)h["lower_95"]! <= (double)h["lower_80"]! && (double)h["lower_80"]! <= f);
            Assert.True(f <= (double)h["upper_80"]! && (double)h["upper_80"]! <= (double)h["upper_95"]!);
            Assert.Equal("Throne Day", (string?)h["holiday"]); // 30 July
            // the flag follows the rule: short below the margin at the point, at risk below it at the upper bound only
            var margin = (6000 - f) / f;
            var marginUp = (6000 - (double)h["upper_95"]!) / (double)h["upper_95"]!;
            var expected = margin < 0.1 ? "short" : marginUp < 0.1 ? "at_risk" : null;
            Assert.Equal(expected, (string?)h["flag"]);
        }
        var s = doc["stability"]!;
        Assert.Equal(hours.Max(h => (double)h!["forecast"]!), (double)s["peak"]!["value"]!, 6);
        Assert.Equal(hours.Count(h => (string?)h!["flag"] == "short"), (int)s["short_hours"]!);
        Assert.True((double)doc["validation"]!["mae"]! > 0);
    }

    [Fact]
    public async Task A_posted_series_is_forecast_and_a_bad_cell_is_a_problem_naming_line_and_field()
    {
        var client = await platform.SignedInAsync("admin");
        var csv = DemoLoad.Csv(new DateTime(2024, 1, 1), 24 * 40);
        var ok = await client.PostAsJsonAsync("/api/energy/forecast", new { csv, target = "load_mw", horizon = 24 });
        Assert.True(ok.StatusCode == HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
        var doc = (await ok.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(24, doc["hours"]!.AsArray().Count);
        Assert.Equal("2024-02-10T00:00", (string)doc["origin"]!);

        var lines = csv.Split('\n');
        lines[5] = "2024-01-01 04:00,12x4,10.0";
        var bad = await client.PostAsJsonAsync("/api/energy/forecast", new { csv = string.Join('\n', lines), target = "load_mw" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = (await bad.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("load_mw", (string)problem["field"]!);
        Assert.Contains("line 6", (string)problem["detail"]!);

        var horizon = await client.GetAsync("/api/energy/forecast?horizon=12");
        Assert.Equal(HttpStatusCode.BadRequest, horizon.StatusCode);
    }

    [Fact]
    public async Task Demand_scenarios_compound_from_the_2024_base()
    {
        var client = await platform.SignedInAsync("analyste");
        var doc = (await client.GetFromJsonAsync<JsonObject>("/api/energy/forecast/scenarios?last_year=2030"))!;
        var scenarios = doc["scenarios"]!.AsArray();
        Assert.Equal(["measured", "historical", "digital_strategy"], scenarios.Select(s => (string)s!["id"]!));
        var measured2030 = scenarios[0]!["years"]!.AsArray().Last()!;
        Assert.Equal(2030, (int)measured2030["year"]!);
        Assert.Equal(45.713 * Math.Pow(1.035, 6), (double)measured2030["energy_twh"]!, 6);
    }

    [Theory]
    [InlineData("fr", "Prévision de la demande électrique")]
    [InlineData("ar", "توقع الطلب على الكهرباء")]
    [InlineData("en", "Electricity demand forecast")]
    public async Task The_page_shows_the_chart_the_hours_the_flags_and_the_scenarios_in_each_language(string culture, string title)
    {
        var client = await platform.SignedInAsync("analyste");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/energy/forecast?horizon=168&capacity=7000&margin=0.15&culture={culture}"));
        Assert.Contains($"<h1>{title}</h1>", html);
        Assert.Contains("id=\"energy-synthetic\"", html);
        Assert.Contains("data-viz=\"interval\"", html);
        var rows = Regex.Matches(html, "<tr data-hour=\"([^\"]+)\" data-flag=\"([a-z_]+)\"");
        Assert.Equal(168, rows.Count);
        var flagged = rows.Count(m => m.Groups[2].Value != "none");
        var counts = Regex.Match(html, "data-short=\"(\\d+)\" data-at-risk=\"(\\d+)\"");
        Assert.Equal(flagged, int.Parse(counts.Groups[1].Value, CultureInfo.InvariantCulture) + int.Parse(counts.Groups[2].Value, CultureInfo.InvariantCulture));
        Assert.True(flagged > 0, "a week of summer load against 7,000 MW with a 15 % margin should flag some hours");
        Assert.Equal(3, Regex.Matches(html, "<tr data-scenario=").Count);
        Assert.Contains("href=\"/energy/forecast\"", html); // the navigation link
        if (culture == "ar") Assert.Contains("dir=\"rtl\"", html);
    }

    [Fact]
    public async Task Roles_without_the_policy_get_no_link_and_a_403()
    {
        var client = await platform.SignedInAsync("directeur");
        Assert.DoesNotContain("href=\"/energy/forecast\"", await client.GetStringAsync("/?culture=fr"));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/energy/forecast")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/energy/forecast")).StatusCode);
    }
}
