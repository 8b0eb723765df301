using Basira.Governance.Access;
using Basira.Governance.Objections;

namespace Basira.Governance.Tests.Kernel;

/// <summary>
/// Who may file an objection (TRANSPARENCY.md §3): the person concerned, or an administrator recording one received
/// offline; seeing the decision is not enough. Whoever filed or recorded an objection never reviews it.
/// </summary>
public abstract partial class KernelContract
{
    private static readonly Principal FilingAuditor = new("u-aud", "auditor1", Roles.Auditor, ScopeKinds.National, null, null);
    private static readonly Principal FilingAnalyst = new("u-ana", "analyst1", Roles.Analyst, ScopeKinds.National, null, null);

    [Fact]
    public void Those_who_see_a_decision_but_are_not_the_person_concerned_cannot_object()
    {
        var d = K.NewDecision("P-40");
        K.Decisions.Record([d], "test");
        foreach (var who in new[] { Kernel.Staff, Kernel.Reviewer, FilingAuditor, FilingAnalyst })
        {
            Assert.True(AccessPolicy.CanSeeDecision(who, d));
            Assert.False(AccessPolicy.CanObject(who, d));
            Assert.Throws<UnauthorizedAccessException>(() => K.Objections.File(who, d.Id, ObjectionGrounds.Unfair, "I disagree.", ObjectionChannels.Api));
        }
        Assert.Throws<KeyNotFoundException>(() => K.Objections.File(Kernel.OtherCitizen(), d.Id, ObjectionGrounds.Unfair, "x"));
        Assert.Empty(K.Objections.ForDecision(d.Id));

        Assert.True(AccessPolicy.CanObject(Kernel.Citizen("P-40"), d));
        var o = K.Objections.File(Kernel.Citizen("P-40"), d.Id, ObjectionGrounds.Unfair, "Mon fils était malade.");
        Assert.Equal(ObjectionChannels.Web, o.Channel);
        // The person's own objection comes through the web or the API, never as a "paper" one.
        Assert.Throws<DataInputException>(() => K.Objections.File(Kernel.Citizen("P-40"), d.Id, ObjectionGrounds.Unfair, "x", ObjectionChannels.Paper));
    }

    [Fact]
    public void An_administrator_records_an_offline_objection_and_never_reviews_it()
    {
        var d = K.NewDecision("P-41");
        K.Decisions.Record([d], "test");
        foreach (var online in new[] { ObjectionChannels.Web, ObjectionChannels.Api, "" })
            Assert.Throws<DataInputException>(() => K.Objections.File(Kernel.Admin, d.Id, ObjectionGrounds.Other, "Reçue par courrier.", online));

        var o = K.Objections.Acknowledge(K.Objections.File(Kernel.Admin, d.Id, ObjectionGrounds.Other, "Reçue par courrier.", ObjectionChannels.Paper).Id);
        Assert.Equal(ObjectionChannels.Paper, o.Channel);
        Assert.Equal(Kernel.Admin.Username, o.FiledBy);

        var refused = Assert.Throws<WorkflowException>(() => K.Objections.StartReview(Kernel.Admin, o.Id));
        Assert.Contains("filed", refused.Message);
        Assert.Equal(ObjectionStates.Acknowledged, K.Objections.Get(o.Id)!.State);
        Assert.Equal(ObjectionStates.UnderReview, K.Objections.StartReview(Kernel.Reviewer, o.Id).State);

        // the person concerned may take it further, although an administrator recorded it; another guardian may not
        K.Objections.Decide(Kernel.Reviewer, o.Id, ReviewOutcomes.Upheld, "Absences confirmed.");
        Assert.Throws<KeyNotFoundException>(() => K.Objections.Escalate(Kernel.OtherCitizen(), o.Id, "CNDP"));
        Assert.Equal(ObjectionStates.Escalated, K.Objections.Escalate(Kernel.Citizen("P-41"), o.Id, "CNDP").State);
    }
}
