using System.Globalization;

namespace Basira.Governance.Fairness;

/// <summary>Settings of a fairness audit. The defaults follow the platform policy in <c>governance/FAIRNESS.md</c>.</summary>
public sealed class FairnessOptions
{
    /// <summary>Labels that mean the favourable / selected outcome (fairlearn <c>pos_label</c>, AIF360 favorable labels). Default <c>"1"</c>.</summary>
    public IReadOnlyList<string> PositiveLabels { get; init; } = ["1"];

    /// <summary>Groups with fewer rows than this are flagged <c>insufficient_evidence</c> (n_min, default 30).</summary>
    public int MinGroupSize { get; init; } = 30;

    /// <summary>Rates of groups with fewer rows than this get a Wilson interval (default 30).</summary>
    public int IntervalBelowRows { get; init; } = 30;

    /// <summary>Normal quantile of the Wilson interval (default 1.96, a 95% interval).</summary>
    public double IntervalZ { get; init; } = 1.959963984540054;

    /// <summary>Parity band for aequitas-style disparities: parity when tau &lt;= disparity &lt;= 1/tau (default 0.8).</summary>
    public double Tau { get; init; } = 0.8;

    /// <summary>Threshold of the four-fifths rule on selection-rate ratios (default 0.8).</summary>
    public double FourFifthsThreshold { get; init; } = 0.8;

    /// <summary>
    /// Reference value per sensitive attribute for the aequitas-style disparities (for example gender → male).
    /// An attribute without an entry uses its largest group (aequitas "majority" rule); the report says which.
    /// </summary>
    public IReadOnlyDictionary<string, string>? ReferenceGroups { get; init; }

    /// <summary>Reference (privileged) rows for the signed AIF360-style comparison; no comparison when null.</summary>
    public GroupSelector? Privileged { get; init; }

    /// <summary>Compared (unprivileged) rows; when null, every row not matched by <see cref="Privileged"/>.</summary>
    public GroupSelector? Unprivileged { get; init; }

    /// <summary>Score bins for calibration within groups (rule lo &lt;= s &lt; hi, last bin closed). Default: 10 equal bins on [0, 1].</summary>
    public IReadOnlyList<CalibrationBin>? CalibrationBins { get; init; }

    /// <summary>Options with a single positive label.</summary>
    public static FairnessOptions ForPositiveLabel(string positiveLabel) => new() { PositiveLabels = [positiveLabel] };

    internal void Validate()
    {
        if (PositiveLabels.Count == 0)
            throw new ArgumentException("At least one positive (favourable) label is required.", nameof(PositiveLabels));
        if (!(Tau > 0 && Tau <= 1))
            throw new ArgumentException("Tau must be in (0, 1].", nameof(Tau));
        if (MinGroupSize < 0 || IntervalBelowRows < 0)
            throw new ArgumentException("Group size thresholds must be non-negative.");
        if (!(IntervalZ > 0) || double.IsInfinity(IntervalZ))
            throw new ArgumentException("IntervalZ must be a positive finite number.", nameof(IntervalZ));
        if (CalibrationBins is { } bins)
        {
            foreach (var b in bins)
            {
                if (!(b.Lower < b.Upper) || double.IsNaN(b.Lower) || double.IsNaN(b.Upper))
                    throw new ArgumentException($"Invalid calibration bin [{b.Lower}, {b.Upper}).", nameof(CalibrationBins));
            }
        }
    }

    internal IReadOnlyList<CalibrationBin> EffectiveBins() =>
        CalibrationBins ?? Enumerable.Range(0, 10).Select(i => new CalibrationBin(i / 10.0, (i + 1) / 10.0)).ToArray();
}

/// <summary>A score bin [Lower, Upper); the last bin of a list is closed on the right.</summary>
/// <param name="Lower">Inclusive lower bound.</param>
/// <param name="Upper">Exclusive upper bound (inclusive for the last bin).</param>
public sealed record CalibrationBin(double Lower, double Upper)
{
    /// <summary>Label such as <c>[0.0,0.5)</c>, or <c>[0.5,1.0]</c> for the closed last bin.</summary>
    public string Label(bool closed) =>
        string.Create(CultureInfo.InvariantCulture, $"[{Num(Lower)},{Num(Upper)}{(closed ? "]" : ")")}");

    private static string Num(double x) => x.ToString("0.0##############", CultureInfo.InvariantCulture);
}

/// <summary>
/// Selects rows by attribute values, AIF360-style: a list of conditions joined by OR, each condition an AND of
/// attribute = value pairs. Example: <c>GroupSelector.Where("feat", "0", "1")</c> is feat = 0 OR feat = 1.
/// </summary>
public sealed class GroupSelector
{
    /// <summary>Creates a selector from OR-ed conditions (each an AND of attribute = value).</summary>
    public GroupSelector(IReadOnlyList<IReadOnlyDictionary<string, string>> anyOf)
    {
        if (anyOf.Count == 0 || anyOf.Any(c => c.Count == 0))
            throw new ArgumentException("A group selector needs at least one non-empty condition.", nameof(anyOf));
        AnyOf = anyOf;
    }

    /// <summary>The OR-ed conditions.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> AnyOf { get; }

    /// <summary>Rows whose <paramref name="attribute"/> equals any of <paramref name="values"/>.</summary>
    public static GroupSelector Where(string attribute, params string[] values) =>
        new(values.Select(v => (IReadOnlyDictionary<string, string>)new Dictionary<string, string> { [attribute] = v }).ToArray());

    /// <summary>Attributes referenced by the conditions.</summary>
    public IEnumerable<string> Attributes => AnyOf.SelectMany(c => c.Keys).Distinct(StringComparer.Ordinal);

    internal bool Matches(IReadOnlyDictionary<string, IReadOnlyList<string>> columns, int row) =>
        AnyOf.Any(cond => cond.All(kv => string.Equals(columns[kv.Key][row], kv.Value, StringComparison.Ordinal)));

    /// <summary>Readable form, for example <c>feat=0 | feat=1</c>.</summary>
    public override string ToString() =>
        string.Join(" | ", AnyOf.Select(c => string.Join(" & ", c.Select(kv => $"{kv.Key}={kv.Value}"))));
}
