using Basira.Jobs.Linking;

namespace Basira.Jobs.Tests.Linking;

public sealed class TitleLinkerTests
{
    private static readonly LinkTarget[] Targets =
    [
        new("accountant", ["comptable", "teneur de livres"], "Les comptables tiennent les comptes de l'entreprise."),
        new("sales-director", ["directeur des ventes/directrice des ventes", "directeur commercial", "directrice commerciale"], "Ils dirigent les ventes."),
        new("salesperson", ["vendeur/vendeuse", "vendeur en magasin"], "Ils vendent des produits en magasin."),
        new("nurse", ["infirmier/infirmière", "infirmière", "infirmier"], "Ils soignent les patients à l'hôpital."),
        new("isco-52", ["Vendeurs"], "", IsOccupation: false),
    ];

    private static readonly TitleLinker Linker = new(Targets);

    [Theory]
    [InlineData("Comptable (H/F)", "accountant")]
    [InlineData("Directrice commerciale", "sales-director")]
    [InlineData("Vendeuse", "salesperson")]
    [InlineData("Infirmières", "nurse")]
    [InlineData("DIRECTEUR / DIRECTRICE DES VENTES", "sales-director")]
    public void A_title_links_to_its_concept_whatever_its_gender_case_or_number(string title, string key) =>
        Assert.Equal(key, Linker.Rank(title, 1).Single().Target.Key);

    [Fact]
    public void A_concept_scores_its_best_label_and_context_only_adds_a_little()
    {
        var s = Linker.Score("infirmier");
        var nurse = Array.FindIndex(Targets, t => t.Key == "nurse");
        Assert.True(s[nurse] >= 1.9, $"exact label: char + word cosines both 1, got {s[nurse]}");
        // "hôpital" is only in the context of the nurse
        var h = Linker.Score("hôpital");
        Assert.Equal(nurse, Array.IndexOf(h, h.Max()));
        Assert.True(h.Max() < 0.5);
    }

    [Fact]
    public void A_concept_that_is_not_an_occupation_is_ranked_below_an_equal_occupation()
    {
        var r = Linker.Rank("vendeurs", 2);
        Assert.Equal("salesperson", r[0].Target.Key);
    }

    [Fact]
    public void A_title_with_no_known_word_gets_no_candidate() => Assert.Empty(Linker.Rank("xyzzy", 5));
}
