using Basira.Server;
using Basira.Server.Demo;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Basira.Cli.Commands;

/// <summary><c>basira serve</c>: the web platform (API + pages) on the embedded defaults.</summary>
internal sealed class ServeCommand : ICliCommand
{
    public string Name => "serve";
    public string Summary => "run the platform (API and web pages); --demo seeds a synthetic Morocco on first start";
    public IReadOnlyCollection<string> Options { get; } = ["demo", "urls", "connection"];

    public string Usage => "[--demo] [--urls http://127.0.0.1:5080] [--data-dir DIR] [--connection CS]";

    public async Task<int> RunAsync(CliArgs args, CancellationToken ct)
    {
        var dataDir = Path.GetFullPath(args.DataDir);
        var hostArgs = new List<string> { "--urls", args.Get("urls") ?? "http://127.0.0.1:5080", "--Basira:DataDir", dataDir };
        if (args.Get("connection") is { } cs) hostArgs.AddRange(["--ConnectionStrings:Basira", cs]);
        if (args.Has("demo")) hostArgs.AddRange(["--Basira:Demo", "true"]);
        var app = ServerApp.Create(hostArgs.ToArray());
        await DemoSeeder.SeedIfRequestedAsync(app);
        Console.Error.WriteLine($"Basira is listening on {hostArgs[1]} (data: {dataDir}); Ctrl+C stops it.");
        await app.StartAsync(ct);
        await app.WaitForShutdownAsync(ct);
        return CliApp.Ok;
    }
}

/// <summary><c>basira demo</c>: seed the synthetic demo into the data directory without serving.</summary>
internal sealed class DemoCommand : ICliCommand
{
    public string Name => "demo";
    public string Summary => "seed the synthetic demo (cohorts, model, decisions, users, an objection) into --data-dir";
    public IReadOnlyCollection<string> Options { get; } = ["pupils", "connection"];

    public string Usage => "[--data-dir DIR] [--connection CS] [--pupils N] [--json]";

    public Task<int> RunAsync(CliArgs args, CancellationToken ct)
    {
        using var sp = CliServices.Build(args);
        if (sp.GetRequiredService<Basira.Governance.Access.UserStore>().Count() > 0)
            throw new CliUsageException($"{args.DataDir} already holds a seeded platform; use a new --data-dir");
        var pupils = args.GetInt("pupils", 3000);
        if (pupils < 100) throw new CliUsageException("--pupils must be at least 100");
        var report = CliProgress.Run("seeding the synthetic demo", log => DemoSeeder.Seed(sp, null, log, pupils));
        if (args.Json) CliApp.WriteJson(report);
        else DemoSeeder.PrintAccounts(report, Console.Out);
        return Task.FromResult(CliApp.Ok);
    }
}
