using Basira.Governance.Access;
using Basira.Governance.Decisions;

namespace Basira.Jobs.Matching;

/// <summary>
/// Who sees which job seeker or offer (the module's own records; the rules of decisions stay in the kernel's
/// <see cref="AccessPolicy"/>). Out of scope answers "not found", never another person's data.
/// </summary>
public static class JobsAccess
{
    /// <summary>The scope of a seeker: their region, province and agency (the decision scope of their rankings).</summary>
    public static DecisionScope Scope(SeekerProfile s, MarketGeography g) => new(g.RegionOf(s.Province), g.Places[s.Province].Province, s.Agency);

    public static DecisionScope Scope(OfferProfile o, MarketGeography g) =>
        o.Province is { } p ? new(g.RegionOf(p), g.Places[p].Province, o.Agency) : new(null, null, o.Agency);

    /// <summary>The seeker's own account, a counsellor in scope (their agency, province, region or the nation), an administrator.</summary>
    public static bool CanSeeSeeker(Principal p, SeekerProfile s, MarketGeography g) => p.Role switch
    {
        Roles.Admin => true,
        Roles.Citizen => p.Subject is not null && p.Subject == s.Subject,
        Roles.Counsellor => AccessPolicy.InScope(p, Scope(s, g)),
        _ => false,
    };

    /// <summary>An offer's candidates: its employer, a counsellor in scope, an administrator.</summary>
    public static bool CanSeeOfferCandidates(Principal p, OfferProfile o, MarketGeography g) => p.Role switch
    {
        Roles.Admin => true,
        Roles.Employer => p.ScopeValue is not null && p.ScopeValue == o.EmployerId,
        Roles.Counsellor => AccessPolicy.InScope(p, Scope(o, g)),
        _ => false,
    };

    /// <summary>
    /// Who may send a market event about an entity: an administrator (the national feed); a counsellor for the seekers
    /// and offers of their scope; an employer for their own offers.
    /// </summary>
    public static bool CanSendEvent(Principal p, bool aboutOffer, string? agency, string? employer, string? region, string? province) => p.Role switch
    {
        Roles.Admin => true,
        Roles.Counsellor => AccessPolicy.InScope(p, new DecisionScope(region, province, agency)),
        Roles.Employer => aboutOffer && p.ScopeValue is not null && p.ScopeValue == employer,
        _ => false,
    };
}
