using Manyi.Core.Cases;
using Manyi.Data;
using Manyi.Web.Features.Cases;
using Manyi.Web.Features.Users;
using Manyi.Web.Pages.Units;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.Cases;

/// <summary>The fields of the form that receives a case.</summary>
public sealed class NewCaseInput
{
    public CaseKind Kind { get; set; } = CaseKind.Complaint;

    public string? CustomerCode { get; set; }

    public Guid? UnitId { get; set; }

    public Guid? CategoryId { get; set; }

    public CasePriority Priority { get; set; } = CasePriority.Normal;

    public string Channel { get; set; } = "phone";

    public string? Subject { get; set; }

    public string? Description { get; set; }
}

/// <summary>
/// <c>/cases/new</c>: receive a complaint, enquiry or suggestion. The receiver owns it (首问负责制) — <see cref="CaseIntake.OpenAsync"/>
/// does that, the number, the SLA clock and the repeated-complaint escalation; this page checks the fields against the reader's
/// organisation and units. "Find" looks the customer up by code and takes the unit from the customer.
/// </summary>
[Authorize(Policy = Policies.HandleCases)]
public sealed class NewModel(ManyiDbContext db, CurrentUser user, TimeProvider clock, IStringLocalizer<CasesResource> l) : PageModel
{
    [BindProperty]
    public NewCaseInput Input { get; set; } = new();

    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    public IReadOnlyList<CaseOption> Categories { get; private set; } = [];

    /// <summary>The customer found by code (name shown beside the field).</summary>
    public string? CustomerName { get; private set; }

    public static IReadOnlyList<CaseKind> Kinds { get; } = [CaseKind.Complaint, CaseKind.Enquiry, CaseKind.Suggestion];

    public async Task OnGetAsync(string? customer, CancellationToken ct)
    {
        await LoadAsync(ct);
        Input.UnitId = UnitScope.PickedVisible(Request, Units);
        if (!string.IsNullOrWhiteSpace(customer))
        {
            Input.CustomerCode = customer;
            await FindCustomerAsync(ct);
        }
    }

    /// <summary>The "find" button: looks the customer up and fills the unit from it; creates nothing.</summary>
    public async Task<IActionResult> OnPostFindAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        ModelState.Clear();
        if (await FindCustomerAsync(ct) is { } found)
        {
            Input.UnitId = found.UnitId;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        ModelState.Clear();
        var customer = await FindCustomerAsync(ct);
        if (customer is not null && Input.UnitId is null)
        {
            Input.UnitId = customer.UnitId;
        }
        if (string.IsNullOrWhiteSpace(Input.Subject))
        {
            ModelState.AddModelError("Input.Subject", l["Validation.Required", l["Case.Subject"]]);
        }
        else if (Input.Subject.Trim().Length > CaseIntake.SubjectLength)
        {
            ModelState.AddModelError("Input.Subject", l["Validation.Length", l["Case.Subject"], CaseIntake.SubjectLength]);
        }
        if (Input.Description is { Length: > CaseIntake.TextLength })
        {
            ModelState.AddModelError("Input.Description", l["Validation.Length", l["Case.Description"], CaseIntake.TextLength]);
        }
        if (!CaseIntake.Channels.Contains(Input.Channel, StringComparer.Ordinal))
        {
            ModelState.AddModelError("Input.Channel", l["Validation.Choose", l["Case.Channel"]]);
        }
        if (!Enum.IsDefined(Input.Kind) || !Kinds.Contains(Input.Kind))
        {
            ModelState.AddModelError("Input.Kind", l["Validation.Choose", l["Case.Kind"]]);
        }
        if (!Enum.IsDefined(Input.Priority))
        {
            ModelState.AddModelError("Input.Priority", l["Validation.Choose", l["Case.Priority"]]);
        }
        if (Input.UnitId is not { } unitId || Units.All(u => u.Id != unitId))
        {
            ModelState.AddModelError("Input.UnitId", l["Validation.Choose", l["Case.Unit"]]);
        }
        if (Input.CategoryId is { } categoryId && Categories.All(c => c.Id != categoryId))
        {
            ModelState.AddModelError("Input.CategoryId", l["Validation.Choose", l["Case.Category"]]);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var organisationId = user.OrganisationId;
        var rules = await CaseRules.LoadAsync(db, organisationId, ct);
        var request = new NewCase
        {
            Kind = Input.Kind,
            Channel = Input.Channel,
            Priority = Input.Priority,
            CategoryId = Input.CategoryId,
            CustomerId = customer?.Id,
            UnitId = Input.UnitId!.Value,
            Subject = Input.Subject!.Trim(),
            Description = Input.Description,
        };
        var opened = await CaseIntake.OpenAsync(db, organisationId, request, rules, CaseAccess.Actor(user), clock.GetUtcNow(), ct);
        await db.SaveChangesAsync(ct);
        return Redirect($"/cases/{opened.Id}");
    }

    private sealed record FoundCustomer(Guid Id, Guid UnitId, string Name);

    /// <summary>The customer of <see cref="NewCaseInput.CustomerCode"/> among the reader's units; a field error when the code finds none.</summary>
    private async Task<FoundCustomer?> FindCustomerAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Input.CustomerCode))
        {
            return null;
        }
        var code = Input.CustomerCode.Trim();
        var organisationId = user.OrganisationId;
        var visible = Units.Select(u => u.Id).ToList();
        var found = await db.Customers.AsNoTracking()
            .Where(c => c.OrganisationId == organisationId && c.Code == code && visible.Contains(c.UnitId))
            .Select(c => new FoundCustomer(c.Id, c.UnitId, c.Name)).FirstOrDefaultAsync(ct);
        if (found is null)
        {
            ModelState.AddModelError("Input.CustomerCode", l["Case.CustomerUnknown"]);
            return null;
        }
        CustomerName = found.Name;
        return found;
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Units = await UnitScope.VisibleUnitsAsync(db, user, ct);
        Categories = await CasePages.CategoriesAsync(db, user.OrganisationId, ct);
    }
}
