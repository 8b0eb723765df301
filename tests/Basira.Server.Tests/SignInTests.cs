using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Basira.Governance.Access;
using Basira.Governance.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Server.Tests;

/// <summary>A clock the tests move by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;
    public override DateTimeOffset GetUtcNow() => Now;
    public void Advance(TimeSpan by) => Now += by;
}

/// <summary>An empty platform (no demo) on a hand-moved clock, for the sign-in rules.</summary>
public class SignInPlatformFixture : WebApplicationFactory<Program>
{
    public const string Password = "sign-in-password-123";
    private readonly string _dir = Directory.CreateTempSubdirectory("basira-signin-").FullName;

    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

    protected virtual int PermitPerMinute => 100_000;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Basira:DataDir", _dir);
        builder.UseSetting("Basira:Demo", "false");
        builder.UseSetting("Basira:SignIn:PermitPerMinute", PermitPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseEnvironment("Testing");
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }

    public void EnsureUser(string username)
    {
        var users = Services.GetRequiredService<UserStore>();
        if (users.Find(username) is null) users.Create(username, username, Password, Roles.Admin, ScopeKinds.National, null, null, "test");
    }

    public long AuditEntries()
    {
        using var c = Services.GetRequiredService<BasiraDatabase>().OpenConnection();
        return Convert.ToInt64(c.Scalar(null, "SELECT COUNT(*) FROM audit_log"), System.Globalization.CultureInfo.InvariantCulture);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}

/// <summary>The same, with a sign-in rate limit low enough to reach.</summary>
public sealed class RateLimitedPlatformFixture : SignInPlatformFixture
{
    protected override int PermitPerMinute => 3;
}

public sealed class SignInLockoutTests(SignInPlatformFixture platform) : IClassFixture<SignInPlatformFixture>
{
    private Task<HttpResponseMessage> LoginAsync(string username, string password) =>
        platform.CreateClient().PostAsJsonAsync("/api/auth/login", new { username, password });

    [Fact]
    public async Task Five_wrong_passwords_lock_the_username_until_the_window_has_passed()
    {
        platform.EnsureUser("lock-me");
        for (var i = 0; i < UserStore.MaxFailedSignIns; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync("lock-me", "wrong-password-" + i)).StatusCode);

        var refused = await LoginAsync("lock-me", SignInPlatformFixture.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("suspended", await refused.Content.ReadAsStringAsync());
        platform.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync("lock-me", SignInPlatformFixture.Password)).StatusCode);

        platform.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync("lock-me", SignInPlatformFixture.Password)).StatusCode);

        // A success starts the count again: four more failures do not lock.
        for (var i = 0; i < UserStore.MaxFailedSignIns - 1; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync("lock-me", "wrong-password-" + i)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync("lock-me", SignInPlatformFixture.Password)).StatusCode);
    }

    [Fact]
    public async Task A_locked_out_unknown_username_answers_exactly_like_a_known_one_and_adds_no_audit_entries()
    {
        platform.EnsureUser("known-user");
        async Task<string> LockedAnswerAsync(string username)
        {
            for (var i = 0; i < UserStore.MaxFailedSignIns; i++) await LoginAsync(username, "wrong-password-" + i);
            var r = await LoginAsync(username, SignInPlatformFixture.Password);
            var p = (await r.Content.ReadFromJsonAsync<JsonObject>())!;
            p.Remove("trace_id");
            return $"{(int)r.StatusCode} {p.ToJsonString()}";
        }
        var known = await LockedAnswerAsync("known-user");
        var unknown = await LockedAnswerAsync("nobody-by-that-name");
        Assert.Equal(known, unknown);
        Assert.Contains("suspended", known);

        var before = platform.AuditEntries();
        for (var i = 0; i < 10; i++) await LoginAsync("nobody-by-that-name", "wrong-password-" + i);
        Assert.Equal(before, platform.AuditEntries());
    }
}

public sealed class SignInRateLimitTests(RateLimitedPlatformFixture platform) : IClassFixture<RateLimitedPlatformFixture>
{
    [Fact]
    public async Task Sign_in_beyond_the_limit_per_address_gets_429_problem_details_on_both_endpoints()
    {
        var client = platform.CreateClient(new() { AllowAutoRedirect = false });
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/login", new { username = $"someone-{i}", password = "wrong-password" })).StatusCode);

        var api = await client.PostAsJsonAsync("/api/auth/login", new { username = "someone-else", password = "wrong-password" });
        Assert.Equal(HttpStatusCode.TooManyRequests, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType!.MediaType);
        Assert.Equal(429, (await api.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<int>());

        var form = await client.PostAsync("/login", new FormUrlEncodedContent([new("username", "someone-else"), new("password", "wrong-password")]));
        Assert.Equal(HttpStatusCode.TooManyRequests, form.StatusCode);
        // Other pages are not limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }
}
