using Basira.Analytics.Tabular;
using Basira.Governance.Explanations;

namespace Basira.Analytics.Explanations;

/// <summary>
/// Exact TreeSHAP for a <see cref="TabularModel"/>: the model's boosters (each with its averaging weight) are merged
/// into ONE additive tree ensemble whose raw score equals the model's margin, with node covers counted on the model's
/// stored training rows. Contributions are per original column and sum to raw score − baseline.
/// </summary>
public sealed class TabularExplainer
{
    private readonly TreeShapExplainer _explainer;
    private readonly Lock _gate = new(); // the compiled explainer reuses its buffers: one caller at a time

    private TabularExplainer(TreeEnsemble ensemble)
    {
        Ensemble = ensemble;
        _explainer = new TreeShapExplainer(ensemble);
    }

    /// <summary>The merged ensemble (neutral form), e.g. for the register's model facts.</summary>
    public TreeEnsemble Ensemble { get; }

    public IReadOnlyList<string> FeatureNames => Ensemble.FeatureNames;

    /// <summary>Expected raw score under the path-dependent perturbation (the baseline of every explanation).</summary>
    public double Baseline => _explainer.ExpectedValue;

    public static TabularExplainer Create(TabularModel model)
    {
        if (model.TrainingFeatures.Count == 0)
            throw new InvalidOperationException("the model file holds no training rows, so node covers cannot be computed");
        var trees = new List<DecisionTree>();
        var bias = 0.0;
        foreach (var part in model.Parts)
        {
            var e = MlNetTreeExtractor.Extract(part.Trees, model.FeatureNames, model.TrainingFeatures);
            bias += part.Weight * e.BaseScore;
            foreach (var t in e.Trees)
                trees.Add(new DecisionTree(t.Nodes.Select(n => n.IsLeaf ? n with { Value = n.Value * part.Weight } : n).ToList()));
        }
        return new TabularExplainer(new TreeEnsemble(trees, bias, model.FeatureNames.ToArray()));
    }

    /// <summary>Explains one feature row (NaN = missing). Safe to call from several threads.</summary>
    public ShapExplanation Explain(float[] features)
    {
        var buffer = new double[features.Length];
        for (var i = 0; i < features.Length; i++) buffer[i] = features[i];
        lock (_gate) return _explainer.Explain(buffer);
    }

    /// <summary>Raw score of the merged ensemble for one row.</summary>
    public double RawScore(float[] features) => MlNetTreeExtractor.RawScore(Ensemble, features);
}
