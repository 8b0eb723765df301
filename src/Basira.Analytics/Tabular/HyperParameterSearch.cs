using Basira.Analytics.Metrics;

namespace Basira.Analytics.Tabular;

/// <summary>Result of <see cref="HyperParameterSearch.Run"/>.</summary>
/// <param name="Candidates">Candidate hyper-parameters, in grid order.</param>
/// <param name="InnerAuc">[outer fold][candidate]: inner-CV AUC computed on the outer fold's training rows only.</param>
/// <param name="SelectedPerFold">Index of the candidate selected for each outer fold (best inner AUC).</param>
/// <param name="BestOverall">Candidate with the best mean inner AUC over the outer folds (suggested default).</param>
/// <param name="NestedAuc">Pooled out-of-fold AUC on the outer test folds, each fold using its own inner selection (single booster, uncalibrated margins).</param>
/// <param name="NestedPerFoldAuc">Outer test AUC per fold with the selected candidate.</param>
public sealed record HyperParameterSearchResult(IReadOnlyList<TabularHyperParameters> Candidates, double[][] InnerAuc,
    int[] SelectedPerFold, int BestOverall, double NestedAuc, double[] NestedPerFoldAuc);

/// <summary>
/// Nested hyper-parameter selection: for each outer fold, a stratified inner K-fold CV on the outer training rows scores
/// every candidate (binary AUC, one booster, no calibration); the outer test rows are used only to report the nested AUC
/// of the selected candidate.
/// </summary>
public static class HyperParameterSearch
{
    /// <summary>The a-priori grid used by <c>basira edu tune</c> (fixed before looking at any result).</summary>
    public static IReadOnlyList<TabularHyperParameters> DefaultGrid { get; } =
    [
        new() { LearningRate = 0.02, Iterations = 600, Leaves = 15, MinDataPerLeaf = 20, FeatureFraction = 0.5, L2 = 1 },
        new() { LearningRate = 0.02, Iterations = 1000, Leaves = 7, MinDataPerLeaf = 20, FeatureFraction = 0.5, L2 = 1 },
        new() { LearningRate = 0.01, Iterations = 1500, Leaves = 7, MinDataPerLeaf = 30, FeatureFraction = 0.3, L2 = 1 },
        new() { LearningRate = 0.02, Iterations = 500, Leaves = 31, MinDataPerLeaf = 40, FeatureFraction = 0.5, L2 = 1 },
        new() { LearningRate = 0.01, Iterations = 1200, Leaves = 15, MinDataPerLeaf = 50, FeatureFraction = 0.3, L2 = 5 },
        new() { LearningRate = 0.03, Iterations = 400, Leaves = 4, MinDataPerLeaf = 20, FeatureFraction = 0.5, L2 = 1 },
        new() { LearningRate = 0.01, Iterations = 2000, Leaves = 4, MinDataPerLeaf = 20, FeatureFraction = 0.3, L2 = 1 },
        new() { LearningRate = 0.02, Iterations = 800, Leaves = 10, MinDataPerLeaf = 80, FeatureFraction = 0.3, L2 = 10 },
    ];

    /// <summary>Runs the nested search.</summary>
    /// <param name="table">Data.</param>
    /// <param name="train">Target, positive, exclusions (its hyper-parameters are ignored).</param>
    /// <param name="outerFold">Outer fold of every row (0..K−1).</param>
    /// <param name="candidates">Grid (each evaluated with a single booster).</param>
    /// <param name="innerFolds">Inner folds.</param>
    /// <param name="log">Progress lines.</param>
    public static HyperParameterSearchResult Run(TabularTable table, TabularTrainOptions train, int[] outerFold,
        IReadOnlyList<TabularHyperParameters> candidates, int innerFolds = 4, Action<string>? log = null)
    {
        var n = table.RowCount;
        var k = outerFold.Max() + 1;
        var all = Enumerable.Range(0, n).ToArray();
        var y = TabularTrainer.Labels(table, train.Target, train.Positive, all);
        var inner = new double[k][];
        var selected = new int[k];
        var nestedMargin = new double[n];
        var nestedFold = new double[k];
        var cands = candidates.Select(c => c with { EnsembleSize = 1, Threads = 1 }).ToArray();
        var work = new List<(int F, int C)>();
        for (var f = 0; f < k; f++) { inner[f] = new double[cands.Length]; for (var c = 0; c < cands.Length; c++) work.Add((f, c)); }
        var encoded = new float[k][][];
        for (var f = 0; f < k; f++)
        {
            var tr = all.Where(i => outerFold[i] != f).ToArray();
            encoded[f] = TabularTrainer.BuildSchema(table, train, tr, [.. tr.Select(i => y[i])]).Encode(table);
        }
        var done = 0;
        Parallel.ForEach(work, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, w =>
        {
            var tr = all.Where(i => outerFold[i] != w.F).ToArray();
            var xtr = tr.Select(i => encoded[w.F][i]).ToArray();
            var ytr = tr.Select(i => y[i]).ToArray();
            var innerFold = Folds.Stratified(ytr, innerFolds, 1000 + w.F);
            var oof = TabularTrainer.OutOfFoldMargins(xtr, ytr, innerFold, innerFolds, cands[w.C], parallel: false);
            inner[w.F][w.C] = ClassificationMetrics.RocAuc(oof, ytr);
            log?.Invoke($"tune: outer fold {w.F} candidate {w.C}: inner AUC {inner[w.F][w.C]:F4} ({Interlocked.Increment(ref done)}/{work.Count})");
        });
        Parallel.For(0, k, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, f =>
        {
            selected[f] = Array.IndexOf(inner[f], inner[f].Max());
            var tr = all.Where(i => outerFold[i] != f).ToArray();
            var te = all.Where(i => outerFold[i] == f).ToArray();
            var b = TabularTrainer.FitEnsemble([.. tr.Select(i => encoded[f][i])], [.. tr.Select(i => y[i])], cands[selected[f]]);
            var m = TabularTrainer.EnsembleMargins(b, [.. te.Select(i => encoded[f][i])]);
            for (var j = 0; j < te.Length; j++) nestedMargin[te[j]] = m[j];
            nestedFold[f] = ClassificationMetrics.RocAuc(m, [.. te.Select(i => y[i])]);
        });
        var mean = Enumerable.Range(0, cands.Length).Select(c => inner.Average(r => r[c])).ToArray();
        return new HyperParameterSearchResult(cands, inner, selected, Array.IndexOf(mean, mean.Max()),
            ClassificationMetrics.RocAuc(nestedMargin, y), nestedFold);
    }
}
