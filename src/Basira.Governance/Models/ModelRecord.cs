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
    public required string RiskJustification { get; init; }
    public required string Goal { get; init; }
    public required string Impact { get; init; }
    public required string DecisionMakingProcess { get; init; }
    public required string Proportionality { get; init; }
    public required string AlternativesConsidered { get; init; }
    public required string LawfulBasis { get; init; }
    public required string CndpReference { get; init; }
    public required string SourceData { get; init; }
    public required string DataBias { get; init; }
    public required string PersonalData { get; init; }
    public required string HumanIntervention { get; init; }
    public required string Rollback { get; init; }
    public required string Risks { get; init; }
    public required string ImpactAssessments { get; init; }
    public required string Monitoring { get; init; }
    public required string IntendedUse { get; init; }
    public required string OutOfScopeUses { get; init; }
    public required string EthicalConsiderations { get; init; }
    public required string Caveats { get; init; }
    public required string AutomationLevel { get; init; }
    public required string SelectionMeaning { get; init; }
    public required IReadOnlyList<string> ProtectedAttributes { get; init; }
    /// <summary>Notice field 10: the operations carried out, in order, per language.</summary>
    public required IReadOnlyList<LocalizedText> Operations { get; init; }
    /// <summary>Plain-language label of each model feature, per language (fr, ar, en).</summary>
    public required IReadOnlyDictionary<string, LocalizedText> FeatureLabels { get; init; }
    /// <summary>Where each feature's value comes from (register, form, derived…), per language (notice field 8).</summary>
    public required IReadOnlyDictionary<string, LocalizedText> FeatureSources { get; init; }
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
}
