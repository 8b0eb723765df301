using Basira.Governance.Decisions;
using Basira.Governance.Models;
using Basira.Governance.Notices;

namespace Basira.Governance.Tests.Kernel;

/// <summary>A notice says each value in words (a category label, a number with its unit, a band); level 2 adds the exact value.</summary>
public sealed class NoticeValueWordsTests
{
    private static LocalizedText L(string fr, string ar, string en) => new(fr, ar, en);

    internal static readonly AlgorithmDescriptor Descriptor = TestDescriptor.Create() with
    {
        FeatureLabels = new Dictionary<string, LocalizedText>
        {
            ["ses_index"] = L("L'indice socio-économique", "المؤشر السوسيو-اقتصادي", "Socio-economic index"),
            ["transport"] = L("Le transport", "وسيلة التنقل", "Transport"),
            ["absence_days"] = L("Les absences", "الغياب", "Absences"),
            ["distance_km"] = L("La distance", "المسافة", "Distance"),
        },
        FeatureValues = new Dictionary<string, FeatureValueWords>
        {
            ["ses_index"] = new BandWords([-1, 0, 1], [L("très bas", "منخفض جدا", "very low"), L("bas", "منخفض", "low"), L("moyen", "متوسط", "middle"), L("élevé", "مرتفع", "high")],
                L("écarts types", "انحرافات معيارية", "standard deviations")),
            ["transport"] = new CategoryWords(new Dictionary<string, LocalizedText> { ["school_bus"] = L("transport scolaire", "النقل المدرسي", "school transport") }),
            ["absence_days"] = new QuantityWords(L("{0} jours d'absence", "أيام الغياب: {0}", "{0} days of absence"))
            {
                One = L("{0} jour d'absence", "أيام الغياب: {0}", "{0} day of absence"), Zero = L("aucune absence", "بدون غياب", "no absence"), Format = "0",
            },
            ["distance_km"] = new QuantityWords(L("{0} km", "{0} كلم", "{0} km")) { Format = "0.#" },
        },
    };

    internal static DecisionRecord Decision(string ses = "-3.094", string days = "12")
    {
        var d = new DecisionRecord("DEC-1", "P-1", "education", "edu.test", "m1", "v1", new string('a', 64),
            [new("ses_index", ses, "survey", null), new("transport", "school_bus", "form", null), new("absence_days", days, "register", null), new("distance_km", "3.5", "form", null)],
            0.5, -1, 0.62, 0.3, "flagged", 1, AutomationLevels.ModelRecommendsHumanDecides, "school_staff:S1", new DecisionScope("R", "P", "S1"),
            new Dictionary<string, string> { ["sex"] = "F" },
            [new("ses_index", 1.0), new("transport", 0.6), new("absence_days", -0.3), new("distance_km", 0.2)],
            DateTimeOffset.Parse("2026-11-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        d.Validate();
        return d;
    }

    [Theory]
    [InlineData("fr", "L'indice socio-économique (très bas) augmente", "Le transport (transport scolaire) augmente", "Les absences (12 jours d'absence) diminue")]
    [InlineData("ar", "المؤشر السوسيو-اقتصادي (منخفض جدا) يرفع", "وسيلة التنقل (النقل المدرسي) يرفع", "الغياب (أيام الغياب: 12) يخفض")]
    [InlineData("en", "Socio-economic index (very low) raises", "Transport (school transport) raises", "Absences (12 days of absence) lowers")]
    public void Level_1_says_each_value_in_words_and_keeps_the_raw_value_for_the_api(string lang, string ses, string transport, string days)
    {
        var n = NoticeBuilder.Build("L1", lang, Decision(), Descriptor, null, null, "flagged", [], "/x");
        Assert.Equal(["ses_index", "transport", "absence_days"], n.TopFactors.Select(f => f.Feature));
        Assert.StartsWith(ses, n.TopFactors[0].Sentence);
        Assert.StartsWith(transport, n.TopFactors[1].Sentence);
        Assert.StartsWith(days, n.TopFactors[2].Sentence);
        Assert.Equal(["-3.094", "school_bus", "12"], n.TopFactors.Select(f => f.Value));
        Assert.DoesNotContain(n.TopFactors, f => f.Sentence.Contains("-3.094", StringComparison.Ordinal) || f.Sentence.Contains("school_bus", StringComparison.Ordinal));
        Assert.DoesNotContain(n.TopFactors, f => f.ValueText!.Contains("3,094", StringComparison.Ordinal) || f.ValueText.Contains("3.094", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("fr", "très bas, valeur exacte -3,094", "3,5 km")]
    [InlineData("ar", "منخفض جدا، القيمة الدقيقة -3,094", "3,5 كلم")]
    [InlineData("en", "very low, exact value -3.094", "3.5 km")]
    public void Level_2_shows_the_words_and_the_exact_value(string lang, string ses, string distance)
    {
        var n = NoticeBuilder.Build("L2", lang, Decision(), Descriptor, null, null, "flagged", [], "/x");
        var used = n.DataUsed!.ToDictionary(f => f.Feature);
        Assert.Equal(ses, used["ses_index"].ValueText);
        Assert.Contains("(" + ses + ")", used["ses_index"].Sentence);
        Assert.Equal(distance, used["distance_km"].ValueText); // the words carry the exact value: nothing added
        Assert.Equal("-3.094", used["ses_index"].Value);
        Assert.Equal(ses[..ses.IndexOfAny([',', '،'])], n.TopFactors[0].ValueText); // the level-1 top factors of the same notice: words only
        Assert.DoesNotContain("3", n.TopFactors[0].Sentence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-1", "bas")]
    [InlineData("-1.0001", "très bas")]
    [InlineData("0", "moyen")]
    [InlineData("0.999", "moyen")]
    [InlineData("1", "élevé")]
    [InlineData("7.5", "élevé")]
    public void A_band_holds_its_lower_cut_point_and_not_its_upper_one(string value, string band) =>
        Assert.Equal(band, NoticeBuilder.SayValue("fr", false, Descriptor, "ses_index", value));

    [Theory]
    [InlineData("fr", "0", "aucune absence")]
    [InlineData("fr", "1", "1 jour d'absence")]
    [InlineData("fr", "2", "2 jours d'absence")]
    [InlineData("en", "0", "no absence")]
    [InlineData("en", "1", "1 day of absence")]
    [InlineData("en", "2", "2 days of absence")]
    [InlineData("ar", "0", "بدون غياب")]
    [InlineData("ar", "1", "أيام الغياب: 1")]
    [InlineData("ar", "11", "أيام الغياب: 11")]
    public void A_quantity_has_its_unit_and_number(string lang, string value, string said) =>
        Assert.Equal(said, NoticeBuilder.SayValue(lang, false, Descriptor, "absence_days", value));

    [Fact]
    public void A_value_without_words_is_shown_as_recorded_and_a_missing_one_as_not_recorded()
    {
        Assert.Equal("42", NoticeBuilder.SayValue("fr", true, Descriptor, "shoe_size", "42"));
        Assert.Equal("boat", NoticeBuilder.SayValue("en", true, Descriptor, "transport", "boat")); // unknown code: never hidden
        Assert.Equal("transport scolaire", NoticeBuilder.SayValue("fr", true, Descriptor, "transport", "SCHOOL_BUS"));
        Assert.Equal(NoticeBuilder.T("ar", "missing"), NoticeBuilder.SayValue("ar", true, Descriptor, "transport", null));
        Assert.Equal("3,6 km, valeur exacte 3,56", NoticeBuilder.SayValue("fr", true, Descriptor, "distance_km", "3.56"));
    }

    [Theory]
    [InlineData("fr", "Les absences (aucune absence au lieu de 12 jours d'absence)")]
    [InlineData("en", "Absences (no absence instead of 12 days of absence)")]
    [InlineData("ar", "الغياب (بدون غياب بدل أيام الغياب: 12)")]
    public void The_counterfactual_says_both_values_in_words(string lang, string change)
    {
        var d = Decision() with { Counterfactual = new Counterfactual([new CounterfactualChange("absence_days", "12", "0")], 0.21, 0.3, 1) };
        d.Validate();
        Assert.Contains(change, NoticeBuilder.Build("L2", lang, d, Descriptor, null, null, "flagged", [], "/x").Counterfactual!);
    }

    [Fact]
    public void The_check_names_every_missing_label_language_and_script()
    {
        var broken = Descriptor with
        {
            FeatureValues = new Dictionary<string, FeatureValueWords>
            {
                ["transport"] = new CategoryWords(new Dictionary<string, LocalizedText>
                {
                    ["school_bus"] = L("transport scolaire", "school bus", "school transport"),
                    ["walk"] = L("walk", "مشيا", ""),
                }),
            },
        };
        var problems = FeatureValueWordsCheck.Problems(broken, new Dictionary<string, IReadOnlyCollection<string>>
        {
            ["transport"] = ["school_bus", "walk", "boarding"],
            ["ses_index"] = ["0.5"],
        });
        Assert.Contains("ses_index: no value words", problems);
        Assert.Contains("transport, category 'school_bus': the Arabic text 'school bus' has no Arabic script", problems);
        Assert.Contains("transport, category 'walk': no en text", problems);
        Assert.Contains("transport = 'walk': the fr label is the code itself", problems);
        Assert.Contains("transport = 'boarding': no words in ar", problems);
        Assert.Empty(FeatureValueWordsCheck.Problems(Descriptor, new Dictionary<string, IReadOnlyCollection<string>>
        {
            ["transport"] = ["school_bus"], ["ses_index"] = ["-3", "0", "2"], ["absence_days"] = ["0", "1", "5"], ["distance_km"] = ["0.4"],
        }));
    }
}
