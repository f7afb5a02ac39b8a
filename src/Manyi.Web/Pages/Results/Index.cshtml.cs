using System.Globalization;
using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Results;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Manyi.Web.Pages.Results;

/// <summary>
/// <c>/waves/{id}/results</c>: the live dashboard of a wave (product.md M4 "a dashboard reflects a new answer within seconds", M9).
/// The figures are <see cref="WaveResults"/>; the part below the title is the partial <c>_Live</c>, which htmx fetches again
/// every few seconds (<c>?handler=live</c>); without JavaScript the reload link does the same. Unit managers see their units only.
/// </summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class IndexModel(ManyiDbContext db, CurrentUser user, WaveDataCache cache, TimeProvider clock) : PageModel
{
    /// <summary>Seconds between two refreshes of the live part.</summary>
    public const int RefreshSeconds = 3;

    [BindProperty(SupportsGet = true)]
    public string? UnitId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Segment { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Channel { get; set; }

    public WaveResultsDto Results { get; private set; } = null!;

    /// <summary>The query string of the current filter (for the live URL and the reload link).</summary>
    public string FilterQuery { get; private set; } = string.Empty;

    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => LoadAsync(id, live: false, ct);

    /// <summary>The live part alone (htmx polls it).</summary>
    public Task<IActionResult> OnGetLiveAsync(Guid id, CancellationToken ct) => LoadAsync(id, live: true, ct);

    private async Task<IActionResult> LoadAsync(Guid id, bool live, CancellationToken ct)
    {
        var (filter, errors) = ResultsFilter.Parse(UnitId, Segment, Channel, null, null);
        if (errors.Count > 0)
        {
            // A hand-edited query string: show the unfiltered results rather than an error page.
            filter = ResultsFilter.None;
            UnitId = Segment = Channel = null;
        }
        var scope = await ResultsScope.LoadAsync(db, user, id, filter, ct);
        if (scope is null)
        {
            return NotFound();
        }
        Results = await WaveResults.ComputeAsync(db, cache, scope, clock, ct);
        var parts = new List<string>();
        if (filter.UnitId is { } unit)
        {
            parts.Add("unitId=" + unit.ToString("D", CultureInfo.InvariantCulture));
        }
        if (filter.Segment is { } segment)
        {
            parts.Add("segment=" + Uri.EscapeDataString(segment));
        }
        if (filter.Channel is { } channel)
        {
            parts.Add("channel=" + channel.ToString().ToLowerInvariant());
        }
        FilterQuery = string.Join("&", parts);
        return live ? Partial("_Live", this) : Page();
    }

    /// <summary>A number in the reader's culture with <paramref name="decimals"/> decimals.</summary>
    public static string Number(double value, int decimals = 1) => value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.CurrentCulture);

    /// <summary>A count in the reader's culture.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.CurrentCulture);
}
