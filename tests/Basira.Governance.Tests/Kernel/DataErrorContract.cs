using Basira.Governance.Decisions;
using Basira.Governance.Objections;

namespace Basira.Governance.Tests.Kernel;

/// <summary>A data-error objection is routed: rectified and re-scored, or the data are stated right.</summary>
public abstract partial class KernelContract
{
    [Fact]
    public void A_data_error_objection_needs_corrections_or_a_no_error_found_statement()
    {
        var o = UnderReview("P-50", ObjectionGrounds.DataError);
        var neither = Assert.Throws<DataInputException>(() => K.Objections.Decide(Kernel.Reviewer, o.Id, ReviewOutcomes.Upheld, "Looks right."));
        Assert.Equal("corrections", neither.Field);
        var both = Assert.Throws<DataInputException>(() => K.Objections.Decide(Kernel.Reviewer, o.Id, ReviewOutcomes.Modified, "x",
            new Dictionary<string, string?> { ["absence_days"] = "2" }, noErrorFound: true));
        Assert.Equal("no_error_found", both.Field);
        Assert.Equal(ObjectionStates.UnderReview, K.Objections.Get(o.Id)!.State);
        Assert.Empty(K.Decisions.Revisions(o.DecisionId));

        var decided = K.Objections.Decide(Kernel.Reviewer, o.Id, ReviewOutcomes.Upheld, "Register checked: the absences are recorded right.", noErrorFound: true);
        Assert.Equal(ObjectionStates.Decided, decided.State);
        var revision = Assert.Single(K.Decisions.Revisions(o.DecisionId));
        Assert.Contains("\"no_error_found\":true", revision.DetailsJson);
        Assert.Contains(K.Audit.Read(limit: 1000), e => e.Action == "objection.decided" && e.EntityId == o.Id && e.Details.EndsWith(";no_error_found=true", StringComparison.Ordinal));
    }

    [Fact]
    public void No_error_found_answers_only_a_data_error_objection()
    {
        var o = UnderReview("P-51", ObjectionGrounds.Unfair);
        Assert.Throws<DataInputException>(() => K.Objections.Decide(Kernel.Reviewer, o.Id, ReviewOutcomes.Upheld, "x", noErrorFound: true));
        Assert.Equal(ObjectionStates.Decided, K.Objections.Decide(Kernel.Reviewer, o.Id, ReviewOutcomes.Upheld, "Fair.").State);
    }

    [Fact]
    public void Rectification_rescoring_and_outcome_commit_together_or_not_at_all()
    {
        var o = UnderReview("P-52", ObjectionGrounds.DataError);
        Assert.Throws<InvalidOperationException>(() => K.Objections.Decide(Kernel.Reviewer, o.Id, ReviewOutcomes.Modified, "Certificate.",
            new Dictionary<string, string?> { ["absence_days"] = "2", ["fail_to_store"] = "1" }));
        Assert.Equal(ObjectionStates.UnderReview, K.Objections.Get(o.Id)!.State);
        Assert.Empty(K.Decisions.Revisions(o.DecisionId));
        Assert.DoesNotContain(K.Audit.Read(limit: 1000), e => e.Action is "objection.decided" or "decision.revised" && (e.EntityId == o.Id || e.EntityId == o.DecisionId));
        Assert.True(K.Audit.Verify().Intact);
    }
}
