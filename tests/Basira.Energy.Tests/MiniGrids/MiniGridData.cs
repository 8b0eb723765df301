namespace Basira.Energy.Tests.MiniGrids;

/// <summary>Where the tests find microgrid data: the committed fixture (microgrid 19) and, when present, ../shared.</summary>
internal static class MiniGridData
{
    public static string Fixture19 => Path.Combine(AppContext.BaseDirectory, "MiniGrids", "Fixtures", "microgrid_19");

    /// <summary>The shared dataset folder (<c>shared/datasets/minigrid</c>) when this checkout sits beside it, else null.</summary>
    public static string? SharedRoot { get; } = FindShared();

    private static string? FindShared()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "datasets", "minigrid");
            if (Directory.Exists(Path.Combine(candidate, "microgrid_0"))) return candidate;
            candidate = Path.Combine(dir.FullName, "..", "shared", "datasets", "minigrid");
            if (Directory.Exists(Path.Combine(candidate, "microgrid_0"))) return Path.GetFullPath(candidate);
        }
        return null;
    }
}

/// <summary>A fact that needs shared/datasets/minigrid: skipped (with the reason) on a fresh clone without it.</summary>
internal sealed class SharedMiniGridFactAttribute : FactAttribute
{
    public SharedMiniGridFactAttribute()
    {
        if (MiniGridData.SharedRoot is null) Skip = "shared/datasets/minigrid is absent (not part of a fresh clone)";
    }
}

/// <summary>A theory that needs shared/datasets/minigrid: skipped on a fresh clone without it.</summary>
internal sealed class SharedMiniGridTheoryAttribute : TheoryAttribute
{
    public SharedMiniGridTheoryAttribute()
    {
        if (MiniGridData.SharedRoot is null) Skip = "shared/datasets/minigrid is absent (not part of a fresh clone)";
    }
}
