using System.CommandLine;
using Basira.Education;
using Basira.Energy;
using Basira.Governance;
using Basira.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Cli;

/// <summary>The same module façades as the server, composed without a web host.</summary>
internal static class CliServices
{
    /// <summary><c>--connection CS</c>: the store's connection string (PostgreSQL; default the SQLite file under --data-dir).</summary>
    public static Option<string> ConnectionOption() =>
        CliOptions.Text("--connection", "CS", "connection string of the store (Host=…;Database=…: PostgreSQL); default the SQLite file in --data-dir");

    public static IConfiguration Configuration(string dataDir, string? connection)
    {
        var values = new Dictionary<string, string?> { ["Basira:DataDir"] = Path.GetFullPath(dataDir) };
        if (connection is not null) values["ConnectionStrings:Basira"] = connection;
        return new ConfigurationBuilder()
            .AddEnvironmentVariables("BASIRA_")
            .AddInMemoryCollection(values)
            .Build();
    }

    public static ServiceProvider Build(string dataDir, string? connection)
    {
        var config = Configuration(dataDir, connection);
        var s = new ServiceCollection();
        s.AddGovernanceModule(config);
        s.AddEducationModule(config);
        s.AddEnergyModule(config);
        s.AddJobsModule(config);
        return s.BuildServiceProvider();
    }
}
