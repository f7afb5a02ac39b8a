using System.Text.Json.Serialization;
using Manyi.Core.Improvement;
using Manyi.Core.Surveys;

namespace Manyi.Web.Features.Improvement;

/// <summary>Where a "you said, we did" note is in its life.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChangeNoteState>))]
public enum ChangeNoteState
{
    /// <summary>Being written; respondents do not see it; it may be deleted.</summary>
    Draft,

    /// <summary>Shown on the landing page of the questionnaire's waves that open after it was published.</summary>
    Published,

    /// <summary>No longer shown anywhere.</summary>
    Withdrawn,
}

/// <summary>A note as the API shows it. <see cref="Version"/> is the ETag.</summary>
public sealed record ChangeNoteDto(
    Guid Id,
    Guid QuestionnaireId,
    string? QuestionnaireName,
    Guid? ActionId,
    string? ActionNumber,
    LocalText YouSaid,
    LocalText WeDid,
    ChangeNoteState State,
    DateTimeOffset? PublishedAt,
    DateTimeOffset? WithdrawnAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    Guid Version)
{
    /// <summary>The state of a note.</summary>
    public static ChangeNoteState StateOf(ChangeNote note)
    {
        ArgumentNullException.ThrowIfNull(note);
        return note.WithdrawnAt is not null ? ChangeNoteState.Withdrawn : note.PublishedAt is not null ? ChangeNoteState.Published : ChangeNoteState.Draft;
    }
}

/// <summary>The texts of a note in one language pair as sent by a client.</summary>
public sealed record LocalTextInput(string? Zh, string? En);

/// <summary>What a client sends to create or replace a note.</summary>
public sealed record ChangeNoteInput
{
    public Guid? QuestionnaireId { get; init; }

    /// <summary>The improvement action the note reports on (optional).</summary>
    public Guid? ActionId { get; init; }

    /// <summary>"You said": zh required, en optional; each at most 1000 characters.</summary>
    public LocalTextInput? YouSaid { get; init; }

    /// <summary>"We did": zh required, en optional; each at most 1000 characters.</summary>
    public LocalTextInput? WeDid { get; init; }
}

/// <summary>A note as a respondent sees it, in the respondent's language.</summary>
public sealed record RespondentNote(Guid Id, string YouSaid, string WeDid, DateTimeOffset PublishedAt);
