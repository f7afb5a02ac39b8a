using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Units;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Users;

/// <summary>
/// Whose eyes a computation is for: the organisation and the units whose data may be shown (null = every unit). The caller of
/// a request (<see cref="FromAsync"/>) or, for a scheduled report, the user it runs as (<see cref="ForUserAsync"/>).
/// </summary>
public sealed record Viewer(Guid OrganisationId, Guid UserId, string Role, IReadOnlySet<Guid>? VisibleUnits)
{
    /// <summary>The caller of the current request.</summary>
    public static async Task<Viewer> FromAsync(CurrentUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new Viewer(user.OrganisationId, user.ActorId, user.Role, await user.VisibleUnitsAsync(ct));
    }

    /// <summary>A user of the organisation as the same rules as <see cref="CurrentUser"/> see them; null when the user is gone.</summary>
    public static async Task<Viewer?> ForUserAsync(ManyiDbContext db, Guid organisationId, Guid userId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId && u.OrganisationId == organisationId).Select(u => new { u.Role }).FirstOrDefaultAsync(ct);
        if (user is null)
        {
            return null;
        }
        if (user.Role != Roles.UnitManager)
        {
            return new Viewer(organisationId, userId, user.Role, null);
        }
        var roots = await db.UserUnits.AsNoTracking().Where(u => u.UserId == userId).Select(u => u.UnitId).ToListAsync(ct);
        return new Viewer(organisationId, userId, user.Role, await UnitTree.BelowAsync(db, organisationId, roots, ct));
    }
}
