using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Basira.Education.National;
using Basira.Governance.Access;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Server.Tests;

/// <summary>The absenteeism API and page on the demo's SYNTHETIC national population: aggregates only, within scope.</summary>
public sealed class AbsenteeismTests(DemoPlatformFixture platform) : IClassFixture<DemoPlatformFixture>
{
    /// <summary>A province with schools in the demo and an analyst scoped to it (a province officer).</summary>
    private async Task<(HttpClient Officer, string Province, string Other)> ProvinceOfficerAsync()
    {
        _ = platform.Report;
        var education = platform.Services.GetRequiredService<NationalEducation>();
        var provinces = education.Absenteeism(new AbsenteeismQuery { Level = AreaLevel.Province }, AreaScope.National)
            .Select(r => r.Key).Distinct().Order(StringComparer.Ordinal).ToList();
        var users = platform.Services.GetRequiredService<UserStore>();
        if (users.Find("officier-test") is null)
            users.Create("officier-test", "Officier provincial", DemoPlatformFixture.Password, Roles.Analyst, ScopeKinds.Province, provinces[0], null, "test");
        return (await platform.SignedInAsync("officier-test"), provinces[0], provinces[1]);
    }

    [Fact]
    public async Task The_api_gives_absence_rates_by_region_and_month_and_the_hot_spots_with_their_test()
    {
        var analyst = await platform.SignedInAsync("analyste");
        var rows = await analyst.GetFromJsonAsync<JsonArray>("/api/education/absenteeism?level=region&period=month");
        Assert.Equal(12, rows!.Select(r => r!["key"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(["level", "key", "name", "period", "pupils", "absence_rate", "sex", "milieu"], rows![0]!.AsObject().Select(kv => kv.Key));
        Assert.All(rows, r => Assert.InRange(r!["absence_rate"]!.GetValue<double>(), 0.0, 0.5));

        var bySex = await analyst.GetFromJsonAsync<JsonArray>("/api/education/absenteeism?level=province&period=week&by=sex&region=MA-06");
        Assert.All(bySex!, r => Assert.Contains(r!["sex"]!.GetValue<string>(), new[] { "F", "M" }));
        Assert.All(bySex!, r => Assert.StartsWith("MA-", r!["key"]!.GetValue<string>(), StringComparison.Ordinal));

        var hot = await analyst.GetFromJsonAsync<JsonObject>("/api/education/absenteeism/hotspots?level=province&period=week&to=2024-11-15");
        Assert.Contains("Benjamini-Hochberg", hot!["test"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("2024-W46", hot["period"]!.GetValue<string>());
        Assert.NotEmpty(hot["areas"]!.AsArray());

        Assert.Equal(HttpStatusCode.BadRequest, (await analyst.GetAsync("/api/education/absenteeism?level=country")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await analyst.GetAsync("/api/education/absenteeism?from=2025-01-01&to=2024-01-01")).StatusCode);
        var staff = await platform.SignedInAsync("directeur");
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/api/education/absenteeism")).StatusCode);
    }

    [Fact]
    public async Task A_province_officer_sees_their_province_and_nothing_else()
    {
        var (officer, province, other) = await ProvinceOfficerAsync();
        var rows = await officer.GetFromJsonAsync<JsonArray>("/api/education/absenteeism?level=school&period=month");
        Assert.NotEmpty(rows!);
        var education = platform.Services.GetRequiredService<NationalEducation>();
        Assert.All(rows!, r => Assert.Equal(province, education.FindSchool(r!["key"]!.GetValue<string>())!.Value.Province));
        // Another area is not found (as anything outside a scope); a level above the province is refused.
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/api/education/absenteeism?level=school&province={other}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/api/education/absenteeism/hotspots?level=school&province={other}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/api/education/absenteeism?level=region")).StatusCode);

        var page = await officer.GetAsync("/absenteeism");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains($"data-level=\"province\" data-key=\"{province}\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/absenteeism?province={other}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/absenteeism?region={EducationAreas.RegionOf(province)}")).StatusCode);
    }

    [Fact]
    public async Task The_demos_aref_analyst_sees_their_regions_provinces_and_schools_and_no_other_area()
    {
        _ = platform.Report;
        var users = platform.Services.GetRequiredService<UserStore>();
        var education = platform.Services.GetRequiredService<NationalEducation>();
        var aref = users.Find("analyste-aref")!;
        var director = users.Find("directeur-national")!;
        Assert.Equal((Roles.Analyst, ScopeKinds.Region), (aref.Role, aref.ScopeKind));
        var region = aref.ScopeValue!;
        Assert.Equal(education.FindSchool(director.ScopeValue!)!.Value.Region, region); // the region holding the demo's school
        Assert.Contains(platform.Report.Accounts, a => a.Username == "analyste-aref" && a.Scope == $"region:{region}");
        Assert.Contains(platform.Report.Accounts, a => a.Username == "analyste-province" && a.Scope == $"province:{education.FindSchool(director.ScopeValue!)!.Value.Province}");
        var officer = await platform.SignedInAsync("analyste-aref");

        // Only their region's rows, at every level they ask.
        var regions = await officer.GetFromJsonAsync<JsonArray>("/api/education/absenteeism?level=region&period=month");
        Assert.Equal([region], regions!.Select(r => r!["key"]!.GetValue<string>()).Distinct());
        var provinces = await officer.GetFromJsonAsync<JsonArray>("/api/education/absenteeism?level=province&period=month");
        Assert.NotEmpty(provinces!);
        Assert.All(provinces!, r => Assert.Equal(region, EducationAreas.RegionOf(r!["key"]!.GetValue<string>())));
        var schools = await officer.GetFromJsonAsync<JsonArray>($"/api/education/absenteeism?level=school&province={provinces![0]!["key"]!.GetValue<string>()}");
        Assert.NotEmpty(schools!);
        Assert.All(schools!, r => Assert.Equal(region, education.FindSchool(r!["key"]!.GetValue<string>())!.Value.Region));

        // Another region, a province or a school of another region: not found.
        var otherRegion = region == "MA-06" ? "MA-05" : "MA-06";
        var otherProvince = EducationAreas.Provinces.First(p => p.Value.Region == otherRegion).Key;
        var all = education.Absenteeism(new AbsenteeismQuery { Level = AreaLevel.School }, AreaScope.National).Select(r => r.Key).Distinct();
        var otherSchool = all.First(k => education.FindSchool(k)!.Value.Region != region);
        foreach (var url in new[]
        {
            $"/api/education/absenteeism?level=province&region={otherRegion}", $"/api/education/absenteeism?level=school&province={otherProvince}",
            $"/api/education/absenteeism?level=school&school={Uri.EscapeDataString(otherSchool)}", $"/api/education/absenteeism/hotspots?level=province&region={otherRegion}",
        })
            Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync(url)).StatusCode);

        // The page opens at their region; another region's page is not found.
        var html = await officer.GetStringAsync("/absenteeism");
        Assert.Contains($"data-level=\"region\" data-key=\"{region}\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/absenteeism?region={otherRegion}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/absenteeism?province={otherProvince}")).StatusCode);
        Assert.DoesNotContain("P-", System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", ""), StringComparison.Ordinal); // no pseudonym
    }

    [Theory]
    [InlineData("fr", "Absentéisme scolaire")]
    [InlineData("ar", "الغياب المدرسي")]
    [InlineData("en", "School absenteeism")]
    public async Task The_national_page_shows_the_map_the_regions_the_trend_and_the_test_and_no_pupil(string culture, string title)
    {
        var analyst = await platform.SignedInAsync("analyste");
        var html = await analyst.GetStringAsync($"/absenteeism?culture={culture}&ui-culture={culture}");
        Assert.Contains(title, html, StringComparison.Ordinal);
        Assert.Contains("data-viz=\"choropleth\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"absence-trend\"", html, StringComparison.Ordinal);
        Assert.Equal(12, System.Text.RegularExpressions.Regex.Matches(html, "<tr data-area=\"MA-\\d\\d\"").Count);
        Assert.Contains("id=\"abs-synthetic\"", html, StringComparison.Ordinal);
        Assert.Contains("data-test=\"one-sided two-proportion z-test", html, StringComparison.Ordinal);
        Assert.DoesNotContain("P-", System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", ""), StringComparison.Ordinal); // no pseudonym
        Assert.DoesNotContain("SYN0", html, StringComparison.Ordinal); // no source identifier

        // drill-down: a region lists its provinces, a province its schools, a school its own figures
        var region = await analyst.GetStringAsync("/absenteeism?region=MA-06");
        Assert.Contains("data-level=\"region\" data-key=\"MA-06\"", region, StringComparison.Ordinal);
        Assert.Contains("href=\"/absenteeism?province=MA-CAS\"", region, StringComparison.Ordinal);
        var province = await analyst.GetStringAsync("/absenteeism?province=MA-CAS");
        var school = System.Text.RegularExpressions.Regex.Match(province, "href=\"/absenteeism\\?school=([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(school);
        var one = await analyst.GetStringAsync($"/absenteeism?school={school}");
        Assert.Contains("data-level=\"school\"", one, StringComparison.Ordinal);
        Assert.Contains("data-group=\"F\"", one, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync("/absenteeism?province=MA-XXX")).StatusCode);
    }
}
