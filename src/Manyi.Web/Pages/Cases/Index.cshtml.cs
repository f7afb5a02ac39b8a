using Manyi.Core.Cases;
using Manyi.Core.Organisations;
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

/// <summary>One row of the case list.</summary>
public sealed record CaseRow(Case Case, string? CustomerName, string? CategoryName, string? OwnerName, string UnitName, SlaState Sla);

/// <summary>
/// <c>/cases</c>: the cases the reader may see (<see cref="CaseAccess.VisibleAsync"/>: organisation and unit scope), by view (mine,
/// open, overdue, all) and filters, sorted by the resolution due time (none last). A handler starts on "mine".
/// </summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class IndexModel(ManyiDbContext db, CurrentUser user, IAuthorizationService authorization, TimeProvider clock,
    IStringLocalizer<CasesResource> l) : PageModel
{
    public const int PageSize = 50;

    /// <summary>The views of the list (whitelist).</summary>
    public static IReadOnlyList<string> Views { get; } = ["mine", "open", "overdue", "all"];

    [BindProperty(SupportsGet = true)]
    public string? View { get; set; }

    [BindProperty(SupportsGet = true)]
    public CaseStatus? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public CaseKind? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public CasePriority? Priority { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Category { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Unit { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(Name = "p", SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<CaseRow> Rows { get; private set; } = [];

    public int Total { get; private set; }

    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public IReadOnlyList<CaseOption> Categories { get; private set; } = [];

    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    public IReadOnlyList<EscalationLevel> Levels { get; private set; } = [];

    public bool CanHandle { get; private set; }

    public BusinessCalendarDefinition Calendar { get; private set; } = new();

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanHandle = (await authorization.AuthorizeAsync(User, Policies.HandleCases)).Succeeded;
        if (View is null || !Views.Contains(View, StringComparer.Ordinal))
        {
            if (View is not null)
            {
                ModelState.AddModelError(nameof(View), l["Cases.BadView", string.Join(" / ", Views)]);
            }
            View = CanHandle ? "mine" : "open";
        }
        var organisationId = user.OrganisationId;
        var rules = await CaseRules.LoadAsync(db, organisationId, ct);
        Calendar = rules.Calendar;
        Levels = rules.Levels;
        Units = await UnitScope.VisibleUnitsAsync(db, user, ct);
        Categories = await CasePages.CategoriesAsync(db, organisationId, ct);
        var now = clock.GetUtcNow();

        var cases = await CaseAccess.VisibleAsync(db, user, ct);
        var me = user.ActorId;
        cases = View switch
        {
            "mine" => cases.Where(c => c.OwnerId == me && c.Status != CaseStatus.Closed),
            "open" => cases.Where(c => c.Status == CaseStatus.New || c.Status == CaseStatus.InProgress || c.Status == CaseStatus.WaitingForCustomer),
            "overdue" => cases.Where(c => (c.Status == CaseStatus.New || c.Status == CaseStatus.InProgress)
                && ((c.ResolutionDueAt != null && c.ResolutionDueAt < now) || (c.Status == CaseStatus.New && c.FirstResponseDueAt != null && c.FirstResponseDueAt < now)
                    || c.ResolutionBreachedAt != null || (c.Status == CaseStatus.New && c.FirstResponseBreachedAt != null))),
            _ => cases,
        };
        if (Status is { } status)
        {
            cases = cases.Where(c => c.Status == status);
        }
        if (Kind is { } kind)
        {
            cases = cases.Where(c => c.Kind == kind);
        }
        if (Priority is { } priority)
        {
            cases = cases.Where(c => c.Priority == priority);
        }
        if (Category is { } category)
        {
            // The category and its sub-categories.
            var ids = rules.CategoryParents.Keys.Where(id => rules.CategoryPath(id).Contains(category)).ToList();
            cases = cases.Where(c => c.CategoryId != null && ids.Contains(c.CategoryId.Value));
        }
        var unit = Unit is { } u && Units.Any(x => x.Id == u) ? Unit : UnitScope.PickedVisible(Request, Units);
        if (unit is { } picked)
        {
            var below = Below(picked);
            cases = cases.Where(c => below.Contains(c.UnitId));
        }
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var q = Q.Trim();
            var customers = db.Customers.Where(c => c.OrganisationId == organisationId && (c.Code == q || c.Name.Contains(q))).Select(c => c.Id);
            cases = cases.Where(c => c.Number == q || c.Subject.Contains(q) || (c.CustomerId != null && customers.Contains(c.CustomerId.Value)));
        }

        Total = await cases.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        var page = await cases.AsNoTracking()
            .OrderBy(c => c.ResolutionDueAt == null).ThenBy(c => c.ResolutionDueAt).ThenByDescending(c => c.ReceivedAt).ThenBy(c => c.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);

        var customerIds = page.Where(c => c.CustomerId is not null).Select(c => c.CustomerId!.Value).Distinct().ToList();
        var customerNames = await db.Customers.AsNoTracking().Where(c => c.OrganisationId == organisationId && customerIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var owners = await CasePages.UserNamesAsync(db, organisationId, page.Where(c => c.OwnerId is not null).Select(c => c.OwnerId!.Value), ct);
        var categoryNames = Categories.ToDictionary(c => c.Id, c => c.Text);
        var unitNames = Units.ToDictionary(x => x.Id, x => x.Name);
        Rows = [.. page.Select(c => new CaseRow(c,
            c.CustomerId is { } cu ? customerNames.GetValueOrDefault(cu) : null,
            c.CategoryId is { } ca ? categoryNames.GetValueOrDefault(ca) : null,
            c.OwnerId is { } o ? owners.GetValueOrDefault(o) : null,
            unitNames.GetValueOrDefault(c.UnitId, string.Empty),
            CasePages.Sla(c, rules.Calendar, now)))];
    }

    /// <summary>The query string of this list with another view or page.</summary>
    public string Link(string? view = null, int? page = null)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["view"] = view ?? View,
            ["status"] = Status?.ToString(),
            ["kind"] = Kind?.ToString(),
            ["priority"] = Priority?.ToString(),
            ["category"] = Category?.ToString(),
            ["unit"] = Unit?.ToString(),
            ["q"] = Q,
            ["p"] = (page ?? 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return "/cases" + QueryString.Create(values.Where(v => !string.IsNullOrEmpty(v.Value)));
    }

    private List<Guid> Below(Guid unit) => [.. Hierarchy.Below([unit], Units.Select(x => (x.Id, x.ParentId)))];
}
