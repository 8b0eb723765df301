using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace Basira.Jobs.Matching;

/// <summary>One préfecture or province: its code (ISO 3166-2:MA style, e.g. MA-CAS), its region (MA-06) and its centroid.</summary>
public sealed record Place(string Province, string Region, double Latitude, double Longitude);

/// <summary>
/// The geography the matching reads as data: the 75 préfectures/provinces with their region and centroid, and a
/// gazetteer of the city names offers are written with (French, Arabic, English, common spellings). Distances are
/// great-circle distances between province centroids (0 inside a province). The built-in tables are
/// <c>Matching/Tables/provinces.csv</c> and <c>cities.csv</c> (ODbL, see Tables/SOURCE.md); a host may pass its own.
/// </summary>
public sealed class MarketGeography
{
    private readonly FrozenDictionary<string, int> _byCode;
    private readonly FrozenDictionary<string, string> _cities;
    private readonly double[,] _km;

    public MarketGeography(IReadOnlyList<Place> places, IReadOnlyDictionary<string, string> cities)
    {
        Places = places;
        _byCode = places.Select((p, i) => (p.Province, i)).ToFrozenDictionary(x => x.Province, x => x.i, StringComparer.Ordinal);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, province) in cities)
        {
            // Spellings that normalise alike (Mohammedia, Mohammédia) must name the same province.
            var key = NormalizeName(name);
            if (names.TryGetValue(key, out var other) && other != province)
                throw new ArgumentException($"place name '{name}' is given for {other} and {province}");
            names[key] = province;
        }
        _cities = names.ToFrozenDictionary(StringComparer.Ordinal);
        Regions = [.. places.Select(p => p.Region).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        _km = new double[places.Count, places.Count];
        for (var a = 0; a < places.Count; a++)
            for (var b = 0; b < places.Count; b++)
                _km[a, b] = a == b ? 0 : Haversine(places[a], places[b]);
    }

    public IReadOnlyList<Place> Places { get; }
    public IReadOnlyList<string> Regions { get; }

    /// <summary>Index of a province code (exact, e.g. "MA-CAS"), or null.</summary>
    public int? ProvinceIndex(string? code) => code is not null && _byCode.TryGetValue(code.Trim().ToUpperInvariant(), out var i) ? i : null;

    public string RegionOf(int province) => Places[province].Region;

    /// <summary>Road-free distance in km between two provinces (centroid to centroid; 0 within one province).</summary>
    public double Km(int a, int b) => _km[a, b];

    /// <summary>
    /// The province of a place name as written in an offer ("Casablanca ", "Fès", "الدار البيضاء", "Rabat, Rabat-Salé-Kénitra,
    /// Morocco"): the gazetteer is searched with accents, case, hyphens and Arabic letter variants ignored, then with the
    /// first comma-separated part. Null when unknown.
    /// </summary>
    public string? ResolveCity(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        if (ProvinceIndex(name) is { } p) return Places[p].Province;
        if (_cities.TryGetValue(NormalizeName(name), out var code)) return code;
        var first = name.Split(',', 2)[0];
        return first != name && _cities.TryGetValue(NormalizeName(first), out code) ? code : null;
    }

    /// <summary>True for the ways offers say "anywhere / remote" ("Tout le Maroc / A distance", "Remote", "Télétravail", "عن بعد").</summary>
    public static bool IsRemote(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return false;
        var n = NormalizeName(name);
        return n.Contains("distance", StringComparison.Ordinal) || n.Contains("remote", StringComparison.Ordinal)
            || n.Contains("teletravail", StringComparison.Ordinal) || n.Contains("tout le maroc", StringComparison.Ordinal)
            || n.Contains("عن بعد", StringComparison.Ordinal);
    }

    /// <summary>Lower case, no accents, no Arabic short vowels or tatweel, alef variants unified, punctuation as single spaces.</summary>
    public static string NormalizeName(string s)
    {
        var d = s.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var b = new StringBuilder(d.Length);
        var space = false;
        foreach (var ch in d)
        {
            var cat = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (cat == UnicodeCategory.NonSpacingMark || ch == '\u0640') continue;
            var c = ch switch { 'أ' or 'إ' or 'آ' => 'ا', 'ى' => 'ي', _ => ch };
            if (char.IsLetterOrDigit(c)) { b.Append(c); space = false; }
            else if (!space && b.Length > 0) { b.Append(' '); space = true; }
        }
        return b.ToString().TrimEnd().Normalize(NormalizationForm.FormC);
    }

    private static double Haversine(Place a, Place b)
    {
        const double R = 6371;
        double Rad(double d) => d * Math.PI / 180;
        var dLat = Rad(b.Latitude - a.Latitude);
        var dLon = Rad(b.Longitude - a.Longitude);
        var h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(Rad(a.Latitude)) * Math.Cos(Rad(b.Latitude)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * R * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    private static MarketGeography? _builtIn;

    /// <summary>The built-in tables (Tables/provinces.csv and Tables/cities.csv, embedded).</summary>
    public static MarketGeography BuiltIn => _builtIn ??= Load();

    private static MarketGeography Load()
    {
        var places = EmbeddedLines("provinces.csv").Skip(1).Select(l => l.Split(','))
            .Select(f => new Place(f[0], f[1], double.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture))).ToList();
        var cities = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in EmbeddedLines("cities.csv").Skip(1).Select(l => l.Split(',')))
            cities[f[0]] = f[1];
        return new MarketGeography(places, cities);
    }

    internal static IEnumerable<string> EmbeddedLines(string name)
    {
        using var s = EmbeddedData(name);
        using var r = new StreamReader(s, Encoding.UTF8);
        while (r.ReadLine() is { } line)
            if (line.Length > 0) yield return line;
    }

    internal static Stream EmbeddedData(string name) =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream("Basira.Jobs.Matching.Tables." + name)
        ?? throw new InvalidOperationException($"embedded data {name} is missing");
}
