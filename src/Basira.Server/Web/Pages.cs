using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Basira.Governance.Access;
using Basira.Governance.Audit;
using Basira.Governance.Decisions;
using Basira.Governance.Models;
using Basira.Governance.Notices;
using Basira.Governance.Objections;
using Basira.Governance.Register;
using Basira.Governance.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using static Basira.Server.Web.Ui;

namespace Basira.Server.Web;

/// <summary>The web shell: register, decisions, a decision's notice with the objection form, review queue, audit view.</summary>
public static class Pages
{
    public static IEndpointRouteBuilder MapBasiraPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", Home).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/login", (HttpContext http, string? failed, string? returnUrl) => LoginPage(http, failed, returnUrl)).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/login", Login).AllowAnonymous().ExcludeFromDescription().RequireRateLimiting(WebSetup.SignInRateLimit);
        app.MapPost("/logout", async (HttpContext http) => { await WebSetup.SignOutUserAsync(http); return Results.Redirect("/"); })
            .RequireAntiforgeryToken().ExcludeFromDescription();
        app.MapGet("/register", Register).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/decisions", DecisionList).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/decisions/{id}", Notice).RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/decisions/{id}/objections", FileObjection).RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/decisions/{id}/human-decision", HumanDecision).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/objections", Queue).RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/objections/{id}/review", StartReview).RequireAuthorization().RequireAntiforgeryToken().ExcludeFromDescription();
        app.MapPost("/objections/{id}/decide", Decide).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/audit", AuditPage).RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    private static IResult Home(HttpContext http, DecisionStore decisions, ModelStore models)
    {
        var sb = new StringBuilder();
        sb.Append($"<p class=\"banner\" role=\"note\">{H(T("demo_banner"))}</p><p>{H(T("intro"))}</p><ul>");
        sb.Append($"<li><a href=\"/register\">{H(T("register"))}</a></li><li><a href=\"/decisions\">{H(T("decisions"))}</a></li>");
        sb.Append($"<li><a href=\"/objections\">{H(T("objections"))}</a></li><li><a href=\"/audit\">{H(T("audit"))}</a></li></ul>");
        if (http.GetPrincipal() is not null)
            sb.Append($"<p class=\"small\">{H(string.Format(CultureInfo.InvariantCulture, T("home_counts"), models.All().Count, decisions.Count()))}</p>");
        return Layout.Page(http, T("app"), sb.ToString());
    }

    private static IResult LoginPage(HttpContext http, string? failed, string? returnUrl)
    {
        var err = failed is null ? "" : $"<p class=\"bad\" role=\"alert\">{H(T(failed == "locked" ? "login_locked" : "login_failed"))}</p>";
        var back = IsLocalPath(returnUrl) ? $"<input type=\"hidden\" name=\"returnUrl\" value=\"{H(returnUrl)}\">" : "";
        var body = $"""
            {err}<form method="post" action="/login">{Layout.Antiforgery(http)}{back}
            <label for="username">{H(T("username"))}</label><input id="username" name="username" autocomplete="username" required>
            <label for="password">{H(T("password"))}</label><input id="password" name="password" type="password" autocomplete="current-password" required>
            <p><button type="submit">{H(T("login"))}</button></p></form>
            """;
        return Layout.Page(http, T("login"), body);
    }

    /// <summary>
    /// True for a path on this site: one leading '/', not "//" or "/\" (which browsers read as another host), no control
    /// characters. Anything else is never used as a redirect target.
    /// </summary>
    internal static bool IsLocalPath([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl);

    private static async Task<IResult> Login(HttpContext http, UserStore users, [FromForm] string username, [FromForm] string password)
    {
        // The return path comes from the form (hidden field) or, for older links, the query string.
        var returnUrl = http.Request.Form["returnUrl"].FirstOrDefault() ?? http.Request.Query["returnUrl"].FirstOrDefault();
        var attempt = users.Attempt(username, password);
        if (attempt.Account is not { } u)
            return Results.Redirect($"/login?failed={(attempt.LockedOut ? "locked" : "1")}"
                + (IsLocalPath(returnUrl) ? "&returnUrl=" + Uri.EscapeDataString(returnUrl) : ""));
        await WebSetup.SignInUserAsync(http, u);
        var target = IsLocalPath(returnUrl) ? returnUrl : u.Role switch
        {
            Roles.Reviewer => "/objections",
            Roles.Auditor => "/audit",
            _ => "/decisions",
        };
        return Results.LocalRedirect(target);
    }

    private static IResult Register(HttpContext http, AlgorithmRegister register)
    {
        var reg = register.Build(Lang);
        var sb = new StringBuilder();
        sb.Append($"<p>{H(reg["standard_version"]?.ToString())} · {H(reg["publication_date"]?.ToString())} · <a href=\"/api/governance/register?lang={Lang}\">JSON</a></p>");
        foreach (var e in reg["entries"]!.AsArray())
        {
            var o = e!.AsObject();
            sb.Append($"<section class=\"card\" id=\"{H(o["uuid"]?.ToString())}\" aria-labelledby=\"h-{H(o["uuid"]?.ToString())}\"><h2 id=\"h-{H(o["uuid"]?.ToString())}\">{H(o["name"]?.ToString())}</h2><dl class=\"fields\">");
            foreach (var (k, v) in o)
            {
                if (k is "name" || v is null) continue;
                var text = v is JsonValue ? v.ToString() : v.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
                var label = T("reg." + k);
                sb.Append($"<dt data-field=\"{H(k)}\">{H(label == "reg." + k ? k : label)}</dt><dd>{(v is JsonValue ? H(text) : $"<pre>{H(text)}</pre>")}</dd>");
            }
            sb.Append("</dl></section>");
        }
        return Layout.Page(http, T("register"), sb.ToString());
    }

    /// <summary>An outcome code (flagged, not_flagged, declined:…) in the page's language.</summary>
    internal static string OutcomeLabel(string outcome) =>
        outcome.StartsWith("declined:", StringComparison.Ordinal) ? T("out_declined") : Label("out_", outcome);

    /// <summary>A code (role, scope kind, protected attribute…) in the page's language; the code itself when it has no text.</summary>
    private static string Label(string prefix, string? code) => code is null ? "" : T(prefix + code) is var t && t != prefix + code ? t : code;

    private static IResult DecisionList(HttpContext http, DecisionStore store, AlgorithmCatalog catalog, string? outcome)
    {
        var p = http.GetPrincipal()!;
        var list = store.List(p, outcome: outcome ?? (p.Role == Roles.Citizen ? null : "flagged"), limit: 200);
        var sb = new StringBuilder($"<p class=\"banner\" role=\"note\">{H(T("demo_banner"))}</p>");
        if (list.Count == 0) sb.Append($"<p>{H(T("none"))}</p>");
        else
        {
            sb.Append($"<table><caption>{H(T("decisions"))} · {H(Label("role_", p.Role))} · {H(Label("scope_", p.ScopeKind))} {H(p.ScopeValue)}</caption><thead><tr><th scope=\"col\">{H(T("rank"))}</th><th scope=\"col\">{H(T("subject"))}</th><th scope=\"col\">{H(T("school"))}</th><th scope=\"col\">{H(T("probability"))}</th><th scope=\"col\">{H(T("outcome"))}</th><th scope=\"col\">{H(T("main_factors"))}</th></tr></thead><tbody>");
            foreach (var d in list)
            {
                var top = d.Contributions.OrderByDescending(c => Math.Abs(c.Value)).First();
                var factor = catalog.Find(d.Algorithm)?.FeatureLabels.GetValueOrDefault(top.Feature)?.In(Lang) ?? top.Feature;
                sb.Append($"<tr><td>{d.RankPosition}</td><td><a href=\"/decisions/{H(d.Id)}\">{H(d.Subject)}</a></td><td>{H(d.Scope.Unit)}</td><td>{d.Output.ToString("0.000", CultureInfo.InvariantCulture)}</td><td>{H(OutcomeLabel(store.CurrentOutcome(d)))}</td><td>{H(factor)}</td></tr>");
            }
            sb.Append("</tbody></table>");
        }
        return Layout.Page(http, T("decisions"), sb.ToString());
    }

    private static IResult Notice(HttpContext http, NoticeService notices, ObjectionService objections, DecisionStore decisions, string id, string? receipt)
    {
        var p = http.GetPrincipal()!;
        var n = notices.Build(p, id, "L2", Lang);
        if (n is null) return Layout.Page(http, T("not_found"), $"<p>{H(T("not_found"))}</p>", 404);
        var sb = new StringBuilder();
        if (receipt is not null) sb.Append($"<p class=\"ok\" role=\"status\" id=\"receipt\">{H(T("objection_received"))} {H(receipt)}</p>");
        sb.Append($"<p class=\"banner\" role=\"note\">{H(T("demo_banner"))}</p>");
        sb.Append($"<section class=\"card\" aria-labelledby=\"l1\"><h2 id=\"l1\">{H(T("notice"))}</h2><p><strong>{H(n.AlgorithmicProcessingMention)}</strong></p><dl class=\"fields\">");
        void F(string k, string? v) => sb.Append($"<dt>{H(T(k))}</dt><dd>{H(v)}</dd>");
        F("decision_id", n.DecisionId);
        F("issued_at", n.IssuedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));
        F("authority", n.IssuingAuthority + " · " + n.ControllerContact + " · DPO " + n.DpoContact);
        F("purpose", n.Purpose);
        F("outcome", n.DecisionOutcome);
        F("effect", n.LegalEffect);
        F("automation", n.DegreeOfAutomationText + " — " + n.HumanDecider);
        F("status", n.StatusNow);
        sb.Append("</dl>");
        sb.Append($"<h3>{H(T("main_factors"))}</h3><ol id=\"top-factors\">");
        foreach (var f in n.TopFactors) sb.Append($"<li>{H(f.Sentence)}</li>");
        sb.Append("</ol>");
        sb.Append($"<p>{H(T("model"))} : <a href=\"{H(n.ModelReference)}\">{H(n.ModelVersion)}</a> · <code>{H(n.ModelHash[..Math.Min(16, n.ModelHash.Length)])}…</code></p>");
        sb.Append($"<h3>{H(T("rights"))}</h3><p>{H(n.Rights)}</p></section>");

        sb.Append($"<details class=\"card\"><summary>{H(T("notice_l2"))}</summary><p>{H(n.ModeOfContribution)}</p>");
        var pa = n.ParametersApplied!;
        sb.Append($"<p>{H(T("baseline"))} {pa.Baseline.ToString("0.0000", CultureInfo.InvariantCulture)} + Σ {pa.SumOfContributions.ToString("0.0000", CultureInfo.InvariantCulture)} = {H(T("raw_score"))} {pa.RawScore.ToString("0.0000", CultureInfo.InvariantCulture)} → {H(T("probability"))} {pa.Probability.ToString("0.000", CultureInfo.InvariantCulture)} ({H(T("threshold"))} {pa.Threshold.ToString("0.000", CultureInfo.InvariantCulture)})</p>");
        sb.Append($"<table><thead><tr><th scope=\"col\">{H(T("feature"))}</th><th scope=\"col\">{H(T("value"))}</th><th scope=\"col\">{H(T("source"))}</th><th scope=\"col\">{H(T("as_of"))}</th><th scope=\"col\">{H(T("contribution"))}</th></tr></thead><tbody>");
        foreach (var f in n.DataUsed!.OrderByDescending(f => Math.Abs(f.Contribution)))
            sb.Append($"<tr><td>{H(f.Label)}</td><td>{H(f.Value)}</td><td>{H(f.Source)}</td><td>{H(f.AsOf ?? "—")}</td><td class=\"{(f.Contribution > 0 ? "pos" : "neg")}\">{f.Contribution.ToString("+0.0000;-0.0000;0", CultureInfo.InvariantCulture)}</td></tr>");
        sb.Append("</tbody></table>");
        sb.Append($"<h4>{H(T("operations"))}</h4><ol>");
        foreach (var o in n.Operations!) sb.Append($"<li>{H(o)}</li>");
        sb.Append($"</ol><p><strong>{H(T("uncertainty"))}</strong> : {H(n.Uncertainty)}</p><p><strong>{H(T("fairness"))}</strong> : {H(n.FairnessStatement)}</p>");
        if (n.Counterfactual is { } cf) sb.Append($"<p id=\"counterfactual\"><strong>{H(T("counterfactual"))}</strong> : {H(cf)}</p>");
        foreach (var w in n.WithheldItems!) sb.Append($"<p class=\"small\">{H(w)}</p>");
        sb.Append("</details>");

        if (AccessPolicy.CanDecide(p) && decisions.HumanDecisionRefusal(id) is not null)
            sb.Append($"<section class=\"card\" id=\"human-decision\" aria-labelledby=\"hd-h\"><h2 id=\"hd-h\">{H(T("human_decision"))}</h2><p id=\"hd-locked\">{H(T("hd_locked"))}</p></section>");
        else if (AccessPolicy.CanDecide(p))
            sb.Append($"""
                <section class="card" id="human-decision" aria-labelledby="hd-h"><h2 id="hd-h">{H(T("human_decision"))}</h2>
                <form method="post" action="/decisions/{H(id)}/human-decision">{Layout.Antiforgery(http)}
                <label for="confirm">{H(T("outcome"))}</label><select id="confirm" name="confirm">
                <option value="true">{H(T("hd_confirm"))}</option><option value="false">{H(T("hd_decline"))}</option></select>
                <label for="reason">{H(T("reasoning"))}</label><textarea id="reason" name="reason" required></textarea>
                <p><button type="submit">{H(T("decide"))}</button></p></form></section>
                """);
        var existing = objections.ForDecision(id);
        if (existing.Count > 0)
        {
            sb.Append($"<section class=\"card\"><h2>{H(T("objections"))}</h2><ul id=\"objection-list\">");
            foreach (var o in existing) sb.Append($"<li>{H(o.Id)} · {H(NoticeBuilder.T(Lang, "state_" + o.State))}{(o.Outcome is null ? "" : " · " + H(T("o_" + o.Outcome)))}</li>");
            sb.Append("</ul></section>");
        }
        // Only the person concerned files an objection; an administrator records one received offline (with its channel).
        if (objections.MayFile(p, id)) sb.Append($"""
            <section class="card" id="objection" aria-labelledby="obj-h"><h2 id="obj-h">{H(T("object_title"))}</h2>
            <p>{H(T("deadline"))} : {n.ObjectionDeadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}</p>
            <form method="post" action="/decisions/{H(id)}/objections">{Layout.Antiforgery(http)}
            {(p.Role == Roles.Admin ? $"<label for=\"channel\">{H(T("channel"))}</label><select id=\"channel\" name=\"channel\"><option value=\"paper\">{H(T("ch_paper"))}</option><option value=\"phone\">{H(T("ch_phone"))}</option><option value=\"counter\">{H(T("ch_counter"))}</option></select>" : "")}
            <label for="grounds">{H(T("grounds"))}</label><select id="grounds" name="grounds">
            <option value="data_error">{H(T("g_data_error"))}</option><option value="wrong_rule">{H(T("g_wrong_rule"))}</option>
            <option value="unfair">{H(T("g_unfair"))}</option><option value="other">{H(T("g_other"))}</option></select>
            <label for="statement">{H(T("statement"))}</label><textarea id="statement" name="statement" required maxlength="4000"></textarea>
            <p><button type="submit">{H(T("submit_objection"))}</button></p></form></section>
            """);
        return Layout.Page(http, T("notice") + " " + n.DecisionId, sb.ToString());
    }

    private static IResult FileObjection(HttpContext http, ObjectionService svc, string id, [FromForm] string grounds, [FromForm] string statement,
        [FromForm] string? channel)
    {
        var p = http.GetPrincipal()!;
        // An administrator records an objection received offline and names its channel; the person's own is "web".
        var o = svc.File(p, id, grounds, statement, p.Role == Roles.Admin ? channel ?? "" : ObjectionChannels.Web);
        o = svc.Acknowledge(o.Id);
        return Results.Redirect($"/decisions/{Uri.EscapeDataString(id)}?receipt={Uri.EscapeDataString(o.Receipt)}");
    }

    private static IResult HumanDecision(HttpContext http, DecisionStore store, string id, [FromForm] bool confirm, [FromForm] string reason)
    {
        try
        {
            return store.RecordHumanDecision(http.GetPrincipal()!, id, confirm, reason) is null
                ? Layout.Page(http, T("not_found"), $"<p>{H(T("not_found"))}</p>", 404)
                : Results.Redirect($"/decisions/{Uri.EscapeDataString(id)}");
        }
        catch (UnauthorizedAccessException) { return Layout.Page(http, T("forbidden"), $"<p>{H(T("forbidden"))}</p>", 403); }
        catch (WorkflowException) { return Layout.Page(http, T("human_decision"), $"<p class=\"bad\" role=\"alert\">{H(T("hd_locked"))}</p>", 409); }
    }

    private static IResult Queue(HttpContext http, ObjectionService svc, DecisionStore store)
    {
        var p = http.GetPrincipal()!;
        if (!AccessPolicy.CanReview(p) && !AccessPolicy.CanAudit(p)) return Layout.Page(http, T("forbidden"), $"<p>{H(T("forbidden"))}</p>", 403);
        var q = svc.Queue(p);
        var sb = new StringBuilder();
        if (q.Count == 0) sb.Append($"<p>{H(T("none"))}</p>");
        foreach (var (o, d) in q)
        {
            sb.Append($"<section class=\"card\"><h2>{H(o.Id)} · <a href=\"/decisions/{H(d.Id)}\">{H(d.Id)}</a></h2><dl class=\"fields\">");
            sb.Append($"<dt>{H(T("state"))}</dt><dd>{H(NoticeBuilder.T(Lang, "state_" + o.State))}{(svc.IsOverdue(o) ? $" <span class=\"bad\">{H(T("overdue"))}</span>" : "")}</dd>");
            sb.Append($"<dt>{H(T("grounds"))}</dt><dd>{H(T("g_" + o.Grounds))}</dd><dt>{H(T("statement"))}</dt><dd>{H(o.Statement == ObjectionViews.WithheldStatement ? T("statement_withheld") : o.Statement)}</dd>");
            sb.Append($"<dt>{H(T("deadline"))}</dt><dd>{o.DecideBy.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}</dd>");
            sb.Append($"<dt>{H(T("outcome"))}</dt><dd>{H(OutcomeLabel(store.CurrentOutcome(d)))}</dd></dl>");
            if (AccessPolicy.CanReview(p) && o.State is ObjectionStates.Acknowledged or ObjectionStates.InfoRequested)
                sb.Append($"<form method=\"post\" action=\"/objections/{H(o.Id)}/review\">{Layout.Antiforgery(http)}<button type=\"submit\">{H(T("review"))}</button></form>");
            if (o.State == ObjectionStates.UnderReview && o.Reviewer == p.Username)
                sb.Append($"""
                    <form method="post" action="/objections/{H(o.Id)}/decide">{Layout.Antiforgery(http)}
                    <label for="outcome-{H(o.Id)}">{H(T("outcome"))}</label><select id="outcome-{H(o.Id)}" name="outcome">
                    <option value="upheld">{H(T("o_upheld"))}</option><option value="modified">{H(T("o_modified"))}</option><option value="reversed">{H(T("o_reversed"))}</option></select>
                    <label for="modified-{H(o.Id)}">{H(T("modified_outcome"))}</label><select id="modified-{H(o.Id)}" name="modifiedOutcome">
                    <option value="">{H(T("modified_from_data"))}</option><option value="flagged">{H(T("out_flagged"))}</option><option value="not_flagged">{H(T("out_not_flagged"))}</option></select>
                    {(o.Grounds == ObjectionGrounds.DataError ? $"<label for=\"corrections-{H(o.Id)}\">{H(T("corrections"))}</label><textarea id=\"corrections-{H(o.Id)}\" name=\"corrections\" placeholder=\"absence_days=2\"></textarea><p><input type=\"checkbox\" id=\"no-error-{H(o.Id)}\" name=\"noErrorFound\" value=\"true\"> <label for=\"no-error-{H(o.Id)}\">{H(T("no_error_found"))}</label></p>" : "")}
                    <label for="reasoning-{H(o.Id)}">{H(T("reasoning"))}</label><textarea id="reasoning-{H(o.Id)}" name="reasoning" required></textarea>
                    <p><button type="submit">{H(T("decide"))}</button></p></form>
                    """);
            sb.Append("</section>");
        }
        return Layout.Page(http, T("objections"), sb.ToString());
    }

    private static IResult StartReview(HttpContext http, ObjectionService svc, string id) => Guarded(http, () =>
    {
        svc.StartReview(http.GetPrincipal()!, id);
        return Results.Redirect("/objections");
    });

    /// <summary>
    /// A page action whose refusal is shown as a page in the reader's language (with the reason), not as the API's
    /// problem JSON: bad input 400, not allowed 403, not found 404, workflow refused 409.
    /// </summary>
    private static IResult Guarded(HttpContext http, Func<IResult> action)
    {
        try { return action(); }
        catch (Exception e) when (WebSetup.ExpectedFailure(e) is { } failure)
        {
            // the reason is shown for bad input and refused steps; "forbidden" and "not found" say no more than that
            var (key, reason) = failure.Status switch { 403 => ("forbidden", false), 404 => ("not_found", false), 409 => ("step_refused", true), _ => ("bad_input", true) };
            var text = reason ? $"<p class=\"bad\" role=\"alert\">{H(T(key))} : {H(e.Message)}</p>" : $"<p>{H(T(key))}</p>";
            return Layout.Page(http, T(key), $"{text}<p><a href=\"/objections\">{H(T("objections"))}</a></p>", failure.Status);
        }
    }

    private static IResult Decide(HttpContext http, ObjectionService svc, string id, [FromForm] string outcome, [FromForm] string reasoning,
        [FromForm] string? corrections, [FromForm] bool? noErrorFound, [FromForm] string? modifiedOutcome) => Guarded(http, () =>
    {
        // "feature=value" per line: the rectified data of a data-error objection; the decision is re-scored with them.
        var fixes = (corrections ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('=', 2, StringSplitOptions.TrimEntries))
            .GroupBy(p => p[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last() is { Length: > 1 } p && p[1].Length > 0 ? p[1] : null, StringComparer.Ordinal);
        // A data-error objection needs the rectified data or the reviewer's "no error found" (else a 400 problem).
        // "modified" takes the outcome the reviewer chose, or (empty) the one the rectified data give.
        svc.Decide(http.GetPrincipal()!, id, outcome, reasoning, fixes.Count > 0 ? fixes : null,
            modifiedOutcome: outcome == ReviewOutcomes.Modified && !string.IsNullOrEmpty(modifiedOutcome) ? modifiedOutcome : null, noErrorFound: noErrorFound == true);
        return Results.Redirect("/objections");
    });

    private static IResult AuditPage(HttpContext http, AlgorithmCatalog catalog, ModelStore models, IntegrityVerifier verifier)
    {
        var p = http.GetPrincipal()!;
        if (!AccessPolicy.CanAudit(p)) return Layout.Page(http, T("forbidden"), $"<p>{H(T("forbidden"))}</p>", 403);
        var sb = new StringBuilder();
        var v = verifier.Verify();
        sb.Append($"<section class=\"card\"><h2>{H(T("chain"))}</h2><p id=\"chain-status\" class=\"{(v.Intact ? "ok" : "bad")}\">{(v.Intact ? H(T("chain_ok")) : H(T("chain_broken")) + " " + v.FirstBrokenSeq + " — " + H(v.Problem))} · {v.Entries} {H(T("entries"))}</p></section>");
        foreach (var a in catalog.All)
        {
            var audit = models.LatestAudit(a.Algorithm);
            sb.Append($"<section class=\"card\"><h2>{H(a.Name.In(Lang))}</h2>");
            if (audit is null) { sb.Append($"<p>{H(T("none"))}</p></section>"); continue; }
            sb.Append($"<p>{audit.RunAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} · {H(audit.ModelVersion)} · <strong>{H(NoticeBuilder.T(Lang, "fairness_status_" + audit.Status))}</strong></p>");
            var report = JsonNode.Parse(audit.ReportJson)!.AsObject();
            foreach (var (attr, node) in report)
            {
                if (node is not JsonObject r || r["groups"] is not JsonArray groups) continue;
                sb.Append($"<h3>{H(Label("attr_", attr))}</h3><table><thead><tr><th scope=\"col\">{H(T("group"))}</th>");
                var cols = new[] { "n", "label_pos", "selection_rate", "tpr", "fpr", "fnr", "ppv" };
                foreach (var c in cols) sb.Append($"<th scope=\"col\" data-metric=\"{H(c)}\">{H(Label("col_", c))}</th>");
                sb.Append($"<th scope=\"col\">{H(T("evidence"))}</th></tr></thead><tbody>");
                foreach (var g in groups)
                {
                    sb.Append($"<tr><td>{H(g?["key"]?.ToString())}</td>");
                    foreach (var c in cols)
                    {
                        // Rates computed on fewer than 30 rows carry their Wilson 95 % interval (FAIRNESS.md §2.4).
                        var ci = g?["intervals"]?[c];
                        sb.Append($"<td>{Fmt(g?[c])}{(ci is null ? "" : $" <span class=\"small\">[{Fmt(ci["lower"])}–{Fmt(ci["upper"])}]</span>")}</td>");
                    }
                    sb.Append(g?["insufficient_evidence"]?.GetValue<bool>() == true ? $"<td class=\"bad\">n &lt; 30</td>" : "<td></td>");
                    sb.Append("</tr>");
                }
                sb.Append("</tbody></table><p class=\"small\">");
                foreach (var k in new[] { "demographic_parity_difference", "demographic_parity_ratio", "equalized_odds_difference", "equal_opportunity_difference", "status" })
                    sb.Append($"<span data-metric=\"{H(k)}\">{H(Label("m_", k))} = {(k == "status" && r[k] is JsonValue s ? H(NoticeBuilder.T(Lang, "fairness_status_" + s)) : Fmt(r[k]))}</span> · ");
                sb.Append("</p>");
            }
            sb.Append("</section>");
        }
        return Layout.Page(http, T("audit"), sb.ToString());
    }

    private static string Fmt(JsonNode? n) => n is null ? "<em>null</em>"
        : n is JsonValue v && v.TryGetValue<double>(out var d) ? d.ToString(Math.Abs(d) >= 10 ? "0" : "0.000", CultureInfo.InvariantCulture)
        : H(n.ToString());
}
