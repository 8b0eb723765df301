namespace Basira.Analytics.Tabular;

/// <summary>Inferred type of a tabular column.</summary>
public enum ColumnKind
{
    /// <summary>Every non-missing value parses as a number (invariant culture, or decimal comma when unambiguous).</summary>
    Numeric,

    /// <summary>Free text / category labels.</summary>
    Categorical,
}

/// <summary>One column of a <see cref="TabularTable"/>: raw text values and, for numeric columns, parsed values.</summary>
public sealed class TabularColumn
{
    internal TabularColumn(string name, ColumnKind kind, string?[] raw, double[]? numeric)
    {
        Name = name;
        Kind = kind;
        Raw = raw;
        Numeric = numeric;
    }

    /// <summary>Trimmed header name.</summary>
    public string Name { get; }

    /// <summary>Inferred (or declared) type.</summary>
    public ColumnKind Kind { get; }

    /// <summary>Raw cell text per accepted row, trimmed; <c>null</c> for a missing value (empty, NA, NaN, null).</summary>
    public IReadOnlyList<string?> Raw { get; }

    /// <summary>Parsed values per accepted row for a numeric column (<see cref="double.NaN"/> when missing); <c>null</c> for a categorical column.</summary>
    public IReadOnlyList<double>? Numeric { get; }

    /// <summary>True when the value of row <paramref name="row"/> is missing.</summary>
    public bool IsMissing(int row) => Raw[row] is null;
}

/// <summary>A row rejected by the reader (row-level error), with the 1-based line of the file where it starts.</summary>
/// <param name="Line">1-based line number (header = line 1); for XLSX, the sheet row number.</param>
/// <param name="DataRow">0-based index of the data record in the file (header excluded).</param>
/// <param name="Field">Offending field, when the problem concerns one field.</param>
/// <param name="Reason">Human-readable reason.</param>
public sealed record QuarantinedRow(long Line, int DataRow, string? Field, string Reason);

/// <summary>
/// An in-memory table read by <see cref="TabularReader"/>: accepted rows only, column-oriented, with the
/// quarantined rows and the provenance (file line and 0-based data row index) of every accepted row.
/// </summary>
public sealed class TabularTable
{
    private readonly Dictionary<string, int> _index;

    internal TabularTable(string source, char? delimiter, IReadOnlyList<TabularColumn> columns, long[] lines, int[] dataRows,
        IReadOnlyList<QuarantinedRow> quarantined)
    {
        Source = source;
        Delimiter = delimiter;
        Columns = columns;
        Lines = lines;
        DataRows = dataRows;
        Quarantined = quarantined;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++) _index[columns[i].Name] = i;
    }

    /// <summary>File the table was read from (or a label given by the caller).</summary>
    public string Source { get; }

    /// <summary>Detected (or given) CSV delimiter; <c>null</c> for XLSX.</summary>
    public char? Delimiter { get; }

    /// <summary>Columns in file order.</summary>
    public IReadOnlyList<TabularColumn> Columns { get; }

    /// <summary>Number of accepted rows.</summary>
    public int RowCount => DataRows.Count;

    /// <summary>1-based file line where each accepted row starts.</summary>
    public IReadOnlyList<long> Lines { get; }

    /// <summary>0-based data record index in the file (header excluded) of each accepted row; this is the "row" of a folds file.</summary>
    public IReadOnlyList<int> DataRows { get; }

    /// <summary>Rows rejected with line and reason.</summary>
    public IReadOnlyList<QuarantinedRow> Quarantined { get; }

    /// <summary>Data records seen in the file: <see cref="RowCount"/> + quarantined rows.</summary>
    public int RowsIn => RowCount + Quarantined.Count;

    /// <summary>True when the table has a column of that (trimmed, case-sensitive) name.</summary>
    public bool HasColumn(string name) => _index.ContainsKey(name);

    /// <summary>The column of that name.</summary>
    /// <exception cref="KeyNotFoundException">No such column.</exception>
    public TabularColumn this[string name] => Columns[_index[name]];

    /// <summary>Index of a column, or -1.</summary>
    public int IndexOf(string name) => _index.TryGetValue(name, out var i) ? i : -1;
}
