using Basira.Governance.Explanations;

namespace Basira.Governance.Tests.Explanations;

/// <summary>Forks share the compiled tables and own their scratch: the same numbers, from several threads at once.</summary>
public sealed class TreeShapForkTests
{
    [Fact]
    public void Forks_explaining_on_several_threads_at_once_give_the_original_explainers_values()
    {
        var random = new Random(77);
        const int features = 12, rows = 400;
        var model = TreeShapThroughputTests.LeafWiseEnsemble(random, trees: 30, leaves: 15, features, maxDepth: 9);
        var matrix = new double[rows * features];
        for (int i = 0; i < matrix.Length; i++)
            matrix[i] = random.NextDouble() < 0.05 ? double.NaN : random.NextDouble() * 4 - 2;
        var original = new TreeShapExplainer(model);
        var expected = new double[matrix.Length];
        var expectedPredictions = new double[rows];
        original.ExplainBatch(matrix, expected, expectedPredictions);

        var results = new double[4][];
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, w =>
        {
            var fork = original.Fork();
            Assert.Equal(original.ExpectedValue, fork.ExpectedValue);
            var shap = new double[matrix.Length];
            var predictions = new double[rows];
            for (int pass = 0; pass < 3; pass++) fork.ExplainBatch(matrix, shap, predictions);
            Assert.Equal(expectedPredictions, predictions);
            results[w] = shap;
        });
        foreach (var r in results) Assert.Equal(expected, r);
        // The recursion (no tables) forks too, and agrees with the tables.
        var recursion = TreeShap.Explain(model, matrix.AsSpan(0, features));
        for (int j = 0; j < features; j++) Assert.Equal(recursion.Values[j], expected[j], 9);
    }
}
