using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Dashboards;
using Manyi.Web.Features.Users;
using Manyi.Web.Features.Customers;
using Manyi.Web.Pages.Units;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Pages;

/// <summary>The home page: the caller's dashboard per role (docs/dashboards.md), then a short overview of the picked unit (customers, their value K by tier) and where to go next.</summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class IndexModel(ManyiDbContext db, CurrentUser user, WaveDataCache cache, TimeProvider clock) : PageModel
{
    /// <summary>Customers and their value K of one tier, for the chart (a sum in double: SQLite cannot sum decimals, and the overview needs no cents).</summary>
    public sealed record TierSlice(string Tier, int Customers, double Value);

    public int Customers { get; private set; }

    public int ActiveCustomers { get; private set; }

    public int Units { get; private set; }

    public IReadOnlyList<TierSlice> Tiers { get; private set; } = [];

    /// <summary>The parts of the dashboard the caller's role reads.</summary>
    public DashboardDto? Dashboard { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Dashboard = await DashboardQueries.ComputeAsync(db, cache, user, clock, ct);
        var units = await UnitScope.VisibleUnitsAsync(db, user, ct);
        var customers = await CustomerQueries.FilterAsync(db, user, new CustomerFilter { UnitId = UnitScope.PickedVisible(Request, units) }, ct);
        Customers = await customers.CountAsync(ct);
        ActiveCustomers = await customers.CountAsync(c => c.Status == Core.Customers.CustomerStatus.Active, ct);
        Units = units.Count;
        var tiers = await customers
            .GroupBy(c => c.Tier)
            .Select(g => new { Tier = g.Key, Count = g.Count(), Value = g.Sum(c => (double?)c.Value) })
            .ToListAsync(ct);
        Tiers = tiers.OrderBy(t => t.Tier, StringComparer.Ordinal)
            .Select(t => new TierSlice(t.Tier ?? "-", t.Count, t.Value ?? 0)).ToList();
    }
}
