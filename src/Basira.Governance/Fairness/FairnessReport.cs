using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Basira.Governance.Fairness;

/// <summary>Outcome of an audit. There is deliberately no "fair" value: metrics describe, people decide.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FairnessStatus>))]
public enum FairnessStatus
{
    /// <summary>No comparison is possible (empty input, no sensitive attribute, or a single group).</summary>
    [JsonStringEnumMemberName("not_assessable")] NotAssessable,

    /// <summary>Compared, but at least one group has fewer rows than n_min.</summary>
    [JsonStringEnumMemberName("insufficient_evidence")] InsufficientEvidence,

    /// <summary>Compared; every group has at least n_min rows.</summary>
    [JsonStringEnumMemberName("assessed")] Assessed,
}

/// <summary>Symmetric summaries of the group metrics (fairlearn semantics, null-based undefined handling).</summary>
public sealed class FairnessSummary
{
    /// <summary>Selection-rate difference.</summary>
    [JsonPropertyName("demographic_parity_difference")] public double? DemographicParityDifference { get; init; }
    /// <summary>Selection-rate ratio.</summary>
    [JsonPropertyName("demographic_parity_ratio")] public double? DemographicParityRatio { get; init; }
    /// <summary>max(TPR difference, FPR difference) (fairlearn <c>agg='worst_case'</c>).</summary>
    [JsonPropertyName("equalized_odds_difference")] public double? EqualizedOddsDifference { get; init; }
    /// <summary>mean(TPR difference, FPR difference) (fairlearn <c>agg='mean'</c>).</summary>
    [JsonPropertyName("equalized_odds_difference_mean")] public double? EqualizedOddsDifferenceMean { get; init; }
    /// <summary>min(TPR ratio, FPR ratio) (worst case).</summary>
    [JsonPropertyName("equalized_odds_ratio")] public double? EqualizedOddsRatio { get; init; }
    /// <summary>mean(TPR ratio, FPR ratio).</summary>
    [JsonPropertyName("equalized_odds_ratio_mean")] public double? EqualizedOddsRatioMean { get; init; }
    /// <summary>TPR difference.</summary>
    [JsonPropertyName("equal_opportunity_difference")] public double? EqualOpportunityDifference { get; init; }
    /// <summary>TPR ratio.</summary>
    [JsonPropertyName("equal_opportunity_ratio")] public double? EqualOpportunityRatio { get; init; }
    /// <summary>Four-fifths rule on the selection-rate ratio (ratio &gt;= threshold); null when the ratio is undefined.</summary>
    [JsonPropertyName("four_fifths_rule_pass")] public bool? FourFifthsRulePass { get; init; }
    /// <summary>For each summary that is null or that left groups out: the reason and the excluded groups.</summary>
    [JsonPropertyName("notes")] public required IReadOnlyDictionary<string, SummaryNote> Notes { get; init; }
}

/// <summary>Why a summary is undefined, and which groups were left out of it.</summary>
/// <param name="Reason">Reason code (see <see cref="UndefinedReason"/>), or null when the value is defined.</param>
/// <param name="ExcludedGroups">Groups whose own metric was undefined.</param>
public sealed record SummaryNote(
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("excluded_groups")] IReadOnlyList<string> ExcludedGroups);

/// <summary>Signed comparison of a compared (unprivileged) set of rows against a reference (privileged) set, AIF360-style.</summary>
public sealed class ReferenceComparison
{
    /// <summary>Reference (privileged) selector, readable form.</summary>
    [JsonPropertyName("privileged")] public required string Privileged { get; init; }
    /// <summary>Compared (unprivileged) selector, readable form (or "rest").</summary>
    [JsonPropertyName("unprivileged")] public required string Unprivileged { get; init; }
    /// <summary>Metrics of the reference rows.</summary>
    [JsonPropertyName("privileged_metrics")] public required GroupMetrics PrivilegedMetrics { get; init; }
    /// <summary>Metrics of the compared rows.</summary>
    [JsonPropertyName("unprivileged_metrics")] public required GroupMetrics UnprivilegedMetrics { get; init; }
    /// <summary>sel(u) − sel(p).</summary>
    [JsonPropertyName("statistical_parity_difference")] public double? StatisticalParityDifference { get; init; }
    /// <summary>sel(u) / sel(p); null when sel(p) = 0.</summary>
    [JsonPropertyName("disparate_impact")] public double? DisparateImpact { get; init; }
    /// <summary>TPR(u) − TPR(p).</summary>
    [JsonPropertyName("equal_opportunity_difference")] public double? EqualOpportunityDifference { get; init; }
    /// <summary>½[(FPR(u) − FPR(p)) + (TPR(u) − TPR(p))].</summary>
    [JsonPropertyName("average_odds_difference")] public double? AverageOddsDifference { get; init; }
    /// <summary>½[|FPR(u) − FPR(p)| + |TPR(u) − TPR(p)|].</summary>
    [JsonPropertyName("average_abs_odds_difference")] public double? AverageAbsOddsDifference { get; init; }
    /// <summary>FPR(u) − FPR(p).</summary>
    [JsonPropertyName("false_positive_rate_difference")] public double? FalsePositiveRateDifference { get; init; }
    /// <summary>FNR(u) − FNR(p).</summary>
    [JsonPropertyName("false_negative_rate_difference")] public double? FalseNegativeRateDifference { get; init; }
    /// <summary>(n(u) − n(p)) / (n(u) + n(p)) (AIF360 class imbalance, weighted).</summary>
    [JsonPropertyName("class_imbalance")] public double? ClassImbalance { get; init; }
    /// <summary>Disparate impact &gt;= four-fifths threshold; null when disparate impact is undefined.</summary>
    [JsonPropertyName("four_fifths_rule_pass")] public bool? FourFifthsRulePass { get; init; }
    /// <summary>Reason code for each undefined (null) value.</summary>
    [JsonPropertyName("undefined")] public required IReadOnlyDictionary<string, string> Undefined { get; init; }
}

/// <summary>aequitas-style disparities of one attribute's groups against that attribute's reference group.</summary>
public sealed class AttributeDisparityReport
{
    /// <summary>Attribute name.</summary>
    [JsonPropertyName("attribute")] public required string Attribute { get; init; }
    /// <summary>Not assessable when the attribute has a single value (all disparities and flags are then null).</summary>
    [JsonPropertyName("status")] public required FairnessStatus Status { get; init; }
    /// <summary>Reference value.</summary>
    [JsonPropertyName("reference_group")] public required string ReferenceGroup { get; init; }
    /// <summary><c>declared</c> (from the options) or <c>majority</c> (largest group).</summary>
    [JsonPropertyName("reference_rule")] public required string ReferenceRule { get; init; }
    /// <summary>Parity band parameter.</summary>
    [JsonPropertyName("tau")] public required double Tau { get; init; }
    /// <summary>Per value of the attribute (marginal groups).</summary>
    [JsonPropertyName("groups")] public required IReadOnlyList<GroupDisparity> Groups { get; init; }

    /// <summary>One group of the attribute with its disparities, parity flags and Kleene roll-ups.</summary>
    public sealed class GroupDisparity
    {
        /// <summary>Key <c>"attribute|value"</c>.</summary>
        [JsonPropertyName("key")] public required string Key { get; init; }
        /// <summary>Attribute value.</summary>
        [JsonPropertyName("value")] public required string Value { get; init; }
        /// <summary>Group metrics (marginal over the other attributes).</summary>
        [JsonPropertyName("metrics")] public required GroupMetrics Metrics { get; init; }
        /// <summary>FPR(g)/FPR(ref).</summary>
        [JsonPropertyName("fpr_disparity")] public double? FprDisparity { get; init; }
        /// <summary>FNR(g)/FNR(ref).</summary>
        [JsonPropertyName("fnr_disparity")] public double? FnrDisparity { get; init; }
        /// <summary>FOR(g)/FOR(ref).</summary>
        [JsonPropertyName("for_disparity")] public double? ForDisparity { get; init; }
        /// <summary>FDR(g)/FDR(ref).</summary>
        [JsonPropertyName("fdr_disparity")] public double? FdrDisparity { get; init; }
        /// <summary>ppr(g)/ppr(ref) (share of selections).</summary>
        [JsonPropertyName("ppr_disparity")] public double? PprDisparity { get; init; }
        /// <summary>pprev(g)/pprev(ref) (selection rate, disparate impact).</summary>
        [JsonPropertyName("pprev_disparity")] public double? PprevDisparity { get; init; }
        /// <summary>Reason code for each undefined disparity (x/0 and 0/0 are distinguished).</summary>
        [JsonPropertyName("undefined")] public required IReadOnlyDictionary<string, string> Undefined { get; init; }
        /// <summary>FPR parity flag (null = NA).</summary>
        [JsonPropertyName("fpr_parity")] public bool? FprParity { get; init; }
        /// <summary>FNR parity flag.</summary>
        [JsonPropertyName("fnr_parity")] public bool? FnrParity { get; init; }
        /// <summary>FOR parity flag.</summary>
        [JsonPropertyName("for_parity")] public bool? ForParity { get; init; }
        /// <summary>FDR parity flag (predictive parity).</summary>
        [JsonPropertyName("fdr_parity")] public bool? FdrParity { get; init; }
        /// <summary>Statistical parity (ppr) flag.</summary>
        [JsonPropertyName("statistical_parity")] public bool? StatisticalParity { get; init; }
        /// <summary>Impact parity (pprev) flag.</summary>
        [JsonPropertyName("impact_parity")] public bool? ImpactParity { get; init; }
        /// <summary>FPR ∧ FDR parity (Kleene).</summary>
        [JsonPropertyName("type_i_parity")] public bool? TypeIParity { get; init; }
        /// <summary>FNR ∧ FOR parity (Kleene).</summary>
        [JsonPropertyName("type_ii_parity")] public bool? TypeIIParity { get; init; }
        /// <summary>Statistical ∧ Impact parity (Kleene).</summary>
        [JsonPropertyName("unsupervised_fairness")] public bool? UnsupervisedFairness { get; init; }
        /// <summary>TypeI ∧ TypeII parity (Kleene).</summary>
        [JsonPropertyName("supervised_fairness")] public bool? SupervisedFairness { get; init; }
    }
}

/// <summary>
/// Results within one stratum of the control features (conditional disparities, fairlearn <c>control_features</c>).
/// Within a stratum, <c>ppr</c> is the group's share of the stratum's selections.
/// </summary>
public sealed class StratumReport
{
    /// <summary>Control values, <c>"c1|c2"</c> in column order.</summary>
    [JsonPropertyName("key")] public required string Key { get; init; }
    /// <summary>Status within the stratum.</summary>
    [JsonPropertyName("status")] public required FairnessStatus Status { get; init; }
    /// <summary>Metrics of the whole stratum.</summary>
    [JsonPropertyName("overall")] public required GroupMetrics Overall { get; init; }
    /// <summary>Sensitive groups within the stratum.</summary>
    [JsonPropertyName("groups")] public required IReadOnlyList<GroupMetrics> Groups { get; init; }
    /// <summary>Summaries between the groups of the stratum.</summary>
    [JsonPropertyName("between_groups")] public required FairnessSummary BetweenGroups { get; init; }
    /// <summary>Summaries of the groups against the stratum overall.</summary>
    [JsonPropertyName("to_overall")] public required FairnessSummary ToOverall { get; init; }
}

/// <summary>Calibration within one group: mean score against observed positive rate, overall and per score bin.</summary>
public sealed class CalibrationGroup
{
    /// <summary>Group key.</summary>
    [JsonPropertyName("key")] public required string Key { get; init; }
    /// <summary>Group size (weighted sum when weighted).</summary>
    [JsonPropertyName("n")] public required double N { get; init; }
    /// <summary>Mean score.</summary>
    [JsonPropertyName("mean_score")] public double? MeanScore { get; init; }
    /// <summary>Observed positive rate (prevalence).</summary>
    [JsonPropertyName("base_rate")] public double? BaseRate { get; init; }
    /// <summary>Mean score − base rate.</summary>
    [JsonPropertyName("calibration_in_the_large")] public double? CalibrationInTheLarge { get; init; }
    /// <summary>Rows whose score falls in no bin.</summary>
    [JsonPropertyName("unbinned")] public required double Unbinned { get; init; }
    /// <summary>Per score bin.</summary>
    [JsonPropertyName("bins")] public required IReadOnlyList<CalibrationBinResult> Bins { get; init; }
}

/// <summary>One score bin of a group's reliability table.</summary>
public sealed class CalibrationBinResult
{
    /// <summary>Bin label, e.g. <c>[0.0,0.5)</c>.</summary>
    [JsonPropertyName("bin")] public required string Bin { get; init; }
    /// <summary>Rows (or weight) in the bin.</summary>
    [JsonPropertyName("n")] public required double N { get; init; }
    /// <summary>Mean score in the bin; null when the bin is empty.</summary>
    [JsonPropertyName("mean_score")] public double? MeanScore { get; init; }
    /// <summary>Observed positive rate in the bin; null when the bin is empty.</summary>
    [JsonPropertyName("observed_rate")] public double? ObservedRate { get; init; }
    /// <summary>Wilson interval of the observed rate when the bin has fewer rows than the interval threshold.</summary>
    [JsonPropertyName("observed_rate_interval")] public RateInterval? ObservedRateInterval { get; init; }
}

/// <summary>
/// The fairness audit result: per-group metrics, symmetric summaries (top level = between groups), to-overall
/// summaries, the signed reference comparison, aequitas-style disparities, strata and calibration.
/// Undefined values are null, with reasons; see <c>governance/FAIRNESS.md</c>.
/// </summary>
public sealed class FairnessReport
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions Compact = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Overall status; never "fair".</summary>
    [JsonPropertyName("status")] public required FairnessStatus Status { get; init; }
    /// <summary>Why the status is what it is (reason codes and group notes).</summary>
    [JsonPropertyName("status_reasons")] public required IReadOnlyList<string> StatusReasons { get; init; }
    /// <summary>Sensitive attribute names, in key order.</summary>
    [JsonPropertyName("sensitive_features")] public required IReadOnlyList<string> SensitiveFeatures { get; init; }
    /// <summary>Positive (favourable / selected) labels.</summary>
    [JsonPropertyName("positive_labels")] public required IReadOnlyList<string> PositiveLabels { get; init; }
    /// <summary>n_min used for the insufficient-evidence flag.</summary>
    [JsonPropertyName("n_min")] public required int MinGroupSize { get; init; }
    /// <summary>True when sample weights were applied.</summary>
    [JsonPropertyName("weighted")] public required bool Weighted { get; init; }
    /// <summary>Metrics of the whole frame.</summary>
    [JsonPropertyName("overall")] public required GroupMetrics Overall { get; init; }
    /// <summary>Per group (intersections of all sensitive columns, including empty intersections).</summary>
    [JsonPropertyName("groups")] public required IReadOnlyList<GroupMetrics> Groups { get; init; }

    /// <summary>Summaries between groups (the values repeated at the top level).</summary>
    [JsonIgnore] public FairnessSummary BetweenGroups { get; init; } = new() { Notes = new Dictionary<string, SummaryNote>() };

    /// <summary>max − min of the group selection rates.</summary>
    [JsonPropertyName("demographic_parity_difference")] public double? DemographicParityDifference => BetweenGroups.DemographicParityDifference;
    /// <summary>min / max of the group selection rates.</summary>
    [JsonPropertyName("demographic_parity_ratio")] public double? DemographicParityRatio => BetweenGroups.DemographicParityRatio;
    /// <summary>Worst case of TPR and FPR differences.</summary>
    [JsonPropertyName("equalized_odds_difference")] public double? EqualizedOddsDifference => BetweenGroups.EqualizedOddsDifference;
    /// <summary>Mean of TPR and FPR differences.</summary>
    [JsonPropertyName("equalized_odds_difference_mean")] public double? EqualizedOddsDifferenceMean => BetweenGroups.EqualizedOddsDifferenceMean;
    /// <summary>Worst case of TPR and FPR ratios.</summary>
    [JsonPropertyName("equalized_odds_ratio")] public double? EqualizedOddsRatio => BetweenGroups.EqualizedOddsRatio;
    /// <summary>Mean of TPR and FPR ratios.</summary>
    [JsonPropertyName("equalized_odds_ratio_mean")] public double? EqualizedOddsRatioMean => BetweenGroups.EqualizedOddsRatioMean;
    /// <summary>max − min of the group TPRs.</summary>
    [JsonPropertyName("equal_opportunity_difference")] public double? EqualOpportunityDifference => BetweenGroups.EqualOpportunityDifference;
    /// <summary>min / max of the group TPRs.</summary>
    [JsonPropertyName("equal_opportunity_ratio")] public double? EqualOpportunityRatio => BetweenGroups.EqualOpportunityRatio;
    /// <summary>Four-fifths rule on the demographic parity ratio.</summary>
    [JsonPropertyName("four_fifths_rule_pass")] public bool? FourFifthsRulePass => BetweenGroups.FourFifthsRulePass;
    /// <summary>Reasons and excluded groups for the between-groups summaries.</summary>
    [JsonPropertyName("summary_notes")] public IReadOnlyDictionary<string, SummaryNote> SummaryNotes => BetweenGroups.Notes;

    /// <summary>Summaries of each group against the overall value (fairlearn <c>to_overall</c>).</summary>
    [JsonPropertyName("to_overall")] public required FairnessSummary ToOverall { get; init; }
    /// <summary>Signed comparison against the declared reference group; null when none was declared.</summary>
    [JsonPropertyName("reference_comparison")] public ReferenceComparison? ReferenceComparison { get; init; }
    /// <summary>aequitas-style disparities per sensitive attribute.</summary>
    [JsonPropertyName("attributes")] public required IReadOnlyList<AttributeDisparityReport> Attributes { get; init; }
    /// <summary>Per stratum of the control features (empty when none).</summary>
    [JsonPropertyName("strata")] public required IReadOnlyList<StratumReport> Strata { get; init; }
    /// <summary>Calibration within groups (null when no scores were given).</summary>
    [JsonPropertyName("calibration")] public IReadOnlyList<CalibrationGroup>? Calibration { get; init; }

    /// <summary>Finds a group by key, or null.</summary>
    public GroupMetrics? Group(string key) => Groups.FirstOrDefault(g => string.Equals(g.Key, key, StringComparison.Ordinal));

    /// <summary>Serializes the report (snake_case names, nulls written as null).</summary>
    public string ToJson(bool indented = true) => JsonSerializer.Serialize(this, indented ? Indented : Compact);
}
