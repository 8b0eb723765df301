using System.CommandLine;
using Basira.Server;
using Basira.Server.Demo;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Basira.Cli.Commands;

/// <summary><c>basira serve</c> (the web platform) and <c>basira demo</c> (seed the synthetic demo without serving).</summary>
internal static class ServeCommands
{
    public static Command Serve()
    {
        var demo = CliOptions.Flag("--demo", "seed a synthetic Morocco (cohorts, model, decisions, users) on first start");
        var urls = CliOptions.Text("--urls", "URL", "address to listen on (default http://127.0.0.1:5080)");
        var connection = CliServices.ConnectionOption();
        var command = new Command("serve", "run the platform (API and web pages); --demo seeds a synthetic Morocco on first start")
        {
            demo, urls, connection,
        };
        CliApp.SetAction(command, async (parsed, ct) =>
        {
            var dataDir = Path.GetFullPath(parsed.DataDir());
            var hostArgs = new List<string> { "--urls", parsed.GetValue(urls) ?? "http://127.0.0.1:5080", "--Basira:DataDir", dataDir };
            if (parsed.GetValue(connection) is { } cs) hostArgs.AddRange(["--ConnectionStrings:Basira", cs]);
            if (parsed.GetValue(demo)) hostArgs.AddRange(["--Basira:Demo", "true"]);
            var app = ServerApp.Create(hostArgs.ToArray());
            await DemoSeeder.SeedIfRequestedAsync(app);
            Console.Error.WriteLine($"Basira is listening on {hostArgs[1]} (data: {dataDir}); Ctrl+C stops it.");
            await app.StartAsync(ct);
            await app.WaitForShutdownAsync(ct);
            return CliApp.Ok;
        });
        return command;
    }

    public static Command Demo()
    {
        var pupils = CliOptions.Int("--pupils", "N", "pupils of the SYNTHETIC national population (schools, two school years of pupils, a year of absences and marks; default 20000); the early-warning cohorts take min(N, 3000)", min: 100);
        var seed = CliOptions.Int("--seed", "S", "seed of the national population (default 20240901)", min: 0);
        var connection = CliServices.ConnectionOption();
        var command = new Command("demo", "seed the synthetic demo (cohorts, model, decisions, users, an objection, a national population) into --data-dir and print the accounts")
        {
            pupils, seed, connection,
        };
        CliApp.SetAction(command, (parsed, ct) =>
        {
            var dataDir = parsed.DataDir();
            var progress = new CliProgress();
            using var sp = CliServices.Build(dataDir, parsed.GetValue(connection));
            if (sp.GetRequiredService<Basira.Governance.Access.UserStore>().Count() > 0)
                throw new CliUsageException($"{dataDir} already holds a seeded platform; use a new --data-dir");
            var n = parsed.GetValue(pupils);
            var report = progress.Run("seeding the synthetic demo", log => DemoSeeder.Seed(sp, null, log, Math.Min(n ?? 3000, 3000),
                n ?? NationalDemo.DefaultPupils, (ulong)(parsed.GetValue(seed) ?? (int)Basira.Synth.National.NationalOptions.DefaultSeed)));
            if (parsed.IsJson()) CliApp.WriteJson(report);
            else DemoSeeder.PrintAccounts(report, Console.Out);
            return CliApp.Ok;
        });
        return command;
    }
}
