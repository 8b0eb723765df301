using System.Text.Json;
using Basira.Governance.Audit;
using Basira.Governance.Storage;

namespace Basira.Governance.Models;

/// <summary>Registry of trained model artefacts (version + content hash) and of the fairness audits run on them.</summary>
public sealed class ModelStore(BasiraDatabase db, AuditLog audit, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Registers a model as the one in use for its algorithm; earlier versions become "retired".</summary>
    public ModelRecord Register(string algorithm, string version, string contentHash, string path, DateTimeOffset trainedAt, ModelFacts facts, string actor)
    {
        var rec = new ModelRecord($"{algorithm}@{version}", algorithm, version, contentHash, path, trainedAt, "in_use", facts);
        db.InTransaction((c, tx) =>
        {
            c.Execute(tx, "UPDATE models SET status = 'retired' WHERE algorithm = @a AND status = 'in_use'", ("@a", algorithm));
            c.Execute(tx, """
                INSERT INTO models (id, algorithm, version, content_hash, path, trained_at, status, card_json)
                VALUES (@id, @a, @v, @h, @p, @t, 'in_use', @card)
                """, ("@id", rec.Id), ("@a", algorithm), ("@v", version), ("@h", contentHash), ("@p", path),
                ("@t", Sql.Iso(trainedAt)), ("@card", JsonSerializer.Serialize(facts, Json)));
            audit.Append(c, tx, actor, "model.registered", "model", rec.Id, null, $"hash={contentHash}");
        });
        return rec;
    }

    public ModelRecord? InUse(string algorithm) => Query("SELECT * FROM models WHERE algorithm = @a AND status = 'in_use'", ("@a", algorithm)).FirstOrDefault();

    public ModelRecord? Get(string id) => Query("SELECT * FROM models WHERE id = @id", ("@id", id)).FirstOrDefault();

    public IReadOnlyList<ModelRecord> All() => Query("SELECT * FROM models ORDER BY algorithm, trained_at DESC");

    private List<ModelRecord> Query(string sql, params (string, object?)[] ps)
    {
        using var c = db.OpenConnection();
        return c.Query(null, sql, r => new ModelRecord(r.S("id"), r.S("algorithm"), r.S("version"), r.S("content_hash"), r.S("path"),
            r.T("trained_at"), r.S("status"), JsonSerializer.Deserialize<ModelFacts>(r.S("card_json"), Json)!), ps);
    }

    /// <summary>Stores a fairness audit report (JSON) for a model version.</summary>
    public StoredAudit SaveAudit(string algorithm, string modelVersion, string status, string reportJson, string actor)
    {
        var a = new StoredAudit(Guid.NewGuid().ToString("n"), algorithm, modelVersion, clock.GetUtcNow(), status, reportJson);
        db.InTransaction((c, tx) =>
        {
            c.Execute(tx, "INSERT INTO fairness_audits (id, algorithm, model_version, run_at, status, report_json) VALUES (@id, @a, @v, @t, @s, @r)",
                ("@id", a.Id), ("@a", algorithm), ("@v", modelVersion), ("@t", Sql.Iso(a.RunAt)), ("@s", status), ("@r", reportJson));
            audit.Append(c, tx, actor, "fairness.audited", "model", $"{algorithm}@{modelVersion}", null, $"status={status}");
        });
        return a;
    }

    public StoredAudit? LatestAudit(string algorithm)
    {
        using var c = db.OpenConnection();
        return c.Query(null, "SELECT * FROM fairness_audits WHERE algorithm = @a ORDER BY run_at DESC LIMIT 1",
            r => new StoredAudit(r.S("id"), r.S("algorithm"), r.S("model_version"), r.T("run_at"), r.S("status"), r.S("report_json")),
            ("@a", algorithm)).FirstOrDefault();
    }
}

/// <summary>A fairness audit as stored: the report is the JSON of the fairness engine.</summary>
public sealed record StoredAudit(string Id, string Algorithm, string ModelVersion, DateTimeOffset RunAt, string Status, string ReportJson);
