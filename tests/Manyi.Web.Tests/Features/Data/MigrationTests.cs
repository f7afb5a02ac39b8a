using Manyi.Data;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Tests.Features.Data;

/// <summary>A model change without its migration fails here, for each provider's migration set.</summary>
public class MigrationTests
{
    [Fact]
    public void Sqlite_Model_HasNoPendingChanges()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "the SQLite migrations are behind the model: run dotnet ef migrations add … --context SqliteManyiDbContext --output-dir Migrations/Sqlite");
    }

    [Fact]
    public void Postgres_Model_HasNoPendingChanges()
    {
        using var db = new PostgresDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "the PostgreSQL migrations are behind the model: run dotnet ef migrations add … --context PostgresManyiDbContext --output-dir Migrations/Postgres");
    }
}
