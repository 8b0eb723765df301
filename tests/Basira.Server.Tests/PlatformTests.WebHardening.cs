using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Basira.Server.Tests;

/// <summary>Server log, sessions, antiforgery on field-less forms, the sign-in return path, response headers.</summary>
public sealed partial class PlatformTests
{
    private static (string Name, string Value) FormToken(string html)
    {
        var m = Regex.Match(html, "<input type=\"hidden\" name=\"(__RequestVerificationToken)\" value=\"([^\"]+)\"");
        Assert.True(m.Success, "no antiforgery field on the page");
        return (m.Groups[1].Value, System.Net.WebUtility.HtmlDecode(m.Groups[2].Value));
    }

    /// <summary>A client that keeps no cookies, so the tests can copy them by hand.</summary>
    private HttpClient Bare() => platform.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });

    private static IEnumerable<string> NewCookies(HttpResponseMessage r) =>
        r.Headers.TryGetValues("Set-Cookie", out var v) ? v.Select(c => c.Split(';')[0]).Where(c => !c.EndsWith('=')) : [];

    private static HttpRequestMessage With(HttpMethod m, string url, IEnumerable<string> cookies, HttpContent? content = null)
    {
        var req = new HttpRequestMessage(m, url) { Content = content };
        req.Headers.Add("Cookie", string.Join("; ", cookies));
        return req;
    }

    private async Task<string> AuthCookieAsync(HttpClient bare, string username)
    {
        _ = platform.Report;
        var login = await bare.PostAsJsonAsync("/api/auth/login", new { username, password = DemoPlatformFixture.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return NewCookies(login).Single(c => c.StartsWith("basira.auth=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refused_input_is_answered_but_its_value_never_reaches_the_server_log()
    {
        const string marker = "SYN-LOGMARK-4711 Itto";
        var id = platform.ProvinceDecision(2);
        var reviewer = await platform.SignedInAsync("reviseur");
        var objection = await FileAsync(await platform.GuardianOfAsync(id), id, "data_error");
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostAsync($"/api/governance/objections/{objection}/review", null)).StatusCode);

        var r = await reviewer.PostAsJsonAsync($"/api/governance/objections/{objection}/decide", new
        {
            outcome = "modified",
            reasoning = "Absences rectifiées.",
            corrections = new Dictionary<string, string> { ["absence_days"] = marker },
        });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains(marker, await r.Content.ReadAsStringAsync()); // the caller is told what was wrong
        var missing = await reviewer.GetAsync("/api/governance/objections/OBJ-LOGMARK-4711"); // 404 path, id in the URL only
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.DoesNotContain(platform.Logs.Lines, l => l.Contains("LOGMARK-4711 Itto", StringComparison.Ordinal));
        Assert.DoesNotContain(platform.Logs.Lines, l => l.Contains("is not a number", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cookie_copied_before_signing_out_no_longer_works()
    {
        var bare = Bare();
        var auth = await AuthCookieAsync(bare, "directeur");
        Assert.Equal(HttpStatusCode.OK, (await bare.SendAsync(With(HttpMethod.Get, "/api/governance/decisions?limit=1", [auth]))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await bare.SendAsync(With(HttpMethod.Post, "/api/auth/logout", [auth]))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bare.SendAsync(With(HttpMethod.Get, "/api/governance/decisions?limit=1", [auth]))).StatusCode);
    }

    [Fact]
    public async Task Signing_out_on_the_page_needs_the_form_token_and_ends_the_session()
    {
        var bare = Bare();
        var auth = await AuthCookieAsync(bare, "directeur");
        var page = await bare.SendAsync(With(HttpMethod.Get, "/decisions", [auth]));
        var cookies = NewCookies(page).Append(auth).ToList();
        var (name, value) = FormToken(await page.Content.ReadAsStringAsync());

        var noToken = await bare.SendAsync(With(HttpMethod.Post, "/logout", cookies, new FormUrlEncodedContent([])));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bare.SendAsync(With(HttpMethod.Get, "/api/governance/decisions?limit=1", [auth]))).StatusCode);

        var signedOut = await bare.SendAsync(With(HttpMethod.Post, "/logout", cookies, new FormUrlEncodedContent([new(name, value)])));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bare.SendAsync(With(HttpMethod.Get, "/api/governance/decisions?limit=1", [auth]))).StatusCode);
    }

    [Fact]
    public async Task Starting_a_review_on_the_page_needs_the_form_token()
    {
        var id = platform.ProvinceDecision(3);
        var objection = await FileAsync(await platform.GuardianOfAsync(id), id);
        var bare = Bare();
        var auth = await AuthCookieAsync(bare, "reviseur");
        var page = await bare.SendAsync(With(HttpMethod.Get, "/objections", [auth]));
        var cookies = NewCookies(page).Append(auth).ToList();
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains($"action=\"/objections/{objection}/review\"", html);
        var (name, value) = FormToken(html);

        var noToken = await bare.SendAsync(With(HttpMethod.Post, $"/objections/{objection}/review", cookies, new FormUrlEncodedContent([])));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        var reviewer = await platform.SignedInAsync("reviseur");
        Assert.Equal("acknowledged", (await StateAsync(reviewer, objection))["state"]!.GetValue<string>());

        var started = await bare.SendAsync(With(HttpMethod.Post, $"/objections/{objection}/review", cookies, new FormUrlEncodedContent([new(name, value)])));
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        Assert.Equal("under_human_review", (await StateAsync(reviewer, objection))["state"]!.GetValue<string>());
    }

    private async Task<HttpResponseMessage> FormSignInAsync(string loginPage, string postUrl, string? returnUrlField = null)
    {
        _ = platform.Report;
        var client = platform.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var (name, value) = FormToken(await client.GetStringAsync(loginPage));
        var fields = new List<KeyValuePair<string, string>> { new("username", "directeur"), new("password", DemoPlatformFixture.Password), new(name, value) };
        if (returnUrlField is not null) fields.Add(new("returnUrl", returnUrlField));
        return await client.PostAsync(postUrl, new FormUrlEncodedContent(fields));
    }

    [Theory]
    [InlineData("/login?returnUrl=/%5Cevil.example.com/x")]
    [InlineData("/login?returnUrl=//evil.example.com/x")]
    [InlineData("/login?returnUrl=https://evil.example.com/x")]
    [InlineData("/login?returnUrl=/%09/evil.example.com/x")]
    public async Task Sign_in_never_redirects_off_site(string postUrl)
    {
        var r = await FormSignInAsync("/login", postUrl);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal("/", r.Headers.Location!.OriginalString); // the role's home page
    }

    [Fact]
    public async Task The_login_form_carries_the_return_path_it_was_given()
    {
        var client = platform.CreateClient(new() { AllowAutoRedirect = false });
        var page = await client.GetStringAsync("/login?ReturnUrl=%2Fobjections%3Fx%3D1");
        Assert.Matches("<input type=\"hidden\" name=\"returnUrl\" value=\"/objections\\?x=1\"", page);
        Assert.DoesNotContain("name=\"returnUrl\"", await client.GetStringAsync("/login?ReturnUrl=%2F%5Cevil.example.com"));

        var r = await FormSignInAsync("/login?ReturnUrl=%2Fobjections%3Fx%3D1", "/login", "/objections?x=1");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal("/objections?x=1", r.Headers.Location!.OriginalString);
        var bad = await FormSignInAsync("/login", "/login", "/\\evil.example.com/x");
        Assert.Equal("/", bad.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_model_endpoint_shows_version_and_hash_but_not_the_server_path()
    {
        var director = await platform.SignedInAsync("directeur");
        var text = await director.GetStringAsync("/api/education/early-warning/model");
        var m = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(platform.Report.Training.Version, m["version"]!.GetValue<string>());
        Assert.Equal(platform.Report.Training.ContentHash, m["content_hash"]!.GetValue<string>());
        Assert.False(m.ContainsKey("path"));
        Assert.DoesNotContain(platform.DataDir, text.Replace("\\\\", "\\", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Personal_data_responses_are_not_stored_and_pages_carry_a_content_security_policy()
    {
        var director = await platform.SignedInAsync("directeur");
        var api = await director.GetAsync("/api/governance/decisions?limit=1");
        Assert.Equal("nosniff", api.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(api.Headers.CacheControl!.NoStore);
        Assert.True((await director.GetAsync("/api/education/early-warning/model")).Headers.CacheControl!.NoStore);
        var register = await platform.CreateClient().GetAsync("/api/governance/register");
        Assert.False(register.Headers.CacheControl?.NoStore ?? false);

        var page = await director.GetAsync("/decisions");
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("style-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.True(page.Headers.CacheControl!.NoStore);
        var publicPage = await platform.CreateClient().GetAsync("/register");
        Assert.Contains("default-src 'none'", publicPage.Headers.GetValues("Content-Security-Policy").Single());
    }
}
