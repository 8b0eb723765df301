using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Basira.Education.Warning;
using Basira.Governance.Access;
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

    /// <summary>
    /// The demo's national early-warning run (the demo seeds one on its SYNTHETIC national population, with the account
    /// "directeur-national" for the school with the most pupils proposed), and a director for another school.
    /// </summary>
    internal static (string School, string OtherSchool, WarningRunReport Run) Seed(DemoPlatformFixture platform)
    {
        lock (Gate)
        {
            var run = platform.Report.Warning ?? throw new InvalidOperationException("the demo made no national early-warning run");
            var users = platform.Services.GetRequiredService<UserStore>();
            var school = users.Find("directeur-national")!.ScopeValue!;
            var other = platform.Services.GetRequiredService<WarningStore>().ProposedBySchool(run.RunId).Select(s => s.School).First(s => s != school);
            if (users.Find("directeur-autre") is null)
                users.Create("directeur-autre", "Direction (synthétique)", DemoPlatformFixture.Password, Roles.SchoolStaff, ScopeKinds.School, other, null, "test");
            return (school, other, run);
        }
    }

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

    [Fact]
    public async Task The_aref_and_province_analysts_read_their_own_areas_early_warning_aggregates_and_no_other()
    {
        var (school, _, run) = Seed(platform);
        var users = platform.Services.GetRequiredService<UserStore>();
        var store = platform.Services.GetRequiredService<WarningStore>();
        var region = users.Find("analyste-aref")!.ScopeValue!;
        var province = users.Find("analyste-province")!.ScopeValue!;
        Assert.Equal(region, Basira.Education.National.EducationAreas.RegionOf(province));
        var otherRegion = run.ByGroup["region"].Keys.First(r => r != region);
        var otherProvince = run.ByGroup["province"].Keys.First(p => p != province && Basira.Education.National.EducationAreas.RegionOf(p) == otherRegion);
        var sameRegionProvince = run.ByGroup["province"].Keys.FirstOrDefault(p => p != province && Basira.Education.National.EducationAreas.RegionOf(p) == region);

        // The AREF analyst: the run counted in their region, its groups and causes only.
        var aref = await platform.SignedInAsync("analyste-aref");
        var runs = await aref.GetFromJsonAsync<JsonArray>("/api/education/early-warning/runs");
        var mine = runs!.Single(r => r!["id"]!.GetValue<string>() == run.RunId)!;
        Assert.Equal(region, mine["area"]!.GetValue<string>());
        Assert.Equal(run.ByGroup["region"][region].Pupils, mine["pupils"]!.GetValue<long>());
        Assert.Equal(run.ByGroup["region"][region].Proposed, mine["proposed"]!.GetValue<long>());
        Assert.Null(mine["schools"]);
        var latest = (await aref.GetFromJsonAsync<JsonObject>("/api/education/early-warning/runs/latest"))!["run"]!;
        Assert.Null(latest["overall"]);
        Assert.Empty(latest["alerts"]!.AsArray());
        Assert.All(latest["groups"]!.AsArray(), g => Assert.Equal(region, g!["attributes"]!.GetValue<string>() == "region"
            ? g["key"]!.GetValue<string>() : g["parent"]!.GetValue<string>()));
        var causes = await aref.GetFromJsonAsync<JsonObject>("/api/education/early-warning/causes");
        Assert.Equal([region], causes!["areas"]!.AsArray().Select(a => a!["area"]!.GetValue<string>()));
        var provinceCauses = await aref.GetFromJsonAsync<JsonObject>("/api/education/early-warning/causes?level=province");
        Assert.NotEmpty(provinceCauses!["areas"]!.AsArray());
        Assert.All(provinceCauses["areas"]!.AsArray(), a => Assert.Equal(region, a!["parent"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, (await aref.GetAsync($"/api/education/early-warning/causes?level=region&area={otherRegion}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await aref.GetAsync($"/api/education/early-warning/causes?level=province&area={otherProvince}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await aref.GetAsync("/api/education/early-warning/causes?level=national")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await aref.GetAsync("/api/education/early-warning/causes?level=sex_milieu")).StatusCode);
        var page = await aref.GetStringAsync("/education/early-warning");
        Assert.Contains($"data-run-area=\"{region}\"", page, StringComparison.Ordinal);
        Assert.Contains($"data-area=\"{province}\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-area=\"{otherProvince}\"", page, StringComparison.Ordinal);
        foreach (var p in store.Proposals(run.RunId, school)) Assert.DoesNotContain(p.DecisionId, page);
        Assert.Equal(HttpStatusCode.NotFound, (await aref.GetAsync($"/education/early-warning?region={otherRegion}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await aref.GetAsync($"/education/early-warning?province={otherProvince}")).StatusCode);
        // The country-wide views stay national: audits and the audit log, planning.
        Assert.Equal(HttpStatusCode.Forbidden, (await aref.GetAsync("/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await aref.GetAsync("/api/governance/audit/log")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await aref.GetAsync("/api/education/planning/scenario")).StatusCode);
        var home = await aref.GetStringAsync("/?culture=en&ui-culture=en");
        Assert.Contains("id=\"home-national\"", home, StringComparison.Ordinal);
        Assert.DoesNotContain("National figures", home, StringComparison.Ordinal);
        Assert.Contains($"Figures: {WebUtility.HtmlDecode(Basira.Server.Components.Viz.MoroccoAreas.RegionName(region, "en"))}", WebUtility.HtmlDecode(home), StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/audit\"", home, StringComparison.Ordinal);
        Assert.DoesNotContain("data-figure=\"objections_open\"", home, StringComparison.Ordinal);
        Assert.All(Regex.Matches(home, "data-province=\"([^\"]+)\" data-region=\"([^\"]+)\""), m => Assert.Equal(region, m.Groups[2].Value));

        // The province officer: their province; the region level is above them, a neighbouring province is not found.
        var officer = await platform.SignedInAsync("analyste-province");
        var theirs = (await officer.GetFromJsonAsync<JsonArray>("/api/education/early-warning/runs"))!.Single(r => r!["id"]!.GetValue<string>() == run.RunId)!;
        Assert.Equal((province, run.ByGroup["province"][province].Pupils), (theirs["area"]!.GetValue<string>(), theirs["pupils"]!.GetValue<long>()));
        var own = await officer.GetFromJsonAsync<JsonObject>("/api/education/early-warning/causes");
        Assert.Equal([province], own!["areas"]!.AsArray().Select(a => a!["area"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync($"/api/education/early-warning/causes?level=region&area={region}")).StatusCode);
        if (sameRegionProvince is not null)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/api/education/early-warning/causes?level=province&area={sameRegionProvince}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/education/early-warning?province={sameRegionProvince}")).StatusCode);
        }
        var officerPage = await officer.GetStringAsync("/education/early-warning");
        Assert.Contains($"data-run-area=\"{province}\"", officerPage, StringComparison.Ordinal);
        Assert.Contains("id=\"ew-causes-table\"", officerPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/education/early-warning?region={region}")).StatusCode);
    }
}
