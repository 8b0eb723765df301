using System.Reflection;
using System.Text.Json.Nodes;
using Basira.Education.EarlyWarning;
using Basira.Governance;
using Basira.Governance.Models;
using Basira.Governance.Register;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Education.Tests;

/// <summary>
/// TRANSPARENCY.md §1b: the dropout algorithm's register entry is written in the language asked. Every text of the
/// entry is checked, except the codes and the measured data listed below: a new field left in English fails.
/// </summary>
public sealed class DropoutRegisterLanguageTests : IDisposable
{
    /// <summary>Paths (array indices dropped) whose strings are codes, identifiers, dates or measured data, the same in every language.</summary>
    private static readonly HashSet<string> Exempt =
    [
        "standard_version", "lang", "publication_date",
        "entries.uuid", "entries.contact", "entries.category", "entries.status", "entries.begin_date", "entries.end_date",
        "entries.risk_category", "entries.degree_of_automation", "entries.model_version", "entries.model_hash", "entries.training_date",
        "entries.standard_version", "entries.lang", "entries.last_change_date", "entries.publiccode",
        "entries.non_discrimination.protected_attributes_examined", "entries.non_discrimination.latest_audit",
        "entries.methods_and_models.hyper_parameters", "entries.performance.metrics",
        "entries.model_card.factors", "entries.model_card.metrics", "entries.model_card.quantitative_analyses",
    ];

    /// <summary>Descriptor properties that are codes or addresses, not texts.</summary>
    private static readonly HashSet<string> CodeProperties = ["Algorithm", "Domain", "Contact", "DpoContact", "RiskCategory", "AutomationLevel"];

    private readonly string _dir = Directory.CreateTempSubdirectory("basira-edu-register-").FullName;
    private readonly ServiceProvider _sp;

    public DropoutRegisterLanguageTests()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Basira:DataDir"] = _dir,
            ["Basira:PseudonymKey"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
        }).Build();
        var s = new ServiceCollection();
        s.AddGovernanceModule(config);
        s.AddEducationModule(config);
        _sp = s.BuildServiceProvider();
    }

    public void Dispose()
    {
        _sp.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, true);
    }

    private static bool HasArabic(string s) => s.Any(c => c is >= '\u0600' and <= '\u06FF');

    /// <summary>Every string leaf of the document that is not exempt, keyed by its path with array positions.</summary>
    private static Dictionary<string, string> Texts(JsonNode? node, string path = "", string key = "")
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Exempt.Contains(key)) return found;
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o)
                    foreach (var kv in Texts(v, path.Length == 0 ? k : $"{path}.{k}", key.Length == 0 ? k : $"{key}.{k}")) found.Add(kv.Key, kv.Value);
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                    foreach (var kv in Texts(a[i], $"{path}[{i}]", key)) found.Add(kv.Key, kv.Value);
                break;
            case JsonValue v when v.TryGetValue<string>(out var s):
                found.Add(path, s);
                break;
        }
        return found;
    }

    /// <summary>The register with a model in use whose facts are built as training builds them.</summary>
    private JsonObject Register(string lang)
    {
        var models = _sp.GetRequiredService<ModelStore>();
        if (models.InUse(DropoutAlgorithm.Id) is null)
        {
            var facts = new ModelFacts
            {
                Learner = "", LearnerCode = DropoutAlgorithm.LearnerStacked, Trees = 400, LeavesPerTree = 15,
                Features = [.. DropoutAlgorithm.Descriptor.FeatureLabels.Keys], TrainingRows = 960, TrainingData = "",
                TrainingFile = "historic.csv", SplitSeed = 42, HoldoutRows = 240,
                Performance = new Dictionary<string, double?> { ["roc_auc"] = 0.8, ["holdout_rows"] = 240 }, PerformanceProtocol = "", Threshold = 0.3,
                HyperParameters = new Dictionary<string, string> { ["leaves"] = "15", ["calibration"] = "Isotonic" },
            };
            models.Register(DropoutAlgorithm.Id, "2026.10.01-abcdef12", new string('a', 64), "/m", DateTimeOffset.UnixEpoch, facts, "test");
        }
        return _sp.GetRequiredService<AlgorithmRegister>().Build(lang);
    }

    [Fact]
    public void Every_text_of_the_arabic_entry_is_in_arabic_and_the_french_one_is_not_the_english_one()
    {
        var ar = Texts(Register("ar"));
        var fr = Texts(Register("fr"));
        var en = Texts(Register("en"));
        Assert.True(ar.Count >= 35, $"only {ar.Count} texts found");
        Assert.Equal(en.Keys.Order(), ar.Keys.Order());
        Assert.Equal(en.Keys.Order(), fr.Keys.Order());
        Assert.All(ar, kv => Assert.True(HasArabic(kv.Value), $"{kv.Key}: {kv.Value}"));
        Assert.All(en, kv => Assert.True(kv.Value != fr[kv.Key], $"{kv.Key} is the same in French and English: {kv.Value}"));
        Assert.All(en, kv => Assert.False(HasArabic(kv.Value), $"{kv.Key}: {kv.Value}"));
        Assert.Contains("historic.csv", ar["entries[0].training_data"]);
        Assert.Contains("960", ar["entries[0].training_data"]);
        Assert.Contains("240", ar["entries[0].performance.protocol"]);
    }

    [Theory]
    [InlineData("fr", "L'indice socio-économique du foyer : ", "très bas en dessous de −1")]
    [InlineData("ar", "المؤشر السوسيو-اقتصادي للأسرة: ", "منخفض جدا دون −1")]
    [InlineData("en", "Household socio-economic index: ", "very low below −1")]
    public void The_register_publishes_the_cut_points_of_every_band_a_notice_uses(string lang, string start, string cut)
    {
        var bands = Register(lang)["entries"]![0]!["methods_and_models"]!["value_bands"]!.AsArray();
        var only = Assert.Single(bands)!.GetValue<string>();
        Assert.StartsWith(start, only, StringComparison.Ordinal);
        Assert.Contains(cut, only, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_exempt_field_is_there_so_the_list_does_not_hide_a_renamed_text()
    {
        var doc = Register("en");
        var entry = doc["entries"]![0]!.AsObject();
        foreach (var path in Exempt)
        {
            JsonNode? node = path.StartsWith("entries.", StringComparison.Ordinal) ? entry : doc;
            var keys = (path.StartsWith("entries.", StringComparison.Ordinal) ? path["entries.".Length..] : path).Split('.');
            for (var i = 0; i < keys.Length - 1; i++) node = node![keys[i]];
            Assert.True(node!.AsObject().ContainsKey(keys[^1]), path);
        }
    }

    [Fact]
    public void Every_text_property_of_the_descriptor_is_written_in_three_languages()
    {
        var d = DropoutAlgorithm.Descriptor;
        var texts = new List<(string Name, LocalizedText Text)>();
        foreach (var p in typeof(AlgorithmDescriptor).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var v = p.GetValue(d);
            switch (v)
            {
                case string: Assert.Contains(p.Name, CodeProperties); break;
                case LocalizedText t: texts.Add((p.Name, t)); break;
                case IEnumerable<LocalizedText> list: texts.AddRange(list.Select((t, i) => ($"{p.Name}[{i}]", t))); break;
                case IReadOnlyDictionary<string, LocalizedText> map: texts.AddRange(map.Select(kv => ($"{p.Name}[{kv.Key}]", kv.Value))); break;
                // how values are said: units may be the same in French and English ("{0} km"), so checked by the kernel's own rules
                case IReadOnlyDictionary<string, FeatureValueWords> words:
                    Assert.Equal(nameof(AlgorithmDescriptor.FeatureValues), p.Name);
                    Assert.Empty(FeatureValueWordsCheck.Problems(d, words.Keys.ToDictionary(k => k, _ => (IReadOnlyCollection<string>)[])));
                    Assert.All(words.Values.SelectMany(w => w.Texts()), t => Assert.True(!HasArabic(t.Text.Fr) && !HasArabic(t.Text.En), t.What));
                    break;
                case IEnumerable<string>: Assert.Equal(nameof(AlgorithmDescriptor.ProtectedAttributes), p.Name); break;
                case null: Assert.Fail($"{p.Name} is not set"); break;
                default: Assert.Fail($"{p.Name}: unexpected type {p.PropertyType}"); break;
            }
        }
        Assert.True(texts.Count > 40);
        Assert.All(texts, t => Assert.True(HasArabic(t.Text.Ar), $"{t.Name}: {t.Text.Ar}"));
        Assert.All(texts, t => Assert.True(t.Text.Fr != t.Text.En, $"{t.Name}: {t.Text.Fr}"));
        Assert.All(texts, t => Assert.True(!HasArabic(t.Text.Fr) && !HasArabic(t.Text.En), t.Name));
    }

    [Fact]
    public void The_model_card_templates_use_the_same_known_placeholders_in_every_language()
    {
        foreach (var t in new[] { DropoutAlgorithm.Descriptor.TrainingDataTemplate!, DropoutAlgorithm.Descriptor.PerformanceProtocolTemplate! })
        {
            var used = new[] { t.Fr, t.Ar, t.En }.Select(s => System.Text.RegularExpressions.Regex.Matches(s, "\\{[a-z_]+\\}").Select(m => m.Value).Order().ToList()).ToList();
            Assert.NotEmpty(used[0]);
            Assert.All(used, u => Assert.Equal(used[0], u));
            Assert.All(used[0], p => Assert.Contains(p, ModelFactTexts.Placeholders));
        }
    }

    [Fact]
    public void Legal_references_and_technical_names_are_kept_exact_in_every_language()
    {
        var d = DropoutAlgorithm.Descriptor;
        foreach (var lang in new[] { "fr", "ar", "en" })
        {
            Assert.Contains("09-08", d.LawfulBasis.In(lang));
            Assert.Contains("04-00", d.LawfulBasis.In(lang));
            Assert.Contains("CNDP", d.CndpReference.In(lang));
            Assert.Contains("III", d.RiskJustification.In(lang));
            Assert.Contains("HMAC", d.PersonalData.In(lang));
            Assert.All(d.Learners.Values, l => Assert.Contains("LightGBM", l.In(lang)));
        }
    }
}
