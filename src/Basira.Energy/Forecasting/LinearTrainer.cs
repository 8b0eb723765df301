using Basira.Analytics.TimeSeries;

namespace Basira.Energy.Forecasting;

/// <summary>A fitted linear model and the validation error it was chosen with.</summary>
/// <param name="Model">The model.</param>
/// <param name="ValidationMse">MSE on the validation windows (scaled values).</param>
public sealed record LinearFit(LinearWindowModel Model, double ValidationMse);

/// <summary>The grid of penalties <see cref="LinearTrainer"/> searches on the validation windows.</summary>
/// <param name="Alphas">Ridge penalties of the shared weights.</param>
/// <param name="SeasonalBetas">Penalties on the difference of lags one day apart (0 = none).</param>
/// <param name="Sharings">Weight sharings tried besides <see cref="WeightSharing.Shared"/>.</param>
/// <param name="GroupAlphas">Penalties of a group's deviation from the shared weights.</param>
public sealed record RidgeGrid(IReadOnlyList<double> Alphas, IReadOnlyList<double> SeasonalBetas, IReadOnlyList<WeightSharing> Sharings,
    IReadOnlyList<double> GroupAlphas)
{
    /// <summary>Ridge only, shared weights.</summary>
    public static RidgeGrid Plain { get; } = new([1e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1, 3], [0], [], []);

    /// <summary>Ridge, day-to-day difference penalty, and weights per hour of day shrunk towards the shared ones.</summary>
    public static RidgeGrid Default { get; } = new([1e-3, 1e-2, 0.1, 0.3, 1], [0, 0.3, 1, 3], [WeightSharing.HourOfDay], [1, 3, 10]);
}

/// <summary>Closed-form ridge training of <see cref="LinearWindowModel"/> with the penalties chosen on validation windows.</summary>
public static class LinearTrainer
{
    /// <summary>
    /// Fits on the training windows of <paramref name="split"/> and picks the penalties of <paramref name="grid"/> (first
    /// the shared weights' ridge and seasonal penalties, then, for each other sharing, the penalty of a group's
    /// deviation from those shared weights) with the lowest MSE on its validation windows. The validation error is
    /// computed from the normal equations of the validation windows (exact for norms without scale).
    /// </summary>
    public static LinearFit Fit(LinearFeatures features, int horizon, ScaledSeries s, IReadOnlyList<int> channels, LtsfSplit split,
        RidgeGrid? grid = null, Action<string>? log = null, CancellationToken ct = default) =>
        FitVariants(features, horizon, s, channels, split, grid, withoutIntercept: false, log, ct)[0];

    /// <summary>
    /// Same as <see cref="Fit"/>; with <paramref name="withoutIntercept"/> (and an intercept in
    /// <paramref name="features"/>) also returns the model without intercept, fitted from the same normal equations
    /// (the intercept is the last feature: dropping it is dropping a row and a column).
    /// </summary>
    public static IReadOnlyList<LinearFit> FitVariants(LinearFeatures features, int horizon, ScaledSeries s, IReadOnlyList<int> channels,
        LtsfSplit split, RidgeGrid? grid, bool withoutIntercept, Action<string>? log = null, CancellationToken ct = default)
    {
        grid ??= RidgeGrid.Default;
        var lookback = Math.Max(features.Lookback, features.CrossLags);
        var train = split.TrainOrigins(lookback, horizon);
        var val = split.ValidationOrigins(lookback, horizon);
        if (train.Length == 0) throw new InvalidOperationException($"no training window with lookback {lookback} and horizon {horizon}");
        if (val.Length == 0) throw new InvalidOperationException($"no validation window with lookback {lookback} and horizon {horizon}");
        var denominator = (double)val.Length * horizon * channels.Count;

        // systems grouped by the first non-shared sharing (the pooled system is their sum), else one per channel
        var modes = grid.Sharings.Where(m => m != WeightSharing.Shared).ToList();
        var first = modes.Count > 0 ? modes[0] : WeightSharing.Shared;
        var (trainSystems, valSystems) = Systems(features, horizon, s, channels, train, val, first, ct);
        var fits = new List<LinearFit> { Search(features, horizon, s, channels, train, val, grid, modes, trainSystems, valSystems, denominator, log, ct) };
        if (withoutIntercept && features.Intercept)
        {
            var bare = features with { Intercept = false };
            var p = bare.Dimension;
            fits.Add(Search(bare, horizon, s, channels, train, val, grid, modes,
                [.. trainSystems.Select(x => x.Leading(p))], [.. valSystems.Select(x => x.Leading(p))], denominator, log, ct));
        }
        return fits;
    }

    private static LinearFit Search(LinearFeatures features, int horizon, ScaledSeries s, IReadOnlyList<int> channels, int[] train, int[] val,
        RidgeGrid grid, List<WeightSharing> modes, RidgeSystem[] trainSystems, RidgeSystem[] valSystems, double denominator,
        Action<string>? log, CancellationToken ct)
    {
        var unpenalised = features.Unpenalised;
        var label = $"{Describe(features)} H={horizon}";
        var first = modes.Count > 0 ? modes[0] : WeightSharing.Shared;
        var pooled = WindowSystems.Pool([.. trainSystems.Where(t => t.Count > 0)]);
        var pooledVal = WindowSystems.Pool([.. valSystems.Where(t => t.Count > 0)]);

        LinearFit? best = null;
        foreach (var beta in grid.SeasonalBetas)
        {
            if (beta > 0 && features.Lookback <= RidgeSettings.Season) continue;
            foreach (var alpha in grid.Alphas)
            {
                ct.ThrowIfCancellationRequested();
                var settings = new RidgeSettings(alpha, beta);
                var w = pooled.Solve(alpha, unpenalised, null, settings.Difference(features));
                var mse = pooledVal.SquaredError(w) / denominator;
                log?.Invoke($"  {label} {settings}: val mse {mse:F4}");
                if (best is null || mse < best.ValidationMse) best = new LinearFit(new LinearWindowModel(features, horizon, [w], settings), mse);
            }
        }
        var shared = best!;
        var chosen = shared;
        foreach (var mode in modes)
        {
            if (mode != first) (trainSystems, valSystems) = Systems(features, horizon, s, channels, train, val, mode, ct);
            foreach (var groupAlpha in grid.GroupAlphas)
            {
                ct.ThrowIfCancellationRequested();
                var settings = shared.Model.Settings with { Sharing = mode, GroupAlpha = groupAlpha };
                var weights = GroupWeights(trainSystems, shared.Model.Weights(0), settings, unpenalised);
                var sse = 0.0;
                for (var g = 0; g < weights.Length; g++)
                    if (valSystems[g].Count > 0) sse += valSystems[g].SquaredError(weights[g]);
                var mse = sse / denominator;
                log?.Invoke($"  {label} {settings}: val mse {mse:F4}");
                if (mse < chosen.ValidationMse) chosen = new LinearFit(new LinearWindowModel(features, horizon, weights, settings), mse);
            }
        }
        return chosen;
    }

    private static (RidgeSystem[] Train, RidgeSystem[] Val) Systems(LinearFeatures features, int horizon, ScaledSeries s,
        IReadOnlyList<int> channels, int[] train, int[] val, WeightSharing mode, CancellationToken ct)
    {
        var groups = LinearWindowModel.Groups(mode, s.Channels);
        int Group(int ci, int t) => LinearWindowModel.Group(mode, s, channels[ci], t);
        return (WindowSystems.Build(features, horizon, s, channels, train, Group, groups, ct),
            WindowSystems.Build(features, horizon, s, channels, val, Group, groups, ct));
    }

    private static double[][] GroupWeights(RidgeSystem[] systems, double[] shared, RidgeSettings settings, int[] unpenalised)
    {
        var weights = new double[systems.Length][];
        for (var g = 0; g < systems.Length; g++)
            weights[g] = systems[g].Count == 0 ? shared : systems[g].Solve(settings.GroupAlpha, unpenalised, shared);
        return weights;
    }

    /// <summary>
    /// The same model (features, sharing, penalties) fitted again on the windows at <paramref name="origins"/>, e.g. on
    /// every window of the data once the settings are chosen.
    /// </summary>
    public static LinearWindowModel Refit(LinearWindowModel model, ScaledSeries s, IReadOnlyList<int> channels, int[] origins,
        CancellationToken ct = default)
    {
        var features = model.Features;
        var settings = model.Settings;
        var unpenalised = features.Unpenalised;
        var groups = LinearWindowModel.Groups(settings.Sharing, s.Channels);
        var systems = WindowSystems.Build(features, model.Horizon, s, channels, origins,
            (ci, t) => LinearWindowModel.Group(settings.Sharing, s, channels[ci], t), groups, ct);
        var pooled = WindowSystems.Pool([.. systems.Where(x => x.Count > 0)]);
        var shared = pooled.Solve(settings.Alpha, unpenalised, null, settings.Difference(features));
        if (settings.Sharing == WeightSharing.Shared) return new LinearWindowModel(features, model.Horizon, [shared], settings);
        return new LinearWindowModel(features, model.Horizon, GroupWeights(systems, shared, settings, unpenalised), settings);
    }

    /// <summary>Short description, e.g. <c>L=336 norm=Last cal</c>.</summary>
    public static string Describe(LinearFeatures f)
    {
        var s = $"L={f.Lookback} norm={f.Norm}";
        if (!f.Intercept) s += " no-intercept";
        if (f.Calendar) s += " cal";
        if (f.CrossLags > 0) s += " cross=" + f.CrossLags.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (f.RandomFeatures > 0) s += " relu=" + f.RandomFeatures.ToString(System.Globalization.CultureInfo.InvariantCulture) + "x" + f.RandomScale.ToString("G3", System.Globalization.CultureInfo.InvariantCulture);
        if (f.Covariates is not null) s += " covariates";
        return s;
    }
}
