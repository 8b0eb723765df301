namespace Basira.Governance.Fairness;

/// <summary>
/// A summary value (difference or ratio) with the reason when it is undefined and the groups left out of it
/// because their own value is undefined (explicit disclosure, never a silent 0).
/// </summary>
/// <param name="Value">The value, or null when undefined.</param>
/// <param name="Reason">Reason code when <paramref name="Value"/> is null.</param>
/// <param name="ExcludedGroups">Keys of groups whose metric was undefined and that were therefore left out.</param>
public sealed record DisparityResult(double? Value, string? Reason, IReadOnlyList<string> ExcludedGroups)
{
    /// <summary>An undefined result with a reason.</summary>
    public static DisparityResult Undefined(string reason, IReadOnlyList<string>? excluded = null) =>
        new(null, reason, excluded ?? []);
}

/// <summary>
/// Symmetric (fairlearn <c>between_groups</c> / <c>to_overall</c>) differences and ratios over group metrics,
/// with the platform's undefined-value policy: groups with an undefined metric are excluded and listed; fewer than
/// two defined groups, or a 0/0 ratio, give null.
/// </summary>
public static class GroupDisparity
{
    /// <summary>max_g m(g) − min_g m(g) over the groups where m is defined.</summary>
    public static DisparityResult DifferenceBetweenGroups(IEnumerable<GroupMetrics> groups, Func<GroupMetrics, double?> metric)
    {
        var (values, excluded) = Split(groups, metric);
        if (values.Count < 2)
            return DisparityResult.Undefined(UndefinedReason.FewerThanTwoDefinedGroups, excluded);
        return new DisparityResult(values.Max() - values.Min(), null, excluded);
    }

    /// <summary>min_g m(g) / max_g m(g) over the groups where m is defined; null when the maximum is 0.</summary>
    public static DisparityResult RatioBetweenGroups(IEnumerable<GroupMetrics> groups, Func<GroupMetrics, double?> metric)
    {
        var (values, excluded) = Split(groups, metric);
        if (values.Count < 2)
            return DisparityResult.Undefined(UndefinedReason.FewerThanTwoDefinedGroups, excluded);
        var max = values.Max();
        if (!(max > 0))
            return DisparityResult.Undefined(UndefinedReason.AllValuesZero, excluded);
        return new DisparityResult(values.Min() / max, null, excluded);
    }

    /// <summary>max_g |m(g) − m(overall)| over the groups where m is defined; null when fewer than two are.</summary>
    public static DisparityResult DifferenceToOverall(IEnumerable<GroupMetrics> groups, GroupMetrics overall, Func<GroupMetrics, double?> metric)
    {
        if (metric(overall) is not { } o)
            return DisparityResult.Undefined(UndefinedReason.OverallValueUndefined);
        var (values, excluded) = Split(groups, metric);
        // With one defined group the overall is (almost) that group: a 0 here would read as parity.
        if (values.Count < 2)
            return DisparityResult.Undefined(UndefinedReason.FewerThanTwoDefinedGroups, excluded);
        return new DisparityResult(values.Max(v => Math.Abs(v - o)), null, excluded);
    }

    /// <summary>
    /// min_g min(m(g)/m(overall), m(overall)/m(g)) over the groups where m is defined. Null when fewer than two
    /// groups have a defined value; a group whose value and the overall value are both 0 is excluded (0/0).
    /// </summary>
    public static DisparityResult RatioToOverall(IEnumerable<GroupMetrics> groups, GroupMetrics overall, Func<GroupMetrics, double?> metric)
    {
        if (metric(overall) is not { } o)
            return DisparityResult.Undefined(UndefinedReason.OverallValueUndefined);
        var excluded = new List<string>();
        var ratios = new List<double>();
        var defined = 0;
        foreach (var g in groups)
        {
            if (metric(g) is not { } v)
            {
                excluded.Add(g.Key);
                continue;
            }
            defined++;
            var hi = Math.Max(v, o);
            if (!(hi > 0))
            {
                excluded.Add(g.Key);
                continue;
            }
            ratios.Add(Math.Min(v, o) / hi);
        }
        if (defined < 2)
            return DisparityResult.Undefined(UndefinedReason.FewerThanTwoDefinedGroups, excluded);
        if (ratios.Count == 0)
            return DisparityResult.Undefined(UndefinedReason.AllValuesZero, excluded);
        return new DisparityResult(ratios.Min(), null, excluded);
    }

    /// <summary>
    /// Relative disparity m(g) / m(reference) (aequitas semantics without the library's 10.0 cap): null with
    /// <see cref="UndefinedReason.ReferenceValueZero"/> for x/0 and <see cref="UndefinedReason.BothValuesZero"/> for 0/0.
    /// </summary>
    public static DisparityResult RelativeToReference(double? value, double? reference)
    {
        if (value is not { } v)
            return DisparityResult.Undefined(UndefinedReason.GroupValueUndefined);
        if (reference is not { } r)
            return DisparityResult.Undefined(UndefinedReason.ReferenceValueUndefined);
        if (r == 0)
            return DisparityResult.Undefined(v == 0 ? UndefinedReason.BothValuesZero : UndefinedReason.ReferenceValueZero);
        return new DisparityResult(v / r, null, []);
    }

    /// <summary>Combines two results: the max (worst case) or the mean; null if either is null.</summary>
    internal static DisparityResult Combine(DisparityResult a, DisparityResult b, Func<double, double, double> combine)
    {
        var excluded = a.ExcludedGroups.Concat(b.ExcludedGroups).Distinct(StringComparer.Ordinal).ToArray();
        if (a.Value is not { } x || b.Value is not { } y)
            return DisparityResult.Undefined(UndefinedReason.ComponentUndefined, excluded);
        return new DisparityResult(combine(x, y), null, excluded);
    }

    private static (List<double> Values, List<string> Excluded) Split(IEnumerable<GroupMetrics> groups, Func<GroupMetrics, double?> metric)
    {
        var values = new List<double>();
        var excluded = new List<string>();
        foreach (var g in groups)
        {
            if (metric(g) is { } v) values.Add(v);
            else excluded.Add(g.Key);
        }
        return (values, excluded);
    }
}

/// <summary>Kleene three-valued logic (null = unknown / NA) and the aequitas parity band.</summary>
public static class Kleene
{
    /// <summary>Any false gives false; otherwise any unknown gives unknown; otherwise true.</summary>
    public static bool? And(bool? a, bool? b) =>
        a == false || b == false ? false : a is null || b is null ? null : true;

    /// <summary>tau &lt;= disparity &lt;= 1/tau (inclusive); unknown when the disparity is undefined.</summary>
    public static bool? WithinBand(double? disparity, double tau) =>
        disparity is { } d ? d >= tau && d <= 1 / tau : null;
}
