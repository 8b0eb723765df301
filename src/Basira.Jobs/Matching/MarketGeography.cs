using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace Basira.Jobs.Matching;

/// <summary>One préfecture or province: its code (ISO 3166-2:MA style, e.g. MA-CAS), its region (MA-06) and its centroid.</summary>
public sealed record ProvinceCentroid(string Province, string Region, double Latitude, double Longitude);

/// <summary>
/// The geography the matching reads as data: the 75 préfectures/provinces with their region and centroid. Distances are
/// great-circle distances between province centroids (0 inside a province). The built-in table is
/// <c>Matching/Tables/provinces.csv</c> (ODbL, see Tables/SOURCE.md); a host may pass its own. City names as written in
/// offers are read by the module's gazetteer (Offers/MoroccoPlaces).
/// </summary>
public sealed class MarketGeography
{
    private readonly FrozenDictionary<string, int> _byCode;
    private readonly double[,] _km;

    public MarketGeography(IReadOnlyList<ProvinceCentroid> places)
    {
        Places = places;
        _byCode = places.Select((p, i) => (p.Province, i)).ToFrozenDictionary(x => x.Province, x => x.i, StringComparer.Ordinal);
        Regions = [.. places.Select(p => p.Region).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        _km = new double[places.Count, places.Count];
        for (var a = 0; a < places.Count; a++)
            for (var b = 0; b < places.Count; b++)
                _km[a, b] = a == b ? 0 : Haversine(places[a], places[b]);
    }

    public IReadOnlyList<ProvinceCentroid> Places { get; }
    public IReadOnlyList<string> Regions { get; }

    /// <summary>Index of a province code (exact, e.g. "MA-CAS"), or null.</summary>
    public int? ProvinceIndex(string? code) => code is not null && _byCode.TryGetValue(code.Trim().ToUpperInvariant(), out var i) ? i : null;

    public string RegionOf(int province) => Places[province].Region;

    /// <summary>Road-free distance in km between two provinces (centroid to centroid; 0 within one province).</summary>
    public double Km(int a, int b) => _km[a, b];

    private static double Haversine(ProvinceCentroid a, ProvinceCentroid b)
    {
        const double R = 6371;
        double Rad(double d) => d * Math.PI / 180;
        var dLat = Rad(b.Latitude - a.Latitude);
        var dLon = Rad(b.Longitude - a.Longitude);
        var h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(Rad(a.Latitude)) * Math.Cos(Rad(b.Latitude)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * R * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    private static MarketGeography? _builtIn;

    /// <summary>The built-in table (Tables/provinces.csv, embedded).</summary>
    public static MarketGeography BuiltIn => _builtIn ??= Load();

    private static MarketGeography Load()
    {
        var places = EmbeddedLines("provinces.csv").Skip(1).Select(l => l.Split(','))
            .Select(f => new ProvinceCentroid(f[0], f[1], double.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture))).ToList();
        return new MarketGeography(places);
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
