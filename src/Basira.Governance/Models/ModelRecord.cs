namespace Basira.Governance.Models;

/// <summary>
/// The static, human-written part of a register entry (TRANSPARENCY.md §1b), supplied by the domain module that owns
/// the algorithm. The live part (version, hash, performance, fairness) comes from the trained model and its audits.
/// </summary>
public sealed record AlgorithmDescriptor
{
    public required string Algorithm { get; init; }
    public required string Domain { get; init; }
    public required LocalizedText Name { get; init; }
    public required LocalizedText DescriptionShort { get; init; }
    public required LocalizedText Purpose { get; init; }
    public required LocalizedText DecisionOutcomePositive { get; init; }
    public required LocalizedText DecisionOutcomeNegative { get; init; }
    public required LocalizedText LegalEffect { get; init; }
    public required LocalizedText Organization { get; init; }
    public required LocalizedText Department { get; init; }
    public required string Contact { get; init; }
    public required string DpoContact { get; init; }
    public required string RiskCategory { get; init; }
    public required LocalizedText RiskJustification { get; init; }
    public required LocalizedText Goal { get; init; }
    public required LocalizedText Impact { get; init; }
    public required LocalizedText DecisionMakingProcess { get; init; }
    public required LocalizedText Proportionality { get; init; }
    public required LocalizedText AlternativesConsidered { get; init; }
    public required LocalizedText LawfulBasis { get; init; }
    public required LocalizedText CndpReference { get; init; }
    public required LocalizedText SourceData { get; init; }
    public required LocalizedText DataBias { get; init; }
    public required LocalizedText PersonalData { get; init; }
    public required LocalizedText HumanIntervention { get; init; }
    public required LocalizedText Rollback { get; init; }
    public required LocalizedText Risks { get; init; }
    public required LocalizedText ImpactAssessments { get; init; }
    public required LocalizedText Monitoring { get; init; }
    public required LocalizedText IntendedUse { get; init; }
    public required LocalizedText OutOfScopeUses { get; init; }
    public required LocalizedText EthicalConsiderations { get; init; }
    public required LocalizedText Caveats { get; init; }
    public required string AutomationLevel { get; init; }
    public required LocalizedText SelectionMeaning { get; init; }
    public required IReadOnlyList<string> ProtectedAttributes { get; init; }
    /// <summary>Notice field 10: the operations carried out, in order, per language.</summary>
    public required IReadOnlyList<LocalizedText> Operations { get; init; }
    /// <summary>Plain-language label of each model feature, per language (fr, ar, en).</summary>
    public required IReadOnlyDictionary<string, LocalizedText> FeatureLabels { get; init; }
    /// <summary>Where each feature's value comes from (register, form, derived…), per language (notice field 8).</summary>
    public required IReadOnlyDictionary<string, LocalizedText> FeatureSources { get; init; }

    /// <summary>
    /// How each feature's value is said to a person (notice levels 1 and 2, the counterfactual): a label per category
    /// code, a number with its unit, or named bands with documented cut points (<see cref="FeatureValueWords"/>). A
    /// feature without an entry is shown as recorded; a module's tests check there is none with
    /// <see cref="FeatureValueWordsCheck"/>.
    /// </summary>
    public IReadOnlyDictionary<string, FeatureValueWords> FeatureValues { get; init; } = new Dictionary<string, FeatureValueWords>();

    /// <summary>
    /// The algorithm's own wording of some of the notice's fixed texts, by their key in <c>NoticeTexts.resx</c> (same
    /// placeholders): e.g. "raises" / "mode" / "decider_role" for a ranking that is not a probability. Keys not given keep
    /// the kernel's wording.
    /// </summary>
    public IReadOnlyDictionary<string, LocalizedText> NoticeTexts { get; init; } = new Dictionary<string, LocalizedText>();

    /// <summary>Plain-language description of each kind of learner the algorithm trains, keyed by <see cref="ModelFacts.LearnerCode"/>.</summary>
    public IReadOnlyDictionary<string, LocalizedText> Learners { get; init; } = new Dictionary<string, LocalizedText>();

    /// <summary>
    /// The model card's training-data sentence, filled from a model's facts: <c>{file}</c>, <c>{training_rows}</c>,
    /// <c>{holdout_rows}</c>, <c>{seed}</c> (see <see cref="ModelFactTexts"/>). Null: the sentence stored with the model is shown.
    /// </summary>
    public LocalizedText? TrainingDataTemplate { get; init; }

    /// <summary>The model card's evaluation-protocol sentence, with the same placeholders as <see cref="TrainingDataTemplate"/>.</summary>
    public LocalizedText? PerformanceProtocolTemplate { get; init; }
}

/// <summary>A text in French, Arabic and English.</summary>
public sealed record LocalizedText(string Fr, string Ar, string En)
{
    public string In(string lang) => lang switch { "ar" => Ar, "en" => En, _ => Fr };
}

/// <summary>A trained, versioned model artefact known to the register.</summary>
public sealed record ModelRecord(
    string Id,
    string Algorithm,
    string Version,
    string ContentHash,
    string Path,
    DateTimeOffset TrainedAt,
    string Status,
    ModelFacts Facts);

/// <summary>Measured facts about a trained model, stored with it and shown in the register's model card.</summary>
public sealed record ModelFacts
{
    public required string Learner { get; init; }
    public required int Trees { get; init; }
    public required int LeavesPerTree { get; init; }
    public required IReadOnlyList<string> Features { get; init; }
    public required long TrainingRows { get; init; }
    public required string TrainingData { get; init; }
    public required IReadOnlyDictionary<string, double?> Performance { get; init; }
    public required string PerformanceProtocol { get; init; }
    public required double Threshold { get; init; }
    public IReadOnlyDictionary<string, string> HyperParameters { get; init; } = new Dictionary<string, string>();

    // The parts the register phrases per language with the descriptor's templates. Facts stored before these existed
    // have them null, and the register then shows the English sentences above (Learner, TrainingData, PerformanceProtocol).

    /// <summary>Kind of learner, a key of <see cref="AlgorithmDescriptor.Learners"/>.</summary>
    public string? LearnerCode { get; init; }
    /// <summary>Name of the file the model was trained on, without its folder.</summary>
    public string? TrainingFile { get; init; }
    /// <summary>Seed of the stratified split into training rows and hold-out rows.</summary>
    public int? SplitSeed { get; init; }
    /// <summary>Rows of the hold-out the performance was measured on.</summary>
    public long? HoldoutRows { get; init; }

    /// <summary>The hold-out ROC curve as [false positive rate, true positive rate] points (null for older models).</summary>
    public IReadOnlyList<double[]>? RocCurve { get; init; }

    /// <summary>
    /// The hold-out reliability diagram: one [mean predicted probability, observed rate, rows] triple per non-empty bin
    /// of ten equal-width bins (null for older models).
    /// </summary>
    public IReadOnlyList<double[]>? Calibration { get; init; }
}

/// <summary>
/// The model card's sentences about a trained model (learner, training data, evaluation protocol) in one language:
/// the descriptor's templates filled with the model's facts, or the English sentences stored with older models.
/// </summary>
public static class ModelFactTexts
{
    public static string Learner(AlgorithmDescriptor a, ModelFacts f, string lang) =>
        f.LearnerCode is { } code && a.Learners.TryGetValue(code, out var t) ? t.In(lang) : f.Learner;

    public static string TrainingData(AlgorithmDescriptor a, ModelFacts f, string lang) =>
        Fill(a.TrainingDataTemplate, f, lang) ?? f.TrainingData;

    public static string PerformanceProtocol(AlgorithmDescriptor a, ModelFacts f, string lang) =>
        Fill(a.PerformanceProtocolTemplate, f, lang) ?? f.PerformanceProtocol;

    /// <summary>The placeholders a template may use.</summary>
    public static readonly IReadOnlyList<string> Placeholders = ["{file}", "{training_rows}", "{holdout_rows}", "{seed}"];

    /// <summary>
    /// The template in <paramref name="lang"/> with its placeholders filled; null (the stored sentence is shown) when it
    /// names a fact this model does not have. A template without placeholders (a rule, not a learned model) always applies.
    /// </summary>
    private static string? Fill(LocalizedText? template, ModelFacts f, string lang)
    {
        if (template is null) return null;
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var text = template.In(lang);
        foreach (var placeholder in Placeholders)
        {
            if (!text.Contains(placeholder, StringComparison.Ordinal)) continue;
            var value = placeholder switch
            {
                "{file}" => f.TrainingFile,
                "{training_rows}" => f.TrainingRows.ToString(inv),
                "{holdout_rows}" => f.HoldoutRows?.ToString(inv),
                _ => f.SplitSeed?.ToString(inv),
            };
            if (value is null) return null;
            text = text.Replace(placeholder, value, StringComparison.Ordinal);
        }
        return text;
    }
}
