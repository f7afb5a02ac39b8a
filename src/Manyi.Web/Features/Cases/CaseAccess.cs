using Manyi.Core.Cases;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Cases;

/// <summary>
/// Which cases a caller sees and may work, shared by the API and the pages. A case is seen within the organisation and, for a unit
/// manager, within its units (another unit's case answers 404). First-responder ownership (首问负责制) decides who works it: the
/// owner; an administrator; a unit manager of its unit; anyone who may handle cases while it has no owner; machine clients (API keys).
/// </summary>
public static class CaseAccess
{
    /// <summary>The cases the caller may see.</summary>
    public static async Task<IQueryable<Case>> VisibleAsync(ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var organisationId = user.OrganisationId;
        var units = await user.VisibleUnitsAsync(ct);
        var cases = db.Cases.Where(c => c.OrganisationId == organisationId);
        return units is null ? cases : cases.Where(c => units.Contains(c.UnitId));
    }

    /// <summary>The case (tracked, for a change) when the caller may see it, else null.</summary>
    public static async Task<Case?> FindAsync(ManyiDbContext db, CurrentUser user, Guid id, CancellationToken ct) =>
        await (await VisibleAsync(db, user, ct)).FirstOrDefaultAsync(c => c.Id == id, ct);

    /// <summary>Whether the caller may work the case (respond, tick, pause, resolve, close, hand over); see the type's summary.</summary>
    public static bool MayWork(CurrentUser user, Case @case)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(@case);
        return @case.OwnerId is null || @case.OwnerId == user.ActorId
            || user.Role is Roles.Administrator or Roles.UnitManager or ApiKeyFormat.Role;
    }

    /// <summary>The caller as the actor of a case change.</summary>
    public static CaseActor Actor(CurrentUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new CaseActor(user.ActorId, user.ActorName);
    }
}
