using System.Globalization;

namespace Basira.Governance.Fairness;

/// <summary>
/// The favourable (selected) outcome of a binary label and prediction read as text, e.g. from a file: every value equal
/// to it is positive, every other value negative, and a number equals another written differently ("1" and "1.0").
/// </summary>
public static class PositiveOutcome
{
    /// <summary>
    /// Builds the audit input of a file's label and prediction columns: checks the positive value with
    /// <see cref="Check"/> and writes every value that equals it numerically as the positive value itself.
    /// </summary>
    /// <exception cref="DataInputException">The positive value cannot be one of the two outcomes (see <see cref="Check"/>).</exception>
    public static FairnessInput Input(string source, string labelColumn, IReadOnlyList<string> labels, string predictionColumn,
        IReadOnlyList<string> predictions, string positive, IReadOnlyList<FeatureColumn> sensitive)
    {
        Check(source, labelColumn, labels, predictionColumn, predictions, positive);
        string Norm(string v) => Matches(v, positive) ? positive : v;
        return new FairnessInput { YTrue = [.. labels.Select(Norm)], YPred = [.. predictions.Select(Norm)], SensitiveFeatures = sensitive };
    }

    /// <summary>
    /// A positive value absent from both columns is valid (no positives, no predicted positives: the rates they leave
    /// undefined are null, FAIRNESS.md §2) unless it cannot be one of the two outcomes: the columns together already hold
    /// two or more other values, or one other value of another kind (a number vs text, e.g. all "no" with positive "1").
    /// </summary>
    /// <exception cref="DataInputException">Bad input naming <paramref name="source"/>, the two columns and the values found.</exception>
    public static void Check(string source, string labelColumn, IReadOnlyList<string> labels, string predictionColumn,
        IReadOnlyList<string> predictions, string positive)
    {
        var values = labels.Concat(predictions).ToList();
        if (values.Any(v => Matches(v, positive))) return;
        var others = values.GroupBy(v => IsNumber(v, out var d) ? d.ToString("R", CultureInfo.InvariantCulture) : v, StringComparer.Ordinal)
            .Select(g => g.First()).OrderBy(v => v, StringComparer.Ordinal).ToList();
        var shown = string.Join(", ", others.Take(10).Select(v => $"'{v}'")) + (others.Count > 10 ? ", …" : "");
        if (others.Count >= 2)
            throw new DataInputException(source, null, null,
                $"the positive value '{positive}' occurs in neither column '{labelColumn}' nor '{predictionColumn}', which hold {others.Count} other values " +
                $"({shown}); a binary outcome has only two, so pass one of them with --positive");
        if (others.Count == 1 && IsNumber(others[0], out _) != IsNumber(positive, out _))
            throw new DataInputException(source, null, null,
                $"the positive value '{positive}' occurs in neither column '{labelColumn}' nor '{predictionColumn}', whose only value is {shown} " +
                $"(a {(IsNumber(others[0], out _) ? "number" : "text")}, unlike '{positive}'); pass the positive outcome with --positive");
    }

    /// <summary>True when <paramref name="value"/> is the positive value, as the same text or as the same finite number.</summary>
    public static bool Matches(string value, string positive) =>
        value == positive || (IsNumber(value, out var x) && IsNumber(positive, out var y) && x == y);

    private static bool IsNumber(string v, out double d) =>
        double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out d) && double.IsFinite(d);
}
