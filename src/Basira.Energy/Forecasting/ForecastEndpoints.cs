using System.Text.Json.Nodes;
using Basira.Governance;
using Basira.Governance.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Energy.Forecasting;

/// <summary>Body of <c>POST /api/energy/forecast</c>: an hourly series as CSV text and what to forecast.</summary>
/// <param name="Csv">The file's text: a timestamp column and numeric columns (as <c>basira energy forecast</c> reads).</param>
/// <param name="Target">Column to forecast.</param>
/// <param name="Horizon">Hours (1 to 336; default 24).</param>
/// <param name="Temperature">Temperature column, or null.</param>
/// <param name="Capacity">Available capacity for the stability view, or null.</param>
/// <param name="ReserveMargin">Required reserve margin (default 0.15).</param>
/// <param name="TimeZone">IANA time zone of timestamps without an offset, or null.</param>
/// <param name="MaxGap">Longest gap interpolated, hours (default 6).</param>
public sealed record ForecastRequest(string? Csv = null, string? Target = null, int? Horizon = null, string? Temperature = null,
    double? Capacity = null, double? ReserveMargin = null, string? TimeZone = null, int? MaxGap = null);

/// <summary>The forecasting part of the energy API (under <c>/api/energy</c>), for grid operators, analysts and administrators.</summary>
public static class ForecastEndpoints
{
    /// <summary>Largest CSV accepted in a request body (characters).</summary>
    public const int MaxCsvChars = 8_000_000;

    public static IServiceCollection AddForecasting(this IServiceCollection s, IConfiguration configuration)
    {
        s.Configure<ForecastSettings>(configuration.GetSection("Basira:Energy:Forecast"));
        s.AddSingleton<ForecastService>();
        return s;
    }

    public static RouteGroupBuilder MapForecastEndpoints(this RouteGroupBuilder energy)
    {
        energy.MapGet("/forecast", Ok<JsonObject> (ForecastService service, int? horizon, double? capacity, double? reserve_margin) =>
            {
                var r = service.Forecast(horizon ?? 24, capacity, reserve_margin);
                var doc = ForecastDocument.Build(r);
                doc["synthetic"] = service.Synthetic;
                return TypedResults.Ok(doc);
            })
            .RequireAuthorization(BasiraPolicies.EnergyForecast)
            .WithName("GetLoadForecast")
            .WithSummary("Day-ahead (horizon=24) or week-ahead (168) forecast of the configured load, with 80 %/95 % intervals, Moroccan calendar and the grid-stability view.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        energy.MapPost("/forecast", Ok<JsonObject> (ForecastRequest body, CancellationToken ct) =>
            {
                if (body.Csv is not { Length: > 0 } csv) throw new DataInputException("request", null, "csv", "the hourly series is missing (csv)");
                if (csv.Length > MaxCsvChars) throw new DataInputException("request", null, "csv", $"more than {MaxCsvChars} characters");
                if (body.Target is not { Length: > 0 } target) throw new DataInputException("request", null, "target", "the column to forecast is missing (target)");
                var frame = SeriesCsv.Read(new StringReader(csv), "request");
                var result = OperationalForecast.Run(frame, new OperationalOptions
                {
                    Target = target,
                    Horizon = body.Horizon ?? 24,
                    Temperature = body.Temperature,
                    Repair = new RepairOptions { TimeZone = body.TimeZone, MaxGapHours = body.MaxGap ?? 6 },
                    Stability = body.Capacity is { } cap ? new StabilitySettings(cap, body.ReserveMargin ?? 0.15) : null,
                }, ct: ct);
                return TypedResults.Ok(ForecastDocument.Build(result));
            })
            .RequireAuthorization(BasiraPolicies.EnergyForecast)
            .WithName("ForecastLoad")
            .WithSummary("Forecast of a posted hourly series (CSV text): repaired and reported, or refused naming line and field.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        energy.MapGet("/forecast/scenarios", Ok<JsonObject> (int? last_year) =>
            {
                var last = last_year ?? 2030;
                if (last is < DemandScenarios.BaseYear or > 2060) throw new DataInputException(null, null, "last_year", $"expected {DemandScenarios.BaseYear} to 2060");
                return TypedResults.Ok(ScenariosDocument(last));
            })
            .RequireAuthorization(BasiraPolicies.EnergyForecast)
            .WithName("GetDemandScenarios")
            .WithSummary("Long-term demand scenarios (measured 3.5 %/year, historical 6.5 %/year, digital-strategy 15 %/year) from the 2024 base, for capacity planning.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return energy;
    }

    /// <summary>The scenarios as JSON: base, load factor, and the path of each.</summary>
    public static JsonObject ScenariosDocument(int lastYear) => new()
    {
        ["base_year"] = DemandScenarios.BaseYear,
        ["base_energy_twh"] = DemandScenarios.BaseEnergyTwh,
        ["base_peak_mw"] = DemandScenarios.BasePeakMw,
        ["load_factor"] = DemandScenarios.LoadFactor,
        ["scenarios"] = new JsonArray([.. DemandScenarios.All.Select(s => (JsonNode)new JsonObject
        {
            ["id"] = s.Id,
            ["name"] = s.Name,
            ["annual_growth"] = s.AnnualGrowth,
            ["source"] = s.Source,
            ["years"] = new JsonArray([.. DemandScenarios.Path(s, lastYear).Select(y => (JsonNode)new JsonObject
            {
                ["year"] = y.Year,
                ["energy_twh"] = y.EnergyTwh,
                ["peak_mw"] = y.PeakMw,
            })]),
        })]),
    };
}
