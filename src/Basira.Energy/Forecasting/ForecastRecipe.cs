namespace Basira.Energy.Forecasting;

/// <summary>The candidate models <see cref="ForecastRecipe"/> fits.</summary>
public sealed record RecipeOptions
{
    /// <summary>Lookbacks tried by both families (those leaving too few training windows are skipped).</summary>
    public IReadOnlyList<int> Lookbacks { get; init; } = [336, 720];

    /// <summary>Window normalisations tried by both families.</summary>
    public IReadOnlyList<InstanceNorm> Norms { get; init; } = [InstanceNorm.Last, InstanceNorm.Mean];

    /// <summary>Random ReLU features added to the full ridge when the horizon is at most <see cref="RandomFeaturesMaxHorizon"/>.</summary>
    public int RandomFeatures { get; init; } = 1024;

    /// <summary>Longest horizon that gets random features (their gain fades and their cost grows with the horizon).</summary>
    public int RandomFeaturesMaxHorizon { get; init; } = 192;

    /// <summary>Penalties searched for the full ridge.</summary>
    public RidgeGrid Grid { get; init; } = new([0.1, 0.3, 1, 3, 10], [0, 1], [WeightSharing.HourOfDay], [3, 10]);

    /// <summary>Also fit the sparse periodic family and average it with the full ridge.</summary>
    public bool Phase { get; init; } = true;
}

/// <summary>One candidate of the recipe and its validation error.</summary>
/// <param name="Family"><c>ridge</c> or <c>phase</c>.</param>
/// <param name="Model">The fitted candidate.</param>
/// <param name="Description">Its settings in words.</param>
/// <param name="ValidationMse">MSE on the validation windows.</param>
public sealed record RecipeCandidate(string Family, IWindowModel Model, string Description, double ValidationMse);

/// <summary>The recipe's model, its parts, and every candidate tried.</summary>
/// <param name="Model">The forecaster: the mean of <paramref name="Ridge"/> and <paramref name="Phase"/>, or the ridge alone
/// when its validation error is lower.</param>
/// <param name="Ridge">Best full-ridge candidate on validation.</param>
/// <param name="Phase">Best sparse periodic candidate on validation, or null.</param>
/// <param name="ValidationMse">MSE of <paramref name="Model"/> on the validation windows.</param>
/// <param name="Candidates">Every candidate.</param>
public sealed record RecipeResult(IWindowModel Model, RecipeCandidate Ridge, RecipeCandidate? Phase, double ValidationMse,
    IReadOnlyList<RecipeCandidate> Candidates)
{
    /// <summary>The model in words.</summary>
    public string Description => Phase is null ? Ridge.Description : $"mean of [{Ridge.Description}] and [{Phase.Description}]";

    /// <summary>The mean of the best ridge and the best phase model (null without a phase candidate), chosen or not.</summary>
    public RecipeCandidate? Mean { get; init; }
}

/// <summary>
/// The forecaster of record: two complementary families of closed-form linear models, each with its settings chosen on
/// the validation windows; the forecaster is their equal-weight mean, or the ridge alone when it does better on the
/// validation windows:
/// <list type="number">
/// <item><b>ridge</b>: a direct linear map of the whole window (<see cref="LinearWindowModel"/>) with a ridge and a
/// day-to-day difference penalty, weights per hour of day shrunk towards shared ones, random ReLU features at short
/// horizons; lookback, normalisation, intercept and penalties chosen on validation;</item>
/// <item><b>phase</b>: the sparse periodic map (<see cref="PhaseLinearModel"/>); lookback, normalisation, intercept and
/// penalty chosen on validation.</item>
/// </list>
/// The first is strong at short horizons, the second at long ones; their average is more robust than either when the
/// validation period differs from the test period (as on ETTh1: summer validation, winter test).
/// </summary>
public static class ForecastRecipe
{
    public static RecipeResult Fit(ScaledSeries s, IReadOnlyList<int> channels, LtsfSplit split, int horizon, RecipeOptions? options = null,
        Action<string>? log = null, CancellationToken ct = default)
    {
        options ??= new RecipeOptions();
        var candidates = new List<RecipeCandidate>();
        foreach (var l in options.Lookbacks)
            foreach (var norm in options.Norms)
            {
                var rf = horizon <= options.RandomFeaturesMaxHorizon ? options.RandomFeatures : 0;
                var features = new LinearFeatures(l, norm, Calendar: false, RandomFeatures: rf);
                var fits = LinearTrainer.FitVariants(features, horizon, s, channels, split, options.Grid, withoutIntercept: true, ct: ct);
                foreach (var fit in fits)
                {
                    var d = $"ridge {LinearTrainer.Describe(fit.Model.Features)} {fit.Model.Settings}";
                    log?.Invoke($"{d}: validation mse {fit.ValidationMse:F4}");
                    candidates.Add(new RecipeCandidate("ridge", fit.Model, d, fit.ValidationMse));
                }
                var wholeDays = (horizon + PhaseLinearModel.Period - 1) / PhaseLinearModel.Period * PhaseLinearModel.Period;
                if (!options.Phase || l < PhaseLinearModel.Period || split.TrainOrigins(l, wholeDays).Length == 0
                    || split.ValidationOrigins(l, wholeDays).Length == 0) continue;
                foreach (var intercept in new[] { false, true })
                {
                    var (phase, _) = PhaseLinearModel.Fit(l, horizon, norm, s, channels, split, intercept, ct: ct);
                    // scored over the horizon itself (its own figure counts whole days)
                    var val = LtsfEvaluator.Score(phase, s, channels, split.ValidationOrigins(phase.Lookback, horizon), ct).Mse;
                    log?.Invoke($"{phase}: validation mse {val:F4}");
                    candidates.Add(new RecipeCandidate("phase", phase, phase.ToString(), val));
                }
            }
        var ridge = candidates.Where(c => c.Family == "ridge").MinBy(c => c.ValidationMse)!;
        var best = candidates.Where(c => c.Family == "phase").MinBy(c => c.ValidationMse);
        if (best is null) return new RecipeResult(ridge.Model, ridge, null, ridge.ValidationMse, candidates);
        var average = new AverageModel([ridge.Model, best.Model]);
        var mse = LtsfEvaluator.Score(average, s, channels, split.ValidationOrigins(average.Lookback, horizon), ct).Mse;
        var mean = new RecipeCandidate("mean", average, $"mean of [{ridge.Description}] and [{best.Description}]", mse);
        candidates.Add(mean);
        log?.Invoke($"ridge {ridge.ValidationMse:F4}, phase {best.ValidationMse:F4}, their mean {mse:F4} on validation");
        return mse < ridge.ValidationMse
            ? new RecipeResult(average, ridge, best, mse, candidates) { Mean = mean }
            : new RecipeResult(ridge.Model, ridge, null, ridge.ValidationMse, candidates) { Mean = mean };
    }
}
