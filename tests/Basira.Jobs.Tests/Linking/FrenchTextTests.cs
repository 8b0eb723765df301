using Basira.Jobs.Linking;

namespace Basira.Jobs.Tests.Linking;

public sealed class FrenchTextTests
{
    [Fact]
    public void Folding_drops_case_accents_ligatures_and_punctuation()
    {
        Assert.Equal("chef d equipe maconnerie", FrenchText.Fold("Chef d’équipe   MAÇONNERIE!"));
        Assert.Equal("soeur", FrenchText.Fold("Sœur"));
        Assert.Equal("محاسب", FrenchText.Fold("مُحاسِب"));
        Assert.Equal("اداره", FrenchText.Fold("إدارة"));
    }

    [Theory]
    [InlineData("directrice", "directeur")]
    [InlineData("directeurs", "directeur")]
    [InlineData("vendeuse", "vendeur")]
    [InlineData("technicienne", "technicien")]
    [InlineData("infirmiere", "infirmier")]
    [InlineData("cheffe", "chef")]
    [InlineData("commerciaux", "commercial")]
    [InlineData("commerciale", "commercial")]
    [InlineData("assistante", "assistant")]
    [InlineData("employee", "employ")]
    [InlineData("employe", "employ")]
    [InlineData("maitresse", "maitr")]
    [InlineData("maitre", "maitr")]
    [InlineData("sportive", "sportif")]
    public void Feminine_and_plural_forms_share_the_masculine_stem(string word, string stem) =>
        Assert.Equal(stem, FrenchText.Stem(word));

    [Fact]
    public void Gender_markers_are_removed_but_not_letters_of_words()
    {
        Assert.Equal("Comptable", FrenchText.RemoveGenderMarkers("Comptable (H/F)"));
        Assert.Equal("Boucher", FrenchText.RemoveGenderMarkers("Boucher (h/f/x)"));
        Assert.Equal("Consultant SAP", FrenchText.RemoveGenderMarkers("Consultant H/F SAP"));
        Assert.Equal("assistant comptable", FrenchText.RemoveGenderMarkers("assistant(e) comptable"));
        Assert.Equal("Technicien de maintenance", FrenchText.RemoveGenderMarkers("Technicien(ne) de maintenance"));
        Assert.Equal("Chef / Cheffe", FrenchText.RemoveGenderMarkers("Chef / Cheffe"));
        Assert.Equal("CHF/FH", FrenchText.RemoveGenderMarkers("CHF/FH"));
    }

    [Fact]
    public void A_gender_alternation_reads_as_the_two_full_titles()
    {
        Assert.Equal(["Directeur comptable", "Directrice comptable"], FrenchText.Readings("Directeur / Directrice comptable"));
        Assert.Equal(["Accueillant familial auprès d'adultes", "Accueillante familiale auprès d'adultes"],
            FrenchText.Readings("Accueillant familial / Accueillante familiale auprès d'adultes"));
        Assert.Equal(["Chef mécanicien marine", "Chef mécanicienne marine"], FrenchText.Readings("Chef mécanicien / mécanicienne marine"));
        Assert.Equal(["Boucher"], FrenchText.Readings("Boucher (h/f/x)"));
    }

    [Fact]
    public void Slashes_between_different_jobs_read_as_separate_jobs()
    {
        Assert.Equal(["Commercial", "assistant commercial"], FrenchText.Readings("Commercial(e)/ assistant(e) commercial"));
        Assert.Equal(["Maitre", "educatrice", "Enseignante"], FrenchText.Readings("Maitre(sse)/educatrice/Enseignante"));
    }
}
