using System.Globalization;
using System.Text;

namespace Basira.Cli.Tests;

/// <summary><c>basira energy backtest</c> run as a process on small generated files.</summary>
public sealed class EnergyForecastCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("basira-cli-energy-").FullName;

    private string Write(string name, int rows, Func<int, string?>? override_ = null)
    {
        var sb = new StringBuilder("date,load,temp\n");
        var t0 = new DateTime(2024, 1, 1);
        for (var i = 0; i < rows; i++)
        {
            var load = 100 + 20 * Math.Sin(2 * Math.PI * i / 24);
            sb.Append(override_?.Invoke(i) ?? string.Create(CultureInfo.InvariantCulture, $"{t0.AddHours(i):yyyy-MM-dd HH:mm:ss},{load:F3},{15 + (i % 24) * 0.2:F2}")).Append('\n');
        }
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    [Fact]
    public void Backtest_prints_the_protocol_figures_as_json()
    {
        var data = Write("load.csv", 480);
        var r = CliRunner.Run(_dir, "energy", "backtest", "--data", data, "--target", "load", "--lookback", "48", "--horizon", "24",
            "--split", "240,360,480", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var json = r.Json;
        Assert.Equal(120 - 24 + 1, (int)json["windows"]!);
        Assert.Equal(48, (int)json["lookback"]!);
        Assert.True((double)json["mse"]! < 1e-3);
        Assert.True((double)json["mae"]! >= 0);

        var all = CliRunner.Run(_dir, "energy", "backtest", "--data", data, "--all", "--horizon", "24", "--split", "240,360,480", "--json");
        Assert.True(all.ExitCode == 0, all.Stderr);
        Assert.Equal(2, all.Json["channels"]!.AsArray().Count);
        Assert.Contains("validation mse", all.Stderr); // the choices made on validation windows are logged
    }

    [Fact]
    public void A_non_numeric_cell_is_bad_input_naming_file_line_and_field()
    {
        var data = Write("bad.csv", 300, i => i == 100 ? "2024-01-05 04:00:00,12o.5,15" : null);
        var r = CliRunner.Run(_dir, "energy", "backtest", "--data", data, "--target", "load", "--horizon", "24", "--split", "150,220,300", "--json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("bad.csv, line 102, field 'load': '12o.5' is not a number", r.Stderr);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Target_and_all_are_exclusive()
    {
        var r = CliRunner.Run(_dir, "energy", "backtest", "--data", "x.csv", "--target", "load", "--all", "--horizon", "24", "--split", "1,2,3");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("give either --target COL or --all", r.Stderr);
    }

    public void Dispose() => Directory.Delete(_dir, true);
}
