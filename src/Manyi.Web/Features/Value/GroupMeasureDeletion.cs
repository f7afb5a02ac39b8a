using System.Globalization;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Value;

/// <summary>Deleting one group measure, for the API route and the measures page alike.</summary>
public static class GroupMeasureDeletion
{
    /// <summary>
    /// Deletes the measure with its audit entry; false when there is none in the caller's organisation, or when a unit-scoped user
    /// asks for one outside its units (an organisation-wide figure counts as outside).
    /// </summary>
    public static async Task<bool> DeleteAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var organisationId = user.OrganisationId;
        var measure = await db.GroupMeasures.FirstOrDefaultAsync(m => m.Id == id && m.OrganisationId == organisationId, ct);
        var visible = await user.VisibleUnitsAsync(ct);
        if (measure is null || (visible is not null && (measure.UnitId is null || !visible.Contains(measure.UnitId.Value))))
        {
            return false;
        }
        db.GroupMeasures.Remove(measure);
        AuditLog.Write(db, user, clock, "group-measure.delete", id.ToString("D", CultureInfo.InvariantCulture),
            string.Create(CultureInfo.InvariantCulture, $"measure={measure.Measure} periodStart={measure.PeriodStart:yyyy-MM-dd}"));
        await db.SaveChangesAsync(ct);
        return true;
    }
}
