using Manyi.Data;
using Npgsql;

namespace Manyi.Web.Tests.Infrastructure;

/// <summary>
/// The databases every data test runs on. SQLite always; PostgreSQL when <c>MANYI_TEST_POSTGRES</c> holds a connection string
/// of a role that may create databases (.ci/run sets it); otherwise the PostgreSQL cases are reported as skipped.
/// </summary>
public static class Database
{
    public const string PostgresVariable = "MANYI_TEST_POSTGRES";

    /// <summary>Theory data: one row per provider.</summary>
    public static TheoryData<DatabaseProvider> Providers => new() { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql };

    /// <summary>Skips the running test when it is the PostgreSQL case and no server was given.</summary>
    public static void SkipIfUnavailable(DatabaseProvider provider) =>
        Skip.If(provider == DatabaseProvider.PostgreSql && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresVariable)),
            $"PostgreSQL case: set {PostgresVariable} to a connection string (.ci/run does) to run it");

    /// <summary>A fresh, empty database for one test app; dropped on dispose.</summary>
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        SkipIfUnavailable(provider);
        if (provider == DatabaseProvider.Sqlite)
        {
            var dir = Path.Combine(Path.GetTempPath(), $"manyi-test-{Guid.NewGuid():N}");
            Directory.CreateDirectory(dir);
            return new TestDatabase(provider, $"Data Source={Path.Combine(dir, "manyi.db")};Pooling=False", dir, async () =>
            {
                await Task.Yield();
                Directory.Delete(dir, recursive: true);
            });
        }
        var admin = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(PostgresVariable));
        var name = $"manyi_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        // Pooled: DROP DATABASE … WITH (FORCE) below ends the pooled connections of this database.
        var own = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = name };
        var dataDir = Path.Combine(Path.GetTempPath(), $"manyi-test-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDir);
        return new TestDatabase(provider, own.ConnectionString, dataDir, async () =>
        {
            await using var connection = new NpgsqlConnection(admin.ConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
            Directory.Delete(dataDir, recursive: true);
        });
    }
}

/// <summary>One test's database: provider, connection string, a scratch data directory, and how to remove it.</summary>
public sealed class TestDatabase(DatabaseProvider provider, string connectionString, string dataDirectory, Func<Task> drop) : IAsyncDisposable
{
    public DatabaseProvider Provider { get; } = provider;

    public string ConnectionString { get; } = connectionString;

    public string DataDirectory { get; } = dataDirectory;

    public async ValueTask DisposeAsync() => await drop();
}
