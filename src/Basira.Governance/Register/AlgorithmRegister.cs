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
            ["organization"] = "Royaume du Maroc — plateforme Basira",
            ["hosting"] = "On-premises, government data centre in Morocco; no cloud call, no data leaves the platform",
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
            ["metrics_and_thresholds"] = "FAIRNESS.md: demographic parity ratio ≥ 0.8 (4/5 rule), equalized odds difference ≤ 0.1, equal opportunity difference ≤ 0.1; per group with counts, Wilson intervals under n = 30, intersections flagged below n = 30",
            ["selection_meaning"] = a.SelectionMeaning,
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
            ["risk_justification"] = a.RiskJustification,
            ["goal"] = a.Goal,
            ["impact"] = a.Impact,
            ["decision_making_process"] = a.DecisionMakingProcess,
            ["degree_of_automation"] = a.AutomationLevel,
            ["proportionality"] = a.Proportionality,
            ["alternatives_considered"] = a.AlternativesConsidered,
            ["lawful_basis"] = a.LawfulBasis,
            ["cndp_reference"] = a.CndpReference,
            ["source_data"] = a.SourceData,
            ["training_data"] = m?.Facts.TrainingData,
            ["data_bias"] = a.DataBias,
            ["personal_data"] = a.PersonalData,
            ["methods_and_models"] = m is null ? null : new JsonObject
            {
                ["learner"] = m.Facts.Learner,
                ["trees"] = m.Facts.Trees,
                ["leaves_per_tree"] = m.Facts.LeavesPerTree,
                ["features"] = new JsonArray(m.Facts.Features.Select(f => (JsonNode)(a.FeatureLabels.TryGetValue(f, out var l) ? $"{f} — {l.In(lang)}" : f)).ToArray()),
                ["self_learning"] = false,
                ["output"] = "calibrated probability; explanation of record = exact Shapley values in log-odds (path-dependent TreeSHAP for the trees, exact linear Shapley values for the logistic part)",
                ["hyper_parameters"] = JsonSerializer.SerializeToNode(m.Facts.HyperParameters),
            },
            ["performance"] = m is null ? null : new JsonObject
            {
                ["metrics"] = JsonSerializer.SerializeToNode(m.Facts.Performance),
                ["protocol"] = m.Facts.PerformanceProtocol,
                ["threshold"] = m.Facts.Threshold,
            },
            ["monitoring"] = a.Monitoring,
            ["non_discrimination"] = nonDiscrimination,
            ["human_intervention"] = a.HumanIntervention,
            ["objection_procedure"] = "Notice → objection form (60 days) → acknowledgement ≤ 5 working days → human review by someone other than the decider ≤ 1 month (once extendable by 2 months) → upheld / modified / reversed → outcome notified ≤ 5 working days; data errors are rectified and re-scored.",
            ["rollback"] = a.Rollback,
            ["risks"] = a.Risks,
            ["impact_assessments"] = a.ImpactAssessments,
            ["provider"] = "internal (Basira, developed and controlled in Morocco)",
            ["publiccode"] = null,
            ["model_card"] = new JsonObject
            {
                ["intended_use"] = a.IntendedUse,
                ["out_of_scope_uses"] = a.OutOfScopeUses,
                ["factors"] = new JsonArray(a.ProtectedAttributes.Select(p => (JsonNode)p).ToArray()),
                ["metrics"] = m is null ? null : JsonSerializer.SerializeToNode(m.Facts.Performance),
                ["evaluation_data"] = m?.Facts.PerformanceProtocol,
                ["training_data"] = m?.Facts.TrainingData,
                ["quantitative_analyses"] = audit is null ? null : JsonNode.Parse(audit.ReportJson),
                ["ethical_considerations"] = a.EthicalConsiderations,
                ["caveats"] = a.Caveats,
            },
            ["model_version"] = m?.Version,
            ["model_hash"] = m?.ContentHash,
            ["training_date"] = m?.TrainedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["hosting"] = "on-premises (Morocco); controlled_in_morocco = true",
            ["standard_version"] = StandardVersion,
            ["lang"] = lang,
            ["last_change_date"] = m?.TrainedAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
