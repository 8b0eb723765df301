using Basira.Governance.Access;
using Basira.Governance.Objections;

namespace Basira.Governance.Tests.Kernel;

/// <summary>Objection reads are personal-data reads in the audit chain; free text stays in the objection's events.</summary>
public abstract partial class KernelContract
{
    [Fact]
    public void The_extension_is_audited_as_such_without_its_free_text()
    {
        var o = UnderReview("P-40");
        const string Reasons = "Attente du certificat de l'hôpital Ibn Sina";
        K.Objections.Extend(Kernel.Reviewer, o.Id, Reasons);

        var entries = K.Audit.Read(limit: 1000).Where(e => e.EntityId == o.Id).ToList();
        var extended = Assert.Single(entries, e => e.Action == "objection.extended");
        Assert.Equal(Kernel.Reviewer.Username, extended.Actor);
        Assert.Single(entries, e => e.Action == "objection.under_human_review"); // the start of the review only
        Assert.DoesNotContain(K.Audit.Read(limit: 1000), e => e.Details.Contains("Ibn Sina", StringComparison.Ordinal));
        // The audit entry points at the event that holds the reasons.
        var seq = long.Parse(extended.Details.Split(';').Single(p => p.StartsWith("event_seq=", StringComparison.Ordinal))["event_seq=".Length..],
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(Reasons, K.Objections.Events(o.Id).Single(e => e.Seq == seq).Note);
        Assert.True(K.Audit.Verify().Intact);
    }

    [Fact]
    public void An_information_request_keeps_its_question_out_of_the_audit_log()
    {
        var o = UnderReview("P-41");
        K.Objections.RequestInformation(Kernel.Reviewer, o.Id, "Merci d'envoyer le certificat médical de Mme X.");
        Assert.DoesNotContain(K.Audit.Read(limit: 1000), e => e.Details.Contains("certificat", StringComparison.Ordinal));
        Assert.Contains(K.Audit.Read(limit: 1000), e => e.Action == "objection.info_requested" && e.EntityId == o.Id);
    }

    [Fact]
    public void Replies_of_extend_escalate_and_close_and_the_queue_are_personal_data_reads()
    {
        var o = UnderReview("P-42");
        K.Objections.Extend(Kernel.Reviewer, o.Id, "More time needed.");
        K.Objections.Decide(Kernel.Reviewer, o.Id, ReviewOutcomes.Upheld, "Confirmed.");
        K.Objections.Escalate(Kernel.Citizen("P-42"), o.Id, "CNDP");
        K.Objections.Close(Kernel.SecondReviewer, o.Id);
        var queued = K.Objections.Queue(Kernel.Reviewer);
        Assert.NotNull(K.Objections.Read(Kernel.Reviewer, o.Id));
        Assert.Null(K.Objections.Read(Kernel.OtherCitizen(), o.Id));

        var reads = K.Audit.Read(limit: 1000).Where(e => e.Action == "personal_data.read" && e.Entity == "objection" && e.EntityId == o.Id).ToList();
        Assert.All(reads, e => Assert.Equal(o.Id, e.EntityId));
        Assert.All(reads, e => Assert.Equal("P-42", e.Subject));
        Assert.Contains(reads, e => e.Actor == "reviewer1" && e.Details == "purpose=objection.extend;role=reviewer");
        Assert.Contains(reads, e => e.Actor == "guardian" && e.Details == "purpose=objection.escalate;role=citizen");
        Assert.Contains(reads, e => e.Actor == "reviewer2" && e.Details == "purpose=objection.close;role=reviewer");
        Assert.Contains(reads, e => e.Actor == "reviewer1" && e.Details == "purpose=objection.read;role=reviewer");
        Assert.DoesNotContain(reads, e => e.Actor == "guardian2");
        Assert.Contains(K.Audit.Read(limit: 1000), e => e.Action == "personal_data.list" && e.Entity == "objection" && e.Actor == "reviewer1"
            && e.Details == $"count={queued.Count};role=reviewer");
        Assert.True(K.Audit.Verify().Intact);
    }

    [Fact]
    public void An_extension_after_the_deadline_is_refused()
    {
        var o = UnderReview("P-43");
        K.Clock.Advance(TimeSpan.FromDays(32));
        var ex = Assert.Throws<WorkflowException>(() => K.Objections.Extend(Kernel.Reviewer, o.Id, "Too late."));
        Assert.Contains("deadline passed", ex.Message);
        var now = K.Objections.Get(o.Id)!;
        Assert.False(now.Extended);
        Assert.Equal(o.DecideBy, now.DecideBy);
        Assert.True(K.Objections.IsOverdue(now));
    }

    [Fact]
    public void An_escalated_objection_is_closed_by_a_reviewer_and_leaves_the_queue()
    {
        var o = UnderReview("P-44");
        K.Clock.Advance(TimeSpan.FromDays(32));
        Assert.Equal(ObjectionStates.Escalated, K.Objections.Escalate(Kernel.Citizen("P-44"), o.Id, "Médiateur du Royaume").State);
        Assert.Throws<UnauthorizedAccessException>(() => K.Objections.Close(Kernel.Citizen("P-44"), o.Id));

        var closed = K.Objections.Close(Kernel.Reviewer, o.Id);
        Assert.Equal(ObjectionStates.Closed, closed.State);
        Assert.NotNull(closed.ClosedAt);
        Assert.Equal(["escalated", "closed"], K.Objections.Events(o.Id).TakeLast(2).Select(e => e.ToState));
        Assert.Equal("closed after escalation", K.Objections.Events(o.Id)[^1].Note);
        Assert.DoesNotContain(K.Objections.Queue(Kernel.Reviewer), x => x.Objection.Id == o.Id);
        Assert.Throws<WorkflowException>(() => K.Objections.Close(Kernel.Reviewer, o.Id));
    }
}
