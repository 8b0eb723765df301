using System.CommandLine;
using Basira.Analytics.Tabular;

namespace Basira.Cli.Commands;

/// <summary>
/// Options shared by the commands that train the tabular model (<c>edu evaluate</c>, <c>edu train</c>, <c>edu tune</c>,
/// <c>bench explain</c>): the data file and the model's hyper-parameters. One instance per command.
/// </summary>
internal sealed class ModelOptions
{
    private static readonly TabularHyperParameters Defaults = new();

    public Option<string> Data { get; } = CliOptions.Text("--data", "FILE", "CSV or XLSX file, one row per person (UTF-8)", required: true);
    public Option<string> Target { get; } = CliOptions.Text("--target", "COL", "column of the outcome to predict", required: true);
    public Option<string> Positive { get; } = CliOptions.Text("--positive", "VALUE", "value of --target that is the positive class", required: true);
    public Option<string> IdColumn { get; } = CliOptions.Text("--id-column", "COL", "identifier column: kept as text, never a feature");
    public Option<string[]> Drop { get; } = CliOptions.List("--drop", "COL,COL", "columns left out of the features");
    public Option<string[]> DropPrefix { get; } = CliOptions.List("--drop-prefix", "TEXT[,TEXT]", "leave out every column whose name starts with TEXT");
    public Option<string[]> Categorical { get; } = CliOptions.List("--categorical", "COL,COL", "integer-coded nominal columns (one-hot in the linear part)");
    public Option<string[]> Derive { get; } = CliOptions.Repeated("--derive", "NAME=A/B;NAME=[A B]-[C]", "derived feature(s), repeatable or separated by ';'");
    public Option<string> CategoryOrder { get; } = CliOptions.Choice("--category-order", "order of the categories of a text column", ["lexical", "target-rate"]);
    public Option<string> Learner { get; } = CliOptions.Choice("--learner", "gradient-boosting learner", ["lightgbm", "fasttree", "mixed"], ignoreCase: true);
    public Option<string> Booster { get; } = CliOptions.Choice("--booster", "boosting type", ["gbdt", "dart"]);
    public Option<int?> Iterations { get; } = CliOptions.Int("--iterations", "N", $"boosting iterations (default {Defaults.Iterations})", min: 1);
    public Option<double?> LearningRate { get; } = CliOptions.Number("--learning-rate", "X", $"learning rate (default {Defaults.LearningRate})", x => x > 0, "> 0");
    public Option<int?> Leaves { get; } = CliOptions.Int("--leaves", "N", $"leaves per tree (default {Defaults.Leaves})", min: 2);
    public Option<int?> MinLeaf { get; } = CliOptions.Int("--min-leaf", "N", $"minimum rows per leaf (default {Defaults.MinDataPerLeaf})", min: 1);
    public Option<double?> FeatureFraction { get; } = CliOptions.Number("--feature-fraction", "X", $"features drawn per tree (default {Defaults.FeatureFraction})", x => x is > 0 and <= 1, "in (0, 1]");
    public Option<double?> BaggingFraction { get; } = CliOptions.Number("--bagging-fraction", "X", $"rows drawn per tree (default {Defaults.BaggingFraction})", x => x is > 0 and <= 1, "in (0, 1]");
    public Option<double?> L2 { get; } = CliOptions.Number("--l2", "X", $"L2 regularisation (default {Defaults.L2})", x => x >= 0, "≥ 0");
    public Option<int?> Ensemble { get; } = CliOptions.Int("--ensemble", "N", $"boosters averaged (default {Defaults.EnsembleSize})", min: 1);
    public Option<int?> ModelSeed { get; } = CliOptions.Int("--model-seed", "S", $"seed of the learner (default {Defaults.Seed})");
    public Option<string> Calibration { get; } = CliOptions.Choice("--calibration", "probability calibration", ["platt", "isotonic", "none"], ignoreCase: true);
    public Option<bool> NoLinear { get; } = CliOptions.Flag("--no-linear", "trees alone, without the stacked linear part");

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        Option[] all = [Data, Target, Positive, IdColumn, Drop, DropPrefix, Categorical, Derive, CategoryOrder, Learner, Booster, Iterations,
            LearningRate, Leaves, MinLeaf, FeatureFraction, BaggingFraction, L2, Ensemble, ModelSeed, Calibration, NoLinear];
        foreach (var o in all) command.Options.Add(o);
    }

    public TabularTable ReadData(ParseResult parsed, string target, string positive, IEnumerable<string> extraRequired)
    {
        var required = new List<string> { target };
        required.AddRange(extraRequired);
        var table = TabularReader.Read(parsed.GetRequiredValue(Data), new TabularReadOptions
        {
            RequiredColumns = required,
            TargetColumn = target,
            PositiveValue = positive,
            // ids and declared-categorical codes stay text even when mostly numeric (no typo rule there)
            TextColumns = [.. parsed.GetValue(IdColumn) is { } id ? [id] : Array.Empty<string>(), .. parsed.GetValue(Categorical) ?? []],
        });
        RefuseQuarantined(table);
        return table;
    }

    /// <summary>Rows listed in full before "and N more".</summary>
    internal const int ListedBadRows = 10;

    /// <summary>
    /// evaluate/train never learn from part of a file: any quarantined row is bad input (exit 2, nothing written), and the
    /// message names every bad row (line, field, reason; the first <see cref="ListedBadRows"/>) and the row balance.
    /// </summary>
    internal static void RefuseQuarantined(TabularTable table)
    {
        var q = table.Quarantined;
        if (q.Count == 0) return;
        var listed = string.Join("; ", q.Take(ListedBadRows).Select(r =>
            $"line {r.Line}{(r.Field is null ? "" : $", field '{r.Field}'")}: {r.Reason}"));
        var more = q.Count > ListedBadRows ? $"; and {q.Count - ListedBadRows} more" : "";
        throw new Basira.Governance.DataInputException(table.Source, q[0].Line, q[0].Field,
            $"{q[0].Reason}. {q.Count} bad row{(q.Count == 1 ? "" : "s")} (rows in {table.RowsIn} = {table.RowCount} accepted + {q.Count} quarantined), " +
            $"nothing trained or written; fix them or remove them: {listed}{more}");
    }

    public TabularTrainOptions TrainOptions(ParseResult parsed)
    {
        var hp = Defaults with
        {
            Learner = parsed.GetValue(Learner) switch
            {
                "fasttree" => TabularLearner.FastTree,
                "mixed" => TabularLearner.Mixed,
                _ => TabularLearner.LightGbm,
            },
            Iterations = parsed.GetValue(Iterations) ?? Defaults.Iterations,
            LearningRate = parsed.GetValue(LearningRate) ?? Defaults.LearningRate,
            Leaves = parsed.GetValue(Leaves) ?? Defaults.Leaves,
            MinDataPerLeaf = parsed.GetValue(MinLeaf) ?? Defaults.MinDataPerLeaf,
            FeatureFraction = parsed.GetValue(FeatureFraction) ?? Defaults.FeatureFraction,
            BaggingFraction = parsed.GetValue(BaggingFraction) ?? Defaults.BaggingFraction,
            L2 = parsed.GetValue(L2) ?? Defaults.L2,
            EnsembleSize = parsed.GetValue(Ensemble) ?? Defaults.EnsembleSize,
            Seed = parsed.GetValue(ModelSeed) ?? Defaults.Seed,
            Dart = parsed.GetValue(Booster) == "dart",
        };
        return new TabularTrainOptions
        {
            Target = parsed.GetRequiredValue(Target),
            Positive = parsed.GetRequiredValue(Positive),
            IdColumn = parsed.GetValue(IdColumn),
            Drop = parsed.GetValue(Drop) ?? [],
            DropPrefixes = parsed.GetValue(DropPrefix) ?? [],
            Categorical = parsed.GetValue(Categorical) ?? [],
            Derived = Derived(parsed),
            OrderCategoriesByTargetRate = parsed.GetValue(CategoryOrder) == "target-rate",
            HyperParameters = hp,
            Linear = !parsed.GetValue(NoLinear),
            Calibration = parsed.GetValue(Calibration) switch
            {
                "isotonic" => CalibrationMethod.Isotonic,
                "none" => CalibrationMethod.None,
                _ => CalibrationMethod.Platt,
            },
        };
    }

    /// <summary>Every <c>--derive NAME=EXPR</c> (repeatable, or several separated by ';').</summary>
    private IReadOnlyList<DerivedFeature> Derived(ParseResult parsed)
    {
        var list = new List<DerivedFeature>();
        foreach (var v in parsed.GetValue(Derive) ?? [])
        {
            try { list.AddRange(DerivedFeature.ParseMany(v)); }
            catch (ArgumentException ex) { throw new CliUsageException($"--derive: {ex.Message}"); }
        }
        return list;
    }

    public static object HyperParametersJson(TabularHyperParameters hp) => new
    {
        learner = hp.Learner.ToString(),
        iterations = hp.Iterations,
        learning_rate = hp.LearningRate,
        leaves = hp.Leaves,
        min_data_per_leaf = hp.MinDataPerLeaf,
        feature_fraction = hp.FeatureFraction,
        bagging_fraction = hp.BaggingFraction,
        l2 = hp.L2,
        ensemble = hp.EnsembleSize,
        booster = hp.Dart ? "dart" : "gbdt",
        seed = hp.Seed,
    };

    public static object StackJson(StackWeights s) => new { tree_weight = s.TreeWeight, linear_weight = s.LinearWeight, intercept = s.Intercept };
}
