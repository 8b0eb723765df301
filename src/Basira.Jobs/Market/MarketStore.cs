using System.Data.Common;
using System.Text.Json;
using Basira.Governance.Storage;
using Basira.Jobs.Matching;

namespace Basira.Jobs.Market;

/// <summary>
/// The market's operational store (SQLite or PostgreSQL, same SQL): the append-only event log and the current state of
/// every offer and seeker (version, status, profile). At start-up the live <see cref="MarketState"/> is rebuilt from the
/// current states, so nothing acknowledged is lost across a restart.
/// </summary>
public sealed class MarketStore
{
    private readonly BasiraDatabase _db;
    private readonly SkillGraph _graph;
    private readonly MarketGeography _geo;
    private readonly Dictionary<(string Kind, string Id), (long Version, string Status)> _versions = [];
    private long _nextSeq;

    public MarketStore(BasiraDatabase db, SkillGraph graph, MarketGeography geography)
    {
        _db = db;
        _graph = graph;
        _geo = geography;
        JobsSchema.Ensure(db);
    }

    internal BasiraDatabase Db => _db;

    /// <summary>Entity statuses.</summary>
    public const string Open = "open", Filled = "filled", Withdrawn = "withdrawn", Active = "active", Placed = "placed";

    /// <summary>Builds the live market from the stored current states (and learns every entity's version).</summary>
    public MarketState LoadState()
    {
        var state = new MarketState(_graph, _geo);
        using var c = _db.OpenConnection();
        var seekers = new List<SeekerProfile>();
        var updated = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (subject, version, status, json, at) in c.Query(null,
            "SELECT s.subject, s.version, s.status, e.payload_json, s.updated_at FROM jobs_seekers s LEFT JOIN jobs_market_events e ON e.event_id = s.profile_event",
            r => (r.S("subject"), r.L("version"), r.S("status"), r.Str("payload_json"), r.S("updated_at"))))
        {
            _versions[("seeker", subject)] = (version, status);
            updated[subject] = at;
            if (Document<SeekerDocument>(json, "seeker") is { } d && ToProfile(d, status == Active) is { } s) seekers.Add(s);
        }
        // Rectifications decided after an objection stand until the source sends a newer profile.
        var bySubject = seekers.Select((s, i) => (s.Subject, i)).ToDictionary(x => x.Subject, x => x.i, StringComparer.Ordinal);
        foreach (var (subject, corrections, at) in c.Query(null, "SELECT subject, corrections_json, created_at FROM jobs_rectifications ORDER BY created_at",
            r => (r.S("subject"), r.S("corrections_json"), r.S("created_at"))))
        {
            if (!bySubject.TryGetValue(subject, out var i) || string.CompareOrdinal(updated.GetValueOrDefault(subject), at) > 0) continue;
            seekers[i] = MatchingRescorer.Corrected(seekers[i], JsonSerializer.Deserialize<Dictionary<string, string?>>(corrections)!, _graph);
        }
        var offers = new List<OfferProfile>();
        foreach (var (id, version, status, json) in c.Query(null,
            "SELECT o.offer_id, o.version, o.status, e.payload_json FROM jobs_offers o LEFT JOIN jobs_market_events e ON e.event_id = o.profile_event",
            r => (r.S("offer_id"), r.L("version"), r.S("status"), r.Str("payload_json"))))
        {
            _versions[("offer", id)] = (version, status);
            if (Document<OfferDocument>(json, "offer") is { } d && ToProfile(d, status == Open) is { } o) offers.Add(o);
        }
        _nextSeq = Convert.ToInt64(c.Scalar(null, "SELECT COALESCE(MAX(seq), 0) + 1 FROM jobs_market_events"), System.Globalization.CultureInfo.InvariantCulture);
        state.Load(seekers, offers);
        return state;
    }

    /// <summary>A stored seeker as the matching reads it (skills or occupations the graph no longer has are left out).</summary>
    public SeekerProfile? ToProfile(SeekerDocument d, bool active) => Profiles(d, active, _graph, _geo);

    /// <summary>A stored offer as the matching reads it (null when its occupation is no longer in the graph).</summary>
    public OfferProfile? ToProfile(OfferDocument d, bool open) => Profiles(d, open, _graph, _geo);

    internal static SeekerProfile? Profiles(SeekerDocument d, bool active, SkillGraph graph, MarketGeography geo)
    {
        if (geo.ProvinceIndex(d.Province) is not { } p) return null;
        return new SeekerProfile(d.Subject, p, Enum.Parse<MobilityLevel>(d.Mobility, ignoreCase: true), d.MaxKm, d.ExperienceYears,
            LanguageCodes.Mask(d.Languages, "languages"), [.. d.Skills.Select(graph.Skill).OfType<int>().Distinct().Order()],
            [.. d.Occupations.Select(graph.Occupation).OfType<int>().Distinct()], d.Sex, d.Agency, active);
    }

    internal static OfferProfile? Profiles(OfferDocument d, bool open, SkillGraph graph, MarketGeography geo)
    {
        if (graph.Occupation(d.Occupation) is not { } occ) return null;
        int[] Ids(IEnumerable<string> uris) => [.. uris.Select(graph.Skill).OfType<int>().Distinct().Order()];
        var essential = Ids(d.EssentialSkills);
        return new OfferProfile(d.OfferId, d.Title, d.EmployerId, d.Agency, occ, d.Province is null ? null : geo.ProvinceIndex(d.Province), essential,
            [.. Ids(d.OptionalSkills).Except(essential)], d.MinExperienceYears, LanguageCodes.Mask(d.Languages, "languages"), d.Positions, open);
    }

    /// <summary>The document inside a stored event payload (its "offer" or "seeker" property), or null.</summary>
    private static T? Document<T>(string? payload, string property) where T : class =>
        payload is null ? null
        : System.Text.Json.Nodes.JsonNode.Parse(payload)?[property] is { } node ? node.Deserialize<T>(MarketEventValidator.Json) : null;

    /// <summary>The stored offer document (for pages and guidance), or null.</summary>
    public OfferDocument? OfferDocument(string offerId)
    {
        using var c = _db.OpenConnection();
        var json = c.Scalar(null, "SELECT e.payload_json FROM jobs_offers o JOIN jobs_market_events e ON e.event_id = o.profile_event WHERE o.offer_id = @id",
            ("@id", offerId)) as string;
        return Document<OfferDocument>(json, "offer");
    }

    /// <summary>The version and status of an entity known to the store (null: never seen).</summary>
    internal (long Version, string Status)? Current(string kind, string id)
    {
        lock (_versions) return _versions.TryGetValue((kind, id), out var v) ? v : null;
    }

    internal void Remember(string kind, string id, long version, string status)
    {
        lock (_versions) _versions[(kind, id)] = (version, status);
    }

    internal long NextSeq { get => _nextSeq; set => _nextSeq = value; }

    /// <summary>Stored event ids (with their payload hash) among <paramref name="ids"/>.</summary>
    internal static Dictionary<string, string> Existing(DbConnection c, DbTransaction tx, IReadOnlyList<string> ids)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var from = 0; from < ids.Count; from += 400)
        {
            var chunk = ids.Skip(from).Take(400).ToList();
            var names = chunk.Select((_, i) => "@e" + i).ToList();
            foreach (var (id, hash) in c.Query(tx, $"SELECT event_id, payload_hash FROM jobs_market_events WHERE event_id IN ({string.Join(',', names)})",
                r => (r.S("event_id"), r.S("payload_hash")), [.. chunk.Select((id, i) => ("@e" + i, (object?)id))]))
                found[id] = hash;
        }
        return found;
    }

    /// <summary>
    /// The statements of one writer transaction, each prepared once and run for every event (the per-event cost is then
    /// the binding and the row writes, not the parsing).
    /// </summary>
    internal sealed class Writer(DbConnection c, DbTransaction tx, MarketGeography geo) : IDisposable
    {
        private readonly Dictionary<string, DbCommand> _commands = [];
        private readonly List<(string Sql, string[] Names, object?[] Values)> _pending = [];

        private DbCommand Command(string sql, string[] names)
        {
            if (_commands.TryGetValue(sql, out var cmd)) return cmd;
            cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = sql;
            foreach (var n in names)
            {
                var p = cmd.CreateParameter();
                p.ParameterName = n;
                p.Value = DBNull.Value;
                cmd.Parameters.Add(p);
            }
            _commands[sql] = cmd;
            return cmd;
        }

        /// <summary>
        /// Runs a statement: at once on a store without batches (SQLite: the prepared statement is reused), or queued
        /// and sent with the others in one round trip by <see cref="Flush"/> (PostgreSQL).
        /// </summary>
        private void Run(string sql, string[] names, params object?[] values)
        {
            if (c.CanCreateBatch)
            {
                _pending.Add((sql, names, values));
                return;
            }
            var cmd = Command(sql, names);
            for (var i = 0; i < values.Length; i++) cmd.Parameters[i].Value = values[i] ?? DBNull.Value;
            cmd.ExecuteNonQuery();
        }

        /// <summary>Sends the queued statements (PostgreSQL) in one batch; nothing to do on SQLite.</summary>
        public void Flush()
        {
            if (_pending.Count == 0) return;
            using var batch = c.CreateBatch();
            batch.Transaction = tx;
            foreach (var (sql, names, values) in _pending)
            {
                var bc = batch.CreateBatchCommand();
                bc.CommandText = sql;
                for (var i = 0; i < names.Length; i++)
                {
                    var p = bc.CreateParameter();
                    p.ParameterName = names[i];
                    p.Value = values[i] ?? DBNull.Value;
                    bc.Parameters.Add(p);
                }
                batch.BatchCommands.Add(bc);
            }
            batch.ExecuteNonQuery();
            _pending.Clear();
        }

        private const string InsertEventSql = """
            INSERT INTO jobs_market_events (seq, event_id, type, entity_kind, entity_id, version, occurred_at, received_at, payload_json, payload_hash, outcome, actor)
            VALUES (@seq, @id, @type, @kind, @entity, @v, @occ, @rec, @payload, @hash, @outcome, @actor)
            """;

        private static readonly string[] EventNames = ["@seq", "@id", "@type", "@kind", "@entity", "@v", "@occ", "@rec", "@payload", "@hash", "@outcome", "@actor"];
        private static readonly string[] StatusNames = ["@id", "@v", "@s", "@at", "@e"];
        private static readonly string[] OfferNames = ["@id", "@v", "@s", "@emp", "@ag", "@occ", "@prov", "@reg", "@pos", "@at", "@e"];
        private static readonly string[] SeekerNames = ["@id", "@v", "@s", "@ag", "@prov", "@reg", "@sex", "@at", "@e"];

        public void InsertEvent(long seq, ValidatedEvent e, string receivedAt, string outcome, string actor) =>
            Run(InsertEventSql, EventNames,
                seq, e.EventId, e.Type, e.EntityKind, e.EntityId, e.Version, Sql.Iso(e.OccurredAt), receivedAt, e.PayloadJson, e.PayloadHash, outcome, actor);

        private const string OfferStatusSql = """
            INSERT INTO jobs_offers (offer_id, version, status, employer_id, agency, occupation, province, region, positions, profile_event, updated_at, event_id)
            VALUES (@id, @v, @s, '', '', '', NULL, NULL, 0, NULL, @at, @e)
            ON CONFLICT (offer_id) DO UPDATE SET version = excluded.version, status = excluded.status, updated_at = excluded.updated_at, event_id = excluded.event_id
            """;

        private const string OfferSql = """
            INSERT INTO jobs_offers (offer_id, version, status, employer_id, agency, occupation, province, region, positions, profile_event, updated_at, event_id)
            VALUES (@id, @v, @s, @emp, @ag, @occ, @prov, @reg, @pos, @e, @at, @e)
            ON CONFLICT (offer_id) DO UPDATE SET version = excluded.version, status = excluded.status, employer_id = excluded.employer_id,
              agency = excluded.agency, occupation = excluded.occupation, province = excluded.province, region = excluded.region,
              positions = excluded.positions, profile_event = excluded.profile_event, updated_at = excluded.updated_at, event_id = excluded.event_id
            """;

        private const string SeekerStatusSql = """
            INSERT INTO jobs_seekers (subject, version, status, agency, province, region, sex, profile_event, updated_at, event_id)
            VALUES (@id, @v, @s, '', '', '', '', NULL, @at, @e)
            ON CONFLICT (subject) DO UPDATE SET version = excluded.version, status = excluded.status, updated_at = excluded.updated_at, event_id = excluded.event_id
            """;

        private const string SeekerSql = """
            INSERT INTO jobs_seekers (subject, version, status, agency, province, region, sex, profile_event, updated_at, event_id)
            VALUES (@id, @v, @s, @ag, @prov, @reg, @sex, @e, @at, @e)
            ON CONFLICT (subject) DO UPDATE SET version = excluded.version, status = excluded.status, agency = excluded.agency,
              province = excluded.province, region = excluded.region, sex = excluded.sex, profile_event = excluded.profile_event,
              updated_at = excluded.updated_at, event_id = excluded.event_id
            """;

        /// <summary>Writes an entity's new current state: the whole profile (state-carrying events) or only its status and version.</summary>
        public void UpsertEntity(ValidatedEvent e, string status, string now)
        {
            if (e.EntityKind == "offer")
            {
                if (e.Offer is not { } d)
                {
                    Run(OfferStatusSql, StatusNames, e.EntityId, e.Version, status, now, e.EventId);
                    return;
                }
                var region = d.Province is { } p && geo.ProvinceIndex(p) is { } pi ? geo.RegionOf(pi) : null;
                Run(OfferSql, OfferNames,
                    e.EntityId, e.Version, status, d.EmployerId, d.Agency, d.Occupation, d.Province, region, (long)d.Positions, now, e.EventId);
            }
            else
            {
                if (e.Seeker is not { } d)
                {
                    Run(SeekerStatusSql, StatusNames, e.EntityId, e.Version, status, now, e.EventId);
                    return;
                }
                var region = geo.ProvinceIndex(d.Province) is { } pi ? geo.RegionOf(pi) : "";
                Run(SeekerSql, SeekerNames,
                    e.EntityId, e.Version, status, d.Agency, d.Province, region, d.Sex, now, e.EventId);
            }
        }

        public void Dispose()
        {
            foreach (var cmd in _commands.Values) cmd.Dispose();
        }
    }

    internal Writer WriterFor(DbConnection c, DbTransaction tx) => new(c, tx, _geo);

    /// <summary>Events stored for one entity, oldest version first (the log is never rewritten).</summary>
    public IReadOnlyList<(long Seq, string EventId, string Type, long Version, string Outcome)> History(string kind, string entityId)
    {
        using var c = _db.OpenConnection();
        return c.Query(null, "SELECT seq, event_id, type, version, outcome FROM jobs_market_events WHERE entity_kind = @k AND entity_id = @id ORDER BY version, seq",
            r => (r.L("seq"), r.S("event_id"), r.S("type"), r.L("version"), r.S("outcome")), ("@k", kind), ("@id", entityId));
    }

    /// <summary>Number of events stored.</summary>
    public long EventCount()
    {
        using var c = _db.OpenConnection();
        return Convert.ToInt64(c.Scalar(null, "SELECT COUNT(*) FROM jobs_market_events"), System.Globalization.CultureInfo.InvariantCulture);
    }
}
