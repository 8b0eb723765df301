using System.Globalization;
using System.Text;
using Basira.Governance;
using MiniExcelLibs;

namespace Basira.Analytics.Tabular;

/// <summary>Options of <see cref="TabularReader"/>.</summary>
public sealed class TabularReadOptions
{
    /// <summary>Forced CSV delimiter; <c>null</c> (default) detects one among <c>, ; TAB |</c>.</summary>
    public char? Delimiter { get; init; }

    /// <summary>Columns that must exist (structural error otherwise).</summary>
    public IReadOnlyList<string> RequiredColumns { get; init; } = [];

    /// <summary>Columns the caller declares numeric: a non-numeric value there is a row-level error naming line and field.</summary>
    public IReadOnlyList<string> NumericColumns { get; init; } = [];

    /// <summary>
    /// Columns never inferred numeric by the typo rule (ids, declared-categorical codes): they stay categorical when any
    /// value is non-numeric.
    /// </summary>
    public IReadOnlyList<string> TextColumns { get; init; } = [];

    /// <summary>Minimum number of columns the caller expects; a single column below this means a wrong delimiter. Default 2.</summary>
    public int MinColumns { get; init; } = 2;

    /// <summary>Target column: rows with a missing target are quarantined.</summary>
    public string? TargetColumn { get; init; }

    /// <summary>Positive value of the target: it must occur at least once (structural error otherwise).</summary>
    public string? PositiveValue { get; init; }

    /// <summary>Fail on the first bad row instead of quarantining it ("nothing written half-way").</summary>
    public bool Strict { get; init; }

    /// <summary>
    /// Accept a file with a header and no data rows (an empty table) instead of failing with "no data rows"; for callers
    /// that define a result on empty input (a fairness audit of no rows is "not assessable").
    /// </summary>
    public bool AllowNoRows { get; init; }
}

/// <summary>
/// Reads CSV (delimiter detection among <c>, ; TAB |</c>, UTF-8 BOM, RFC-4180 quotes, trimmed header names) and XLSX
/// (first sheet) into a <see cref="TabularTable"/>, inferring numeric vs categorical columns.
/// Structural problems (empty file, missing header, duplicate or missing column, wrong delimiter, unknown positive value)
/// throw <see cref="DataInputException"/>; row-level problems (ragged row, unparsable value in a declared-numeric column,
/// missing target) quarantine the row, or throw at the first one when <see cref="TabularReadOptions.Strict"/> is set.
/// </summary>
public static class TabularReader
{
    private static readonly char[] Candidates = [',', ';', '\t', '|'];

    /// <summary>Tokens read as a missing value (case-insensitive), besides the empty string.</summary>
    public static readonly IReadOnlySet<string> MissingTokens =
        new HashSet<string>(["", "NA", "NaN", "null"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads a .csv/.txt/.tsv or .xlsx file.</summary>
    /// <param name="path">File path; the extension .xlsx selects the Excel reader.</param>
    /// <param name="options">Validation options; <c>null</c> for defaults.</param>
    public static TabularTable Read(string path, TabularReadOptions? options = null)
    {
        options ??= new TabularReadOptions();
        if (!File.Exists(path)) throw new DataInputException(path, null, null, "file not found");
        if (new FileInfo(path).Length == 0) throw new DataInputException(path, null, null, "empty file");
        if (path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
            return Build(path, null, ReadXlsx(path), options);
        return ReadCsvText(Decode(File.ReadAllBytes(path), path, options), path, options);
    }

    /// <summary>
    /// Decodes a CSV file strictly: UTF-16/32 when the file starts with their byte order mark, otherwise UTF-8 (with or
    /// without BOM). Bytes that are not UTF-8 (a Latin-1 / Windows-1252 export, say) are bad input naming the line, and
    /// the column when it can be told, instead of turning silently into U+FFFD.
    /// </summary>
    internal static string Decode(byte[] bytes, string source, TabularReadOptions options)
    {
        if (bytes is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..] or [0x00, 0x00, 0xFE, 0xFF, ..])
        {
            using var sr = new StreamReader(new MemoryStream(bytes, writable: false), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
            return sr.ReadToEnd();
        }
        var start = bytes is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
        var utf8 = bytes.AsSpan(start);
        var chars = new char[utf8.Length];
        var status = System.Text.Unicode.Utf8.ToUtf16(utf8, chars, out var read, out var written, replaceInvalidSequences: false);
        if (status == System.Buffers.OperationStatus.Done) return new string(chars, 0, written);

        var offset = start + read;
        var line = 1 + bytes.AsSpan(0, offset).Count((byte)'\n');
        string? field = null;
        var valid = new string(chars, 0, written);
        var records = ParseCsv(valid, options.Delimiter ?? DetectDelimiter(valid)).ToList();
        if (records.Count > 1)
        {
            var names = records[0].Fields;
            var column = records[^1].Fields.Length - 1;
            if (column >= 0 && column < names.Length) field = names[column].Trim();
        }
        var shown = Convert.ToHexString(bytes, offset, Math.Min(3, bytes.Length - offset));
        throw new DataInputException(source, line, field,
            $"not UTF-8 (bytes {shown} at byte {offset}, perhaps Latin-1 or Windows-1252); save the file as UTF-8");
    }

    /// <summary>Reads CSV text already in memory (used by tests and by callers that do not have a file).</summary>
    /// <param name="text">CSV text, optionally starting with a BOM character.</param>
    /// <param name="source">Name reported in errors.</param>
    /// <param name="options">Validation options.</param>
    public static TabularTable ReadCsvText(string text, string source, TabularReadOptions? options = null)
    {
        options ??= new TabularReadOptions();
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        if (string.IsNullOrWhiteSpace(text)) throw new DataInputException(source, null, null, "empty file");
        var delimiter = options.Delimiter ?? DetectDelimiter(text);
        var records = ParseCsv(text, delimiter);
        return Build(source, delimiter, records, options);
    }

    /// <summary>Chooses the delimiter whose field count is largest and most consistent over the first records.</summary>
    internal static char DetectDelimiter(string text)
    {
        var sample = text.Length > 200_000 ? text[..200_000] : text;
        var best = ',';
        var bestScore = double.NegativeInfinity;
        foreach (var d in Candidates)
        {
            var recs = ParseCsv(sample, d).Take(30).ToList();
            if (recs.Count == 0) continue;
            var header = recs[0].Fields.Length;
            if (header <= 1) continue;
            var body = recs.Skip(1).Where(r => !(r.Fields.Length == 1 && r.Fields[0].Length == 0)).ToList();
            var consistent = body.Count == 0 ? 1.0 : body.Count(r => r.Fields.Length == header) / (double)body.Count;
            var score = consistent * 1000 + header;
            if (score > bestScore) { bestScore = score; best = d; }
        }
        return best;
    }

    /// <summary>One CSV record: its first line, its fields, and the line of a quote never closed (the record then runs to the end of the text).</summary>
    internal readonly record struct RawRecord(long Line, string[] Fields, long? OpenQuoteLine = null);

    /// <summary>RFC-4180 parser: quotes, doubled quotes, delimiters and newlines inside quotes; CRLF or LF.</summary>
    internal static IEnumerable<RawRecord> ParseCsv(string text, char delimiter)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        long line = 1, start = 1, quoteLine = 0;
        var i = 0;
        var inQuotes = false;
        var wasQuoted = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { sb.Append('"'); i += 2; continue; }
                    inQuotes = false;
                    i++;
                    continue;
                }
                if (c == '\n') line++;
                sb.Append(c);
                i++;
                continue;
            }
            if (c == '"' && sb.ToString().Trim().Length == 0 && !wasQuoted)
            {
                sb.Clear();
                inQuotes = true;
                wasQuoted = true;
                quoteLine = line;
                i++;
                continue;
            }
            if (c == delimiter)
            {
                fields.Add(sb.ToString());
                sb.Clear();
                wasQuoted = false;
                i++;
                continue;
            }
            if (c is '\r' or '\n')
            {
                fields.Add(sb.ToString());
                sb.Clear();
                wasQuoted = false;
                yield return new RawRecord(start, [.. fields]);
                fields.Clear();
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                i++;
                line++;
                start = line;
                continue;
            }
            sb.Append(c);
            i++;
        }
        if (sb.Length > 0 || fields.Count > 0 || wasQuoted)
        {
            fields.Add(sb.ToString());
            yield return new RawRecord(start, [.. fields], inQuotes ? quoteLine : null);
        }
    }

    private static List<RawRecord> ReadXlsx(string path)
    {
        var list = new List<RawRecord>();
        try
        {
            var rowNo = 0L;
            foreach (IDictionary<string, object?> row in MiniExcel.Query(path, useHeaderRow: false))
            {
                rowNo++;
                var values = row.Values.Select(CellText).ToArray();
                // drop trailing empty cells so that the header defines the width
                var n = values.Length;
                while (n > 0 && values[n - 1].Length == 0) n--;
                list.Add(new RawRecord(rowNo, values[..n]));
            }
        }
        catch (Exception ex) when (ex is not DataInputException)
        {
            throw new DataInputException(path, null, null, $"not a readable XLSX file ({ex.GetType().Name}: {ex.Message})");
        }
        if (list.Count == 0) throw new DataInputException(path, null, null, "empty file");
        var width = list[0].Fields.Length;
        // XLSX rows are rectangular by construction: pad short rows with empty cells (missing values)
        for (var r = 1; r < list.Count; r++)
            if (list[r].Fields.Length < width)
                list[r] = list[r] with { Fields = [.. list[r].Fields, .. Enumerable.Repeat(string.Empty, width - list[r].Fields.Length)] };
        return list;
    }

    private static string CellText(object? v) => v switch
    {
        null => string.Empty,
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? string.Empty,
    };

    private static TabularTable Build(string source, char? delimiter, IEnumerable<RawRecord> recordsIn, TabularReadOptions o)
    {
        using var e = recordsIn.GetEnumerator();
        RawRecord header = default;
        var found = false;
        while (e.MoveNext())
        {
            if (IsBlank(e.Current)) continue;
            header = e.Current;
            found = true;
            break;
        }
        if (!found) throw new DataInputException(source, null, null, "empty file");
        if (header.OpenQuoteLine is { } headerQuote)
            throw new DataInputException(source, headerQuote, null, $"unterminated quoted field: the quote opened on line {headerQuote} is never closed");

        var names = header.Fields.Select(f => f.Trim().TrimStart('\uFEFF').Trim()).ToArray();
        if (names.All(n => n.Length == 0))
            throw new DataInputException(source, header.Line, null, "missing header: the first line has no column names");
        if (names.All(n => TryParseInvariant(n, out _)))
            throw new DataInputException(source, header.Line, null, "missing header: the first line holds only numbers, not column names");
        for (var i = 0; i < names.Length; i++)
        {
            if (names[i].Length == 0)
                throw new DataInputException(source, header.Line, $"#{i + 1}", $"missing header: column {i + 1} has no name");
            for (var j = 0; j < i; j++)
                if (names[j] == names[i])
                    throw new DataInputException(source, header.Line, names[i], $"duplicate column name (columns {j + 1} and {i + 1})");
        }
        var expected = Math.Max(o.MinColumns, o.RequiredColumns.Distinct().Count());
        if (names.Length == 1 && expected > 1)
        {
            var shown = names[0].Length > 60 ? names[0][..60] + "…" : names[0];
            throw new DataInputException(source, header.Line, null,
                $"wrong delimiter: the header has a single column ('{shown}') but at least {expected} are expected; " +
                "use one of , ; TAB | consistently");
        }
        foreach (var req in o.RequiredColumns)
            if (!names.Contains(req))
                throw new DataInputException(source, header.Line, req, $"required column '{req}' is missing (columns: {string.Join(", ", names)})");

        var width = names.Length;
        var rows = new List<string?[]>();
        var lines = new List<long>();
        var dataRows = new List<int>();
        var quarantine = new List<QuarantinedRow>();
        var dataIndex = -1;
        while (e.MoveNext())
        {
            var r = e.Current;
            if (IsBlank(r)) continue;
            dataIndex++;
            if (r.OpenQuoteLine is { } openedOn)
                throw new DataInputException(source, openedOn, r.Fields.Length <= width ? names[r.Fields.Length - 1] : null,
                    $"unterminated quoted field: the quote opened on line {openedOn} is never closed (it swallows the rest of the file)");
            if (r.Fields.Length != width)
            {
                var reason = $"ragged row: {r.Fields.Length} fields, expected {width}";
                if (o.Strict) throw new DataInputException(source, r.Line, null, reason);
                quarantine.Add(new QuarantinedRow(r.Line, dataIndex, null, reason));
                continue;
            }
            var vals = new string?[width];
            for (var c = 0; c < width; c++)
            {
                var t = r.Fields[c].Trim();
                vals[c] = MissingTokens.Contains(t) ? null : t;
            }
            rows.Add(vals);
            lines.Add(r.Line);
            dataRows.Add(dataIndex);
        }

        if (rows.Count == 0 && quarantine.Count == 0 && !o.AllowNoRows)
            throw new DataInputException(source, null, null, "no data rows after the header");

        // Row-level checks: missing target, non-numeric value in a declared-numeric column.
        var bad = new bool[rows.Count];
        var targetIdx = o.TargetColumn is null ? -1 : Array.IndexOf(names, o.TargetColumn);
        if (o.TargetColumn is not null && targetIdx < 0)
            throw new DataInputException(source, header.Line, o.TargetColumn, $"required column '{o.TargetColumn}' is missing");
        var declared = new HashSet<int>();
        foreach (var dn in o.NumericColumns)
        {
            var k = Array.IndexOf(names, dn);
            if (k < 0) throw new DataInputException(source, header.Line, dn, $"required column '{dn}' is missing");
            declared.Add(k);
        }
        var commaDecimal = new bool[width];
        for (var c = 0; c < width; c++) commaDecimal[c] = delimiter == ';' && UsesDecimalComma(rows, c);
        // Typo rule: a column whose non-missing values are mostly numbers is numeric; its few text cells are row-level errors.
        for (var c = 0; c < width; c++)
        {
            if (c == targetIdx || declared.Contains(c) || o.TextColumns.Contains(names[c])) continue;
            int nonMissing = 0, numeric = 0;
            foreach (var row in rows)
            {
                if (row[c] is not { } v) continue;
                nonMissing++;
                if (TryParseNumber(v, commaDecimal[c], out _)) numeric++;
            }
            if (numeric < nonMissing && numeric >= MinNumericForTypoRule && numeric >= NumericShareForTypoRule * nonMissing)
                declared.Add(c);
        }

        var problems = new List<(int Row, QuarantinedRow Q)>();
        for (var r = 0; r < rows.Count; r++)
        {
            if (targetIdx >= 0 && rows[r][targetIdx] is null)
                problems.Add((r, new QuarantinedRow(lines[r], dataRows[r], names[targetIdx], "missing target value")));
            foreach (var c in declared)
            {
                var v = rows[r][c];
                if (v is not null && !TryParseNumber(v, commaDecimal[c], out _))
                {
                    problems.Add((r, new QuarantinedRow(lines[r], dataRows[r], names[c], $"non-numeric value '{Shorten(v)}' in numeric column")));
                    break;
                }
            }
        }
        if (problems.Count > 0)
        {
            problems.Sort((a, b) => a.Row.CompareTo(b.Row));
            if (o.Strict)
            {
                var q = problems[0].Q;
                throw new DataInputException(source, q.Line, q.Field, q.Reason);
            }
            foreach (var (row, q) in problems)
            {
                if (bad[row]) continue;
                bad[row] = true;
                quarantine.Add(q);
            }
        }
        quarantine.Sort((a, b) => a.Line.CompareTo(b.Line));

        var keep = Enumerable.Range(0, rows.Count).Where(r => !bad[r]).ToArray();
        var columns = new List<TabularColumn>(width);
        for (var c = 0; c < width; c++)
        {
            var raw = new string?[keep.Length];
            for (var i = 0; i < keep.Length; i++) raw[i] = rows[keep[i]][c];
            double[]? num = new double[keep.Length];
            for (var i = 0; i < keep.Length; i++)
            {
                if (raw[i] is null) { num[i] = double.NaN; continue; }
                if (!TryParseNumber(raw[i]!, commaDecimal[c], out num[i])) { num = null; break; }
            }
            if (c == targetIdx && num is not null && !declared.Contains(c)) num = null; // the target is a label
            columns.Add(new TabularColumn(names[c], num is null ? ColumnKind.Categorical : ColumnKind.Numeric, raw, num));
        }

        if (targetIdx >= 0 && o.PositiveValue is not null)
        {
            var target = columns[targetIdx];
            if (!target.Raw.Any(v => v == o.PositiveValue))
            {
                var seen = target.Raw.Where(v => v is not null).Distinct().OrderBy(v => v, StringComparer.Ordinal).Take(20);
                throw new DataInputException(source, null, o.TargetColumn,
                    $"unknown positive value '{o.PositiveValue}' (values seen: {string.Join(", ", seen)})");
            }
        }

        return new TabularTable(source, delimiter, columns, [.. keep.Select(k => lines[k])], [.. keep.Select(k => dataRows[k])], quarantine);
    }

    /// <summary>Fewest numeric values for the typo rule to make a mixed column numeric.</summary>
    public const int MinNumericForTypoRule = 10;

    /// <summary>Share of non-missing values that must be numbers for the typo rule to make a mixed column numeric.</summary>
    public const double NumericShareForTypoRule = 0.9;

    private static bool IsBlank(RawRecord r) => r.Fields.Length == 1 && r.Fields[0].Trim().Length == 0;

    private static string Shorten(string v) => v.Length > 40 ? v[..40] + "…" : v;

    /// <summary>A ';'-separated column uses a decimal comma when some value has a comma, none has a dot, and all parse that way.</summary>
    private static bool UsesDecimalComma(List<string?[]> rows, int c)
    {
        var anyComma = false;
        foreach (var r in rows)
        {
            var v = r[c];
            if (v is null) continue;
            if (v.Contains('.')) return false;
            if (v.Contains(',')) anyComma = true;
        }
        if (!anyComma) return false;
        foreach (var r in rows)
        {
            var v = r[c];
            if (v is null) continue;
            if (v.Contains(',') && (v.Count(ch => ch == ',') > 1 || !TryParseInvariant(v.Replace(',', '.'), out _))) return false;
        }
        return true;
    }

    private static bool TryParseNumber(string s, bool commaDecimal, out double value) =>
        TryParseInvariant(commaDecimal ? s.Replace(',', '.') : s, out value);

    internal static bool TryParseInvariant(string s, out double value)
    {
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !double.IsInfinity(value) && !double.IsNaN(value))
            return true;
        value = double.NaN;
        return false;
    }
}
