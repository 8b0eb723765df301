using Basira.Governance.Access;
using Basira.Governance.Decisions;
using Basira.Governance.Objections;

namespace Basira.Governance.Tests.Kernel;

/// <summary>Who may take which step of an objection: out of scope → not found, in scope but not theirs → forbidden.</summary>
public abstract partial class KernelContract
{
    private Objection UnderReview(string subject, string grounds = ObjectionGrounds.Other)
    {
        var d = K.NewDecision(subject);
        K.Decisions.Record([d], "test");
        var o = K.Objections.Acknowledge(K.Objections.File(Kernel.Citizen(subject), d.Id, grounds, "Mon enfant était hospitalisé.").Id);
        return K.Objections.StartReview(Kernel.Reviewer, o.Id);
    }

    private Objection Decided(string subject)
    {
        var o = UnderReview(subject);
        return K.Objections.Decide(Kernel.Reviewer, o.Id, ReviewOutcomes.Upheld, "The absences were not justified.");
    }

    [Fact]
    public void The_statement_is_for_the_person_the_reviewers_and_administrators_only()
    {
        var o = UnderReview("P-20");
        var d = K.Decisions.Load(o.DecisionId)!;
        const string words = "Mon enfant était hospitalisé.";
        Assert.Equal(words, K.Objections.Read(Kernel.Citizen("P-20"), o.Id)!.Value.Objection.Statement);
        Assert.Equal(words, K.Objections.Read(Kernel.Reviewer, o.Id)!.Value.Objection.Statement);
        Assert.Equal(words, K.Objections.Read(Kernel.Admin, o.Id)!.Value.Objection.Statement);
        var auditor = new Principal("u-aud", "auditor1", Roles.Auditor, ScopeKinds.National, null, null);
        foreach (var who in new[] { Kernel.Staff, auditor })
        {
            var seen = K.Objections.Read(who, o.Id)!.Value.Objection;
            Assert.Equal(ObjectionViews.WithheldStatement, seen.Statement);
            Assert.Equal(o.Grounds, seen.Grounds); // the objection, its grounds and course stay visible
            Assert.Equal(ObjectionViews.WithheldStatement, Assert.Single(K.Objections.ForDecision(who, d)).Statement);
        }
        Assert.Equal(ObjectionViews.WithheldStatement, Assert.Single(K.Objections.Queue(auditor), x => x.Objection.Id == o.Id).Objection.Statement);
        Assert.Equal(words, Assert.Single(K.Objections.Queue(Kernel.Reviewer), x => x.Objection.Id == o.Id).Objection.Statement);
    }

    [Fact]
    public void A_step_taken_on_a_stale_view_of_the_objection_changes_nothing()
    {
        var o = UnderReview("P-21", ObjectionGrounds.DataError);
        // Two decide requests race (two tabs): the second passes its checks, then the first commits while the second
        // re-scores; the second's transaction must find the state it checked gone and change nothing.
        _rescorer.DuringRescore = () => K.Objections.Decide(Kernel.Reviewer, o.Id, ReviewOutcomes.Upheld, "first", noErrorFound: true);
        var e = Assert.Throws<WorkflowException>(() => K.Objections.Decide(Kernel.Reviewer, o.Id, ReviewOutcomes.Modified, "second",
            new Dictionary<string, string?> { ["absence_days"] = "0" }));
        Assert.Contains("changed while", e.Message);
        Assert.Equal([RevisionKinds.ReviewOutcome], K.Decisions.Revisions(o.DecisionId).Select(r => r.Kind));
        Assert.Equal(ReviewOutcomes.Upheld, K.Objections.Get(o.Id)!.Outcome);
    }

    [Fact]
    public void Only_the_assigned_reviewer_extends_the_review_deadline()
    {
        var o = UnderReview("P-10");

        Assert.Throws<KeyNotFoundException>(() => K.Objections.Extend(Kernel.OtherCitizen(), o.Id, "x"));
        Assert.Throws<KeyNotFoundException>(() => K.Objections.Extend(Kernel.OtherStaff, o.Id, "x"));
        Assert.Throws<KeyNotFoundException>(() => K.Objections.Extend(Kernel.FarReviewer, o.Id, "x"));
        Assert.Throws<UnauthorizedAccessException>(() => K.Objections.Extend(Kernel.Citizen("P-10"), o.Id, "x"));
        Assert.Throws<UnauthorizedAccessException>(() => K.Objections.Extend(Kernel.Staff, o.Id, "x"));
        Assert.Throws<UnauthorizedAccessException>(() => K.Objections.Extend(Kernel.SecondReviewer, o.Id, "x"));
        Assert.Throws<UnauthorizedAccessException>(() => K.Objections.Extend(Kernel.Admin, o.Id, "x"));
        var unchanged = K.Objections.Get(o.Id)!;
        Assert.False(unchanged.Extended);
        Assert.Equal(o.DecideBy, unchanged.DecideBy);

        var extended = K.Objections.Extend(Kernel.Reviewer, o.Id, "Waiting for the hospital's certificate.");
        Assert.True(extended.Extended);
        Assert.Equal(o.DecideBy.AddMonths(2), extended.DecideBy);
    }

    [Fact]
    public void Only_the_person_concerned_or_a_reviewer_in_scope_escalates()
    {
        var o = Decided("P-11");

        Assert.Throws<KeyNotFoundException>(() => K.Objections.Escalate(Kernel.OtherCitizen(), o.Id, "CNDP"));
        Assert.Throws<KeyNotFoundException>(() => K.Objections.Escalate(Kernel.OtherStaff, o.Id, "CNDP"));
        Assert.Throws<KeyNotFoundException>(() => K.Objections.Escalate(Kernel.FarReviewer, o.Id, "CNDP"));
        Assert.Throws<UnauthorizedAccessException>(() => K.Objections.Escalate(Kernel.Staff, o.Id, "CNDP"));
        Assert.Equal(ObjectionStates.Decided, K.Objections.Get(o.Id)!.State);

        // The right belongs to the person concerned: another guardian account of the same pupil may take it further too.
        Assert.Equal(ObjectionStates.Escalated, K.Objections.Escalate(Kernel.OtherCitizen("P-11"), o.Id, "CNDP").State);
        var byFiler = Decided("P-13");
        Assert.Equal(ObjectionStates.Escalated, K.Objections.Escalate(Kernel.Citizen("P-13"), byFiler.Id, "CNDP").State);
        var byReviewer = Decided("P-12");
        Assert.Equal(ObjectionStates.Escalated, K.Objections.Escalate(Kernel.SecondReviewer, byReviewer.Id, "Médiateur du Royaume").State);
    }

    [Fact]
    public void Only_a_reviewer_or_an_administrator_in_scope_closes()
    {
        var o = Decided("P-13");

        Assert.Throws<KeyNotFoundException>(() => K.Objections.Close(Kernel.OtherCitizen(), o.Id));
        Assert.Throws<KeyNotFoundException>(() => K.Objections.Close(Kernel.FarReviewer, o.Id));
        Assert.Throws<UnauthorizedAccessException>(() => K.Objections.Close(Kernel.Citizen("P-13"), o.Id));
        Assert.Throws<UnauthorizedAccessException>(() => K.Objections.Close(Kernel.Staff, o.Id));
        Assert.Equal(ObjectionStates.Decided, K.Objections.Get(o.Id)!.State);

        Assert.Equal(ObjectionStates.Closed, K.Objections.Close(Kernel.SecondReviewer, o.Id).State);
        Assert.Equal(ObjectionStates.Closed, K.Objections.Close(Kernel.Admin, Decided("P-14").Id).State);
    }

    [Fact]
    public void Information_requests_and_decisions_are_the_assigned_reviewers_alone()
    {
        var o = UnderReview("P-15");
        Assert.Throws<KeyNotFoundException>(() => K.Objections.RequestInformation(Kernel.FarReviewer, o.Id, "x"));
        Assert.Throws<UnauthorizedAccessException>(() => K.Objections.RequestInformation(Kernel.SecondReviewer, o.Id, "x"));
        Assert.Throws<KeyNotFoundException>(() => K.Objections.Decide(Kernel.OtherCitizen(), o.Id, ReviewOutcomes.Reversed, "x"));
        Assert.Throws<UnauthorizedAccessException>(() => K.Objections.Decide(Kernel.Admin, o.Id, ReviewOutcomes.Reversed, "x"));
        Assert.Equal(ObjectionStates.UnderReview, K.Objections.Get(o.Id)!.State);
    }

    [Fact]
    public void Whoever_took_the_human_decision_cannot_review_the_objection()
    {
        var d = K.NewDecision("P-20");
        K.Decisions.Record([d], "test");
        K.Decisions.RecordHumanDecision(Kernel.Admin, d.Id, confirm: true, "Seen the pupil's file.");
        var o = K.Objections.Acknowledge(K.Objections.File(Kernel.Citizen("P-20"), d.Id, ObjectionGrounds.Other, "x").Id);

        var ex = Assert.Throws<WorkflowException>(() => K.Objections.StartReview(Kernel.Admin, o.Id));
        Assert.Contains("original decision", ex.Message);
        Assert.Equal(ObjectionStates.Acknowledged, K.Objections.Get(o.Id)!.State);
        Assert.Equal(ObjectionStates.UnderReview, K.Objections.StartReview(Kernel.Reviewer, o.Id).State);
    }

    [Fact]
    public void A_reviewer_who_appears_as_human_decider_cannot_decide_either()
    {
        var o = UnderReview("P-21");
        // A human decision by the reviewer's account recorded behind the workflow's back: the decide step checks again.
        K.Decisions.AddRevision(o.DecisionId, RevisionKinds.HumanDecision, "flagged", Kernel.Reviewer.Username, "x", new { });
        Assert.Throws<WorkflowException>(() => K.Objections.Decide(Kernel.Reviewer, o.Id, ReviewOutcomes.Reversed, "x"));
        Assert.Equal(ObjectionStates.UnderReview, K.Objections.Get(o.Id)!.State);
    }

    [Fact]
    public void No_human_decision_is_taken_while_an_objection_is_open_or_after_its_review()
    {
        var d = K.NewDecision("P-30");
        K.Decisions.Record([d], "test");
        var o = K.Objections.File(Kernel.Citizen("P-30"), d.Id, ObjectionGrounds.Unfair, "x");
        Assert.Throws<WorkflowException>(() => K.Decisions.RecordHumanDecision(Kernel.Staff, d.Id, confirm: true, "filed"));
        K.Objections.StartReview(Kernel.Reviewer, K.Objections.Acknowledge(o.Id).Id);
        Assert.Throws<WorkflowException>(() => K.Decisions.RecordHumanDecision(Kernel.Staff, d.Id, confirm: false, "under review"));
        K.Objections.Decide(Kernel.Reviewer, o.Id, ReviewOutcomes.Reversed, "Absences justified.");
        K.Objections.Close(Kernel.Reviewer, o.Id);

        var ex = Assert.Throws<WorkflowException>(() => K.Decisions.RecordHumanDecision(Kernel.Staff, d.Id, confirm: true, "I still think so."));
        Assert.Contains("review outcome", ex.Message);
        Assert.Equal("not_flagged", K.Decisions.CurrentOutcome(d));
        Assert.Equal([RevisionKinds.ReviewOutcome], K.Decisions.Revisions(d.Id).Select(r => r.Kind));
        Assert.NotNull(K.Decisions.HumanDecisionRefusal(d.Id));
        Assert.True(K.Audit.Verify().Intact);
    }

    [Fact]
    public void A_human_confirmation_takes_the_current_recommendation_not_the_original_one()
    {
        var d = K.NewDecision("P-31");
        K.Decisions.Record([d], "test");
        Assert.Null(K.Decisions.HumanDecisionRefusal(d.Id));
        Assert.Equal("declined:flagged", K.Decisions.RecordHumanDecision(Kernel.Staff, d.Id, confirm: false, "Followed elsewhere.")!.Outcome);
        Assert.Equal("flagged", K.Decisions.RecordHumanDecision(Kernel.Staff, d.Id, confirm: true, "On second thoughts.")!.Outcome);
        // A re-scoring (e.g. after rectified data) changed the recommendation: confirming confirms that one.
        K.Decisions.AddRevision(d.Id, RevisionKinds.Rescored, "not_flagged", "system", "data rectified", new { });
        Assert.Equal("not_flagged", K.Decisions.RecordHumanDecision(Kernel.Staff, d.Id, confirm: true, "Agreed.")!.Outcome);
        Assert.Equal("not_flagged", K.Decisions.CurrentOutcome(d));
    }
}
