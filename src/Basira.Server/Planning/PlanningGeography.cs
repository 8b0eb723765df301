using Basira.Education.Planning;
using Basira.Synth.Geography;

namespace Basira.Server.Planning;

/// <summary>
/// The host's reference tables handed to the planning module (which may not depend on Basira.Synth): the 12 regions
/// with their RGPH 2024 population and the 75 provinces with their region and urban share.
/// </summary>
public static class PlanningGeography
{
    public static IReadOnlyList<RegionGeo> Regions { get; } =
        [.. MoroccoGeography.Regions.Select(r => new RegionGeo(r.Code, r.Population2024))];

    public static IReadOnlyList<ProvinceGeo> Provinces { get; } =
        [.. MoroccoGeography.Provinces.Select(p => new ProvinceGeo(p.Code, p.RegionCode, p.NameFr, (decimal)p.UrbanShare))];

    /// <summary>Gives the planning module its geography (the national scenario, the API and the pages use it).</summary>
    public static IServiceCollection AddPlanningGeography(this IServiceCollection services) =>
        services.AddSingleton(new NationalGeography(Regions, Provinces));
}
