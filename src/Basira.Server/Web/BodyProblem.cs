using System.Text.Json;
using System.Text.RegularExpressions;

namespace Basira.Server.Web;

/// <summary>
/// The 400 answer to a request body that cannot be read: broken JSON, a value of the wrong type, a null where none is
/// allowed, a missing required field. It names the field as a JSON path (<c>$.grounds</c>), the line and position,
/// and the problem, and never repeats the submitted value.
/// </summary>
public sealed partial record BodyProblem(int Status, string Title, string Detail, IDictionary<string, object?>? Extensions)
{
    /// <summary>The answer to <paramref name="ex"/> when it is a request the framework could not bind; null otherwise.</summary>
    public static BodyProblem? From(Exception? ex)
    {
        if (ex is not BadHttpRequestException bad) return null;
        JsonException? json = null;
        for (var e = bad.InnerException; e is not null && json is null; e = e.InnerException) json = e as JsonException;
        if (json is null)
            return new BodyProblem(bad.StatusCode, "Bad request", bad.Message, null);

        var path = string.IsNullOrEmpty(json.Path) ? "$" : json.Path;
        string problem;
        var missing = MissingRequired().Match(json.Message);
        if (missing.Success)
        {
            var names = Quoted().Matches(missing.Groups[1].Value).Select(m => m.Groups[1].Value).ToList();
            path = names.Count > 0 ? $"{path}.{names[0]}" : path;
            problem = $"required field{(names.Count > 1 ? "s" : "")} missing: {string.Join(", ", names)}";
        }
        else if (json.InnerException is JsonException || json.Message.Contains("invalid", StringComparison.OrdinalIgnoreCase)
            || json.Message.Contains("expected", StringComparison.OrdinalIgnoreCase))
            problem = "the body is not valid JSON";
        else if (json.Message.Contains("null", StringComparison.OrdinalIgnoreCase))
            problem = "null is not allowed here";
        else
            problem = "the value has the wrong type";
        var where = json.LineNumber is { } line ? $" (line {line + 1}, position {(json.BytePositionInLine ?? 0) + 1})" : "";
        var extensions = new Dictionary<string, object?> { ["field"] = path, ["problem"] = problem };
        if (json.LineNumber is { } l) { extensions["line"] = l + 1; extensions["position"] = (json.BytePositionInLine ?? 0) + 1; }
        return new BodyProblem(400, "Invalid JSON body", $"{path}: {problem}{where}.", extensions);
    }

    [GeneratedRegex(@"missing required properties including: (.*)$", RegexOptions.Singleline)]
    private static partial Regex MissingRequired();

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex Quoted();
}
