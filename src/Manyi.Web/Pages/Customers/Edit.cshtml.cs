using Manyi.Data;
using Manyi.Web.Features.Users;
using Manyi.Web.Pages.Units;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.Customers;

/// <summary>
/// <c>/customers/{id}/edit</c>: the form carries the version it was loaded with; if someone saved the customer since, the page
/// says so and writes nothing (the ETag rule of the API, for people).
/// </summary>
[Authorize(Policy = Policies.WriteCustomers)]
public sealed class EditModel(ManyiDbContext db, CurrentUser user, TimeProvider clock, IStringLocalizer<SharedResource> t) : PageModel, ICustomerFormPage
{
    [BindProperty]
    public CustomerInput Input { get; set; } = new();

    public Guid Id { get; private set; }

    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    public IReadOnlyList<OwnerOption> Owners { get; private set; } = [];

    /// <summary>True when the customer changed after the form was opened.</summary>
    public bool Stale { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var customers = await CustomerPages.VisibleAsync(db, user, ct);
        var customer = await customers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (customer is null)
        {
            return NotFound();
        }
        Id = id;
        Input = CustomerInput.From(customer);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var customers = await CustomerPages.VisibleAsync(db, user, ct);
        var customer = await customers.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (customer is null)
        {
            return NotFound();
        }
        Id = id;
        await LoadAsync(ct);
        if (customer.Version != Input.Version)
        {
            Stale = true;
            ModelState.AddModelError(string.Empty, t["Customer.Stale"]);
            return Page();
        }
        var attributes = await CustomerForm.ValidateAsync(Input, id, Units, db, user, ModelState, t, ct);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        // The version read above is the concurrency token: a save that raced in between still fails instead of overwriting.
        db.Entry(customer).Property(c => c.Version).OriginalValue = Input.Version;
        CustomerForm.Apply(Input, attributes, customer, clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            Stale = true;
            ModelState.AddModelError(string.Empty, t["Customer.Stale"]);
            return Page();
        }
        return Redirect($"/customers/{id}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Units = await UnitScope.VisibleUnitsAsync(db, user, ct);
        Owners = await CustomerForm.OwnersAsync(db, user, ct);
    }
}
