using System.Runtime.Intrinsics;

namespace Basira.Governance.Explanations;

/// <summary>
/// Exact path-dependent TreeSHAP (Lundberg, Erion, Lee 2018, Algorithm 2) for a <see cref="TreeEnsemble"/>, in the
/// model's raw (margin) space.
/// </summary>
/// <remarks>
/// <para>
/// The attributed game is v(S) = E[f(X) | X_S = x_S] under the path-dependent approximation: at a split on a feature
/// in S the row's own branch is followed; otherwise both children are averaged with weights equal to their share of
/// the parent's training cover. A node with zero cover splits the expectation evenly between its children (the
/// conditional expectation is undefined there; the brute-force reference uses the same convention).
/// </para>
/// <para>
/// A missing value (<see cref="double.NaN"/>) is routed by <see cref="TreeNode.MissingGoesLeft"/>; numeric routing is
/// <c>x &lt;= threshold</c> goes left. Local accuracy holds: the values sum to prediction - <see cref="ExpectedValue"/>.
/// </para>
/// <para>
/// For repeated use build a <see cref="TreeShapExplainer"/> once (it compiles the ensemble and owns reusable buffers);
/// the static methods here compile the ensemble on every call.
/// </para>
/// </remarks>
public static class TreeShap
{
    /// <summary>Explains one row: per-feature SHAP values, the raw prediction and the baseline.</summary>
    /// <param name="model">The ensemble; leaf values in raw (margin) space.</param>
    /// <param name="x">Feature values, one per <see cref="TreeEnsemble.FeatureNames"/>; NaN means missing.</param>
    /// <exception cref="ArgumentException">The model is malformed or <paramref name="x"/> has the wrong length.</exception>
    public static ShapExplanation Explain(TreeEnsemble model, ReadOnlySpan<double> x) =>
        new TreeShapExplainer(model, maxTablePathLength: -1, maxTableEntries: 0).Explain(x);

    /// <summary>
    /// Explains many rows with one compiled model and reused buffers (no per-row or per-node allocation).
    /// </summary>
    /// <param name="model">The ensemble.</param>
    /// <param name="rows">Row-major matrix of <c>n × M</c> feature values (M = number of features); NaN means missing.</param>
    /// <param name="shapValues">Output, row-major <c>n × M</c>; overwritten.</param>
    /// <param name="predictions">Output, the raw prediction of each of the <c>n</c> rows.</param>
    /// <returns>The baseline (expected value) shared by all rows.</returns>
    public static double ExplainBatch(TreeEnsemble model, ReadOnlySpan<double> rows, Span<double> shapValues, Span<double> predictions)
    {
        var explainer = new TreeShapExplainer(model);
        explainer.ExplainBatch(rows, shapValues, predictions);
        return explainer.ExpectedValue;
    }

    /// <summary>
    /// The baseline E[f(X)]: <see cref="TreeEnsemble.BaseScore"/> plus, for each tree, the cover-weighted mean of its
    /// leaf values (computed top-down with child-cover / parent-cover fractions).
    /// </summary>
    public static double ExpectedValue(TreeEnsemble model) => CompiledEnsemble.Compile(model).ExpectedValue;

    /// <summary>The raw (margin) score: <see cref="TreeEnsemble.BaseScore"/> plus the reached leaf of every tree.</summary>
    /// <param name="model">The ensemble.</param>
    /// <param name="x">Feature values; NaN means missing.</param>
    public static double Predict(TreeEnsemble model, ReadOnlySpan<double> x)
    {
        ArgumentNullException.ThrowIfNull(model);
        CheckLength(x.Length, model.FeatureNames.Count);
        double score = model.BaseScore;
        foreach (var tree in model.Trees)
        {
            ArgumentNullException.ThrowIfNull(tree);
            var nodes = tree.Nodes;
            int node = 0;
            int guard = nodes.Count;
            while (!nodes[node].IsLeaf)
            {
                var n = nodes[node];
                if (n.Feature < 0 || n.Feature >= x.Length || --guard < 0)
                    throw new ArgumentException("Malformed tree: bad split feature or a cycle.", nameof(model));
                double v = x[n.Feature];
                node = (double.IsNaN(v) ? n.MissingGoesLeft : v <= n.Threshold) ? n.Left : n.Right;
            }
            score += nodes[node].Value;
        }
        return score;
    }

    internal static void CheckLength(int actual, int expected)
    {
        if (actual != expected)
            throw new ArgumentException($"Expected {expected} feature values, got {actual}.", "x");
    }
}

/// <summary>
/// A compiled, reusable TreeSHAP explainer for one <see cref="TreeEnsemble"/>. It owns scratch buffers, so an
/// instance must not be used from several threads at once; create one per thread instead.
/// </summary>
/// <remarks>
/// Construction precomputes, for every leaf whose path has at most 10 splits (within a 32 MB budget), its
/// contribution vector for each pattern of path splits the row may agree with (see <see cref="TreeShapLeafTables"/>);
/// explaining a row is then one routing pass per tree plus table lookups, with deeper leaves evaluated on the fly.
/// Results equal Algorithm 2's recursion (used by <see cref="TreeShap.Explain"/>) up to floating-point rounding;
/// both are tested against subset enumeration. Construction costs up to about a second for a 100-tree model, so
/// reuse the instance.
/// </remarks>
public sealed class TreeShapExplainer
{
    private struct PathElement
    {
        public int Feature;
        public double Zero;
        public double One;
        public double Weight;
    }

    private readonly CompiledEnsemble _model;
    private readonly int _stride;
    private readonly PathElement[] _path;
    // Precomputed ratios indexed [d * _stride + i]; d is the index of the last path element.
    private readonly double[] _extendOne;   // (i + 1) / (d + 1)
    private readonly double[] _extendZero;  // (d - i) / (d + 1)
    private readonly double[] _unwindOne;   // (d + 1) / (i + 1)
    private readonly double[] _unwindZero;  // (d + 1) / (d - i)
    private readonly double[] _chainRatio;  // (d - i) / (i + 1) = _unwindOne * _extendZero
    private readonly int[] _hot;            // scratch: indexes of "hot" path elements at a leaf
    private readonly TreeShapLeafTables? _tables;
    private readonly int[] _goLeft;         // scratch: per compiled node, 1 when the row goes left
    private readonly int[] _agree;          // scratch: per compiled node, path positions where the row agrees
    private double[] _phi = [];
    private double[] _x = [];

    /// <summary>Default cap on a leaf's path length for the per-leaf tables (at most 2^10 rows per leaf).</summary>
    internal const int DefaultMaxTablePathLength = 10;

    /// <summary>Default cap on table size: 4M doubles (32 MB) per explainer.</summary>
    internal const int DefaultMaxTableEntries = 4_000_000;

    /// <summary>
    /// Compiles and validates <paramref name="model"/>, and precomputes per-leaf contribution tables (see the
    /// remarks on the class).
    /// </summary>
    /// <exception cref="ArgumentException">The model is malformed (bad child indices, cycles, negative or non-finite covers, …).</exception>
    public TreeShapExplainer(TreeEnsemble model)
        : this(model, DefaultMaxTablePathLength, DefaultMaxTableEntries)
    {
    }

    /// <summary>Same, with explicit table limits; <paramref name="maxTablePathLength"/> &lt; 0 disables tables.</summary>
    internal TreeShapExplainer(TreeEnsemble model, int maxTablePathLength, int maxTableEntries)
    {
        _model = CompiledEnsemble.Compile(model);
        _goLeft = new int[_model.Left.Length];
        _agree = new int[_model.Left.Length];
        if (maxTablePathLength >= 0)
            _tables = TreeShapLeafTables.Build(_model, Math.Min(maxTablePathLength, 20), maxTableEntries);
        int maxDepth = _model.MaxDepth;
        _stride = maxDepth + 2;
        _path = new PathElement[(maxDepth + 2) * _stride];
        int size = _stride * _stride;
        _extendOne = new double[size];
        _extendZero = new double[size];
        _unwindOne = new double[size];
        _unwindZero = new double[size];
        _chainRatio = new double[size];
        _hot = new int[_stride + 4];
        for (int d = 0; d < _stride; d++)
        {
            for (int i = 0; i <= d; i++)
            {
                int at = d * _stride + i;
                _extendOne[at] = (i + 1.0) / (d + 1.0);
                _extendZero[at] = (d - i) / (d + 1.0);
                _unwindOne[at] = (d + 1.0) / (i + 1.0);
                _unwindZero[at] = i < d ? (d + 1.0) / (d - i) : 0.0;
                _chainRatio[at] = (d - i) / (i + 1.0);
            }
        }
    }

    /// <summary>
    /// A copy for another thread: shares this explainer's compiled ensemble and per-leaf tables (read-only after
    /// construction) and owns fresh scratch buffers, so N threads explain with N forks at the cost of one table build.
    /// </summary>
    public TreeShapExplainer Fork() => new(this);

    private TreeShapExplainer(TreeShapExplainer source)
    {
        _model = source._model;
        _tables = source._tables;
        _stride = source._stride;
        _extendOne = source._extendOne;
        _extendZero = source._extendZero;
        _unwindOne = source._unwindOne;
        _unwindZero = source._unwindZero;
        _chainRatio = source._chainRatio;
        _path = new PathElement[source._path.Length];
        _hot = new int[source._hot.Length];
        _goLeft = new int[_model.Left.Length];
        _agree = new int[_model.Left.Length];
    }

    /// <summary>Number of features (length of an input row and of the SHAP vector).</summary>
    public int FeatureCount => _model.FeatureCount;

    /// <summary>The baseline E[f(X)] (see <see cref="TreeShap.ExpectedValue"/>).</summary>
    public double ExpectedValue => _model.ExpectedValue;

    /// <summary>The raw (margin) score of one row.</summary>
    public double Predict(ReadOnlySpan<double> x)
    {
        TreeShap.CheckLength(x.Length, _model.FeatureCount);
        return _model.Predict(x);
    }

    /// <summary>Explains one row into a new <see cref="ShapExplanation"/>.</summary>
    public ShapExplanation Explain(ReadOnlySpan<double> x)
    {
        var values = new double[_model.FeatureCount];
        double prediction = Explain(x, values);
        return new ShapExplanation(prediction, _model.ExpectedValue, values);
    }

    /// <summary>Explains one row into <paramref name="shapValues"/> (overwritten) and returns the raw prediction.</summary>
    public double Explain(ReadOnlySpan<double> x, Span<double> shapValues)
    {
        int m = _model.FeatureCount;
        TreeShap.CheckLength(x.Length, m);
        if (shapValues.Length != m)
            throw new ArgumentException($"Expected a SHAP buffer of length {m}, got {shapValues.Length}.", nameof(shapValues));
        if (_x.Length != m)
        {
            _x = new double[m];
            _phi = new double[m];
        }
        x.CopyTo(_x);
        Array.Clear(_phi);
        var tables = _tables;
        for (int t = 0; t < _model.TreeCount; t++)
        {
            if (tables is not null)
                AddFromTables(tables, t, _x, _phi);
            else
                Recurse(_model.Roots[t], 0, 0, 1.0, 1.0, -1);
        }
        _phi.CopyTo(shapValues);
        return _model.Predict(x);
    }

    /// <summary>True when the per-leaf path is used (batch mode) rather than the Algorithm 2 recursion.</summary>
    internal bool UsesLeafTables => _tables is not null;

    /// <summary>Leaves whose contributions are computed on the fly because they exceed the table limits.</summary>
    internal int DirectLeafCount => _tables?.DirectLeafCount ?? 0;

    /// <summary>
    /// Table path: route the row once through every split of tree <paramref name="t"/>, derive for each leaf the
    /// bit pattern of path features the row agrees with, and add that pattern's precomputed contributions.
    /// </summary>
    private void AddFromTables(TreeShapLeafTables tables, int t, ReadOnlySpan<double> x, Span<double> phi)
    {
        var m = _model;
        var goLeft = _goLeft;
        var agree = _agree;
        var parent = tables.Parent;
        var positionBit = tables.PositionBit;
        var isRight = tables.IsRight;
        var left = m.Left;
        var feature = m.Feature;
        var threshold = m.Threshold;
        var missingLeft = m.MissingLeft;
        // One pass in node order (a parent always precedes its children): route every split and build, for every
        // node, the bit set of path positions where the row goes the same way as the path to that node.
        int root = tables.TreeNodeStart[t];
        agree[root] = 0;
        for (int n = root; n < tables.TreeNodeEnd[t]; n++)
        {
            if (n != root)
            {
                int p = parent[n];
                agree[n] = agree[p] | ((goLeft[p] ^ isRight[n]) << positionBit[n]);
            }
            if (left[n] >= 0)
            {
                double v = x[feature[n]];
                goLeft[n] = (double.IsNaN(v) ? missingLeft[n] : v <= threshold[n]) ? 1 : 0;
            }
        }

        var table = tables.Table;
        var slotFeature = tables.SlotFeature;
        var leafNode = tables.LeafNode;
        var tableStart = tables.TableStart;
        var slotCount = tables.SlotCount;
        var slotStart = tables.SlotStart;
        for (int leaf = tables.TreeLeafStart[t]; leaf < tables.TreeLeafEnd[t]; leaf++)
        {
            int unique = slotCount[leaf];
            if (unique == 0)
                continue;
            int slots = slotStart[leaf];
            int start = tableStart[leaf];
            if (start < 0)
            {
                AddDirectLeaf(tables, leaf, unique, slots, phi);
                continue;
            }
            // Tables are indexed by path-position pattern (2^pathLength rows of `unique` contributions).
            int at = start + agree[leafNode[leaf]] * unique;
            for (int u = 0; u < unique; u++)
                phi[slotFeature[slots + u]] += table[at + u];
        }
    }

    /// <summary>
    /// A leaf beyond the table limits: rebuild its unique path (dummy + one element per feature, one fraction from the
    /// row) with EXTEND in path segment 0 and add the leaf's contributions as the recursion would.
    /// </summary>
    private void AddDirectLeaf(TreeShapLeafTables tables, int leaf, int unique, int slots, Span<double> phi)
    {
        int pattern = (1 << unique) - 1;
        for (int p = tables.PathStart[leaf]; p < tables.PathStart[leaf + 1]; p++)
            pattern &= ~((_goLeft[tables.PathNode[p]] ^ tables.PathLeft[p]) << tables.PathSlot[p]);
        var zero = tables.SlotZero;
        for (int u = 0; u < unique; u++)
        {
            if (zero[slots + u] == 0.0 && ((pattern >> u) & 1) == 0)
                return; // the recursion prunes this leaf: every term carries the factor 0
        }
        _path[0] = new PathElement { Feature = -1, Zero = 1.0, One = 1.0, Weight = 1.0 };
        for (int u = 0; u < unique; u++)
            Extend(0, u + 1, zero[slots + u], (pattern >> u) & 1, tables.SlotFeature[slots + u]);
        AddLeafContributions(0, unique, tables.LeafValue[leaf], phi);
    }

    /// <summary>Explains a row-major <c>n × M</c> matrix; see <see cref="TreeShap.ExplainBatch"/>.</summary>
    public void ExplainBatch(ReadOnlySpan<double> rows, Span<double> shapValues, Span<double> predictions)
    {
        int m = _model.FeatureCount;
        if (m == 0)
            throw new ArgumentException("The model has no features.", nameof(rows));
        if (rows.Length % m != 0)
            throw new ArgumentException($"Row buffer length {rows.Length} is not a multiple of {m} features.", nameof(rows));
        int n = rows.Length / m;
        if (shapValues.Length != rows.Length)
            throw new ArgumentException($"Expected a SHAP buffer of length {rows.Length}.", nameof(shapValues));
        if (predictions.Length != n)
            throw new ArgumentException($"Expected a prediction buffer of length {n}.", nameof(predictions));
        var tables = _tables;
        if (tables is null)
        {
            for (int r = 0; r < n; r++)
                predictions[r] = Explain(rows.Slice(r * m, m), shapValues.Slice(r * m, m));
            return;
        }

        // Cache blocking: one tree's tables serve a block of rows while they are hot in cache.
        shapValues.Clear();
        for (int block = 0; block < n; block += BatchBlockRows)
        {
            int blockEnd = Math.Min(n, block + BatchBlockRows);
            for (int t = 0; t < _model.TreeCount; t++)
            {
                for (int r = block; r < blockEnd; r++)
                    AddFromTables(tables, t, rows.Slice(r * m, m), shapValues.Slice(r * m, m));
            }
            for (int r = block; r < blockEnd; r++)
                predictions[r] = _model.Predict(rows.Slice(r * m, m));
        }
    }

    /// <summary>Rows explained together per tree in <see cref="ExplainBatch"/> (keeps the tree's tables in cache).</summary>
    private const int BatchBlockRows = 512;

    /// <summary>
    /// One step of Algorithm 2's RECURSE. The path of this call lives in segment <paramref name="level"/> of
    /// <see cref="_path"/>; the parent's path (with <paramref name="parentLength"/> elements) is in the segment before.
    /// </summary>
    private void Recurse(int node, int level, int parentLength, double zeroFraction, double oneFraction, int feature)
    {
        var m = _model;
        int off = level * _stride;
        var path = _path;
        if (level > 0)
            path.AsSpan(off - _stride, parentLength).CopyTo(path.AsSpan(off, parentLength));

        int d = parentLength; // index of the new (last) element
        Extend(off, d, zeroFraction, oneFraction, feature);

        int left = m.Left[node];
        if (left < 0)
        {
            AddLeafContributions(off, d, m.Value[node], _phi);
            return;
        }

        int splitFeature = m.Feature[node];
        double xv = _x[splitFeature];
        bool goLeft = double.IsNaN(xv) ? m.MissingLeft[node] : xv <= m.Threshold[node];
        int hot, cold;
        double hotFraction, coldFraction;
        if (goLeft)
        {
            hot = left;
            cold = m.Right[node];
            hotFraction = m.LeftFraction[node];
            coldFraction = m.RightFraction[node];
        }
        else
        {
            hot = m.Right[node];
            cold = left;
            hotFraction = m.RightFraction[node];
            coldFraction = m.LeftFraction[node];
        }

        double incomingZero = 1.0, incomingOne = 1.0;
        int length = d + 1;
        for (int k = 1; k <= d; k++)
        {
            if (path[off + k].Feature == splitFeature)
            {
                incomingZero = path[off + k].Zero;
                incomingOne = path[off + k].One;
                Unwind(off, d, k);
                length = d;
                break;
            }
        }

        // A branch whose zero and one fractions are both 0 contributes exactly 0 (every weight carries that factor).
        double hz = incomingZero * hotFraction;
        if (hz != 0.0 || incomingOne != 0.0)
            Recurse(hot, level + 1, length, hz, incomingOne, splitFeature);
        double cz = incomingZero * coldFraction;
        if (cz != 0.0)
            Recurse(cold, level + 1, length, cz, 0.0, splitFeature);
    }

    /// <summary>
    /// EXTEND: appends (feature, zero, one) at index <paramref name="d"/> of the path at <paramref name="off"/> and
    /// updates the permutation weights. Every new weight depends only on old weights (descending i reads w[i-1]
    /// before it is overwritten), so there is no serial chain.
    /// </summary>
    private void Extend(int off, int d, double zeroFraction, double oneFraction, int feature)
    {
        var path = _path;
        path[off + d] = new PathElement { Feature = feature, Zero = zeroFraction, One = oneFraction, Weight = d == 0 ? 1.0 : 0.0 };
        if (d > 0)
        {
            int row = d * _stride;
            if (oneFraction != 0.0)
            {
                path[off + d].Weight = oneFraction * path[off + d - 1].Weight * _extendOne[row + d - 1];
                for (int i = d - 1; i >= 1; i--)
                {
                    path[off + i].Weight = zeroFraction * path[off + i].Weight * _extendZero[row + i]
                                           + oneFraction * path[off + i - 1].Weight * _extendOne[row + i - 1];
                }
                path[off].Weight = zeroFraction * path[off].Weight * _extendZero[row];
            }
            else
            {
                for (int i = d - 1; i >= 0; i--)
                    path[off + i].Weight *= zeroFraction * _extendZero[row + i];
            }
        }
    }

    /// <summary>UNWIND: removes element <paramref name="k"/> from the path whose last index is <paramref name="d"/>.</summary>
    private void Unwind(int off, int d, int k)
    {
        var path = _path;
        double one = path[off + k].One;
        double zero = path[off + k].Zero;
        int row = d * _stride;
        double next = path[off + d].Weight;
        if (one != 0.0)
        {
            double invOne = 1.0 / one;
            double chain = zero * invOne;
            for (int i = d - 1; i >= 0; i--)
            {
                double w = path[off + i].Weight;
                path[off + i].Weight = next * _unwindOne[row + i] * invOne;
                next = w - next * (chain * _chainRatio[row + i]);
            }
        }
        else
        {
            double invZero = 1.0 / zero;
            for (int i = d - 1; i >= 0; i--)
                path[off + i].Weight *= _unwindZero[row + i] * invZero;
        }
        for (int i = k; i < d; i++)
        {
            ref var dst = ref path[off + i];
            ref readonly var src = ref path[off + i + 1];
            dst.Feature = src.Feature;
            dst.Zero = src.Zero;
            dst.One = src.One;
        }
    }

    /// <summary>
    /// At a leaf, adds for each path element i the term (o_i - z_i) · v · Σ weights(UNWIND(path, i)). The unwound
    /// sum is computed without materialising the unwound path. For a "cold" element (o = 0) the sum equals
    /// S/z_i with S = Σ_j w_j (d+1)/(d-j) shared by all cold elements, so its term is simply -S·v. "Hot" elements
    /// (o = 1, z &lt; 1) each need the serial back-substitution n_j = w_j - n_{j+1}·z·(d-j)/(j+1), sum += n_{j+1}·(d+1)/(j+1);
    /// up to four of them run side by side in one 256-bit vector.
    /// </summary>
    private void AddLeafContributions(int off, int d, double value, Span<double> phi)
    {
        if (d == 0 || value == 0.0)
            return;
        var path = _path;
        var hot = _hot;
        int row = d * _stride;
        int hotCount = 0;
        double coldSum = double.NaN;
        for (int i = 1; i <= d; i++)
        {
            ref readonly var e = ref path[off + i];
            if (e.One == 0.0)
            {
                if (double.IsNaN(coldSum))
                {
                    coldSum = 0.0;
                    for (int j = 0; j < d; j++)
                        coldSum += path[off + j].Weight * _unwindZero[row + j];
                }
                phi[e.Feature] -= coldSum * value;
            }
            else if (e.Zero != 1.0)
            {
                hot[hotCount++] = i;
            }
        }

        double last = path[off + d].Weight;
        for (int h = 0; h < hotCount; h += 4)
        {
            int n = Math.Min(4, hotCount - h);
            var z = Vector256.Create(
                path[off + hot[h]].Zero,
                n > 1 ? path[off + hot[h + 1]].Zero : 0.0,
                n > 2 ? path[off + hot[h + 2]].Zero : 0.0,
                n > 3 ? path[off + hot[h + 3]].Zero : 0.0);
            var next = Vector256.Create(last);
            var total = Vector256<double>.Zero;
            for (int j = d - 1; j >= 0; j--)
            {
                total += next * _unwindOne[row + j];
                next = Vector256.Create(path[off + j].Weight) - next * (z * _chainRatio[row + j]);
            }
            for (int k = 0; k < n; k++)
            {
                double zk = z.GetElement(k);
                phi[path[off + hot[h + k]].Feature] += (1.0 - zk) * total.GetElement(k) * value;
            }
        }
    }
}

/// <summary>Flat, validated form of a <see cref="TreeEnsemble"/> used by the explainers.</summary>
internal sealed class CompiledEnsemble
{
    public required int FeatureCount { get; init; }
    public required int TreeCount { get; init; }
    public required int MaxDepth { get; init; }
    public required double BaseScore { get; init; }
    public required double ExpectedValue { get; init; }
    public required int[] Roots { get; init; }
    public required int[] Feature { get; init; }
    public required double[] Threshold { get; init; }
    public required int[] Left { get; init; }
    public required int[] Right { get; init; }
    public required bool[] MissingLeft { get; init; }
    public required double[] Value { get; init; }
    public required double[] LeftFraction { get; init; }
    public required double[] RightFraction { get; init; }

    public double Predict(ReadOnlySpan<double> x)
    {
        double score = BaseScore;
        for (int t = 0; t < Roots.Length; t++)
        {
            int node = Roots[t];
            while (Left[node] >= 0)
            {
                double v = x[Feature[node]];
                node = (double.IsNaN(v) ? MissingLeft[node] : v <= Threshold[node]) ? Left[node] : Right[node];
            }
            score += Value[node];
        }
        return score;
    }

    /// <summary>
    /// Fraction of a node's cover that goes to a child. A node with zero cover splits evenly (documented convention,
    /// shared with the brute-force reference).
    /// </summary>
    internal static double ChildFraction(double childCover, double parentCover) =>
        parentCover > 0.0 ? childCover / parentCover : 0.5;

    public static CompiledEnsemble Compile(TreeEnsemble model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(model.Trees);
        ArgumentNullException.ThrowIfNull(model.FeatureNames);
        if (!double.IsFinite(model.BaseScore))
            throw new ArgumentException("BaseScore must be finite.", nameof(model));
        int m = model.FeatureNames.Count;
        int total = 0;
        foreach (var tree in model.Trees)
        {
            if (tree?.Nodes is null || tree.Nodes.Count == 0)
                throw new ArgumentException("Every tree needs at least one node.", nameof(model));
            total += tree.Nodes.Count;
        }

        var roots = new int[model.Trees.Count];
        var feature = new int[total];
        var threshold = new double[total];
        var left = new int[total];
        var right = new int[total];
        var missingLeft = new bool[total];
        var value = new double[total];
        var leftFraction = new double[total];
        var rightFraction = new double[total];
        int next = 0;
        int maxDepth = 0;
        double expected = model.BaseScore;
        var stack = new Stack<(int Source, int Target, int Depth)>();

        for (int t = 0; t < model.Trees.Count; t++)
        {
            var nodes = model.Trees[t].Nodes;
            var seen = new bool[nodes.Count];
            int rootTarget = next++;
            roots[t] = rootTarget;
            stack.Push((0, rootTarget, 0));
            seen[0] = true;
            while (stack.Count > 0)
            {
                var (source, target, depth) = stack.Pop();
                var n = nodes[source] ?? throw new ArgumentException($"Tree {t}: node {source} is null.", nameof(model));
                if (!double.IsFinite(n.Cover) || n.Cover < 0)
                    throw new ArgumentException($"Tree {t}: node {source} has an invalid cover {n.Cover}.", nameof(model));
                maxDepth = Math.Max(maxDepth, depth);
                if (n.Left < 0 || n.Right < 0)
                {
                    if (n.Left >= 0 || n.Right >= 0)
                        throw new ArgumentException($"Tree {t}: node {source} has exactly one child.", nameof(model));
                    if (!double.IsFinite(n.Value))
                        throw new ArgumentException($"Tree {t}: leaf {source} has a non-finite value.", nameof(model));
                    feature[target] = -1;
                    left[target] = -1;
                    right[target] = -1;
                    value[target] = n.Value;
                    continue;
                }
                if (n.Feature < 0 || n.Feature >= m)
                    throw new ArgumentException($"Tree {t}: node {source} splits on feature {n.Feature}, outside 0..{m - 1}.", nameof(model));
                if (double.IsNaN(n.Threshold))
                    throw new ArgumentException($"Tree {t}: node {source} has a NaN threshold.", nameof(model));
                foreach (int child in (ReadOnlySpan<int>)[n.Left, n.Right])
                {
                    if (child >= nodes.Count || seen[child])
                        throw new ArgumentException($"Tree {t}: node {source} has an invalid or shared child {child}.", nameof(model));
                    seen[child] = true;
                }
                feature[target] = n.Feature;
                threshold[target] = n.Threshold;
                missingLeft[target] = n.MissingGoesLeft;
                int lt = next++;
                int rt = next++;
                left[target] = lt;
                right[target] = rt;
                leftFraction[target] = ChildFraction(nodes[n.Left].Cover, n.Cover);
                rightFraction[target] = ChildFraction(nodes[n.Right].Cover, n.Cover);
                stack.Push((n.Right, rt, depth + 1));
                stack.Push((n.Left, lt, depth + 1));
            }
            expected += ExpectedValueOf(roots[t], left, right, value, leftFraction, rightFraction);
        }

        return new CompiledEnsemble
        {
            FeatureCount = m,
            TreeCount = roots.Length,
            MaxDepth = maxDepth,
            BaseScore = model.BaseScore,
            ExpectedValue = expected,
            Roots = roots,
            Feature = feature,
            Threshold = threshold,
            Left = left,
            Right = right,
            MissingLeft = missingLeft,
            Value = value,
            LeftFraction = leftFraction,
            RightFraction = rightFraction,
        };
    }

    private static double ExpectedValueOf(int node, int[] left, int[] right, double[] value, double[] lf, double[] rf) =>
        left[node] < 0
            ? value[node]
            : lf[node] * ExpectedValueOf(left[node], left, right, value, lf, rf)
              + rf[node] * ExpectedValueOf(right[node], left, right, value, lf, rf);
}
