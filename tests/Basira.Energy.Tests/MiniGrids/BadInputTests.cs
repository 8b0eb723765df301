using System.IO.Compression;
using Basira.Energy.MiniGrids;
using Basira.Governance;

namespace Basira.Energy.Tests.MiniGrids;

/// <summary>Bad mini-grid input is refused with the file, line and field — never repaired silently.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("basira-mg-bad-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private string CopyPymgrid()
    {
        var dir = Path.Combine(_dir, "mg");
        Directory.CreateDirectory(dir);
        foreach (var f in Directory.GetFiles(MiniGridData.Fixture19)) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        return dir;
    }

    private static void RewriteGz(string path, Func<List<string>, List<string>> edit)
    {
        List<string> lines;
        using (var r = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress))) lines = [.. r.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)];
        lines = edit(lines);
        using var w = new StreamWriter(new GZipStream(File.Create(path), CompressionLevel.Fastest));
        w.Write(string.Join('\n', lines) + "\n");
    }

    [Fact]
    public void Pymgrid_load_is_stored_negative_and_a_positive_value_is_a_sign_error()
    {
        var dir = CopyPymgrid();
        var ok = PymgridLayout.Read(dir);
        Assert.All(ok.Load, v => Assert.True(v >= 0));
        Assert.Equal(231.92119759581448, ok.Load[0], 9); // stored as -231.92…
        RewriteGz(Path.Combine(dir, "LoadModule_time_series.csv.gz"), l => { l[11] = "10,42.5"; return l; });
        var ex = Assert.Throws<DataInputException>(() => PymgridLayout.Read(dir));
        Assert.Equal(12, ex.Line);
        Assert.Contains("LoadModule_time_series.csv.gz", ex.Message);
        Assert.Contains("sign error", ex.Message);
    }

    [Theory]
    [InlineData("duplicate", "duplicate step 4")]
    [InlineData("gap", "gap: step 6 follows step 4")]
    [InlineData("text", "is not a finite number")]
    public void Pymgrid_series_with_a_duplicate_a_gap_or_text_is_refused(string kind, string message)
    {
        var dir = CopyPymgrid();
        RewriteGz(Path.Combine(dir, "RenewableModule_time_series.csv.gz"), l =>
        {
            switch (kind)
            {
                case "duplicate": l.Insert(6, "4,1.0"); break;
                case "gap": l.RemoveAt(6); break;
                default: l[6] = "5,abc"; break;
            }
            return l;
        });
        var ex = Assert.Throws<DataInputException>(() => PymgridLayout.Read(dir));
        Assert.Contains(message, ex.Message);
        Assert.Equal(7, ex.Line);
    }

    private string CopyVillage(Func<List<string>, List<string>>? editSeries = null, Func<string, string>? editJson = null)
    {
        var src = Path.Combine(AppContext.BaseDirectory, "MiniGrids", "Fixtures", "village");
        var dir = Path.Combine(_dir, "village");
        Directory.CreateDirectory(dir);
        var series = File.ReadAllLines(Path.Combine(src, "series.csv")).ToList();
        File.WriteAllLines(Path.Combine(dir, "series.csv"), editSeries?.Invoke(series) ?? series);
        var json = File.ReadAllText(Path.Combine(src, "minigrid.json"));
        File.WriteAllText(Path.Combine(dir, "minigrid.json"), editJson?.Invoke(json) ?? json);
        return Path.Combine(dir, "minigrid.json");
    }

    [Fact]
    public void Basira_json_reads_the_village_with_its_priorities()
    {
        var g = MiniGridJson.Read(CopyVillage());
        Assert.Equal(360, g.Steps);
        Assert.Equal(new DateTime(2025, 1, 5, 23, 0, 0, DateTimeKind.Utc), g.Start);
        Assert.Equal([1, 1, 2, 3, 3], g.Loads.Select(l => l.Priority));
        Assert.True(g.Genset!.HasFixedCosts);
        for (var t = 0; t < g.Steps; t++) Assert.Equal(g.Loads.Sum(l => l.Kwh[t]), g.Load[t], 9);
    }

    [Theory]
    [InlineData("duplicate", 5, "timestamp", "duplicate timestamp")]
    [InlineData("gap", 5, "timestamp", "gap:")]
    [InlineData("local", 3, "timestamp", "UTC offset")]
    [InlineData("negative", 4, "school", "a negative load is impossible")]
    public void Basira_series_problems_name_the_line_and_field(string kind, int line, string field, string message)
    {
        var path = CopyVillage(l =>
        {
            switch (kind)
            {
                case "duplicate": l.Insert(4, l[3]); break;
                case "gap": l.RemoveAt(4); break;
                case "local": l[2] = l[2].Replace("+01:00", "", StringComparison.Ordinal); break;
                default:
                    var f = l[3].Split(',');
                    f[4] = "-0.3";
                    l[3] = string.Join(',', f);
                    break;
            }
            return l;
        });
        var ex = Assert.Throws<DataInputException>(() => MiniGridJson.Read(path));
        Assert.Equal(line, ex.Line);
        Assert.Equal(field, ex.Field);
        Assert.Contains(message, ex.Message);
        Assert.Contains("series.csv", ex.Message);
    }

    [Fact]
    public void A_configuration_that_cannot_meet_its_priority_load_is_refused()
    {
        // a 0.5 kW genset and a battery giving 0.45 kWh an hour cannot carry the health post (1.2 kWh) at night
        var path = CopyVillage(editJson: j => j.Replace("\"rated_kw\": 14, \"min_load_kw\": 4.2", "\"rated_kw\": 0.5, \"min_load_kw\": 0.1", StringComparison.Ordinal)
            .Replace("\"max_charge_kwh\": 12, \"max_discharge_kwh\": 12", "\"max_charge_kwh\": 0.5, \"max_discharge_kwh\": 0.5", StringComparison.Ordinal));
        var ex = Assert.Throws<DataInputException>(() => MiniGridJson.Read(path));
        Assert.Equal("health_post+water_pump", ex.Field);
        Assert.Contains("cannot meet its priority load", ex.Message);
    }

    [Fact]
    public void A_missing_load_column_and_a_bad_kind_are_refused()
    {
        var missing = CopyVillage(editJson: j => j.Replace("\"name\": \"school\"", "\"name\": \"clinic\"", StringComparison.Ordinal));
        var ex = Assert.Throws<DataInputException>(() => MiniGridJson.Read(missing));
        Assert.Equal("clinic", ex.Field);
        Assert.Equal(1, ex.Line);
        Directory.Delete(Path.GetDirectoryName(missing)!, true);
        var kind = CopyVillage(editJson: j => j.Replace("\"kind\": \"school\"", "\"kind\": \"mosque\"", StringComparison.Ordinal));
        Assert.Equal("loads[2].kind", Assert.Throws<DataInputException>(() => MiniGridJson.Read(kind)).Field);
    }
}
