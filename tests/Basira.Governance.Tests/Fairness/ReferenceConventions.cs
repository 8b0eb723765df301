using Basira.Governance.Fairness;

namespace Basira.Governance.Tests.Fairness;

/// <summary>An error outcome of a reference library (for example fairlearn raising ValueError).</summary>
internal sealed record ErrorOutcome(string Message);

/// <summary>Raised by an adapter where the reference library raises.</summary>
internal sealed class ReferenceLibraryException(string message) : Exception(message);

/// <summary>
/// Maps the platform's null-based results to each reference library's own convention, ONLY to compare with test
/// vectors whose expected values follow that convention. The platform API itself keeps null with a reason.
/// Rule: when the platform value is defined and nothing was excluded, it is returned as is (so the vectors test the
/// platform's own numbers); only undefined or partially-defined results are re-expressed in the library convention.
/// </summary>
internal static class ReferenceConventions
{
    /// <summary>fairlearn (MetricFrame over sklearn metrics) conventions.</summary>
    internal static class Fairlearn
    {
        /// <summary>fairlearn <c>selection_rate</c> on a whole frame: raises on empty input.</summary>
        public static double SelectionRate(GroupMetrics frame) =>
            frame.Rows == 0
                ? throw new ReferenceLibraryException("Empty y_pred passed to selection_rate function.")
                : frame.SelectionRate!.Value;

        /// <summary>
        /// A group metric as fairlearn reports it: TPR/FPR/FNR/TNR through sklearn confusion_matrix(normalize='true')
        /// + nan_to_num give 0.0 for an empty row; precision (zero_division default) gives 0.0 when nothing is
        /// predicted positive. An empty group (empty intersection) is NaN (null) in MetricFrame.
        /// </summary>
        public static double? Metric(GroupMetrics g, string metric)
        {
            if (metric == "n") return g.N;
            if (g.Rows == 0) return null;
            return metric switch
            {
                "tpr" or "fpr" or "fnr" or "tnr" or "ppv" => g.Get(metric) ?? 0.0,
                _ => g.Get(metric),
            };
        }

        private static bool Clean(DisparityResult platform) => platform.Value is not null && platform.ExcludedGroups.Count == 0;

        /// <summary>max − min (fairlearn <c>between_groups</c>); NaN groups skipped as pandas does; one group gives 0.</summary>
        public static double? DifferenceBetweenGroups(IReadOnlyList<GroupMetrics> groups, string metric)
        {
            var platform = GroupDisparity.DifferenceBetweenGroups(groups, g => g.Get(metric));
            if (Clean(platform)) return platform.Value;
            var v = Values(groups, metric);
            return v.Count == 0 ? null : v.Max() - v.Min();
        }

        /// <summary>min / max; 0/0 is NaN (null); one group gives 1.</summary>
        public static double? RatioBetweenGroups(IReadOnlyList<GroupMetrics> groups, string metric)
        {
            var platform = GroupDisparity.RatioBetweenGroups(groups, g => g.Get(metric));
            if (Clean(platform)) return platform.Value;
            var v = Values(groups, metric);
            if (v.Count == 0 || v.Max() == 0) return null;
            return v.Min() / v.Max();
        }

        /// <summary>max_g |m(g) − m(overall)|.</summary>
        public static double? DifferenceToOverall(IReadOnlyList<GroupMetrics> groups, GroupMetrics overall, string metric)
        {
            var platform = GroupDisparity.DifferenceToOverall(groups, overall, g => g.Get(metric));
            if (Clean(platform)) return platform.Value;
            if (Metric(overall, metric) is not { } o) return null;
            var v = Values(groups, metric);
            return v.Count == 0 ? null : v.Max(x => Math.Abs(x - o));
        }

        /// <summary>min_g of g/o, inverted when above 1 (x/0 = inf inverts to 0; 0/0 = NaN skipped).</summary>
        public static double? RatioToOverall(IReadOnlyList<GroupMetrics> groups, GroupMetrics overall, string metric)
        {
            var platform = GroupDisparity.RatioToOverall(groups, overall, g => g.Get(metric));
            if (Clean(platform)) return platform.Value;
            if (Metric(overall, metric) is not { } o) return null;
            var ratios = new List<double>();
            foreach (var g in Values(groups, metric))
            {
                if (o == 0)
                {
                    if (g != 0) ratios.Add(0);
                    continue;
                }
                var r = g / o;
                ratios.Add(r > 1 ? 1 / r : r);
            }
            return ratios.Count == 0 ? null : ratios.Min();
        }

        /// <summary>
        /// A fairlearn summary (demographic parity, equalized odds, equal opportunity) by name. The platform value is
        /// used when the summary is defined with no group excluded; otherwise the fairlearn value is recomputed from
        /// the groups with fairlearn's metric conventions (a single group then gives difference 0, ratio 1).
        /// </summary>
        public static double? Summary(FairnessSummary platform, FairnessStatus status, IReadOnlyList<GroupMetrics> groups,
            GroupMetrics overall, string name, bool toOverall)
        {
            var platformValue = SummaryValue(platform, name);
            if (status != FairnessStatus.NotAssessable && platformValue is not null && !platform.Notes.ContainsKey(Canonical(name)))
                return platformValue;

            double? Diff(string m) => toOverall ? DifferenceToOverall(groups, overall, m) : DifferenceBetweenGroups(groups, m);
            double? Ratio(string m) => toOverall ? RatioToOverall(groups, overall, m) : RatioBetweenGroups(groups, m);
            static double? Max(double? a, double? b) => a is { } x && b is { } y ? Math.Max(x, y) : null;
            static double? Min(double? a, double? b) => a is { } x && b is { } y ? Math.Min(x, y) : null;
            static double? Mean(double? a, double? b) => (a + b) / 2;

            return Canonical(name) switch
            {
                "demographic_parity_difference" => Diff("selection_rate"),
                "demographic_parity_ratio" => Ratio("selection_rate"),
                "equalized_odds_difference" => Max(Diff("tpr"), Diff("fpr")),
                "equalized_odds_difference_mean" => Mean(Diff("tpr"), Diff("fpr")),
                "equalized_odds_ratio" => Min(Ratio("tpr"), Ratio("fpr")),
                "equalized_odds_ratio_mean" => Mean(Ratio("tpr"), Ratio("fpr")),
                "equal_opportunity_difference" => Diff("tpr"),
                "equal_opportunity_ratio" => Ratio("tpr"),
                _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown summary."),
            };
        }

        /// <summary>Vector names to platform names (<c>_worst_case</c> is the platform default).</summary>
        public static string Canonical(string name) => name.Replace("_worst_case", "", StringComparison.Ordinal);

        public static double? SummaryValue(FairnessSummary s, string name) => Canonical(name) switch
        {
            "demographic_parity_difference" => s.DemographicParityDifference,
            "demographic_parity_ratio" => s.DemographicParityRatio,
            "equalized_odds_difference" => s.EqualizedOddsDifference,
            "equalized_odds_difference_mean" => s.EqualizedOddsDifferenceMean,
            "equalized_odds_ratio" => s.EqualizedOddsRatio,
            "equalized_odds_ratio_mean" => s.EqualizedOddsRatioMean,
            "equal_opportunity_difference" => s.EqualOpportunityDifference,
            "equal_opportunity_ratio" => s.EqualOpportunityRatio,
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown summary."),
        };

        private static List<double> Values(IEnumerable<GroupMetrics> groups, string metric) =>
            groups.Select(g => Metric(g, metric)).OfType<double>().ToList();
    }

    /// <summary>AIF360 conventions for the signed reference comparison.</summary>
    internal static class Aif360
    {
        /// <summary>
        /// Classic <c>ClassificationMetric.disparate_impact</c>: numpy float division, so x/0 is +inf and 0/0 is NaN.
        /// </summary>
        public static double ClassicDisparateImpact(ReferenceComparison c)
        {
            if (c.DisparateImpact is { } di) return di;
            var u = c.UnprivilegedMetrics.SelectionRate ?? double.NaN;
            var p = c.PrivilegedMetrics.SelectionRate ?? double.NaN;
            return u / p;
        }

        /// <summary>sklearn-API <c>disparate_impact_ratio</c> with zero_division='warn': 0.0 when the reference rate is 0.</summary>
        public static double SklearnDisparateImpactRatio(ReferenceComparison c) => c.DisparateImpact ?? 0.0;
    }

    /// <summary>aequitas conventions: x/0 disparity is capped at 10.0, 0/0 stays NaN, and a NaN flag stays NA.</summary>
    internal static class Aequitas
    {
        public const double DivideByZeroFill = 10.0;

        /// <summary>One group's disparities and flags as aequitas reports them.</summary>
        public static Dictionary<string, object?> Group(AttributeDisparityReport.GroupDisparity g, double tau)
        {
            double? D(string name, double? platform) =>
                g.Undefined.TryGetValue(name, out var reason) && reason == UndefinedReason.ReferenceValueZero
                    ? DivideByZeroFill
                    : platform;

            var fpr = D("fpr_disparity", g.FprDisparity);
            var fnr = D("fnr_disparity", g.FnrDisparity);
            var forr = D("for_disparity", g.ForDisparity);
            var fdr = D("fdr_disparity", g.FdrDisparity);
            var ppr = D("ppr_disparity", g.PprDisparity);
            var pprev = D("pprev_disparity", g.PprevDisparity);
            var adapted = g.Undefined.Values.Contains(UndefinedReason.ReferenceValueZero);

            // Flags: the platform's own flags unless a disparity was re-expressed (then recomputed on the 10.0 value).
            bool? F(bool? platform, double? d) => adapted ? Kleene.WithinBand(d, tau) : platform;
            var fprP = F(g.FprParity, fpr);
            var fnrP = F(g.FnrParity, fnr);
            var forP = F(g.ForParity, forr);
            var fdrP = F(g.FdrParity, fdr);
            var stat = F(g.StatisticalParity, ppr);
            var impact = F(g.ImpactParity, pprev);
            var typeI = adapted ? Kleene.And(fprP, fdrP) : g.TypeIParity;
            var typeII = adapted ? Kleene.And(fnrP, forP) : g.TypeIIParity;
            var m = g.Metrics;
            return new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["group_size"] = m.N,
                ["pp"] = m.PredictedPositive,
                ["pn"] = m.PredictedNegative,
                ["ppr"] = m.Ppr,
                ["pprev"] = m.SelectionRate,
                ["group_label_pos"] = m.LabelPositive,
                ["group_label_neg"] = m.LabelNegative,
                ["tp"] = m.TP,
                ["fp"] = m.FP,
                ["tn"] = m.TN,
                ["fn"] = m.FN,
                ["fpr"] = m.Fpr,
                ["fnr"] = m.Fnr,
                ["for"] = m.For,
                ["fdr"] = m.Fdr,
                ["tpr"] = m.Tpr,
                ["tnr"] = m.Tnr,
                ["npv"] = m.Npv,
                ["precision"] = m.Ppv,
                ["fpr_disparity"] = fpr,
                ["fnr_disparity"] = fnr,
                ["for_disparity"] = forr,
                ["fdr_disparity"] = fdr,
                ["ppr_disparity"] = ppr,
                ["pprev_disparity"] = pprev,
                ["FPR Parity"] = fprP,
                ["FNR Parity"] = fnrP,
                ["FOR Parity"] = forP,
                ["FDR Parity"] = fdrP,
                ["Statistical Parity"] = stat,
                ["Impact Parity"] = impact,
                ["TypeI Parity"] = typeI,
                ["TypeII Parity"] = typeII,
                ["Unsupervised Fairness"] = adapted ? Kleene.And(stat, impact) : g.UnsupervisedFairness,
                ["Supervised Fairness"] = adapted ? Kleene.And(typeI, typeII) : g.SupervisedFairness,
            };
        }
    }
}
