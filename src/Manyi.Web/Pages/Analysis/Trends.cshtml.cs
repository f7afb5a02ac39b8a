using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Mvc;

namespace Manyi.Web.Pages.Analysis;

/// <summary>Trends over waves and within the wave, with confidence bands.</summary>
public sealed class TrendsModel(ManyiDbContext db, CurrentUser user, WaveDataCache cache, TimeProvider clock) : AnalysisPageModel(db, user, cache, clock)
{
    private WaveDataCache Rows => HttpContext.RequestServices.GetRequiredService<WaveDataCache>();

    public override string PageKey => "trends";

    [BindProperty(SupportsGet = true)]
    public string? By { get; set; }

    public TrendsDto? Result { get; private set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];

    protected override async Task ComputeAsync(AnalysisInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var byMonth = DriverAnalysisApi.ParseBy(By, errors);
        Problems = [.. errors.SelectMany(e => e.Value.Select(m => e.Key + ": " + m))];
        Result = await DriverAnalysis.TrendsAsync(Db, Rows, await Viewer.FromAsync(Caller, ct), input, byMonth, ct);
    }
}
