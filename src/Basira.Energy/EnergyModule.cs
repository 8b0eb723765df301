using Basira.Energy.Forecasting;
using Basira.Governance.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Energy;

/// <summary>Composition root of the energy module: its services and its API under <c>/api/energy</c>.</summary>
public static class EnergyModule
{
    public static IServiceCollection AddEnergyModule(this IServiceCollection s, IConfiguration configuration)
    {
        s.AddForecasting(configuration);
        return s;
    }

    /// <summary>Tag of the energy API in the OpenAPI document.</summary>
    public const string Tag = "Energy";

    public static IEndpointRouteBuilder MapEnergyEndpoints(this IEndpointRouteBuilder app)
    {
        var energy = app.MapGroup("/api/energy").WithTags(Tag).RequireAuthorization(BasiraPolicies.SignedIn);
        energy.MapForecastEndpoints();
        return app;
    }
}
