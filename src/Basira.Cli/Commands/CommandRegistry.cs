using System.CommandLine;
using Basira.Cli.Commands;

namespace Basira.Cli;

/// <summary>
/// The commands of <c>basira</c>, one line per module area: each area builds its <see cref="Command"/> (with its
/// subcommands) in <c>Commands/&lt;Area&gt;Commands.cs</c>. Adding an area is adding its line here (see docs/cli.md).
/// </summary>
internal static class CommandRegistry
{
    public static IReadOnlyList<Command> All() =>
    [
        ServeCommands.Serve(),
        ServeCommands.Demo(),
        AuditCommands.Create(),
        ExplainCommands.Create(),
        BenchCommands.Create(),
        EduCommands.Create(),
        EnergyCommands.Create(),
        JobsCommands.Create(),
        KtCommands.Create(),
        SynthCommands.Create(),
    ];
}
