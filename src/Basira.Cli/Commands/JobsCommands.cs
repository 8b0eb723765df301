using System.CommandLine;

namespace Basira.Cli.Commands;

/// <summary>
/// <c>basira jobs</c>: ESCO, job-title linking and skill extraction (<c>JobsCommands.Linking.cs</c>); matching, the live
/// market, training and guidance (<c>JobsCommands.Market.cs</c>). Each part adds its subcommands to the group.
/// </summary>
internal static partial class JobsCommands
{
    public static Command Create()
    {
        var jobs = new Command("jobs", "employment: job-title linking, skills, matching, the live labour market, training and guidance");
        AddLinkingCommands(jobs);
        AddMarketCommands(jobs);
        return jobs;
    }

    /// <summary>ESCO, linking and skills: <c>jobs normalize</c>, <c>jobs evaluate-linking</c>, <c>jobs import</c>.</summary>
    static partial void AddLinkingCommands(Command jobs);

    /// <summary>Matching, market, training, guidance: <c>jobs match</c>, …, and <c>bench market</c> lives in BenchCommands.</summary>
    static partial void AddMarketCommands(Command jobs);
}
