using Manyi.Core.Customers;
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

/// <summary><c>/customers</c>: search, filter, sort and page through the customers of the picked unit (works without JavaScript; htmx swaps the results live).</summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class IndexModel(ManyiDbContext db, CurrentUser user, IAuthorizationService authorization, IStringLocalizer<SharedResource> t) : PageModel
{
    public const int PageSize = 25;

    /// <summary>The sort keys a request may name (a leading '-' sorts descending); anything else is refused, never passed to SQL.</summary>
    public static IReadOnlyList<string> SortKeys { get; } = ["code", "name", "segment", "tier", "value", "updated"];

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

    public IReadOnlyList<CustomerRow> Rows { get; private set; } = [];

    public int Total { get; private set; }

    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public IReadOnlyList<string> Segments { get; private set; } = [];

    public IReadOnlyList<string> Tiers { get; private set; } = [];

    public bool CanWrite { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanWrite = (await authorization.AuthorizeAsync(User, Policies.WriteCustomers)).Succeeded;
        var units = await UnitScope.EffectiveUnitsAsync(Request, db, user, ct);
        var scoped = CustomerPages.Scoped(db, user, units).AsNoTracking();
        Segments = await scoped.Where(c => c.Segment != null).Select(c => c.Segment!).Distinct().OrderBy(s => s).ToListAsync(ct);
        Tiers = await scoped.Where(c => c.Tier != null).Select(c => c.Tier!).Distinct().OrderBy(s => s).ToListAsync(ct);

        var query = scoped;
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var pattern = CustomerPages.LikeContains(Q.Trim());
            query = query.Where(c => EF.Functions.Like(c.Name, pattern, "\\") || EF.Functions.Like(c.Code, pattern, "\\")
                || (c.Email != null && EF.Functions.Like(c.Email, pattern, "\\")) || (c.Phone != null && EF.Functions.Like(c.Phone, pattern, "\\")));
        }
        if (!string.IsNullOrEmpty(Segment))
        {
            query = query.Where(c => c.Segment == Segment);
        }
        if (!string.IsNullOrEmpty(Tier))
        {
            query = query.Where(c => c.Tier == Tier);
        }
        if (Status is { } status)
        {
            query = query.Where(c => c.Status == status);
        }
        var key = Sort ?? "code";
        var descending = key.StartsWith('-');
        key = descending ? key[1..] : key;
        if (!SortKeys.Contains(key, StringComparer.Ordinal))
        {
            ModelState.AddModelError(nameof(Sort), t["Customers.BadSort", string.Join(", ", SortKeys)]);
            key = "code";
            descending = false;
            Sort = null;
        }
        query = (key, descending) switch
        {
            ("name", false) => query.OrderBy(c => c.Name).ThenBy(c => c.Code),
            ("name", true) => query.OrderByDescending(c => c.Name).ThenBy(c => c.Code),
            ("segment", false) => query.OrderBy(c => c.Segment).ThenBy(c => c.Code),
            ("segment", true) => query.OrderByDescending(c => c.Segment).ThenBy(c => c.Code),
            ("tier", false) => query.OrderBy(c => c.Tier).ThenBy(c => c.Code),
            ("tier", true) => query.OrderByDescending(c => c.Tier).ThenBy(c => c.Code),
            ("value", false) => query.OrderBy(c => c.Value).ThenBy(c => c.Code),
            ("value", true) => query.OrderByDescending(c => c.Value).ThenBy(c => c.Code),
            ("updated", false) => query.OrderBy(c => c.UpdatedAt).ThenBy(c => c.Code),
            ("updated", true) => query.OrderByDescending(c => c.UpdatedAt).ThenBy(c => c.Code),
            (_, true) => query.OrderByDescending(c => c.Code),
            _ => query.OrderBy(c => c.Code),
        };

        Total = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        Rows = await query
            .Skip((PageNumber - 1) * PageSize)
            .Take(PageSize)
            .Select(c => new CustomerRow(c.Id, c.Code, c.Name, c.Type, c.Status, c.Segment, c.Tier,
                db.Units.Where(u => u.Id == c.UnitId).Select(u => u.Name).First(), c.Value, c.UpdatedAt))
            .ToListAsync(ct);
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
}
