using Basira.Analytics.Metrics;

namespace Basira.Analytics.Tests;

public class MetricsTests
{
    private static bool[] B(params int[] v) => [.. v.Select(x => x == 1)];

    [Fact]
    public void Roc_auc_matches_hand_computation_with_and_without_ties()
    {
        Assert.Equal(0.75, ClassificationMetrics.RocAuc([0.1, 0.4, 0.35, 0.8], B(0, 0, 1, 1)), 12);
        // pos {0.5, 0.9} vs neg {0.5, 0.5}: 0.9 beats both (2), 0.5 ties both (0.5 + 0.5) → 3 / 4
        Assert.Equal(0.75, ClassificationMetrics.RocAuc([0.5, 0.5, 0.5, 0.9], B(0, 1, 0, 1)), 12);
        Assert.Equal(0.5, ClassificationMetrics.RocAuc([1, 1, 1, 1], B(0, 1, 0, 1)), 12);
        Assert.True(double.IsNaN(ClassificationMetrics.RocAuc([0.1, 0.2], B(1, 1))));
    }

    [Fact]
    public void Average_precision_matches_sklearn()
    {
        // sklearn.metrics.average_precision_score([0,0,1,1], [0.1,0.4,0.35,0.8]) = 0.8333…
        Assert.Equal(5.0 / 6.0, ClassificationMetrics.AveragePrecision([0.1, 0.4, 0.35, 0.8], B(0, 0, 1, 1)), 12);
        // ties: threshold 0.9 → R .5 P 1; threshold .5 → R 1 P .5 → .5 + .25
        Assert.Equal(0.75, ClassificationMetrics.AveragePrecision([0.5, 0.5, 0.5, 0.9], B(0, 1, 0, 1)), 12);
    }

    [Fact]
    public void Accuracy_and_macro_f1_match_sklearn_example()
    {
        int[] truth = [0, 1, 2, 0, 1, 2], pred = [0, 2, 1, 0, 0, 1];
        Assert.Equal(1.0 / 3.0, ClassificationMetrics.Accuracy(truth, pred), 12);
        // per class F1: 0.8, 0, 0 → 0.2667
        Assert.Equal(0.8 / 3.0, ClassificationMetrics.MacroF1(truth, pred), 12);
    }

    [Fact]
    public void Brier_and_ece_match_hand_computation()
    {
        Assert.Equal(0.0375, ClassificationMetrics.Brier([0.1, 0.9, 0.8, 0.3], B(0, 1, 1, 0)), 12);
        // bins: [0,.1): |0-.05|; [.1,.2): |1-.15|; [.9,1]: |2-1.87| → 1.03 / 4
        Assert.Equal(0.2575, ClassificationMetrics.ExpectedCalibrationError([0.05, 0.15, 0.95, 0.92], B(0, 1, 1, 1)), 12);
        Assert.Equal(0.0, ClassificationMetrics.ExpectedCalibrationError([1.0, 0.0], B(1, 0)), 12);
    }
}
