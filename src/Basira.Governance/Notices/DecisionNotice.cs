using System.Globalization;
using Basira.Governance.Decisions;
using Basira.Governance.Models;
using Basira.Governance.Objections;

namespace Basira.Governance.Notices;

/// <summary>
/// One factor of the decision: the feature, the person's value, where it comes from and as of when (field 8), its exact
/// contribution and a plain sentence.
/// </summary>
/// <remarks>
/// <see cref="Value"/> is the value as recorded (for the API); <see cref="ValueText"/> is how the notice says it to a
/// person in its language (the algorithm's <see cref="AlgorithmDescriptor.FeatureValues"/>): the words in the level-1
/// top factors, the words and the exact value in the level-2 data used when the words do not carry it.
/// </remarks>
public sealed record NoticeFactor(string Feature, string Label, string? Value, string Source, string? AsOf, double Contribution, string Sentence)
{
    public string? ValueText { get; init; }
}

/// <summary>
/// The per-decision notice of TRANSPARENCY.md §1a (fields 1–18). <see cref="Level"/> is "L1" (always shown: the
/// letter or screen) or "L2" (the full rules as applied to the person). L2 fields are null in an L1 notice.
/// </summary>
public sealed record DecisionNotice
{
    public required string Level { get; init; }
    public required string Language { get; init; }
    public required string Direction { get; init; }
    public required string DecisionId { get; init; }
    public required DateTimeOffset IssuedAt { get; init; }
    public required string IssuingAuthority { get; init; }
    public required string ControllerContact { get; init; }
    public required string DpoContact { get; init; }
    public required string AlgorithmicProcessingMention { get; init; }
    public required string Purpose { get; init; }
    public required string DecisionOutcome { get; init; }
    public required string LegalEffect { get; init; }
    public required string DegreeOfAutomation { get; init; }
    public required string DegreeOfAutomationText { get; init; }
    public required string HumanDecider { get; init; }
    public required IReadOnlyList<NoticeFactor> TopFactors { get; init; }
    public required string ModelReference { get; init; }
    public required string ModelVersion { get; init; }
    public required string ModelHash { get; init; }
    public required string Rights { get; init; }
    public required string ObjectionLink { get; init; }
    public required DateTimeOffset ObjectionDeadline { get; init; }
    public required string StatusNow { get; init; }
    // L2
    public string? ModeOfContribution { get; init; }
    public IReadOnlyList<NoticeFactor>? DataUsed { get; init; }
    public ParametersApplied? ParametersApplied { get; init; }
    public IReadOnlyList<string>? Operations { get; init; }
    public string? Uncertainty { get; init; }
    public string? FairnessStatement { get; init; }
    public IReadOnlyList<string>? WithheldItems { get; init; }
    public string? Counterfactual { get; init; }
}

/// <summary>Field 9 in full: every contribution, the baseline, the raw score, the probability and the threshold.</summary>
public sealed record ParametersApplied(double Baseline, double RawScore, double Probability, double Threshold, string Space,
    IReadOnlyList<Contribution> Contributions, double SumOfContributions)
{
    /// <summary>The space of the baseline, the raw score and the contributions: a technical name for API clients, the same in every language.</summary>
    public const string LogOddsSpace = "log-odds (raw score)";
}

/// <summary>Builds notices in French, Arabic (right to left) or English from the decision record and the register.</summary>
public static class NoticeBuilder
{
    public const int TopK = 3;

    public static DecisionNotice Build(string level, string lang, DecisionRecord d, AlgorithmDescriptor a, ModelRecord? model,
        StoredAudit? audit, string currentOutcome, IReadOnlyList<Objection> objections, string objectionLink)
    {
        lang = NormalizeLanguage(lang);
        var l2 = level == "L2";
        var inputs = d.Inputs.ToDictionary(i => i.Feature, StringComparer.Ordinal);
        // Level 1 (top factors) says the values in words; level 2 (data used) adds the exact value where the words do not carry it.
        List<NoticeFactor> Factors(bool withExact) => d.Contributions
            .OrderByDescending(c => Math.Abs(c.Value)).ThenBy(c => c.Feature, StringComparer.Ordinal)
            .Select(c => Factor(lang, withExact, a, c, inputs.TryGetValue(c.Feature, out var i) ? i : null))
            .ToList();
        var outcomeText = currentOutcome == d.Outcome
            ? OutcomeText(lang, a, d.Outcome)
            : string.Format(CultureInfo.InvariantCulture, T(a, lang, "outcome_after_review"), OutcomeText(lang, a, currentOutcome));
        var openObjection = objections.LastOrDefault(o => o.State != ObjectionStates.Closed);
        return new DecisionNotice
        {
            Level = l2 ? "L2" : "L1",
            Language = lang,
            Direction = lang == "ar" ? "rtl" : "ltr",
            DecisionId = d.Id,
            IssuedAt = d.CreatedAt,
            IssuingAuthority = string.Format(CultureInfo.InvariantCulture, T(a, lang, "authority"), a.Organization.In(lang), a.Department.In(lang)),
            ControllerContact = a.Contact,
            DpoContact = a.DpoContact,
            AlgorithmicProcessingMention = string.Format(CultureInfo.InvariantCulture, T(a, lang, "mention"), a.Name.In(lang)),
            Purpose = a.Purpose.In(lang),
            DecisionOutcome = outcomeText,
            LegalEffect = a.LegalEffect.In(lang),
            DegreeOfAutomation = d.AutomationLevel,
            DegreeOfAutomationText = T(a, lang, d.AutomationLevel),
            HumanDecider = T(a, lang, "decider_role"),
            TopFactors = Factors(withExact: false).Take(TopK).ToList(),
            ModelReference = $"/register#{a.Algorithm}",
            ModelVersion = d.ModelVersion,
            ModelHash = d.ModelHash,
            Rights = T(a, lang, "rights"),
            ObjectionLink = objectionLink,
            ObjectionDeadline = d.CreatedAt + ObjectionService.ObjectionWindow,
            StatusNow = openObjection is null ? T(a, lang, "status_final") : string.Format(CultureInfo.InvariantCulture, T(a, lang, "status_objection"), openObjection.Id, T(a, lang, "state_" + openObjection.State)),
            ModeOfContribution = l2 ? string.Format(CultureInfo.InvariantCulture, T(a, lang, "mode"), d.Output, d.Threshold, d.RankPosition?.ToString(CultureInfo.InvariantCulture) ?? T(a, lang, "rank_none")) : null,
            DataUsed = l2 ? Factors(withExact: true).OrderBy(f => f.Feature, StringComparer.Ordinal).ToList() : null,
            ParametersApplied = l2 ? new ParametersApplied(d.Baseline, d.RawScore, d.Output, d.Threshold, ParametersApplied.LogOddsSpace, d.Contributions, d.Contributions.Sum(c => c.Value)) : null,
            Operations = l2 ? a.Operations.Select(o => o.In(lang)).ToList() : null,
            Uncertainty = l2 ? Uncertainty(a, lang, d.Output, d.Threshold) : null,
            FairnessStatement = l2 ? Fairness(a, lang, audit) : null,
            WithheldItems = l2 ? [T(a, lang, "withheld_none")] : null,
            Counterfactual = l2 ? CounterfactualText(lang, a, d) : null,
        };
    }

    private static string? CounterfactualText(string lang, AlgorithmDescriptor a, DecisionRecord d)
    {
        if (d.Counterfactual is not { } cf) return null;
        if (cf.Changes.Count == 0) return string.Format(CultureInfo.InvariantCulture, T(a, lang, "counterfactual_none"), cf.Probability, cf.Threshold);
        var changes = string.Join(T(a, lang, "counterfactual_and"), cf.Changes.Select(c => string.Format(CultureInfo.InvariantCulture,
            T(a, lang, "counterfactual_change"), a.FeatureLabels.TryGetValue(c.Feature, out var l) ? l.In(lang) : c.Feature,
            SayValue(lang, true, a, c.Feature, c.From), SayValue(lang, true, a, c.Feature, c.To))));
        return string.Format(CultureInfo.InvariantCulture, T(a, lang, "counterfactual"), changes, cf.Probability, cf.Threshold);
    }

    public static string NormalizeLanguage(string? lang) => lang?.ToLowerInvariant() switch
    {
        "ar" or "ar-ma" => "ar",
        "en" or "en-us" or "en-gb" => "en",
        _ => "fr",
    };

    private static NoticeFactor Factor(string lang, bool withExact, AlgorithmDescriptor a, Contribution c, DecisionInput? input)
    {
        var label = a.FeatureLabels.TryGetValue(c.Feature, out var l) ? l.In(lang) : c.Feature;
        var value = SayValue(lang, withExact, a, c.Feature, input?.Value);
        var key = c.Value > 0 ? "raises" : c.Value < 0 ? "lowers" : "neutral";
        var sentence = string.Format(CultureInfo.InvariantCulture, T(a, lang, key), label, value);
        var source = a.FeatureSources.TryGetValue(c.Feature, out var s) ? s.In(lang) : input?.Source ?? "";
        return new NoticeFactor(c.Feature, label, input?.Value, source, input?.AsOf, c.Value, sentence) { ValueText = value };
    }

    /// <summary>
    /// A recorded value as the reader is told it: the algorithm's words for it (level 1), with the exact value beside
    /// them in level 2 when the words do not carry it; "not recorded" for a missing value; the value as recorded when
    /// the algorithm declares no words for it.
    /// </summary>
    public static string SayValue(string lang, bool withExact, AlgorithmDescriptor a, string feature, string? raw)
    {
        lang = NormalizeLanguage(lang);
        if (raw is null) return T(lang, "missing");
        if (!a.FeatureValues.TryGetValue(feature, out var words) || words.Say(raw, lang) is not { } said) return raw;
        return withExact && !said.IsExact
            ? string.Format(CultureInfo.InvariantCulture, T(lang, "value_with_exact"), said.Text, FeatureValueWords.Exact(raw, lang))
            : said.Text;
    }

    private static string OutcomeText(string lang, AlgorithmDescriptor a, string outcome) =>
        outcome is "flagged" or "recommended" or "eligible" ? a.DecisionOutcomePositive.In(lang)
        : outcome is "not_flagged" or "not_recommended" or "not_eligible" ? a.DecisionOutcomeNegative.In(lang)
        : outcome;

    private static string Uncertainty(AlgorithmDescriptor a, string lang, double p, double threshold)
    {
        var margin = Math.Abs(p - threshold);
        var low = margin < 0.05;
        return string.Format(CultureInfo.InvariantCulture, T(a, lang, low ? "uncertain_low" : "uncertain_ok"), p, threshold);
    }

    private static string Fairness(AlgorithmDescriptor a, string lang, StoredAudit? audit) => audit is null
        ? T(a, lang, "fairness_none")
        : string.Format(CultureInfo.InvariantCulture, T(a, lang, "fairness"), audit.RunAt, T(a, lang, "fairness_status_" + audit.Status));

    /// <summary>Notice texts by stable key (see <see cref="NoticeTexts"/>); {0}/{1} are filled by the builder.</summary>
    public static string T(string lang, string key) => NoticeTexts.Get(lang, key);

    /// <summary>The algorithm's own wording of a notice text (<see cref="AlgorithmDescriptor.NoticeTexts"/>), else the kernel's.</summary>
    public static string T(AlgorithmDescriptor a, string lang, string key) =>
        a.NoticeTexts.TryGetValue(key, out var own) ? own.In(lang) : NoticeTexts.Get(lang, key);
}
