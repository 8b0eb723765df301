using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Basira.EndToEnd;

/// <summary>
/// The live labour-market dashboard in a real browser: the page follows the server-sent events through its same-origin
/// script (under the strict CSP), and an event sent to the API shows up in the table without reloading the page.
/// </summary>
[Trait("Category", "E2E")]
[Collection(BrowserCollection.Name)]
public sealed class LiveMarketTests(BrowserFixture fx)
{
    [Fact]
    public async Task An_offer_sent_to_the_api_appears_on_the_open_dashboard_without_a_reload()
    {
        var context = await fx.Browser.NewPatientContextAsync();
        var csp = new List<string>();
        var foreign = new List<string>();
        var origin = new Uri(fx.BaseUrl).GetLeftPart(UriPartial.Authority);
        context.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) lock (csp) csp.Add(m.Text); };
        context.Request += (_, r) => { if (!r.Url.StartsWith(origin + "/", StringComparison.Ordinal)) lock (foreign) foreign.Add(r.Url); };
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{fx.BaseUrl}/login");
        await page.FillAsync("#username", "analyste");
        await page.FillAsync("#password", BrowserFixture.Password);
        await page.ClickAsync("#login-form button[type=submit]");
        await page.WaitForURLAsync($"{fx.BaseUrl}/");
        await page.GotoAsync($"{fx.BaseUrl}/jobs/market?region=MA-06&culture=ar&ui-culture=ar");
        await page.WaitForSelectorAsync("[data-live-state=\"on\"]", new PageWaitForSelectorOptions { Timeout = 15_000 });
        var occupation = Basira.Jobs.Matching.EscoSubset.CommonOccupations[0];
        var key = occupation + "|MA-06";
        var before = await page.EvaluateAsync<int>($"() => {{ const r = [...document.querySelectorAll('#market-cells tr[data-cell]')].find(r => r.dataset.cell === '{key}'); return r ? Number(r.querySelector('[data-field=positions]').textContent) : 0; }}");

        // The Casablanca agency's counsellor posts an offer of 7 positions in Casablanca.
        using var handler = new HttpClientHandler { UseCookies = true };
        using var api = new HttpClient(handler) { BaseAddress = new Uri(fx.BaseUrl) };
        (await api.PostAsJsonAsync("/api/auth/login", new { username = "conseiller", password = BrowserFixture.Password })).EnsureSuccessStatusCode();
        var body = new JsonObject
        {
            ["events"] = new JsonArray(new JsonObject
            {
                ["event_id"] = "e2e-live-1",
                ["type"] = "offer_posted",
                ["occurred_at"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"),
                ["version"] = 1,
                ["offer"] = new JsonObject
                {
                    ["offer_id"] = "E2E-OFFER-1", ["title"] = "Comptable (E2E)", ["occupation"] = occupation, ["employer_id"] = "E2E-EMP",
                    ["city"] = "Casablanca", ["positions"] = 7,
                },
            }),
        };
        var sent = DateTime.UtcNow;
        var response = await api.PostAsJsonAsync("/api/jobs/events", body);
        response.EnsureSuccessStatusCode();
        var result = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("applied", result["events"]![0]!["outcome"]!.GetValue<string>());
        var version = result["market_version"]!.GetValue<long>();

        await page.WaitForFunctionAsync($"() => Number(document.getElementById('market-cells').dataset.version) >= {version}",
            null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        var shownAfter = (DateTime.UtcNow - sent).TotalMilliseconds;
        var after = await page.EvaluateAsync<int>($"() => Number([...document.querySelectorAll('#market-cells tr[data-cell]')].find(r => r.dataset.cell === '{key}').querySelector('[data-field=positions]').textContent)");
        Assert.Equal(before + 7, after);
        // The row the script wrote says its region in the page's language (Arabic).
        var region = await page.EvaluateAsync<string>($"() => [...document.querySelectorAll('#market-cells tr[data-cell]')].find(r => r.dataset.cell === '{key}').querySelector('[data-field=region]').textContent");
        Assert.Matches("[\\u0600-\\u06FF]", region);
        Assert.True(shownAfter < 5_000, $"the update took {shownAfter:F0} ms to appear");
        Assert.Empty(csp);
        Assert.Empty(foreign);
        await context.CloseAsync();
    }
}
