using Manyi.Core.Organisations;
using Manyi.Data;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Pages.Units;

/// <summary>A unit as the pages show it: in tree order, with its depth for indentation.</summary>
public sealed record UnitOption(Guid Id, Guid? ParentId, string Code, string Name, UnitKind Kind, int Depth);

/// <summary>
/// The units the signed-in user may see and the one picked in the layout's unit picker (a cookie). Pages that list unit-owned
/// data show the picked unit and everything below it, and never more than <see cref="CurrentUser.VisibleUnitsAsync"/> allows.
/// </summary>
public static class UnitScope
{
    public const string CookieName = "manyi.unit";

    /// <summary>The visible units of the user's organisation in tree order (parents before children, siblings by code).</summary>
    public static async Task<IReadOnlyList<UnitOption>> VisibleUnitsAsync(ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var organisationId = user.OrganisationId;
        var visible = await user.VisibleUnitsAsync(ct);
        var units = await db.Units.AsNoTracking()
            .Where(u => u.OrganisationId == organisationId)
            .Select(u => new { u.Id, u.ParentId, u.Code, u.Name, u.Kind })
            .ToListAsync(ct);
        var shown = units.Where(u => visible is null || visible.Contains(u.Id)).ToList();
        var ids = shown.Select(u => u.Id).ToHashSet();
        var children = shown.Where(u => u.ParentId is { } p && ids.Contains(p)).ToLookup(u => u.ParentId!.Value);
        var ordered = new List<UnitOption>(shown.Count);
        void Walk(Guid id, int depth)
        {
            foreach (var child in children[id].OrderBy(u => u.Code, StringComparer.Ordinal))
            {
                ordered.Add(new UnitOption(child.Id, child.ParentId, child.Code, child.Name, child.Kind, depth));
                Walk(child.Id, depth + 1);
            }
        }
        // Roots: the head office, or for a unit manager the top units of its scope.
        foreach (var root in shown.Where(u => u.ParentId is not { } p || !ids.Contains(p)).OrderBy(u => u.Code, StringComparer.Ordinal))
        {
            ordered.Add(new UnitOption(root.Id, root.ParentId, root.Code, root.Name, root.Kind, 0));
            Walk(root.Id, 1);
        }
        return ordered;
    }

    /// <summary>The unit picked in the layout, if the cookie names one.</summary>
    public static Guid? Picked(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Guid.TryParse(request.Cookies[CookieName], out var id) ? id : null;
    }

    /// <summary>
    /// The unit whose data a page shows (the customers use cases add every unit below it): the picked unit when it is one of
    /// <paramref name="visible"/>, otherwise null, meaning every visible unit.
    /// </summary>
    public static Guid? PickedVisible(HttpRequest request, IReadOnlyList<UnitOption> visible)
    {
        ArgumentNullException.ThrowIfNull(visible);
        return Picked(request) is { } picked && visible.Any(u => u.Id == picked) ? picked : null;
    }
}
