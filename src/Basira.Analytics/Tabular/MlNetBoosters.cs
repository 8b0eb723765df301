using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Basira.Analytics.Tabular;

/// <summary>Tree learner used by <see cref="TabularTrainer"/>.</summary>
public enum TabularLearner
{
    /// <summary>ML.NET LightGBM (default).</summary>
    LightGbm,

    /// <summary>ML.NET FastTree (MART).</summary>
    FastTree,

    /// <summary>An averaged ensemble whose boosters alternate LightGBM (even seeds) and FastTree (odd seeds).</summary>
    Mixed,
}

/// <summary>Gradient-boosting hyper-parameters (also stored in the model file).</summary>
public sealed record TabularHyperParameters
{
    /// <summary>Learner.</summary>
    public TabularLearner Learner { get; init; } = TabularLearner.LightGbm;

    /// <summary>Boosting iterations (trees) per booster.</summary>
    public int Iterations { get; init; } = 600;

    /// <summary>Shrinkage.</summary>
    public double LearningRate { get; init; } = 0.02;

    /// <summary>Maximum leaves per tree.</summary>
    public int Leaves { get; init; } = 15;

    /// <summary>Minimum training rows per leaf.</summary>
    public int MinDataPerLeaf { get; init; } = 20;

    /// <summary>Share of features sampled per tree (LightGBM feature_fraction).</summary>
    public double FeatureFraction { get; init; } = 0.5;

    /// <summary>Share of rows sampled per bagging round (LightGBM bagging_fraction; 1 = no bagging).</summary>
    public double BaggingFraction { get; init; } = 0.8;

    /// <summary>L2 regularisation on leaf values.</summary>
    public double L2 { get; init; } = 1.0;

    /// <summary>Use DART (dropout of trees during boosting) instead of plain gradient boosting (LightGBM only).</summary>
    public bool Dart { get; init; }

    /// <summary>Number of boosters with different seeds whose margins are averaged (still one additive tree ensemble).</summary>
    public int EnsembleSize { get; init; } = 5;

    /// <summary>Base seed (booster k uses Seed + k).</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Native threads per booster fit (1 keeps fits reproducible and lets folds run in parallel).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>
    /// Maximum depth of a tree (LightGBM max_depth; 0 = no limit, the default). A shallow limit bounds every leaf's path,
    /// which keeps the exact TreeSHAP tables small enough for the cache at national scale.
    /// </summary>
    public int MaxDepth { get; init; }
}

/// <summary>ML.NET plumbing: data views over float[] rows, fitting, scoring, save/load of one booster.</summary>
internal static class MlNetBoosters
{
    internal sealed class BinaryRow
    {
        public float[] Features = [];
        public bool Label;
    }

    internal sealed class MultiRow
    {
        public float[] Features = [];
        public uint Label;
    }

    internal static IDataView BinaryView(MLContext ml, float[][] x, IReadOnlyList<bool>? y, int nFeatures)
    {
        var def = SchemaDefinition.Create(typeof(BinaryRow));
        def["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, nFeatures);
        var rows = new BinaryRow[x.Length];
        for (var i = 0; i < x.Length; i++) rows[i] = new BinaryRow { Features = x[i], Label = y is not null && y[i] };
        return ml.Data.LoadFromEnumerable(rows, def);
    }

    internal static IDataView MultiView(MLContext ml, float[][] x, IReadOnlyList<int>? y, int nFeatures, int classes)
    {
        var def = SchemaDefinition.Create(typeof(MultiRow));
        def["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, nFeatures);
        def["Label"].ColumnType = new KeyDataViewType(typeof(uint), classes);
        var rows = new MultiRow[x.Length];
        for (var i = 0; i < x.Length; i++) rows[i] = new MultiRow { Features = x[i], Label = y is null ? 0u : (uint)y[i] };
        return ml.Data.LoadFromEnumerable(rows, def);
    }

    internal static ITransformer FitBinary(float[][] x, IReadOnlyList<bool> y, TabularHyperParameters hp, int seed)
    {
        var ml = new MLContext(seed);
        return FitBinary(ml, BinaryView(ml, x, y, x[0].Length), hp, seed);
    }

    /// <summary>Fits one binary booster on any data view with a "Features" vector and a boolean "Label" column.</summary>
    internal static ITransformer FitBinary(MLContext ml, IDataView data, TabularHyperParameters hp, int seed)
    {
        if (hp.Learner == TabularLearner.FastTree)
        {
            var ft = new FastTreeBinaryTrainer.Options
            {
                NumberOfTrees = hp.Iterations,
                LearningRate = hp.LearningRate,
                NumberOfLeaves = hp.Leaves,
                MinimumExampleCountPerLeaf = hp.MinDataPerLeaf,
                FeatureFraction = hp.FeatureFraction,
                BaggingSize = hp.BaggingFraction < 1 ? 1 : 0,
                BaggingExampleFraction = hp.BaggingFraction,
                NumberOfThreads = hp.Threads,
                Seed = seed,
                FeatureFirstUsePenalty = 0,
            };
            return ml.BinaryClassification.Trainers.FastTree(ft).Fit(data);
        }
        var o = new LightGbmBinaryTrainer.Options
        {
            NumberOfIterations = hp.Iterations,
            LearningRate = hp.LearningRate,
            NumberOfLeaves = hp.Leaves,
            MinimumExampleCountPerLeaf = hp.MinDataPerLeaf,
            NumberOfThreads = hp.Threads,
            Seed = seed,
            Silent = true,
            Verbose = false,
            UseCategoricalSplit = false,
            HandleMissingValue = true,
            Booster = Booster(hp),
        };
        return ml.BinaryClassification.Trainers.LightGbm(o).Fit(data);
    }

    internal static ITransformer FitMulticlass(float[][] x, IReadOnlyList<int> y, int classes, TabularHyperParameters hp, int seed)
    {
        var ml = new MLContext(seed);
        var data = MultiView(ml, x, y, x[0].Length, classes);
        var o = new LightGbmMulticlassTrainer.Options
        {
            NumberOfIterations = hp.Iterations,
            LearningRate = hp.LearningRate,
            NumberOfLeaves = hp.Leaves,
            MinimumExampleCountPerLeaf = hp.MinDataPerLeaf,
            NumberOfThreads = hp.Threads,
            Seed = seed,
            Silent = true,
            Verbose = false,
            UseCategoricalSplit = false,
            UseSoftmax = true,
            Booster = Booster(hp),
        };
        return ml.MulticlassClassification.Trainers.LightGbm(o).Fit(data);
    }

    /// <summary>
    /// ML.NET L-BFGS logistic regression (no L1, one thread) on rows <paramref name="x"/>: the weights and bias of its
    /// uncalibrated margin.
    /// </summary>
    internal static (double[] Weights, double Bias) FitLogistic(float[][] x, IReadOnlyList<bool> y, float l2, float tolerance, int seed)
    {
        var ml = new MLContext(seed);
        var model = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            L2Regularization = l2,
            L1Regularization = 0,
            OptimizationTolerance = tolerance,
            MaximumNumberOfIterations = 1000,
            NumberOfThreads = 1,
        }).Fit(BinaryView(ml, x, y, x[0].Length)).Model;
        var linear = model.SubModel;
        return ([.. linear.Weights.Select(v => (double)v)], linear.Bias);
    }

    private static BoosterParameterBase.OptionsBase Booster(TabularHyperParameters hp) => hp.Dart
        ? new DartBooster.Options
        {
            L2Regularization = hp.L2,
            FeatureFraction = hp.FeatureFraction,
            SubsampleFraction = hp.BaggingFraction,
            SubsampleFrequency = hp.BaggingFraction < 1 ? 1 : 0,
            TreeDropFraction = 0.1,
            MaximumNumberOfDroppedTreesPerRound = 50,
            SkipDropFraction = 0.5,
        }
        : new GradientBooster.Options
        {
            MaximumTreeDepth = hp.MaxDepth > 0 ? hp.MaxDepth : 0,
            L2Regularization = hp.L2,
            FeatureFraction = hp.FeatureFraction,
            SubsampleFraction = hp.BaggingFraction,
            SubsampleFrequency = hp.BaggingFraction < 1 ? 1 : 0,
        };

    /// <summary>Raw ML.NET Score (margin) of a binary booster for each row.</summary>
    internal static double[] ScoreBinary(ITransformer model, float[][] x)
    {
        if (x.Length == 0) return [];
        var ml = new MLContext(0);
        var scored = model.Transform(BinaryView(ml, x, null, x[0].Length));
        return [.. scored.GetColumn<float>("Score").Select(s => (double)s)];
    }

    /// <summary>Class probabilities (softmax) of a multiclass booster for each row.</summary>
    internal static double[][] ScoreMulticlass(ITransformer model, float[][] x, int classes)
    {
        var ml = new MLContext(0);
        var scored = model.Transform(MultiView(ml, x, null, x[0].Length, classes));
        return [.. scored.GetColumn<float[]>("Score").Select(s => s.Select(v => (double)v).ToArray())];
    }

    /// <summary>The tree ensemble inside a (possibly calibrated) binary prediction transformer.</summary>
    internal static TreeEnsembleModelParametersBasedOnRegressionTree Ensemble(ITransformer model)
    {
        object? m = model is IPredictionTransformer<object> pt ? pt.Model : null;
        for (var depth = 0; depth < 4 && m is not null; depth++)
        {
            if (m is TreeEnsembleModelParametersBasedOnRegressionTree t) return t;
            var prop = m.GetType().GetProperties().FirstOrDefault(p => p.Name is "SubModel" && p.GetIndexParameters().Length == 0);
            m = prop?.GetValue(m);
        }
        throw new InvalidOperationException($"no tree ensemble found in {model.GetType().Name}");
    }

    private static readonly DateTimeOffset FixedTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Saves a booster to bytes, re-packed with fixed timestamps so that identical models give identical bytes.</summary>
    internal static byte[] Save(ITransformer model, int nFeatures)
    {
        var ml = new MLContext(0);
        var schema = BinaryView(ml, [new float[nFeatures]], null, nFeatures).Schema;
        using var raw = new MemoryStream();
        ml.Model.Save(model, schema, raw);
        return Normalize(raw.ToArray());
    }

    internal static ITransformer Load(byte[] bytes)
    {
        var ml = new MLContext(0);
        using var ms = new MemoryStream(bytes, writable: false);
        return ml.Model.Load(ms, out _);
    }

    /// <summary>Rewrites a zip with entries in the same order and a fixed timestamp.</summary>
    internal static byte[] Normalize(byte[] zip)
    {
        using var src = new ZipArchive(new MemoryStream(zip, writable: false), ZipArchiveMode.Read);
        using var outMs = new MemoryStream();
        using (var dst = new ZipArchive(outMs, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var e in src.Entries)
            {
                var ne = dst.CreateEntry(e.FullName, CompressionLevel.Optimal);
                ne.LastWriteTime = FixedTime;
                using var si = e.Open();
                using var di = ne.Open();
                si.CopyTo(di);
            }
        }
        return outMs.ToArray();
    }
}
