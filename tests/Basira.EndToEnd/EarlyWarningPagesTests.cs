using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Basira.Education.Warning;
using Basira.Governance.Access;
using Basira.Server;
using Basira.Server.Demo;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Basira.EndToEnd;

/// <summary>The platform with the demo and one national early-warning run over a small SYNTHETIC Morocco, and a browser.</summary>
public sealed class WarningBrowserFixture : IAsyncLifetime
{
    public const string Password = "e2e-password-123";
    private readonly string _dir = Directory.CreateTempSubdirectory("basira-e2e-warn-").FullName;
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;
    public string School { get; private set; } = "";
    public WarningRunReport Run { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using (var l = new TcpListener(IPAddress.Loopback, 0))
        {
            l.Start();
            BaseUrl = $"http://127.0.0.1:{((IPEndPoint)l.LocalEndpoint).Port}";
        }
        _app = ServerApp.Create(["--urls", BaseUrl, "--Basira:DataDir", _dir, "--environment", "Testing", "--Basira:SignIn:PermitPerMinute", "100000"]);
        // The demo seeds a SYNTHETIC national population, runs the national early warning on it and creates
        // "directeur-national" for the school with the most pupils proposed.
        var report = DemoSeeder.Seed(_app.Services, _ => Password, _ => { }, pupils: 600, nationalPupils: 8_000, nationalSeed: 11);
        Run = report.Warning ?? throw new InvalidOperationException("the demo made no national early-warning run");
        School = _app.Services.GetRequiredService<UserStore>().Find("directeur-national")!.ScopeValue!;
        await _app.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_app is not null) { await _app.StopAsync(); await _app.DisposeAsync(); }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}

/// <summary>
/// The school director's early-warning list in a browser, in French, Arabic and English: their school's pupils with
/// each one's explanation, a case opened from the form, right to left in Arabic, nothing fetched elsewhere, and no
/// serious or critical accessibility violation; the analysts' dashboard draws its map and causes chart.
/// </summary>
[Trait("Category", "E2E")]
public sealed class EarlyWarningPagesTests(WarningBrowserFixture fx) : IClassFixture<WarningBrowserFixture>
{
    private async Task<(IBrowserContext Context, IPage Page, List<string> Foreign)> SignInAsync(string user, bool bypassCsp = false)
    {
        var context = await fx.Browser.NewPatientContextAsync(new BrowserNewContextOptions { BypassCSP = bypassCsp });
        var foreign = new List<string>();
        var origin = new Uri(fx.BaseUrl).GetLeftPart(UriPartial.Authority);
        context.Request += (_, r) =>
        {
            if (!r.Url.StartsWith(origin + "/", StringComparison.Ordinal) && !r.Url.StartsWith("data:", StringComparison.Ordinal))
                lock (foreign) foreign.Add(r.Url);
        };
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{fx.BaseUrl}/login");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", WarningBrowserFixture.Password);
        await page.ClickAsync("#login-form button[type=submit]");
        await page.WaitForURLAsync($"{fx.BaseUrl}/");
        return (context, page, foreign);
    }

    [Fact]
    public async Task The_director_reads_each_pupils_explanation_and_opens_a_case_from_the_list_in_three_languages()
    {
        var (context, page, foreign) = await SignInAsync("directeur-national");
        foreach (var lang in new[] { "fr", "ar", "en" })
        {
            await page.GotoAsync($"{fx.BaseUrl}/education/early-warning/school?culture={lang}&ui-culture={lang}");
            Assert.Equal(lang == "ar" ? "rtl" : "ltr", await page.EvalOnSelectorAsync<string>("main", "e => getComputedStyle(e).direction"));
            var rows = page.Locator("#ew-school-list tbody tr");
            Assert.True(await rows.CountAsync() >= 2);
            // Ranked from 1, each with the inputs that weigh most in its risk.
            Assert.Equal("1", await rows.First.GetAttributeAsync("data-rank"));
            Assert.Equal(3, await rows.First.Locator("ul.drivers li").CountAsync());
        }
        // Open a case with the form of the first pupil: the page comes back with the case open.
        await page.GotoAsync($"{fx.BaseUrl}/education/early-warning/school?culture=en&ui-culture=en");
        var first = page.Locator("#ew-school-list tbody tr").First;
        var id = await first.GetAttributeAsync("data-decision");
        await first.Locator("select[name=action]").SelectOptionAsync("tutoring");
        await first.Locator("input[name=note]").FillAsync("twice a week after class");
        await first.Locator("form.case-open button[type=submit]").ClickAsync();
        await page.WaitForURLAsync($"**#pupil-{id}");
        var row = page.Locator($"#pupil-{id}");
        Assert.Equal("open", await row.Locator("td.case").GetAttributeAsync("data-state"));
        Assert.Contains("Tutoring", await row.Locator("td.case").InnerTextAsync());
        // Then follow it up and close it.
        await row.Locator("form.case-follow input[name=note]").FillAsync("met the family");
        await row.Locator("form.case-follow button[type=submit]").ClickAsync();
        await page.WaitForURLAsync($"**#pupil-{id}");
        Assert.Equal("in_progress", await page.Locator($"#pupil-{id} td.case").GetAttributeAsync("data-state"));
        await page.Locator($"#pupil-{id} form.case-close select[name=outcome]").SelectOptionAsync("stayed");
        await page.Locator($"#pupil-{id} form.case-close button[type=submit]").ClickAsync();
        await page.WaitForURLAsync($"**#pupil-{id}");
        Assert.Equal("closed", await page.Locator($"#pupil-{id} td.case").GetAttributeAsync("data-state"));
        Assert.Empty(foreign);
        await context.CloseAsync();
    }

    [Fact]
    public async Task The_director_page_and_the_dashboard_have_no_serious_accessibility_violation_and_the_dashboard_draws_its_map()
    {
        var axe = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vendor", "axe-core", "axe.min.js"));
        var problems = new List<string>();
        foreach (var (user, path) in new[] { ("directeur-national", "/education/early-warning/school"), ("analyste", "/education/early-warning") })
        {
            var (context, page, foreign) = await SignInAsync(user, bypassCsp: true);
            foreach (var lang in new[] { "fr", "ar", "en" })
            {
                await page.GotoAsync($"{fx.BaseUrl}{path}?culture={lang}&ui-culture={lang}");
                if (path == "/education/early-warning")
                {
                    await page.WaitForSelectorAsync("#ew-map [data-viz-state]", new() { State = WaitForSelectorState.Attached, Timeout = 20000 });
                    Assert.Equal("drawn", await page.GetAttributeAsync("#ew-map [data-viz]", "data-viz-state"));
                    Assert.True(await page.Locator("#ew-map svg path").CountAsync() >= 12);
                    await page.WaitForSelectorAsync("#ew-causes-chart [data-viz-state]", new() { State = WaitForSelectorState.Attached, Timeout = 20000 });
                }
                await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = axe });
                var json = await page.EvaluateAsync<string>(
                    "async () => JSON.stringify((await axe.run(document, { resultTypes: ['violations'] })).violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) })))");
                foreach (var v in JsonDocument.Parse(json).RootElement.EnumerateArray())
                    if (v.GetProperty("impact").GetString() is "serious" or "critical")
                        problems.Add($"{user}{path} [{lang}] {v.GetProperty("id").GetString()}: {v.GetProperty("nodes")}");
            }
            Assert.Empty(foreign);
            await context.CloseAsync();
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task The_aref_analyst_opens_the_absenteeism_and_early_warning_dashboards_at_their_region_and_no_other()
    {
        var (context, page, foreign) = await SignInAsync("analyste-aref");
        await page.GotoAsync($"{fx.BaseUrl}/absenteeism?culture=fr&ui-culture=fr");
        Assert.Equal("region", await page.GetAttributeAsync("#abs-title", "data-level"));
        var region = (await page.GetAttributeAsync("#abs-title", "data-key"))!;
        await page.WaitForSelectorAsync("#absence-map [data-viz=choropleth][data-viz-state]", new() { State = WaitForSelectorState.Attached, Timeout = 20000 });
        Assert.Equal("drawn", await page.GetAttributeAsync("#absence-map [data-viz=choropleth]", "data-viz-state"));
        // Down to one of their provinces from the table.
        await page.Locator("#abs-areas tbody tr a").First.ClickAsync();
        await page.WaitForURLAsync("**province=**");
        Assert.Equal("province", await page.GetAttributeAsync("#abs-title", "data-level"));
        // The early-warning dashboard opens at the same region, its map drawn.
        await page.GotoAsync($"{fx.BaseUrl}/education/early-warning?culture=fr&ui-culture=fr");
        Assert.Equal(region, await page.GetAttributeAsync("#ew-run", "data-run-area"));
        await page.WaitForSelectorAsync("#ew-map [data-viz-state]", new() { State = WaitForSelectorState.Attached, Timeout = 20000 });
        Assert.Equal("drawn", await page.GetAttributeAsync("#ew-map [data-viz]", "data-viz-state"));
        // Another region: not found, on both dashboards.
        var other = region == "MA-06" ? "MA-05" : "MA-06";
        Assert.Equal(404, (await page.GotoAsync($"{fx.BaseUrl}/absenteeism?region={other}"))!.Status);
        Assert.Equal(404, (await page.GotoAsync($"{fx.BaseUrl}/education/early-warning?region={other}"))!.Status);
        Assert.Empty(foreign);
        await context.CloseAsync();
    }
}
