using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Mvc;

namespace Manyi.Web.Pages.Analysis;

/// <summary>Customer-value-weighted view and the satisfaction trap.</summary>
public sealed class ValueModel(ManyiDbContext db, CurrentUser user, WaveDataCache cache, TimeProvider clock) : AnalysisPageModel(db, user, cache, clock)
{
    private WaveDataCache Rows => HttpContext.RequestServices.GetRequiredService<WaveDataCache>();

    public override string PageKey => "value";

    [BindProperty(SupportsGet = true)]
    public string? Against { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Base { get; set; }

    public ValueDto? Result { get; private set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];

    protected override async Task ComputeAsync(AnalysisInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var againstId = DriverAnalysisApi.ParseAgainst(Against, errors);
        var standard = DriverAnalysisApi.ParseBase(Base, errors);
        Problems = [.. errors.SelectMany(e => e.Value.Select(m => e.Key + ": " + m))];
        var (against, _) = await DriverAnalysis.AgainstAsync(Db, Rows, await Viewer.FromAsync(Caller, ct), input, againstId, ct);
        Result = await DriverAnalysis.ValueAsync(Db, input, against, standard, ct);
    }
}
