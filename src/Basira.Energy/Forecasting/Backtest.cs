using Basira.Governance;

namespace Basira.Energy.Forecasting;

/// <summary>Options of <see cref="Backtest"/>.</summary>
/// <param name="Target">Column forecast alone (univariate, "S"); null with <paramref name="All"/> for every numeric column ("M").</param>
/// <param name="All">Every numeric column in and out.</param>
/// <param name="Lookback">Rows of history; null lets the backtest choose it on the validation windows.</param>
/// <param name="Horizon">Steps forecast.</param>
/// <param name="Split">Row split.</param>
/// <param name="ScoreCandidates">Also score every candidate on the test windows (the side-by-side table of what each
/// learner would have scored; the choice itself never looks at them).</param>
public sealed record BacktestOptions(string? Target, bool All, int? Lookback, int Horizon, LtsfSplit Split, bool ScoreCandidates = false);

/// <summary>A candidate of the backtest with its validation and (when asked) test error.</summary>
/// <param name="Family"><c>ridge</c> or <c>phase</c>.</param>
/// <param name="Model">Settings in words.</param>
/// <param name="ValidationMse">MSE on the validation windows.</param>
/// <param name="TestMse">MSE on the test windows, or null.</param>
/// <param name="Chosen">True for the candidates the forecaster is made of.</param>
public sealed record CandidateScore(string Family, string Model, double ValidationMse, double? TestMse, bool Chosen);

/// <summary>Result of a backtest, on the z-scored scale.</summary>
/// <param name="Mse">Mean squared error over test windows × horizon × channels.</param>
/// <param name="Mae">Mean absolute error, same average.</param>
/// <param name="Windows">Test windows (stride 1).</param>
/// <param name="Lookback">Lookback used.</param>
/// <param name="Horizon">Horizon.</param>
/// <param name="Channels">Columns forecast.</param>
/// <param name="Model">Chosen model, in words.</param>
/// <param name="ValidationMse">MSE of the chosen model on the validation windows.</param>
/// <param name="ChannelMse">Test MSE per column.</param>
/// <param name="Candidates">Every candidate tried.</param>
public sealed record BacktestResult(double Mse, double Mae, int Windows, int Lookback, int Horizon, string[] Channels,
    string Model, double ValidationMse, IReadOnlyDictionary<string, double> ChannelMse, IReadOnlyList<CandidateScore> Candidates);

/// <summary>
/// The LTSF backtest (etth1/SOURCE.md): z-score every column with the mean and population standard deviation of the
/// train rows; fit on the training windows; choose every setting on the validation windows (targets in
/// [TRAIN_END, VAL_END)); score every test window whose targets lie in [VAL_END, TEST_END), stride 1; MSE and MAE are
/// averaged over windows × horizon × channels on the z-scored scale. With a target column the model reads and
/// forecasts that column alone; with --all every numeric column is read and forecast.
/// </summary>
public static class Backtest
{
    public static BacktestResult Run(SeriesFrame frame, BacktestOptions options, Action<string>? log = null, CancellationToken ct = default)
    {
        var channels = Channels(frame, options);
        var split = options.Split;
        if (split.TestEnd > frame.Rows)
            throw new DataInputException(frame.Source, null, null, $"TEST_END {split.TestEnd} is past the {frame.Rows} data rows");
        SeriesRepair.RequireRegular(frame, channels, split.TestEnd);
        var h = options.Horizon;
        if (h < 1) throw new DataInputException(frame.Source, null, null, "the horizon must be at least 1");
        if (split.TestEnd - split.ValEnd < h)
            throw new DataInputException(frame.Source, null, null, $"the test rows [{split.ValEnd}, {split.TestEnd}) are fewer than the horizon {h}: no test window");
        if (split.ValEnd - split.TrainEnd < h)
            throw new DataInputException(frame.Source, null, null, $"the validation rows [{split.TrainEnd}, {split.ValEnd}) are fewer than the horizon {h}: no validation window");

        var scaler = ZScore.Fit([.. channels.Select(c => frame.Columns[c])], split.TrainEnd);
        var z = scaler.Transform([.. channels.Select(c => frame.Columns[c])]);
        var series = new ScaledSeries(z, frame.Times);
        var idx = Enumerable.Range(0, channels.Length).ToArray();

        if (options.Lookback is { } given && split.TrainEnd - given - h + 1 < 1)
            throw new DataInputException(frame.Source, null, null, $"lookback {given} + horizon {h} exceed the {split.TrainEnd} train rows: no training window");
        var lookbacks = options.Lookback is { } l ? [l] : DefaultLookbacks(split.TrainEnd, h);
        // random features need many training windows; a small file gets the plain linear families
        var windows = (long)(split.TrainEnd - lookbacks.Max() - h + 1) * channels.Length;
        var recipe = new RecipeOptions { Lookbacks = lookbacks, RandomFeatures = windows >= 20_000 ? 1024 : 0 };
        var result = ForecastRecipe.Fit(series, idx, split, h, recipe, log, ct);
        var model = result.Model;
        var origins = split.TestOrigins(model.Lookback, h);
        var score = LtsfEvaluator.Score(model, series, idx, origins, ct);
        var names = channels.Select(c => frame.Names[c]).ToArray();
        var candidates = result.Candidates.Select(c => new CandidateScore(c.Family, c.Description, c.ValidationMse,
            options.ScoreCandidates ? LtsfEvaluator.Score(c.Model, series, idx, split.TestOrigins(c.Model.Lookback, h), ct).Mse : null,
            result.Phase is null ? c == result.Ridge : c == result.Mean)).ToList();
        return new BacktestResult(score.Mse, score.Mae, score.Windows, model.Lookback, h, names, result.Description, result.ValidationMse,
            names.Select((n, i) => (n, score.ChannelMse[i])).ToDictionary(p => p.n, p => p.Item2), candidates);
    }

    /// <summary>
    /// Lookbacks tried when none is given: 336 and 720 hours (two weeks, a month) when the train rows leave at least
    /// four times as many training windows, else the longest of 168, 96, 48, 24 that does.
    /// </summary>
    public static int[] DefaultLookbacks(int trainEnd, int horizon)
    {
        static bool Fits(int trainEnd, int l, int h) => trainEnd - l - h + 1 >= 4 * l;
        int[] preferred = [.. new[] { 336, 720 }.Where(l => Fits(trainEnd, l, horizon))];
        if (preferred.Length > 0) return preferred;
        foreach (var l in new[] { 168, 96, 48, 24 })
            if (Fits(trainEnd, l, horizon)) return [l];
        return [Math.Max(1, (trainEnd - horizon) / 5)];
    }

    /// <summary>The columns a backtest reads: the target alone, or every column.</summary>
    public static int[] Channels(SeriesFrame frame, BacktestOptions options)
    {
        if (options.All == (options.Target is not null))
            throw new DataInputException(frame.Source, null, null, "give either a target column or --all");
        if (options.All) return [.. Enumerable.Range(0, frame.Names.Length)];
        var c = frame.IndexOf(options.Target!);
        if (c < 0) throw new DataInputException(frame.Source, 1, options.Target, $"no such column (columns: {string.Join(", ", frame.Names)})");
        return [c];
    }
}
