using Basira.Governance;
using Basira.Governance.Access;
using Basira.Governance.Notices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Basira.Education.Learning;

/// <summary>Body of <c>POST /api/education/learning/answers</c>.</summary>
public sealed record AnswerRequest
{
    /// <summary>The pupil's pseudonym; omitted, the signed-in pupil.</summary>
    public string? Pupil { get; init; }

    /// <summary>The exercise answered (an id of the item bank).</summary>
    public string? ItemId { get; init; }

    /// <summary>Whether the answer was right.</summary>
    public bool? Correct { get; init; }
}

/// <summary>The learning-path API for an exercise front end and for teachers (under <c>/api/education/learning</c>).</summary>
public static class LearningEndpoints
{
    public static void MapLearningEndpoints(this RouteGroupBuilder education)
    {
        var g = education.MapGroup("/learning");
        g.MapGet("/next", Results<Ok<NextItemView>, NotFound, ProblemHttpResult> (HttpContext http, LearningService svc, string? pupil, string? subject, string? lang) =>
        {
            try
            {
                return svc.Next(Who(http), pupil, subject, NoticeBuilder.NormalizeLanguage(lang)) is { } v ? TypedResults.Ok(v) : TypedResults.NotFound();
            }
            catch (DataInputException ex) { return Bad(ex); }
        }).RequireAuthorization(BasiraPolicies.LearningPaths)
            .WithName("GetNextExercise").WithSummary("The next exercise for a pupil, with the reason in one sentence (the read is audited).")
            .WithDescription("`pupil` (pseudonym) is optional for a pupil's own account; a teacher names a pupil of their class. `subject` is math, fr or ar (optional); `lang` fr (default), ar or en. A pupil the caller may not see: 404.")
            .ProducesProblems(400, 404);
        g.MapPost("/answers", Results<Ok<AnswerRecorded>, NotFound, ForbidHttpResult, ProblemHttpResult> (HttpContext http, LearningService svc, AnswerRequest body, string? lang) =>
        {
            if (body.Correct is null) return TypedResults.Problem("field 'correct' is required (true or false)", statusCode: 400, title: "Invalid input");
            try
            {
                return svc.Answer(Who(http), body.Pupil, body.ItemId ?? "", body.Correct.Value, NoticeBuilder.NormalizeLanguage(lang)) is { } r ? TypedResults.Ok(r) : TypedResults.NotFound();
            }
            catch (UnauthorizedAccessException) { return TypedResults.Forbid(); }
            catch (DataInputException ex) { return Bad(ex); }
        }).RequireAuthorization(BasiraPolicies.LearningPaths)
            .WithName("RecordAnswer").WithSummary("Records a pupil's answer to an exercise and returns the next exercise (audited).")
            .WithDescription("The pupil (own account) or their teacher records the answer; school staff and administrators who see the pupil get 403, anyone else 404. An unknown exercise or a missing `correct` is a 400.")
            .ProducesProblems(400, 403, 404);
        g.MapGet("/path", Results<Ok<PupilPathView>, NotFound> (HttpContext http, LearningService svc, string? pupil, string? lang) =>
            svc.Path(Who(http), pupil, NoticeBuilder.NormalizeLanguage(lang)) is { } v ? TypedResults.Ok(v) : TypedResults.NotFound())
            .RequireAuthorization(BasiraPolicies.LearningPaths)
            .WithName("GetLearningPath").WithSummary("A pupil's path: mastery of every skill (mastered, open or locked) and the next exercise (audited).")
            .ProducesProblems(404);
        g.MapGet("/classes", Ok<IReadOnlyList<ClassSummary>> (HttpContext http, LearningService svc) => TypedResults.Ok(svc.Classes(Who(http))))
            .RequireAuthorization(BasiraPolicies.LearningClasses)
            .WithName("ListLearningClasses").WithSummary("The classes the caller may open: a teacher's own, a school's for its staff, all for administrators.");
        g.MapGet("/class", Results<Ok<ClassView>, NotFound, ProblemHttpResult> (HttpContext http, LearningService svc, string? id, string? lang) =>
        {
            if (string.IsNullOrWhiteSpace(id)) return TypedResults.Problem("query parameter 'id' (the class) is required", statusCode: 400, title: "Invalid input");
            return svc.Class(Who(http), id, NoticeBuilder.NormalizeLanguage(lang)) is { } v ? TypedResults.Ok(v) : TypedResults.NotFound();
        }).RequireAuthorization(BasiraPolicies.LearningClasses)
            .WithName("GetLearningClass").WithSummary("A class view: mastery per skill per pupil, who is stuck, who is ready to move on (audited).")
            .ProducesProblems(400, 404);
    }

    private static Principal Who(HttpContext http) => BasiraClaimsReader.Read(http.User)!;

    private static ProblemHttpResult Bad(DataInputException ex) => TypedResults.Problem(ex.Problem ?? ex.Message, statusCode: 400, title: "Invalid input",
        extensions: ex.Field is null ? null : new Dictionary<string, object?> { ["field"] = ex.Field });

    private static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder b, params int[] statuses)
    {
        foreach (var s in statuses) b.ProducesProblem(s);
        return b;
    }
}
