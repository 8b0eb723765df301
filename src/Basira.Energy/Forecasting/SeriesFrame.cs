namespace Basira.Energy.Forecasting;

/// <summary>
/// Hourly series read from a file: one timestamp per row (oldest first) and numeric columns of equal length.
/// </summary>
/// <param name="Source">File the series came from (for messages).</param>
/// <param name="Times">Timestamp of every row, as written in the file (local or UTC, see <c>SeriesRepair</c>).</param>
/// <param name="Names">Column names, in file order.</param>
/// <param name="Columns">Values, one array per column, <see cref="Times"/>.Length long.</param>
/// <param name="Lines">1-based file line of every row (header = line 1); null when the rows were not read from a file.</param>
public sealed record SeriesFrame(string Source, DateTime[] Times, string[] Names, double[][] Columns, long[]? Lines = null)
{
    /// <summary>File line of row <paramref name="row"/> (row + 2 when unknown: header then one line per row).</summary>
    public long LineOf(int row) => Lines is { } l && row < l.Length ? l[row] : row + 2;

    /// <summary>Number of rows.</summary>
    public int Rows => Times.Length;

    /// <summary>Index of column <paramref name="name"/> (ordinal, then case-insensitive), or -1.</summary>
    public int IndexOf(string name)
    {
        var i = Array.IndexOf(Names, name);
        return i >= 0 ? i : Array.FindIndex(Names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The frame restricted to the given columns (arrays shared, not copied).</summary>
    public SeriesFrame Select(IReadOnlyList<int> columns) =>
        this with { Names = [.. columns.Select(c => Names[c])], Columns = [.. columns.Select(c => Columns[c])] };
}
