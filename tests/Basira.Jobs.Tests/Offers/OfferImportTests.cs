using Basira.Governance;
using Basira.Jobs.Offers;
using Basira.TestSupport;

namespace Basira.Jobs.Tests.Offers;

public sealed class OfferImportTests : IDisposable
{
    private static readonly string Sample = Path.Combine(AppContext.BaseDirectory, "Fixtures", "offers-sample.csv");
    private readonly TempDirectory dir = new();

    [Fact]
    public void Every_row_is_accepted_or_quarantined_with_its_line_field_and_reason()
    {
        var r = OfferImport.Read(Sample);
        Assert.Equal(9, r.Rows);
        Assert.Equal(r.Rows, r.Accepted + r.Quarantined);
        Assert.Equal(5, r.Accepted);
        Assert.Collection(r.Quarantine,
            q => { Assert.Equal(4, q.Line); Assert.Equal("titles", q.Field); Assert.Equal("missing title", q.Reason); },
            q => { Assert.Equal(7, q.Line); Assert.Equal("exact duplicate of line 3", q.Reason); },
            q => { Assert.Equal(8, q.Line); Assert.Contains("no letters", q.Reason, StringComparison.Ordinal); },
            q => { Assert.Equal(9, q.Line); Assert.Contains("ragged row", q.Reason, StringComparison.Ordinal); });
        Assert.All(r.Quarantine, q => Assert.Equal(Sample, q.File));
    }

    [Fact]
    public void Contact_columns_are_dropped_and_e_mails_and_phones_removed_from_the_text_kept()
    {
        var r = OfferImport.Read(Sample);
        Assert.Equal(["emails"], r.Columns.Dropped);
        var all = System.Text.Json.JsonSerializer.Serialize(r);
        Assert.DoesNotContain("@cabinet-exemple.ma", all, StringComparison.Ordinal);
        Assert.DoesNotContain("06 12 34 56 78", all, StringComparison.Ordinal);
        Assert.Equal(2, r.Offers[0].Redactions);
        Assert.Equal(2, r.Redactions);
    }

    [Fact]
    public void Titles_places_salaries_and_skills_are_normalised()
    {
        var r = OfferImport.Read(Sample);
        var comptable = r.Offers[0];
        Assert.Equal("Comptable", comptable.TitleCleaned);
        Assert.Equal("http://data.europa.eu/esco/occupation/eda0d957-3c3c-4139-b89a-a18bc9e18897", comptable.Occupation!.Uri);
        Assert.Equal("high", comptable.Occupation.Confidence);
        Assert.Equal(("MA-RAB", "MA-04"), (comptable.Place.Province, comptable.Place.Region));
        Assert.Equal((4000.0, 6000.0, "4000-6000"), (comptable.Salary.MinMonthlyMad!.Value, comptable.Salary.MaxMonthlyMad!.Value, comptable.Salary.Band!));
        Assert.Equal("cdi", comptable.Contract);
        Assert.Equal(24, comptable.ExperienceMonths);
        Assert.Equal("bac+3", comptable.Education);
        Assert.Contains(comptable.Skills, s => s.Label == "comptabilité");

        var dev = r.Offers.Single(o => o.Title == "Développeur Web");
        Assert.Equal(PlaceKind.Unknown, dev.Place.Kind);
        Assert.Equal((SalaryKind.AtLeast, "10000-20000"), (dev.Salary.Kind, dev.Salary.Band));
        Assert.Contains(dev.Skills, s => s.Label.StartsWith("PHP", StringComparison.Ordinal));
        Assert.Equal([new UnknownPlace("Tamensourte", 1, 5)], r.UnknownPlaces);

        var arabic = r.Offers.Single(o => o.Title == "محاسب");
        Assert.Equal("arabic", arabic.Scripts);
        Assert.Equal(comptable.Occupation.Uri, arabic.Occupation!.Uri);
        Assert.Equal("anapec", arabic.Contract);

        var remote = r.Offers.Single(o => o.Title == "Technicien de maintenance");
        Assert.Equal(PlaceKind.Remote, remote.Place.Kind);
        Assert.Equal(SalaryKind.Commission, remote.Salary.Kind);
    }

    [Fact]
    public void Duplicates_can_be_kept()
    {
        var r = OfferImport.Read(Sample, new OfferImportOptions(KeepDuplicates: true, Skills: false));
        Assert.Equal(6, r.Accepted);
        Assert.All(r.Offers, o => Assert.Empty(o.Skills));
    }

    [Fact]
    public void An_xlsx_file_is_read_like_a_csv()
    {
        var path = Path.Combine(dir.Path, "offres.xlsx");
        MiniExcelLibs.MiniExcel.SaveAs(path, new[]
        {
            new Dictionary<string, object> { ["Intitulé du poste"] = "Infirmière (H/F)", ["Ville"] = "Casablanca", ["Salaire"] = "7k MAD/mois" },
            new Dictionary<string, object> { ["Intitulé du poste"] = "", ["Ville"] = "Oujda", ["Salaire"] = "" },
        });
        var r = OfferImport.Read(path, new OfferImportOptions(Skills: false));
        Assert.Equal((2, 1, 1), (r.Rows, r.Accepted, r.Quarantined));
        var o = r.Offers[0];
        Assert.Equal("MA-CAS", o.Place.Province);
        Assert.Equal((7000.0, "6000-8000"), (o.Salary.MaxMonthlyMad!.Value, o.Salary.Band!));
        Assert.StartsWith("infirmier", o.Occupation!.Label, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_file_is_bad_input()
    {
        Assert.Throws<DataInputException>(() => OfferImport.Read(Path.Combine(dir.Path, "missing.csv")));
        var empty = Path.Combine(dir.Path, "empty.csv");
        File.WriteAllText(empty, "");
        Assert.Throws<DataInputException>(() => OfferImport.Read(empty));
        var noTitle = Path.Combine(dir.Path, "no-title.csv");
        File.WriteAllText(noTitle, "ville,salaire\nRabat,3000\n");
        var e = Assert.Throws<DataInputException>(() => OfferImport.Read(noTitle));
        Assert.Contains("no title column", e.Message, StringComparison.Ordinal);
        var latin1 = Path.Combine(dir.Path, "latin1.csv");
        File.WriteAllBytes(latin1, [.. "titre,ville\n"u8, 0x43, 0x68, 0x61, 0x72, 0x67, 0xE9, (byte)',', (byte)'R', (byte)'\n']);
        Assert.Throws<DataInputException>(() => OfferImport.Read(latin1));
    }

    public void Dispose() => dir.Dispose();
}
