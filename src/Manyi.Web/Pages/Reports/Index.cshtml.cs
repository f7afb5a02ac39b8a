using System.Globalization;
using Manyi.Core.Collection;
using Manyi.Data;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Pages.Reports;

/// <summary>The reports landing page <c>/reports</c>: choose a report and a wave (or a period); the caller's waves with links.</summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class IndexModel(ManyiDbContext db, CurrentUser user) : PageModel
{
    public IReadOnlyList<WaveRow> Waves { get; private set; } = [];

    /// <summary>A wave in the list.</summary>
    public sealed record WaveRow(Guid Id, string Name, WaveStatus Status, DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var organisationId = user.OrganisationId;
        var visible = await user.VisibleUnitsAsync(ct);
        var query = db.Waves.AsNoTracking().Where(w => w.OrganisationId == organisationId && w.Status != WaveStatus.Draft);
        if (visible is not null)
        {
            var units = visible.ToList();
            query = query.Where(w => w.UnitId == null || units.Contains(w.UnitId.Value));
        }
        var waves = await query.Select(w => new WaveRow(w.Id, w.Name, w.Status, w.OpensAt, w.ClosesAt)).ToListAsync(ct);
        Waves = [.. waves.OrderByDescending(w => w.OpensAt ?? DateTimeOffset.MinValue).ThenBy(w => w.Name, StringComparer.Ordinal)];
    }

    /// <summary>The chooser's form: redirects to the chosen report (a wave's id or a period for the summary).</summary>
    public IActionResult OnGetOpen(string? kind, string? waveId, string? from, string? to)
    {
        var wave = Guid.TryParse(waveId, CultureInfo.InvariantCulture, out var id) ? id : (Guid?)null;
        return kind switch
        {
            "units" when wave is { } w => Redirect($"/reports/units/{w}"),
            "summary" when wave is { } w => Redirect($"/reports/summary?waveId={w}"),
            "summary" => Redirect("/reports/summary" + QueryString.Create(new[] { new KeyValuePair<string, string?>("from", from), new("to", to) }).ToUriComponent()),
            _ when wave is { } w => Redirect($"/reports/wave/{w}"),
            _ => RedirectToPage(),
        };
    }

    public static string Day(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "–";
}
