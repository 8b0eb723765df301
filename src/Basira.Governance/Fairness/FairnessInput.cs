using System.Globalization;

namespace Basira.Governance.Fairness;

/// <summary>
/// One named categorical column (a sensitive attribute such as gender or milieu, or a control feature such as region).
/// Values are compared as ordinal strings; use <see cref="FairnessLabels.FromNumbers(IEnumerable{double})"/> for numeric codes.
/// </summary>
/// <param name="Name">Attribute name, for example <c>gender</c>.</param>
/// <param name="Values">One value per row, aligned with the labels.</param>
public sealed record FeatureColumn(string Name, IReadOnlyList<string> Values);

/// <summary>
/// The data a fairness audit runs on: true and predicted labels per row, optional scores and weights, and the
/// sensitive (and optional control) columns. Labels are strings; they are mapped to the binary favourable /
/// selected outcome with <see cref="FairnessOptions.PositiveLabels"/>.
/// </summary>
public sealed class FairnessInput
{
    /// <summary>Observed outcome per row (any label; mapped to binary with the options' positive labels).</summary>
    public required IReadOnlyList<string> YTrue { get; init; }

    /// <summary>Predicted outcome per row (same label space as <see cref="YTrue"/>).</summary>
    public required IReadOnlyList<string> YPred { get; init; }

    /// <summary>Optional model score per row (probability of the positive outcome), used for calibration.</summary>
    public IReadOnlyList<double>? YScore { get; init; }

    /// <summary>Optional non-negative sample weight per row. When set, every count is a weighted sum.</summary>
    public IReadOnlyList<double>? SampleWeight { get; init; }

    /// <summary>
    /// Sensitive columns, in order. Several columns give intersectional groups keyed <c>"v1|v2"</c> in this order.
    /// No column means only the overall metrics can be computed (status <see cref="FairnessStatus.NotAssessable"/>).
    /// </summary>
    public IReadOnlyList<FeatureColumn> SensitiveFeatures { get; init; } = [];

    /// <summary>Optional control (conditioning) columns: disparities are also computed within each stratum.</summary>
    public IReadOnlyList<FeatureColumn> ControlFeatures { get; init; } = [];

    /// <summary>Number of rows (length of <see cref="YTrue"/>).</summary>
    public int Count => YTrue.Count;
}

/// <summary>Helpers that turn numeric codes into the canonical string labels used by the audit.</summary>
public static class FairnessLabels
{
    /// <summary>
    /// Canonical invariant text of a number: integers without a decimal part (<c>1.0</c> gives <c>"1"</c>,
    /// <c>-1</c> gives <c>"-1"</c>), other values in round-trip form.
    /// </summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Formats each number with <see cref="Format"/>.</summary>
    public static IReadOnlyList<string> FromNumbers(IEnumerable<double> values) =>
        values.Select(Format).ToArray();

    /// <summary>Formats each integer with the invariant culture.</summary>
    public static IReadOnlyList<string> FromNumbers(IEnumerable<int> values) =>
        values.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
}
