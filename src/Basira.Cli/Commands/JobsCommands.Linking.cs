using System.CommandLine;
using Basira.Governance;
using Basira.Jobs.Esco;
using Basira.Jobs.Linking;

namespace Basira.Cli.Commands;

/// <summary><c>basira jobs normalize</c>, <c>jobs evaluate-linking</c>, <c>jobs import-offers</c>, <c>jobs extract-skills</c>.</summary>
internal static partial class JobsCommands
{
    static partial void AddLinkingCommands(Command jobs)
    {
        jobs.Subcommands.Add(Normalize());
        jobs.Subcommands.Add(EvaluateLinking());
        jobs.Subcommands.Add(EvaluateTitles());
        jobs.Subcommands.Add(ImportOffers());
        jobs.Subcommands.Add(ExtractSkills());
    }

    private static Command Normalize()
    {
        var title = new Argument<string?>("TITLE") { Description = "a job title, e.g. \"Comptable H/F | Rabat (Maroc)\"", Arity = ArgumentArity.ZeroOrOne };
        var file = CliOptions.Text("--file", "FILE", "a text file (UTF-8), one title per line as written in offers; blank lines are skipped");
        var top = CliOptions.Int("--top", "K", $"candidates per title (default 5, at most {OccupationLinker.MaxTop})", min: 1);
        var lang = CliOptions.Choice("--lang", "language of the labels returned", ["fr", "en", "ar"]);
        var command = new Command("normalize", """
            link job titles to ESCO occupations, fully locally: the best candidates per title, best first.
            Give one TITLE or --file FILE. Titles may be French, English or Arabic, as written in offers: places, "(H/F)",
            "URGENT", e-mail addresses and phone numbers are removed before linking. With --json: an array with one object per
            title {"title", "cleaned", "candidates": [{"uri", "label", "score"}]}. This service uses the ESCO classification of
            the European Commission.
            """)
        {
            title, file, top, lang,
        };
        command.Validators.Add(r =>
        {
            var hasTitle = r.GetValue(title) is { Length: > 0 };
            var hasFile = r.GetValue(file) is not null;
            if (hasTitle == hasFile) r.AddError("give either a TITLE or --file FILE");
        });
        CliApp.SetAction(command, (parsed, ct) =>
        {
            var titles = parsed.GetValue(file) is { } path ? ReadTitles(path) : [(1L, parsed.GetValue(title)!)];
            var k = parsed.GetValue(top) ?? 5;
            if (k > OccupationLinker.MaxTop) throw new CliUsageException($"--top must be at most {OccupationLinker.MaxTop}, got {k}");
            var linker = OccupationLinker.Shared;
            var results = new LinkResult[titles.Count];
            Parallel.For(0, titles.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct }, i =>
            {
                try
                {
                    results[i] = linker.Link(titles[i].Title, k, parsed.GetValue(lang)!);
                }
                catch (DataInputException e) when (parsed.GetValue(file) is { } f)
                {
                    throw new DataInputException(f, titles[i].Line, "title", e.Problem ?? e.Message);
                }
            });
            if (parsed.IsJson()) CliApp.WriteJson(results);
            else
                foreach (var r in results)
                    Console.Out.WriteLine($"{r.Title}\n" + string.Join("\n", r.Candidates.Select((c, i) => $"  {i + 1}. {c.Label} ({c.Score:F3}) {c.Uri}")));
            return CliApp.Ok;
        });
        return command;
    }

    private static List<(long Line, string Title)> ReadTitles(string path)
    {
        if (!File.Exists(path)) throw new DataInputException(path, null, null, "file not found");
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (IOException e)
        {
            throw new DataInputException(path, null, null, $"cannot read: {e.Message}", e);
        }
        var titles = new List<(long, string)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var t = (i == 0 ? lines[i].TrimStart('\uFEFF') : lines[i]).Trim();
            if (t.Length == 0) continue;
            if (t.Contains('\uFFFD', StringComparison.Ordinal)) throw new DataInputException(path, i + 1, "title", "not UTF-8 text");
            titles.Add((i + 1, t));
        }
        if (titles.Count == 0) throw new DataInputException(path, null, null, "no titles (the file is empty or blank)");
        return titles;
    }

    private static Command EvaluateLinking()
    {
        var queries = CliOptions.Text("--queries", "FILE", "queries.tsv: query id TAB title", required: true);
        var corpus = CliOptions.Text("--corpus", "FILE", "corpus_elements.tsv: element id (Cnnnnnn_lang_kkk) TAB surface form", required: true);
        var qrels = CliOptions.Text("--qrels", "FILE", "annotations.tsv: TREC qrels (qid 0 element rel)", required: true);
        var concepts = CliOptions.Text("--concepts", "FILE",
            "concept_mapping.tsv: element id TAB ESCO URI (default: concept_mapping.tsv beside --corpus, if present)");
        var method = CliOptions.Choice("--method", "basira (default), corpus-only (no ESCO knowledge), concept-char (char n-grams only), char-tfidf (the published MELO baseline)",
            ["basira", "corpus-only", "concept-char", "char-tfidf"]);
        var meloCut = CliOptions.Flag("--melo-cut", "score like the published MELO runs: 100 best elements per query, scores with 5 decimals");
        var split = CliOptions.Choice("--split", "all queries (default; the JSON also gives the dev and test parts), or only the dev (query number multiple of 3) or test (the others) part; settings were chosen on dev",
            ["all", "dev", "test"]);
        var command = new Command("evaluate-linking", """
            evaluate job-title linking on a MELO-layout benchmark: trec_eval's map, recip_rank (mrr) and success_1 (top1).
            Every corpus element gets the score of its concept; the full ranking of the corpus is scored exactly as trec_eval
            does (ties by decreasing element id), or as the published runs with --melo-cut. Runs on every core; progress on
            standard error. With --json: {"map", "mrr", "top1", "queries", …}.
            """)
        {
            queries, corpus, qrels, concepts, method, meloCut, split,
        };
        CliApp.SetAction(command, (parsed, ct) =>
        {
            var progress = new CliProgress();
            var corpusFile = parsed.GetRequiredValue(corpus);
            var conceptsFile = parsed.GetValue(concepts);
            if (conceptsFile is null)
            {
                var beside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(corpusFile)) ?? ".", "concept_mapping.tsv");
                if (File.Exists(beside)) conceptsFile = beside;
            }
            var data = MeloDataset.Read(parsed.GetRequiredValue(queries), corpusFile, parsed.GetRequiredValue(qrels), conceptsFile);
            progress.Log($"read {data.Queries.Count} queries, {data.Corpus.Count} corpus elements, {data.Qrels.Count} judged queries" +
                (conceptsFile is null ? " (no concept mapping: no ESCO knowledge)" : $", concepts from {conceptsFile}"));
            var m = parsed.GetValue(method) switch
            {
                "corpus-only" => LinkingMethod.CorpusOnly,
                "concept-char" => LinkingMethod.ConceptChar,
                "char-tfidf" => LinkingMethod.CharTfIdf,
                _ => LinkingMethod.Basira,
            };
            Func<string, bool>? filter = parsed.GetValue(split) switch
            {
                "dev" => id => MeloSplit.IsDev(id),
                "test" => id => !MeloSplit.IsDev(id),
                _ => null,
            };
            var r = MeloBenchmark.Evaluate(data, EscoClassification.Shared, new LinkingEvaluationOptions(m, parsed.GetValue(meloCut)), filter, progress.Log, ct);
            progress.Log($"{r.Queries} queries in {progress.Elapsed.TotalSeconds:F1} s");
            object Part(bool dev)
            {
                var q = r.PerQuery.Where(x => MeloSplit.IsDev(x.QueryId) == dev).ToList();
                var n = Math.Max(1, q.Count);
                return new { Map = q.Sum(x => x.AveragePrecision) / n, Mrr = q.Sum(x => x.ReciprocalRank) / n, Top1 = q.Sum(x => x.SuccessAt1) / n, Queries = q.Count };
            }
            var summary = new
            {
                r.Map,
                r.Mrr,
                r.Top1,
                r.Queries,
                Dev = Part(true),
                Test = Part(false),
                r.Method,
                Split = parsed.GetValue(split),
                r.MeloCut,
                r.Concepts,
                r.EnrichedConcepts,
                r.QueriesWithoutJudgements,
                Seconds = Math.Round(progress.Elapsed.TotalSeconds, 1),
            };
            if (parsed.IsJson()) CliApp.WriteJson(summary);
            else Console.Out.WriteLine($"{r.Method}: map {r.Map:F4}  mrr {r.Mrr:F4}  top1 {r.Top1:F4}  ({r.Queries} queries)");
            return CliApp.Ok;
        });
        return command;
    }
}

/// <summary><c>jobs import-offers</c> and <c>jobs extract-skills</c>.</summary>
internal static partial class JobsCommands
{
    private static Command EvaluateTitles()
    {
        var file = CliOptions.Text("--file", "FILE", "CSV/XLSX of titles labelled with their ESCO occupation URI", required: true);
        var titleColumn = CliOptions.Text("--title-column", "COL", "column of the titles (default vacancyTitle)");
        var uriColumn = CliOptions.Text("--uri-column", "COL", "column of the ESCO occupation URIs (default conceptUri)");
        var command = new Command("evaluate-titles", """
            evaluate the product's linker (every ESCO occupation a candidate) on titles labelled with their ESCO occupation.
            Prints MRR (within the first 100 candidates) and success at 1, 5 and 10, e.g. on the JobBERT evaluation set
            (vacancyTitle, conceptUri). Rows whose URI is not an ESCO v1.1.1 occupation are counted apart, not scored.
            """)
        {
            file, titleColumn, uriColumn,
        };
        CliApp.SetAction(command, (parsed, ct) =>
        {
            var progress = new CliProgress();
            var r = TitleEvaluation.Run(parsed.GetRequiredValue(file), parsed.GetValue(titleColumn) ?? "vacancyTitle",
                parsed.GetValue(uriColumn) ?? "conceptUri", log: progress.Log, ct: ct);
            progress.Log($"{r.Evaluated} titles in {progress.Elapsed.TotalSeconds:F1} s");
            if (parsed.IsJson()) CliApp.WriteJson(r);
            else Console.Out.WriteLine($"{r.Evaluated} titles: mrr {r.Mrr:F4}  top1 {r.Top1:F4}  top5 {r.Top5:F4}  top10 {r.Top10:F4}");
            return CliApp.Ok;
        });
        return command;
    }

    private static Command ImportOffers()
    {
        var file = CliOptions.Text("--file", "FILE", "CSV or XLSX offer file (UTF-8), one offer per row, with a title column", required: true);
        var output = CliOptions.Text("--out", "FILE", "also write the accepted offers as JSON Lines to FILE (written to a temporary file, then renamed)");
        var keep = CliOptions.Flag("--keep-duplicates", "accept rows identical to an earlier row (default: quarantined as duplicates)");
        var noSkills = CliOptions.Flag("--no-skills", "do not extract ESCO skills from the descriptions");
        var summary = CliOptions.Flag("--summary", "print the counts, columns, unknown places and quarantine only, not every offer");
        var command = new Command("import-offers", """
            import a job-offer file (CSV/XLSX as scraped from job boards) into normalised offers, as JSON.
            Columns are found by name (titles/title/titre, location/ville, salaire/salary or min_amount/max_amount, contrat,
            experience, etude, domaine, entreprise/company, description/more_info, date_posted, id); contact columns (emails,
            phone) are dropped unread and e-mail addresses and phone numbers are removed from the text kept. Each title is
            linked to an ESCO occupation, each city placed in its province and region (unknown places are listed), each
            salary read into a monthly band, ESCO skills extracted from descriptions. A bad row is quarantined with its line,
            field and reason (rows = accepted + quarantined); an unreadable file is bad input (exit 2).
            """)
        {
            file, output, keep, noSkills, summary,
        };
        CliApp.SetAction(command, (parsed, ct) =>
        {
            var progress = new CliProgress();
            var result = Basira.Jobs.Offers.OfferImport.Read(parsed.GetRequiredValue(file),
                new Basira.Jobs.Offers.OfferImportOptions(parsed.GetValue(keep), !parsed.GetValue(noSkills)), log: progress.Log, ct: ct);
            progress.Log($"{result.Rows} rows: {result.Accepted} accepted ({result.Linked} linked to an occupation), {result.Quarantined} quarantined");
            if (parsed.GetValue(output) is { } outFile)
            {
                var tmp = outFile + ".tmp";
                using (var w = new StreamWriter(tmp, false, new System.Text.UTF8Encoding(false)))
                    foreach (var o in result.Offers) w.WriteLine(System.Text.Json.JsonSerializer.Serialize(o, JsonLines));
                File.Move(tmp, outFile, overwrite: true);
                progress.Log($"wrote {result.Offers.Count} offers to {outFile}");
            }
            var shown = parsed.GetValue(summary) ? result with { Offers = [] } : result;
            if (parsed.IsJson()) CliApp.WriteJson(shown);
            else
            {
                Console.Out.WriteLine($"{result.File}: {result.Rows} rows, {result.Accepted} accepted, {result.Quarantined} quarantined; " +
                    $"{result.Linked} titles linked to an ESCO occupation; {result.Redactions} e-mail addresses/phone numbers removed");
                foreach (var u in result.UnknownPlaces.Take(20)) Console.Out.WriteLine($"  unknown place '{u.Text}': {u.Rows} rows (first line {u.FirstLine})");
                foreach (var q in result.Quarantine.Take(20)) Console.Out.WriteLine($"  line {q.Line}{(q.Field is null ? "" : $", field '{q.Field}'")}: {q.Reason}");
            }
            return CliApp.Ok;
        });
        return command;
    }

    private static readonly System.Text.Json.JsonSerializerOptions JsonLines = new()
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.SnakeCaseLower) },
    };

    private static Command ExtractSkills()
    {
        var text = new Argument<string?>("TEXT") { Description = "offer or CV text", Arity = ArgumentArity.ZeroOrOne };
        var file = CliOptions.Text("--file", "FILE", "a UTF-8 text file (an offer or a CV)");
        var lang = CliOptions.Choice("--lang", "language of the labels returned", ["fr", "en"]);
        var command = new Command("extract-skills", """
            find the ESCO skills and knowledge named in an offer or a CV, the surest first.
            Give TEXT or --file FILE. With --json: [{"uri", "label", "type", "mentions", "matched", "score"}].
            """)
        {
            text, file, lang,
        };
        command.Validators.Add(r =>
        {
            if ((r.GetValue(text) is { Length: > 0 }) == (r.GetValue(file) is not null)) r.AddError("give either a TEXT or --file FILE");
        });
        CliApp.SetAction(command, (parsed, ct) =>
        {
            string content;
            if (parsed.GetValue(file) is { } path)
            {
                if (!File.Exists(path)) throw new DataInputException(path, null, null, "file not found");
                content = File.ReadAllText(path);
                if (content.Contains('\uFFFD', StringComparison.Ordinal)) throw new DataInputException(path, null, null, "not UTF-8 text");
            }
            else content = parsed.GetValue(text)!;
            var found = Basira.Jobs.Linking.SkillExtractor.Shared.Extract(PersonalDataFree(content), parsed.GetValue(lang)!);
            if (parsed.IsJson()) CliApp.WriteJson(found);
            else foreach (var s in found) Console.Out.WriteLine($"{s.Label} ({s.Type}, {s.Mentions}×, \"{s.Matched}\") {s.Uri}");
            return CliApp.Ok;
        });
        return command;
    }

    private static string PersonalDataFree(string text) => Basira.Jobs.Offers.PersonalData.Redact(text, out _);
}
