using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Server.Tests;

/// <summary>The employment market through the host: events, the SSE stream, the governed pages, each in scope.</summary>
public sealed class JobsMarketTests(DemoPlatformFixture platform) : IClassFixture<DemoPlatformFixture>
{
    private static string Occupation => Basira.Jobs.Matching.EscoSubset.CommonOccupations[0];

    private static readonly DateTimeOffset At = DateTimeOffset.UtcNow.AddMinutes(-5);

    private static JsonObject Offer(string eventId, string offerId, string city = "Casablanca", string employer = "EMP-TEST", string? title = "Comptable") => new()
    {
        ["events"] = new JsonArray(new JsonObject
        {
            ["event_id"] = eventId,
            ["type"] = "offer_posted",
            ["occurred_at"] = At.ToString("O"), // a replay sends the same content
            ["version"] = 1,
            ["offer"] = new JsonObject
            {
                ["offer_id"] = offerId, ["title"] = title, ["occupation"] = Occupation, ["employer_id"] = employer, ["city"] = city, ["salary"] = "4 000 - 6 000 DH",
            },
        }),
    };

    [Fact]
    public async Task A_counsellor_sends_events_of_their_agency_and_a_replay_changes_nothing()
    {
        var c = await platform.SignedInAsync("conseiller");
        var first = await c.PostAsJsonAsync("/api/jobs/events", Offer("srv-e1", "SRV-O1"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var r = (await first.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("applied", r["events"]![0]!["outcome"]!.GetValue<string>());
        var replay = (await (await c.PostAsJsonAsync("/api/jobs/events", Offer("srv-e1", "SRV-O1"))).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("duplicate", replay["events"]![0]!["outcome"]!.GetValue<string>());
        Assert.Equal(r["market_version"]!.GetValue<long>(), replay["market_version"]!.GetValue<long>());
        // Another content under the same id: 409; outside the agency: 403; bad input: 400 naming the field.
        Assert.Equal(HttpStatusCode.Conflict, (await c.PostAsJsonAsync("/api/jobs/events", Offer("srv-e1", "SRV-O1", title: "Comptable senior"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await c.PostAsJsonAsync("/api/jobs/events", Offer("srv-e2", "SRV-O2", city: "Oujda"))).StatusCode);
        var bad = await c.PostAsJsonAsync("/api/jobs/events", Offer("srv-e3", "SRV-O3", city: "Atlantis"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("$.events[0].offer.city", (await bad.Content.ReadFromJsonAsync<JsonObject>())!["field"]!.GetValue<string>());
        var untitled = await c.PostAsJsonAsync("/api/jobs/events", Offer("srv-e4", "SRV-O4", title: null));
        Assert.Equal("$.events[0].offer.title", (await untitled.Content.ReadFromJsonAsync<JsonObject>())!["field"]!.GetValue<string>());
        Assert.Equal("no-store", (await c.GetAsync("/api/jobs/market")).Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task An_employer_sends_events_about_their_own_offers_only()
    {
        var e = await platform.SignedInAsync("employeur");
        var own = platform.Report.Jobs!.EmployerId;
        Assert.Equal(HttpStatusCode.OK, (await e.PostAsJsonAsync("/api/jobs/events", Offer("emp-e1", "EMP-O1", employer: own))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await e.PostAsJsonAsync("/api/jobs/events", Offer("emp-e2", "EMP-O2", employer: "SOMEONE-ELSE"))).StatusCode);
    }

    [Fact]
    public async Task The_stream_sends_a_snapshot_then_the_cells_an_event_changed_in_snake_case()
    {
        var analyst = await platform.SignedInAsync("analyste");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/jobs/market/stream?region=MA-06");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await analyst.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        async Task<(string Event, JsonObject Data)> NextAsync()
        {
            string? ev = null;
            while (await reader.ReadLineAsync(cts.Token) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal)) ev = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal)) return (ev!, JsonNode.Parse(line[6..])!.AsObject());
            }
            throw new InvalidOperationException("stream ended");
        }
        var (first, snapshot) = await NextAsync();
        Assert.Equal("snapshot", first);
        Assert.NotNull(snapshot["open_offers"]);
        var counsellor = await platform.SignedInAsync("conseiller");
        var sent = (await (await counsellor.PostAsJsonAsync("/api/jobs/events", Offer("stream-e1", "STREAM-O1"))).Content.ReadFromJsonAsync<JsonObject>())!;
        var version = sent["market_version"]!.GetValue<long>();
        while (true)
        {
            var (ev, data) = await NextAsync();
            if (data["version"]!.GetValue<long>() < version) continue;
            Assert.Equal("cells", ev);
            var cell = data["cells"]!.AsArray().Single(x => x!["occupation_id"]!.GetValue<string>() == Occupation)!;
            Assert.Equal("MA-06", cell["region"]!.GetValue<string>());
            Assert.True(cell["positions"]!.GetValue<int>() >= 1);
            break;
        }
        // A client that does not ask for an event stream gets the snapshot alone, and the answer ends.
        var once = await analyst.GetStringAsync("/api/jobs/market/stream");
        Assert.Single(Regex.Matches(once, "^event: ", RegexOptions.Multiline));
    }

    [Fact]
    public async Task The_seeker_reads_their_plan_and_each_proposal_opens_its_notice()
    {
        var s = await platform.SignedInAsync("chercheur1");
        var html = await s.GetStringAsync("/jobs/plan?culture=fr");
        Assert.Contains("id=\"plan-words\"", html);
        Assert.Contains("id=\"plan-paths\"", html);
        var decision = Regex.Match(html, "href=\"/decisions/(DEC-[A-F0-9]+)\"").Groups[1].Value;
        Assert.NotEmpty(decision);
        var notice = WebUtility.HtmlDecode(await s.GetStringAsync($"/decisions/{decision}?culture=fr"));
        Assert.Matches("score d'adéquation|rapproche ce métier de vous|ouvre des offres", notice);
        var ar = await s.GetStringAsync("/jobs/plan?culture=ar");
        Assert.Contains("dir=\"rtl\"", ar);
        Assert.Contains("هذا المخطط اقتراح", WebUtility.HtmlDecode(ar));
        // The plan's API is the seeker's too; another seeker's is not found.
        var me = platform.Report.Jobs!.SeekerSubject;
        Assert.Equal(HttpStatusCode.OK, (await s.GetAsync($"/api/jobs/seekers/{me}/plan")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.GetAsync("/api/jobs/seekers/SOMEONE-ELSE/plan")).StatusCode);
    }

    [Fact]
    public async Task An_employer_sees_the_shortlist_of_their_offer_and_the_counsellor_the_seekers_of_their_agency()
    {
        var e = await platform.SignedInAsync("employeur");
        var offer = platform.Report.Jobs!.OfferId;
        var page = await e.GetStringAsync($"/jobs/offers/{offer}?culture=en");
        Assert.Contains("id=\"candidates\"", page);
        var shortlist = (await e.GetFromJsonAsync<JsonObject>($"/api/jobs/offers/{offer}/candidates?k=5"))!;
        Assert.InRange(shortlist["candidates"]!.AsArray().Count, 1, 5);
        Assert.All(shortlist["candidates"]!.AsArray(), c => Assert.True(c!["score"]!.GetValue<double>() >= 0.5));
        var list = await e.GetStringAsync("/jobs/offers");
        Assert.DoesNotContain("data-offer=\"MATRIX-OFFER-OUT\"", list);
        var counsellor = await platform.SignedInAsync("conseiller");
        var seekers = await counsellor.GetStringAsync("/jobs/seekers");
        var shown = Regex.Matches(seekers, "data-seeker=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(shown);
        var market = platform.Services.GetRequiredService<Basira.Jobs.Market.MarketState>();
        Assert.All(shown, subject => Assert.Equal("AG-CAS", market.Index.Seeker(subject)!.Agency));
        Assert.Equal(HttpStatusCode.NotFound, (await counsellor.GetAsync("/jobs/seekers/NOBODY")).StatusCode);
    }

    [Fact]
    public async Task The_dashboard_page_carries_its_stream_and_texts_for_its_script()
    {
        var analyst = await platform.SignedInAsync("analyste");
        var html = await analyst.GetStringAsync("/jobs/market?region=MA-06&culture=ar");
        Assert.Contains("<script src=\"/js/jobs-market.js\" defer></script>", html);
        Assert.Contains("data-stream=\"/api/jobs/market/stream?lang=ar&amp;region=MA-06\"", html);
        Assert.Matches("data-live-on=\"[^\"]*[\\u0600-\\u06FF]", WebUtility.HtmlDecode(html));
        var script = await platform.CreateClient().GetAsync("/js/jobs-market.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await platform.SignedInAsync("employeur")).GetAsync("/jobs/market")).StatusCode);
    }
}
