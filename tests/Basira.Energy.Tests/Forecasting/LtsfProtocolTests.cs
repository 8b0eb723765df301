using Basira.Energy.Forecasting;
using Basira.Governance;

namespace Basira.Energy.Tests.Forecasting;

/// <summary>The LTSF protocol itself (etth1/SOURCE.md) on tiny series with hand-computed figures.</summary>
public sealed class LtsfProtocolTests
{
    private static readonly DateTime Start = new(2024, 1, 1, 0, 0, 0);

    private static SeriesFrame Frame(params double[][] columns) => new("mem.csv",
        [.. Enumerable.Range(0, columns[0].Length).Select(i => Start.AddHours(i))],
        [.. columns.Select((_, i) => $"c{i}")], columns);

    /// <summary>Forecasts the last value of the window for every step (the paper's "Repeat").</summary>
    private sealed class Repeat(int horizon) : IWindowModel
    {
        public int Lookback => 2;
        public int Horizon => horizon;
        public void Predict(ScaledSeries s, int channel, int origin, Span<double> f) => f[..horizon].Fill(s.Z[channel][origin - 1]);
    }

    [Fact]
    public void Windows_are_every_origin_whose_targets_lie_in_the_segment()
    {
        var split = new LtsfSplit(TrainEnd: 4, ValEnd: 6, TestEnd: 10);
        // lookback 2, horizon 2: train inputs and targets inside [0,4): only origin 2
        Assert.Equal([2], split.TrainOrigins(2, 2));
        // validation targets in [4,6): origin 4 (its inputs, rows 2-3, are train rows)
        Assert.Equal([4], split.ValidationOrigins(2, 2));
        // test targets in [6,10): origins 6,7,8 = TEST_END − VAL_END − H + 1
        Assert.Equal([6, 7, 8], split.TestOrigins(2, 2));
        // ETTh1: 2880 − H + 1 test windows, 8640 − L − H + 1 training windows
        Assert.Equal(2785, LtsfSplit.Etth1.TestOrigins(336, 96).Length);
        Assert.Equal(2161, LtsfSplit.Etth1.TestOrigins(720, 720).Length);
        Assert.Equal(8640 - 336 - 96 + 1, LtsfSplit.Etth1.TrainOrigins(336, 96).Length);
        Assert.Equal(11520, LtsfSplit.Etth1.TestOrigins(720, 96)[0]);
    }

    [Fact]
    public void Scaling_uses_the_train_rows_only_with_the_population_deviation()
    {
        // train rows 0,2,0,2: mean 1, population sd 1 (a sample sd would be 1.155); later rows do not move it
        double[] v = [0, 2, 0, 2, 10, 10, 10, 20, 30, 40];
        var z = ZScore.Fit([v], 4);
        Assert.Equal(1.0, z.Mean[0], 12);
        Assert.Equal(1.0, z.Std[0], 12);
        Assert.Equal([-1, 1, -1, 1, 9, 9, 9, 19, 29, 39], z.Transform([v])[0]);
        // a constant train column gets scale 1 (StandardScaler's rule)
        Assert.Equal(1.0, ZScore.Fit([[5, 5, 5, 7]], 3).Std[0]);
    }

    [Fact]
    public void Score_is_the_mean_over_windows_horizon_and_channels()
    {
        double[] a = [0, 2, 0, 2, 10, 10, 10, 20, 30, 40];
        double[] b = [1, 1, 3, 3, 0, 0, 0, 0, 0, 0]; // mean 2, sd 1
        var split = new LtsfSplit(4, 6, 10);
        var za = ZScore.Fit([a, b], 4);
        var s = new ScaledSeries(za.Transform([a, b]), Frame(a, b).Times);
        var score = LtsfEvaluator.Score(new Repeat(2), s, [0, 1], split.TestOrigins(2, 2));
        // channel a (sd 1), origins 6,7,8 repeating rows 5,6,7 = 10,10,20 against (10,20),(20,30),(30,40):
        // errors 0,10 | 10,20 | 10,20 → squared 0+100+100+400+100+400 = 1100 over 6 → 183.33; absolute 70/6
        // channel b is constant 0 after row 4: every error 0
        Assert.Equal(3, score.Windows);
        Assert.Equal(1100.0 / 6, score.ChannelMse[0], 9);
        Assert.Equal(0.0, score.ChannelMse[1], 12);
        Assert.Equal(1100.0 / 12, score.Mse, 9);
        Assert.Equal(70.0 / 12, score.Mae, 9);
    }

    [Fact]
    public void Backtest_forecasts_a_periodic_series_almost_exactly_and_counts_every_test_window()
    {
        // period 24, no noise: a linear map of the last 48 values forecasts it exactly
        var v = Enumerable.Range(0, 600).Select(i => 5 + Math.Sin(2 * Math.PI * i / 24) + 0.5 * Math.Cos(2 * Math.PI * i / 12)).ToArray();
        var frame = Frame(v, [.. v.Select(x => 2 * x + 1)]);
        var result = Backtest.Run(frame, new BacktestOptions(null, All: true, Lookback: 48, Horizon: 24, new LtsfSplit(360, 480, 600)));
        Assert.Equal(600 - 480 - 24 + 1, result.Windows);
        Assert.Equal(48, result.Lookback);
        Assert.True(result.Mse < 1e-4, $"mse {result.Mse}");
        Assert.Equal(["c0", "c1"], result.Channels);
    }

    [Fact]
    public void Backtest_target_reads_that_column_alone()
    {
        var rng = new Random(7);
        var v = Enumerable.Range(0, 500).Select(i => Math.Sin(i / 4.0) + 0.1 * rng.NextDouble()).ToArray();
        var noise = Enumerable.Range(0, 500).Select(_ => rng.NextDouble()).ToArray();
        var frame = Frame(noise, v);
        var result = Backtest.Run(frame, new BacktestOptions("c1", false, 24, 12, new LtsfSplit(300, 400, 500)));
        Assert.Equal(["c1"], result.Channels);
        Assert.Equal(100 - 12 + 1, result.Windows);
    }

    [Fact]
    public void Backtest_refuses_a_missing_value_naming_its_line_and_column()
    {
        var v = Enumerable.Range(0, 200).Select(i => (double)(i % 7)).ToArray();
        v[150] = double.NaN;
        var ex = Assert.Throws<DataInputException>(() =>
            Backtest.Run(Frame(v), new BacktestOptions("c0", false, 12, 6, new LtsfSplit(100, 150, 200))));
        Assert.Equal(152, ex.Line);
        Assert.Equal("c0", ex.Field);
    }

    [Fact]
    public void Split_is_parsed_and_checked()
    {
        Assert.Equal(LtsfSplit.Etth1, LtsfSplit.Parse("8640,11520,14400", 17420));
        Assert.Throws<DataInputException>(() => LtsfSplit.Parse("8640,11520", 17420));
        Assert.Throws<DataInputException>(() => LtsfSplit.Parse("11520,8640,14400", 17420));
        Assert.Throws<DataInputException>(() => LtsfSplit.Parse("8640,11520,20000", 17420));
    }
}

public sealed class ForecastModelTests
{
    private static ScaledSeries Periodic(int rows, double noise, int seed)
    {
        var rng = new Random(seed);
        var t0 = new DateTime(2024, 1, 1);
        var z = Enumerable.Range(0, rows).Select(i => Math.Sin(2 * Math.PI * i / 24) + 0.3 * Math.Sin(2 * Math.PI * i / 168) + noise * (rng.NextDouble() - 0.5)).ToArray();
        return new ScaledSeries([z], [.. Enumerable.Range(0, rows).Select(i => t0.AddHours(i))]);
    }

    [Fact]
    public void Phase_linear_model_learns_a_daily_cycle_and_forecasts_horizons_that_are_not_whole_days()
    {
        var s = Periodic(3000, 0.05, 1);
        var split = new LtsfSplit(2000, 2500, 3000);
        var (model, val) = PhaseLinearModel.Fit(168, 30, InstanceNorm.Mean, s, [0], split);
        Assert.Equal(30, model.Horizon);
        Assert.Equal(48, model.TrainingHorizon);
        var score = LtsfEvaluator.Score(model, s, [0], split.TestOrigins(168, 30));
        Assert.True(score.Mse < 0.01, $"test mse {score.Mse}");
        Assert.True(val < 0.01, $"validation mse {val}");
    }

    [Fact]
    public void Random_features_are_deterministic_and_widen_the_input()
    {
        var f = new LinearFeatures(72, InstanceNorm.Last, Calendar: true, RandomFeatures: 16);
        Assert.Equal(72 + 16 + 31 + 1, f.Dimension);
        var s = Periodic(200, 0.1, 2);
        var x1 = new double[f.Dimension];
        var x2 = new double[f.Dimension];
        f.Fill(s, 0, 100, x1);
        (f with { }).Fill(s, 0, 100, x2);
        Assert.Equal(x1, x2);
        Assert.Contains(x1[72..88], v => v > 0);
        Assert.All(x1[72..88], v => Assert.True(v >= 0)); // ReLU
        var other = new double[f.Dimension];
        (f with { Seed = 7 }).Fill(s, 0, 100, other);
        Assert.NotEqual(x1[72..88], other[72..88]);
    }

    [Fact]
    public void Average_model_is_the_mean_of_its_members()
    {
        var s = Periodic(400, 0, 3);
        var a = new Constant(2);
        var b = new Constant(4);
        var avg = new AverageModel([a, b]);
        var f = new double[5];
        avg.Predict(s, 0, 100, f);
        Assert.All(f, v => Assert.Equal(3, v, 12));
    }

    private sealed class Constant(double v) : IWindowModel
    {
        public int Lookback => 1;
        public int Horizon => 5;
        public void Predict(ScaledSeries s, int c, int t, Span<double> f) => f[..5].Fill(v);
    }
}
