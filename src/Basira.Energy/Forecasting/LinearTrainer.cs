using Basira.Analytics.TimeSeries;

namespace Basira.Energy.Forecasting;

/// <summary>A fitted linear model and the validation error it was chosen with.</summary>
/// <param name="Model">The model.</param>
/// <param name="ValidationMse">MSE on the validation windows (scaled values).</param>
public sealed record LinearFit(LinearWindowModel Model, double ValidationMse);

/// <summary>Closed-form ridge training of <see cref="LinearWindowModel"/> with the penalty chosen on validation windows.</summary>
public static class LinearTrainer
{
    /// <summary>Penalties tried (relative to the mean diagonal of XᵀX).</summary>
    public static readonly double[] DefaultAlphas = [1e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1, 3];

    /// <summary>Penalties tried for the deviation of a group's weights from the shared ones.</summary>
    public static readonly double[] GroupAlphas = [0.3, 1, 3, 10, 30];

    /// <summary>
    /// Fits on the training windows of <paramref name="split"/> and picks the penalty (and, among
    /// <paramref name="sharings"/>, the weight sharing, a group's weights being shrunk towards the shared ones) with
    /// the lowest MSE on its validation windows; the validation error is computed from the normal equations of the
    /// validation windows (exact for norms without scale).
    /// </summary>
    public static LinearFit Fit(LinearFeatures features, int horizon, ScaledSeries s, IReadOnlyList<int> channels, LtsfSplit split,
        IReadOnlyList<double>? alphas = null, IReadOnlyList<WeightSharing>? sharings = null, Action<string>? log = null,
        CancellationToken ct = default)
    {
        var lookback = Math.Max(features.Lookback, features.CrossLags);
        var train = split.TrainOrigins(lookback, horizon);
        var val = split.ValidationOrigins(lookback, horizon);
        if (train.Length == 0) throw new InvalidOperationException($"no training window with lookback {lookback} and horizon {horizon}");
        if (val.Length == 0) throw new InvalidOperationException($"no validation window with lookback {lookback} and horizon {horizon}");
        var denominator = (double)val.Length * horizon * channels.Count;
        int[] unpenalised = [features.Intercept];
        var modes = sharings ?? [WeightSharing.Shared];

        RidgeSystem? pooled = null;
        RidgeSystem? pooledVal = null;
        LinearFit? best = null;
        double[]? sharedWeights = null;
        foreach (var mode in modes.OrderBy(m => m == WeightSharing.Shared ? 0 : 1))
        {
            var groups = LinearWindowModel.Groups(mode, s.Channels);
            int Group(int ci, int t) => LinearWindowModel.Group(mode, s, channels[ci], t);
            var trainSystems = WindowSystems.Build(features, horizon, s, channels, train, Group, groups, ct);
            var valSystems = WindowSystems.Build(features, horizon, s, channels, val, Group, groups, ct);
            if (pooled is null)
            {
                pooled = WindowSystems.Pool([.. trainSystems.Where(t => t.Count > 0)]);
                pooledVal = WindowSystems.Pool([.. valSystems.Where(t => t.Count > 0)]);
                foreach (var alpha in alphas ?? DefaultAlphas)
                {
                    ct.ThrowIfCancellationRequested();
                    var w = pooled.Solve(alpha, unpenalised);
                    var mse = pooledVal!.SquaredError(w) / denominator;
                    log?.Invoke($"  {Describe(features)} H={horizon} alpha={alpha:G3} shared: val mse {mse:F4}");
                    if (best is null || mse < best.ValidationMse)
                    {
                        best = new LinearFit(new LinearWindowModel(features, horizon, [w], alpha), mse);
                        sharedWeights = w;
                    }
                }
            }
            if (mode == WeightSharing.Shared) continue;
            var sharedAlpha = best!.Model.Alpha;
            foreach (var alpha in GroupAlphas)
            {
                ct.ThrowIfCancellationRequested();
                var weights = new double[groups][];
                var sse = 0.0;
                for (var g = 0; g < groups; g++)
                {
                    if (trainSystems[g].Count == 0) { weights[g] = sharedWeights!; continue; }
                    weights[g] = trainSystems[g].Solve(alpha, unpenalised, sharedWeights);
                    if (valSystems[g].Count > 0) sse += valSystems[g].SquaredError(weights[g]);
                }
                var mse = sse / denominator;
                log?.Invoke($"  {Describe(features)} H={horizon} alpha={sharedAlpha:G3}+{alpha:G3} {mode}: val mse {mse:F4}");
                if (mse < best.ValidationMse)
                    best = new LinearFit(new LinearWindowModel(features, horizon, weights, sharedAlpha, mode, alpha), mse);
            }
        }
        return best!;
    }

    /// <summary>
    /// The same model (features, sharing, penalties) fitted again on the windows at <paramref name="origins"/>, e.g. on
    /// every window of the data once the settings are chosen.
    /// </summary>
    public static LinearWindowModel Refit(LinearWindowModel model, ScaledSeries s, IReadOnlyList<int> channels, int[] origins,
        CancellationToken ct = default)
    {
        var features = model.Features;
        int[] unpenalised = [features.Intercept];
        var groups = LinearWindowModel.Groups(model.Sharing, s.Channels);
        var systems = WindowSystems.Build(features, model.Horizon, s, channels, origins,
            (ci, t) => LinearWindowModel.Group(model.Sharing, s, channels[ci], t), groups, ct);
        var pooled = WindowSystems.Pool([.. systems.Where(x => x.Count > 0)]);
        var shared = pooled.Solve(model.Alpha, unpenalised);
        if (model.Sharing == WeightSharing.Shared) return new LinearWindowModel(features, model.Horizon, [shared], model.Alpha);
        var weights = systems.Select(x => x.Count == 0 ? shared : x.Solve(model.GroupAlpha, unpenalised, shared)).ToArray();
        return new LinearWindowModel(features, model.Horizon, weights, model.Alpha, model.Sharing, model.GroupAlpha);
    }

    /// <summary>Short description, e.g. <c>L=336 norm=Last cal</c>.</summary>
    public static string Describe(LinearFeatures f) =>
        $"L={f.Lookback} norm={f.Norm}{(f.Calendar ? " cal" : "")}{(f.CrossLags > 0 ? $" cross={f.CrossLags}" : "")}";
}
