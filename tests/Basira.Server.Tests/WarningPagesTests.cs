using System.Net;
using System.Text.RegularExpressions;
using Basira.Analytics.Tabular;
using Basira.Education.Warning;
using Basira.Governance.Access;
using Basira.Synth;
using Basira.Synth.National;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Server.Tests;

/// <summary>
/// The national early-warning pages on a platform of their own (the demo plus one national run over a small synthetic
/// Morocco): the director's list shows their school only, with each pupil's explanation and case, and its forms work;
/// the dashboard shows aggregates and never a pupil.
/// </summary>
public sealed class WarningPagesTests(DemoPlatformFixture platform) : IClassFixture<DemoPlatformFixture>
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<DemoPlatformFixture, (string School, string OtherSchool, WarningRunReport Run)> Seeded = [];

    /// <summary>Trains and runs the national early warning once on this fixture's platform; a director per two schools.</summary>
    internal static (string School, string OtherSchool, WarningRunReport Run) Seed(DemoPlatformFixture platform)
    {
        lock (Gate)
        {
            if (Seeded.TryGetValue(platform, out var done)) return done;
            _ = platform.Report;
            var g = new NationalGenerator(new NationalOptions { Pupils = 6_000, Seed = 7, Marks = false });
            var previous = new WarningCohort(keepCodes: false);
            var current = new WarningCohort(keepCodes: true);
            foreach (var b in g.Stream())
            {
                foreach (var p in b.PreviousYear) previous.Add(Input(p));
                foreach (var p in b.CurrentYear) current.Add(Input(p));
            }
            var svc = platform.Services.GetRequiredService<NationalWarningService>();
            svc.Train(previous, "2023-2024 (SYNTHETIC)", "test", new ScaleTrainOptions
            {
                Target = "dropped_out", Positive = "yes", HyperParameters = ScaleTrainOptions.NationalDefaults with { Iterations = 40, MinDataPerLeaf = 20 },
            });
            var run = svc.Run(current, "test", new WarningRunOptions { Cohort = "2024-2025 (SYNTHETIC)", Threshold = 0.02 });
            var store = platform.Services.GetRequiredService<WarningStore>();
            var schools = store.ProposedByArea(run.RunId, "province").Count > 0
                ? current.Schools.Select(s => s.Id).Where(s => store.Proposals(run.RunId, s).Count > 0).Take(2).ToList() : [];
            var users = platform.Services.GetRequiredService<UserStore>();
            users.Create("directeur-national", "Direction (synthétique)", DemoPlatformFixture.Password, Roles.SchoolStaff, ScopeKinds.School, schools[0], null, "test");
            users.Create("directeur-autre", "Direction (synthétique)", DemoPlatformFixture.Password, Roles.SchoolStaff, ScopeKinds.School, schools[1], null, "test");
            return Seeded[platform] = (schools[0], schools[1], run);
        }
    }

    private static WarningPupil Input(PupilRecord r) => new()
    {
        PupilCode = r.PupilCode, SchoolId = r.SchoolId, RegionCode = r.RegionCode, ProvinceCode = r.ProvinceCode, Sex = r.Sex == 'F' ? "F" : "M",
        Milieu = r.Milieu == Milieu.Rural ? "rural" : "urban", Grade = r.Grade, DistanceKm = r.DistanceKm, Repetitions = r.Repetitions,
        SchoolTransport = r.SchoolTransport, Boarding = r.Boarding, SocialSupport = r.SocialSupport, SchoolDays = r.SchoolDays,
        AbsenceDays = r.AbsenceDays, JustifiedAbsenceDays = r.JustifiedAbsenceDays, AnnualAverage = r.AnnualAverage, DroppedOut = r.DroppedOut,
    };

    [Fact]
    public async Task The_director_sees_their_schools_list_with_explanations_and_manages_a_case_from_it()
    {
        var (school, other, run) = Seed(platform);
        var director = await platform.SignedInAsync("directeur-national");
        var html = await director.GetStringAsync("/education/early-warning/school?culture=fr&ui-culture=fr");
        var store = platform.Services.GetRequiredService<WarningStore>();
        var mine = store.Proposals(run.RunId, school).Select(p => p.DecisionId).ToList();
        var rows = Regex.Matches(html, "data-decision=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(mine, rows);
        Assert.DoesNotContain(store.Proposals(run.RunId, other)[0].DecisionId, html);
        Assert.Contains("Le taux d'absence de l'année", html.Replace("&#x27;", "'", StringComparison.Ordinal));
        Assert.Contains(run.ModelVersion, html);

        // Asking for another school's list shows nothing of it.
        var otherList = await director.GetStringAsync($"/education/early-warning/school?school={Uri.EscapeDataString(other)}");
        Assert.DoesNotContain("data-decision=", otherList);

        // Open a case from the list: back to the list, the case shows.
        var token = Regex.Match(html, "<input type=\"hidden\" name=\"(__RequestVerificationToken)\" value=\"([^\"]+)\"");
        var post = await director.PostAsync($"/education/early-warning/decisions/{mine[0]}/case", new FormUrlEncodedContent(
        [
            new(token.Groups[1].Value, WebUtility.HtmlDecode(token.Groups[2].Value)), new("action", "family_meeting"), new("note", "rendez-vous lundi"),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.StartsWith("/education/early-warning/school#pupil-", post.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var after = await director.GetStringAsync("/education/early-warning/school?culture=fr&ui-culture=fr");
        Assert.Matches($"id=\"pupil-{mine[0]}\"[\\s\\S]*?data-state=\"open\"[\\s\\S]*?Rencontre avec la famille", after);

        // The other school's director cannot open one on this pupil: not found.
        var otherDirector = await platform.SignedInAsync("directeur-autre");
        var otherHtml = await otherDirector.GetStringAsync("/education/early-warning/school");
        var otherToken = Regex.Match(otherHtml, "<input type=\"hidden\" name=\"(__RequestVerificationToken)\" value=\"([^\"]+)\"");
        var refused = await otherDirector.PostAsync($"/education/early-warning/decisions/{mine[1]}/case", new FormUrlEncodedContent(
        [
            new(otherToken.Groups[1].Value, WebUtility.HtmlDecode(otherToken.Groups[2].Value)), new("action", "tutoring"),
        ]));
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }

    [Fact]
    public async Task The_dashboard_shows_the_runs_aggregates_causes_and_alerts_and_never_a_pupil()
    {
        var (school, _, run) = Seed(platform);
        var analyst = await platform.SignedInAsync("analyste");
        foreach (var lang in new[] { "fr", "ar", "en" })
        {
            var html = await analyst.GetStringAsync($"/education/early-warning?culture={lang}&ui-culture={lang}");
            Assert.Contains(run.ModelVersion, html);
            Assert.Contains("id=\"ew-metrics-table\"", html);
            Assert.Contains("id=\"ew-causes-table\"", html);
            Assert.Contains("id=\"ew-codes-table\"", html);
            Assert.Contains("id=\"ew-map\"", html);
            Assert.Contains("id=\"ew-fairness\"", html);
            Assert.Equal(run.Alerts.Count, Regex.Matches(html, "data-alert=").Count);
            var store = platform.Services.GetRequiredService<WarningStore>();
            foreach (var p in store.Proposals(run.RunId, school)) Assert.DoesNotContain(p.DecisionId, html);
            Assert.DoesNotContain("data-decision=", html);
        }
        // Drill-down to a region: its provinces, and the causes of that region.
        var region = run.ByGroup["region"].Keys.First();
        var regional = await analyst.GetStringAsync($"/education/early-warning?region={region}");
        Assert.Contains($"data-area=\"{run.ByGroup["province"].Keys.First(p => Basira.Synth.Geography.MoroccoGeography.FindProvince(p)?.RegionCode == region)}\"", regional);
        // The director has no dashboard (aggregates are for analysts, auditors, administrators).
        var director = await platform.SignedInAsync("directeur-national");
        Assert.Equal(HttpStatusCode.Forbidden, (await director.GetAsync("/education/early-warning")).StatusCode);
    }
}
