using Manyi.Core.Audit;
using Manyi.Data;
using Manyi.Web.Features.Users;

namespace Manyi.Web.Features.Audit;

/// <summary>
/// Writes audit entries (product.md M12: who, when, what). The entry is only added to the DbContext's change tracker:
/// it is saved by the caller's own SaveChanges, in the same transaction as the action, so an action that fails leaves no entry
/// and an action that succeeds always has one. Details carry counts and field names, never personal data.
/// </summary>
public static class AuditLog
{
    /// <summary>Well-known actions (dotted verbs).</summary>
    public static class Actions
    {
        public const string CustomerCreate = "customer.create";
        public const string CustomerUpdate = "customer.update";
        public const string CustomerDelete = "customer.delete";
        public const string CustomersImport = "customers.import";
        public const string CustomersExport = "customers.export";
    }

    /// <summary>Adds an entry for <paramref name="user"/> at the clock's current time.</summary>
    public static AuditEntry Write(ManyiDbContext db, CurrentUser user, TimeProvider clock, string action, string? subject, string? details)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        var entry = new AuditEntry
        {
            OrganisationId = user.OrganisationId,
            ActorId = user.ActorId,
            ActorName = Truncate(user.ActorName, 200)!,
            Action = action,
            Subject = Truncate(subject, 200),
            Details = details,
            At = clock.GetUtcNow(),
        };
        db.AuditEntries.Add(entry);
        return entry;
    }

    private static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}
