using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Basira.Analytics.Explanations;
using Basira.Analytics.Tabular;
using Basira.Governance;
using Basira.Governance.Audit;
using Basira.Governance.Decisions;
using Basira.Governance.Models;
using Basira.Governance.Objections;
using Basira.Governance.Privacy;
using Basira.Governance.Storage;

namespace Basira.Education.EarlyWarning;

public sealed record ImportReport(string File, int RowsIn, int RowsAccepted, int RowsQuarantined, IReadOnlyList<QuarantinedRow> Quarantined);
public sealed record TrainReport(string ModelId, string Version, string ContentHash, string Path, int TrainingRows, int HoldoutRows,
    double HoldoutAuc, double HoldoutPrAuc, double HoldoutEce, double Threshold, string FairnessStatus);
public sealed record ScoreReport(int Scored, int Flagged, int Schools, string ModelVersion, double MaxAdditivityError);

/// <summary>
/// The dropout early-warning slice: import a pupil table (pseudonymised), train on last year's cohort, score this
/// year's pupils, rank them per school, record a governed decision with its exact explanation for each pupil proposed
/// for support, audit fairness by sex, milieu and region, and re-score after a data rectification.
/// </summary>
public sealed class EarlyWarningService(BasiraDatabase db, DecisionStore decisions, ModelStore models, AuditLog audit,
    Pseudonymiser pseudonymiser, BasiraOptions options, TimeProvider clock) : IRescorer
{
    public const string Target = "dropped_out", Positive = "yes", IdColumn = "pupil_id";
    public const double DefaultThreshold = 0.30, DefaultCapacityShare = 0.10;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly string[] Display = ["school_id", "province", "region", "milieu", "sex"];

    private TabularModel? _model;
    private TabularExplainer? _explainer;
    private ModelRecord? _record;
    private readonly Lock _gate = new();
    private bool _schemaReady;

    public string Algorithm => DropoutAlgorithm.Id;

    internal static readonly IReadOnlyList<(int, string, string)> Schema =
    [
        (1, "education pupils", """
            CREATE TABLE edu_pupils (
              subject TEXT PRIMARY KEY, cohort TEXT NOT NULL, school_id TEXT NOT NULL, province TEXT NOT NULL, region TEXT NOT NULL,
              milieu TEXT NOT NULL, sex TEXT NOT NULL, row_json TEXT NOT NULL, imported_at TEXT NOT NULL);
            CREATE INDEX ix_edu_pupils_school ON edu_pupils (school_id)
            """),
        // Notice field 8 dates each value: a value corrected after an objection carries its rectification date.
        (2, "rectification dates", "ALTER TABLE edu_pupils ADD COLUMN rectified_json TEXT"),
    ];

    /// <summary>Imports this year's pupils: identifiers pseudonymised, names dropped, bad rows quarantined.</summary>
    public ImportReport ImportPupils(string path, string cohort, string actor)
    {
        EnsureSchema();
        var table = TabularReader.Read(path, new TabularReadOptions { RequiredColumns = [IdColumn, .. Display], TextColumns = [IdColumn] });
        var now = Sql.Iso(clock.GetUtcNow());
        // Names are not imported; the outcome column of a past cohort is not part of this year's record.
        var keep = table.Columns.Where(c => c.Name is not ("first_name" or "last_name" or IdColumn or Target)).ToList();
        var quarantined = table.Quarantined.ToList();
        // decided before the transaction, which may run again (store retry): it must not change anything outside the store
        for (var r = 0; r < table.RowCount; r++)
            if (table[IdColumn].Raw[r] is null)
                quarantined.Add(new QuarantinedRow(table.Lines[r], table.DataRows[r], IdColumn, "empty pupil identifier"));
        db.InTransaction((c, tx) =>
        {
            for (var r = 0; r < table.RowCount; r++)
            {
                if (table[IdColumn].Raw[r] is not { } id) continue;
                var subject = pseudonymiser.Pseudonymise("education.pupil", id);
                var row = keep.ToDictionary(k => k.Name, k => k.Raw[r], StringComparer.Ordinal);
                c.Execute(tx, "DELETE FROM edu_pupils WHERE subject = @s", ("@s", subject));
                c.Execute(tx, """
                    INSERT INTO edu_pupils (subject, cohort, school_id, province, region, milieu, sex, row_json, imported_at)
                    VALUES (@s, @c, @school, @p, @r, @m, @sex, @row, @t)
                    """, ("@s", subject), ("@c", cohort), ("@school", row["school_id"] ?? ""), ("@p", row["province"] ?? ""),
                    ("@r", row["region"] ?? ""), ("@m", row["milieu"] ?? ""), ("@sex", row["sex"] ?? ""),
                    ("@row", JsonSerializer.Serialize(row, Json)), ("@t", now));
            }
            audit.Append(c, tx, actor, "personal_data.imported", "edu_pupils", cohort, null,
                $"file={Path.GetFileName(path)};rows_in={table.RowsIn};accepted={table.RowsIn - quarantined.Count};quarantined={quarantined.Count}");
        });
        return new ImportReport(path, table.RowsIn, table.RowsIn - quarantined.Count, quarantined.Count, quarantined.OrderBy(q => q.Line).ToList());
    }

    /// <summary>
    /// Trains on a cohort with known outcomes (80 % stratified), measures on the remaining 20 %, runs the fairness audit
    /// on that hold-out, saves the model file with its content hash and registers it as the model in use.
    /// </summary>
    public TrainReport Train(string historicPath, string actor, double threshold = DefaultThreshold, int seed = 42, Action<string>? log = null)
    {
        var table = TabularReader.Read(historicPath, new TabularReadOptions { RequiredColumns = [IdColumn, Target, .. Display], TargetColumn = Target, PositiveValue = Positive, TextColumns = [IdColumn] });
        var labels = TabularTrainer.Labels(table, Target, Positive, Enumerable.Range(0, table.RowCount).ToList());
        var folds = Folds.Stratified(labels.Select(l => l ? 1 : 0).ToList(), 5, seed);
        var trainRows = Enumerable.Range(0, table.RowCount).Where(i => folds[i] != 0).ToList();
        var holdout = Enumerable.Range(0, table.RowCount).Where(i => folds[i] == 0).ToList();
        var trainOptions = new TabularTrainOptions
        {
            Target = Target, Positive = Positive, IdColumn = IdColumn,
            Drop = DropoutAlgorithm.NeverFeatures.Where(c => c is not (IdColumn or Target)).ToList(),
            // One booster of 400 trees: a school-sized model that explains fast; calibrated on inner out-of-fold margins.
            HyperParameters = new TabularHyperParameters { EnsembleSize = 1, Iterations = 400, LearningRate = 0.03, Leaves = 15 },
        };
        var model = TabularTrainer.Train(table, trainOptions, trainRows, log);
        var x = model.FeatureMatrix(table);
        var probs = model.RawScores([.. holdout.Select(i => x[i])]).Select(model.Probability).ToArray();
        var y = holdout.Select(i => labels[i]).ToArray();
        var auc = Basira.Analytics.Metrics.ClassificationMetrics.RocAuc(probs, y);
        var prAuc = Basira.Analytics.Metrics.ClassificationMetrics.AveragePrecision(probs, y);
        var ece = Basira.Analytics.Metrics.ClassificationMetrics.ExpectedCalibrationError(probs, y, 10);

        var dir = Path.Combine(options.DataDir, "models", DropoutAlgorithm.Id);
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $"tmp-{Guid.NewGuid():n}.model");
        model.Save(tmp);
        var hash = Hash(tmp);
        var trainedAt = clock.GetUtcNow();
        var version = $"{trainedAt:yyyy.MM.dd}-{hash[..8]}";
        var path = Path.Combine(dir, version + ".model");
        File.Move(tmp, path, overwrite: true);
        var facts = new ModelFacts
        {
            // The sentences are phrased per language by the register from the parts below; the English ones are stored too.
            Learner = "",
            LearnerCode = model.Linear is null ? DropoutAlgorithm.LearnerTrees : DropoutAlgorithm.LearnerStacked,
            Trees = model.Parts.Sum(p => p.Trees.TrainedTreeEnsemble.Trees.Count),
            LeavesPerTree = model.Metadata.HyperParameters.Leaves,
            Features = model.FeatureNames,
            TrainingRows = trainRows.Count,
            TrainingData = "",
            TrainingFile = Path.GetFileName(historicPath),
            SplitSeed = seed,
            HoldoutRows = holdout.Count,
            Performance = new Dictionary<string, double?> { ["roc_auc"] = auc, ["pr_auc"] = prAuc, ["ece"] = ece, ["holdout_rows"] = holdout.Count },
            RocCurve = [.. Basira.Analytics.Metrics.ClassificationMetrics.RocCurve(probs, y).Select(p => new[] { Math.Round(p.Fpr, 4), Math.Round(p.Tpr, 4) })],
            Calibration = [.. Basira.Analytics.Metrics.ClassificationMetrics.ReliabilityBins(probs, y, 10)
                .Select(b => new[] { Math.Round(b.MeanPredicted, 4), Math.Round(b.Observed, 4), b.Count })],
            PerformanceProtocol = "",
            Threshold = threshold,
            HyperParameters = new Dictionary<string, string>
            {
                ["learning_rate"] = model.Metadata.HyperParameters.LearningRate.ToString(CultureInfo.InvariantCulture),
                ["leaves"] = model.Metadata.HyperParameters.Leaves.ToString(CultureInfo.InvariantCulture),
                ["iterations"] = model.Metadata.HyperParameters.Iterations.ToString(CultureInfo.InvariantCulture),
                ["calibration"] = model.Calibrator.Method.ToString(),
                ["stack"] = FormattableString.Invariant($"margin = {model.Metadata.Stack.Intercept:F4} + {model.Metadata.Stack.TreeWeight:F4}·trees + {model.Metadata.Stack.LinearWeight:F4}·linear"),
            },
        };
        var descriptor = DropoutAlgorithm.Descriptor;
        facts = facts with
        {
            Learner = ModelFactTexts.Learner(descriptor, facts, "en"),
            TrainingData = ModelFactTexts.TrainingData(descriptor, facts, "en"),
            PerformanceProtocol = ModelFactTexts.PerformanceProtocol(descriptor, facts, "en"),
        };
        var rec = models.Register(DropoutAlgorithm.Id, version, hash, path, trainedAt, facts, actor);

        // Fairness audit on the hold-out: flagged = probability ≥ threshold.
        var status = FairnessAudit.Run(models, rec, table, holdout, y, probs.Select(p => p >= threshold).ToArray(), actor);
        return new TrainReport(rec.Id, version, hash, path, trainRows.Count, holdout.Count, auc, prAuc, ece, threshold, status);
    }

    /// <summary>
    /// Scores every imported pupil with the model in use, ranks pupils within each school, and records a decision for
    /// each pupil proposed for support: above the threshold and within the school's capacity.
    /// </summary>
    public ScoreReport ScoreAll(string actor, double capacityShare = DefaultCapacityShare, Func<string, string>? deciderForSchool = null)
    {
        var (model, explainer, rec) = Current();
        var pupils = LoadPupils();
        var x = pupils.Select(p => Encode(model, p.Row)).ToArray();
        var raw = model.RawScores(x);
        var counterfactuals = new CounterfactualSearch(model, r => Encode(model, r), CounterfactualSearch.DropoutLevers);
        var now = clock.GetUtcNow();
        var recorded = new List<DecisionRecord>();
        var flaggedRows = new List<IReadOnlyDictionary<string, string?>>();
        var maxErr = 0.0;
        foreach (var school in pupils.Select((p, i) => (p, i)).GroupBy(t => t.p.SchoolId))
        {
            var ranked = school.OrderByDescending(t => raw[t.i]).ToList();
            var capacity = Math.Max(1, (int)Math.Ceiling(ranked.Count * capacityShare));
            for (var k = 0; k < ranked.Count && k < capacity; k++)
            {
                var (p, i) = ranked[k];
                var prob = model.Probability(raw[i]);
                if (prob < rec.Facts.Threshold) break;
                var d = BuildDecision(p, x[i], raw[i], prob, k + 1, rec, explainer, "flagged", deciderForSchool?.Invoke(p.SchoolId) ?? $"school_staff:{p.SchoolId}", now);
                maxErr = Math.Max(maxErr, Math.Abs(d.Contributions.Sum(c => c.Value) - (d.RawScore - d.Baseline)));
                recorded.Add(d);
                flaggedRows.Add(p.Row);
            }
        }
        // Notice field 12 for every proposal, the candidates of many pupils scored per model call.
        var found = counterfactuals.FindMany(flaggedRows, rec.Facts.Threshold);
        for (var k = 0; k < recorded.Count; k++) recorded[k] = recorded[k] with { Counterfactual = found[k] };
        decisions.Record(recorded, actor);
        return new ScoreReport(pupils.Count, recorded.Count, pupils.Select(p => p.SchoolId).Distinct().Count(), rec.Version, maxErr);
    }

    /// <summary>Re-scores a decision after rectification of the person's data (objection on "data error").</summary>
    public RescoreResult Rescore(DecisionRecord decision, IReadOnlyDictionary<string, string?> corrections)
    {
        var (model, explainer, rec) = Current();
        var pupil = LoadPupils(decision.Subject).SingleOrDefault() ?? throw new KeyNotFoundException("pupil not found");
        var today = Today();
        foreach (var (k, v) in Rectification(model, pupil.Row, corrections))
        {
            pupil.Row[k] = v;
            pupil.Rectified[k] = today;
        }
        var x = Encode(model, pupil.Row);
        var raw = model.RawScores([x])[0];
        var prob = model.Probability(raw);
        var d = BuildDecision(pupil, x, raw, prob, decision.RankPosition, rec, explainer, prob >= rec.Facts.Threshold ? "flagged" : "not_flagged", decision.Decider, clock.GetUtcNow());
        return new RescoreResult(raw, prob, d.Outcome, d.Inputs, d.Contributions, d.Baseline);
    }

    /// <summary>Stores the rectified values in the pupil's row, inside the objection decision's transaction.</summary>
    public void Rectify(DbConnection c, DbTransaction tx, DecisionRecord decision, IReadOnlyDictionary<string, string?> corrections, string actor)
    {
        var (model, _, _) = Current();
        var stored = c.Query(tx, "SELECT row_json, rectified_json FROM edu_pupils WHERE subject = @s", r => (Row: r.S("row_json"), Rectified: r.Str("rectified_json")),
            ("@s", decision.Subject)).SingleOrDefault();
        if (stored.Row is null) throw new KeyNotFoundException("pupil not found");
        var row = JsonSerializer.Deserialize<Dictionary<string, string?>>(stored.Row, Json)!;
        var dates = stored.Rectified is { } rj ? JsonSerializer.Deserialize<Dictionary<string, string>>(rj, Json)! : new Dictionary<string, string>(StringComparer.Ordinal);
        var applied = Rectification(model, row, corrections);
        var today = Today();
        foreach (var (k, v) in applied)
        {
            row[k] = v;
            dates[k] = today;
        }
        c.Execute(tx, "UPDATE edu_pupils SET row_json = @r, rectified_json = @d WHERE subject = @s", ("@r", JsonSerializer.Serialize(row, Json)),
            ("@d", JsonSerializer.Serialize(dates, Json)), ("@s", decision.Subject));
        audit.Append(c, tx, actor, "personal_data.rectified", "edu_pupils", decision.Subject, decision.Subject, "fields=" + string.Join(',', applied.Keys));
    }

    private string Today() => clock.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// The values a rectification writes: each correction checked (a model input; a number within
    /// <see cref="DropoutAlgorithm.NumericDomains"/>, or a category the model knows; empty = unknown), and a corrected
    /// absence count moving its absence rate with it (same term length) unless the rate is corrected too.
    /// </summary>
    /// <exception cref="DataInputException">A field that is not an input, or a value outside its domain.</exception>
    internal static Dictionary<string, string?> Rectification(TabularModel model, IReadOnlyDictionary<string, string?> row,
        IReadOnlyDictionary<string, string?> corrections)
    {
        var specs = model.Schema.Features.Where(f => f.Derivation is null).ToDictionary(f => f.Name, StringComparer.Ordinal);
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (k, raw) in corrections)
        {
            if (!specs.TryGetValue(k, out var spec)) throw new DataInputException(null, null, k, $"'{k}' is not a model input");
            var v = string.IsNullOrWhiteSpace(raw) ? null : raw.Trim();
            if (v is not null && spec.Kind == ColumnKind.Categorical && !spec.Categories.Contains(v, StringComparer.Ordinal))
                throw new DataInputException(null, null, k, $"'{v}' is not a known value of '{k}' (known: {string.Join(", ", spec.Categories.Take(12))})");
            if (v is not null && spec.Kind == ColumnKind.Numeric)
            {
                if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
                    throw new DataInputException(null, null, k, $"'{v}' is not a number");
                if (DropoutAlgorithm.NumericDomains.TryGetValue(k, out var dom))
                {
                    if (number < dom.Min || number > dom.Max)
                        throw new DataInputException(null, null, k, $"{v} is outside the plausible range of '{k}' ({dom.Min.ToString(CultureInfo.InvariantCulture)} to {dom.Max.ToString(CultureInfo.InvariantCulture)})");
                    if (dom.Integer && number != Math.Floor(number)) throw new DataInputException(null, null, k, $"'{k}' is a whole number, got {v}");
                }
            }
            result[k] = v;
        }
        if (result.TryGetValue("absence_days", out var days) && !result.ContainsKey("absence_rate") && specs.ContainsKey("absence_rate"))
        {
            static double? Num(string? s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
            var (oldDays, oldRate) = (Num(row.GetValueOrDefault("absence_days")), Num(row.GetValueOrDefault("absence_rate")));
            var term = oldDays > 0 && oldRate > 0 ? oldDays.Value / oldRate.Value : DropoutAlgorithm.TermDays;
            if (Num(days) is { } newDays && newDays > Math.Round(term))
                throw new DataInputException(null, null, "absence_days", $"{days} days absent is more than the {Math.Round(term).ToString(CultureInfo.InvariantCulture)} school days of the term");
            result["absence_rate"] = Num(days) is { } nd ? Math.Round(nd / term, 4).ToString("0.####", CultureInfo.InvariantCulture) : null;
        }
        return result;
    }

    private DecisionRecord BuildDecision(Pupil p, float[] x, double raw, double prob, long? rank, ModelRecord rec, TabularExplainer explainer,
        string outcome, string decider, DateTimeOffset at)
    {
        var e = explainer.Explain(x);
        if (Math.Abs(e.Prediction - raw) > 1e-4)
            throw new InvalidOperationException($"explanation model disagrees with the scorer ({e.Prediction:R} vs {raw:R})");
        var names = explainer.FeatureNames;
        // Contributions are exact for the explained margin; the decision stores that margin as its raw score.
        var inputs = names.Select(n => new DecisionInput(n, p.Row.GetValueOrDefault(n),
            DropoutAlgorithm.Descriptor.FeatureSources.TryGetValue(n, out var source) ? source.En : "register", p.AsOf(n))).ToList();
        var contributions = names.Select((n, j) => new Contribution(n, e.Values[j])).ToList();
        return new DecisionRecord("DEC-" + Guid.NewGuid().ToString("n")[..16].ToUpperInvariant(), p.Subject, "education", DropoutAlgorithm.Id,
            rec.Id, rec.Version, rec.ContentHash, inputs, e.Prediction, e.Baseline, prob, rec.Facts.Threshold, outcome, rank,
            AutomationLevels.ModelRecommendsHumanDecides, decider, new DecisionScope(p.Region, p.Province, p.SchoolId),
            new Dictionary<string, string> { ["sex"] = p.Sex, ["milieu"] = p.Milieu, ["region"] = p.Region }, contributions, at);
    }

    private (TabularModel, TabularExplainer, ModelRecord) Current()
    {
        var rec = models.InUse(DropoutAlgorithm.Id) ?? throw new InvalidOperationException("no dropout model is in use: train one first");
        lock (_gate)
        {
            if (_model is null || _record?.Id != rec.Id)
            {
                // The file must be the artefact the register names: refuse to score with anything else.
                if (Hash(rec.Path) != rec.ContentHash) throw new InvalidOperationException($"model file {rec.Path} does not match its registered hash");
                _model = TabularModel.Load(rec.Path);
                _explainer = TabularExplainer.Create(_model);
                _record = rec;
            }
            return (_model, _explainer!, rec);
        }
    }

    /// <summary>Applies the module's migrations once per service instance.</summary>
    private void EnsureSchema()
    {
        if (_schemaReady) return;
        Migrations.Apply(db, "education", Schema);
        _schemaReady = true;
    }

    /// <param name="ImportedOn">Date (yyyy-MM-dd) of the import that brought the row.</param>
    /// <param name="Rectified">Feature → date (yyyy-MM-dd) of its rectification after an objection.</param>
    internal sealed record Pupil(string Subject, string SchoolId, string Province, string Region, string Milieu, string Sex, Dictionary<string, string?> Row,
        string ImportedOn, Dictionary<string, string> Rectified)
    {
        /// <summary>Date of a value (notice field 8): its rectification date, else the import date.</summary>
        public string AsOf(string feature) => Rectified.GetValueOrDefault(feature) ?? ImportedOn;
    }

    private List<Pupil> LoadPupils(string? subject = null)
    {
        EnsureSchema();
        using var c = db.OpenConnection();
        return c.Query(null, "SELECT * FROM edu_pupils" + (subject is null ? "" : " WHERE subject = @s") + " ORDER BY subject",
            r => new Pupil(r.S("subject"), r.S("school_id"), r.S("province"), r.S("region"), r.S("milieu"), r.S("sex"),
                JsonSerializer.Deserialize<Dictionary<string, string?>>(r.S("row_json"), Json)!, r.S("imported_at")[..10],
                r.Str("rectified_json") is { } rect
                    ? JsonSerializer.Deserialize<Dictionary<string, string>>(rect, Json)!
                    : new Dictionary<string, string>(StringComparer.Ordinal)),
            ("@s", subject));
    }

    private static float[] Encode(TabularModel model, IReadOnlyDictionary<string, string?> row)
    {
        var specs = model.Schema.Features;
        var x = new float[specs.Count];
        for (var f = 0; f < specs.Count; f++)
        {
            if (specs[f].Derivation is { } derived) x[f] = (float)derived.Evaluate(c => Number(c, row.GetValueOrDefault(c)));
            else if (specs[f].Kind == ColumnKind.Categorical) x[f] = specs[f].Code(row.GetValueOrDefault(specs[f].Name));
            else x[f] = (float)Number(specs[f].Name, row.GetValueOrDefault(specs[f].Name));
        }
        return x;
    }

    private static double Number(string column, string? v)
    {
        if (v is null || TabularReader.MissingTokens.Contains(v)) return double.NaN;
        if (double.TryParse(v, System.Globalization.NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        throw new DataInputException(null, null, column, $"non-numeric value '{v}'");
    }

    internal static string Hash(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(s));
    }
}
