using Basira.Education.EarlyWarning;
using Basira.Governance.Decisions;
using Basira.Governance.Notices;

namespace Basira.Education.Tests;

/// <summary>TRANSPARENCY.md §1a: the dropout notice says everything in the language asked, the algorithm's own texts included.</summary>
public sealed class DropoutNoticeLanguageTests
{
    private static DecisionRecord Decision()
    {
        var features = DropoutAlgorithm.Descriptor.FeatureLabels.Keys.ToList();
        var d = new DecisionRecord("DEC-1", "P-1", "education", DropoutAlgorithm.Id, "m1", "v1", new string('a', 64),
            [.. features.Select(f => new DecisionInput(f, "1", "register", "2026-10-31"))], 0.5, -1, 0.62, 0.3, "flagged", 1,
            AutomationLevels.ModelRecommendsHumanDecides, "school_staff:S1", new DecisionScope("R", "P", "S1"),
            new Dictionary<string, string> { ["sex"] = "F" }, [.. features.Select((f, i) => new Contribution(f, i == 0 ? 1.5 : 0))],
            DateTimeOffset.Parse("2026-11-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        d.Validate();
        return d;
    }

    private static bool HasArabic(string s) => s.Any(c => c is >= '\u0600' and <= '\u06FF');

    private static bool HasLatinWord(string s) => System.Text.RegularExpressions.Regex.IsMatch(s, "[A-Za-z]{4,}");

    [Fact]
    public void The_arabic_notice_has_no_french_or_english_sentence_in_fields_2_8_and_10()
    {
        var n = NoticeBuilder.Build("L2", "ar", Decision(), DropoutAlgorithm.Descriptor, null, null, "flagged", [], "/x");
        Assert.True(HasArabic(n.IssuingAuthority) && !HasLatinWord(n.IssuingAuthority.Replace("Basira", "")), n.IssuingAuthority);
        Assert.Equal(7, n.Operations!.Count);
        // technical names (TreeSHAP, LightGBM, HMAC, Massar) may stay in Latin script; the sentences may not
        Assert.All(n.Operations!, o => Assert.True(HasArabic(o), o));
        Assert.All(n.DataUsed!, f => Assert.True(HasArabic(f.Source), f.Source));
        Assert.All(n.DataUsed!, f => Assert.Equal("2026-10-31", f.AsOf));
    }

    [Theory]
    [InlineData("fr", "Ministère", "Import du tableau", "registre")]
    [InlineData("en", "Ministry", "Import of the pupil table", "register")]
    public void French_and_english_notices_use_their_own_texts(string lang, string authority, string firstOperation, string source)
    {
        var n = NoticeBuilder.Build("L2", lang, Decision(), DropoutAlgorithm.Descriptor, null, null, "flagged", [], "/x");
        Assert.StartsWith(authority, n.IssuingAuthority);
        Assert.Contains(firstOperation, n.Operations![0]);
        Assert.Contains(source, n.DataUsed!.Single(f => f.Feature == "absence_days").Source);
    }
}
