using System.Globalization;
using Manyi.Core.Cases;
using Manyi.Core.Monitoring;
using Manyi.Web.Features.Monitoring;
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
public sealed class NewModel(ManyiDbContext db, CurrentUser user, TimeProvider clock, IStringLocalizer<MonitoringResource> l) : PageModel
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

    /// <summary>Creates the project through the engine (which validates, chooses the baseline and audits) and goes to its page.</summary>
    private async Task<IActionResult> CreateAsync(CancellationToken ct)
    {
        var input = new ProjectInput
        {
            Name = string.IsNullOrWhiteSpace(Name) ? await DefaultNameAsync(ct) : Name.Trim(),
            CustomerId = CustomerId, UnitId = UnitId, OwnerId = OwnerId, TemplateKey = TemplateKey, BaselineSource = BaselineSource,
            BaselineValue = BaselineValue, BaselineNote = string.IsNullOrWhiteSpace(BaselineNote) ? null : BaselineNote.Trim(),
            WarningMargin = WarningMargin, Hysteresis = Hysteresis,
        };
        var outcome = await ProjectMonitor.CreateAsync(db, user.OrganisationId, await user.VisibleUnitsAsync(ct), new CaseActor(user.ActorId, user.ActorName),
            input, CultureInfo.CurrentUICulture, clock.GetUtcNow(), ct);
        if (outcome.Value is { } project)
        {
            return Redirect($"/monitoring/projects/{project.Id}");
        }
        foreach (var (field, messages) in outcome.Errors ?? new Dictionary<string, string[]>())
        {
            var key = Fields.GetValueOrDefault(field, string.Empty);
            foreach (var message in messages)
            {
                ModelState.AddModelError(key, message);
            }
        }
        if (outcome.Conflict is not null)
        {
            ModelState.AddModelError(string.Empty, outcome.Conflict);
        }
        if (outcome.Missing)
        {
            ModelState.AddModelError(nameof(CustomerId), l["Validation.Choose", l["Monitoring.Customer"]]);
        }
        db.ChangeTracker.Clear();
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The engine's request fields → the form's fields (the rest show above the form).</summary>
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["name"] = nameof(Name), ["customerId"] = nameof(CustomerId), ["unitId"] = nameof(UnitId), ["ownerId"] = nameof(OwnerId),
        ["templateKey"] = nameof(TemplateKey), ["stages"] = nameof(TemplateKey), ["baselineSource"] = nameof(BaselineSource),
        ["baselineValue"] = nameof(BaselineValue), ["baselineResponseId"] = nameof(BaselineValue), ["baselineNote"] = nameof(BaselineNote),
        ["warningMargin"] = nameof(WarningMargin), ["hysteresis"] = nameof(Hysteresis),
    };

    /// <summary>"Template · customer" when no name is given.</summary>
    private async Task<string?> DefaultNameAsync(CancellationToken ct)
    {
        var organisationId = user.OrganisationId;
        var customer = await db.Customers.AsNoTracking().Where(c => c.OrganisationId == organisationId && c.Id == CustomerId).Select(c => c.Name).FirstOrDefaultAsync(ct);
        var template = ProjectTemplates.Find(TemplateKey);
        return customer is null || template is null ? null : $"{template.Name(CultureInfo.CurrentUICulture)} · {customer}";
    }
}
