using System.Text.Json;
using System.Text.Json.Nodes;
using Basira.Analytics.Metrics;
using Basira.Governance.Fairness;

namespace Basira.Education.Warning;

/// <summary>
/// The limits a run's fairness audit is held to (platform rule, configurable): demographic parity ratio ≥
/// <see cref="MinParityRatio"/> (4/5 rule), equalized odds difference ≤ <see cref="MaxEqualizedOddsDifference"/>, equal
/// opportunity difference ≤ <see cref="MaxEqualOpportunityDifference"/>. A breach raises an alert, recorded with the run.
/// </summary>
public sealed record FairnessThresholds
{
    public double MinParityRatio { get; init; } = 0.8;
    public double MaxEqualizedOddsDifference { get; init; } = 0.1;
    public double MaxEqualOpportunityDifference { get; init; } = 0.1;
}

/// <summary>A breached limit: the attributes audited, the metric, its value and the limit.</summary>
public sealed record FairnessBreach(string Attributes, string Metric, double? Value, double Threshold);

/// <summary>Figures of one set of pupils (all, or a group): precision among those proposed, recall, AUC, calibration.</summary>
/// <param name="Pupils">Pupils scored.</param>
/// <param name="Proposed">Pupils proposed (top of their school's list, within capacity and above the threshold).</param>
/// <param name="Dropouts">Pupils who dropped out (null when outcomes are unknown).</param>
/// <param name="ProposedDropouts">Proposed pupils who dropped out (true positives).</param>
/// <param name="PrecisionAtK">Share of the proposed pupils who dropped out (precision among the top k per school, pooled).</param>
/// <param name="PrecisionAtKSchoolMean">Mean over schools with a proposal of the school's own precision among its top k.</param>
/// <param name="Recall">Share of the dropouts who were proposed.</param>
/// <param name="Auc">ROC-AUC of the calibrated risk.</param>
/// <param name="Ece">Expected calibration error (10 equal-width bins).</param>
/// <param name="MeanRisk">Mean calibrated risk.</param>
/// <param name="DropoutRate">Observed dropout rate.</param>
public sealed record WarningMetrics(long Pupils, long Proposed, long? Dropouts, long? ProposedDropouts, double? PrecisionAtK, double? PrecisionAtKSchoolMean,
    double? Recall, double? Auc, double? Ece, double MeanRisk, double? DropoutRate);

/// <summary>Fairness audit and evaluation of a run over the whole scored cohort.</summary>
internal static class WarningAudit
{
    /// <summary>The attributes audited: each alone and their intersections.</summary>
    public static readonly IReadOnlyList<string[]> AttributeSets =
        [["sex"], ["milieu"], ["region"], ["sex", "milieu"], ["sex", "region"], ["milieu", "region"]];

    /// <summary>
    /// Runs the platform's fairness engine on every scored pupil (proposed = selected) for each attribute set. When the
    /// outcomes are unknown, only selection rates are judged (demographic parity). Returns the report (the JSON the
    /// audit pages read), the overall status and the breaches.
    /// </summary>
    public static (JsonObject Report, string Status, IReadOnlyList<FairnessBreach> Breaches) Fairness(WarningCohort cohort, bool[] proposed, FairnessThresholds limits)
    {
        var n = cohort.Count;
        var known = cohort.OutcomesKnown;
        var yTrue = new string[n];
        var yPred = new string[n];
        var sex = new string[n];
        var milieu = new string[n];
        var region = new string[n];
        var regions = cohort.Schools.Select(s => s.Region).ToArray();
        for (var i = 0; i < n; i++)
        {
            yTrue[i] = known && cohort.OutcomeOf(i) == 1 ? "1" : "0";
            yPred[i] = proposed[i] ? "1" : "0";
            sex[i] = WarningCohort.SexLabel(cohort.SexOf(i));
            milieu[i] = WarningCohort.MilieuLabel(cohort.MilieuOf(i));
            region[i] = regions[cohort.SchoolOf(i)];
        }
        var columns = new Dictionary<string, string[]> { ["sex"] = sex, ["milieu"] = milieu, ["region"] = region };
        var report = new JsonObject();
        var breaches = new List<FairnessBreach>();
        var statuses = new List<string>();
        foreach (var attrs in AttributeSets)
        {
            var r = FairnessAuditor.Audit(new FairnessInput
            {
                YTrue = yTrue,
                YPred = yPred,
                SensitiveFeatures = [.. attrs.Select(a => new FeatureColumn(a, columns[a]))],
            }, FairnessOptions.ForPositiveLabel("1"));
            var key = string.Join("|", attrs);
            var node = JsonSerializer.SerializeToNode(r)!.AsObject();
            var found = new List<FairnessBreach>();
            if (r.Status != FairnessStatus.NotAssessable)
            {
                if (r.DemographicParityRatio is { } dp && dp < limits.MinParityRatio)
                    found.Add(new FairnessBreach(key, "demographic_parity_ratio", dp, limits.MinParityRatio));
                if (known && r.EqualizedOddsDifference is { } eo && eo > limits.MaxEqualizedOddsDifference)
                    found.Add(new FairnessBreach(key, "equalized_odds_difference", eo, limits.MaxEqualizedOddsDifference));
                if (known && r.EqualOpportunityDifference is { } eop && eop > limits.MaxEqualOpportunityDifference)
                    found.Add(new FairnessBreach(key, "equal_opportunity_difference", eop, limits.MaxEqualOpportunityDifference));
            }
            var status = r.Status == FairnessStatus.NotAssessable ? "not_assessable" : found.Count > 0 ? "fail" : "pass";
            node["status"] = status;
            if (!known) node["outcomes"] = "unknown: selection rates only";
            report[key] = node;
            statuses.Add(status);
            breaches.AddRange(found);
        }
        var overall = statuses.Contains("fail") ? "fail" : statuses.All(s => s == "not_assessable") ? "not_assessable" : "pass";
        return (report, overall, breaches);
    }

    /// <summary>Evaluation of the rows <paramref name="rows"/> (null = all).</summary>
    public static WarningMetrics Metrics(WarningCohort cohort, double[] risk, bool[] proposed, IReadOnlyList<int>? rows = null)
    {
        var n = rows?.Count ?? cohort.Count;
        var known = cohort.OutcomesKnown;
        var p = new double[n];
        var y = new bool[n];
        long prop = 0, dropouts = 0, tp = 0;
        double sum = 0;
        var perSchool = new Dictionary<int, (long Proposed, long Tp)>();
        for (var k = 0; k < n; k++)
        {
            var i = rows?[k] ?? k;
            p[k] = risk[i];
            y[k] = cohort.OutcomeOf(i) == 1;
            sum += risk[i];
            if (y[k]) dropouts++;
            if (!proposed[i]) continue;
            prop++;
            if (y[k]) tp++;
            var s = cohort.SchoolOf(i);
            var (sp, stp) = perSchool.GetValueOrDefault(s);
            perSchool[s] = (sp + 1, stp + (y[k] ? 1 : 0));
        }
        if (!known)
            return new WarningMetrics(n, prop, null, null, null, null, null, null, null, n == 0 ? 0 : sum / n, null);
        double? auc = ClassificationMetrics.RocAuc(p, y);
        double? ece = n == 0 ? null : ClassificationMetrics.ExpectedCalibrationError(p, y);
        return new WarningMetrics(n, prop, dropouts, tp,
            prop == 0 ? null : tp / (double)prop,
            perSchool.Count == 0 ? null : perSchool.Values.Average(v => v.Tp / (double)v.Proposed),
            dropouts == 0 ? null : tp / (double)dropouts,
            double.IsNaN(auc.Value) ? null : auc,
            ece is { } e && double.IsNaN(e) ? null : ece,
            n == 0 ? 0 : sum / n,
            n == 0 ? null : dropouts / (double)n);
    }

    /// <summary>Rows of each group of an attribute set, keyed like the fairness report ("F", "F|rural", "MA-08", …).</summary>
    public static IReadOnlyDictionary<string, List<int>> GroupRows(WarningCohort cohort, string[] attrs)
    {
        var regions = cohort.Schools.Select(s => s.Region).ToArray();
        var groups = new Dictionary<(string, string?), List<int>>();
        var provinces = cohort.Schools.Select(s => s.Province).ToArray();
        string Part(string attr, int i) => attr switch
        {
            "sex" => WarningCohort.SexLabel(cohort.SexOf(i)),
            "milieu" => WarningCohort.MilieuLabel(cohort.MilieuOf(i)),
            "province" => provinces[cohort.SchoolOf(i)],
            _ => regions[cohort.SchoolOf(i)],
        };
        for (var i = 0; i < cohort.Count; i++)
        {
            var key = (Part(attrs[0], i), attrs.Length > 1 ? Part(attrs[1], i) : null);
            if (!groups.TryGetValue(key, out var list)) groups[key] = list = [];
            list.Add(i);
        }
        return groups.ToDictionary(g => g.Key.Item2 is null ? g.Key.Item1 : g.Key.Item1 + "|" + g.Key.Item2, g => g.Value, StringComparer.Ordinal);
    }
}
