using Npgsql;

namespace Basira.TestSupport;

/// <summary>
/// A fresh, empty, uniquely named PostgreSQL database (<c>basira_test_&lt;guid&gt;</c>, UTF8, C collation),
/// dropped again on dispose. Use it as an xunit fixture (<c>IClassFixture&lt;PostgresTestDatabase&gt;</c>,
/// xunit calls <see cref="InitializeAsync"/> and <see cref="DisposeAsync"/>), or create one ad hoc with
/// <see cref="CreateAsync"/> and <c>await using</c>.
/// <para>
/// The server: env <c>BASIRA_TEST_POSTGRES</c> if set (a superuser connection string, e.g.
/// <c>Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres</c>); otherwise a
/// throw-away server this process starts from the installed PostgreSQL binaries. When neither is possible,
/// initialization throws <see cref="PostgresUnavailableException"/> ("PostgreSQL unavailable: why"), so the
/// tests using the fixture fail with that reason rather than pass silently.
/// </para>
/// </summary>
public sealed class PostgresTestDatabase : IAsyncLifetime, IAsyncDisposable
{
    private const string NamePrefix = "basira_test_";
    private string? _connectionString;
    private string? _maintenanceConnectionString;
    private PostgresUnavailableException? _unavailable;
    private int _disposed;

    /// <summary>Name of this fixture's database.</summary>
    public string DatabaseName { get; } = NamePrefix + Guid.NewGuid().ToString("N");

    /// <summary>Connection string to this fixture's (initially empty) database.</summary>
    public string ConnectionString =>
        _connectionString ?? throw (Exception?)_unavailable ?? new InvalidOperationException(
            "PostgresTestDatabase is not initialized: use it as an xunit fixture or create it with PostgresTestDatabase.CreateAsync().");

    /// <summary>Superuser connection string to the server's maintenance database (for checks across databases).</summary>
    public string MaintenanceConnectionString =>
        _maintenanceConnectionString ?? throw (Exception?)_unavailable ?? new InvalidOperationException("PostgresTestDatabase is not initialized.");

    /// <summary>Where the server came from (environment or throw-away instance), for diagnostics.</summary>
    public string ServerDescription { get; private set; } = "not initialized";

    /// <summary>Creates and initializes a database outside an xunit fixture; dispose it with <c>await using</c>.</summary>
    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var database = new PostgresTestDatabase();
        await database.InitializeAsync().ConfigureAwait(false);
        return database;
    }

    /// <summary>Opens a new connection to this fixture's database.</summary>
    public async Task<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new NpgsqlConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task InitializeAsync()
    {
        var server = await PostgresServer.GetAsync().ConfigureAwait(false);
        ServerDescription = server.Description;
        if (server.UnavailableReason is not null || server.MaintenanceConnectionString is null)
        {
            _unavailable = new PostgresUnavailableException(server.UnavailableReason ?? "unknown reason");
            throw _unavailable;
        }

        try
        {
            await using (var admin = new NpgsqlConnection(server.MaintenanceConnectionString))
            {
                await admin.OpenAsync().ConfigureAwait(false);
                await using var create = new NpgsqlCommand(
                    $"CREATE DATABASE \"{DatabaseName}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'", admin);
                await create.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }
        catch (NpgsqlException ex)
        {
            _unavailable = new PostgresUnavailableException($"cannot create database {DatabaseName} on {server.Description}: {ex.Message}", ex);
            throw _unavailable;
        }

        _maintenanceConnectionString = server.MaintenanceConnectionString;
        _connectionString = new NpgsqlConnectionStringBuilder(server.MaintenanceConnectionString)
        {
            Database = DatabaseName,
            Pooling = true,
            // test projects run side by side on two cores: opening a connection can wait longer than Npgsql's 15 s default
            Timeout = 60,
        }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || _connectionString is null || _maintenanceConnectionString is null)
        {
            return;
        }

        // Pooled idle connections of this database would block DROP DATABASE.
        await using (var pooled = new NpgsqlConnection(_connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await using var admin = new NpgsqlConnection(_maintenanceConnectionString);
        await admin.OpenAsync().ConfigureAwait(false);
        await using (var terminate = new NpgsqlCommand(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid()", admin))
        {
            terminate.Parameters.AddWithValue("name", DatabaseName);
            await terminate.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\"", admin);
        await drop.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    public override string ToString() => $"{DatabaseName} on {ServerDescription}";
}
