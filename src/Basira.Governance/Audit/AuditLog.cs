using System.Security.Cryptography;
using System.Text;
using Basira.Governance.Storage;

namespace Basira.Governance.Audit;

/// <summary>One entry of the hash-chained audit log. <see cref="Subject"/> is a pseudonym, never an identity.</summary>
public sealed record AuditEntry(long Seq, DateTimeOffset At, string Actor, string Action, string Entity, string EntityId,
    string? Subject, string Details, string PrevHash, string Hash);

/// <summary>One entry to append with <see cref="AuditLog.AppendMany"/>.</summary>
public sealed record AuditItem(string Actor, string Action, string Entity, string EntityId, string? Subject, string Details);

/// <summary>Result of verifying the chain: intact, or the first entry that is tampered with or missing.</summary>
public sealed record AuditVerification(bool Intact, long Entries, long? FirstBrokenSeq, string? Problem, string? HeadHash);

/// <summary>
/// Append-only, hash-chained log of every read of personal data and every change of state. Each entry's hash is
/// SHA-256 over the previous hash and the entry's canonical fields, so editing, deleting or re-ordering any entry
/// breaks the chain from that point, and <see cref="Verify"/> names the first broken entry.
/// </summary>
public sealed class AuditLog(BasiraDatabase db, TimeProvider clock)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";
    private static readonly object AppendLock = new();

    /// <summary>Appends one entry in its own transaction.</summary>
    public AuditEntry Append(string actor, string action, string entity, string entityId, string? subject = null, string details = "")
    {
        lock (AppendLock)
        {
            return db.InTransaction((c, tx) => Append(c, tx, actor, action, entity, entityId, subject, details));
        }
    }

    /// <summary>Appends inside the caller's transaction, so that a change and its audit entry commit together.</summary>
    public AuditEntry Append(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, string actor, string action,
        string entity, string entityId, string? subject, string details)
    {
        if (db.Kind == StoreKind.PostgreSql) c.Execute(tx, "SELECT pg_advisory_xact_lock(727275)");
        var head = c.Query(tx, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", r => (Seq: r.L("seq"), Hash: r.S("hash")));
        var seq = head.Count == 0 ? 1 : head[0].Seq + 1;
        var prev = head.Count == 0 ? Genesis : head[0].Hash;
        var at = clock.GetUtcNow();
        var hash = ComputeHash(seq, at, actor, action, entity, entityId, subject, details, prev);
        c.Execute(tx, """
            INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, subject, details, prev_hash, hash)
            VALUES (@seq, @at, @actor, @action, @entity, @eid, @subject, @details, @prev, @hash)
            """,
            ("@seq", seq), ("@at", Sql.Iso(at)), ("@actor", actor), ("@action", action), ("@entity", entity),
            ("@eid", entityId), ("@subject", subject), ("@details", details), ("@prev", prev), ("@hash", hash));
        return new AuditEntry(seq, at, actor, action, entity, entityId, subject, details, prev, hash);
    }

    /// <summary>
    /// Appends many entries inside the caller's transaction, chained exactly as one <see cref="Append(System.Data.Common.DbConnection, System.Data.Common.DbTransaction, string, string, string, string, string?, string)"/>
    /// per entry would chain them (same hashes), but reading the head once and inserting in batches: the audit trail of a
    /// national run (hundreds of thousands of decisions) commits with the run or not at all.
    /// </summary>
    public IReadOnlyList<AuditEntry> AppendMany(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, IReadOnlyList<AuditItem> items)
    {
        if (items.Count == 0) return [];
        if (db.Kind == StoreKind.PostgreSql) c.Execute(tx, "SELECT pg_advisory_xact_lock(727275)");
        var head = c.Query(tx, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", r => (Seq: r.L("seq"), Hash: r.S("hash")));
        var seq = head.Count == 0 ? 0 : head[0].Seq;
        var prev = head.Count == 0 ? Genesis : head[0].Hash;
        var at = clock.GetUtcNow();
        var entries = new AuditEntry[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var it = items[i];
            seq++;
            var hash = ComputeHash(seq, at, it.Actor, it.Action, it.Entity, it.EntityId, it.Subject, it.Details, prev);
            entries[i] = new AuditEntry(seq, at, it.Actor, it.Action, it.Entity, it.EntityId, it.Subject, it.Details, prev, hash);
            prev = hash;
        }
        var iso = Sql.Iso(at);
        c.InsertMany(tx, "audit_log", ["seq", "at", "actor", "action", "entity", "entity_id", "subject", "details", "prev_hash", "hash"],
            entries.Select(e => new object?[] { e.Seq, iso, e.Actor, e.Action, e.Entity, e.EntityId, e.Subject, e.Details, e.PrevHash, e.Hash }));
        return entries;
    }

    public IReadOnlyList<AuditEntry> Read(long afterSeq = 0, int limit = 200, string? subject = null)
    {
        using var c = db.OpenConnection();
        var sql = "SELECT * FROM audit_log WHERE seq > @after" + (subject is null ? "" : " AND subject = @subject") + " ORDER BY seq LIMIT @limit";
        return c.Query(null, sql, Map, ("@after", afterSeq), ("@subject", subject), ("@limit", (long)limit));
    }

    /// <summary>
    /// Reads entries after <paramref name="afterSeq"/> for <paramref name="who"/> (an auditor, analyst or administrator,
    /// else <see cref="UnauthorizedAccessException"/>) and records the read: the log names actors and subject pseudonyms,
    /// so reading it is itself audited. The entry is appended after the read, so the chain stays linear and the entries
    /// returned are unchanged. <paramref name="limit"/> is clamped to 1…1000.
    /// </summary>
    public IReadOnlyList<AuditEntry> ReadAudited(Access.Principal who, long afterSeq = 0, int limit = 200)
    {
        if (!Access.AccessPolicy.CanAudit(who)) throw new UnauthorizedAccessException("only auditors, analysts and administrators read the audit log");
        var (from, take) = (Math.Max(0, afterSeq), Math.Clamp(limit, 1, 1000));
        var entries = Read(from, take);
        Append(who.Username, "audit_log.read", "audit_log", "*", null, $"after={from};limit={take};count={entries.Count};role={who.Role}");
        return entries;
    }

    /// <summary>Walks the whole chain in order and returns the first entry whose hash, link or sequence is wrong.</summary>
    public AuditVerification Verify()
    {
        using var c = db.OpenConnection();
        using var cmd = c.Command(null, "SELECT * FROM audit_log ORDER BY seq");
        using var r = cmd.ExecuteReader();
        var prev = Genesis;
        long expectedSeq = 1, count = 0;
        while (r.Read())
        {
            var e = Map(r);
            count++;
            if (e.Seq != expectedSeq)
                return new(false, count, expectedSeq, $"entry {expectedSeq} is missing (next present entry is {e.Seq})", null);
            if (e.PrevHash != prev)
                return new(false, count, e.Seq, $"entry {e.Seq} does not link to entry {e.Seq - 1} (previous hash differs)", null);
            var h = ComputeHash(e.Seq, e.At, e.Actor, e.Action, e.Entity, e.EntityId, e.Subject, e.Details, e.PrevHash);
            if (h != e.Hash)
                return new(false, count, e.Seq, $"entry {e.Seq} was altered (its content does not match its hash)", null);
            prev = e.Hash;
            expectedSeq++;
        }
        return new(true, count, null, null, prev);
    }

    /// <summary>Stored hash of entry <paramref name="seq"/>, or null when there is no such entry.</summary>
    public string? HashOf(long seq)
    {
        using var c = db.OpenConnection();
        return c.Query(null, "SELECT hash FROM audit_log WHERE seq = @s", r => r.S("hash"), ("@s", seq)).SingleOrDefault();
    }

    public static string ComputeHash(long seq, DateTimeOffset at, string actor, string action, string entity, string entityId,
        string? subject, string details, string prev)
    {
        // Length-prefixed fields: no separator ambiguity.
        var sb = new StringBuilder();
        foreach (var f in new[] { seq.ToString(System.Globalization.CultureInfo.InvariantCulture), Sql.Iso(at), actor, action, entity, entityId, subject ?? "\0", details, prev })
            sb.Append(f.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(':').Append(f).Append('|');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    private static AuditEntry Map(System.Data.Common.DbDataReader r) => new(r.L("seq"), r.T("at"), r.S("actor"), r.S("action"),
        r.S("entity"), r.S("entity_id"), r.Str("subject"), r.S("details"), r.S("prev_hash"), r.S("hash"));
}
