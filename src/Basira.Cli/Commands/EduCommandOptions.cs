using System.Globalization;
using Basira.Analytics.Tabular;

namespace Basira.Cli;

/// <summary>Options shared by <c>edu evaluate</c> and <c>edu train</c>: data reading and model hyper-parameters.</summary>
internal static class EduCommandOptions
{
    public const string ModelUsage =
        "[--id-column COL] [--drop COL,COL] [--drop-prefix TEXT[,TEXT]] [--categorical COL,COL] [--derive NAME=A/B;NAME=[A B]-[C]] [--category-order lexical|target-rate] [--learner lightgbm|fasttree|mixed] [--booster gbdt|dart] [--iterations N] " +
        "[--learning-rate X] [--leaves N] [--min-leaf N] [--feature-fraction X] [--bagging-fraction X] [--l2 X] " +
        "[--ensemble N] [--model-seed S] [--calibration platt|isotonic|none] [--no-linear] [--json]";

    /// <summary>The options read by <see cref="ReadData"/> and <see cref="TrainOptions"/> (documented in <see cref="ModelUsage"/>).</summary>
    public static readonly IReadOnlyList<string> ModelOptions =
    [
        "data", "target", "positive", "id-column", "drop", "drop-prefix", "categorical", "derive", "category-order", "learner", "booster",
        "iterations", "learning-rate", "leaves", "min-leaf", "feature-fraction", "bagging-fraction", "l2", "ensemble", "model-seed",
        "calibration", "no-linear",
    ];

    public static TabularTable ReadData(CliArgs a, string target, string positive, IEnumerable<string> extraRequired)
    {
        var data = a.Require("data");
        var required = new List<string> { target };
        required.AddRange(extraRequired);
        var table = TabularReader.Read(data, new TabularReadOptions
        {
            RequiredColumns = required,
            TargetColumn = target,
            PositiveValue = positive,
            // ids and declared-categorical codes stay text even when mostly numeric (no typo rule there)
            TextColumns = [.. a.Get("id-column") is { } id ? [id] : Array.Empty<string>(), .. a.GetList("categorical")],
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

    public static TabularTrainOptions TrainOptions(CliArgs a)
    {
        var hp = new TabularHyperParameters();
        hp = hp with
        {
            Learner = (a.Get("learner") ?? "lightgbm").ToLowerInvariant() switch
            {
                "lightgbm" => TabularLearner.LightGbm,
                "fasttree" => TabularLearner.FastTree,
                "mixed" => TabularLearner.Mixed,
                var v => throw new CliUsageException($"--learner expects lightgbm, fasttree or mixed, got '{v}'"),
            },
            Iterations = a.GetInt("iterations", hp.Iterations),
            LearningRate = GetDouble(a, "learning-rate", hp.LearningRate),
            Leaves = a.GetInt("leaves", hp.Leaves),
            MinDataPerLeaf = a.GetInt("min-leaf", hp.MinDataPerLeaf),
            FeatureFraction = GetDouble(a, "feature-fraction", hp.FeatureFraction),
            BaggingFraction = GetDouble(a, "bagging-fraction", hp.BaggingFraction),
            L2 = GetDouble(a, "l2", hp.L2),
            EnsembleSize = a.GetInt("ensemble", hp.EnsembleSize),
            Seed = a.GetInt("model-seed", hp.Seed),
            Dart = (a.Get("booster") ?? "gbdt") switch
            {
                "gbdt" => false,
                "dart" => true,
                var v => throw new CliUsageException($"--booster expects gbdt or dart, got '{v}'"),
            },
        };
        if (hp.Iterations < 1 || hp.Leaves < 2 || hp.MinDataPerLeaf < 1 || hp.EnsembleSize < 1)
            throw new CliUsageException("--iterations, --min-leaf, --ensemble must be ≥ 1 and --leaves ≥ 2");
        if (hp.LearningRate <= 0 || hp.FeatureFraction is <= 0 or > 1 || hp.BaggingFraction is <= 0 or > 1 || hp.L2 < 0)
            throw new CliUsageException("--learning-rate must be > 0, --feature-fraction and --bagging-fraction in (0, 1], --l2 ≥ 0");
        return new TabularTrainOptions
        {
            Target = a.Require("target"),
            Positive = a.Require("positive"),
            IdColumn = a.Get("id-column"),
            Drop = a.GetList("drop"),
            DropPrefixes = a.GetList("drop-prefix"),
            Categorical = a.GetList("categorical"),
            Derived = Derived(a),
            OrderCategoriesByTargetRate = (a.Get("category-order") ?? "lexical") switch
            {
                "target-rate" => true,
                "lexical" => false,
                var v => throw new CliUsageException($"--category-order expects target-rate or lexical, got '{v}'"),
            },
            HyperParameters = hp,
            Linear = !a.Has("no-linear"),
            Calibration = (a.Get("calibration") ?? "platt").ToLowerInvariant() switch
            {
                "platt" => CalibrationMethod.Platt,
                "isotonic" => CalibrationMethod.Isotonic,
                "none" => CalibrationMethod.None,
                var v => throw new CliUsageException($"--calibration expects platt, isotonic or none, got '{v}'"),
            },
        };
    }

    /// <summary>Every <c>--derive NAME=EXPR</c> (repeatable, or several separated by ';').</summary>
    public static IReadOnlyList<DerivedFeature> Derived(CliArgs a)
    {
        var list = new List<DerivedFeature>();
        foreach (var v in a.GetAll("derive"))
        {
            try { list.AddRange(DerivedFeature.ParseMany(v)); }
            catch (ArgumentException ex) { throw new CliUsageException($"--derive: {ex.Message}"); }
        }
        return list;
    }

    public static double GetDouble(CliArgs a, string name, double fallback)
    {
        var v = a.Get(name);
        if (v is null) return fallback;
        return double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? d : throw new CliUsageException($"--{name} expects a number, got '{v}'");
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

    public static void Log(string line) => Console.Error.WriteLine(line);
}
