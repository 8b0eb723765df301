using System.Text.Json;
using System.Text.Json.Nodes;
using Basira.Analytics.Tabular;
using Basira.Governance.Fairness;
using Basira.Governance.Models;

namespace Basira.Education.EarlyWarning;

/// <summary>
/// Runs the FAIRNESS.md audit of a scoring run by sex, milieu, region and the sex × milieu intersection, and stores it
/// with the model. Thresholds (platform rule): demographic parity ratio ≥ 0.8 (4/5 rule), equalized odds difference ≤ 0.1,
/// equal opportunity difference ≤ 0.1. A breach gives status "fail"; nothing assessable gives "not_assessable".
/// </summary>
public static class FairnessAudit
{
    public const double MinParityRatio = 0.8, MaxOddsDifference = 0.1;

    public static string Run(ModelStore models, ModelRecord model, TabularTable table, IReadOnlyList<int> rows, bool[] actual, bool[] flagged, string actor)
    {
        var (json, status) = Compute(table, rows, actual, flagged);
        models.SaveAudit(model.Algorithm, model.Version, status, json.ToJsonString(), actor);
        return status;
    }

    public static (JsonObject Report, string Status) Compute(TabularTable table, IReadOnlyList<int> rows, bool[] actual, bool[] flagged)
    {
        var report = new JsonObject();
        var statuses = new List<string>();
        var attributes = DropoutAlgorithm.ProtectedAttributes.Select(a => new[] { a }).Append(["sex", "milieu"]);
        foreach (var attrs in attributes)
        {
            var input = new FairnessInput
            {
                YTrue = actual.Select(a => a ? "1" : "0").ToList(),
                YPred = flagged.Select(f => f ? "1" : "0").ToList(),
                SensitiveFeatures = attrs.Select(a => new FeatureColumn(a, rows.Select(r => table[a].Raw[r] ?? "(missing)").ToList())).ToList(),
            };
            var r = FairnessAuditor.Audit(input, FairnessOptions.ForPositiveLabel("1"));
            var node = JsonSerializer.SerializeToNode(r)!.AsObject();
            var status = Judge(r);
            node["status"] = status;
            report[string.Join("|", attrs)] = node;
            statuses.Add(status);
        }
        var overall = statuses.Contains("fail") ? "fail" : statuses.All(s => s == "not_assessable") ? "not_assessable" : "pass";
        return (report, overall);
    }

    private static string Judge(FairnessReport r)
    {
        if (r.Status == FairnessStatus.NotAssessable) return "not_assessable";
        var breaches = (r.DemographicParityRatio is { } dp && dp < MinParityRatio)
            || (r.EqualizedOddsDifference is { } eo && eo > MaxOddsDifference)
            || (r.EqualOpportunityDifference is { } eop && eop > MaxOddsDifference);
        return breaches ? "fail" : "pass";
    }
}
