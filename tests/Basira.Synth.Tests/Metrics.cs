namespace Basira.Synth.Tests;

internal static class Metrics
{
    /// <summary>Area under the ROC curve (Mann-Whitney with ties counted half).</summary>
    public static double Auc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double rankSumPositive = 0;
        int positives = 0;
        int i = 0;
        while (i < order.Length)
        {
            int j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]])
            {
                j++;
            }

            double averageRank = ((i + j) / 2.0) + 1;
            for (int k = i; k <= j; k++)
            {
                if (labels[order[k]])
                {
                    rankSumPositive += averageRank;
                    positives++;
                }
            }

            i = j + 1;
        }

        int negatives = scores.Count - positives;
        return (rankSumPositive - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
    }

    /// <summary>Plain logistic regression by batch gradient descent on standardised features.</summary>
    public static double[] FitLogistic(double[][] x, bool[] y, int iterations = 400, double learningRate = 0.5)
    {
        int d = x[0].Length;
        double[] w = new double[d + 1];
        for (int it = 0; it < iterations; it++)
        {
            double[] grad = new double[d + 1];
            for (int n = 0; n < x.Length; n++)
            {
                double p = Predict(w, x[n]);
                double e = p - (y[n] ? 1 : 0);
                grad[d] += e;
                for (int k = 0; k < d; k++)
                {
                    grad[k] += e * x[n][k];
                }
            }

            for (int k = 0; k <= d; k++)
            {
                w[k] -= learningRate * grad[k] / x.Length;
            }
        }

        return w;
    }

    public static double Predict(double[] w, double[] x)
    {
        double z = w[^1];
        for (int k = 0; k < x.Length; k++)
        {
            z += w[k] * x[k];
        }

        return 1 / (1 + Math.Exp(-z));
    }

    public static double[][] Standardise(double[][] x)
    {
        int d = x[0].Length;
        var result = x.Select(r => (double[])r.Clone()).ToArray();
        for (int k = 0; k < d; k++)
        {
            double mean = x.Average(r => r[k]);
            double sd = Math.Sqrt(x.Average(r => (r[k] - mean) * (r[k] - mean)));
            foreach (double[] r in result)
            {
                r[k] = sd > 0 ? (r[k] - mean) / sd : 0;
            }
        }

        return result;
    }
}
