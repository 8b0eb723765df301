using System.Text.Json;
using System.Text.Json.Nodes;
using Basira.Governance.Models;

namespace Basira.Governance.Register;

/// <summary>The algorithms the platform knows, as declared by the domain modules.</summary>
public sealed class AlgorithmCatalog(IEnumerable<AlgorithmDescriptor> descriptors)
{
    private readonly Dictionary<string, AlgorithmDescriptor> _byId = descriptors.ToDictionary(d => d.Algorithm, StringComparer.Ordinal);

    public IReadOnlyCollection<AlgorithmDescriptor> All => _byId.Values;

    public AlgorithmDescriptor? Find(string algorithm) => _byId.GetValueOrDefault(algorithm);
}

/// <summary>
/// The public algorithm register (TRANSPARENCY.md §1b, model card included), generated from the live models: one
/// entry per algorithm in use, with the exact version and hash of the model that takes decisions today, its measured
/// performance, and its latest fairness audit. Needs no sign-in and holds no personal data.
/// </summary>
public sealed class AlgorithmRegister(AlgorithmCatalog catalog, ModelStore models, TimeProvider clock)
{
    public const string StandardVersion = "basira-register/1.0 (after NL Algoritmeregister v1.0.0 + AI Act Annex VIII + Model Cards)";

    /// <summary>The register's own texts, the same for every entry.</summary>
    private static class Texts
    {
        public static readonly LocalizedText Organization = new(
            "Royaume du Maroc — plateforme Basira",
            "المملكة المغربية — منصة بصيرة",
            "Kingdom of Morocco — Basira platform");

        public static readonly LocalizedText PlatformHosting = new(
            "Sur site, dans un centre de données de l'État au Maroc ; aucun appel à un cloud, aucune donnée ne quitte la plateforme",
            "داخل مقرات الإدارة، في مركز بيانات تابع للدولة بالمغرب؛ لا اتصال بأي خدمة سحابية، ولا تغادر أي معطيات المنصة",
            "On-premises, government data centre in Morocco; no cloud call, no data leaves the platform");

        public static readonly LocalizedText EntryHosting = new(
            "sur site (Maroc) ; controlled_in_morocco = true",
            "داخل مقرات الإدارة (المغرب)؛ controlled_in_morocco = true",
            "on-premises (Morocco); controlled_in_morocco = true");

        public static readonly LocalizedText MetricsAndThresholds = new(
            "FAIRNESS.md : ratio de parité démographique ≥ 0,8 (règle des 4/5), écart d'égalité des chances conditionnelle (equalized odds) ≤ 0,1, écart d'égalité des opportunités (equal opportunity) ≤ 0,1 ; par groupe avec les effectifs, intervalles de Wilson sous n = 30, intersections signalées sous n = 30",
            "FAIRNESS.md: نسبة التكافؤ الديموغرافي ≥ 0.8 (قاعدة الأخماس الأربعة)، فارق تكافؤ الاحتمالات (equalized odds) ≤ 0.1، فارق تكافؤ الفرص (equal opportunity) ≤ 0.1؛ لكل فئة مع عدد أفرادها، مع فترات ويلسون إذا قل العدد عن 30، ويُنبَّه إلى التقاطعات التي يقل عددها عن 30",
            "FAIRNESS.md: demographic parity ratio ≥ 0.8 (4/5 rule), equalized odds difference ≤ 0.1, equal opportunity difference ≤ 0.1; per group with counts, Wilson intervals under n = 30, intersections flagged below n = 30");

        public static readonly LocalizedText Output = new(
            "probabilité calibrée ; explication de référence = valeurs de Shapley exactes en log-odds (TreeSHAP dépendant du chemin pour les arbres, valeurs de Shapley linéaires exactes pour la partie logistique)",
            "احتمال مُعايَر؛ التفسير المعتمد = قيم شابلي الدقيقة بلوغاريتم الأرجحية (log-odds) (TreeSHAP المعتمد على المسار بالنسبة للأشجار، وقيم شابلي الخطية الدقيقة بالنسبة للجزء اللوجستي)",
            "calibrated probability; explanation of record = exact Shapley values in log-odds (path-dependent TreeSHAP for the trees, exact linear Shapley values for the logistic part)");

        public static readonly LocalizedText ObjectionProcedure = new(
            "Notice → formulaire d'opposition (60 jours) → accusé de réception ≤ 5 jours ouvrables → réexamen humain par une personne autre que le décideur ≤ 1 mois (prolongeable une fois de 2 mois) → décision maintenue / modifiée / annulée → résultat notifié ≤ 5 jours ouvrables ; les erreurs de données sont rectifiées et le score est recalculé.",
            "الإشعار ← استمارة التعرض (60 يوما) ← إشعار بالتوصل داخل 5 أيام عمل على الأكثر ← مراجعة بشرية يجريها شخص غير صاحب القرار داخل شهر واحد على الأكثر (قابل للتمديد مرة واحدة بشهرين) ← تأكيد القرار أو تعديله أو إلغاؤه ← تبليغ النتيجة داخل 5 أيام عمل على الأكثر؛ تُصحَّح أخطاء المعطيات ويُعاد حساب النتيجة.",
            "Notice → objection form (60 days) → acknowledgement ≤ 5 working days → human review by someone other than the decider ≤ 1 month (once extendable by 2 months) → upheld / modified / reversed → outcome notified ≤ 5 working days; data errors are rectified and re-scored.");

        public static readonly LocalizedText Provider = new(
            "interne (Basira, développé et maîtrisé au Maroc)",
            "داخلي (بصيرة، طُوِّر ويُتحكَّم فيه بالمغرب)",
            "internal (Basira, developed and controlled in Morocco)");
    }

    public JsonObject Build(string lang)
    {
        var entries = new JsonArray();
        foreach (var a in catalog.All.OrderBy(a => a.Algorithm, StringComparer.Ordinal))
            entries.Add(Entry(a, lang));
        return new JsonObject
        {
            ["standard_version"] = StandardVersion,
            ["lang"] = lang,
            ["publication_date"] = clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["organization"] = Texts.Organization.In(lang),
            ["hosting"] = Texts.PlatformHosting.In(lang),
            ["entries"] = entries,
        };
    }

    public JsonObject Entry(AlgorithmDescriptor a, string lang)
    {
        var m = models.InUse(a.Algorithm);
        var audit = models.LatestAudit(a.Algorithm);
        JsonNode? nonDiscrimination = new JsonObject
        {
            ["protected_attributes_examined"] = new JsonArray(a.ProtectedAttributes.Select(p => (JsonNode)p).ToArray()),
            ["metrics_and_thresholds"] = Texts.MetricsAndThresholds.In(lang),
            ["selection_meaning"] = a.SelectionMeaning.In(lang),
            ["latest_audit"] = audit is null ? null : new JsonObject
            {
                ["run_at"] = audit.RunAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["model_version"] = audit.ModelVersion,
                ["status"] = audit.Status,
                ["report"] = JsonNode.Parse(audit.ReportJson),
            },
        };
        return new JsonObject
        {
            ["uuid"] = a.Algorithm,
            ["name"] = a.Name.In(lang),
            ["description_short"] = a.DescriptionShort.In(lang),
            ["organization"] = a.Organization.In(lang),
            ["department"] = a.Department.In(lang),
            ["contact"] = a.Contact,
            ["category"] = a.Domain,
            ["status"] = m is null ? "in_development" : "in_use",
            ["begin_date"] = m?.TrainedAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["end_date"] = null,
            ["risk_category"] = a.RiskCategory,
            ["risk_justification"] = a.RiskJustification.In(lang),
            ["goal"] = a.Goal.In(lang),
            ["impact"] = a.Impact.In(lang),
            ["decision_making_process"] = a.DecisionMakingProcess.In(lang),
            ["degree_of_automation"] = a.AutomationLevel,
            ["proportionality"] = a.Proportionality.In(lang),
            ["alternatives_considered"] = a.AlternativesConsidered.In(lang),
            ["lawful_basis"] = a.LawfulBasis.In(lang),
            ["cndp_reference"] = a.CndpReference.In(lang),
            ["source_data"] = a.SourceData.In(lang),
            ["training_data"] = m is null ? null : ModelFactTexts.TrainingData(a, m.Facts, lang),
            ["data_bias"] = a.DataBias.In(lang),
            ["personal_data"] = a.PersonalData.In(lang),
            ["methods_and_models"] = m is null ? null : new JsonObject
            {
                ["learner"] = ModelFactTexts.Learner(a, m.Facts, lang),
                ["trees"] = m.Facts.Trees,
                ["leaves_per_tree"] = m.Facts.LeavesPerTree,
                ["features"] = new JsonArray(m.Facts.Features.Select(f => (JsonNode)(a.FeatureLabels.TryGetValue(f, out var l) ? $"{f} — {l.In(lang)}" : f)).ToArray()),
                ["self_learning"] = false,
                ["output"] = Texts.Output.In(lang),
                ["hyper_parameters"] = JsonSerializer.SerializeToNode(m.Facts.HyperParameters),
            },
            ["performance"] = m is null ? null : new JsonObject
            {
                ["metrics"] = JsonSerializer.SerializeToNode(m.Facts.Performance),
                ["protocol"] = ModelFactTexts.PerformanceProtocol(a, m.Facts, lang),
                ["threshold"] = m.Facts.Threshold,
                // The hold-out curves of the model card: ROC ([fpr, tpr]) and reliability ([mean predicted, observed, rows]).
                ["roc_curve"] = m.Facts.RocCurve is null ? null : JsonSerializer.SerializeToNode(m.Facts.RocCurve),
                ["calibration"] = m.Facts.Calibration is null ? null : JsonSerializer.SerializeToNode(m.Facts.Calibration),
            },
            ["monitoring"] = a.Monitoring.In(lang),
            ["non_discrimination"] = nonDiscrimination,
            ["human_intervention"] = a.HumanIntervention.In(lang),
            ["objection_procedure"] = Texts.ObjectionProcedure.In(lang),
            ["rollback"] = a.Rollback.In(lang),
            ["risks"] = a.Risks.In(lang),
            ["impact_assessments"] = a.ImpactAssessments.In(lang),
            ["provider"] = Texts.Provider.In(lang),
            ["publiccode"] = null,
            ["model_card"] = new JsonObject
            {
                ["intended_use"] = a.IntendedUse.In(lang),
                ["out_of_scope_uses"] = a.OutOfScopeUses.In(lang),
                ["factors"] = new JsonArray(a.ProtectedAttributes.Select(p => (JsonNode)p).ToArray()),
                ["metrics"] = m is null ? null : JsonSerializer.SerializeToNode(m.Facts.Performance),
                ["evaluation_data"] = m is null ? null : ModelFactTexts.PerformanceProtocol(a, m.Facts, lang),
                ["training_data"] = m is null ? null : ModelFactTexts.TrainingData(a, m.Facts, lang),
                ["quantitative_analyses"] = audit is null ? null : JsonNode.Parse(audit.ReportJson),
                ["ethical_considerations"] = a.EthicalConsiderations.In(lang),
                ["caveats"] = a.Caveats.In(lang),
            },
            ["model_version"] = m?.Version,
            ["model_hash"] = m?.ContentHash,
            ["training_date"] = m?.TrainedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["hosting"] = Texts.EntryHosting.In(lang),
            ["standard_version"] = StandardVersion,
            ["lang"] = lang,
            ["last_change_date"] = m?.TrainedAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
