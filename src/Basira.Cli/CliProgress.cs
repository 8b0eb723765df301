using System.Diagnostics;
using Spectre.Console;

namespace Basira.Cli;

/// <summary>
/// Progress of long work on standard error, never on standard output (which carries the JSON with --json): one line per
/// stage or fold with the time elapsed since the command started, e.g. <c>[  12.4 s] cv: fold 2 done: auc 0.9120</c>.
/// On a terminal <see cref="Run{T}"/> also shows a live status line.
/// </summary>
internal sealed class CliProgress
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TextWriter _error;

    public CliProgress(TextWriter? error = null) => _error = error ?? Console.Error;

    /// <summary>Time since the command started.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Writes one progress line with the elapsed time.</summary>
    public void Log(string line) => _error.WriteLine(Stamp(line));

    private string Stamp(string line) =>
        $"[{_clock.Elapsed.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture),6} s] {line}";

    /// <summary>
    /// Runs <paramref name="work"/> with a progress callback: a live Spectre.Console status line (and the stamped lines)
    /// on a terminal, the stamped lines alone when standard error is redirected.
    /// </summary>
    public T Run<T>(string title, Func<Action<string>, T> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (!console.Profile.Capabilities.Interactive || Console.IsErrorRedirected)
        {
            Log(title);
            var done = work(Log);
            Log($"{title}: done");
            return done;
        }
        T result = default!;
        console.Status().Spinner(Spinner.Known.Dots).Start(Markup.Escape(title), ctx =>
        {
            result = work(message =>
            {
                ctx.Status(Markup.Escape(message));
                console.MarkupLine($"[grey]{Markup.Escape(Stamp(message))}[/]");
            });
        });
        Log($"{title}: done");
        return result;
    }
}
