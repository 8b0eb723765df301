namespace Basira.Analytics.Tabular;

/// <summary>
/// One input slot of the linear part: a standardised numeric feature, or an indicator of one category (or of the pooled
/// infrequent categories) of a categorical feature.
/// </summary>
/// <param name="Feature">Index of the model feature the slot reads.</param>
/// <param name="Code">Category code the indicator fires on; -1 for a numeric slot; -2 for the pooled infrequent categories;
/// -3 for the missing-value indicator of a numeric feature.</param>
/// <param name="Center">Numeric slot: training mean subtracted before scaling (missing values are replaced by it).</param>
/// <param name="Scale">Numeric slot: training standard deviation the centred value is divided by (1 when constant).</param>
/// <param name="Weight">Logistic-regression weight of the slot.</param>
/// <param name="Mean">Mean of the slot's value over the training rows (the reference point of the exact attribution).</param>
public sealed record LinearSlot(int Feature, int Code, double Center, double Scale, double Weight, double Mean)
{
    /// <summary>Code of the slot that pools the categories seen fewer than <see cref="LinearPart.MinCategoryCount"/> times.</summary>
    public const int Infrequent = -2;

    /// <summary>Code of a numeric slot.</summary>
    public const int NumericSlot = -1;

    /// <summary>Code of the indicator that a numeric feature is missing (added when the training rows have missing values).</summary>
    public const int MissingIndicator = -3;
}

/// <summary>
/// The linear part of a model: an L2-regularised logistic regression (ML.NET L-BFGS) over one-hot categories and
/// standardised numeric features. Its margin is l(x) = Bias + Σ_s Weight_s · z_s(x). Because it is linear in the slots,
/// the exact Shapley value of feature j (features independent, reference = the training distribution) is
/// Σ_{s of j} Weight_s · (z_s(x) − Mean_s), and these sum to l(x) − E[l] exactly.
/// </summary>
/// <param name="slots">Slots in design-matrix order.</param>
/// <param name="bias">Intercept.</param>
public sealed class LinearPart(IReadOnlyList<LinearSlot> slots, double bias)
{
    /// <summary>Slots in design-matrix order.</summary>
    public IReadOnlyList<LinearSlot> Slots { get; } = slots;

    /// <summary>Intercept.</summary>
    public double Bias { get; } = bias;

    /// <summary>Categories seen fewer times than this in the training rows share one "infrequent" indicator.</summary>
    public const int MinCategoryCount = 10;

    /// <summary>L2 weight of the logistic regression (ML.NET's default, fixed a priori).</summary>
    public const float L2 = 1f;

    /// <summary>Expected margin over the training rows, E[l] = Bias + Σ Weight_s · Mean_s.</summary>
    public double ExpectedMargin => Bias + Slots.Sum(s => s.Weight * s.Mean);

    /// <summary>Margin of one feature row.</summary>
    public double Margin(ReadOnlySpan<float> x)
    {
        var m = Bias;
        var infrequent = InfrequentMask;
        for (var i = 0; i < Slots.Count; i++) m += Slots[i].Weight * Value(Slots[i], x, infrequent[i]);
        return m;
    }

    /// <summary>Exact per-feature attribution: φ_j = Σ_{s of j} Weight_s·(z_s(x) − Mean_s); Σ φ = Margin(x) − ExpectedMargin.</summary>
    public void AddContributions(ReadOnlySpan<float> x, double scale, Span<double> phi)
    {
        var infrequent = InfrequentMask;
        for (var i = 0; i < Slots.Count; i++)
            phi[Slots[i].Feature] += scale * Slots[i].Weight * (Value(Slots[i], x, infrequent[i]) - Slots[i].Mean);
    }

    /// <summary>Value z_s(x) of slot <paramref name="slot"/> (index into <see cref="Slots"/>) for a feature row.</summary>
    internal double SlotValue(int slot, float[] x) => Value(Slots[slot], x, InfrequentMask[slot]);

    // For every infrequent slot, the codes of its feature that have their own indicator (every other code fires the pooled one).
    private HashSet<int>?[]? _infrequent;

    private HashSet<int>?[] InfrequentMask => _infrequent ??= BuildMask();

    private HashSet<int>?[] BuildMask()
    {
        var frequent = Slots.Where(s => s.Code >= 0).GroupBy(s => s.Feature).ToDictionary(g => g.Key, g => g.Select(s => s.Code).ToHashSet());
        return [.. Slots.Select(s => s.Code == LinearSlot.Infrequent ? frequent.GetValueOrDefault(s.Feature) ?? [] : null)];
    }

    // Slot value for a feature row: standardised number (missing → 0 = the mean), a missing-value indicator, or a 0/1
    // category indicator (missing → 0).
    private static double Value(LinearSlot s, ReadOnlySpan<float> x, HashSet<int>? frequentCodes)
    {
        var v = x[s.Feature];
        if (s.Code == LinearSlot.NumericSlot) return float.IsNaN(v) ? 0 : (v - s.Center) / s.Scale;
        if (s.Code == LinearSlot.MissingIndicator) return float.IsNaN(v) ? 1 : 0;
        if (float.IsNaN(v)) return 0;
        if (s.Code == LinearSlot.Infrequent) return frequentCodes!.Contains((int)v) ? 0 : 1;
        return (int)v == s.Code ? 1 : 0;
    }

    /// <summary>
    /// Fits the linear part on feature rows <paramref name="x"/> with labels <paramref name="y"/>: slots from the training
    /// rows (categories with at least <see cref="MinCategoryCount"/> rows get an indicator, the others share one;
    /// numeric features are standardised, missing → mean, plus a missing-value indicator when the training rows have
    /// missing values), then ML.NET L-BFGS logistic regression with L2 = <see cref="L2"/>.
    /// </summary>
    public static LinearPart Fit(IReadOnlyList<FeatureSpec> features, float[][] x, bool[] y, int seed)
    {
        var slots = new List<LinearSlot>();
        for (var f = 0; f < features.Count; f++)
        {
            if (features[f].Kind == ColumnKind.Categorical)
            {
                var counts = new Dictionary<int, int>();
                foreach (var row in x)
                    if (!float.IsNaN(row[f])) counts[(int)row[f]] = counts.GetValueOrDefault((int)row[f]) + 1;
                foreach (var (code, n) in counts.OrderBy(kv => kv.Key))
                    if (n >= MinCategoryCount) slots.Add(new LinearSlot(f, code, 0, 1, 0, 0));
                if (counts.Any(kv => kv.Value < MinCategoryCount)) slots.Add(new LinearSlot(f, LinearSlot.Infrequent, 0, 1, 0, 0));
                continue;
            }
            double sum = 0, sq = 0;
            var n2 = 0;
            foreach (var row in x)
            {
                if (float.IsNaN(row[f])) continue;
                sum += row[f]; sq += (double)row[f] * row[f]; n2++;
            }
            if (n2 == 0) continue;
            var mean = sum / n2;
            var sd = Math.Sqrt(Math.Max(0, sq / n2 - mean * mean));
            if (sd >= 1e-12) slots.Add(new LinearSlot(f, LinearSlot.NumericSlot, mean, sd, 0, 0)); // a constant carries no information
            if (n2 < x.Length) slots.Add(new LinearSlot(f, LinearSlot.MissingIndicator, 0, 1, 0, 0));
        }
        var draft = new LinearPart(slots, 0);
        var design = draft.Design(x);
        var means = new double[slots.Count];
        foreach (var row in design)
            for (var s = 0; s < row.Length; s++) means[s] += row[s];
        for (var s = 0; s < means.Length; s++) means[s] /= Math.Max(1, design.Length);
        if (slots.Count == 0) return new LinearPart([], Logit(y));

        var (w, bias) = MlNetBoosters.FitLogistic(design, y, L2, 1e-8f, seed);
        return new LinearPart([.. slots.Select((s, i) => s with { Weight = w[i], Mean = means[i] })], bias);
    }

    /// <summary>Design matrix (slot values) of feature rows.</summary>
    internal float[][] Design(float[][] x)
    {
        var infrequent = InfrequentMask;
        return [.. x.Select(row => Slots.Select((s, i) => (float)Value(s, row, infrequent[i])).ToArray())];
    }

    private static double Logit(bool[] y)
    {
        var p = (y.Count(v => v) + 0.5) / (y.Length + 1.0);
        return Math.Log(p / (1 - p));
    }
}

/// <summary>
/// How the model's margin combines its parts: margin = Intercept + TreeWeight · (averaged tree margin) + LinearWeight ·
/// (linear margin). Fitted by logistic regression on inner out-of-fold margins (stacking); (1, 0, 0) = trees only.
/// </summary>
/// <param name="TreeWeight">Weight of the averaged tree-ensemble margin.</param>
/// <param name="LinearWeight">Weight of the linear part's margin (0 when the model has no linear part).</param>
/// <param name="Intercept">Constant added to the margin.</param>
public sealed record StackWeights(double TreeWeight, double LinearWeight, double Intercept)
{
    /// <summary>Trees only: the margin is the averaged tree margin.</summary>
    public static StackWeights TreesOnly { get; } = new(1, 0, 0);

    /// <summary>
    /// Non-negative stacking: fits σ(Intercept + a·t + b·l) to the labels by ML.NET L-BFGS logistic regression (no
    /// regularisation) on out-of-fold margins. When one weight comes out ≤ 0 that part is left out and the other is refitted
    /// alone (a = 0: the linear part alone; b = 0: <see cref="TreesOnly"/>, the calibrator then maps the tree margin).
    /// </summary>
    public static StackWeights Fit(double[] tree, double[] linear, bool[] y, int seed)
    {
        var (w, bias) = MlNetBoosters.FitLogistic([.. tree.Select((t, i) => new[] { (float)t, (float)linear[i] })], y, 0, 1e-10f, seed);
        if (w[0] > 0 && w[1] > 0) return new StackWeights(w[0], w[1], bias);
        if (w[1] <= 0) return TreesOnly;
        var (wl, bl) = MlNetBoosters.FitLogistic([.. linear.Select(l => new[] { (float)l })], y, 0, 1e-10f, seed);
        return wl[0] > 0 ? new StackWeights(0, wl[0], bl) : TreesOnly;
    }
}
