using Basira.Governance.Decisions;
using Basira.Governance.Models;
using Basira.Governance.Notices;
using Basira.Governance.Privacy;

namespace Basira.Governance.Tests.Kernel;

public sealed class NoticeAndPrivacyTests
{
    private static readonly AlgorithmDescriptor Descriptor = TestDescriptor.Create();

    private static DecisionRecord Decision()
    {
        var k = new Kernel(Basira.Governance.Storage.BasiraDatabase.Open("Data Source=:memory:", Path.GetTempPath()));
        return k.NewDecision();
    }

    [Theory]
    [InlineData("fr", "ltr", "augmente")]
    [InlineData("ar", "rtl", "يرفع")]
    [InlineData("en", "ltr", "raises")]
    public void Notice_speaks_the_language_and_direction_asked(string lang, string dir, string word)
    {
        var n = NoticeBuilder.Build("L1", lang, Decision(), Descriptor, null, null, "flagged", [], "/x");
        Assert.Equal(dir, n.Direction);
        Assert.Equal(NoticeBuilder.TopK, n.TopFactors.Count);
        Assert.Contains(word, n.TopFactors[0].Sentence);
        Assert.Null(n.ParametersApplied); // L2 items are not in an L1 notice
    }

    [Theory]
    [InlineData("fr", "Absences (0 au lieu de 1)", "0,210", "au mieux 0,350")]
    [InlineData("en", "Absences (0 instead of 1)", "0.210", "at best 0.350")]
    [InlineData("ar", "الغياب (0 بدل 1)", "0.210", "0.350")]
    public void Counterfactual_is_an_L2_sentence_with_its_check(string lang, string change, string probability, string none)
    {
        var d = Decision() with { Counterfactual = new Counterfactual([new CounterfactualChange("absence_days", "1", "0")], 0.21, 0.3, 1) };
        d.Validate();
        Assert.Null(NoticeBuilder.Build("L1", lang, d, Descriptor, null, null, "flagged", [], "/x").Counterfactual);
        var text = NoticeBuilder.Build("L2", lang, d, Descriptor, null, null, "flagged", [], "/x").Counterfactual!;
        Assert.Contains(change, text);
        Assert.Contains(probability.Replace(',', '.'), text);
        var noFlip = d with { Counterfactual = new Counterfactual([], 0.35, 0.3, 0) };
        noFlip.Validate();
        Assert.Contains(none.Replace(',', '.'), NoticeBuilder.Build("L2", lang, noFlip, Descriptor, null, null, "flagged", [], "/x").Counterfactual!);
        Assert.Null(NoticeBuilder.Build("L2", lang, Decision(), Descriptor, null, null, "flagged", [], "/x").Counterfactual);
    }

    [Theory]
    [InlineData("sex", 0.21, "protected attribute")]
    [InlineData("shoe_size", 0.21, "only inputs")]
    [InlineData("absence_days", 0.45, "other side")]
    public void A_counterfactual_never_changes_a_protected_attribute_and_must_flip(string feature, double probability, string message)
    {
        var d = Decision() with { Counterfactual = new Counterfactual([new CounterfactualChange(feature, "1", "0")], probability, 0.3, 1) };
        Assert.Contains(message, Assert.Throws<InvalidOperationException>(d.Validate).Message);
    }

    [Fact]
    public void Top_factors_are_the_largest_contributions_in_absolute_value()
    {
        var n = NoticeBuilder.Build("L1", "fr", Decision(), Descriptor, null, null, "flagged", [], "/x");
        Assert.Equal(["absence_days", "grade_average", "distance_km"], n.TopFactors.Select(f => f.Feature));
        Assert.StartsWith("Absences (1) augmente", n.TopFactors[0].Sentence);
        Assert.Contains("diminue", n.TopFactors[2].Sentence);
    }

    [Fact]
    public void L2_notice_lists_exactly_the_data_used_and_is_additive()
    {
        var d = Decision();
        var n = NoticeBuilder.Build("L2", "en", d, Descriptor, null, null, "flagged", [], "/x");
        Assert.Equal(d.Inputs.Select(i => i.Feature).Order(), n.DataUsed!.Select(f => f.Feature).Order());
        Assert.Equal(n.ParametersApplied!.RawScore - n.ParametersApplied.Baseline, n.ParametersApplied.SumOfContributions, 9);
        Assert.Equal(d.CreatedAt.AddDays(60), n.ObjectionDeadline);
        Assert.Equal(AutomationLevels.ModelRecommendsHumanDecides, n.DegreeOfAutomation);
        Assert.NotEmpty(n.Operations!);
        Assert.Contains("No fairness audit", n.FairnessStatement);
    }

    [Theory]
    [InlineData("fr", "organisme — direction", "1. étape", "registre")]
    [InlineData("ar", "الهيئة — المديرية", "1. خطوة", "السجل")]
    [InlineData("en", "body — directorate", "1. step", "register")]
    public void Authority_operations_and_sources_are_in_the_notice_language_with_the_date_of_each_value(string lang, string authority, string operation, string source)
    {
        var d = Decision();
        d = d with { Inputs = [.. d.Inputs.Select(i => i.Feature == "absence_days" ? i with { AsOf = "2026-10-31" } : i)] };
        var n = NoticeBuilder.Build("L2", lang, d, Descriptor, null, null, "flagged", [], "/x");
        Assert.Equal(authority, n.IssuingAuthority);
        Assert.Equal([operation], n.Operations!);
        var absences = n.DataUsed!.Single(f => f.Feature == "absence_days");
        Assert.Equal(source, absences.Source);
        Assert.Equal("2026-10-31", absences.AsOf);
        Assert.All(n.DataUsed!.Where(f => f.Feature != "absence_days"), f => Assert.Null(f.AsOf)); // not recorded: shown as unknown, never invented
    }

    [Fact]
    public void Outcome_after_review_is_shown()
    {
        var n = NoticeBuilder.Build("L1", "fr", Decision(), Descriptor, null, null, "not_flagged", [], "/x");
        Assert.Contains("après réexamen humain", n.DecisionOutcome);
    }

    [Fact]
    public void Pseudonyms_are_stable_keyed_and_domain_separated()
    {
        var key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var p = new Pseudonymiser(key);
        var a = p.Pseudonymise("education.pupil", "SYN-000123");
        Assert.Equal(a, p.Pseudonymise("education.pupil", " SYN-000123 "));
        Assert.Matches("^P-[A-Z0-9]{20}$", a);
        Assert.NotEqual(a, p.Pseudonymise("jobs.seeker", "SYN-000123"));
        Assert.NotEqual(a, new Pseudonymiser(key.Select(b => (byte)(b ^ 1)).ToArray()).Pseudonymise("education.pupil", "SYN-000123"));
        Assert.DoesNotContain("000123", a);
        Assert.Throws<ArgumentException>(() => new Pseudonymiser(new byte[16]));
    }

    [Fact]
    public void Pseudonym_key_file_is_generated_once_and_reused()
    {
        var dir = Directory.CreateTempSubdirectory("basira-key-").FullName;
        try
        {
            var a = Pseudonymiser.FromConfiguredKeyOrFile(null, dir).Pseudonymise("d", "x");
            var b = Pseudonymiser.FromConfiguredKeyOrFile(null, dir).Pseudonymise("d", "x");
            Assert.Equal(a, b);
            Assert.True(File.Exists(Path.Combine(dir, "keys", "pseudonym.key")));
        }
        finally { Directory.Delete(dir, true); }
    }
}

internal static class TestDescriptor
{
    public static AlgorithmDescriptor Create()
    {
        LocalizedText L(string s) => new(s, s, s);
        return new AlgorithmDescriptor
        {
            Algorithm = "edu.test", Domain = "education", Name = L("Test"), DescriptionShort = L("d"), Purpose = L("p"),
            DecisionOutcomePositive = L("proposed"), DecisionOutcomeNegative = L("not proposed"), LegalEffect = L("none"),
            Organization = new("organisme", "الهيئة", "body"), Department = new("direction", "المديرية", "directorate"), Contact = "c", DpoContact = "dpo", RiskCategory = "high_risk", RiskJustification = L("r"),
            Goal = L("g"), Impact = L("i"), DecisionMakingProcess = L("d"), Proportionality = L("p"), AlternativesConsidered = L("a"), LawfulBasis = L("l"),
            CndpReference = L("c"), SourceData = L("s"), DataBias = L("b"), PersonalData = L("p"), HumanIntervention = L("h"), Rollback = L("r"), Risks = L("r"),
            ImpactAssessments = L("i"), Monitoring = L("m"), IntendedUse = L("u"), OutOfScopeUses = L("o"), EthicalConsiderations = L("e"), Caveats = L("c"),
            AutomationLevel = AutomationLevels.ModelRecommendsHumanDecides, SelectionMeaning = L("benefit"), ProtectedAttributes = ["sex"],
            Operations = [new("1. étape", "1. خطوة", "1. step")],
            FeatureLabels = new Dictionary<string, LocalizedText> { ["absence_days"] = new("Absences", "الغياب", "Absences") },
            FeatureSources = new Dictionary<string, LocalizedText> { ["absence_days"] = new("registre", "السجل", "register") },
        };
    }
}
