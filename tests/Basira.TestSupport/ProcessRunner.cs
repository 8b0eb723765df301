using System.Diagnostics;
using System.Text;

namespace Basira.TestSupport;

/// <summary>Runs a short external command and captures its output (stdin closed, bounded time).</summary>
internal static class ProcessRunner
{
    internal sealed record Result(int ExitCode, string Output)
    {
        public bool Ok => ExitCode == 0;
    }

    public static async Task<Result> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        // Keep the child's messages in English and its locale sane whatever the caller's environment is.
        psi.Environment["LC_ALL"] = "C";
        psi.Environment["LANG"] = "C";

        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return new Result(-1, $"cannot start {fileName}: {ex.Message}");
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }

            return new Result(-1, $"{fileName} timed out after {timeout.TotalSeconds:0} s");
        }

        // A grandchild that kept our pipes open must not hang us: give the readers a moment, then move on.
        var readers = Task.WhenAll(stdout, stderr);
        await Task.WhenAny(readers, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        var text = new StringBuilder();
        if (readers.IsCompletedSuccessfully)
        {
            text.Append(stdout.Result).Append(stderr.Result);
        }

        return new Result(process.ExitCode, text.ToString().Trim());
    }
}
