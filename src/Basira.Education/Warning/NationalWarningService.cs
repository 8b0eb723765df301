using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Basira.Analytics.Explanations;
using Basira.Analytics.Metrics;
using Basira.Analytics.Tabular;
using Basira.Governance;
using Basira.Governance.Audit;
using Basira.Governance.Decisions;
using Basira.Governance.Models;
using Basira.Governance.Objections;
using Basira.Governance.Privacy;
using Basira.Governance.Storage;

namespace Basira.Education.Warning;

/// <summary>How a national run proposes pupils and audits itself.</summary>
public sealed record WarningRunOptions
{
    /// <summary>Label of the scored cohort (e.g. "2025-2026"), stored with the run and shown on the pages.</summary>
    public string Cohort { get; init; } = "current";

    /// <summary>Intervention capacity of a school as a share of its pupils (rounded up), unless <see cref="SchoolCapacity"/> names it.</summary>
    public double CapacityShare { get; init; } = 0.10;

    /// <summary>Configured capacity (pupils who can be followed) of named schools.</summary>
    public IReadOnlyDictionary<string, int>? SchoolCapacity { get; init; }

    /// <summary>Calibrated risk from which a pupil within capacity is proposed.</summary>
    public double Threshold { get; init; } = 0.10;

    /// <summary>Limits of the fairness audit; a breach raises an alert.</summary>
    public FairnessThresholds Fairness { get; init; } = new();

    /// <summary>Pupils explained per province (seeded sample, all when fewer) for the aggregated causes.</summary>
    public int CauseSamplePerProvince { get; init; } = 1_500;

    /// <summary>Seed of the causes sample.</summary>
    public int Seed { get; init; } = 42;
}

/// <summary>Wall time and rows of one stage of a training or a run.</summary>
public sealed record WarningStage(string Name, double Seconds, long Rows)
{
    public double RowsPerSecond => Seconds > 0 ? Rows / Seconds : 0;
}

/// <summary>What a national training produced.</summary>
public sealed record NationalTrainReport(string ModelId, string Version, string ContentHash, string Cohort, long TrainingRows, long HoldoutRows,
    double HoldoutAuc, double HoldoutEce, double HoldoutBrier, int Trees, IReadOnlyList<WarningStage> Stages);

/// <summary>Outcome of the intervention cases opened after earlier runs, per action.</summary>
public sealed record InterventionOutcome(string Action, long Cases, long Closed, long Stayed, long Dropped, long Other);

/// <summary>What a national run did and measured.</summary>
public sealed record WarningRunReport(
    string RunId, string ModelId, string ModelVersion, string Cohort, long Pupils, int Schools, long Proposed, double Threshold, double CapacityShare,
    WarningMetrics Overall, IReadOnlyDictionary<string, IReadOnlyDictionary<string, WarningMetrics>> ByGroup, string FairnessStatus,
    IReadOnlyList<FairnessBreach> Alerts, double MaxAdditivityError, long CauseRows, IReadOnlyList<InterventionOutcome> Interventions,
    IReadOnlyList<WarningStage> Stages);

/// <summary>
/// The dropout early warning at national scale: trains on every pupil of last year (<see cref="ScaleTrainer"/>: every
/// core, calibrated on a hold-out), scores every pupil of this year (<see cref="ForestScorer"/>), ranks each school's
/// pupils and proposes the top of the list within the school's capacity and above the threshold, records a governed
/// decision with its exact explanation (TreeSHAP) for every pupil proposed — in bulk, one transaction — audits fairness by
/// sex, milieu, region and their intersections with alerts, measures precision among each school's top k, recall, AUC and
/// calibration overall and by group, and aggregates exact explanations by area ("what drives the risk here").
/// </summary>
public sealed class NationalWarningService(DecisionStore decisions, ModelStore models, AuditLog audit, Pseudonymiser pseudonymiser,
    BasiraOptions options, TimeProvider clock, WarningStore store) : IRescorer
{
    public const string Target = "dropped_out", Positive = "yes";

    private readonly Lock _gate = new();
    private (ModelRecord Record, TabularModel Model, ForestScorer Scorer, TabularExplainer Explainer)? _current;

    public string Algorithm => NationalWarningAlgorithm.Id;

    /// <summary>
    /// Trains on last year's pupils (every outcome known), saves the model file with its content hash and registers it as
    /// the national model in use.
    /// </summary>
    /// <exception cref="DataInputException">A pupil without outcome, too few rows, or a single class.</exception>
    public NationalTrainReport Train(IEnumerable<WarningPupil> previousYear, string cohort, string actor, ScaleTrainOptions? trainOptions = null,
        Action<string>? log = null, int capacityHint = 0, CancellationToken cancellationToken = default)
    {
        var sw = Stopwatch.StartNew();
        var data = WarningCohort.Build(previousYear, keepCodes: false, capacityHint, cancellationToken);
        return Train(data, cohort, actor, trainOptions, log, [new("read_training_year", sw.Elapsed.TotalSeconds, data.Count)]);
    }

    /// <summary>Trains on a cohort already read (e.g. both years read in one pass over a generator).</summary>
    public NationalTrainReport Train(WarningCohort data, string cohort, string actor, ScaleTrainOptions? trainOptions = null, Action<string>? log = null,
        IReadOnlyList<WarningStage>? readStages = null)
    {
        var stages = new List<WarningStage>(readStages ?? []);
        var sw = Stopwatch.StartNew();
        data.Complete();
        if (!data.OutcomesKnown)
            throw new DataInputException(cohort, null, Target, "every pupil of the training year needs a known outcome (dropped out or not)");
        log?.Invoke($"training year {cohort}: {data.Count:N0} pupils in {data.Schools.Count:N0} schools");
        sw.Restart();
        var o = (trainOptions ?? new ScaleTrainOptions { Target = Target, Positive = Positive }) with { Target = Target, Positive = Positive };
        var (model, report) = ScaleTrainer.Train(WarningFeatures.Schema, data.Features, data.Labels(), o, log, cohort);
        stages.Add(new("train", sw.Elapsed.TotalSeconds, data.Count));

        var dir = Path.Combine(options.DataDir, "models", NationalWarningAlgorithm.Id);
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $"tmp-{Guid.NewGuid():n}.model");
        model.Save(tmp);
        var hash = model.ContentHash!;
        var trainedAt = clock.GetUtcNow();
        var version = $"{trainedAt:yyyy.MM.dd}-{hash[..8]}";
        var path = Path.Combine(dir, version + ".model");
        File.Move(tmp, path, overwrite: true);
        var hp = model.Metadata.HyperParameters;
        var trees = model.Parts.Sum(p => p.Trees.TrainedTreeEnsemble.Trees.Count);
        var facts = new ModelFacts
        {
            Learner = "",
            LearnerCode = NationalWarningAlgorithm.LearnerTrees,
            Trees = trees,
            LeavesPerTree = hp.Leaves,
            Features = model.FeatureNames,
            TrainingRows = report.TrainRows,
            TrainingData = "",
            TrainingFile = cohort,
            SplitSeed = hp.Seed,
            HoldoutRows = report.HoldoutRows,
            Performance = new Dictionary<string, double?>
            {
                ["roc_auc"] = report.HoldoutAuc, ["ece"] = report.HoldoutEce, ["brier"] = report.HoldoutBrier, ["holdout_rows"] = report.HoldoutRows,
            },
            PerformanceProtocol = "",
            Threshold = new WarningRunOptions().Threshold,
            HyperParameters = new Dictionary<string, string>
            {
                ["learning_rate"] = hp.LearningRate.ToString(CultureInfo.InvariantCulture),
                ["leaves"] = hp.Leaves.ToString(CultureInfo.InvariantCulture),
                ["max_depth"] = hp.MaxDepth.ToString(CultureInfo.InvariantCulture),
                ["iterations"] = hp.Iterations.ToString(CultureInfo.InvariantCulture),
                ["threads"] = hp.Threads.ToString(CultureInfo.InvariantCulture),
                ["calibration"] = model.Calibrator.Method + " on the hold-out",
            },
        };
        var descriptor = NationalWarningAlgorithm.Descriptor;
        facts = facts with
        {
            Learner = ModelFactTexts.Learner(descriptor, facts, "en"),
            TrainingData = ModelFactTexts.TrainingData(descriptor, facts, "en"),
            PerformanceProtocol = ModelFactTexts.PerformanceProtocol(descriptor, facts, "en"),
        };
        var rec = models.Register(NationalWarningAlgorithm.Id, version, hash, path, trainedAt, facts, actor);
        log?.Invoke($"registered {rec.Id}: {trees} trees, hold-out AUC {report.HoldoutAuc:F4}, ECE {report.HoldoutEce:F4}");
        return new NationalTrainReport(rec.Id, version, hash, cohort, report.TrainRows, report.HoldoutRows, report.HoldoutAuc, report.HoldoutEce,
            report.HoldoutBrier, trees, stages);
    }

    /// <summary>
    /// Scores every pupil of this year with the national model in use, proposes pupils per school, records their
    /// governed decisions, audits fairness (alerts on breaches), measures the run and stores it, all in one transaction.
    /// </summary>
    /// <exception cref="InvalidOperationException">No national model in use, or its file does not match its hash.</exception>
    public WarningRunReport Run(IEnumerable<WarningPupil> currentYear, string actor, WarningRunOptions? runOptions = null, Action<string>? log = null,
        int capacityHint = 0, CancellationToken cancellationToken = default)
    {
        _ = Current(); // refuse before reading millions of pupils when no model is in use
        var sw = Stopwatch.StartNew();
        var cohort = WarningCohort.Build(currentYear, keepCodes: true, capacityHint, cancellationToken);
        return Run(cohort, actor, runOptions, log, [new("read", sw.Elapsed.TotalSeconds, cohort.Count)], cancellationToken);
    }

    /// <summary>Runs on a cohort already read (built with pupil codes).</summary>
    public WarningRunReport Run(WarningCohort cohort, string actor, WarningRunOptions? runOptions = null, Action<string>? log = null,
        IReadOnlyList<WarningStage>? readStages = null, CancellationToken cancellationToken = default)
    {
        var o = runOptions ?? new WarningRunOptions();
        var (rec, model, scorer, explainer) = Current();
        var stages = new List<WarningStage>(readStages ?? []);
        var sw = Stopwatch.StartNew();
        cohort.Complete();
        var n = cohort.Count;
        log?.Invoke($"cohort {o.Cohort}: {n:N0} pupils in {cohort.Schools.Count:N0} schools");
        var x = cohort.Features;
        var m = x.Columns;

        sw.Restart();
        var margin = new double[n];
        scorer.Score(x, margin);
        var risk = new double[n];
        Parallel.For(0, (n + 65535) / 65536, b =>
        {
            for (var i = b * 65536; i < Math.Min(n, (b + 1) * 65536); i++) risk[i] = model.Probability(margin[i]);
        });
        stages.Add(new("score", sw.Elapsed.TotalSeconds, n));
        cancellationToken.ThrowIfCancellationRequested();

        sw.Restart();
        var (proposedRows, rank) = Rank(cohort, risk, o);
        var proposed = new bool[n];
        foreach (var i in proposedRows) proposed[i] = true;
        stages.Add(new("rank", sw.Elapsed.TotalSeconds, n));
        log?.Invoke($"{proposedRows.Length:N0} pupils proposed (capacity {o.CapacityShare:P0} of each school, risk ≥ {o.Threshold:0.###})");

        sw.Restart();
        var shap = new double[(long)proposedRows.Length * m];
        var explained = new double[proposedRows.Length];
        explainer.ExplainRows(x, proposedRows, shap, explained);
        var maxErr = 0.0;
        for (var k = 0; k < proposedRows.Length; k++)
        {
            double sum = 0;
            for (var j = 0; j < m; j++) sum += shap[(long)k * m + j];
            maxErr = Math.Max(maxErr, Math.Abs(sum - (explained[k] - explainer.Baseline)));
            if (Math.Abs(explained[k] - margin[proposedRows[k]]) > 1e-6)
                throw new InvalidOperationException($"explanation model disagrees with the scorer ({explained[k]:R} vs {margin[proposedRows[k]]:R})");
        }
        stages.Add(new("explain_proposed", sw.Elapsed.TotalSeconds, proposedRows.Length));
        cancellationToken.ThrowIfCancellationRequested();

        sw.Restart();
        var (fairness, status, breaches) = WarningAudit.Fairness(cohort, proposed, o.Fairness);
        var overall = WarningAudit.Metrics(cohort, risk, proposed);
        var byGroup = new Dictionary<string, IReadOnlyDictionary<string, WarningMetrics>>(StringComparer.Ordinal);
        foreach (var attrs in WarningAudit.AttributeSets.Append(["province"]))
            byGroup[string.Join("|", attrs)] = WarningAudit.GroupRows(cohort, attrs).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => WarningAudit.Metrics(cohort, risk, proposed, g.Value), StringComparer.Ordinal);
        stages.Add(new("audit", sw.Elapsed.TotalSeconds, n));
        log?.Invoke($"fairness {status}, {breaches.Count} alert(s); AUC {overall.Auc:F4}, precision@k {overall.PrecisionAtK:F3}, recall {overall.Recall:F3}");

        sw.Restart();
        var (causes, causeRows) = Causes(cohort, explainer, o);
        var codes = CodeDays(cohort);
        stages.Add(new("causes", sw.Elapsed.TotalSeconds, causeRows));

        sw.Restart();
        var runId = "RUN-" + Guid.NewGuid().ToString("n")[..16].ToUpperInvariant();
        var now = clock.GetUtcNow();
        var interventions = InterventionOutcomes();
        var report = new WarningRunReport(runId, rec.Id, rec.Version, o.Cohort, n, cohort.Schools.Count, proposedRows.Length, o.Threshold, o.CapacityShare,
            overall, byGroup, status, breaches, maxErr, causeRows, interventions, stages);
        var run = new WarningRun(runId, rec.Id, rec.Version, o.Cohort, now, actor, n, cohort.Schools.Count, proposedRows.Length, o.Threshold, o.CapacityShare,
            status, breaches.Count, JsonSerializer.Serialize(report, WarningStore.Json));
        var alerts = breaches.Select(b => new WarningAlert("ALR-" + Guid.NewGuid().ToString("n")[..16], runId, b.Attributes, b.Metric, b.Value, b.Threshold, now)).ToList();
        var regionOf = cohort.Schools.GroupBy(x => x.Province, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Region, StringComparer.Ordinal);
        var groups = byGroup.SelectMany(a => a.Value.Select(g => new WarningGroup(runId, a.Key, g.Key, g.Value.Pupils, g.Value.Proposed, g.Value.Dropouts,
            JsonSerializer.Serialize(g.Value, WarningStore.Json), a.Key == "province" ? regionOf.GetValueOrDefault(g.Key) : null))).ToList();
        var ids = new string[proposedRows.Length];
        for (var k = 0; k < ids.Length; k++) ids[k] = "DEC-" + Guid.NewGuid().ToString("n")[..16].ToUpperInvariant();
        var proposals = proposedRows.Select((i, k) =>
        {
            var s = cohort.Schools[cohort.SchoolOf(i)];
            return new WarningProposal(runId, ids[k], s.Id, s.Province, s.Region, rank[k], risk[i]);
        });
        var asOf = now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var names = explainer.FeatureNames;
        var sources = names.Select(f => NationalWarningAlgorithm.Descriptor.FeatureSources.TryGetValue(f, out var t) ? t.En : "register").ToArray();
        var records = proposedRows.Select((i, k) =>
        {
            var s = cohort.Schools[cohort.SchoolOf(i)];
            var row = x.Row(i);
            var inputs = new List<DecisionInput>(m);
            var contributions = new List<Contribution>(m);
            for (var j = 0; j < m; j++)
            {
                inputs.Add(new DecisionInput(names[j], WarningFeatures.Value(j, row[j]), sources[j], asOf));
                contributions.Add(new Contribution(names[j], shap[(long)k * m + j]));
            }
            return new DecisionRecord(ids[k], pseudonymiser.Pseudonymise("education.pupil", cohort.CodeOf(i)), "education", NationalWarningAlgorithm.Id,
                rec.Id, rec.Version, rec.ContentHash, inputs, explained[k], explainer.Baseline, risk[i], o.Threshold, "flagged", rank[k],
                AutomationLevels.ModelRecommendsHumanDecides, $"school_staff:{s.Id}", new DecisionScope(s.Region, s.Province, s.Id),
                new Dictionary<string, string>
                {
                    ["sex"] = WarningCohort.SexLabel(cohort.SexOf(i)), ["milieu"] = WarningCohort.MilieuLabel(cohort.MilieuOf(i)), ["region"] = s.Region,
                }, contributions, now);
        });
        store.EnsureSchema();
        decisions.RecordMany(records, actor, (c, tx) =>
        {
            WarningStore.Insert(c, tx, run, proposals, alerts, groups, causes, codes);
            audit.Append(c, tx, actor, "warning.run", "warning_run", runId, null,
                FormattableString.Invariant($"model={rec.Version};cohort={o.Cohort};pupils={n};proposed={proposedRows.Length};fairness={status};alerts={breaches.Count}"));
            foreach (var a in alerts)
                audit.Append(c, tx, actor, "fairness.alert", "warning_run", runId, null,
                    FormattableString.Invariant($"attributes={a.Attributes};metric={a.Metric};value={a.Value:0.####};threshold={a.Threshold:0.####}"));
        });
        models.SaveAudit(NationalWarningAlgorithm.Id, rec.Version, status, fairness.ToJsonString(), actor);
        stages.Add(new("record_decisions", sw.Elapsed.TotalSeconds, proposedRows.Length));
        log?.Invoke($"run {runId}: {proposedRows.Length:N0} decisions recorded with their audit entries");
        return report with { Stages = stages };
    }

    /// <summary>
    /// Per school: rows by risk (highest first), the top <c>capacity</c> proposed when at or above the threshold. Returns the
    /// proposed rows (school after school) and each one's rank in its school.
    /// </summary>
    internal static (int[] Rows, long[] Rank) Rank(WarningCohort cohort, double[] risk, WarningRunOptions o)
    {
        var schools = cohort.Schools.Count;
        var start = new int[schools + 1];
        for (var i = 0; i < cohort.Count; i++) start[cohort.SchoolOf(i) + 1]++;
        for (var s = 0; s < schools; s++) start[s + 1] += start[s];
        var order = new int[cohort.Count];
        var fill = (int[])start.Clone();
        for (var i = 0; i < cohort.Count; i++) order[fill[cohort.SchoolOf(i)]++] = i;
        var picked = new List<int>[schools];
        Parallel.For(0, schools, s =>
        {
            var len = start[s + 1] - start[s];
            var capacity = o.SchoolCapacity is { } caps && caps.TryGetValue(cohort.Schools[s].Id, out var fixedCap)
                ? fixedCap
                : (int)Math.Ceiling(len * o.CapacityShare - 1e-9);
            capacity = Math.Clamp(capacity, 0, len);
            var rows = order.AsSpan(start[s], len);
            var keys = new double[len];
            for (var k = 0; k < len; k++) keys[k] = -risk[rows[k]];
            // Highest risk first; ties by row (stable, so the same data give the same ranks).
            var idx = rows.ToArray();
            Array.Sort(keys, idx);
            var list = new List<int>(capacity);
            for (var k = 0; k < capacity && k < idx.Length; k++)
            {
                if (risk[idx[k]] < o.Threshold) break;
                list.Add(idx[k]);
            }
            picked[s] = list;
        });
        var count = picked.Sum(p => p.Count);
        var result = new int[count];
        var ranks = new long[count];
        var at = 0;
        foreach (var list in picked)
            for (var k = 0; k < list.Count; k++)
            {
                result[at] = list[k];
                ranks[at++] = k + 1;
            }
        return (result, ranks);
    }

    /// <summary>
    /// Aggregated exact explanations: a seeded sample of at most <see cref="WarningRunOptions.CauseSamplePerProvince"/>
    /// pupils per province is explained, and for each area (national, region, province, sex × milieu) every input's mean
    /// |contribution| and signed mean are computed over its sampled pupils.
    /// </summary>
    internal static (List<WarningCause> Causes, long Rows) Causes(WarningCohort cohort, TabularExplainer explainer, WarningRunOptions o)
    {
        var byProvince = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < cohort.Count; i++)
        {
            var p = cohort.Schools[cohort.SchoolOf(i)].Province;
            if (!byProvince.TryGetValue(p, out var list)) byProvince[p] = list = [];
            list.Add(i);
        }
        var rng = new Random(o.Seed);
        var sample = new List<int>();
        foreach (var (_, rows) in byProvince.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (rows.Count > o.CauseSamplePerProvince)
            {
                var arr = rows.ToArray();
                rng.Shuffle(arr);
                sample.AddRange(arr.AsSpan(0, o.CauseSamplePerProvince).ToArray().Order());
            }
            else sample.AddRange(rows);
        }
        var m = explainer.FeatureNames.Count;
        var rowsArr = sample.ToArray();
        var shap = new double[(long)rowsArr.Length * m];
        explainer.ExplainRows(cohort.Features, rowsArr, shap, new double[rowsArr.Length]);
        var acc = new Dictionary<(string Level, string Area), (long N, double[] Abs, double[] Signed)>();
        void Add(string level, string area, int k)
        {
            if (!acc.TryGetValue((level, area), out var a)) acc[(level, area)] = a = (0, new double[m], new double[m]);
            for (var j = 0; j < m; j++)
            {
                var v = shap[(long)k * m + j];
                a.Abs[j] += Math.Abs(v);
                a.Signed[j] += v;
            }
            acc[(level, area)] = (a.N + 1, a.Abs, a.Signed);
        }
        for (var k = 0; k < rowsArr.Length; k++)
        {
            var i = rowsArr[k];
            var s = cohort.Schools[cohort.SchoolOf(i)];
            Add("national", "MA", k);
            Add("region", s.Region, k);
            Add("province", s.Province, k);
            Add("sex_milieu", WarningCohort.SexLabel(cohort.SexOf(i)) + "|" + WarningCohort.MilieuLabel(cohort.MilieuOf(i)), k);
        }
        var regionOf = cohort.Schools.GroupBy(x => x.Province, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Region, StringComparer.Ordinal);
        var causes = new List<WarningCause>();
        foreach (var ((level, area), (cnt, abs, signed)) in acc.OrderBy(kv => kv.Key.Level, StringComparer.Ordinal).ThenBy(kv => kv.Key.Area, StringComparer.Ordinal))
            for (var j = 0; j < m; j++)
                causes.Add(new WarningCause(level, area, explainer.FeatureNames[j], cnt, abs[j] / cnt, signed[j] / cnt,
                    level == "province" ? regionOf.GetValueOrDefault(area) : null));
        return (causes, rowsArr.Length);
    }

    /// <summary>Absence days per justification code: national, per region, per province (from the schools) and per sex × milieu.</summary>
    internal static List<WarningCodeDays> CodeDays(WarningCohort cohort)
    {
        var acc = new Dictionary<(string, string), long[]>();
        var regionOf = cohort.Schools.GroupBy(x => x.Province, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Region, StringComparer.Ordinal);
        void Add(string level, string area, ReadOnlySpan<long> days)
        {
            if (!acc.TryGetValue((level, area), out var a)) acc[(level, area)] = a = new long[5];
            for (var k = 0; k < 5; k++) a[k] += days[k];
        }
        for (var s = 0; s < cohort.Schools.Count; s++)
        {
            var school = cohort.Schools[s];
            var days = cohort.SchoolCodeDays(s);
            Add("national", "MA", days);
            Add("region", school.Region, days);
            Add("province", school.Province, days);
        }
        foreach (var sex in new[] { WarningCohort.Girl, WarningCohort.Boy })
            foreach (var milieu in new[] { WarningCohort.Urban, WarningCohort.Rural })
                Add("sex_milieu", WarningCohort.SexLabel(sex) + "|" + WarningCohort.MilieuLabel(milieu), cohort.GroupCodeDays(sex, milieu));
        return [.. acc.Where(kv => kv.Value.Any(v => v > 0)).OrderBy(kv => kv.Key.Item1, StringComparer.Ordinal).ThenBy(kv => kv.Key.Item2, StringComparer.Ordinal)
            .SelectMany(kv => WarningFeatures.AbsenceCodes.Select((code, k) => new WarningCodeDays(kv.Key.Item1, kv.Key.Item2, code, kv.Value[k],
                kv.Key.Item1 == "province" ? regionOf.GetValueOrDefault(kv.Key.Item2) : null)))];
    }

    /// <summary>Outcomes of the intervention cases recorded so far, per action (they feed the next run's report).</summary>
    public IReadOnlyList<InterventionOutcome> InterventionOutcomes()
    {
        store.EnsureSchema();
        using var c = store.Database.OpenConnection();
        return c.Query(null, """
            SELECT action, COUNT(*) AS cases,
              SUM(CASE WHEN state = 'closed' THEN 1 ELSE 0 END) AS closed,
              SUM(CASE WHEN outcome = 'stayed' THEN 1 ELSE 0 END) AS stayed,
              SUM(CASE WHEN outcome = 'dropped' THEN 1 ELSE 0 END) AS dropped,
              SUM(CASE WHEN outcome IS NOT NULL AND outcome NOT IN ('stayed', 'dropped') THEN 1 ELSE 0 END) AS other
            FROM edu_cases GROUP BY action ORDER BY action
            """, r => new InterventionOutcome(r.S("action"), r.L("cases"), r.L("closed"), r.L("stayed"), r.L("dropped"), r.L("other")));
    }

    /// <summary>The national model in use (loaded and hash-checked). Throws when there is none.</summary>
    /// <exception cref="InvalidOperationException">No national model in use, or its file does not match its hash.</exception>
    public ModelRecord RequireModel() => Current().Record;

    /// <summary>The national model in use with its scorer and explainer (loaded once per model version, hash checked).</summary>
    internal (ModelRecord Record, TabularModel Model, ForestScorer Scorer, TabularExplainer Explainer) Current()
    {
        var rec = models.InUse(NationalWarningAlgorithm.Id) ?? throw new InvalidOperationException("no national early-warning model is in use: train one first (basira edu warn train)");
        lock (_gate)
        {
            if (_current is not { } cur || cur.Record.Id != rec.Id)
            {
                using (var s = File.OpenRead(rec.Path))
                    if (Convert.ToHexStringLower(SHA256.HashData(s)) != rec.ContentHash)
                        throw new InvalidOperationException($"model file {rec.Path} does not match its registered hash");
                var model = TabularModel.Load(rec.Path);
                _current = cur = (rec, model, ForestScorer.Create(model), TabularExplainer.Create(model));
            }
            return cur;
        }
    }

    /// <summary>Plausible range of each numeric input (inclusive) and whether it is a whole number, for rectifications.</summary>
    internal static readonly IReadOnlyDictionary<string, (double Min, double Max, bool Integer)> NumericDomains =
        new Dictionary<string, (double, double, bool)>(StringComparer.Ordinal)
        {
            ["distance_km"] = (0, 200, false),
            ["repetitions"] = (0, 12, true),
            ["absence_rate"] = (0, 1, false),
            ["unjustified_share"] = (0, 1, false),
            ["annual_average"] = (0, 20, false),
        };

    /// <summary>Re-scores a decision with corrected inputs (a data-error objection): new margin, risk and exact explanation.</summary>
    public RescoreResult Rescore(DecisionRecord decision, IReadOnlyDictionary<string, string?> corrections)
    {
        var (_, model, _, explainer) = Current();
        var values = decision.Inputs.ToDictionary(i => i.Feature, i => i.Value, StringComparer.Ordinal);
        foreach (var (k, v) in Checked(model, corrections)) values[k] = v;
        var specs = model.Schema.Features;
        var x = new float[specs.Count];
        for (var f = 0; f < specs.Count; f++)
        {
            var v = values.GetValueOrDefault(specs[f].Name);
            x[f] = specs[f].Kind == ColumnKind.Categorical ? specs[f].Code(v)
                : v is null ? float.NaN : float.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        var e = explainer.Explain(x);
        var p = model.Probability(e.Prediction);
        var today = clock.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var inputs = decision.Inputs.Select(i => corrections.ContainsKey(i.Feature) ? i with { Value = values[i.Feature], AsOf = today } : i).ToList();
        var contributions = explainer.FeatureNames.Select((f, j) => new Contribution(f, e.Values[j])).ToList();
        return new RescoreResult(e.Prediction, p, p >= decision.Threshold ? "flagged" : "not_flagged", inputs, contributions, e.Baseline);
    }

    /// <summary>Records the rectified values (the pupil-year lives in the school-system extract; the corrections are kept here and audited).</summary>
    public void Rectify(DbConnection c, DbTransaction tx, DecisionRecord decision, IReadOnlyDictionary<string, string?> corrections, string actor)
    {
        var (_, model, _, _) = Current();
        var applied = Checked(model, corrections);
        store.EnsureSchema();
        var at = Sql.Iso(clock.GetUtcNow());
        c.InsertMany(tx, "edu_warning_rectifications", ["id", "decision_id", "subject", "feature", "value", "actor", "at"],
            applied.Select(kv => new object?[] { Guid.NewGuid().ToString("n"), decision.Id, decision.Subject, kv.Key, kv.Value, actor, at }));
        audit.Append(c, tx, actor, "personal_data.rectified", "edu_warning_rectifications", decision.Subject, decision.Subject, "fields=" + string.Join(',', applied.Keys));
    }

    private static Dictionary<string, string?> Checked(TabularModel model, IReadOnlyDictionary<string, string?> corrections)
    {
        var specs = model.Schema.Features.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (k, raw) in corrections)
        {
            if (!specs.TryGetValue(k, out var spec)) throw new DataInputException(null, null, k, $"'{k}' is not a model input");
            var v = string.IsNullOrWhiteSpace(raw) ? null : raw.Trim();
            if (v is not null && spec.Kind == ColumnKind.Categorical && !spec.Categories.Contains(v, StringComparer.Ordinal))
                throw new DataInputException(null, null, k, $"'{v}' is not a known value of '{k}' (known: {string.Join(", ", spec.Categories)})");
            if (v is not null && spec.Kind == ColumnKind.Numeric)
            {
                if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
                    throw new DataInputException(null, null, k, $"'{v}' is not a number");
                if (NumericDomains.TryGetValue(k, out var dom) && (number < dom.Min || number > dom.Max || (dom.Integer && number != Math.Floor(number))))
                    throw new DataInputException(null, null, k, FormattableString.Invariant($"{v} is outside the plausible values of '{k}' ({dom.Min} to {dom.Max}{(dom.Integer ? ", whole" : "")})"));
            }
            result[k] = v;
        }
        return result;
    }
}
