using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Basira.Governance.Decisions;
using Basira.Governance.Models;
using Basira.Governance.Notices;
using Basira.Governance.Register;

namespace Basira.Governance.Tests.Kernel;

/// <summary>The notice's and the register's fixed texts live in resource files: X.resx (French, the default), X.ar.resx and X.en.resx.</summary>
public sealed class NoticeTextsTests
{
    private static Dictionary<string, string> Texts(ResourceManager resources, CultureInfo culture)
    {
        var set = resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false);
        Assert.NotNull(set);
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal);
    }

    /// <summary>The kernel's resource files: the notice's texts and the register's.</summary>
    public static TheoryData<string> Files => new() { nameof(NoticeTexts), nameof(RegisterTexts) };

    private static (Dictionary<string, string> Fr, Dictionary<string, string> Ar, Dictionary<string, string> En) Load(string file)
    {
        var rm = file == nameof(NoticeTexts) ? NoticeTexts.Resources : RegisterTexts.Resources;
        return (Texts(rm, CultureInfo.InvariantCulture), Texts(rm, CultureInfo.GetCultureInfo("ar")), Texts(rm, CultureInfo.GetCultureInfo("en")));
    }

    private static IEnumerable<string> Placeholders(string s) =>
        Regex.Matches(s, @"\{(\d+)(:[^}]*)?\}").Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_key_exists_in_the_three_files_with_the_same_placeholders(string file)
    {
        var (fr, ar, en) = Load(file);
        Assert.True(fr.Count >= 9, $"{fr.Count} French texts in {file}");
        Assert.Equal(fr.Keys.Order(StringComparer.Ordinal), ar.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(fr.Keys.Order(StringComparer.Ordinal), en.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, text) in fr)
        {
            Assert.False(string.IsNullOrWhiteSpace(text), key);
            Assert.False(string.IsNullOrWhiteSpace(en[key]), key);
            Assert.False(string.IsNullOrWhiteSpace(ar[key]), key);
            Assert.True(Placeholders(text).SequenceEqual(Placeholders(ar[key])), $"{file}.{key}: placeholders differ between fr and ar");
            Assert.True(Placeholders(text).SequenceEqual(Placeholders(en[key])), $"{file}.{key}: placeholders differ between fr and en");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Arabic_texts_are_in_arabic_script_and_the_others_are_not_copies_of_french(string file)
    {
        var (fr, ar, en) = Load(file);
        foreach (var (key, text) in ar)
        {
            var words = Regex.Replace(text, @"\{[^}]*\}", "");
            if (!words.Any(char.IsLetter)) continue; // punctuation only, e.g. "—"
            Assert.True(FeatureValueWordsCheck.HasArabicScript(words), $"{file}.{key}: {text}");
        }
        var sentences = fr.Where(kv => kv.Value.Count(char.IsLetter) > 12).Select(kv => kv.Key).ToList();
        Assert.NotEmpty(sentences);
        Assert.All(sentences, k => Assert.NotEqual(fr[k], en[k]));
    }

    [Fact]
    public void The_builder_reads_every_text_it_uses_from_the_files()
    {
        // a key missing from every file comes back as the key itself, which would show in a notice
        foreach (var key in new[] { "mention", "rights", "raises", "lowers", "neutral", "missing", "mode", "counterfactual", "authority", "value_with_exact",
            "state_" + "under_human_review", "fairness_status_pass", AutomationLevels.ModelRecommendsHumanDecides })
            foreach (var lang in NoticeTexts.Languages)
                Assert.NotEqual(key, NoticeBuilder.T(lang, key));
        Assert.Equal("no_such_key", NoticeBuilder.T("ar", "no_such_key"));
    }

    [Theory]
    [InlineData("ar", "en-GB", "يرفع")]
    [InlineData("fr", "ar-MA", "augmente")]
    [InlineData("en", "fr-FR", "raises")]
    public void A_notice_is_built_in_its_own_language_whatever_the_thread_culture(string lang, string threadCulture, string word)
    {
        var (ui, current) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(threadCulture);
            var n = NoticeBuilder.Build("L2", lang, NoticeValueWordsTests.Decision(), NoticeValueWordsTests.Descriptor, null, null, "flagged", [], "/x");
            Assert.Contains(word, n.TopFactors[0].Sentence);
            Assert.Equal(NoticeBuilder.T(lang, "rights"), n.Rights);
            Assert.Equal(lang == "ar", FeatureValueWordsCheck.HasArabicScript(n.Rights + n.StatusNow + n.Uncertainty + n.WithheldItems![0]));
            Assert.Contains("0.620", n.Uncertainty); // numbers keep the invariant form they had
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, current);
        }
    }
}
