using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Users;

namespace Manyi.Web.Pages.Analysis;

/// <summary>Importance–performance quadrants.</summary>
public sealed class IpaModel(ManyiDbContext db, CurrentUser user, WaveDataCache cache, TimeProvider clock) : AnalysisPageModel(db, user, cache, clock)
{
    public override string PageKey => "ipa";

    public IpaDto? Result { get; private set; }

    protected override Task ComputeAsync(AnalysisInput input, CancellationToken ct)
    {
        Result = DriverAnalysis.Ipa(input);
        return Task.CompletedTask;
    }
}
