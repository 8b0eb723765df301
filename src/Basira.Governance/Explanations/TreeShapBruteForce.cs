namespace Basira.Governance.Explanations;

/// <summary>
/// Test-only reference: exact Shapley values of the path-dependent game by enumerating every feature subset.
/// Cost O(2^M · nodes), so only for small M. It shares no code with <see cref="TreeShapExplainer"/> except the
/// zero-cover convention <see cref="CompiledEnsemble.ChildFraction"/>.
/// </summary>
internal static class TreeShapBruteForce
{
    /// <summary>Largest feature count accepted (2^M subsets).</summary>
    public const int MaxFeatures = 16;

    public static double[] ShapValues(TreeEnsemble model, ReadOnlySpan<double> x)
    {
        int m = model.FeatureNames.Count;
        if (m > MaxFeatures)
            throw new ArgumentException($"Brute force supports at most {MaxFeatures} features.", nameof(model));
        TreeShap.CheckLength(x.Length, m);
        var xs = x.ToArray();

        // v(S) for every subset S, encoded as a bit mask.
        int subsets = 1 << m;
        var v = new double[subsets];
        for (int s = 0; s < subsets; s++)
            v[s] = Value(model, xs, s);

        // Shapley weight |S|! (M - |S| - 1)! / M! for each subset size.
        var weight = new double[m];
        for (int size = 0; size < m; size++)
            weight[size] = Factorial(size) * Factorial(m - size - 1) / Factorial(m);

        var phi = new double[m];
        for (int i = 0; i < m; i++)
        {
            int bit = 1 << i;
            double sum = 0;
            for (int s = 0; s < subsets; s++)
            {
                if ((s & bit) != 0)
                    continue;
                sum += weight[System.Numerics.BitOperations.PopCount((uint)s)] * (v[s | bit] - v[s]);
            }
            phi[i] = sum;
        }
        return phi;
    }

    /// <summary>v(S) = BaseScore + Σ_trees EXPVALUE(x, S, tree) (Algorithm 1 of the paper).</summary>
    public static double Value(TreeEnsemble model, double[] x, int subsetMask)
    {
        double total = model.BaseScore;
        foreach (var tree in model.Trees)
            total += ExpValue(tree.Nodes, 0, x, subsetMask);
        return total;
    }

    private static double ExpValue(IReadOnlyList<TreeNode> nodes, int j, double[] x, int subsetMask)
    {
        var n = nodes[j];
        if (n.IsLeaf)
            return n.Value;
        if ((subsetMask & (1 << n.Feature)) != 0)
        {
            double xv = x[n.Feature];
            bool goLeft = double.IsNaN(xv) ? n.MissingGoesLeft : xv <= n.Threshold;
            return ExpValue(nodes, goLeft ? n.Left : n.Right, x, subsetMask);
        }
        return CompiledEnsemble.ChildFraction(nodes[n.Left].Cover, n.Cover) * ExpValue(nodes, n.Left, x, subsetMask)
             + CompiledEnsemble.ChildFraction(nodes[n.Right].Cover, n.Cover) * ExpValue(nodes, n.Right, x, subsetMask);
    }

    private static double Factorial(int n)
    {
        double f = 1;
        for (int k = 2; k <= n; k++)
            f *= k;
        return f;
    }
}
