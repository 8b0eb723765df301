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
        jobs.MapLinkingEndpoints();
        jobs.MapMarketEndpoints(); // events, live market and its stream, rankings, training, plans (docs/jobs-market.md)
        return app;
    }
}
