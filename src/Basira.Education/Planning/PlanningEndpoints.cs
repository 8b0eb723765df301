using System.Text.Json.Nodes;
using Basira.Governance;
using Basira.Governance.Access;
using Basira.Governance.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Basira.Education.Planning;

/// <summary>
/// <c>/api/education/planning</c>: the national scenario, its projections side by side, the budget allocation, and the
/// projection of a posted scenario. Analysts and administrators (<see cref="BasiraPolicies.Planning"/>); aggregates only.
/// </summary>
public static class PlanningEndpoints
{
    /// <summary>Largest scenario body accepted (a national scenario is about 350 KB).</summary>
    public const int MaxScenarioBytes = 4 * 1024 * 1024;

    public static IEndpointRouteBuilder MapPlanningEndpoints(this IEndpointRouteBuilder education)
    {
        var g = education.MapGroup("/planning").RequireAuthorization(BasiraPolicies.Planning);
        g.MapGet("/scenario", (NationalPlanning planning) => TypedResults.Ok(planning.Document))
            .WithName("GetPlanningScenario")
            .WithSummary("The built-in national scenario (75 provinces, urban and rural, 2024 → 2030) as a scenario document, with its sources.")
            .WithDescription("The same JSON that `basira edu plan --scenario` reads and `POST /api/education/planning/projections` takes: edit it and post it back. Analysts and administrators.");

        g.MapGet("/projections", (NationalPlanning planning, bool? units) =>
                TypedResults.Ok(PlanningReport.Build(planning.Scenario, planning.Projections, units ?? false)))
            .WithName("GetPlanningProjections")
            .WithSummary("Projection of the national scenario: pupils, teachers and classrooms per year and cycle, deficits summed locally, each variant side by side.")
            .WithDescription("`units=true` adds every unit's projection (150 units). Deficits: `local` sums each unit's own gap, `net` pools units (shown for comparison). Analysts and administrators.");

        g.MapPost("/projections", async Task<Ok<PlanningReport.ReportOut>> (HttpRequest request, bool? units, CancellationToken ct) =>
            {
                var body = await ReadBody(request, ct);
                var scenario = ScenarioReader.Read(body, null);
                return TypedResults.Ok(PlanningReport.Build(scenario, EnrolmentProjection.ProjectAll(scenario), units ?? false));
            })
            .WithName("ProjectPlanningScenario")
            .WithSummary("Projects a posted scenario (the format of docs/education-planning.md) and its variants.")
            .WithDescription("A bad field (a rate outside [0, 1], promotion + repetition above 1, a negative count, a target year before the base year, an array of the wrong length, an unknown field) is a 400 problem whose `field` is the JSON path. Analysts and administrators.")
            .Accepts<JsonObject>("application/json")
            .ProducesProblems(400, 413);

        g.MapGet("/allocation", Results<Ok<PlanningReport.AllocationOut>, ProblemHttpResult> (NationalPlanning planning, string? variant, decimal? budget) =>
            {
                var name = variant ?? EnrolmentProjection.Baseline;
                if (planning.Projection(name) is null)
                    return Problem("variant", $"unknown variant '{name}'; the scenario has: {string.Join(", ", planning.Projections.Select(p => p.Variant))}");
                var amount = budget ?? planning.Scenario.Allocation!.Budget;
                if (amount is < 0 or > 1e12m) return Problem("budget", "expects a budget between 0 and 10^12");
                return TypedResults.Ok(PlanningReport.Allocation(planning.Allocate(name, amount), name));
            })
            .WithName("GetPlanningAllocation")
            .WithSummary("Where to build classrooms and post new teachers under a budget (MIP solved by SCIP), for the national scenario or one of its variants.")
            .WithDescription("Minimises pupils above the norms plus 10 × pupils without a place, within the budget and the caps (docs/education-planning.md). Analysts and administrators.")
            .ProducesProblems(400);
        return education;
    }

    private static ProblemHttpResult Problem(string field, string problem) =>
        TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "Invalid input",
            extensions: new Dictionary<string, object?> { ["field"] = field });

    private static async Task<ReadOnlyMemory<byte>> ReadBody(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxScenarioBytes) throw new BadHttpRequestException("the scenario is larger than 4 MB", StatusCodes.Status413PayloadTooLarge);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxScenarioBytes) throw new BadHttpRequestException("the scenario is larger than 4 MB", StatusCodes.Status413PayloadTooLarge);
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) throw new DataInputException(null, null, "$", "the body is empty: post a scenario (JSON)");
        return buffer.ToArray();
    }
}
