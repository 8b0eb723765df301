using Basira.Energy.Capacity;
using Basira.Energy.MiniGrids;
using Basira.Energy.MiniGrids.Dispatch;
using Basira.Energy.MiniGrids.Shedding;
using Basira.Energy.Forecasting;
using Basira.Governance.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Energy;

/// <summary>Composition root of the energy module: its services and its API under <c>/api/energy</c>.</summary>
public static class EnergyModule
{
    public static IServiceCollection AddEnergyModule(this IServiceCollection s, IConfiguration configuration)
    {
        s.AddSingleton(SheddingAlgorithm.Descriptor);
        s.AddSingleton<SheddingService>();
        s.AddSingleton<PlanCache>();
        s.AddSingleton<DemoDispatchCache>();
        s.AddForecasting(configuration);
        return s;
    }

    /// <summary>Tag of the energy API in the OpenAPI document.</summary>
    public const string Tag = "Energy";

    public static IEndpointRouteBuilder MapEnergyEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/energy").WithTags(Tag).RequireAuthorization(BasiraPolicies.SignedIn);
        g.MapGet("/plan", Ok<PlanReport> (PlanCache plans) => TypedResults.Ok(plans.Morocco))
            .RequireAuthorization(BasiraPolicies.Energy)
            .WithName("GetCapacityPlan")
            .WithSummary("Least-cost capacity plan of Morocco's default scenario to 2030: capacity, renewable share, generation, emissions, unserved energy per year, solver status and assumptions.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        g.MapGet("/minigrids/demo/dispatch", Results<Ok<MiniGridDispatchReport>, ProblemHttpResult> (DemoDispatchCache cache, string? controller) =>
            {
                var name = controller ?? "mpc-forecast";
                if (!DispatchControllers.Names.Contains(name))
                    return TypedResults.Problem($"controller must be one of {string.Join(", ", DispatchControllers.Names)}", statusCode: StatusCodes.Status400BadRequest);
                return TypedResults.Ok(cache.Get(name));
            })
            .RequireAuthorization(BasiraPolicies.Energy)
            .WithName("GetDemoMiniGridDispatch")
            .WithSummary("Dispatch of the demo mini-grid (two villages, 15 days) by a controller, day by day, with pymgrid's cost model.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        g.MapForecastEndpoints();
        return app;
    }
}

/// <summary>A mini-grid's dispatch as the API and the page show it: totals and day-by-day figures.</summary>
public sealed record MiniGridDispatchReport(string Grid, string Controller, double Cost, double GensetKwh, double UnmetKwh, double CurtailedKwh,
    double BatteryThroughputKwh, double Co2Kg, int Steps, int GensetStarts, IReadOnlyList<DispatchDay> Days);

/// <summary>Dispatches of the demo mini-grid, computed once per controller (a few seconds for MPC).</summary>
public sealed class DemoDispatchCache
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<MiniGridDispatchReport>> _byController = new(StringComparer.Ordinal);

    public MiniGridDispatchReport Get(string controller) =>
        _byController.GetOrAdd(controller, c => new Lazy<MiniGridDispatchReport>(() =>
        {
            var grid = DemoMiniGrid.Value;
            var r = DispatchRun.Run(grid, DispatchControllers.Create(c, TimeSpan.FromSeconds(60)), testWindow: false);
            return new MiniGridDispatchReport(grid.Name, r.Controller, Math.Round(r.Cost, 2), Math.Round(r.GensetKwh, 2), Math.Round(r.UnmetKwh, 2),
                Math.Round(r.CurtailedKwh, 2), Math.Round(r.BatteryThroughputKwh, 2), Math.Round(r.Co2Kg, 2), r.Steps, r.GensetStarts,
                DispatchControllers.Days(grid, r));
        })).Value;
}
