using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Basira.Cli.Tests;

/// <summary>Runs the real <c>basira</c> executable as a separate process, as a user or a script would.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public JsonNode Json => JsonNode.Parse(Stdout) ?? throw new InvalidOperationException("no JSON on stdout");
    }

    public static Result Run(string workDir, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "basira.dll");
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5))) { p.Kill(true); throw new TimeoutException($"basira {string.Join(' ', args)} did not finish"); }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }
}
