using Manyi.Core.Customers;
using Manyi.Data;
using Manyi.Web.Features.Customers;
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
/// <c>/customers</c>: search, filter, sort and page through the customers of the picked unit with <see cref="CustomerQueries.SearchAsync"/>
/// (works without JavaScript; htmx swaps the results live). Sort keys are <see cref="CustomerSort.Keys"/>; anything else is refused.
/// </summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class IndexModel(ManyiDbContext db, CurrentUser user, IAuthorizationService authorization, IStringLocalizer<SharedResource> t) : PageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Segment { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Tier { get; set; }

    [BindProperty(SupportsGet = true)]
    public CustomerStatus? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    /// <summary>1-based page number (query <c>p</c>; "page" is Razor Pages' own route value).</summary>
    [BindProperty(Name = "p", SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<CustomerDto> Rows { get; private set; } = [];

    public int Total { get; private set; }

    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public IReadOnlyList<string> Segments { get; private set; } = [];

    public IReadOnlyList<string> Tiers { get; private set; } = [];

    public bool CanWrite { get; private set; }

    private Dictionary<Guid, string> _unitNames = [];

    /// <summary>The name of a customer's unit (the list only holds customers of visible units).</summary>
    public string UnitName(Guid unitId) => _unitNames.GetValueOrDefault(unitId, string.Empty);

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanWrite = (await authorization.AuthorizeAsync(User, Policies.WriteCustomers)).Succeeded;
        var units = await UnitScope.VisibleUnitsAsync(db, user, ct);
        _unitNames = units.ToDictionary(u => u.Id, u => u.Name);
        var picked = UnitScope.PickedVisible(Request, units);
        var scoped = await CustomerQueries.FilterAsync(db, user, new CustomerFilter { UnitId = picked }, ct);
        Segments = await scoped.Where(c => c.Segment != null).Select(c => c.Segment!).Distinct().OrderBy(s => s).ToListAsync(ct);
        Tiers = await scoped.Where(c => c.Tier != null).Select(c => c.Tier!).Distinct().OrderBy(s => s).ToListAsync(ct);

        var filter = new CustomerFilter
        {
            Q = Blank(Q),
            Segment = Blank(Segment),
            Tier = Blank(Tier),
            Status = Status,
            UnitId = picked,
            Sort = Blank(Sort),
            Page = Math.Max(1, PageNumber),
            PageSize = PageSize,
        };
        if (filter.Validate().ContainsKey("sort"))
        {
            ModelState.AddModelError(nameof(Sort), t["Customers.BadSort", string.Join(", ", CustomerSort.Keys)]);
            Sort = null;
            filter = filter with { Sort = null };
        }
        var page = (await CustomerQueries.SearchAsync(db, user, filter, ct)).Value!;
        if (page.Total > 0 && filter.Page > (page.Total + PageSize - 1) / PageSize)
        {
            // Past the end (the list shrank since the link was made): show the last page.
            page = (await CustomerQueries.SearchAsync(db, user, filter with { Page = (page.Total + PageSize - 1) / PageSize }, ct)).Value!;
        }
        Total = page.Total;
        PageNumber = page.Page;
        Rows = page.Items;
    }

    /// <summary>The query string of this list with one value changed (for sort headers and paging links).</summary>
    public string Link(string? sort = null, int? page = null)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["q"] = Q,
            ["segment"] = Segment,
            ["tier"] = Tier,
            ["status"] = Status?.ToString(),
            ["sort"] = sort ?? Sort,
            ["p"] = (page ?? PageNumber).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return "/customers" + Microsoft.AspNetCore.Http.QueryString.Create(values.Where(v => !string.IsNullOrEmpty(v.Value)));
    }

    /// <summary>The sort key a column header links to: ascending first, descending when already ascending.</summary>
    public string SortLink(string key) => Link(sort: string.Equals(Sort ?? "code", key, StringComparison.Ordinal) ? "-" + key : key, page: 1);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
