using Basira.Governance;
using Basira.Jobs.Linking;

namespace Basira.Jobs.Tests.Linking;

public sealed class OccupationLinkerTests
{
    private const string Comptable = "http://data.europa.eu/esco/occupation/eda0d957-3c3c-4139-b89a-a18bc9e18897";
    private static readonly OccupationLinker Linker = OccupationLinker.Shared;

    [Theory]
    [InlineData("Comptable | Rabat (Maroc)")]
    [InlineData("URGENT : Comptable H/F à Casablanca")]
    [InlineData("محاسب")]
    [InlineData("Accountant")]
    [InlineData("comptables")]
    public void Offer_titles_in_french_arabic_or_english_link_to_the_esco_accountant(string title)
    {
        var r = Linker.Link(title, 3);
        Assert.Equal(Comptable, r.Candidates[0].Uri);
        Assert.Equal("comptable", r.Candidates[0].Label);
        Assert.True(r.Candidates[0].Score >= r.Candidates[1].Score);
    }

    [Fact]
    public void Candidates_carry_labels_in_the_requested_language()
    {
        Assert.Equal("accountant", Linker.Link("Comptable", 1, "en").Candidates[0].Label);
        Assert.StartsWith("محاسب", Linker.Link("Comptable", 1, "ar").Candidates[0].Label, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cleaned_title_drops_places_gender_markers_noise_and_contact_details()
    {
        Assert.Equal("Comptable", Linker.Link("Comptable | Rabat (Maroc)").Cleaned);
        Assert.Equal("Développeur .NET", Linker.Link("Développeur .NET H/F - Casablanca").Cleaned);
        Assert.Equal("serveuse", Linker.Link("URGENT recrute serveuse à Marrakech").Cleaned);
        Assert.Equal("Téléopérateurs francophones", Linker.Link("Téléopérateurs francophones à Tanger").Cleaned);
        Assert.Equal("Voiturier", Linker.Link("Voiturier Marrakech").Cleaned);
        Assert.DoesNotContain("@", Linker.Link("Chauffeur contact: rh.recrutement@exemple.ma 0612345678").Cleaned, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Assistant(e) RH", "assistant ressources humaines")]
    [InlineData("Resp. ADV", "responsable de l’administration des ventes")]
    [InlineData("Chef de projet IT", "gestionnaire de projet informatique")]
    public void Offer_abbreviations_are_written_out(string title, string label) =>
        Assert.StartsWith(label, Linker.Link(title, 1).Candidates[0].Label, StringComparison.Ordinal);

    [Fact]
    public void An_abbreviation_that_is_also_a_word_is_written_out_only_in_capitals()
    {
        Assert.Equal(["Chef de projet IT", "Chef de projet informatique"], OfferTitle.Spellings("Chef de projet IT"));
        Assert.Equal(["Agent it"], OfferTitle.Spellings("Agent it"));
        Assert.Equal(["Comptable"], OfferTitle.Spellings("Comptable"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_title_is_bad_input(string title) => Assert.Throws<DataInputException>(() => Linker.Link(title));

    [Fact]
    public void Top_outside_its_range_is_bad_input()
    {
        Assert.Throws<DataInputException>(() => Linker.Link("comptable", 0));
        Assert.Throws<DataInputException>(() => Linker.Link("comptable", OccupationLinker.MaxTop + 1));
        Assert.Throws<DataInputException>(() => Linker.Link(new string('a', OccupationLinker.MaxTitleLength + 1)));
    }
}
