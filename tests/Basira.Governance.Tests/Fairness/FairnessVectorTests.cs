using System.Globalization;
using System.Text.Json;
using Basira.Governance.Fairness;
using Xunit.Abstractions;
using Fl = Basira.Governance.Tests.Fairness.ReferenceConventions.Fairlearn;

namespace Basira.Governance.Tests.Fairness;

/// <summary>
/// Runs every vector of <c>vectors/fairness-vectors.json</c> through the platform kernel and compares every expected
/// field element-wise: numbers within the vector's absolute tolerance, null only with null, booleans exactly, and
/// "error" expectations as errors. Library-convention vectors go through <see cref="ReferenceConventions"/>.
/// </summary>
public sealed class FairnessVectorTests(ITestOutputHelper output)
{
    public static TheoryData<string> VectorIds()
    {
        var data = new TheoryData<string>();
        foreach (var id in FairnessVectors.Ids) data.Add(id);
        return data;
    }

    [Fact]
    public void Vector_file_has_28_vectors_all_with_a_runner()
    {
        var ids = FairnessVectors.Ids;
        Assert.Equal(28, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal("governance/fairness-vectors/v1", FairnessVectors.Root.GetProperty("schema").GetString());
        Assert.All(ids, id => Assert.True(Runners.ContainsKey(id), $"no runner for {id}"));
    }

    [Theory]
    [MemberData(nameof(VectorIds))]
    public void Vector_matches_expected(string id)
    {
        var vector = FairnessVectors.Get(id);
        var expected = vector.GetProperty("expected");
        var actual = Runners[id](vector);
        var mismatches = new List<string>();
        var compared = Compare(expected, actual, id, FairnessVectors.Tolerance(vector), mismatches);
        Assert.True(mismatches.Count == 0,
            $"{id}: {mismatches.Count} mismatch(es) of {compared} compared values:\n" + string.Join("\n", mismatches));
        Assert.True(compared > 0, $"{id}: nothing compared");
        output.WriteLine($"{id} ({vector.GetProperty("semantics").GetString()}): {compared} values compared, tolerance {FairnessVectors.Tolerance(vector)}");
    }

    // ------------------------------------------------------------------ comparison

    /// <summary>Compares recursively; returns the number of leaf values compared.</summary>
    private static int Compare(JsonElement expected, object? actual, string path, double tol, List<string> mismatches)
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                if (actual is not IReadOnlyDictionary<string, object?> dict)
                {
                    mismatches.Add($"{path}: expected an object, got {Show(actual)}");
                    return 1;
                }
                var n = 0;
                foreach (var p in expected.EnumerateObject())
                {
                    if (!dict.TryGetValue(p.Name, out var a))
                    {
                        mismatches.Add($"{path}.{p.Name}: not computed");
                        n++;
                        continue;
                    }
                    n += Compare(p.Value, a, $"{path}.{p.Name}", tol, mismatches);
                }
                return n;

            case JsonValueKind.Null:
                if (actual is not null) mismatches.Add($"{path}: expected null, got {Show(actual)}");
                return 1;

            case JsonValueKind.True or JsonValueKind.False:
                if (actual is not bool b || b != expected.GetBoolean())
                    mismatches.Add($"{path}: expected {expected.GetBoolean()}, got {Show(actual)}");
                return 1;

            case JsonValueKind.Number:
                var e = expected.GetDouble();
                if (actual is not double d)
                    mismatches.Add($"{path}: expected {FairnessVectors.Format(e)}, got {Show(actual)}");
                else if (!(Math.Abs(d - e) <= tol))
                    mismatches.Add($"{path}: expected {FairnessVectors.Format(e)}, got {FairnessVectors.Format(d)} (tolerance {tol})");
                return 1;

            case JsonValueKind.String:
                var s = expected.GetString()!;
                if (path.EndsWith(".error", StringComparison.Ordinal))
                {
                    if (actual is not ErrorOutcome err || !s.Contains(err.Message, StringComparison.Ordinal))
                        mismatches.Add($"{path}: expected error '{s}', got {Show(actual)}");
                }
                else if (s.StartsWith("Infinity", StringComparison.Ordinal))
                {
                    if (actual is not double inf || !double.IsPositiveInfinity(inf))
                        mismatches.Add($"{path}: expected +Infinity ('{s}'), got {Show(actual)}");
                }
                else
                {
                    mismatches.Add($"{path}: unsupported string expectation '{s}'");
                }
                return 1;

            default:
                mismatches.Add($"{path}: unsupported expectation {expected.ValueKind}");
                return 1;
        }
    }

    private static string Show(object? a) => a switch
    {
        null => "null",
        double d => FairnessVectors.Format(d),
        ErrorOutcome e => $"error '{e.Message}'",
        IReadOnlyDictionary<string, object?> => "an object",
        _ => Convert.ToString(a, CultureInfo.InvariantCulture) ?? "?",
    };

    // ------------------------------------------------------------------ runners (one per vector id)

    private delegate IReadOnlyDictionary<string, object?> Runner(JsonElement vector);

    private static Dictionary<string, object?> Obj() => new(StringComparer.Ordinal);

    private static readonly Dictionary<string, Runner> Runners = new(StringComparer.Ordinal)
    {
        ["FL-01"] = OverallSelectionRate,
        ["FL-02"] = OverallSelectionRate,
        ["FL-03"] = OverallSelectionRate,
        ["FL-04"] = OverallSelectionRate,
        ["FL-05"] = RatePerPosLabel,
        ["FL-06"] = RatePerPosLabel,
        ["FL-07"] = RatePerPosLabel,
        ["FL-08"] = RatePerPosLabel,
        ["FL-09"] = FairlearnFrame,
        ["FL-10"] = FairlearnFrame,
        ["FL-11"] = FairlearnControl,
        ["FL-12"] = FairlearnFrame,
        ["FL-13"] = FairlearnFrame,
        ["FL-14"] = FairlearnFrame,
        ["FL-15"] = MultiConvention,
        ["FL-16"] = Calibration,
        ["AIF-01"] = Aif360Comparison,
        ["AIF-02"] = Aif360Comparison,
        ["AIF-03"] = Aif360ClassImbalance,
        ["AIF-04"] = Aif360Comparison,
        ["AQ-01"] = AequitasGroups,
        ["AQ-02"] = AequitasGroups,
        ["AQ-03"] = AequitasGroups,
        ["AQ-04"] = AequitasGroups,
        ["AQ-05"] = AequitasGroups,
        ["AQ-06"] = AequitasGroups,
        ["AQ-07"] = AequitasGroups,
        ["AQ-08"] = AequitasGroups,
    };

    private static FairnessReport Audit(JsonElement v, string? positiveLabel = null) =>
        FairnessAuditor.Audit(FairnessVectors.Input(v), FairnessVectors.Options(v, positiveLabel));

    /// <summary>FL-01..04: fairlearn selection_rate on the whole frame (raises on empty input).</summary>
    private static Dictionary<string, object?> OverallSelectionRate(JsonElement v)
    {
        var report = Audit(v);
        var r = Obj();
        try
        {
            r["selection_rate"] = Fl.SelectionRate(report.Overall);
        }
        catch (ReferenceLibraryException ex)
        {
            r["error"] = new ErrorOutcome(ex.Message);
        }
        return r;
    }

    /// <summary>FL-05..08: keys "{metric}_pos{label}" ("minus1" = -1), each an audit with that positive label.</summary>
    private static Dictionary<string, object?> RatePerPosLabel(JsonElement v)
    {
        var r = Obj();
        foreach (var p in v.GetProperty("expected").EnumerateObject())
        {
            var at = p.Name.IndexOf("_pos", StringComparison.Ordinal);
            var metric = p.Name[..at];
            var label = p.Name[(at + 4)..].Replace("minus", "-", StringComparison.Ordinal);
            r[p.Name] = Fl.Metric(Audit(v, label).Overall, metric);
        }
        return r;
    }

    private static readonly Dictionary<string, string> FairlearnMetricNames = new(StringComparer.Ordinal)
    {
        ["sel"] = "selection_rate",
        ["selection_rate"] = "selection_rate",
        ["tpr"] = "tpr",
        ["recall"] = "tpr",
        ["fpr"] = "fpr",
        ["precision"] = "ppv",
        ["count"] = "n",
        ["accuracy"] = "accuracy",
    };

    private static Dictionary<string, object?> MetricsOf(GroupMetrics g) =>
        FairlearnMetricNames.ToDictionary(kv => kv.Key, kv => (object?)Fl.Metric(g, kv.Value), StringComparer.Ordinal);

    private static Dictionary<string, object?> PerMetric(Func<string, double?> f) =>
        FairlearnMetricNames.ToDictionary(kv => kv.Key, kv => (object?)f(kv.Value), StringComparer.Ordinal);

    private static readonly string[] SummaryKeys =
    [
        "demographic_parity_difference", "demographic_parity_ratio",
        "equalized_odds_difference", "equalized_odds_difference_worst_case", "equalized_odds_difference_mean",
        "equalized_odds_ratio", "equalized_odds_ratio_worst_case", "equalized_odds_ratio_mean",
        "equal_opportunity_difference", "equal_opportunity_ratio",
    ];

    private static Dictionary<string, object?> Summaries(FairnessReport report, bool toOverall)
    {
        var r = Obj();
        var summary = toOverall ? report.ToOverall : report.BetweenGroups;
        foreach (var k in SummaryKeys)
            r[k] = Fl.Summary(summary, report.Status, report.Groups, report.Overall, k, toOverall);
        return r;
    }

    /// <summary>FL-09/10/12/13/14: MetricFrame-like output (overall, by_group, between/to-overall, summaries).</summary>
    private static Dictionary<string, object?> FairlearnFrame(JsonElement v)
    {
        var report = Audit(v);
        var groups = report.Groups;
        var r = Obj();
        r["overall"] = MetricsOf(report.Overall);
        r["by_group"] = groups.ToDictionary(g => g.Key, g => (object?)MetricsOf(g), StringComparer.Ordinal);
        r["difference_between_groups"] = PerMetric(m => Fl.DifferenceBetweenGroups(groups, m));
        r["ratio_between_groups"] = PerMetric(m => Fl.RatioBetweenGroups(groups, m));
        r["difference_to_overall"] = PerMetric(m => Fl.DifferenceToOverall(groups, report.Overall, m));
        r["ratio_to_overall"] = PerMetric(m => Fl.RatioToOverall(groups, report.Overall, m));
        var between = Summaries(report, toOverall: false);
        r["between_groups"] = between;
        r["to_overall"] = Summaries(report, toOverall: true);
        foreach (var kv in between) r[kv.Key] = kv.Value;
        r["four_fifths_rule_pass"] = report.FourFifthsRulePass
            ?? (between["demographic_parity_ratio"] is double dpr ? dpr >= 0.8 : null);
        return r;
    }

    /// <summary>FL-11: a control feature; accuracy within each stratum, keys "control|sensitive".</summary>
    private static Dictionary<string, object?> FairlearnControl(JsonElement v)
    {
        var report = Audit(v);
        var overall = Obj();
        var byGroup = Obj();
        var groupMax = Obj();
        var diff = Obj();
        foreach (var s in report.Strata)
        {
            overall[s.Key] = Fl.Metric(s.Overall, "accuracy");
            foreach (var g in s.Groups) byGroup[s.Key + FairnessAuditor.KeySeparator + g.Key] = Fl.Metric(g, "accuracy");
            groupMax[s.Key] = s.Groups.Select(g => Fl.Metric(g, "accuracy")).Max();
            diff[s.Key] = Fl.DifferenceBetweenGroups(s.Groups, "accuracy");
        }
        var r = Obj();
        r["overall_by_control"] = overall;
        r["by_group"] = byGroup;
        r["group_max_by_control"] = groupMax;
        r["difference_between_groups_by_control"] = diff;
        return r;
    }

    /// <summary>FL-15: the same input in the platform (strict, null) convention and in fairlearn's.</summary>
    private static Dictionary<string, object?> MultiConvention(JsonElement v)
    {
        var report = Audit(v);
        var r = Obj();
        r["tpr_by_group_strict"] = report.Groups.ToDictionary(g => g.Key, g => (object?)g.Tpr, StringComparer.Ordinal);
        r["fpr_by_group_strict"] = report.Groups.ToDictionary(g => g.Key, g => (object?)g.Fpr, StringComparer.Ordinal);
        r["equal_opportunity_difference_strict"] = report.EqualOpportunityDifference;
        var fl = Obj();
        fl["tpr_by_group"] = report.Groups.ToDictionary(g => g.Key, g => (object?)Fl.Metric(g, "tpr"), StringComparer.Ordinal);
        fl["equal_opportunity_difference"] =
            Fl.Summary(report.BetweenGroups, report.Status, report.Groups, report.Overall, "equal_opportunity_difference", toOverall: false);
        r["fairlearn_convention"] = fl;
        return r;
    }

    /// <summary>FL-16: calibration within groups (platform semantics).</summary>
    private static Dictionary<string, object?> Calibration(JsonElement v)
    {
        var input = FairnessVectors.Input(v);
        var options = FairnessVectors.Options(v);
        var calibration = input.YPred.Count == input.YTrue.Count
            ? FairnessAuditor.Audit(input, options).Calibration!
            : FairnessAuditor.CalibrationWithinGroups(input.YTrue, input.YScore!, input.SensitiveFeatures, input.SampleWeight, options);
        var r = Obj();
        foreach (var g in calibration)
        {
            var bins = Obj();
            foreach (var b in g.Bins)
            {
                bins[b.Bin] = new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["n"] = b.N,
                    ["mean_score"] = b.MeanScore,
                    ["observed_rate"] = b.ObservedRate,
                };
            }
            r[g.Key] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["n"] = g.N,
                ["mean_score"] = g.MeanScore,
                ["base_rate"] = g.BaseRate,
                ["calibration_in_the_large"] = g.CalibrationInTheLarge,
                ["bins"] = bins,
            };
        }
        return r;
    }

    /// <summary>AIF-01/02/04: signed comparison unprivileged vs privileged, in AIF360 conventions where they differ.</summary>
    private static Dictionary<string, object?> Aif360Comparison(JsonElement v)
    {
        var report = Audit(v);
        var c = report.ReferenceComparison!;
        var o = report.Overall;
        var r = Obj();
        r["binary_confusion_matrix"] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["TP"] = o.TP,
            ["FP"] = o.FP,
            ["TN"] = o.TN,
            ["FN"] = o.FN,
        };
        r["selection_rate"] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["unprivileged"] = c.UnprivilegedMetrics.SelectionRate,
            ["privileged"] = c.PrivilegedMetrics.SelectionRate,
        };
        r["false_negative_rate_difference"] = c.FalseNegativeRateDifference;
        r["false_positive_rate_difference"] = c.FalsePositiveRateDifference;
        r["statistical_parity_difference"] = c.StatisticalParityDifference;
        r["equal_opportunity_difference"] = c.EqualOpportunityDifference;
        r["average_odds_difference"] = c.AverageOddsDifference;
        r["average_abs_odds_difference"] = c.AverageAbsOddsDifference;
        r["disparate_impact"] = ReferenceConventions.Aif360.ClassicDisparateImpact(c);
        r["classic_ClassificationMetric_disparate_impact"] = ReferenceConventions.Aif360.ClassicDisparateImpact(c);
        r["sklearn_api_disparate_impact_ratio_zero_division_warn"] = ReferenceConventions.Aif360.SklearnDisparateImpactRatio(c);
        r["strict"] = c.DisparateImpact;
        r["four_fifths_rule_pass"] = c.FourFifthsRulePass;
        return r;
    }

    /// <summary>AIF-03: class imbalance of the protected attribute with each value as the privileged group.</summary>
    private static Dictionary<string, object?> Aif360ClassImbalance(JsonElement v)
    {
        var inputs = v.GetProperty("inputs");
        var columns = FairnessVectors.SensitiveColumns(inputs);
        var weights = inputs.TryGetProperty("sample_weight", out var sw) ? FairnessVectors.Numbers(sw) : null;
        var r = Obj();
        foreach (var value in columns[0].Values.Distinct(StringComparer.Ordinal))
            r["class_imbalance_priv" + value] = FairnessAuditor.ClassImbalance(columns, weights, GroupSelector.Where("feat", value));
        return r;
    }

    /// <summary>AQ-*: per "attribute|value" group: counts, rates, disparities, flags and roll-ups (aequitas conventions).</summary>
    private static Dictionary<string, object?> AequitasGroups(JsonElement v)
    {
        var report = Audit(v);
        var r = Obj();
        foreach (var attribute in report.Attributes)
        {
            foreach (var g in attribute.Groups)
                r[g.Key] = ReferenceConventions.Aequitas.Group(g, attribute.Tau);
        }
        return r;
    }
}
