using System.CommandLine;
using System.Text.Json.Nodes;
using Basira.Energy.MiniGrids;
using Basira.Energy.MiniGrids.Dispatch;

namespace Basira.Cli.Commands;

/// <summary><c>basira bench minigrid</c> (BENCHMARKS.md B5): every controller on the pymgrid25 microgrids against the LP optimum and the published costs.</summary>
internal static partial class BenchCommands
{
    /// <summary>Published pymgrid25 benchmark (test window): RBC, MPC, SAA-85, SAA-70, SAA-50 (minigrid/SOURCE.md).</summary>
    private static readonly Dictionary<int, double[]> Published = new()
    {
        [0] = [378_640.91, 346_870.80, 350_482.41, 350_479.61, 350_156.66],
        [7] = [4_822_846.56, 4_546_518.27, 4_577_741.40, 4_575_800.25, 4_574_316.03],
        [19] = [815_032.27, 767_025.36, 768_737.62, 768_906.61, 768_666.76],
        [23] = [6_608_053.00, 6_377_003.55, 6_380_670.60, 6_379_713.64, 6_379_885.01],
    };

    /// <summary>LP perfect foresight, test-window share, from minigrid/BASELINES.md (scipy/HiGHS).</summary>
    private static readonly Dictionary<int, double> BaselineLpTest = new()
    {
        [0] = 346_726.89,
        [7] = 4_542_853.00,
        [19] = 766_881.37,
        [23] = 6_379_422.68,
    };

    static partial void AddEnergyBench(Command bench) => bench.Subcommands.Add(MiniGridBench());

    private static Command MiniGridBench()
    {
        var data = CliOptions.Text("--data", "DIR", "folder holding microgrid_<i>/ (default ../shared/datasets/minigrid)");
        var grids = CliOptions.List("--grids", "I,I", "microgrids to run (default 0,7,19,23)");
        var milp = CliOptions.Flag("--milp", "also run the perfect-foresight MILP (SCIP, minimum load; ~100 s per off-grid microgrid)");
        var controllers = CliOptions.List("--controllers", "NAME,NAME", "controllers (default rule,cycle,mpc-oracle,mpc-forecast)");
        var forecaster = CliOptions.Choice("--forecaster", "forecaster of mpc-forecast: lag-ridge (default), hourly, blend (see energy dispatch)", [.. DispatchControllers.Forecasters]);
        var command = new Command("minigrid", """
            B5: mini-grid dispatch on the pymgrid25 microgrids. For each grid: the perfect-foresight LP over the 8,736 steps
            (its objective, its test-window share, and the range of that share over every optimal plan, as the optimum is
            not unique), each controller's cost on pymgrid's test window (last 2,882 steps) with its gap to the LP share of
            BASELINES.md, the published RBC/MPC/SAA costs, and the B5 checks, as JSON.
            """) { data, grids, milp, controllers, forecaster };
        CliApp.SetAction(command, (parsed, ct) =>
        {
            var progress = new CliProgress();
            var root = parsed.GetValue(data) ?? Path.Combine("..", "shared", "datasets", "minigrid");
            var ids = (parsed.GetValue(grids) is { Length: > 0 } g0 ? g0 : ["0", "7", "19", "23"]).Select(g => int.TryParse(g, out var i) ? i : throw new CliUsageException($"--grids expects numbers, got '{g}'")).ToArray();
            var names = parsed.GetValue(controllers) is { Length: > 0 } c0 ? c0 : ["rule", "cycle", "mpc-oracle", "mpc-forecast"];
            if (parsed.GetValue(milp)) names = [.. names, "optimal"];
            var results = new JsonArray();
            var allPass = true;
            foreach (var id in ids)
            {
                var grid = PymgridLayout.Read(Path.Combine(root, $"microgrid_{id}"));
                var steps = grid.SimulatedSteps();
                var (start, _) = DispatchProtocol.Window(steps, test: true);
                var sw = System.Diagnostics.Stopwatch.StartNew();
                double lpFull, lpTest = 0;
                using (var lp = new HorizonModel(grid, steps))
                {
                    var hd = new HorizonData(steps).FillActual(grid, 0);
                    lp.Set(hd, new DispatchState(grid.Battery?.InitialSocKwh ?? 0, grid.Genset?.InitiallyOn ?? false));
                    lp.Solve();
                    lpFull = lp.ObjectiveValue;
                    for (var k = start; k < steps; k++) lpTest += lp.StepCost(k, hd);
                }
                var shares = new double[2];
                for (var m = 0; m < 2; m++)
                {
                    using var lp = new HorizonModel(grid, steps);
                    var hd = new HorizonData(steps).FillActual(grid, 0);
                    lp.Set(hd, new DispatchState(grid.Battery?.InitialSocKwh ?? 0, grid.Genset?.InitiallyOn ?? false));
                    lp.OptimiseWindowShare(lpFull * (1 + 1e-9), start, steps, maximise: m == 1);
                    lp.Solve();
                    for (var k = start; k < steps; k++) shares[m] += lp.StepCost(k, hd);
                }
                var reference = BaselineLpTest.TryGetValue(id, out var b) ? b : lpTest;
                progress.Log($"microgrid {id}: LP {lpFull:F2}, test share {lpTest:F2} (range over optimal plans {shares[0]:F2}..{shares[1]:F2}; BASELINES.md {reference:F2}) in {sw.Elapsed.TotalSeconds:F1} s");
                var controllersJson = new JsonObject();
                foreach (var name in names)
                {
                    ct.ThrowIfCancellationRequested();
                    var r = DispatchRun.Run(grid, EnergyCommands.CreateController(name, TimeSpan.FromSeconds(300), new EnergyCommands.MpcOptions(Forecaster: parsed.GetValue(forecaster) ?? "lag-ridge")), testWindow: true, ct: ct);
                    progress.Log($"microgrid {id}: {name} {r.Cost:F2} ({(r.Cost / reference - 1) * 100:+0.000;-0.000} % vs LP) in {r.Seconds:F1} s");
                    controllersJson[name] = new JsonObject
                    {
                        ["cost"] = Math.Round(r.Cost, 2),
                        ["vs_lp_percent"] = Math.Round((r.Cost / reference - 1) * 100, 4),
                        ["seconds"] = Math.Round(r.Seconds, 2),
                        ["genset_kwh"] = Math.Round(r.GensetKwh, 1),
                        ["unmet_kwh"] = Math.Round(r.UnmetKwh, 3),
                        ["battery_throughput_kwh"] = Math.Round(r.BatteryThroughputKwh, 1),
                    };
                }
                var pub = Published.TryGetValue(id, out var p) ? p : null;
                var checks = new JsonObject();
                if (controllersJson["mpc-oracle"] is JsonObject o)
                {
                    var ok = o["cost"]!.GetValue<double>() <= reference * 1.0005;
                    checks["mpc_oracle_within_0.05_percent_of_lp"] = ok;
                    allPass &= ok;
                }
                if (controllersJson["mpc-forecast"] is JsonObject f)
                {
                    var cost = f["cost"]!.GetValue<double>();
                    var within = cost <= reference * 1.02;
                    checks["mpc_forecast_within_2_percent_of_lp"] = within;
                    allPass &= within;
                    if (pub is not null)
                    {
                        checks["mpc_forecast_below_saa85"] = cost < pub[2];
                        checks["mpc_forecast_below_saa70"] = cost < pub[3];
                        checks["mpc_forecast_below_saa50"] = cost < pub[4];
                        allPass &= cost < pub[2] && cost < pub[3] && cost < pub[4];
                    }
                    var year = f["seconds"]!.GetValue<double>() < 20;
                    checks["mpc_forecast_year_under_20_s"] = year;
                    allPass &= year;
                }
                results.Add(new JsonObject
                {
                    ["microgrid"] = id,
                    ["steps"] = steps,
                    ["test_window"] = $"{start}..{steps - 1}",
                    ["lp_full"] = Math.Round(lpFull, 2),
                    ["lp_test_reference"] = Math.Round(reference, 2),
                    ["lp_test_reference_source"] = BaselineLpTest.ContainsKey(id) ? "minigrid/BASELINES.md (HiGHS)" : "this run (GLOP)",
                    ["lp_test_share_glop"] = Math.Round(lpTest, 2),
                    ["lp_test_share_range"] = new JsonArray(Math.Round(shares[0], 2), Math.Round(shares[1], 2)),
                    ["published"] = pub is null ? null : new JsonObject
                    {
                        ["rbc"] = pub[0], ["mpc"] = pub[1], ["saa85"] = pub[2], ["saa70"] = pub[3], ["saa50"] = pub[4],
                    },
                    ["controllers"] = controllersJson,
                    ["checks"] = checks,
                });
            }
            CliApp.WriteJson(new JsonObject
            {
                ["benchmark"] = "B5 mini-grid dispatch",
                ["data"] = Path.GetFullPath(root),
                ["cost_model"] = "pymgrid (minigrid/SOURCE.md): genset 0.6/kWh incl. CO2, battery eta 0.9 each way and 0.02/kWh moved, unmet 10/kWh, over-generation 1/kWh",
                ["processor_count"] = Environment.ProcessorCount,
                ["grids"] = results,
                ["all_checks_pass"] = allPass,
            });
            return CliApp.Ok;
        });
        return command;
    }
}
