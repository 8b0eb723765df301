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
                    ["repair"] = repairReport is null ? null : RepairJson(repairReport),
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

    private static JsonObject RepairJson(SeriesRepairReport r) => new()
    {
        ["rows_read"] = r.RowsRead,
        ["hours"] = r.Hours,
        ["duplicates_dropped"] = r.DuplicatesDropped,
        ["duplicates_averaged"] = r.DuplicatesAveraged,
        ["hours_inserted"] = r.HoursInserted,
        ["values_interpolated"] = r.ValuesInterpolated,
        ["local_times_converted"] = r.LocalTimesConverted,
        ["actions"] = new JsonArray([.. r.Actions.Select(a => (JsonNode)new JsonObject
        {
            ["kind"] = a.Kind,
            ["line"] = a.Line,
            ["field"] = a.Field,
            ["detail"] = a.Detail,
        })]),
    };
}
