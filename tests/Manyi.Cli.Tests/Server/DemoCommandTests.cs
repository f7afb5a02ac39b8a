namespace Manyi.Cli.Tests.Server;

/// <summary><c>manyi demo</c> and <c>manyi migrate</c> on the embedded SQLite database of a temporary data folder.</summary>
public sealed class DemoCommandTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"manyi-cli-demo-{Guid.NewGuid():N}");

    [Fact]
    public void Demo_EmptyDataFolder_FillsOnceThenRefuses()
    {
        var first = CliRun.Manyi("demo", "--data", _data);

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("administrator 'admin' created with the one-time password", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("华东电力 (East China Power)", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 head office, 3 districts, 12 branches", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("customers: 5,000", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("platinum 50, gold 200, iron 750, lead 4,000", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("all with the password demo-", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("demo-analyst", first.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_data, "manyi.db")));

        var second = CliRun.Manyi("demo", "--data", _data);

        Assert.Equal(1, second.ExitCode);
        Assert.Contains("exists already; nothing was changed", second.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("password", second.Stdout, StringComparison.Ordinal);

        var migrate = CliRun.Manyi("migrate", "--data", _data);

        Assert.Equal(0, migrate.ExitCode);
        Assert.Contains("The database is up to date.", migrate.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Migrate_EmptyDataFolder_AppliesTheMigrations()
    {
        var run = CliRun.Manyi("migrate", "--data", _data);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("Applied ", run.Stdout, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
