using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Basira.Governance.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Server.Tests;

/// <summary>Learning paths through the API and the pages, inside and outside each caller's scope (the demo's class CLASS-3A).</summary>
public sealed partial class PlatformTests
{
    private string DemoPupil()
    {
        _ = platform.Report;
        var users = platform.Services.GetRequiredService<Basira.Governance.Access.UserStore>();
        return users.Find("eleve1")!.Subject!;
    }

    [Fact]
    public async Task A_pupil_gets_their_next_exercise_answers_it_and_the_access_is_audited()
    {
        var pupil = DemoPupil();
        var me = await platform.SignedInAsync("eleve1");
        var next = await me.GetFromJsonAsync<JsonObject>("/api/education/learning/next?lang=en");
        Assert.Equal(pupil, next!["pupil"]!.GetValue<string>());
        var item = next["item_id"]!.GetValue<string>();
        Assert.Contains("SYNTHETIC", next["notice"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("was chosen", next["explanation"]!.GetValue<string>(), StringComparison.Ordinal);

        var posted = await me.PostAsJsonAsync("/api/education/learning/answers", new { item_id = item, correct = true });
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var recorded = await posted.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(item, recorded!["item_id"]!.GetValue<string>());
        Assert.True(recorded["seq"]!.GetValue<long>() > 1);
        Assert.NotNull(recorded["next"]!["reason"]);

        var audit = platform.Services.GetRequiredService<AuditLog>().Read(0, 100_000, pupil);
        Assert.Contains(audit, e => e.Action == "learning.next");
        Assert.Contains(audit, e => e.Action == "learning.answer" && e.Details.StartsWith(item, StringComparison.Ordinal));
        Assert.DoesNotContain(audit, e => e.Details.Contains("CLASS-3A-PUPIL", StringComparison.Ordinal)); // the identifier never, only the pseudonym

        // another pupil's path: not found; an unknown exercise: bad input naming the field
        var other = (await (await platform.SignedInAsync("enseignant")).GetFromJsonAsync<JsonObject>("/api/education/learning/class?id=CLASS-3A"))!["pupils"]!
            .AsArray().Select(p => p!["pupil"]!.GetValue<string>()).First(p => p != pupil);
        Assert.Equal(HttpStatusCode.NotFound, (await me.GetAsync($"/api/education/learning/path?pupil={other}")).StatusCode);
        var bad = await me.PostAsJsonAsync("/api/education/learning/answers", new { item_id = "no-such-item", correct = true });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("item_id", (await bad.Content.ReadFromJsonAsync<JsonObject>())!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_teacher_sees_their_class_staff_see_their_school_and_another_teacher_sees_nothing()
    {
        var pupil = DemoPupil();
        var teacher = await platform.SignedInAsync("enseignant");
        var view = await teacher.GetFromJsonAsync<JsonObject>("/api/education/learning/class?id=CLASS-3A&lang=fr");
        var pupils = view!["pupils"]!.AsArray();
        Assert.Equal(16, pupils.Count);
        var statuses = pupils.Select(p => p!["status"]!.GetValue<string>()).ToHashSet();
        Assert.Contains("stuck", statuses);
        Assert.Contains("ready", statuses);
        Assert.Equal(pupils.Count(p => p!["status"]!.GetValue<string>() == "stuck"), view["stuck"]!.AsArray().Count);
        Assert.All(pupils, p => Assert.Equal(29, p!["mastery"]!.AsObject().Count));
        Assert.Equal(HttpStatusCode.OK, (await teacher.GetAsync($"/api/education/learning/path?pupil={pupil}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await teacher.GetAsync($"/api/education/learning/next?pupil={pupil}&subject=math")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await teacher.GetAsync($"/api/education/learning/next?pupil={pupil}&subject=physics")).StatusCode);

        var director = await platform.SignedInAsync("directeur"); // school staff of the class's school: reads, never answers
        Assert.Equal(HttpStatusCode.OK, (await director.GetAsync("/api/education/learning/class?id=CLASS-3A")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await director.PostAsJsonAsync("/api/education/learning/answers", new { pupil, item_id = "math.g1.add20.1", correct = false })).StatusCode);

        var users = platform.Services.GetRequiredService<Basira.Governance.Access.UserStore>();
        if (users.Find("other-teacher") is null) // a teacher of the same school who does not teach CLASS-3A
            users.Create("other-teacher", "other-teacher", DemoPlatformFixture.Password, "teacher", "school", users.Find("directeur")!.ScopeValue, null, "test");
        var stranger = await platform.SignedInAsync("other-teacher");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/api/education/learning/class?id=CLASS-3A")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/education/learning/path?pupil={pupil}")).StatusCode);
        Assert.Empty((await stranger.GetFromJsonAsync<JsonArray>("/api/education/learning/classes"))!);
    }

    [Theory]
    [InlineData("fr", "Prochain exercice", "prêt à avancer")]
    [InlineData("ar", "التمرين الموالي", "مستعد للانتقال")]
    [InlineData("en", "Next exercise", "ready to move on")]
    public async Task The_pupil_path_and_the_class_view_pages_speak_each_language_with_a_chart(string culture, string next, string ready)
    {
        _ = DemoPupil();
        var me = await platform.SignedInAsync("eleve1");
        var path = WebUtility.HtmlDecode(await me.GetStringAsync($"/learning?culture={culture}&ui-culture={culture}"));
        Assert.Contains(next, path);
        Assert.Contains("id=\"learning-mastery-chart\"", path);
        Assert.Contains("data-viz=\"bar\"", path);
        Assert.Contains("id=\"learning-reason\"", path);

        var teacher = await platform.SignedInAsync("enseignant");
        var cls = WebUtility.HtmlDecode(await teacher.GetStringAsync($"/learning/class?id=CLASS-3A&culture={culture}&ui-culture={culture}"));
        Assert.Contains(ready, cls);
        Assert.Contains("id=\"learning-class-chart\"", cls);
        Assert.Equal(16, System.Text.RegularExpressions.Regex.Matches(cls, "<tr data-pupil=").Count);
        Assert.Equal(HttpStatusCode.NotFound, (await teacher.GetAsync("/learning/class?id=NO-SUCH-CLASS")).StatusCode);
    }
}
