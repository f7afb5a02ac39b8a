using Manyi.Data;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Users;
using Manyi.Web.Pages.Units;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.Customers;

/// <summary>
/// <c>/customers/{id}/edit</c>: the form carries the version it was loaded with and <see cref="CustomerCommands.UpdateAsync"/> expects
/// it; if someone saved the customer since, the page says so and writes nothing (the ETag rule of the API, for people).
/// </summary>
[Authorize(Policy = Policies.WriteCustomers)]
public sealed class EditModel(ManyiDbContext db, CurrentUser user, TimeProvider clock, IStringLocalizer<SharedResource> t) : PageModel, ICustomerFormPage
{
    [BindProperty]
    public CustomerInput Input { get; set; } = new();

    [BindProperty(Name = CustomerFormPage.AttributesField)]
    public string? AttributesText { get; set; }

    [BindProperty(Name = CustomerFormPage.VersionField)]
    public Guid Version { get; set; }

    public Guid Id { get; private set; }

    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    public IReadOnlyList<OwnerOption> Owners { get; private set; } = [];

    /// <summary>True when the customer changed after the form was opened.</summary>
    public bool Stale { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var customer = await CustomerQueries.GetAsync(db, user, id, ct);
        if (customer is null)
        {
            return NotFound();
        }
        Id = id;
        Input = CustomerFormPage.From(customer);
        AttributesText = CustomerFormPage.AttributesText(customer.Attributes);
        Version = customer.Version;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        Id = id;
        var input = CustomerFormPage.Read(Input, AttributesText, ModelState, t);
        if (!ModelState.IsValid)
        {
            // Nothing is written, but a customer outside the user's units is still a 404, never a form.
            if (await CustomerQueries.GetAsync(db, user, id, ct) is null)
            {
                return NotFound();
            }
            await LoadAsync(ct);
            return Page();
        }
        var result = await CustomerCommands.UpdateAsync(db, user, clock, id, Version, input, ct);
        switch (result.Outcome)
        {
            case Outcome.NotFound:
                return NotFound();
            case Outcome.Stale:
                Stale = true;
                ModelState.AddModelError(string.Empty, t["Customer.Stale"]);
                break;
            case Outcome.Invalid:
                CustomerFormPage.AddErrors(result, ModelState, t);
                break;
            default:
                return Redirect($"/customers/{id}");
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Units = await UnitScope.VisibleUnitsAsync(db, user, ct);
        Owners = await CustomerFormPage.OwnersAsync(db, user, ct);
    }
}
