using System.Diagnostics;
using Basira.Governance.Explanations;
using Xunit.Abstractions;

namespace Basira.Governance.Tests.Explanations;

/// <summary>
/// Throughput of the batch path on a production-sized model: 100 trees × 31 leaves (leaf-wise growth, depth ≤ 12)
/// over 40 features. The floor asserted here is deliberately loose (shared CI cores, Debug builds); the measured rate
/// is printed. Run with <c>-c Release --filter TreeShapThroughputTests</c> for the real figure.
/// </summary>
public sealed class TreeShapThroughputTests(ITestOutputHelper output)
{
    [Fact]
    public void Batch_explains_a_100_tree_31_leaf_40_feature_model_quickly_and_allocation_free()
    {
        var random = new Random(2026);
        const int features = 40;
        var model = LeafWiseEnsemble(random, trees: 100, leaves: 31, features, maxDepth: 12);
        Assert.All(model.Trees, t => Assert.Equal(31, t.Nodes.Count(n => n.IsLeaf)));

#if DEBUG
        const int rows = 300;
        const double floor = 20; // unoptimised JIT code
#else
        const int rows = 4_000;
        const double floor = 1_000;
#endif
        var matrix = new double[rows * features];
        for (int i = 0; i < matrix.Length; i++)
            matrix[i] = random.NextDouble() < 0.05 ? double.NaN : random.NextDouble() * 4 - 2;
        var shap = new double[matrix.Length];
        var predictions = new double[rows];
        var explainer = new TreeShapExplainer(model);
        Assert.True(explainer.UsesLeafTables);
        int warm = Math.Min(rows, 1_000); // warm-up: let the JIT reach optimised code
        explainer.ExplainBatch(matrix.AsSpan(0, warm * features), shap.AsSpan(0, warm * features), predictions.AsSpan(0, warm));

        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        explainer.ExplainBatch(matrix, shap, predictions);
        watch.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        double rate = rows / watch.Elapsed.TotalSeconds;
        output.WriteLine($"TreeSHAP batch: {rows} rows in {watch.Elapsed.TotalMilliseconds:F0} ms = {rate:F0} rows/s " +
                         $"(100 trees x 31 leaves, 40 features, max depth {MaxDepth(model)}), allocated {allocated} bytes");

        for (int r = 0; r < rows; r += 37)
            Assert.Equal(predictions[r] - explainer.ExpectedValue, shap.AsSpan(r * features, features).ToArray().Sum(), 1e-9);
        Assert.True(allocated < 1_000, $"batch allocated {allocated} bytes");
        Assert.True(rate >= floor, $"only {rate:F0} rows/s");
    }

    /// <summary>Leaf-wise random growth (like LightGBM/FastTree): split a random splittable leaf until the leaf budget is used.</summary>
    internal static TreeEnsemble LeafWiseEnsemble(Random random, int trees, int leaves, int features, int maxDepth)
    {
        var list = new List<DecisionTree>();
        for (int t = 0; t < trees; t++)
        {
            var nodes = new List<TreeNode> { TreeNode.Leaf(0, 0) };
            var depth = new List<int> { 0 };
            var open = new List<int> { 0 };
            for (int count = 1; count < leaves;)
            {
                int pick = random.Next(open.Count);
                int leaf = open[pick];
                if (depth[leaf] >= maxDepth)
                {
                    open.RemoveAt(pick);
                    continue;
                }
                open.RemoveAt(pick);
                int l = nodes.Count, r = l + 1;
                nodes.Add(TreeNode.Leaf(0, 0));
                nodes.Add(TreeNode.Leaf(0, 0));
                depth.Add(depth[leaf] + 1);
                depth.Add(depth[leaf] + 1);
                nodes[leaf] = new TreeNode(random.Next(features), random.NextDouble() * 4 - 2, l, r, 0, 0, random.Next(2) == 0);
                open.Add(l);
                open.Add(r);
                count++;
            }
            // Leaf values and consistent covers (bottom-up; children always have larger indices).
            for (int i = nodes.Count - 1; i >= 0; i--)
            {
                var n = nodes[i];
                nodes[i] = n.IsLeaf
                    ? TreeNode.Leaf(random.NextDouble() * 0.2 - 0.1, random.Next(20, 200))
                    : n with { Cover = nodes[n.Left].Cover + nodes[n.Right].Cover };
            }
            list.Add(new DecisionTree(nodes));
        }
        return new TreeEnsemble(list, -0.3, Enumerable.Range(0, features).Select(i => $"f{i}").ToArray());
    }

    private static int MaxDepth(TreeEnsemble model)
    {
        int Depth(IReadOnlyList<TreeNode> nodes, int i) =>
            nodes[i].IsLeaf ? 0 : 1 + Math.Max(Depth(nodes, nodes[i].Left), Depth(nodes, nodes[i].Right));
        return model.Trees.Max(t => Depth(t.Nodes, 0));
    }
}
