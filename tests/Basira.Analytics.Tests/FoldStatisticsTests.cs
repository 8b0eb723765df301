using Basira.Analytics.Tabular;

namespace Basira.Analytics.Tests;

/// <summary>The per-fold statistics of a cross-validation (what <c>edu evaluate</c> reports as auc_fold_mean / auc_fold_sd).</summary>
public sealed class FoldStatisticsTests
{
    private static CrossValidationResult Result(params double[] foldAuc) => new()
    {
        Features = ["x"],
        PerFold = [.. foldAuc.Select((auc, k) => new FoldFigures(10 * k, 8, 2, auc, 0.5, 0.1, 0.2, null, null, new StackWeights(1, 0, 0)))],
        Probability = [0.9, 0.2, 0.7, 0.4],
        RawScore = [2, -1, 1, -0.5],
        Label = [true, false, false, true],
        Fold = [0, 0, 10, 10],
        Flagged = [true, false, true, false],
        ProtectedValues = new Dictionary<string, IReadOnlyList<string?>> { ["sex"] = ["F", "M", "F", null] },
    };

    [Fact]
    public void Mean_and_population_sd_of_the_fold_aucs()
    {
        var r = Result(0.8, 0.9, 0.7);
        Assert.Equal(0.8, r.AucFoldMean!.Value, 12);
        Assert.Equal(Math.Sqrt(0.02 / 3), r.AucFoldSd!.Value, 12); // divides by n, not n − 1
        Assert.Empty(r.UndefinedAucFolds);
    }

    [Fact]
    public void A_fold_with_an_undefined_auc_makes_the_statistics_undefined_and_is_named_by_its_id()
    {
        var r = Result(0.8, double.NaN, 0.7);
        Assert.Null(r.AucFoldMean);
        Assert.Null(r.AucFoldSd);
        Assert.Equal([10], r.UndefinedAucFolds);
        Assert.Null(FoldStatistics.Mean([]));
        Assert.Null(FoldStatistics.PopulationSd([1, double.PositiveInfinity]));
        Assert.Equal(0, FoldStatistics.PopulationSd([0.5])!.Value);
    }

    [Fact]
    public void Fairness_of_the_out_of_fold_decisions_per_protected_column()
    {
        var audit = Result(0.8, 0.9).FairnessByProtectedColumn()["sex"];
        var groups = audit.Groups.ToDictionary(g => g.Key);
        Assert.Equal(["(missing)", "F", "M"], groups.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1.0, groups["F"].SelectionRate!.Value, 12); // both F rows flagged
        Assert.Equal(0.0, groups["M"].SelectionRate!.Value, 12);
    }
}
