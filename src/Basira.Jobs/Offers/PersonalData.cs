using System.Text.RegularExpressions;

namespace Basira.Jobs.Offers;

/// <summary>
/// Removes contact details from offer text before it is stored or shown: e-mail addresses (also written "name [at]
/// domain [dot] com") and phone numbers (Moroccan 0X XX XX XX XX, +212 / 00212, and other international numbers).
/// </summary>
public static partial class PersonalData
{
    /// <summary>What replaces an e-mail address.</summary>
    public const string EmailMark = "[e-mail retiré]";

    /// <summary>What replaces a phone number.</summary>
    public const string PhoneMark = "[téléphone retiré]";

    /// <summary>The text without e-mail addresses and phone numbers; <paramref name="removed"/> counts them.</summary>
    public static string Redact(string? text, out int removed)
    {
        removed = 0;
        if (string.IsNullOrEmpty(text)) return text ?? "";
        var n = 0;
        var t = Email().Replace(text, _ => { n++; return EmailMark; });
        t = ObfuscatedEmail().Replace(t, _ => { n++; return EmailMark; });
        t = InternationalPhone().Replace(t, _ => { n++; return PhoneMark; });
        t = MoroccanPhone().Replace(t, _ => { n++; return PhoneMark; });
        removed = n;
        return t;
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+\s*[\[\(]\s*(?:at|arobase)\s*[\]\)]\s*[A-Za-z0-9.\-]+\s*(?:[\[\(]\s*(?:dot|point)\s*[\]\)]\s*[A-Za-z]{2,}|\.[A-Za-z]{2,})",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ObfuscatedEmail();

    // "+212 6 12 34 56 78", "00212-612345678", "+33 (0)1 23 45 67 89": a country code, then 8 to 12 digits.
    [GeneratedRegex(@"(?<![\w+])(?:\+|00)\d{1,3}(?:[\s.\-]?\(0\))?(?:[\s.\-]?\d){8,12}(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex InternationalPhone();

    // "06 12 34 56 78", "0522-123456", "07.12.34.56.78": ten digits starting 05 to 08 (Moroccan fixed and mobile numbers).
    [GeneratedRegex(@"(?<![\w+])0[5-8](?:[\s.\-]?\d){8}(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex MoroccanPhone();
}
