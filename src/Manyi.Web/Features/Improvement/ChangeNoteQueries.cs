using System.Globalization;
using Manyi.Core.Collection;
using Manyi.Core.Improvement;
using Manyi.Data;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Improvement;

/// <summary>Reads "you said, we did" notes for the API, the notes page and the respondent landing page (docs/goals.md).</summary>
public static class ChangeNoteQueries
{
    /// <summary>At most this many notes are shown on a landing page.</summary>
    public const int LandingLimit = 5;

    /// <summary>
    /// The moment a wave counts as opened for the notes rule: its <see cref="Wave.OpensAt"/> when set, else its creation.
    /// A note is shown on a wave when it was published strictly before this moment and is not withdrawn.
    /// </summary>
    public static DateTimeOffset OpenedAt(Wave wave)
    {
        ArgumentNullException.ThrowIfNull(wave);
        return wave.OpensAt ?? wave.CreatedAt;
    }

    /// <summary>
    /// The notes a respondent of <paramref name="wave"/> sees: published before the wave opened (<see cref="OpenedAt"/>), not withdrawn,
    /// of the wave's questionnaire, newest first, at most <see cref="LandingLimit"/>, in <paramref name="culture"/>.
    /// </summary>
    public static async Task<IReadOnlyList<RespondentNote>> ForWaveAsync(ManyiDbContext db, Wave wave, CultureInfo culture, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(wave);
        ArgumentNullException.ThrowIfNull(culture);
        var organisationId = wave.OrganisationId;
        var questionnaireId = wave.QuestionnaireId;
        var opened = OpenedAt(wave);
        var notes = await db.ChangeNotes.AsNoTracking()
            .Where(n => n.OrganisationId == organisationId && n.QuestionnaireId == questionnaireId && n.PublishedAt != null && n.PublishedAt < opened && n.WithdrawnAt == null)
            .OrderByDescending(n => n.PublishedAt).ThenBy(n => n.Id).Take(LandingLimit)
            .Select(n => new { n.Id, n.YouSaid, n.WeDid, n.PublishedAt }).ToListAsync(ct);
        return [.. notes.Select(n => new RespondentNote(n.Id, n.YouSaid.For(culture), n.WeDid.For(culture), n.PublishedAt!.Value))];
    }

    /// <summary>The organisation's notes (optionally of one questionnaire and state), newest first.</summary>
    public static async Task<IReadOnlyList<ChangeNoteDto>> ListAsync(ManyiDbContext db, Guid organisationId, Guid? questionnaireId, ChangeNoteState? state, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var notes = db.ChangeNotes.AsNoTracking().Where(n => n.OrganisationId == organisationId);
        if (questionnaireId is { } q)
        {
            notes = notes.Where(n => n.QuestionnaireId == q);
        }
        notes = state switch
        {
            ChangeNoteState.Draft => notes.Where(n => n.PublishedAt == null && n.WithdrawnAt == null),
            ChangeNoteState.Published => notes.Where(n => n.PublishedAt != null && n.WithdrawnAt == null),
            ChangeNoteState.Withdrawn => notes.Where(n => n.WithdrawnAt != null),
            _ => notes,
        };
        var list = await notes.OrderByDescending(n => n.UpdatedAt).ThenBy(n => n.Id).Take(500).ToListAsync(ct);
        return await ToDtosAsync(db, organisationId, list, ct);
    }

    /// <summary>DTOs with the questionnaire names and action numbers.</summary>
    public static async Task<IReadOnlyList<ChangeNoteDto>> ToDtosAsync(ManyiDbContext db, Guid organisationId, IReadOnlyList<ChangeNote> notes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(notes);
        var questionnaireIds = notes.Select(n => n.QuestionnaireId).Distinct().ToList();
        var actionIds = notes.Where(n => n.ActionId is not null).Select(n => n.ActionId!.Value).Distinct().ToList();
        var questionnaires = questionnaireIds.Count == 0 ? [] : await db.Questionnaires.AsNoTracking()
            .Where(q => q.OrganisationId == organisationId && questionnaireIds.Contains(q.Id)).Select(q => new { q.Id, q.Name }).ToDictionaryAsync(q => q.Id, q => q.Name, ct);
        var actions = actionIds.Count == 0 ? [] : await db.ImprovementActions.AsNoTracking()
            .Where(a => a.OrganisationId == organisationId && actionIds.Contains(a.Id)).Select(a => new { a.Id, a.Number }).ToDictionaryAsync(a => a.Id, a => a.Number, ct);
        return [.. notes.Select(n => new ChangeNoteDto(n.Id, n.QuestionnaireId, questionnaires.GetValueOrDefault(n.QuestionnaireId), n.ActionId,
            n.ActionId is { } a ? actions.GetValueOrDefault(a) : null, n.YouSaid, n.WeDid, ChangeNoteDto.StateOf(n), n.PublishedAt, n.WithdrawnAt, n.CreatedAt, n.UpdatedAt, n.Version))];
    }
}
