using Basira.Governance.Access;
using Basira.Governance.Audit;
using Basira.Governance.Decisions;
using Basira.Governance.Models;
using Basira.Governance.Objections;
using Basira.Governance.Storage;

namespace Basira.Governance.Tests.Kernel;

/// <summary>A clock the tests move by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;
    public override DateTimeOffset GetUtcNow() => Now;
    public void Advance(TimeSpan by) => Now += by;
}

/// <summary>The kernel's services over one database, as the modules use them.</summary>
public sealed class Kernel
{
    public Kernel(BasiraDatabase db, IEnumerable<IRescorer>? rescorers = null)
    {
        Db = db;
        Clock = new ManualClock(new DateTimeOffset(2026, 10, 5, 9, 0, 0, TimeSpan.Zero)); // a Monday
        Audit = new AuditLog(db, Clock);
        Decisions = new DecisionStore(db, Audit, Clock);
        Models = new ModelStore(db, Audit, Clock);
        Users = new UserStore(db, Audit, Clock);
        Objections = new ObjectionService(db, Decisions, Audit, Clock, rescorers ?? []);
    }

    public BasiraDatabase Db { get; }
    public ManualClock Clock { get; }
    public AuditLog Audit { get; }
    public DecisionStore Decisions { get; }
    public ModelStore Models { get; }
    public UserStore Users { get; }
    public ObjectionService Objections { get; }

    public static readonly Principal Reviewer = new("u-rev", "reviewer1", Roles.Reviewer, ScopeKinds.Province, "MA-AZI", null);
    public static readonly Principal Staff = new("u-staff", "staff1", Roles.SchoolStaff, ScopeKinds.School, "SCH-1", null);
    public static readonly Principal OtherStaff = new("u-staff2", "staff2", Roles.SchoolStaff, ScopeKinds.School, "SCH-2", null);
    public static readonly Principal SecondReviewer = new("u-rev2", "reviewer2", Roles.Reviewer, ScopeKinds.Province, "MA-AZI", null);
    public static readonly Principal FarReviewer = new("u-rev3", "reviewer3", Roles.Reviewer, ScopeKinds.Province, "MA-CAS", null);
    public static readonly Principal Admin = new("u-admin", "admin1", Roles.Admin, ScopeKinds.National, null, null);
    public static Principal Citizen(string subject) => new("u-cit", "guardian", Roles.Citizen, ScopeKinds.Self, null, subject);
    /// <summary>Another guardian, with no link to <paramref name="subject"/>'s decisions unless it is theirs.</summary>
    public static Principal OtherCitizen(string subject = "P-NOBODY") => new("u-cit2", "guardian2", Roles.Citizen, ScopeKinds.Self, null, subject);

    /// <summary>A decision whose contributions sum exactly to raw − baseline.</summary>
    public DecisionRecord NewDecision(string subject = "P-AAA", string unit = "SCH-1", string outcome = "flagged", string decider = "school_staff:SCH-1")
    {
        var contributions = new List<Contribution> { new("absence_days", 0.9), new("grade_average", 0.4), new("distance_km", -0.1), new("repetitions", 0.05) };
        var baseline = -2.0;
        var raw = baseline + contributions.Sum(c => c.Value);
        return new DecisionRecord("DEC-" + Guid.NewGuid().ToString("n")[..12], subject, "education", "edu.test", "edu.test@v1", "v1", "abc123",
            contributions.Select(c => new DecisionInput(c.Feature, "1", "register")).ToList(), raw, baseline, 1 / (1 + Math.Exp(-raw)), 0.3,
            outcome, 1, AutomationLevels.ModelRecommendsHumanDecides, decider, new DecisionScope("MA-08", "MA-AZI", unit),
            new Dictionary<string, string> { ["sex"] = "F" }, contributions, Clock.GetUtcNow());
    }
}
