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
        var command = new Command("backtest", """
            backtest the hourly forecaster under the LTSF protocol (etth1/SOURCE.md).
            z-score with the train rows only; every setting (lookback unless --lookback, normalisation, weight sharing, ridge
            penalty) chosen on the validation windows; every test window whose targets lie in [VAL_END, TEST_END), stride 1;
            mse and mae averaged over windows × horizon × channels on the z-scored scale. Give --target COL or --all.
            """)
        {
            data, target, all, lookback, horizon, split,
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
            var options = new BacktestOptions(parsed.GetValue(target), parsed.GetValue(all), parsed.GetValue(lookback),
                parsed.GetValue(horizon)!.Value, LtsfSplit.Parse(parsed.GetRequiredValue(split), frame.Rows));
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
