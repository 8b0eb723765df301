using System.Globalization;
using System.Text.Json;
using Basira.Governance.Fairness;

namespace Basira.Governance.Tests.Fairness;

/// <summary>Loads <c>vectors/fairness-vectors.json</c> (copied to the test output) and turns a vector into platform input.</summary>
internal static class FairnessVectors
{
    public const double DefaultTolerance = 1e-9;

    private static readonly Lazy<JsonDocument> Document = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fairness", "vectors", "fairness-vectors.json");
        return JsonDocument.Parse(File.ReadAllText(path));
    });

    public static JsonElement Root => Document.Value.RootElement;

    public static IEnumerable<JsonElement> All => Root.GetProperty("vectors").EnumerateArray();

    public static IReadOnlyList<string> Ids => All.Select(v => v.GetProperty("id").GetString()!).ToArray();

    public static JsonElement Get(string id) => All.Single(v => v.GetProperty("id").GetString() == id);

    public static double Tolerance(JsonElement vector) =>
        vector.TryGetProperty("tolerance", out var t) ? t.GetDouble() : DefaultTolerance;

    /// <summary>Canonical label text: numbers through <see cref="FairnessLabels.Format"/>, strings as they are.</summary>
    public static string Label(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => FairnessLabels.Format(e.GetDouble()),
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.True => "True",
        JsonValueKind.False => "False",
        _ => throw new InvalidOperationException($"Unsupported label {e}"),
    };

    public static IReadOnlyList<string> Labels(JsonElement array) => array.EnumerateArray().Select(Label).ToArray();

    public static IReadOnlyList<double> Numbers(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    /// <summary>
    /// Builds the platform input. A list of sensitive features becomes one column named <c>sf</c>; an object keeps its
    /// attribute names in document order; AIF360's <c>protected_attribute</c> becomes the column <c>feat</c>.
    /// </summary>
    public static FairnessInput Input(JsonElement vector)
    {
        var inputs = vector.GetProperty("inputs");
        var yTrue = inputs.TryGetProperty("y_true", out var yt) ? Labels(yt) : [];
        var yPred = inputs.TryGetProperty("y_pred", out var yp) ? Labels(yp) : [];
        return new FairnessInput
        {
            YTrue = yTrue,
            YPred = yPred,
            YScore = inputs.TryGetProperty("y_score", out var ys) ? Numbers(ys) : null,
            SampleWeight = inputs.TryGetProperty("sample_weight", out var sw) ? Numbers(sw) : null,
            SensitiveFeatures = SensitiveColumns(inputs),
            ControlFeatures = inputs.TryGetProperty("control_features", out var cf) ? Columns(cf, "cf") : [],
        };
    }

    public static IReadOnlyList<FeatureColumn> SensitiveColumns(JsonElement inputs)
    {
        if (inputs.TryGetProperty("sensitive_features", out var sf)) return Columns(sf, "sf");
        if (inputs.TryGetProperty("protected_attribute", out var pa)) return [new FeatureColumn("feat", Labels(pa))];
        return [];
    }

    private static IReadOnlyList<FeatureColumn> Columns(JsonElement e, string defaultName) => e.ValueKind switch
    {
        JsonValueKind.Array => [new FeatureColumn(defaultName, Labels(e))],
        JsonValueKind.Object => e.EnumerateObject().Select(p => new FeatureColumn(p.Name, Labels(p.Value))).ToArray(),
        _ => throw new InvalidOperationException("Unsupported feature shape."),
    };

    /// <summary>Builds options from the vector's params (pos_label, favorable_labels, reference_groups, tau, AIF360 groups, bins).</summary>
    public static FairnessOptions Options(JsonElement vector, string? positiveLabelOverride = null)
    {
        var p = vector.GetProperty("params");
        IReadOnlyList<string> positive = ["1"];
        if (positiveLabelOverride is not null) positive = [positiveLabelOverride];
        else if (p.TryGetProperty("pos_label", out var pl)) positive = [Label(pl)];
        else if (p.TryGetProperty("favorable_labels", out var fl)) positive = Labels(fl);

        return new FairnessOptions
        {
            PositiveLabels = positive,
            Tau = p.TryGetProperty("tau", out var tau) ? tau.GetDouble() : 0.8,
            ReferenceGroups = p.TryGetProperty("reference_groups", out var rg)
                ? rg.EnumerateObject().ToDictionary(x => x.Name, x => Label(x.Value), StringComparer.Ordinal)
                : null,
            Privileged = p.TryGetProperty("privileged_groups", out var pg) ? Selector(pg) : null,
            Unprivileged = p.TryGetProperty("unprivileged_groups", out var ug) ? Selector(ug) : null,
            CalibrationBins = p.TryGetProperty("bins", out var bins)
                ? bins.EnumerateArray().Select(b => new CalibrationBin(b[0].GetDouble(), b[1].GetDouble())).ToArray()
                : null,
        };
    }

    public static GroupSelector Selector(JsonElement listOfDicts) =>
        new(listOfDicts.EnumerateArray()
            .Select(d => (IReadOnlyDictionary<string, string>)d.EnumerateObject()
                .ToDictionary(x => x.Name, x => Label(x.Value), StringComparer.Ordinal))
            .ToArray());

    public static string Format(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
