using System.CommandLine;
using Basira.Governance;
using Basira.Jobs;
using Basira.Jobs.Market;
using Basira.Jobs.Matching;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Cli.Commands;

/// <summary><c>basira bench market</c> (BENCHMARKS.md B11): the real-time labour market on a SYNTHETIC national-scale market.</summary>
internal static partial class BenchCommands
{
    static partial void AddMarketBench(Command bench)
    {
        var seekers = CliOptions.Int("--seekers", "N", "SYNTHETIC seekers in the market before the stream (default 100000; the target is stated for 1000000)", min: 1);
        var offers = CliOptions.Int("--offers", "M", "SYNTHETIC open offers before the stream (default 10000; the target is stated for 100000)", min: 1);
        var rate = CliOptions.Int("--rate", "EVENTS", "events per second sent during the stream (default 1000)", min: 1);
        var seconds = CliOptions.Int("--seconds", "S", "length of the stream in seconds (default 30)", min: 1);
        var queries = CliOptions.Int("--queries", "Q", "new offers whose top-k candidates are timed (default 1000)", min: 1);
        var k = CliOptions.Int("--k", "K", "candidates per new offer (default 50)", min: 1);
        var graph = CliOptions.Choice("--graph", "occupation–skill graph: the ESCO classification shipped with Basira, or a SYNTHETIC graph of the same shape", ["esco", "synthetic"]);
        var connection = CliServices.ConnectionOption();
        var command = new Command("market", """
            B11: the real-time labour market on a SYNTHETIC market, as JSON.
            Times the top-k candidates of new offers among --seekers seekers (inverted index, then scoring on all cores), a
            sustained stream of events at --rate per second through the whole ingestion path (stored before acknowledged),
            the time from an event to the dashboard update that carries it, and a few governed shortlists. The store is a
            fresh SQLite file in a temporary folder (removed afterwards), or the PostgreSQL database of --connection.
            """)
        {
            seekers, offers, rate, seconds, queries, k, graph, connection,
        };
        CliApp.SetAction(command, (parsed, ct) =>
        {
            var progress = new CliProgress();
            var options = new MarketBenchOptions(parsed.GetValue(seekers) ?? 100_000, parsed.GetValue(offers) ?? 10_000, parsed.GetValue(rate) ?? 1000,
                parsed.GetValue(seconds) ?? 30, parsed.GetValue(queries) ?? 1000, parsed.GetValue(k) ?? 50);
            var cs = parsed.GetValue(connection);
            var dir = Directory.CreateTempSubdirectory("basira-bench-market-").FullName;
            try
            {
                progress.Log(parsed.GetValue(graph) == "esco" ? "loading the ESCO graph" : "building a SYNTHETIC ESCO-shaped graph");
                var skillGraph = parsed.GetValue(graph) == "esco" ? EscoSubset.FullGraph : SyntheticMarket.EscoShapedGraph();
                var config = CliServices.Configuration(dir, cs);
                var s = new ServiceCollection();
                s.AddGovernanceModule(config);
                s.AddSingleton(skillGraph);
                s.AddJobsModule(config);
                using var sp = s.BuildServiceProvider();
                var result = MarketBench.Run(sp.GetRequiredService<MarketState>(), sp.GetRequiredService<MarketEventValidator>(),
                    sp.GetRequiredService<MarketIngestor>(), sp.GetRequiredService<MarketFeed>(), sp.GetRequiredService<MatchingService>(),
                    Basira.Governance.Storage.BasiraDatabase.IsPostgreSql(cs) ? "postgresql" : "sqlite", options, progress.Log, ct);
                progress.Log("done");
                CliApp.WriteJson(result);
                return CliApp.Ok;
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                try { Directory.Delete(dir, true); } catch (IOException) { }
            }
        });
        bench.Subcommands.Add(command);
    }
}
