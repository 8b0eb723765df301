using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Basira.Governance;
using Basira.Governance.Access;
using Basira.Governance.Audit;
using Basira.Governance.Decisions;
using Basira.Governance.Models;
using Basira.Governance.Storage;
using Basira.Jobs.Market;

namespace Basira.Jobs.Matching;

/// <summary>One factor of a ranked item: its value in [0, 1], its weight and its exact contribution to the score.</summary>
public sealed record FactorView(string Feature, double Value, double Weight, double Contribution);

/// <summary>A skill by its identifier (ESCO URI) and label in the reader's language.</summary>
public sealed record SkillView(string Id, string Label);

/// <summary>An offer proposed to a seeker, with the decision that records it and its explanation.</summary>
public sealed record RankedOffer(int Rank, string DecisionId, string OfferId, string Title, string OccupationId, string Occupation, string? Province,
    double Score, double? DistanceKm, IReadOnlyList<FactorView> Factors, IReadOnlyList<SkillView> MatchedEssential, IReadOnlyList<SkillView> MissingEssential,
    IReadOnlyList<SkillView> MatchedOptional, IReadOnlyList<SkillView> MissingOptional);

/// <summary>A candidate proposed for an offer (pseudonymised), with the decision that records it and its explanation.</summary>
public sealed record RankedCandidate(int Rank, string DecisionId, string Subject, double Score, double? DistanceKm, IReadOnlyList<FactorView> Factors,
    IReadOnlyList<SkillView> MatchedEssential, IReadOnlyList<SkillView> MissingEssential, IReadOnlyList<SkillView> MatchedOptional, IReadOnlyList<SkillView> MissingOptional);

/// <summary>The offers ranked for one seeker, as shown (and recorded).</summary>
/// <param name="Reused">True when nothing changed since the same ranking was last shown: its decisions are shown again, none is added.</param>
public sealed record SeekerRanking(string RankingId, string Subject, DateTimeOffset CreatedAt, bool Reused, string Algorithm, string ModelVersion,
    double Threshold, IReadOnlyList<RankedOffer> Offers);

/// <summary>The candidates ranked for one offer, as shown (and recorded), with what the index search did.</summary>
public sealed record OfferRanking(string RankingId, string OfferId, string Title, DateTimeOffset CreatedAt, bool Reused, string Algorithm, string ModelVersion,
    double Threshold, CandidateSearch Search, IReadOnlyList<RankedCandidate> Candidates);

/// <summary>
/// The governed matching: every ranking shown to a seeker (offers) or to an employer or counsellor (candidates) is
/// recorded through the kernel — one <see cref="DecisionRecord"/> per line, about the seeker concerned, with the six
/// inputs used (matched and missing skills by ESCO identifier, proximity, distance and mobility, experience, languages),
/// their exact contributions (baseline 0, sum = score), the rule's version and hash, and its rank. The seeker gets the
/// notice in French, Arabic or English and may object (kernel routes). A ranking identical to the last one shown for
/// the same target (same items, inputs and rule) is shown again with its recorded decisions rather than recorded twice.
/// </summary>
public sealed class MatchingService(BasiraDatabase db, DecisionStore decisions, ModelStore models, AuditLog audit, MarketState market,
    BasiraOptions options, TimeProvider clock)
{
    public const int DefaultK = 10, MaxK = 50;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Lock _gate = new();
    private ModelRecord? _rule;
    private bool _schema;

    private SkillGraph Graph => market.Graph;
    private MarketGeography Geo => market.Geography;

    /// <summary>
    /// The rule's register entry: a JSON file with the weights, threshold and definitions, its SHA-256 and version
    /// ("rule-" + 12 hex digits of the hash), registered as the model in use when absent or changed.
    /// </summary>
    public ModelRecord Rule()
    {
        lock (_gate)
        {
            if (_rule is not null) return _rule;
            if (!_schema) { JobsSchema.Ensure(db); _schema = true; }
            var content = JsonSerializer.SerializeToUtf8Bytes(new
            {
                algorithm = MatchingAlgorithm.Id,
                features = MatchScorer.Features,
                weights = MatchScorer.Weights,
                threshold = MatchScorer.Threshold,
                location = new { same_province = 1.0, reachable_from = 0.75, reachable_floor = 0.5, falloff_km = MatchScorer.LocationFalloffKm, outside_mobility = 0.0 },
                proximity = new { same = 1.0, isco_unit = 0.75, isco_minor = 0.5, isco_sub_major = 0.25, or_jaccard_of_essential_skills = true },
                empty_requirement = "met (factor 1)",
                graph = Graph.Source,
            }, new JsonSerializerOptions { WriteIndented = true });
            var hash = Convert.ToHexStringLower(SHA256.HashData(content));
            var current = models.InUse(MatchingAlgorithm.Id);
            if (current is not null && current.ContentHash == hash) return _rule = current;
            var version = "rule-" + hash[..12];
            var dir = Path.Combine(options.DataDir, "models", MatchingAlgorithm.Id);
            Directory.CreateDirectory(dir);
            var path = Path.Combine(dir, version + ".json");
            var tmp = path + ".tmp";
            File.WriteAllBytes(tmp, content);
            File.Move(tmp, path, overwrite: true);
            var facts = new ModelFacts
            {
                Learner = "published weighted sum of six criteria (no learning)",
                LearnerCode = MatchingAlgorithm.LearnerRule,
                Trees = 0,
                LeavesPerTree = 0,
                Features = MatchScorer.Features,
                TrainingRows = 0,
                TrainingData = "none: the rule is not learnt from data",
                Performance = new Dictionary<string, double?>(),
                PerformanceProtocol = "exposure audit by sex and region after each run (no accuracy metric: no outcome labels)",
                Threshold = MatchScorer.Threshold,
                HyperParameters = MatchScorer.Features.Select((f, i) => (f, i)).ToDictionary(x => "weight_" + x.f, x => MatchScorer.Weights[x.i].ToString(CultureInfo.InvariantCulture)),
            };
            return _rule = models.Register(MatchingAlgorithm.Id, version, hash, path, clock.GetUtcNow(), facts, "system");
        }
    }

    /// <summary>The offers for a seeker (null when the seeker is unknown or not visible to <paramref name="who"/>).</summary>
    public SeekerRanking? OffersFor(Principal who, string subject, int k = DefaultK, string lang = "fr")
    {
        var seeker = market.Index.Seeker(subject);
        if (seeker is null || !JobsAccess.CanSeeSeeker(who, seeker, Geo)) return null;
        k = Math.Clamp(k, 1, MaxK);
        var rule = Rule();
        var top = market.Index.TopOffers(seeker, k, MatchScorer.Threshold);
        var asOf = clock.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var lines = top.Select(r => (Offer: r.Item, E: market.Scorer.Explain(seeker, r.Item))).ToList();
        var inputs = lines.Select(l => MatchInputs.Of(l.E, seeker, l.Offer, Graph, asOf)).ToList();
        var (id, createdAt, ids, reused) = Record("seeker_offers", subject, rule, lines.Select((l, i) => (l.Offer.Id, seeker, l.E, inputs[i])).ToList(),
            who, $"citizen:{subject}", AutomationLevels.ModelInformsOnly);
        return new SeekerRanking(id, subject, createdAt, reused, MatchingAlgorithm.Id, rule.Version, MatchScorer.Threshold,
            [.. lines.Select((l, i) => new RankedOffer(i + 1, ids[i], l.Offer.Id, l.Offer.Title, Graph.OccupationIds[l.Offer.Occupation],
                Graph.OccupationLabels[l.Offer.Occupation].In(lang), l.Offer.Province is { } p ? Geo.Places[p].Province : null, l.E.Score,
                l.E.DistanceKm is { } km ? Math.Round(km) : null, Factors(l.E), Skills(l.E.MatchedEssential, lang), Skills(l.E.MissingEssential, lang),
                Skills(l.E.MatchedOptional, lang), Skills(l.E.MissingOptional, lang)))]);
    }

    /// <summary>The qualified candidates for an offer (null when unknown or not visible to <paramref name="who"/>).</summary>
    public OfferRanking? CandidatesFor(Principal who, string offerId, int k = DefaultK, string lang = "fr")
    {
        var offer = market.Index.Offer(offerId);
        if (offer is null || !JobsAccess.CanSeeOfferCandidates(who, offer, Geo)) return null;
        k = Math.Clamp(k, 1, MaxK);
        var rule = Rule();
        // A counsellor with a narrower scope than the offer sees only the candidates they follow.
        Func<SeekerProfile, bool>? include = who.Role == Roles.Counsellor ? s => AccessPolicy.InScope(who, JobsAccess.Scope(s, Geo)) : null;
        var (top, search) = market.Index.TopCandidates(offer, k, include);
        var asOf = clock.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var lines = top.Select(r => (Seeker: r.Item, E: market.Scorer.Explain(r.Item, offer))).ToList();
        var inputs = lines.Select(l => MatchInputs.Of(l.E, l.Seeker, offer, Graph, asOf)).ToList();
        var (id, createdAt, ids, reused) = Record("offer_candidates", offerId + (include is null ? "" : "@" + who.ScopeKind + ":" + who.ScopeValue), rule,
            lines.Select((l, i) => (offer.Id, l.Seeker, l.E, inputs[i])).ToList(), who, $"employer:{offer.EmployerId}", AutomationLevels.ModelRecommendsHumanDecides);
        return new OfferRanking(id, offer.Id, offer.Title, createdAt, reused, MatchingAlgorithm.Id, rule.Version, MatchScorer.Threshold, search,
            [.. lines.Select((l, i) => new RankedCandidate(i + 1, ids[i], l.Seeker.Subject, l.E.Score, l.E.DistanceKm is { } km ? Math.Round(km) : null,
                Factors(l.E), Skills(l.E.MatchedEssential, lang), Skills(l.E.MissingEssential, lang), Skills(l.E.MatchedOptional, lang),
                Skills(l.E.MissingOptional, lang)))]);
    }

    private static List<FactorView> Factors(MatchExplanation e) =>
        [.. MatchScorer.Features.Select((f, i) => new FactorView(f, e.Factors[i], MatchScorer.Weights[i], e.Contributions[i]))];

    private List<SkillView> Skills(int[] skills, string lang) => [.. skills.Select(k => new SkillView(Graph.SkillIds[k], Graph.SkillLabels[k].In(lang)))];

    private sealed record StoredItem(string DecisionId, string Key);

    /// <summary>
    /// Records the ranking's decisions, or reuses the last ones for the same target when the stamp (rule version, items,
    /// their inputs and scores) is unchanged. Returns the ranking id, its time, the decision ids in rank order and whether
    /// they were reused. The showing itself is written to the audit log.
    /// </summary>
    private (string Id, DateTimeOffset At, IReadOnlyList<string> DecisionIds, bool Reused) Record(string kind, string target, ModelRecord rule,
        IReadOnlyList<(string OfferId, SeekerProfile Seeker, MatchExplanation E, IReadOnlyList<DecisionInput> Inputs)> lines,
        Principal who, string decider, string automation)
    {
        var stampText = new StringBuilder(rule.ContentHash);
        foreach (var l in lines)
        {
            stampText.Append('\n').Append(l.OfferId).Append('\u001f').Append(l.Seeker.Subject).Append('\u001f').Append(l.E.Score.ToString("R", CultureInfo.InvariantCulture));
            foreach (var i in l.Inputs) stampText.Append('\u001f').Append(i.Value);
        }
        var stamp = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stampText.ToString())));
        return db.InTransaction((c, tx) =>
        {
            var last = c.Query(tx, "SELECT id, created_at, stamp, items_json FROM jobs_rankings WHERE kind = @k AND target = @t ORDER BY created_at DESC LIMIT 1",
                r => (Id: r.S("id"), At: r.T("created_at"), Stamp: r.S("stamp"), Items: r.S("items_json")), ("@k", kind), ("@t", target)).FirstOrDefault();
            if (last.Id is not null && last.Stamp == stamp)
            {
                var items = JsonSerializer.Deserialize<List<StoredItem>>(last.Items, Json)!;
                audit.Append(c, tx, who.Username, "jobs.ranking.shown", "ranking", last.Id, null, $"kind={kind};items={items.Count};reused=true;role={who.Role}");
                return (last.Id, last.At, (IReadOnlyList<string>)[.. items.Select(i => i.DecisionId)], true);
            }
            var now = clock.GetUtcNow();
            var id = "RNK-" + Guid.NewGuid().ToString("n")[..16].ToUpperInvariant();
            var records = lines.Select((l, rank) => new DecisionRecord("DEC-" + Guid.NewGuid().ToString("n")[..16].ToUpperInvariant(), l.Seeker.Subject,
                "employment", MatchingAlgorithm.Id, rule.Id, rule.Version, rule.ContentHash, l.Inputs, l.E.Score, 0, l.E.Score, MatchScorer.Threshold,
                "recommended", rank + 1, automation, decider, JobsAccess.Scope(l.Seeker, Geo),
                new Dictionary<string, string> { ["sex"] = l.Seeker.Sex, ["region"] = Geo.RegionOf(l.Seeker.Province) },
                [.. MatchScorer.Features.Select((f, i) => new Contribution(f, l.E.Contributions[i]))], now)).ToList();
            decisions.Record(c, tx, records, who.Username);
            var stored = records.Zip(lines, (d, l) => new StoredItem(d.Id, kind == "seeker_offers" ? l.OfferId : l.Seeker.Subject)).ToList();
            c.Execute(tx, "INSERT INTO jobs_rankings (id, kind, target, created_at, stamp, items_json) VALUES (@id, @k, @t, @at, @s, @i)",
                ("@id", id), ("@k", kind), ("@t", target), ("@at", Sql.Iso(now)), ("@s", stamp), ("@i", JsonSerializer.Serialize(stored, Json)));
            audit.Append(c, tx, who.Username, "jobs.ranking.shown", "ranking", id, null, $"kind={kind};items={records.Count};reused=false;role={who.Role}");
            return (id, now, (IReadOnlyList<string>)[.. records.Select(r => r.Id)], false);
        });
    }
}
