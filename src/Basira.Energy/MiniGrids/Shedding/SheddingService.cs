using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Basira.Energy.MiniGrids.Dispatch;
using Basira.Governance;
using Basira.Governance.Access;
using Basira.Governance.Decisions;
using Basira.Governance.Fairness;
using Basira.Governance.Models;
using Basira.Governance.Privacy;

namespace Basira.Energy.MiniGrids.Shedding;

/// <summary>Curtailment of one village over the period.</summary>
public sealed record VillageCurtailment(string Village, double DemandKwh, double CurtailedKwh, int MeterDays, int MeterDaysShed)
{
    public double CurtailedShare => DemandKwh > 0 ? CurtailedKwh / DemandKwh : 0;
    public double ShedDayRate => MeterDays > 0 ? (double)MeterDaysShed / MeterDays : 0;
}

/// <summary>What a shedding run found and recorded.</summary>
public sealed record SheddingReport(
    string Grid,
    string Rule,
    int Days,
    double ShortfallKwh,
    double PriorityCurtailedKwh,
    IReadOnlyList<VillageCurtailment> Villages,
    double JainIndex,
    double? ShedDayParityRatio,
    string AuditStatus,
    int DecisionsRecorded,
    string? ModelVersion,
    IReadOnlyList<string> DecisionIds);

/// <summary>
/// Turns the unmet energy of a dispatch into governed curtailment decisions: the supplied energy is allocated by
/// <see cref="LoadShedding"/> (priorities, then the fairness rule), one <see cref="DecisionRecord"/> is written per
/// meter (load class) and day with curtailment — exact explanation (demand − fair share = energy shed), notice in
/// fr/ar/en through the kernel, objection path — and the curtailment is audited across villages (share of demand shed,
/// Jain's index, and the kernel's fairness audit of "shed that day" by village).
/// </summary>
public sealed class SheddingService(DecisionStore decisions, ModelStore models, Pseudonymiser pseudonymiser, BasiraOptions options, TimeProvider clock)
{
    /// <summary>Largest gap of the share of demand shed between two villages before the audit fails.</summary>
    public const double MaxShareGap = 0.05;

    public SheddingReport Run(MiniGrid grid, DispatchResult dispatch, FairnessRule rule, string actor, bool record = true,
        string? region = null, string? province = null)
    {
        var unmet = dispatch.Outcomes.Select(o => o.UnmetKwh).ToArray();
        var days = LoadShedding.Days(grid, unmet, rule, dispatch.WindowStart, dispatch.WindowStart + dispatch.Steps);
        var ruleName = rule == FairnessRule.MaxMin ? "max-min" : "proportional";

        // the audit compares what is shared: the households of each village (priority loads are served first by rule)
        var villages = grid.Loads.Where(c => c.Kind == LoadKind.Households).Select(c => c.Village).Distinct(StringComparer.Ordinal).Select(v =>
        {
            var rows = days.SelectMany(d => d.Classes).Where(c => c.Class.Village == v && c.Class.Kind == LoadKind.Households).ToList();
            return new VillageCurtailment(v, rows.Sum(r => r.DemandKwh), rows.Sum(r => r.CurtailedKwh), rows.Count(r => r.DemandKwh > 0),
                rows.Count(r => r.CurtailedKwh > 1e-6));
        }).ToList();
        var jain = LoadShedding.JainIndex([.. villages.Select(v => 1 - v.CurtailedShare)]);

        // fairness audit: one row per meter-day of the non-priority loads, "selected" = shed that day, by village
        var auditRows = days.SelectMany(d => d.Classes).Where(c => c.Class.Kind == LoadKind.Households && c.DemandKwh > 0).ToList();
        var shed = auditRows.Select(r => r.CurtailedKwh > 1e-6 ? "1" : "0").ToList();
        var fairness = FairnessAuditor.Audit(new FairnessInput
        {
            YTrue = shed,
            YPred = shed,
            SensitiveFeatures = [new FeatureColumn("village", [.. auditRows.Select(r => r.Class.Village)])],
        }, FairnessOptions.ForPositiveLabel("1"));
        var gap = villages.Count < 2 ? 0 : villages.Max(v => v.CurtailedShare) - villages.Min(v => v.CurtailedShare);
        var status = villages.Count < 2 ? "not_assessable" : gap > MaxShareGap ? "fail" : "pass";
        var priorityCurtailed = days.SelectMany(d => d.Classes).Where(c => c.Class.Priority == 1).Sum(c => c.CurtailedKwh);

        string? version = null;
        var ids = new List<string>();
        if (record)
        {
            var model = EnsureRuleModel(grid, rule, actor);
            version = model.Version;
            var at = clock.GetUtcNow();
            var start = grid.Start is { } s ? new DateTimeOffset(s, TimeSpan.Zero) : at;
            var recs = new List<DecisionRecord>();
            foreach (var day in days)
                foreach (var c in day.Classes.Where(c => c.CurtailedKwh > 1e-6))
                {
                    var demand = Math.Round(c.DemandKwh, 6);
                    var served = Math.Round(c.ServedKwh, 6);
                    var ci = CultureInfo.InvariantCulture;
                    var d = new DecisionRecord("DEC-" + Guid.NewGuid().ToString("n")[..16].ToUpperInvariant(),
                        pseudonymiser.Pseudonymise("energy.meter", $"{grid.Name}/{c.Class.Name}"), AccessPolicy.EnergyDomain, SheddingAlgorithm.Id,
                        model.Id, model.Version, model.ContentHash,
                        [
                            new DecisionInput(SheddingAlgorithm.DemandFeature, demand.ToString("R", ci), "mini-grid meter", start.AddDays(day.Day).ToString("yyyy-MM-dd", ci)),
                            new DecisionInput(SheddingAlgorithm.ServedFeature, served.ToString("R", ci), $"{ruleName} sharing rule", start.AddDays(day.Day).ToString("yyyy-MM-dd", ci)),
                        ],
                        demand - served, 0, c.DemandKwh > 0 ? (demand - served) / demand : 0, 0, "shed", null, AutomationLevels.FullyAutomated,
                        $"grid_operator:{grid.Name}", new DecisionScope(region, province, grid.Name),
                        new Dictionary<string, string> { ["village"] = c.Class.Village },
                        [new Contribution(SheddingAlgorithm.DemandFeature, demand), new Contribution(SheddingAlgorithm.ServedFeature, -served)],
                        start.AddDays(day.Day + 1));
                    recs.Add(d);
                }
            decisions.Record(recs, actor);
            ids.AddRange(recs.Select(r => r.Id));

            var report = new JsonObject
            {
                ["grid"] = grid.Name,
                ["rule"] = ruleName,
                ["villages"] = JsonSerializer.SerializeToNode(villages.Select(v => new { village = v.Village, demand_kwh = v.DemandKwh, curtailed_kwh = v.CurtailedKwh, curtailed_share = v.CurtailedShare, shed_day_rate = v.ShedDayRate })),
                ["jain_index_served_share"] = jain,
                ["max_gap_share_shed"] = gap,
                ["threshold_max_gap"] = MaxShareGap,
                ["priority_curtailed_kwh"] = priorityCurtailed,
                ["village"] = VillageNode(fairness, status),
                ["status"] = status,
            };
            models.SaveAudit(SheddingAlgorithm.Id, model.Version, status, report.ToJsonString(), actor);
        }

        return new SheddingReport(grid.Name, ruleName, days.Count, days.Sum(d => d.ShortfallKwh), priorityCurtailed, villages, jain,
            fairness.DemographicParityRatio, status, ids.Count, version, ids);
    }

    /// <summary>The kernel's audit by village, with the status judged here (the audit page reads "status" per attribute).</summary>
    private static JsonNode VillageNode(FairnessReport fairness, string status)
    {
        var node = JsonSerializer.SerializeToNode(fairness)!.AsObject();
        node["status"] = status;
        return node;
    }

    /// <summary>The rule "model": its configuration written to a file, hashed and registered (a new version when it changes).</summary>
    private ModelRecord EnsureRuleModel(MiniGrid grid, FairnessRule rule, string actor)
    {
        var config = JsonSerializer.Serialize(new
        {
            algorithm = SheddingAlgorithm.Id,
            rule = rule.ToString(),
            priorities = grid.Loads.Select(l => new { l.Name, kind = l.Kind.ToString(), l.Priority, l.Village, l.Households }),
        });
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(config)));
        if (models.InUse(SheddingAlgorithm.Id) is { } current && current.ContentHash == hash) return current;
        var dir = Path.Combine(options.DataDir, "models", SheddingAlgorithm.Id);
        Directory.CreateDirectory(dir);
        var at = clock.GetUtcNow();
        var version = $"{at:yyyy.MM.dd}-{hash[..8]}";
        var path = Path.Combine(dir, version + ".json");
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, config);
        File.Move(tmp, path, overwrite: true);
        var facts = new ModelFacts
        {
            Learner = "published rule (priorities, then " + (rule == FairnessRule.MaxMin ? "max-min" : "proportional") + " sharing)",
            LearnerCode = "rule",
            Trees = 0,
            LeavesPerTree = 0,
            Features = [SheddingAlgorithm.DemandFeature, SheddingAlgorithm.ServedFeature],
            TrainingRows = 0,
            TrainingData = "none: a rule, not a learned model",
            Performance = new Dictionary<string, double?>(),
            PerformanceProtocol = "exactness checked by tests: served energy adds up to the energy supplied, priorities first",
            Threshold = 0,
            HyperParameters = new Dictionary<string, string> { ["rule"] = rule.ToString(), ["grid"] = grid.Name },
        };
        return models.Register(SheddingAlgorithm.Id, version, hash, path, at, facts, actor);
    }
}
