namespace Basira.Analytics.Tabular;

/// <summary>
/// A dense, row-major matrix of model features (rows × columns, NaN = missing) in ONE float array: the layout the
/// national-scale paths (training through <see cref="MatrixDataView"/>, scoring with <see cref="ForestScorer"/>, exact
/// explanations in parallel) read without a per-row object. 9 M pupils × 20 features is 720 MB.
/// </summary>
public sealed class FeatureMatrix
{
    /// <summary>An empty (all zero) matrix of <paramref name="rows"/> × <paramref name="columns"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative sizes, or more cells than one .NET array holds.</exception>
    public FeatureMatrix(int rows, int columns)
        : this(new float[Cells(rows, columns)], columns)
    {
    }

    /// <summary>Wraps <paramref name="data"/> (row-major, length a multiple of <paramref name="columns"/>) without copying.</summary>
    public FeatureMatrix(float[] data, int columns)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if (data.Length % columns != 0) throw new ArgumentException($"{data.Length} values are not a whole number of rows of {columns}", nameof(data));
        Data = data;
        Columns = columns;
        Rows = data.Length / columns;
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of features per row.</summary>
    public int Columns { get; }

    /// <summary>The cells, row after row.</summary>
    public float[] Data { get; }

    /// <summary>Row <paramref name="r"/> (a view into <see cref="Data"/>).</summary>
    public Span<float> Row(int r) => Data.AsSpan(r * Columns, Columns);

    /// <summary>Copies per-row vectors into one matrix.</summary>
    public static FeatureMatrix FromRows(IReadOnlyList<float[]> rows, int columns)
    {
        var m = new FeatureMatrix(rows.Count, columns);
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r].Length != columns) throw new ArgumentException($"row {r} has {rows[r].Length} values, expected {columns}", nameof(rows));
            rows[r].CopyTo(m.Row(r));
        }
        return m;
    }

    /// <summary>Row <paramref name="r"/> as a new array (for the per-row APIs: notices, counterfactuals).</summary>
    public float[] RowArray(int r) => Row(r).ToArray();

    /// <summary>The rows <paramref name="rows"/> as a new matrix, in that order.</summary>
    public FeatureMatrix Select(ReadOnlySpan<int> rows)
    {
        var m = new FeatureMatrix(rows.Length, Columns);
        for (var i = 0; i < rows.Length; i++) Row(rows[i]).CopyTo(m.Row(i));
        return m;
    }

    private static int Cells(int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        var cells = (long)rows * columns;
        if (cells > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(rows), $"{rows} rows × {columns} features exceed one array ({Array.MaxLength} cells): score in batches");
        return (int)cells;
    }
}
