using System.Globalization;
using System.Text;
using Basira.Education.EarlyWarning;
using Basira.Governance.Decisions;
using Basira.Governance.Models;
using Basira.Governance.Notices;
using Basira.Synth;

namespace Basira.Education.Tests;

/// <summary>
/// Item 1 of issue 7: the dropout notice says every input in words a family reads, in French, Arabic and English; no
/// code of the pupil table ("lycee", "school_bus", "2BAC", "none") reaches a reader, and no raw index either.
/// </summary>
public sealed class DropoutValueWordsTests
{
    /// <summary>The model's inputs: the pupil table's columns less identity, protected attributes and the target.</summary>
    private static readonly IReadOnlyList<string> Features =
        [.. SchoolPopulationCsv.PupilColumns.Where(c => !DropoutAlgorithm.NeverFeatures.Contains(c))];

    /// <summary>Every value of every input in a generated population, read back from its CSV as the import reads it.</summary>
    private static readonly Dictionary<string, IReadOnlyCollection<string>> Seen = SeenValues();

    private static Dictionary<string, IReadOnlyCollection<string>> SeenValues()
    {
        using var stream = new MemoryStream();
        SchoolPopulationCsv.WriteCsv(SchoolPopulationGenerator.Generate(new SynthOptions { Seed = 11, PupilCount = 3000 }), stream);
        var lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        var seen = Features.ToDictionary(f => f, f => (IReadOnlyCollection<string>)rows.Select(r => r[Array.IndexOf(header, f)]).ToHashSet(StringComparer.Ordinal));
        // codes too rare to be sure to appear in 3,000 pupils: every value of the generator's enumerations
        seen["cycle"] = seen["cycle"].Concat(Enum.GetValues<Cycle>().Select(SchoolPopulationCsv.Code)).ToHashSet(StringComparer.Ordinal);
        seen["transport"] = seen["transport"].Concat(Enum.GetValues<Transport>().Select(SchoolPopulationCsv.Code)).ToHashSet(StringComparer.Ordinal);
        seen["mother_education"] = seen["mother_education"].Concat(Enum.GetValues<MotherEducation>().Select(SchoolPopulationCsv.Code)).ToHashSet(StringComparer.Ordinal);
        return seen;
    }

    [Fact]
    public void Every_input_and_every_category_value_of_the_synthetic_data_has_words_in_three_languages()
    {
        Assert.Equal(11, Features.Count);
        Assert.Equal(Features.Order(StringComparer.Ordinal), DropoutAlgorithm.Descriptor.FeatureLabels.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Features.Order(StringComparer.Ordinal), DropoutAlgorithm.Descriptor.FeatureValues.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(12, Seen["grade_level"].Count); // 1AP..6AP, 1AC..3AC, TC, 1BAC, 2BAC
        Assert.Equal(6, Seen["transport"].Count);
        Assert.Empty(FeatureValueWordsCheck.Problems(DropoutAlgorithm.Descriptor, Seen));
    }

    [Fact]
    public void Arabic_labels_and_value_words_are_in_arabic_script()
    {
        foreach (var f in Features)
        {
            Assert.True(FeatureValueWordsCheck.HasArabicScript(DropoutAlgorithm.Descriptor.FeatureLabels[f].Ar), f);
            foreach (var v in Seen[f].Take(50))
                Assert.True(FeatureValueWordsCheck.HasArabicScript(NoticeBuilder.SayValue("ar", true, DropoutAlgorithm.Descriptor, f, v)), $"{f} = {v}");
        }
    }

    private static DecisionRecord Decision(IReadOnlyDictionary<string, string> values)
    {
        var d = new DecisionRecord("DEC-1", "P-1", "education", DropoutAlgorithm.Id, "m1", "v1", new string('a', 64),
            [.. Features.Select(f => new DecisionInput(f, values[f], "register", "2026-10-31"))], 0.5, -1, 0.62, 0.3, "flagged", 1,
            AutomationLevels.ModelRecommendsHumanDecides, "school_staff:S1", new DecisionScope("R", "P", "S1"),
            new Dictionary<string, string> { ["sex"] = "F" },
            [.. Features.Select(f => new Contribution(f, f switch { "ses_index" => 0.8, "transport" => 0.5, "grade_level" => 0.2, _ => 0 }))],
            DateTimeOffset.Parse("2026-11-01T10:00:00Z", CultureInfo.InvariantCulture));
        d.Validate();
        return d;
    }

    private static readonly Dictionary<string, string> Pupil = new()
    {
        ["birth_year"] = "2008", ["cycle"] = "lycee", ["grade_level"] = "2BAC", ["distance_km"] = "12.4", ["absence_days"] = "14",
        ["absence_rate"] = "0.2333", ["grade_average"] = "8.75", ["repetitions"] = "1", ["transport"] = "school_bus",
        ["ses_index"] = "-3.094", ["mother_education"] = "none",
    };

    [Theory]
    [InlineData("fr", "L'indice socio-économique du foyer (très bas) augmente", "Le mode de transport (transport scolaire) augmente", "2e année du baccalauréat")]
    [InlineData("ar", "المؤشر السوسيو-اقتصادي للأسرة (منخفض جدا) يرفع", "وسيلة التنقل (النقل المدرسي) يرفع", "السنة الثانية من سلك البكالوريا")]
    [InlineData("en", "Household socio-economic index (very low) raises", "Means of transport (school transport) raises", "2nd year of the baccalaureate")]
    public void No_code_and_no_raw_index_reaches_a_reader_of_either_level(string lang, string ses, string transport, string grade)
    {
        var l1 = NoticeBuilder.Build("L1", lang, Decision(Pupil), DropoutAlgorithm.Descriptor, null, null, "flagged", [], "/x");
        Assert.StartsWith(ses, l1.TopFactors[0].Sentence);
        Assert.StartsWith(transport, l1.TopFactors[1].Sentence);
        Assert.Contains(grade, l1.TopFactors[2].Sentence);
        var l2 = NoticeBuilder.Build("L2", lang, Decision(Pupil), DropoutAlgorithm.Descriptor, null, null, "flagged", [], "/x");
        foreach (var f in l1.TopFactors.Concat(l2.TopFactors).Concat(l2.DataUsed!))
        {
            foreach (var code in new[] { "lycee", "school_bus", "2BAC", "none" })
            {
                Assert.DoesNotContain(code, f.Sentence, StringComparison.Ordinal);
                Assert.DoesNotContain(code, f.ValueText!, StringComparison.Ordinal);
            }
            Assert.Equal(Pupil[f.Feature], f.Value); // the raw value stays for the API
        }
        Assert.DoesNotContain("3.094", l1.TopFactors[0].Sentence, StringComparison.Ordinal);
        Assert.DoesNotContain("3,094", l1.TopFactors[0].Sentence, StringComparison.Ordinal);
        var exact = lang == "en" ? "-3.094" : "-3,094";
        Assert.Contains(exact, l2.DataUsed!.Single(f => f.Feature == "ses_index").ValueText!, StringComparison.Ordinal); // level 2: words and value
    }

    [Theory]
    [InlineData("fr", "12,4 km", "14 jours d'absence", "23,33 % des jours de classe", "8,75 sur 20", "1 redoublement", "sans scolarité", "lycée")]
    [InlineData("ar", "12,4 كلم", "أيام الغياب: 14", "23,33 % من أيام الدراسة", "8,75 على 20", "عدد مرات التكرار: 1", "بدون تمدرس", "التعليم الثانوي التأهيلي")]
    [InlineData("en", "12.4 km", "14 days of absence", "23.33 % of school days", "8.75 out of 20", "1 repeated year", "no schooling", "upper secondary school")]
    public void Each_input_is_said_with_its_unit_or_its_label(string lang, string distance, string days, string rate, string average, string repetitions,
        string mother, string cycle)
    {
        var used = NoticeBuilder.Build("L2", lang, Decision(Pupil), DropoutAlgorithm.Descriptor, null, null, "flagged", [], "/x").DataUsed!
            .ToDictionary(f => f.Feature, f => f.ValueText);
        Assert.Equal(distance, used["distance_km"]);
        Assert.Equal(days, used["absence_days"]);
        Assert.Equal(rate, used["absence_rate"]);
        Assert.Equal(average, used["grade_average"]);
        Assert.Equal(repetitions, used["repetitions"]);
        Assert.Equal(mother, used["mother_education"]);
        Assert.Equal(cycle, used["cycle"]);
    }

    [Fact]
    public void The_socio_economic_bands_are_one_standard_deviation_wide_and_documented()
    {
        var bands = Assert.IsType<BandWords>(DropoutAlgorithm.Descriptor.FeatureValues["ses_index"]);
        Assert.Equal([-1.0, 0.0, 1.0], bands.CutPoints);
        Assert.Equal(["very low", "low", "middle", "high"], bands.Labels.Select(l => l.En));
        foreach (var lang in new[] { "fr", "ar", "en" }) Assert.Contains("−1", bands.Basis.In(lang), StringComparison.Ordinal);
        // the cut points mean what the basis says on the synthetic population: about 16 / 35 / 35 / 15 %
        var ses = SchoolPopulationGenerator.Generate(new SynthOptions { Seed = 20250701, PupilCount = 20000 }).Pupils.Select(p => p.SesIndex).ToList();
        double Share(Func<double, bool> p) => ses.Count(p) / (double)ses.Count;
        Assert.InRange(Share(v => v < -1), 0.12, 0.22);
        Assert.InRange(Share(v => v is >= -1 and < 0), 0.28, 0.42);
        Assert.InRange(Share(v => v is >= 0 and < 1), 0.28, 0.42);
        Assert.InRange(Share(v => v >= 1), 0.10, 0.20);
    }
}
