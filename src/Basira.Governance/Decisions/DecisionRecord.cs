namespace Basira.Governance.Decisions;

/// <summary>Degree of automation of a decision (TRANSPARENCY.md §1a field 6; law 09-08 art. 11).</summary>
public static class AutomationLevels
{
    public const string FullyAutomated = "fully_automated";
    public const string ModelRecommendsHumanDecides = "model_recommendation_human_decides";
    public const string ModelInformsOnly = "model_informs_only";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { FullyAutomated, ModelRecommendsHumanDecides, ModelInformsOnly };
}

/// <summary>One data item about the person that the model used, with its value and source (notice field 8).</summary>
/// <param name="Feature">Model input name.</param>
/// <param name="Value">The person's value as used (null = missing).</param>
/// <param name="Source">Where the value comes from.</param>
/// <param name="AsOf">Date (yyyy-MM-dd) the value was recorded or last rectified (notice field 8); null in records written before it existed.</param>
public sealed record DecisionInput(string Feature, string? Value, string Source, string? AsOf = null);

/// <summary>One feature's exact TreeSHAP contribution to the raw score (notice field 9).</summary>
public sealed record Contribution(string Feature, double Value);

/// <summary>Organisational scope of a decision, used by the access policy.</summary>
public sealed record DecisionScope(string? Region, string? Province, string? Unit);

/// <summary>Decisions recorded in one area (region or province code) and how many of them proposed support.</summary>
public sealed record AreaCount(string Area, long Decisions, long Proposed);

/// <summary>
/// The append-only record of one algorithmic decision about a person. Never updated: later outcomes (after human
/// review or re-scoring) are <see cref="DecisionRevision"/> rows.
/// </summary>
public sealed record DecisionRecord(
    string Id,
    string Subject,
    string Domain,
    string Algorithm,
    string ModelId,
    string ModelVersion,
    string ModelHash,
    IReadOnlyList<DecisionInput> Inputs,
    double RawScore,
    double Baseline,
    double Output,
    double Threshold,
    string Outcome,
    long? RankPosition,
    string AutomationLevel,
    string Decider,
    DecisionScope Scope,
    IReadOnlyDictionary<string, string> Groups,
    IReadOnlyList<Contribution> Contributions,
    DateTimeOffset CreatedAt)
{
    /// <summary>Local accuracy tolerance of the explanation of record.</summary>
    public const double AdditivityTolerance = 1e-6;

    /// <summary>
    /// Notice field 12: the nearest change of actionable inputs that flips the outcome, checked by re-scoring with the
    /// model of record; null when none was searched or none exists within the permitted ranges.
    /// </summary>
    public Counterfactual? Counterfactual { get; init; }

    /// <summary>Checks the notice invariants: contributions sum to raw score − baseline; inputs and contributions name the same features.</summary>
    public void Validate()
    {
        if (!AutomationLevels.All.Contains(AutomationLevel))
            throw new InvalidOperationException($"Unknown automation level '{AutomationLevel}'.");
        var sum = Contributions.Sum(c => c.Value);
        if (Math.Abs(sum - (RawScore - Baseline)) > AdditivityTolerance * Math.Max(1, Math.Abs(RawScore)))
            throw new InvalidOperationException($"Explanation is not additive: sum {sum:R} vs raw score − baseline {RawScore - Baseline:R}.");
        var a = Inputs.Select(i => i.Feature).ToHashSet(StringComparer.Ordinal);
        var b = Contributions.Select(c => c.Feature).ToHashSet(StringComparer.Ordinal);
        if (!a.SetEquals(b))
            throw new InvalidOperationException("The data used and the contributions must name exactly the same features.");
        if (Counterfactual is { } cf)
        {
            if (cf.Threshold != Threshold) throw new InvalidOperationException("A counterfactual uses the decision's threshold.");
            foreach (var ch in cf.Changes)
            {
                if (Groups.ContainsKey(ch.Feature))
                    throw new InvalidOperationException($"A counterfactual never changes a protected attribute ('{ch.Feature}').");
                if (!a.Contains(ch.Feature))
                    throw new InvalidOperationException($"A counterfactual changes only inputs of the decision ('{ch.Feature}' is not one).");
            }
            if (cf.Changes.Count > 0 && Output >= Threshold == cf.Probability >= cf.Threshold)
                throw new InvalidOperationException("A counterfactual must land on the other side of the decision's threshold.");
            if (cf.Changes.Count == 0 && Output >= Threshold != cf.Probability >= cf.Threshold)
                throw new InvalidOperationException("A search without a counterfactual reports a probability on the decision's side of the threshold.");
        }
    }
}

/// <summary>One input change of a counterfactual.</summary>
/// <param name="Feature">Input (model feature).</param>
/// <param name="From">The person's value.</param>
/// <param name="To">The value that, with the other changes, flips the outcome.</param>
public sealed record CounterfactualChange(string Feature, string? From, string To);

/// <summary>
/// The nearest actionable change that flips the outcome (TRANSPARENCY.md §1a field 12), with its check. No changes means
/// the search found none within the permitted ranges; <see cref="Probability"/> is then the closest it came.
/// </summary>
/// <param name="Changes">Changed inputs (mutable, actionable features only; never a protected attribute).</param>
/// <param name="Probability">Probability given by the model of record for the changed inputs (the validity check).</param>
/// <param name="Threshold">Decision threshold the probability is compared with.</param>
/// <param name="Cost">Size of the change: Σ |Δ| / spread of the feature (median absolute deviation of the training rows).</param>
public sealed record Counterfactual(IReadOnlyList<CounterfactualChange> Changes, double Probability, double Threshold, double Cost);

/// <summary>A later state of a decision: human confirmation, review outcome, re-scoring after rectification.</summary>
public sealed record DecisionRevision(string Id, string DecisionId, long Seq, string Kind, string Outcome, string Actor,
    string Reason, string DetailsJson, DateTimeOffset CreatedAt);

/// <summary>Kinds of decision revision.</summary>
public static class RevisionKinds
{
    public const string HumanDecision = "human_decision";
    public const string ReviewOutcome = "review_outcome";
    public const string Rescored = "rescored";
}

/// <summary>Result of <see cref="DecisionStore.VerifyContent"/>.</summary>
/// <param name="Intact">Every decision matches the content hash in its audit entry, and none is missing or unrecorded.</param>
/// <param name="Checked">Decisions whose content hash was compared.</param>
/// <param name="WithoutHash">Decisions recorded before audit entries carried a content hash (existence checked only).</param>
/// <param name="FirstBrokenDecision">The first decision found altered, missing or unrecorded.</param>
/// <param name="Problem">What is wrong with it.</param>
public sealed record DecisionContentVerification(bool Intact, int Checked, int WithoutHash, string? FirstBrokenDecision, string? Problem);
