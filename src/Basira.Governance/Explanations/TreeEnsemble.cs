namespace Basira.Governance.Explanations;

/// <summary>
/// One node of a regression tree in a neutral form that any tree learner (ML.NET FastTree, LightGBM) can be mapped to.
/// A node is a leaf when <see cref="Left"/> is negative. Routing: <c>x[Feature] &lt;= Threshold</c> goes left; a missing
/// value (NaN) goes left when <see cref="MissingGoesLeft"/> is true, right otherwise.
/// </summary>
/// <param name="Feature">Index of the split feature, or -1 for a leaf.</param>
/// <param name="Threshold">Split threshold.</param>
/// <param name="Left">Index of the left child in the tree's node list, or -1 for a leaf.</param>
/// <param name="Right">Index of the right child, or -1 for a leaf.</param>
/// <param name="Value">Leaf value in the model's raw (margin) space, already multiplied by the tree weight.</param>
/// <param name="Cover">Training cover of the node (number or weight of training rows that reach it).</param>
/// <param name="MissingGoesLeft">Default direction for a missing value.</param>
public sealed record TreeNode(int Feature, double Threshold, int Left, int Right, double Value, double Cover, bool MissingGoesLeft = false)
{
    public bool IsLeaf => Left < 0;

    public static TreeNode Leaf(double value, double cover) => new(-1, 0, -1, -1, value, cover);
}

/// <summary>A single regression tree; the root is node 0.</summary>
public sealed record DecisionTree(IReadOnlyList<TreeNode> Nodes);

/// <summary>An additive tree ensemble: raw score = BaseScore + sum of the trees' leaf values.</summary>
public sealed record TreeEnsemble(IReadOnlyList<DecisionTree> Trees, double BaseScore, IReadOnlyList<string> FeatureNames);

/// <summary>Exact per-feature attribution of one prediction; Values sum to Prediction - Baseline.</summary>
public sealed record ShapExplanation(double Prediction, double Baseline, double[] Values);
