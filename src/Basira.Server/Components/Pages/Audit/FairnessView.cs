using System.Text.Json.Nodes;
using Basira.Governance.Fairness;

namespace Basira.Server.Components.Pages.Audit;

/// <summary>A rate of one group with its Wilson 95 % interval (null when the rate is undefined).</summary>
public sealed record RateCell(string Metric, double? Value, double? Lower, double? Upper);

/// <summary>One group of a protected attribute: its counts, its rates with intervals, and whether n is below 30.</summary>
public sealed record GroupRow(string Key, long N, long Positives, IReadOnlyList<RateCell> Rates, bool InsufficientEvidence);

/// <summary>
/// One protected attribute (or intersection) of a stored fairness audit, read from its report: what the audit table
/// prints and what the chart above it draws (the same numbers).
/// </summary>
public sealed record AttributeView(string Attribute, string? Status, IReadOnlyList<GroupRow> Groups, IReadOnlyList<(string Metric, double? Value)> Summary)
{
    /// <summary>The rates shown per group, in order.</summary>
    public static readonly string[] RateMetrics = ["selection_rate", "tpr", "fpr", "fnr", "ppv"];

    /// <summary>The summary metrics shown under each table, in order.</summary>
    public static readonly string[] SummaryMetrics =
        ["demographic_parity_difference", "demographic_parity_ratio", "equalized_odds_difference", "equal_opportunity_difference"];

    /// <summary>Groups smaller than this are flagged as insufficient evidence (FAIRNESS.md §2.4).</summary>
    public const int MinGroupSize = 30;

    private const double Z95 = 1.959963984540054;

    /// <summary>Reads every attribute of a stored report (JSON of <c>FairnessAudit</c>).</summary>
    public static IReadOnlyList<AttributeView> Read(string reportJson)
    {
        var list = new List<AttributeView>();
        if (JsonNode.Parse(reportJson) is not JsonObject report) return list;
        foreach (var (attr, node) in report)
        {
            if (node is not JsonObject r || r["groups"] is not JsonArray groups) continue;
            var rows = new List<GroupRow>();
            foreach (var g in groups.OfType<JsonObject>())
            {
                var n = Num(g["n"]) ?? 0;
                var rates = RateMetrics.Select(m => Cell(g, m)).ToList();
                var rowsCount = Num(g["rows"]) ?? n;
                rows.Add(new GroupRow(g["key"]?.ToString() ?? "", (long)Math.Round(n), (long)Math.Round(Num(g["label_pos"]) ?? 0), rates,
                    g["insufficient_evidence"] is JsonValue ie && ie.TryGetValue<bool>(out var b) ? b : rowsCount < MinGroupSize));
            }
            list.Add(new AttributeView(attr, r["status"]?.ToString(), rows, SummaryMetrics.Select(m => (m, Num(r[m]))).ToList()));
        }
        return list;
    }

    /// <summary>
    /// The rate with its Wilson 95 % interval: the one stored with the audit (small groups), else computed from the
    /// rate and its denominator with the kernel's own formula.
    /// </summary>
    private static RateCell Cell(JsonObject g, string metric)
    {
        var value = Num(g[metric]);
        if (value is null) return new RateCell(metric, null, null, null);
        if (g["intervals"]?[metric] is JsonObject stored)
            return new RateCell(metric, value, Num(stored["lower"]), Num(stored["upper"]));
        var denominator = Num(g["denominators"]?[metric]);
        var ci = denominator is { } d ? RateInterval.Wilson(value.Value, d, d, Z95) : null;
        return new RateCell(metric, value, ci?.Lower, ci?.Upper);
    }

    private static double? Num(JsonNode? n) => n is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;
}
