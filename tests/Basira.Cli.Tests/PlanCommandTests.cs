using System.Text;
using System.Text.Json.Nodes;

namespace Basira.Cli.Tests;

/// <summary><c>basira edu plan</c> as a process: the worked example of METHOD.md, and bad scenarios (exit 2, nothing written).</summary>
public sealed class PlanCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("basira-plan-").FullName;

    private const string WorkedExample = """
        {"base_year": 2024, "years": 2, "cycles": [{"name": "c", "enrolment": [1000, 900, 800],
          "promotion": [0.85, 0.88, 0.90], "repetition": [0.10, 0.08, 0.06], "new_entrants": [1050, 1080],
          "ptr": 27, "max_class_size": 36}]}
        """;

    private string Write(string name, string content)
    {
        var p = Path.Combine(_dir, name);
        File.WriteAllText(p, content, new UTF8Encoding(false));
        return p;
    }

    [Fact]
    public void Worked_example_prints_the_documented_json()
    {
        var r = CliRunner.Run(_dir, "edu", "plan", "--scenario", Write("s.json", WorkedExample), "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var years = r.Json["years"]!.AsArray();
        Assert.Equal(2, years.Count);
        var y1 = years[0]!;
        Assert.Equal(2025, y1["year"]!.GetValue<int>());
        var c1 = y1["cycles"]![0]!;
        Assert.Equal("c", c1["name"]!.GetValue<string>());
        Assert.Equal("[1150,922,840]", c1["enrolment"]!.ToJsonString());
        Assert.Equal("2912", c1["total"]!.ToJsonString());
        Assert.Equal("720", c1["completers"]!.ToJsonString());
        Assert.Equal("[50,36,32]", c1["dropouts"]!.ToJsonString());
        var c2 = years[1]!["cycles"]![0]!;
        Assert.Equal(2026, years[1]!["year"]!.GetValue<int>());
        Assert.Equal("[1195,1051.26,861.76]", c2["enrolment"]!.ToJsonString());
        Assert.Equal("3108.02", c2["total"]!.ToJsonString());
        Assert.Equal("756", c2["completers"]!.ToJsonString());
        Assert.Equal(116, c2["teachers"]!.GetValue<int>());
        Assert.Equal("[34,30,24]", c2["classes"]!.ToJsonString());
        Assert.Equal("0", r.Json["checks"]!["identity_max_residual"]!.ToJsonString());
    }

    [Fact]
    public void Variants_are_printed_side_by_side_and_the_report_can_be_written_to_a_file()
    {
        var doc = JsonNode.Parse(WorkedExample)!.AsObject();
        doc["variants"] = new JsonArray(
            new JsonObject { ["name"] = "no_dropout", ["dropout_factor"] = 0 },
            new JsonObject { ["name"] = "small_classes", ["max_class_size"] = 25 });
        var outFile = Path.Combine(_dir, "out", "plan.json");
        var r = CliRunner.Run(_dir, "edu", "plan", "--scenario", Write("v.json", doc.ToJsonString()), "--out", outFile, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var variants = r.Json["variants"]!.AsArray();
        Assert.Equal(["no_dropout", "small_classes"], variants.Select(v => v!["name"]!.GetValue<string>()));
        // no dropout: promotion = 1 − repetition, so 0.94·800 = 752 completers; 2700 + 1050 − 752 = 2998 pupils in 2025
        Assert.Equal("2998", variants[0]!["years"]![0]!["cycles"]![0]!["total"]!.ToJsonString());
        // classes of 25 in 2026: ⌈1195/25⌉, ⌈1051.26/25⌉, ⌈861.76/25⌉
        Assert.Equal("[48,43,35]", variants[1]!["years"]![1]!["cycles"]![0]!["classes"]!.ToJsonString());
        Assert.Equal(r.Json.ToJsonString(), JsonNode.Parse(File.ReadAllText(outFile))!.ToJsonString());
    }

    public static TheoryData<string, string, string> BadScenarios => new()
    {
        { "rate outside [0, 1]", WorkedExample.Replace("0.88, 0.90]", "1.88, 0.90]", StringComparison.Ordinal), "field '$.cycles[0].promotion[1]': a rate must be in [0, 1], got 1.88" },
        { "promotion + repetition above 1", WorkedExample.Replace("[0.85, 0.88, 0.90]", "[0.95, 0.88, 0.90]", StringComparison.Ordinal), "field '$.cycles[0].repetition[0]': promotion + repetition of grade 1 is 1.05, above 1" },
        { "negative count", WorkedExample.Replace("[1000, 900, 800]", "[1000, -900, 800]", StringComparison.Ordinal), "field '$.cycles[0].enrolment[1]': a count cannot be negative, got -900" },
        { "target year before base year", WorkedExample.Replace("\"years\": 2,", "\"years\": 2, \"target_year\": 2019,", StringComparison.Ordinal), "field '$.target_year': the target year 2019 is before the base year 2024" },
        { "wrong array length", WorkedExample.Replace("[1050, 1080]", "[1050, 1080, 1100]", StringComparison.Ordinal), "field '$.cycles[0].new_entrants': expects 2 values (one per projected year), got 3" },
        { "broken JSON", WorkedExample.Replace("\"ptr\": 27,", "\"ptr\": 27,,", StringComparison.Ordinal), "line 3: not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(BadScenarios))]
    public void Bad_scenario_exits_2_naming_the_field_and_writes_nothing(string name, string json, string message)
    {
        var outFile = Path.Combine(_dir, "report.json");
        var r = CliRunner.Run(_dir, "edu", "plan", "--scenario", Write("bad.json", json), "--out", outFile, "--json");
        Assert.True(r.ExitCode == 2, $"{name}: exit {r.ExitCode}: {r.Stderr}");
        Assert.Contains(message, r.Stderr, StringComparison.Ordinal);
        Assert.StartsWith("basira edu plan: ", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
        Assert.False(File.Exists(outFile));
        Assert.False(File.Exists(outFile + ".tmp"));
    }

    [Fact]
    public void Missing_scenario_and_year_out_of_range_are_usage_errors()
    {
        var none = CliRunner.Run(_dir, "edu", "plan", "--json");
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("--scenario", none.Stderr, StringComparison.Ordinal);
        var year = CliRunner.Run(_dir, "edu", "plan", "--scenario", Write("s.json", WorkedExample), "--year", "2030");
        Assert.Equal(2, year.ExitCode);
        Assert.Contains("--year must be a projected year, 2025 to 2026, got 2030", year.Stderr, StringComparison.Ordinal);
        var missingFile = CliRunner.Run(_dir, "edu", "plan", "--scenario", Path.Combine(_dir, "nope.json"));
        Assert.Equal(2, missingFile.ExitCode);
        Assert.Contains("nope.json", missingFile.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void National_scenario_projects_75_provinces_allocates_and_can_be_written_out_and_read_back()
    {
        var written = Path.Combine(_dir, "national.json");
        var r = CliRunner.Run(_dir, "edu", "plan", "--national", "--allocate", "--write-scenario", written, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(75, r.Json["deficits"]!["by_province"]!.AsArray().Count);
        Assert.Equal(3, r.Json["variants"]!.AsArray().Count);
        Assert.NotEmpty(r.Json["sources"]!.AsArray());
        var a = r.Json["allocation"]!;
        Assert.Equal("optimal", a["status"]!.GetValue<string>());
        Assert.True(a["spent"]!.GetValue<decimal>() <= a["budget"]!.GetValue<decimal>());
        Assert.True(a["objective"]!.GetValue<decimal>() < a["objective_before"]!.GetValue<decimal>());
        // the written scenario is a plain scenario file: the same projection comes back from it
        var again = CliRunner.Run(_dir, "edu", "plan", "--scenario", written, "--json");
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal(r.Json["years"]!.ToJsonString(), again.Json["years"]!.ToJsonString());
    }

    [Fact]
    public void Allocation_without_costs_or_with_an_unknown_variant_is_a_usage_error()
    {
        var s = Write("s.json", WorkedExample);
        var none = CliRunner.Run(_dir, "edu", "plan", "--scenario", s, "--allocate");
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("'allocation' section", none.Stderr, StringComparison.Ordinal);
        var unknown = CliRunner.Run(_dir, "edu", "plan", "--national", "--variant", "nope");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("unknown variant 'nope'", unknown.Stderr, StringComparison.Ordinal);
        var both = CliRunner.Run(_dir, "edu", "plan", "--national", "--scenario", s);
        Assert.Equal(2, both.ExitCode);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
