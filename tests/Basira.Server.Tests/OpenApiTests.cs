using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Basira.Server.Tests;

/// <summary>
/// The OpenAPI document is usable by a client generator: security scheme on the operations that need sign-in, problem
/// answers, operation ids, tag descriptions, one naming convention; and Redocly CLI's recommended ruleset finds no error.
/// </summary>
public sealed class OpenApiTests(DefaultLoggingPlatformFixture platform) : IClassFixture<DefaultLoggingPlatformFixture>
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    private async Task<JsonObject> DocumentAsync() => (await platform.CreateClient().GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;

    private static IEnumerable<(string Path, string Method, JsonObject Op)> Operations(JsonObject doc) =>
        from p in doc["paths"]!.AsObject()
        from m in p.Value!.AsObject()
        where Methods.Contains(m.Key)
        select (p.Key, m.Key, m.Value!.AsObject());

    [Fact]
    public async Task Every_operation_has_an_id_a_summary_and_states_its_security()
    {
        var doc = await DocumentAsync();
        var ops = Operations(doc).ToList();
        Assert.True(ops.Count >= 19, $"only {ops.Count} operations");
        var scheme = doc["components"]!["securitySchemes"]!["cookie"]!;
        Assert.Equal("apiKey", scheme["type"]!.GetValue<string>());
        Assert.Equal("cookie", scheme["in"]!.GetValue<string>());
        Assert.Equal("basira.auth", scheme["name"]!.GetValue<string>());

        var anonymous = new HashSet<string> { "get /health", "get /api/governance/register", "post /api/auth/login", "post /api/auth/logout" };
        Assert.Equal(ops.Count, ops.Select(o => o.Op["operationId"]?.GetValue<string>()).OfType<string>().Distinct().Count());
        foreach (var (path, method, op) in ops)
        {
            var key = $"{method} {path}";
            Assert.False(string.IsNullOrWhiteSpace(op["summary"]?.GetValue<string>()), key + " has no summary");
            var security = op["security"]!.AsArray();
            var responses = op["responses"]!.AsObject();
            if (anonymous.Contains(key))
            {
                Assert.Equal("[{}]", security.ToJsonString());
                // Only the sign-in itself answers 401 (wrong password), never "not signed in".
                Assert.False(responses["401"]?["description"]?.GetValue<string>().StartsWith("Not signed in", StringComparison.Ordinal) ?? false, key);
            }
            else
            {
                Assert.Equal("[{\"cookie\":[]}]", security.ToJsonString());
                Assert.Equal("#/components/schemas/ProblemDetails", responses["401"]!["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>());
            }
            foreach (var (code, r) in responses)
                if (code[0] is '4' or '5')
                    Assert.True(r!["content"]!.AsObject().ContainsKey("application/problem+json"), $"{key} {code} is not a problem answer");
        }
    }

    [Theory]
    [InlineData("post /api/governance/decisions/{id}/objections", "400,401,403,404,409")]
    [InlineData("post /api/governance/objections/{id}/decide", "400,401,403,404,409")]
    [InlineData("get /api/governance/decisions/{id}", "401,404")]
    [InlineData("get /api/governance/audit/log", "401,403")]
    [InlineData("post /api/auth/login", "400,401,429")]
    public async Task Problem_answers_are_declared_per_operation(string operation, string codes)
    {
        var doc = await DocumentAsync();
        var (method, path) = (operation.Split(' ')[0], operation.Split(' ')[1]);
        var responses = doc["paths"]![path]![method]!["responses"]!.AsObject();
        Assert.Equal(codes, string.Join(',', responses.Select(r => r.Key).Where(k => k[0] == '4')));
    }

    [Fact]
    public async Task Tags_are_described_servers_have_no_trailing_slash_and_names_are_snake_case()
    {
        var doc = await DocumentAsync();
        var tags = doc["tags"]!.AsArray().ToDictionary(t => t!["name"]!.GetValue<string>(), t => t!["description"]?.GetValue<string>());
        foreach (var used in Operations(doc).SelectMany(o => o.Op["tags"]!.AsArray().Select(t => t!.GetValue<string>())))
            Assert.False(string.IsNullOrWhiteSpace(tags.GetValueOrDefault(used)), $"tag {used} has no description");
        foreach (var s in doc["servers"]!.AsArray())
            Assert.False(s!["url"]!.GetValue<string>().EndsWith('/'), s.ToJsonString());
        // One naming convention: every property of every schema is snake_case (the problem details' own names are single words).
        var schemas = doc["components"]!["schemas"]!.AsObject();
        var names = schemas.SelectMany(s => s.Value!["properties"]?.AsObject().Select(p => $"{s.Key}.{p.Key}") ?? []).ToList();
        Assert.Contains("ReviewDecisionRequest.no_error_found", names);
        Assert.Contains("ObjectionQueueItem.decision_id", names);
        Assert.Contains("ExplanationView.raw_score", names);
        Assert.DoesNotContain(names, n => n.Split('.')[1].Any(char.IsUpper));
    }

    [Fact]
    public async Task Redocly_recommended_ruleset_reports_no_error()
    {
        var root = RepositoryRoot();
        var tool = Path.Combine(root, "tools", "openapi-lint");
        var redocly = Path.Combine(tool, "node_modules", ".bin", "redocly");
        if (!File.Exists(redocly))
        {
            var install = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], tool, TimeSpan.FromMinutes(5));
            Assert.True(install.ExitCode == 0, $"npm ci in {tool} failed (Node.js and npm are needed, and the npm registry):\n{install.Output}");
        }
        var file = Path.Combine(Path.GetTempPath(), $"basira-openapi-{Guid.NewGuid():n}.json");
        await File.WriteAllTextAsync(file, await platform.CreateClient().GetStringAsync("/openapi/v1.json"));
        try
        {
            var lint = await RunAsync(redocly, ["lint", file, "--config", Path.Combine(tool, "redocly.yaml"), "--format", "stylish"], tool, TimeSpan.FromMinutes(2));
            Assert.True(lint.ExitCode == 0, $"redocly lint exited {lint.ExitCode}:\n{lint.Output}");
            Assert.Contains("Your API description is valid", lint.Output);
            Assert.DoesNotContain(" error ", lint.Output);
        }
        finally { File.Delete(file); }
    }

    private static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Basira.slnx"))) return d.FullName;
        throw new InvalidOperationException("Basira.slnx not found above " + AppContext.BaseDirectory);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] args, string workingDirectory, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["REDOCLY_TELEMETRY"] = "off";
        psi.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        psi.Environment["NO_COLOR"] = "1";
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + file);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { p.Kill(entireProcessTree: true); return (-1, $"{file} timed out"); }
        return (p.ExitCode, await stdout + await stderr);
    }
}
