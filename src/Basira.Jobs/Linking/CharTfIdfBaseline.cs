using System.Text;
using System.Text.RegularExpressions;

namespace Basira.Jobs.Linking;

/// <summary>
/// The MELO paper's "char TF-IDF" baseline, reproduced to check this benchmark against the published figures: every
/// corpus element is ranked on its own (no grouping by concept) by the cosine of scikit-learn
/// <c>TfidfVectorizer(analyzer="char", ngram_range=(1, 3))</c> vectors (raw counts, smoothed IDF, L2 norm) of the
/// lower-cased, NFKD-ASCII-folded texts (Avature/melo-benchmark, <c>tf_idf_baseline.py</c> and <c>scorer.py</c>).
/// </summary>
public sealed partial class CharTfIdfBaseline
{
    private readonly Dictionary<string, int> vocabulary = new(StringComparer.Ordinal);
    private readonly double[] idf;
    private readonly (int Doc, double W)[][] postings;
    private readonly int docs;

    public CharTfIdfBaseline(IReadOnlyList<string> corpus)
    {
        docs = corpus.Count;
        var vectors = corpus.Select(t => Count(Preprocess(t), add: true)).ToList();
        var df = new int[vocabulary.Count];
        foreach (var v in vectors)
            foreach (var id in v.Keys) df[id]++;
        idf = [.. df.Select(d => Math.Log((1.0 + docs) / (1.0 + d)) + 1.0)];
        var lists = new List<(int, double)>[vocabulary.Count];
        for (var d = 0; d < vectors.Count; d++)
        {
            var w = vectors[d].ToDictionary(kv => kv.Key, kv => kv.Value * idf[kv.Key]);
            var n = Math.Sqrt(w.Values.Sum(x => x * x));
            if (n == 0) continue;
            foreach (var (id, x) in w) (lists[id] ??= []).Add((d, x / n));
        }
        postings = [.. lists.Select(l => l?.ToArray() ?? [])];
    }

    /// <summary>The cosine of the query with every corpus element, in corpus order.</summary>
    public double[] Score(string query)
    {
        var scores = new double[docs];
        var q = Count(Preprocess(query), add: false).ToDictionary(kv => kv.Key, kv => kv.Value * idf[kv.Key]);
        var n = Math.Sqrt(q.Values.Sum(x => x * x));
        if (n == 0) return scores;
        foreach (var (id, x) in q)
            foreach (var (d, w) in postings[id]) scores[d] += x / n * w;
        return scores;
    }

    /// <summary>MELO's preprocessing: lower case, NFKD, non-ASCII characters dropped; then scikit-learn's white-space folding.</summary>
    internal static string Preprocess(string text)
    {
        var d = text.ToLowerInvariant().Normalize(NormalizationForm.FormKD);
        var sb = new StringBuilder(d.Length);
        foreach (var c in d)
            if (c < 128) sb.Append(c);
        return WhiteSpace().Replace(sb.ToString(), " ");
    }

    private Dictionary<int, int> Count(string text, bool add)
    {
        var counts = new Dictionary<int, int>();
        for (var n = 1; n <= 3; n++)
            for (var i = 0; i + n <= text.Length; i++)
            {
                var g = text.Substring(i, n);
                if (!vocabulary.TryGetValue(g, out var id))
                {
                    if (!add) continue;
                    id = vocabulary.Count;
                    vocabulary[g] = id;
                }
                counts[id] = counts.GetValueOrDefault(id) + 1;
            }
        return counts;
    }

    [GeneratedRegex(@"\s\s+")]
    private static partial Regex WhiteSpace();
}
