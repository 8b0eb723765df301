using System.Globalization;
using Basira.Governance;

namespace Basira.Energy.Forecasting;

/// <summary>
/// Row split of the LTSF protocol (etth1/SOURCE.md): train rows [0, TrainEnd), validation targets in
/// [TrainEnd, ValEnd), test targets in [ValEnd, TestEnd). Rows at or after TestEnd are unused.
/// </summary>
public sealed record LtsfSplit(int TrainEnd, int ValEnd, int TestEnd)
{
    /// <summary>The ETTh1 split of the published benchmarks: 12/4/4 months of 30 days.</summary>
    public static LtsfSplit Etth1 { get; } = new(8640, 11520, 14400);

    /// <summary>Parses <c>TRAIN_END,VAL_END,TEST_END</c>; checks 0 &lt; TRAIN_END &lt; VAL_END &lt; TEST_END ≤ rows.</summary>
    public static LtsfSplit Parse(string text, int rows, string source = "--split")
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 3 || !parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            throw new DataInputException(source, null, null, $"expected TRAIN_END,VAL_END,TEST_END (three row indices), got '{text}'");
        var v = parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        if (!(v[0] > 0 && v[0] < v[1] && v[1] < v[2]))
            throw new DataInputException(source, null, null, $"expected 0 < TRAIN_END < VAL_END < TEST_END, got {text}");
        if (v[2] > rows) throw new DataInputException(source, null, null, $"TEST_END {v[2]} is past the {rows} data rows");
        return new LtsfSplit(v[0], v[1], v[2]);
    }

    /// <summary>
    /// Origins (index of the first target row) of the training windows: inputs [t−L, t) and targets [t, t+H) all in
    /// the train rows, stride 1.
    /// </summary>
    public int[] TrainOrigins(int lookback, int horizon) => Range(lookback, TrainEnd - horizon);

    /// <summary>Origins of the validation windows: every window whose targets lie in [TrainEnd, ValEnd), stride 1.</summary>
    public int[] ValidationOrigins(int lookback, int horizon) => Range(Math.Max(TrainEnd, lookback), ValEnd - horizon);

    /// <summary>
    /// Origins of the test windows: every window whose targets lie in [ValEnd, TestEnd), stride 1
    /// (TestEnd − ValEnd − H + 1 of them when ValEnd ≥ L).
    /// </summary>
    public int[] TestOrigins(int lookback, int horizon) => Range(Math.Max(ValEnd, lookback), TestEnd - horizon);

    private static int[] Range(int first, int last) => last < first ? [] : [.. Enumerable.Range(first, last - first + 1)];
}

/// <summary>
/// Column-wise z-score fitted on the train rows only: mean and population standard deviation (ddof 0, as
/// scikit-learn's StandardScaler); a constant column gets scale 1.
/// </summary>
public sealed record ZScore(double[] Mean, double[] Std)
{
    /// <summary>Fits on rows [0, <paramref name="trainEnd"/>) of every column.</summary>
    public static ZScore Fit(IReadOnlyList<double[]> columns, int trainEnd)
    {
        var mean = new double[columns.Count];
        var std = new double[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            var col = columns[c];
            var m = 0.0;
            for (var i = 0; i < trainEnd; i++) m += col[i];
            m /= trainEnd;
            var v = 0.0;
            for (var i = 0; i < trainEnd; i++) v += (col[i] - m) * (col[i] - m);
            var s = Math.Sqrt(v / trainEnd);
            mean[c] = m;
            std[c] = s > 0 ? s : 1;
        }
        return new ZScore(mean, std);
    }

    /// <summary>The scaled copy of every column.</summary>
    public double[][] Transform(IReadOnlyList<double[]> columns) =>
        [.. columns.Select((col, c) => col.Select(v => (v - Mean[c]) / Std[c]).ToArray())];
}

/// <summary>The scaled channels a window model reads, with the timestamp of every row.</summary>
/// <param name="Z">Scaled values, one array per channel.</param>
/// <param name="Times">Timestamp of every row.</param>
public sealed record ScaledSeries(double[][] Z, DateTime[] Times)
{
    public int Channels => Z.Length;

    public int Rows => Times.Length;
}

/// <summary>A model that forecasts the next H values of one channel from the rows before an origin.</summary>
public interface IWindowModel
{
    /// <summary>Rows of history the model reads before the origin.</summary>
    int Lookback { get; }

    /// <summary>Steps forecast.</summary>
    int Horizon { get; }

    /// <summary>Forecast of rows [origin, origin+H) of channel <paramref name="channel"/> from rows before origin only.</summary>
    void Predict(ScaledSeries series, int channel, int origin, Span<double> forecast);
}

/// <summary>Error of a model over a set of windows, on the scaled values.</summary>
/// <param name="Mse">Mean over windows × horizon × channels of the squared error.</param>
/// <param name="Mae">Same, absolute error.</param>
/// <param name="Windows">Windows (origins) evaluated.</param>
/// <param name="ChannelMse">MSE of each channel (mean over windows × horizon).</param>
public sealed record WindowScore(double Mse, double Mae, int Windows, double[] ChannelMse);

/// <summary>Scores window models under the LTSF protocol.</summary>
public static class LtsfEvaluator
{
    /// <summary>
    /// Mean squared and absolute error over every origin × horizon step × channel of <paramref name="channels"/>:
    /// Σ (ŷ − y)² / (windows · H · channels).
    /// </summary>
    public static WindowScore Score(IWindowModel model, ScaledSeries series, IReadOnlyList<int> channels, int[] origins,
        CancellationToken ct = default)
    {
        var h = model.Horizon;
        var se = new double[channels.Count];
        var ae = new double[channels.Count];
        var gate = new object();
        Parallel.For(0, origins.Length, new ParallelOptions { CancellationToken = ct },
            () => (se: new double[channels.Count], ae: new double[channels.Count], buf: new double[h]),
            (k, _, acc) =>
            {
                var t = origins[k];
                for (var ci = 0; ci < channels.Count; ci++)
                {
                    var c = channels[ci];
                    model.Predict(series, c, t, acc.buf);
                    var z = series.Z[c];
                    double s = 0, a = 0;
                    for (var j = 0; j < h; j++)
                    {
                        var e = acc.buf[j] - z[t + j];
                        s += e * e;
                        a += Math.Abs(e);
                    }
                    acc.se[ci] += s;
                    acc.ae[ci] += a;
                }
                return acc;
            },
            acc =>
            {
                lock (gate)
                    for (var ci = 0; ci < channels.Count; ci++) { se[ci] += acc.se[ci]; ae[ci] += acc.ae[ci]; }
            });
        var perChannel = (double)origins.Length * h;
        var n = perChannel * channels.Count;
        return new WindowScore(se.Sum() / n, ae.Sum() / n, origins.Length, [.. se.Select(s => s / perChannel)]);
    }
}
