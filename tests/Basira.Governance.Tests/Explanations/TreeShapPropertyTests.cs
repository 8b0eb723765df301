using Basira.Governance.Explanations;

namespace Basira.Governance.Tests.Explanations;

/// <summary>Polynomial TreeSHAP against the subset-enumeration definition on random trees.</summary>
public sealed class TreeShapPropertyTests
{
    private const double Tolerance = 1e-9;

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (int seed = 1; seed <= 40; seed++)
            data.Add(seed);
        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Polynomial_TreeShap_equals_brute_force_and_is_locally_accurate(int seed)
    {
        var random = new Random(seed);
        int featureCount = random.Next(1, 11);
        var model = RandomTrees.Ensemble(random, featureCount, trees: random.Next(1, 4), maxDepth: random.Next(1, 7));
        var explainer = new TreeShapExplainer(model);                    // per-leaf tables (all leaves fit)
        var recursive = new TreeShapExplainer(model, -1, 0);             // Algorithm 2 recursion only
        var mixed = new TreeShapExplainer(model, 2, 40);                 // tables for shallow leaves, direct for the rest
        Assert.True(explainer.UsesLeafTables);
        Assert.Equal(0, explainer.DirectLeafCount);
        Assert.False(recursive.UsesLeafTables);

        const int rows = 12;
        var matrix = new double[rows * featureCount];
        for (int i = 0; i < matrix.Length; i++)
            matrix[i] = RandomTrees.FeatureValue(random, missingRate: 0.2);
        var batchShap = new double[matrix.Length];
        var batchPredictions = new double[rows];
        double batchBaseline = TreeShap.ExplainBatch(model, matrix, batchShap, batchPredictions);

        for (int r = 0; r < rows; r++)
        {
            var x = matrix.AsSpan(r * featureCount, featureCount);
            var fast = explainer.Explain(x);
            var slow = recursive.Explain(x);
            var both = mixed.Explain(x);
            var exact = TreeShapBruteForce.ShapValues(model, x);
            for (int i = 0; i < featureCount; i++)
            {
                Assert.True(Math.Abs(fast.Values[i] - exact[i]) <= Tolerance,
                    $"seed {seed} row {r} feature {i}: TreeSHAP (tables) {fast.Values[i]:R}, brute force {exact[i]:R}");
                Assert.True(Math.Abs(slow.Values[i] - exact[i]) <= Tolerance,
                    $"seed {seed} row {r} feature {i}: TreeSHAP (recursion) {slow.Values[i]:R}, brute force {exact[i]:R}");
                Assert.True(Math.Abs(both.Values[i] - exact[i]) <= Tolerance,
                    $"seed {seed} row {r} feature {i}: TreeSHAP (mixed) {both.Values[i]:R}, brute force {exact[i]:R}");
                Assert.Equal(fast.Values[i], batchShap[r * featureCount + i]);
            }

            double prediction = TreeShap.Predict(model, x);
            Assert.Equal(prediction, fast.Prediction);
            Assert.Equal(prediction, batchPredictions[r]);
            Assert.Equal(prediction - fast.Baseline, fast.Values.Sum(), Tolerance);
            // v(all features) is the prediction and v(empty set) the baseline: ties the two definitions together.
            Assert.Equal(prediction, TreeShapBruteForce.Value(model, x.ToArray(), (1 << featureCount) - 1), Tolerance);
            Assert.Equal(fast.Baseline, TreeShapBruteForce.Value(model, x.ToArray(), 0), Tolerance);
        }
        Assert.Equal(explainer.ExpectedValue, batchBaseline);
    }

    [Fact]
    public void Leaves_beyond_the_table_limits_are_computed_directly_and_exactly()
    {
        var random = new Random(99);
        var model = RandomTrees.Ensemble(random, featureCount: 8, trees: 3, maxDepth: 6);
        var mixed = new TreeShapExplainer(model, 2, 40);
        var tablesOnly = new TreeShapExplainer(model);
        Assert.True(mixed.DirectLeafCount > 0);
        Assert.Equal(0, tablesOnly.DirectLeafCount);
        for (int r = 0; r < 30; r++)
        {
            var x = Enumerable.Range(0, 8).Select(_ => RandomTrees.FeatureValue(random, 0.2)).ToArray();
            var exact = TreeShapBruteForce.ShapValues(model, x);
            var a = mixed.Explain(x).Values;
            var b = tablesOnly.Explain(x).Values;
            for (int i = 0; i < 8; i++)
            {
                Assert.True(Math.Abs(a[i] - exact[i]) <= Tolerance, $"row {r} feature {i} (mixed)");
                Assert.True(Math.Abs(b[i] - exact[i]) <= Tolerance, $"row {r} feature {i} (tables)");
            }
        }
    }

    [Fact]
    public void A_feature_that_no_tree_splits_on_gets_exactly_zero()
    {
        var random = new Random(7);
        var model = RandomTrees.Ensemble(random, featureCount: 6, trees: 3, maxDepth: 5, unusedFeature: 2);
        for (int r = 0; r < 50; r++)
        {
            var x = Enumerable.Range(0, 6).Select(_ => RandomTrees.FeatureValue(random, 0.2)).ToArray();
            Assert.Equal(0.0, TreeShap.Explain(model, x).Values[2]);
        }
    }

    [Fact]
    public void Zero_cover_subtrees_use_the_even_split_convention_consistently()
    {
        // Root cover 10 all to the left; the right subtree was never reached in training (cover 0).
        var model = new TreeEnsemble(
            [new DecisionTree([
                new TreeNode(0, 0.5, 1, 2, 0, 10),
                TreeNode.Leaf(1.0, 10),
                new TreeNode(1, 0.5, 3, 4, 0, 0),
                TreeNode.Leaf(4.0, 0),
                TreeNode.Leaf(8.0, 0),
            ])],
            0.0,
            ["a", "b"]);
        Assert.Equal(1.0, TreeShap.ExpectedValue(model), Tolerance);
        double[] x = [1.0, 1.0];
        var fast = TreeShap.Explain(model, x);
        var exact = TreeShapBruteForce.ShapValues(model, x);
        Assert.Equal(8.0, fast.Prediction);
        Assert.Equal(exact[0], fast.Values[0], Tolerance);
        Assert.Equal(exact[1], fast.Values[1], Tolerance);
        // v({a}) = 6 (even split of the unreached subtree), so a gets (6-1 + 8-1)/2 = 6 and b gets (8-6 + 1-1)/2 = 1.
        Assert.Equal(6.0, fast.Values[0], Tolerance);
        Assert.Equal(1.0, fast.Values[1], Tolerance);
    }

    [Fact]
    public void Malformed_models_and_inputs_are_rejected()
    {
        var cycle = new TreeEnsemble([new DecisionTree([new TreeNode(0, 0.5, 1, 0, 0, 1), TreeNode.Leaf(1, 1)])], 0, ["a"]);
        Assert.Throws<ArgumentException>(() => new TreeShapExplainer(cycle));
        var badFeature = new TreeEnsemble([new DecisionTree([new TreeNode(3, 0.5, 1, 2, 0, 2), TreeNode.Leaf(1, 1), TreeNode.Leaf(2, 1)])], 0, ["a"]);
        Assert.Throws<ArgumentException>(() => new TreeShapExplainer(badFeature));
        var negativeCover = new TreeEnsemble([new DecisionTree([new TreeNode(0, 0.5, 1, 2, 0, 2), TreeNode.Leaf(1, -1), TreeNode.Leaf(2, 3)])], 0, ["a"]);
        Assert.Throws<ArgumentException>(() => new TreeShapExplainer(negativeCover));
        var ok = new TreeEnsemble([new DecisionTree([new TreeNode(0, 0.5, 1, 2, 0, 2), TreeNode.Leaf(1, 1), TreeNode.Leaf(2, 1)])], 0, ["a"]);
        Assert.Throws<ArgumentException>(() => TreeShap.Explain(ok, [1.0, 2.0]));
    }
}

/// <summary>Seeded random trees: repeated features on a path, NaN routing both ways, occasional zero-cover leaves.</summary>
internal static class RandomTrees
{
    private static readonly double[] Grid = [-2, -1, -0.5, 0, 0.5, 1, 2];

    public static double FeatureValue(Random random, double missingRate) =>
        random.NextDouble() < missingRate ? double.NaN : Grid[random.Next(Grid.Length)] + (random.Next(3) == 0 ? 0.25 : 0.0);

    public static TreeEnsemble Ensemble(Random random, int featureCount, int trees, int maxDepth, int unusedFeature = -1,
        int maxLeaves = int.MaxValue)
    {
        var list = new List<DecisionTree>();
        for (int t = 0; t < trees; t++)
        {
            var nodes = new List<TreeNode>();
            int leaves = 1;
            Build(random, nodes, featureCount, depth: 0, maxDepth, unusedFeature, ref leaves, maxLeaves);
            list.Add(new DecisionTree(nodes));
        }
        var names = Enumerable.Range(0, featureCount).Select(i => $"f{i}").ToArray();
        return new TreeEnsemble(list, Math.Round(random.NextDouble() * 2 - 1, 3), names);
    }

    /// <summary>Builds a subtree at the end of <paramref name="nodes"/> and returns its index; covers are consistent sums.</summary>
    private static int Build(Random random, List<TreeNode> nodes, int featureCount, int depth, int maxDepth, int unused,
        ref int leaves, int maxLeaves)
    {
        int index = nodes.Count;
        nodes.Add(null!);
        bool split = depth < maxDepth && leaves < maxLeaves && (depth == 0 || random.NextDouble() < 0.8)
                     && (unused < 0 || featureCount > 1);
        if (!split)
        {
            double cover = random.Next(10) == 0 ? 0 : random.Next(1, 50);
            nodes[index] = TreeNode.Leaf(Math.Round(random.NextDouble() * 4 - 2, 4), cover);
            return index;
        }
        leaves++;
        int feature;
        do feature = random.Next(featureCount); while (feature == unused);
        double threshold = Grid[random.Next(Grid.Length)];
        int left = Build(random, nodes, featureCount, depth + 1, maxDepth, unused, ref leaves, maxLeaves);
        int right = Build(random, nodes, featureCount, depth + 1, maxDepth, unused, ref leaves, maxLeaves);
        nodes[index] = new TreeNode(feature, threshold, left, right, 0, nodes[left].Cover + nodes[right].Cover, random.Next(2) == 0);
        return index;
    }
}
