using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Basira.Energy.Forecasting;

namespace Basira.Cli.Commands;

/// <summary><c>basira energy backtest</c> and <c>basira energy forecast</c>: hourly demand forecasting.</summary>
internal static partial class EnergyCommands
{
    static partial void AddForecastCommands(Command energy)
    {
        energy.Subcommands.Add(BacktestCommand());
        energy.Subcommands.Add(ForecastCommand());
    }

    private static Command ForecastCommand()
    {
        var data = CliOptions.Text("--data", "FILE", "hourly series (CSV: a timestamp column and numeric columns)", required: true);
        var target = CliOptions.Text("--target", "COL", "column to forecast (a load: negative values are bad input unless --allow-negative)", required: true);
        var horizon = CliOptions.Int("--horizon", "H", "hours to forecast after the last value (24 day ahead, 168 week ahead; default 24)", min: 1);
        var temperature = CliOptions.Text("--temperature", "COL", "temperature column (°C); rows after the last target value carry its forecast");
        var holidays = CliOptions.Choice("--holidays", "calendar inputs: Moroccan public holidays and Ramadan, or none", ["morocco", "none"]);
        var hijriOffset = CliOptions.Int("--hijri-offset", "DAYS", "days added to the computed Hijri dates (Moroccan moon sighting is often one day later; default 0)");
        var timeZone = CliOptions.Text("--time-zone", "TZ", "IANA time zone of timestamps written without an offset (e.g. Africa/Casablanca), converted to UTC");
        var maxGap = CliOptions.Int("--max-gap", "HOURS", "longest run of missing hours filled by interpolation (default 6)", min: 0);
        var allowNegative = CliOptions.Flag("--allow-negative", "the target may be negative (net load with generation)");
        var capacity = CliOptions.Number("--capacity", "MW", "available capacity: adds the grid-stability view (peaks, ramps, reserve-margin flags)", v => v > 0, "> 0");
        var margin = CliOptions.Number("--reserve-margin", "SHARE", "required reserve above the load with --capacity (default 0.15)", v => v >= 0, "≥ 0");
        var command = new Command("forecast", """
            forecast an hourly load: the next hours after the last value, with 80 % and 95 % prediction intervals.
            The series is repaired first (duplicates merged, gaps of at most --max-gap hours interpolated, local times
            converted with --time-zone; every repair reported) or refused with file, line and field. Inputs: the recent
            load, hour of day and day of week, Moroccan public holidays and Ramadan (--holidays; religious dates computed,
            ±1 day), and optionally the temperature (--temperature). With --capacity, hours where the forecast leaves less
            than --reserve-margin are flagged (short at the point forecast, at_risk at the 95 % upper bound).
            """)
        {
            data, target, horizon, temperature, holidays, hijriOffset, timeZone, maxGap, allowNegative, capacity, margin,
        };
        command.Validators.Add(r =>
        {
            if (r.GetResult(margin) is not null && r.GetResult(capacity) is null) r.AddError("--reserve-margin applies with --capacity");
        });
        CliApp.SetAction(command, (parsed, ct) =>
        {
            var progress = new CliProgress();
            var frame = SeriesCsv.Read(parsed.GetRequiredValue(data));
            progress.Log($"read {frame.Source}: {frame.Rows} rows, columns {string.Join(", ", frame.Names)}");
            var options = new OperationalOptions
            {
                Target = parsed.GetRequiredValue(target),
                Horizon = parsed.GetValue(horizon) ?? 24,
                Temperature = parsed.GetValue(temperature),
                Holidays = parsed.GetValue(holidays) != "none",
                HijriOffsetDays = parsed.GetValue(hijriOffset) ?? 0,
                Repair = new RepairOptions { TimeZone = parsed.GetValue(timeZone), MaxGapHours = parsed.GetValue(maxGap) ?? 6 },
                AllowNegative = parsed.GetValue(allowNegative),
                Stability = parsed.GetValue(capacity) is { } cap ? new StabilitySettings(cap, parsed.GetValue(margin) ?? 0.15) : null,
            };
            var result = OperationalForecast.Run(frame, options, progress.Log, ct);
            if (parsed.IsJson()) CliApp.WriteJson(ForecastDocument.Build(result));
            else
            {
                Console.Out.WriteLine($"{result.Target}: {result.Forecast.Point.Length} hours from {result.Forecast.Times[0]:yyyy-MM-dd HH:mm} ({result.Model})");
                for (var j = 0; j < result.Forecast.Point.Length; j++)
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{result.Forecast.Times[j]:yyyy-MM-dd HH:mm}  {result.Forecast.Point[j],10:F2}  [{result.Forecast.Intervals[^1].Lower[j]:F2}, {result.Forecast.Intervals[^1].Upper[j]:F2}]{(result.Stability?.Hours[j].Flag is { } f ? "  " + f : "")}"));
            }
            return CliApp.Ok;
        });
        return command;
    }


    private static Command BacktestCommand()
    {
        var data = CliOptions.Text("--data", "FILE", "hourly series (CSV: a timestamp column and numeric columns)", required: true);
        var target = CliOptions.Text("--target", "COL", "forecast this column alone (univariate)");
        var all = CliOptions.Flag("--all", "read and forecast every numeric column (multivariate)");
        var lookback = CliOptions.Int("--lookback", "L", "rows of history the model reads (default: chosen on the validation windows)", min: 1);
        var horizon = CliOptions.Int("--horizon", "H", "steps forecast", min: 1);
        horizon.Required = true;
        var split = CliOptions.Text("--split", "TRAIN_END,VAL_END,TEST_END", "row split: train rows [0,TRAIN_END), validation targets [TRAIN_END,VAL_END), test targets [VAL_END,TEST_END)", required: true);
        var candidates = CliOptions.Flag("--candidates", "also report every candidate's validation and test mse (the side-by-side table; the choice never reads the test figures)");
        var repair = CliOptions.Flag("--repair", "repair the file first (duplicates merged, gaps of at most 6 hours interpolated, all reported) instead of refusing irregular rows");
        var timeZone = CliOptions.Text("--time-zone", "TZ", "with --repair: IANA time zone of timestamps written without an offset (e.g. Africa/Casablanca), converted to UTC");
        var command = new Command("backtest", """
            backtest the hourly forecaster under the LTSF protocol (etth1/SOURCE.md).
            z-score with the train rows only; every setting (lookback unless --lookback, normalisation, weight sharing, ridge
            penalty) chosen on the validation windows; every test window whose targets lie in [VAL_END, TEST_END), stride 1;
            mse and mae averaged over windows × horizon × channels on the z-scored scale. Give --target COL or --all.
            The forecaster is the mean of the best full ridge and the best sparse periodic model on validation (docs/energy.md).
            Rows are read by index: duplicate or missing hours and empty cells are bad input unless --repair.
            """)
        {
            data, target, all, lookback, horizon, split, candidates, repair, timeZone,
        };
        command.Validators.Add(r =>
        {
            var hasTarget = r.GetResult(target) is not null;
            var hasAll = r.GetResult(all) is { } a && a.GetValueOrDefault<bool>();
            if (hasTarget == hasAll) r.AddError("give either --target COL or --all");
        });
        CliApp.SetAction(command, (parsed, ct) =>
        {
            var progress = new CliProgress();
            var frame = SeriesCsv.Read(parsed.GetRequiredValue(data));
            progress.Log($"read {frame.Source}: {frame.Rows} rows, columns {string.Join(", ", frame.Names)}");
            SeriesRepairReport? repairReport = null;
            if (parsed.GetValue(repair))
            {
                (frame, repairReport) = SeriesRepair.Apply(frame, new RepairOptions { TimeZone = parsed.GetValue(timeZone) });
                progress.Log($"repair: {repairReport}");
            }
            else if (parsed.GetValue(timeZone) is not null) throw new CliUsageException("--time-zone applies with --repair");
            var options = new BacktestOptions(parsed.GetValue(target), parsed.GetValue(all), parsed.GetValue(lookback),
                parsed.GetValue(horizon)!.Value, LtsfSplit.Parse(parsed.GetRequiredValue(split), frame.Rows), parsed.GetValue(candidates));
            var result = Backtest.Run(frame, options, progress.Log, ct);
            progress.Log($"chosen: {result.Model} (validation mse {result.ValidationMse:F4})");
            if (parsed.IsJson())
            {
                CliApp.WriteJson(new JsonObject
                {
                    ["mse"] = result.Mse,
                    ["mae"] = result.Mae,
                    ["windows"] = result.Windows,
                    ["lookback"] = result.Lookback,
                    ["horizon"] = result.Horizon,
                    ["channels"] = new JsonArray([.. result.Channels.Select(c => (JsonNode)c)]),
                    ["model"] = result.Model,
                    ["validation_mse"] = result.ValidationMse,
                    ["channel_mse"] = new JsonObject(result.ChannelMse.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
                    ["candidates"] = new JsonArray([.. result.Candidates.Select(c => (JsonNode)new JsonObject
                    {
                        ["family"] = c.Family,
                        ["model"] = c.Model,
                        ["validation_mse"] = c.ValidationMse,
                        ["test_mse"] = c.TestMse,
                        ["chosen"] = c.Chosen,
                    })]),
                    ["repair"] = repairReport is null ? null : ForecastDocument.Repair(repairReport),
                });
            }
            else
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"mse {result.Mse:F4}  mae {result.Mae:F4}  windows {result.Windows}  lookback {result.Lookback}  ({result.Model})"));
            }
            return CliApp.Ok;
        });
        return command;
    }
}
