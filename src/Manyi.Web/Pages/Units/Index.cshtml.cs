using Manyi.Data;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Pages.Units;

/// <summary><c>/units</c>: the unit tree the user may see, with the number of customers of each unit.</summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class IndexModel(ManyiDbContext db, CurrentUser user) : PageModel
{
    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    public IReadOnlyDictionary<Guid, int> Customers { get; private set; } = new Dictionary<Guid, int>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Units = await UnitScope.VisibleUnitsAsync(db, user, ct);
        var organisationId = user.OrganisationId;
        var ids = Units.Select(u => u.Id).ToList();
        Customers = await db.Customers.AsNoTracking()
            .Where(c => c.OrganisationId == organisationId && ids.Contains(c.UnitId))
            .GroupBy(c => c.UnitId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
    }
}
