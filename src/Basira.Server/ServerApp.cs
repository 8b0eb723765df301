using Basira.Education;
using Basira.Energy;
using Basira.Governance;
using Basira.Governance.Web;
using Basira.Jobs;
using Basira.Server.Planning;
using Basira.Server.Web;
using Microsoft.AspNetCore.DataProtection;

namespace Basira.Server;

/// <summary>Builds the Basira web host; used by Program.cs and by <c>basira serve</c>.</summary>
public static class ServerApp
{
    /// <summary>Default log levels (configuration keys under Logging:LogLevel).</summary>
    public static readonly IReadOnlyDictionary<string, string?> LogLevelDefaults = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        ["Logging:LogLevel:Basira"] = "Information",
    };

    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        // Log levels both hosts share (this project's `dotnet run` and `basira serve`, whose content root holds no
        // appsettings.json): the framework only from Warning up, the platform's own events and the "Now listening on"
        // line at Information. Placed first, so appsettings.json, environment variables and the command line override them.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = LogLevelDefaults });
        configure?.Invoke(builder);
        // Sign-in cookies stay valid across restarts: the data-protection keys live with the platform's data.
        var dataDir = builder.Configuration["Basira:DataDir"] ?? Path.Combine(Environment.CurrentDirectory, "data");
        builder.Services.AddDataProtection().SetApplicationName("Basira")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDir, "keys", "data-protection")));
        builder.Services.AddGovernanceModule(builder.Configuration);
        builder.Services.AddEducationModule(builder.Configuration);
        builder.Services.AddPlanningGeography();
        builder.Services.AddEnergyModule(builder.Configuration);
        builder.Services.AddJobsModule(builder.Configuration);
        builder.Services.AddBasiraWeb();
        builder.Services.AddBasiraPages();
        var app = builder.Build();
        app.UseBasiraWeb();
        app.MapGovernanceEndpoints();
        app.MapEducationEndpoints();
        app.MapEnergyEndpoints();
        app.MapJobsEndpoints();
        app.MapBasiraPages();
        return app;
    }
}
