using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Basira.Cli;

/// <summary>
/// Factories of the options commands use, so that every command refuses a bad value the same way: a parse error
/// (exit 2) naming the option and the value, e.g. "--iterations expects a whole number, got 'ten'".
/// </summary>
internal static class CliOptions
{
    /// <summary>A text value (<c>--data FILE</c>); an empty value is refused.</summary>
    public static Option<string> Text(string name, string helpName, string description, bool required = false) => new(name)
    {
        Description = description,
        HelpName = helpName,
        Required = required,
        CustomParser = r => Single(r) is { Length: > 0 } v ? v : Refuse<string>(r, $"option {name} expects a value"),
    };

    /// <summary>A comma-separated list (<c>--drop COL,COL</c>), blanks trimmed and empty items dropped.</summary>
    public static Option<string[]> List(string name, string helpName, string description, bool required = false) => new(name)
    {
        Description = description,
        HelpName = helpName,
        Required = required,
        Arity = ArgumentArity.ExactlyOne,
        CustomParser = r =>
        {
            var items = (Single(r) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return items.Length > 0 ? items : Refuse<string[]>(r, $"option {name} expects a value");
        },
    };

    /// <summary>A text option that may be given several times (<c>--derive A --derive B</c>), in command-line order.</summary>
    public static Option<string[]> Repeated(string name, string helpName, string description)
    {
        var option = new Option<string[]>(name)
        {
            Description = description,
            HelpName = helpName,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        // "--derive A --derive" gathers one value for two occurrences: the last one has none
        option.Validators.Add(r =>
        {
            if (r.IdentifierTokenCount > r.Tokens.Count) r.AddError($"option {name} expects a value");
        });
        return option;
    }

    /// <summary>A whole number, at least <paramref name="min"/> when given.</summary>
    public static Option<int?> Int(string name, string helpName, string description, int? min = null) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = r =>
        {
            if (Single(r) is not { } v) return null; // no value: System.CommandLine reports it
            if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
                return Refuse<int?>(r, $"{name} expects a whole number, got '{v}'");
            return n < min ? Refuse<int?>(r, $"{name} must be ≥ {min}, got {n}") : n;
        },
    };

    /// <summary>A finite number that satisfies <paramref name="valid"/> (described by <paramref name="rule"/>, e.g. "in (0, 1)").</summary>
    public static Option<double?> Number(string name, string helpName, string description, Func<double, bool>? valid = null, string? rule = null) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = r =>
        {
            if (Single(r) is not { } v) return null;
            if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
                return Refuse<double?>(r, $"{name} expects a number, got '{v}'");
            return valid is null || valid(d) ? d : Refuse<double?>(r, $"{name} must be {rule}, got {v}");
        },
    };

    /// <summary>One of <paramref name="values"/> (the first is the default), compared without case when <paramref name="ignoreCase"/>.</summary>
    public static Option<string> Choice(string name, string description, string[] values, bool ignoreCase = false) => new(name)
    {
        Description = description,
        HelpName = string.Join('|', values),
        DefaultValueFactory = _ => values[0],
        CustomParser = r =>
        {
            if (Single(r) is not { } v) return values[0];
            var key = ignoreCase ? v.ToLowerInvariant() : v;
            return values.Contains(key, StringComparer.Ordinal) ? key
                : Refuse<string>(r, $"{name} expects {string.Join(", ", values[..^1])} or {values[^1]}, got '{v}'");
        },
    };

    /// <summary>A flag (<c>--no-linear</c>): present or not.</summary>
    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    private static string? Single(ArgumentResult r) => r.Tokens.Count > 0 ? r.Tokens[^1].Value : null;

    private static T Refuse<T>(ArgumentResult r, string message)
    {
        r.AddError(message);
        return default!;
    }
}
