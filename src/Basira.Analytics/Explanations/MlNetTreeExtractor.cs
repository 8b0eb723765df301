using System.Reflection;
using Basira.Governance.Explanations;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Basira.Analytics.Explanations;

/// <summary>
/// Converts a trained ML.NET tree ensemble (FastTree or LightGBM, binary or regression) to the neutral
/// <see cref="TreeEnsemble"/> that <see cref="TreeShap"/> explains.
/// </summary>
/// <remarks>
/// <para>
/// Raw space: leaf values are multiplied by the tree weight and <see cref="TreeEnsemble.BaseScore"/> is the ensemble
/// bias, so <see cref="RawScore(TreeEnsemble, ReadOnlySpan{double})"/> equals ML.NET's uncalibrated <c>Score</c>
/// column (the margin, before the Platt calibrator).
/// </para>
/// <para>
/// Missing values, as ML.NET 5.0.1 evaluates them: a split sends <c>x &lt;= threshold</c> left. When a tree carries a
/// per-node "default value for missing" (LightGBM models do whenever some split of the tree learned a missing
/// direction), a NaN feature is first replaced by that node's default value, so it goes left iff
/// <c>default &lt;= threshold</c>; LightGBM nodes without a learned direction get default 0, i.e. NaN is routed like
/// 0. When a tree has no such array (FastTree always; LightGBM trees whose defaults are all 0) the NaN is compared
/// as is, and <c>NaN &lt;= t</c> is false, so NaN goes right. ML.NET does not expose the per-node defaults publicly;
/// they are read by reflection from the internal tree (pinned to ML.NET 5.0.x, failing loudly if the layout changes).
/// </para>
/// <para>
/// Covers are not stored by ML.NET; they are counted by routing the supplied training rows through every tree with
/// the same rules. Categorical splits are not supported.
/// </para>
/// </remarks>
public static class MlNetTreeExtractor
{
    private static readonly FieldInfo? InternalTreeField =
        typeof(RegressionTreeBase).GetField("_tree", BindingFlags.Instance | BindingFlags.NonPublic);

    /// <summary>
    /// Extracts from any supported model-parameters object: a calibrated binary model
    /// (<c>CalibratedModelParametersBase&lt;FastTreeBinaryModelParameters, PlattCalibrator&gt;</c> or
    /// <c>CalibratedModelParametersBase&lt;LightGbmBinaryModelParameters, PlattCalibrator&gt;</c>, as returned by the
    /// binary trainers) whose <c>SubModel</c> is used, or an uncalibrated
    /// <see cref="TreeEnsembleModelParametersBasedOnRegressionTree"/>.
    /// </summary>
    /// <param name="modelParameters">The trained model parameters, e.g. <c>transformer.Model</c>.</param>
    /// <param name="featureNames">Names of the slots of the model's feature vector, in order.</param>
    /// <param name="trainingRows">Training feature vectors (length = number of features) used to count covers.</param>
    /// <exception cref="NotSupportedException">Unsupported model type, or the model has categorical splits.</exception>
    /// <exception cref="ArgumentException">Feature names or rows inconsistent with the model, or no rows.</exception>
    public static TreeEnsemble Extract(object modelParameters, IReadOnlyList<string> featureNames, IEnumerable<float[]> trainingRows)
    {
        ArgumentNullException.ThrowIfNull(modelParameters);
        var ensemble = modelParameters switch
        {
            TreeEnsembleModelParametersBasedOnRegressionTree trees => trees,
            CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator> calibrated => calibrated.SubModel,
            CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator> calibrated => calibrated.SubModel,
            _ => throw new NotSupportedException(
                $"Model parameters of type {modelParameters.GetType().FullName} are not a supported ML.NET tree ensemble " +
                "(supported: FastTree/LightGBM regression-tree ensembles, bare or Platt-calibrated; for another calibrator pass its SubModel)."),
        };
        return Extract(ensemble, featureNames, trainingRows);
    }

    /// <summary>Extracts an uncalibrated FastTree / LightGBM ensemble (binary margin or regression output).</summary>
    /// <inheritdoc cref="Extract(object, IReadOnlyList{string}, IEnumerable{float[]})"/>
    public static TreeEnsemble Extract(TreeEnsembleModelParametersBasedOnRegressionTree model, IReadOnlyList<string> featureNames,
        IEnumerable<float[]> trainingRows)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(trainingRows);
        var source = model.TrainedTreeEnsemble;
        int m = featureNames.Count;

        var trees = new List<RawTree>(source.Trees.Count);
        for (int k = 0; k < source.Trees.Count; k++)
            trees.Add(RawTree.From(source.Trees[k], source.TreeWeights[k], k, m));

        long rows = 0;
        foreach (var row in trainingRows)
        {
            ArgumentNullException.ThrowIfNull(row, nameof(trainingRows));
            if (row.Length != m)
                throw new ArgumentException($"Training row {rows} has {row.Length} values; the model has {m} feature names.", nameof(trainingRows));
            foreach (var tree in trees)
                tree.CountCovers(row);
            rows++;
        }
        if (rows == 0)
            throw new ArgumentException("At least one training row is needed to compute node covers.", nameof(trainingRows));

        return new TreeEnsemble(trees.Select(t => t.ToDecisionTree()).ToList(), source.Bias, featureNames.ToArray());
    }

    /// <summary>The raw (margin) score of the extracted ensemble: bias plus the weighted leaf of every tree.</summary>
    public static double RawScore(TreeEnsemble ensemble, ReadOnlySpan<double> x) => TreeShap.Predict(ensemble, x);

    /// <summary>The raw (margin) score for an ML.NET-style single-precision feature vector.</summary>
    public static double RawScore(TreeEnsemble ensemble, ReadOnlySpan<float> x)
    {
        Span<double> buffer = x.Length <= 256 ? stackalloc double[x.Length] : new double[x.Length];
        for (int i = 0; i < x.Length; i++)
            buffer[i] = x[i];
        return TreeShap.Predict(ensemble, buffer);
    }

    /// <summary>
    /// The per-node NaN replacement values of ML.NET's internal tree, or null when NaN is compared as is
    /// (see the class remarks).
    /// </summary>
    private static float[]? DefaultValuesForMissing(RegressionTreeBase tree)
    {
        var internalTree = InternalTreeField?.GetValue(tree)
            ?? throw new NotSupportedException("Cannot read ML.NET's internal tree (RegressionTreeBase._tree); this extractor targets ML.NET 5.0.x.");
        var field = internalTree.GetType().GetField("DefaultValueForMissing", BindingFlags.Instance | BindingFlags.Public)
            ?? throw new NotSupportedException("ML.NET's internal tree has no DefaultValueForMissing field; this extractor targets ML.NET 5.0.x.");
        return (float[]?)field.GetValue(internalTree);
    }

    /// <summary>One ML.NET tree in its own indexing: internal nodes 0..N-1, leaf j encoded as child ~j.</summary>
    private sealed class RawTree
    {
        private int[] _left = [];
        private int[] _right = [];
        private int[] _feature = [];
        private float[] _threshold = [];
        private bool[] _missingLeft = [];
        private double[] _leafValue = [];
        private long[] _nodeCover = [];
        private long[] _leafCover = [];

        public static RawTree From(RegressionTreeBase tree, double weight, int index, int featureCount)
        {
            int nodes = tree.NumberOfNodes;
            int leaves = tree.NumberOfLeaves;
            if (nodes > 0 && leaves != nodes + 1)
                throw new NotSupportedException($"Tree {index}: {nodes} internal nodes but {leaves} leaves.");
            for (int i = 0; i < nodes; i++)
            {
                if (tree.CategoricalSplitFlags[i])
                    throw new NotSupportedException(
                        $"Tree {index}, node {i}: categorical split. TreeSHAP extraction supports numerical splits only; " +
                        "train without categorical features (e.g. one-hot encode them as numbers) to explain this model.");
            }
            var defaults = nodes > 0 ? DefaultValuesForMissing(tree) : null;
            var raw = new RawTree
            {
                _left = tree.LeftChild.ToArray(),
                _right = tree.RightChild.ToArray(),
                _feature = tree.NumericalSplitFeatureIndexes.ToArray(),
                _threshold = tree.NumericalSplitThresholds.ToArray(),
                _missingLeft = new bool[nodes],
                _leafValue = tree.LeafValues.Select(v => v * weight).ToArray(),
                _nodeCover = new long[nodes],
                _leafCover = new long[leaves],
            };
            for (int i = 0; i < nodes; i++)
            {
                if (raw._feature[i] < 0 || raw._feature[i] >= featureCount)
                    throw new ArgumentException($"Tree {index}, node {i} splits on feature {raw._feature[i]} but only {featureCount} feature names were given.", "featureNames");
                // NaN is replaced by the node's default when the tree has defaults; otherwise NaN <= t is false (right).
                raw._missingLeft[i] = defaults is not null && defaults[i] <= raw._threshold[i];
            }
            return raw;
        }

        /// <summary>Routes one row exactly as ML.NET's dense evaluation does, counting every node and leaf it reaches.</summary>
        public void CountCovers(float[] row)
        {
            if (_nodeCover.Length == 0)
            {
                _leafCover[0]++;
                return;
            }
            int node = 0;
            while (node >= 0)
            {
                _nodeCover[node]++;
                float v = row[_feature[node]];
                bool left = float.IsNaN(v) ? _missingLeft[node] : v <= _threshold[node];
                node = left ? _left[node] : _right[node];
            }
            _leafCover[~node]++;
        }

        /// <summary>Neutral layout: internal node i stays at i, leaf j goes to N + j.</summary>
        public DecisionTree ToDecisionTree()
        {
            int n = _nodeCover.Length;
            var nodes = new TreeNode[n + _leafCover.Length];
            for (int i = 0; i < n; i++)
            {
                int l = _left[i] < 0 ? n + ~_left[i] : _left[i];
                int r = _right[i] < 0 ? n + ~_right[i] : _right[i];
                nodes[i] = new TreeNode(_feature[i], _threshold[i], l, r, 0.0, _nodeCover[i], _missingLeft[i]);
            }
            for (int j = 0; j < _leafCover.Length; j++)
                nodes[n + j] = TreeNode.Leaf(_leafValue[j], _leafCover[j]);
            return new DecisionTree(nodes);
        }
    }
}
