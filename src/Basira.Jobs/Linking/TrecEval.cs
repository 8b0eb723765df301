using System.Text;

namespace Basira.Jobs.Linking;

/// <summary>The figures of one query.</summary>
/// <param name="AveragePrecision">trec_eval's <c>map</c> for the query: the mean, over every relevant document of the
/// qrels, of the precision at its rank (0 for a relevant document not retrieved).</param>
/// <param name="ReciprocalRank">trec_eval's <c>recip_rank</c>: 1 / rank of the first relevant document (0 if none).</param>
/// <param name="SuccessAt1">trec_eval's <c>success_1</c>: 1 when the first document is relevant.</param>
public sealed record QueryFigures(string QueryId, double AveragePrecision, double ReciprocalRank, double SuccessAt1, int FirstRelevantRank);

/// <summary>
/// Ranking metrics computed exactly as trec_eval 9 does (usnistgov/trec_eval, <c>form_res_rels.c</c>, <c>m_map.c</c>,
/// <c>m_recip_rank.c</c>, <c>m_success.c</c>): documents are ordered by decreasing score, ties broken by decreasing
/// document id in byte order (<c>strcmp(p2, p1)</c>); relevance level 1; a query counts when it has both a ranking and
/// relevance judgements (trec_eval without <c>-c</c>); means are over those queries.
/// </summary>
public static class TrecEval
{
    /// <summary>
    /// The figures of one query: <paramref name="docIds"/> and <paramref name="scores"/> are the retrieved documents (a
    /// full ranking of the corpus or any subset), <paramref name="relevant"/> the judged relevance (&gt; 0 relevant).
    /// </summary>
    public static QueryFigures Evaluate(string queryId, IReadOnlyList<string> docIds, IReadOnlyList<double> scores, IReadOnlyDictionary<string, int> relevant)
    {
        if (docIds.Count != scores.Count) throw new ArgumentException("one score per document", nameof(scores));
        var numRel = relevant.Values.Count(r => r >= 1);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in docIds)
            if (!seen.Add(d)) throw new ArgumentException($"duplicate document {d} in the ranking of {queryId}", nameof(docIds));
        // the rank of each retrieved relevant document: 1 + the number of documents that sort before it
        var ranks = new List<int>();
        for (var i = 0; i < docIds.Count; i++)
        {
            if (relevant.GetValueOrDefault(docIds[i]) < 1) continue;
            var before = 0;
            for (var j = 0; j < docIds.Count; j++)
                if (j != i && Before(scores[j], docIds[j], scores[i], docIds[i])) before++;
            ranks.Add(before + 1);
        }
        ranks.Sort();
        double sum = 0;
        for (var k = 0; k < ranks.Count; k++) sum += (k + 1) / (double)ranks[k];
        var ap = numRel == 0 ? 0 : sum / numRel;
        var first = ranks.Count == 0 ? 0 : ranks[0];
        return new QueryFigures(queryId, ap, first == 0 ? 0 : 1.0 / first, first == 1 ? 1 : 0, first);
    }

    /// <summary>
    /// The figures of a query scored like the published MELO runs (Avature/melo-benchmark <c>evaluator.py</c>): the
    /// documents are sorted by decreasing score with a stable sort (ties keep their corpus order), the first
    /// <paramref name="depth"/> are kept, their scores are written with 5 decimals, and trec_eval reads that run.
    /// </summary>
    public static QueryFigures EvaluateMeloCut(string queryId, IReadOnlyList<string> docIds, IReadOnlyList<double> scores,
        IReadOnlyDictionary<string, int> relevant, int depth = 100)
    {
        var order = Enumerable.Range(0, docIds.Count).OrderByDescending(i => scores[i]).Take(depth).ToList();
        return Evaluate(queryId, [.. order.Select(i => docIds[i])],
            [.. order.Select(i => double.Parse(scores[i].ToString("F5", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture))],
            relevant);
    }

    /// <summary>True when (<paramref name="s1"/>, <paramref name="d1"/>) is ranked before (<paramref name="s2"/>, <paramref name="d2"/>).</summary>
    public static bool Before(double s1, string d1, double s2, string d2) =>
        s1 > s2 || (s1 == s2 && CompareBytes(d1, d2) > 0);

    /// <summary><c>strcmp</c> of the UTF-8 bytes of two ids.</summary>
    public static int CompareBytes(string a, string b)
    {
        if (IsAscii(a) && IsAscii(b)) return Math.Sign(string.CompareOrdinal(a, b));
        var x = Encoding.UTF8.GetBytes(a);
        var y = Encoding.UTF8.GetBytes(b);
        return Math.Sign(x.AsSpan().SequenceCompareTo(y));
    }

    private static bool IsAscii(string s)
    {
        foreach (var c in s)
            if (c > 0x7F) return false;
        return true;
    }
}
