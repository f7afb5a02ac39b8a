using System.Linq.Expressions;
using Manyi.Core.Customers;
using Manyi.Data;
using Manyi.Web.Features.Units;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Customers;

/// <summary>The whitelist of sort keys of the customer list; nothing else reaches ORDER BY.</summary>
public static class CustomerSort
{
    public static IReadOnlyList<string> Keys { get; } = ["code", "name", "value", "segment", "tier", "createdAt", "updatedAt"];

    public static bool IsKnown(string sort)
    {
        ArgumentNullException.ThrowIfNull(sort);
        var key = sort.StartsWith('-') ? sort[1..] : sort;
        return Keys.Contains(key, StringComparer.Ordinal);
    }

    /// <summary>Orders by a whitelisted key (unknown keys fall back to code), then by id so that pages never overlap.</summary>
    internal static IOrderedQueryable<Customer> Apply(IQueryable<Customer> query, string? sort)
    {
        var descending = sort is not null && sort.StartsWith('-');
        var key = sort is null ? "code" : descending ? sort[1..] : sort;
        var ordered = key switch
        {
            "name" => By(query, c => c.Name, descending),
            // SQLite keeps decimals as text and cannot order them; a REAL cast orders numerically on both providers.
            "value" => By(query, c => (double?)c.Value, descending),
            "segment" => By(query, c => c.Segment, descending),
            "tier" => By(query, c => c.Tier, descending),
            "createdAt" => By(query, c => c.CreatedAt, descending),
            "updatedAt" => By(query, c => c.UpdatedAt, descending),
            _ => By(query, c => c.Code, descending),
        };
        return ordered.ThenBy(c => c.Id);
    }

    private static IOrderedQueryable<Customer> By<TKey>(IQueryable<Customer> query, Expression<Func<Customer, TKey>> key, bool descending) =>
        descending ? query.OrderByDescending(key) : query.OrderBy(key);
}

/// <summary>Reads of customers, always within the caller's organisation and visible units (product.md M12).</summary>
public static class CustomerQueries
{
    /// <summary>The projection into <see cref="CustomerDto"/>, for use inside queries.</summary>
    public static Expression<Func<Customer, CustomerDto>> ToDtoExpression { get; } = c => new CustomerDto(
        c.Id, c.Code, c.Name, c.Type, c.Status, c.Segment, c.Tier, c.UnitId, c.OwnerId, c.Email, c.Phone, c.Value,
        c.Attributes, c.CreatedAt, c.UpdatedAt, c.Version);

    /// <summary>Maps a loaded customer.</summary>
    public static CustomerDto ToDto(this Customer c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new CustomerDto(c.Id, c.Code, c.Name, c.Type, c.Status, c.Segment, c.Tier, c.UnitId, c.OwnerId, c.Email, c.Phone, c.Value,
            new Dictionary<string, string>(c.Attributes, StringComparer.Ordinal), c.CreatedAt, c.UpdatedAt, c.Version);
    }

    /// <summary>One page of the customers that match <paramref name="filter"/>, with the total count; Invalid on a bad sort key or page.</summary>
    public static async Task<UseCaseResult<CustomerPage>> SearchAsync(ManyiDbContext db, CurrentUser user, CustomerFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var errors = filter.Validate();
        if (errors.Count > 0)
        {
            return UseCaseResult.Invalid<CustomerPage>(errors);
        }
        var query = await FilterAsync(db, user, filter, ct);
        var total = await query.CountAsync(ct);
        var items = await CustomerSort.Apply(query, filter.Sort)
            .Skip((int)Math.Min(int.MaxValue, (long)(filter.Page - 1) * filter.PageSize))
            .Take(filter.PageSize)
            .Select(ToDtoExpression)
            .ToListAsync(ct);
        return UseCaseResult.Ok(new CustomerPage(items, filter.Page, filter.PageSize, total));
    }

    /// <summary>The customer, or null when it does not exist or is outside the caller's organisation or units (the two look alike).</summary>
    public static async Task<CustomerDto?> GetAsync(ManyiDbContext db, CurrentUser user, Guid id, CancellationToken ct)
    {
        var query = await VisibleAsync(db, user, ct);
        return await query.Where(c => c.Id == id).Select(ToDtoExpression).FirstOrDefaultAsync(ct);
    }

    /// <summary>The customers of the caller's organisation and visible units (no tracking).</summary>
    public static async Task<IQueryable<Customer>> VisibleAsync(ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var organisationId = user.OrganisationId;
        var visible = await user.VisibleUnitsAsync(ct);
        var query = db.Customers.AsNoTracking().Where(c => c.OrganisationId == organisationId);
        if (visible is not null)
        {
            var ids = visible.ToList();
            query = query.Where(c => ids.Contains(c.UnitId));
        }
        return query;
    }

    /// <summary>The visible customers that match the filter's conditions (not sorted, not paged); also used by the export.</summary>
    public static async Task<IQueryable<Customer>> FilterAsync(ManyiDbContext db, CurrentUser user, CustomerFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = await VisibleAsync(db, user, ct);
        if (filter.Q is { } q)
        {
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL lower(); never runs in .NET
            var text = q.ToLower();
            query = query.Where(c => c.Code.ToLower().Contains(text) || c.Name.ToLower().Contains(text)
                || (c.Email != null && c.Email.ToLower().Contains(text)) || (c.Phone != null && c.Phone.Contains(text)));
#pragma warning restore CA1304, CA1311, CA1862
        }
        if (filter.Segment is { } segment)
        {
            query = query.Where(c => c.Segment == segment);
        }
        if (filter.Tier is { } tier)
        {
            query = query.Where(c => c.Tier == tier);
        }
        if (filter.Status is { } status)
        {
            query = query.Where(c => c.Status == status);
        }
        if (filter.Type is { } type)
        {
            query = query.Where(c => c.Type == type);
        }
        if (filter.OwnerId is { } owner)
        {
            query = query.Where(c => c.OwnerId == owner);
        }
        if (filter.UnitId is { } unitId)
        {
            var subtree = await UnitTree.SubtreeAsync(db, user.OrganisationId, unitId, ct);
            query = query.Where(c => subtree.Contains(c.UnitId));
        }
        return query;
    }

}
