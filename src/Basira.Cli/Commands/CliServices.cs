using Basira.Education;
using Basira.Governance;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Cli;

/// <summary>The same module façades as the server, composed without a web host.</summary>
internal static class CliServices
{
    public static IConfiguration Configuration(CliArgs args)
    {
        var values = new Dictionary<string, string?> { ["Basira:DataDir"] = Path.GetFullPath(args.DataDir) };
        if (args.Get("connection") is { } cs) values["ConnectionStrings:Basira"] = cs;
        return new ConfigurationBuilder()
            .AddEnvironmentVariables("BASIRA_")
            .AddInMemoryCollection(values)
            .Build();
    }

    public static ServiceProvider Build(CliArgs args)
    {
        var config = Configuration(args);
        var s = new ServiceCollection();
        s.AddGovernanceModule(config);
        s.AddEducationModule(config);
        return s.BuildServiceProvider();
    }
}
