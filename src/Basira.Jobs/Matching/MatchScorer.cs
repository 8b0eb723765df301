namespace Basira.Jobs.Matching;

/// <summary>The six factors of a match, each in [0, 1] (1 = fully met).</summary>
public readonly record struct MatchFactors(double Essential, double Optional, double Occupation, double Location, double Experience, double Languages)
{
    public double this[int i] => i switch
    {
        0 => Essential, 1 => Optional, 2 => Occupation, 3 => Location, 4 => Experience, 5 => Languages,
        _ => throw new ArgumentOutOfRangeException(nameof(i)),
    };
}

/// <summary>A match with its exact explanation: the factors, each factor's contribution, matched and missing skills.</summary>
/// <param name="Score">Σ weight × factor, in [0, 1]; equals the sum of <see cref="Contributions"/> exactly (baseline 0).</param>
/// <param name="DistanceKm">Centroid distance between the seeker's and the offer's provinces (null for a remote offer).</param>
/// <param name="Reachable">The offer lies within the seeker's declared mobility (always for a remote offer).</param>
/// <param name="ClosestOccupation">The seeker's occupation closest to the offer's (graph index), or -1 when none is declared.</param>
public sealed record MatchExplanation(double Score, MatchFactors Factors, IReadOnlyList<double> Contributions,
    int[] MatchedEssential, int[] MissingEssential, int[] MatchedOptional, int[] MissingOptional,
    double? DistanceKm, bool Reachable, int ClosestOccupation, ushort MatchedLanguages, ushort MissingLanguages);

/// <summary>
/// The matching rule: a transparent weighted sum of six factors, so that every contribution is exact by construction
/// (score = Σ contribution, baseline 0):
/// <list type="bullet">
/// <item>essential skills: share of the offer's essential skills the seeker has (weight 0.40);</item>
/// <item>optional skills: share of its optional skills (0.10);</item>
/// <item>occupation proximity: <see cref="SkillGraph.Proximity"/> of the offer's occupation to the closest of the seeker's (0.15);</item>
/// <item>location and mobility: 1 in the same province or for a remote offer; 0.75 falling linearly to 0.5 at 500 km when
/// the offer lies within the seeker's declared mobility; 0 outside it (0.15);</item>
/// <item>experience: years / years required, capped at 1 (1 when none is required) (0.10);</item>
/// <item>languages: share of the required languages the seeker speaks (1 when none is required) (0.10).</item>
/// </list>
/// An empty requirement counts as met. Sex and region are never inputs (they are audited: <see cref="ExposureAudit"/>).
/// </summary>
public sealed class MatchScorer(SkillGraph graph, MarketGeography geography)
{
    public static readonly IReadOnlyList<string> Features =
        ["essential_skills", "optional_skills", "occupation_proximity", "location", "experience", "languages"];

    public static readonly IReadOnlyList<double> Weights = [0.40, 0.10, 0.15, 0.15, 0.10, 0.10];

    /// <summary>Score at or above which an offer is recommended to a seeker and a seeker counts as qualified for an offer.</summary>
    public const double Threshold = 0.5;

    /// <summary>Distance at which the location factor of a reachable offer reaches its floor (0.5).</summary>
    public const double LocationFalloffKm = 500;

    public SkillGraph Graph => graph;
    public MarketGeography Geography => geography;

    /// <summary>The score alone (hot path): <paramref name="proximityToOffer"/> is <see cref="SkillGraph.ProximityTo"/> of the offer's occupation.</summary>
    internal double Score(SeekerProfile s, OfferProfile o, double[]? proximityToOffer)
    {
        var f = Factors(s, o, proximityToOffer, out _, out _, out _);
        return Combine(f);
    }

    internal static double Combine(in MatchFactors f) =>
        Weights[0] * f.Essential + Weights[1] * f.Optional + Weights[2] * f.Occupation + Weights[3] * f.Location
        + Weights[4] * f.Experience + Weights[5] * f.Languages;

    internal MatchFactors Factors(SeekerProfile s, OfferProfile o, double[]? proximityToOffer, out double? km, out bool reachable, out int closest)
    {
        var ess = o.Essential.Length == 0 ? 1 : (double)SkillGraph.SortedOverlap(o.Essential, s.Skills) / o.Essential.Length;
        var opt = o.Optional.Length == 0 ? 1 : (double)SkillGraph.SortedOverlap(o.Optional, s.Skills) / o.Optional.Length;
        double occ = 0;
        closest = -1;
        foreach (var so in s.Occupations)
        {
            var p = proximityToOffer?[so] ?? graph.Proximity(so, o.Occupation);
            if (p > occ || closest < 0) { occ = Math.Max(occ, p); closest = so; }
        }
        var loc = Location(s.Province, s.Mobility, s.MaxKm, o.Province, out km, out reachable);
        var exp = o.MinExperienceYears <= 0 ? 1 : Math.Min(1, s.ExperienceYears / o.MinExperienceYears);
        var required = LanguageCodes.Count(o.Languages);
        var lang = required == 0 ? 1 : (double)LanguageCodes.Count((ushort)(o.Languages & s.Languages)) / required;
        return new MatchFactors(ess, opt, occ, loc, exp, lang);
    }

    /// <summary>The location factor of a seeker (province, mobility, cap in km) for an offer's province (null: remote).</summary>
    internal double Location(int province, MobilityLevel mobility, double? maxKm, int? offerProvince, out double? km, out bool reachable)
    {
        if (offerProvince is not { } op) { km = null; reachable = true; return 1; }
        var d = geography.Km(province, op);
        km = d;
        var sameProvince = province == op;
        reachable = sameProvince || ((mobility == MobilityLevel.National
                || (mobility == MobilityLevel.Region && geography.RegionOf(province) == geography.RegionOf(op)))
            && (maxKm is not { } max || d <= max));
        return sameProvince ? 1 : reachable ? 0.75 - 0.25 * Math.Min(1, d / LocationFalloffKm) : 0;
    }

    /// <summary>The match with its full explanation (matched and missing skills, each factor's contribution).</summary>
    public MatchExplanation Explain(SeekerProfile s, OfferProfile o)
    {
        var f = Factors(s, o, null, out var km, out var reachable, out var closest);
        var contributions = Enumerable.Range(0, Weights.Count).Select(i => Weights[i] * f[i]).ToArray();
        return new MatchExplanation(Combine(f), f, contributions,
            [.. o.Essential.Where(k => SkillGraph.Has(s.Skills, k))], [.. o.Essential.Where(k => !SkillGraph.Has(s.Skills, k))],
            [.. o.Optional.Where(k => SkillGraph.Has(s.Skills, k))], [.. o.Optional.Where(k => !SkillGraph.Has(s.Skills, k))],
            km, reachable, closest, (ushort)(o.Languages & s.Languages), (ushort)(o.Languages & ~s.Languages));
    }
}
