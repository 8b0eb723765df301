using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;
using Basira.Governance.Decisions;
using Basira.Governance.Models;
using Basira.Governance.Notices;

namespace Basira.Governance.Tests.Kernel;

/// <summary>The notice's fixed texts live in NoticeTexts.resx (French), NoticeTexts.ar.resx and NoticeTexts.en.resx.</summary>
public sealed class NoticeTextsTests
{
    private static Dictionary<string, string> Texts(CultureInfo culture)
    {
        var set = NoticeTexts.Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false);
        Assert.NotNull(set);
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal);
    }

    private static readonly Dictionary<string, string> Fr = Texts(CultureInfo.InvariantCulture);
    private static readonly Dictionary<string, string> Ar = Texts(CultureInfo.GetCultureInfo("ar"));
    private static readonly Dictionary<string, string> En = Texts(CultureInfo.GetCultureInfo("en"));

    private static IEnumerable<string> Placeholders(string s) =>
        Regex.Matches(s, @"\{(\d+)(:[^}]*)?\}").Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal);

    [Fact]
    public void Every_key_exists_in_the_three_files_with_the_same_placeholders()
    {
        Assert.True(Fr.Count >= 35, $"{Fr.Count} French texts");
        Assert.Equal(Fr.Keys.Order(StringComparer.Ordinal), Ar.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Fr.Keys.Order(StringComparer.Ordinal), En.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, fr) in Fr)
        {
            Assert.False(string.IsNullOrWhiteSpace(fr), key);
            Assert.False(string.IsNullOrWhiteSpace(En[key]), key);
            Assert.False(string.IsNullOrWhiteSpace(Ar[key]), key);
            Assert.True(Placeholders(fr).SequenceEqual(Placeholders(Ar[key])), $"{key}: placeholders differ between fr and ar");
            Assert.True(Placeholders(fr).SequenceEqual(Placeholders(En[key])), $"{key}: placeholders differ between fr and en");
        }
    }

    [Fact]
    public void Arabic_texts_are_in_arabic_script_and_the_others_are_not_copies_of_french()
    {
        foreach (var (key, ar) in Ar)
        {
            var words = Regex.Replace(ar, @"\{[^}]*\}", "");
            if (!words.Any(char.IsLetter)) continue; // punctuation only, e.g. "—"
            Assert.True(FeatureValueWordsCheck.HasArabicScript(words), $"{key}: {ar}");
        }
        var sentences = Fr.Where(kv => kv.Value.Count(char.IsLetter) > 12).Select(kv => kv.Key).ToList();
        Assert.NotEmpty(sentences);
        Assert.All(sentences, k => Assert.NotEqual(Fr[k], En[k]));
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
