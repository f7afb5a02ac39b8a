using System.Globalization;
using Manyi.Core.Collection;
using Manyi.Data;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Contacts;

/// <summary>The field rules of a contact, shared by the API, the page and the import.</summary>
public static class ContactRules
{
    /// <summary>The channels of a contact (whitelist).</summary>
    public static IReadOnlyList<string> Channels { get; } = ["phone", "counter", "email", "web", "app", "visit", "letter", "social", "other"];

    public const int NoteLength = 2000;

    /// <summary>A contact may be dated at most this far in the future (clock skew of the recording system).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(10);

    /// <summary>The organisation's reason codes; the defaults are seeded on first use when it has none.</summary>
    public static async Task<List<ContactReason>> ReasonsAsync(ManyiDbContext db, Guid organisationId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var reasons = await db.ContactReasons.AsNoTracking().Where(r => r.OrganisationId == organisationId).OrderBy(r => r.Code).ToListAsync(ct);
        if (reasons.Count > 0)
        {
            return reasons;
        }
        var defaults = ContactReasons.For(organisationId).ToList();
        db.ContactReasons.AddRange(defaults);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another request seeded them at the same moment (unique organisation + code): read theirs.
            db.ChangeTracker.Clear();
        }
        foreach (var reason in defaults)
        {
            db.Entry(reason).State = EntityState.Detached;
        }
        return await db.ContactReasons.AsNoTracking().Where(r => r.OrganisationId == organisationId).OrderBy(r => r.Code).ToListAsync(ct);
    }

    public static string? Channel(string? text)
    {
        var channel = text?.Trim().ToLowerInvariant();
        return channel is not null && Channels.Contains(channel, StringComparer.Ordinal) ? channel : null;
    }

    public static string ChannelMessage => "channel must be one of " + string.Join(", ", Channels);

    /// <summary>Parses a date and time (ISO 8601; a date alone = midnight UTC); null when unreadable.</summary>
    public static DateTimeOffset? ParseTime(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value : null;
    }

    /// <summary>Contacts of the organisation in the caller's units (a unit manager sees its units only).</summary>
    public static async Task<IQueryable<Contact>> VisibleAsync(ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var organisationId = user.OrganisationId;
        var contacts = db.Contacts.AsNoTracking().Where(c => c.OrganisationId == organisationId);
        var visible = await user.VisibleUnitsAsync(ct);
        if (visible is not null)
        {
            var ids = visible.ToList();
            contacts = contacts.Where(c => ids.Contains(c.UnitId));
        }
        return contacts;
    }
}
