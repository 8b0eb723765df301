using System.Text.Json;
using Basira.Governance.Fairness;

namespace Basira.Governance.Tests.Fairness;

/// <summary>Hand-written behaviour tests of the platform policy (FAIRNESS.md §2) and of the JSON shape.</summary>
public sealed class FairnessBehaviourTests
{
    private static FairnessInput Input(int[] yTrue, int[] yPred, params FeatureColumn[] sensitive) => new()
    {
        YTrue = FairnessLabels.FromNumbers(yTrue),
        YPred = FairnessLabels.FromNumbers(yPred),
        SensitiveFeatures = sensitive,
    };

    private static FeatureColumn Col(string name, params string[] values) => new(name, values);

    [Fact]
    public void Single_group_is_not_assessable_and_never_fair()
    {
        var report = FairnessAuditor.Audit(
            Input([1, 0, 1, 0], [1, 1, 0, 0], Col("milieu", "urban", "urban", "urban", "urban")),
            new FairnessOptions());

        Assert.Equal(FairnessStatus.NotAssessable, report.Status);
        Assert.Contains(UndefinedReason.SingleGroup, report.StatusReasons);
        Assert.Null(report.DemographicParityDifference);
        Assert.Null(report.DemographicParityRatio);
        Assert.Null(report.EqualizedOddsDifference);
        Assert.Null(report.FourFifthsRulePass);
        Assert.Equal(UndefinedReason.SingleGroup, report.SummaryNotes["demographic_parity_difference"].Reason);
        Assert.Null(report.ToOverall.DemographicParityDifference);
        Assert.Single(report.Groups);
        Assert.Equal(0.5, report.Groups[0].SelectionRate);

        var attribute = Assert.Single(report.Attributes);
        Assert.Equal(FairnessStatus.NotAssessable, attribute.Status);
        var only = Assert.Single(attribute.Groups);
        Assert.Null(only.PprevDisparity);
        Assert.Null(only.SupervisedFairness);
        Assert.Null(only.UnsupervisedFairness);
        Assert.Equal(UndefinedReason.SingleGroup, only.Undefined["pprev_disparity"]);
    }

    [Fact]
    public void Empty_input_is_not_assessable_with_null_rates()
    {
        var report = FairnessAuditor.Audit(Input([], [], Col("gender")), new FairnessOptions());

        Assert.Equal(FairnessStatus.NotAssessable, report.Status);
        Assert.Contains(UndefinedReason.EmptyInput, report.StatusReasons);
        Assert.Equal(0, report.Overall.Rows);
        Assert.Null(report.Overall.SelectionRate);
        Assert.Null(report.Overall.Tpr);
        Assert.Equal(UndefinedReason.EmptyInput, report.Overall.Undefined["selection_rate"]);
        Assert.Null(report.DemographicParityDifference);
        Assert.Empty(report.Groups);
        Assert.DoesNotContain("\"fair\"", report.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void No_sensitive_feature_is_not_assessable_but_overall_is_computed()
    {
        var report = FairnessAuditor.Audit(Input([1, 0, 1], [1, 1, 0]), new FairnessOptions());
        Assert.Equal(FairnessStatus.NotAssessable, report.Status);
        Assert.Contains(UndefinedReason.NoSensitiveFeature, report.StatusReasons);
        Assert.Equal(2.0 / 3, report.Overall.SelectionRate!.Value, 12);
    }

    [Fact]
    public void Group_without_positives_has_null_tpr_with_reason_and_is_disclosed_in_summaries()
    {
        // FL-15 data: rural has no actual positives, urban no actual negatives.
        var report = FairnessAuditor.Audit(
            Input([0, 0, 0, 1, 1, 1], [1, 0, 0, 1, 1, 0], Col("milieu", "rural", "rural", "rural", "urban", "urban", "urban")),
            new FairnessOptions());

        var rural = report.Group("rural")!;
        Assert.Null(rural.Tpr);
        Assert.Null(rural.Fnr);
        Assert.Equal(0.0, rural.Denominators["tpr"]);
        Assert.Equal(UndefinedReason.NoActualPositives, rural.Undefined["tpr"]);
        Assert.Equal(1.0 / 3, rural.Fpr!.Value, 12);

        var urban = report.Group("urban")!;
        Assert.Null(urban.Fpr);
        Assert.Equal(UndefinedReason.NoActualNegatives, urban.Undefined["fpr"]);

        Assert.Null(report.EqualOpportunityDifference);
        var note = report.SummaryNotes["equal_opportunity_difference"];
        Assert.Equal(UndefinedReason.FewerThanTwoDefinedGroups, note.Reason);
        Assert.Equal(new[] { "rural" }, note.ExcludedGroups);
        Assert.Null(report.EqualizedOddsDifference);
        Assert.NotNull(report.DemographicParityDifference);

        // To-overall with a single defined group would compare urban with itself: undefined, not 0.
        Assert.Null(report.ToOverall.EqualOpportunityDifference);
        Assert.Null(report.ToOverall.EqualOpportunityRatio);
        Assert.Equal(UndefinedReason.FewerThanTwoDefinedGroups, report.ToOverall.Notes["equal_opportunity_difference"].Reason);
    }

    [Fact]
    public void Undefined_group_is_excluded_from_max_min_and_listed()
    {
        // Three groups; c has no actual positives: equal opportunity over a and b only, c disclosed.
        var report = FairnessAuditor.Audit(
            Input([1, 1, 0, 1, 1, 0, 0, 0], [1, 0, 0, 1, 1, 0, 1, 0], Col("g", "a", "a", "a", "b", "b", "b", "c", "c")),
            new FairnessOptions());
        Assert.Equal(0.5, report.EqualOpportunityDifference!.Value, 12);
        Assert.Equal(new[] { "c" }, report.SummaryNotes["equal_opportunity_difference"].ExcludedGroups);
    }

    [Fact]
    public void Intersection_keys_follow_column_order_and_empty_intersections_are_shown()
    {
        var gender = Col("gender", "f", "m", "f", "m");
        var milieu = Col("milieu", "rural", "rural", "urban", "rural");
        var y = new[] { 1, 0, 1, 0 };

        var gm = FairnessAuditor.Audit(Input(y, y, gender, milieu), new FairnessOptions());
        Assert.Equal(new[] { "f|rural", "f|urban", "m|rural", "m|urban" }, gm.Groups.Select(g => g.Key));
        Assert.Equal(new[] { "f", "urban" }, gm.Group("f|urban")!.Values);
        Assert.Equal(new[] { "gender", "milieu" }, gm.SensitiveFeatures);

        var empty = gm.Group("m|urban")!;
        Assert.Equal(0, empty.Rows);
        Assert.True(empty.InsufficientEvidence);
        Assert.Null(empty.SelectionRate);
        Assert.Equal(UndefinedReason.EmptyGroup, empty.Undefined["selection_rate"]);

        var mg = FairnessAuditor.Audit(Input(y, y, milieu, gender), new FairnessOptions());
        Assert.Equal(new[] { "rural|f", "rural|m", "urban|f", "urban|m" }, mg.Groups.Select(g => g.Key));
        Assert.Equal(2, mg.Group("rural|m")!.Rows);
    }

    [Fact]
    public void Small_groups_get_wilson_intervals_and_insufficient_evidence()
    {
        // 10 rows per group, selection rate 0.5 each.
        var y = Enumerable.Range(0, 20).Select(i => i % 2).ToArray();
        var g = Enumerable.Range(0, 20).Select(i => i < 10 ? "a" : "b").ToArray();
        var report = FairnessAuditor.Audit(Input(y, y, Col("g", g)), new FairnessOptions());

        Assert.Equal(FairnessStatus.InsufficientEvidence, report.Status);
        var a = report.Group("a")!;
        Assert.True(a.InsufficientEvidence);
        var ci = a.Intervals["selection_rate"];
        Assert.Equal(10, ci.Denominator);
        Assert.Equal(0.2366, ci.Lower, 4);
        Assert.Equal(0.7634, ci.Upper, 4);
        Assert.Equal("wilson", ci.Method);
        Assert.True(a.Intervals.ContainsKey("tpr"));

        var big = FairnessAuditor.Audit(Input(y, y, Col("g", g)), new FairnessOptions { MinGroupSize = 10, IntervalBelowRows = 10 });
        Assert.Equal(FairnessStatus.Assessed, big.Status);
        Assert.Empty(big.Group("a")!.Intervals);
        Assert.False(big.Group("a")!.InsufficientEvidence);
    }

    [Fact]
    public void Zero_reference_selection_rate_gives_null_disparate_impact_with_reason()
    {
        // AIF-04 data.
        var input = Input([1, 0, 1, 1, 0, 1], [1, 0, 0, 0, 0, 0], Col("feat", "0", "0", "0", "1", "1", "1"));
        var report = FairnessAuditor.Audit(input, new FairnessOptions
        {
            Privileged = GroupSelector.Where("feat", "1"),
            Unprivileged = GroupSelector.Where("feat", "0"),
        });

        var c = report.ReferenceComparison!;
        Assert.Null(c.DisparateImpact);
        Assert.Equal(UndefinedReason.ReferenceValueZero, c.Undefined["disparate_impact"]);
        Assert.Null(c.FourFifthsRulePass);
        Assert.Equal(1.0 / 3, c.StatisticalParityDifference!.Value, 12);
        Assert.Equal(0.0, report.DemographicParityRatio);
    }

    [Fact]
    public void Aequitas_divide_by_zero_is_null_on_the_platform_and_ten_in_the_reference_convention()
    {
        // Reference group High has FPR 0, Low has FPR 0.5: x/0.
        var input = Input([0, 0, 0, 0, 1, 1], [0, 0, 1, 0, 1, 1], Col("class", "High", "High", "Low", "Low", "High", "Low"));
        var report = FairnessAuditor.Audit(input, new FairnessOptions { ReferenceGroups = new Dictionary<string, string> { ["class"] = "High" } });

        var low = report.Attributes.Single().Groups.Single(g => g.Value == "Low");
        Assert.Null(low.FprDisparity);
        Assert.Equal(UndefinedReason.ReferenceValueZero, low.Undefined["fpr_disparity"]);
        Assert.Null(low.FprParity);
        Assert.Null(low.TypeIParity);

        var high = report.Attributes.Single().Groups.Single(g => g.Value == "High");
        Assert.Equal(UndefinedReason.BothValuesZero, high.Undefined["fpr_disparity"]);

        var aq = ReferenceConventions.Aequitas.Group(low, 0.8);
        Assert.Equal(10.0, aq["fpr_disparity"]);
        Assert.Equal(false, aq["FPR Parity"]);
        Assert.Equal(false, aq["TypeI Parity"]);
    }

    [Fact]
    public void Majority_reference_group_is_used_and_reported_when_none_is_declared()
    {
        var input = Input([1, 0, 1, 0, 1], [1, 0, 1, 1, 1], Col("region", "a", "b", "b", "b", "a"));
        var report = FairnessAuditor.Audit(input, new FairnessOptions());
        var attr = report.Attributes.Single();
        Assert.Equal("b", attr.ReferenceGroup);
        Assert.Equal("majority", attr.ReferenceRule);
        Assert.Equal(new[] { "region|a", "region|b" }, attr.Groups.Select(g => g.Key));
    }

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    [InlineData(false, null, false)]
    [InlineData(null, false, false)]
    [InlineData(true, null, null)]
    [InlineData(null, null, null)]
    public void Kleene_and(bool? a, bool? b, bool? expected) => Assert.Equal(expected, Kleene.And(a, b));

    [Fact]
    public void Parity_band_is_inclusive_and_na_stays_na()
    {
        Assert.Equal(true, Kleene.WithinBand(2.0, 0.5));
        Assert.Equal(true, Kleene.WithinBand(0.8, 0.8));
        Assert.Equal(true, Kleene.WithinBand(1.25, 0.8));
        Assert.Equal(false, Kleene.WithinBand(1.26, 0.8));
        Assert.Null(Kleene.WithinBand(null, 0.8));
    }

    [Fact]
    public void Invalid_input_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => FairnessAuditor.Audit(Input([1, 0], [1]), new FairnessOptions()));
        Assert.Throws<ArgumentException>(() => FairnessAuditor.Audit(
            Input([1, 0], [1, 0], Col("g", "a")), new FairnessOptions()));
        Assert.Throws<ArgumentException>(() => FairnessAuditor.Audit(
            new FairnessInput { YTrue = ["1", "0"], YPred = ["1", "0"], SampleWeight = [1, -1] }, new FairnessOptions()));
        Assert.Throws<ArgumentException>(() => FairnessAuditor.Audit(
            Input([1, 0], [1, 0], Col("g", "a", "b")), new FairnessOptions { Tau = 0 }));
    }

    [Fact]
    public void Report_serializes_with_snake_case_names_and_explicit_nulls()
    {
        var report = FairnessAuditor.Audit(
            Input([0, 0, 0, 1, 1, 1], [1, 0, 0, 1, 1, 0], Col("milieu", "rural", "rural", "rural", "urban", "urban", "urban")),
            new FairnessOptions());

        using var doc = JsonDocument.Parse(report.ToJson());
        var root = doc.RootElement;
        Assert.Equal("insufficient_evidence", root.GetProperty("status").GetString());
        foreach (var name in new[]
                 {
                     "demographic_parity_difference", "demographic_parity_ratio", "equalized_odds_difference",
                     "equal_opportunity_difference", "groups", "overall", "to_overall", "summary_notes", "attributes",
                 })
            Assert.True(root.TryGetProperty(name, out _), name);

        Assert.Equal(JsonValueKind.Null, root.GetProperty("equal_opportunity_difference").ValueKind);
        Assert.Equal(1.0 / 3, root.GetProperty("demographic_parity_difference").GetDouble(), 12);

        var rural = root.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("key").GetString() == "rural");
        foreach (var name in new[] { "key", "n", "selection_rate", "tpr", "fpr", "fnr", "tnr", "ppv", "fdr", "for", "npv", "insufficient_evidence", "denominators", "intervals" })
            Assert.True(rural.TryGetProperty(name, out _), name);
        Assert.Equal(JsonValueKind.Null, rural.GetProperty("tpr").ValueKind);
        Assert.Equal("no_actual_positives", rural.GetProperty("undefined").GetProperty("tpr").GetString());
        Assert.Equal(3, rural.GetProperty("n").GetDouble());
        Assert.True(rural.GetProperty("insufficient_evidence").GetBoolean());

        var compact = report.ToJson(indented: false);
        Assert.DoesNotContain("Infinity", compact, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", compact, StringComparison.Ordinal);
        Assert.Contains("\"not_assessable\"", FairnessAuditor.Audit(Input([], []), new FairnessOptions()).ToJson(false), StringComparison.Ordinal);
    }

    [Fact]
    public void Weighted_counts_are_weighted_sums_and_rows_stay_row_counts()
    {
        var input = new FairnessInput
        {
            YTrue = ["1", "0", "1", "0"],
            YPred = ["1", "1", "0", "0"],
            SampleWeight = [2, 1, 1, 4],
            SensitiveFeatures = [Col("g", "a", "a", "b", "b")],
        };
        var report = FairnessAuditor.Audit(input, new FairnessOptions());
        var a = report.Group("a")!;
        Assert.Equal(2, a.Rows);
        Assert.Equal(3, a.N);
        Assert.Equal(1.0, a.SelectionRate);
        Assert.Equal(0.0, report.Group("b")!.SelectionRate);
        Assert.True(report.Weighted);
        Assert.Equal(3.0 / 8, report.Overall.SelectionRate!.Value, 12);
    }

    [Fact]
    public void String_labels_map_through_positive_labels()
    {
        var input = new FairnessInput
        {
            YTrue = ["eligible", "not", "eligible", "not"],
            YPred = ["eligible", "eligible", "not", "not"],
            SensitiveFeatures = [Col("g", "a", "a", "b", "b")],
        };
        var report = FairnessAuditor.Audit(input, FairnessOptions.ForPositiveLabel("eligible"));
        Assert.Equal(1.0, report.Group("a")!.SelectionRate);
        Assert.Equal(0.0, report.Group("b")!.SelectionRate);
        Assert.Equal(1.0, report.DemographicParityDifference);
        Assert.Equal(0.0, report.DemographicParityRatio);
        Assert.Equal(false, report.FourFifthsRulePass);
    }
}
