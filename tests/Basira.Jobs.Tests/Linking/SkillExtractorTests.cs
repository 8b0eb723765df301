using Basira.Jobs.Linking;

namespace Basira.Jobs.Tests.Linking;

public sealed class SkillExtractorTests
{
    private static readonly SkillExtractor Extractor = SkillExtractor.Shared;

    [Fact]
    public void Named_skills_and_knowledge_are_found_in_french_offer_text()
    {
        var found = Extractor.Extract("Nous recherchons un développeur maîtrisant Python, SQL et Java. Connaissance de la comptabilité " +
            "générale et de la gestion de projets. Anglais courant.");
        var labels = found.Select(s => s.Label).ToList();
        Assert.Contains("Python (programmation informatique)", labels);
        Assert.Contains("SQL", labels);
        Assert.Contains("Java (programmation informatique)", labels);
        Assert.Contains("gestion de projets", labels);
        Assert.Contains("comptabilité", labels);
        Assert.Contains("anglais", labels);
        Assert.All(found, s => Assert.StartsWith("http://data.europa.eu/esco/skill/", s.Uri, StringComparison.Ordinal));
    }

    [Fact]
    public void General_words_alone_are_not_skills()
    {
        Assert.Empty(Extractor.Extract("Gestion, communication, vente, qualité, projet."));
    }

    [Fact]
    public void Mentions_are_counted_and_english_text_gives_the_same_skills()
    {
        var fr = Extractor.Extract("Python au quotidien, Python en production.");
        Assert.Equal(2, fr.Single(s => s.Label.StartsWith("Python", StringComparison.Ordinal)).Mentions);
        var en = Extractor.Extract("Strong project management skills", "en");
        Assert.Contains(en, s => s.Label == "project management");
    }
}
