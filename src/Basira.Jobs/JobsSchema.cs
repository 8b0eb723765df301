using Basira.Governance.Storage;

namespace Basira.Jobs;

/// <summary>
/// The tables of the matching and market part of the jobs module (module id "jobs-market" in schema_migrations), the
/// same on SQLite and PostgreSQL. The event log is append-only in code: an event, once acknowledged, is never changed.
/// An offer's or seeker's current state names the event that carries its profile (<c>profile_event</c>): the profile is
/// written once, in the log.
/// </summary>
internal static class JobsSchema
{
    public const string Module = "jobs-market";

    public static readonly IReadOnlyList<(int, string, string)> Migrations =
    [
        (1, "market events, seekers, offers, rankings, notifications", """
            CREATE TABLE jobs_market_events (
              seq BIGINT PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, entity_kind TEXT NOT NULL,
              entity_id TEXT NOT NULL, version BIGINT NOT NULL, occurred_at TEXT NOT NULL, received_at TEXT NOT NULL,
              payload_json TEXT NOT NULL, payload_hash TEXT NOT NULL, outcome TEXT NOT NULL, actor TEXT NOT NULL);
            CREATE INDEX ix_jobs_events_entity ON jobs_market_events (entity_kind, entity_id, version);
            CREATE TABLE jobs_offers (
              offer_id TEXT PRIMARY KEY, version BIGINT NOT NULL, status TEXT NOT NULL, employer_id TEXT NOT NULL,
              agency TEXT NOT NULL, occupation TEXT NOT NULL, province TEXT, region TEXT, positions BIGINT NOT NULL,
              profile_event TEXT, updated_at TEXT NOT NULL, event_id TEXT NOT NULL);
            CREATE TABLE jobs_seekers (
              subject TEXT PRIMARY KEY, version BIGINT NOT NULL, status TEXT NOT NULL, agency TEXT NOT NULL,
              province TEXT NOT NULL, region TEXT NOT NULL, sex TEXT NOT NULL, profile_event TEXT,
              updated_at TEXT NOT NULL, event_id TEXT NOT NULL);
            CREATE INDEX ix_jobs_seekers_agency ON jobs_seekers (agency);
            CREATE TABLE jobs_rankings (
              id TEXT PRIMARY KEY, kind TEXT NOT NULL, target TEXT NOT NULL, created_at TEXT NOT NULL, stamp TEXT NOT NULL,
              items_json TEXT NOT NULL);
            CREATE INDEX ix_jobs_rankings_target ON jobs_rankings (kind, target, created_at);
            CREATE TABLE jobs_notifications (
              id TEXT PRIMARY KEY, subject TEXT NOT NULL, kind TEXT NOT NULL, created_at TEXT NOT NULL, payload_json TEXT NOT NULL);
            CREATE INDEX ix_jobs_notifications_subject ON jobs_notifications (subject, created_at)
            """),
        (2, "guidance subscribers", """
            CREATE TABLE jobs_guidance_subscribers (subject TEXT PRIMARY KEY, since TEXT NOT NULL)
            """),
        (3, "rectifications after objections", """
            CREATE TABLE jobs_rectifications (
              id TEXT PRIMARY KEY, subject TEXT NOT NULL, decision_id TEXT NOT NULL, corrections_json TEXT NOT NULL,
              created_at TEXT NOT NULL, actor TEXT NOT NULL);
            CREATE INDEX ix_jobs_rectifications_subject ON jobs_rectifications (subject, created_at)
            """),
    ];

    /// <summary>Applies the pending migrations (each once; cheap when none is pending).</summary>
    public static void Ensure(BasiraDatabase db) => Basira.Governance.Storage.Migrations.Apply(db, Module, Migrations);
}
