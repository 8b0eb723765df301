using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Basira.Server.Tests;

/// <summary><c>GET /api/jobs/normalize</c>: a signed-in user links a job title to ESCO occupations.</summary>
public sealed class JobsApiTests(DemoPlatformFixture platform) : IClassFixture<DemoPlatformFixture>
{
    [Fact]
    public async Task A_title_as_written_in_an_offer_gets_ranked_esco_occupations_with_the_attribution()
    {
        var client = await platform.SignedInAsync("analyste");
        var r = await client.GetFromJsonAsync<JsonObject>("/api/jobs/normalize?title=" + Uri.EscapeDataString("Comptable H/F | Rabat (Maroc)") + "&top=3&lang=ar");
        Assert.Equal("Comptable", (string?)r!["cleaned"]);
        var c = r["candidates"]!.AsArray();
        Assert.Equal(3, c.Count);
        Assert.Equal("http://data.europa.eu/esco/occupation/eda0d957-3c3c-4139-b89a-a18bc9e18897", (string?)c[0]!["uri"]);
        Assert.StartsWith("محاسب", (string?)c[0]!["label"], StringComparison.Ordinal);
        Assert.Contains("ESCO classification of the European Commission", (string?)r["attribution"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/jobs/normalize", "title")]
    [InlineData("/api/jobs/normalize?title=comptable&top=0", "top")]
    [InlineData("/api/jobs/normalize?title=comptable&lang=de", "lang")]
    public async Task Bad_input_is_a_400_problem_naming_the_field(string url, string field)
    {
        var client = await platform.SignedInAsync("analyste");
        var r = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var problem = await r.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(field, (string?)problem!["field"]);
    }

    [Fact]
    public async Task The_page_shows_the_candidates_in_the_readers_language_with_the_attribution()
    {
        var client = await platform.SignedInAsync("analyste");
        var fr = await client.GetStringAsync("/jobs/normalize?title=" + Uri.EscapeDataString("Comptable H/F | Rabat") + "&culture=fr&ui-culture=fr");
        Assert.Contains("data-uri=\"http://data.europa.eu/esco/occupation/eda0d957-3c3c-4139-b89a-a18bc9e18897\"", fr, StringComparison.Ordinal);
        Assert.Contains("classification ESCO de la Commission européenne", fr, StringComparison.Ordinal);
        var ar = await client.GetStringAsync("/jobs/normalize?title=" + Uri.EscapeDataString("Comptable") + "&culture=ar&ui-culture=ar");
        Assert.Contains("محاسب", ar, StringComparison.Ordinal);
        var empty = await client.GetStringAsync("/jobs/normalize");
        Assert.DoesNotContain("jobs-candidates", empty, StringComparison.Ordinal);
        var tooLong = await client.GetStringAsync("/jobs/normalize?title=" + new string('a', 501));
        Assert.Contains("id=\"jobs-error\"", tooLong, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_sign_in_the_answer_is_401()
    {
        var r = await platform.CreateClient().GetAsync("/api/jobs/normalize?title=comptable");
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
    }
}
