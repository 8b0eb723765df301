using System.Runtime.InteropServices;
using Basira.Analytics.Explanations;
using Basira.Governance.Explanations;

namespace Basira.Analytics.Tabular;

/// <summary>
/// Batch scoring of a <see cref="TabularModel"/>'s margin at national scale: the boosters are merged into one flat array
/// of 16-byte nodes (the same routing as ML.NET, NaN by the node's learned direction), and a
/// <see cref="FeatureMatrix"/> is scored in blocks of rows spread over every core (<see cref="Parallel.For(int, int, Action{int})"/>),
/// each block walking one tree for all its rows before the next so the tree stays in cache. Nothing is allocated per row.
/// The margin equals the explained margin of <see cref="TabularExplainer"/> (trees + linear part) and ML.NET's score up to
/// float rounding.
/// </summary>
public sealed class ForestScorer
{
    [StructLayout(LayoutKind.Sequential)]
    private struct Node
    {
        public float Threshold;
        public int Feature;   // bit 31 set: a missing value goes left
        public int Left;      // ≥ 0 internal node, < 0 leaf ~index
        public int Right;
    }

    private const int MissingLeftBit = unchecked((int)0x80000000);

    private readonly Node[] _nodes;
    private readonly int[] _roots;      // ≥ 0 internal node, < 0 a one-leaf tree ~leaf
    private readonly double[] _leaves;
    private readonly double _base;
    private readonly LinearPart? _linear;
    private readonly double _linearWeight;

    /// <summary>Rows scored together per tree (a block is one unit of parallel work).</summary>
    public const int BlockRows = 1024;

    private ForestScorer(Node[] nodes, int[] roots, double[] leaves, double baseScore, int features, LinearPart? linear, double linearWeight)
    {
        _nodes = nodes;
        _roots = roots;
        _leaves = leaves;
        _base = baseScore;
        FeatureCount = features;
        _linear = linear;
        _linearWeight = linear is null ? 0 : linearWeight;
    }

    /// <summary>Features per row.</summary>
    public int FeatureCount { get; }

    /// <summary>Trees in the merged ensemble.</summary>
    public int TreeCount => _roots.Length;

    /// <summary>The scorer of a trained model: its boosters merged with their weights, plus the stack intercept and linear part.</summary>
    public static ForestScorer Create(TabularModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        // Covers are not needed to score: one row routes nothing that matters.
        var one = new[] { model.TrainingFeatures.Count > 0 ? model.TrainingFeatures[0] : new float[model.FeatureNames.Count] };
        var trees = new List<DecisionTree>();
        var bias = model.Metadata.Stack.Intercept;
        foreach (var part in model.Parts)
        {
            var e = MlNetTreeExtractor.Extract(part.Trees, model.FeatureNames, one);
            bias += part.Weight * e.BaseScore;
            foreach (var t in e.Trees)
                trees.Add(new DecisionTree([.. t.Nodes.Select(n => n.IsLeaf ? n with { Value = n.Value * part.Weight } : n)]));
        }
        return Compile(new TreeEnsemble(trees, bias, [.. model.FeatureNames]), model.Linear, model.Metadata.Stack.LinearWeight);
    }

    /// <summary>Compiles a neutral tree ensemble (raw margin space) with an optional linear part added with <paramref name="linearWeight"/>.</summary>
    /// <exception cref="ArgumentException">A malformed tree (bad child, feature outside the names).</exception>
    public static ForestScorer Compile(TreeEnsemble ensemble, LinearPart? linear = null, double linearWeight = 0)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        var m = ensemble.FeatureNames.Count;
        var nodes = new List<Node>();
        var leaves = new List<double>();
        var roots = new int[ensemble.Trees.Count];
        for (var t = 0; t < ensemble.Trees.Count; t++)
        {
            var src = ensemble.Trees[t].Nodes;
            var map = new int[src.Count]; // source node → encoded reference
            // Internal nodes keep their order; each source node is given its encoded reference first.
            for (var i = 0; i < src.Count; i++)
            {
                if (src[i].IsLeaf)
                {
                    map[i] = ~leaves.Count;
                    leaves.Add(src[i].Value);
                }
                else
                {
                    map[i] = nodes.Count;
                    nodes.Add(default);
                }
            }
            for (var i = 0; i < src.Count; i++)
            {
                var n = src[i];
                if (n.IsLeaf) continue;
                if (n.Feature < 0 || n.Feature >= m) throw new ArgumentException($"tree {t}, node {i}: feature {n.Feature} outside 0..{m - 1}", nameof(ensemble));
                if (n.Left >= src.Count || n.Right < 0 || n.Right >= src.Count) throw new ArgumentException($"tree {t}, node {i}: bad child", nameof(ensemble));
                nodes[map[i]] = new Node
                {
                    // The thresholds come from ML.NET floats: the float comparison is the same as the double one.
                    Threshold = (float)n.Threshold,
                    Feature = n.Feature | (n.MissingGoesLeft ? MissingLeftBit : 0),
                    Left = map[n.Left],
                    Right = map[n.Right],
                };
            }
            roots[t] = map[0];
        }
        return new ForestScorer([.. nodes], roots, [.. leaves], ensemble.BaseScore, m, linear, linearWeight);
    }

    /// <summary>Margin of one row.</summary>
    public double Score(ReadOnlySpan<float> x)
    {
        if (x.Length != FeatureCount) throw new ArgumentException($"expected {FeatureCount} features, got {x.Length}", nameof(x));
        var s = _base;
        for (var t = 0; t < _roots.Length; t++) s += _leaves[~Leaf(_roots[t], x)];
        return _linear is null ? s : s + _linearWeight * _linear.Margin(x);
    }

    /// <summary>
    /// Margins of every row of <paramref name="x"/> into <paramref name="margins"/>, blocks of <see cref="BlockRows"/> rows
    /// spread over <paramref name="maxDegreeOfParallelism"/> threads (default: every core).
    /// </summary>
    public void Score(FeatureMatrix x, double[] margins, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Columns != FeatureCount) throw new ArgumentException($"expected {FeatureCount} features, got {x.Columns}", nameof(x));
        if (margins.Length != x.Rows) throw new ArgumentException($"expected {x.Rows} margins, got {margins.Length}", nameof(margins));
        var blocks = (x.Rows + BlockRows - 1) / BlockRows;
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, b =>
            ScoreBlock(x, b * BlockRows, Math.Min(x.Rows, (b + 1) * BlockRows), margins));
    }

    /// <summary>Margins of every row (a new array).</summary>
    public double[] Score(FeatureMatrix x)
    {
        var m = new double[x.Rows];
        Score(x, m);
        return m;
    }

    private void ScoreBlock(FeatureMatrix x, int from, int to, double[] margins)
    {
        var cols = x.Columns;
        var data = x.Data;
        margins.AsSpan(from, to - from).Fill(_base);
        for (var t = 0; t < _roots.Length; t++)
        {
            var root = _roots[t];
            for (var r = from; r < to; r++)
                margins[r] += _leaves[~Leaf(root, data.AsSpan(r * cols, cols))];
        }
        if (_linear is null) return;
        for (var r = from; r < to; r++) margins[r] += _linearWeight * _linear.Margin(data.AsSpan(r * cols, cols));
    }

    private int Leaf(int node, ReadOnlySpan<float> x)
    {
        var nodes = _nodes;
        while (node >= 0)
        {
            ref readonly var n = ref nodes[node];
            var f = n.Feature & ~MissingLeftBit;
            var v = x[f];
            // NaN <= t is false: a missing value goes right unless the node learned "left".
            node = v <= n.Threshold || (n.Feature < 0 && float.IsNaN(v)) ? n.Left : n.Right;
        }
        return node;
    }
}
