using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Basira.Governance.Access;
using Basira.Governance.Decisions;
using Basira.Governance.Objections;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Server.Tests;

/// <summary>
/// The route × role × scope matrix: every endpoint of the real app (API and pages, found in its EndpointDataSource)
/// is called by every role, on a resource inside and one outside the caller's scope, and the answer must be the one
/// written in <see cref="Matrix"/>. A route without an entry fails the test, and so does an entry without a route.
/// </summary>
/// <remarks>
/// How to read and extend the table: docs/authorization.md. Writes are probed without side effects: each POST sends a
/// body (<see cref="Probes"/>) that the step refuses only after every access check has passed (a blank reason, an
/// unknown outcome, a step the objection's state does not allow), so "400" or "409" in a cell means "allowed in", and
/// 403/404 mean refused. Sign-out routes run on a throw-away session.
/// </remarks>
public sealed class AccessMatrixTests(DemoPlatformFixture platform) : IClassFixture<DemoPlatformFixture>
{
    /// <summary>Callers, in the order of the table's columns. Every role of <see cref="Roles.All"/> has one.</summary>
    public static readonly string[] Callers =
        ["anonymous", Roles.Admin, Roles.Analyst, Roles.Auditor, Roles.Reviewer, Roles.SchoolStaff, Roles.Teacher, Roles.Citizen,
         Roles.Counsellor, Roles.Employer, Roles.GridOperator];

    /// <summary>
    /// Expected status per caller (columns as <see cref="Callers"/>). Routes with {id}: "in/out", the answer on a resource
    /// inside the caller's scope and one outside it (for a citizen: their own decision, another person's). A decision for
    /// /decisions/{id}…, an objection (under review) for /objections/{id}…. "login" is a redirect to the sign-in page.
    /// National roles (admin, analyst, auditor) see both resources.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Matrix = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        //                                                         anon    admin   analyst auditor reviewer staff  teacher citizen counsel employer grid
        ["GET /health"] =                                         "200     200     200     200     200     200     200     200     200     200     200",
        ["POST /api/auth/login"] =                                "400     400     400     400     400     400     400     400     400     400     400",
        ["POST /api/auth/logout"] =                               "204     204     204     204     204     204     204     204     204     204     204",
        ["GET /api/governance/register"] =                        "200     200     200     200     200     200     200     200     200     200     200",
        ["GET /api/governance/decisions"] =                       "401     200     200     200     200     200     200     200     200     200     200",
        ["GET /api/governance/decisions/{id}"] =                  "401 200/200 200/200 200/200 200/404 200/404 200/404 200/404 404/404 404/404 404/404",
        ["GET /api/governance/decisions/{id}/explanation"] =      "401 200/200 200/200 200/200 200/404 200/404 200/404 200/404 404/404 404/404 404/404",
        ["GET /api/governance/decisions/{id}/notice"] =           "401 200/200 200/200 200/200 200/404 200/404 200/404 200/404 404/404 404/404 404/404",
        ["POST /api/governance/decisions/{id}/human-decision"] =  "401 400/400 403/403 403/403 403/403 400/404 403/403 403/403 404/404 403/403 403/403",
        ["POST /api/governance/decisions/{id}/objections"] =      "401 400/400 403/403 403/403 403/404 403/404 403/404 400/404 404/404 404/404 404/404",
        ["GET /api/governance/objections"] =                      "401     200     200     200     200     403     403     403     403     403     403",
        ["GET /api/governance/objections/{id}"] =                 "401 200/200 200/200 200/200 200/404 200/404 200/404 200/404 404/404 404/404 404/404",
        ["POST /api/governance/objections/{id}/review"] =         "401 409/409 403/403 403/403 409/404 403/404 403/404 403/404 404/404 404/404 404/404",
        ["POST /api/governance/objections/{id}/decide"] =         "401 403/403 403/403 403/403 400/404 403/404 403/404 403/404 404/404 404/404 404/404",
        ["POST /api/governance/objections/{id}/request-info"] =   "401 403/403 403/403 403/403 400/404 403/404 403/404 403/404 404/404 404/404 404/404",
        ["POST /api/governance/objections/{id}/extend"] =         "401 403/403 403/403 403/403 400/404 403/404 403/404 403/404 404/404 404/404 404/404",
        ["POST /api/governance/objections/{id}/escalate"] =       "401 409/409 403/403 403/403 409/404 403/404 403/404 409/404 404/404 404/404 404/404",
        ["POST /api/governance/objections/{id}/close"] =          "401 409/409 403/403 403/403 409/404 403/404 403/404 403/404 404/404 404/404 404/404",
        ["GET /api/governance/audit/verify"] =                    "401     200     200     200     403     403     403     403     403     403     403",
        ["GET /api/governance/audit/log"] =                       "401     200     200     200     403     403     403     403     403     403     403",
        ["GET /api/education/early-warning/model"] =              "401     200     200     200     200     200     200     200     200     200     200",
        ["GET /api/education/learning/next"] =                    "401     404     403     403     403     404     404     404     403     403     403",
        ["POST /api/education/learning/answers"] =                "401     404     403     403     403     404     404     404     403     403     403",
        ["GET /api/education/learning/path"] =                    "401     404     403     403     403     404     404     404     403     403     403",
        ["GET /api/education/learning/classes"] =                 "401     200     403     403     403     200     200     403     403     403     403",
        ["GET /api/education/learning/class"] =                   "401     400     403     403     403     400     400     403     403     403     403",
        ["GET /api/education/planning/scenario"] =                "401     200     200     403     403     403     403     403     403     403     403",
        ["GET /api/education/planning/projections"] =             "401     200     200     403     403     403     403     403     403     403     403",
        ["POST /api/education/planning/projections"] =            "401     400     400     403     403     403     403     403     403     403     403",
        ["GET /api/education/planning/allocation"] =              "401     200     200     403     403     403     403     403     403     403     403",
        ["GET /api/education/absenteeism"] =                      "401     200     200     200     403     403     403     403     403     403     403",
        ["GET /api/education/absenteeism/hotspots"] =             "401     200     200     200     403     403     403     403     403     403     403",
        // National early warning (issue 8): aggregates for analysts, auditors, administrators; a school's list for its staff
        // and teachers; intervention cases on a proposed pupil's decision (read in scope, changed by the deciding roles).
        ["GET /api/education/early-warning/runs"] =               "401     200     200     200     403     403     403     403     403     403     403",
        ["GET /api/education/early-warning/runs/latest"] =        "401     200     200     200     403     403     403     403     403     403     403",
        ["GET /api/education/early-warning/causes"] =             "401     200     200     200     403     403     403     403     403     403     403",
        ["GET /api/education/early-warning/school"] =             "401     200     403     403     403     200     200     403     403     403     403",
        ["GET /api/education/early-warning/decisions/{id}/case"] = "401 200/200 200/200 200/200 200/404 200/404 200/404 404/404 404/404 404/404 404/404",
        ["POST /api/education/early-warning/decisions/{id}/case"] = "401 400/400 403/403 403/403 403/403 400/404 403/403 403/403 404/404 403/403 403/403",
        ["POST /api/education/early-warning/decisions/{id}/case/follow-up"] = "401 400/400 403/403 403/403 403/403 400/404 403/403 403/403 404/404 403/403 403/403",
        ["POST /api/education/early-warning/decisions/{id}/case/close"] = "401 400/400 403/403 403/403 403/403 400/404 403/403 403/403 404/404 403/403 403/403",
        // probed without ?title=: 400 means let in
        ["GET /api/jobs/normalize"] =                             "401     400     400     400     400     400     400     400     400     400     400",
        // Jobs: matching, live market, training, guidance (seekers and offers "in" the matrix accounts' scope, see World)
        ["POST /api/jobs/events"] =                               "401     400     403     403     403     403     403     403     400     400     403",
        ["GET /api/jobs/market"] =                                "401     200     200     200     403     403     403     403     200     403     403",
        ["GET /api/jobs/market/stream"] =                         "401     200     200     200     403     403     403     403     200     403     403",
        ["GET /api/jobs/seekers/{id}/offers"] =                   "401 200/200 404/404 404/404 404/404 404/404 404/404 200/404 200/404 404/404 404/404",
        ["GET /api/jobs/seekers/{id}/training"] =                 "401 200/200 404/404 404/404 404/404 404/404 404/404 200/404 200/404 404/404 404/404",
        ["GET /api/jobs/seekers/{id}/plan"] =                     "401 200/200 404/404 404/404 404/404 404/404 404/404 200/404 200/404 404/404 404/404",
        ["GET /api/jobs/seekers/{id}/notifications"] =            "401 200/200 404/404 404/404 404/404 404/404 404/404 200/404 200/404 404/404 404/404",
        ["GET /api/jobs/offers/{id}/candidates"] =                "401 200/200 404/404 404/404 404/404 404/404 404/404 404/404 200/404 200/404 404/404",
        ["POST /api/jobs/matching/exposure-audit"] =              "401     400     400     400     403     403     403     403     403     403     403",
        ["GET /api/energy/plan"] =                                "401     200     200     403     403     403     403     403     403     403     200",
        ["GET /api/energy/minigrids/demo/dispatch"] =             "401     200     200     403     403     403     403     403     403     403     200",
        ["GET /api/energy/forecast"] =                            "401     200     200     403     403     403     403     403     403     403     200",
        ["POST /api/energy/forecast"] =                           "401     400     400     403     403     403     403     403     403     403     400",
        ["GET /api/energy/forecast/scenarios"] =                  "401     200     200     403     403     403     403     403     403     403     200",
        // Pages
        ["GET /"] =                                               "200     200     200     200     200     200     200     200     200     200     200",
        ["GET /login"] =                                          "200     200     200     200     200     200     200     200     200     200     200",
        ["POST /login"] =                                         "302     302     302     302     302     302     302     302     302     302     302",
        ["POST /logout"] =                                        "302     302     302     302     302     302     302     302     302     302     302",
        ["GET /register"] =                                       "200     200     200     200     200     200     200     200     200     200     200",
        ["GET /decisions"] =                                      "login   200     200     200     200     200     200     200     200     200     200",
        ["GET /decisions/{id}"] =                                 "login 200/200 200/200 200/200 200/404 200/404 200/404 200/404 404/404 404/404 404/404",
        ["POST /decisions/{id}/objections"] =                     "login 400/400 403/403 403/403 403/404 403/404 403/404 400/404 404/404 404/404 404/404",
        ["POST /decisions/{id}/human-decision"] =                 "login 400/400 403/403 403/403 403/403 400/404 403/403 403/403 404/404 403/403 403/403",
        ["GET /objections"] =                                     "login   200     200     200     200     403     403     403     403     403     403",
        ["POST /objections/{id}/review"] =                        "login 409/409 403/403 403/403 409/404 403/404 403/404 403/404 404/404 404/404 404/404",
        ["POST /objections/{id}/decide"] =                        "login 403/403 403/403 403/403 400/404 403/404 403/404 403/404 404/404 404/404 404/404",
        ["GET /audit"] =                                          "login   200     200     200     403     403     403     403     403     403     403",
        ["GET /learning"] =                                       "login   200     403     403     403     200     200     200     403     403     403",
        ["GET /learning/class"] =                                 "login   404     403     403     403     404     404     403     403     403     403",
        ["GET /planning"] =                                       "login   200     200     403     403     403     403     403     403     403     403",
        ["GET /absenteeism"] =                                    "login   200     200     200     403     403     403     403     403     403     403",
        ["GET /jobs/normalize"] =                                 "login   200     200     200     200     200     200     200     200     200     200",
        ["GET /jobs"] =                                           "login   200     200     200     200     200     200     200     200     200     200",
        ["GET /jobs/market"] =                                    "login   200     200     200     403     403     403     403     200     403     403",
        ["GET /jobs/plan"] =                                      "login   200     200     200     200     200     200     200     200     200     200",
        ["GET /jobs/seekers"] =                                   "login   200     200     200     200     200     200     200     200     200     200",
        ["GET /jobs/seekers/{id}"] =                              "login 200/200 404/404 404/404 404/404 404/404 404/404 200/404 200/404 404/404 404/404",
        ["GET /jobs/offers"] =                                    "login   200     200     200     200     200     200     200     200     200     200",
        ["GET /jobs/offers/{id}"] =                               "login 200/200 404/404 404/404 404/404 404/404 404/404 404/404 200/404 200/404 404/404",
        ["GET /energy/minigrid"] =                                "login   200     200     403     403     403     403     403     403     403     200",
        ["GET /energy/plan"] =                                    "login   200     200     403     403     403     403     403     403     403     200",
        ["GET /energy/forecast"] =                                "login   200     200     403     403     403     403     403     403     403     200",
        ["GET /not-found"] =                                      "200     200     200     200     200     200     200     200     200     200     200",
        ["GET /education/early-warning"] =                        "login   200     200     200     403     403     403     403     403     403     403",
        ["GET /education/early-warning/school"] =                 "login   200     403     403     403     200     200     403     403     403     403",
        ["POST /education/early-warning/decisions/{id}/case"] =   "login 400/400 403/403 403/403 403/403 400/404 403/403 403/403 404/404 403/403 403/403",
        ["POST /education/early-warning/decisions/{id}/case/follow-up"] = "login 400/400 403/403 403/403 403/403 400/404 403/403 403/403 404/404 403/403 403/403",
        ["POST /education/early-warning/decisions/{id}/case/close"] = "login 400/400 403/403 403/403 403/403 400/404 403/403 403/403 404/404 403/403 403/403",
    };

    /// <summary>Bodies of the POST probes: JSON for the API, form fields for the pages (the form token is added).</summary>
    public static readonly IReadOnlyDictionary<string, string> Probes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["POST /api/auth/login"] = "{}",
        ["POST /api/education/planning/projections"] = "{}",
        ["POST /api/governance/decisions/{id}/human-decision"] = "{\"confirm\":true,\"reason\":\" \"}",
        ["POST /api/governance/decisions/{id}/objections"] = "{\"grounds\":\"not-a-ground\",\"statement\":\"matrix probe\"}",
        ["POST /api/governance/objections/{id}/decide"] = "{\"outcome\":\"not-an-outcome\",\"reasoning\":\"matrix probe\"}",
        ["POST /api/governance/objections/{id}/request-info"] = "{\"text\":\" \"}",
        ["POST /api/governance/objections/{id}/extend"] = "{\"text\":\" \"}",
        ["POST /api/governance/objections/{id}/escalate"] = "{\"text\":\" \"}",
        ["POST /api/education/learning/answers"] = "{\"item_id\":\"matrix-probe\",\"correct\":true}",
        ["POST /api/jobs/events"] = "{\"events\":[]}",
        ["POST /api/jobs/matching/exposure-audit"] = "{\"k\":0}",
        ["POST /api/energy/forecast"] = "{\"target\":\"load\"}",
        ["POST /login"] = "username=matrix-nobody&password=wrong-password",
        ["POST /decisions/{id}/objections"] = "grounds=not-a-ground&statement=matrix+probe",
        ["POST /decisions/{id}/human-decision"] = "confirm=true&reason=+",
        ["POST /objections/{id}/decide"] = "outcome=not-an-outcome&reasoning=matrix+probe",
        ["POST /api/education/early-warning/decisions/{id}/case"] = "{\"action\":\"not-an-action\"}",
        ["POST /api/education/early-warning/decisions/{id}/case/follow-up"] = "{\"note\":\" \"}",
        ["POST /api/education/early-warning/decisions/{id}/case/close"] = "{\"outcome\":\"not-an-outcome\"}",
        ["POST /education/early-warning/decisions/{id}/case"] = "action=not-an-action",
        ["POST /education/early-warning/decisions/{id}/case/follow-up"] = "note=+",
        ["POST /education/early-warning/decisions/{id}/case/close"] = "outcome=not-an-outcome",
    };

    /// <summary>Routes that end the caller's session: called on a throw-away one.</summary>
    private static readonly HashSet<string> SignOut = ["POST /api/auth/logout", "POST /logout"];

    /// <summary>
    /// Framework plumbing left out of the matrix, listed here one by one: the OpenAPI document (public by design), the
    /// embedded stylesheet, and static files or framework scripts served as endpoints.
    /// </summary>
    public static readonly IReadOnlyList<(string Why, Func<RouteEndpoint, string, bool> Match)> Excluded =
    [
        ("the OpenAPI document", (_, key) => key == "GET /openapi/{documentName}.json"),
        ("static files mapped as endpoints (MapStaticAssets)", (e, _) => e.Metadata.Any(m => m.GetType().FullName == "Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor")),
        ("the framework's own scripts", (_, key) => key.Contains(" /_framework/", StringComparison.Ordinal)),
    ];

    /// <summary>"METHOD pattern" of every endpoint of the app, without the excluded plumbing.</summary>
    public static IReadOnlyList<string> AppRoutes(IServiceProvider services)
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var e in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (e.RoutePattern.RawText ?? "").TrimStart('/');
            var methods = e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"];
            foreach (var m in methods)
            {
                var key = $"{m} {pattern}";
                if (!Excluded.Any(x => x.Match(e, key))) keys.Add(key);
            }
        }
        return [.. keys];
    }

    /// <summary>
    /// Compares the app's routes with the table: a route without an entry, an entry without a route, and a malformed
    /// entry (wrong number of columns; "in/out" pairs exactly on {id} routes) are each reported by name.
    /// </summary>
    public static IReadOnlyList<string> Compare(IEnumerable<string> appRoutes, IReadOnlyDictionary<string, string> matrix)
    {
        var problems = new List<string>();
        var app = appRoutes.ToHashSet(StringComparer.Ordinal);
        foreach (var r in app.Order(StringComparer.Ordinal))
            if (!matrix.ContainsKey(r)) problems.Add($"route {r} is in the app but has no entry in the access matrix (AccessMatrixTests.Matrix)");
        foreach (var (r, row) in matrix.OrderBy(x => x.Key, StringComparer.Ordinal))
        {
            if (!app.Contains(r)) { problems.Add($"matrix entry {r} names no route of the app"); continue; }
            var cells = Cells(row);
            if (cells.Length != Callers.Length) problems.Add($"matrix entry {r} has {cells.Length} columns, expected {Callers.Length}");
            var hasId = HasId(r);
            foreach (var (cell, caller) in cells.Zip(Callers))
                if (caller != "anonymous" && cell.Contains('/') != hasId)
                    problems.Add($"matrix entry {r}, column {caller}: {(hasId ? "give in/out for a route with {id}" : "one status for a route without {id}")}");
        }
        return problems;
    }

    private static string[] Cells(string row) => row.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A route parameter ({id}, {Id}, {id:int}…): every parameter of the app's routes names one record.</summary>
    private static readonly Regex Parameter = new(@"\{[^}]+\}", RegexOptions.CultureInvariant);

    private static bool HasId(string route) => Parameter.IsMatch(route);

    [Fact]
    public void Every_route_of_the_app_has_an_entry_in_the_matrix_and_every_entry_a_route()
    {
        var problems = Compare(AppRoutes(platform.Services), Matrix);
        Assert.True(problems.Count == 0, string.Join('\n', problems));
        foreach (var role in Roles.All) Assert.Contains(role, Callers);
        foreach (var probe in Probes.Keys) Assert.True(Matrix.ContainsKey(probe), $"probe {probe} has no matrix entry");
    }

    [Fact]
    public void Every_api_route_names_a_policy_or_says_it_is_public()
    {
        var policies = typeof(BasiraPolicies).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToHashSet();
        var endpoints = platform.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => (e.RoutePattern.RawText ?? "").TrimStart('/').StartsWith("api/", StringComparison.Ordinal)).ToList();
        Assert.True(endpoints.Count >= 19, $"only {endpoints.Count} API endpoints found");
        foreach (var e in endpoints)
        {
            if (e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null) continue;
            var named = e.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList();
            Assert.True(named.Count > 0 && named.All(policies.Contains),
                $"{e.DisplayName}: use .RequireAuthorization(BasiraPolicies.…) or .AllowAnonymous(), not a bare .RequireAuthorization() (policies: {string.Join(", ", named)})");
        }
    }

    [Fact]
    public void The_comparison_names_a_route_added_without_an_entry_and_an_entry_left_without_a_route()
    {
        var routes = AppRoutes(platform.Services);
        var added = Compare(routes.Append("GET /api/education/new-thing"), Matrix);
        Assert.Equal(["route GET /api/education/new-thing is in the app but has no entry in the access matrix (AccessMatrixTests.Matrix)"], added);

        var stale = new Dictionary<string, string>(Matrix) { ["GET /api/governance/gone"] = Matrix["GET /health"] };
        Assert.Equal(["matrix entry GET /api/governance/gone names no route of the app"], Compare(routes, stale));

        var malformed = new Dictionary<string, string>(Matrix) { ["GET /api/governance/decisions/{id}"] = Matrix["GET /api/governance/decisions"] };
        Assert.Contains(Compare(routes, malformed), p => p.StartsWith("matrix entry GET /api/governance/decisions/{id}, column admin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_route_answers_every_role_as_the_matrix_says_inside_and_outside_its_scope()
    {
        var world = await World.CreateAsync(platform);
        var routes = AppRoutes(platform.Services);
        Assert.Empty(Compare(routes, Matrix));
        var failures = new List<string>();
        var calls = 0;
        foreach (var route in routes)
        {
            var cells = Cells(Matrix[route]);
            for (var i = 0; i < Callers.Length; i++)
            {
                var caller = Callers[i];
                var expected = cells[i].Split('/');
                var targets = HasId(route) ? new[] { "in", "out" } : [""];
                for (var t = 0; t < targets.Length; t++)
                {
                    var want = expected[Math.Min(t, expected.Length - 1)];
                    var (status, location) = await world.CallAsync(route, caller, targets[t]);
                    calls++;
                    var got = status == 302 && location.Contains("/login", StringComparison.Ordinal) && want == "login" ? "login" : status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (got != want)
                        failures.Add($"{route} as {caller}{(targets[t] == "" ? "" : " on " + targets[t])}: expected {want}, got {status}{(location == "" ? "" : " → " + location)}");
                }
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {calls} answers differ from the matrix:\n" + string.Join('\n', failures));
        Assert.True(calls > 500, $"only {calls} calls");
    }

    /// <summary>The accounts, the resources and one signed-in session per caller.</summary>
    private sealed class World
    {
        private readonly DemoPlatformFixture _platform;
        private readonly Dictionary<string, HttpClient> _sessions = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _usernames = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);
        private string _decisionIn = "", _decisionOut = "", _objectionIn = "", _objectionOut = "";

        /// <summary>Jobs records: the seeker "in" is tuteur1's own profile, followed by AGENCY-MATRIX (the matrix counsellor's
        /// agency); the offer "in" is AGENCY-MATRIX's (the matrix employer's id and the counsellor's agency); "out" ones belong elsewhere.</summary>
        public const string SeekerOut = "MATRIX-SEEKER-OUT", OfferIn = "MATRIX-OFFER-IN", OfferOut = "MATRIX-OFFER-OUT";

        private string _seekerIn = "";

        private World(DemoPlatformFixture platform) => _platform = platform;

        public static async Task<World> CreateAsync(DemoPlatformFixture platform)
        {
            var w = new World(platform);
            var report = platform.Report;
            var users = platform.Services.GetRequiredService<UserStore>();
            var decisions = platform.Services.GetRequiredService<DecisionStore>();
            var objections = platform.Services.GetRequiredService<ObjectionService>();
            // "in": the seeded objection's decision, in the director's school and the reviewer's province, tuteur1's own;
            // its objection is under review by reviseur. "out": a decision in another province, another person's, with an
            // objection under review by that province's reviewer.
            var a = decisions.Get(Principal.System, report.ObjectionDecisionId, "test")!;
            var b = decisions.List(Principal.System, outcome: "flagged", limit: 100_000)
                .Where(d => d.Scope.Province != a.Scope.Province).OrderBy(d => d.Id, StringComparer.Ordinal).First();
            (w._decisionIn, w._decisionOut, w._objectionIn) = (a.Id, b.Id, report.ObjectionId);
            void Ensure(string username, string role, string kind, string? value, string? subject)
            {
                if (users.Find(username) is null) users.Create(username, username, DemoPlatformFixture.Password, role, kind, value, subject, "test");
            }
            Ensure("matrix-teacher", Roles.Teacher, ScopeKinds.School, a.Scope.Unit, null);
            Ensure("matrix-counsellor", Roles.Counsellor, ScopeKinds.Agency, "AGENCY-MATRIX", null);
            Ensure("matrix-employer", Roles.Employer, ScopeKinds.Agency, "AGENCY-MATRIX", null);
            Ensure("matrix-grid", Roles.GridOperator, ScopeKinds.MiniGrid, "GRID-MATRIX", null);
            Ensure("matrix-guardian-out", Roles.Citizen, ScopeKinds.Self, null, b.Subject);
            Ensure("matrix-reviewer-out", Roles.Reviewer, ScopeKinds.Province, b.Scope.Province, null);
            var filed = objections.File(users.Find("matrix-guardian-out")!.ToPrincipal(), b.Id, ObjectionGrounds.Unfair, "matrix: objection out of scope", ObjectionChannels.Api);
            objections.Acknowledge(filed.Id);
            w._objectionOut = objections.StartReview(users.Find("matrix-reviewer-out")!.ToPrincipal(), filed.Id).Id;
            w._seekerIn = users.Find("tuteur1")!.Subject!;
            var market = platform.Services.GetRequiredService<Basira.Jobs.Market.MarketState>();
            var casa = market.Geography.ProvinceIndex("MA-CAS")!.Value;
            var occ = Enumerable.Range(0, market.Graph.OccupationCount).First(o => market.Graph.EssentialOf(o).Count > 3);
            int[] skills = [.. market.Graph.EssentialOf(occ)];
            Basira.Jobs.Matching.SeekerProfile Seeker(string subject, string agency) => new(subject, casa, Basira.Jobs.Matching.MobilityLevel.Region, null, 3,
                Basira.Jobs.Matching.LanguageCodes.Mask(["ar", "fr"], "languages"), skills, [occ], "F", agency);
            Basira.Jobs.Matching.OfferProfile Offer(string id, string employer, string agency) => new(id, "Matrix offer", employer, agency, occ, casa, skills, [], 0, 0, 1);
            market.Apply(null, Seeker(w._seekerIn, "AGENCY-MATRIX"));
            market.Apply(null, Seeker(SeekerOut, "AGENCY-OUT"));
            market.Apply(null, Offer(OfferIn, "AGENCY-MATRIX", "AGENCY-MATRIX"));
            market.Apply(null, Offer(OfferOut, "EMP-OUT", "AGENCY-OUT"));

            foreach (var (caller, username) in new[]
            {
                (Roles.Admin, "admin"), (Roles.Analyst, "analyste"), (Roles.Auditor, "auditeur"), (Roles.Reviewer, "reviseur"),
                (Roles.SchoolStaff, "directeur"), (Roles.Teacher, "matrix-teacher"), (Roles.Citizen, "tuteur1"), (Roles.Counsellor, "matrix-counsellor"),
                (Roles.Employer, "matrix-employer"), (Roles.GridOperator, "matrix-grid"),
            })
            {
                Assert.Equal(caller, users.Find(username)!.Role);
                w._usernames[caller] = username;
                w._sessions[caller] = await platform.SignedInAsync(username);
            }
            w._sessions["anonymous"] = platform.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
            return w;
        }

        /// <summary>Calls <paramref name="route"/> as <paramref name="caller"/> on the "in" or "out" resource; status and redirect target.</summary>
        public async Task<(int Status, string Location)> CallAsync(string route, string caller, string target)
        {
            var client = _sessions[caller];
            if (SignOut.Contains(route))
                client = caller == "anonymous" ? _platform.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true })
                    : await _platform.SignedInAsync(_usernames[caller]);
            var (method, pattern) = (route[..route.IndexOf(' ')], route[(route.IndexOf(' ') + 1)..]);
            var isObjection = pattern.Contains("objections/{", StringComparison.OrdinalIgnoreCase);
            var isSeeker = pattern.Contains("/seekers/{", StringComparison.Ordinal);
            var isOffer = pattern.Contains("/offers/{", StringComparison.Ordinal);
            var id = target switch
            {
                "in" => isSeeker ? _seekerIn : isOffer ? OfferIn : isObjection ? _objectionIn : _decisionIn,
                "out" => isSeeker ? SeekerOut : isOffer ? OfferOut : isObjection ? _objectionOut : _decisionOut,
                _ => "",
            };
            var url = Parameter.Replace(pattern, Uri.EscapeDataString(id));
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (method == "POST")
            {
                var probe = Probes.GetValueOrDefault(route);
                if (pattern.StartsWith("/api/", StringComparison.Ordinal))
                    request.Content = new StringContent(probe ?? "{}", Encoding.UTF8, "application/json");
                else
                {
                    var fields = (probe ?? "").Split('&', StringSplitOptions.RemoveEmptyEntries).Select(f => f.Split('=', 2))
                        .Select(f => new KeyValuePair<string, string>(f[0], WebUtility.UrlDecode(f[1]))).ToList();
                    var (name, value) = await FormTokenAsync(client, caller, fresh: client != _sessions[caller]);
                    fields.Add(new(name, value));
                    request.Content = new FormUrlEncodedContent(fields);
                }
            }
            using var response = await client.SendAsync(request);
            return ((int)response.StatusCode, response.Headers.Location?.OriginalString ?? "");
        }

        /// <summary>The antiforgery field of the caller's session, read from the sign-in page's form.</summary>
        private async Task<(string Name, string Value)> FormTokenAsync(HttpClient client, string caller, bool fresh)
        {
            if (!fresh && _tokens.TryGetValue(caller, out var cached)) return Split(cached);
            var html = await client.GetStringAsync("/login");
            var m = Regex.Match(html, "name=\"(__RequestVerificationToken)\" value=\"([^\"]+)\"");
            Assert.True(m.Success, "no antiforgery field on /login");
            var token = m.Groups[1].Value + "\n" + WebUtility.HtmlDecode(m.Groups[2].Value);
            if (!fresh) _tokens[caller] = token;
            return Split(token);
            static (string, string) Split(string t) => (t[..t.IndexOf('\n')], t[(t.IndexOf('\n') + 1)..]);
        }
    }
}
