using System.Net.Http.Json;
using Basira.Governance.Access;
using Basira.Governance.Decisions;
using Basira.Server.Demo;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Basira.Server.Tests;

/// <summary>The platform on the embedded defaults (SQLite in a temp folder) with the demo seeded once.</summary>
public sealed class DemoPlatformFixture : WebApplicationFactory<Program>
{
    public const string Password = "test-password-123";
    private readonly string _dir = Directory.CreateTempSubdirectory("basira-server-").FullName;
    private DemoReport? _report;

    public DemoReport Report => _report ??= DemoSeeder.Seed(Services, _ => Password, _ => { }, pupils: 1500);

    public string DataDir => _dir;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Basira:DataDir", _dir);
        builder.UseSetting("Basira:Demo", "false");
        builder.UseSetting("Basira:SignIn:PermitPerMinute", "100000"); // the tests sign in far more often than people do
        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(l => l.AddProvider(Logs).AddFilter<CapturingLoggerProvider>(null, LogLevel.Information));
    }

    /// <summary>Every log message the host wrote (Information and above), with its exception text.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    public async Task<HttpClient> SignedInAsync(string username)
    {
        _ = Report;
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var r = await client.PostAsJsonAsync("/api/auth/login", new { username, password = Password });
        r.EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>Signs in a guardian account for the person of <paramref name="decisionId"/> (created on first use).</summary>
    public async Task<HttpClient> GuardianOfAsync(string decisionId)
    {
        _ = Report;
        var username = "tuteur-" + decisionId.ToLowerInvariant();
        var users = Services.GetRequiredService<UserStore>();
        if (users.Find(username) is null)
        {
            var d = Services.GetRequiredService<DecisionStore>().Get(Principal.System, decisionId, "test")!;
            users.Create(username, "Tuteur (test)", Password, Roles.Citizen, ScopeKinds.Self, null, d.Subject, "test");
        }
        return await SignedInAsync(username);
    }

    /// <summary>The id of the decision ranked <paramref name="rank"/> (1-based) in the director's school.</summary>
    public async Task<string> SchoolDecisionAsync(int rank)
    {
        var director = await SignedInAsync("directeur");
        var list = await director.GetFromJsonAsync<System.Text.Json.Nodes.JsonArray>($"/api/governance/decisions?limit={rank}");
        return list![rank - 1]!["id"]!.GetValue<string>();
    }

    /// <summary>
    /// The <paramref name="n"/>-th (0-based) flagged decision in the reviewer's province outside the director's first
    /// seven (which the tests use by rank): other schools first.
    /// </summary>
    public string ProvinceDecision(int n)
    {
        _ = Report;
        var all = Services.GetRequiredService<DecisionStore>().List(Principal.System, outcome: "flagged", limit: 100_000);
        var seeded = all.Single(d => d.Id == Report.ObjectionDecisionId);
        return all.Where(d => d.Scope.Province == seeded.Scope.Province && !(d.Scope.Unit == seeded.Scope.Unit && d.RankPosition <= 7))
            .OrderBy(d => d.Scope.Unit == seeded.Scope.Unit).ThenBy(d => d.Id, StringComparer.Ordinal).ElementAt(n).Id;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
