using Basira.Education.EarlyWarning;
using Basira.Governance.Models;
using Basira.Governance.Objections;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Education;

/// <summary>Composition root of the education module.</summary>
public static class EducationModule
{
    public static IServiceCollection AddEducationModule(this IServiceCollection s, IConfiguration configuration)
    {
        s.AddSingleton(DropoutAlgorithm.Descriptor);
        s.AddSingleton<EarlyWarningService>();
        s.AddSingleton<IRescorer>(sp => sp.GetRequiredService<EarlyWarningService>());
        return s;
    }

    public static IEndpointRouteBuilder MapEducationEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/education").WithTags("Education").RequireAuthorization();
        g.MapGet("/early-warning/model", (ModelStore models) =>
            // Version, hash and measured facts; not the file's location on the server.
            models.InUse(DropoutAlgorithm.Id) is { } m
                ? Results.Ok(new { m.Id, m.Algorithm, m.Version, m.ContentHash, m.TrainedAt, m.Status, m.Facts })
                : Results.NotFound())
            .WithName("GetDropoutModel").WithSummary("The dropout early-warning model in use (version, hash, measured performance).");
        return app;
    }
}
