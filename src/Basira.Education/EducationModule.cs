using Basira.Education.EarlyWarning;
using Basira.Education.Learning;
using Basira.Education.Warning;
using Basira.Governance.Models;
using Basira.Governance.Objections;
using Microsoft.AspNetCore.Builder;
using Basira.Governance.Access;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
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
        s.AddSingleton<LearningService>();
        s.AddSingleton<National.NationalAnalyticsStore>();
        s.AddSingleton<National.NationalRecordStore>();
        s.AddSingleton<National.NationalEducation>();
        s.AddSingleton(NationalWarningAlgorithm.Descriptor);
        s.AddSingleton<WarningStore>();
        s.AddSingleton<NationalWarningService>();
        s.AddSingleton<IRescorer>(sp => sp.GetRequiredService<NationalWarningService>());
        s.AddSingleton<InterventionCaseService>();
        s.AddSingleton<Planning.NationalPlanning>(); // needs the host's Planning.NationalGeography
        s.AddSingleton<WarningQueries>();
        return s;
    }

    /// <summary>Tag of the education API in the OpenAPI document.</summary>
    public const string Tag = "Education";

    public static IEndpointRouteBuilder MapEducationEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/education").WithTags(Tag).RequireAuthorization(BasiraPolicies.SignedIn);
        g.MapGet("/early-warning/model", Results<Ok<ModelSummary>, NotFound> (ModelStore models) =>
            // Version, hash and measured facts; not the file's location on the server.
            models.InUse(DropoutAlgorithm.Id) is { } m
                ? TypedResults.Ok(new ModelSummary(m.Id, m.Algorithm, m.Version, m.ContentHash, m.TrainedAt, m.Status, m.Facts))
                : TypedResults.NotFound())
            .WithName("GetDropoutModel").WithSummary("The dropout early-warning model in use (version, hash, measured performance).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapLearningEndpoints();
        Planning.PlanningEndpoints.MapPlanningEndpoints(g);
        National.NationalEndpoints.Map(g);
        g.MapWarningEndpoints();
        return app;
    }
}

/// <summary>A model in use as the API shows it: version, content hash and measured facts, never its path on the server.</summary>
public sealed record ModelSummary(string Id, string Algorithm, string Version, string ContentHash, DateTimeOffset TrainedAt, string Status, ModelFacts Facts);
