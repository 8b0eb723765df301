using System.Text.RegularExpressions;

namespace Basira.Cli.Tests;

/// <summary>Every command declares the options it reads; misspelt or stray options are bad input, never ignored.</summary>
public sealed partial class CliOptionsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("basira-cli-opts-").FullName;

    [Fact]
    public void A_misspelt_option_is_bad_input_naming_it_and_the_closest_known_option()
    {
        var model = Path.Combine(_dir, "m.model");
        var evaluate = CliRunner.Run(_dir, "edu", "evaluate", "--data", "x.csv", "--target", "t", "--positive", "1", "--folds", "3",
            "--protectd", "sex", "--json");
        Assert.Equal(2, evaluate.ExitCode);
        Assert.Contains("unknown option --protectd; did you mean --protected?", evaluate.Stderr);
        Assert.Equal("", evaluate.Stdout);

        var train = CliRunner.Run(_dir, "edu", "train", "--data", "x.csv", "--target", "t", "--positive", "1", "--iteratons", "3", "--out", model);
        Assert.Equal(2, train.ExitCode);
        Assert.Contains("unknown option --iteratons; did you mean --iterations?", train.Stderr);
        Assert.False(File.Exists(model));

        var far = CliRunner.Run(_dir, "explain", "--model", model, "--data", "x.csv", "--colour", "red");
        Assert.Equal(2, far.ExitCode);
        Assert.Contains("unknown option --colour; known options:", far.Stderr);
        Assert.Contains("--rows", far.Stderr);
    }

    [Fact]
    public void An_option_without_its_value_or_a_stray_argument_is_bad_input()
    {
        var missing = CliRunner.Run(_dir, "edu", "train", "--data", "x.csv", "--target", "t", "--positive", "1", "--out", "m.model", "--iterations");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("option --iterations expects a value", missing.Stderr);

        var stray = CliRunner.Run(_dir, "audit", "fairness", "--data", "x.csv", "--label", "y", "--prediction", "p", "--group", "g", "--json", "extra");
        Assert.Equal(2, stray.ExitCode);
        Assert.Contains("unexpected argument 'extra'", stray.Stderr);
    }

    [Fact]
    public void Every_option_named_in_a_commands_help_is_one_of_its_options()
    {
        var leaves = CliApp.Leaves(CliApp.Root).ToList();
        Assert.Equal(["audit fairness", "audit verify", "bench explain", "bench minigrid", "demo", "edu evaluate", "edu train", "edu tune", "energy dispatch", "energy plan", "energy shed", "energy size", "explain", "serve"],
            leaves.Select(l => l.Name).Order(StringComparer.Ordinal));
        foreach (var (name, command) in leaves)
        {
            var known = CliApp.OptionNamesOf(command).ToHashSet();
            var text = command.Description + " " + string.Join(" ", CliApp.OptionsOf(command).Select(o => o.Description));
            foreach (Match m in OptionName().Matches(text))
                Assert.True(known.Contains("--" + m.Groups[1].Value), $"basira {name}: --{m.Groups[1].Value} is documented but not an option");
        }
    }

    [Fact]
    public void Every_option_documented_in_the_readme_benchmarks_and_bench_scripts_is_accepted()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Basira.slnx"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repo root not found");
        var leaves = CliApp.Leaves(CliApp.Root).ToList();
        var checkedCommands = 0;
        foreach (var doc in new[] { "README.md", "BENCHMARKS.md", "docs/cli.md" })
        {
            // join shell continuation lines, then read every "basira <command> --option …" invocation
            var text = File.ReadAllText(Path.Combine(root, doc)).Replace("\\\n", " ", StringComparison.Ordinal);
            foreach (var line in text.Split('\n'))
            {
                var at = line.IndexOf("basira ", StringComparison.Ordinal);
                if (at < 0) continue;
                var words = line[(at + 7)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var command = leaves.Where(c => c.Name.Split(' ').SequenceEqual(words.Take(c.Name.Split(' ').Length)))
                    .OrderByDescending(c => c.Name.Length).Select(c => c.Command).FirstOrDefault();
                if (command is null) continue;
                checkedCommands++;
                AssertDeclared(command, line[(at + 7)..], doc);
            }
        }
        // bench/b1.sh runs only `edu evaluate` (options partly through the "common" array)
        var evaluate = leaves.Single(c => c.Name == "edu evaluate").Command;
        AssertDeclared(evaluate, File.ReadAllText(Path.Combine(root, "bench", "b1.sh")).Split("\ncommon=(", 2)[1], "bench/b1.sh");
        Assert.True(checkedCommands >= 10, $"only {checkedCommands} documented invocations found");
    }

    private static void AssertDeclared(System.CommandLine.Command command, string text, string where)
    {
        var known = CliApp.OptionNamesOf(command).ToHashSet();
        foreach (Match m in OptionName().Matches(text))
            Assert.True(known.Contains("--" + m.Groups[1].Value), $"{where}: basira {command.Name} --{m.Groups[1].Value} would be refused");
    }

    [Fact]
    public void Edit_distance_counts_a_swap_as_one_edit()
    {
        Assert.Equal(1, CliParseErrors.EditDistance("protectd", "protected"));
        Assert.Equal(1, CliParseErrors.EditDistance("iteratons", "iterations"));
        Assert.Equal(1, CliParseErrors.EditDistance("fodls", "folds"));
        Assert.Equal(0, CliParseErrors.EditDistance("seed", "seed"));
    }

    [Fact]
    public void Help_of_every_command_exits_0_and_lists_each_of_its_options()
    {
        foreach (var (name, command) in CliApp.Leaves(CliApp.Root))
        {
            var r = CliRunner.Run(_dir, [.. name.Split(' '), "--help"]);
            Assert.True(r.ExitCode == 0, $"basira {name} --help: exit {r.ExitCode}: {r.Stderr}");
            Assert.Equal("", r.Stderr);
            Assert.Contains($"basira {name} ", r.Stdout); // the usage line (System.CommandLine words its headings in the system's language)
            Assert.Contains("--data-dir", r.Stdout);
            Assert.Contains("--json", r.Stdout);
            foreach (var option in command.Options)
                Assert.Matches($@"(?m)^\s+{Regex.Escape(option.Name)}( <[^>]+>)?( \(REQUIRED\))?\s{{2,}}\S", r.Stdout); // named, with its description
        }
        foreach (var group in new[] { "edu", "audit", "bench" })
        {
            var r = CliRunner.Run(_dir, group, "-h");
            Assert.Equal(0, r.ExitCode);
            Assert.Contains("Commands:", r.Stdout);
        }
        var helpWord = CliRunner.Run(_dir, "help", "audit", "fairness");
        Assert.Equal(0, helpWord.ExitCode);
        Assert.Contains("--positive <VALUE>", helpWord.Stdout);
        Assert.Contains("not_assessable", helpWord.Stdout); // the details of the command, not only its summary
    }

    [Theory]
    [InlineData("--iterations expects a whole number, got 'ten'", "edu", "train", "--data", "x.csv", "--target", "t", "--positive", "1", "--out", "m.model", "--iterations", "ten")]
    [InlineData("--leaves must be ≥ 2, got 1", "edu", "train", "--data", "x.csv", "--target", "t", "--positive", "1", "--out", "m.model", "--leaves", "1")]
    [InlineData("--learner expects lightgbm, fasttree or mixed, got 'xgboost'", "edu", "evaluate", "--data", "x.csv", "--target", "t", "--positive", "1", "--learner", "xgboost")]
    [InlineData("--threshold must be in (0, 1), got 1.5", "edu", "evaluate", "--data", "x.csv", "--target", "t", "--positive", "1", "--threshold", "1.5")]
    [InlineData("use either --folds-file or --folds, not both", "edu", "evaluate", "--data", "x.csv", "--target", "t", "--positive", "1", "--folds", "3", "--folds-file", "f.csv")]
    [InlineData("option --derive expects a value", "edu", "train", "--data", "x.csv", "--target", "t", "--positive", "1", "--out", "m.model", "--derive", "a=[b]/[c]", "--derive")]
    [InlineData("option --data expects a value", "audit", "fairness", "--data", "", "--label", "y", "--prediction", "p", "--group", "g")]
    [InlineData("missing required option --out", "edu", "train", "--data", "x.csv", "--target", "t", "--positive", "1")]
    [InlineData("missing required option --label", "audit", "fairness", "--data", "x.csv", "--prediction", "p", "--group", "g", "--json")]
    [InlineData("--expect-head expects SEQ:HASH", "audit", "verify", "--expect-head", "12:abc")]
    [InlineData("--pupils must be ≥ 100, got 5", "demo", "--pupils", "5", "--json")]
    [InlineData("unknown option --fodls; did you mean --folds?", "edu", "tune", "--data", "x.csv", "--fodls", "3")]
    [InlineData("unknown command 'edu trian'; did you mean 'edu train'?", "edu", "trian", "--data", "x.csv")]
    public void A_parse_error_exits_2_naming_the_option_and_runs_nothing(string expected, params string[] argv)
    {
        var r = CliRunner.Run(_dir, argv);
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.Stderr}");
        Assert.Contains(expected, r.Stderr);
        Assert.Contains("--help'", r.Stderr);
        Assert.Equal("", r.Stdout);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir)); // no model, no store, no data directory
    }

    [GeneratedRegex(@"(?<![\w-])--([a-z][a-z0-9-]*)")]
    private static partial Regex OptionName();

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
