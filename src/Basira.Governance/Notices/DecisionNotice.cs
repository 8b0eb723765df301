using System.Globalization;
using Basira.Governance.Decisions;
using Basira.Governance.Models;
using Basira.Governance.Objections;

namespace Basira.Governance.Notices;

/// <summary>
/// One factor of the decision: the feature, the person's value, where it comes from and as of when (field 8), its exact
/// contribution and a plain sentence.
/// </summary>
public sealed record NoticeFactor(string Feature, string Label, string? Value, string Source, string? AsOf, double Contribution, string Sentence);

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
    IReadOnlyList<Contribution> Contributions, double SumOfContributions);

/// <summary>Builds notices in French, Arabic (right to left) or English from the decision record and the register.</summary>
public static class NoticeBuilder
{
    public const int TopK = 3;

    public static DecisionNotice Build(string level, string lang, DecisionRecord d, AlgorithmDescriptor a, ModelRecord? model,
        StoredAudit? audit, string currentOutcome, IReadOnlyList<Objection> objections, string objectionLink)
    {
        lang = NormalizeLanguage(lang);
        var inputs = d.Inputs.ToDictionary(i => i.Feature, StringComparer.Ordinal);
        var factors = d.Contributions
            .OrderByDescending(c => Math.Abs(c.Value)).ThenBy(c => c.Feature, StringComparer.Ordinal)
            .Select(c => Factor(lang, a, c, inputs.TryGetValue(c.Feature, out var i) ? i : null))
            .ToList();
        var l2 = level == "L2";
        var outcomeText = currentOutcome == d.Outcome
            ? OutcomeText(lang, a, d.Outcome)
            : $"{OutcomeText(lang, a, currentOutcome)} ({T(lang, "after_review")})";
        var openObjection = objections.LastOrDefault(o => o.State != ObjectionStates.Closed);
        return new DecisionNotice
        {
            Level = l2 ? "L2" : "L1",
            Language = lang,
            Direction = lang == "ar" ? "rtl" : "ltr",
            DecisionId = d.Id,
            IssuedAt = d.CreatedAt,
            IssuingAuthority = a.Organization.In(lang) + " — " + a.Department.In(lang),
            ControllerContact = a.Contact,
            DpoContact = a.DpoContact,
            AlgorithmicProcessingMention = string.Format(CultureInfo.InvariantCulture, T(lang, "mention"), a.Name.In(lang)),
            Purpose = a.Purpose.In(lang),
            DecisionOutcome = outcomeText,
            LegalEffect = a.LegalEffect.In(lang),
            DegreeOfAutomation = d.AutomationLevel,
            DegreeOfAutomationText = T(lang, d.AutomationLevel),
            HumanDecider = T(lang, "decider_role"),
            TopFactors = factors.Take(TopK).ToList(),
            ModelReference = $"/register#{a.Algorithm}",
            ModelVersion = d.ModelVersion,
            ModelHash = d.ModelHash,
            Rights = T(lang, "rights"),
            ObjectionLink = objectionLink,
            ObjectionDeadline = d.CreatedAt + ObjectionService.ObjectionWindow,
            StatusNow = openObjection is null ? T(lang, "status_final") : string.Format(CultureInfo.InvariantCulture, T(lang, "status_objection"), openObjection.Id, T(lang, "state_" + openObjection.State)),
            ModeOfContribution = l2 ? string.Format(CultureInfo.InvariantCulture, T(lang, "mode"), d.Output, d.Threshold, d.RankPosition?.ToString(CultureInfo.InvariantCulture) ?? "—") : null,
            DataUsed = l2 ? factors.OrderBy(f => f.Feature, StringComparer.Ordinal).ToList() : null,
            ParametersApplied = l2 ? new ParametersApplied(d.Baseline, d.RawScore, d.Output, d.Threshold, "log-odds (raw score)", d.Contributions, d.Contributions.Sum(c => c.Value)) : null,
            Operations = l2 ? a.Operations.Select(o => o.In(lang)).ToList() : null,
            Uncertainty = l2 ? Uncertainty(lang, d.Output, d.Threshold) : null,
            FairnessStatement = l2 ? Fairness(lang, audit) : null,
            WithheldItems = l2 ? [T(lang, "withheld_none")] : null,
            Counterfactual = l2 ? CounterfactualText(lang, a, d) : null,
        };
    }

    private static string? CounterfactualText(string lang, AlgorithmDescriptor a, DecisionRecord d)
    {
        if (d.Counterfactual is not { } cf) return null;
        if (cf.Changes.Count == 0) return string.Format(CultureInfo.InvariantCulture, T(lang, "counterfactual_none"), cf.Probability, cf.Threshold);
        var changes = string.Join(T(lang, "counterfactual_and"), cf.Changes.Select(c => string.Format(CultureInfo.InvariantCulture,
            T(lang, "counterfactual_change"), a.FeatureLabels.TryGetValue(c.Feature, out var l) ? l.In(lang) : c.Feature, c.From ?? T(lang, "missing"), c.To)));
        return string.Format(CultureInfo.InvariantCulture, T(lang, "counterfactual"), changes, cf.Probability, cf.Threshold);
    }

    public static string NormalizeLanguage(string? lang) => lang?.ToLowerInvariant() switch
    {
        "ar" or "ar-ma" => "ar",
        "en" or "en-us" or "en-gb" => "en",
        _ => "fr",
    };

    private static NoticeFactor Factor(string lang, AlgorithmDescriptor a, Contribution c, DecisionInput? input)
    {
        var label = a.FeatureLabels.TryGetValue(c.Feature, out var l) ? l.In(lang) : c.Feature;
        var value = input?.Value ?? T(lang, "missing");
        var key = c.Value > 0 ? "raises" : c.Value < 0 ? "lowers" : "neutral";
        var sentence = string.Format(CultureInfo.InvariantCulture, T(lang, key), label, value);
        var source = a.FeatureSources.TryGetValue(c.Feature, out var s) ? s.In(lang) : input?.Source ?? "";
        return new NoticeFactor(c.Feature, label, input?.Value, source, input?.AsOf, c.Value, sentence);
    }

    private static string OutcomeText(string lang, AlgorithmDescriptor a, string outcome) =>
        outcome is "flagged" or "recommended" or "eligible" ? a.DecisionOutcomePositive.In(lang)
        : outcome is "not_flagged" or "not_recommended" or "not_eligible" ? a.DecisionOutcomeNegative.In(lang)
        : outcome;

    private static string Uncertainty(string lang, double p, double threshold)
    {
        var margin = Math.Abs(p - threshold);
        var low = margin < 0.05;
        return string.Format(CultureInfo.InvariantCulture, T(lang, low ? "uncertain_low" : "uncertain_ok"), p, threshold);
    }

    private static string Fairness(string lang, StoredAudit? audit) => audit is null
        ? T(lang, "fairness_none")
        : string.Format(CultureInfo.InvariantCulture, T(lang, "fairness"), audit.RunAt, T(lang, "fairness_status_" + audit.Status));

    /// <summary>Notice texts. Keys are stable; {0}/{1} are filled by the builder.</summary>
    public static string T(string lang, string key) =>
        (lang switch { "ar" => Ar, "en" => En, _ => Fr }).TryGetValue(key, out var s) ? s : Fr.TryGetValue(key, out var f) ? f : key;

    private static readonly Dictionary<string, string> Fr = new()
    {
        ["mention"] = "Cette décision a été préparée à l'aide d'un traitement algorithmique : « {0} ».",
        [AutomationLevels.ModelRecommendsHumanDecides] = "Le modèle recommande, une personne décide.",
        [AutomationLevels.FullyAutomated] = "Décision entièrement automatisée.",
        [AutomationLevels.ModelInformsOnly] = "Le modèle informe seulement ; une personne décide.",
        ["decider_role"] = "Le directeur ou le conseiller de l'établissement",
        ["rights"] = "Vous pouvez obtenir les règles de ce traitement et les données utilisées, présenter votre point de vue et former une opposition examinée par une personne qui n'a pas pris la décision (loi 09-08, art. 7 à 9 et 11). Vous pouvez aussi saisir la CNDP ou le juge.",
        ["raises"] = "{0} ({1}) augmente la probabilité estimée.",
        ["lowers"] = "{0} ({1}) diminue la probabilité estimée.",
        ["neutral"] = "{0} ({1}) n'a pas d'effet sur ce résultat.",
        ["missing"] = "non renseigné",
        ["mode"] = "Probabilité estimée {0:0.000} comparée au seuil {1:0.000} ; rang dans la liste de l'établissement : {2}. La liste sert à préparer un entretien ; la décision revient à une personne.",
        ["counterfactual"] = "Ce qui aurait changé le résultat : {0} ; la probabilité aurait été {1:0.000}, sous le seuil de {2:0.000} (vérifié en recalculant avec le même modèle). Seules des données qui peuvent évoluer sont envisagées, jamais le sexe, le milieu ou la région.",
        ["counterfactual_change"] = "{0} à {2} au lieu de {1}",
        ["counterfactual_and"] = " et ",
        ["counterfactual_none"] = "Aucun changement des seules données qui peuvent évoluer ne ferait passer la probabilité sous le seuil de {1:0.000} (au mieux {0:0.000}).",
        ["uncertain_low"] = "Confiance faible : la probabilité estimée ({0:0.000}) est proche du seuil ({1:0.000}).",
        ["uncertain_ok"] = "Probabilité estimée {0:0.000} (calibrée), seuil {1:0.000}.",
        ["fairness_none"] = "Aucun audit d'équité n'a encore été enregistré pour ce modèle.",
        ["fairness"] = "Dernier audit d'équité (sexe, milieu, région) : {0:yyyy-MM-dd} ; résultat : {1}.",
        ["fairness_status_pass"] = "seuils respectés",
        ["fairness_status_fail"] = "au moins un seuil dépassé, examen en cours",
        ["fairness_status_not_assessable"] = "non évaluable",
        ["withheld_none"] = "Aucun élément n'est retenu au titre d'un secret protégé par la loi.",
        ["status_final"] = "Aucune opposition en cours.",
        ["status_objection"] = "Opposition {0} : {1}.",
        ["after_review"] = "après réexamen humain",
        ["state_objection_filed"] = "déposée",
        ["state_acknowledged"] = "accusé de réception envoyé",
        ["state_under_human_review"] = "en cours d'examen humain",
        ["state_info_requested"] = "informations demandées",
        ["state_decided"] = "décidée",
        ["state_escalated"] = "transmise à une autorité",
    };

    private static readonly Dictionary<string, string> Ar = new()
    {
        ["mention"] = "تم إعداد هذا القرار بالاستعانة بمعالجة خوارزمية: «{0}».",
        [AutomationLevels.ModelRecommendsHumanDecides] = "النموذج يوصي، والقرار لشخص.",
        [AutomationLevels.FullyAutomated] = "قرار آلي بالكامل.",
        [AutomationLevels.ModelInformsOnly] = "النموذج للإخبار فقط؛ والقرار لشخص.",
        ["decider_role"] = "مدير المؤسسة أو مستشارها",
        ["rights"] = "يمكنكم الحصول على قواعد هذه المعالجة والمعطيات المستعملة، وإبداء رأيكم، والتعرض على القرار ليُفحص من طرف شخص لم يتخذ القرار (القانون 09-08، المواد 7 إلى 9 و11). ويمكنكم أيضا اللجوء إلى اللجنة الوطنية لمراقبة حماية المعطيات ذات الطابع الشخصي أو إلى القضاء.",
        ["raises"] = "{0} ({1}) يرفع الاحتمال المقدَّر.",
        ["lowers"] = "{0} ({1}) يخفض الاحتمال المقدَّر.",
        ["neutral"] = "{0} ({1}) ليس له أثر على هذه النتيجة.",
        ["missing"] = "غير متوفر",
        ["mode"] = "الاحتمال المقدَّر {0:0.000} مقارنة بالعتبة {1:0.000}؛ الرتبة في لائحة المؤسسة: {2}. تُستعمل اللائحة لتحضير مقابلة؛ والقرار لشخص.",
        ["counterfactual"] = "ما كان سيغيّر النتيجة: {0}؛ كان الاحتمال سيصبح {1:0.000}، أي دون العتبة {2:0.000} (تم التحقق بإعادة الحساب بنفس النموذج). لا تُعتبر إلا المعطيات القابلة للتغيّر، وليس أبدًا الجنس أو الوسط أو الجهة.",
        ["counterfactual_change"] = "{0} بقيمة {2} بدل {1}",
        ["counterfactual_and"] = " و",
        ["counterfactual_none"] = "لا يوجد تغيير في المعطيات القابلة للتغيّر وحدها يجعل الاحتمال دون العتبة {1:0.000} (في أحسن الأحوال {0:0.000}).",
        ["uncertain_low"] = "ثقة ضعيفة: الاحتمال المقدَّر ({0:0.000}) قريب من العتبة ({1:0.000}).",
        ["uncertain_ok"] = "الاحتمال المقدَّر {0:0.000} (معايَر)، العتبة {1:0.000}.",
        ["fairness_none"] = "لم يُسجَّل بعد أي تدقيق للإنصاف لهذا النموذج.",
        ["fairness"] = "آخر تدقيق للإنصاف (الجنس، الوسط، الجهة): {0:yyyy-MM-dd}؛ النتيجة: {1}.",
        ["fairness_status_pass"] = "العتبات محترمة",
        ["fairness_status_fail"] = "تم تجاوز عتبة واحدة على الأقل، والفحص جارٍ",
        ["fairness_status_not_assessable"] = "غير قابل للتقييم",
        ["withheld_none"] = "لم يُحجب أي عنصر بموجب سر يحميه القانون.",
        ["status_final"] = "لا يوجد تعرض جارٍ.",
        ["status_objection"] = "التعرض {0}: {1}.",
        ["after_review"] = "بعد المراجعة البشرية",
        ["state_objection_filed"] = "مودَع",
        ["state_acknowledged"] = "تم إرسال إشعار بالتوصل",
        ["state_under_human_review"] = "قيد المراجعة البشرية",
        ["state_info_requested"] = "طُلبت معلومات",
        ["state_decided"] = "تم البت فيه",
        ["state_escalated"] = "أحيل على سلطة",
    };

    private static readonly Dictionary<string, string> En = new()
    {
        ["mention"] = "This decision was prepared with the help of algorithmic processing: \"{0}\".",
        [AutomationLevels.ModelRecommendsHumanDecides] = "The model recommends; a person decides.",
        [AutomationLevels.FullyAutomated] = "Fully automated decision.",
        [AutomationLevels.ModelInformsOnly] = "The model only informs; a person decides.",
        ["decider_role"] = "The school's director or counsellor",
        ["rights"] = "You may obtain the rules of this processing and the data used, give your point of view, and object; a person who did not take the decision reviews the objection (law 09-08, arts. 7-9 and 11). You may also refer the matter to the CNDP or a court.",
        ["raises"] = "{0} ({1}) raises the estimated probability.",
        ["lowers"] = "{0} ({1}) lowers the estimated probability.",
        ["neutral"] = "{0} ({1}) has no effect on this result.",
        ["missing"] = "not recorded",
        ["mode"] = "Estimated probability {0:0.000} compared with the threshold {1:0.000}; rank in the school's list: {2}. The list prepares a meeting; a person decides.",
        ["counterfactual"] = "What would have changed the result: {0}; the probability would have been {1:0.000}, below the threshold of {2:0.000} (checked by re-scoring with the same model). Only data that can change are considered, never sex, rural/urban status or region.",
        ["counterfactual_change"] = "{0} at {2} instead of {1}",
        ["counterfactual_and"] = " and ",
        ["counterfactual_none"] = "No change of the data that can change alone would bring the probability below the threshold of {1:0.000} (at best {0:0.000}).",
        ["uncertain_low"] = "Low confidence: the estimated probability ({0:0.000}) is close to the threshold ({1:0.000}).",
        ["uncertain_ok"] = "Estimated probability {0:0.000} (calibrated), threshold {1:0.000}.",
        ["fairness_none"] = "No fairness audit has been recorded for this model yet.",
        ["fairness"] = "Latest fairness audit (sex, rural/urban, region): {0:yyyy-MM-dd}; result: {1}.",
        ["fairness_status_pass"] = "thresholds met",
        ["fairness_status_fail"] = "at least one threshold breached, under review",
        ["fairness_status_not_assessable"] = "not assessable",
        ["withheld_none"] = "Nothing is withheld under a legally protected secret.",
        ["status_final"] = "No objection under way.",
        ["status_objection"] = "Objection {0}: {1}.",
        ["after_review"] = "after human review",
        ["state_objection_filed"] = "filed",
        ["state_acknowledged"] = "acknowledged",
        ["state_under_human_review"] = "under human review",
        ["state_info_requested"] = "information requested",
        ["state_decided"] = "decided",
        ["state_escalated"] = "escalated to an authority",
    };
}
