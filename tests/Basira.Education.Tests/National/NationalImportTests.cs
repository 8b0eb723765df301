using System.Text;
using Basira.Education.National;
using Basira.Governance;

namespace Basira.Education.Tests.National;

/// <summary>School-system extracts: each bad input accepted or quarantined with its reason, rows in = accepted + quarantined.</summary>
public abstract class NationalImportContract : NationalTestBase
{
    private const string Schools = """
        school_code,name,province,commune,commune_name,milieu,cycle
        E-AZI-01,École Tabant,MA-AZI,MA-AZI-R01,Tabant,rural,primaire
        E-CAS-01,Collège Anfa,ma-cas,MA-CAS-U01,Casablanca (Anfa),urbain,college
        """;

    private const string Pupils = """
        pupil_id;school_year;school_code;sex;birth_date;grade;milieu;first_name;social_support
        J130000001;2024-2025;E-AZI-01;F;03/02/2016;3AP;rural;Salma;oui
        J130000002;2024;E-AZI-01;M;2016-11-20;3AP;rural;Omar;0
        K140000001;2024-2025;E-CAS-01;F;15/06/2011;2AC;urban;Imane;
        """;

    protected string Write(string name, string content, Encoding? encoding = null)
    {
        var p = Path.Combine(Dir, name);
        File.WriteAllText(p, content, encoding ?? new UTF8Encoding(false));
        return p;
    }

    protected NationalImportReport Import(ImportKind kind, string name, string content, string? encoding = null, Encoding? fileEncoding = null) =>
        Education.Import(kind, Write(name, content, fileEncoding), encoding, "test");

    private static void Balanced(NationalImportReport r)
    {
        Assert.Equal(r.RowsIn, r.Accepted + r.Quarantined);
        Assert.Equal(r.Quarantined, r.Quarantine.Count);
        Assert.Equal(r.Accepted, r.New + r.Changed + r.Unchanged);
    }

    private void SchoolsAndPupils()
    {
        Balanced(Import(ImportKind.Schools, "schools.csv", Schools));
        Balanced(Import(ImportKind.Pupils, "pupils.csv", Pupils));
    }

    private long Count(string table)
    {
        using var c = Education.Analytics.Open();
        return c.Long($"SELECT COUNT(*) FROM {table}");
    }

    [Fact]
    public void Schools_in_no_known_province_or_with_bad_fields_are_quarantined_with_their_line()
    {
        var r = Import(ImportKind.Schools, "schools.csv", Schools + """

            E-XXX-01,École fantôme,MA-XXX,C1,,rural,primary
            E-AZI-01,Doublon,MA-AZI,MA-AZI-R01,,rural,primary
            E-AZI-02,École sans milieu,MA-AZI,MA-AZI-R02,,montagne,primary
            E-AZI-03,École,MA-AZI,MA-AZI-R02,,rural,université
            ,Sans code,MA-AZI,MA-AZI-R02,,rural,primary
            """);
        Balanced(r);
        Assert.Equal(7, r.RowsIn);
        Assert.Equal(2, r.Accepted);
        Assert.Equal(2, r.New);
        Assert.Collection(r.Quarantine,
            q => { Assert.Equal(4, q.Line); Assert.Equal("province", q.Field); Assert.Contains("no province of morocco-geo", q.Reason); },
            q => { Assert.Equal(5, q.Line); Assert.Equal("school_code", q.Field); Assert.Contains("duplicate school code (first at line 2)", q.Reason); },
            q => { Assert.Equal(6, q.Line); Assert.Equal("milieu", q.Field); },
            q => { Assert.Equal(7, q.Line); Assert.Equal("cycle", q.Field); },
            q => { Assert.Equal(8, q.Line); Assert.Equal("school_code", q.Field); });
        Assert.Equal(2, Education.Records.SchoolRows());
        Assert.Equal(2, Count("schools"));

        // the same extract again changes nothing
        var again = Import(ImportKind.Schools, "schools.csv", Schools);
        Assert.Equal((0L, 0L, 2L), (again.New, again.Changed, again.Unchanged));
        Assert.Equal(2, Count("schools"));
    }

    [Fact]
    public void Pupils_are_pseudonymised_dates_read_as_dd_MM_yyyy_and_bad_rows_quarantined()
    {
        Import(ImportKind.Schools, "schools.csv", Schools);
        var r = Import(ImportKind.Pupils, "pupils.csv", Pupils + """

            J130000001;2024-2025;E-AZI-01;F;03/02/2016;3AP;rural;Salma;1
            J130000009;2024-2025;E-NOPE;F;03/02/2016;3AP;rural;X;
            J130000010;2024-2025;E-AZI-01;F;31/02/2016;3AP;rural;X;
            J130000011;2024-2025;E-AZI-01;F;03/02/2016;1AC;rural;X;
            J130000012;2024-2025;E-AZI-01;X;03/02/2016;3AP;rural;X;
            J130000013;2024-2025;E-AZI-01;M;03/02/2016;3AP;rural;X;peut-être
            """);
        Balanced(r);
        Assert.Equal(9, r.RowsIn);
        Assert.Equal(3, r.Accepted);
        Assert.Collection(r.Quarantine,
            q => { Assert.Equal(5, q.Line); Assert.Equal("pupil_id", q.Field); Assert.Contains("duplicate pupil for this school year (first at line 2)", q.Reason); },
            q => { Assert.Equal(6, q.Line); Assert.Contains("unknown school", q.Reason); },
            q => { Assert.Equal(7, q.Line); Assert.Equal("birth_date", q.Field); },
            q => { Assert.Equal(8, q.Line); Assert.Contains("not taught in a primary school", q.Reason); },
            q => { Assert.Equal(9, q.Line); Assert.Equal("sex", q.Field); },
            q => { Assert.Equal(10, q.Line); Assert.Contains("flags", q.Reason); });
        Assert.All(r.Quarantine, q => Assert.DoesNotContain("J13", q.Reason, StringComparison.Ordinal));

        using (var c = Education.Analytics.Open())
        {
            Assert.Equal(new DateOnly(2016, 2, 3), c.Query("SELECT birth_date FROM pupils WHERE grade = '3AP' AND sex = 'F'", x => x.Date(0)).Single());
            Assert.All(c.Query("SELECT subject FROM pupils", x => x.S(0)), s => Assert.StartsWith("P-", s, StringComparison.Ordinal));
        }
        Assert.Equal(3, Education.Records.PupilRows());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in Directory.GetFiles(Dir).Where(f => !f.EndsWith(".csv", StringComparison.Ordinal)))
            Assert.True(File.ReadAllBytes(f).AsSpan().IndexOf("J130000001"u8) < 0, $"a pupil identifier is stored in {f}");

        // reload: nothing changes; a corrected row: one change
        var again = Import(ImportKind.Pupils, "pupils.csv", Pupils);
        Assert.Equal((0L, 0L, 3L), (again.New, again.Changed, again.Unchanged));
        var corrected = Import(ImportKind.Pupils, "pupils2.csv", Pupils.Replace("2016-11-20;3AP;rural;Omar;0", "2016-11-20;3AP;rural;Omar;1", StringComparison.Ordinal));
        Assert.Equal((0L, 1L, 2L), (corrected.New, corrected.Changed, corrected.Unchanged));
        Assert.Equal(3, Count("pupils"));
        Assert.Equal(3, Education.Records.PupilRows());
    }

    [Fact]
    public void Attendance_for_unknown_pupils_outside_the_school_year_or_twice_is_quarantined()
    {
        SchoolsAndPupils();
        using (var load = Education.Analytics.Open())
        {
            // a variable, not a literal: an int constant would bind to the appender's Int16 overload
            var year = 2024;
            using var app = load.CreateAppender("school_days");
            foreach (var d in Weekdays(year)) app.CreateRow().AppendValue(year).AppendValue(d.Day).AppendValue(d.Term).EndRow();
        }
        var r = Import(ImportKind.Attendance, "absences-0916.csv", """
            pupil_id,date,code
            J130000001,16/09/2024,MAL
            J130000001,17/09/2024,MAL
            J130000002,16/09/2024,trv
            J130000001,16/09/2024,NJ
            J999999999,16/09/2024,NJ
            J130000002,14/09/2024,NJ
            J130000002,15/07/2025,NJ
            J130000002,16/09/2024x,NJ
            K140000001,16/09/2024,ABS
            """);
        Balanced(r);
        Assert.Equal(9, r.RowsIn);
        Assert.Equal(3, r.Accepted);
        Assert.Equal(3, r.New);
        Assert.Collection(r.Quarantine,
            q => { Assert.Equal(5, q.Line); Assert.Equal("date", q.Field); Assert.Contains("duplicate absence of this pupil on this day (first at line 2)", q.Reason); },
            q => { Assert.Equal(6, q.Line); Assert.Equal("pupil_id", q.Field); Assert.Contains("unknown pupil in 2024-2025", q.Reason); },
            q => { Assert.Equal(7, q.Line); Assert.Contains("not a teaching day", q.Reason); },
            q => { Assert.Equal(8, q.Line); Assert.Contains("outside the school year 2024-2025", q.Reason); },
            q => { Assert.Equal(9, q.Line); Assert.Equal("date", q.Field); },
            q => { Assert.Equal(10, q.Line); Assert.Equal("code", q.Field); });

        // an overlapping next-day load: the 17th again (a certificate arrived: MAL stays), the 18th new, and a later
        // justification of the 16th (TRV → FAM)
        var next = Import(ImportKind.Attendance, "absences-0917.csv", """
            pupil_id,date,code
            J130000001,17/09/2024,MAL
            J130000001,18/09/2024,MAL
            J130000002,16/09/2024,FAM
            """);
        Balanced(next);
        Assert.Equal((1L, 1L, 1L), (next.New, next.Changed, next.Unchanged));
        Assert.Equal(4, Count("absences"));

        // the same extract again: nothing changes
        var again = Import(ImportKind.Attendance, "absences-0917.csv", """
            pupil_id,date,code
            J130000001,17/09/2024,MAL
            J130000001,18/09/2024,MAL
            J130000002,16/09/2024,FAM
            """);
        Assert.Equal((0L, 0L, 3L), (again.New, again.Changed, again.Unchanged));
        Assert.Equal(4, Count("absences"));
    }

    [Fact]
    public void Without_a_loaded_calendar_summer_and_weekends_are_outside_the_school_year()
    {
        SchoolsAndPupils();
        var r = Import(ImportKind.Attendance, "a.csv", "pupil_id,date,code\nJ130000001,2024-09-16,NJ\nJ130000001,2025-08-01,NJ\nJ130000001,2024-09-21,NJ\n");
        Balanced(r);
        Assert.Equal(1, r.Accepted);
        Assert.All(r.Quarantine, q => Assert.Contains("outside the school year", q.Reason));
    }

    [Fact]
    public void Marks_with_a_decimal_comma_are_read_and_out_of_range_marks_quarantined()
    {
        SchoolsAndPupils();
        var r = Import(ImportKind.Marks, "marks.csv", """
            pupil_id;school_year;term;subject;mark
            J130000001;2024-2025;1;ar;"12,5"
            J130000001;2024-2025;1;fr;21
            J130000001;2024-2025;3;fr;10
            J130000001;2024-2025;1;ar;13
            J999999999;2024-2025;1;ar;13
            """);
        Balanced(r);
        Assert.Equal(1, r.Accepted);
        Assert.Equal([3L, 4L, 5L, 6L], r.Quarantine.Select(q => q.Line));
        using var c = Education.Analytics.Open();
        Assert.Equal(12.5, (double)c.Scalar("SELECT mark FROM marks")!);
    }

    [Fact]
    public void A_windows_1256_extract_is_refused_with_its_line_without_the_encoding_and_read_with_it()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var cp1256 = Encoding.GetEncoding(1256);
        var content = "school_code,name,province,commune,commune_name,milieu,cycle\nE-AZI-01,Ecole,MA-AZI,MA-AZI-R01,Tabant,rural,primary\nE-AZI-02,مدرسة تبانت,MA-AZI,MA-AZI-R01,تبانت,rural,primary\n";
        var ex = Assert.Throws<DataInputException>(() => Import(ImportKind.Schools, "ar.csv", content, fileEncoding: cp1256));
        Assert.Equal(3, ex.Line);
        Assert.Contains("not UTF-8", ex.Message);
        Assert.False(Education.Analytics.Exists);

        var r = Education.Import(ImportKind.Schools, Path.Combine(Dir, "ar.csv"), "windows-1256", "test");
        Balanced(r);
        Assert.Equal(2, r.Accepted);
        using var c = Education.Analytics.Open();
        Assert.Equal("مدرسة تبانت", c.Scalar("SELECT name FROM schools WHERE school_code = 'E-AZI-02'"));

        var utf8 = Write("utf8.csv", content);
        Assert.Contains("drop --encoding", Assert.Throws<DataInputException>(() => Education.Import(ImportKind.Schools, utf8, "windows-1256", "test")).Message);
        Assert.Contains("unknown encoding", Assert.Throws<DataInputException>(() => Education.Import(ImportKind.Schools, utf8, "klingon-8", "test")).Message);
    }

    [Fact]
    public void An_xlsx_extract_is_read_like_a_csv()
    {
        var path = Path.Combine(Dir, "schools.xlsx");
        MiniExcelLibs.MiniExcel.SaveAs(path, new[]
        {
            new Dictionary<string, object> { ["school_code"] = "E-AZI-01", ["name"] = "École", ["province"] = "MA-AZI", ["commune"] = "MA-AZI-R01", ["milieu"] = "rural", ["cycle"] = "primary" },
            new Dictionary<string, object> { ["school_code"] = "E-ZZZ-01", ["name"] = "École", ["province"] = "MA-ZZZ", ["commune"] = "C", ["milieu"] = "rural", ["cycle"] = "primary" },
        });
        var r = Education.Import(ImportKind.Schools, path, null, "test");
        Balanced(r);
        Assert.Equal(1, r.Accepted);
        Assert.Equal(3, r.Quarantine.Single().Line);
    }

    [Theory]
    [InlineData("analytics-written")]
    [InlineData("records-written")]
    public void A_failure_during_an_import_leaves_both_stores_as_they_were(string stage)
    {
        SchoolsAndPupils();
        var pupilsBefore = (Count("pupils"), Education.Records.PupilRows());
        Education.Importer.Fault = s => { if (s == stage) throw new IOException("disk full (simulated)"); };
        var extra = Pupils.Replace("J13000000", "J23000000", StringComparison.Ordinal).Replace("K14000000", "K24000000", StringComparison.Ordinal);
        Assert.Throws<IOException>(() => Import(ImportKind.Pupils, "more.csv", extra));
        Assert.Equal(pupilsBefore, (Count("pupils"), Education.Records.PupilRows()));

        if (stage == "analytics-written")
        {
            Assert.Throws<IOException>(() => Import(ImportKind.Attendance, "a.csv", "pupil_id,date,code\nJ130000001,16/09/2024,NJ\n"));
            Assert.Equal(0, Count("absences"));
        }
        Education.Importer.Fault = null;
        Assert.Equal(3, Import(ImportKind.Pupils, "more.csv", extra).New);
    }

    [Fact]
    public void A_file_without_a_required_column_is_bad_input()
    {
        var ex = Assert.Throws<DataInputException>(() => Import(ImportKind.Attendance, "a.csv", "pupil,date,code\nX,16/09/2024,NJ\n"));
        Assert.Contains("pupil_id", ex.Message);
    }
}

public sealed class SqliteNationalImportTests : NationalImportContract
{
    protected override string? ConnectionString => null;
}

[Trait("Category", "Db")]
public sealed class PostgresNationalImportTests : NationalImportContract, IAsyncLifetime
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
