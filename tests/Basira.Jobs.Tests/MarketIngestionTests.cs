using Basira.Governance;
using Basira.Governance.Objections;
using Basira.Governance.Storage;
using Basira.Jobs.Market;
using Basira.Jobs.Matching;

namespace Basira.Jobs.Tests;

/// <summary>Events: stored before acknowledged, idempotent, ordered per entity, bad input refused by name; on SQLite and PostgreSQL.</summary>
public abstract class MarketIngestionContract : IDisposable
{
    private JobsHost? _host;
    protected abstract string? ConnectionString { get; }
    protected JobsHost Host => _host ??= new JobsHost(ConnectionString);

    private static readonly SkillGraph G = EscoSubset.Graph;
    private static string Occ(string fr) => G.OccupationIds[Enumerable.Range(0, G.OccupationCount).First(i => G.OccupationLabels[i].Fr.StartsWith(fr, StringComparison.Ordinal))];
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddHours(-2);

    public static MarketEventInput Posted(string id, string offer, long version, string city = "Casablanca", string? title = "Comptable confirmé", string employer = "EMP-1",
        string? salary = null, string? occupation = null) =>
        new(id, MarketEventTypes.OfferPosted, T0.AddMinutes(version), version,
            new OfferInput(offer, title, occupation ?? Occ("comptable"), employer, City: city, Languages: ["fr"], Positions: 2, Salary: salary));

    public static MarketEventInput Status(string id, string type, string offer, long version) => new(id, type, T0.AddMinutes(version), version, new OfferInput(offer));

    public static MarketEventInput Registered(string id, string seeker, long version, string province = "MA-CAS", string type = MarketEventTypes.SeekerRegistered,
        string? occupation = null, string sex = "F") =>
        new(id, type, T0.AddMinutes(version), version, Seeker: new SeekerInput(seeker, sex, province, Mobility: "region", ExperienceYears: 3, Languages: ["ar", "fr"],
            Skills: [.. G.EssentialOf(G.Occupation(occupation ?? Occ("comptable"))!.Value).Take(8).Select(k => G.SkillIds[k])], Occupations: [occupation ?? Occ("comptable")]));

    private IngestResult Send(params MarketEventInput[] events)
    {
        var validated = Host.Get<MarketEventValidator>().Validate(new MarketEventBatch(events));
        return Host.Get<MarketIngestor>().SubmitAsync(validated, "test").GetAwaiter().GetResult();
    }

    private DataInputException Refused(params MarketEventInput[] events) =>
        Assert.Throws<DataInputException>(() => Host.Get<MarketEventValidator>().Validate(new MarketEventBatch(events)));

    [Fact]
    public void Events_update_the_live_market_and_survive_a_restart()
    {
        var r = Send(Posted("e1", "O1", 1), Posted("e2", "O2", 1, city: "Rabat"), Registered("e3", "ANAPEC-77", 1), Registered("e4", "ANAPEC-78", 1, "MA-RAB"));
        Assert.Equal(4, r.Applied);
        Assert.True(r.MarketVersion > 0);
        var snap = Host.Market.Snapshot();
        Assert.Equal((2, 4, 2), (snap.OpenOffers, snap.Positions, snap.ActiveSeekers));
        var casa = snap.Cells.Single(c => c.Region == "MA-06");
        Assert.Equal((1, 2, 1, 2.0), (casa.OpenOffers, casa.Positions, casa.Seekers, casa.Tension!.Value));
        // The source's seeker identifier is pseudonymised on arrival: it is nowhere in the store.
        using (var c = Host.Get<BasiraDatabase>().OpenConnection())
        {
            var hits = Convert.ToInt64(c.Scalar(null, "SELECT COUNT(*) FROM jobs_market_events WHERE payload_json LIKE '%ANAPEC-77%' OR entity_id = 'ANAPEC-77'"), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(0, hits);
        }
        // A new process on the same store sees the same market.
        using var again = new JobsHost(ConnectionString, Host.Dir);
        var reloaded = again.Market.Snapshot();
        Assert.Equal((snap.OpenOffers, snap.Positions, snap.ActiveSeekers), (reloaded.OpenOffers, reloaded.Positions, reloaded.ActiveSeekers));
        Assert.NotNull(again.Market.Index.Offer("O2"));
        Assert.Equal(4, again.Get<MarketStore>().EventCount());
    }

    [Fact]
    public void A_replayed_batch_changes_nothing()
    {
        var batch = new[] { Posted("e1", "O1", 1), Registered("e2", "S-1", 1) };
        Send(batch);
        var version = Host.Market.Version;
        var replay = Send(batch);
        Assert.Equal(0, replay.Applied);
        Assert.Equal(2, replay.Duplicates);
        Assert.All(replay.Events, e => Assert.Equal(EventOutcomes.Duplicate, e.Outcome));
        Assert.Equal(version, Host.Market.Version);
        Assert.Equal(2, Host.Get<MarketStore>().EventCount());
        // The same event twice in one batch is stored once.
        var inBatch = Send(Posted("e3", "O3", 1), Posted("e3", "O3", 1));
        Assert.Equal(new[] { EventOutcomes.Applied, EventOutcomes.Duplicate }, inBatch.Events.Select(e => e.Outcome));
    }

    [Fact]
    public void An_event_id_reused_for_another_content_refuses_the_whole_batch()
    {
        Send(Posted("e1", "O1", 1));
        var ingest = Host.Get<MarketIngestor>();
        var validated = Host.Get<MarketEventValidator>().Validate(new MarketEventBatch([Posted("e9", "O9", 1), Posted("e1", "O1", 1, city: "Rabat")]));
        var ex = Assert.Throws<WorkflowException>(() => ingest.SubmitAsync(validated, "test").GetAwaiter().GetResult());
        Assert.Contains("e1", ex.Message, StringComparison.Ordinal);
        Assert.Null(Host.Market.Index.Offer("O9"));
        Assert.Equal(1, Host.Get<MarketStore>().EventCount());
    }

    [Fact]
    public void Events_out_of_order_end_in_the_state_of_the_highest_version()
    {
        // Filled (v2) arrives before posted (v1): the offer ends filled; the late posting is kept but changes nothing.
        var r = Send(Status("f", MarketEventTypes.OfferFilled, "O1", 2));
        Assert.Equal(EventOutcomes.Applied, r.Events[0].Outcome);
        var late = Send(Posted("p", "O1", 1));
        Assert.Equal(EventOutcomes.Superseded, late.Events[0].Outcome);
        Assert.Equal(0, Host.Market.Snapshot().OpenOffers);
        Assert.Equal(new[] { ("p", 1L, EventOutcomes.Superseded), ("f", 2L, EventOutcomes.Applied) },
            Host.Get<MarketStore>().History("offer", "O1").Select(h => (h.EventId, h.Version, h.Outcome)));
        // A seeker's update v3 then their registration v2: the v3 profile stands.
        var acc = Occ("comptable");
        var cook = Occ("cuisinier");
        Send(Registered("s3", "S-9", 3, occupation: cook, type: MarketEventTypes.SeekerUpdated));
        Assert.Equal(EventOutcomes.Superseded, Send(Registered("s2", "S-9", 2, occupation: acc)).Events[0].Outcome);
        var cell = Host.Market.Snapshot().Cells.Single(c => c.Seekers == 1);
        Assert.Equal(cook, cell.OccupationId);
        // Placed (v4) then updated again (v5): active again; the re-posting of a filled offer (v3) reopens it.
        Send(Registered("s4", "S-9", 4, type: MarketEventTypes.SeekerUpdated, occupation: cook) with { Type = MarketEventTypes.SeekerPlaced, Seeker = new SeekerInput("S-9") });
        Assert.Equal(0, Host.Market.Snapshot().ActiveSeekers);
        Send(Registered("s5", "S-9", 5, type: MarketEventTypes.SeekerUpdated, occupation: cook));
        Assert.Equal(1, Host.Market.Snapshot().ActiveSeekers);
        Send(Posted("p3", "O1", 3));
        Assert.Equal(1, Host.Market.Snapshot().OpenOffers);
    }

    [Fact]
    public void A_version_is_taken_from_the_event_time_when_the_source_sends_none()
    {
        var first = Posted("a", "O1", 1) with { Version = null, OccurredAt = T0 };
        var older = Status("b", MarketEventTypes.OfferWithdrawn, "O1", 1) with { Version = null, OccurredAt = T0.AddMinutes(-5) };
        Send(first);
        Assert.Equal(EventOutcomes.Superseded, Send(older).Events[0].Outcome);
        Assert.Equal(1, Host.Market.Snapshot().OpenOffers);
    }

    [Fact]
    public async Task Concurrent_senders_are_all_stored_once_through_group_commit()
    {
        // The platform resolves its services at start-up, before any request (the kernel's migrations are not meant to race).
        _ = (Host.Get<MarketEventValidator>(), Host.Get<MarketIngestor>());
        var tasks = Enumerable.Range(0, 40).Select(t => Task.Run(() =>
        {
            var validated = Host.Get<MarketEventValidator>().Validate(new MarketEventBatch(
                [.. Enumerable.Range(0, 25).Select(i => Posted($"c{t}-{i}", $"O{t}-{i}", 1))]));
            return Host.Get<MarketIngestor>().SubmitAsync(validated, "test");
        })).ToArray();
        var results = await Task.WhenAll(tasks);
        Assert.All(results, r => Assert.Equal(25, r.Applied));
        Assert.Equal(1000, Host.Get<MarketStore>().EventCount());
        Assert.Equal(1000, Host.Market.Snapshot().OpenOffers);
    }

    [Fact]
    public void An_offer_without_a_title_is_refused_by_name()
    {
        var e = Refused(Posted("e", "O", 1), Posted("e2", "O2", 1, title: "   "));
        Assert.Equal("$.events[1].offer.title", e.Field);
        Assert.Equal("$.events[0].offer.title", Refused(Posted("e", "O", 1, title: null)).Field);
    }

    [Fact]
    public void An_unknown_city_is_refused_and_known_spellings_and_remote_are_read()
    {
        var e = Refused(Posted("e", "O", 1, city: "Atlantis"));
        Assert.Equal("$.events[0].offer.city", e.Field);
        Assert.Contains("Atlantis", e.Message, StringComparison.Ordinal);
        var ok = Host.Get<MarketEventValidator>().Validate(new MarketEventBatch([Posted("a", "O", 1, city: "الدار البيضاء"), Posted("b", "P", 1, city: "Tout le Maroc / A distance"),
            Posted("c", "Q", 1, city: "Rabat, Rabat-Salé-Kénitra, Morocco"), Posted("d", "R", 1, city: "Fès ")]));
        Assert.Equal("MA-CAS", ok[0].Offer!.Province);
        Assert.Null(ok[1].Offer!.Province);
        Assert.Equal(("MA-RAB", "MA-FES"), (ok[2].Offer!.Province, ok[3].Offer!.Province));
        Assert.Equal("$.events[0].offer.city", Refused(Posted("e", "O", 1, city: "Autre ville")).Field);
    }

    [Theory]
    [InlineData("2 000 - 3 000 DH", 2000.0, 3000.0)]
    [InlineData("10.000 DH", 10000.0, 10000.0)]
    [InlineData("8k-10k MAD", 8000.0, 10000.0)]
    [InlineData("من 3000 إلى 4000 درهم", 3000.0, 4000.0)]
    [InlineData("A discuter", null, null)]
    [InlineData("Selon profil", null, null)]
    [InlineData("appeler le 0522123456", null, null)]
    public void A_salary_is_kept_as_written_and_read_as_a_range_only_when_it_is_one(string text, double? min, double? max)
    {
        var v = Host.Get<MarketEventValidator>().Validate(new MarketEventBatch([Posted("e", "O", 1, salary: text)]))[0];
        Assert.Equal(text, v.Offer!.SalaryText);
        Assert.Equal((min, max), (v.Offer.SalaryMin, v.Offer.SalaryMax));
        Assert.Equal(min is null, v.Offer.SalaryBand is null);
    }

    [Fact]
    public void Mixed_script_titles_are_kept_with_direction_overrides_and_control_characters_removed()
    {
        var title = "Comptable \u202Eمحاسب\u202C  confirmé\t(H/F)";
        var v = Host.Get<MarketEventValidator>().Validate(new MarketEventBatch([Posted("e", "O", 1, title: title)]))[0];
        Assert.Equal("Comptable محاسب confirmé (H/F)", v.Offer!.Title);
        var decomposed = "Comptable confirme\u0301"; // e + combining acute: stored composed (NFC)
        Assert.Equal("Comptable confirmé", Host.Get<MarketEventValidator>().Validate(new MarketEventBatch([Posted("e", "O", 1, title: decomposed)]))[0].Offer!.Title);
    }

    [Fact]
    public void An_offer_without_an_occupation_is_linked_from_its_title()
    {
        var v = Host.Get<MarketEventValidator>().Validate(new MarketEventBatch([Posted("e", "O", 1, title: "Comptable confirmé (H/F)") with
        {
            Offer = Posted("e", "O", 1).Offer! with { Title = "Comptable confirmé (H/F)", Occupation = null },
        }]))[0];
        Assert.Equal(Occ("comptable"), v.Offer!.Occupation);
        Assert.True(v.Offer.OccupationLinkedFromTitle);
        var e = Refused(Posted("e", "O", 1) with { Offer = Posted("e", "O", 1).Offer! with { Title = "zzzz qqqq", Occupation = null } });
        Assert.Equal("$.events[0].offer.occupation", e.Field);
    }

    [Fact]
    public void Other_bad_events_are_refused_with_the_field_that_is_wrong()
    {
        Assert.Equal("$.events", Refused().Field);
        Assert.Equal("$.events[0].type", Refused(Posted("e", "O", 1) with { Type = "offer_exploded" }).Field);
        Assert.Equal("$.events[0].occurred_at", Refused(Posted("e", "O", 1) with { OccurredAt = DateTimeOffset.UtcNow.AddDays(2) }).Field);
        Assert.Equal("$.events[0].version", Refused(Posted("e", "O", 1) with { Version = 0 }).Field);
        Assert.Equal("$.events[0].event_id", Refused(Posted(" ", "O", 1)).Field);
        Assert.Equal("$.events[0].offer.occupation", Refused(Posted("e", "O", 1, occupation: "http://example.org/not-esco")).Field);
        Assert.Equal("$.events[0].offer", Refused(new MarketEventInput("e", MarketEventTypes.OfferFilled, T0)).Field);
        Assert.Equal("$.events[0].seeker.sex", Refused(Registered("e", "S", 1) with { Seeker = Registered("e", "S", 1).Seeker! with { Sex = "X" } }).Field);
        Assert.Equal("$.events[0].seeker.skills[0]", Refused(Registered("e", "S", 1) with { Seeker = Registered("e", "S", 1).Seeker! with { Skills = ["nope"] } }).Field);
        Assert.Equal("$.events[0].seeker.languages", Refused(Registered("e", "S", 1) with { Seeker = Registered("e", "S", 1).Seeker! with { Languages = ["xx"] } }).Field);
        Assert.Equal("$.events[0].seeker.province", Refused(Registered("e", "S", 1, province: "MA-XXX")).Field);
        Assert.Equal("$.events[0].offer.positions", Refused(Posted("e", "O", 1) with { Offer = Posted("e", "O", 1).Offer! with { Positions = 0 } }).Field);
        var big = Enumerable.Range(0, MarketEventValidator.MaxBatch + 1).Select(i => Posted($"e{i}", "O", 1)).ToArray();
        Assert.Equal("$.events", Refused(big).Field);
        Assert.Equal(0, Host.Get<MarketStore>().EventCount());
    }

    [Fact]
    public void Senders_may_only_send_events_about_what_is_in_their_scope()
    {
        var ingest = Host.Get<MarketIngestor>();
        var v = Host.Get<MarketEventValidator>();
        var offer = v.Validate(new MarketEventBatch([Posted("e", "O", 1, employer: "EMP-1")]));
        ingest.Authorize(JobsHost.Employer("EMP-1"), offer);
        ingest.Authorize(JobsHost.Counsellor("AG-CAS"), offer);
        ingest.Authorize(JobsHost.Admin, offer);
        Assert.Throws<UnauthorizedAccessException>(() => ingest.Authorize(JobsHost.Employer("EMP-2"), offer));
        Assert.Throws<UnauthorizedAccessException>(() => ingest.Authorize(JobsHost.Counsellor("AG-RAB"), offer));
        var seeker = v.Validate(new MarketEventBatch([Registered("s", "S", 1)]));
        Assert.Throws<UnauthorizedAccessException>(() => ingest.Authorize(JobsHost.Employer("EMP-1"), seeker));
        ingest.Authorize(JobsHost.Counsellor("AG-CAS"), seeker);
        // A status-only event is judged on the offer as known.
        Send(Posted("p", "O", 1, employer: "EMP-1"));
        var filled = v.Validate(new MarketEventBatch([Status("f", MarketEventTypes.OfferFilled, "O", 2)]));
        ingest.Authorize(JobsHost.Employer("EMP-1"), filled);
        Assert.Throws<UnauthorizedAccessException>(() => ingest.Authorize(JobsHost.Employer("EMP-2"), filled));
    }

    [Fact]
    public async Task The_dashboard_feed_pushes_the_cells_an_event_changed()
    {
        var feed = Host.Get<MarketFeed>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var updates = feed.Subscribe(null, "fr", cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await updates.MoveNextAsync());
        Assert.Equal("snapshot", updates.Current.Kind);
        var sent = Send(Posted("e1", "O1", 1, city: "Oujda"));
        while (await updates.MoveNextAsync())
        {
            if (updates.Current.Version < sent.MarketVersion) continue;
            Assert.Equal("cells", updates.Current.Kind);
            var cell = Assert.Single(updates.Current.Cells);
            Assert.Equal(("MA-02", 1, 2), (cell.Region, cell.OpenOffers, cell.Positions));
            Assert.Equal(1, updates.Current.OpenOffers);
            return;
        }
        Assert.Fail("no update after the event");
    }

    public virtual void Dispose()
    {
        _host?.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteMarketIngestionTests : MarketIngestionContract
{
    protected override string? ConnectionString => null;
}

[Trait("Category", "Db")]
public sealed class PostgresMarketIngestionTests : MarketIngestionContract, IAsyncLifetime
{
    private readonly Basira.TestSupport.PostgresTestDatabase _pg = new();

    protected override string? ConnectionString => _pg.ConnectionString;

    public Task InitializeAsync() => _pg.InitializeAsync();

    public async Task DisposeAsync()
    {
        base.Dispose();
        Npgsql.NpgsqlConnection.ClearAllPools();
        await _pg.DisposeAsync();
    }

    public override void Dispose() { }
}
