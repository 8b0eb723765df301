using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Basira.Governance;
using Basira.Governance.Access;
using Basira.Governance.Audit;
using Basira.Governance.Storage;
using Basira.Governance.Decisions;
using Basira.Governance.Models;
using Basira.Jobs.Market;
using Basira.Jobs.Matching;

namespace Basira.Jobs.Training;

/// <summary>A course of a plan: where and how long, the missing skills it teaches, and its exact share of the gain.</summary>
public sealed record PlanCourse(string Id, string Title, int Hours, IReadOnlyList<string> Places, bool Distance, IReadOnlyList<SkillView> Teaches, double GainShare);

/// <summary>
/// A training plan: the target, the missing skills, the courses chosen (exactly: fewest courses, then fewest hours,
/// covering the most missing skills), what stays uncovered, and the expected gain in reachable offers.
/// </summary>
/// <param name="ReachableNow">Open offers the seeker qualifies for (score ≥ 0.5) within their mobility today.</param>
/// <param name="ReachableAfter">The same with the plan's skills learnt.</param>
/// <param name="DecisionId">The recorded decision (null when no course is proposed).</param>
public sealed record TrainingPlan(string Subject, string? DecisionId, string Target, IReadOnlyList<SkillView> Missing, IReadOnlyList<SkillView> Uncovered,
    IReadOnlyList<PlanCourse> Courses, int TotalHours, string SolverStatus, int ReachableNow, int ReachableAfter, IReadOnlyList<string> NewlyReachable, string Catalogue);

/// <summary>
/// Adapted training: the skills a seeker lacks for their target (given offers, or an occupation, by default their main
/// one), the smallest set of reachable trainings that covers them (<see cref="GapCloser"/>), and the gain in reachable
/// offers with each course's exact share (Shapley values over the courses: they sum to the gain). A plan with courses is
/// recorded as a decision (algorithm <see cref="TrainingAlgorithm.Id"/>), with a notice and an objection path.
/// </summary>
public sealed class TrainingService(BasiraDatabase db, MarketState market, TrainingCatalog catalog, DecisionStore decisions, ModelStore models, AuditLog audit,
    BasiraOptions options, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private ModelRecord? _rule;

    /// <summary>The catalogue and the cover method as the register's "model": their hash names the version.</summary>
    public ModelRecord Rule()
    {
        lock (_gate)
        {
            if (_rule is not null) return _rule;
            var content = JsonSerializer.SerializeToUtf8Bytes(new
            {
                algorithm = TrainingAlgorithm.Id,
                method = "exact weighted set cover (OR-Tools CP-SAT): maximise covered skills, then minimise courses, then hours; at most 12 courses",
                weights = new { uncovered_skill = GapCloser.UncoveredWeight, course = GapCloser.CourseWeight, hour = 1 },
                gain = "open offers with score >= 0.5 within the declared mobility, after minus before; Shapley values over the courses",
                catalogue = catalog.Source,
                courses = catalog.Courses.Select(c => new { c.Id, c.Hours, c.Skills, c.Provinces }),
            });
            var hash = Convert.ToHexStringLower(SHA256.HashData(content));
            if (models.InUse(TrainingAlgorithm.Id) is { } current && current.ContentHash == hash) return _rule = current;
            var version = "cover-" + hash[..12];
            var dir = Path.Combine(options.DataDir, "models", TrainingAlgorithm.Id);
            Directory.CreateDirectory(dir);
            var path = Path.Combine(dir, version + ".json");
            File.WriteAllBytes(path + ".tmp", content);
            File.Move(path + ".tmp", path, overwrite: true);
            return _rule = models.Register(TrainingAlgorithm.Id, version, hash, path, clock.GetUtcNow(), new ModelFacts
            {
                Learner = "exact weighted set cover (OR-Tools CP-SAT), no learning",
                LearnerCode = TrainingAlgorithm.LearnerCover,
                Trees = 0,
                LeavesPerTree = 0,
                Features = TrainingAlgorithm.Features,
                TrainingRows = 0,
                TrainingData = "none: no learning; the catalogue is " + catalog.Source,
                Performance = new Dictionary<string, double?>(),
                PerformanceProtocol = "the solver proves optimality (status optimal) within its time limit",
                Threshold = 0,
            }, "system");
        }
    }

    /// <summary>
    /// The plan for a seeker (null when the seeker is not visible to <paramref name="who"/>). Targets: <paramref name="offerIds"/>
    /// (open offers), else <paramref name="occupation"/> (an ESCO URI), else the seeker's main occupation.
    /// </summary>
    public TrainingPlan? PlanFor(Principal who, string subject, IReadOnlyList<string>? offerIds = null, string? occupation = null, string lang = "fr", bool record = true)
    {
        var seeker = market.Index.Seeker(subject);
        if (seeker is null || !JobsAccess.CanSeeSeeker(who, seeker, market.Geography)) return null;
        var g = market.Graph;
        var geo = market.Geography;
        var (target, required) = Target(seeker, offerIds, occupation, lang);
        var missing = required.Where(k => !SkillGraph.Has(seeker.Skills, k)).Distinct().Order().ToList();
        var reachable = Enumerable.Range(0, catalog.Courses.Count).Where(t => Reachable(seeker, catalog.Courses[t])).ToList();
        var solution = GapCloser.Solve(missing, [.. reachable.Select(t => (catalog.Courses[t].Skills, catalog.Courses[t].Hours))]);
        var chosen = solution.Courses.Select(i => catalog.Courses[reachable[i]]).OrderBy(c => c.Id, StringComparer.Ordinal).ToList();

        // The offers whose score the plan can move: those reachable now, and those asking for a skill the plan teaches.
        var taught = chosen.SelectMany(c => c.Skills).ToHashSet();
        var open = market.Index.Snapshot().Offers.Where(o => o.Open).ToList();
        bool Reaches(SeekerProfile s, OfferProfile o)
        {
            var f = market.Scorer.Factors(s, o, null, out _, out var inReach, out _);
            return inReach && MatchScorer.Combine(f) >= MatchScorer.Threshold;
        }
        var now = open.Where(o => Reaches(seeker, o)).Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        var movable = open.Where(o => now.Contains(o.Id) || o.Essential.Any(taught.Contains) || o.Optional.Any(taught.Contains)).ToList();
        int Count(int mask)
        {
            var skills = new HashSet<int>(seeker.Skills);
            for (var i = 0; i < chosen.Count; i++) if ((mask & (1 << i)) != 0) skills.UnionWith(chosen[i].Skills);
            var learnt = seeker with { Skills = [.. skills.Order()] };
            return movable.Count(o => Reaches(learnt, o));
        }
        var before = now.Count;
        var movableNow = Count(0);
        var phi = GapCloser.Shapley(chosen.Count, m => Count(m) - movableNow);
        var all = (1 << chosen.Count) - 1;
        var afterSkills = seeker with { Skills = [.. seeker.Skills.Concat(taught).Distinct().Order()] };
        var newly = movable.Where(o => !now.Contains(o.Id) && Reaches(afterSkills, o)).Select(o => o.Id).Order(StringComparer.Ordinal).ToList();
        var after = before + Count(all) - movableNow;

        var covers = chosen.Select(c => c.Skills.Where(missing.Contains).ToArray()).ToList();
        string? decisionId = null;
        if (record && chosen.Count > 0)
        {
            var rule = Rule();
            var asOf = clock.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var inputs = chosen.Select((c, i) => new DecisionInput(TrainingAlgorithm.Features[i],
                $"id={c.Id};hours={c.Hours};places={string.Join('|', c.Provinces.Select(p => geo.Places[p].Province))};covers={string.Join('|', covers[i].Select(k => g.SkillIds[k]))}",
                "training catalogue", asOf)).ToList();
            var gain = (double)(after - before);
            var d = new DecisionRecord("DEC-" + Guid.NewGuid().ToString("n")[..16].ToUpperInvariant(), subject, "employment", TrainingAlgorithm.Id, rule.Id,
                rule.Version, rule.ContentHash, inputs, gain, 0, gain, 0, "recommended", 1, AutomationLevels.ModelInformsOnly, $"citizen:{subject}",
                JobsAccess.Scope(seeker, geo), new Dictionary<string, string> { ["sex"] = seeker.Sex, ["region"] = geo.RegionOf(seeker.Province) },
                [.. chosen.Select((_, i) => new Contribution(TrainingAlgorithm.Features[i], phi[i]))], clock.GetUtcNow());
            // The same plan shown again (same courses, coverage and gain) keeps its decision.
            var stamp = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
                rule.ContentHash + "\n" + string.Join('\n', inputs.Select(i => i.Value)) + "\n" + gain.ToString("R", CultureInfo.InvariantCulture))));
            var key = subject + "|" + target;
            decisionId = db.InTransaction((c, tx) =>
            {
                var last = c.Query(tx, "SELECT id, stamp, items_json FROM jobs_rankings WHERE kind = 'training_plan' AND target = @t ORDER BY created_at DESC LIMIT 1",
                    r => (Id: r.S("id"), Stamp: r.S("stamp"), Items: r.S("items_json")), ("@t", key)).FirstOrDefault();
                if (last.Id is not null && last.Stamp == stamp)
                {
                    audit.Append(c, tx, who.Username, "jobs.training_plan.shown", "ranking", last.Id, null, $"reused=true;role={who.Role}");
                    return JsonSerializer.Deserialize<string[]>(last.Items)![0];
                }
                decisions.Record(c, tx, [d], who.Username);
                var id = "PLN-" + Guid.NewGuid().ToString("n")[..16].ToUpperInvariant();
                c.Execute(tx, "INSERT INTO jobs_rankings (id, kind, target, created_at, stamp, items_json) VALUES (@id, 'training_plan', @t, @at, @s, @i)",
                    ("@id", id), ("@t", key), ("@at", Sql.Iso(clock.GetUtcNow())), ("@s", stamp), ("@i", JsonSerializer.Serialize(new[] { d.Id })));
                audit.Append(c, tx, who.Username, "jobs.training_plan.shown", "ranking", id, null, $"reused=false;role={who.Role}");
                return d.Id;
            });
        }
        List<SkillView> Views(IEnumerable<int> skills) => [.. skills.Select(k => new SkillView(g.SkillIds[k], g.SkillLabels[k].In(lang)))];
        return new TrainingPlan(subject, decisionId, target, Views(missing), Views(solution.Uncovered.Distinct().Order()),
            [.. chosen.Select((c, i) => new PlanCourse(c.Id, c.Title.In(lang), c.Hours, [.. c.Provinces.Select(p => geo.Places[p].Province)], c.Distance,
                Views(covers[i]), phi[i]))],
            chosen.Sum(c => c.Hours), solution.Status, before, after, newly, catalog.Source);
    }

    private (string Description, IReadOnlyList<int> Skills) Target(SeekerProfile seeker, IReadOnlyList<string>? offerIds, string? occupation, string lang)
    {
        var g = market.Graph;
        if (offerIds is { Count: > 0 })
        {
            var offers = offerIds.Select((id, i) => market.Index.Offer(id) is { Open: true } o ? o
                : throw new DataInputException(null, null, $"offers[{i}]", $"'{id}' is not an open offer")).ToList();
            return (string.Join(", ", offers.Select(o => o.Title)), [.. offers.SelectMany(o => o.Essential)]);
        }
        if (occupation is not null)
        {
            var o = g.Occupation(occupation) ?? throw new DataInputException(null, null, "occupation", $"'{occupation}' is not an ESCO occupation known to Basira");
            return (g.OccupationLabels[o].In(lang), g.EssentialOf(o));
        }
        if (seeker.Occupations.Length == 0) throw new DataInputException(null, null, "occupation", "the seeker declared no occupation: name target offers or an occupation");
        var main = seeker.Occupations[0];
        return (g.OccupationLabels[main].In(lang), g.EssentialOf(main));
    }

    /// <summary>A course the seeker can follow: at a distance, or given within their declared mobility.</summary>
    public bool Reachable(SeekerProfile s, TrainingCourse c)
    {
        if (c.Distance) return true;
        var geo = market.Geography;
        return c.Provinces.Any(p => p == s.Province || ((s.Mobility == MobilityLevel.National
            || (s.Mobility == MobilityLevel.Region && geo.RegionOf(p) == geo.RegionOf(s.Province))) && (s.MaxKm is not { } max || geo.Km(s.Province, p) <= max)));
    }
}
