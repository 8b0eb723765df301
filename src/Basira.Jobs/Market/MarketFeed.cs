using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Basira.Jobs.Market;

/// <summary>One message of the live dashboard: the full picture ("snapshot") or the cells changed since the previous one ("cells").</summary>
public sealed record MarketUpdate(string Kind, long Version, DateTimeOffset At, int OpenOffers, int Positions, int ActiveSeekers, IReadOnlyList<MarketCell> Cells);

/// <summary>
/// Pushes the live market to dashboards (server-sent events): each subscriber gets a snapshot, then, every
/// <see cref="Interval"/> while the market moves, the cells changed since the previous push (one computation per region
/// and language, shared by the subscribers that asked for it). A slow subscriber loses the oldest pending updates, never
/// blocks the market. Updates carry the market version, so a client can tell that an event it sent is on screen.
/// </summary>
public sealed class MarketFeed : IDisposable
{
    /// <summary>Time between two pushes at most (the dashboard is updated within this after an event, plus the network).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private sealed record Subscriber(string? Region, string Lang, Channel<MarketUpdate> Channel);

    private readonly MarketState _market;
    private readonly ConcurrentDictionary<Guid, Subscriber> _subscribers = new();
    private readonly Timer _timer;
    private readonly Lock _flush = new();
    private long _pushed;
    private int _dirty;

    public MarketFeed(MarketState market)
    {
        _market = market;
        _pushed = market.Version;
        market.Changed += _ => Interlocked.Exchange(ref _dirty, 1);
        _timer = new Timer(_ => Flush(), null, Interval, Interval);
    }

    public int Subscribers => _subscribers.Count;

    /// <summary>The snapshot, then the updates, until <paramref name="ct"/> is cancelled (the client left).</summary>
    public async IAsyncEnumerable<MarketUpdate> Subscribe(string? region, string lang, [EnumeratorCancellation] CancellationToken ct)
    {
        var id = Guid.NewGuid();
        var channel = Channel.CreateBounded<MarketUpdate>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        _subscribers[id] = new Subscriber(region, lang, channel);
        try
        {
            var s = _market.Snapshot(region, lang: lang);
            yield return new MarketUpdate("snapshot", s.Version, s.At, s.OpenOffers, s.Positions, s.ActiveSeekers, s.Cells);
            while (await Next(channel.Reader, ct) is { } next)
                yield return next;
        }
        finally
        {
            _subscribers.TryRemove(id, out _);
        }
    }

    private static async Task<MarketUpdate?> Next(ChannelReader<MarketUpdate> reader, CancellationToken ct)
    {
        try
        {
            while (await reader.WaitToReadAsync(ct))
                if (reader.TryRead(out var next)) return next;
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Pushes the cells changed since the last push to every subscriber (called by the timer; callable by tests).</summary>
    public void Flush()
    {
        if (Interlocked.Exchange(ref _dirty, 0) == 0) return;
        lock (_flush)
        {
            var since = _pushed;
            long reached = since;
            foreach (var group in _subscribers.Values.GroupBy(s => (s.Region, s.Lang)))
            {
                var s = _market.Snapshot(group.Key.Region, since, limit: 500, lang: group.Key.Lang);
                reached = Math.Max(reached, s.Version);
                var update = new MarketUpdate("cells", s.Version, s.At, s.OpenOffers, s.Positions, s.ActiveSeekers, s.Cells);
                foreach (var sub in group) sub.Channel.Writer.TryWrite(update);
            }
            _pushed = _subscribers.IsEmpty ? _market.Version : reached;
        }
    }

    public void Dispose() => _timer.Dispose();
}
