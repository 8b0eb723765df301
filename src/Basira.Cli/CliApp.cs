using System.Text.Json;
using Basira.Governance;

namespace Basira.Cli;

/// <summary>A command of the <c>basira</c> tool, found by its word path (e.g. "edu evaluate").</summary>
internal interface ICliCommand
{
    string Name { get; }
    string Summary { get; }
    string Usage { get; }

    /// <summary>Longer help shown by <c>--help</c> under the usage line (empty by default).</summary>
    string Details => "";

    Task<int> RunAsync(CliArgs args, CancellationToken ct);
}

internal static class CliApp
{
    public const int Ok = 0, Failure = 1, BadInput = 2;

    public static IReadOnlyList<ICliCommand> Commands { get; } = CommandRegistry.All();

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static async Task<int> RunAsync(string[] argv)
    {
        var (command, rest) = Find(argv);
        if (command is null)
        {
            if (argv.Length > 0 && argv[0] is not ("-h" or "--help" or "help"))
            {
                Console.Error.WriteLine($"basira: unknown command '{string.Join(' ', argv.TakeWhile(a => !a.StartsWith('-')))}'");
                PrintHelp(Console.Error);
                return BadInput;
            }
            PrintHelp(Console.Out);
            return Ok;
        }
        try
        {
            var args = CliArgs.Parse(rest);
            if (args.Has("help") || args.Has("h"))
            {
                Console.Out.WriteLine($"usage: basira {command.Name} {command.Usage}\n{command.Summary}");
                if (command.Details.Length > 0) Console.Out.WriteLine(command.Details);
                return Ok;
            }
            using var cts = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
            return await command.RunAsync(args, cts.Token);
        }
        catch (DataInputException ex)
        {
            Console.Error.WriteLine($"basira {command.Name}: {ex.Message}");
            return BadInput;
        }
        catch (AggregateException ex) when (ex.Flatten().InnerExceptions.OfType<DataInputException>().FirstOrDefault() is { } inner)
        {
            Console.Error.WriteLine($"basira {command.Name}: {inner.Message}");
            return BadInput;
        }
        catch (CliUsageException ex)
        {
            Console.Error.WriteLine($"basira {command.Name}: {ex.Message}\nusage: basira {command.Name} {command.Usage}");
            return BadInput;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"basira {command.Name}: cancelled");
            return Failure;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"basira {command.Name}: failed: {ex.GetType().Name}: {ex.Message}");
            return Failure;
        }
    }

    private static (ICliCommand?, string[]) Find(string[] argv)
    {
        ICliCommand? best = null;
        var bestWords = 0;
        foreach (var c in Commands)
        {
            var words = c.Name.Split(' ');
            if (words.Length <= argv.Length && words.Length > bestWords && words.SequenceEqual(argv.Take(words.Length)))
            {
                best = c;
                bestWords = words.Length;
            }
        }
        return (best, argv.Skip(bestWords).ToArray());
    }

    private static void PrintHelp(TextWriter w)
    {
        w.WriteLine("basira — sovereign, accountable AI for public policy (Morocco)");
        w.WriteLine("usage: basira <command> [options]   (every command takes --data-dir DIR, default ./data; --json for machine output)");
        foreach (var c in Commands.OrderBy(c => c.Name, StringComparer.Ordinal))
            w.WriteLine($"  {c.Name,-22} {c.Summary}");
        w.WriteLine("exit codes: 0 ok, 1 failure, 2 bad input");
    }

    /// <summary>Writes a JSON document on standard output (and nothing else there).</summary>
    public static void WriteJson<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Json));
}

internal sealed class CliUsageException(string message) : Exception(message);

/// <summary>Parsed options: <c>--name value</c>, <c>--name=value</c> and bare flags.</summary>
internal sealed class CliArgs
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly List<string> _positionals = [];
    private readonly List<(string Name, string Value)> _repeated = [];

    public IReadOnlyList<string> Positionals => _positionals;

    private static readonly HashSet<string> Flags = ["json", "help", "h", "demo", "no-linear"];

    public static CliArgs Parse(IReadOnlyList<string> argv)
    {
        var a = new CliArgs();
        for (var i = 0; i < argv.Count; i++)
        {
            var t = argv[i];
            if (t.StartsWith("--", StringComparison.Ordinal) || (t.Length == 2 && t[0] == '-' && char.IsLetter(t[1])))
            {
                var name = t.TrimStart('-');
                string? value = null;
                var eq = name.IndexOf('=');
                if (eq >= 0) { value = name[(eq + 1)..]; name = name[..eq]; }
                else if (!Flags.Contains(name) && i + 1 < argv.Count && !(argv[i + 1].StartsWith("--", StringComparison.Ordinal)))
                    value = argv[++i];
                a._options[name] = value;
                if (value is not null) a._repeated.Add((name, value));
            }
            else a._positionals.Add(t);
        }
        return a;
    }

    public bool Has(string name) => _options.ContainsKey(name);
    public bool Json => Has("json");
    public string DataDir => Get("data-dir") ?? Path.Combine(Environment.CurrentDirectory, "data");

    public string? Get(string name) => _options.TryGetValue(name, out var v) ? v : null;

    public string Require(string name) =>
        Get(name) is { Length: > 0 } v ? v : throw new CliUsageException($"missing required option --{name}");

    public int GetInt(string name, int fallback)
    {
        var v = Get(name);
        if (v is null) return fallback;
        return int.TryParse(v, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n : throw new CliUsageException($"--{name} expects a whole number, got '{v}'");
    }

    /// <summary>Every value of a repeatable option, in command-line order.</summary>
    public IReadOnlyList<string> GetAll(string name) => [.. _repeated.Where(o => o.Name == name).Select(o => o.Value)];

    public IReadOnlyList<string> GetList(string name) =>
        Get(name) is { } v ? v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
}
