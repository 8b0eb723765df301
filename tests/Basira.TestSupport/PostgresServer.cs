using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Basira.TestSupport;

/// <summary>
/// The one PostgreSQL server used by every <see cref="PostgresTestDatabase"/> of this process, found once:
/// 1. env <c>BASIRA_TEST_POSTGRES</c> (a superuser connection string) when set;
/// 2. otherwise a throw-away instance started here from the binaries under /usr/lib/postgresql/*/bin
///    (or initdb/pg_ctl on PATH): initdb into a temp dir (as the <c>postgres</c> OS user when running as root),
///    trust auth, loopback TCP on a free port, unix socket in the temp dir; stopped and deleted at process exit.
/// If neither works the server is "unavailable" with a reason, and every fixture throws
/// <see cref="PostgresUnavailableException"/>.
/// </summary>
internal sealed class PostgresServer
{
    public const string EnvironmentVariable = "BASIRA_TEST_POSTGRES";
    private const string DirectoryPrefix = "basira-pg-";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private static readonly Lazy<Task<PostgresServer>> Shared =
        new(FindOrStartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private PostgresServer(string? maintenanceConnectionString, string description, string? unavailableReason)
    {
        MaintenanceConnectionString = maintenanceConnectionString;
        Description = description;
        UnavailableReason = unavailableReason;
    }

    /// <summary>Superuser connection string to a maintenance database (null when unavailable).</summary>
    public string? MaintenanceConnectionString { get; }

    /// <summary>Where the server came from, for messages.</summary>
    public string Description { get; }

    /// <summary>Null when usable; otherwise why not.</summary>
    public string? UnavailableReason { get; }

    public static Task<PostgresServer> GetAsync() => Shared.Value;

    private static PostgresServer Unavailable(string reason) => new(null, "unavailable", reason);

    private static async Task<PostgresServer> FindOrStartAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return await UseExternalAsync(fromEnvironment).ConfigureAwait(false);
        }

        try
        {
            return await StartOwnAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return Unavailable($"{EnvironmentVariable} is not set and starting a throw-away server failed: {ex.Message}");
        }
    }

    private static async Task<PostgresServer> UseExternalAsync(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        }
        catch (ArgumentException ex)
        {
            return Unavailable($"{EnvironmentVariable} is not a valid connection string: {ex.Message}");
        }

        var where = $"{EnvironmentVariable} (Host={builder.Host};Port={builder.Port};Username={builder.Username};Database={builder.Database})";
        try
        {
            var version = await QueryVersionAsync(builder.ConnectionString).ConfigureAwait(false);
            return new PostgresServer(builder.ConnectionString, $"{where}, {version}", null);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return Unavailable($"cannot connect to {where}: {ex.Message}");
        }
    }

    private static async Task<string> QueryVersionAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SHOW server_version", connection);
        return "PostgreSQL " + (string?)await command.ExecuteScalarAsync().ConfigureAwait(false);
    }

    // ---- throw-away instance -------------------------------------------------------------------------

    private static async Task<PostgresServer> StartOwnAsync()
    {
        var binDir = FindBinDirectory();
        if (binDir is null)
        {
            return Unavailable(
                $"{EnvironmentVariable} is not set and no PostgreSQL server binaries were found " +
                "(no initdb/pg_ctl under /usr/lib/postgresql/*/bin nor on PATH); " +
                $"install the 'postgresql' package or set {EnvironmentVariable} to a superuser connection string");
        }

        var asRoot = Environment.UserName == "root";
        if (asRoot && !File.ReadLines("/etc/passwd").Any(l => l.StartsWith("postgres:", StringComparison.Ordinal)))
        {
            return Unavailable($"running as root (initdb refuses root) and there is no 'postgres' OS user to run {binDir}/initdb as");
        }

        await CleanUpStaleInstancesAsync(binDir, asRoot).ConfigureAwait(false);

        var root = Path.Combine(Path.GetTempPath(), DirectoryPrefix + Guid.NewGuid().ToString("N")[..12]);
        var dataDir = Path.Combine(root, "data");
        var logFile = Path.Combine(root, "postgres.log");
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, "owner.pid"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
        var instance = new OwnInstance(binDir, root, dataDir, asRoot);

        try
        {
            if (asRoot)
            {
                await RequireAsync("chown", ["-R", "postgres:postgres", root]).ConfigureAwait(false);
            }

            await RequireAsync(
                instance.Wrap(Path.Combine(binDir, "initdb"),
                [
                    "-D", dataDir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync",
                ])).ConfigureAwait(false);

            // A free port may be taken between the probe and the start: try a few.
            string? lastError = null;
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var port = FreeLoopbackPort();
                var options = string.Join(' ',
                    "-c listen_addresses=127.0.0.1",
                    $"-p {port.ToString(CultureInfo.InvariantCulture)}",
                    $"-k {root}",
                    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                    "-c max_connections=200");
                var (pgCtl, startArgs) = instance.Wrap(Path.Combine(binDir, "pg_ctl"),
                    ["-D", dataDir, "-l", logFile, "-w", "-t", "60", "-o", options, "start"]);
                var start = await ProcessRunner.RunAsync(pgCtl, startArgs, CommandTimeout).ConfigureAwait(false);
                if (start.Ok)
                {
                    AppDomain.CurrentDomain.ProcessExit += (_, _) => instance.Stop();
                    instance.StartWatchdog();
                    var cs = new NpgsqlConnectionStringBuilder
                    {
                        Host = "127.0.0.1",
                        Port = port,
                        Username = "postgres",
                        Database = "postgres",
                        Pooling = false,
                        Timeout = 30,
                    }.ConnectionString;
                    var version = await QueryVersionAsync(cs).ConfigureAwait(false);
                    return new PostgresServer(cs, $"throw-away {version} from {binDir} in {root}, port {port}", null);
                }

                lastError = $"pg_ctl start failed: {start.Output}\n{Tail(logFile)}";
            }

            throw new InvalidOperationException(lastError);
        }
        catch
        {
            instance.Stop();
            throw;
        }
    }

    private static async Task RequireAsync(string file, string[] args)
    {
        var result = await ProcessRunner.RunAsync(file, args, CommandTimeout).ConfigureAwait(false);
        if (!result.Ok)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {result.ExitCode}: {result.Output}");
        }
    }

    private static Task RequireAsync((string File, string[] Args) command) => RequireAsync(command.File, command.Args);

    private static string? FindBinDirectory()
    {
        // File.Exists is true for a dangling symlink (e.g. /usr/local/bin/initdb left after a purge): follow links.
        static bool Usable(string path)
        {
            var file = new FileInfo(path);
            if (!file.Exists)
            {
                return false;
            }

            return file.LinkTarget is null || file.ResolveLinkTarget(returnFinalTarget: true) is { Exists: true };
        }

        static bool HasServer(string dir) =>
            Usable(Path.Combine(dir, "initdb")) && Usable(Path.Combine(dir, "pg_ctl"));

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.EnumerateDirectories(debianRoot)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: decimal.TryParse(Path.GetFileName(d), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : -1))
                .Where(x => HasServer(x.Dir))
                .OrderByDescending(x => x.Version)
                .Select(x => x.Dir)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(HasServer);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string Tail(string file)
    {
        try
        {
            return File.Exists(file) ? string.Join('\n', File.ReadLines(file).TakeLast(15)) : string.Empty;
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    /// <summary>Stops and deletes instances left by test processes that died without their exit handler.</summary>
    private static async Task CleanUpStaleInstancesAsync(string binDir, bool asRoot)
    {
        foreach (var dir in Directory.EnumerateDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            try
            {
                var ownerFile = Path.Combine(dir, "owner.pid");
                if (!File.Exists(ownerFile)
                    || !int.TryParse(await File.ReadAllTextAsync(ownerFile).ConfigureAwait(false), NumberStyles.None, CultureInfo.InvariantCulture, out var owner)
                    || Directory.Exists($"/proc/{owner}"))
                {
                    continue;
                }

                var stale = new OwnInstance(binDir, dir, Path.Combine(dir, "data"), asRoot);
                await Task.Run(stale.Stop).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // best effort: never let another run's leftovers break this one
            }
        }
    }

    private sealed class OwnInstance(string binDir, string root, string dataDir, bool asRoot)
    {
        private int _stopped;

        /// <summary>The command line that runs <paramref name="file"/> as the postgres OS user when we are root.</summary>
        public (string File, string[] Args) Wrap(string file, string[] args)
        {
            if (!asRoot)
            {
                return (file, args);
            }

            foreach (var runuser in new[] { "/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser" })
            {
                if (File.Exists(runuser))
                {
                    return (runuser, ["-u", "postgres", "--", file, .. args]);
                }
            }

            var quoted = string.Join(' ', new[] { file }.Concat(args).Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
            return ("su", ["postgres", "-s", "/bin/sh", "-c", quoted]);
        }

        private (string File, string[] Args) StopCommand() =>
            Wrap(Path.Combine(binDir, "pg_ctl"), ["-D", dataDir, "-m", "immediate", "-w", "-t", "30", "stop"]);

        /// <summary>
        /// The test host may be killed before (or while) its exit handler runs; a detached shell waits for this
        /// process to end and then stops the server and deletes its directory in any case.
        /// </summary>
        public void StartWatchdog()
        {
            const string script =
                "exec </dev/null >/dev/null 2>&1; owner=$1; root=$2; shift 2; " +
                "while kill -0 \"$owner\"; do sleep 1; done; " +
                "if [ -e \"$root/data/postmaster.pid\" ]; then \"$@\"; fi; rm -rf \"$root\"";
            var (file, args) = StopCommand();
            var psi = new System.Diagnostics.ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = "/" };
            foreach (var arg in new[] { "-c", script, "basira-pg-watchdog", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), root, file }.Concat(args))
            {
                psi.ArgumentList.Add(arg);
            }

            try
            {
                using var watchdog = System.Diagnostics.Process.Start(psi);
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // the exit handler and the stale-instance sweep still clean up
            }
        }

        public void Stop()
        {
            if (Interlocked.Exchange(ref _stopped, 1) != 0)
            {
                return;
            }

            if (File.Exists(Path.Combine(dataDir, "postmaster.pid")))
            {
                var (file, args) = StopCommand();
                ProcessRunner.RunAsync(file, args, TimeSpan.FromSeconds(40)).GetAwaiter().GetResult();
            }

            TempDirectory.TryDelete(root);
        }
    }
}
