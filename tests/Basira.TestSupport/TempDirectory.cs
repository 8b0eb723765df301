namespace Basira.TestSupport;

/// <summary>
/// A fresh, uniquely named directory under the system temp folder, deleted (recursively, best effort) on dispose.
/// </summary>
public sealed class TempDirectory : IDisposable
{
    private int _disposed;

    public TempDirectory(string prefix = "basira-test-")
    {
        ArgumentNullException.ThrowIfNull(prefix);
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>Absolute path of the directory.</summary>
    public string Path { get; }

    /// <summary>Path of an entry inside the directory (nothing is created).</summary>
    public string Combine(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return System.IO.Path.Combine([Path, .. parts]);
    }

    public override string ToString() => Path;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        TryDelete(Path);
    }

    internal static void TryDelete(string path)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }

                return;
            }
            catch (IOException)
            {
                Thread.Sleep(100);
            }
            catch (UnauthorizedAccessException)
            {
                Thread.Sleep(100);
            }
        }
    }
}
