using Microsoft.Playwright;

namespace Basira.EndToEnd;

/// <summary>The load-forecast page draws its chart (points with their intervals) in the browser, left to right and right to left.</summary>
[Trait("Category", "E2E")]
public sealed class EnergyForecastPageTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData("fr")]
    [InlineData("ar")]
    public async Task The_forecast_chart_is_drawn_with_a_mark_per_hour_and_no_foreign_request(string culture)
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
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));
        await page.GotoAsync($"{fx.BaseUrl}/energy/forecast?horizon=24&culture={culture}&ui-culture={culture}", new() { Timeout = 120000 });

        const string chart = "#energy-forecast-chart [data-viz=interval]";
        await page.WaitForSelectorAsync($"{chart}[data-viz-state]", new() { State = WaitForSelectorState.Attached, Timeout = 30000 });
        Assert.Equal("drawn", await page.GetAttributeAsync(chart, "data-viz-state"));
        // 48 observed hours and 24 forecast hours, one point each (a circle of radius 5, drawn as an arc path)
        var paths = await page.Locator($"{chart} svg path").EvaluateAllAsync<string[]>("ps => ps.map(p => p.getAttribute('d') || '')");
        Assert.Equal(72, paths.Count(d => System.Text.RegularExpressions.Regex.IsMatch(d, @"^M(-?[\d.]+) (-?[\d.]+)A5 5 0 1 1")));
        Assert.Equal(24, await page.Locator("#energy-hours tbody tr").CountAsync());
        if (culture == "ar") Assert.Equal("rtl", await page.GetAttributeAsync("html", "dir"));
        Assert.Empty(foreign);
        Assert.Empty(csp);
        var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, $"energy-forecast-{culture}.png"), FullPage = true });
        await page.CloseAsync();
    }
}
