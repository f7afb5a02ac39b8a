using Manyi.Data;
using Manyi.Web.Features.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Manyi.Web.Hosting;

/// <summary>Where first-start messages (the administrator's one-time password) are written; the process console by default.</summary>
public sealed class FirstStartConsole(TextWriter writer)
{
    public TextWriter Writer { get; } = writer;
}

/// <summary>
/// Before the server takes requests: applies pending migrations (unless <see cref="ManyiOptions.MigrateOnStart"/> is off) and
/// creates the first administrator on an empty database; with <see cref="ManyiOptions.Demo"/> it fills the demo organisation
/// into a database without customers.
/// </summary>
internal sealed class DatabasePreparation(IServiceProvider services, IOptions<ManyiOptions> options, FirstStartConsole console) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        if (options.Value.MigrateOnStart)
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        if (db is SqliteManyiDbContext)
        {
            // Write-ahead logging (kept in the file once set): readers no longer wait for the writer and a commit appends to the
            // log, which is what lets the embedded database take thousands of submissions a second (docs/benchmarks.md).
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        await FirstStart.EnsureAdministratorAsync(scope.ServiceProvider, console.Writer, cancellationToken);
        if (options.Value.Demo)
        {
            await DemoData.FillOnStartAsync(scope.ServiceProvider, console.Writer, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
