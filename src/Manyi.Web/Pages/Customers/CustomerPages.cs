using Manyi.Core.Customers;
using Manyi.Data;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Pages.Customers;

// Integration note: the customers feature (Features/Customers: CustomerQueries, CustomerCommands, CustomerImport) is written
// in parallel; until it lands these pages query the DbContext directly with the same rules (organisation, unit scope,
// whitelisted sort keys, ETag = Version). When it lands, the page models should call it instead of these helpers.

/// <summary>One line of the customer list.</summary>
public sealed record CustomerRow(Guid Id, string Code, string Name, CustomerType Type, CustomerStatus Status, string? Segment, string? Tier, string UnitName, decimal? Value, DateTimeOffset UpdatedAt);

/// <summary>Queries shared by the customer pages; each starts from the caller's organisation and unit scope.</summary>
public static class CustomerPages
{
    /// <summary>The customers of <paramref name="user"/>'s organisation in <paramref name="units"/> (null = every unit).</summary>
    public static IQueryable<Customer> Scoped(ManyiDbContext db, CurrentUser user, IReadOnlyList<Guid>? units)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var organisationId = user.OrganisationId;
        var query = db.Customers.Where(c => c.OrganisationId == organisationId);
        return units is null ? query : query.Where(c => units.Contains(c.UnitId));
    }

    /// <summary>The customers the user may see at all (ignoring the unit picker), tracked or not as the caller needs.</summary>
    public static async Task<IQueryable<Customer>> VisibleAsync(ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        var visible = await user.VisibleUnitsAsync(ct);
        return Scoped(db, user, visible?.ToList());
    }

    /// <summary>Escapes LIKE wildcards so that a search for "50%" finds the text "50%".</summary>
    public static string LikeContains(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
    }

    /// <summary>Attributes as the edit form's text: one <c>name=value</c> per line, sorted by name.</summary>
    public static string AttributesText(IReadOnlyDictionary<string, string> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        return string.Join('\n', attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Key + "=" + a.Value));
    }
}
