using Basira.Governance;

namespace Basira.Energy.MiniGrids;

/// <summary>Reads a mini-grid from a pymgrid folder (a .yaml) or Basira's own JSON (a folder with <c>minigrid.json</c>, or the file).</summary>
public static class MiniGridSource
{
    public static MiniGrid Read(string path)
    {
        if (File.Exists(path) && path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) return MiniGridJson.Read(path);
        if (!Directory.Exists(path)) throw new DataInputException(path, null, null, "mini-grid folder or file not found");
        var json = Path.Combine(path, "minigrid.json");
        if (File.Exists(json)) return MiniGridJson.Read(json);
        if (PymgridLayout.IsLayout(path)) return PymgridLayout.Read(path);
        throw new DataInputException(path, null, null, "neither a pymgrid microgrid (a .yaml with its *_time_series.csv.gz) nor a Basira mini-grid (minigrid.json)");
    }
}
