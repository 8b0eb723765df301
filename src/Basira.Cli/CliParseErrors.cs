using System.CommandLine;
using System.CommandLine.Parsing;

namespace Basira.Cli;

/// <summary>
/// One message for a command line System.CommandLine could not parse, in the order a user fixes them: an unknown command,
/// an unknown option (with the closest known option: "did you mean --protected?"), an option without its value, a stray
/// argument, a missing required option, then the first value an option refused.
/// </summary>
internal static class CliParseErrors
{
    /// <summary>The command's words ("edu evaluate"; empty for the root) and the message.</summary>
    public static (string Command, string Message) Describe(ParseResult parsed)
    {
        var result = parsed.CommandResult;
        var command = result.Command;
        var path = CommandPath(result);
        var unmatched = parsed.UnmatchedTokens;

        if (command.Subcommands.Count > 0 && command.Action is null)
        {
            var names = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).Order(StringComparer.Ordinal).ToList();
            if (unmatched.FirstOrDefault(t => !LooksLikeOption(t)) is { } word)
            {
                var closest = Closest(word, names);
                return (path, $"unknown command '{(path + " " + word).Trim()}'" +
                    (closest is null ? $"; commands: {string.Join(", ", names)}" : $"; did you mean '{(path + " " + closest).Trim()}'?"));
            }
            if (unmatched.Count == 0) return (path, $"missing command after '{("basira " + path).Trim()}': one of {string.Join(", ", names)}");
        }

        if (unmatched.FirstOrDefault(LooksLikeOption) is { } unknown)
        {
            var name = unknown.Split('=', 2)[0];
            var known = CliApp.OptionNamesOf(command);
            var closest = Closest(name.TrimStart('-'), known.Select(k => k.TrimStart('-')));
            return (path, $"unknown option {name}" + (closest is null ? $"; known options: {string.Join(' ', known)}" : $"; did you mean --{closest}?"));
        }

        foreach (var option in CliApp.OptionsOf(command))
            if (option.Arity.MinimumNumberOfValues > 0 && parsed.GetResult(option) is OptionResult { Implicit: false, Tokens.Count: 0 } given)
                return (path, $"option {given.IdentifierToken?.Value ?? option.Name} expects a value");

        if (unmatched.Count > 0) return (path, $"unexpected argument '{unmatched[0]}' (every value follows its --option)");

        foreach (var option in CliApp.OptionsOf(command))
            if (option.Required && parsed.GetResult(option) is null or OptionResult { Implicit: true })
                return (path, $"missing required option {option.Name}");

        return (path, parsed.Errors[0].Message);
    }

    /// <summary>The words of a command below the root, e.g. "audit fairness".</summary>
    public static string CommandPath(CommandResult result)
    {
        var words = new List<string>();
        for (var r = result; r.Parent is CommandResult parent; r = parent) words.Insert(0, r.Command.Name);
        return string.Join(' ', words);
    }

    private static bool LooksLikeOption(string token) =>
        token.Length > 1 && token[0] == '-' && (char.IsLetter(token[1]) || token.Length > 2 && token[1] == '-' && char.IsLetter(token[2]));

    /// <summary>The closest name when it is close enough to be a typo (or <paramref name="typed"/> starts it), else null.</summary>
    private static string? Closest(string typed, IEnumerable<string> names)
    {
        var best = names.Select(n => (Name: n, Distance: EditDistance(typed, n)))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault();
        if (best.Name is null) return null;
        return best.Distance <= Math.Max(2, typed.Length / 3) || (typed.Length >= 3 && best.Name.StartsWith(typed, StringComparison.Ordinal))
            ? best.Name : null;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of two neighbours.</summary>
    internal static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
