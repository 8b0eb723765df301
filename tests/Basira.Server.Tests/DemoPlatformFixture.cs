using System.Net.Http.Json;
using Basira.Server.Demo;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

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
        builder.UseEnvironment("Testing");
    }

    public async Task<HttpClient> SignedInAsync(string username)
    {
        _ = Report;
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var r = await client.PostAsJsonAsync("/api/auth/login", new { username, password = Password });
        r.EnsureSuccessStatusCode();
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
