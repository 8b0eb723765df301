using System.Globalization;
using System.Resources;

namespace Basira.Governance.Notices;

/// <summary>
/// The notice's fixed texts, in <c>NoticeTexts.resx</c> (French, the default), <c>NoticeTexts.ar.resx</c> and
/// <c>NoticeTexts.en.resx</c>. They are always read with the notice's own culture, never the thread's: a notice in
/// Arabic is built in Arabic whatever the request or the server runs in.
/// </summary>
public sealed class NoticeTexts
{
    private NoticeTexts() { }

    /// <summary>The resource manager over the three files.</summary>
    public static ResourceManager Resources { get; } = new(typeof(NoticeTexts));

    /// <summary>The languages a notice is written in; the first is the default (the neutral resources).</summary>
    public static IReadOnlyList<string> Languages { get; } = ["fr", "ar", "en"];

    /// <summary>The culture a notice language is read with.</summary>
    public static CultureInfo Culture(string lang) => CultureInfo.GetCultureInfo(lang switch { "ar" => "ar", "en" => "en", _ => "fr" });

    /// <summary>The text of <paramref name="key"/> in <paramref name="lang"/> (French when that file lacks it), or the key itself when no file has it.</summary>
    public static string Get(string lang, string key) => Resources.GetString(key, Culture(lang)) ?? key;
}
