using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Basira.Education.Learning.Tracing;

/// <summary>Rows of sparse features (CSR) with labels, encoded from an answer log in answer order.</summary>
internal sealed class KtRows
{
    public required int[] Start { get; init; }
    public required int[] Index { get; init; }
    public required float[] Value { get; init; }
    public required bool[] Label { get; init; }
    public int Count => Label.Length;

    /// <summary>
    /// Encodes every answer of <paramref name="log"/> from the answers of the same pupil before it (the pupil's state is
    /// updated after each row is encoded), so that no row sees its own outcome or a later one.
    /// </summary>
    public static KtRows Encode(KtLayout layout, AnswerLog log)
    {
        var states = new Dictionary<int, PupilState>();
        var start = new int[log.Count + 1];
        var index = new List<int>(log.Count * 16);
        var value = new List<float>(log.Count * 16);
        var bi = new int[KtLayout.MaxNonZeros(64)];
        var bv = new float[bi.Length];
        var decay = layout.Options.DecayFactor;
        for (var r = 0; r < log.Count; r++)
        {
            if (!states.TryGetValue(log.Pupil[r], out var st)) states[log.Pupil[r]] = st = new PupilState();
            var skills = log.SkillsOf(r);
            var need = KtLayout.MaxNonZeros(skills.Length);
            if (need > bi.Length) { bi = new int[need]; bv = new float[need]; }
            var n = KtEncoder.Encode(layout, st, log.Item[r], log.Combo[r], skills, log.Timestamp[r], bi, bv);
            SortPairs(bi, bv, n);
            for (var k = 0; k < n; k++) { index.Add(bi[k]); value.Add(bv[k]); }
            start[r + 1] = index.Count;
            st.Update(log.Item[r], skills, log.Correct[r], log.Timestamp[r], decay);
        }
        return new KtRows { Start = start, Index = [.. index], Value = [.. value], Label = (bool[])log.Correct.Clone() };
    }

    /// <summary>The rows <paramref name="rows"/>, in that order.</summary>
    public KtRows Subset(IReadOnlyList<int> rows)
    {
        var start = new int[rows.Count + 1];
        for (var k = 0; k < rows.Count; k++) start[k + 1] = start[k] + Start[rows[k] + 1] - Start[rows[k]];
        var index = new int[start[^1]];
        var value = new float[start[^1]];
        var label = new bool[rows.Count];
        for (var k = 0; k < rows.Count; k++)
        {
            var a = Start[rows[k]];
            var n = Start[rows[k] + 1] - a;
            Array.Copy(Index, a, index, start[k], n);
            Array.Copy(Value, a, value, start[k], n);
            label[k] = Label[rows[k]];
        }
        return new KtRows { Start = start, Index = index, Value = value, Label = label };
    }

    /// <summary>Sorts (index, value) pairs by index (ML.NET sparse vectors need increasing indices).</summary>
    public static void SortPairs(int[] index, float[] value, int n)
    {
        for (var i = 1; i < n; i++)
        {
            var ki = index[i]; var kv = value[i]; var j = i - 1;
            while (j >= 0 && index[j] > ki) { index[j + 1] = index[j]; value[j + 1] = value[j]; j--; }
            index[j + 1] = ki; value[j + 1] = kv;
        }
    }
}

/// <summary>Training options of the logistic part.</summary>
public sealed record KtTrainOptions
{
    /// <summary>L2 penalty (ML.NET's <c>L2Regularization</c>, on the summed log-loss).</summary>
    public float L2 { get; init; } = 2f;

    public float L1 { get; init; }

    public int MaxIterations { get; init; } = 300;

    public int Threads { get; init; } = 2;

    public int Seed { get; init; } = 42;
}

/// <summary>
/// A logistic knowledge-tracing model: weights over the sparse features of <see cref="KtLayout"/>, fitted with ML.NET's
/// L-BFGS logistic regression; prediction is the logistic of the dot product, computed here so that an online update
/// plus a prediction costs a few hundred nanoseconds.
/// </summary>
internal sealed class KtModel
{
    public KtModel(KtLayout layout, float[] weights, float bias)
    {
        Layout = layout; Weights = weights; Bias = bias;
    }

    public KtLayout Layout { get; }
    public float[] Weights { get; }
    public float Bias { get; }

    public double Margin(ReadOnlySpan<int> index, ReadOnlySpan<float> value)
    {
        double z = Bias;
        for (var k = 0; k < index.Length; k++) z += Weights[index[k]] * value[k];
        return z;
    }

    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>Margins of encoded rows.</summary>
    public double[] Margins(KtRows rows)
    {
        var m = new double[rows.Count];
        Parallel.For(0, rows.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, r =>
            m[r] = Margin(rows.Index.AsSpan(rows.Start[r], rows.Start[r + 1] - rows.Start[r]), rows.Value.AsSpan(rows.Start[r], rows.Start[r + 1] - rows.Start[r])));
        return m;
    }

    /// <summary>Probability that the pupil of <paramref name="state"/> answers <paramref name="item"/> right now.</summary>
    public double Predict(PupilState state, int item, int combo, ReadOnlySpan<int> skills, long time = 0)
    {
        Span<int> index = stackalloc int[KtLayout.MaxNonZeros(skills.Length)];
        Span<float> value = stackalloc float[index.Length];
        var n = KtEncoder.Encode(Layout, state, item, combo, skills, time, index, value);
        return Sigmoid(Margin(index[..n], value[..n]));
    }

    private sealed class Row
    {
        public VBuffer<float> Features;
        public bool Label;
    }

    public static KtModel Train(KtLayout layout, KtRows rows, KtTrainOptions options)
    {
        var ml = new MLContext(options.Seed);
        var def = SchemaDefinition.Create(typeof(Row));
        def["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, layout.Dimension);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, rows.Count).Select(r =>
        {
            var a = rows.Start[r];
            var n = rows.Start[r + 1] - a;
            return new Row { Features = new VBuffer<float>(layout.Dimension, n, rows.Value[a..(a + n)], rows.Index[a..(a + n)]), Label = rows.Label[r] };
        }), def);
        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            L2Regularization = options.L2,
            L1Regularization = options.L1,
            MaximumNumberOfIterations = options.MaxIterations,
            OptimizationTolerance = 1e-7f,
            HistorySize = 50,
            NumberOfThreads = options.Threads,
            EnforceNonNegativity = false,
            ShowTrainingStatistics = false,
        });
        var model = trainer.Fit(data).Model.SubModel;
        var weights = new float[layout.Dimension];
        var w = model.Weights;
        for (var i = 0; i < weights.Length; i++) weights[i] = w[i];
        return new KtModel(layout, weights, model.Bias);
    }
}
