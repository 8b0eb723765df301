using System.Text;
using Basira.Education.Learning;
using Basira.Governance;
using Basira.Governance.Access;
using Basira.Governance.Audit;
using Basira.Governance.Privacy;
using Basira.Governance.Storage;

namespace Basira.Education.Tests.Learning;

/// <summary>The learning paths on the operational store, run unchanged on SQLite and PostgreSQL.</summary>
public abstract class LearningStoreContract
{
    protected abstract BasiraDatabase Database { get; }

    private LearningService? _service;
    private AuditLog? _audit;

    protected AuditLog Audit => _audit ??= new AuditLog(Database, TimeProvider.System);

    protected LearningService Service
    {
        get
        {
            if (_service is not null) return _service;
            Migrations.Apply(Database);
            return _service = new LearningService(Database, Audit, new Pseudonymiser(Encoding.UTF8.GetBytes("learning-store-tests-key-32-bytes!!")), TimeProvider.System);
        }
    }

    private static readonly Principal Teacher = new("u-teacher", "enseignant", Roles.Teacher, ScopeKinds.School, "SCH-1", null);
    private static readonly Principal OtherTeacher = new("u-other", "autre", Roles.Teacher, ScopeKinds.School, "SCH-1", null);
    private static readonly Principal Staff = new("u-staff", "directeur", Roles.SchoolStaff, ScopeKinds.School, "SCH-1", null);
    private static readonly Principal OtherStaff = new("u-staff2", "directeur2", Roles.SchoolStaff, ScopeKinds.School, "SCH-2", null);

    private static Principal Pupil(string subject) => new("u-" + subject, subject, Roles.Citizen, ScopeKinds.Self, null, subject);

    private (string A, string B) TwoPupils()
    {
        Service.CreateClass(new LearningClass("C1", "CE3 A", "SCH-1", "P", "R", Teacher.UserId, 3));
        return (Service.Enrol("MASSAR-0001", "C1"), Service.Enrol("MASSAR-0002", "C1"));
    }

    [Fact]
    public void Pupils_are_pseudonymised_and_their_answers_replayed_in_order()
    {
        var (a, _) = TwoPupils();
        Assert.StartsWith("P-", a, StringComparison.Ordinal);
        using (var c = Database.OpenConnection())
            Assert.Equal(0L, Convert.ToInt64(c.Scalar(null, "SELECT COUNT(*) FROM learning_pupils WHERE subject LIKE '%MASSAR%'"), System.Globalization.CultureInfo.InvariantCulture));
        var me = Pupil(a);
        var first = Service.Next(me, null, "math", "fr")!;
        Assert.Equal("math.g1.numbers20", first.SkillId);
        var r1 = Service.Answer(me, null, first.ItemId!, true, "fr")!;
        var r2 = Service.Answer(me, null, r1.Next.ItemId!, false, "fr")!;
        Assert.Equal(1, r1.Seq);
        Assert.Equal(2, r2.Seq);
        Assert.Equal(first.Probability!.Value, r1.ProbabilityBefore, 4);
        var path = Service.Path(me, null, "en")!;
        Assert.Equal(2, path.Answers);
        Assert.Equal(1, path.Correct);
        Assert.Equal(2, path.Skills.Sum(s => s.Attempts));
        Assert.True(path.Skills.Single(s => s.SkillId == "math.g1.numbers20").Attempts >= 1);
        Assert.Contains(Audit.Read(0, 1000, a), e => e.Action == "learning.answer");
        Assert.True(Audit.Verify().Intact);
    }

    [Fact]
    public void Each_caller_sees_only_their_scope_and_only_pupils_and_teachers_answer()
    {
        var (a, b) = TwoPupils();
        Assert.NotNull(Service.Path(Pupil(a), null, "fr"));
        Assert.Null(Service.Path(Pupil(a), b, "fr"));                 // another pupil: not found
        Assert.NotNull(Service.Path(Teacher, b, "fr"));
        Assert.Null(Service.Path(OtherTeacher, b, "fr"));             // same school, not their class
        Assert.NotNull(Service.Class(Staff, "C1", "fr"));
        Assert.Null(Service.Class(OtherStaff, "C1", "fr"));
        Assert.Empty(Service.Classes(OtherTeacher));
        Assert.Single(Service.Classes(Teacher));
        Assert.Throws<UnauthorizedAccessException>(() => Service.Answer(Staff, a, "math.g1.add20.1", true, "fr"));
        Assert.NotNull(Service.Answer(Teacher, a, "math.g1.add20.1", true, "fr"));
        Assert.Null(Service.Answer(OtherTeacher, a, "math.g1.add20.1", true, "fr"));
        Assert.Equal("item_id", Assert.Throws<DataInputException>(() => Service.Answer(Pupil(a), null, "nope", true, "fr")).Field);
    }

    [Fact]
    public void The_class_view_marks_a_failing_pupil_stuck_and_a_succeeding_one_ready()
    {
        var (a, b) = TwoPupils();
        var items = Service.Model.Bank.ItemsOfSkill[Service.Model.Bank.SkillIndex("math.g1.numbers20")].Select(i => Service.Model.Bank.Items[i].Id).ToList();
        Service.SeedAnswers(a, [.. items.Concat(items).Select(i => (i, false))]);
        Service.SeedAnswers(b, [.. items.Concat(items).Select(i => (i, true))]);
        var view = Service.Class(Teacher, "C1", "fr")!;
        Assert.Equal([a], view.Stuck);
        Assert.Equal([b], view.Ready);
        Assert.Equal("math.g1.numbers20", view.Pupils.Single(p => p.Pupil == a).CurrentSkill);
        Assert.True(view.Pupils.Single(p => p.Pupil == b).Mastery["math.g1.numbers20"] >= PathPolicy.Default.Mastery);
        // the ready pupil moves on: the next exercise is of a skill that needs the mastered one
        var next = Service.Next(Teacher, b, "math", "en")!;
        Assert.Contains("math.g1.numbers20", Service.Model.Bank.Skills[Service.Model.Bank.SkillIndex(next.SkillId!)].Prerequisites);
    }
}

public sealed class SqliteLearningStoreTests : LearningStoreContract, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("basira-learning-").FullName;
    private BasiraDatabase? _db;

    protected override BasiraDatabase Database => _db ??= BasiraDatabase.Open(null, _dir);

    public void Dispose()
    {
        _db?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}

[Trait("Category", "Db")]
public sealed class PostgresLearningStoreTests : LearningStoreContract, IAsyncLifetime
{
    private readonly Basira.TestSupport.PostgresTestDatabase _pg = new();
    private BasiraDatabase? _db;

    protected override BasiraDatabase Database => _db ??= BasiraDatabase.Open(_pg.ConnectionString, Path.GetTempPath());

    public Task InitializeAsync() => _pg.InitializeAsync();

    public async Task DisposeAsync()
    {
        _db?.Dispose();
        Npgsql.NpgsqlConnection.ClearAllPools();
        await _pg.DisposeAsync();
    }
}
