using Manyi.Data;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Pages.Customers;

/// <summary><c>/customers/{id}</c>: one customer; another organisation's or another unit's customer is a 404, never shown.</summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class DetailsModel(ManyiDbContext db, CurrentUser user, IAuthorizationService authorization) : PageModel
{
    public CustomerDto Customer { get; private set; } = null!;

    public string UnitName { get; private set; } = string.Empty;

    public string? OwnerName { get; private set; }

    public bool CanWrite { get; private set; }

    /// <summary>The customer's timeline: the newest entries, or those after <c>?before=</c> (a cursor of an entry).</summary>
    public TimelinePage? Timeline { get; private set; }

    /// <summary>The customer's indirect measures over their last periods.</summary>
    public BusinessFigures? Figures { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? before, CancellationToken ct)
    {
        var customer = await CustomerQueries.GetAsync(db, user, id, ct);
        if (customer is null)
        {
            return NotFound();
        }
        Customer = customer;
        var organisationId = user.OrganisationId;
        UnitName = await db.Units.AsNoTracking().Where(u => u.Id == customer.UnitId && u.OrganisationId == organisationId).Select(u => u.Name).SingleAsync(ct);
        OwnerName = customer.OwnerId is { } owner
            ? await db.Users.AsNoTracking().Where(u => u.Id == owner && u.OrganisationId == organisationId).Select(u => u.DisplayName).SingleOrDefaultAsync(ct)
            : null;
        CanWrite = (await authorization.AuthorizeAsync(User, Policies.WriteCustomers)).Succeeded;
        Timeline = await CustomerTimelineApi.LoadAsync(db, user, id, string.IsNullOrWhiteSpace(before) ? null : CustomerTimelineApi.Cursor.Parse(before),
            CustomerTimelineApi.DefaultLimit, ct);
        Figures = new BusinessFigures(customer.Code, await Features.Value.MeasureQueries.CustomerFiguresAsync(db, organisationId, id, customer.Code, ct));
        return Page();
    }
}
