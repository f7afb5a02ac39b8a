using Manyi.Core.Monitoring;
using Manyi.Data;
using Manyi.Web.Features.Users;
using Manyi.Web.Pages.Cases;
using Manyi.Web.Pages.Units;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.Monitoring;

/// <summary>A customer found by the search of the new-project form.</summary>
public sealed record CustomerOption(Guid Id, string Code, string Name, string? Segment);

/// <summary>
/// <c>/monitoring/projects/new</c>: a service project from a template for a customer (searched by code or name), with its unit,
/// owner (项目管家, a user able to own cases), the baseline's source and the warning margin and hysteresis; creates it through the
/// engine and goes to the project page.
/// </summary>
[Authorize(Policy = Policies.HandleCases)]
public sealed partial class NewModel(ManyiDbContext db, CurrentUser user, IStringLocalizer<MonitoringResource> l) : PageModel
{
    public const int MaxMatches = 20;

    public const int NameLength = 200;

    /// <summary>The customer search (code or part of the name).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? CustomerId { get; set; }

    [BindProperty]
    public string? TemplateKey { get; set; } = ProjectTemplates.Implementation.Key;

    [BindProperty]
    public Guid? UnitId { get; set; }

    [BindProperty]
    public Guid? OwnerId { get; set; }

    [BindProperty]
    public BaselineSource? BaselineSource { get; set; } = Core.Monitoring.BaselineSource.CustomerHistory;

    [BindProperty]
    public double? BaselineValue { get; set; }

    [BindProperty]
    public string? BaselineNote { get; set; }

    [BindProperty]
    public double? WarningMargin { get; set; } = 10;

    [BindProperty]
    public double? Hysteresis { get; set; } = 2;

    public IReadOnlyList<CustomerOption> Customers { get; private set; } = [];

    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    public IReadOnlyList<CaseOption> Owners { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        OwnerId ??= user.ActorId;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (CustomerId is null)
        {
            ModelState.AddModelError(nameof(CustomerId), l["Validation.Choose", l["Monitoring.Customer"]]);
        }
        if (Name is { Length: > NameLength })
        {
            ModelState.AddModelError(nameof(Name), l["Validation.Length", l["New.Name"], NameLength]);
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }
        return await CreateAsync(ct);
    }

    /// <summary>The lists of the form: matching customers (plus the chosen one), visible units, possible owners.</summary>
    private async Task LoadAsync(CancellationToken ct)
    {
        var organisationId = user.OrganisationId;
        Units = await UnitScope.VisibleUnitsAsync(db, user, ct);
        Owners = await CasePages.OwnersAsync(db, user, ct);
        var visible = await user.VisibleUnitsAsync(ct);
        var customers = db.Customers.AsNoTracking().Where(c => c.OrganisationId == organisationId);
        if (visible is not null)
        {
            var ids = visible.ToList();
            customers = customers.Where(c => ids.Contains(c.UnitId));
        }
        var found = new List<CustomerOption>();
        if (CustomerId is { } chosen)
        {
            found.AddRange(await customers.Where(c => c.Id == chosen).Select(c => new CustomerOption(c.Id, c.Code, c.Name, c.Segment)).ToListAsync(ct));
        }
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var q = Q.Trim();
            found.AddRange(await customers.Where(c => c.Code == q || c.Name.Contains(q) || c.Code.StartsWith(q))
                .OrderBy(c => c.Code).Take(MaxMatches).Select(c => new CustomerOption(c.Id, c.Code, c.Name, c.Segment)).ToListAsync(ct));
        }
        Customers = [.. found.DistinctBy(c => c.Id)];
    }

    /// <summary>Creates the project through the engine (wired once the engine is merged).</summary>
    private async Task<IActionResult> CreateAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }
}
