using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Results;
using Manyi.Web.Features.Users;
using Manyi.Web.Pages.Units;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Manyi.Web.Pages.Analysis;

/// <summary>
/// The common part of every analysis page <c>/analysis/{waveId}/{key}</c>: reads the filter (unitId, segment, channel, from,
/// to — the same as the results API), loads the <see cref="AnalysisInput"/> for the caller (404 for a wave or unit the caller
/// may not see) and lets the page compute its model. A bad filter value shows the page with the error naming the field.
/// </summary>
[Authorize(Policy = Policies.ReadData)]
public abstract class AnalysisPageModel(ManyiDbContext db, CurrentUser user, WaveDataCache cache, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? UnitId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Segment { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Channel { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    /// <summary>The page's key in <see cref="AnalysisPages.Keys"/>.</summary>
    public abstract string PageKey { get; }

    public Guid WaveId { get; private set; }

    /// <summary>The scope and rows; null when the filter has errors.</summary>
    public AnalysisInput? Input { get; private set; }

    public AnalysisTrace? Trace { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>(StringComparer.Ordinal);

    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    /// <summary>The filter as a query string ("?unitId=…&amp;segment=…", or empty), for links between the pages.</summary>
    public string Query => QueryString.Create(new[]
        {
            new KeyValuePair<string, string?>("unitId", UnitId), new("segment", Segment), new("channel", Channel), new("from", From), new("to", To),
        }.Where(p => !string.IsNullOrWhiteSpace(p.Value))).ToUriComponent();

    protected ManyiDbContext Db => db;

    protected CurrentUser Caller => user;

    protected TimeProvider Clock => clock;

    public async Task<IActionResult> OnGetAsync(Guid waveId, CancellationToken ct)
    {
        WaveId = waveId;
        Units = await UnitScope.VisibleUnitsAsync(db, user, ct);
        var (filter, errors) = ResultsFilter.Parse(UnitId, Segment, Channel, From, To);
        if (errors.Count > 0)
        {
            Errors = errors;
            return Page();
        }
        var input = await AnalysisInput.LoadAsync(db, cache, await Viewer.FromAsync(user, ct), waveId, filter, ct);
        if (input is null)
        {
            return NotFound();
        }
        Input = input;
        Trace = AnalysisTrace.Of(input, Units.FirstOrDefault(u => u.Id == filter.UnitId)?.Name, clock.GetUtcNow());
        await ComputeAsync(input, ct);
        return Page();
    }

    /// <summary>Computes the page's model from the input (only Manyi.Analytics makes numbers).</summary>
    protected abstract Task ComputeAsync(AnalysisInput input, CancellationToken ct);
}
