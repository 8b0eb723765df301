using Basira.Analytics.TimeSeries;

namespace Basira.Analytics.Tests.TimeSeries;

public sealed class RidgeSystemTests
{
    private static (double[] X, double[] Y) Data(int n, int p, int q, int seed)
    {
        var rng = new Random(seed);
        var x = new double[n * p];
        var y = new double[n * q];
        for (var k = 0; k < x.Length; k++) x[k] = rng.NextDouble() * 2 - 1;
        for (var r = 0; r < n; r++)
            for (var j = 0; j < q; j++)
            {
                var v = 0.1 * (rng.NextDouble() - 0.5);
                for (var i = 0; i < p; i++) v += x[r * p + i] * (i + 1) * (j % 2 == 0 ? 1 : -0.5);
                y[r * q + j] = v;
            }
        return (x, y);
    }

    [Fact]
    public void Batches_accumulate_the_same_statistics_as_one_pass()
    {
        var (x, y) = Data(300, 7, 3, 1);
        var one = new RidgeSystem(7, 3);
        one.Add(x, y, 300);
        var batched = new RidgeSystem(7, 3);
        batched.Add(x.AsSpan(0, 100 * 7), y.AsSpan(0, 100 * 3), 100);
        batched.Add(x.AsSpan(100 * 7), y.AsSpan(100 * 3), 200);
        Assert.Equal(300, batched.Count);
        for (var k = 0; k < 49; k++) Assert.Equal(one.Gram[k], batched.Gram[k], 9);
        for (var k = 0; k < 21; k++) Assert.Equal(one.Cross[k], batched.Cross[k], 9);
        Assert.Equal(one.SumSquaresY, batched.SumSquaresY, 9);
    }

    [Fact]
    public void Solve_recovers_the_generating_weights_and_the_squared_error_matches_a_direct_computation()
    {
        var (x, y) = Data(500, 5, 2, 2);
        var s = new RidgeSystem(5, 2);
        s.Add(x, y, 500);
        var w = s.Solve(1e-8);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(i + 1, w[i * 2], 1);
            Assert.Equal(-0.5 * (i + 1), w[i * 2 + 1], 1);
        }
        var direct = 0.0;
        for (var r = 0; r < 500; r++)
            for (var j = 0; j < 2; j++)
            {
                var e = y[r * 2 + j];
                for (var i = 0; i < 5; i++) e -= x[r * 5 + i] * w[i * 2 + j];
                direct += e * e;
            }
        Assert.Equal(direct, s.SquaredError(w), 6);
    }

    [Fact]
    public void A_strong_penalty_shrinks_towards_the_prior_and_spares_unpenalised_features()
    {
        var (x, y) = Data(200, 3, 1, 3);
        var s = new RidgeSystem(3, 1);
        s.Add(x, y, 200);
        double[] prior = [7, 7, 7];
        var w = s.Solve(1e9, [2], prior);
        Assert.Equal(7, w[0], 3);
        Assert.Equal(7, w[1], 3);
        // feature 2 is free: close to its own least-squares value (3), not the prior
        Assert.True(Math.Abs(w[2] - 7) > 1);
    }

    [Fact]
    public void Cholesky_solves_a_hand_computed_system()
    {
        // A = [[4,2],[2,3]], b = [2,1] → x = [0.5, 0]
        double[] a = [4, 2, 2, 3];
        double[] b = [2, 1];
        Cholesky.SolveInPlace(a, 2, b, 1);
        Assert.Equal(0.5, b[0], 12);
        Assert.Equal(0.0, b[1], 12);
        Assert.Throws<InvalidOperationException>(() => Cholesky.SolveInPlace([1, 2, 2, 1], 2, [1, 1], 1));
    }
}
