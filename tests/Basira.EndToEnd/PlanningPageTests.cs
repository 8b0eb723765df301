using Microsoft.Playwright;

namespace Basira.EndToEnd;

/// <summary>/planning in the browser: the projection charts, the map of the 75 provinces and the allocation chart draw, offline.</summary>
[Trait("Category", "E2E")]
[Collection(BrowserCollection.Name)]
public sealed class PlanningPageTests(BrowserFixture fx)
{
    private static async Task DrawnAsync(IPage page, string selector)
    {
        await page.WaitForSelectorAsync($"{selector}[data-viz-state]", new() { State = WaitForSelectorState.Attached, Timeout = 30000 });
        Assert.Equal("drawn", await page.GetAttributeAsync(selector, "data-viz-state"));
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("ar")]
    public async Task Charts_per_scenario_the_deficit_map_and_the_allocation_draw(string culture)
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
        await page.GotoAsync($"{fx.BaseUrl}/login?culture={culture}&ui-culture={culture}");
        await page.FillAsync("#username", "analyste");
        await page.FillAsync("#password", BrowserFixture.Password);
        await page.ClickAsync("#login-form button[type=submit]");
        await page.WaitForURLAsync($"{fx.BaseUrl}/");
        await page.GotoAsync($"{fx.BaseUrl}/planning?culture={culture}&ui-culture={culture}");

        foreach (var m in new[] { "pupils", "teachers", "classrooms" })
        {
            await DrawnAsync(page, $"#planning-chart-{m} [data-viz=bar]");
            // 7 years × 4 scenarios: one bar (an SVG path) each, besides the axes
            Assert.True(await page.Locator($"#planning-chart-{m} svg path").CountAsync() >= 28);
        }
        await DrawnAsync(page, "#deficit-map [data-viz=choropleth]");
        Assert.True(await page.Locator("#deficit-map svg path").CountAsync() >= 75);
        Assert.Contains("OpenStreetMap", await page.TextContentAsync("#deficit-map figcaption"));
        await DrawnAsync(page, "#planning-allocation-chart [data-viz=bar]");
        Assert.Equal(culture == "ar" ? "rtl" : "ltr", await page.GetAttributeAsync("html", "dir"));

        // choosing another scenario and measure redraws the map from the address
        await page.SelectOptionAsync("#planning-variant", "classes_of_40");
        await page.SelectOptionAsync("#planning-measure", "teachers");
        await page.ClickAsync("#planning-map-form button[type=submit]");
        await page.WaitForURLAsync("**variant=classes_of_40**");
        await DrawnAsync(page, "#deficit-map [data-viz=choropleth]");

        var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, $"planning-{culture}.png"), FullPage = true });
        Assert.Empty(foreign);
        Assert.Empty(csp);
        await page.CloseAsync();
    }
}
