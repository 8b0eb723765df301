using System.Text.Json.Nodes;

namespace Basira.Cli.Tests;

/// <summary><c>basira demo --pupils N --seed S</c> loads a SYNTHETIC national population; <c>basira synth summary</c> reads it back.</summary>
public sealed class CliNationalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("basira-cli-nat-").FullName;

    [Fact]
    public void Demo_loads_a_national_population_that_synth_summary_reads_back()
    {
        var data = Path.Combine(_dir, "data");
        var demo = CliRunner.Run(_dir, "demo", "--data-dir", data, "--pupils", "3000", "--seed", "7", "--json");
        Assert.True(demo.ExitCode == 0, demo.Stderr);
        Assert.Equal(3000, demo.Json["national"]!["pupils"]!.GetValue<long>());
        Assert.Contains("SYNTHETIC", demo.Json["national"]!["notice"]!.GetValue<string>(), StringComparison.Ordinal);

        var r = CliRunner.Run(_dir, "synth", "summary", "--data-dir", data, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = r.Json.AsObject();
        Assert.Equal(["pupils", "schools", "rural_school_share", "girls_share", "rural_pupil_share", "dropouts", "by_cycle", "by_region"],
            j.Select(kv => kv.Key));
        Assert.Equal(3000, j["pupils"]!.GetValue<long>());
        Assert.Equal(["college", "lycee", "primary"], j["by_cycle"]!.AsObject().Select(kv => kv.Key).Order(StringComparer.Ordinal));
        Assert.All(j["by_cycle"]!.AsObject(), kv => Assert.Equal(["pupils", "dropout_rate"], kv.Value!.AsObject().Select(x => x.Key)));
        var regions = j["by_region"]!.AsArray();
        Assert.Equal(3000, regions.Sum(x => x!["pupils"]!.GetValue<long>()));
        Assert.All(regions, x => Assert.Equal(["key", "pupils", "dropout_rate"], x!.AsObject().Select(kv => kv.Key)));
        Assert.Contains(regions, x => x!["key"]!.GetValue<string>() == "MA-06");

        var text = CliRunner.Run(_dir, "synth", "summary", "--data-dir", data);
        Assert.StartsWith("SYNTHETIC", text.Stdout, StringComparison.Ordinal);

        // the same seed gives the same population
        var again = CliRunner.Run(_dir, "demo", "--data-dir", Path.Combine(_dir, "data2"), "--pupils", "3000", "--seed", "7", "--json");
        Assert.True(again.ExitCode == 0, again.Stderr);
        var r2 = CliRunner.Run(_dir, "synth", "summary", "--data-dir", Path.Combine(_dir, "data2"), "--json");
        Assert.Equal(r.Stdout, r2.Stdout);
    }

    [Fact]
    public void Synth_summary_without_data_is_bad_input()
    {
        var r = CliRunner.Run(_dir, "synth", "summary", "--data-dir", Path.Combine(_dir, "empty"), "--json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no national education data loaded", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
        Assert.False(Directory.Exists(Path.Combine(_dir, "empty")));
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); }
        catch (IOException) { }
    }
}
