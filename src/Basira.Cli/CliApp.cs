using System.Text.Json;
using Basira.Governance;

namespace Basira.Cli;

/// <summary>A command of the <c>basira</c> tool, found by its word path (e.g. "edu evaluate").</summary>
internal interface ICliCommand
{
    string Name { get; }
    string Summary { get; }
    string Usage { get; }

    /// <summary>
    /// Every option the command reads, without the leading dashes and besides <see cref="CliApp.GlobalOptions"/>. Any
    /// other option is bad input (exit 2), so that a misspelt option is never silently ignored.
    /// </summary>
    IReadOnlyCollection<string> Options { get; }

    /// <summary>Longer help shown by <c>--help</c> under the usage line (empty by default).</summary>
    string Details => "";

    Task<int> RunAsync(CliArgs args, CancellationToken ct);
}

internal static class CliApp
{
    public const int Ok = 0, Failure = 1, BadInput = 2;

    public static IReadOnlyList<ICliCommand> Commands { get; } = CommandRegistry.All();

    /// <summary>Options every command accepts.</summary>
    public static readonly IReadOnlyList<string> GlobalOptions = ["data-dir", "json", "help", "h"];

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new UndefinedAsNullConverter() },
    };

    /// <summary>Doubles for JSON output: an undefined value (NaN, ±∞) is written as null, never as the string "NaN".</summary>
    private sealed class UndefinedAsNullConverter : System.Text.Json.Serialization.JsonConverter<double>
    {
        public override bool HandleNull => false;

        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(value);
            else writer.WriteNullValue();
        }
    }

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
            args.Declare([.. GlobalOptions, .. command.Options]);
            if (args.Has("help") || args.Has("h"))
            {
                Console.Out.WriteLine($"usage: basira {command.Name} {command.Usage}\n{command.Summary}");
                if (command.Details.Length > 0) Console.Out.WriteLine(command.Details);
                return Ok;
            }
            args.EnsureAllKnown();
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
    private readonly List<string> _order = [];

    public IReadOnlyList<string> Positionals => _positionals;

    private static readonly HashSet<string> Flags = ["json", "help", "h", "demo", "no-linear"];

    private HashSet<string>? _declared;

    /// <summary>Sets the options the command may read (see <see cref="ICliCommand.Options"/>).</summary>
    public void Declare(IEnumerable<string> names) => _declared = new HashSet<string>(names, StringComparer.Ordinal);

    /// <summary>
    /// Bad input (exit 2) for an option the command does not declare, naming it and the closest declared one; for an
    /// option that needs a value and has none; and for a stray argument that belongs to no option.
    /// </summary>
    public void EnsureAllKnown()
    {
        var declared = _declared ?? throw new InvalidOperationException("Declare the known options first.");
        foreach (var name in _order)
        {
            if (declared.Contains(name)) continue;
            var shown = Dashes(name);
            var closest = declared.Where(d => d != "h")
                .Select(d => (Name: d, Distance: EditDistance(name, d)))
                .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal).First();
            var hint = closest.Distance <= Math.Max(2, name.Length / 3) || closest.Name.StartsWith(name, StringComparison.Ordinal) && name.Length >= 3
                ? $"; did you mean --{closest.Name}?"
                : $"; known options: {string.Join(' ', declared.Where(d => d != "h").Order(StringComparer.Ordinal).Select(d => "--" + d))}";
            throw new CliUsageException($"unknown option {shown}{hint}");
        }
        foreach (var (name, value) in _options)
            if (value is null && !Flags.Contains(name))
                throw new CliUsageException($"option {Dashes(name)} expects a value");
        if (_positionals.Count > 0)
            throw new CliUsageException($"unexpected argument '{_positionals[0]}' (every value follows its --option)");
    }

    private static string Dashes(string name) => name.Length == 1 ? "-" + name : "--" + name;

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

    /// <summary>A command reading an option it did not declare is a programming error (checked in Debug builds, i.e. by the tests).</summary>
    [System.Diagnostics.Conditional("DEBUG")]
    private void CheckDeclared(string name)
    {
        if (_declared is not null && !_declared.Contains(name))
            throw new InvalidOperationException($"the command reads --{name} but does not declare it in ICliCommand.Options");
    }

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
                if (!a._options.ContainsKey(name)) a._order.Add(name);
                a._options[name] = value;
                if (value is not null) a._repeated.Add((name, value));
            }
            else a._positionals.Add(t);
        }
        return a;
    }

    public bool Has(string name)
    {
        CheckDeclared(name);
        return _options.ContainsKey(name);
    }
    public bool Json => Has("json");
    public string DataDir => Get("data-dir") ?? Path.Combine(Environment.CurrentDirectory, "data");

    public string? Get(string name)
    {
        CheckDeclared(name);
        return _options.TryGetValue(name, out var v) ? v : null;
    }

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
    public IReadOnlyList<string> GetAll(string name)
    {
        CheckDeclared(name);
        return [.. _repeated.Where(o => o.Name == name).Select(o => o.Value)];
    }

    public IReadOnlyList<string> GetList(string name) =>
        Get(name) is { } v ? v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
}
