using Spectre.Console;

namespace Basira.Cli;

/// <summary>
/// Progress of long work on standard error (never on standard output, which carries the JSON): a live Spectre.Console
/// status line on a terminal, plain log lines when the output is redirected.
/// </summary>
internal static class CliProgress
{
    public static T Run<T>(string title, Func<Action<string>, T> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (!console.Profile.Capabilities.Interactive || Console.IsErrorRedirected)
        {
            Console.Error.WriteLine(title);
            return work(Console.Error.WriteLine);
        }
        T result = default!;
        console.Status().Spinner(Spinner.Known.Dots).Start(Markup.Escape(title), ctx =>
        {
            result = work(message =>
            {
                ctx.Status(Markup.Escape(message));
                console.MarkupLine($"[grey]{Markup.Escape(message)}[/]");
            });
        });
        return result;
    }
}
