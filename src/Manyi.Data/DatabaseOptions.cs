using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;

namespace Manyi.Data;

/// <summary>The database engines Manyi runs on.</summary>
public enum DatabaseProvider
{
    /// <summary>Embedded SQLite file (default): nothing to install.</summary>
    Sqlite,

    /// <summary>PostgreSQL server (production, several web instances).</summary>
    PostgreSql,
}

/// <summary>Configuration section <c>Manyi:Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Manyi:Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>ADO.NET connection string; for SQLite it defaults to <c>manyi.db</c> in the data directory.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The connection string to use, with the SQLite default filled in from <paramref name="dataDirectory"/>.</summary>
    public string EffectiveConnectionString(string dataDirectory) =>
        !string.IsNullOrWhiteSpace(ConnectionString) ? ConnectionString
        : Provider == DatabaseProvider.Sqlite ? $"Data Source={Path.Combine(dataDirectory, "manyi.db")}"
        : throw new InvalidOperationException("Manyi:Database:ConnectionString is required when Manyi:Database:Provider is PostgreSql");
}

/// <summary>Registers the <see cref="ManyiDbContext"/> flavour that matches the configured provider.</summary>
public static class DatabaseRegistration
{
    /// <remarks>
    /// A list in a query (`ids.Contains(x.Id)`) goes to the database as ONE parameter (a JSON array on SQLite, an array on
    /// PostgreSQL) rather than EF Core 10's default of one SQL parameter per element: a report over a wave of thousands of
    /// customers otherwise sends thousands of parameters, which SQLite takes hundreds of milliseconds to prepare, and every
    /// list length is a new statement for the plan caches.
    /// </remarks>
    public static IServiceCollection AddManyiDatabase(this IServiceCollection services, DatabaseProvider provider, string connectionString)
    {
        switch (provider)
        {
            case DatabaseProvider.PostgreSql:
                services.AddDbContext<ManyiDbContext, PostgresManyiDbContext>(o => o.UseNpgsql(connectionString, n => n.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter)));
                break;
            default:
                services.AddDbContext<ManyiDbContext, SqliteManyiDbContext>(o => o.UseSqlite(connectionString, s => s.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter)));
                break;
        }
        return services;
    }
}

/// <summary>Design-time factory for <c>dotnet ef migrations add … --context SqliteManyiDbContext</c>.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteManyiDbContext>
{
    public SqliteManyiDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteManyiDbContext>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>Design-time factory for <c>dotnet ef migrations add … --context PostgresManyiDbContext</c> (no server needed to add a migration).</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresManyiDbContext>
{
    public PostgresManyiDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresManyiDbContext>().UseNpgsql("Host=localhost;Database=manyi_design").Options);
}
