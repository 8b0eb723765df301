using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Basira.Server.Tests;

public sealed partial class PlatformTests(DemoPlatformFixture platform) : IClassFixture<DemoPlatformFixture>
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Health_reports_the_embedded_store()
    {
        var h = await platform.CreateClient().GetFromJsonAsync<JsonObject>("/health");
        Assert.Equal("ok", h!["status"]!.GetValue<string>());
        Assert.Equal("sqlite", h["store"]!.GetValue<string>());
    }

    [Fact]
    public async Task Register_is_public_and_generated_from_the_live_model()
    {
        _ = platform.Report;
        var reg = await platform.CreateClient().GetFromJsonAsync<JsonObject>("/api/governance/register?lang=en");
        var entry = reg!["entries"]!.AsArray().Single(e => e!["uuid"]!.GetValue<string>() == "edu.dropout-early-warning")!;
        Assert.Equal("in_use", entry["status"]!.GetValue<string>());
        Assert.Equal(platform.Report.Training.Version, entry["model_version"]!.GetValue<string>());
        Assert.Equal(platform.Report.Training.ContentHash, entry["model_hash"]!.GetValue<string>());
        Assert.Equal(64, entry["model_hash"]!.GetValue<string>().Length);
        Assert.True(entry["performance"]!["metrics"]!["roc_auc"]!.GetValue<double>() > 0.7);
        Assert.NotNull(entry["non_discrimination"]!["latest_audit"]!["report"]!["sex"]);
        Assert.Equal("model_recommendation_human_decides", entry["degree_of_automation"]!.GetValue<string>());
        Assert.NotNull(entry["model_card"]!["intended_use"]);
    }

    [Theory]
    [InlineData("fr", "ltr", "Registre des algorithmes")]
    [InlineData("ar", "rtl", "سجل الخوارزميات")]
    [InlineData("en", "ltr", "Algorithm register")]
    public async Task Register_page_is_offered_in_three_languages(string culture, string dir, string title)
    {
        _ = platform.Report;
        var html = await platform.CreateClient().GetStringAsync($"/register?culture={culture}&ui-culture={culture}");
        Assert.Contains($"lang=\"{culture}\" dir=\"{dir}\"", html);
        Assert.Contains(title, html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", "", StringComparison.Ordinal)); // no external assets
    }

    [Theory]
    [InlineData("fr", "Proposé pour un accompagnement", "Taux de sélection", "Sexe × milieu")]
    [InlineData("ar", "مقترح للمواكبة", "نسبة الانتقاء", "الجنس × الوسط")]
    public async Task Decision_list_and_audit_pages_show_words_not_codes(string culture, string proposed, string selection, string intersection)
    {
        var director = await platform.SignedInAsync("directeur");
        var list = WebUtility.HtmlDecode(await director.GetStringAsync($"/decisions?culture={culture}&ui-culture={culture}"));
        Assert.Contains(proposed, list);
        Assert.DoesNotContain("<td>flagged</td>", list);
        Assert.DoesNotContain("school_staff", list);
        // the main factor is named in words (the label of a model input), not by its column code
        Assert.DoesNotContain("<td>absence_days</td>", list);

        var auditor = await platform.SignedInAsync("auditeur");
        var audit = WebUtility.HtmlDecode(await auditor.GetStringAsync($"/audit?culture={culture}&ui-culture={culture}"));
        Assert.Contains(selection, audit);
        Assert.Contains(intersection, audit);
        Assert.DoesNotContain(">selection_rate<", audit);
        var status = System.Text.RegularExpressions.Regex.Match(audit, "<strong id=\"audit-status-[^\"]+\" data-status=\"([a-z_]+)\">([^<]+)</strong>");
        Assert.True(status.Success, "the audit's status is on the page");
        Assert.Equal(Basira.Governance.Notices.NoticeBuilder.T(culture, "fairness_status_" + status.Groups[1].Value), status.Groups[2].Value); // in words
        Assert.NotEqual(status.Groups[1].Value, status.Groups[2].Value);

        // national figures are for signed-in analysts, auditors and administrators only
        var anonymous = await platform.CreateClient().GetStringAsync("/?culture=fr&ui-culture=fr");
        Assert.DoesNotContain("id=\"national-figures\"", anonymous);
        Assert.Contains("id=\"home-register-link\"", anonymous);
    }

    [Fact]
    public async Task A_refused_review_step_on_a_page_answers_with_a_page_in_the_readers_language()
    {
        var reviewer = await platform.SignedInAsync("reviseur");
        var queue = await reviewer.GetStringAsync("/objections?culture=fr&ui-culture=fr");
        var token = System.Text.RegularExpressions.Regex.Match(queue, "name=\"(__RequestVerificationToken[^\"]*)\" value=\"([^\"]+)\"");
        Assert.True(token.Success, "the queue page carries an antiforgery token");
        // an outcome that does not exist: refused as bad input, nothing changes
        var r = await reviewer.PostAsync($"/objections/{platform.Report.ObjectionId}/decide?culture=fr&ui-culture=fr", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [token.Groups[1].Value] = WebUtility.HtmlDecode(token.Groups[2].Value), ["outcome"] = "bogus", ["reasoning"] = "x",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("text/html", r.Content.Headers.ContentType!.MediaType);
        var html = WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());
        Assert.Contains("Saisie refusée", html);
        Assert.Contains("lang=\"fr\"", html);
        var o = await reviewer.GetFromJsonAsync<JsonObject>($"/api/governance/objections/{platform.Report.ObjectionId}");
        Assert.NotEqual("decided", o!["objection"]!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Register_is_written_in_arabic_in_the_json_and_on_the_page()
    {
        _ = platform.Report;
        var goal = Basira.Education.EarlyWarning.DropoutAlgorithm.Descriptor.Goal;
        var reg = await platform.CreateClient().GetFromJsonAsync<JsonObject>("/api/governance/register?lang=ar");
        var entry = reg!["entries"]!.AsArray().Single(e => e!["uuid"]!.GetValue<string>() == "edu.dropout-early-warning")!;
        Assert.Equal(goal.Ar, entry["goal"]!.GetValue<string>());
        // The trained model's card sentences too, phrased from its stored facts.
        Assert.Contains("الفوج السابق", entry["training_data"]!.GetValue<string>());
        Assert.Contains("محجوزة للتقييم", entry["performance"]!["protocol"]!.GetValue<string>());
        Assert.Contains("أشجار التعزيز", entry["methods_and_models"]!["learner"]!.GetValue<string>());
        Assert.Contains("الإشعار", entry["objection_procedure"]!.GetValue<string>());

        var html = await platform.CreateClient().GetStringAsync("/register?culture=ar&ui-culture=ar");
        Assert.Contains("lang=\"ar\" dir=\"rtl\"", html);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(goal.Ar), html);
        Assert.Contains("الفوج السابق", html);
        Assert.DoesNotContain(System.Net.WebUtility.HtmlEncode(goal.En), html);
        Assert.DoesNotContain(System.Net.WebUtility.HtmlEncode(goal.Fr), html);
        // Every field is labelled in Arabic, not with its JSON key.
        Assert.Contains("<dt data-field=\"goal\">الهدف</dt>", html);
        foreach (var (k, v) in entry.AsObject())
            if (k != "name" && v is not null) Assert.DoesNotContain($"data-field=\"{k}\">{k}</dt>", html);
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("ar")]
    [InlineData("en")]
    public async Task Every_register_entry_labels_its_fields_and_codes_in_words(string culture)
    {
        // every algorithm of the demo (dropout, national warning, matching, training, career paths, load shedding), every
        // nested field and every code (automation level, risk category, attribute): a label equal to its key is a missing text
        var html = await platform.CreateClient().GetStringAsync($"/register?culture={culture}&ui-culture={culture}");
        var raw = System.Text.RegularExpressions.Regex.Matches(html, "<dt data-field=\"([^\"]+)\">\\1</dt>|data-code=\"([^\"]+)\">\\2</span>")
            .Select(m => m.Value).ToList();
        Assert.True(raw.Count == 0, string.Join(", ", raw));
    }

    [Fact]
    public async Task Every_register_entry_says_its_training_data_and_evaluation_in_arabic()
    {
        // learned models fill the sentence with their facts; rules (shedding, matching, training, career paths) have none
        _ = platform.Report; // the demo has registered a model or rule for every algorithm
        var register = (await platform.CreateClient().GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/governance/register?lang=ar"))!;
        var entries = register["entries"]!.AsArray();
        Assert.True(entries.Count >= 6, $"{entries.Count} entries");
        foreach (var e in entries)
            foreach (var text in new[] { e!["training_data"], e["performance"]?["protocol"] })
                Assert.True(text is not null && System.Text.RegularExpressions.Regex.IsMatch(text.GetValue<string>(), @"\p{IsArabic}"), $"{e["uuid"]}: {text}");
    }

    [Fact]
    public async Task Stylesheet_is_served_from_the_assembly()
    {
        var r = await platform.CreateClient().GetAsync("/basira.css");
        Assert.Equal("text/css", r.Content.Headers.ContentType!.MediaType);
        Assert.Contains("--band", await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_document_is_served()
    {
        var doc = await platform.CreateClient().GetFromJsonAsync<JsonObject>("/openapi/v1.json");
        Assert.StartsWith("3.", doc!["openapi"]!.GetValue<string>());
        Assert.NotNull(doc["paths"]!["/api/governance/register"]);
        Assert.NotNull(doc["paths"]!["/api/governance/decisions/{id}/notice"]);
    }

    [Fact]
    public async Task Personal_data_needs_sign_in()
    {
        var r = await platform.CreateClient().GetAsync("/api/governance/decisions");
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
    }

    [Fact]
    public async Task A_guardian_sees_only_their_own_decision()
    {
        var c = await platform.SignedInAsync("tuteur2");
        var mine = await c.GetFromJsonAsync<JsonArray>("/api/governance/decisions");
        Assert.Single(mine!);
        Assert.Equal(platform.Report.OpenDecisionId, mine![0]!["id"]!.GetValue<string>());
        var other = await c.GetAsync($"/api/governance/decisions/{platform.Report.ObjectionDecisionId}");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task Explanation_is_exact_and_notice_lists_what_it_used()
    {
        var c = await platform.SignedInAsync("directeur");
        var e = await c.GetFromJsonAsync<JsonObject>($"/api/governance/decisions/{platform.Report.OpenDecisionId}/explanation");
        var raw = e!["raw_score"]!.GetValue<double>();
        var baseline = e["baseline"]!.GetValue<double>();
        var sum = e["contributions"]!.AsArray().Sum(x => x!["value"]!.GetValue<double>());
        Assert.Equal(raw - baseline, sum, 6);
        var n = await c.GetFromJsonAsync<JsonObject>($"/api/governance/decisions/{platform.Report.OpenDecisionId}/notice?level=L2&lang=ar");
        Assert.Equal("rtl", n!["direction"]!.GetValue<string>());
        Assert.Equal(e["contributions"]!.AsArray().Count, n["data_used"]!.AsArray().Count);
        Assert.Equal(3, n["top_factors"]!.AsArray().Count);
        Assert.DoesNotContain(n["data_used"]!.AsArray(), f => f!["feature"]!.GetValue<string>() is "sex" or "milieu" or "region");
        // field 12: the nearest actionable flip, checked by re-scoring (Arabic text, the probability under the threshold)
        Assert.Contains("دون العتبة", n["counterfactual"]!.GetValue<string>());
        var page = await c.GetStringAsync($"/decisions/{platform.Report.OpenDecisionId}?culture=fr");
        Assert.Contains("id=\"counterfactual\"", page);
        Assert.Contains("Ce qui aurait changé le résultat", System.Net.WebUtility.HtmlDecode(page));
    }

    [Fact]
    public async Task Objection_is_filed_reviewed_by_another_person_and_written_back()
    {
        var guardian = await platform.SignedInAsync("tuteur2");
        var filed = await guardian.PostAsJsonAsync($"/api/governance/decisions/{platform.Report.OpenDecisionId}/objections",
            new { grounds = "unfair", statement = "Ma fille a changé d'école en cours d'année." });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var o = await filed.Content.ReadFromJsonAsync<JsonObject>();
        var id = o!["id"]!.GetValue<string>();
        Assert.Equal("acknowledged", o["state"]!.GetValue<string>());

        var director = await platform.SignedInAsync("directeur");
        var refused = await director.PostAsync($"/api/governance/objections/{id}/review", null);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode); // school staff see the decision but do not review

        var reviewer = await platform.SignedInAsync("reviseur");
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostAsync($"/api/governance/objections/{id}/review", null)).StatusCode);
        var decided = await reviewer.PostAsJsonAsync($"/api/governance/objections/{id}/decide", new { outcome = "reversed", reasoning = "Changement d'école documenté." });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        var d = await guardian.GetFromJsonAsync<JsonObject>($"/api/governance/decisions/{platform.Report.OpenDecisionId}");
        Assert.Equal("not_flagged", d!["current_outcome"]!.GetValue<string>());
        Assert.Equal("flagged", d["decision"]!["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_objection_input_is_a_problem_details_400()
    {
        var guardian = await platform.SignedInAsync("tuteur1");
        var r = await guardian.PostAsJsonAsync($"/api/governance/decisions/{platform.Report.ObjectionDecisionId}/objections", new { grounds = "because", statement = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        Assert.Contains("grounds", await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Auditor_verifies_an_intact_chain_that_logged_the_reads()
    {
        var auditor = await platform.SignedInAsync("auditeur");
        var v = await auditor.GetFromJsonAsync<JsonObject>("/api/governance/audit/verify");
        Assert.True(v!["intact"]!.GetValue<bool>());
        var log = await auditor.GetFromJsonAsync<JsonArray>("/api/governance/audit/log?limit=1000");
        Assert.Contains(log!, e => e!["action"]!.GetValue<string>() == "decision.recorded");
        // No identity in the log: pupil ids (SYN-000123) appear only as pseudonyms (P-…), and names never appear.
        Assert.DoesNotContain(log!, e => System.Text.RegularExpressions.Regex.IsMatch(e!.ToJsonString(), @"SYN-\d{6}"));
        Assert.Contains(log!, e => e!["subject"]?.GetValue<string>() is { } s && s.StartsWith("P-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_guardian_cannot_read_the_audit_log()
    {
        var guardian = await platform.SignedInAsync("tuteur2");
        Assert.Equal(HttpStatusCode.Forbidden, (await guardian.GetAsync("/api/governance/audit/verify")).StatusCode);
    }

    [Fact]
    public async Task The_school_director_takes_the_human_decision_and_a_guardian_cannot()
    {
        var director = await platform.SignedInAsync("directeur");
        var list = await director.GetFromJsonAsync<JsonArray>("/api/governance/decisions?limit=3");
        var id = list![^1]!["id"]!.GetValue<string>();
        var r = await director.PostAsJsonAsync($"/api/governance/decisions/{id}/human-decision", new { confirm = false, reason = "Already followed by the social worker." });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var d = await director.GetFromJsonAsync<JsonObject>($"/api/governance/decisions/{id}");
        Assert.Equal("declined:flagged", d!["current_outcome"]!.GetValue<string>());
        Assert.Equal("human_decision", d["revisions"]!.AsArray()[^1]!["kind"]!.GetValue<string>());

        var guardian = await platform.SignedInAsync("tuteur2");
        var refused = await guardian.PostAsJsonAsync($"/api/governance/decisions/{platform.Report.OpenDecisionId}/human-decision", new { confirm = true, reason = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var empty = await director.PostAsJsonAsync($"/api/governance/decisions/{id}/human-decision", new { confirm = true, reason = " " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }
}
