using System.Globalization;
using Manyi.Core.Improvement;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Improvement;

/// <summary>How a change of a note's state ended.</summary>
public enum ChangeNoteOutcome
{
    Done,
    NotFound,
    Stale,
    WrongState,
}

/// <summary>The outcome of a state change and the note it concerned (null when not found).</summary>
public sealed record ChangeNoteStep(ChangeNoteOutcome Outcome, ChangeNote? Note);

/// <summary>
/// Publishing, withdrawing and deleting a note and storing a changed note (new version, audit entry), shared by the API and the
/// notes page so that both apply the same state rules and audit the same details.
/// </summary>
public static class ChangeNoteLifecycle
{
    /// <summary>Publishes a draft (<paramref name="ifMatch"/>: the client's ETag, or null/blank to skip the version check).</summary>
    public static Task<ChangeNoteStep> PublishAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, Guid id, string? ifMatch, CancellationToken ct) =>
        MoveAsync(db, user, clock, id, ifMatch, ChangeNoteState.Draft, (note, now) => note.PublishedAt = now, ChangeNotesApi.AuditPublish, ct);

    /// <summary>Withdraws a published note (<paramref name="ifMatch"/> as in <see cref="PublishAsync"/>).</summary>
    public static Task<ChangeNoteStep> WithdrawAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, Guid id, string? ifMatch, CancellationToken ct) =>
        MoveAsync(db, user, clock, id, ifMatch, ChangeNoteState.Published, (note, now) => note.WithdrawnAt = now, ChangeNotesApi.AuditWithdraw, ct);

    /// <summary>Deletes a draft; published notes are withdrawn instead.</summary>
    public static async Task<ChangeNoteStep> DeleteAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, Guid id, string? ifMatch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var found = await CheckAsync(db, user, id, ifMatch, ChangeNoteState.Draft, ct);
        if (found.Outcome != ChangeNoteOutcome.Done)
        {
            return found;
        }
        var note = found.Note!;
        db.ChangeNotes.Remove(note);
        AuditLog.Write(db, user, clock, ChangeNotesApi.AuditDelete, note.Id.ToString(), Details(note));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new ChangeNoteStep(ChangeNoteOutcome.Stale, note);
        }
        return found;
    }

    /// <summary>Stores a created or changed note under a new version with an audit entry; false when another change came first.</summary>
    public static async Task<bool> SaveAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, ChangeNote note, string audit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(note);
        note.UpdatedAt = clock.GetUtcNow();
        note.Version = Guid.NewGuid();
        AuditLog.Write(db, user, clock, audit, note.Id.ToString(), Details(note));
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    /// <summary>The note of the user's organisation, tracked; null when there is none.</summary>
    public static async Task<ChangeNote?> FindAsync(ManyiDbContext db, CurrentUser user, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var organisationId = user.OrganisationId;
        return await db.ChangeNotes.FirstOrDefaultAsync(n => n.Id == id && n.OrganisationId == organisationId, ct);
    }

    /// <summary>Audit details: the state and the questionnaire, never the texts.</summary>
    public static string Details(ChangeNote note)
    {
        ArgumentNullException.ThrowIfNull(note);
        return string.Create(CultureInfo.InvariantCulture, $"questionnaire={note.QuestionnaireId}; action={note.ActionId}; state={ChangeNoteDto.StateOf(note)}");
    }

    private static async Task<ChangeNoteStep> MoveAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, Guid id, string? ifMatch, ChangeNoteState from,
        Action<ChangeNote, DateTimeOffset> change, string audit, CancellationToken ct)
    {
        var found = await CheckAsync(db, user, id, ifMatch, from, ct);
        if (found.Outcome != ChangeNoteOutcome.Done)
        {
            return found;
        }
        change(found.Note!, clock.GetUtcNow());
        return await SaveAsync(db, user, clock, found.Note!, audit, ct) ? found : new ChangeNoteStep(ChangeNoteOutcome.Stale, found.Note);
    }

    /// <summary>Loads the note and checks its version and state, in this order (as the API answers 404, 412, 409).</summary>
    private static async Task<ChangeNoteStep> CheckAsync(ManyiDbContext db, CurrentUser user, Guid id, string? ifMatch, ChangeNoteState from, CancellationToken ct)
    {
        var note = await FindAsync(db, user, id, ct);
        if (note is null)
        {
            return new ChangeNoteStep(ChangeNoteOutcome.NotFound, null);
        }
        if (!string.IsNullOrWhiteSpace(ifMatch) && CustomersApi.ParseETag(ifMatch) != note.Version)
        {
            return new ChangeNoteStep(ChangeNoteOutcome.Stale, note);
        }
        return new ChangeNoteStep(ChangeNoteDto.StateOf(note) == from ? ChangeNoteOutcome.Done : ChangeNoteOutcome.WrongState, note);
    }
}
