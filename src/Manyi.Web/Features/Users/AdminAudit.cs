using Manyi.Core.Audit;
using Manyi.Data;

namespace Manyi.Web.Features.Users;

/// <summary>
/// Adds an audit entry of an administrative action (who, when, what, on which id) to the context, to be saved with the change
/// itself. Subjects are ids and details are roles, scopes or unit codes — never names, e-mail addresses or passwords.
/// </summary>
internal static class AdminAudit
{
    public static void Add(ManyiDbContext db, CurrentUser current, TimeProvider clock, string action, Guid subject, string? details = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            OrganisationId = current.OrganisationId,
            ActorId = current.ActorId,
            ActorName = current.ActorName,
            Action = action,
            Subject = subject.ToString(),
            Details = details,
            At = clock.GetUtcNow(),
        });
}
