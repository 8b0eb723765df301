namespace Basira.Analytics.Metrics;

/// <summary>
/// Classification metrics with the scikit-learn definitions (ROC-AUC with average ranks for ties, average precision,
/// accuracy, macro-F1, Brier score) and the expected calibration error on equal-width bins.
/// Undefined values (e.g. AUC with a single class) are <see cref="double.NaN"/>.
/// </summary>
public static class ClassificationMetrics
{
    /// <summary>Area under the ROC curve (Mann-Whitney U with average ranks for tied scores).</summary>
    /// <param name="scores">Higher means more likely positive (margin or probability).</param>
    /// <param name="labels">True for the positive class.</param>
    public static double RocAuc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        Check(scores.Count, labels.Count);
        var n = scores.Count;
        // One array sort (millions of rows in a second or two); tie groups make the order within ties irrelevant.
        var keys = new double[n];
        var order = new int[n];
        for (var i = 0; i < n; i++) (keys[i], order[i]) = (scores[i], i);
        Array.Sort(keys, order);
        double rankSumPos = 0;
        long pos = 0;
        var i0 = 0;
        while (i0 < n)
        {
            var i1 = i0;
            while (i1 + 1 < n && keys[i1 + 1] == keys[i0]) i1++;
            var avgRank = (i0 + i1) / 2.0 + 1.0; // 1-based average rank of the tie group
            for (var k = i0; k <= i1; k++)
                if (labels[order[k]]) { rankSumPos += avgRank; pos++; }
            i0 = i1 + 1;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) return double.NaN;
        return (rankSumPos - pos * (pos + 1) / 2.0) / ((double)pos * neg);
    }

    /// <summary>
    /// Average precision (scikit-learn <c>average_precision_score</c>): sum over distinct score thresholds of
    /// (R_n − R_{n−1})·P_n, ties at a threshold counted together.
    /// </summary>
    public static double AveragePrecision(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        Check(scores.Count, labels.Count);
        var n = scores.Count;
        var totalPos = labels.Count(l => l);
        if (totalPos == 0) return double.NaN;
        var order = Enumerable.Range(0, n).OrderByDescending(i => scores[i]).ToArray();
        double ap = 0, prevRecall = 0;
        long tp = 0, fp = 0;
        var i0 = 0;
        while (i0 < n)
        {
            var i1 = i0;
            while (i1 + 1 < n && scores[order[i1 + 1]] == scores[order[i0]]) i1++;
            for (var k = i0; k <= i1; k++)
                if (labels[order[k]]) tp++; else fp++;
            var recall = tp / (double)totalPos;
            var precision = tp / (double)(tp + fp);
            ap += (recall - prevRecall) * precision;
            prevRecall = recall;
            i0 = i1 + 1;
        }
        return ap;
    }

    /// <summary>Share of equal labels.</summary>
    public static double Accuracy(IReadOnlyList<int> truth, IReadOnlyList<int> predicted)
    {
        Check(truth.Count, predicted.Count);
        if (truth.Count == 0) return double.NaN;
        var ok = 0;
        for (var i = 0; i < truth.Count; i++) if (truth[i] == predicted[i]) ok++;
        return ok / (double)truth.Count;
    }

    /// <summary>
    /// Unweighted mean of per-class F1 over the classes present in <paramref name="truth"/> or <paramref name="predicted"/>
    /// (scikit-learn <c>f1_score(average="macro")</c>, zero_division = 0).
    /// </summary>
    public static double MacroF1(IReadOnlyList<int> truth, IReadOnlyList<int> predicted)
    {
        Check(truth.Count, predicted.Count);
        var classes = truth.Concat(predicted).Distinct().ToArray();
        if (classes.Length == 0) return double.NaN;
        double sum = 0;
        foreach (var c in classes)
        {
            long tp = 0, fp = 0, fn = 0;
            for (var i = 0; i < truth.Count; i++)
            {
                var t = truth[i] == c;
                var p = predicted[i] == c;
                if (t && p) tp++;
                else if (p) fp++;
                else if (t) fn++;
            }
            var denom = 2 * tp + fp + fn;
            sum += denom == 0 ? 0 : 2.0 * tp / denom;
        }
        return sum / classes.Length;
    }

    /// <summary>Mean squared difference between the predicted probability and the 0/1 outcome.</summary>
    public static double Brier(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels)
    {
        Check(probabilities.Count, labels.Count);
        if (labels.Count == 0) return double.NaN;
        double s = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            var d = probabilities[i] - (labels[i] ? 1 : 0);
            s += d * d;
        }
        return s / labels.Count;
    }

    /// <summary>
    /// Expected calibration error with <paramref name="bins"/> equal-width bins on [0, 1] (bin k = [k/B, (k+1)/B),
    /// the last bin closed): sum over bins of |bin| / n · |mean outcome − mean probability|.
    /// </summary>
    public static double ExpectedCalibrationError(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, int bins = 10)
    {
        if (labels.Count == 0)
        {
            Check(probabilities.Count, labels.Count);
            ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
            return double.NaN;
        }
        return ReliabilityBins(probabilities, labels, bins).Sum(b => b.Count * Math.Abs(b.Observed - b.MeanPredicted)) / labels.Count;
    }

    /// <summary>
    /// The ROC curve as (false positive rate, true positive rate) points, one per distinct score threshold (ties taken
    /// together, as scikit-learn's <c>roc_curve</c> with <c>drop_intermediate=False</c>), from (0, 0) to (1, 1).
    /// When there are more than <paramref name="maxPoints"/> thresholds, points are kept at evenly spaced ranks
    /// (the first and last always), so the curve stays exact at the points shown. Empty when a class is missing.
    /// </summary>
    public static IReadOnlyList<(double Fpr, double Tpr)> RocCurve(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, int maxPoints = 101)
    {
        Check(scores.Count, labels.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 2);
        long pos = labels.Count(l => l), neg = labels.Count - pos;
        if (pos == 0 || neg == 0) return [];
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        var points = new List<(double, double)> { (0, 0) };
        long tp = 0, fp = 0;
        for (var k = 0; k < order.Length; k++)
        {
            if (labels[order[k]]) tp++; else fp++;
            if (k + 1 < order.Length && scores[order[k + 1]] == scores[order[k]]) continue; // a tie group ends here
            points.Add(((double)fp / neg, (double)tp / pos));
        }
        if (points.Count <= maxPoints) return points;
        var kept = new List<(double, double)>(maxPoints);
        for (var j = 0; j < maxPoints; j++)
            kept.Add(points[(int)Math.Round(j * (points.Count - 1) / (double)(maxPoints - 1))]);
        return kept;
    }

    /// <summary>
    /// Reliability diagram on <paramref name="bins"/> equal-width bins of [0, 1] (the bins of
    /// <see cref="ExpectedCalibrationError"/>): for each non-empty bin, the mean predicted probability, the observed
    /// rate of positives and the number of rows.
    /// </summary>
    public static IReadOnlyList<(double MeanPredicted, double Observed, long Count)> ReliabilityBins(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, int bins = 10)
    {
        Check(probabilities.Count, labels.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var count = new long[bins];
        var sumP = new double[bins];
        var sumY = new double[bins];
        for (var i = 0; i < labels.Count; i++)
        {
            var p = Math.Clamp(probabilities[i], 0, 1);
            var b = Math.Min((int)(p * bins), bins - 1);
            count[b]++;
            sumP[b] += p;
            sumY[b] += labels[i] ? 1 : 0;
        }
        return [.. Enumerable.Range(0, bins).Where(b => count[b] > 0).Select(b => (sumP[b] / count[b], sumY[b] / count[b], count[b]))];
    }

    private static void Check(int a, int b)
    {
        if (a != b) throw new ArgumentException($"length mismatch: {a} vs {b}");
    }
}
