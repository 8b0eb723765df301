using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Basira.Server.Tests;

/// <summary>An empty platform whose log follows the host's own log levels (no test-specific filter).</summary>
public sealed class DefaultLoggingPlatformFixture : WebApplicationFactory<Program>
{
    private readonly string _dir = Directory.CreateTempSubdirectory("basira-logging-").FullName;

    public CapturingLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Basira:DataDir", _dir);
        builder.UseSetting("Basira:Demo", "false");
        builder.UseEnvironment("Production");
        builder.ConfigureLogging(l => l.AddProvider(Logs));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}

public sealed class LoggingTests(DefaultLoggingPlatformFixture platform) : IClassFixture<DefaultLoggingPlatformFixture>
{
    [Fact]
    public async Task Requests_write_no_framework_information_but_the_platforms_own_events_and_the_listening_line_stay()
    {
        var client = platform.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await client.GetAsync("/api/governance/decisions")).StatusCode);
        await client.PostAsJsonAsync("/api/auth/login", new { username = "nobody", password = "wrong-password" });
        await client.GetAsync("/register");

        var framework = platform.Logs.Lines.Where(l => l.StartsWith("Information Microsoft.AspNetCore", StringComparison.Ordinal)
            || l.StartsWith("Debug Microsoft.", StringComparison.Ordinal)).ToList();
        Assert.True(framework.Count == 0, "framework information in the log:\n" + string.Join('\n', framework));

        // The levels that stay: the platform's own events and the host's "Now listening on" line.
        var factory = platform.Services.GetRequiredService<ILoggerFactory>();
        Assert.True(factory.CreateLogger("Microsoft.Hosting.Lifetime").IsEnabled(LogLevel.Information));
        Assert.True(factory.CreateLogger("Basira.Server.Errors").IsEnabled(LogLevel.Information));
        Assert.False(factory.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
        Assert.True(factory.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Warning));
        factory.CreateLogger("Microsoft.Hosting.Lifetime").LogInformation("Now listening on: {Address}", "http://127.0.0.1:5080");
        Assert.Contains(platform.Logs.Lines, l => l == "Information Microsoft.Hosting.Lifetime: Now listening on: http://127.0.0.1:5080");
    }

    [Fact]
    public void The_log_level_defaults_are_set_in_code_so_the_cli_host_gets_them_too()
    {
        // `basira serve` runs ServerApp.Create from the CLI's folder, where no appsettings.json is found.
        Assert.Equal("Warning", ServerApp.LogLevelDefaults["Logging:LogLevel:Microsoft.AspNetCore"]);
        Assert.Equal("Information", ServerApp.LogLevelDefaults["Logging:LogLevel:Microsoft.Hosting.Lifetime"]);
        var app = ServerApp.Create(["--Basira:DataDir", Path.Combine(Path.GetTempPath(), "basira-logging-defaults-" + Guid.NewGuid().ToString("n")),
            "--contentRoot", Path.GetTempPath()]);
        var factory = app.Services.GetRequiredService<ILoggerFactory>();
        Assert.False(factory.CreateLogger("Microsoft.AspNetCore.Routing.EndpointMiddleware").IsEnabled(LogLevel.Information));
        Assert.True(factory.CreateLogger("Microsoft.Hosting.Lifetime").IsEnabled(LogLevel.Information));
        Assert.True(factory.CreateLogger("Basira.Server.Errors").IsEnabled(LogLevel.Information));
        // ... and configuration still overrides them.
        var verbose = ServerApp.Create(["--Basira:DataDir", Path.GetTempPath(), "--contentRoot", Path.GetTempPath(),
            "--Logging:LogLevel:Microsoft.AspNetCore", "Information"]);
        Assert.True(verbose.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Routing.EndpointMiddleware").IsEnabled(LogLevel.Information));
    }
}
