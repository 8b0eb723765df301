using System.Globalization;
using Basira.Education.Learning.Tracing;
using Basira.Governance;
using Basira.Governance.Access;
using Basira.Governance.Audit;
using Basira.Governance.Privacy;
using Basira.Governance.Storage;

namespace Basira.Education.Learning;

/// <summary>A class of the learning paths: its school (for the scope of school staff) and its teacher (an account id).</summary>
public sealed record LearningClass(string Id, string Label, string SchoolId, string? Province, string? Region, string? TeacherUserId, int Grade);

/// <summary>One skill on a pupil's path: mastery, answers given, and whether it is mastered, open or still locked.</summary>
public sealed record SkillProgress(string SkillId, string Name, string Subject, int Grade, double Mastery, int Attempts, string Status);

/// <summary>The next exercise as an exercise front end needs it, with its reason in words.</summary>
public sealed record NextItemView(string Pupil, string? ItemId, string? SkillId, string? SkillName, string? Prompt, double? Probability,
    string Reason, string Explanation, string Notice);

/// <summary>A pupil's path: every skill with its mastery, and the next exercise.</summary>
public sealed record PupilPathView(string Pupil, string ClassId, int Answers, int Correct, IReadOnlyList<SkillProgress> Skills, NextItemView Next, string Notice);

/// <summary>What recording an answer did: the probability the model gave before, the skill's mastery after, the next exercise.</summary>
public sealed record AnswerRecorded(string Pupil, long Seq, string ItemId, bool Correct, double ProbabilityBefore, double MasteryAfter, NextItemView Next);

/// <summary>One pupil in the teacher's class view.</summary>
/// <param name="Status">"stuck" (failing again and again on the current skill), "ready" (the current skill is mastered: move on), "working", or "not_started".</param>
public sealed record ClassPupilView(string Pupil, int Answers, string? CurrentSkill, string Status, IReadOnlyDictionary<string, double> Mastery);

/// <summary>The class view: mastery per skill per pupil, who is stuck, who is ready to move on.</summary>
public sealed record ClassView(string ClassId, string Label, int Grade, IReadOnlyList<SkillProgress> Skills, IReadOnlyList<ClassPupilView> Pupils,
    IReadOnlyList<string> Stuck, IReadOnlyList<string> Ready, string Notice);

/// <summary>A class the caller may open, with its size.</summary>
public sealed record ClassSummary(string ClassId, string Label, int Grade, string SchoolId, int Pupils);

/// <summary>
/// Who may see what in the learning paths: a pupil (citizen account, scope self) their own path; a teacher the pupils of
/// their own classes; school staff the classes of their school; administrators everything. Outside that: not found.
/// </summary>
public static class LearningAccess
{
    public static bool CanSeeClass(Principal p, LearningClass c) => p.Role switch
    {
        Roles.Admin => true,
        Roles.Teacher => c.TeacherUserId is not null && c.TeacherUserId == p.UserId,
        Roles.SchoolStaff => p.ScopeKind == ScopeKinds.School && p.ScopeValue == c.SchoolId,
        _ => false,
    };

    public static bool CanSeePupil(Principal p, string subject, LearningClass c) =>
        p.Role == Roles.Citizen ? p.Subject is not null && p.Subject == subject : CanSeeClass(p, c);

    /// <summary>Answers are recorded by the pupil, or by their teacher (an exercise done on paper in class).</summary>
    public static bool CanAnswer(Principal p, string subject, LearningClass c) => p.Role switch
    {
        Roles.Citizen => p.Subject is not null && p.Subject == subject,
        Roles.Teacher => CanSeeClass(p, c),
        _ => false,
    };
}

/// <summary>
/// The learning paths: classes, pupils (pseudonymised at enrolment) and their answer logs in the operational store
/// (SQLite or PostgreSQL, module "learning"), the knowledge-tracing model over the item bank, the next exercise and the
/// teacher's class view. Every read of a pupil's path and every answer is written to the audit log.
/// </summary>
public sealed class LearningService(BasiraDatabase db, AuditLog audit, Pseudonymiser pseudonymiser, TimeProvider clock)
{
    internal static readonly IReadOnlyList<(int, string, string)> Schema =
    [
        (1, "learning paths", """
            CREATE TABLE learning_classes (
              id TEXT PRIMARY KEY, label TEXT NOT NULL, school_id TEXT NOT NULL, province TEXT, region TEXT,
              teacher_user_id TEXT, grade BIGINT NOT NULL, created_at TEXT NOT NULL);
            CREATE TABLE learning_pupils (
              subject TEXT PRIMARY KEY, class_id TEXT NOT NULL REFERENCES learning_classes(id), created_at TEXT NOT NULL);
            CREATE INDEX ix_learning_pupils_class ON learning_pupils (class_id);
            CREATE TABLE learning_answers (
              subject TEXT NOT NULL REFERENCES learning_pupils(subject), seq BIGINT NOT NULL, item_id TEXT NOT NULL,
              skill_id TEXT NOT NULL, correct BIGINT NOT NULL, probability DOUBLE PRECISION NOT NULL, answered_at TEXT NOT NULL,
              recorded_by TEXT NOT NULL, PRIMARY KEY (subject, seq))
            """),
    ];

    // deterministic (embedded bank, fixed seed): one fit per process, shared by every service instance
    private static readonly Lazy<LearnerModel> DefaultModel = new(() => LearnerModel.TrainOnSimulation(ItemBank.ItemBank.Default));
    private volatile bool _schemaReady;

    public PathPolicy Policy { get; init; } = PathPolicy.Default;

    /// <summary>The knowledge-tracing model in use (fitted on first use).</summary>
    public LearnerModel Model => DefaultModel.Value;

    private ItemBank.ItemBank Bank => Model.Bank;

    private void EnsureSchema()
    {
        if (_schemaReady) return;
        Migrations.Apply(db, "learning", Schema);
        _schemaReady = true;
    }

    // ---- administration (demo seeding, imports) ------------------------------------------------------------------

    public void CreateClass(LearningClass c)
    {
        EnsureSchema();
        db.InTransaction((conn, tx) =>
        {
            conn.Execute(tx, "INSERT INTO learning_classes (id, label, school_id, province, region, teacher_user_id, grade, created_at) VALUES (@id, @l, @s, @p, @r, @t, @g, @at)",
                ("@id", c.Id), ("@l", c.Label), ("@s", c.SchoolId), ("@p", c.Province), ("@r", c.Region), ("@t", c.TeacherUserId), ("@g", (long)c.Grade),
                ("@at", Sql.Iso(clock.GetUtcNow())));
            audit.Append(conn, tx, "system", "learning.class.create", "learning_class", c.Id, null, "");
        });
    }

    /// <summary>Enrols a pupil in a class under a pseudonym of their identifier (the identifier itself is not stored).</summary>
    public string Enrol(string pupilIdentifier, string classId)
    {
        EnsureSchema();
        var subject = pseudonymiser.Pseudonymise("learning-pupil", pupilIdentifier);
        db.InTransaction((conn, tx) =>
        {
            if (LoadClass(conn, tx, classId) is null) throw new DataInputException(null, null, "class_id", $"unknown class '{classId}'");
            conn.Execute(tx, "INSERT INTO learning_pupils (subject, class_id, created_at) VALUES (@s, @c, @at)",
                ("@s", subject), ("@c", classId), ("@at", Sql.Iso(clock.GetUtcNow())));
            audit.Append(conn, tx, "system", "learning.pupil.enrol", "learning_pupil", subject, subject, classId);
        });
        return subject;
    }

    /// <summary>What an import did.</summary>
    public sealed record ImportReport(string ClassId, bool ClassCreated, int RowsIn, int RowsAccepted, int Pupils, int PupilsEnrolled);

    /// <summary>
    /// Imports an answer log (CSV layout: user_id, item_id, skill_id, correct[, timestamp]) into a class, in one
    /// transaction: pupils are enrolled under their pseudonym, answers appended in file order. Every item must be an
    /// exercise of the item bank with the skill the bank gives it, and a pupil already enrolled must be in this class;
    /// else <see cref="DataInputException"/> naming the line and field, and nothing is written.
    /// </summary>
    public ImportReport Import(string path, LearningClass cls, string actor)
    {
        var vocabulary = new Tracing.KtVocabulary();
        var log = Tracing.AnswerLogReader.Read(path, vocabulary);
        var itemKeys = vocabulary.Items.OrderBy(kv => kv.Value).Select(kv => kv.Key).ToArray();
        var skillKeys = vocabulary.Combos.OrderBy(kv => kv.Value).Select(kv => kv.Key).ToArray();
        var items = new int[log.Count];
        for (var r = 0; r < log.Count; r++)
        {
            var (itemId, skillId) = (itemKeys[log.Item[r]], skillKeys[log.Combo[r]]);
            var i = Bank.ItemIndex(itemId);
            if (i < 0) throw new DataInputException(path, log.Line[r], "item_id", $"'{itemId}' is not an exercise of the item bank");
            if (Bank.Items[i].Skill != skillId)
                throw new DataInputException(path, log.Line[r], "skill_id", $"exercise '{itemId}' belongs to skill '{Bank.Items[i].Skill}', not '{skillId}'");
            items[r] = i;
        }
        EnsureSchema();
        var subjects = log.PupilKeys.Select(k => pseudonymiser.Pseudonymise("learning-pupil", k)).ToArray();
        return db.InTransaction((conn, tx) =>
        {
            var existing = LoadClass(conn, tx, cls.Id);
            if (existing is null)
            {
                if (string.IsNullOrWhiteSpace(cls.SchoolId)) throw new DataInputException(null, null, "school", $"class '{cls.Id}' does not exist: give its school to create it");
                conn.Execute(tx, "INSERT INTO learning_classes (id, label, school_id, province, region, teacher_user_id, grade, created_at) VALUES (@id, @l, @s, @p, @r, @t, @g, @at)",
                    ("@id", cls.Id), ("@l", cls.Label), ("@s", cls.SchoolId), ("@p", cls.Province), ("@r", cls.Region), ("@t", cls.TeacherUserId), ("@g", (long)cls.Grade),
                    ("@at", Sql.Iso(clock.GetUtcNow())));
                audit.Append(conn, tx, actor, "learning.class.create", "learning_class", cls.Id, null, "");
            }
            var enrolled = 0;
            var seqs = new long[subjects.Length];
            for (var p = 0; p < subjects.Length; p++)
            {
                var at = conn.Query(tx, "SELECT class_id FROM learning_pupils WHERE subject = @s", rr => rr.S("class_id"), ("@s", subjects[p])).FirstOrDefault();
                if (at is null)
                {
                    conn.Execute(tx, "INSERT INTO learning_pupils (subject, class_id, created_at) VALUES (@s, @c, @at)", ("@s", subjects[p]), ("@c", cls.Id), ("@at", Sql.Iso(clock.GetUtcNow())));
                    audit.Append(conn, tx, actor, "learning.pupil.enrol", "learning_pupil", subjects[p], subjects[p], cls.Id);
                    enrolled++;
                }
                else if (at != cls.Id)
                {
                    var line = log.Line[Array.IndexOf(log.Pupil, p)];
                    throw new DataInputException(path, line, "user_id", $"this pupil is enrolled in another class ('{at}')");
                }
                seqs[p] = Convert.ToInt64(conn.Scalar(tx, "SELECT COALESCE(MAX(seq), 0) FROM learning_answers WHERE subject = @s", ("@s", subjects[p])), CultureInfo.InvariantCulture);
            }
            var states = new Dictionary<int, PupilState>();
            for (var r = 0; r < log.Count; r++)
            {
                var p = log.Pupil[r];
                if (!states.TryGetValue(p, out var st)) states[p] = st = Replay(conn, tx, subjects[p]).State;
                var prob = Model.Probability(st, items[r]);
                conn.Execute(tx, "INSERT INTO learning_answers (subject, seq, item_id, skill_id, correct, probability, answered_at, recorded_by) VALUES (@s, @q, @i, @k, @c, @p, @at, @by)",
                    ("@s", subjects[p]), ("@q", ++seqs[p]), ("@i", Bank.Items[items[r]].Id), ("@k", Bank.Items[items[r]].Skill), ("@c", log.Correct[r] ? 1L : 0L), ("@p", prob),
                    ("@at", Sql.Iso(log.HasTime ? DateTimeOffset.FromUnixTimeSeconds(log.Timestamp[r]) : clock.GetUtcNow())), ("@by", actor));
                Model.Update(st, items[r], log.Correct[r]);
            }
            for (var p = 0; p < subjects.Length; p++)
                audit.Append(conn, tx, actor, "learning.answers.import", "learning_pupil", subjects[p], subjects[p], log.Pupil.Count(x => x == p).ToString(CultureInfo.InvariantCulture));
            return new ImportReport(cls.Id, existing is null, log.Count, log.Count, subjects.Length, enrolled);
        });
    }

    /// <summary>Writes answers given elsewhere (an import, the demo) for an enrolled pupil, in order, as the system.</summary>
    public void SeedAnswers(string subject, IReadOnlyList<(string ItemId, bool Correct)> answers)
    {
        EnsureSchema();
        var state = LearnerModel.NewPupil();
        db.InTransaction((conn, tx) =>
        {
            var seq = Convert.ToInt64(conn.Scalar(tx, "SELECT COALESCE(MAX(seq), 0) FROM learning_answers WHERE subject = @s", ("@s", subject)), CultureInfo.InvariantCulture);
            foreach (var (itemId, correct) in answers)
            {
                var item = Bank.ItemIndex(itemId);
                if (item < 0) throw new DataInputException(null, null, "item_id", $"unknown exercise '{itemId}'");
                var p = Model.Probability(state, item);
                conn.Execute(tx, "INSERT INTO learning_answers (subject, seq, item_id, skill_id, correct, probability, answered_at, recorded_by) VALUES (@s, @q, @i, @k, @c, @p, @at, 'system')",
                    ("@s", subject), ("@q", ++seq), ("@i", itemId), ("@k", Bank.Items[item].Skill), ("@c", correct ? 1L : 0L), ("@p", p), ("@at", Sql.Iso(clock.GetUtcNow())));
                Model.Update(state, item, correct);
            }
            audit.Append(conn, tx, "system", "learning.answers.import", "learning_pupil", subject, subject, answers.Count.ToString(CultureInfo.InvariantCulture));
        });
    }

    // ---- reads and writes on behalf of a signed-in person ---------------------------------------------------------

    /// <summary>The subject a request is about: the one named, else the caller's own (a pupil's account).</summary>
    private static string? Target(Principal who, string? pupil) => pupil is { Length: > 0 } ? pupil : who.Subject;

    /// <summary>The pupil's path, or null when the caller may not see that pupil (or there is none).</summary>
    public PupilPathView? Path(Principal who, string? pupil, string lang)
    {
        var (subject, cls) = Visible(who, pupil, LearningAccess.CanSeePupil);
        if (subject is null) return null;
        var (state, recent, answers, correct) = Replay(subject);
        audit.Append(who.UserId, "learning.path.read", "learning_pupil", subject, subject, "");
        var mastery = Enumerable.Range(0, Bank.Skills.Count).Select(s => Model.Mastery(state, s)).ToArray();
        var skills = Progress(state, mastery, lang);
        return new PupilPathView(subject, cls!.Id, answers, correct, skills, NextView(subject, state, recent, null, lang), Bank.Notice);
    }

    /// <summary>The next exercise for the pupil (in one subject when given), or null when not visible.</summary>
    public NextItemView? Next(Principal who, string? pupil, string? subjectArea, string lang)
    {
        if (subjectArea is not null && !Bank.Skills.Any(s => s.Subject == subjectArea))
            throw new DataInputException(null, null, "subject", $"unknown subject '{subjectArea}': expected math, fr or ar");
        var (subject, _) = Visible(who, pupil, LearningAccess.CanSeePupil);
        if (subject is null) return null;
        var (state, recent, _, _) = Replay(subject);
        var view = NextView(subject, state, recent, subjectArea, lang);
        audit.Append(who.UserId, "learning.next", "learning_pupil", subject, subject, view.ItemId ?? "");
        return view;
    }

    /// <summary>
    /// Records one answer (null when the caller may not see the pupil; <see cref="UnauthorizedAccessException"/> when they
    /// see the pupil but may not answer for them; <see cref="DataInputException"/> for an unknown item).
    /// </summary>
    public AnswerRecorded? Answer(Principal who, string? pupil, string itemId, bool correct, string lang)
    {
        var item = Bank.ItemIndex(itemId ?? "");
        var (subject, cls) = Visible(who, pupil, LearningAccess.CanSeePupil);
        if (subject is null) return null;
        if (!LearningAccess.CanAnswer(who, subject, cls!)) throw new UnauthorizedAccessException("this account may not record answers for this pupil");
        if (item < 0) throw new DataInputException(null, null, "item_id", $"unknown exercise '{itemId}'");
        var (state, recent, _, _) = Replay(subject);
        var before = Model.Probability(state, item);
        var skill = Bank.Items[item].Skill;
        var seq = db.InTransaction((conn, tx) =>
        {
            var next = Convert.ToInt64(conn.Scalar(tx, "SELECT COALESCE(MAX(seq), 0) + 1 FROM learning_answers WHERE subject = @s", ("@s", subject)), CultureInfo.InvariantCulture);
            conn.Execute(tx, "INSERT INTO learning_answers (subject, seq, item_id, skill_id, correct, probability, answered_at, recorded_by) VALUES (@s, @q, @i, @k, @c, @p, @at, @by)",
                ("@s", subject), ("@q", next), ("@i", itemId), ("@k", skill), ("@c", correct ? 1L : 0L), ("@p", before), ("@at", Sql.Iso(clock.GetUtcNow())), ("@by", who.UserId));
            audit.Append(conn, tx, who.UserId, "learning.answer", "learning_pupil", subject, subject, $"{itemId} {(correct ? 1 : 0)}");
            return next;
        });
        Model.Update(state, item, correct);
        recent.Add(item);
        return new AnswerRecorded(subject, seq, itemId!, correct, before, Model.Mastery(state, Bank.SkillIndex(skill)), NextView(subject, state, recent, Bank.Skills[Bank.SkillIndex(skill)].Subject, lang));
    }

    /// <summary>The classes the caller may open.</summary>
    public IReadOnlyList<ClassSummary> Classes(Principal who)
    {
        EnsureSchema();
        using var c = db.OpenConnection();
        var counts = c.Query(null, "SELECT class_id, COUNT(*) AS n FROM learning_pupils GROUP BY class_id", r => (r.S("class_id"), (int)r.L("n"))).ToDictionary(x => x.Item1, x => x.Item2);
        var list = AllClasses(c).Where(k => LearningAccess.CanSeeClass(who, k))
            .Select(k => new ClassSummary(k.Id, k.Label, k.Grade, k.SchoolId, counts.GetValueOrDefault(k.Id))).ToList();
        audit.Append(who.UserId, "learning.classes.list", "learning_class", "*", null, list.Count.ToString(CultureInfo.InvariantCulture));
        return list;
    }

    /// <summary>The class view (null when the class does not exist or is not the caller's).</summary>
    public ClassView? Class(Principal who, string classId, string lang)
    {
        EnsureSchema();
        LearningClass? cls;
        List<string> pupils;
        using (var c = db.OpenConnection())
        {
            cls = LoadClass(c, null, classId);
            if (cls is null || !LearningAccess.CanSeeClass(who, cls)) return null;
            pupils = c.Query(null, "SELECT subject FROM learning_pupils WHERE class_id = @c ORDER BY subject", r => r.S("subject"), ("@c", classId));
        }
        audit.Append(who.UserId, "learning.class.read", "learning_class", classId, null, pupils.Count.ToString(CultureInfo.InvariantCulture));
        var views = new List<ClassPupilView>();
        var sum = new double[Bank.Skills.Count];
        var attempts = new int[Bank.Skills.Count];
        foreach (var subject in pupils)
        {
            var (state, recent, answers, _) = Replay(subject);
            var mastery = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var s = 0; s < Bank.Skills.Count; s++)
            {
                var m = Model.Mastery(state, s);
                mastery[Bank.Skills[s].Id] = Math.Round(m, 4);
                sum[s] += m;
                attempts[s] += state.SkillSummary(s).Attempts;
            }
            string? current = recent.Count == 0 ? null : Bank.Items[recent[^1]].Skill;
            views.Add(new ClassPupilView(subject, answers, current, Status(state, current, mastery), mastery));
        }
        var skills = Bank.Skills.Select((s, k) => new SkillProgress(s.Id, s.Name.In(lang), s.Subject, s.Grade,
            pupils.Count == 0 ? 0 : Math.Round(sum[k] / pupils.Count, 4), attempts[k], "class")).ToList();
        return new ClassView(cls.Id, cls.Label, cls.Grade, skills, views,
            [.. views.Where(v => v.Status == "stuck").Select(v => v.Pupil)], [.. views.Where(v => v.Status == "ready").Select(v => v.Pupil)], Bank.Notice);
    }

    /// <summary>
    /// "stuck": on the current skill, the last three answers wrong, or six answers or more with mastery still under the
    /// zone's lower bound; "ready": the current skill is mastered.
    /// </summary>
    private string Status(PupilState state, string? current, IReadOnlyDictionary<string, double> mastery)
    {
        if (current is null) return "not_started";
        var s = state.SkillSummary(Bank.SkillIndex(current));
        var m = mastery[current];
        if (m >= Policy.Mastery) return "ready";
        if ((s.PatternLength >= 3 && (s.Pattern & 7) == 0) || (s.Attempts >= 6 && m < Policy.ZoneLow)) return "stuck";
        return "working";
    }

    private List<SkillProgress> Progress(PupilState state, double[] mastery, string lang) =>
        [.. Bank.Skills.Select((s, k) => new SkillProgress(s.Id, s.Name.In(lang), s.Subject, s.Grade, Math.Round(mastery[k], 4), state.SkillSummary(k).Attempts,
            mastery[k] >= Policy.Mastery ? "mastered"
            : s.Prerequisites.All(p => mastery[Bank.SkillIndex(p)] >= Policy.Mastery) ? "open" : "locked"))];

    private NextItemView NextView(string subject, PupilState state, List<int> recent, string? area, string lang)
    {
        var choice = NextExerciseChooser.Choose(Model, state, recent, Policy, area);
        var item = choice.ItemId is null ? null : Bank.Items[Bank.ItemIndex(choice.ItemId)];
        return new NextItemView(subject, choice.ItemId, choice.SkillId, item is null ? null : Bank.SkillOf(item).Name.In(lang), item?.Prompt.In(lang),
            choice.Probability is { } p ? Math.Round(p, 4) : null, Snake(choice.Reason), choice.Explain(Bank, lang, Policy), Bank.Notice);
    }

    private static string Snake(ChoiceReason r) => r switch
    {
        ChoiceReason.InZone => "in_zone",
        ChoiceReason.EasiestAvailable => "easiest_available",
        ChoiceReason.HardestAvailable => "hardest_available",
        _ => "path_complete",
    };

    /// <summary>The pupil's state rebuilt from their answer log (answers in order), the item indices answered, counts.</summary>
    private (PupilState State, List<int> Recent, int Answers, int Correct) Replay(string subject)
    {
        using var c = db.OpenConnection();
        return Replay(c, null, subject);
    }

    private (PupilState State, List<int> Recent, int Answers, int Correct) Replay(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction? tx, string subject)
    {
        var rows = c.Query(tx, "SELECT item_id, correct FROM learning_answers WHERE subject = @s ORDER BY seq", r => (r.S("item_id"), r.L("correct") == 1), ("@s", subject));
        var state = LearnerModel.NewPupil();
        var recent = new List<int>();
        var correct = 0;
        foreach (var (itemId, ok) in rows)
        {
            var i = Bank.ItemIndex(itemId);
            if (i < 0) continue; // an exercise withdrawn from the bank: no longer part of the model's vocabulary
            Model.Update(state, i, ok);
            recent.Add(i);
            if (ok) correct++;
        }
        return (state, recent, rows.Count, correct);
    }

    private (string? Subject, LearningClass? Class) Visible(Principal who, string? pupil, Func<Principal, string, LearningClass, bool> rule)
    {
        EnsureSchema();
        var subject = Target(who, pupil);
        if (subject is null) return (null, null);
        using var c = db.OpenConnection();
        var classId = c.Query(null, "SELECT class_id FROM learning_pupils WHERE subject = @s", r => r.S("class_id"), ("@s", subject)).FirstOrDefault();
        if (classId is null) return (null, null);
        var cls = LoadClass(c, null, classId)!;
        return rule(who, subject, cls) ? (subject, cls) : (null, null);
    }

    private static LearningClass? LoadClass(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction? tx, string id) =>
        c.Query(tx, "SELECT * FROM learning_classes WHERE id = @id", Map, ("@id", id)).FirstOrDefault();

    private static List<LearningClass> AllClasses(System.Data.Common.DbConnection c) =>
        c.Query(null, "SELECT * FROM learning_classes ORDER BY id", Map);

    private static LearningClass Map(System.Data.Common.DbDataReader r) =>
        new(r.S("id"), r.S("label"), r.S("school_id"), r.Str("province"), r.Str("region"), r.Str("teacher_user_id"), (int)r.L("grade"));
}

/// <summary>
/// SYNTHETIC demo of the learning paths: one class, its pupils (pseudonymised at enrolment) and their answer logs, made
/// by simulated pupils of varied ability who follow the recommended exercises — so that the class view shows pupils who
/// are stuck, pupils ready to move on and pupils at work.
/// </summary>
public static class LearningDemo
{
    /// <summary>Creates the class and its pupils; returns the pupils' pseudonyms (the first is the demo pupil account's).</summary>
    public static IReadOnlyList<string> Seed(LearningService service, LearningClass cls, int pupils = 16, int seed = 2026)
    {
        service.CreateClass(cls);
        var rng = new Random(seed);
        var model = service.Model;
        var bank = model.Bank;
        var subjects = new List<string>();
        for (var k = 0; k < pupils; k++)
        {
            var subject = service.Enrol($"{cls.Id}-PUPIL-{k + 1:00}", cls.Id);
            subjects.Add(subject);
            var ability = k == 0 ? 0.8 : 2.2 * (rng.NextDouble() - 0.5) * 2;
            var practice = new double[bank.Skills.Count];
            var state = LearnerModel.NewPupil();
            var recent = new List<int>();
            var answers = new List<(string, bool)>();
            var area = new[] { "math", "fr", "ar" }[k % 3];
            for (var t = rng.Next(6, 45); t > 0; t--)
            {
                var c = NextExerciseChooser.Choose(model, state, recent, service.Policy, area);
                if (c.ItemId is null) break;
                var i = bank.ItemIndex(c.ItemId);
                var s = bank.SkillIndex(c.SkillId!);
                var ok = rng.NextDouble() < 1 / (1 + Math.Exp(-(ability + practice[s] - bank.Items[i].Difficulty)));
                practice[s] += ability > -0.8 ? 0.35 : 0.05; // the weakest barely progress: they get stuck
                model.Update(state, i, ok);
                recent.Add(i);
                answers.Add((c.ItemId, ok));
            }
            service.SeedAnswers(subject, answers);
        }
        return subjects;
    }
}
