using System.Net;
using System.Net.Sockets;
using Basira.Server;
using Basira.Server.Demo;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace Basira.EndToEnd;

/// <summary>The real server on loopback, driven by Debian's Chromium through Playwright (nothing downloaded).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Password = "e2e-password-123";
    private readonly string _dir = Directory.CreateTempSubdirectory("basira-e2e-").FullName;
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;
    public DemoReport Report { get; private set; } = null!;

    public static string ChromiumPath => Environment.GetEnvironmentVariable("BASIRA_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        // The browser tests sign in far more often than people do: the per-address sign-in limit is lifted here.
        _app = ServerApp.Create(["--urls", BaseUrl, "--Basira:DataDir", _dir, "--environment", "Testing", "--Basira:SignIn:PermitPerMinute", "100000"]);
        Report = DemoSeeder.Seed(_app.Services, _ => Password, _ => { }, pupils: 1500);
        await _app.StartAsync();
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Chromium not found at {ChromiumPath}: install Debian's 'chromium' package (.ci/run does).");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
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

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}

/// <summary>One server and one browser for every browser test (the demo is seeded once).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

[Trait("Category", "E2E")]
[Collection(BrowserCollection.Name)]
public sealed class NoticeAndObjectionTests(BrowserFixture fx)
{
    private static string Screenshots => Path.Combine(AppContext.BaseDirectory, "screenshots");

    private async Task<IPage> SignInAsync(string username, string culture = "fr")
    {
        var page = await fx.Browser.NewPatientPageAsync();
        await page.GotoAsync($"{fx.BaseUrl}/login?culture={culture}&ui-culture={culture}");
        await page.FillAsync("#username", username);
        await page.FillAsync("#password", BrowserFixture.Password);
        await page.ClickAsync("#login-form button[type=submit]");
        await page.WaitForURLAsync($"{fx.BaseUrl}/"); // the role's home page
        return page;
    }

    [Fact]
    public async Task A_guardian_opens_the_notice_and_files_an_objection()
    {
        var page = await SignInAsync("tuteur2");
        await page.ClickAsync($"a[href='/decisions/{fx.Report.OpenDecisionId}']");
        await page.WaitForURLAsync($"**/decisions/{fx.Report.OpenDecisionId}");
        var mention = await page.TextContentAsync("#l1 + p");
        Assert.Contains("traitement algorithmique", mention);
        Assert.Equal(3, await page.Locator("#top-factors li").CountAsync());
        // L2 one click away: the counterfactual (field 12) is there once the details are opened
        Assert.False(await page.IsVisibleAsync("#counterfactual"));
        await page.ClickAsync("details.card > summary");
        Assert.Contains("sous le seuil", await page.TextContentAsync("#counterfactual"));
        // The vendored stylesheet is served by the platform itself (no CDN): the header takes its colour.
        Assert.Equal("rgb(11, 94, 60)", await page.EvalOnSelectorAsync<string>("header", "e => getComputedStyle(e).backgroundColor"));
        await page.SelectOptionAsync("#grounds", "data_error");
        await page.FillAsync("#statement", "Les absences de novembre étaient justifiées par un certificat médical.");
        await page.ClickAsync("#objection button[type=submit]");
        await page.WaitForSelectorAsync("#receipt");
        var receipt = await page.TextContentAsync("#receipt");
        Assert.Contains("RCPT-", receipt);
        Assert.Contains("accusé de réception envoyé", await page.TextContentAsync("#objection-list"));
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "notice-objection-fr.png"), FullPage = true });
    }

    [Fact]
    public async Task The_notice_is_right_to_left_in_Arabic()
    {
        var page = await SignInAsync("tuteur1", "ar");
        await page.GotoAsync($"{fx.BaseUrl}/decisions/{fx.Report.ObjectionDecisionId}");
        Assert.Equal("rtl", await page.GetAttributeAsync("html", "dir"));
        Assert.Contains("معالجة خوارزمية", await page.TextContentAsync("main"));
        Assert.Contains(fx.Report.ObjectionId, await page.TextContentAsync("#objection-list")); // the seeded objection is listed
        Assert.Contains("السبب", await page.TextContentAsync("#objection")); // the objection form is in Arabic too
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "notice-ar.png"), FullPage = true });
    }

    [Fact]
    public async Task A_reviewer_decides_the_objection_under_review_and_the_auditor_sees_the_audit()
    {
        var page = await SignInAsync("reviseur", "en");
        await page.GotoAsync($"{fx.BaseUrl}/objections");
        var card = page.Locator("section.card", new() { HasText = fx.Report.ObjectionId });
        Assert.Contains("under human review", await card.TextContentAsync());
        await card.Locator("select[name=outcome]").SelectOptionAsync("reversed");
        // The seeded objection is a data-error one: the reviewer states the data were checked (no rectification).
        await card.Locator("input[name=noErrorFound]").CheckAsync();
        await card.Locator("textarea[name=reasoning]").FillAsync("Medical certificate checked; absences were justified.");
        await card.Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**/objections");
        Assert.Contains("decided", await page.Locator("section.card", new() { HasText = fx.Report.ObjectionId }).TextContentAsync());

        var auditor = await SignInAsync("auditeur", "en");
        await auditor.GotoAsync($"{fx.BaseUrl}/audit");
        Assert.Contains("intact", await auditor.TextContentAsync("#chain-status"));
        Assert.True(await auditor.Locator("table th[data-metric=selection_rate]", new() { HasText = "Selection rate" }).CountAsync() > 0);
        Assert.Contains("Sex × milieu", await auditor.TextContentAsync("main"));
        Assert.Contains("F|rural", await auditor.TextContentAsync("main"));
        Directory.CreateDirectory(Screenshots);
        await auditor.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "audit-en.png"), FullPage = true });
    }
}
