using Manyi.Core.Organisations;
using Manyi.Data;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Units;

/// <summary>An organisation's unit tree read from the database, walked with <see cref="Hierarchy"/>.</summary>
public static class UnitTree
{
    /// <summary>The units below <paramref name="roots"/> and the roots themselves, within the organisation (a unit of another organisation gives nothing).</summary>
    public static async Task<HashSet<Guid>> BelowAsync(ManyiDbContext db, Guid organisationId, IEnumerable<Guid> roots, CancellationToken ct) =>
        Hierarchy.Below(roots, await LinksAsync(db, organisationId, ct));

    /// <summary>The unit and every unit below it, within the organisation (empty for a unit of another organisation).</summary>
    public static async Task<List<Guid>> SubtreeAsync(ManyiDbContext db, Guid organisationId, Guid root, CancellationToken ct) =>
        [.. await BelowAsync(db, organisationId, [root], ct)];

    /// <summary>The unit and the units above it, nearest first.</summary>
    public static async Task<List<Guid>> PathUpAsync(ManyiDbContext db, Guid organisationId, Guid unitId, CancellationToken ct) =>
        Hierarchy.PathUp(unitId, (await LinksAsync(db, organisationId, ct)).ToDictionary(u => u.Id, u => u.ParentId));

    private static async Task<List<(Guid Id, Guid? ParentId)>> LinksAsync(ManyiDbContext db, Guid organisationId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var units = await db.Units.AsNoTracking().Where(u => u.OrganisationId == organisationId).Select(u => new { u.Id, u.ParentId }).ToListAsync(ct);
        return [.. units.Select(u => (u.Id, u.ParentId))];
    }
}
