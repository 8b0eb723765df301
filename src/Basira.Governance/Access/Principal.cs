namespace Basira.Governance.Access;

/// <summary>Roles of DESIGN.md §2.</summary>
public static class Roles
{
    public const string Analyst = "analyst", SchoolStaff = "school_staff", Teacher = "teacher", Citizen = "citizen",
        Counsellor = "counsellor", Employer = "employer", GridOperator = "grid_operator", Reviewer = "reviewer",
        Auditor = "auditor", Admin = "admin";

    public static readonly IReadOnlySet<string> All = new HashSet<string>
        { Analyst, SchoolStaff, Teacher, Citizen, Counsellor, Employer, GridOperator, Reviewer, Auditor, Admin };
}

/// <summary>Scope kinds a role is bound to.</summary>
public static class ScopeKinds
{
    public const string National = "national", Region = "region", Province = "province", School = "school",
        Agency = "agency", MiniGrid = "mini_grid", Self = "self", Employer = "employer";
}

/// <summary>
/// How an objection reached the platform: the person on the web or through the API, or an administrator recording one
/// received on paper, by phone or at the counter.
/// </summary>
public static class ObjectionChannels
{
    public const string Web = "web", Api = "api", Paper = "paper", Phone = "phone", Counter = "counter";

    /// <summary>The channels an administrator records an objection from (never web or API: those are the person's own).</summary>
    public static readonly IReadOnlySet<string> Offline = new HashSet<string>(StringComparer.Ordinal) { Paper, Phone, Counter };
}

/// <summary>The signed-in person as the kernel sees it.</summary>
public sealed record Principal(string UserId, string Username, string Role, string ScopeKind, string? ScopeValue, string? Subject)
{
    public static readonly Principal System = new("system", "system", Roles.Admin, ScopeKinds.National, null, null);

    public override string ToString() => $"{Username} ({Role})";
}

/// <summary>
/// Scope-based access to decisions about persons. Someone outside a scope gets "not found", never another person's data.
/// </summary>
public static class AccessPolicy
{
    public static bool CanSeeDecision(Principal p, Decisions.DecisionRecord d) => p.Role switch
    {
        Roles.Admin => true,
        Roles.Citizen => p.Subject is not null && p.Subject == d.Subject,
        Roles.Reviewer or Roles.Auditor or Roles.Analyst or Roles.SchoolStaff or Roles.Teacher or Roles.Counsellor => InScope(p, d.Scope),
        // a grid operator reads the load-shedding decisions of the mini-grid(s) of their scope, and no other domain's
        Roles.GridOperator => d.Domain == EnergyDomain && InScope(p, d.Scope),
        _ => false,
    };

    /// <summary>Domain of the energy module's decisions (load shedding on a mini-grid, scope unit = the mini-grid).</summary>
    public const string EnergyDomain = "energy";

    /// <summary>
    /// The person's own words in an objection (they may speak of health or family) are for the person, the reviewers
    /// in scope and administrators; school staff, teachers, analysts and auditors see that an objection exists, its
    /// grounds and its course, not the statement.
    /// </summary>
    public static bool CanReadObjectionStatement(Principal p, Decisions.DecisionRecord d) => p.Role switch
    {
        Roles.Admin => true,
        Roles.Citizen => p.Subject is not null && p.Subject == d.Subject,
        Roles.Reviewer => InScope(p, d.Scope),
        _ => false,
    };

    /// <summary>
    /// Who may file an objection to <paramref name="d"/> (TRANSPARENCY.md §3): the person concerned, i.e. the citizen
    /// account (the person or the guardian) whose subject is the decision's subject, or an administrator recording an
    /// objection the person made on paper, by phone or at the counter (<see cref="ObjectionChannels.Offline"/>; the
    /// workflow refuses an administrator's objection on the web or API channel). Staff, teachers, analysts, reviewers
    /// and auditors who see the decision do not object to it.
    /// </summary>
    public static bool CanObject(Principal p, Decisions.DecisionRecord d) => p.Role switch
    {
        Roles.Admin => true,
        Roles.Citizen => p.Subject is not null && p.Subject == d.Subject,
        _ => false,
    };

    public static bool InScope(Principal p, Decisions.DecisionScope s) => p.ScopeKind switch
    {
        ScopeKinds.National => true,
        ScopeKinds.Region => p.ScopeValue is not null && p.ScopeValue == s.Region,
        ScopeKinds.Province => p.ScopeValue is not null && p.ScopeValue == s.Province,
        ScopeKinds.School or ScopeKinds.Agency or ScopeKinds.MiniGrid => p.ScopeValue is not null && p.ScopeValue == s.Unit,
        _ => false,
    };

    /// <summary>
    /// Roles that may review objections. Never someone who took the decision, neither its recorded decider nor the author
    /// of a human decision on it: checked by the workflow (<c>ObjectionService.TookPartInDecision</c>).
    /// </summary>
    public static bool CanReview(Principal p) => p.Role is Roles.Reviewer or Roles.Admin;

    /// <summary>Roles that may take the human decision on a model recommendation.</summary>
    public static bool CanDecide(Principal p) => p.Role is Roles.SchoolStaff or Roles.Counsellor or Roles.Admin;

    /// <summary>
    /// Fairness audits, the audit log and its verification: auditors, administrators, national analysts. A regional or
    /// provincial analyst (an AREF or province officer) reads the aggregates of their own area only, and the audit log
    /// and fairness reports span the whole country.
    /// </summary>
    public static bool CanAudit(Principal p) => p.Role is Roles.Auditor or Roles.Admin || IsNationalAnalyst(p);

    /// <summary>An analyst whose scope is the whole country (the ministry), as opposed to an AREF or province officer.</summary>
    public static bool IsNationalAnalyst(Principal p) => p.Role == Roles.Analyst && p.ScopeKind == ScopeKinds.National;

    /// <summary>
    /// Roles that use the learning paths: the pupil (citizen account, their own path), teachers and school staff (the
    /// module then restricts them to their classes or school), administrators.
    /// </summary>
    public static bool CanUseLearningPaths(Principal p) => p.Role is Roles.Citizen or Roles.Teacher or Roles.SchoolStaff or Roles.Admin;

    /// <summary>Roles that open class views of the learning paths (restricted by the module to their classes or school).</summary>
    public static bool CanSeeLearningClasses(Principal p) => p.Role is Roles.Teacher or Roles.SchoolStaff or Roles.Admin;

    /// <summary>
    /// Education planning (projections of pupils, teachers and classrooms, budget allocation across the country): national
    /// analysts and administrators.
    /// </summary>
    public static bool CanPlan(Principal p) => p.Role == Roles.Admin || IsNationalAnalyst(p);

    /// <summary>
    /// Aggregate figures and maps (counts and rates per area, never a person): analysts, auditors, administrators. The
    /// modules then restrict the areas to the caller's scope: a national analyst reads every area, an analyst scoped to a
    /// region (AREF) or a province that area only (another area: 404; a level above it: 403).
    /// </summary>
    public static bool CanSeeAggregates(Principal p) => p.Role is Roles.Analyst or Roles.Auditor or Roles.Admin;

    /// <summary>The live labour market (counts per occupation and region, never a person): the aggregate roles and counsellors.</summary>
    public static bool CanSeeLabourMarket(Principal p) => CanSeeAggregates(p) || p.Role == Roles.Counsellor;

    /// <summary>Roles that send labour-market events (each event is then checked against the sender's scope by the jobs module).</summary>
    public static bool CanSendMarketEvents(Principal p) => p.Role is Roles.Admin or Roles.Counsellor or Roles.Employer;
    /// <summary>
    /// A school's ranked list of proposed pupils (explanations, cases): the school's staff and teachers (their school only,
    /// by their scope), administrators. Analysts and auditors work on aggregates, never on a school's list of pupils.
    /// </summary>
    public static bool CanSeeSchoolLists(Principal p) => p.Role is Roles.SchoolStaff or Roles.Teacher or Roles.Admin;
    /// <summary>Energy system views (dispatch of a mini-grid, capacity plan; no person's data): grid operators, analysts, administrators.</summary>
    public static bool CanSeeEnergy(Principal p) => p.Role is Roles.GridOperator or Roles.Analyst or Roles.Admin;
    /// <summary>Load forecasts and the grid-stability view: grid operators, analysts, administrators.</summary>
    public static bool CanForecastEnergy(Principal p) => p.Role is Roles.GridOperator or Roles.Analyst or Roles.Admin;
}
