namespace Basira.Jobs.Tests;

/// <summary>
/// A fact that needs a dataset of the project's shared store (<c>../shared/datasets/NAME</c> beside the checkout): it is
/// skipped, saying why, on a fresh clone without it.
/// </summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute(string dataset)
    {
        if (SharedData.Find(dataset) is null) Skip = $"../shared/datasets/{dataset} is not present beside this checkout";
    }
}

public static class SharedData
{
    /// <summary>The dataset's folder, looked for in a <c>shared/datasets</c> folder beside the repository root, or null.</summary>
    public static string? Find(string dataset)
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Basira.slnx"))) dir = Path.GetDirectoryName(dir);
        if (dir is null) return null;
        var path = Path.Combine(Path.GetDirectoryName(dir) ?? dir, "shared", "datasets", dataset);
        return Directory.Exists(path) ? path : null;
    }
}
