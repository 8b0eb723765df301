using System.Globalization;
using System.Text;
using Basira.Governance;

namespace Basira.Energy.Forecasting;

/// <summary>
/// Reads an hourly series from CSV: a header line, a timestamp column (named <c>date</c>, <c>time</c>, <c>timestamp</c>
/// or <c>datetime</c>, else the first column) and numeric columns. Delimiter <c>,</c> or <c>;</c> (detected from the
/// header), RFC-4180 quotes, UTF-8 with or without BOM, decimal point. Every problem names the file, the 1-based line
/// (header = line 1) and the field: a cell that is not a number, a timestamp that does not parse, a ragged row.
/// Empty cells are read as missing (NaN); what happens to them, and to gaps, duplicates and DST jumps, is decided by
/// <c>SeriesRepair</c>.
/// </summary>
public static class SeriesCsv
{
    private static readonly string[] TimeNames = ["date", "time", "timestamp", "datetime", "date_time", "hour"];

    /// <summary>Tokens read as a missing value (case-insensitive), besides the empty cell.</summary>
    public static readonly IReadOnlySet<string> MissingTokens =
        new HashSet<string>(["NA", "NaN", "null", "N/A"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads <paramref name="path"/>; throws <see cref="DataInputException"/> on a structural or cell problem.</summary>
    public static SeriesFrame Read(string path)
    {
        if (!File.Exists(path)) throw new DataInputException(path, null, null, "file not found");
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, path);
    }

    /// <summary>Reads CSV text from <paramref name="reader"/>; <paramref name="source"/> names it in messages.</summary>
    public static SeriesFrame Read(TextReader reader, string source)
    {
        var header = reader.ReadLine();
        if (header is null || header.Trim().Length == 0) throw new DataInputException(source, 1, null, "empty file: a header line is expected");
        var delimiter = header.Count(c => c == ';') > header.Count(c => c == ',') ? ';' : ',';
        var names = Split(header, delimiter, source, 1).Select(n => n.Trim()).ToArray();
        if (names.Length < 2) throw new DataInputException(source, 1, null, "expected a timestamp column and at least one value column, separated by ',' or ';'");
        var dup = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new DataInputException(source, 1, dup.Key, "duplicate column name");
        if (names.Any(n => n.Length == 0)) throw new DataInputException(source, 1, null, "empty column name");
        var timeCol = Array.FindIndex(names, n => TimeNames.Contains(n, StringComparer.OrdinalIgnoreCase));
        if (timeCol < 0) timeCol = 0;

        var valueCols = Enumerable.Range(0, names.Length).Where(c => c != timeCol).ToArray();
        var times = new List<DateTime>();
        var lines = new List<long>();
        var columns = valueCols.Select(_ => new List<double>()).ToArray();
        long line = 1;
        string? text;
        while ((text = reader.ReadLine()) is not null)
        {
            line++;
            if (text.Trim().Length == 0) continue;
            var cells = Split(text, delimiter, source, line);
            if (cells.Count != names.Length)
                throw new DataInputException(source, line, null, $"{cells.Count} fields where the header has {names.Length}");
            times.Add(ParseTime(cells[timeCol], source, line, names[timeCol]));
            lines.Add(line);
            for (var k = 0; k < valueCols.Length; k++)
                columns[k].Add(ParseValue(cells[valueCols[k]], source, line, names[valueCols[k]]));
        }
        if (times.Count == 0) throw new DataInputException(source, null, null, "no data rows");
        return new SeriesFrame(source, [.. times], [.. valueCols.Select(c => names[c])], [.. columns.Select(c => c.ToArray())], [.. lines]);
    }

    /// <summary>
    /// Parses a timestamp: ISO-8601 date and time (<c>2018-06-26 19:00:00</c>, <c>2018-06-26T19:00</c>), with an
    /// optional offset (<c>Z</c>, <c>+01:00</c>); with an offset the result is UTC, without it the clock time as written.
    /// </summary>
    public static DateTime ParseTime(string cell, string source, long line, string field)
    {
        var s = cell.Trim();
        if (s.Length == 0) throw new DataInputException(source, line, field, "missing timestamp");
        var hasOffset = s.EndsWith('Z') || s.EndsWith('z') || (s.Length > 6 && (s[^6] == '+' || s[^6] == '-') && s[^3] == ':');
        if (hasOffset && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dto))
            return dto.UtcDateTime;
        if (!hasOffset && DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var dt)
            && s.Length >= 10 && s[4] == '-')
            return DateTime.SpecifyKind(dt, DateTimeKind.Unspecified);
        throw new DataInputException(source, line, field, $"'{Clip(s)}' is not a timestamp (expected yyyy-MM-dd HH:mm[:ss], optionally with an offset)");
    }

    private static double ParseValue(string cell, string source, long line, string field)
    {
        var s = cell.Trim();
        if (s.Length == 0 || MissingTokens.Contains(s)) return double.NaN;
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)) return v;
        var hint = s.Contains(',') && double.TryParse(s.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? " (decimal comma? use a decimal point)" : "";
        throw new DataInputException(source, line, field, $"'{Clip(s)}' is not a number{hint}");
    }

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private static List<string> Split(string line, char delimiter, string source, long lineNo)
    {
        var cells = new List<string>();
        var sb = new StringBuilder();
        var inQuotes = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                    else inQuotes = false;
                }
                else sb.Append(c);
            }
            else if (c == '"') inQuotes = true;
            else if (c == delimiter) { cells.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(c);
        }
        if (inQuotes) throw new DataInputException(source, lineNo, null, "unterminated quoted field");
        cells.Add(sb.ToString());
        return cells;
    }
}
