namespace Basira.Governance;

/// <summary>
/// Bad input from a user or a file. Hosts map it to exit code 2 (CLI) or a 400 problem (API).
/// The message names the file, the 1-based line (header = line 1) and the field where known.
/// </summary>
public sealed class DataInputException : Exception
{
    public DataInputException(string message) : base(message) { }

    public DataInputException(string message, Exception inner) : base(message, inner) { }

    public DataInputException(string? file, long? line, string? field, string problem)
        : this(file, line, field, problem, null)
    {
    }

    public DataInputException(string? file, long? line, string? field, string problem, Exception? inner)
        : base(Format(file, line, field, problem), inner)
    {
        File = file;
        Line = line;
        Field = field;
        Problem = problem;
    }

    public string? File { get; }
    public long? Line { get; }
    public string? Field { get; }
    public string? Problem { get; }

    private static string Format(string? file, long? line, string? field, string problem)
    {
        var parts = new List<string>();
        if (file is not null) parts.Add(file);
        if (line is not null) parts.Add($"line {line}");
        if (field is not null) parts.Add($"field '{field}'");
        return parts.Count == 0 ? problem : $"{string.Join(", ", parts)}: {problem}";
    }
}
