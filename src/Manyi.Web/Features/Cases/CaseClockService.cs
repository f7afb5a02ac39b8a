using Manyi.Web.Features.Jobs;
using Microsoft.Extensions.Options;

namespace Manyi.Web.Features.Cases;

/// <summary>Runs <see cref="CaseClock.RunOnceAsync"/> every <see cref="CaseClockOptions.ClockSeconds"/> on the injected clock.</summary>
public sealed class CaseClockService(CaseClock caseClock, IOptions<CaseClockOptions> options, TimeProvider clock, ILogger<CaseClockService> log)
    : PeriodicJobService(clock, log)
{
    protected override string JobName => CaseClock.LeaseName;

    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.ClockSeconds);

    protected override Task RunPassAsync(CancellationToken ct) => caseClock.RunOnceAsync(ct);
}
