using System.CommandLine;
using System.Text.Json;
using Basira.Governance;
using Basira.Governance.Access;
using Basira.Jobs.Guidance;
using Basira.Jobs.Market;
using Basira.Jobs.Matching;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Cli.Commands;

/// <summary><c>basira jobs events</c>, <c>jobs market</c>, <c>jobs match</c>, <c>jobs plan</c> (the market part of the jobs module).</summary>
internal static partial class JobsCommands
{
    static partial void AddMarketCommands(Command jobs)
    {
        jobs.Subcommands.Add(Events());
        jobs.Subcommands.Add(Market());
        jobs.Subcommands.Add(Match());
        jobs.Subcommands.Add(Plan());
    }

    private static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    private static Command Events()
    {
        var file = CliOptions.Text("--file", "FILE", "market events, one JSON object per line (JSON Lines, UTF-8), as POST /api/jobs/events takes them", required: true);
        var connection = CliServices.ConnectionOption();
        var command = new Command("events", """
            send labour-market events from a file to the store (offers posted/filled/withdrawn, seekers registered/updated/placed).
            Each line is checked first: a bad line is bad input naming its line and field, and nothing of the file is stored.
            Events are idempotent by event_id (a file sent twice changes nothing) and ordered per offer or seeker by version.
            Seeker identifiers are pseudonymised on arrival.
            """)
        {
            file, connection,
        };
        CliApp.SetAction(command, (parsed, ct) =>
        {
            var path = parsed.GetRequiredValue(file);
            if (!File.Exists(path)) throw new DataInputException(path, null, null, "file not found");
            using var sp = CliServices.Build(parsed.DataDir(), parsed.GetValue(connection));
            var validator = sp.GetRequiredService<MarketEventValidator>();
            var ingestor = sp.GetRequiredService<MarketIngestor>();
            var events = new List<ValidatedEvent>();
            long line = 0;
            foreach (var text in File.ReadLines(path))
            {
                line++;
                if (string.IsNullOrWhiteSpace(text)) continue;
                MarketEventInput? input;
                try
                {
                    input = JsonSerializer.Deserialize<MarketEventInput>(text, EventJson);
                }
                catch (JsonException e)
                {
                    throw new DataInputException(path, line, e.Path, "not a market event: " + (e.Message.Split('.')[0]));
                }
                try
                {
                    events.Add(validator.Validate(input, "$"));
                }
                catch (DataInputException e)
                {
                    throw new DataInputException(path, line, e.Field, e.Problem ?? e.Message);
                }
            }
            if (events.Count == 0) throw new DataInputException(path, null, null, "no event in the file");
            var progress = new CliProgress();
            int applied = 0, superseded = 0, duplicates = 0;
            long version = 0;
            foreach (var batch in events.Chunk(MarketEventValidator.MaxBatch))
            {
                var r = ingestor.SubmitAsync(batch, "cli", ct).GetAwaiter().GetResult();
                (applied, superseded, duplicates, version) = (applied + r.Applied, superseded + r.Superseded, duplicates + r.Duplicates, r.MarketVersion);
                progress.Log($"{applied + superseded + duplicates} of {events.Count} events stored");
            }
            var result = new { file = path, events = events.Count, applied, superseded, duplicates, market_version = version };
            if (parsed.IsJson()) CliApp.WriteJson(result);
            else Console.WriteLine($"{events.Count} events: {applied} applied, {superseded} superseded (older versions), {duplicates} duplicates");
            return CliApp.Ok;
        });
        return command;
    }

    private static Command Market()
    {
        var region = CliOptions.Text("--region", "MA-NN", "one region (MA-01 … MA-12, or remote); default all");
        var limit = CliOptions.Int("--limit", "N", "cells shown, largest demand first (default 50)", min: 1);
        var lang = CliOptions.Choice("--lang", "language of the occupation and skill labels", ["fr", "ar", "en"]);
        var connection = CliServices.ConnectionOption();
        var command = new Command("market", "the labour market in the store: open offers, positions, active seekers, tension and skill gaps by occupation and region")
        {
            region, limit, lang, connection,
        };
        CliApp.SetAction(command, (parsed, ct) =>
        {
            using var sp = CliServices.Build(parsed.DataDir(), parsed.GetValue(connection));
            var market = sp.GetRequiredService<MarketState>();
            var r = parsed.GetValue(region);
            if (r is not null && r != MarketState.RemoteRegion && !market.Geography.Regions.Contains(r, StringComparer.Ordinal))
                throw new CliUsageException($"--region expects MA-01 … MA-12 or remote, got '{r}'");
            var snapshot = market.Snapshot(r, limit: parsed.GetValue(limit) ?? 50, lang: parsed.GetValue(lang)!);
            if (parsed.IsJson()) CliApp.WriteJson(snapshot);
            else
            {
                Console.WriteLine($"{snapshot.OpenOffers} open offers, {snapshot.Positions} positions, {snapshot.ActiveSeekers} active seekers");
                foreach (var c in snapshot.Cells)
                    Console.WriteLine($"{c.Region}  {c.Occupation}: {c.Positions} positions / {c.Seekers} seekers, tension {(c.Tension is { } t ? t.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : "undefined")}");
            }
            return CliApp.Ok;
        });
        return command;
    }

    private static Command Match()
    {
        var seeker = CliOptions.Text("--seeker", "SUBJECT", "a seeker's pseudonym: rank the open offers for them");
        var offer = CliOptions.Text("--offer", "ID", "an offer id: rank the qualified seekers for it");
        var k = CliOptions.Int("--k", "K", $"lines (default {MatchingService.DefaultK}, at most {MatchingService.MaxK})", min: 1);
        var lang = CliOptions.Choice("--lang", "language of the labels", ["fr", "ar", "en"]);
        var connection = CliServices.ConnectionOption();
        var command = new Command("match", """
            rank offers for a seeker (--seeker) or qualified seekers for an offer (--offer), as an administrator.
            Each line is recorded as a decision about the seeker concerned, with its explanation (matched and missing skills,
            each factor's contribution); the same ranking shown again keeps its decisions.
            """)
        {
            seeker, offer, k, lang, connection,
        };
        command.Validators.Add(r =>
        {
            if ((r.GetValue(seeker) is null) == (r.GetValue(offer) is null)) r.AddError("give either --seeker SUBJECT or --offer ID");
        });
        CliApp.SetAction(command, (parsed, ct) =>
        {
            using var sp = CliServices.Build(parsed.DataDir(), parsed.GetValue(connection));
            var matching = sp.GetRequiredService<MatchingService>();
            var cli = Principal.System with { Username = "cli" };
            var n = Math.Min(parsed.GetValue(k) ?? MatchingService.DefaultK, MatchingService.MaxK);
            object result = parsed.GetValue(seeker) is { } s
                ? matching.OffersFor(cli, s, n, parsed.GetValue(lang)!) ?? throw new DataInputException(null, null, "--seeker", $"no seeker '{s}' in the store")
                : matching.CandidatesFor(cli, parsed.GetValue(offer)!, n, parsed.GetValue(lang)!) ?? throw new DataInputException(null, null, "--offer", $"no offer '{parsed.GetValue(offer)}' in the store");
            CliApp.WriteJson(result);
            return CliApp.Ok;
        });
        return command;
    }

    private static Command Plan()
    {
        var seeker = CliOptions.Text("--seeker", "SUBJECT", "a seeker's pseudonym", required: true);
        var lang = CliOptions.Choice("--lang", "language of the plan", ["fr", "ar", "en"]);
        var connection = CliServices.ConnectionOption();
        var command = new Command("plan", """
            a seeker's career plan in plain words: offers now, next occupations, the smallest training for the first one.
            Every proposal is recorded as a decision about the seeker (notice and objection through the platform).
            """)
        {
            seeker, lang, connection,
        };
        CliApp.SetAction(command, (parsed, ct) =>
        {
            using var sp = CliServices.Build(parsed.DataDir(), parsed.GetValue(connection));
            var s = parsed.GetRequiredValue(seeker);
            var plan = sp.GetRequiredService<GuidanceService>().PlanFor(Principal.System with { Username = "cli" }, s, parsed.GetValue(lang)!)
                ?? throw new DataInputException(null, null, "--seeker", $"no seeker '{s}' in the store");
            if (parsed.IsJson()) CliApp.WriteJson(plan);
            else foreach (var line in plan.Text) Console.WriteLine(line);
            return CliApp.Ok;
        });
        return command;
    }
}
