using Basira.Analytics.Metrics;

namespace Basira.Analytics.Tests;

public class CurveTests
{
    private static bool[] B(params int[] v) => [.. v.Select(x => x == 1)];

    [Fact]
    public void Roc_curve_matches_sklearn_roc_curve_without_dropped_points()
    {
        // sklearn.metrics.roc_curve([0,0,1,1], [0.1,0.4,0.35,0.8], drop_intermediate=False):
        // fpr [0, 0, 0.5, 0.5, 1], tpr [0, 0.5, 0.5, 1, 1]
        var c = ClassificationMetrics.RocCurve([0.1, 0.4, 0.35, 0.8], B(0, 0, 1, 1));
        Assert.Equal([0, 0, 0.5, 0.5, 1], c.Select(p => p.Fpr));
        Assert.Equal([0, 0.5, 0.5, 1, 1], c.Select(p => p.Tpr));
    }

    [Fact]
    public void Roc_curve_takes_tied_scores_together_and_is_empty_with_one_class()
    {
        var c = ClassificationMetrics.RocCurve([0.5, 0.5, 0.5, 0.9], B(0, 1, 0, 1));
        Assert.Equal([(0.0, 0.0), (0.0, 0.5), (1.0, 1.0)], c);
        Assert.Empty(ClassificationMetrics.RocCurve([0.1, 0.2], B(1, 1)));
    }

    [Fact]
    public void Area_under_the_drawn_roc_curve_is_the_roc_auc_and_thinning_keeps_the_ends()
    {
        var rng = new Random(7);
        var labels = Enumerable.Range(0, 2000).Select(_ => rng.NextDouble() < 0.3).ToArray();
        var scores = labels.Select(l => Math.Round(rng.NextDouble() + (l ? 0.4 : 0), 2)).ToArray(); // many ties
        var full = ClassificationMetrics.RocCurve(scores, labels, maxPoints: int.MaxValue);
        var area = full.Zip(full.Skip(1), (a, b) => (b.Fpr - a.Fpr) * (a.Tpr + b.Tpr) / 2).Sum();
        Assert.Equal(ClassificationMetrics.RocAuc(scores, labels), area, 10);

        var thin = ClassificationMetrics.RocCurve(scores, labels, maxPoints: 21);
        Assert.Equal(21, thin.Count);
        Assert.Equal((0.0, 0.0), thin[0]);
        Assert.Equal((1.0, 1.0), thin[^1]);
        Assert.All(thin, p => Assert.Contains(p, full)); // every point shown is a point of the exact curve
        Assert.True(thin.Zip(thin.Skip(1)).All(x => x.First.Fpr <= x.Second.Fpr && x.First.Tpr <= x.Second.Tpr));
    }

    [Fact]
    public void Reliability_bins_give_mean_prediction_observed_rate_and_count_per_non_empty_bin()
    {
        var bins = ClassificationMetrics.ReliabilityBins([0.05, 0.15, 0.12, 0.95, 1.0], B(0, 1, 0, 1, 1), bins: 10);
        Assert.Equal(3, bins.Count);
        Assert.Equal((0.05, 0.0, 1L), bins[0]);
        Assert.Equal(0.135, bins[1].MeanPredicted, 12);
        Assert.Equal(0.5, bins[1].Observed, 12);
        Assert.Equal(2L, bins[1].Count);
        Assert.Equal((0.975, 1.0, 2L), bins[2]); // 1.0 falls in the last, closed bin
    }
}
