namespace Basira.Cli.Tests;

/// <summary><c>basira energy plan</c> as a process: the long-term demand scenarios of the forecasting part feed the plan.</summary>
public sealed class EnergyPlanCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("basira-energy-plan-").FullName;

    private static double Installed2030(System.Text.Json.Nodes.JsonNode json) =>
        json["by_year"]!.AsArray().Single(y => (int)y!["year"]! == 2030)!["capacity_mw"]!.AsObject().Sum(kv => (double)kv.Value!);

    [Fact]
    public void A_faster_demand_scenario_builds_more_capacity_and_still_meets_the_target_and_all_demand()
    {
        var measured = CliRunner.Run(_dir, "energy", "plan", "--demand", "measured", "--json");
        var digital = CliRunner.Run(_dir, "energy", "plan", "--demand", "digital_strategy", "--json");
        Assert.True(measured.ExitCode == 0, measured.Stderr);
        Assert.True(digital.ExitCode == 0, digital.Stderr);
        Assert.True(Installed2030(digital.Json) > 1.5 * Installed2030(measured.Json), $"{Installed2030(digital.Json)} vs {Installed2030(measured.Json)}");
        foreach (var plan in new[] { measured.Json, digital.Json })
        {
            var y2030 = plan["by_year"]!.AsArray().Single(y => (int)y!["year"]! == 2030)!;
            Assert.True((double)y2030["renewable_capacity_share"]! >= 0.52 - 1e-9);
            Assert.All(plan["by_year"]!.AsArray(), y => Assert.True((double)y!["unserved_twh"]! < 1e-6));
        }
    }

    [Fact]
    public void An_unknown_demand_scenario_or_two_growth_settings_are_refused()
    {
        var unknown = CliRunner.Run(_dir, "energy", "plan", "--demand", "boom", "--json");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("digital_strategy", unknown.Stderr);
        var both = CliRunner.Run(_dir, "energy", "plan", "--demand", "measured", "--growth", "0.1", "--json");
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("--growth", both.Stderr);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
