using System.Globalization;
using System.Resources;

namespace Basira.Governance.Register;

/// <summary>
/// The register's own fixed texts, the same for every entry, in <c>RegisterTexts.resx</c> (French, the default),
/// <c>RegisterTexts.ar.resx</c> and <c>RegisterTexts.en.resx</c>; read with the register's language, never the thread's.
/// </summary>
public sealed class RegisterTexts
{
    private RegisterTexts() { }

    /// <summary>The resource manager over the three files.</summary>
    public static ResourceManager Resources { get; } = new(typeof(RegisterTexts));

    /// <summary>The text of <paramref name="key"/> in <paramref name="lang"/> (fr, ar, en; French when the file lacks it), or the key itself.</summary>
    public static string Get(string lang, string key) =>
        Resources.GetString(key, Notices.NoticeTexts.Culture(lang)) ?? key;

    /// <summary>The text of <paramref name="key"/> with its placeholders filled.</summary>
    public static string Format(string lang, string key, params object[] args) =>
        string.Format(CultureInfo.InvariantCulture, Get(lang, key), args);
}
