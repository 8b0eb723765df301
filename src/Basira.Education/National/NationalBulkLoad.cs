using System.Collections.Concurrent;
using Basira.Governance;
using Basira.Governance.Privacy;
using Basira.Governance.Storage;
using DuckDB.NET.Data;

namespace Basira.Education.National;

/// <summary>
/// A whole national load (the synthetic demo at scale): schools first, then pupils, absences and marks school by
/// school from several threads at once (one <see cref="NationalLoadWriter"/> per thread, each with its own DuckDB
/// appenders), then <see cref="Commit"/>. It is all or nothing: the analytics file is built beside the final one and
/// takes its place only when the operational store's transaction has committed; a failure leaves neither changed.
/// Identifiers are pseudonymised on the way in (keyed HMAC, key from the data directory) and never written.
/// </summary>
public sealed class NationalBulkLoad : IDisposable
{
    private readonly NationalAnalyticsStore _store;
    private readonly NationalRecordStore _records;
    private readonly Pseudonymiser _pseudonymiser;
    private readonly TimeProvider _clock;
    private readonly bool _synthetic;
    private readonly string _temp;
    private readonly DuckDBConnection _main;
    private readonly ConcurrentBag<NationalLoadWriter> _writers = [];
    private readonly Dictionary<string, int> _schoolKeys = new(StringComparer.Ordinal);
    private readonly List<SchoolRow> _schools = [];
    private bool _committed;

    internal NationalBulkLoad(NationalAnalyticsStore store, NationalRecordStore records, Pseudonymiser pseudonymiser, TimeProvider clock, bool synthetic)
    {
        _store = store;
        _records = records;
        _pseudonymiser = pseudonymiser;
        _clock = clock;
        _synthetic = synthetic;
        records.EnsureSchema();
        if (store.Exists) throw new DataInputException(store.FilePath, null, null, "national education data are already loaded here; use a new --data-dir");
        if (records.PupilRows() > 0 || records.SchoolRows() > 0)
            throw new DataInputException(null, null, null, "the store already holds national schools or pupils; use a new --data-dir");
        _temp = store.FilePath + ".loading";
        foreach (var f in new[] { _temp, _temp + ".wal" }) File.Delete(f);
        _main = NationalAnalyticsStore.OpenFile(_temp, create: true);
        _main.Exec("INSERT INTO meta VALUES ('synthetic', ?), ('loaded_at', ?)", synthetic ? "true" : "false", Sql.Iso(clock.GetUtcNow()));
    }

    /// <summary>Notes a fact about the load (seed, generator, notice) in the analytics file's <c>meta</c> table.</summary>
    public void SetMeta(string key, string value) => _main.Exec("INSERT INTO meta VALUES (?, ?)", key, value);

    /// <summary>Adds the schools (before any writer writes a batch).</summary>
    public void AddSchools(IEnumerable<SchoolRow> schools)
    {
        ArgumentNullException.ThrowIfNull(schools);
        using var app = _main.CreateAppender("schools");
        foreach (var s in schools)
        {
            var key = _schoolKeys.Count + 1;
            _schoolKeys.Add(s.Code, key);
            _schools.Add(s);
            app.CreateRow().AppendValue(key).AppendValue(s.Code).AppendValue(s.Name).AppendValue(s.Region).AppendValue(s.Province)
                .AppendValue(s.Commune).AppendValue(s.CommuneName).AppendValue(s.Milieu).AppendValue(s.Cycle).AppendValue(s.Synthetic).EndRow();
        }
    }

    /// <summary>Adds the teaching days of a school year.</summary>
    public void AddSchoolDays(int year, IEnumerable<SchoolDayRow> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        using var app = _main.CreateAppender("school_days");
        foreach (var d in days) app.CreateRow().AppendValue(year).AppendValue(d.Day).AppendValue(d.Term).EndRow();
    }

    /// <summary>A writer for one thread (its own connection, transaction and appenders).</summary>
    public NationalLoadWriter CreateWriter()
    {
        var w = new NationalLoadWriter(this, NationalAnalyticsStore.OpenFile(_temp, create: false));
        _writers.Add(w);
        return w;
    }

    internal int SchoolKey(string code) =>
        _schoolKeys.TryGetValue(code, out var k) ? k : throw new DataInputException(null, null, "school_code", $"unknown school {code}");

    internal string Pseudonymise(string id) => _pseudonymiser.Pseudonymise(NationalAnalyticsStore.PupilDomain, id);

    internal bool Synthetic => _synthetic;

    /// <summary>
    /// Commits: closes the writers, copies schools and pupils (in key order) into the operational store in one
    /// transaction, then moves the analytics file into place.
    /// </summary>
    public NationalLoadReport Commit(Action<string>? log = null)
    {
        foreach (var w in _writers) w.Close();
        var pupils = _main.Long("SELECT COUNT(*) FROM pupils");
        var absences = _main.Long("SELECT COUNT(*) FROM absences");
        var marks = _main.Long("SELECT COUNT(*) FROM marks");
        var duplicates = _main.Long("SELECT COUNT(*) FROM (SELECT pupil_key, year FROM pupils GROUP BY ALL HAVING COUNT(DISTINCT subject) > 1 OR COUNT(*) > 1)");
        if (duplicates > 0) throw new DataInputException(null, null, "pupil_id", $"{duplicates} pupil(s) appear twice in the same year");
        log?.Invoke($"analytics: {_schools.Count} schools, {pupils} pupil-years, {absences} absence days, {marks} marks; copying schools and pupils to the operational store");
        var now = Sql.Iso(_clock.GetUtcNow());
        _records.Database.InTransaction((c, tx) =>
            NationalRecordStore.BulkInsert(_records.Database, c, tx, _schools, ReadPupils(), now, n => log?.Invoke($"operational store: {n} pupil-years")));
        _main.Exec("CHECKPOINT");
        _main.Dispose();
        File.Move(_temp, _store.FilePath);
        if (File.Exists(_temp + ".wal")) File.Move(_temp + ".wal", _store.FilePath + ".wal");
        _committed = true;
        return new NationalLoadReport(_schools.Count, pupils, absences, marks, _store.FilePath);
    }

    private IEnumerable<StoredPupil> ReadPupils()
    {
        using var cmd = _main.CreateCommand();
        cmd.CommandText = """
            SELECT p.subject, p.year, p.pupil_key, s.school_code, p.sex, p.birth_date, p.grade, p.cycle, p.milieu, p.distance_km, p.repetitions,
                   p.boarding, p.school_transport, p.social_support, p.outcome, p.synthetic
            FROM pupils p JOIN schools s USING (school_key) ORDER BY p.subject, p.year
            """;
        using var r = cmd.ExecuteReader();
        while (r.Read())
            yield return new StoredPupil(r.GetString(0), r.GetInt32(1), r.GetInt64(2), r.GetString(3), r.GetString(4),
                DateOnly.FromDateTime(r.GetDateTime(5)), r.GetString(6), r.GetString(7), r.GetString(8),
                r.IsDBNull(9) ? null : r.GetDouble(9), r.IsDBNull(10) ? null : r.GetInt32(10),
                r.IsDBNull(11) ? null : r.GetBoolean(11), r.IsDBNull(12) ? null : r.GetBoolean(12), r.IsDBNull(13) ? null : r.GetBoolean(13),
                r.IsDBNull(14) ? null : r.GetString(14), !r.IsDBNull(15) && r.GetBoolean(15));
    }

    /// <summary>Abandons an uncommitted load: the partial analytics file is deleted; the operational store was not touched.</summary>
    public void Dispose()
    {
        if (_committed) return;
        foreach (var w in _writers) w.Abandon();
        _main.Dispose();
        foreach (var f in new[] { _temp, _temp + ".wal" })
        {
            try { File.Delete(f); }
            catch (IOException) { /* best effort: the next load deletes it */ }
        }
    }
}

/// <summary>Writes schools' batches of a <see cref="NationalBulkLoad"/> from one thread.</summary>
public sealed class NationalLoadWriter : IDisposable
{
    private readonly NationalBulkLoad _load;
    private readonly DuckDBConnection _c;
    private readonly DuckDBTransaction _tx;
    private readonly DuckDBAppender _pupils;
    private readonly DuckDBAppender _absences;
    private readonly DuckDBAppender _marks;
    private bool _closed;

    internal NationalLoadWriter(NationalBulkLoad load, DuckDBConnection c)
    {
        _load = load;
        _c = c;
        _tx = c.BeginTransaction();
        _pupils = c.CreateAppender("pupils");
        _absences = c.CreateAppender("absences");
        _marks = c.CreateAppender("marks");
    }

    /// <summary>Pseudonymises and appends one school's pupils, absences and marks.</summary>
    public void Write(NationalBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var school = _load.SchoolKey(batch.SchoolCode);
        var keys = new long[batch.Pupils.Count];
        var years = new int[batch.Pupils.Count];
        var synthetic = _load.Synthetic;
        for (var i = 0; i < batch.Pupils.Count; i++)
        {
            var p = batch.Pupils[i];
            var subject = _load.Pseudonymise(p.PupilId);
            keys[i] = NationalAnalyticsStore.PupilKey(subject);
            years[i] = p.Year;
            var row = _pupils.CreateRow().AppendValue(keys[i]).AppendValue(subject).AppendValue(p.Year).AppendValue(school).AppendValue(p.Sex)
                .AppendValue(p.BirthDate).AppendValue(p.Grade).AppendValue(p.Cycle).AppendValue(p.Milieu)
                .AppendValue(p.DistanceKm).AppendValue(p.Repetitions).AppendValue(p.Boarding).AppendValue(p.SchoolTransport).AppendValue(p.SocialSupport)
                .AppendValue(p.SchoolDays).AppendValue(p.AbsenceDays).AppendValue(p.JustifiedAbsenceDays).AppendValue(p.AbsenceDaysTerm1)
                .AppendValue(p.SchoolDaysTerm1).AppendValue(p.Term1Average).AppendValue(p.Term2Average);
            (p.Outcome is null ? row.AppendNullValue() : row.AppendValue(p.Outcome)).AppendValue(synthetic).EndRow();
        }
        foreach (var a in batch.Absences)
            _absences.CreateRow().AppendValue(keys[a.PupilIndex]).AppendValue(school).AppendValue(years[a.PupilIndex])
                .AppendValue(a.Day).AppendValue(a.Code).EndRow();
        foreach (var m in batch.Marks)
            _marks.CreateRow().AppendValue(keys[m.PupilIndex]).AppendValue(years[m.PupilIndex]).AppendValue(m.Term).AppendValue(m.Subject).AppendValue(m.Mark).EndRow();
    }

    internal void Close()
    {
        if (_closed) return;
        _closed = true;
        _pupils.Dispose();
        _absences.Dispose();
        _marks.Dispose();
        _tx.Commit();
        _c.Dispose();
    }

    internal void Abandon()
    {
        if (_closed) return;
        _closed = true;
        try
        {
            _pupils.Dispose();
            _absences.Dispose();
            _marks.Dispose();
        }
        catch (DuckDBException) { /* the rows are rolled back below */ }
        _tx.Rollback();
        _c.Dispose();
    }

    /// <summary>Nothing to do: the load closes its writers.</summary>
    public void Dispose() { }
}
