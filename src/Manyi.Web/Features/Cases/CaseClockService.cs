using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Manyi.Web.Features.Cases;

/// <summary>Runs <see cref="CaseClock.RunOnceAsync"/> every <see cref="CaseClockOptions.ClockSeconds"/> on the injected clock; a failed pass is logged and retried at the next tick.</summary>
public sealed partial class CaseClockService(CaseClock caseClock, IOptions<CaseClockOptions> options, TimeProvider clock, ILogger<CaseClockService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.ClockSeconds), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await caseClock.RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or IOException or System.Data.Common.DbException or TimeoutException)
            {
                Log.PassFailed(log, e.GetType().Name);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(6104, LogLevel.Error, "Case clock pass failed ({Error}); it runs again at the next interval")]
        public static partial void PassFailed(ILogger logger, string error);
    }
}
