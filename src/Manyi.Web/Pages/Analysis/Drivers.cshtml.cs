using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Users;

namespace Manyi.Web.Pages.Analysis;

/// <summary>Key drivers of overall satisfaction (Johnson's relative weights).</summary>
public sealed class DriversModel(ManyiDbContext db, CurrentUser user, WaveDataCache cache, TimeProvider clock) : AnalysisPageModel(db, user, cache, clock)
{
    public override string PageKey => "drivers";

    public DriversDto? Result { get; private set; }

    protected override Task ComputeAsync(AnalysisInput input, CancellationToken ct)
    {
        Result = DriverAnalysis.Drivers(input);
        return Task.CompletedTask;
    }
}
