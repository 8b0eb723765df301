using Microsoft.Playwright;

namespace Basira.EndToEnd;

/// <summary>
/// Charts and maps are drawn in the browser from the vendored ECharts (nothing from another host, no CSP violation),
/// checked by reading the drawn SVG elements, in a left-to-right and a right-to-left page.
/// </summary>
[Trait("Category", "E2E")]
public sealed class ChartAndMapTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    private sealed record Watched(IPage Page, List<string> ForeignRequests, List<string> CspViolations);

    private async Task<Watched> OpenAsync(string? username, string culture, string path)
    {
        var page = await fx.Browser.NewPatientPageAsync();
        var foreign = new List<string>();
        var csp = new List<string>();
        var origin = new Uri(fx.BaseUrl);
        page.Request += (_, r) =>
        {
            if (Uri.TryCreate(r.Url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" && (u.Host != origin.Host || u.Port != origin.Port))
                foreign.Add(r.Url);
        };
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) csp.Add(m.Text); };
        if (username is not null)
        {
            await page.GotoAsync($"{fx.BaseUrl}/login?culture={culture}&ui-culture={culture}");
            await page.FillAsync("#username", username);
            await page.FillAsync("#password", BrowserFixture.Password);
            await page.ClickAsync("button[type=submit]");
            await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));
        }
        await page.GotoAsync($"{fx.BaseUrl}{path}{(path.Contains('?') ? '&' : '?')}culture={culture}&ui-culture={culture}");
        return new Watched(page, foreign, csp);
    }

    private static async Task ShotAsync(IPage page, string name)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name), FullPage = true });
    }

    private static async Task DrawnAsync(IPage page, string selector)
    {
        await page.WaitForSelectorAsync($"{selector}[data-viz-state]", new() { State = WaitForSelectorState.Attached, Timeout = 20000 });
        Assert.Equal("drawn", await page.GetAttributeAsync(selector, "data-viz-state"));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ar")]
    public async Task The_fairness_audit_draws_each_groups_rates_with_their_intervals(string culture)
    {
        var w = await OpenAsync("auditeur", culture, "/audit");
        var charts = w.Page.Locator("[data-viz=interval]");
        Assert.True(await charts.CountAsync() >= 3); // sex, milieu, region, and their intersection
        var sex = w.Page.Locator("section.attribute[data-attribute=sex]");
        await DrawnAsync(w.Page, "section.attribute[data-attribute=sex] [data-viz=interval]");
        // One point per group and rate (selection rate, true positive rate) that the table shows as defined.
        var defined = await sex.Locator("tbody tr td[data-metric=selection_rate] .rate, tbody tr td[data-metric=tpr] .rate").CountAsync();
        Assert.True(defined >= 2);
        // The drawn SVG: each point is a circle of radius 5 (an arc path "A5 5 0 1 1"), each interval a vertical segment
        // through it; read their geometry back.
        var paths = await sex.Locator("[data-viz=interval] svg path").EvaluateAllAsync<string[]>("ps => ps.map(p => p.getAttribute('d') || '')");
        var points = paths.Select(d => System.Text.RegularExpressions.Regex.Match(d, @"^M(-?[\d.]+) (-?[\d.]+)A5 5 0 1 1")).Where(m => m.Success)
            .Select(m => (X: double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) - 5,
                          Y: double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(defined, points.Count);
        var segments = paths.Select(d => System.Text.RegularExpressions.Regex.Match(d, @"^M(-?[\d.]+) (-?[\d.]+)L(-?[\d.]+) (-?[\d.]+)$")).Where(m => m.Success)
            .Select(m => m.Groups.Values.Skip(1).Select(g => double.Parse(g.Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray())
            .Where(v => Math.Abs(v[0] - v[2]) < 0.01 && Math.Abs(v[1] - v[3]) > 0.01).ToList(); // vertical segments: the intervals
        Assert.All(points, p => Assert.Contains(segments, v => Math.Abs(v[0] - p.X) < 0.6 && Math.Min(v[1], v[3]) <= p.Y + 0.01 && Math.Max(v[1], v[3]) >= p.Y - 0.01));
        Assert.Equal(culture == "ar" ? "rtl" : "ltr", await w.Page.GetAttributeAsync("html", "dir"));
        await ShotAsync(w.Page, $"audit-chart-{culture}.png");
        Assert.Empty(w.ForeignRequests);
        Assert.Empty(w.CspViolations);
    }

    [Fact]
    public async Task The_register_draws_the_model_cards_roc_and_calibration_curves()
    {
        var w = await OpenAsync(null, "fr", "/register");
        var roc = w.Page.Locator("figure[id$='-curves-roc'] [data-viz=line]");
        await DrawnAsync(w.Page, "figure[id$='-curves-roc'] [data-viz=line]");
        await DrawnAsync(w.Page, "figure[id$='-curves-calibration'] [data-viz=line]");
        Assert.Contains("ROC", await roc.GetAttributeAsync("aria-label"));
        Assert.True(await roc.Locator("svg path").CountAsync() >= 2); // the model's curve and the diagonal
        await ShotAsync(w.Page, "register-curves-fr.png");
        var bins = await w.Page.Locator("table.calibration-bins tbody tr").CountAsync();
        Assert.InRange(bins, 2, 10);
        Assert.Empty(w.ForeignRequests);
        Assert.Empty(w.CspViolations);
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("ar")]
    public async Task The_analyst_map_shows_the_regions_and_drills_down_to_the_provinces(string culture)
    {
        var w = await OpenAsync("analyste", culture, "/");
        await DrawnAsync(w.Page, "#proposed-map [data-viz=choropleth]");
        Assert.True(await w.Page.Locator("#proposed-map svg path").CountAsync() >= 12);
        var busiest = w.Page.Locator("#region-table tbody tr").First;
        var region = await busiest.GetAttributeAsync("data-region");
        Assert.NotNull(region);
        await busiest.Locator("a").ClickAsync();
        await w.Page.WaitForURLAsync($"**region={region}**");
        await DrawnAsync(w.Page, "#proposed-map [data-viz=choropleth]");
        var provinces = Basira.Synth.Geography.MoroccoGeography.Provinces.Count(p => p.RegionCode == region);
        Assert.True(await w.Page.Locator("#proposed-map svg path").CountAsync() >= provinces);
        Assert.True(await w.Page.IsVisibleAsync("#map-back"));
        await ShotAsync(w.Page, $"map-{region}-{culture}.png");
        Assert.Contains("OpenStreetMap", await w.Page.TextContentAsync("#proposed-map figcaption"));
        Assert.Empty(w.ForeignRequests);
        Assert.Empty(w.CspViolations);
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("ar")]
    public async Task The_absenteeism_map_draws_the_regions_and_drills_down_to_provinces_and_schools(string culture)
    {
        var w = await OpenAsync("analyste", culture, "/absenteeism");
        await DrawnAsync(w.Page, "#absence-map [data-viz=choropleth]");
        Assert.True(await w.Page.Locator("#absence-map svg path").CountAsync() >= 12);
        await DrawnAsync(w.Page, "#absence-trend [data-viz=bar]");
        Assert.True(await w.Page.Locator("#absence-trend svg path").CountAsync() >= 9); // a bar per month at least
        Assert.False(string.IsNullOrWhiteSpace(await w.Page.TextContentAsync("#abs-test")));
        await ShotAsync(w.Page, $"absenteeism-national-{culture}.png");

        await w.Page.Locator("#abs-areas tbody tr[data-area=MA-06] a").ClickAsync();
        await w.Page.WaitForURLAsync("**region=MA-06**");
        await DrawnAsync(w.Page, "#absence-map [data-viz=choropleth]");
        var provinces = Basira.Synth.Geography.MoroccoGeography.Provinces.Count(p => p.RegionCode == "MA-06");
        Assert.True(await w.Page.Locator("#absence-map svg path").CountAsync() >= provinces);
        await w.Page.Locator("#abs-areas tbody tr[data-area=MA-CAS] a").ClickAsync();
        await w.Page.WaitForURLAsync("**province=MA-CAS**");
        Assert.True(await w.Page.Locator("#abs-areas tbody tr").CountAsync() >= 1); // the province's schools
        Assert.Contains("OpenStreetMap", await w.Page.TextContentAsync("#absence-map figcaption"));
        Assert.Empty(w.ForeignRequests);
        Assert.Empty(w.CspViolations);
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("ar")]
    public async Task The_class_view_draws_the_mastery_of_each_skill_practised(string culture)
    {
        var w = await OpenAsync("enseignant", culture, "/learning/class?id=CLASS-3A");
        await DrawnAsync(w.Page, "#learning-class-chart [data-viz=bar]");
        var columns = await w.Page.Locator("#learning-class-table thead th[data-skill]").CountAsync();
        Assert.True(columns >= 3, $"{columns} skills practised");
        Assert.True(await w.Page.Locator("#learning-class-chart svg path").CountAsync() >= columns, "one bar per skill practised");
        Assert.Empty(w.ForeignRequests);
        Assert.Empty(w.CspViolations);
        await ShotAsync(w.Page, $"learning-class-{culture}.png");
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("ar")]
    public async Task The_mini_grid_page_draws_the_dispatch_day_by_day_and_the_plan_page_its_years(string culture)
    {
        var w = await OpenAsync("analyste", culture, "/energy/minigrid?controller=rule");
        await DrawnAsync(w.Page, "#chart-dispatch-days [data-viz=bar]");
        Assert.True(await w.Page.Locator("#chart-dispatch-days svg path, #chart-dispatch-days svg rect").CountAsync() >= 14);
        Assert.Equal(14, await w.Page.Locator("#dispatch-days tbody tr").CountAsync());
        Assert.Equal("rule", await w.Page.GetAttributeAsync("#dispatch-totals", "data-controller"));
        await ShotAsync(w.Page, $"energy-minigrid-{culture}.png");
        Assert.Empty(w.ForeignRequests);
        Assert.Empty(w.CspViolations);

        var p = await OpenAsync("analyste", culture, "/energy/plan");
        await DrawnAsync(p.Page, "#chart-plan-capacity [data-viz=bar]");
        Assert.Equal("OPTIMAL", await p.Page.GetAttributeAsync("#plan-status", "data-status"));
        Assert.Equal(6, await p.Page.Locator("#plan-years tbody tr").CountAsync());
        await ShotAsync(p.Page, $"energy-plan-{culture}.png");
        Assert.Empty(p.ForeignRequests);
        Assert.Empty(p.CspViolations);
    }
}
