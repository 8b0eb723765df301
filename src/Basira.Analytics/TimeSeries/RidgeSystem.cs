using System.Numerics;
using System.Runtime.InteropServices;

namespace Basira.Analytics.TimeSeries;

/// <summary>
/// Sufficient statistics of a multi-output least-squares problem, accumulated batch by batch: G = XᵀX (p×p),
/// C = XᵀY (p×q), the sum of squares of Y and the row count. Ridge solutions for any penalty, and the squared error of
/// any weight matrix on the accumulated rows, follow from them without touching the rows again:
/// ‖Y − XW‖² = ΣY² − 2·tr(WᵀC) + tr(WᵀGW).
/// The products use <see cref="Vector{T}"/> dot products over a transposed batch, in parallel over rows of G.
/// </summary>
public sealed class RidgeSystem
{
    /// <summary>Number of input features p.</summary>
    public int Features { get; }

    /// <summary>Number of outputs q.</summary>
    public int Outputs { get; }

    /// <summary>XᵀX, p×p row-major (full symmetric once <see cref="Gram"/> has been read).</summary>
    private readonly double[] _gram;

    /// <summary>XᵀY, p×q row-major.</summary>
    public double[] Cross { get; }

    /// <summary>Σ over rows and outputs of Y².</summary>
    public double SumSquaresY { get; private set; }

    /// <summary>Rows accumulated.</summary>
    public long Count { get; private set; }

    private bool _mirrored = true;

    public RidgeSystem(int features, int outputs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        Features = features;
        Outputs = outputs;
        _gram = new double[features * features];
        Cross = new double[features * outputs];
    }

    /// <summary>XᵀX, p×p row-major, symmetric.</summary>
    public double[] Gram
    {
        get
        {
            if (!_mirrored)
            {
                var p = Features;
                for (var i = 0; i < p; i++)
                    for (var j = i + 1; j < p; j++) _gram[j * p + i] = _gram[i * p + j];
                _mirrored = true;
            }
            return _gram;
        }
    }

    /// <summary>
    /// Adds <paramref name="n"/> rows: <paramref name="x"/> is n×p row-major, <paramref name="y"/> n×q row-major.
    /// </summary>
    public void Add(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int n)
    {
        var p = Features;
        var q = Outputs;
        if (x.Length < n * p || y.Length < n * q) throw new ArgumentException("batch smaller than n rows");
        if (n == 0) return;
        var xt = Transpose(x, n, p);
        var yt = Transpose(y, n, q);
        var ss = 0.0;
        for (var k = 0; k < n * q; k++) ss += y[k] * y[k];
        SumSquaresY += ss;
        Count += n;
        _mirrored = false;
        var gram = _gram;
        var cross = Cross;
        // Blocks of four rows of the upper triangle, interleaved (short and long) so both threads get the same work; each
        // row j is read once for four dot products.
        var blocks = (p + 3) / 4;
        Parallel.For(0, blocks, k =>
        {
            var b = (k & 1) == 0 ? k / 2 : blocks - 1 - k / 2;
            var i0 = b * 4;
            var rows = Math.Min(4, p - i0);
            if (rows == 4)
            {
                Span<double> acc = stackalloc double[4];
                for (var j = i0; j < p; j++)
                {
                    Dot4(xt, n, i0, xt.AsSpan(j * n, n), acc);
                    for (var r = 0; r < 4; r++)
                        if (j >= i0 + r) gram[(i0 + r) * p + j] += acc[r];
                }
                for (var j = 0; j < q; j++)
                {
                    Dot4(xt, n, i0, yt.AsSpan(j * n, n), acc);
                    for (var r = 0; r < 4; r++) cross[(i0 + r) * q + j] += acc[r];
                }
            }
            else
            {
                for (var i = i0; i < i0 + rows; i++)
                {
                    var xi = xt.AsSpan(i * n, n);
                    for (var j = i; j < p; j++) gram[i * p + j] += Dot(xi, xt.AsSpan(j * n, n));
                    for (var j = 0; j < q; j++) cross[i * q + j] += Dot(xi, yt.AsSpan(j * n, n));
                }
            }
        });
    }

    // acc[r] = Σ_k xt[(i0 + r)·n + k] · v[k], r = 0..3
    private static void Dot4(double[] xt, int n, int i0, ReadOnlySpan<double> v, Span<double> acc)
    {
        var k = 0;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var w = Vector<double>.Count;
            var a0 = Vector<double>.Zero;
            var a1 = Vector<double>.Zero;
            var a2 = Vector<double>.Zero;
            var a3 = Vector<double>.Zero;
            var r0 = xt.AsSpan(i0 * n, n);
            var r1 = xt.AsSpan((i0 + 1) * n, n);
            var r2 = xt.AsSpan((i0 + 2) * n, n);
            var r3 = xt.AsSpan((i0 + 3) * n, n);
            for (; k + w <= n; k += w)
            {
                var vv = new Vector<double>(v[k..]);
                a0 += new Vector<double>(r0[k..]) * vv;
                a1 += new Vector<double>(r1[k..]) * vv;
                a2 += new Vector<double>(r2[k..]) * vv;
                a3 += new Vector<double>(r3[k..]) * vv;
            }
            s0 = Vector.Sum(a0);
            s1 = Vector.Sum(a1);
            s2 = Vector.Sum(a2);
            s3 = Vector.Sum(a3);
        }
        for (; k < n; k++)
        {
            var vk = v[k];
            s0 += xt[i0 * n + k] * vk;
            s1 += xt[(i0 + 1) * n + k] * vk;
            s2 += xt[(i0 + 2) * n + k] * vk;
            s3 += xt[(i0 + 3) * n + k] * vk;
        }
        acc[0] = s0;
        acc[1] = s1;
        acc[2] = s2;
        acc[3] = s3;
    }

    /// <summary>
    /// The system of the first <paramref name="features"/> features only (the same rows without the later columns), e.g.
    /// a model without its intercept when the intercept is the last feature.
    /// </summary>
    public RidgeSystem Leading(int features)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(features, Features);
        var p = Features;
        var q = Outputs;
        var g = Gram;
        var r = new RidgeSystem(features, q) { SumSquaresY = SumSquaresY, Count = Count };
        for (var i = 0; i < features; i++)
        {
            Array.Copy(g, i * p, r._gram, i * features, features);
            Array.Copy(Cross, i * q, r.Cross, i * q, q);
        }
        return r;
    }

    /// <summary>Merges the statistics of another system of the same shape (e.g. one per channel into a shared one).</summary>
    public void Add(RidgeSystem other)
    {
        if (other.Features != Features || other.Outputs != Outputs) throw new ArgumentException("shape mismatch");
        var g = other.Gram;
        _ = Gram;
        for (var k = 0; k < g.Length; k++) _gram[k] += g[k];
        for (var k = 0; k < Cross.Length; k++) Cross[k] += other.Cross[k];
        SumSquaresY += other.SumSquaresY;
        Count += other.Count;
    }

    /// <summary>
    /// Ridge weights W = (G + λ·D + μ·ΔᵀΔ)⁻¹ (C + λ·D·W₀), p×q row-major, where D is diagonal with 1 on the penalised
    /// features and 0 on <paramref name="unpenalised"/> ones (e.g. an intercept), W₀ is an optional prior
    /// (<paramref name="prior"/>, shrinking towards it instead of towards zero), and Δ the optional difference operator
    /// of <paramref name="difference"/> (penalising the difference between the weights of features k apart, e.g. lags
    /// one period apart). λ = <paramref name="alpha"/> and μ = its β, both times the mean diagonal of G, so that they do
    /// not depend on the number of rows or the scale of the inputs.
    /// </summary>
    public double[] Solve(double alpha, ReadOnlySpan<int> unpenalised = default, double[]? prior = null, DifferencePenalty? difference = null)
    {
        var p = Features;
        var q = Outputs;
        var g = Gram;
        var a = (double[])g.Clone();
        var scale = MeanDiagonal();
        var lambda = alpha * scale;
        var penalised = new bool[p];
        Array.Fill(penalised, true);
        foreach (var u in unpenalised) penalised[u] = false;
        var b = (double[])Cross.Clone();
        for (var i = 0; i < p; i++)
        {
            if (!penalised[i]) continue;
            a[i * p + i] += lambda;
            if (prior is not null)
                for (var j = 0; j < q; j++) b[i * q + j] += lambda * prior[i * q + j];
        }
        if (difference is { Beta: > 0 } d)
        {
            var mu = d.Beta * scale;
            for (var i = d.First + d.Lag; i < d.First + d.Count; i++)
            {
                var k = i - d.Lag;
                a[i * p + i] += mu;
                a[k * p + k] += mu;
                a[i * p + k] -= mu;
                a[k * p + i] -= mu;
            }
        }
        // a tiny jitter keeps the factorisation defined when an unpenalised column is constant zero
        for (var i = 0; i < p; i++) a[i * p + i] += 1e-10 * (1 + Math.Abs(a[i * p + i]));
        Cholesky.SolveInPlace(a, p, b, q);
        return b;
    }

    /// <summary>Mean of the diagonal of G (the scale the penalty is expressed in).</summary>
    public double MeanDiagonal()
    {
        var g = _gram;
        var p = Features;
        var s = 0.0;
        for (var i = 0; i < p; i++) s += g[i * p + i];
        return s / p;
    }

    /// <summary>
    /// Sum of squared errors ‖Y − XW‖² of weights <paramref name="w"/> (p×q) on the accumulated rows, from the
    /// statistics alone.
    /// </summary>
    public double SquaredError(ReadOnlySpan<double> w)
    {
        var p = Features;
        var q = Outputs;
        var g = Gram;
        var wArr = w.ToArray();
        var cross = Cross;
        var partial = new double[p];
        Parallel.For(0, p, i =>
        {
            // row i of G·W, dotted with row i of W; minus 2·C[i]·W[i]
            var gw = new double[q];
            var gi = g.AsSpan(i * p, p);
            for (var k = 0; k < p; k++)
            {
                var gik = gi[k];
                if (gik == 0) continue;
                Axpy(gik, wArr.AsSpan(k * q, q), gw);
            }
            var wi = wArr.AsSpan(i * q, q);
            partial[i] = Dot(gw, wi) - 2 * Dot(cross.AsSpan(i * q, q), wi);
        });
        return SumSquaresY + partial.Sum();
    }

    private static double[] Transpose(ReadOnlySpan<double> m, int rows, int cols)
    {
        var t = new double[rows * cols];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++) t[c * rows + r] = m[r * cols + c];
        return t;
    }

    /// <summary>Σ a[k]·b[k], vectorised.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var n = a.Length;
        var k = 0;
        var acc = Vector<double>.Zero;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var va = MemoryMarshal.Cast<double, Vector<double>>(a);
            var vb = MemoryMarshal.Cast<double, Vector<double>>(b[..n]);
            for (var v = 0; v < va.Length; v++) acc += va[v] * vb[v];
            k = va.Length * Vector<double>.Count;
        }
        var s = Vector.Sum(acc);
        for (; k < n; k++) s += a[k] * b[k];
        return s;
    }

    /// <summary>y += a·x, vectorised.</summary>
    public static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        var n = x.Length;
        var k = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y[..n]);
            var va = new Vector<double>(a);
            for (var v = 0; v < vx.Length; v++) vy[v] += va * vx[v];
            k = vx.Length * Vector<double>.Count;
        }
        for (; k < n; k++) y[k] += a * x[k];
    }
}

/// <summary>
/// Penalty β·Σ‖w_i − w_(i−Lag)‖² over features i in [First + Lag, First + Count): for lagged inputs with Lag = the
/// season (24 h), it pulls the weight of a lag towards the weight of the same hour one season earlier, a prior that a
/// load repeats from day to day.
/// </summary>
public sealed record DifferencePenalty(int First, int Count, int Lag, double Beta);

/// <summary>Cholesky factorisation and solve of a symmetric positive-definite system (hand-written; p up to a few thousand).</summary>
public static class Cholesky
{
    /// <summary>
    /// Solves A·X = B in place: <paramref name="a"/> (p×p, row-major, symmetric positive definite) is overwritten by
    /// its factor, <paramref name="b"/> (p×q, row-major) by the solution. Throws when A is not positive definite.
    /// </summary>
    public static void SolveInPlace(double[] a, int p, double[] b, int q)
    {
        Factor(a, p);
        // forward: L·Z = B, row by row (each row is a q-vector: vectorised over the right-hand sides)
        for (var i = 0; i < p; i++)
        {
            var bi = b.AsSpan(i * q, q);
            for (var k = 0; k < i; k++)
            {
                var l = a[i * p + k];
                if (l != 0) RidgeSystem.Axpy(-l, b.AsSpan(k * q, q), bi);
            }
            var d = 1 / a[i * p + i];
            for (var j = 0; j < q; j++) bi[j] *= d;
        }
        // backward: Lᵀ·X = Z
        for (var i = p - 1; i >= 0; i--)
        {
            var bi = b.AsSpan(i * q, q);
            for (var k = i + 1; k < p; k++)
            {
                var l = a[k * p + i];
                if (l != 0) RidgeSystem.Axpy(-l, b.AsSpan(k * q, q), bi);
            }
            var d = 1 / a[i * p + i];
            for (var j = 0; j < q; j++) bi[j] *= d;
        }
    }

    /// <summary>Lower Cholesky factor of <paramref name="a"/> in its lower triangle (row-major), in place.</summary>
    public static void Factor(double[] a, int p)
    {
        for (var j = 0; j < p; j++)
        {
            var rowJ = a.AsSpan(j * p, j);
            var d = a[j * p + j] - RidgeSystem.Dot(rowJ, rowJ);
            if (!(d > 0)) throw new InvalidOperationException($"matrix not positive definite at column {j}");
            d = Math.Sqrt(d);
            a[j * p + j] = d;
            var inv = 1 / d;
            var jj = j;
            if (p - j > 64)
            {
                Parallel.For(j + 1, p, i => a[i * p + jj] = (a[i * p + jj] - RidgeSystem.Dot(a.AsSpan(i * p, jj), a.AsSpan(jj * p, jj))) * inv);
            }
            else
            {
                for (var i = j + 1; i < p; i++)
                    a[i * p + j] = (a[i * p + j] - RidgeSystem.Dot(a.AsSpan(i * p, j), rowJ)) * inv;
            }
        }
    }
}
