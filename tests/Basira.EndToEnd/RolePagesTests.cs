using System.Text.Json;
using Microsoft.Playwright;

namespace Basira.EndToEnd;

/// <summary>
/// Each role's home page and the notice in French, Arabic and English: right to left in Arabic, every request to the
/// server itself, no Content-Security-Policy violation; and axe-core finds no serious or critical violation on any page.
/// </summary>
[Trait("Category", "E2E")]
[Collection(BrowserCollection.Name)]
public sealed class RolePagesTests(BrowserFixture fx)
{
    public static readonly string[] Languages = ["fr", "ar", "en"];

    /// <summary>What each role must find on its home page (ids of the sections it works with).</summary>
    private static readonly (string User, string[] Sections)[] Homes =
    [
        ("directeur", ["#home-staff", "#home-ranked-list"]),
        ("reviseur", ["#home-reviewer", "#home-queue"]),
        ("analyste", ["#national-figures", "#province-table"]),
        ("auditeur", ["#national-figures", "#latest-audits"]),
        ("tuteur1", ["#home-citizen", "#home-notices"]),
        ("admin", ["#national-figures", "#home-staff", "#home-reviewer"]),
    ];

    private static string AxeSource => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vendor", "axe-core", "axe.min.js"));

    /// <summary>A browser context that records every request's origin and every console message about the CSP.</summary>
    private sealed class Watched(IBrowserContext context)
    {
        public IBrowserContext Context { get; } = context;
        public List<string> ForeignRequests { get; } = [];
        public List<string> CspViolations { get; } = [];
    }

    private async Task<Watched> ContextAsync(bool bypassCsp = false)
    {
        var context = await fx.Browser.NewPatientContextAsync(new BrowserNewContextOptions { BypassCSP = bypassCsp });
        var w = new Watched(context);
        var origin = new Uri(fx.BaseUrl).GetLeftPart(UriPartial.Authority);
        context.Request += (_, r) =>
        {
            if (!r.Url.StartsWith(origin + "/", StringComparison.Ordinal) && !r.Url.StartsWith("data:", StringComparison.Ordinal))
                lock (w.ForeignRequests) w.ForeignRequests.Add(r.Url);
        };
        context.Console += (_, m) =>
        {
            if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || m.Text.Contains("Refused to", StringComparison.Ordinal))
                lock (w.CspViolations) w.CspViolations.Add(m.Text);
        };
        return w;
    }

    private async Task<IPage> SignInAsync(Watched w, string username)
    {
        var page = await w.Context.NewPageAsync();
        if (username == "") return page;
        await page.GotoAsync($"{fx.BaseUrl}/login");
        await page.FillAsync("#username", username);
        await page.FillAsync("#password", BrowserFixture.Password);
        await page.ClickAsync("#login-form button[type=submit]");
        await page.WaitForURLAsync($"{fx.BaseUrl}/");
        return page;
    }

    [Fact]
    public async Task Each_roles_home_page_in_three_languages_shows_what_the_role_works_with()
    {
        foreach (var (user, sections) in Homes)
        {
            var w = await ContextAsync();
            var page = await SignInAsync(w, user);
            foreach (var lang in Languages)
            {
                await page.GotoAsync($"{fx.BaseUrl}/?culture={lang}&ui-culture={lang}");
                Assert.Equal(lang, await page.GetAttributeAsync("html", "lang"));
                Assert.Equal(lang == "ar" ? "rtl" : "ltr", await page.GetAttributeAsync("html", "dir"));
                // Right to left is applied by the browser, not only declared: the main column runs from the right.
                Assert.Equal(lang == "ar" ? "rtl" : "ltr", await page.EvalOnSelectorAsync<string>("main", "e => getComputedStyle(e).direction"));
                foreach (var s in sections) Assert.True(await page.IsVisibleAsync(s), $"{user} ({lang}): {s} is not on the home page");
                var heading = await page.TextContentAsync("h1") ?? "";
                Assert.Equal(lang == "ar", System.Text.RegularExpressions.Regex.IsMatch(heading, @"\p{IsArabic}"));
            }
            Assert.Empty(w.ForeignRequests);
            Assert.Empty(w.CspViolations);
            await w.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_anonymous_home_and_the_notice_in_three_languages()
    {
        var w = await ContextAsync();
        var anonymous = await SignInAsync(w, "");
        var guardian = await ContextAsync();
        var page = await SignInAsync(guardian, "tuteur1");
        foreach (var lang in Languages)
        {
            await anonymous.GotoAsync($"{fx.BaseUrl}/?culture={lang}&ui-culture={lang}");
            Assert.True(await anonymous.IsVisibleAsync("#home-anonymous"));
            Assert.Equal("/register", await anonymous.GetAttributeAsync("#home-register-link", "href"));
            // The register reads as sections in words with two charts (it was ~70,000 px of raw JSON); the JSON stays behind its link.
            await anonymous.GotoAsync($"{fx.BaseUrl}/register");
            var height = await anonymous.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
            var entries = Math.Max(1, await anonymous.Locator("[data-section=overview]").CountAsync()); // one per algorithm registered
            Assert.True(height < 15_000 * entries, $"the register page is {height} px tall in {lang} for {entries} algorithm(s)");
            Assert.Equal($"/api/governance/register?lang={lang}", await anonymous.GetAttributeAsync("#register-json", "href"));

            await page.GotoAsync($"{fx.BaseUrl}/decisions/{fx.Report.ObjectionDecisionId}?culture={lang}&ui-culture={lang}");
            Assert.Equal(lang == "ar" ? "rtl" : "ltr", await page.GetAttributeAsync("html", "dir"));
            Assert.Equal(3, await page.Locator("#top-factors li").CountAsync());
            var mention = await page.TextContentAsync("#processing-mention") ?? "";
            Assert.Contains(lang switch { "ar" => "معالجة خوارزمية", "en" => "algorithmic processing", _ => "traitement algorithmique" }, mention);
            Assert.Contains(fx.Report.ObjectionId, await page.TextContentAsync("#objection-list"));
        }
        Assert.Empty(w.ForeignRequests);
        Assert.Empty(guardian.ForeignRequests);
        Assert.Empty(w.CspViolations);
        Assert.Empty(guardian.CspViolations);
    }

    /// <summary>The pages each account opens in the accessibility pass ("" is anonymous).</summary>
    private IEnumerable<(string User, string[] Paths)> AxePages() =>
    [
        ("", ["/", "/register", "/login"]),
        ("directeur", ["/", "/decisions", "/audit"]), // /audit: the 403 page
        ("reviseur", ["/", "/objections"]),
        ("analyste", ["/", "/absenteeism", "/absenteeism?region=MA-05", "/planning", "/jobs/normalize?title=Comptable%20H%2FF%20%7C%20Rabat", "/energy/forecast"]),
        ("auditeur", ["/", "/audit"]),
        ("tuteur1", ["/", $"/decisions/{fx.Report.ObjectionDecisionId}", "/decisions/DEC-DOES-NOT-EXIST"]),
        ("admin", ["/", $"/decisions/{fx.Report.OpenDecisionId}"]),
        ("eleve1", ["/learning"]),
        ("enseignant", ["/learning", "/learning/class?id=CLASS-3A"]),
        ("analyste", ["/jobs/market"]),
        ("chercheur1", ["/jobs", "/jobs/plan"]),
        ("employeur", ["/jobs/offers", $"/jobs/offers/{fx.Report.Jobs!.OfferId}"]),
        ("conseiller", ["/jobs/seekers", $"/jobs/seekers/{fx.Report.Jobs!.SeekerSubject}"]),
        ("exploitant", ["/", "/decisions", "/energy/minigrid?controller=rule", "/energy/plan"]),
    ];

    [Fact]
    public async Task Axe_finds_no_serious_or_critical_violation_on_any_page_in_any_language()
    {
        var axe = AxeSource;
        var problems = new List<string>();
        var checkedPages = 0;
        foreach (var (user, paths) in AxePages())
        {
            // axe is injected as a script: this context alone bypasses the CSP (the other tests keep it).
            var w = await ContextAsync(bypassCsp: true);
            var page = await SignInAsync(w, user);
            foreach (var lang in Languages)
                foreach (var path in paths)
                {
                    var sep = path.Contains('?') ? '&' : '?';
                    await page.GotoAsync($"{fx.BaseUrl}{path}{sep}culture={lang}&ui-culture={lang}");
                    // the notice's level 2 is checked open as well
                    if (await page.Locator("details#notice-l2").CountAsync() > 0) await page.ClickAsync("details#notice-l2 > summary");
                    await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = axe });
                    var json = await page.EvaluateAsync<string>(
                        "async () => JSON.stringify((await axe.run(document, { resultTypes: ['violations'] })).violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) })))");
                    foreach (var v in JsonDocument.Parse(json).RootElement.EnumerateArray())
                    {
                        var impact = v.GetProperty("impact").GetString();
                        if (impact is "serious" or "critical")
                            problems.Add($"{user}{path} [{lang}] {v.GetProperty("id").GetString()} ({impact}): {v.GetProperty("nodes")}");
                    }
                    checkedPages++;
                }
            Assert.Empty(w.ForeignRequests);
            await w.Context.CloseAsync();
        }
        Assert.Equal(AxePages().Sum(p => p.Paths.Length) * Languages.Length, checkedPages);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task The_accessibility_pass_can_fail()
    {
        // The same injection on a page spoiled on purpose (an image without text, a field without label) must report them.
        var w = await ContextAsync(bypassCsp: true);
        var page = await w.Context.NewPageAsync();
        await page.GotoAsync($"{fx.BaseUrl}/register?culture=fr");
        await page.EvaluateAsync("() => { const m = document.querySelector('main'); m.insertAdjacentHTML('beforeend', '<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\"><input type=\"text\">'); }");
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = AxeSource });
        Assert.Equal("4.11.0", await page.EvaluateAsync<string>("() => axe.version"));
        var ids = await page.EvaluateAsync<string[]>("async () => (await axe.run(document)).violations.filter(v => v.impact === 'critical' || v.impact === 'serious').map(v => v.id)");
        Assert.Contains("image-alt", ids);
        Assert.Contains("label", ids);
        await w.Context.CloseAsync();

        // The CSP watch of the other tests sees a violation: an inline script on a page served with the policy.
        var strict = await ContextAsync();
        var p = await strict.Context.NewPageAsync();
        await p.GotoAsync($"{fx.BaseUrl}/register?culture=fr");
        await p.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.__inline = 1'; document.body.appendChild(s); }");
        await p.WaitForTimeoutAsync(200);
        Assert.Null(await p.EvaluateAsync<int?>("() => window.__inline ?? null")); // refused by the policy
        Assert.NotEmpty(strict.CspViolations);
        await strict.Context.CloseAsync();
    }
}
