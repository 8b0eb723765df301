using System.Text.Json.Nodes;

namespace Basira.Cli.Tests;

/// <summary>The market commands as a user runs them: events from a file (bad lines named, replays idempotent), the market, the B11 bench's output.</summary>
public sealed class JobsMarketCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("basira-cli-jobs-").FullName;

    private static string Occupation => Basira.Jobs.Matching.EscoSubset.CommonOccupations[0];

    private static string Line(string id, string offer, string city, string? title = "Comptable") => new JsonObject
    {
        ["event_id"] = id,
        ["type"] = "offer_posted",
        ["occurred_at"] = "2026-01-05T09:00:00Z",
        ["version"] = 1,
        ["offer"] = new JsonObject { ["offer_id"] = offer, ["title"] = title, ["occupation"] = Occupation, ["employer_id"] = "EMP-1", ["city"] = city, ["positions"] = 3 },
    }.ToJsonString();

    [Fact]
    public void Events_from_a_file_are_stored_once_and_a_bad_line_stores_nothing()
    {
        var data = Path.Combine(_dir, "data");
        var bad = Path.Combine(_dir, "bad.jsonl");
        File.WriteAllLines(bad, [Line("e1", "O1", "Casablanca"), Line("e2", "O2", "Atlantis")]);
        var refused = CliRunner.Run(_dir, "jobs", "events", "--file", bad, "--data-dir", data, "--json");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("line 2", refused.Stderr);
        Assert.Contains("$.offer.city", refused.Stderr);
        Assert.Equal("", refused.Stdout);

        var good = Path.Combine(_dir, "good.jsonl");
        File.WriteAllLines(good, [Line("e1", "O1", "Casablanca"), "", Line("e2", "O2", "الرباط")]);
        var first = CliRunner.Run(_dir, "jobs", "events", "--file", good, "--data-dir", data, "--json");
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(2, first.Json["applied"]!.GetValue<int>());
        var again = CliRunner.Run(_dir, "jobs", "events", "--file", good, "--data-dir", data, "--json");
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(2, again.Json["duplicates"]!.GetValue<int>());
        var market = CliRunner.Run(_dir, "jobs", "market", "--data-dir", data, "--json");
        Assert.Equal(0, market.ExitCode);
        Assert.Equal(2, market.Json["open_offers"]!.GetValue<int>());
        Assert.Equal(6, market.Json["positions"]!.GetValue<int>());
        var untitled = Path.Combine(_dir, "untitled.jsonl");
        File.WriteAllLines(untitled, [Line("e9", "O9", "Fès", title: null)]);
        var noTitle = CliRunner.Run(_dir, "jobs", "events", "--file", untitled, "--data-dir", data);
        Assert.Equal(2, noTitle.ExitCode);
        Assert.Contains("line 1, field '$.offer.title'", noTitle.Stderr);
    }

    [Fact]
    public void The_market_bench_prints_its_figures_as_json()
    {
        var r = CliRunner.Run(_dir, "bench", "market", "--seekers", "2000", "--offers", "200", "--seconds", "1", "--rate", "200", "--queries", "20", "--graph", "synthetic", "--json");
        Assert.Equal(0, r.ExitCode);
        var j = r.Json;
        Assert.Equal("B11 real-time labour market", j["benchmark"]!.GetValue<string>());
        Assert.Contains("SYNTHETIC", j["data"]!.GetValue<string>());
        Assert.Equal(20, j["top_k_new_offer"]!["samples"]!.GetValue<int>());
        Assert.Equal(200, j["ingestion"]!["events_acknowledged"]!.GetValue<int>());
        Assert.Equal(0, j["ingestion"]!["failed_batches"]!.GetValue<int>());
        Assert.True(j["dashboard"]!["samples"]!.GetValue<int>() > 0);
        Assert.Contains("[", r.Stderr); // progress on standard error
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
