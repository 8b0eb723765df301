using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Basira.Governance;
using Basira.Governance.Privacy;
using Basira.Jobs.Matching;
using Basira.Jobs.Offers;

namespace Basira.Jobs.Market;

/// <summary>Kinds of market event.</summary>
public static class MarketEventTypes
{
    public const string OfferPosted = "offer_posted", OfferFilled = "offer_filled", OfferWithdrawn = "offer_withdrawn",
        SeekerRegistered = "seeker_registered", SeekerUpdated = "seeker_updated", SeekerPlaced = "seeker_placed";

    public static readonly IReadOnlyList<string> All = [OfferPosted, OfferFilled, OfferWithdrawn, SeekerRegistered, SeekerUpdated, SeekerPlaced];

    public static bool IsOffer(string type) => type.StartsWith("offer_", StringComparison.Ordinal);

    /// <summary>Events that carry the entity's whole state (the others only change its status).</summary>
    public static bool CarriesState(string type) => type is OfferPosted or SeekerRegistered or SeekerUpdated;
}

/// <summary>A batch of market events (1 to <see cref="MarketEventValidator.MaxBatch"/>), stored all or nothing.</summary>
public sealed record MarketEventBatch(IReadOnlyList<MarketEventInput> Events);

/// <summary>
/// One market event as a source sends it. <paramref name="EventId"/> makes it idempotent (a replay changes nothing);
/// <paramref name="Version"/> orders the events of one offer or seeker (the source increases it at each change; when
/// absent, <paramref name="OccurredAt"/> in Unix milliseconds is used). An event whose version is not above the entity's
/// current one is kept in the log but changes nothing ("superseded").
/// </summary>
/// <param name="Type">offer_posted, offer_filled, offer_withdrawn, seeker_registered, seeker_updated, seeker_placed.</param>
/// <param name="Offer">For offer events (the whole offer for offer_posted; its id for the others).</param>
/// <param name="Seeker">For seeker events (the whole profile for registered/updated; the id for placed).</param>
public sealed record MarketEventInput(string EventId, string Type, DateTimeOffset OccurredAt, long? Version = null, OfferInput? Offer = null, SeekerInput? Seeker = null);

/// <summary>An offer as a source sends it.</summary>
/// <param name="Occupation">ESCO occupation URI; when absent, the title is linked to its best ESCO occupation (recorded as such).</param>
/// <param name="Province">Province code (MA-CAS); or give <paramref name="City"/> as written ("Casablanca", "الدار البيضاء"); or <paramref name="Remote"/>.</param>
/// <param name="EssentialSkills">ESCO skill URIs; default the occupation's essential skills.</param>
/// <param name="OptionalSkills">ESCO skill URIs; default the occupation's optional skills.</param>
/// <param name="Languages">ISO 639 codes required (ar, fr, en, es, zgh, de, it).</param>
/// <param name="Salary">Salary as written ("2 000 - 3 000 DH", "A discuter"): kept as text, read as a monthly MAD range and band when it states an amount.</param>
public sealed record OfferInput(string OfferId, string? Title = null, string? Occupation = null, string? EmployerId = null, string? Agency = null,
    string? Province = null, string? City = null, bool Remote = false, IReadOnlyList<string>? EssentialSkills = null, IReadOnlyList<string>? OptionalSkills = null,
    double? MinExperienceYears = null, IReadOnlyList<string>? Languages = null, int? Positions = null, string? Salary = null);

/// <summary>A job seeker as a source sends them. <paramref name="SeekerId"/> is the source's identifier: it is pseudonymised on arrival and never stored.</summary>
/// <param name="Sex">F or M (audited for fairness, never an input of the matching).</param>
/// <param name="Mobility">province (default), region or national.</param>
/// <param name="Skills">ESCO skill URIs.</param>
/// <param name="Occupations">ESCO occupation URIs held or sought, the main one first.</param>
public sealed record SeekerInput(string SeekerId, string? Sex = null, string? Province = null, string? City = null, string? Agency = null,
    string? Mobility = null, double? MaxKm = null, double? ExperienceYears = null, IReadOnlyList<string>? Languages = null,
    IReadOnlyList<string>? Skills = null, IReadOnlyList<string>? Occupations = null);

/// <summary>An offer as stored (in the payload of the event that posted it): identifiers, not graph indices, so it survives a new graph.</summary>
public sealed record OfferDocument(string OfferId, string Title, string Occupation, string EmployerId, string Agency, string? Province,
    IReadOnlyList<string> EssentialSkills, IReadOnlyList<string> OptionalSkills, double MinExperienceYears, IReadOnlyList<string> Languages,
    int Positions, string? SalaryText, double? SalaryMin, double? SalaryMax, string? SalaryBand = null, bool OccupationLinkedFromTitle = false);

/// <summary>A seeker as stored (in the payload of the event that registered or updated them): the pseudonym, never the source identifier.</summary>
public sealed record SeekerDocument(string Subject, string Sex, string Province, string Agency, string Mobility, double? MaxKm,
    double ExperienceYears, IReadOnlyList<string> Languages, IReadOnlyList<string> Skills, IReadOnlyList<string> Occupations);

/// <summary>
/// An event checked and normalised, ready to store: the entity's id (offer id or seeker pseudonym), its version, the
/// canonical payload. The matching's view of the profile is prepared here, on the sender's thread, so that the single
/// writer only writes.
/// </summary>
public sealed record ValidatedEvent(string EventId, string Type, string EntityKind, string EntityId, long Version, DateTimeOffset OccurredAt,
    string PayloadJson, string PayloadHash, OfferDocument? Offer, SeekerDocument? Seeker)
{
    internal OfferProfile? OfferProfile { get; init; }
    internal SeekerProfile? SeekerProfile { get; init; }
}

/// <summary>
/// Checks a batch of events and normalises them; the first problem is bad input naming its JSON path
/// (<c>$.events[3].offer.city</c>) — nothing of the batch is stored then. Handling of messy input (docs/jobs-market.md):
/// text is put in Unicode NFC with control and bidirectional-override characters removed and spaces collapsed (French,
/// Arabic and mixed-script titles are kept as written); an offer without a title, an unknown ESCO URI, an unknown place
/// or language, a negative number are refused; a salary is kept as written and read into a monthly band by the module's
/// salary reader (Offers/SalaryText) when it states an amount; cities are read with the module's gazetteer
/// (Offers/MoroccoPlaces; "Tout le Maroc", "à distance" make a remote offer).
/// </summary>
public sealed class MarketEventValidator(SkillGraph graph, MarketGeography geography, Pseudonymiser pseudonymiser, TimeProvider clock)
{
    public const int MaxBatch = 1000;
    public const string SeekerDomain = "jobs.seeker";
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Future timestamps tolerated (clock skew between the source and the platform).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromHours(1);

    public IReadOnlyList<ValidatedEvent> Validate(MarketEventBatch? batch)
    {
        if (batch?.Events is not { Count: > 0 } events) throw new DataInputException(null, null, "$.events", "at least one event is required");
        if (events.Count > MaxBatch) throw new DataInputException(null, null, "$.events", $"at most {MaxBatch} events per batch, got {events.Count}");
        var result = new List<ValidatedEvent>(events.Count);
        for (var i = 0; i < events.Count; i++)
            result.Add(Validate(events[i], $"$.events[{i}]"));
        return result;
    }

    public ValidatedEvent Validate(MarketEventInput? e, string at)
    {
        if (e is null) throw Bad(at, "an event is required");
        var id = Clean(e.EventId, $"{at}.event_id", 200, required: true)!;
        if (!MarketEventTypes.All.Contains(e.Type, StringComparer.Ordinal))
            throw Bad($"{at}.type", $"unknown event type '{Shorten(e.Type)}' (known: {string.Join(", ", MarketEventTypes.All)})");
        if (e.OccurredAt > clock.GetUtcNow() + FutureTolerance) throw Bad($"{at}.occurred_at", "the event is dated in the future");
        if (e.Version is < 1) throw Bad($"{at}.version", "the version is a whole number ≥ 1");
        var version = e.Version ?? e.OccurredAt.ToUnixTimeMilliseconds();
        if (MarketEventTypes.IsOffer(e.Type))
        {
            if (e.Seeker is not null) throw Bad($"{at}.seeker", $"an {e.Type} event carries an offer, not a seeker");
            if (e.Offer is null) throw Bad($"{at}.offer", $"an {e.Type} event needs the offer");
            var offerId = Clean(e.Offer.OfferId, $"{at}.offer.offer_id", 200, required: true)!;
            var doc = e.Type == MarketEventTypes.OfferPosted ? Offer(e.Offer, offerId, $"{at}.offer") : null;
            return Finish(id, e.Type, "offer", offerId, version, e.OccurredAt, doc, null);
        }
        if (e.Offer is not null) throw Bad($"{at}.offer", $"a {e.Type} event carries a seeker, not an offer");
        if (e.Seeker is null) throw Bad($"{at}.seeker", $"a {e.Type} event needs the seeker");
        var raw = Clean(e.Seeker.SeekerId, $"{at}.seeker.seeker_id", 200, required: true)!;
        var subject = pseudonymiser.Pseudonymise(SeekerDomain, raw);
        var seeker = e.Type == MarketEventTypes.SeekerPlaced ? null : Seeker(e.Seeker, subject, $"{at}.seeker");
        return Finish(id, e.Type, "seeker", subject, version, e.OccurredAt, null, seeker);
    }

    private ValidatedEvent Finish(string id, string type, string kind, string entity, long version, DateTimeOffset at, OfferDocument? offer, SeekerDocument? seeker)
    {
        // The canonical payload (the seeker's pseudonym, never the source identifier): a replay of the same event gives the same hash.
        var payload = JsonSerializer.Serialize(new { type, entity_kind = kind, entity_id = entity, version, occurred_at = at.ToUniversalTime(), offer, seeker }, Json);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(payload)));
        return new ValidatedEvent(id, type, kind, entity, version, at, payload, hash, offer, seeker)
        {
            OfferProfile = offer is null ? null : MarketStore.Profiles(offer, true, graph, geography),
            SeekerProfile = seeker is null ? null : MarketStore.Profiles(seeker, true, graph, geography),
        };
    }

    private OfferDocument Offer(OfferInput o, string offerId, string at)
    {
        var title = Clean(o.Title, $"{at}.title", 300, required: false)
            ?? throw Bad($"{at}.title", "an offer needs a title (the words seekers will read)");
        var occupationUri = Clean(o.Occupation, $"{at}.occupation", 300, required: false);
        var linked = false;
        if (occupationUri is null)
        {
            // No occupation given: the title is linked to ESCO by the module's linker (fully local), its best candidate kept.
            occupationUri = Linking.OccupationLinker.Shared.Link(title, 5).Candidates.FirstOrDefault(c => graph.Occupation(c.Uri) is not null)?.Uri
                ?? throw Bad($"{at}.occupation", $"no ESCO occupation given and the title '{Shorten(title)}' could not be linked to one: give the occupation (URI)");
            linked = true;
        }
        if (graph.Occupation(occupationUri) is not { } occ) throw Bad($"{at}.occupation", $"'{Shorten(occupationUri)}' is not an ESCO occupation known to Basira");
        var employer = Clean(o.EmployerId, $"{at}.employer_id", 200, required: false) ?? throw Bad($"{at}.employer_id", "an offer needs its employer");
        var (province, _) = Place(o.Province, o.City, o.Remote, at);
        var agency = Clean(o.Agency, $"{at}.agency", 100, required: false) ?? (province is null ? "AG-REMOTE" : SyntheticMarket.Agency(province));
        var essential = o.EssentialSkills is null ? [.. graph.EssentialOf(occ).Select(k => graph.SkillIds[k])] : Skills(o.EssentialSkills, $"{at}.essential_skills");
        var optional = o.OptionalSkills is null ? [.. graph.OptionalOf(occ).Select(k => graph.SkillIds[k])] : Skills(o.OptionalSkills, $"{at}.optional_skills");
        optional = [.. optional.Except(essential, StringComparer.Ordinal)];
        if (o.MinExperienceYears is { } y && (y < 0 || y > 60 || !double.IsFinite(y))) throw Bad($"{at}.min_experience_years", "between 0 and 60 years");
        if (o.Positions is { } n && (n < 1 || n > 10_000)) throw Bad($"{at}.positions", "between 1 and 10,000 positions");
        var langs = Languages(o.Languages, $"{at}.languages");
        var salary = Clean(o.Salary, $"{at}.salary", 200, required: false);
        var read = salary is null ? null : Offers.SalaryText.Parse(salary);
        return new OfferDocument(offerId, title, occupationUri, employer, agency, province, essential, optional, o.MinExperienceYears ?? 0, langs,
            o.Positions ?? 1, salary, read?.MinMonthlyMad, read?.MaxMonthlyMad, read?.Band, linked);
    }

    private SeekerDocument Seeker(SeekerInput s, string subject, string at)
    {
        var sex = (Clean(s.Sex, $"{at}.sex", 10, required: false) ?? throw Bad($"{at}.sex", "F or M is required (fairness audit; never a matching input)")).ToUpperInvariant();
        if (sex is not ("F" or "M")) throw Bad($"{at}.sex", $"F or M, got '{Shorten(sex)}'");
        var (province, _) = Place(s.Province, s.City, false, at);
        if (province is null) throw Bad($"{at}.province", "a seeker lives in a province");
        var agency = Clean(s.Agency, $"{at}.agency", 100, required: false) ?? SyntheticMarket.Agency(province);
        var mobility = (Clean(s.Mobility, $"{at}.mobility", 20, required: false) ?? "province").ToLowerInvariant();
        if (mobility is not ("province" or "region" or "national")) throw Bad($"{at}.mobility", $"province, region or national, got '{Shorten(mobility)}'");
        if (s.MaxKm is { } km && (km < 0 || !double.IsFinite(km))) throw Bad($"{at}.max_km", "a distance ≥ 0 km");
        if (s.ExperienceYears is { } y && (y < 0 || y > 60 || !double.IsFinite(y))) throw Bad($"{at}.experience_years", "between 0 and 60 years");
        var occupations = new List<string>();
        foreach (var (uri, i) in (s.Occupations ?? []).Select((u, i) => (u, i)))
        {
            var u = Clean(uri, $"{at}.occupations[{i}]", 300, required: true)!;
            if (graph.Occupation(u) is null) throw Bad($"{at}.occupations[{i}]", $"'{Shorten(u)}' is not an ESCO occupation known to Basira");
            if (!occupations.Contains(u, StringComparer.Ordinal)) occupations.Add(u);
        }
        return new SeekerDocument(subject, sex, province, agency, mobility, s.MaxKm, s.ExperienceYears ?? 0, Languages(s.Languages, $"{at}.languages"),
            Skills(s.Skills ?? [], $"{at}.skills"), occupations);
    }

    private (string? Province, bool Remote) Place(string? province, string? city, bool remote, string at)
    {
        if (Clean(province, $"{at}.province", 20, required: false) is { } p)
            return (geography.ProvinceIndex(p) is { } i ? geography.Places[i].Province : throw Bad($"{at}.province", $"unknown province code '{Shorten(p)}' (e.g. MA-CAS)"), false);
        if (Clean(city, $"{at}.city", 200, required: false) is { } c)
        {
            // The module's gazetteer of the places written in offers (Offers/MoroccoPlaces).
            var place = MoroccoPlaces.Resolve(c);
            return place.Kind switch
            {
                PlaceKind.City when geography.ProvinceIndex(place.Province) is not null => (place.Province, false),
                PlaceKind.Remote or PlaceKind.National => (null, true),
                _ => throw Bad($"{at}.city", $"unknown place '{Shorten(c)}': give the province code (e.g. MA-CAS) or a city Basira knows"),
            };
        }
        if (remote) return (null, true);
        throw Bad($"{at}.province", "give the province code, the city, or remote: true");
    }

    private List<string> Skills(IReadOnlyList<string> uris, string at)
    {
        var list = new List<string>();
        for (var i = 0; i < uris.Count; i++)
        {
            var u = Clean(uris[i], $"{at}[{i}]", 300, required: true)!;
            if (graph.Skill(u) is null) throw Bad($"{at}[{i}]", $"'{Shorten(u)}' is not an ESCO skill known to Basira");
            if (!list.Contains(u, StringComparer.Ordinal)) list.Add(u);
        }
        return list;
    }

    private static List<string> Languages(IReadOnlyList<string>? codes, string at) => [.. LanguageCodes.Codes(LanguageCodes.Mask(codes, at))];

    private static DataInputException Bad(string field, string problem) => new(null, null, field, problem);

    private static string Shorten(string? s) => s is null ? "" : s.Length <= 80 ? s : s[..80] + "…";

    /// <summary>
    /// Text as stored: Unicode NFC, control and bidirectional-override characters removed, whitespace collapsed, trimmed;
    /// null when blank (an error when <paramref name="required"/>); longer than <paramref name="max"/> is bad input.
    /// </summary>
    public static string? Clean(string? s, string field, int max, bool required)
    {
        if (s is null) return required ? throw Bad(field, "is required") : null;
        var b = new StringBuilder(s.Length);
        var space = false;
        foreach (var ch in s.Normalize(NormalizationForm.FormC))
        {
            if (ch is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\uFEFF') continue;
            if (char.IsWhiteSpace(ch) || char.IsControl(ch))
            {
                if (!space && b.Length > 0) { b.Append(' '); space = true; }
                continue;
            }
            b.Append(ch);
            space = false;
        }
        var t = b.ToString().TrimEnd();
        if (t.Length == 0) return required ? throw Bad(field, "is required (blank given)") : null;
        if (t.Length > max) throw Bad(field, $"at most {max} characters, got {t.Length}");
        return t;
    }
}
