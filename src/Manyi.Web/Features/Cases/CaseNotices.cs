using Manyi.Core.Cases;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Units;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Cases;

/// <summary>
/// Adds the in-app notifications a case change calls for (product.md M5); the notification mailer sends them by e-mail. Rows are
/// added to the context; the caller saves them with the case, so a notice exists exactly when its change does.
/// </summary>
public static class CaseNotices
{
    /// <summary>Notifies one user (nothing when <paramref name="userId"/> is null).</summary>
    public static void Add(ManyiDbContext db, Case @case, Guid? userId, NotificationKind kind, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(@case);
        if (userId is not { } user)
        {
            return;
        }
        db.Notifications.Add(new Notification
        {
            Id = Guid.NewGuid(),
            OrganisationId = @case.OrganisationId,
            UserId = user,
            CaseId = @case.Id,
            Kind = kind,
            CaseNumber = @case.Number,
            Level = @case.Level,
            CreatedAt = now,
        });
    }

    /// <summary>
    /// Notifies everyone responsible at the case's current level — the level's users and, if the level says so, the unit managers of
    /// the case's unit and the units above it — and the owner, each once.
    /// </summary>
    public static async Task ToLevelAsync(ManyiDbContext db, Case @case, CaseRules rules, NotificationKind kind, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(rules);
        var users = new HashSet<Guid>();
        if (@case.OwnerId is { } owner)
        {
            users.Add(owner);
        }
        var level = rules.Levels.FirstOrDefault(l => l.Level == @case.Level);
        if (level is not null)
        {
            users.UnionWith(level.NotifyUserIds);
            if (level.NotifyUnitManagers)
            {
                var units = await UnitTree.PathUpAsync(db, @case.OrganisationId, @case.UnitId, ct);
                var managers = await db.UserUnits.AsNoTracking().Where(u => units.Contains(u.UnitId)).Select(u => u.UserId).ToListAsync(ct);
                users.UnionWith(managers);
            }
        }
        // Only users of the case's organisation (a stale id in a level's list must not leak a notice elsewhere).
        var ids = users.ToList();
        var valid = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && u.OrganisationId == @case.OrganisationId).Select(u => u.Id).ToListAsync(ct);
        foreach (var user in valid)
        {
            Add(db, @case, user, kind, now);
        }
    }

    /// <summary>Whether <paramref name="userId"/> is a user of the organisation who may own cases (not a viewer or an API key).</summary>
    public static Task<bool> CanOwnAsync(ManyiDbContext db, Guid organisationId, Guid userId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Users.AsNoTracking().AnyAsync(u => u.Id == userId && u.OrganisationId == organisationId && u.Role != Roles.Viewer, ct);
    }
}
