using Basira.Analytics.Tabular;
using Basira.Governance;

namespace Basira.Jobs.Linking;

/// <summary>
/// Figures of the product's linker (<see cref="OccupationLinker"/>, all ESCO occupations as candidates) on a file of
/// titles labelled with their ESCO occupation URI: MRR (within the first 100 candidates), success at 1, 5 and 10.
/// </summary>
public sealed record TitleEvaluationResult(string File, int Rows, int Evaluated, int UnknownUris, int Skipped, double Mrr, double Top1, double Top5, double Top10);

/// <summary>Evaluates <see cref="OccupationLinker"/> on labelled titles (e.g. the JobBERT evaluation set: vacancyTitle, conceptUri).</summary>
public static class TitleEvaluation
{
    /// <summary>Candidates ranked per title; a gold occupation below this rank counts as not found (reciprocal rank 0).</summary>
    public const int Depth = 100;

    public static TitleEvaluationResult Run(string path, string titleColumn, string uriColumn, OccupationLinker? linker = null,
        Action<string>? log = null, CancellationToken ct = default)
    {
        linker ??= OccupationLinker.Shared;
        var header = TabularReader.Read(path, new TabularReadOptions { MinColumns = 1 });
        var table = TabularReader.Read(path, new TabularReadOptions { MinColumns = 1, TextColumns = [.. header.Columns.Select(c => c.Name)] });
        foreach (var c in new[] { titleColumn, uriColumn })
            if (!table.Columns.Any(x => x.Name == c))
                throw new DataInputException(path, 1, c, $"no column '{c}' (columns: {string.Join(", ", table.Columns.Select(x => x.Name))})");
        var titles = table[titleColumn].Raw;
        var uris = table[uriColumn].Raw;
        var esco = Esco.EscoClassification.Shared;
        var rows = Enumerable.Range(0, table.RowCount).Where(r => titles[r] is { Length: > 0 } && uris[r] is { Length: > 0 }).ToList();
        var known = rows.Where(r => esco.Occupation(uris[r]!) is not null).ToList();
        var ranks = new int[known.Count];
        var done = 0;
        Parallel.For(0, known.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct }, i =>
        {
            var r = known[i];
            var title = titles[r]!.Length > OccupationLinker.MaxTitleLength ? titles[r]![..OccupationLinker.MaxTitleLength] : titles[r]!;
            var candidates = linker.Link(title, Depth, "en").Candidates;
            var at = candidates.Select(c => c.Uri).ToList().IndexOf(uris[r]!);
            ranks[i] = at < 0 ? 0 : at + 1;
            if (Interlocked.Increment(ref done) % 2000 == 0) log?.Invoke($"{done}/{known.Count} titles");
        });
        var n = Math.Max(1, ranks.Length);
        return new TitleEvaluationResult(path, table.RowCount + table.Quarantined.Count, ranks.Length, rows.Count - known.Count,
            table.RowCount + table.Quarantined.Count - rows.Count,
            ranks.Sum(k => k == 0 ? 0.0 : 1.0 / k) / n, ranks.Count(k => k == 1) / (double)n,
            ranks.Count(k => k is >= 1 and <= 5) / (double)n, ranks.Count(k => k is >= 1 and <= 10) / (double)n);
    }
}
