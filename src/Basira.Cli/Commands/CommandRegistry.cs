using Basira.Cli.Commands;

namespace Basira.Cli;

/// <summary>Every command of the CLI; one line each.</summary>
internal static class CommandRegistry
{
    public static IReadOnlyList<ICliCommand> All() =>
    [
        new ServeCommand(),
        new DemoCommand(),
        new AuditVerifyCommand(),
        new AuditFairnessCommand(),
        new ExplainCommand(),
        new BenchExplainCommand(),
        new EduEvaluateCommand(),
        new EduTrainCommand(),
        new EduTuneCommand(),
    ];
}
