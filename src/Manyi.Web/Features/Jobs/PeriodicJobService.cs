using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Jobs;

/// <summary>
/// The hosted loop of a background job: runs one pass at every <see cref="Interval"/> on the injected clock; a pass that fails
/// on the database, the mail server or the network is logged and retried at the next tick, so the job survives outages.
/// </summary>
public abstract partial class PeriodicJobService(TimeProvider clock, ILogger log) : BackgroundService
{
    /// <summary>The job's name in the log (its lease name).</summary>
    protected abstract string JobName { get; }

    /// <summary>Time between two passes; read once when the service starts.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>One pass of the job (it takes the job's lease itself).</summary>
    protected abstract Task RunPassAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunPassAsync(stoppingToken);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or IOException or System.Data.Common.DbException or TimeoutException)
            {
                PassFailed(log, JobName, e.GetType().Name);
            }
        }
    }

    [LoggerMessage(9901, LogLevel.Error, "Background job {Job}: pass failed ({Error}); it runs again at the next interval")]
    private static partial void PassFailed(ILogger logger, string job, string error);
}
