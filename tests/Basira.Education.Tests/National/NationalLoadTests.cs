using System.Text;
using Basira.Education.National;
using Basira.Governance;
using Basira.Synth.Geography;

namespace Basira.Education.Tests.National;

/// <summary>The bulk load of national data into both stores: all or nothing, pseudonymised, read back by the summary.</summary>
public abstract class NationalLoadContract : NationalTestBase
{
    [Fact]
    public void A_load_is_read_back_by_the_summary_and_lands_in_both_stores()
    {
        var report = LoadSmall();

        Assert.Equal(2, report.Schools);
        Assert.Equal(7, report.Pupils);
        Assert.Equal(5, report.Absences);
        Assert.Equal(2, report.Marks);
        Assert.Equal(7, Education.Records.PupilRows());
        Assert.Equal(2, Education.Records.SchoolRows());

        var s = Education.Summary();
        Assert.Equal(6, s.Pupils); // the latest year only
        Assert.Equal(2, s.Schools);
        Assert.Equal(0.5, s.RuralSchoolShare);
        Assert.Equal(3 / 6.0, s.GirlsShare, 12);
        Assert.Equal(2 / 6.0, s.RuralPupilShare, 12);
        Assert.Equal(2, s.Dropouts);
        Assert.Equal(new CycleSummary(3, 1 / 3.0), s.ByCycle["primary"]);
        Assert.Equal(new CycleSummary(3, 1 / 3.0), s.ByCycle["college"]);
        Assert.Equal(["MA-05", "MA-06"], s.ByRegion.Select(r => r.Key));
    }

    [Fact]
    public void Source_identifiers_are_never_stored()
    {
        LoadSmall();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Dir, "*", SearchOption.AllDirectories).Where(f => !f.Contains("keys", StringComparison.Ordinal)))
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var id in new[] { "J130000001", "J130000002", "K140000001" })
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(id)) < 0, $"{id} found in {file}");
        }
        using var c = Education.Analytics.Open();
        var subjects = c.Query("SELECT DISTINCT subject FROM pupils", r => r.S(0));
        Assert.Equal(6, subjects.Count);
        Assert.All(subjects, s => Assert.StartsWith("P-", s, StringComparison.Ordinal));
        Assert.Equal(6, c.Long("SELECT COUNT(DISTINCT pupil_key) FROM pupils"));
    }

    [Fact]
    public void A_failed_load_leaves_nothing_behind()
    {
        var (schools, batches) = SmallDataset();
        using (var load = Education.BeginBulkLoad(synthetic: true))
        {
            load.AddSchools(schools);
            var w = load.CreateWriter();
            w.Write(batches[0]);
            Assert.Throws<DataInputException>(() => w.Write(batches[1] with { SchoolCode = "NOWHERE" }));
        }
        Assert.False(Education.Analytics.Exists);
        Assert.Empty(Directory.GetFiles(Dir, "*.duckdb*"));
        Assert.Equal(0, Education.Records.PupilRows());
        Assert.Equal(0, Education.Records.SchoolRows());

        // and a later load goes through
        Assert.Equal(7, LoadSmall().Pupils);
    }

    [Fact]
    public void A_second_bulk_load_into_the_same_data_is_refused()
    {
        LoadSmall();
        var ex = Assert.Throws<DataInputException>(() => Education.BeginBulkLoad(synthetic: true));
        Assert.Contains("already loaded", ex.Message);
    }

    [Fact]
    public void Pupils_twice_in_a_year_are_refused_at_commit()
    {
        var (schools, batches) = SmallDataset();
        using var load = Education.BeginBulkLoad(synthetic: true);
        load.AddSchools(schools);
        var w = load.CreateWriter();
        w.Write(batches[0]);
        w.Write(batches[0]);
        Assert.Throws<DataInputException>(() => load.Commit());
    }
}

public sealed class SqliteNationalLoadTests : NationalLoadContract
{
    protected override string? ConnectionString => null;

    [Fact]
    public void The_pupil_key_is_a_stable_63_bit_number_of_the_pseudonym()
    {
        var k = NationalAnalyticsStore.PupilKey("P-ABCDEFGHJKMNPQRSTVWX");
        Assert.Equal(k, NationalAnalyticsStore.PupilKey("P-ABCDEFGHJKMNPQRSTVWX"));
        Assert.True(k > 0);
        Assert.NotEqual(k, NationalAnalyticsStore.PupilKey("P-ABCDEFGHJKMNPQRSTVWY".Remove(14, 1).Insert(14, "0")));
        Assert.Equal(long.MaxValue, NationalAnalyticsStore.PupilKey("P-99999999999999999999"));
        Assert.Throws<ArgumentException>(() => NationalAnalyticsStore.PupilKey("X-1"));
    }

    [Fact]
    public void The_area_codes_are_those_of_morocco_geo()
    {
        Assert.Equal(MoroccoGeography.Regions.Select(r => r.Code).Order(), EducationAreas.Regions.Keys.Order());
        foreach (var p in MoroccoGeography.Provinces)
        {
            Assert.Equal(p.RegionCode, EducationAreas.RegionOf(p.Code));
            Assert.Equal(p.NameFr, EducationAreas.NameOf(p.Code));
        }
        Assert.Null(EducationAreas.RegionOf("MA-XXX"));
    }
}

[Trait("Category", "Db")]
public sealed class PostgresNationalLoadTests : NationalLoadContract, IAsyncLifetime
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
