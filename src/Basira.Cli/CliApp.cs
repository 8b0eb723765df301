using System.CommandLine;
using System.CommandLine.Help;
using System.Text.Json;
using Basira.Governance;

namespace Basira.Cli;

/// <summary>
/// The <c>basira</c> tool: a System.CommandLine command tree (one <see cref="Command"/> per module area, listed in
/// <see cref="CommandRegistry"/>), the exit codes and the JSON contract.
/// </summary>
internal static class CliApp
{
    public const int Ok = 0, Failure = 1, BadInput = 2;

    /// <summary><c>--data-dir DIR</c>, accepted by every command (default <c>./data</c>).</summary>
    public static readonly Option<string> DataDirOption = new("--data-dir")
    {
        Description = "data directory: SQLite store, model files, keys (default ./data)",
        HelpName = "DIR",
        Recursive = true,
    };

    /// <summary><c>--json</c>, accepted by every command: only JSON on standard output, progress and logs on standard error.</summary>
    public static readonly Option<bool> JsonOption = new("--json")
    {
        Description = "machine output: only JSON on standard output (progress and logs stay on standard error)",
        Recursive = true,
    };

    public const string Description = """
        basira — sovereign, accountable AI for public policy (Morocco)
        Every command takes --data-dir DIR (default ./data) and --json (only JSON on standard output).
        Exit codes: 0 ok, 1 failure, 2 bad input (the message names the file, line and field, or the option).
        """;

    /// <summary>The whole command tree (built once: parsing never changes it).</summary>
    public static RootCommand Root => LazyRoot.Value;

    private static readonly Lazy<RootCommand> LazyRoot = new(BuildRoot);

    private static RootCommand BuildRoot()
    {
        var root = new RootCommand(Description) { DataDirOption, JsonOption };
        foreach (var command in CommandRegistry.All()) root.Subcommands.Add(command);
        return root;
    }

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

    /// <summary>
    /// Parses <paramref name="argv"/> and runs the command. A parse error (unknown command or option, an option without
    /// its value, a stray argument, a value the option refuses) is bad input: exit 2, one message on standard error that
    /// names the option, nothing on standard output.
    /// </summary>
    public static async Task<int> RunAsync(string[] argv, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        if (argv.Length == 0) argv = ["--help"];
        else if (argv[0] == "help") argv = [.. argv[1..], "--help"];

        var parsed = Root.Parse(argv, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Errors.Count > 0 && parsed.Action is not { ClearsParseErrors: true })
        {
            var (command, message) = CliParseErrors.Describe(parsed);
            error.WriteLine($"basira{(command.Length == 0 ? "" : " " + command)}: {message}");
            error.WriteLine($"see 'basira{(command.Length == 0 ? "" : " " + command)} --help'");
            return BadInput;
        }
        return await parsed.InvokeAsync(new InvocationConfiguration
        {
            Output = output,
            Error = error,
            // every action maps its own exceptions to the exit codes (see SetAction)
            EnableDefaultExceptionHandler = false,
            // Ctrl+C cancels the action's token; `serve` needs a few seconds to stop gracefully
            ProcessTerminationTimeout = TimeSpan.FromSeconds(10),
        });
    }

    /// <summary>
    /// Sets the action of <paramref name="command"/>: bad data (<see cref="DataInputException"/>) and bad option values
    /// (<see cref="CliUsageException"/>) exit 2, cancellation and any other failure exit 1, each with one line on
    /// standard error that starts with the command's name.
    /// </summary>
    public static void SetAction(Command command, Func<ParseResult, CancellationToken, Task<int>> run) =>
        command.SetAction(async (parsed, ct) =>
        {
            var name = CliParseErrors.CommandPath(parsed.CommandResult);
            try
            {
                return await run(parsed, ct);
            }
            catch (DataInputException ex)
            {
                Console.Error.WriteLine($"basira {name}: {ex.Message}");
                return BadInput;
            }
            catch (AggregateException ex) when (ex.Flatten().InnerExceptions.OfType<DataInputException>().FirstOrDefault() is { } inner)
            {
                Console.Error.WriteLine($"basira {name}: {inner.Message}");
                return BadInput;
            }
            catch (CliUsageException ex)
            {
                Console.Error.WriteLine($"basira {name}: {ex.Message}\nsee 'basira {name} --help'");
                return BadInput;
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine($"basira {name}: cancelled");
                return Failure;
            }
            catch (Exception ex)
            {
                Console.Error.WriteLine($"basira {name}: failed: {ex.GetType().Name}: {ex.Message}");
                return Failure;
            }
        });

    /// <summary>Same as <see cref="SetAction(Command, Func{ParseResult, CancellationToken, Task{int}})"/> for synchronous work.</summary>
    public static void SetAction(Command command, Func<ParseResult, CancellationToken, int> run) =>
        SetAction(command, (parsed, ct) => Task.FromResult(run(parsed, ct)));

    public static bool IsJson(this ParseResult parsed) => parsed.GetValue(JsonOption);

    public static string DataDir(this ParseResult parsed) =>
        parsed.GetValue(DataDirOption) is { Length: > 0 } dir ? dir : Path.Combine(Environment.CurrentDirectory, "data");

    /// <summary>Writes a JSON document on standard output (and nothing else there).</summary>
    public static void WriteJson<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Json));

    /// <summary>Every command that runs something (a leaf of the tree), with its full name ("edu evaluate").</summary>
    public static IEnumerable<(string Name, Command Command)> Leaves(Command parent, string prefix = "")
    {
        foreach (var c in parent.Subcommands)
        {
            var name = prefix.Length == 0 ? c.Name : prefix + " " + c.Name;
            if (c.Action is not null) yield return (name, c);
            foreach (var leaf in Leaves(c, name)) yield return leaf;
        }
    }

    /// <summary>
    /// Every option name and alias <paramref name="command"/> accepts: its own options and the recursive options of
    /// its ancestors (<c>--data-dir</c>, <c>--json</c>, <c>--help</c>).
    /// </summary>
    public static IReadOnlyList<Option> OptionsOf(Command command)
    {
        var list = new List<Option>(command.Options);
        for (var p = command.Parents.OfType<Command>().FirstOrDefault(); p is not null; p = p.Parents.OfType<Command>().FirstOrDefault())
            list.AddRange(p.Options.Where(o => o.Recursive && !list.Contains(o)));
        return list;
    }

    /// <summary>The long names (with dashes) of <see cref="OptionsOf"/>, help as <c>--help</c> only.</summary>
    public static IReadOnlyList<string> OptionNamesOf(Command command) =>
        [.. OptionsOf(command).Select(o => o is HelpOption ? "--help" : o.Name).Distinct().Order(StringComparer.Ordinal)];
}

/// <summary>A value the command refuses (exit 2): a bad option value or a combination of options that cannot go together.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
