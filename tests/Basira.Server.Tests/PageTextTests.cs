using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Basira.Server.Components;

namespace Basira.Server.Tests;

/// <summary>The pages' texts: every key in French (default), Arabic and English, the Arabic ones in Arabic script.</summary>
public sealed partial class PageTextTests
{
    /// <summary>Keys whose value is the same in every language on purpose: the language switch names each language in itself.</summary>
    private static readonly HashSet<string> Endonyms = ["endonym_fr", "endonym_en"];

    private static Dictionary<string, string> Texts(CultureInfo culture)
    {
        var rm = new ResourceManager("Basira.Server.Components.SharedResource", typeof(SharedResource).Assembly);
        var set = rm.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"no resources for '{culture.Name}'");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\p{IsArabic}")]
    private static partial Regex ArabicScript();

    [Fact]
    public void Every_key_exists_in_the_three_cultures_and_none_is_empty()
    {
        var fr = Texts(CultureInfo.InvariantCulture);
        var ar = Texts(new CultureInfo("ar"));
        var en = Texts(new CultureInfo("en"));
        Assert.True(fr.Count > 200, $"only {fr.Count} French texts");
        Assert.Empty(fr.Keys.Except(ar.Keys));
        Assert.Empty(fr.Keys.Except(en.Keys));
        Assert.Empty(ar.Keys.Except(fr.Keys));
        Assert.Empty(en.Keys.Except(fr.Keys));
        Assert.DoesNotContain(fr.Concat(ar).Concat(en), kv => string.IsNullOrWhiteSpace(kv.Value));
    }

    [Fact]
    public void No_key_is_written_twice_in_a_resource_file()
    {
        // The build only warns about a duplicate and keeps the first value: a later text with the same key (two branches
        // choosing the same name) would silently never show.
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Basira.slnx"))) dir = dir.Parent;
        Assert.NotNull(dir);
        foreach (var f in new[] { "SharedResource.resx", "SharedResource.ar.resx", "SharedResource.en.resx" })
        {
            var names = System.Xml.Linq.XDocument.Load(Path.Combine(dir.FullName, "src", "Basira.Server", "Components", f)).Root!
                .Elements("data").Select(d => (string)d.Attribute("name")!);
            Assert.Empty(names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"{f}: {g.Key}"));
        }
    }

    [Fact]
    public void Arabic_texts_are_written_in_Arabic_script_and_differ_from_the_French()
    {
        var fr = Texts(CultureInfo.InvariantCulture);
        var ar = Texts(new CultureInfo("ar"));
        var notArabic = ar.Where(kv => !Endonyms.Contains(kv.Key) && !ArabicScript().IsMatch(kv.Value)).Select(kv => kv.Key).ToList();
        Assert.True(notArabic.Count == 0, "not in Arabic script: " + string.Join(", ", notArabic));
        Assert.Contains(ar, kv => kv.Key == "register" && kv.Value == "سجل الخوارزميات");
        Assert.Equal("Registre des algorithmes", fr["register"]);
    }

    [Fact]
    public void Format_texts_take_the_same_placeholders_in_every_culture()
    {
        var fr = Texts(CultureInfo.InvariantCulture);
        foreach (var culture in new[] { "ar", "en" })
            foreach (var (k, v) in Texts(new CultureInfo(culture)))
                Assert.True(Placeholders(fr[k]).SetEquals(Placeholders(v)), $"{culture}:{k} has other placeholders than French");
    }

    private static HashSet<string> Placeholders(string s) => [.. Regex.Matches(s, @"\{\d+\}").Select(m => m.Value)];
}
