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

/// <summary><c>/customers/new</c>: create a customer in one of the user's units (<see cref="CustomerCommands.CreateAsync"/>).</summary>
[Authorize(Policy = Policies.WriteCustomers)]
public sealed class NewModel(ManyiDbContext db, CurrentUser user, TimeProvider clock, IStringLocalizer<SharedResource> t) : PageModel, ICustomerFormPage
{
    [BindProperty]
    public CustomerInput Input { get; set; } = new();

    [BindProperty(Name = CustomerFormPage.AttributesField)]
    public string? AttributesText { get; set; }

    public Guid Version => Guid.Empty;

    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    public IReadOnlyList<OwnerOption> Owners { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Input = Input with { UnitId = UnitScope.Picked(Request) is { } picked && Units.Any(u => u.Id == picked) ? picked : null };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var input = CustomerFormPage.Read(Input, AttributesText, ModelState, t);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var result = await CustomerCommands.CreateAsync(db, user, clock, input, ct);
        if (result.Outcome != Outcome.Ok)
        {
            CustomerFormPage.AddErrors(result, ModelState, t);
            return Page();
        }
        return Redirect($"/customers/{result.Value!.Id}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Units = await UnitScope.VisibleUnitsAsync(db, user, ct);
        Owners = await CustomerFormPage.OwnersAsync(db, user, ct);
    }
}
