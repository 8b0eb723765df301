namespace Basira.Jobs.Linking;

/// <summary>A concept a title can be linked to: an ESCO occupation (or, in a benchmark corpus, any concept).</summary>
/// <param name="Key">Identifier returned by the linker (the ESCO URI for occupations, the corpus concept id in a benchmark).</param>
/// <param name="Labels">Surface forms of the concept (preferred, alternative, hidden labels; any language).</param>
/// <param name="Context">Text about the concept that is not a name of it (description, ISCO group, skills), weighted lower.</param>
/// <param name="IsOccupation">False for a concept that is not an occupation (an ISCO group in the MELO corpus): a job
/// title names an occupation, so such concepts get <see cref="LinkerOptions.NonOccupationFactor"/>.</param>
/// <param name="Skills">Labels of the concept's essential skills and knowledge (the weakest evidence).</param>
/// <param name="Preferred">How many of the first <paramref name="Labels"/> are preferred labels: a title equal to a
/// preferred label beats one equal to another concept's alternative label (<see cref="LinkerOptions.PreferredBonus"/>).</param>
public sealed record LinkTarget(string Key, IReadOnlyList<string> Labels, string Context, bool IsOccupation = true, string Skills = "", int Preferred = 0);

/// <summary>Weights and parameters of <see cref="TitleLinker"/>.</summary>
public sealed record LinkerOptions
{
    /// <summary>Weight of the character n-gram TF-IDF cosine between the title and a label.</summary>
    public double CharWeight { get; init; } = 1.0;

    /// <summary>Weight of the IDF-weighted cosine of stems between the title and a label.</summary>
    public double WordWeight { get; init; } = 1.0;

    /// <summary>Weight of the BM25 match of the title's stems against a concept's context text (normalised to [0, 1)).</summary>
    public double ContextWeight { get; init; } = 0.2;

    /// <summary>Weight of the BM25 match of the title's stems against a concept's skill labels (normalised to [0, 1)).</summary>
    public double SkillWeight { get; init; } = 0.0;

    /// <summary>Added to the score of a preferred label (a tie-breaker between concepts that share a label).</summary>
    public double PreferredBonus { get; init; } = 0.02;

    /// <summary>Smallest and largest character n-gram (word-boundary padded).</summary>
    public int MinGram { get; init; } = 3;

    /// <inheritdoc cref="MinGram"/>
    public int MaxGram { get; init; } = 5;

    /// <summary>BM25 k1 of the context match.</summary>
    public double K1 { get; init; } = 1.2;

    /// <summary>BM25 b of the context match.</summary>
    public double B { get; init; } = 0.75;

    /// <summary>Multiplier of the score of a concept that is not an occupation.</summary>
    public double NonOccupationFactor { get; init; } = 0.9;

    /// <summary>The plain defaults (see <see cref="TitleLinker.DefaultOptions"/> for the settings Basira uses).</summary>
    public static readonly LinkerOptions Default = new();
}

/// <summary>
/// Links a free-text job title to ranked concepts, fully locally: for every label of every concept, a character
/// n-gram TF-IDF cosine (word-boundary n-grams over the folded text) and an IDF-weighted cosine of light stems (gender
/// and number folded), fused by weights; a concept scores the best of its labels over the title's readings (gender
/// alternations), plus a lower-weighted BM25 match of the title's stems against the concept's context text.
/// </summary>
/// <remarks>Immutable after construction and safe to use from several threads.</remarks>
public sealed class TitleLinker
{
    private readonly LinkerOptions options;
    private readonly IReadOnlyList<LinkTarget> targets;
    private readonly int[] labelTarget;
    private readonly double[] labelBonus;
    private readonly Dictionary<string, int> grams = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> stems = new(StringComparer.Ordinal);
    private readonly double[] gramIdf;
    private readonly double[] stemIdf;
    private readonly Posting[][] gramPostings;
    private readonly Posting[][] stemPostings;
    private readonly Bm25Field context;
    private readonly Bm25Field skills;

    private readonly record struct Posting(int Doc, float Weight);

    /// <summary>
    /// The settings Basira uses, chosen on the dev split of the MELO French benchmarks (queries whose number is a
    /// multiple of 3; docs/benchmarks/B6-melo.md): char 1, stems 1, context 0.6, skills 0.6, non-occupations × 0.3.
    /// </summary>
    public static readonly LinkerOptions DefaultOptions = new() { ContextWeight = 0.6, SkillWeight = 0.6, NonOccupationFactor = 0.3 };

    public TitleLinker(IReadOnlyList<LinkTarget> targets, LinkerOptions? options = null)
    {
        this.options = options ?? DefaultOptions;
        this.targets = targets;
        var labelTargets = new List<int>();
        var labelPreferred = new List<bool>();
        var labelGrams = new List<Dictionary<int, int>>();
        var labelStems = new List<HashSet<int>>();
        var gramDf = new List<int>();
        var stemDf = new List<int>();
        for (var t = 0; t < targets.Count; t++)
        {
            var seenStems = new HashSet<int>();
            var preferred = new HashSet<string>(targets[t].Labels.Take(targets[t].Preferred), StringComparer.Ordinal);
            foreach (var label in targets[t].Labels.Distinct(StringComparer.Ordinal))
            {
                var words = FrenchText.ContentWords(label);
                if (words.Length == 0) continue;
                labelTargets.Add(t);
                labelPreferred.Add(preferred.Contains(label));
                var g = new Dictionary<int, int>();
                foreach (var gram in Grams(words))
                {
                    var id = Intern(grams, gram, gramDf);
                    g[id] = g.GetValueOrDefault(id) + 1;
                }
                foreach (var id in g.Keys) gramDf[id]++;
                labelGrams.Add(g);
                var s = new HashSet<int>(words.Select(w => Intern(stems, FrenchText.Stem(w), stemDf)));
                foreach (var id in s)
                    if (seenStems.Add(id)) stemDf[id]++;
                labelStems.Add(s);
            }
        }
        labelTarget = [.. labelTargets];
        labelBonus = [.. labelPreferred.Select(p => p ? this.options.PreferredBonus : 0.0)];
        var nLabels = labelTarget.Length;
        var nTargets = targets.Count;
        // character n-grams: smoothed IDF over labels, sublinear tf, L2-normalised label vectors
        gramIdf = [.. gramDf.Select(df => Math.Log((1.0 + nLabels) / (1.0 + df)) + 1.0)];
        gramPostings = Invert(grams.Count, labelGrams.Select(g => Normalise(g.Select(kv => (kv.Key, (1 + Math.Log(kv.Value)) * gramIdf[kv.Key])))));
        // stems: BM25-style IDF over concepts (a stem shared by the labels of one concept counts once), binary weights
        stemIdf = [.. stemDf.Select(df => Math.Log(1.0 + (nTargets - df + 0.5) / (df + 0.5)))];
        stemPostings = Invert(stems.Count, labelStems.Select(s => Normalise(s.Select(id => (id, stemIdf[id])))));
        // context and skills: BM25 fields with their own vocabulary and IDF
        context = new Bm25Field(targets.Select(t => t.Context), this.options);
        skills = new Bm25Field(targets.Select(t => t.Skills), this.options);
    }

    /// <summary>A BM25 index of one text field of the concepts (stems, IDF over the concepts that have the field).</summary>
    private sealed class Bm25Field
    {
        private readonly Dictionary<string, int> vocabulary = new(StringComparer.Ordinal);
        private readonly double[] idf;
        private readonly Posting[][] postings;
        private readonly double k1;

        public Bm25Field(IEnumerable<string> texts, LinkerOptions o)
        {
            k1 = o.K1;
            var docs = texts.Select(FrenchText.Stems).ToArray();
            var n = docs.Count(d => d.Length > 0);
            var avgdl = n == 0 ? 1 : Math.Max(1, docs.Where(d => d.Length > 0).Average(d => d.Length));
            var lists = new List<List<Posting>>();
            for (var t = 0; t < docs.Length; t++)
            {
                var doc = docs[t];
                if (doc.Length == 0) continue;
                var norm = o.K1 * (1 - o.B + o.B * doc.Length / avgdl);
                foreach (var grp in doc.GroupBy(s => s, StringComparer.Ordinal))
                {
                    if (!vocabulary.TryGetValue(grp.Key, out var id))
                    {
                        id = vocabulary.Count;
                        vocabulary[grp.Key] = id;
                        lists.Add([]);
                    }
                    var tf = grp.Count();
                    lists[id].Add(new Posting(t, (float)(tf * (o.K1 + 1) / (tf + norm))));
                }
            }
            postings = [.. lists.Select(l => l.ToArray())];
            idf = [.. postings.Select(p => Math.Log(1.0 + (n - p.Length + 0.5) / (p.Length + 0.5)))];
        }

        /// <summary>Adds <paramref name="weight"/> × the BM25 score of the stems, normalised by its bound Σ idf·(k1+1), to <paramref name="scores"/>.</summary>
        public void Add(IReadOnlyCollection<string> stems, double weight, double[] scores)
        {
            if (weight <= 0) return;
            var ids = stems.Where(vocabulary.ContainsKey).Select(s => vocabulary[s]).ToList();
            var max = ids.Sum(id => idf[id] * (k1 + 1));
            if (max <= 0) return;
            foreach (var id in ids)
            {
                var w = weight * idf[id] / max;
                foreach (var p in postings[id]) scores[p.Doc] += w * p.Weight;
            }
        }
    }

    private LinkerOptions Options => options;

    /// <summary>The concepts, in the order of the scores returned by <see cref="Score"/>.</summary>
    public IReadOnlyList<LinkTarget> Targets => targets;

    /// <summary>The score of every concept for a title (0 when nothing matches).</summary>
    public double[] Score(string title)
    {
        var best = new double[targets.Count];
        var labelScore = new double[labelTarget.Length];
        var queryStems = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reading in FrenchText.Readings(title))
        {
            var words = FrenchText.ContentWords(reading);
            if (words.Length == 0) continue;
            Array.Clear(labelScore);
            // character n-grams
            var q = new Dictionary<int, int>();
            foreach (var gram in Grams(words))
                if (grams.TryGetValue(gram, out var id)) q[id] = q.GetValueOrDefault(id) + 1;
            var qNorm = Math.Sqrt(Grams(words).GroupBy(g => g, StringComparer.Ordinal)
                .Sum(g => Sq((1 + Math.Log(g.Count())) * (grams.TryGetValue(g.Key, out var id) ? gramIdf[id] : Math.Log(1.0 + labelTarget.Length) + 1.0))));
            if (qNorm > 0)
                foreach (var (id, tf) in q)
                {
                    var w = Options.CharWeight * (1 + Math.Log(tf)) * gramIdf[id] / qNorm;
                    foreach (var p in gramPostings[id]) labelScore[p.Doc] += w * p.Weight;
                }
            // stems
            var qs = new HashSet<string>(words.Select(FrenchText.Stem), StringComparer.Ordinal);
            queryStems.UnionWith(qs);
            var known = qs.Where(stems.ContainsKey).Select(s => stems[s]).ToList();
            var unknownIdf = Math.Log(1.0 + (targets.Count + 0.5) / 0.5);
            var sNorm = Math.Sqrt(known.Sum(id => Sq(stemIdf[id])) + (qs.Count - known.Count) * Sq(unknownIdf));
            if (sNorm > 0)
                foreach (var id in known)
                {
                    var w = Options.WordWeight * stemIdf[id] / sNorm;
                    foreach (var p in stemPostings[id]) labelScore[p.Doc] += w * p.Weight;
                }
            for (var l = 0; l < labelScore.Length; l++)
            {
                if (labelScore[l] <= 0) continue;
                var v = labelScore[l] + labelBonus[l];
                if (v > best[labelTarget[l]]) best[labelTarget[l]] = v;
            }
        }
        context.Add(queryStems, Options.ContextWeight, best);
        skills.Add(queryStems, Options.SkillWeight, best);
        for (var t = 0; t < best.Length; t++)
            if (!targets[t].IsOccupation) best[t] *= Options.NonOccupationFactor;
        return best;
    }

    /// <summary>The <paramref name="top"/> best concepts for a title, best first (ties by key), zero scores left out.</summary>
    public IReadOnlyList<(LinkTarget Target, double Score)> Rank(string title, int top) => Rank([title], top);

    /// <summary>The best concepts over several spellings of one title (each concept scores its best spelling).</summary>
    public IReadOnlyList<(LinkTarget Target, double Score)> Rank(IReadOnlyList<string> spellings, int top)
    {
        var s = Score(spellings[0]);
        foreach (var other in spellings.Skip(1))
        {
            var o = Score(other);
            for (var i = 0; i < s.Length; i++) s[i] = Math.Max(s[i], o[i]);
        }
        return [.. Enumerable.Range(0, s.Length).Where(i => s[i] > 0)
            .OrderByDescending(i => s[i]).ThenBy(i => targets[i].Key, StringComparer.Ordinal)
            .Take(top).Select(i => (targets[i], s[i]))];
    }

    private static double Sq(double x) => x * x;

    private IEnumerable<string> Grams(string[] words)
    {
        foreach (var word in words)
        {
            var w = " " + word + " ";
            for (var n = options.MinGram; n <= options.MaxGram; n++)
            {
                if (w.Length <= n)
                {
                    yield return w;
                    break;
                }
                for (var i = 0; i + n <= w.Length; i++) yield return w.Substring(i, n);
            }
        }
    }

    private static int Intern(Dictionary<string, int> vocabulary, string key, List<int> df)
    {
        if (!vocabulary.TryGetValue(key, out var id))
        {
            id = vocabulary.Count;
            vocabulary[key] = id;
            df.Add(0);
        }
        return id;
    }

    private static List<(int Id, double W)> Normalise(IEnumerable<(int Id, double W)> v)
    {
        var list = v.ToList();
        var n = Math.Sqrt(list.Sum(x => x.W * x.W));
        return n == 0 ? [] : [.. list.Select(x => (x.Id, x.W / n))];
    }

    private static Posting[][] Invert(int vocabulary, IEnumerable<List<(int Id, double W)>> docs)
    {
        var lists = new List<Posting>[vocabulary];
        var d = 0;
        foreach (var doc in docs)
        {
            foreach (var (id, w) in doc) (lists[id] ??= []).Add(new Posting(d, (float)w));
            d++;
        }
        return [.. lists.Select(l => l?.ToArray() ?? [])];
    }
}
