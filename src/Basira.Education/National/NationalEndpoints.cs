using System.Globalization;
using Basira.Governance.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Basira.Education.National;

/// <summary>An absence rate as the API returns it (aggregates only).</summary>
/// <param name="Level">region, province, commune or school.</param>
/// <param name="Key">Area code.</param>
/// <param name="Name">Area name.</param>
/// <param name="Period">2024-W38 or 2024-09.</param>
/// <param name="Pupils">Pupils enrolled in the area (in the group when split).</param>
/// <param name="AbsenceRate">Absence days / (pupils × teaching days).</param>
/// <param name="Sex">F or M when split by sex.</param>
/// <param name="Milieu">urban or rural when split by milieu.</param>
public sealed record AbsenceRateResponse(string Level, string Key, string Name, string Period, long Pupils, double AbsenceRate, string? Sex, string? Milieu);

/// <summary>One area's test in a hot-spot report.</summary>
/// <param name="Level">Level.</param>
/// <param name="Key">Area code.</param>
/// <param name="Name">Area name.</param>
/// <param name="Period">The period tested.</param>
/// <param name="Pupils">Pupils.</param>
/// <param name="AbsenceRate">Rate in the period.</param>
/// <param name="BaselineRate">Rate over the previous periods.</param>
/// <param name="Z">z statistic.</param>
/// <param name="PValue">One-sided p-value.</param>
/// <param name="QValue">Benjamini–Hochberg adjusted p-value.</param>
/// <param name="Hot">Whether it is a hot spot.</param>
public sealed record HotSpotResponse(string Level, string Key, string Name, string Period, long Pupils, double AbsenceRate, double BaselineRate,
    double Z, double PValue, double QValue, bool Hot);

/// <summary>Hot spots with the test that found them.</summary>
/// <param name="Test">The test, named.</param>
/// <param name="Period">The period tested.</param>
/// <param name="Dispersion">Dispersion factor applied to the binomial variance.</param>
/// <param name="FalseDiscoveryRate">Benjamini–Hochberg level.</param>
/// <param name="Areas">Every area tested, hot spots first.</param>
public sealed record HotSpotsResponse(string Test, string? Period, double Dispersion, double FalseDiscoveryRate, IReadOnlyList<HotSpotResponse> Areas);

/// <summary>The absenteeism API under /api/education/absenteeism: aggregates within the caller's scope.</summary>
public static class NationalEndpoints
{
    /// <summary>The area a signed-in person may see: their scope (national, a region, a province or a school).</summary>
    public static AreaScope ScopeOf(Principal p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return p.ScopeKind == ScopeKinds.National ? AreaScope.National : new AreaScope(p.ScopeKind, p.ScopeValue);
    }

    /// <summary>Whether rows of <paramref name="level"/> fit within <paramref name="scope"/> (a province officer gets no region rows).</summary>
    public static bool LevelWithin(AreaLevel level, AreaScope scope) => scope.Kind switch
    {
        "national" => true,
        "region" => true,
        "province" => level is not AreaLevel.Region,
        "school" => level is AreaLevel.School,
        _ => false,
    };

    /// <summary>
    /// Whether every area the query names (<c>region</c>, <c>province</c>, <c>school</c>) lies within
    /// <paramref name="scope"/>: a regional officer may name their region, its provinces and its schools; a provincial
    /// officer their province, its schools and its region (the rows stay those of the province). Another area, or an
    /// unknown one, is outside: the API answers 404, as for anything outside a scope.
    /// </summary>
    public static bool AreaWithin(AbsenteeismQuery query, AreaScope scope, Func<string, (string Province, string Region)?> schoolArea)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(schoolArea);
        if (scope.Kind == "national") return true;
        if (scope.Value is null) return false;
        // The caller's own school, province and region (what they do not have stays null: any within the others).
        var (school, province, region) = scope.Kind switch
        {
            "region" => (null, null, scope.Value),
            "province" => (null, scope.Value, EducationAreas.RegionOf(scope.Value)),
            "school" => (scope.Value, schoolArea(scope.Value)?.Province, schoolArea(scope.Value)?.Region),
            _ => ((string?)null, (string?)null, (string?)null),
        };
        if (region is null) return false;
        if (query.Region is not null && query.Region != region) return false;
        if (query.Province is not null && (EducationAreas.RegionOf(query.Province) != region || (province is not null && query.Province != province))) return false;
        if (query.School is not null)
        {
            if (schoolArea(query.School) is not { } s || s.Region != region || (province is not null && s.Province != province)) return false;
            if (school is not null && query.School != school) return false;
        }
        return true;
    }

    internal static void Map(RouteGroupBuilder g)
    {
        g.MapGet("/absenteeism", Results<Ok<List<AbsenceRateResponse>>, ProblemHttpResult> (HttpContext http, NationalEducation education,
                string? level, string? period, string? from, string? to, string? region, string? province, string? school, string? by, string? lang) =>
            {
                if (Parse(http, level, period, from, to, region, province, school, by, lang) is not { } parsed) return Bad(level, period, from, to, by);
                var (query, scope) = parsed;
                if (!LevelWithin(query.Level, scope)) return LevelRefused(query.Level, scope);
                if (!AreaWithin(query, scope, education.SchoolArea)) return OutOfScope();
                if (!education.HasData) return TypedResults.Ok(new List<AbsenceRateResponse>());
                var split = query.Split;
                return TypedResults.Ok(education.Absenteeism(query, scope).Select(r => new AbsenceRateResponse(r.Level, r.Key, r.Name, r.Period, r.Pupils,
                    Math.Round(r.AbsenceRate, 6), split == AbsenceSplit.Sex ? r.Group : null, split == AbsenceSplit.Milieu ? r.Group : null)).ToList());
            })
            .RequireAuthorization(BasiraPolicies.Aggregates)
            .WithName("GetAbsenteeism")
            .WithSummary("Absence rates by region, province, commune or school, by week or month, optionally by sex or milieu (aggregates within the caller's scope).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        g.MapGet("/absenteeism/hotspots", Results<Ok<HotSpotsResponse>, ProblemHttpResult> (HttpContext http, NationalEducation education,
                string? level, string? period, string? from, string? to, string? region, string? province, string? school, string? lang) =>
            {
                if (Parse(http, level, period, from, to, region, province, school, null, lang) is not { } parsed) return Bad(level, period, from, to, null);
                var (query, scope) = parsed;
                if (!LevelWithin(query.Level, scope)) return LevelRefused(query.Level, scope);
                if (!AreaWithin(query, scope, education.SchoolArea)) return OutOfScope();
                if (!education.HasData) return TypedResults.Ok(new HotSpotsResponse(NationalAbsenteeism.TestName, null, 1, NationalAbsenteeism.FalseDiscoveryRate, []));
                var report = education.HotSpots(query, scope);
                return TypedResults.Ok(new HotSpotsResponse(report.Test, report.Period, Math.Round(report.Dispersion, 4), report.FalseDiscoveryRate,
                    [.. report.Areas.Select(h => new HotSpotResponse(h.Row.Level, h.Row.Key, h.Row.Name, h.Row.Period, h.Row.Pupils,
                        Math.Round(h.Row.AbsenceRate, 6), Math.Round(h.BaselineRate, 6), Math.Round(h.Z, 4), h.PValue, h.QValue, h.Hot))]));
            })
            .RequireAuthorization(BasiraPolicies.Aggregates)
            .WithName("GetAbsenteeismHotSpots")
            .WithSummary("Areas whose last period rose above their previous four by more than noise explains (the test is named in the answer).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static ProblemHttpResult Bad(string? level, string? period, string? from, string? to, string? by) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad query",
            detail: $"level must be region, province, commune or school (got '{level}'), period week or month (got '{period}'), by none, sex or milieu (got '{by}'), from/to dates yyyy-MM-dd (got '{from}', '{to}')");

    private static ProblemHttpResult LevelRefused(AreaLevel level, AreaScope scope) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Outside your scope",
            detail: $"rows of level {level.ToString().ToLowerInvariant()} go beyond your scope ({scope.Kind})");

    private static ProblemHttpResult OutOfScope() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "no such area within your scope");

    private static (AbsenteeismQuery Query, AreaScope Scope)? Parse(HttpContext http, string? level, string? period, string? from, string? to,
        string? region, string? province, string? school, string? by, string? lang)
    {
        if (BasiraClaimsReader.Read(http.User) is not { } p) return null;
        AreaLevel lv = AreaLevel.Region;
        AbsencePeriod pd = AbsencePeriod.Month;
        AbsenceSplit sp = AbsenceSplit.None;
        if (level is not null && !TryEnum(level, out lv)) return null;
        if (period is not null && !TryEnum(period, out pd)) return null;
        if (by is not null && !TryEnum(by, out sp)) return null;
        DateOnly? f = null, t = null;
        if (from is not null) { if (!DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return null; f = d; }
        if (to is not null) { if (!DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return null; t = d; }
        if (f is { } a && t is { } b && b < a) return null;
        return (new AbsenteeismQuery
        {
            Level = lv, Period = pd, Split = sp, From = f, To = t,
            Region = region?.ToUpperInvariant(), Province = province?.ToUpperInvariant(), School = school,
            Language = lang is "ar" or "en" ? lang : "fr",
        }, ScopeOf(p));
    }

    private static bool TryEnum<T>(string text, out T value) where T : struct, Enum =>
        Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value) && !int.TryParse(text, out _);
}
