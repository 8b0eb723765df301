using Basira.Governance;
using Basira.Jobs.Esco;

namespace Basira.Jobs.Linking;

/// <summary>A linking benchmark in the MELO layout (Retyk et al. 2024): queries, corpus elements, TREC qrels.</summary>
/// <param name="Queries">Query id and text (queries.tsv: <c>id TAB text</c>).</param>
/// <param name="Corpus">Corpus element id and text (corpus_elements.tsv: <c>id TAB text</c>).</param>
/// <param name="Qrels">Relevance per query and element (annotations.tsv: <c>qid 0 element rel</c>).</param>
/// <param name="ConceptUris">Concept (ESCO) URI of corpus elements where known (concept_mapping.tsv), else empty.</param>
public sealed record MeloDataset(
    IReadOnlyList<(string Id, string Text)> Queries,
    IReadOnlyList<(string Id, string Text)> Corpus,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Qrels,
    IReadOnlyDictionary<string, string> ConceptUris)
{
    /// <summary>
    /// Reads the three files (and <paramref name="conceptsFile"/> when given). Bad lines are bad input naming the file
    /// and line; a corpus or query id given twice is bad input.
    /// </summary>
    public static MeloDataset Read(string queriesFile, string corpusFile, string qrelsFile, string? conceptsFile)
    {
        var queries = ReadPairs(queriesFile, "query");
        var corpus = ReadPairs(corpusFile, "element");
        var qrels = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var n = 0;
        foreach (var line in ReadLines(qrelsFile))
        {
            n++;
            if (line.Trim().Length == 0) continue;
            var f = line.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (f.Length != 4) throw new DataInputException(qrelsFile, n, null, $"expected 4 fields (qid iter docno rel), got {f.Length}");
            if (!int.TryParse(f[3], out var rel)) throw new DataInputException(qrelsFile, n, "rel", $"not an integer: '{f[3]}'");
            var q = qrels.TryGetValue(f[0], out var d) ? d : qrels[f[0]] = new(StringComparer.Ordinal);
            if (!q.TryAdd(f[2], rel)) throw new DataInputException(qrelsFile, n, "docno", $"{f[2]} judged twice for {f[0]}");
        }
        var uris = new Dictionary<string, string>(StringComparer.Ordinal);
        if (conceptsFile is not null)
            foreach (var (id, uri) in ReadPairs(conceptsFile, "element"))
                uris[id] = uri;
        return new MeloDataset(queries, corpus,
            qrels.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, int>)kv.Value, StringComparer.Ordinal), uris);
    }

    /// <summary>The concept of a corpus element: MELO ids are <c>Cnnnnnn_lang_kkk</c> (concept, language, surface form).</summary>
    public static string ConceptOf(string elementId)
    {
        var u = elementId.IndexOf('_', StringComparison.Ordinal);
        return u > 0 ? elementId[..u] : elementId;
    }

    private static IEnumerable<string> ReadLines(string file)
    {
        if (!File.Exists(file)) throw new DataInputException(file, null, null, "file not found");
        try
        {
            return File.ReadAllLines(file);
        }
        catch (IOException e)
        {
            throw new DataInputException(file, null, null, $"cannot read: {e.Message}", e);
        }
    }

    private static List<(string, string)> ReadPairs(string file, string what)
    {
        var list = new List<(string, string)>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var n = 0;
        foreach (var raw in ReadLines(file))
        {
            n++;
            var line = n == 1 ? raw.TrimStart('\uFEFF') : raw;
            if (line.Trim().Length == 0) continue;
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0) throw new DataInputException(file, n, null, $"expected '{what} id TAB text'");
            var id = line[..tab];
            if (!ids.Add(id)) throw new DataInputException(file, n, "id", $"{id} appears twice");
            list.Add((id, line[(tab + 1)..]));
        }
        if (list.Count == 0) throw new DataInputException(file, null, null, "no rows");
        return list;
    }
}

/// <summary>The methods <see cref="MeloBenchmark.Evaluate"/> compares side by side.</summary>
public enum LinkingMethod
{
    /// <summary>Basira's linker: concepts with their surface forms and ESCO's knowledge, lexical features fused.</summary>
    Basira,

    /// <summary>The same linker on the corpus's surface forms only (no ESCO labels, description, ISCO group or skills).</summary>
    CorpusOnly,

    /// <summary>Character n-gram TF-IDF only, best surface form per concept, no ESCO knowledge.</summary>
    ConceptChar,

    /// <summary>The published MELO baseline: char 1–3-gram TF-IDF per surface form, no grouping (scikit-learn settings).</summary>
    CharTfIdf,
}

/// <summary>Options of <see cref="MeloBenchmark.Evaluate"/>.</summary>
/// <param name="MeloCut">Score like the published MELO runs: each query's 100 best elements only (stable sort, ties in
/// corpus order), scores written with 5 decimals, then trec_eval; otherwise the full ranking of the corpus at full precision.</param>
public sealed record LinkingEvaluationOptions(LinkingMethod Method = LinkingMethod.Basira, bool MeloCut = false, LinkerOptions? Linker = null);

/// <summary>The result of <see cref="MeloBenchmark.Evaluate"/>: trec_eval's map, recip_rank and success_1 means.</summary>
public sealed record LinkingEvaluation(string Method, double Map, double Mrr, double Top1, int Queries, int QueriesWithoutJudgements,
    int Concepts, int EnrichedConcepts, bool MeloCut, IReadOnlyList<QueryFigures> PerQuery);

/// <summary>
/// Evaluates job-title linking on a MELO-layout benchmark. The corpus elements are grouped by concept (their id
/// prefix); each concept is a <see cref="LinkTarget"/> whose labels are its surface forms, enriched, when the concept
/// is an ESCO occupation of the embedded classification (concept_mapping.tsv), with ESCO's own knowledge: its other
/// French and English labels, its description, its ISCO group and its essential skills. Every corpus element then
/// receives its concept's score (the relevant elements of a query are all the surface forms of one concept), and the
/// ranking of the corpus is scored like trec_eval.
/// </summary>
public static class MeloBenchmark
{
    /// <summary>Which ESCO knowledge the linker adds to the corpus's own surface forms.</summary>
    public sealed record Enrichment(bool EscoLabels = true, bool Descriptions = true, bool IscoLabels = true, bool EnglishLabels = true, bool Skills = true)
    {
        public static readonly Enrichment None = new(false, false, false, false, false);
    }

    /// <summary>The linker's default settings for this benchmark (chosen on the dev split, docs/benchmarks/B6-melo.md).</summary>
    public static readonly LinkerOptions BenchmarkLinker = TitleLinker.DefaultOptions;

    public static IReadOnlyList<LinkTarget> Targets(MeloDataset data, EscoClassification? esco, Enrichment enrichment, out int enriched)
    {
        var byConcept = data.Corpus.GroupBy(e => MeloDataset.ConceptOf(e.Id), StringComparer.Ordinal).ToList();
        var targets = new List<LinkTarget>(byConcept.Count);
        enriched = 0;
        foreach (var g in byConcept)
        {
            var labels = g.Select(e => e.Text).ToList();
            var context = "";
            var skills = "";
            var uri = g.Select(e => data.ConceptUris.GetValueOrDefault(e.Id)).FirstOrDefault(u => u is not null);
            var isOccupation = uri is null || !uri.Contains("/isco/", StringComparison.Ordinal);
            if (esco is not null && uri is not null && esco.Occupation(uri) is { } occ && enrichment != Enrichment.None)
            {
                enriched++;
                var t = OccupationTargets.For(esco, occ, new OccupationTargets.Parts(enrichment.EscoLabels, enrichment.EnglishLabels, false,
                    enrichment.Descriptions, enrichment.IscoLabels, enrichment.Skills));
                labels.AddRange(t.Labels);
                context = t.Context;
                skills = t.Skills;
            }
            targets.Add(new LinkTarget(g.Key, labels, context, isOccupation, skills));
        }
        return targets;
    }

    /// <summary>Ranks the corpus for every query (on every core) and computes the trec_eval figures.</summary>
    public static LinkingEvaluation Evaluate(MeloDataset data, EscoClassification? esco, LinkingEvaluationOptions options,
        Func<string, bool>? queryFilter = null, Action<string>? log = null, CancellationToken ct = default)
    {
        var docIds = data.Corpus.Select(e => e.Id).ToArray();
        Func<string, double[]> score;
        int concepts, enriched = 0;
        if (options.Method == LinkingMethod.CharTfIdf)
        {
            var baseline = new CharTfIdfBaseline([.. data.Corpus.Select(e => e.Text)]);
            score = baseline.Score;
            concepts = data.Corpus.Select(e => MeloDataset.ConceptOf(e.Id)).Distinct(StringComparer.Ordinal).Count();
        }
        else
        {
            var linkerOptions = options.Linker ?? BenchmarkLinker;
            var enrichment = options.Method == LinkingMethod.Basira ? new Enrichment() : Enrichment.None;
            if (options.Method == LinkingMethod.ConceptChar) linkerOptions = linkerOptions with { WordWeight = 0, ContextWeight = 0, SkillWeight = 0 };
            var targets = Targets(data, esco, enrichment, out enriched);
            var linker = new TitleLinker(targets, linkerOptions);
            concepts = targets.Count;
            var targetIndex = targets.Select((t, i) => (t.Key, i)).ToDictionary(x => x.Key, x => x.i, StringComparer.Ordinal);
            var elementTarget = data.Corpus.Select(e => targetIndex[MeloDataset.ConceptOf(e.Id)]).ToArray();
            score = q =>
            {
                var c = linker.Score(q);
                var s = new double[elementTarget.Length];
                for (var e = 0; e < s.Length; e++) s[e] = c[elementTarget[e]];
                return s;
            };
        }
        log?.Invoke($"{options.Method}: {concepts} concepts ({enriched} enriched from ESCO), {data.Corpus.Count} corpus elements");
        var queries = data.Queries.Where(q => data.Qrels.ContainsKey(q.Id) && (queryFilter?.Invoke(q.Id) ?? true)).ToList();
        var without = data.Queries.Count(q => !data.Qrels.ContainsKey(q.Id));
        var results = new QueryFigures[queries.Count];
        var done = 0;
        Parallel.For(0, queries.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct }, i =>
        {
            var scores = score(queries[i].Text);
            results[i] = options.MeloCut
                ? TrecEval.EvaluateMeloCut(queries[i].Id, docIds, scores, data.Qrels[queries[i].Id])
                : TrecEval.Evaluate(queries[i].Id, docIds, scores, data.Qrels[queries[i].Id]);
            var d = Interlocked.Increment(ref done);
            if (d % 500 == 0) log?.Invoke($"{d}/{queries.Count} queries");
        });
        var n = Math.Max(1, results.Length);
        return new LinkingEvaluation(Name(options.Method), results.Sum(r => r.AveragePrecision) / n, results.Sum(r => r.ReciprocalRank) / n,
            results.Sum(r => r.SuccessAt1) / n, results.Length, without, concepts, enriched, options.MeloCut, results);
    }

    /// <summary>The command-line name of a method.</summary>
    public static string Name(LinkingMethod m) => m switch
    {
        LinkingMethod.CorpusOnly => "corpus-only",
        LinkingMethod.ConceptChar => "concept-char",
        LinkingMethod.CharTfIdf => "char-tfidf",
        _ => "basira",
    };
}

/// <summary>
/// The split used to choose the linker's settings: the dev half is the queries whose number (the digits of the id,
/// e.g. Q000123 → 123) is a multiple of 3; the test half the others. Settings were chosen on dev only.
/// </summary>
public static class MeloSplit
{
    public static bool IsDev(string queryId)
    {
        var digits = new string([.. queryId.Where(char.IsAsciiDigit)]);
        return digits.Length > 0 && long.TryParse(digits, out var n) && n % 3 == 0;
    }
}
