using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Basira.Governance;
using Basira.Governance.Audit;
using Basira.Governance.Decisions;
using Basira.Governance.Objections;
using Basira.Governance.Storage;
using Basira.Jobs.Market;

namespace Basira.Jobs.Matching;

/// <summary>
/// Re-scoring of a matching decision after a "data error" objection (the kernel's rectification step). The reviewer's
/// corrections name the decision's inputs and give the seeker's true values:
/// <list type="bullet">
/// <item><c>experience</c>: years of experience (0–60);</item>
/// <item><c>languages</c>: the languages spoken, comma-separated codes (replace the declared ones);</item>
/// <item><c>location</c>: the mobility (province, region or national);</item>
/// <item><c>essential_skills</c>, <c>optional_skills</c>: ESCO skill URIs the seeker holds (added to their skills).</item>
/// </list>
/// The decision is re-scored against the same offer with the rule of record. The rectification is stored with the review
/// (table jobs_rectifications, same transaction) and applied to the seeker in the live market; at start-up it is applied
/// again unless the source sent a newer profile since (the source is then told by the counsellor, as for any correction).
/// </summary>
public sealed class MatchingRescorer(BasiraDatabase db, MarketState market, AuditLog audit, TimeProvider clock) : IRescorer
{
    public string Algorithm => MatchingAlgorithm.Id;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The seeker with the corrections applied; a correction of anything else is bad input naming it.</summary>
    public static SeekerProfile Corrected(SeekerProfile s, IReadOnlyDictionary<string, string?> corrections, SkillGraph graph)
    {
        foreach (var (feature, raw) in corrections)
        {
            var v = raw?.Trim() ?? "";
            switch (feature)
            {
                case "experience":
                    if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var years) || years < 0 || years > 60)
                        throw new DataInputException(null, null, feature, $"years of experience between 0 and 60, got '{v}'");
                    s = s with { ExperienceYears = years };
                    break;
                case "languages":
                    s = s with { Languages = LanguageCodes.Mask(v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), feature) };
                    break;
                case "location":
                    s = s with
                    {
                        Mobility = v.ToLowerInvariant() switch
                        {
                            "province" => MobilityLevel.Province,
                            "region" => MobilityLevel.Region,
                            "national" => MobilityLevel.National,
                            _ => throw new DataInputException(null, null, feature, $"the mobility is province, region or national, got '{v}'"),
                        },
                    };
                    break;
                case "essential_skills" or "optional_skills":
                    var added = v.Split([',', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(u => graph.Skill(u) ?? throw new DataInputException(null, null, feature, $"'{u}' is not an ESCO skill known to Basira")).ToList();
                    if (added.Count == 0) throw new DataInputException(null, null, feature, "give the ESCO skill URIs the seeker holds");
                    s = s with { Skills = [.. s.Skills.Concat(added).Distinct().Order()] };
                    break;
                default:
                    throw new DataInputException(null, null, feature,
                        $"'{feature}' cannot be corrected here (experience, languages, location, essential_skills or optional_skills)");
            }
        }
        return s;
    }

    /// <summary>The offer of a matching decision: the ranking that recorded it names it.</summary>
    private static string OfferOf(DbConnection c, DbTransaction? tx, DecisionRecord d)
    {
        var row = c.Query(tx, "SELECT kind, target, items_json FROM jobs_rankings WHERE kind IN ('seeker_offers', 'offer_candidates') AND items_json LIKE @id",
            r => (Kind: r.S("kind"), Target: r.S("target"), Items: r.S("items_json")), ("@id", "%" + d.Id + "%")).FirstOrDefault();
        if (row.Kind is null) throw new WorkflowException($"decision {d.Id} is not a ranking line known to the jobs module");
        if (row.Kind == "offer_candidates") return row.Target.Split('@')[0];
        using var doc = JsonDocument.Parse(row.Items);
        return doc.RootElement.EnumerateArray().First(e => e.GetProperty("decisionId").GetString() == d.Id).GetProperty("key").GetString()!;
    }

    private (SeekerProfile Seeker, OfferProfile Offer) Context(DbConnection c, DbTransaction? tx, DecisionRecord d)
    {
        var seeker = market.Index.Seeker(d.Subject) ?? throw new WorkflowException("the seeker is no longer in the market");
        var offer = market.Index.Offer(OfferOf(c, tx, d)) ?? throw new WorkflowException("the offer is no longer in the market");
        return (seeker, offer);
    }

    public RescoreResult Rescore(DecisionRecord decision, IReadOnlyDictionary<string, string?> corrections)
    {
        using var c = db.OpenConnection();
        var (seeker, offer) = Context(c, null, decision);
        var corrected = Corrected(seeker, corrections, market.Graph);
        var e = market.Scorer.Explain(corrected, offer);
        var asOf = clock.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var inputs = MatchInputs.Of(e, corrected, offer, market.Graph, asOf);
        return new RescoreResult(e.Score, e.Score, e.Score >= MatchScorer.Threshold ? "recommended" : "not_recommended", inputs,
            [.. MatchScorer.Features.Select((f, i) => new Contribution(f, e.Contributions[i]))], 0);
    }

    public void Rectify(DbConnection c, DbTransaction tx, DecisionRecord decision, IReadOnlyDictionary<string, string?> corrections, string actor)
    {
        var (seeker, _) = Context(c, tx, decision);
        var corrected = Corrected(seeker, corrections, market.Graph);
        c.Execute(tx, "INSERT INTO jobs_rectifications (id, subject, decision_id, corrections_json, created_at, actor) VALUES (@id, @s, @d, @j, @t, @a)",
            ("@id", "RCT-" + Guid.NewGuid().ToString("n")[..16].ToUpperInvariant()), ("@s", decision.Subject), ("@d", decision.Id),
            ("@j", JsonSerializer.Serialize(corrections, Json)), ("@t", Sql.Iso(clock.GetUtcNow())), ("@a", actor));
        audit.Append(c, tx, actor, "personal_data.rectified", "jobs_seekers", decision.Subject, decision.Subject, "fields=" + string.Join(',', corrections.Keys));
        // The live market takes the corrected profile now (the review's transaction commits right after this step).
        market.Apply(seeker, corrected);
    }
}
