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
    public void Every_option_in_a_usage_line_is_declared_by_its_command()
    {
        foreach (var c in CliApp.Commands)
        {
            var known = c.Options.Concat(CliApp.GlobalOptions).ToHashSet();
            foreach (Match m in OptionName().Matches(c.Usage + " " + c.Details))
                Assert.True(known.Contains(m.Groups[1].Value), $"basira {c.Name}: --{m.Groups[1].Value} is documented but not declared");
        }
    }

    [Fact]
    public void Every_option_documented_in_the_readme_benchmarks_and_bench_scripts_is_accepted()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Basira.slnx"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repo root not found");
        var checkedCommands = 0;
        foreach (var doc in new[] { "README.md", "BENCHMARKS.md" })
        {
            // join shell continuation lines, then read every "basira <command> --option …" invocation
            var text = File.ReadAllText(Path.Combine(root, doc)).Replace("\\\n", " ", StringComparison.Ordinal);
            foreach (var line in text.Split('\n'))
            {
                var at = line.IndexOf("basira ", StringComparison.Ordinal);
                if (at < 0) continue;
                var words = line[(at + 7)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var command = CliApp.Commands.Where(c => c.Name.Split(' ').SequenceEqual(words.Take(c.Name.Split(' ').Length)))
                    .OrderByDescending(c => c.Name.Length).FirstOrDefault();
                if (command is null) continue;
                checkedCommands++;
                AssertDeclared(command, line[(at + 7)..], doc);
            }
        }
        // bench/b1.sh runs only `edu evaluate` (options partly through the "common" array)
        var evaluate = CliApp.Commands.Single(c => c.Name == "edu evaluate");
        AssertDeclared(evaluate, File.ReadAllText(Path.Combine(root, "bench", "b1.sh")).Split("\ncommon=(", 2)[1], "bench/b1.sh");
        Assert.True(checkedCommands >= 10, $"only {checkedCommands} documented invocations found");
    }

    private static void AssertDeclared(ICliCommand command, string text, string where)
    {
        var known = command.Options.Concat(CliApp.GlobalOptions).ToHashSet();
        foreach (Match m in OptionName().Matches(text))
            Assert.True(known.Contains(m.Groups[1].Value), $"{where}: basira {command.Name} --{m.Groups[1].Value} would be refused");
    }

    [Fact]
    public void Edit_distance_counts_a_swap_as_one_edit()
    {
        Assert.Equal(1, CliArgs.EditDistance("protectd", "protected"));
        Assert.Equal(1, CliArgs.EditDistance("iteratons", "iterations"));
        Assert.Equal(1, CliArgs.EditDistance("fodls", "folds"));
        Assert.Equal(0, CliArgs.EditDistance("seed", "seed"));
    }

    [GeneratedRegex(@"(?<![\w-])--([a-z][a-z0-9-]*)")]
    private static partial Regex OptionName();

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
