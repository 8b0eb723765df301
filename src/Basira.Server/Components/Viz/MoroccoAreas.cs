using Basira.Synth.Geography;

namespace Basira.Server.Components.Viz;

/// <summary>
/// The areas of a <see cref="MoroccoMap"/> with their names in the page's language (regions: fr/ar/en; provinces: their
/// French name in fr and en, their Arabic name in ar), from the reference tables of <see cref="MoroccoGeography"/>.
/// </summary>
public static class MoroccoAreas
{
    public static string RegionName(string code, string lang) => MoroccoGeography.FindRegion(code) is { } r
        ? lang switch { "ar" => r.NameAr, "en" => r.NameEn, _ => r.NameFr }
        : code;

    public static string ProvinceName(string code, string lang) => MoroccoGeography.FindProvince(code) is { } p
        ? lang == "ar" ? p.NameAr : p.NameFr
        : code;

    /// <summary>The 12 regions with their value (null: no data) and an optional drill-down link.</summary>
    public static IReadOnlyList<MapArea> Regions(IReadOnlyDictionary<string, double> values, string lang, Func<string, string?>? href = null) =>
        [.. MoroccoGeography.Regions.Select(r => new MapArea(r.Code, RegionName(r.Code, lang),
            values.TryGetValue(r.Code, out var v) ? v : null, href?.Invoke(r.Code)))];

    /// <summary>The provinces of <paramref name="region"/> with their value (null: no data) and an optional link.</summary>
    public static IReadOnlyList<MapArea> Provinces(string region, IReadOnlyDictionary<string, double> values, string lang, Func<string, string?>? href = null) =>
        [.. MoroccoGeography.Provinces.Where(p => p.RegionCode == region).Select(p => new MapArea(p.Code, ProvinceName(p.Code, lang),
            values.TryGetValue(p.Code, out var v) ? v : null, href?.Invoke(p.Code)))];

    /// <summary>The 75 provinces of Morocco with their value (null: no data) and an optional link.</summary>
    public static IReadOnlyList<MapArea> AllProvinces(IReadOnlyDictionary<string, double> values, string lang, Func<string, string?>? href = null) =>
        [.. MoroccoGeography.Provinces.Select(p => new MapArea(p.Code, ProvinceName(p.Code, lang),
            values.TryGetValue(p.Code, out var v) ? v : null, href?.Invoke(p.Code)))];

    /// <summary>True for one of the 12 region codes (a drill-down parameter from a URL is checked with it).</summary>
    public static bool IsRegion(string? code) => code is not null && MoroccoGeography.FindRegion(code) is not null;
}
