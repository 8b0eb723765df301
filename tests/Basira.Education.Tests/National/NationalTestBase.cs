using Basira.Education;
using Basira.Education.National;
using Basira.Governance;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Education.Tests.National;

/// <summary>A data directory and the education module on SQLite (no connection string) or PostgreSQL.</summary>
public abstract class NationalTestBase : IDisposable
{
    protected readonly string Dir = Directory.CreateTempSubdirectory("basira-nat-").FullName;
    private ServiceProvider? _sp;

    protected abstract string? ConnectionString { get; }

    protected ServiceProvider Services => _sp ??= Build();

    protected NationalEducation Education => Services.GetRequiredService<NationalEducation>();

    private ServiceProvider Build()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Basira:DataDir"] = Dir,
            ["ConnectionStrings:Basira"] = ConnectionString,
        }).Build();
        var s = new ServiceCollection();
        s.AddGovernanceModule(config);
        s.AddEducationModule(config);
        return s.BuildServiceProvider();
    }

    /// <summary>
    /// Two schools in two provinces of two regions, six pupils (one of them in both years), a handful of absences:
    /// small enough to count by hand.
    /// </summary>
    protected static (SchoolRow[] Schools, NationalBatch[] Batches) SmallDataset()
    {
        SchoolRow[] schools =
        [
            new("S-AZI-1", "École A", "MA-05", "MA-AZI", "MA-AZI-R01", "Commune rurale A", "rural", "primary", true),
            new("S-CAS-1", "Collège B", "MA-06", "MA-CAS", "MA-CAS-U01", "Casablanca (Anfa)", "urban", "college", true),
        ];
        PupilYearRow P(string id, int year, string school, string sex, string milieu, string grade, string cycle, string? outcome) => new()
        {
            PupilId = id, Year = year, SchoolCode = school, Sex = sex, BirthDate = new DateOnly(2014, 3, 1), Grade = grade, Cycle = cycle,
            Milieu = milieu, Outcome = outcome,
        };
        var azi = new NationalBatch("S-AZI-1",
            [P("J130000001", 2023, "S-AZI-1", "F", "rural", "3AP", "primary", "continued"), P("J130000001", 2024, "S-AZI-1", "F", "rural", "4AP", "primary", "dropped"),
             P("J130000002", 2024, "S-AZI-1", "M", "rural", "4AP", "primary", "continued"), P("J130000003", 2024, "S-AZI-1", "F", "urban", "1AP", "primary", "continued")],
            [new AbsenceEntry(1, new DateOnly(2024, 9, 16), "MAL"), new AbsenceEntry(1, new DateOnly(2024, 9, 17), "MAL"),
             new AbsenceEntry(2, new DateOnly(2024, 9, 16), "TRV"), new AbsenceEntry(3, new DateOnly(2024, 10, 1), "NJ")],
            [new MarkEntry(1, 1, "ar", 12.5), new MarkEntry(1, 1, "fr", 9.25)]);
        var cas = new NationalBatch("S-CAS-1",
            [P("K140000001", 2024, "S-CAS-1", "M", "urban", "2AC", "college", "repeated"), P("K140000002", 2024, "S-CAS-1", "F", "urban", "2AC", "college", "continued"),
             P("K140000003", 2024, "S-CAS-1", "M", "urban", "3AC", "college", "dropped")],
            [new AbsenceEntry(0, new DateOnly(2024, 9, 16), "NJ")],
            []);
        return (schools, [azi, cas]);
    }

    /// <summary>Teaching days of 2024-25 used by the small dataset: weekdays from 9 September 2024 to 20 June 2025.</summary>
    protected static IEnumerable<SchoolDayRow> Weekdays(int year)
    {
        for (var d = new DateOnly(year, 9, 9); d <= new DateOnly(year + 1, 6, 20); d = d.AddDays(1))
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                yield return new SchoolDayRow(d, d < new DateOnly(year + 1, 1, 27) ? 1 : 2);
    }

    protected NationalLoadReport LoadSmall()
    {
        var (schools, batches) = SmallDataset();
        using var load = Education.BeginBulkLoad(synthetic: true);
        load.AddSchools(schools);
        load.AddSchoolDays(2024, Weekdays(2024));
        var w = load.CreateWriter();
        foreach (var b in batches) w.Write(b);
        return load.Commit();
    }

    public virtual void Dispose()
    {
        _sp?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Dir, true); }
        catch (IOException) { }
        GC.SuppressFinalize(this);
    }
}
