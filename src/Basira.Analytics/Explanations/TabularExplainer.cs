using Basira.Analytics.Tabular;
using Basira.Governance.Explanations;

namespace Basira.Analytics.Explanations;

/// <summary>
/// Exact explanation of a <see cref="TabularModel"/>'s margin. The model's boosters (each with its weight in the margin)
/// are merged into ONE additive tree ensemble, with node covers counted on the model's stored training rows, explained by
/// path-dependent TreeSHAP; the linear part, when the model has one, adds its exact linear Shapley values
/// (<see cref="LinearPart.AddContributions"/>). Shapley values are linear in the game, so the sum is the exact Shapley
/// attribution of the stacked margin: contributions are per original column and sum to raw score − baseline.
/// </summary>
public sealed class TabularExplainer
{
    private readonly TreeShapExplainer _explainer;
    private readonly LinearPart? _linear;
    private readonly double _linearWeight;
    private readonly Lock _gate = new(); // the compiled explainer reuses its buffers: one caller at a time

    private TabularExplainer(TreeEnsemble ensemble, LinearPart? linear, double linearWeight)
    {
        Ensemble = ensemble;
        _explainer = new TreeShapExplainer(ensemble);
        _linear = linear;
        _linearWeight = linear is null ? 0 : linearWeight;
        Baseline = _explainer.ExpectedValue + (linear is null ? 0 : _linearWeight * linear.ExpectedMargin);
    }

    /// <summary>The merged tree ensemble (neutral form; its base score includes the stack intercept).</summary>
    public TreeEnsemble Ensemble { get; }

    /// <summary>The tree part alone, compiled for batch explanation.</summary>
    public TreeShapExplainer Trees => _explainer;

    public IReadOnlyList<string> FeatureNames => Ensemble.FeatureNames;

    /// <summary>Expected margin: the trees' path-dependent expectation plus the linear part's expectation over the training rows.</summary>
    public double Baseline { get; }

    public static TabularExplainer Create(TabularModel model)
    {
        if (model.TrainingFeatures.Count == 0)
            throw new InvalidOperationException("the model file holds no training rows, so node covers cannot be computed");
        var trees = new List<DecisionTree>();
        var bias = model.Metadata.Stack.Intercept;
        foreach (var part in model.Parts)
        {
            var e = MlNetTreeExtractor.Extract(part.Trees, model.FeatureNames, model.TrainingFeatures);
            bias += part.Weight * e.BaseScore;
            foreach (var t in e.Trees)
                trees.Add(new DecisionTree(t.Nodes.Select(n => n.IsLeaf ? n with { Value = n.Value * part.Weight } : n).ToList()));
        }
        return new TabularExplainer(new TreeEnsemble(trees, bias, model.FeatureNames.ToArray()), model.Linear, model.Metadata.Stack.LinearWeight);
    }

    /// <summary>Explains one feature row (NaN = missing). Safe to call from several threads.</summary>
    public ShapExplanation Explain(float[] features)
    {
        var buffer = new double[features.Length];
        for (var i = 0; i < features.Length; i++) buffer[i] = features[i];
        ShapExplanation e;
        lock (_gate) e = _explainer.Explain(buffer);
        if (_linear is null) return e;
        var values = (double[])e.Values.Clone();
        _linear.AddContributions(features, _linearWeight, values);
        return new ShapExplanation(e.Prediction + _linearWeight * _linear.Margin(features), Baseline, values);
    }

    /// <summary>
    /// Explains many rows: <paramref name="rows"/> is row-major (rows × features, NaN = missing); writes the contributions
    /// to <paramref name="shap"/> (same shape) and the margins to <paramref name="prediction"/>. Not thread-safe.
    /// </summary>
    public void ExplainBatch(float[][] rows, double[] shap, double[] prediction)
    {
        var m = FeatureNames.Count;
        var flat = new double[rows.Length * m];
        for (var i = 0; i < rows.Length; i++) for (var j = 0; j < m; j++) flat[i * m + j] = rows[i][j];
        lock (_gate) _explainer.ExplainBatch(flat, shap, prediction);
        if (_linear is null) return;
        var phi = new double[m];
        for (var i = 0; i < rows.Length; i++)
        {
            Array.Clear(phi);
            _linear.AddContributions(rows[i], _linearWeight, phi);
            for (var j = 0; j < m; j++) shap[i * m + j] += phi[j];
            prediction[i] += _linearWeight * _linear.Margin(rows[i]);
        }
    }

    /// <summary>Rows explained together by one worker of <see cref="ExplainRows"/>.</summary>
    public const int ParallelBlockRows = 512;

    /// <summary>
    /// Explains rows of a matrix on every core: <paramref name="rows"/> (indexes into <paramref name="x"/>, or null for all
    /// rows) are cut into blocks of <see cref="ParallelBlockRows"/> that the workers take in turn, each worker with its own
    /// fork of the compiled explainer (shared tables, own scratch) and one reused buffer, so nothing is allocated per row.
    /// Writes the contributions of the i-th explained row to <paramref name="shap"/>[i·M … i·M + M) and its margin to
    /// <paramref name="prediction"/>[i]. Safe to call from several threads.
    /// </summary>
    public void ExplainRows(FeatureMatrix x, int[]? rows, double[] shap, double[] prediction, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(x);
        var m = FeatureNames.Count;
        if (x.Columns != m) throw new ArgumentException($"expected {m} features, got {x.Columns}", nameof(x));
        var n = rows?.Length ?? x.Rows;
        if (shap.Length != (long)n * m) throw new ArgumentException($"expected {n} × {m} contributions", nameof(shap));
        if (prediction.Length != n) throw new ArgumentException($"expected {n} predictions", nameof(prediction));
        if (n == 0) return;
        var blocks = (n + ParallelBlockRows - 1) / ParallelBlockRows;
        var workers = Math.Min(blocks, maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount);
        var next = -1;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ =>
        {
            var explainer = _explainer.Fork();
            var buffer = new double[ParallelBlockRows * m];
            int b;
            while ((b = Interlocked.Increment(ref next)) < blocks)
            {
                var from = b * ParallelBlockRows;
                var count = Math.Min(n, from + ParallelBlockRows) - from;
                for (var i = 0; i < count; i++)
                {
                    var src = x.Row(rows is null ? from + i : rows[from + i]);
                    var dst = buffer.AsSpan(i * m, m);
                    for (var j = 0; j < m; j++) dst[j] = src[j];
                }
                explainer.ExplainBatch(buffer.AsSpan(0, count * m), shap.AsSpan(from * m, count * m), prediction.AsSpan(from, count));
                if (_linear is null) continue;
                for (var i = 0; i < count; i++)
                {
                    var src = x.Row(rows is null ? from + i : rows[from + i]);
                    _linear.AddContributions(src, _linearWeight, shap.AsSpan((from + i) * m, m));
                    prediction[from + i] += _linearWeight * _linear.Margin(src);
                }
            }
        });
    }

    /// <summary>Margin of the explained model for one row (trees + linear part).</summary>
    public double RawScore(float[] features) =>
        MlNetTreeExtractor.RawScore(Ensemble, features) + (_linear is null ? 0 : _linearWeight * _linear.Margin(features));
}
