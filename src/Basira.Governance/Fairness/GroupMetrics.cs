using System.Text.Json.Serialization;

namespace Basira.Governance.Fairness;

/// <summary>Reason codes attached to undefined (null) values. A null is never silently 0.</summary>
public static class UndefinedReason
{
    /// <summary>The input has no rows.</summary>
    public const string EmptyInput = "empty_input";
    /// <summary>The group has no rows (an empty intersection).</summary>
    public const string EmptyGroup = "empty_group";
    /// <summary>No actual positives (TP + FN = 0): TPR / FNR undefined.</summary>
    public const string NoActualPositives = "no_actual_positives";
    /// <summary>No actual negatives (FP + TN = 0): FPR / TNR undefined.</summary>
    public const string NoActualNegatives = "no_actual_negatives";
    /// <summary>Nothing predicted positive (TP + FP = 0): PPV / FDR undefined.</summary>
    public const string NoPredictedPositives = "no_predicted_positives";
    /// <summary>Nothing predicted negative (TN + FN = 0): NPV / FOR undefined.</summary>
    public const string NoPredictedNegatives = "no_predicted_negatives";
    /// <summary>No predicted positives in the whole frame: the share of selections (ppr) is undefined.</summary>
    public const string NoPredictedPositivesInFrame = "no_predicted_positives_in_frame";
    /// <summary>Only one group (or none) has data: no comparison is possible.</summary>
    public const string SingleGroup = "single_group";
    /// <summary>No sensitive attribute was given.</summary>
    public const string NoSensitiveFeature = "no_sensitive_feature";
    /// <summary>Fewer than two groups have a defined value for the metric.</summary>
    public const string FewerThanTwoDefinedGroups = "fewer_than_two_groups_with_defined_value";
    /// <summary>All compared values are 0, so a ratio is 0/0.</summary>
    public const string AllValuesZero = "all_values_zero";
    /// <summary>The reference value is 0 while the compared value is not (x/0).</summary>
    public const string ReferenceValueZero = "reference_value_zero";
    /// <summary>Both the compared and the reference values are 0 (0/0).</summary>
    public const string BothValuesZero = "both_values_zero";
    /// <summary>The reference value itself is undefined.</summary>
    public const string ReferenceValueUndefined = "reference_value_undefined";
    /// <summary>The compared value itself is undefined.</summary>
    public const string GroupValueUndefined = "group_value_undefined";
    /// <summary>The overall value is undefined.</summary>
    public const string OverallValueUndefined = "overall_value_undefined";
    /// <summary>A component of a combined metric is undefined.</summary>
    public const string ComponentUndefined = "component_undefined";
    /// <summary>A selector matched no rows.</summary>
    public const string NoRowsSelected = "no_rows_selected";
}

/// <summary>A Wilson score interval for a rate, with the denominator it was computed on.</summary>
public sealed record RateInterval
{
    /// <summary>Lower bound.</summary>
    [JsonPropertyName("lower")] public required double Lower { get; init; }
    /// <summary>Upper bound.</summary>
    [JsonPropertyName("upper")] public required double Upper { get; init; }
    /// <summary>Denominator of the rate (a weighted sum when weights are given).</summary>
    [JsonPropertyName("denominator")] public required double Denominator { get; init; }
    /// <summary>Effective sample size used for the interval (Kish: (Σw)²/Σw²; the row count when unweighted).</summary>
    [JsonPropertyName("effective_n")] public required double EffectiveN { get; init; }
    /// <summary>Interval method (<c>wilson</c>).</summary>
    [JsonPropertyName("method")] public string Method { get; init; } = "wilson";
    /// <summary>Normal quantile used (1.96 for a 95% interval).</summary>
    [JsonPropertyName("z")] public required double Z { get; init; }

    /// <summary>Wilson score interval for <paramref name="p"/> with effective size <paramref name="n"/>; null when n = 0.</summary>
    public static RateInterval? Wilson(double p, double n, double denominator, double z)
    {
        if (!(n > 0) || double.IsNaN(p))
            return null;
        var z2 = z * z;
        var scale = 1 + z2 / n;
        var centre = (p + z2 / (2 * n)) / scale;
        var half = z / scale * Math.Sqrt(Math.Max(0, p * (1 - p) / n + z2 / (4 * n * n)));
        return new RateInterval
        {
            Lower = Math.Max(0, centre - half),
            Upper = Math.Min(1, centre + half),
            Denominator = denominator,
            EffectiveN = n,
            Z = z,
        };
    }
}

/// <summary>
/// Confusion counts and rates of one group (or of the whole frame). Every rate is null when its denominator is 0,
/// with the reason in <see cref="Undefined"/>; <see cref="Denominators"/> gives the denominator of each rate.
/// </summary>
public sealed class GroupMetrics
{
    /// <summary>Group key: the value, or <c>"v1|v2"</c> for an intersection (columns in input order).</summary>
    [JsonPropertyName("key")] public required string Key { get; init; }
    /// <summary>The attribute values of the group, in column order.</summary>
    [JsonPropertyName("values")] public required IReadOnlyList<string> Values { get; init; }
    /// <summary>Number of rows (unweighted).</summary>
    [JsonPropertyName("rows")] public required int Rows { get; init; }
    /// <summary>Group size: the row count, or the weighted sum when weights are given.</summary>
    [JsonPropertyName("n")] public required double N { get; init; }
    /// <summary>True positives.</summary>
    [JsonPropertyName("tp")] public required double TP { get; init; }
    /// <summary>False positives.</summary>
    [JsonPropertyName("fp")] public required double FP { get; init; }
    /// <summary>True negatives.</summary>
    [JsonPropertyName("tn")] public required double TN { get; init; }
    /// <summary>False negatives.</summary>
    [JsonPropertyName("fn")] public required double FN { get; init; }
    /// <summary>Actual positives (TP + FN).</summary>
    [JsonPropertyName("label_pos")] public double LabelPositive => TP + FN;
    /// <summary>Actual negatives (FP + TN).</summary>
    [JsonPropertyName("label_neg")] public double LabelNegative => FP + TN;
    /// <summary>Predicted positives (TP + FP).</summary>
    [JsonPropertyName("pred_pos")] public double PredictedPositive => TP + FP;
    /// <summary>Predicted negatives (TN + FN).</summary>
    [JsonPropertyName("pred_neg")] public double PredictedNegative => TN + FN;
    /// <summary>Selection rate (TP + FP) / n (aequitas pprev).</summary>
    [JsonPropertyName("selection_rate")] public double? SelectionRate { get; init; }
    /// <summary>Base rate (prevalence) (TP + FN) / n.</summary>
    [JsonPropertyName("base_rate")] public double? BaseRate { get; init; }
    /// <summary>Accuracy (TP + TN) / n.</summary>
    [JsonPropertyName("accuracy")] public double? Accuracy { get; init; }
    /// <summary>True positive rate TP / (TP + FN).</summary>
    [JsonPropertyName("tpr")] public double? Tpr { get; init; }
    /// <summary>False positive rate FP / (FP + TN).</summary>
    [JsonPropertyName("fpr")] public double? Fpr { get; init; }
    /// <summary>False negative rate FN / (TP + FN).</summary>
    [JsonPropertyName("fnr")] public double? Fnr { get; init; }
    /// <summary>True negative rate TN / (FP + TN).</summary>
    [JsonPropertyName("tnr")] public double? Tnr { get; init; }
    /// <summary>Positive predictive value (precision) TP / (TP + FP).</summary>
    [JsonPropertyName("ppv")] public double? Ppv { get; init; }
    /// <summary>False discovery rate FP / (TP + FP).</summary>
    [JsonPropertyName("fdr")] public double? Fdr { get; init; }
    /// <summary>False omission rate FN / (TN + FN).</summary>
    [JsonPropertyName("for")] public double? For { get; init; }
    /// <summary>Negative predictive value TN / (TN + FN).</summary>
    [JsonPropertyName("npv")] public double? Npv { get; init; }
    /// <summary>Share of all selections: predicted positives of the group / predicted positives of the frame (aequitas ppr).</summary>
    [JsonPropertyName("ppr")] public double? Ppr { get; init; }
    /// <summary>Denominator of each rate, by metric name.</summary>
    [JsonPropertyName("denominators")] public required IReadOnlyDictionary<string, double> Denominators { get; init; }
    /// <summary>Wilson intervals of the defined rates when the group has fewer rows than the interval threshold.</summary>
    [JsonPropertyName("intervals")] public required IReadOnlyDictionary<string, RateInterval> Intervals { get; init; }
    /// <summary>Reason code for each undefined (null) rate.</summary>
    [JsonPropertyName("undefined")] public required IReadOnlyDictionary<string, string> Undefined { get; init; }
    /// <summary>True when the group has fewer rows than n_min: shown, never dropped, but not evidence.</summary>
    [JsonPropertyName("insufficient_evidence")] public required bool InsufficientEvidence { get; init; }

    /// <summary>Reads a metric by its JSON name (selection_rate, tpr, fpr, fnr, tnr, ppv, fdr, for, npv, ppr, accuracy, base_rate, n).</summary>
    public double? Get(string metric) => metric switch
    {
        "selection_rate" or "pprev" => SelectionRate,
        "base_rate" => BaseRate,
        "accuracy" => Accuracy,
        "tpr" => Tpr,
        "fpr" => Fpr,
        "fnr" => Fnr,
        "tnr" => Tnr,
        "ppv" => Ppv,
        "fdr" => Fdr,
        "for" => For,
        "npv" => Npv,
        "ppr" => Ppr,
        "n" => N,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric."),
    };
}

/// <summary>Weighted confusion tally of a set of rows (cells TP, FP, TN, FN).</summary>
internal sealed class Tally
{
    internal const int TP = 0, FP = 1, TN = 2, FN = 3;
    private readonly double[] _w = new double[4];
    private readonly double[] _w2 = new double[4];

    public int Rows { get; private set; }

    public void Add(bool actual, bool predicted, double weight)
    {
        var cell = (actual, predicted) switch
        {
            (true, true) => TP,
            (false, true) => FP,
            (false, false) => TN,
            (true, false) => FN,
        };
        _w[cell] += weight;
        _w2[cell] += weight * weight;
        Rows++;
    }

    public double W(int cell) => _w[cell];

    public double Sum(params int[] cells) => cells.Sum(c => _w[c]);

    public double EffectiveN(params int[] cells)
    {
        var s = cells.Sum(c => _w[c]);
        var s2 = cells.Sum(c => _w2[c]);
        return s2 > 0 ? s * s / s2 : 0;
    }

    public double PredictedPositive => _w[TP] + _w[FP];

    public GroupMetrics ToMetrics(string key, IReadOnlyList<string> values, double framePredictedPositive, FairnessOptions options,
        string emptyReason = UndefinedReason.EmptyGroup)
    {
        var denominators = new Dictionary<string, double>(StringComparer.Ordinal);
        var intervals = new Dictionary<string, RateInterval>(StringComparer.Ordinal);
        var undefined = new Dictionary<string, string>(StringComparer.Ordinal);
        var wantIntervals = Rows < options.IntervalBelowRows;

        double? Rate(string name, int[] numerator, int[] denominator, string reason)
        {
            var d = Sum(denominator);
            denominators[name] = d;
            if (!(d > 0))
            {
                undefined[name] = Rows == 0 ? emptyReason : reason;
                return null;
            }
            var p = Sum(numerator) / d;
            if (wantIntervals && RateInterval.Wilson(p, EffectiveN(denominator), d, options.IntervalZ) is { } ci)
                intervals[name] = ci;
            return p;
        }

        int[] all = [TP, FP, TN, FN], pos = [TP, FN], neg = [FP, TN], pp = [TP, FP], pn = [TN, FN];
        var sel = Rate("selection_rate", pp, all, UndefinedReason.EmptyGroup);
        var baseRate = Rate("base_rate", pos, all, UndefinedReason.EmptyGroup);
        var acc = Rate("accuracy", [TP, TN], all, UndefinedReason.EmptyGroup);
        var tpr = Rate("tpr", [TP], pos, UndefinedReason.NoActualPositives);
        var fnr = Rate("fnr", [FN], pos, UndefinedReason.NoActualPositives);
        var fpr = Rate("fpr", [FP], neg, UndefinedReason.NoActualNegatives);
        var tnr = Rate("tnr", [TN], neg, UndefinedReason.NoActualNegatives);
        var ppv = Rate("ppv", [TP], pp, UndefinedReason.NoPredictedPositives);
        var fdr = Rate("fdr", [FP], pp, UndefinedReason.NoPredictedPositives);
        var npv = Rate("npv", [TN], pn, UndefinedReason.NoPredictedNegatives);
        var forr = Rate("for", [FN], pn, UndefinedReason.NoPredictedNegatives);

        double? ppr = null;
        denominators["ppr"] = framePredictedPositive;
        if (framePredictedPositive > 0)
            ppr = PredictedPositive / framePredictedPositive;
        else
            undefined["ppr"] = Rows == 0 ? emptyReason : UndefinedReason.NoPredictedPositivesInFrame;

        return new GroupMetrics
        {
            Key = key,
            Values = values,
            Rows = Rows,
            N = Sum(all),
            TP = _w[TP],
            FP = _w[FP],
            TN = _w[TN],
            FN = _w[FN],
            SelectionRate = sel,
            BaseRate = baseRate,
            Accuracy = acc,
            Tpr = tpr,
            Fpr = fpr,
            Fnr = fnr,
            Tnr = tnr,
            Ppv = ppv,
            Fdr = fdr,
            For = forr,
            Npv = npv,
            Ppr = ppr,
            Denominators = denominators,
            Intervals = intervals,
            Undefined = undefined,
            InsufficientEvidence = Rows < options.MinGroupSize,
        };
    }
}
