using Basira.Jobs.Offers;

namespace Basira.Jobs.Tests.Offers;

public sealed class OfferTextTests
{
    [Theory]
    [InlineData("3 000 - 4 000 DH", SalaryKind.Range, 3000.0, 4000.0, "3000-4000")]
    [InlineData("Plus de 10 000 DH", SalaryKind.AtLeast, 10000.0, null, "10000-20000")]
    [InlineData("Moins de 3000 dh", SalaryKind.AtMost, null, 3000.0, "2000-3000")]
    [InlineData("5000 dh/mois", SalaryKind.Amount, 5000.0, 5000.0, "4000-6000")]
    [InlineData("7k MAD", SalaryKind.Amount, 7000.0, 7000.0, "6000-8000")]
    [InlineData("120 000 dh par an", SalaryKind.Amount, 10000.0, 10000.0, "10000-20000")]
    [InlineData("entre 8.000 et 9.500 MAD net", SalaryKind.Range, 8000.0, 9500.0, "8000-10000")]
    [InlineData("300 dh par jour", SalaryKind.Amount, 7800.0, 7800.0, "6000-8000")]
    public void Salary_text_becomes_monthly_dirhams_and_a_band(string text, SalaryKind kind, double? min, double? max, string band)
    {
        var s = SalaryText.Parse(text);
        Assert.Equal(kind, s.Kind);
        Assert.Equal(min, s.MinMonthlyMad);
        Assert.Equal(max, s.MaxMonthlyMad);
        Assert.Equal(band, s.Band);
    }

    [Theory]
    [InlineData("A discuter", SalaryKind.Negotiable)]
    [InlineData("Selon profil", SalaryKind.Negotiable)]
    [InlineData("Commission", SalaryKind.Commission)]
    [InlineData("", SalaryKind.Missing)]
    [InlineData("bien payé", SalaryKind.Unknown)]
    [InlineData("50 dh", SalaryKind.Unknown)]
    public void Salary_text_without_a_usable_amount_says_what_it_is(string text, SalaryKind kind) =>
        Assert.Equal(kind, SalaryText.Parse(text).Kind);

    [Fact]
    public void An_amount_in_another_currency_gets_no_dirham_band()
    {
        var s = SalaryText.Parse("2500 €/mois");
        Assert.Equal(("EUR", (string?)null), (s.Currency, s.Band));
        Assert.Contains("EUR", s.Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Casablanca ", "MA-CAS", "MA-06")]
    [InlineData("Casablanca, 6, MA", "MA-CAS", "MA-06")]
    [InlineData("Tangier, Tanger-Tetouan-Al Hoceima, Morocco", "MA-TNG", "MA-01")]
    [InlineData("Bouskoura", "MA-NOU", "MA-06")]
    [InlineData("Temara", "MA-SKH", "MA-04")]
    [InlineData("الدار البيضاء", "MA-CAS", "MA-06")]
    [InlineData("Fez, Fès-Meknès, Morocco", "MA-FES", "MA-03")]
    public void Cities_are_placed_in_their_province_and_region(string text, string province, string region)
    {
        var p = MoroccoPlaces.Resolve(text);
        Assert.Equal(PlaceKind.City, p.Kind);
        Assert.Equal((province, region), (p.Province, p.Region));
    }

    [Theory]
    [InlineData("Tout le Maroc / A distance", PlaceKind.Remote)]
    [InlineData("Morocco", PlaceKind.National)]
    [InlineData("MA", PlaceKind.National)]
    [InlineData("Autre ville", PlaceKind.Unspecified)]
    [InlineData("", PlaceKind.Unspecified)]
    [InlineData("Paris", PlaceKind.Unknown)]
    public void Other_places_are_named_not_guessed(string text, PlaceKind kind) => Assert.Equal(kind, MoroccoPlaces.Resolve(text).Kind);

    [Theory]
    [InlineData("écrire à jean.dupont@exemple.ma svp", "écrire à [e-mail retiré] svp")]
    [InlineData("contact: rh [at] societe [dot] com", "contact: [e-mail retiré]")]
    [InlineData("Tél : 06 12 34 56 78 ou +212 5 22 12 34 56", "Tél : [téléphone retiré] ou [téléphone retiré]")]
    [InlineData("0522-123456 / 07.12.34.56.78", "[téléphone retiré] / [téléphone retiré]")]
    [InlineData("Salaire 10 000 - 20 000 DH, 2 postes en 2024", "Salaire 10 000 - 20 000 DH, 2 postes en 2024")]
    public void E_mail_addresses_and_phone_numbers_are_removed_and_nothing_else(string text, string expected) =>
        Assert.Equal(expected, PersonalData.Redact(text, out _));

    [Theory]
    [InlineData("CDI", "cdi")]
    [InlineData("Anapec", "anapec")]
    [InlineData("Interim", "interim")]
    [InlineData("Stage", "internship")]
    [InlineData("fulltime", "full-time")]
    [InlineData("A discuter", null)]
    public void Contracts_are_named_the_same_way(string text, string? contract) => Assert.Equal(contract, OfferImport.Contract(text));

    [Theory]
    [InlineData("2 ans", 24)]
    [InlineData("6 mois", 6)]
    [InlineData("Pas neccessaire", 0)]
    [InlineData("Deja Expérience/expérimentées/Premiere experiences", null)]
    public void Experience_is_read_in_months(string text, int? months) => Assert.Equal(months, OfferImport.ExperienceMonths(text));

    [Fact]
    public void Scripts_are_told_apart()
    {
        Assert.Equal("latin", OfferImport.Scripts("Comptable"));
        Assert.Equal("arabic", OfferImport.Scripts("محاسب"));
        Assert.Equal("mixed", OfferImport.Scripts("Comptable محاسب"));
    }
}
