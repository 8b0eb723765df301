using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Basira.Governance;
using Basira.Governance.Access;
using Basira.Governance.Audit;
using Basira.Governance.Decisions;
using Basira.Governance.Models;
using Basira.Governance.Storage;
using Basira.Jobs.Market;
using Basira.Jobs.Matching;
using Basira.Jobs.Training;

namespace Basira.Jobs.Guidance;

/// <summary>An occupation the seeker could move to, with the decision that records the proposal.</summary>
/// <param name="Kind">now (holds ≥ 80 % of its essential skills), training (the catalogue covers what is missing within reach) or further.</param>
public sealed record CareerPath(int Rank, string DecisionId, string OccupationId, string Occupation, string Kind, double Score, double SkillsHeld,
    double Proximity, int PositionsInReach, int OffersInReach, IReadOnlyList<SkillView> Missing, IReadOnlyList<FactorView> Factors);

/// <summary>A message to the seeker (a new offer that matches them).</summary>
public sealed record GuidanceNotification(string Id, string Kind, DateTimeOffset CreatedAt, string OfferId, string Title, double Score);

/// <summary>The personal plan: offers now, next occupations, the training for the first, in plain words, with every proposal recorded.</summary>
public sealed record GuidancePlan(string Subject, string Language, string Direction, DateTimeOffset GeneratedAt, long MarketVersion, IReadOnlyList<string> Text,
    SeekerRanking? Offers, IReadOnlyList<CareerPath> NextOccupations, TrainingPlan? Training, IReadOnlyList<GuidanceNotification> Notifications);

/// <summary>
/// The career guidance agent. For a seeker: the occupations reachable from their skills (the skill graph: share of
/// each occupation's essential skills held, closeness to their own, open positions within reach), the offers that match
/// them now (governed matching), the smallest training plan for the first occupation (governed training), and a plan in
/// plain French, Arabic or English built from these. Each proposed occupation is a recorded decision (algorithm
/// <see cref="CareerPathAlgorithm.Id"/>) with exact contributions. A seeker who has opened their plan is followed: when
/// a new offer they qualify for opens within their reach, they get a notification, and the plan shows it next time.
/// </summary>
public sealed class GuidanceService : IDisposable
{
    public const int Paths = 5;
    public const double NowThreshold = 0.8;

    private readonly BasiraDatabase _db;
    private readonly MarketState _market;
    private readonly MatchingService _matching;
    private readonly TrainingService _training;
    private readonly TrainingCatalog _catalog;
    private readonly DecisionStore _decisions;
    private readonly ModelStore _models;
    private readonly AuditLog _audit;
    private readonly BasiraOptions _options;
    private readonly TimeProvider _clock;
    private readonly HashSet<string> _followed = new(StringComparer.Ordinal);
    private readonly Channel<OfferProfile> _opened = Channel.CreateUnbounded<OfferProfile>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _notifier;
    private readonly Lock _gate = new();
    private ModelRecord? _rule;

    public GuidanceService(BasiraDatabase db, MarketState market, MatchingService matching, TrainingService training, TrainingCatalog catalog,
        DecisionStore decisions, ModelStore models, AuditLog audit, BasiraOptions options, TimeProvider clock)
    {
        (_db, _market, _matching, _training, _catalog, _decisions, _models, _audit, _options, _clock) =
            (db, market, matching, training, catalog, decisions, models, audit, options, clock);
        JobsSchema.Ensure(db);
        using (var c = db.OpenConnection())
            foreach (var s in c.Query(null, "SELECT subject FROM jobs_guidance_subscribers", r => r.S("subject"))) _followed.Add(s);
        market.Changed += change =>
        {
            foreach (var o in change.OffersOpened)
                if (_opened.Writer.TryWrite(o)) Interlocked.Increment(ref _pending);
        };
        _notifier = Task.Run(NotifyLoop);
    }

    /// <summary>Seekers followed (who opened their plan).</summary>
    public int Followed { get { lock (_followed) return _followed.Count; } }

    public ModelRecord Rule()
    {
        lock (_gate)
        {
            if (_rule is not null) return _rule;
            var content = JsonSerializer.SerializeToUtf8Bytes(new
            {
                algorithm = CareerPathAlgorithm.Id,
                features = CareerPathAlgorithm.Features,
                weights = CareerPathAlgorithm.Weights,
                demand_saturation_positions = CareerPathAlgorithm.DemandSaturation,
                now_threshold = NowThreshold,
                graph = _market.Graph.Source,
            });
            var hash = Convert.ToHexStringLower(SHA256.HashData(content));
            if (_models.InUse(CareerPathAlgorithm.Id) is { } current && current.ContentHash == hash) return _rule = current;
            var version = "rule-" + hash[..12];
            var dir = Path.Combine(_options.DataDir, "models", CareerPathAlgorithm.Id);
            Directory.CreateDirectory(dir);
            var path = Path.Combine(dir, version + ".json");
            File.WriteAllBytes(path + ".tmp", content);
            File.Move(path + ".tmp", path, overwrite: true);
            return _rule = _models.Register(CareerPathAlgorithm.Id, version, hash, path, _clock.GetUtcNow(), new ModelFacts
            {
                Learner = "published weighted sum of three criteria (no learning)",
                LearnerCode = CareerPathAlgorithm.LearnerRule,
                Trees = 0,
                LeavesPerTree = 0,
                Features = CareerPathAlgorithm.Features,
                TrainingRows = 0,
                TrainingData = "none: the rule is not learnt from data",
                Performance = new Dictionary<string, double?>(),
                PerformanceProtocol = "no accuracy metric (no outcome labels); proposals monitored by group",
                Threshold = 0,
                HyperParameters = CareerPathAlgorithm.Features.Select((f, i) => (f, i)).ToDictionary(x => "weight_" + x.f, x => CareerPathAlgorithm.Weights[x.i].ToString(CultureInfo.InvariantCulture)),
            }, "system");
        }
    }

    /// <summary>The occupations the seeker could move to, best first (not recorded: <see cref="PlanFor"/> records them).</summary>
    internal List<(int Occupation, double Score, double Held, double Proximity, int Positions, int Offers, int[] Missing, string Kind)> Rank(SeekerProfile s, int count)
    {
        var g = _market.Graph;
        var own = s.Occupations.ToHashSet();
        // Open positions within the seeker's reach, per occupation.
        var positions = new Dictionary<int, (int Positions, int Offers)>();
        foreach (var o in _market.Index.Snapshot().Offers.Where(o => o.Open))
        {
            _market.Scorer.Factors(s, o, null, out _, out var reachable, out _);
            if (!reachable) continue;
            var cur = positions.GetValueOrDefault(o.Occupation);
            positions[o.Occupation] = (cur.Positions + o.Positions, cur.Offers + 1);
        }
        var reachableCourses = _catalog.Courses.Where(c => _training.Reachable(s, c)).SelectMany(c => c.Skills).ToHashSet();
        var w = CareerPathAlgorithm.Weights;
        return [.. Enumerable.Range(0, g.OccupationCount).Where(o => !own.Contains(o) && g.EssentialOf(o).Count > 0).Select(o =>
        {
            var ess = g.Essential[o];
            var held = (double)SkillGraph.SortedOverlap(ess, s.Skills) / ess.Length;
            var prox = s.Occupations.Length == 0 ? 0 : s.Occupations.Max(x => g.Proximity(x, o));
            var (pos, offers) = positions.GetValueOrDefault(o);
            var demand = Math.Min(1.0, (double)pos / CareerPathAlgorithm.DemandSaturation);
            var score = w[0] * held + w[1] * prox + w[2] * demand;
            var missing = ess.Where(k => !SkillGraph.Has(s.Skills, k)).ToArray();
            var kind = held >= NowThreshold ? "now" : missing.All(reachableCourses.Contains) ? "training" : "further";
            return (o, score, held, prox, pos, offers, missing, kind);
        }).OrderByDescending(x => x.score).ThenBy(x => x.o).Take(count)];
    }

    /// <summary>
    /// The seeker's plan (null when not visible to <paramref name="who"/>). Viewing it by the seeker follows them:
    /// new matching offers are notified from then on.
    /// </summary>
    public GuidancePlan? PlanFor(Principal who, string subject, string lang = "fr")
    {
        var seeker = _market.Index.Seeker(subject);
        if (seeker is null || !JobsAccess.CanSeeSeeker(who, seeker, _market.Geography)) return null;
        lang = Basira.Governance.Notices.NoticeBuilder.NormalizeLanguage(lang);
        if (who.Role == Roles.Citizen) Follow(subject);
        var g = _market.Graph;
        var offers = _matching.OffersFor(who, subject, 5, lang);
        var ranked = Rank(seeker, Paths);
        var rule = Rule();
        var asOf = _clock.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var inv = CultureInfo.InvariantCulture;
        var lines = ranked.Select(r =>
        {
            var closest = seeker.Occupations.Length == 0 ? "" : g.OccupationIds[seeker.Occupations.MaxBy(x => g.Proximity(x, r.Occupation))];
            var ess = g.Essential[r.Occupation];
            IReadOnlyList<DecisionInput> inputs =
            [
                new("skills_held", $"held={ess.Length - r.Missing.Length};of={ess.Length};matched={string.Join('|', ess.Where(k => SkillGraph.Has(seeker.Skills, k)).Select(k => g.SkillIds[k]))};missing={string.Join('|', r.Missing.Select(k => g.SkillIds[k]))}", "your profile and ESCO", asOf),
                new("path_proximity", $"value={r.Proximity.ToString("0.######", inv)};seeker={closest};offer={g.OccupationIds[r.Occupation]}", "your profile and ESCO", asOf),
                new("demand", $"positions={r.Positions};offers={r.Offers}", "open offers", asOf),
            ];
            var w = CareerPathAlgorithm.Weights;
            double[] contributions = [w[0] * r.Held, w[1] * r.Proximity, w[2] * Math.Min(1.0, (double)r.Positions / CareerPathAlgorithm.DemandSaturation)];
            return (r, inputs, contributions);
        }).ToList();
        var ids = RecordPaths(who, seeker, rule, lines.Select(l => (l.r.Score, l.inputs, l.contributions)).ToList());
        var paths = lines.Select((l, i) => new CareerPath(i + 1, ids[i], g.OccupationIds[l.r.Occupation], g.OccupationLabels[l.r.Occupation].In(lang), l.r.Kind,
            Math.Round(l.r.Score, 6), l.r.Held, l.r.Proximity, l.r.Positions, l.r.Offers,
            [.. l.r.Missing.Select(k => new SkillView(g.SkillIds[k], g.SkillLabels[k].In(lang)))],
            [.. CareerPathAlgorithm.Features.Select((f, j) => new FactorView(f, j switch { 0 => l.r.Held, 1 => l.r.Proximity, _ => Math.Min(1.0, (double)l.r.Positions / CareerPathAlgorithm.DemandSaturation) }, CareerPathAlgorithm.Weights[j], l.contributions[j]))])).ToList();
        var firstWithGap = paths.FirstOrDefault(p => p.Missing.Count > 0);
        var training = firstWithGap is null ? null : _training.PlanFor(who, subject, occupation: firstWithGap.OccupationId, lang: lang);
        var notes = Notifications(subject);
        return new GuidancePlan(subject, lang, lang == "ar" ? "rtl" : "ltr", _clock.GetUtcNow(), _market.Version,
            PlanText.Write(lang, offers, paths, firstWithGap, training, notes), offers, paths, training, notes);
    }

    private IReadOnlyList<string> RecordPaths(Principal who, SeekerProfile seeker, ModelRecord rule,
        IReadOnlyList<(double Score, IReadOnlyList<DecisionInput> Inputs, double[] Contributions)> lines)
    {
        var stamp = new StringBuilder(rule.ContentHash);
        foreach (var l in lines) stamp.Append('\n').Append(string.Join('\u001f', l.Inputs.Select(i => i.Value)));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stamp.ToString())));
        return _db.InTransaction((c, tx) =>
        {
            var last = c.Query(tx, "SELECT id, stamp, items_json FROM jobs_rankings WHERE kind = 'career_paths' AND target = @t ORDER BY created_at DESC LIMIT 1",
                r => (Id: r.S("id"), Stamp: r.S("stamp"), Items: r.S("items_json")), ("@t", seeker.Subject)).FirstOrDefault();
            if (last.Id is not null && last.Stamp == hash)
            {
                _audit.Append(c, tx, who.Username, "jobs.career_paths.shown", "ranking", last.Id, null, $"reused=true;role={who.Role}");
                return (IReadOnlyList<string>)JsonSerializer.Deserialize<string[]>(last.Items)!;
            }
            var now = _clock.GetUtcNow();
            var records = lines.Select((l, rank) => new DecisionRecord("DEC-" + Guid.NewGuid().ToString("n")[..16].ToUpperInvariant(), seeker.Subject, "employment",
                CareerPathAlgorithm.Id, rule.Id, rule.Version, rule.ContentHash, l.Inputs, l.Score, 0, l.Score, 0, "recommended", rank + 1,
                AutomationLevels.ModelInformsOnly, $"citizen:{seeker.Subject}", JobsAccess.Scope(seeker, _market.Geography),
                new Dictionary<string, string> { ["sex"] = seeker.Sex, ["region"] = _market.Geography.RegionOf(seeker.Province) },
                [.. CareerPathAlgorithm.Features.Select((f, i) => new Contribution(f, l.Contributions[i]))], now)).ToList();
            _decisions.Record(c, tx, records, who.Username);
            var id = "PTH-" + Guid.NewGuid().ToString("n")[..16].ToUpperInvariant();
            c.Execute(tx, "INSERT INTO jobs_rankings (id, kind, target, created_at, stamp, items_json) VALUES (@id, 'career_paths', @t, @at, @s, @i)",
                ("@id", id), ("@t", seeker.Subject), ("@at", Sql.Iso(now)), ("@s", hash), ("@i", JsonSerializer.Serialize(records.Select(r => r.Id))));
            _audit.Append(c, tx, who.Username, "jobs.career_paths.shown", "ranking", id, null, $"reused=false;items={records.Count};role={who.Role}");
            return (IReadOnlyList<string>)[.. records.Select(r => r.Id)];
        });
    }

    /// <summary>Follows a seeker: new matching offers are notified from now on.</summary>
    public void Follow(string subject)
    {
        lock (_followed)
            if (!_followed.Add(subject)) return;
        _db.InTransaction((c, tx) =>
        {
            if (Convert.ToInt64(c.Scalar(tx, "SELECT COUNT(*) FROM jobs_guidance_subscribers WHERE subject = @s", ("@s", subject)), CultureInfo.InvariantCulture) > 0) return;
            c.Execute(tx, "INSERT INTO jobs_guidance_subscribers (subject, since) VALUES (@s, @t)", ("@s", subject), ("@t", Sql.Iso(_clock.GetUtcNow())));
        });
    }

    /// <summary>The seeker's latest notifications (null when not visible to <paramref name="who"/>).</summary>
    public IReadOnlyList<GuidanceNotification>? NotificationsFor(Principal who, string subject)
    {
        var seeker = _market.Index.Seeker(subject);
        if (seeker is null || !JobsAccess.CanSeeSeeker(who, seeker, _market.Geography)) return null;
        return Notifications(subject);
    }

    private List<GuidanceNotification> Notifications(string subject)
    {
        using var c = _db.OpenConnection();
        return c.Query(null, "SELECT id, kind, created_at, payload_json FROM jobs_notifications WHERE subject = @s ORDER BY created_at DESC LIMIT 50", r =>
        {
            var p = JsonDocument.Parse(r.S("payload_json")).RootElement;
            return new GuidanceNotification(r.S("id"), r.S("kind"), r.T("created_at"), p.GetProperty("offer_id").GetString()!, p.GetProperty("title").GetString()!,
                p.GetProperty("score").GetDouble());
        }, ("@s", subject));
    }

    /// <summary>Waits until the notifier has handled every offer opened so far (tests).</summary>
    internal async Task DrainAsync()
    {
        while (Interlocked.Read(ref _pending) > 0) await Task.Delay(20);
    }

    private long _pending;

    private async Task NotifyLoop()
    {
        var reader = _opened.Reader;
        while (await reader.WaitToReadAsync())
        {
            var batch = new List<OfferProfile>();
            try
            {
                while (batch.Count < 500 && reader.TryRead(out var o)) batch.Add(o);
                string[] followed;
                lock (_followed) followed = [.. _followed];
                var notes = new List<(string Subject, OfferProfile Offer, double Score)>();
                foreach (var offer in batch)
                    foreach (var subject in followed)
                    {
                        if (_market.Index.Seeker(subject) is not { Active: true } s) continue;
                        var f = _market.Scorer.Factors(s, offer, null, out _, out var reachable, out _);
                        var score = MatchScorer.Combine(f);
                        if (reachable && score >= MatchScorer.Threshold) notes.Add((subject, offer, score));
                    }
                if (notes.Count == 0) continue;
                var now = Sql.Iso(_clock.GetUtcNow());
                _db.InTransaction((c, tx) =>
                {
                    foreach (var (subject, offer, score) in notes)
                        c.Execute(tx, "INSERT INTO jobs_notifications (id, subject, kind, created_at, payload_json) VALUES (@id, @s, 'new_offer', @t, @p)",
                            ("@id", "NTF-" + Guid.NewGuid().ToString("n")[..16].ToUpperInvariant()), ("@s", subject), ("@t", now),
                            ("@p", JsonSerializer.Serialize(new { offer_id = offer.Id, title = offer.Title, score = Math.Round(score, 4) })));
                    _audit.Append(c, tx, "system", "jobs.notifications.sent", "jobs_notifications", "*", null, $"count={notes.Count}");
                });
            }
            catch (Exception)
            {
                // A failed batch of notifications is dropped: the offers stay in the market and in the next plan.
            }
            finally
            {
                Interlocked.Add(ref _pending, -batch.Count);
            }
        }
    }

    public void Dispose()
    {
        _opened.Writer.TryComplete();
        try { _notifier.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
