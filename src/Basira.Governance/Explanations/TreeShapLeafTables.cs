namespace Basira.Governance.Explanations;

/// <summary>
/// Per-leaf precomputation for batch TreeSHAP (the idea of "Fast TreeSHAP v2", Yang 2021). In Algorithm 2 a leaf's
/// contribution to each of its path's unique features depends on the row only through which of those features the
/// row "agrees" with (one fraction 1 when x follows the leaf's side at every split on the feature, else 0); the zero
/// fractions are products of cover ratios fixed by the tree. So for a leaf with U unique path features there are 2^U
/// possible contribution vectors, computed once here with the paper's EXTEND / unwound-sum formulas. Explaining a
/// row then costs O(leaves × depth) table lookups per tree instead of O(leaves × depth²) arithmetic.
/// Tables are indexed by the pattern over path positions (2^length rows; positions on the same feature are merged when
/// the table is built), which a single pass over the tree's nodes yields for all leaves at once. A leaf gets a table
/// only when its path has at most <c>maxPathLength</c> splits and the table budget is not exhausted; other ("direct")
/// leaves compute their contribution vector for the row's pattern on the fly (O(U²)).
/// </summary>
internal sealed class TreeShapLeafTables
{
    public required int DirectLeafCount { get; init; }
    public required int[] Parent { get; init; }
    public required int[] PositionBit { get; init; }
    public required int[] IsRight { get; init; }
    public required int[] LeafNode { get; init; }
    public required double[] SlotZero { get; init; }
    public required double[] LeafValue { get; init; }
    public required int[] TreeLeafStart { get; init; }
    public required int[] TreeLeafEnd { get; init; }
    public required int[] TreeNodeStart { get; init; }
    public required int[] TreeNodeEnd { get; init; }
    public required int[] PathStart { get; init; }
    public required int[] PathNode { get; init; }
    public required int[] PathLeft { get; init; }
    public required int[] PathSlot { get; init; }
    public required int[] SlotStart { get; init; }
    public required int[] SlotCount { get; init; }
    public required int[] SlotFeature { get; init; }
    public required int[] TableStart { get; init; }
    public required double[] Table { get; init; }

    public static TreeShapLeafTables Build(CompiledEnsemble m, int maxPathLength, int maxEntries)
    {
        int trees = m.TreeCount;
        var leafStart = new int[trees];
        var leafEnd = new int[trees];
        var nodeStart = new int[trees];
        var nodeEnd = new int[trees];
        var pathStart = new List<int>();
        var pathNode = new List<int>();
        var pathLeft = new List<int>();
        var pathSlot = new List<int>();
        var slotStart = new List<int>();
        var slotCount = new List<int>();
        var slotFeature = new List<int>();
        var slotZero = new List<double>();
        var leafValue = new List<double>();
        var tableStart = new List<int>();
        var table = new List<double>();
        var leafNode = new List<int>();
        int direct = 0;
        int total = m.Left.Length;
        var parentOf = new int[total];
        var positionBit = new int[total];
        var isRight = new int[total];
        for (int n = 0; n < total; n++)
        {
            parentOf[n] = -1;
        }
        for (int n = 0; n < total; n++)
        {
            if (m.Left[n] < 0)
                continue;
            parentOf[m.Left[n]] = n;
            parentOf[m.Right[n]] = n;
            isRight[m.Right[n]] = 1;
        }

        var stackNode = new List<int>();
        var stackLeft = new List<int>();
        int capacity = m.MaxDepth + 1;
        var contributions = new double[capacity];
        var weights = new double[capacity + 1];

        for (int t = 0; t < trees; t++)
        {
            nodeStart[t] = m.Roots[t];
            nodeEnd[t] = t + 1 < trees ? m.Roots[t + 1] : m.Left.Length;
            leafStart[t] = slotStart.Count;
            stackNode.Clear();
            stackLeft.Clear();
            Walk(m.Roots[t]);
            leafEnd[t] = slotStart.Count;
        }
        pathStart.Add(pathNode.Count); // sentinel: path of leaf L is [PathStart[L], PathStart[L + 1])

        return new TreeShapLeafTables
        {
            DirectLeafCount = direct,
            Parent = parentOf,
            PositionBit = positionBit,
            IsRight = isRight,
            LeafNode = [.. leafNode],
            SlotZero = [.. slotZero],
            LeafValue = [.. leafValue],
            TreeLeafStart = leafStart,
            TreeLeafEnd = leafEnd,
            TreeNodeStart = nodeStart,
            TreeNodeEnd = nodeEnd,
            PathStart = [.. pathStart],
            PathNode = [.. pathNode],
            PathLeft = [.. pathLeft],
            PathSlot = [.. pathSlot],
            SlotStart = [.. slotStart],
            SlotCount = [.. slotCount],
            SlotFeature = [.. slotFeature],
            TableStart = [.. tableStart],
            Table = [.. table],
        };

        // Depth-first over root-to-leaf paths; stackNode/stackLeft hold the current path and the side taken.
        void Walk(int node)
        {
            if (m.Left[node] >= 0)
            {
                // Children sit at path position = this node's depth; beyond 31 the bit is unused (direct leaves).
                int position = Math.Min(stackNode.Count, 31);
                positionBit[m.Left[node]] = position;
                positionBit[m.Right[node]] = position;
                stackNode.Add(node);
                stackLeft.Add(1);
                Walk(m.Left[node]);
                stackLeft[^1] = 0;
                Walk(m.Right[node]);
                stackNode.RemoveAt(stackNode.Count - 1);
                stackLeft.RemoveAt(stackLeft.Count - 1);
                return;
            }

            // Leaf: unique features along the path, in order of first appearance, with product zero fractions.
            int start = slotFeature.Count;
            int unique = 0;
            pathStart.Add(pathNode.Count);
            for (int p = 0; p < stackNode.Count; p++)
            {
                int parent = stackNode[p];
                int f = m.Feature[parent];
                int slot = -1;
                for (int s = 0; s < unique; s++)
                {
                    if (slotFeature[start + s] == f)
                    {
                        slot = s;
                        break;
                    }
                }
                if (slot < 0)
                {
                    slot = unique++;
                    slotFeature.Add(f);
                    slotZero.Add(1.0);
                }
                slotZero[start + slot] *= stackLeft[p] == 1 ? m.LeftFraction[parent] : m.RightFraction[parent];
                pathNode.Add(parent);
                pathLeft.Add(stackLeft[p]);
                pathSlot.Add(slot);
            }
            slotStart.Add(start);
            slotCount.Add(unique);
            leafValue.Add(m.Value[node]);
            leafNode.Add(node);
            int length = stackNode.Count;
            long positionPatterns = 1L << Math.Min(length, 62);
            if (length > maxPathLength || table.Count + positionPatterns * unique > maxEntries)
            {
                tableStart.Add(-1);
                direct++;
                return;
            }
            tableStart.Add(table.Count);
            var zero = slotZero.GetRange(start, unique).ToArray();
            var slotOfPosition = pathSlot.GetRange(pathSlot.Count - length, length).ToArray();
            // Row q of the table: path positions agreeing with the row = bits of q; a unique feature agrees when
            // all of its positions agree.
            for (int q = 0; q < positionPatterns; q++)
            {
                int pattern = (1 << unique) - 1;
                for (int p = 0; p < length; p++)
                {
                    if (((q >> p) & 1) == 0)
                        pattern &= ~(1 << slotOfPosition[p]);
                }
                LeafContributions(zero, unique, pattern, m.Value[node], weights, contributions);
                for (int u = 0; u < unique; u++)
                    table.Add(contributions[u]);
            }
        }
    }

    /// <summary>
    /// The leaf's contribution to each of its <paramref name="unique"/> path features when the row agrees with the
    /// features whose bit is set in <paramref name="pattern"/> (Algorithm 2's EXTEND and unwound sums, as in the paper).
    /// </summary>
    public static void LeafContributions(ReadOnlySpan<double> zero, int unique, int pattern, double value, Span<double> w, Span<double> result)
    {
        for (int u = 0; u < unique; u++)
        {
            if (zero[u] == 0.0 && ((pattern >> u) & 1) == 0)
            {
                // The recursion never reaches this leaf for such a row: every term carries the factor 0.
                result[..unique].Clear();
                return;
            }
        }

        // Path = [dummy (z = o = 1), element 1 .. element U].
        w[0] = 1.0;
        for (int d = 1; d <= unique; d++)
        {
            double z = zero[d - 1], o = (pattern >> (d - 1)) & 1;
            w[d] = 0.0;
            for (int i = d - 1; i >= 0; i--)
            {
                w[i + 1] += o * w[i] * (i + 1) / (d + 1);
                w[i] = z * w[i] * (d - i) / (d + 1);
            }
        }

        int depth = unique;
        for (int u = 0; u < unique; u++)
        {
            double z = zero[u], o = (pattern >> u) & 1;
            double total = 0.0;
            if (o != 0.0)
            {
                double next = w[depth];
                for (int j = depth - 1; j >= 0; j--)
                {
                    double tmp = next * (depth + 1) / ((j + 1) * o);
                    total += tmp;
                    next = w[j] - tmp * z * (depth - j) / (depth + 1);
                }
            }
            else
            {
                for (int j = depth - 1; j >= 0; j--)
                    total += w[j] * (depth + 1) / (z * (depth - j));
            }
            result[u] = total * (o - z) * value;
        }
    }
}
