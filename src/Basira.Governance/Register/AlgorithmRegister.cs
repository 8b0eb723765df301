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
            ["organization"] = RegisterTexts.Get(lang, "organization"),
            ["hosting"] = RegisterTexts.Get(lang, "platform_hosting"),
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
            ["metrics_and_thresholds"] = RegisterTexts.Get(lang, "metrics_and_thresholds"),
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
                ["features"] = new JsonArray(m.Facts.Features.Select(f => (JsonNode)(a.FeatureLabels.TryGetValue(f, out var l) ? RegisterTexts.Format(lang, "feature", f, l.In(lang)) : f)).ToArray()),
                ["value_bands"] = new JsonArray(m.Facts.Features
                    .Where(f => a.FeatureValues.GetValueOrDefault(f) is BandWords)
                    .Select(f => (JsonNode)RegisterTexts.Format(lang, "value_band", a.FeatureLabels.TryGetValue(f, out var l) ? l.In(lang) : f,
                        ((BandWords)a.FeatureValues[f]).Basis.In(lang))).ToArray()),
                ["self_learning"] = false,
                ["output"] = RegisterTexts.Get(lang, "output"),
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
            ["objection_procedure"] = RegisterTexts.Get(lang, "objection_procedure"),
            ["rollback"] = a.Rollback.In(lang),
            ["risks"] = a.Risks.In(lang),
            ["impact_assessments"] = a.ImpactAssessments.In(lang),
            ["provider"] = RegisterTexts.Get(lang, "provider"),
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
            ["hosting"] = RegisterTexts.Get(lang, "entry_hosting"),
            ["standard_version"] = StandardVersion,
            ["lang"] = lang,
            ["last_change_date"] = m?.TrainedAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
