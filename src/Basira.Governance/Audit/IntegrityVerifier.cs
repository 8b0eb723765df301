using Basira.Governance.Decisions;

namespace Basira.Governance.Audit;

/// <summary>Result of <see cref="IntegrityVerifier.Verify"/>: the audit chain and the decisions it vouches for.</summary>
/// <param name="Intact">The chain is intact, every decision matches its recorded content, and the anchor (if any) holds.</param>
/// <param name="Entries">Audit entries read.</param>
/// <param name="FirstBrokenSeq">First broken audit entry, when the chain is broken.</param>
/// <param name="Problem">The first problem found (chain, anchor or decisions), or null.</param>
/// <param name="HeadSeq">Sequence number of the last entry (0 for an empty log).</param>
/// <param name="HeadHash">Hash of the last entry: with <see cref="HeadSeq"/>, the anchor to keep outside the store.</param>
/// <param name="Decisions">The decision content check.</param>
public sealed record IntegrityReport(bool Intact, long Entries, long? FirstBrokenSeq, string? Problem, long HeadSeq, string? HeadHash,
    DecisionContentVerification Decisions);

/// <summary>
/// Verifies the audit log's hash chain, the decisions against the content hashes their audit entries carry, and
/// optionally an anchor (sequence number and hash of an entry, kept outside the store, e.g. printed daily): a log cut
/// back to before the anchor, or rewritten from it, no longer holds that entry.
/// </summary>
public sealed class IntegrityVerifier(AuditLog log, DecisionStore decisions)
{
    public IntegrityReport Verify(long? anchorSeq = null, string? anchorHash = null)
    {
        var chain = log.Verify();
        var content = decisions.VerifyContent();
        var headSeq = chain.Intact ? chain.Entries : 0;
        string? anchorProblem = null;
        if (chain.Intact && anchorSeq is { } seq)
        {
            var hash = log.HashOf(seq);
            if (hash is null) anchorProblem = $"anchored entry {seq} is missing: the log ends at entry {headSeq} (cut back)";
            else if (!string.Equals(hash, anchorHash, StringComparison.OrdinalIgnoreCase)) anchorProblem = $"entry {seq} differs from its anchor (the log was rewritten)";
        }
        var intact = chain.Intact && anchorProblem is null && content.Intact;
        return new IntegrityReport(intact, chain.Entries, chain.FirstBrokenSeq, chain.Problem ?? anchorProblem ?? content.Problem, headSeq,
            chain.Intact ? chain.HeadHash : null, content);
    }
}
