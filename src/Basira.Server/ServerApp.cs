using Basira.Education;
using Basira.Governance;
using Basira.Governance.Web;
using Basira.Server.Web;
using Microsoft.AspNetCore.DataProtection;

namespace Basira.Server;

/// <summary>Builds the Basira web host; used by Program.cs and by <c>basira serve</c>.</summary>
public static class ServerApp
{
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        // Sign-in cookies stay valid across restarts: the data-protection keys live with the platform's data.
        var dataDir = builder.Configuration["Basira:DataDir"] ?? Path.Combine(Environment.CurrentDirectory, "data");
        builder.Services.AddDataProtection().SetApplicationName("Basira")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDir, "keys", "data-protection")));
        builder.Services.AddGovernanceModule(builder.Configuration);
        builder.Services.AddEducationModule(builder.Configuration);
        builder.Services.AddBasiraWeb();
        builder.Services.AddBasiraPages();
        var app = builder.Build();
        app.UseBasiraStaticAssets();
        app.UseBasiraWeb();
        app.MapGovernanceEndpoints();
        app.MapEducationEndpoints();
        app.MapBasiraPages();
        return app;
    }
}
