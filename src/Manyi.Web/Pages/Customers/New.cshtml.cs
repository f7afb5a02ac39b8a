using Manyi.Core.Customers;
using Manyi.Data;
using Manyi.Web.Features.Users;
using Manyi.Web.Pages.Units;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.Customers;

/// <summary><c>/customers/new</c>: create a customer in one of the user's units.</summary>
[Authorize(Policy = Policies.WriteCustomers)]
public sealed class NewModel(ManyiDbContext db, CurrentUser user, TimeProvider clock, IStringLocalizer<SharedResource> t) : PageModel, ICustomerFormPage
{
    [BindProperty]
    public CustomerInput Input { get; set; } = new();

    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    public IReadOnlyList<OwnerOption> Owners { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Input.UnitId = UnitScope.Picked(Request) is { } picked && Units.Any(u => u.Id == picked) ? picked : null;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var attributes = await CustomerForm.ValidateAsync(Input, null, Units, db, user, ModelState, t, ct);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var now = clock.GetUtcNow();
        var customer = new Customer { Id = Guid.NewGuid(), OrganisationId = user.OrganisationId, Code = Input.Code, Name = Input.Name, CreatedAt = now };
        CustomerForm.Apply(Input, attributes, customer, now);
        db.Customers.Add(customer);
        await db.SaveChangesAsync(ct);
        return Redirect($"/customers/{customer.Id}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Units = await UnitScope.VisibleUnitsAsync(db, user, ct);
        Owners = await CustomerForm.OwnersAsync(db, user, ct);
    }
}
