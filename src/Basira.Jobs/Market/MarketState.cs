using Basira.Jobs.Matching;

namespace Basira.Jobs.Market;

/// <summary>The skill gap of one skill in one cell: share of open positions requiring it vs share of the cell's seekers holding it.</summary>
public sealed record SkillGap(string SkillId, string Label, double DemandShare, double SupplyShare, double Gap);

/// <summary>
/// Supply and demand of one occupation in one region: open offers and positions (demand), active seekers whose main
/// occupation it is (supply), tension = positions / seekers (null when no seeker: undefined, never 0 or infinity), and
/// the largest skill gaps.
/// </summary>
public sealed record MarketCell(string OccupationId, string Occupation, string Region, int OpenOffers, int Positions, int Seekers,
    double? Tension, IReadOnlyList<SkillGap> Gaps, long Version);

/// <summary>The live market at one moment: totals and the cells (occupation × region).</summary>
public sealed record MarketSnapshot(DateTimeOffset At, long Version, int OpenOffers, int Positions, int ActiveSeekers, IReadOnlyList<MarketCell> Cells);

/// <summary>What applied events changed: the cells they touched and the offers newly open (guidance notifications).</summary>
public sealed record MarketChange(long Version, IReadOnlyList<(int Occupation, string Region)> Cells, IReadOnlyList<OfferProfile> OffersOpened);

/// <summary>One entity's new state and the one it replaces (null: unknown before): a seeker or an offer.</summary>
public sealed record EntityChange(SeekerProfile? OldSeeker, SeekerProfile? NewSeeker, OfferProfile? OldOffer, OfferProfile? NewOffer)
{
    public static EntityChange Seeker(SeekerProfile? old, SeekerProfile now) => new(old, now, null, null);
    public static EntityChange Offer(OfferProfile? old, OfferProfile now) => new(null, null, old, now);
}

/// <summary>
/// The live labour market in memory: the match index (seekers, offers) and, per occupation × region, the counters of
/// supply, demand and skills that the dashboard reads. Updated by the single ingestion writer after each event is stored;
/// read concurrently. <see cref="Changed"/> fires after each update (outside the lock) for the live dashboard and the
/// guidance notifications.
/// </summary>
public sealed class MarketState
{
    /// <summary>Region key of remote offers (no province).</summary>
    public const string RemoteRegion = "remote";

    private sealed class Cell
    {
        public int OpenOffers, Positions, Seekers;
        public readonly Dictionary<int, int> DemandSkills = [];
        public readonly Dictionary<int, int> SupplySkills = [];
        public long Version;
    }

    private readonly Dictionary<(int, string), Cell> _cells = [];
    private readonly Lock _gate = new();
    private long _version;
    private int _openOffers, _positions, _activeSeekers;

    public MarketState(SkillGraph graph, MarketGeography geography)
    {
        Graph = graph;
        Geography = geography;
        Scorer = new MatchScorer(graph, geography);
        Index = new MatchIndex(Scorer);
    }

    public SkillGraph Graph { get; }
    public MarketGeography Geography { get; }
    public MatchScorer Scorer { get; }
    public MatchIndex Index { get; }

    /// <summary>Raised after each applied change (on the writer's thread; handlers must be quick).</summary>
    public event Action<MarketChange>? Changed;

    public long Version { get { lock (_gate) return _version; } }

    private string Region(int? province) => province is { } p ? Geography.RegionOf(p) : RemoteRegion;

    /// <summary>Applies a seeker's new state (null: unknown before).</summary>
    public void Apply(SeekerProfile? old, SeekerProfile now) => Apply([EntityChange.Seeker(old, now)]);

    /// <summary>Applies an offer's new state (null: unknown before).</summary>
    public void Apply(OfferProfile? old, OfferProfile now) => Apply([EntityChange.Offer(old, now)]);

    /// <summary>
    /// Applies many changes at once (a writer's transaction): the counters under one lock, the match index under one
    /// write lock, one <see cref="Changed"/> for them all. Each change's old state is the one it replaces.
    /// </summary>
    public void Apply(IReadOnlyList<EntityChange> changes)
    {
        if (changes.Count == 0) return;
        var touched = new HashSet<(int, string)>();
        var opened = new List<OfferProfile>();
        MarketChange change;
        lock (_gate)
        {
            foreach (var c in changes)
            {
                if (c.NewSeeker is { } now)
                {
                    if (c.OldSeeker is { Active: true } old) touched.Add(Count(old, -1));
                    if (now.Active) touched.Add(Count(now, +1));
                }
                else if (c.NewOffer is { } offer)
                {
                    if (c.OldOffer is { Open: true } old) touched.Add(Count(old, -1));
                    if (offer.Open) touched.Add(Count(offer, +1));
                    if (offer.Open && c.OldOffer is not { Open: true }) opened.Add(offer);
                }
            }
            change = new MarketChange(++_version, [.. touched], opened);
            foreach (var key in change.Cells) _cells[key].Version = _version;
        }
        Index.Upsert(changes.Select(c => c.NewSeeker).OfType<SeekerProfile>(), changes.Select(c => c.NewOffer).OfType<OfferProfile>());
        Changed?.Invoke(change);
    }

    /// <summary>Loads the stored state at start-up (no events raised).</summary>
    public void Load(IReadOnlyList<SeekerProfile> seekers, IReadOnlyList<OfferProfile> offers)
    {
        lock (_gate)
        {
            foreach (var s in seekers.Where(s => s.Active)) Count(s, +1);
            foreach (var o in offers.Where(o => o.Open)) Count(o, +1);
            _version++;
        }
        Index.Load(seekers);
        foreach (var o in offers) Index.Upsert(o);
    }

    private Cell At((int, string) key)
    {
        if (!_cells.TryGetValue(key, out var c)) _cells[key] = c = new Cell();
        return c;
    }

    private (int, string) Count(SeekerProfile s, int sign)
    {
        var key = (s.Occupations.Length > 0 ? s.Occupations[0] : -1, Region(s.Province));
        var c = At(key);
        c.Seekers += sign;
        _activeSeekers += sign;
        foreach (var k in s.Skills) Add(c.SupplySkills, k, sign);
        return key;
    }

    private (int, string) Count(OfferProfile o, int sign)
    {
        var key = (o.Occupation, Region(o.Province));
        var c = At(key);
        c.OpenOffers += sign;
        c.Positions += sign * o.Positions;
        _openOffers += sign;
        _positions += sign * o.Positions;
        foreach (var k in o.Essential) Add(c.DemandSkills, k, sign * o.Positions);
        return key;
    }

    private static void Add(Dictionary<int, int> d, int key, int delta)
    {
        var v = d.GetValueOrDefault(key) + delta;
        if (v == 0) d.Remove(key);
        else d[key] = v;
    }

    /// <summary>
    /// The market now: every cell with demand or supply (optionally one region, or only cells changed after
    /// <paramref name="sinceVersion"/>), largest demand first, with the <paramref name="gaps"/> largest skill gaps each.
    /// </summary>
    public MarketSnapshot Snapshot(string? region = null, long sinceVersion = 0, int limit = 200, int gaps = 5, string lang = "fr")
    {
        lock (_gate)
        {
            var cells = _cells.Where(kv => (region is null || kv.Key.Item2 == region) && kv.Value.Version > sinceVersion
                    && (kv.Value.OpenOffers > 0 || kv.Value.Seekers > 0 || sinceVersion > 0))
                .OrderByDescending(kv => kv.Value.Positions).ThenByDescending(kv => kv.Value.Seekers)
                .ThenBy(kv => kv.Key.Item1).ThenBy(kv => kv.Key.Item2, StringComparer.Ordinal)
                .Take(limit)
                .Select(kv => View(kv.Key, kv.Value, gaps, lang)).ToList();
            return new MarketSnapshot(DateTimeOffset.UtcNow, _version, _openOffers, _positions, _activeSeekers, cells);
        }
    }

    private MarketCell View((int Occ, string Region) key, Cell c, int gaps, string lang)
    {
        var list = c.Positions <= 0 ? [] : c.DemandSkills
            .Select(kv => (Skill: kv.Key, Demand: (double)kv.Value / c.Positions, Supply: c.Seekers > 0 ? (double)c.SupplySkills.GetValueOrDefault(kv.Key) / c.Seekers : 0))
            .Select(x => (x.Skill, x.Demand, x.Supply, Gap: x.Demand - x.Supply))
            .Where(x => x.Gap > 0).OrderByDescending(x => x.Gap).ThenBy(x => x.Skill).Take(gaps)
            .Select(x => new SkillGap(Graph.SkillIds[x.Skill], Graph.SkillLabels[x.Skill].In(lang), Math.Round(x.Demand, 4), Math.Round(x.Supply, 4), Math.Round(x.Gap, 4)))
            .ToList();
        var occ = key.Occ >= 0 ? Graph.OccupationIds[key.Occ] : "";
        var name = key.Occ >= 0 ? Graph.OccupationLabels[key.Occ].In(lang) : "";
        return new MarketCell(occ, name, key.Region, c.OpenOffers, c.Positions, c.Seekers,
            c.Seekers > 0 ? Math.Round((double)c.Positions / c.Seekers, 4) : null, list, c.Version);
    }
}
