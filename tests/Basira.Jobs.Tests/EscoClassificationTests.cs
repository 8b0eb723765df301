using Basira.Jobs.Esco;

namespace Basira.Jobs.Tests;

public sealed class EscoClassificationTests
{
    private static readonly EscoClassification Esco = EscoClassification.Shared;

    [Fact]
    public void The_embedded_tables_hold_all_of_ESCO_1_1_1()
    {
        Assert.Equal(3007, Esco.Occupations.Count);
        Assert.Equal(13896, Esco.Skills.Count);
        Assert.Equal(619, Esco.IscoGroups.Count);
        Assert.Equal(640, Esco.SkillGroups.Count);
        Assert.Equal(5899, Esco.SkillRelations.Count);
        // occupationSkillRelations.csv: 64,946 essential and 58,909 optional (SOURCE.md), less the 55 + 12 of one
        // occupation URI (a9e54177-…) that is not in the v1.1.1 occupation list
        Assert.Equal(64946 - 55, Esco.Occupations.Sum(o => o.Essential.Count));
        Assert.Equal(58909 - 12, Esco.Occupations.Sum(o => o.Optional.Count));
    }

    [Fact]
    public void An_occupation_has_its_labels_in_three_languages_its_isco_group_and_its_skills()
    {
        var uri = "http://data.europa.eu/esco/occupation/00030d09-2b3a-4efd-87cc-c4ea39d27c34";
        var o = Esco.Occupation(uri)!;
        Assert.Equal("directeur technique/directrice technique", o.French.Preferred);
        Assert.Contains("régisseuse", o.French.Alternative);
        Assert.Equal("technical director", o.Label("en"));
        Assert.Equal("المدير الفني / المديرة الفنية", o.Label("ar"));
        Assert.Equal("2654", o.IscoGroup);
        Assert.Equal("2654.1.7", o.Code);
        Assert.StartsWith("Les directeurs techniques", o.DescriptionFr, StringComparison.Ordinal);
        Assert.Equal(["2654", "265", "26", "2"], Esco.IscoPath(o).Select(g => g.Code));
        var skills = Esco.SkillsOf(o).ToList();
        Assert.Contains(skills, s => s.Skill.Uri == "http://data.europa.eu/esco/skill/fed5b267-73fa-461d-9f69-827c78beb39d" && s.Relation == EscoRelation.Essential);
        Assert.Equal(o.Essential.Count + o.Optional.Count, skills.Count);
    }

    [Fact]
    public void Relations_can_be_followed_from_a_skill_back_to_its_occupations()
    {
        var o = Esco.Occupations[100];
        var skill = Esco.Skills[o.Essential[0]];
        Assert.Contains(Esco.OccupationsNeeding(skill), x => x.Occupation.Uri == o.Uri && x.Relation == EscoRelation.Essential);
        Assert.Equal(skill, Esco.Skill(skill.Uri));
    }

    [Fact]
    public void Most_skills_have_a_French_label_and_every_one_says_where_it_comes_from()
    {
        Assert.All(Esco.Skills, s => Assert.NotEmpty(s.French.Preferred));
        Assert.All(Esco.Skills, s => Assert.Contains(s.FrenchSource, new[] { "official", "live", "legacy", "en" }));
        Assert.True(Esco.Skills.Count(s => s.FrenchSource != "en") > 13600);
        var knowledge = Esco.Skills.Count(s => s.Type == EscoSkillType.Knowledge);
        Assert.Equal(3059, knowledge);
    }

    [Fact]
    public void Isco_groups_are_found_by_uri_or_code()
    {
        var g = Esco.IscoGroup("2411")!;
        Assert.Equal("http://data.europa.eu/esco/isco/C2411", g.Uri);
        Assert.Same(g, Esco.IscoGroup(g.Uri));
        Assert.Equal("http://data.europa.eu/esco/isco/C241", g.BroaderUri);
        Assert.NotEmpty(g.French.Preferred);
    }

    [Fact]
    public void A_relation_to_a_missing_skill_is_refused()
    {
        var occ = new EscoOccupation(0, "u", "1", "1", null, EscoLabels.None, EscoLabels.None, "", "", "", [3], []);
        Assert.Throws<ArgumentException>(() => new EscoClassification([occ], [], [], [], []));
    }
}
