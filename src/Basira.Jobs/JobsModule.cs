using Basira.Governance.Access;
using Basira.Jobs.Linking;
using Basira.Jobs.Market;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Jobs;

/// <summary>Composition root of the jobs module: its services and its API under <c>/api/jobs</c>.</summary>
public static class JobsModule
{
    public static IServiceCollection AddJobsModule(this IServiceCollection s, IConfiguration configuration)
    {
        s.AddMarketServices();
        return s;
    }

    /// <summary>Tag of the jobs API in the OpenAPI document.</summary>
    public const string Tag = "Jobs";

    public static IEndpointRouteBuilder MapJobsEndpoints(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/api/jobs").WithTags(Tag).RequireAuthorization(BasiraPolicies.SignedIn);
        // The market's HTTP API (events, live market and its event stream, rankings, training, plans) is built and tested in
        // the module (Market/MarketModule.cs) but not mapped yet: its rows of the route × role × scope matrix are not
        // written (docs/jobs.md, "Not yet").
        jobs.MapLinkingEndpoints();
        return app;
    }
}
