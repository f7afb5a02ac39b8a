using Manyi.Core.Cases;
using Manyi.Core.Organisations;
using Manyi.Data;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Cases;

/// <summary>
/// An organisation's case configuration read in one go: business calendar, settings, escalation levels, SLA policies and the
/// category tree. Defaults apply where nothing is configured (Monday–Friday calendar, 30-day repeat window, no SLA).
/// </summary>
public sealed record CaseRules(
    BusinessCalendarDefinition Calendar,
    CaseSettings Settings,
    IReadOnlyList<EscalationLevel> Levels,
    IReadOnlyList<SlaPolicy> Policies,
    IReadOnlyDictionary<Guid, Guid?> CategoryParents)
{
    /// <summary>The highest escalation level configured (0 when none: escalations are recorded but the level stays).</summary>
    public int TopLevel => Levels.Count == 0 ? 0 : Levels.Max(l => l.Level);

    /// <summary>The category and its ancestors, nearest first (empty for no category).</summary>
    public IReadOnlyList<Guid> CategoryPath(Guid? categoryId) => Hierarchy.PathUp(categoryId, CategoryParents);

    /// <summary>The SLA policy for a case of this category and priority, or null.</summary>
    public SlaPolicy? PolicyFor(Guid? categoryId, CasePriority priority) => SlaPolicy.Choose(Policies, CategoryPath(categoryId), priority);

    public static async Task<CaseRules> LoadAsync(ManyiDbContext db, Guid organisationId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var calendar = await db.BusinessCalendars.AsNoTracking().Where(c => c.OrganisationId == organisationId).Select(c => c.Definition).FirstOrDefaultAsync(ct);
        var settings = await db.CaseSettings.AsNoTracking().FirstOrDefaultAsync(s => s.OrganisationId == organisationId, ct);
        var levels = await db.EscalationLevels.AsNoTracking().Where(l => l.OrganisationId == organisationId).OrderBy(l => l.Level).ToListAsync(ct);
        var policies = await db.SlaPolicies.AsNoTracking().Where(p => p.OrganisationId == organisationId && p.Active).ToListAsync(ct);
        var categories = await db.CaseCategories.AsNoTracking().Where(c => c.OrganisationId == organisationId)
            .Select(c => new { c.Id, c.ParentId }).ToDictionaryAsync(c => c.Id, c => c.ParentId, ct);
        return new CaseRules(calendar ?? new BusinessCalendarDefinition(), settings ?? new CaseSettings { OrganisationId = organisationId },
            levels, policies, categories);
    }
}
