using System.Text.Json;
using System.Text.Json.Nodes;
using Basira.Governance.Fairness;
using Basira.Governance.Models;
using Basira.Jobs.Market;

namespace Basira.Jobs.Matching;

/// <summary>Exposure of one group: its share of the qualified seekers, of the top-k places and of the position-weighted exposure.</summary>
/// <param name="Qualified">(offer, seeker) pairs where the seeker is qualified (score ≥ threshold), in this group.</param>
/// <param name="InTopK">Of these, pairs where the seeker is in the offer's top k.</param>
/// <param name="ExposureRatio">Exposure share ÷ qualified share (1 = exposed in proportion to the qualified; below 0.8 breaches the 4/5 rule); null when the group has no qualified pair.</param>
public sealed record GroupExposure(string Attribute, string Group, long Qualified, long InTopK, double QualifiedShare, double TopKShare,
    double ExposureShare, double? TopKRatio, double? ExposureRatio, bool InsufficientEvidence);

/// <summary>The result of an exposure audit, as stored with the rule (FAIRNESS.md report per attribute, plus the exposure table).</summary>
public sealed record ExposureAuditResult(string Status, int Offers, int K, long QualifiedPairs, IReadOnlyList<GroupExposure> Groups, string ReportJson);

/// <summary>
/// Exposure fairness of the candidate rankings by sex, region and sex × region. For each open offer, the qualified
/// seekers (score ≥ <see cref="MatchScorer.Threshold"/>) form the pool and the top k are the ones shown. Two views:
/// <list type="bullet">
/// <item>the kernel's audit (FAIRNESS.md) on the qualified pairs with y_true = 1 and y_pred = "in the top k": a group's
/// selection rate is the share of its qualified pairs that are shown, and the demographic parity ratio to the overall rate
/// equals (the group's share of the top-k places) ÷ (its share of the qualified) — the "exposure share vs qualified share"
/// comparison, with Wilson intervals and "insufficient evidence" below 30 pairs;</item>
/// <item>position-weighted exposure (Singh &amp; Joachims 2018): rank r is worth 1 / log2(1 + r); a group's exposure share
/// ÷ its qualified share.</item>
/// </list>
/// Status "fail" when a group with enough evidence has a top-k or exposure ratio below 0.8 (the 4/5 rule); "pass"
/// otherwise; "not_assessable" with no qualified pair or a single group.
/// </summary>
public static class ExposureAudit
{
    public const double MinRatio = 0.8;
    public const int MinPairs = 30;

    /// <summary>Runs the audit on the open offers (at most <paramref name="maxOffers"/>, in id order) and stores it with the rule.</summary>
    public static ExposureAuditResult Run(MarketState market, ModelStore models, ModelRecord rule, int k, string actor, int maxOffers = 2000)
    {
        var result = Compute(market, k, maxOffers);
        models.SaveAudit(rule.Algorithm, rule.Version, result.Status, result.ReportJson, actor);
        return result;
    }

    public static ExposureAuditResult Compute(MarketState market, int k, int maxOffers = 2000)
    {
        var (_, offers) = market.Index.Snapshot();
        var open = offers.Where(o => o.Open).OrderBy(o => o.Id, StringComparer.Ordinal).Take(maxOffers).ToList();
        var sex = new List<string>();
        var region = new List<string>();
        var shown = new List<string>();
        var weight = new List<double>();
        foreach (var offer in open)
        {
            var (top, _) = market.Index.TopCandidates(offer, int.MaxValue);
            for (var r = 0; r < top.Count; r++)
            {
                var s = top[r].Item;
                sex.Add(s.Sex);
                region.Add(market.Geography.RegionOf(s.Province));
                shown.Add(r < k ? "1" : "0");
                weight.Add(r < k ? 1 / Math.Log2(2 + r) : 0);
            }
        }
        var report = new JsonObject();
        var groups = new List<GroupExposure>();
        var statuses = new List<string>();
        foreach (var attrs in new[] { new[] { "sex" }, ["region"], ["sex", "region"] })
        {
            var columns = attrs.Select(a => new FeatureColumn(a, a == "sex" ? sex : region)).ToList();
            var input = new FairnessInput { YTrue = [.. shown.Select(_ => "1")], YPred = shown, SensitiveFeatures = columns };
            var r = FairnessAuditor.Audit(input, FairnessOptions.ForPositiveLabel("1"));
            var node = JsonSerializer.SerializeToNode(r)!.AsObject();
            var key = string.Join("|", attrs);
            var exposure = Exposure(key, attrs.Select(a => a == "sex" ? (IReadOnlyList<string>)sex : region).ToList(), shown, weight);
            groups.AddRange(exposure);
            var status = r.Status == FairnessStatus.NotAssessable || exposure.Count < 2 ? "not_assessable"
                : exposure.Any(g => !g.InsufficientEvidence && (g.TopKRatio < MinRatio || g.ExposureRatio < MinRatio)) ? "fail" : "pass";
            node["status"] = status;
            node["exposure"] = JsonSerializer.SerializeToNode(exposure, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower });
            report[key] = node;
            statuses.Add(status);
        }
        report["protocol"] = new JsonObject
        {
            ["offers"] = open.Count,
            ["k"] = k,
            ["qualified_pairs"] = shown.Count,
            ["threshold"] = MatchScorer.Threshold,
            ["definition"] = "pool = qualified (offer, seeker) pairs; top-k share and position-weighted exposure (1/log2(1+rank)) share compared with the qualified share; 4/5 rule per group with at least 30 pairs",
        };
        var overall = statuses.Contains("fail") ? "fail" : statuses.All(s => s == "not_assessable") ? "not_assessable" : "pass";
        return new ExposureAuditResult(overall, open.Count, k, shown.Count, groups, report.ToJsonString());
    }

    private static List<GroupExposure> Exposure(string attribute, IReadOnlyList<IReadOnlyList<string>> columns, IReadOnlyList<string> shown, IReadOnlyList<double> weight)
    {
        var n = shown.Count;
        if (n == 0) return [];
        var key = Enumerable.Range(0, n).Select(i => string.Join("|", columns.Select(c => c[i]))).ToList();
        var totalTop = shown.Count(s => s == "1");
        var totalWeight = weight.Sum();
        return [.. key.Select((g, i) => (g, i)).GroupBy(x => x.g, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var q = g.Count();
            var top = g.Count(x => shown[x.i] == "1");
            var w = g.Sum(x => weight[x.i]);
            var qShare = (double)q / n;
            var topShare = totalTop > 0 ? (double)top / totalTop : 0;
            var expShare = totalWeight > 0 ? w / totalWeight : 0;
            return new GroupExposure(attribute, g.Key, q, top, Math.Round(qShare, 6), Math.Round(topShare, 6), Math.Round(expShare, 6),
                totalTop > 0 ? Math.Round(topShare / qShare, 6) : null, totalWeight > 0 ? Math.Round(expShare / qShare, 6) : null, q < MinPairs);
        })];
    }
}
