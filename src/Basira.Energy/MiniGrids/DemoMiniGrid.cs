namespace Basira.Energy.MiniGrids;

/// <summary>
/// The demo mini-grid shipped with the module (two villages, Tizi and Aït Ben; 15 days of synthetic hourly data;
/// undersized on purpose so that cloudy evenings are shed): <c>MiniGrids/Demo/</c>, embedded in the assembly.
/// </summary>
public static class DemoMiniGrid
{
    private static readonly Lazy<MiniGrid> Grid = new(Load);

    public static MiniGrid Value => Grid.Value;

    /// <summary>Writes the demo's files (minigrid.json, series.csv) into <paramref name="dir"/>.</summary>
    public static string Extract(string dir)
    {
        Directory.CreateDirectory(dir);
        foreach (var name in new[] { "minigrid.json", "series.csv" })
        {
            using var s = typeof(DemoMiniGrid).Assembly.GetManifestResourceStream("Basira.Energy.Demo." + name)
                ?? throw new InvalidOperationException($"demo resource {name} missing");
            using var f = File.Create(Path.Combine(dir, name));
            s.CopyTo(f);
        }
        return Path.Combine(dir, "minigrid.json");
    }

    private static MiniGrid Load()
    {
        var dir = Path.Combine(Path.GetTempPath(), "basira-demo-minigrid-" + Guid.NewGuid().ToString("n")[..8]);
        try
        {
            return MiniGridJson.Read(Extract(dir));
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }
}
