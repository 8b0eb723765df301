using System.Text.Json.Nodes;

namespace Basira.Governance.Fairness;

/// <summary>One group's rate with its Wilson 95 % interval, as a chart shows it.</summary>
/// <param name="Group">Group key (<c>F</c>, <c>rural</c>, <c>F|rural</c>).</param>
/// <param name="Rows">Rows of the group.</param>
/// <param name="Numerator">Count of the rate's numerator (e.g. pupils proposed).</param>
/// <param name="Denominator">Count of the rate's denominator (e.g. pupils of the group); 0 leaves the rate undefined.</param>
/// <param name="Rate">Numerator / denominator; null when the denominator is 0.</param>
/// <param name="Lower">Lower bound of the Wilson interval; null with the rate.</param>
/// <param name="Upper">Upper bound of the Wilson interval; null with the rate.</param>
public sealed record GroupRate(string Group, int Rows, long Numerator, long Denominator, double? Rate, double? Lower, double? Upper);

/// <summary>
/// The per-group rates of a stored fairness audit (one attribute of <see cref="FairnessReport"/>'s JSON), each with its
/// Wilson score interval computed on the group's own counts — for every group, not only the small ones the report
/// annotates (FAIRNESS.md §2.4) — so that a chart can show how far apart groups really are.
/// </summary>
public static class GroupRateIntervals
{
    /// <summary>The rates a chart of the audit can show, with their numerator and denominator counts.</summary>
    public static readonly IReadOnlyList<string> Metrics = ["selection_rate", "tpr", "fpr"];

    /// <summary>Each group's <paramref name="metric"/> (selection_rate, tpr or fpr) with its Wilson interval at normal quantile <paramref name="z"/>.</summary>
    public static IReadOnlyList<GroupRate> From(JsonObject attributeReport, string metric, double z = 1.959963984540054)
    {
        if (!Metrics.Contains(metric)) throw new ArgumentException($"unknown metric '{metric}' (expected {string.Join(", ", Metrics)})", nameof(metric));
        if (attributeReport["groups"] is not JsonArray groups) return [];
        var result = new List<GroupRate>();
        foreach (var g in groups.OfType<JsonObject>())
        {
            long C(string k) => g[k] is JsonValue v && v.TryGetValue<double>(out var d) ? (long)Math.Round(d) : 0;
            var (tp, fp, tn, fn) = (C("tp"), C("fp"), C("tn"), C("fn"));
            var (num, den) = metric switch
            {
                "selection_rate" => (tp + fp, tp + fp + tn + fn),
                "tpr" => (tp, tp + fn),
                _ => (fp, fp + tn),
            };
            var rows = g["rows"] is JsonValue r && r.TryGetValue<int>(out var ri) ? ri : (int)(tp + fp + tn + fn);
            if (den == 0)
            {
                result.Add(new GroupRate(g["key"]?.ToString() ?? "", rows, num, den, null, null, null));
                continue;
            }
            var p = (double)num / den;
            var ci = RateInterval.Wilson(p, den, den, z)!;
            result.Add(new GroupRate(g["key"]?.ToString() ?? "", rows, num, den, p, ci.Lower, ci.Upper));
        }
        return result;
    }
}
