using System.Globalization;
using System.Text.RegularExpressions;
using Basira.Jobs.Linking;

namespace Basira.Jobs.Offers;

/// <summary>How a salary was stated.</summary>
public enum SalaryKind
{
    /// <summary>No salary given.</summary>
    Missing,

    /// <summary>"3 000 - 4 000 DH".</summary>
    Range,

    /// <summary>"Plus de 10 000 DH".</summary>
    AtLeast,

    /// <summary>"Moins de 3 000 DH".</summary>
    AtMost,

    /// <summary>One amount: "5000 dh/mois".</summary>
    Amount,

    /// <summary>"A discuter", "selon profil", "négociable".</summary>
    Negotiable,

    /// <summary>"Commission", "à la commission".</summary>
    Commission,

    /// <summary>A text that gives no usable amount (or an implausible one): kept as written, not guessed.</summary>
    Unknown,
}

/// <summary>A salary read from an offer, as monthly amounts in dirhams where it can be told.</summary>
/// <param name="Text">As written.</param>
/// <param name="MinMonthlyMad">Lower monthly amount in MAD (null if none).</param>
/// <param name="MaxMonthlyMad">Upper monthly amount in MAD (null if none).</param>
/// <param name="Band">The band of <see cref="SalaryText.Bands"/> the salary falls in (its middle, or its bound), or null.</param>
/// <param name="Currency">Currency as read (MAD by default for an amount without one).</param>
/// <param name="Note">Why an amount was not used (other currency, implausible amount).</param>
public sealed record Salary(string Text, SalaryKind Kind, double? MinMonthlyMad, double? MaxMonthlyMad, string? Band, string? Currency, string? Note);

/// <summary>
/// Reads salary text ("3 000 - 4 000 DH", "Plus de 10 000 DH", "7k MAD/mois", "120 000 dh par an", "A discuter") into
/// monthly dirham amounts and a band. Yearly amounts are divided by 12, daily ones multiplied by 26 working days,
/// hourly ones by 191 hours (the 44-hour legal week of the private sector, Code du travail art. 184). Amounts in another
/// currency are kept without a band; a monthly amount below 500 or above 500,000 MAD is reported, not used.
/// </summary>
public static partial class SalaryText
{
    /// <summary>Band bounds in MAD per month (the bands of Moroccan job boards): &lt;2 000, 2 000–3 000, …, ≥30 000.</summary>
    public static readonly double[] Bounds = [2000, 3000, 4000, 6000, 8000, 10000, 20000, 30000];

    /// <summary>Band names, one more than <see cref="Bounds"/>.</summary>
    public static readonly string[] Bands =
        ["<2000", "2000-3000", "3000-4000", "4000-6000", "6000-8000", "8000-10000", "10000-20000", "20000-30000", "30000+"];

    private static readonly string[] NegotiableWords =
        ["a discuter", "a negocier", "negociable", "selon profil", "selon experience", "selon competences", "motivant", "attractif", "interessant", "to be discussed", "negotiable", "competitive"];

    /// <summary>Reads a salary cell, with the currency and interval of separate columns when the file has them.</summary>
    public static Salary Parse(string? text, string? currency = null, string? interval = null)
    {
        var raw = (text ?? "").Trim();
        var f = FrenchText.Fold(raw);
        if (f.Length == 0) return new Salary(raw, SalaryKind.Missing, null, null, null, null, null);
        if (f.Contains("commission", StringComparison.Ordinal) && !Number().IsMatch(raw))
            return new Salary(raw, SalaryKind.Commission, null, null, null, null, null);
        var amounts = Number().Matches(raw).Select(ToAmount).Where(a => a is not null).Select(a => a!.Value).ToList();
        if (amounts.Count == 0)
            return NegotiableWords.Any(w => f.Contains(w, StringComparison.Ordinal))
                ? new Salary(raw, SalaryKind.Negotiable, null, null, null, null, null)
                : new Salary(raw, SalaryKind.Unknown, null, null, null, null, "no amount");
        var cur = Currency(f + " " + FrenchText.Fold(currency ?? ""), raw + " " + (currency ?? ""));
        var factor = Factor(f + " " + FrenchText.Fold(interval ?? ""));
        var kind = amounts.Count >= 2 ? SalaryKind.Range
            : Regex.IsMatch(f, @"\b(plus de|a partir de|au moins|minimum|min|from|more than|des)\b") ? SalaryKind.AtLeast
            : Regex.IsMatch(f, @"\b(moins de|jusqu a|maximum|max|up to|less than)\b") ? SalaryKind.AtMost
            : SalaryKind.Amount;
        double? lo = kind is SalaryKind.AtMost ? null : amounts.Min() * factor;
        double? hi = kind is SalaryKind.AtLeast ? null : (kind is SalaryKind.Range ? amounts.Max() : amounts[0]) * factor;
        if (cur != "MAD")
            return new Salary(raw, kind, null, null, null, cur, $"amount in {cur}: no band in dirhams");
        var probe = lo ?? hi!.Value;
        if (probe < 500 || (hi ?? lo!.Value) > 500_000)
            return new Salary(raw, SalaryKind.Unknown, null, null, null, cur, $"implausible monthly amount {probe.ToString("0", CultureInfo.InvariantCulture)} MAD");
        var middle = kind switch
        {
            SalaryKind.Range => (lo!.Value + hi!.Value) / 2,
            SalaryKind.AtLeast => lo!.Value,
            _ => hi!.Value,
        };
        // "Plus de 10 000" is the band that starts at 10 000; "moins de 3 000" the band that ends at 3 000
        var band = kind == SalaryKind.AtMost ? BandOf(middle - 0.01) : BandOf(middle);
        return new Salary(raw, kind, lo is null ? null : Math.Round(lo.Value), hi is null ? null : Math.Round(hi.Value), band, cur, null);
    }

    /// <summary>The band of a monthly amount in MAD.</summary>
    public static string BandOf(double monthlyMad)
    {
        var i = 0;
        while (i < Bounds.Length && monthlyMad >= Bounds[i]) i++;
        return Bands[i];
    }

    private static string Currency(string folded, string raw)
    {
        if (raw.Contains('€', StringComparison.Ordinal) || Regex.IsMatch(folded, @"\b(eur|euro|euros)\b")) return "EUR";
        if (raw.Contains('$', StringComparison.Ordinal) || Regex.IsMatch(folded, @"\b(usd|dollar|dollars)\b")) return "USD";
        return "MAD";
    }

    private static double Factor(string folded)
    {
        if (Regex.IsMatch(folded, @"\b(an|ans|annee|annuel|annuelle|year|yearly|annual|brut annuel|k an)\b")) return 1.0 / 12;
        if (Regex.IsMatch(folded, @"\b(jour|journalier|day|daily)\b")) return 26;
        if (Regex.IsMatch(folded, @"\b(heure|horaire|hour|hourly)\b")) return 191;
        return 1;
    }

    private static double? ToAmount(Match m)
    {
        var digits = m.Groups["n"].Value.Replace(" ", "", StringComparison.Ordinal).Replace("\u00A0", "", StringComparison.Ordinal)
            .Replace("\u202F", "", StringComparison.Ordinal);
        // "3.000" and "3,000" are thousands separators when followed by three digits; "3,5k" is a decimal
        if (Regex.IsMatch(digits, @"^\d{1,3}([.,]\d{3})+$")) digits = digits.Replace(".", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
        else digits = digits.Replace(',', '.');
        if (!double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) return null;
        if (m.Groups["k"].Success) v *= 1000;
        return v;
    }

    // 3 000 | 3.000 | 3,000 | 3000 | 3,5k | 7 K — a thousands separator is a space (also no-break), a dot or a comma
    [GeneratedRegex(@"(?<![\d.,])(?<n>\d{1,3}(?:[ \u00A0\u202F.,]\d{3})+|\d+(?:[.,]\d+)?)\s*(?<k>[kK](?![a-zA-Z]))?")]
    private static partial Regex Number();
}
