using Basira.TestSupport;
using Npgsql;

namespace Basira.Governance.Tests.Storage;

/// <summary>Proves the shared PostgreSQL fixture works: a real, private, UTF-8 database per fixture.</summary>
public sealed class PostgresFixtureTests(PostgresTestDatabase database) : IClassFixture<PostgresTestDatabase>
{
    [Fact]
    public async Task Fixture_database_supports_create_insert_select()
    {
        await using var connection = await database.OpenConnectionAsync();

        await using (var create = new NpgsqlCommand(
            "CREATE TABLE school (id int PRIMARY KEY, name text NOT NULL)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using (var insert = new NpgsqlCommand("INSERT INTO school (id, name) VALUES (@id, @name)", connection))
        {
            insert.Parameters.AddWithValue("id", 1);
            insert.Parameters.AddWithValue("name", "مدرسة النور — École Ibn Sina");
            Assert.Equal(1, await insert.ExecuteNonQueryAsync());
        }

        await using var select = new NpgsqlCommand("SELECT name, current_database() FROM school WHERE id = 1", connection);
        await using var reader = await select.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("مدرسة النور — École Ibn Sina", reader.GetString(0));
        Assert.Equal(database.DatabaseName, reader.GetString(1));
    }

    [Fact]
    public async Task Each_database_is_unique_and_dropped_on_dispose()
    {
        string first;
        await using (var a = await PostgresTestDatabase.CreateAsync())
        await using (var b = await PostgresTestDatabase.CreateAsync())
        {
            first = a.DatabaseName;
            Assert.NotEqual(a.DatabaseName, b.DatabaseName);
            Assert.NotEqual(database.DatabaseName, a.DatabaseName);
            Assert.StartsWith("basira_test_", a.DatabaseName, StringComparison.Ordinal);

            // Fresh and empty: no user tables.
            await using var connection = await a.OpenConnectionAsync();
            await using var count = new NpgsqlCommand(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", connection);
            Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
            Assert.True(await DatabaseExistsAsync(first));
        }

        Assert.False(await DatabaseExistsAsync(first));
        Assert.True(await DatabaseExistsAsync(database.DatabaseName));
    }

    private async Task<bool> DatabaseExistsAsync(string name)
    {
        await using var admin = new NpgsqlConnection(database.MaintenanceConnectionString);
        await admin.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @name)", admin);
        exists.Parameters.AddWithValue("name", name);
        return (bool)(await exists.ExecuteScalarAsync())!;
    }
}
