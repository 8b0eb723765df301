using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Basira.Governance;
using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace Basira.Analytics.Tabular;

/// <summary>Prediction of one row: the model feature vector, the additive raw score (margin) and the calibrated probability.</summary>
/// <param name="Features">Feature vector in <see cref="TabularModel.FeatureNames"/> order.</param>
/// <param name="RawScore">Margin = Σ_b weight_b · (bias_b + Σ_trees leaf value); TreeSHAP contributions sum to this minus the baseline.</param>
/// <param name="Probability">Calibrated probability of the positive class (monotone in <paramref name="RawScore"/>).</param>
public sealed record TabularPrediction(float[] Features, double RawScore, double Probability);

/// <summary>One booster of the ensemble: the ML.NET tree ensemble and its weight in the averaged margin.</summary>
/// <param name="Trees">ML.NET tree parameters: <c>TrainedTreeEnsemble.Trees</c>, <c>TreeWeights</c>, <c>Bias</c>.</param>
/// <param name="Weight">Weight of this booster's score in the model margin (1 / number of boosters).</param>
public sealed record BoosterPart(TreeEnsembleModelParametersBasedOnRegressionTree Trees, double Weight);

/// <summary>Metadata stored in the model file (metadata.json).</summary>
public sealed record TabularModelMetadata
{
    /// <summary>File format identifier.</summary>
    public string Format { get; init; } = TabularModel.FormatVersion;

    /// <summary>Target column.</summary>
    public required string Target { get; init; }

    /// <summary>Positive class of the target.</summary>
    public required string PositiveClass { get; init; }

    /// <summary>Id column excluded from the features, if any.</summary>
    public string? IdColumn { get; init; }

    /// <summary>Features (names, kinds, category mappings) in model order.</summary>
    public required IReadOnlyList<FeatureSpec> Features { get; init; }

    /// <summary>Rows used for training.</summary>
    public int TrainingRows { get; init; }

    /// <summary>Positive rows used for training.</summary>
    public int TrainingPositives { get; init; }

    /// <summary>Training rows stored in the file (training_features.f32) for TreeSHAP covers.</summary>
    public int StoredTrainingRows { get; init; }

    /// <summary>UTC training date.</summary>
    public DateTimeOffset TrainedAt { get; init; }

    /// <summary>Hyper-parameters.</summary>
    public required TabularHyperParameters HyperParameters { get; init; }

    /// <summary>Margin → probability calibrator.</summary>
    public required ProbabilityCalibrator Calibrator { get; init; }

    /// <summary>Number of boosters averaged.</summary>
    public int Boosters { get; init; }

    /// <summary>How the averaged tree margin and the linear part combine into the model margin (trees only by default).</summary>
    public StackWeights Stack { get; init; } = StackWeights.TreesOnly;

    /// <summary>The linear part, or null when the model is trees only.</summary>
    public LinearPart? Linear { get; init; }

    /// <summary>Metrics (out-of-fold on the training data, or supplied by the caller).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Columns dropped explicitly and by prefix.</summary>
    public IReadOnlyList<string> Dropped { get; init; } = [];
}

/// <summary>
/// A trained binary classifier: an average of ML.NET gradient-boosted tree ensembles over ordinal features (one feature =
/// one original column), optionally stacked with a linear part (logistic regression over one-hot categories and
/// standardised numerics) into ONE additive margin, with a probability calibrator. Persisted as ONE zip file.
/// </summary>
public sealed class TabularModel
{
    /// <summary>Model file format identifier.</summary>
    public const string FormatVersion = "basira-tabular/1";

    private static readonly JsonSerializerOptions MetaJson = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly ITransformer[] _boosters;
    private readonly byte[][] _boosterBytes;
    private readonly FeatureSchema _schema;

    internal TabularModel(TabularModelMetadata metadata, ITransformer[] boosters, byte[][] boosterBytes, float[][] trainingFeatures)
    {
        Metadata = metadata;
        _boosters = boosters;
        _boosterBytes = boosterBytes;
        _schema = new FeatureSchema(metadata.Features);
        TrainingFeatures = trainingFeatures;
        Parts = [.. boosters.Select(b => new BoosterPart(MlNetBoosters.Ensemble(b), metadata.Stack.TreeWeight / boosters.Length))];
    }

    /// <summary>Everything stored in metadata.json.</summary>
    public TabularModelMetadata Metadata { get; private set; }

    /// <summary>Model file format version (<see cref="FormatVersion"/>).</summary>
    public string Version => Metadata.Format;

    /// <summary>SHA-256 (lower-case hex) of the model file, set by <see cref="Save"/> and <see cref="Load"/>; null before.</summary>
    public string? ContentHash { get; private set; }

    /// <summary>Feature names in model order.</summary>
    public IReadOnlyList<string> FeatureNames => _schema.Names;

    /// <summary>Feature mapping (kinds, category codes).</summary>
    public FeatureSchema Schema => _schema;

    /// <summary>
    /// The boosters whose weighted scores add up to the tree part of the margin:
    /// margin(x) = Stack.Intercept + Σ Weight · (Bias + Σ_k TreeWeights[k]·tree_k(x)) + Stack.LinearWeight · Linear.Margin(x),
    /// with Weight = Stack.TreeWeight / number of boosters.
    /// </summary>
    public IReadOnlyList<BoosterPart> Parts { get; }

    /// <summary>The ML.NET prediction transformers (one per booster), e.g. for ML.NET feature contribution APIs.</summary>
    public IReadOnlyList<ITransformer> Transformers => _boosters;

    /// <summary>Training feature rows (model feature order; all rows, or a seeded sample when large) for computing tree covers.</summary>
    public IReadOnlyList<float[]> TrainingFeatures { get; }

    /// <summary>The linear part stacked with the trees, or null (trees only).</summary>
    public LinearPart? Linear => Metadata.Linear;

    /// <summary>Probability calibrator applied to the margin.</summary>
    public ProbabilityCalibrator Calibrator => Metadata.Calibrator;

    /// <summary>Replaces the stored metrics (e.g. with cross-validated figures) before saving.</summary>
    public void SetMetrics(IReadOnlyDictionary<string, double> metrics) => Metadata = Metadata with { Metrics = metrics };

    /// <summary>Encodes the rows of a table into model feature vectors.</summary>
    /// <exception cref="DataInputException">A feature column is missing or holds text where a number is expected.</exception>
    public float[][] FeatureMatrix(TabularTable table) => _schema.Encode(table);

    /// <summary>Raw scores (margins) for feature vectors.</summary>
    public double[] RawScores(float[][] features)
    {
        var m = new double[features.Length];
        var stack = Metadata.Stack;
        for (var r = 0; r < m.Length; r++)
            m[r] = stack.Intercept + (Linear is { } lin ? stack.LinearWeight * lin.Margin(features[r]) : 0);
        foreach (var (b, i) in _boosters.Select((b, i) => (b, i)))
        {
            var s = MlNetBoosters.ScoreBinary(b, features);
            var w = Parts[i].Weight;
            for (var r = 0; r < m.Length; r++) m[r] += w * s[r];
        }
        return m;
    }

    /// <summary>Calibrated probability for a margin.</summary>
    public double Probability(double rawScore) => Metadata.Calibrator.Probability(rawScore);

    /// <summary>Feature vector, raw score and probability for every row of a table.</summary>
    public TabularPrediction[] Predict(TabularTable table) => Predict(FeatureMatrix(table));

    /// <summary>Raw score and probability for feature vectors.</summary>
    public TabularPrediction[] Predict(float[][] features)
    {
        var m = RawScores(features);
        return [.. features.Select((x, i) => new TabularPrediction(x, m[i], Probability(m[i])))];
    }

    /// <summary>Writes the model as one zip (metadata.json, booster_k.zip ML.NET models, training_features.f32) and sets <see cref="ContentHash"/>.</summary>
    public void Save(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        var bytes = ToBytes();
        var tmp = path + ".tmp";
        File.WriteAllBytes(tmp, bytes);
        File.Move(tmp, path, overwrite: true);
        ContentHash = Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    private static readonly DateTimeOffset FixedTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    internal byte[] ToBytes()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, byte[] data)
            {
                var e = zip.CreateEntry(name, CompressionLevel.Optimal);
                e.LastWriteTime = FixedTime;
                using var s = e.Open();
                s.Write(data);
            }
            Add("metadata.json", JsonSerializer.SerializeToUtf8Bytes(Metadata, MetaJson));
            for (var b = 0; b < _boosterBytes.Length; b++)
                Add($"booster_{b.ToString(CultureInfo.InvariantCulture)}.zip", _boosterBytes[b]);
            var nf = FeatureNames.Count;
            var buf = new byte[TrainingFeatures.Count * nf * sizeof(float)];
            for (var r = 0; r < TrainingFeatures.Count; r++)
                Buffer.BlockCopy(TrainingFeatures[r], 0, buf, r * nf * sizeof(float), nf * sizeof(float));
            if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("big-endian hosts are not supported");
            Add("training_features.f32", buf);
        }
        return ms.ToArray();
    }

    /// <summary>Reads a model file written by <see cref="Save"/>.</summary>
    /// <exception cref="DataInputException">
    /// Missing, unreadable, foreign or corrupt file (any failure while reading it), naming the file and the zip entry.
    /// </exception>
    public static TabularModel Load(string path)
    {
        if (!File.Exists(path)) throw new DataInputException(path, null, null, "model file not found");
        var bytes = File.ReadAllBytes(path);
        string? entry = null; // the zip entry being read, named in errors
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            byte[] Read(string name)
            {
                entry = name;
                var e = zip.GetEntry(name) ?? throw new DataInputException(path, null, name, "not a Basira tabular model: entry missing");
                using var s = e.Open();
                using var o = new MemoryStream();
                s.CopyTo(o);
                return o.ToArray();
            }
            var meta = JsonSerializer.Deserialize<TabularModelMetadata>(Read("metadata.json"), MetaJson)
                ?? throw new DataInputException(path, null, "metadata.json", "empty metadata");
            if (meta.Format != FormatVersion)
                throw new DataInputException(path, null, "format", $"unsupported model format '{meta.Format}' (expected {FormatVersion})");
            var boosterEntries = zip.Entries.Count(e => e.FullName.StartsWith("booster_", StringComparison.Ordinal));
            if (meta.Boosters < 1 || meta.Boosters != boosterEntries)
                throw new DataInputException(path, null, "metadata.json",
                    $"corrupt model: boosters = {meta.Boosters.ToString(CultureInfo.InvariantCulture)} but the file holds {boosterEntries.ToString(CultureInfo.InvariantCulture)} booster entries");
            if (meta.Features is not { Count: > 0 } || meta.Features.Any(f => f is null))
                throw new DataInputException(path, null, "metadata.json", "corrupt model: no feature list");
            if (meta.StoredTrainingRows < 1 || meta.Calibrator is null || meta.HyperParameters is null || meta.Stack is null)
                throw new DataInputException(path, null, "metadata.json", "corrupt model: stored_training_rows, calibrator, hyper_parameters or stack missing or out of range");
            var raw = new byte[meta.Boosters][];
            var boosters = new ITransformer[meta.Boosters];
            for (var b = 0; b < meta.Boosters; b++)
            {
                raw[b] = Read($"booster_{b.ToString(CultureInfo.InvariantCulture)}.zip");
                boosters[b] = MlNetBoosters.Load(raw[b]);
            }
            var nf = meta.Features.Count;
            var buf = Read("training_features.f32");
            var expected = (long)meta.StoredTrainingRows * nf * sizeof(float);
            if (buf.LongLength != expected)
                throw new DataInputException(path, null, "training_features.f32",
                    $"corrupt model: {buf.LongLength.ToString(CultureInfo.InvariantCulture)} bytes, expected {expected.ToString(CultureInfo.InvariantCulture)} " +
                    $"({meta.StoredTrainingRows.ToString(CultureInfo.InvariantCulture)} rows × {nf.ToString(CultureInfo.InvariantCulture)} features × 4)");
            var rows = new float[meta.StoredTrainingRows][];
            for (var r = 0; r < rows.Length; r++)
            {
                rows[r] = new float[nf];
                Buffer.BlockCopy(buf, r * nf * sizeof(float), rows[r], 0, nf * sizeof(float));
            }
            entry = "booster_*.zip";
            return new TabularModel(meta, boosters, raw, rows) { ContentHash = Convert.ToHexStringLower(SHA256.HashData(bytes)) };
        }
        catch (DataInputException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Any other failure while reading the file (truncated entry, garbage inside a booster, absurd counts) means a
            // corrupt or foreign model file: bad input, not a crash of the tool.
            throw new DataInputException(path, null, null,
                $"not a readable Basira model file{(entry is null ? "" : $": entry '{entry}' is corrupt")} ({ex.GetType().Name}: {ex.Message})", ex);
        }
    }
}
