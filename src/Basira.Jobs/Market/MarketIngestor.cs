using System.Threading.Channels;
using Basira.Governance.Access;
using Basira.Governance.Audit;
using Basira.Governance.Objections;
using Basira.Governance.Storage;
using Basira.Jobs.Matching;

namespace Basira.Jobs.Market;

/// <summary>What happened to one event: applied (it changed the entity), superseded (an older or equal version: kept in
/// the log, changed nothing) or duplicate (the same event id and content was already received: nothing stored again).</summary>
public sealed record EventOutcome(string EventId, string Type, string Outcome, long Version);

/// <summary>The answer to a batch, given once every event is stored (and applied to the live market).</summary>
/// <param name="MarketVersion">Version of the live market after the batch (the dashboard's updates carry it).</param>
public sealed record IngestResult(IReadOnlyList<EventOutcome> Events, int Applied, int Superseded, int Duplicates, long MarketVersion);

/// <summary>Outcome codes of <see cref="EventOutcome"/>.</summary>
public static class EventOutcomes
{
    public const string Applied = "applied", Superseded = "superseded", Duplicate = "duplicate";
}

/// <summary>
/// The market's ingestion: events are persisted before they are acknowledged, idempotent by event id, ordered per entity
/// by version. One writer thread drains the queue and stores everything waiting in one transaction (group commit), then
/// applies it to the live market and answers every waiting request; a failed transaction answers them all with the
/// error and applies nothing. A batch is stored all or nothing: an event id already received with a different content
/// refuses the whole batch (409). One writer per process: several servers on one PostgreSQL stay idempotent through the
/// unique event id (a concurrent duplicate fails its transaction, which the sender retries).
/// </summary>
public sealed class MarketIngestor : IDisposable
{
    private sealed record Pending(IReadOnlyList<ValidatedEvent> Events, string Actor, TaskCompletionSource<IngestResult> Done);

    /// <summary>Events stored in one transaction at most (the queue is drained up to this).</summary>
    public const int GroupLimit = 5000;

    private readonly MarketStore _store;
    private readonly MarketState _market;
    private readonly AuditLog _audit;
    private readonly TimeProvider _clock;
    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(10_000) { SingleReader = true });
    private readonly Task _writer;
    private readonly CancellationTokenSource _stop = new();
    private long _groups, _events, _storeTicks, _applyTicks;

    /// <summary>Work of the writer so far: transactions (groups), events, and seconds spent storing and applying.</summary>
    public (long Groups, long Events, double StoreSeconds, double ApplySeconds) Stats =>
        (Interlocked.Read(ref _groups), Interlocked.Read(ref _events), Interlocked.Read(ref _storeTicks) / (double)System.Diagnostics.Stopwatch.Frequency,
            Interlocked.Read(ref _applyTicks) / (double)System.Diagnostics.Stopwatch.Frequency);

    public MarketIngestor(MarketStore store, MarketState market, AuditLog audit, TimeProvider clock)
    {
        _store = store;
        _market = market;
        _audit = audit;
        _clock = clock;
        _writer = Task.Factory.StartNew(WriteLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>
    /// Refuses (UnauthorizedAccessException → 403) a batch with an event <paramref name="who"/> may not send: an
    /// administrator sends anything; a counsellor events about the offers and seekers of their scope; an employer events
    /// about their own offers. A status-only event is judged on the entity as known.
    /// </summary>
    public void Authorize(Principal who, IReadOnlyList<ValidatedEvent> events)
    {
        foreach (var e in events)
        {
            string? agency = null, employer = null, region = null, province = null;
            if (e.Offer is { } o) (agency, employer, province) = (o.Agency, o.EmployerId, o.Province);
            else if (e.Seeker is { } s) (agency, province) = (s.Agency, s.Province);
            else if (e.EntityKind == "offer" && _market.Index.Offer(e.EntityId) is { } known)
                (agency, employer, province) = (known.Agency, known.EmployerId, known.Province is { } p ? _market.Geography.Places[p].Province : null);
            else if (e.EntityKind == "seeker" && _market.Index.Seeker(e.EntityId) is { } ks)
                (agency, province) = (ks.Agency, _market.Geography.Places[ks.Province].Province);
            if (province is not null && _market.Geography.ProvinceIndex(province) is { } pi) region = _market.Geography.RegionOf(pi);
            if (!JobsAccess.CanSendEvent(who, e.EntityKind == "offer", agency, employer, region, province))
                throw new UnauthorizedAccessException($"event {e.EventId}: this account may not send events about this {e.EntityKind}");
        }
    }

    /// <summary>Queues a checked batch and completes once it is stored and applied (or refused).</summary>
    public async Task<IngestResult> SubmitAsync(IReadOnlyList<ValidatedEvent> events, string actor, CancellationToken ct = default)
    {
        var done = new TaskCompletionSource<IngestResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync(new Pending(events, actor, done), ct);
        return await done.Task.WaitAsync(ct);
    }

    private async Task WriteLoop()
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stop.Token))
            {
                var group = new List<Pending>();
                var n = 0;
                while (n < GroupLimit && reader.TryRead(out var p))
                {
                    group.Add(p);
                    n += p.Events.Count;
                }
                Process(group);
            }
        }
        catch (OperationCanceledException) { }
        catch (ChannelClosedException) { }
    }

    private sealed record Change(ValidatedEvent Event, string Status);

    private void Process(List<Pending> group)
    {
        var now = _clock.GetUtcNow();
        var nowText = Sql.Iso(now);
        var results = new (IngestResult? Result, Exception? Error, List<Change> Changes)[group.Count];
        var overlay = new Dictionary<(string, string), (long Version, string Status)>();
        long seq = _store.NextSeq;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            _store.Db.InTransaction((c, tx) =>
            {
                using var writer = _store.WriterFor(c, tx);
                overlay.Clear();
                seq = _store.NextSeq;
                for (var g = 0; g < group.Count; g++)
                {
                    var events = group[g].Events;
                    var existing = MarketStore.Existing(c, tx, [.. events.Select(e => e.EventId).Distinct(StringComparer.Ordinal)]);
                    var seenHere = new Dictionary<string, string>(StringComparer.Ordinal);
                    string? conflict = null;
                    foreach (var e in events)
                    {
                        var known = existing.TryGetValue(e.EventId, out var h) ? h : seenHere.GetValueOrDefault(e.EventId);
                        if (known is not null && known != e.PayloadHash) { conflict = e.EventId; break; }
                        seenHere[e.EventId] = e.PayloadHash;
                    }
                    if (conflict is not null)
                    {
                        results[g] = (null, new WorkflowException($"event {conflict} was already received with a different content: an event id names one event; send a new id"), []);
                        continue;
                    }
                    var outcomes = new List<EventOutcome>(events.Count);
                    var changes = new List<Change>();
                    var written = new HashSet<string>(StringComparer.Ordinal);
                    var first = seq;
                    foreach (var e in events)
                    {
                        if (existing.ContainsKey(e.EventId) || !written.Add(e.EventId))
                        {
                            outcomes.Add(new EventOutcome(e.EventId, e.Type, EventOutcomes.Duplicate, e.Version));
                            continue;
                        }
                        var key = (e.EntityKind, e.EntityId);
                        var current = overlay.TryGetValue(key, out var o) ? o : _store.Current(e.EntityKind, e.EntityId);
                        var outcome = current is { } cur && e.Version <= cur.Version ? EventOutcomes.Superseded : EventOutcomes.Applied;
                        writer.InsertEvent(seq++, e, nowText, outcome, group[g].Actor);
                        if (outcome == EventOutcomes.Applied)
                        {
                            var status = StatusAfter(e.Type);
                            writer.UpsertEntity(e, status, nowText);
                            overlay[key] = (e.Version, status);
                            changes.Add(new Change(e, status));
                        }
                        outcomes.Add(new EventOutcome(e.EventId, e.Type, outcome, e.Version));
                    }
                    writer.Flush();
                    var applied = outcomes.Count(x => x.Outcome == EventOutcomes.Applied);
                    var superseded = outcomes.Count(x => x.Outcome == EventOutcomes.Superseded);
                    var duplicates = outcomes.Count(x => x.Outcome == EventOutcomes.Duplicate);
                    // One audit entry per batch: the log rows themselves (seq range) are the detailed, append-only record.
                    _audit.Append(c, tx, group[g].Actor, "jobs.events.ingested", "jobs_market_events", $"{first}-{seq - 1}", null,
                        $"events={events.Count};applied={applied};superseded={superseded};duplicates={duplicates}");
                    results[g] = (new IngestResult(outcomes, applied, superseded, duplicates, 0), null, changes);
                }
            });
        }
        catch (Exception ex)
        {
            foreach (var p in group) p.Done.TrySetException(ex);
            return;
        }
        _store.NextSeq = seq;
        var stored = System.Diagnostics.Stopwatch.GetTimestamp();
        Interlocked.Add(ref _storeTicks, stored - started);
        Interlocked.Increment(ref _groups);
        Interlocked.Add(ref _events, group.Sum(p => p.Events.Count));
        // Committed: the live market follows, in arrival order, in one step.
        var applied = new List<EntityChange>();
        var seekersNow = new Dictionary<string, SeekerProfile?>(StringComparer.Ordinal);
        var offersNow = new Dictionary<string, OfferProfile?>(StringComparer.Ordinal);
        for (var g = 0; g < group.Count; g++)
            foreach (var ch in results[g].Changes)
                if (ToEntityChange(ch, seekersNow, offersNow) is { } c) applied.Add(c);
        _market.Apply(applied);
        var version = _market.Version;
        Interlocked.Add(ref _applyTicks, System.Diagnostics.Stopwatch.GetTimestamp() - stored);
        for (var g = 0; g < group.Count; g++)
        {
            if (results[g].Error is { } err) group[g].Done.TrySetException(err);
            else group[g].Done.TrySetResult(results[g].Result! with { MarketVersion = version });
        }
    }

    private static string StatusAfter(string type) => type switch
    {
        MarketEventTypes.OfferPosted => MarketStore.Open,
        MarketEventTypes.OfferFilled => MarketStore.Filled,
        MarketEventTypes.OfferWithdrawn => MarketStore.Withdrawn,
        MarketEventTypes.SeekerPlaced => MarketStore.Placed,
        _ => MarketStore.Active,
    };

    /// <summary>The entity's new state for the live market (the old one is the latest within the group, else the market's).</summary>
    private EntityChange? ToEntityChange(Change ch, Dictionary<string, SeekerProfile?> seekersNow, Dictionary<string, OfferProfile?> offersNow)
    {
        var e = ch.Event;
        _store.Remember(e.EntityKind, e.EntityId, e.Version, ch.Status);
        if (e.EntityKind == "offer")
        {
            var old = offersNow.TryGetValue(e.EntityId, out var o) ? o : _market.Index.Offer(e.EntityId);
            var now = e.OfferProfile is { } d ? d with { Open = ch.Status == MarketStore.Open } : old is null ? null : old with { Open = ch.Status == MarketStore.Open };
            offersNow[e.EntityId] = now ?? old;
            return now is null ? null : EntityChange.Offer(old, now);
        }
        else
        {
            var old = seekersNow.TryGetValue(e.EntityId, out var s) ? s : _market.Index.Seeker(e.EntityId);
            var now = e.SeekerProfile is { } d ? d with { Active = ch.Status == MarketStore.Active } : old is null ? null : old with { Active = ch.Status == MarketStore.Active };
            seekersNow[e.EntityId] = now ?? old;
            return now is null ? null : EntityChange.Seeker(old, now);
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        try { _writer.Wait(TimeSpan.FromSeconds(10)); } catch (AggregateException) { }
        _stop.Cancel();
        _stop.Dispose();
    }
}
