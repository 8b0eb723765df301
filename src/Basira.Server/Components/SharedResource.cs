using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Basira.Server.Components;

/// <summary>
/// Marker type of the pages' texts: <c>SharedResource.resx</c> (French, the default), <c>.ar.resx</c> and
/// <c>.en.resx</c> beside it. Components read them through <c>IStringLocalizer&lt;SharedResource&gt;</c>.
/// </summary>
public sealed class SharedResource;

/// <summary>Helpers shared by the pages: the page's language and codes shown in words.</summary>
public static class PageText
{
    /// <summary>The page's language: fr (default), ar or en.</summary>
    public static string Lang => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName switch { "ar" => "ar", "en" => "en", _ => "fr" };

    /// <summary>The writing direction of the page's language.</summary>
    public static string Dir => Lang == "ar" ? "rtl" : "ltr";

    /// <summary>A code (role, scope kind, attribute, metric…) in the page's language; the code itself when it has no text.</summary>
    public static string Label(this IStringLocalizer l, string prefix, string? code)
    {
        if (code is null) return "";
        var s = l[prefix + code];
        return s.ResourceNotFound ? code : s.Value;
    }

    /// <summary>An outcome code (flagged, not_flagged, declined:…) in the page's language.</summary>
    public static string Outcome(this IStringLocalizer l, string outcome) =>
        outcome.StartsWith("declined:", StringComparison.Ordinal) ? l["out_declined"] : l.Label("out_", outcome);

    /// <summary>A count, always a whole number.</summary>
    public static string Count(double n) => Math.Round(n).ToString("0", CultureInfo.InvariantCulture);

    /// <summary>A rate or probability with three decimals.</summary>
    public static string Rate(double? r) => r is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "—";

    /// <summary>A date as yyyy-MM-dd.</summary>
    public static string Day(DateTimeOffset d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A time stamp as yyyy-MM-dd HH:mm UTC.</summary>
    public static string Stamp(DateTimeOffset d) => d.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}

