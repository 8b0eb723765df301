using System.Text.Json.Serialization;
using Basira.Analytics.Metrics;
using Basira.Governance;

namespace Basira.Analytics.Tabular;

/// <summary>
/// One model feature = one original column. Numeric columns pass through (missing → NaN); categorical string columns
/// are mapped to ordinal codes 0..k−1 in numeric order (all-number categories) or ordinal string order of the training values (unseen or missing → NaN).
/// </summary>
/// <param name="Name">Original column name.</param>
/// <param name="Kind">Numeric or categorical.</param>
/// <param name="Categories">For a categorical feature, the category of each code (code = index); empty otherwise.</param>
public sealed record FeatureSpec(string Name, ColumnKind Kind, IReadOnlyList<string> Categories)
{
    private Dictionary<string, int>? _codes;

    /// <summary>For a derived numeric feature, how it is computed from two columns; null for a data column.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DerivedFeature? Derivation { get; init; }

    /// <summary>Ordinal code of a category, or NaN when unseen at training or missing.</summary>
    public float Code(string? value)
    {
        if (value is null) return float.NaN;
        _codes ??= Categories.Select((c, i) => (c, i)).ToDictionary(t => t.c, t => t.i, StringComparer.Ordinal);
        return _codes.TryGetValue(value, out var k) ? k : float.NaN;
    }
}

/// <summary>Maps a <see cref="TabularTable"/> to model feature rows (float[] in model feature order).</summary>
public sealed class FeatureSchema
{
    /// <summary>Creates a schema from explicit feature specifications.</summary>
    [JsonConstructor]
    public FeatureSchema(IReadOnlyList<FeatureSpec> features) => Features = features;

    /// <summary>Features in model order.</summary>
    public IReadOnlyList<FeatureSpec> Features { get; }

    /// <summary>Feature names in model order.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Names => [.. Features.Select(f => f.Name)];

    /// <summary>Data columns needed to encode a row: every non-derived feature and every operand of a derived one.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> InputColumns =>
        [.. Features.SelectMany(f => f.Derivation is { } d ? new[] { d.Left, d.Right } : [f.Name]).Distinct()];

    /// <summary>
    /// A text column with a distinct value on every one of at least this many rows is taken for an identifier and refused
    /// as a feature (a model would learn nothing from it but noise, and it is personal data).
    /// </summary>
    public const int IdentifierMinRows = 50;

    /// <summary>
    /// Selects the feature columns of <paramref name="table"/>: every column except the target, the id column, the
    /// <paramref name="drop"/> columns and the columns whose name starts with one of <paramref name="dropPrefixes"/>.
    /// Text columns and the <paramref name="categorical"/> columns (e.g. integer-coded nominal variables) become ordinal
    /// codes learnt from <paramref name="trainingRows"/> only (all rows when null), in numeric order when every category
    /// is a number and ordinal string order otherwise. With <paramref name="labels"/>
    /// (aligned with the training rows) the codes follow the smoothed positive rate of each category (m-estimate,
    /// m = 10), so that one threshold split separates low- from high-risk categories.
    /// </summary>
    /// <exception cref="DataInputException">A dropped, id or categorical column does not exist, a prefix matches nothing, a
    /// text column looks like an identifier (<see cref="IdentifierMinRows"/>), or no feature is left.</exception>
    public static FeatureSchema Build(TabularTable table, string target, string? idColumn, IReadOnlyList<string> drop,
        IReadOnlyList<string> dropPrefixes, IReadOnlyList<int>? trainingRows = null, IReadOnlyList<string>? categorical = null,
        IReadOnlyList<bool>? labels = null, IReadOnlyList<DerivedFeature>? derived = null)
    {
        categorical ??= [];
        derived ??= [];
        foreach (var d in derived) d.Validate(table);
        var dup = derived.GroupBy(d => d.Name).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new DataInputException(table.Source, null, dup.Key, $"derived feature '{dup.Key}' is defined twice");
        if (idColumn is not null && !table.HasColumn(idColumn))
            throw new DataInputException(table.Source, 1, idColumn, $"id column '{idColumn}' is missing");
        foreach (var d in drop)
            if (!table.HasColumn(d)) throw new DataInputException(table.Source, 1, d, $"--drop column '{d}' is missing");
        foreach (var c in categorical)
            if (!table.HasColumn(c)) throw new DataInputException(table.Source, 1, c, $"--categorical column '{c}' is missing");
        foreach (var p in dropPrefixes)
            if (!table.Columns.Any(c => c.Name.StartsWith(p, StringComparison.Ordinal)))
                throw new DataInputException(table.Source, 1, null, $"--drop-prefix '{p}' matches no column");
        var rows = trainingRows ?? Enumerable.Range(0, table.RowCount).ToArray();
        if (labels is not null && labels.Count != rows.Count) throw new ArgumentException("labels must align with the training rows");
        var prior = labels is null || labels.Count == 0 ? 0 : labels.Count(v => v) / (double)labels.Count;
        var specs = new List<FeatureSpec>();
        foreach (var c in table.Columns)
        {
            if (c.Name == target || c.Name == idColumn || drop.Contains(c.Name)) continue;
            if (dropPrefixes.Any(p => c.Name.StartsWith(p, StringComparison.Ordinal))) continue;
            if (c.Kind == ColumnKind.Numeric && !categorical.Contains(c.Name))
            {
                specs.Add(new FeatureSpec(c.Name, ColumnKind.Numeric, []));
                continue;
            }
            var stats = new Dictionary<string, (int N, int Pos)>(StringComparer.Ordinal);
            for (var i = 0; i < rows.Count; i++)
            {
                var v = c.Raw[rows[i]];
                if (v is null) continue;
                stats.TryGetValue(v, out var st);
                stats[v] = (st.N + 1, st.Pos + (labels is not null && labels[i] ? 1 : 0));
            }
            var present = stats.Values.Sum(s => s.N);
            if (c.Kind == ColumnKind.Categorical && present >= IdentifierMinRows && stats.Count == present)
                throw new DataInputException(table.Source, 1, c.Name,
                    $"column '{c.Name}' has a different text value on each of its {present} rows, like an identifier: name it with --id-column or --drop it");
            var ordered = labels is null
                ? NaturalOrder(stats.Keys)
                : stats.OrderBy(kv => (kv.Value.Pos + 10 * prior) / (kv.Value.N + 10)).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key);
            specs.Add(new FeatureSpec(c.Name, ColumnKind.Categorical, [.. ordered]));
        }
        foreach (var d in derived) specs.Add(new FeatureSpec(d.Name, ColumnKind.Numeric, []) { Derivation = d });
        if (specs.Count == 0) throw new DataInputException(table.Source, 1, null, "no feature column left after excluding target, id and dropped columns");
        return new FeatureSchema(specs);
    }

    /// <summary>
    /// Categories in numeric order when every one is a number (integer-coded nominal columns keep their code order, so
    /// the trees see the same splits as on the raw codes), otherwise in ordinal string order.
    /// </summary>
    internal static IEnumerable<string> NaturalOrder(IEnumerable<string> categories)
    {
        var list = categories.ToList();
        var numbers = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var c in list)
        {
            if (!TabularReader.TryParseInvariant(c, out var v)) return list.OrderBy(x => x, StringComparer.Ordinal);
            numbers[c] = v;
        }
        return list.OrderBy(c => numbers[c]).ThenBy(c => c, StringComparer.Ordinal);
    }

    /// <summary>Encodes every row of <paramref name="table"/> (columns matched by name).</summary>
    /// <exception cref="DataInputException">A feature column is missing or a numeric feature holds text.</exception>
    public float[][] Encode(TabularTable table)
    {
        var cols = new TabularColumn[Features.Count];
        var operands = new (TabularColumn L, TabularColumn R)[Features.Count];
        for (var f = 0; f < Features.Count; f++)
        {
            if (Features[f].Derivation is { } d)
            {
                operands[f] = (Operand(table, d.Left, d), Operand(table, d.Right, d));
                continue;
            }
            var name = Features[f].Name;
            if (!table.HasColumn(name))
                throw new DataInputException(table.Source, 1, name, $"required column '{name}' is missing");
            cols[f] = table[name];
        }
        var x = new float[table.RowCount][];
        for (var r = 0; r < table.RowCount; r++)
        {
            var row = new float[Features.Count];
            for (var f = 0; f < Features.Count; f++)
            {
                var spec = Features[f];
                var col = cols[f];
                if (spec.Derivation is { } d) row[f] = (float)d.Evaluate(NumericAt(table, operands[f].L, r), NumericAt(table, operands[f].R, r));
                else if (spec.Kind == ColumnKind.Categorical) row[f] = spec.Code(col.Raw[r]);
                else if (col.Numeric is { } num) row[f] = (float)num[r];
                else if (col.Raw[r] is null) row[f] = float.NaN;
                else if (TabularReader.TryParseInvariant(col.Raw[r]!, out var v)) row[f] = (float)v;
                else throw new DataInputException(table.Source, table.Lines[r], spec.Name, $"non-numeric value '{col.Raw[r]}' in numeric feature");
            }
            x[r] = row;
        }
        return x;
    }

    private static TabularColumn Operand(TabularTable table, string name, DerivedFeature d) =>
        table.HasColumn(name) ? table[name]
            : throw new DataInputException(table.Source, 1, name, $"required column '{name}' (operand of derived feature '{d.Name}') is missing");

    private static double NumericAt(TabularTable table, TabularColumn col, int r)
    {
        if (col.Numeric is { } num) return num[r];
        var v = col.Raw[r];
        if (v is null) return double.NaN;
        return TabularReader.TryParseInvariant(v, out var d) ? d
            : throw new DataInputException(table.Source, table.Lines[r], col.Name, $"non-numeric value '{v}' in numeric column");
    }
}

/// <summary>Probability calibration method applied to the ensemble margin.</summary>
public enum CalibrationMethod
{
    /// <summary>Logistic sigmoid of the raw margin (LightGBM's own link, no fitted calibration).</summary>
    None,

    /// <summary>Platt scaling p = σ(A·margin + B), fitted on out-of-fold margins.</summary>
    Platt,

    /// <summary>Isotonic regression (pool-adjacent-violators, linear interpolation) fitted on out-of-fold margins.</summary>
    Isotonic,
}

/// <summary>A fitted margin → probability map.</summary>
public sealed class ProbabilityCalibrator
{
    /// <summary>Creates a calibrator from its parameters (see <see cref="Fit"/>).</summary>
    [JsonConstructor]
    public ProbabilityCalibrator(CalibrationMethod method, double a, double b, double[] x, double[] y)
    {
        Method = method;
        A = a;
        B = b;
        X = x;
        Y = y;
    }

    /// <summary>Method.</summary>
    public CalibrationMethod Method { get; }

    /// <summary>Platt slope (1 for <see cref="CalibrationMethod.None"/>).</summary>
    public double A { get; }

    /// <summary>Platt intercept (0 for <see cref="CalibrationMethod.None"/>).</summary>
    public double B { get; }

    /// <summary>Isotonic knots: increasing margins.</summary>
    public double[] X { get; }

    /// <summary>Isotonic knots: probabilities (non-decreasing).</summary>
    public double[] Y { get; }

    /// <summary>Identity link: σ(margin).</summary>
    public static ProbabilityCalibrator Sigmoid { get; } = new(CalibrationMethod.None, 1, 0, [], []);

    /// <summary>Probability of the positive class for a margin.</summary>
    public double Probability(double margin)
    {
        if (Method != CalibrationMethod.Isotonic || X.Length == 0) return 1.0 / (1.0 + Math.Exp(-(A * margin + B)));
        if (margin <= X[0]) return Y[0];
        if (margin >= X[^1]) return Y[^1];
        var i = Array.BinarySearch(X, margin);
        if (i >= 0) return Y[i];
        i = ~i; // X[i-1] < margin < X[i]
        var t = (margin - X[i - 1]) / (X[i] - X[i - 1]);
        return Y[i - 1] + t * (Y[i] - Y[i - 1]);
    }

    /// <summary>Fits a calibrator on (out-of-fold) margins and outcomes.</summary>
    public static ProbabilityCalibrator Fit(CalibrationMethod method, IReadOnlyList<double> margins, IReadOnlyList<bool> labels) => method switch
    {
        CalibrationMethod.None => Sigmoid,
        CalibrationMethod.Platt => FitPlatt(margins, labels),
        CalibrationMethod.Isotonic => FitIsotonic(margins, labels),
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    private static ProbabilityCalibrator FitPlatt(IReadOnlyList<double> m, IReadOnlyList<bool> y)
    {
        // Platt (1999) as revised by Lin, Lin and Weng (2007): smoothed targets, Newton with backtracking line search.
        int pos = y.Count(v => v), neg = y.Count - pos;
        double hi = (pos + 1.0) / (pos + 2.0), lo = 1.0 / (neg + 2.0);
        double a = 0, b = Math.Log((pos + 1.0) / (neg + 1.0));
        double Loss(double aa, double bb)
        {
            double s = 0;
            for (var i = 0; i < m.Count; i++)
            {
                var t = y[i] ? hi : lo;
                var z = aa * m[i] + bb;
                // log(1 + e^z) - t z, computed stably
                s += (z >= 0 ? z + double.LogP1(Math.Exp(-z)) : double.LogP1(Math.Exp(z))) - t * z;
            }
            return s;
        }
        var f = Loss(a, b);
        for (var it = 0; it < 100; it++)
        {
            double g0 = 0, g1 = 0, h00 = 1e-12, h01 = 0, h11 = 1e-12;
            for (var i = 0; i < m.Count; i++)
            {
                var t = y[i] ? hi : lo;
                var z = a * m[i] + b;
                var p = z >= 0 ? 1.0 / (1.0 + Math.Exp(-z)) : Math.Exp(z) / (1.0 + Math.Exp(z));
                var d = p - t;
                var w = p * (1 - p);
                g0 += d * m[i]; g1 += d;
                h00 += w * m[i] * m[i]; h01 += w * m[i]; h11 += w;
            }
            if (Math.Abs(g0) < 1e-7 && Math.Abs(g1) < 1e-7) break;
            var det = h00 * h11 - h01 * h01;
            if (Math.Abs(det) < 1e-18) break;
            var da = -(h11 * g0 - h01 * g1) / det;
            var db = -(h00 * g1 - h01 * g0) / det;
            var step = 1.0;
            var moved = false;
            while (step >= 1e-10)
            {
                var na = a + step * da; var nb = b + step * db;
                var nf = Loss(na, nb);
                if (nf < f + 1e-4 * step * (g0 * da + g1 * db)) { a = na; b = nb; f = nf; moved = true; break; }
                step /= 2;
            }
            if (!moved) break;
        }
        return new ProbabilityCalibrator(CalibrationMethod.Platt, a, b, [], []);
    }

    private static ProbabilityCalibrator FitIsotonic(IReadOnlyList<double> m, IReadOnlyList<bool> y)
    {
        var order = Enumerable.Range(0, m.Count).OrderBy(i => m[i]).ToArray();
        // pool equal margins first, then PAV
        var xs = new List<double>(); var ys = new List<double>(); var ws = new List<double>();
        foreach (var i in order)
        {
            var v = y[i] ? 1.0 : 0.0;
            if (xs.Count > 0 && xs[^1] == m[i]) { ys[^1] = (ys[^1] * ws[^1] + v) / (ws[^1] + 1); ws[^1] += 1; }
            else { xs.Add(m[i]); ys.Add(v); ws.Add(1); }
        }
        var bx = new List<(double Lo, double Hi)>(); var by = new List<double>(); var bw = new List<double>();
        for (var k = 0; k < xs.Count; k++)
        {
            bx.Add((xs[k], xs[k])); by.Add(ys[k]); bw.Add(ws[k]);
            while (by.Count > 1 && by[^2] > by[^1])
            {
                var w = bw[^2] + bw[^1];
                var v = (by[^2] * bw[^2] + by[^1] * bw[^1]) / w;
                var span = (bx[^2].Lo, bx[^1].Hi);
                bx.RemoveAt(bx.Count - 1); by.RemoveAt(by.Count - 1); bw.RemoveAt(bw.Count - 1);
                bx[^1] = span; by[^1] = v; bw[^1] = w;
            }
        }
        var kx = new List<double>(); var ky = new List<double>();
        for (var k = 0; k < by.Count; k++)
        {
            kx.Add(bx[k].Lo); ky.Add(by[k]);
            if (bx[k].Hi > bx[k].Lo) { kx.Add(bx[k].Hi); ky.Add(by[k]); }
        }
        return new ProbabilityCalibrator(CalibrationMethod.Isotonic, 1, 0, [.. kx], [.. ky]);
    }

    /// <summary>ECE of this calibrator on margins/labels (convenience for reporting).</summary>
    public double Ece(IReadOnlyList<double> margins, IReadOnlyList<bool> labels) =>
        ClassificationMetrics.ExpectedCalibrationError([.. margins.Select(Probability)], labels);
}
