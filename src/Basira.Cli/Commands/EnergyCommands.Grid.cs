using System.CommandLine;
using System.Globalization;
using Basira.Energy.Capacity;
using Basira.Energy.MiniGrids;
using Basira.Energy.MiniGrids.Dispatch;
using Basira.Energy.MiniGrids.Shedding;
using Basira.Energy.MiniGrids.Sizing;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Cli.Commands;

/// <summary><c>basira energy dispatch</c>, <c>energy size</c>, <c>energy plan</c>: mini-grids and capacity planning.</summary>
internal static partial class EnergyCommands
{
    internal static readonly string[] Controllers = ["rule", "cycle", "optimal", "mpc-oracle", "mpc-forecast"];

    static partial void AddGridCommands(Command energy)
    {
        energy.Subcommands.Add(Dispatch());
        energy.Subcommands.Add(Shed());
        energy.Subcommands.Add(Size());
        energy.Subcommands.Add(Plan());
    }

    private static Command Dispatch()
    {
        var microgrid = CliOptions.Text("--microgrid", "DIR", "a pymgrid microgrid folder (yaml + csv.gz) or a Basira mini-grid (folder with minigrid.json, or the .json file)", required: true);
        var controller = CliOptions.Choice("--controller", "rule (HOMER load following), cycle (HOMER cycle charging), optimal (perfect foresight LP/MILP), mpc-oracle, mpc-forecast (forecasts from past data only)", Controllers);
        var window = CliOptions.Choice("--window", "test: pymgrid's benchmark window (last 33 % of the 8,736 steps); full: every simulated step", ["test", "full"]);
        var timeLimit = CliOptions.Int("--time-limit", "SECONDS", "time limit of the perfect-foresight MILP (default 300)", min: 1);
        var pastEnd = CliOptions.Flag("--past-end", "MPC: let the 24-step horizon read the data past the last simulated step (pymgrid's MPC does); by default it stops there, like the perfect-foresight optimum");
        var exact = CliOptions.Flag("--exact-commitment", "MPC: solve a horizon whose genset on/off the LP leaves fractional as a MILP on SCIP (exact, ~30 ms a solve) instead of the LP dive");
        var forecaster = CliOptions.Choice("--forecaster", "mpc-forecast: lag-ridge (default: per-lead ridge on lags, updated online), hourly (the Forecasting module's HourlyForecaster on load and PV, refitted every 28 days on the past), blend (their mean)", [.. DispatchControllers.Forecasters]);
        var horizon = CliOptions.Int("--horizon", "STEPS", "MPC horizon, 2 to 168 (default 24)", min: 2);
        var terminal = CliOptions.Number("--terminal-value", "PER_KWH", "MPC (experimental): value of a kWh stored at the end of the horizon (default 0)");
        var offBias = CliOptions.Number("--off-bias", "COST", "MPC (experimental): the dive keeps the genset on at the first step only if cheaper than off by more than this (default 0)");
        var timePreference = CliOptions.Number("--time-preference", "W", "MPC (experimental): weight decrease per step of the horizon's costs (default 2e-5)");
        var stepsCsv = CliOptions.Text("--steps-csv", "FILE", "also write every simulated step (load, PV, genset, battery, grid, unmet, cost) to this CSV");
        var command = new Command("dispatch", """
            simulate a mini-grid's dispatch with pymgrid's cost model (genset 0.4/kWh + 2 kg CO2/kWh × 0.1, battery
            η = 0.9 each way and 0.02 per kWh moved, unmet load 10/kWh, over-generation 1/kWh) over every step but the last
            24 (look-ahead), and report the totals over the window: cost, genset_kwh, unmet_kwh, curtailed_kwh (PV spilled),
            battery_throughput_kwh (internal kWh charged + discharged), co2_kg, steps.
            """)
        { microgrid, controller, window, timeLimit, pastEnd, exact, forecaster, horizon, terminal, offBias, timePreference, stepsCsv };
        CliApp.SetAction(command, (parsed, ct) =>
        {
            var progress = new CliProgress();
            var grid = MiniGridSource.Read(parsed.GetValue(microgrid)!);
            progress.Log($"read {grid.Name}: {grid.Steps} steps, peak load {grid.Load.Max():F1} kWh, PV peak {grid.Pv.Max():F1} kWh");
            var name = parsed.GetValue(controller)!;
            var limit = parsed.GetValue(timeLimit) is { } s ? TimeSpan.FromSeconds(s) : (TimeSpan?)null;
            if (parsed.GetValue(horizon) is > 168) throw new CliUsageException("--horizon must be 2 to 168 steps (the forecasts read the grid prices one week back)");
            var options = new MpcOptions(parsed.GetValue(pastEnd), parsed.GetValue(exact), parsed.GetValue(forecaster) ?? "lag-ridge", parsed.GetValue(horizon) ?? DispatchProtocol.Horizon,
                new MpcTuning(parsed.GetValue(terminal) ?? 0, parsed.GetValue(offBias) ?? 0, parsed.GetValue(timePreference) ?? HorizonModel.TimePreference));
            var result = DispatchRun.Run(grid, CreateController(name, limit, options), parsed.GetValue(window) == "test", log: progress.Log, ct: ct);
            progress.Log($"{name}: {result.Seconds:F1} s");
            if (parsed.GetValue(stepsCsv) is { } csv) WriteSteps(csv, result);
            if (parsed.IsJson()) CliApp.WriteJson(DispatchJson(result));
            else
            {
                var ci = CultureInfo.InvariantCulture;
                Console.WriteLine($"{result.Grid} · {result.Controller} · window {result.Window} ({result.Steps} steps from step {result.WindowStart})");
                Console.WriteLine(string.Create(ci, $"cost {result.Cost:N2}  genset {result.GensetKwh:N0} kWh  unmet {result.UnmetKwh:N1} kWh  curtailed {result.CurtailedKwh:N0} kWh  battery throughput {result.BatteryThroughputKwh:N0} kWh  CO2 {result.Co2Kg:N0} kg"));
            }
            return CliApp.Ok;
        });
        return command;
    }

    private static Command Shed()
    {
        var microgrid = CliOptions.Text("--microgrid", "DIR", "a Basira mini-grid (folder with minigrid.json, or the file) or a pymgrid folder", required: true);
        var controller = CliOptions.Choice("--controller", "dispatch whose unmet energy is shed", ["mpc-forecast", "mpc-oracle", "rule", "cycle", "optimal"]);
        var rule = CliOptions.Choice("--rule", "how the supply left at a priority level is shared: max-min (same cap per household) or proportional", ["max-min", "proportional"]);
        var window = CliOptions.Choice("--window", "full: every simulated step; test: pymgrid's test window", ["full", "test"]);
        var record = CliOptions.Flag("--record", "record one governed decision per meter and day shed (notice, objection path) and the fairness audit, in the store of --data-dir / --connection");
        var region = CliOptions.Text("--region", "CODE", "region code of the mini-grid (decision scope)");
        var province = CliOptions.Text("--province", "CODE", "province code of the mini-grid (decision scope)");
        var connection = CliServices.ConnectionOption();
        var command = new Command("shed", """
            fair load shedding: dispatch the mini-grid, then give the energy supplied at each hour of shortage to the
            priority loads first (1: health post, water pump; 2: school; 3: households…) and share the rest by the rule;
            report the curtailment per village (share of demand shed, days shed, Jain's index, the audit status) and, with
            --record, write each curtailment as a governed decision.
            """) { microgrid, controller, rule, window, record, region, province, connection };
        CliApp.SetAction(command, (parsed, ct) =>
        {
            var progress = new CliProgress();
            var grid = MiniGridSource.Read(parsed.GetValue(microgrid)!);
            var result = DispatchRun.Run(grid, CreateController(parsed.GetValue(controller)!), parsed.GetValue(window) == "test", log: progress.Log, ct: ct);
            progress.Log($"{result.Controller}: unmet {result.UnmetKwh:F2} kWh over {result.Steps} steps");
            using var services = CliServices.Build(parsed.DataDir(), parsed.GetValue(connection));
            var service = services.GetRequiredService<SheddingService>();
            var report = service.Run(grid, result, parsed.GetValue(rule) == "proportional" ? FairnessRule.Proportional : FairnessRule.MaxMin,
                "cli", parsed.GetValue(record), parsed.GetValue(region), parsed.GetValue(province));
            var json = new
            {
                grid = report.Grid,
                controller = result.Controller,
                rule = report.Rule,
                days = report.Days,
                shortfall_kwh = Math.Round(report.ShortfallKwh, 3),
                priority_curtailed_kwh = Math.Round(report.PriorityCurtailedKwh, 3),
                villages = report.Villages.Select(v => new
                {
                    village = v.Village,
                    demand_kwh = Math.Round(v.DemandKwh, 3),
                    curtailed_kwh = Math.Round(v.CurtailedKwh, 3),
                    curtailed_share = Math.Round(v.CurtailedShare, 5),
                    meter_days_shed = v.MeterDaysShed,
                    shed_day_rate = Math.Round(v.ShedDayRate, 4),
                }),
                jain_index = Math.Round(report.JainIndex, 6),
                shed_day_parity_ratio = report.ShedDayParityRatio,
                audit_status = report.AuditStatus,
                decisions_recorded = report.DecisionsRecorded,
                model_version = report.ModelVersion,
            };
            if (parsed.IsJson()) CliApp.WriteJson(json);
            else
            {
                Console.WriteLine($"{report.Grid} · {result.Controller} · {report.Rule}: shortfall {report.ShortfallKwh:F1} kWh, priority loads shed {report.PriorityCurtailedKwh:F1} kWh, audit {report.AuditStatus}");
                foreach (var v in report.Villages)
                    Console.WriteLine($"  {v.Village}: {v.CurtailedKwh:F1} of {v.DemandKwh:F1} kWh shed ({v.CurtailedShare:P1}), {v.MeterDaysShed} meter-days");
                if (report.DecisionsRecorded > 0) Console.WriteLine($"  {report.DecisionsRecorded} decisions recorded (rule version {report.ModelVersion})");
            }
            return CliApp.Ok;
        });
        return command;
    }

    private static Command Size()
    {
        var microgrid = CliOptions.Text("--microgrid", "DIR", "a mini-grid whose loads and PV profile (PV / its peak) are sized for (Basira JSON or pymgrid)", required: true);
        var reliability = CliOptions.Number("--reliability", "R", "share of the demand that must be served (default 0.99); priority-1 loads always", r => r is > 0 and <= 1, "in (0, 1]");
        var discount = CliOptions.Number("--discount", "RATE", "discount rate (default 0.08)", r => r is >= 0 and < 1, "in [0, 1)");
        var years = CliOptions.Int("--years", "N", "project life in years (default 20)", min: 1);
        var fuel = CliOptions.Number("--fuel-price", "PRICE", "diesel price per litre (default 1.2)", r => r >= 0, "≥ 0");
        var command = new Command("size", """
            size PV (kW), battery (kWh) and genset (kW) for the mini-grid's loads by least net present cost: one LP
            (OR-Tools GLOP) with the hourly dispatch of the whole series, unmet energy ≤ (1 − reliability)·demand and none
            on priority-1 loads; then checks the design by simulating it with the load-following rule. Costs are the
            documented defaults of docs/energy.md (USD).
            """) { microgrid, reliability, discount, years, fuel };
        CliApp.SetAction(command, (parsed, ct) =>
        {
            var progress = new CliProgress();
            var grid = MiniGridSource.Read(parsed.GetValue(microgrid)!);
            var o = new SizingOptions
            {
                Reliability = parsed.GetValue(reliability) ?? 0.99,
                DiscountRate = parsed.GetValue(discount) ?? 0.08,
                Years = parsed.GetValue(years) ?? 20,
                FuelPricePerLitre = parsed.GetValue(fuel) ?? 1.2,
            };
            progress.Log($"sizing {grid.Name}: {grid.Steps} hours");
            var r = MiniGridSizer.Size(grid, o);
            progress.Log($"LP {r.Status} in {progress.Elapsed.TotalSeconds:F1} s");
            DispatchResult? check = r.Status is "OPTIMAL" or "FEASIBLE"
                ? DispatchRun.Run(MiniGridSizer.Apply(grid, r, o), new LoadFollowingController(), testWindow: false, steps: grid.Steps)
                : null;
            var json = new
            {
                grid = grid.Name,
                status = r.Status,
                pv_kw = Math.Round(r.PvKw, 2),
                battery_kwh = Math.Round(r.BatteryKwh, 2),
                genset_kw = Math.Round(r.GensetKw, 2),
                net_present_cost = Math.Round(r.NetPresentCost, 0),
                capex = Math.Round(r.Capex, 0),
                annual_operating_cost = Math.Round(r.AnnualOperatingCost, 0),
                levelised_cost_per_kwh = Math.Round(r.LevelisedCostPerKwh, 4),
                unmet_share = Math.Round(r.UnmetShare, 5),
                renewable_fraction = Math.Round(r.RenewableFraction, 4),
                annual_demand_kwh = Math.Round(r.AnnualDemandKwh, 0),
                reliability = o.Reliability,
                check_by_rule_dispatch = check is null ? null : new
                {
                    unmet_share = Math.Round(check.UnmetKwh / grid.Load.Sum(), 5),
                    genset_kwh = Math.Round(check.GensetKwh, 1),
                    curtailed_kwh = Math.Round(check.CurtailedKwh, 1),
                },
                assumptions = o,
            };
            if (parsed.IsJson()) CliApp.WriteJson(json);
            else Console.WriteLine($"{grid.Name}: PV {r.PvKw:F1} kW, battery {r.BatteryKwh:F1} kWh, genset {r.GensetKw:F1} kW; NPC {r.NetPresentCost:N0}, LCOE {r.LevelisedCostPerKwh:F3}/kWh, unmet {r.UnmetShare:P2}, renewable {r.RenewableFraction:P1} ({r.Status})");
            return r.Status is "OPTIMAL" or "FEASIBLE" ? CliApp.Ok : CliApp.Failure;
        });
        return command;
    }

    private static Command Plan()
    {
        var scenario = CliOptions.Text("--scenario", "FILE", "scenario JSON (default: Morocco's, see docs/energy.md; --print-scenario writes it)");
        var growth = CliOptions.Number("--growth", "RATE", "override the scenario's demand growth per year (e.g. 0.15 for the digital strategy's figure)", r => r is > -0.5 and < 1, "in (−0.5, 1)");
        var demand = CliOptions.Text("--demand", "SCENARIO", "demand growth of a long-term scenario (docs/energy-forecast.md): measured (3.5 %/yr), historical (6.5 %/yr) or digital_strategy (15 %/yr, a stress case)");
        var print = CliOptions.Flag("--print-scenario", "print the scenario (JSON) instead of solving it: a template for --scenario");
        var command = new Command("plan", """
            least-cost capacity expansion to 2030 (OR-Tools GLOP): MW built per technology and year, hourly dispatch of
            four representative days a year, storage, reserve margin, the renewable capacity target (≥ 52 % in 2030 for
            Morocco's default scenario). Prints total_cost (USD, discounted to the base year), by_year (capacity_mw,
            renewable_capacity_share, generation_twh, emissions_mt, unserved_twh), the solver status and the assumptions.
            """) { scenario, growth, demand, print };
        CliApp.SetAction(command, (parsed, ct) =>
        {
            var progress = new CliProgress();
            var s = parsed.GetValue(scenario) is { } path ? PlanScenario.Read(path) : PlanScenario.Morocco;
            if (parsed.GetValue(demand) is not null && parsed.GetValue(growth) is not null)
                throw new CliUsageException("--demand and --growth both set the demand growth: give one");
            if (parsed.GetValue(demand) is { } did)
            {
                var d = Basira.Energy.Forecasting.DemandScenarios.All.FirstOrDefault(x => x.Id == did)
                    ?? throw new CliUsageException($"--demand expects {string.Join(", ", Basira.Energy.Forecasting.DemandScenarios.All.Select(x => x.Id))}, got '{did}'");
                s = s with { Name = s.Name + "-demand-" + d.Id, Demand = s.Demand with { GrowthPerYear = d.AnnualGrowth } };
            }
            if (parsed.GetValue(growth) is { } g) s = s with { Name = s.Name + $"-growth-{g:0.###}", Demand = s.Demand with { GrowthPerYear = g } };
            if (parsed.GetValue(print))
            {
                Console.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(s, PlanScenario.Json));
                return CliApp.Ok;
            }
            var plan = CapacityPlanner.Solve(s, progress.Log);
            progress.Log($"{plan.Status} in {plan.SolveSeconds:F1} s");
            var json = PlanJson(plan, s);
            if (parsed.IsJson()) CliApp.WriteJson(json);
            else
            {
                Console.WriteLine($"{plan.Scenario}: {plan.Status}, total cost {plan.TotalCost / 1e9:F2} bn USD");
                foreach (var y in plan.ByYear)
                    Console.WriteLine($"  {y.Year}: {y.CapacityMw.Where(kv => s.Technologies.First(t => t.Name == kv.Key).CountsAsCapacity).Sum(kv => kv.Value):N0} MW, renewable {y.RenewableCapacityShare:P1}, emissions {y.EmissionsMt:F1} Mt, unserved {y.UnservedTwh:F3} TWh");
            }
            return plan.Status is "OPTIMAL" or "FEASIBLE" ? CliApp.Ok : CliApp.Failure;
        });
        return command;
    }

    internal static object PlanJson(CapacityPlan plan, PlanScenario s) => PlanReport.From(plan, s);

    internal sealed record MpcOptions(bool PastEnd = false, bool ExactCommitment = false, string Forecaster = "lag-ridge", int Horizon = DispatchProtocol.Horizon, MpcTuning? Tuning = null);

    internal static IDispatchController CreateController(string name, TimeSpan? timeLimit = null, MpcOptions? mpc = null) =>
        DispatchControllers.Create(name, timeLimit, mpc?.PastEnd ?? false, mpc?.ExactCommitment ?? false, mpc?.Forecaster ?? "lag-ridge", mpc?.Horizon ?? DispatchProtocol.Horizon, mpc?.Tuning);

    private static void WriteSteps(string path, DispatchResult r)
    {
        var ci = CultureInfo.InvariantCulture;
        var tmp = path + ".tmp";
        using (var w = new StreamWriter(tmp))
        {
            w.WriteLine("step,load_kwh,pv_kwh,pv_used_kwh,genset_kwh,genset_on,charge_kwh,discharge_kwh,soc_kwh,import_kwh,export_kwh,unmet_kwh,overgeneration_kwh,cost,co2_kg");
            for (var t = 0; t < r.Outcomes.Length; t++)
            {
                var o = r.Outcomes[t];
                w.WriteLine(string.Create(ci, $"{t},{o.Load:R},{o.PvAvailable:R},{o.PvUsed:R},{o.GensetKwh:R},{(o.GensetOn ? 1 : 0)},{o.ChargeKwh:R},{o.DischargeKwh:R},{o.SocKwh:R},{o.ImportKwh:R},{o.ExportKwh:R},{o.UnmetKwh:R},{o.OvergenerationKwh:R},{o.Cost:R},{o.Co2Kg:R}"));
            }
        }
        File.Move(tmp, path, overwrite: true);
    }

    internal static object DispatchJson(DispatchResult r) => new
    {
        grid = r.Grid,
        controller = r.Controller,
        window = r.Window,
        window_start = r.WindowStart,
        cost = Math.Round(r.Cost, 2),
        genset_kwh = Math.Round(r.GensetKwh, 3),
        unmet_kwh = Math.Round(r.UnmetKwh, 3),
        curtailed_kwh = Math.Round(r.CurtailedKwh, 3),
        battery_throughput_kwh = Math.Round(r.BatteryThroughputKwh, 3),
        co2_kg = Math.Round(r.Co2Kg, 3),
        steps = r.Steps,
        overgeneration_kwh = Math.Round(r.OvergenerationKwh, 3),
        import_kwh = Math.Round(r.ImportKwh, 3),
        export_kwh = Math.Round(r.ExportKwh, 3),
        genset_starts = r.GensetStarts,
        simulated_steps = r.SimulatedSteps,
        seconds = Math.Round(r.Seconds, 3),
        solver = r.Solver,
    };
}
