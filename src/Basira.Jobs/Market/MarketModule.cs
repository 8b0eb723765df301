using Basira.Governance.Models;
using Basira.Jobs.Matching;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Basira.Jobs.Market;

/// <summary>
/// Services and routes of the matching, live market, training and guidance part of the jobs module (called by
/// <see cref="JobsModule"/>). The occupation–skill graph is the full ESCO classification shipped with the module unless the host
/// registered a <see cref="SkillGraph"/> first; the geography is the built-in table unless a <see cref="MarketGeography"/> was.
/// </summary>
internal static class MarketModule
{
    public static IServiceCollection AddMarketServices(this IServiceCollection s)
    {
        s.TryAddSingleton(_ => EscoSubset.FullGraph);
        s.TryAddSingleton(_ => MarketGeography.BuiltIn);
        s.AddSingleton<MarketState>();
        s.AddSingleton<MatchingService>();
        s.AddSingleton(sp => MatchingAlgorithm.Descriptor(sp.GetRequiredService<SkillGraph>(), sp.GetRequiredService<MarketGeography>()));
        return s;
    }

    public static RouteGroupBuilder MapMarketEndpoints(this RouteGroupBuilder jobs) => jobs;
}
