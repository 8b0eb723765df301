using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Basira.Governance.Fairness;

namespace Basira.Server.Tests;

/// <summary>The Razor pages: each role's home, the audit's counts and evidence, the register in words, refusal pages.</summary>
public sealed partial class PlatformTests
{
    private static string Decode(string html) => WebUtility.HtmlDecode(html);

    private static IEnumerable<string> Ids(string html) => Regex.Matches(html, "id=\"([^\"]+)\"").Select(m => m.Groups[1].Value);

    [Theory]
    [InlineData("directeur", new[] { "home-staff", "home-ranked-list", "home-open-objections" }, new[] { "home-reviewer", "national-figures", "home-citizen" })]
    [InlineData("reviseur", new[] { "home-reviewer", "home-queue" }, new[] { "home-staff", "national-figures", "home-citizen" })]
    [InlineData("analyste", new[] { "national-figures", "province-table", "latest-audits" }, new[] { "home-staff", "home-reviewer", "home-citizen" })]
    [InlineData("auditeur", new[] { "national-figures", "province-table", "latest-audits" }, new[] { "home-staff", "home-reviewer", "home-citizen" })]
    [InlineData("tuteur1", new[] { "home-citizen", "home-notices", "home-my-objections" }, new[] { "home-staff", "home-reviewer", "national-figures" })]
    [InlineData("admin", new[] { "national-figures", "home-staff", "home-reviewer" }, new[] { "home-citizen", "home-open-objections" })]
    public async Task Each_role_lands_on_what_it_works_with(string user, string[] shown, string[] hidden)
    {
        var html = await (await platform.SignedInAsync(user)).GetStringAsync("/?culture=fr");
        var ids = Ids(html).ToHashSet();
        foreach (var id in shown) Assert.Contains(id, ids);
        foreach (var id in hidden) Assert.DoesNotContain(id, ids);
        Assert.DoesNotContain("home-anonymous", ids);
    }

    [Fact]
    public async Task The_anonymous_home_says_what_Basira_is_and_links_the_register()
    {
        var html = Decode(await platform.CreateClient().GetStringAsync("/?culture=en"));
        Assert.Contains("id=\"home-anonymous\"", html);
        Assert.Contains("href=\"/register\" id=\"home-register-link\"", html);
        Assert.Contains("What is Basira?", html);
        Assert.DoesNotContain("national-figures", html);
    }

    [Fact]
    public async Task National_figures_and_the_province_table_agree_with_the_store()
    {
        var html = await (await platform.SignedInAsync("analyste")).GetStringAsync("/?culture=ar");
        long Figure(string name) => long.Parse(Regex.Match(html, $"data-figure=\"{name}\">(\\d+)<").Groups[1].Value, CultureInfo.InvariantCulture);
        var proposed = Figure("proposed");
        Assert.Equal(platform.Report.Scoring.Flagged, proposed);
        var rows = Regex.Matches(html, "<tr data-province=\"(MA-[A-Z]+)\" data-region=\"(MA-\\d+)\" data-count=\"(\\d+)\"");
        Assert.NotEmpty(rows);
        Assert.Equal(proposed, rows.Sum(m => long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)));
        var names = Regex.Matches(html, "<th scope=\"row\">([^<]+)</th>").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.Equal(rows.Count, names.Count);
        Assert.All(names, name => Assert.Matches(@"\p{IsArabic}", name)); // province names in Arabic
        Assert.Contains("lang=\"ar\" dir=\"rtl\"", html);
    }

    [Fact]
    public async Task The_reviewers_home_lists_the_queue_with_deadlines_and_marks_the_overdue()
    {
        var html = await (await platform.SignedInAsync("reviseur")).GetStringAsync("/?culture=fr");
        var row = Regex.Match(html, $"<tr data-objection=\"{platform.Report.ObjectionId}\" data-overdue=\"(true|false)\"");
        Assert.True(row.Success, "the seeded objection is in the reviewer's queue on the home page");
        Assert.Matches(@"\d{4}-\d{2}-\d{2}", html[row.Index..]);
    }

    [Fact]
    public async Task The_audit_page_prints_counts_as_integers_and_every_rate_with_its_evidence()
    {
        var auditor = await platform.SignedInAsync("auditeur");
        var html = await auditor.GetStringAsync("/audit?culture=fr");
        var counts = Regex.Matches(html, "<td data-metric=\"(n|label_pos)\">([^<]*)</td>");
        Assert.NotEmpty(counts);
        Assert.All(counts, m => Assert.Matches(@"^\d+$", m.Groups[2].Value)); // never "9.000"
        var evidence = Regex.Matches(html, "<td data-metric=\"evidence\" data-insufficient=\"(true|false)\">\\s*n = (\\d+)");
        Assert.Equal(Regex.Matches(html, "<tr data-group=").Count, evidence.Count); // one on every row
        Assert.All(evidence, m => Assert.Equal(m.Groups[1].Value == "true", int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) < 30));

        // The interval printed for a group is the Wilson 95 % interval of its rate (from the register's copy of the audit).
        var reg = await platform.CreateClient().GetFromJsonAsync<JsonObject>("/api/governance/register?lang=fr");
        var group = reg!["entries"]![0]!["non_discrimination"]!["latest_audit"]!["report"]!["sex"]!["groups"]![0]!;
        var p = group["selection_rate"]!.GetValue<double>();
        var n = group["denominators"]!["selection_rate"]!.GetValue<double>();
        var expected = RateInterval.Wilson(p, n, n, 1.959963984540054)!;
        var cell = Regex.Match(html, $"<tr data-group=\"{group["key"]}\">.*?<td data-metric=\"selection_rate\"><span class=\"rate\">([0-9.]+)</span><span class=\"small interval\" data-lower=\"([0-9.]+)\" data-upper=\"([0-9.]+)\"", RegexOptions.Singleline);
        Assert.True(cell.Success, "the selection rate carries its interval");
        Assert.Equal(p.ToString("0.000", CultureInfo.InvariantCulture), cell.Groups[1].Value);
        Assert.Equal(expected.Lower.ToString("0.000", CultureInfo.InvariantCulture), cell.Groups[2].Value);
        Assert.Equal(expected.Upper.ToString("0.000", CultureInfo.InvariantCulture), cell.Groups[3].Value);
        // The chart of each attribute's rates with their intervals sits above its table.
        Assert.Equal(Regex.Matches(html, "<section class=\"attribute\"").Count, Regex.Matches(html, "data-viz=\"interval\"").Count);
    }

    [Fact]
    public async Task The_register_page_shows_each_section_in_words_and_keeps_the_JSON_behind_its_link()
    {
        _ = platform.Report;
        var raw = await platform.CreateClient().GetStringAsync("/register?culture=en");
        // The curves' points travel as data in the charts' spec attributes; the page's text itself holds no JSON.
        Assert.Equal(2, Regex.Matches(raw, "data-viz=\"line\"").Count); // the model card's ROC and calibration curves
        var html = Decode(Regex.Replace(raw, "data-viz-spec=\"[^\"]*\"", "data-viz-spec=\"\""));
        Assert.DoesNotContain("<pre", html);
        Assert.DoesNotContain("{\"", html); // no raw JSON in the page
        Assert.DoesNotContain("\"groups\"", html);
        var entries = Math.Max(1, Regex.Matches(html, "data-section=\"overview\"").Count); // one per algorithm registered
        Assert.True(html.Length < 60_000 * entries, $"the register page is {html.Length} characters long for {entries} algorithm(s)");
        Assert.Contains("href=\"/api/governance/register?lang=en\"", html);
        Assert.Contains("href=\"/audit\"", html);
        foreach (var s in new[] { "overview", "decision", "data", "model", "rights", "model_card", "non_discrimination" })
            Assert.Contains($"data-section=\"{s}\"", html);
        Assert.Matches("<dd data-metric=\"roc_auc\">0\\.\\d{3}</dd>", html);
        Assert.Matches("<dd data-metric=\"holdout_rows\">\\d+</dd>", html); // a count, not 600.000
        Assert.Contains("The model recommends, a person decides", html); // codes in words
        Assert.DoesNotContain(">model_recommendation_human_decides<", html);
    }

    [Fact]
    public async Task An_unknown_address_is_the_404_page_in_the_readers_language_and_an_unknown_api_address_a_problem()
    {
        var page = await platform.CreateClient().GetAsync("/no-such-page?culture=ar");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = Decode(await page.Content.ReadAsStringAsync());
        Assert.Contains("lang=\"ar\" dir=\"rtl\"", html);
        Assert.Contains("data-status=\"404\"", html);

        var api = await platform.CreateClient().GetAsync("/api/governance/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Refusals_are_pages_in_the_readers_language_with_their_status()
    {
        var director = await platform.SignedInAsync("directeur");
        var forbidden = await director.GetAsync("/audit?culture=ar");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var html = Decode(await forbidden.Content.ReadAsStringAsync());
        Assert.Contains("lang=\"ar\" dir=\"rtl\"", html);
        Assert.Contains("data-status=\"403\">الولوج مرفوض.</h1>", html);

        var stranger = await platform.SignedInAsync("tuteur2");
        var missing = await stranger.GetAsync($"/decisions/{platform.Report.ObjectionDecisionId}?culture=en");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var text = Decode(await missing.Content.ReadAsStringAsync());
        Assert.Contains("data-status=\"404\">Not found.</h1>", text);
        Assert.DoesNotContain(platform.Report.ObjectionDecisionId, text.Replace($"/decisions/{platform.Report.ObjectionDecisionId}?", "", StringComparison.Ordinal));

        var anonymous = await platform.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/objections");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/login", anonymous.Headers.Location!.AbsolutePath);
    }

    [Theory]
    [InlineData("de-DE,de;q=0.9", "fr", "ltr")]
    [InlineData("", "fr", "ltr")]
    [InlineData("ar-MA,ar;q=0.9,fr;q=0.8", "ar", "rtl")]
    [InlineData("en-GB,en;q=0.9", "en", "ltr")]
    public async Task French_is_the_default_for_a_browser_that_asks_for_none_of_the_three_languages(string acceptLanguage, string lang, string dir)
    {
        var client = platform.CreateClient();
        var req = new HttpRequestMessage(HttpMethod.Get, "/register");
        if (acceptLanguage.Length > 0) req.Headers.Add("Accept-Language", acceptLanguage);
        var html = await (await client.SendAsync(req)).Content.ReadAsStringAsync();
        Assert.Contains($"<html lang=\"{lang}\" dir=\"{dir}\">", html);
    }

    [Fact]
    public async Task The_language_switch_keeps_the_page_and_its_parameters()
    {
        var html = Decode(await (await platform.SignedInAsync("directeur")).GetStringAsync("/decisions?outcome=flagged&culture=en"));
        Assert.Contains("href=\"/decisions?outcome=flagged&culture=ar&ui-culture=ar\" lang=\"ar\"", html);
        Assert.Contains("aria-current=\"true\">English</a>", html);
    }

    [Fact]
    public async Task Pages_stay_out_of_the_OpenAPI_document()
    {
        var doc = await platform.CreateClient().GetFromJsonAsync<JsonObject>("/openapi/v1.json");
        var paths = doc!["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.NotEmpty(paths);
        Assert.All(paths, p => Assert.StartsWith("/", p));
        foreach (var page in new[] { "/", "/login", "/logout", "/register", "/decisions", "/decisions/{id}", "/objections", "/audit", "/not-found",
            "/decisions/{id}/objections", "/decisions/{id}/human-decision", "/objections/{id}/review", "/objections/{id}/decide" })
            Assert.DoesNotContain(page, paths);
    }

    [Fact]
    public async Task A_guardian_files_on_the_page_and_a_second_take_of_the_same_case_is_a_409_page()
    {
        var id = platform.ProvinceDecision(4);
        var guardian = await platform.GuardianOfAsync(id);
        var (name, value) = FormToken(await guardian.GetStringAsync($"/decisions/{id}"));
        var filed = await guardian.PostAsync($"/decisions/{id}/objections", new FormUrlEncodedContent(
            [new(name, value), new("grounds", "unfair"), new("statement", "Mon fils a changé d'école en cours d'année.")]));
        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
        Assert.Contains("receipt=RCPT-", filed.Headers.Location!.OriginalString);
        var notice = await guardian.GetStringAsync(filed.Headers.Location!.OriginalString);
        Assert.Contains("id=\"receipt\"", notice);
        var objection = Regex.Match(notice, "<li data-objection=\"(OBJ-[0-9A-F]+)\"").Groups[1].Value;
        Assert.NotEmpty(objection);

        var reviewer = await platform.SignedInAsync("reviseur");
        var (rn, rv) = FormToken(await reviewer.GetStringAsync("/objections"));
        var first = await reviewer.PostAsync($"/objections/{objection}/review", new FormUrlEncodedContent([new(rn, rv)]));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var again = await reviewer.PostAsync($"/objections/{objection}/review?culture=en", new FormUrlEncodedContent([new(rn, rv)]));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var html = Decode(await again.Content.ReadAsStringAsync());
        Assert.Contains("data-status=\"409\">Step refused</h1>", html);
        Assert.Contains("id=\"error-reason\"", html);
        Assert.Contains("lang=\"en\"", html);
    }
}
