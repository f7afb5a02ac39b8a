using System.Globalization;
using Manyi.Core.Cases;
using Manyi.Data;
using Manyi.Web.Features.CaseAnalytics;
using Manyi.Web.Features.Users;
using Manyi.Web.Pages.Units;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Pages.Cases;

/// <summary><c>/cases/analytics</c>: the case analytics of <see cref="CaseAnalytics"/> as tables (without JavaScript) and ECharts charts.</summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class AnalyticsModel(ManyiDbContext db, CurrentUser user, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? UnitId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? CategoryId { get; set; }

    public CaseAnalyticsReport? Report { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>(StringComparer.Ordinal);

    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Name, int Depth)> Categories { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Units = await UnitScope.VisibleUnitsAsync(db, user, ct);
        var organisationId = user.OrganisationId;
        var categories = await db.CaseCategories.AsNoTracking().Where(c => c.OrganisationId == organisationId && c.Active)
            .Select(c => new { c.Id, c.ParentId, c.NameZh, c.NameEn, c.SortOrder, c.Code }).ToListAsync(ct);
        var english = !CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
        var ordered = new List<(Guid, string, int)>();
        var children = categories.ToLookup(c => c.ParentId);
        void Walk(Guid? parent, int depth)
        {
            foreach (var c in children[parent].OrderBy(c => c.SortOrder).ThenBy(c => c.Code, StringComparer.Ordinal))
            {
                ordered.Add((c.Id, english && c.NameEn is { } en ? en : c.NameZh, depth));
                if (depth < 8)
                {
                    Walk(c.Id, depth + 1);
                }
            }
        }
        Walk(null, 0);
        Categories = ordered;

        var outcome = await CaseAnalytics.ComputeAsync(db, user, clock, new CaseAnalyticsQuery(From, To, UnitId, Kind, CategoryId), ct);
        if (outcome.NotFound)
        {
            return NotFound();
        }
        if (outcome.Errors is not null)
        {
            Errors = outcome.Errors;
            return Page();
        }
        Report = outcome.Report;
        return Page();
    }

    /// <summary>A date of the period in the organisation's time zone, for the filter form (the end is exclusive, so the form shows the day before).</summary>
    public static string Day(DateTimeOffset at, string timeZone, bool end)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found) ? found : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(end ? at.AddTicks(-1) : at, zone);
        return local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    public static string Percent(double? share) => share is { } s ? (s * 100).ToString("0.0", CultureInfo.CurrentCulture) + "%" : "–";

    public static string Hours(double? hours) => hours is { } h ? h.ToString("0.0", CultureInfo.CurrentCulture) : "–";

    public static string Count(int n) => n.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>The name to show: English where there is one and the page is in English.</summary>
    public static string Name(string zh, string? en) =>
        !CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(en) ? en : zh;

    public static string KindKey(CaseKind kind) => "CaseKind." + kind;
}
