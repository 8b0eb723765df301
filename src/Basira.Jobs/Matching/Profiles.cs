using Basira.Governance;

namespace Basira.Jobs.Matching;

/// <summary>How far a seeker will go for a job (declared at registration): their province, their region or the whole country, optionally capped in km.</summary>
public enum MobilityLevel
{
    Province,
    Region,
    National,
}

/// <summary>Languages the matching knows (ISO 639 codes): Arabic, French, English, Spanish, Amazigh (Tamazight), German, Italian.</summary>
public static class LanguageCodes
{
    private static readonly string[] Codes7 = ["ar", "fr", "en", "es", "zgh", "de", "it"];

    public static IReadOnlyList<string> All => Codes7;

    /// <summary>Bit mask of <paramref name="codes"/>; an unknown code is bad input naming <paramref name="field"/>.</summary>
    public static ushort Mask(IEnumerable<string>? codes, string field)
    {
        ushort m = 0;
        foreach (var raw in codes ?? [])
        {
            var c = raw.Trim().ToLowerInvariant() switch { "ber" or "tzm" or "amazigh" => "zgh", var x => x };
            var i = Array.IndexOf(Codes7, c);
            if (i < 0) throw new DataInputException(null, null, field, $"unknown language '{raw}' (known: {string.Join(", ", All)})");
            m |= (ushort)(1 << i);
        }
        return m;
    }

    public static IReadOnlyList<string> Codes(ushort mask) => [.. All.Where((_, i) => (mask & (1 << i)) != 0)];

    public static int Count(ushort mask) => System.Numerics.BitOperations.PopCount(mask);
}

/// <summary>
/// A job seeker as the matching reads them. <see cref="Subject"/> is the pseudonym (never the source identifier);
/// <see cref="Sex"/> and the region are protected attributes, audited for exposure fairness and never inputs of the score.
/// </summary>
/// <param name="Skills">Sorted skill indices of the graph.</param>
/// <param name="Occupations">Occupations held or sought (graph indices), the first being the main one.</param>
/// <param name="Agency">The employment agency following the seeker (a counsellor's scope).</param>
public sealed record SeekerProfile(string Subject, int Province, MobilityLevel Mobility, double? MaxKm, double ExperienceYears,
    ushort Languages, int[] Skills, int[] Occupations, string Sex, string Agency, bool Active = true);

/// <summary>A job offer as the matching reads it. <see cref="Province"/> null: remote (anywhere in Morocco).</summary>
/// <param name="Essential">Sorted skill indices the offer requires.</param>
/// <param name="Optional">Sorted skill indices the offer would like (none of them essential).</param>
/// <param name="EmployerId">The employer (an employer account's scope).</param>
/// <param name="Agency">The agency that handles the offer (a counsellor's scope).</param>
public sealed record OfferProfile(string Id, string Title, string EmployerId, string Agency, int Occupation, int? Province, int[] Essential,
    int[] Optional, double MinExperienceYears, ushort Languages, int Positions, bool Open = true);
