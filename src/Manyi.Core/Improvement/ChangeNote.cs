using Manyi.Core.Surveys;

namespace Manyi.Core.Improvement;

/// <summary>
/// A "you said, we did" note (product.md M7): tells respondents what changed because of their feedback. Once published it is shown on
/// the landing page of the questionnaire's waves that open after <see cref="PublishedAt"/> — the next wave — in the respondent's
/// language, until withdrawn.
/// </summary>
public sealed class ChangeNote
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public Guid QuestionnaireId { get; set; }

    /// <summary>The action the note reports on, if any.</summary>
    public Guid? ActionId { get; set; }

    /// <summary>"You said": what respondents told us (zh, optional en).</summary>
    public required LocalText YouSaid { get; set; }

    /// <summary>"We did": what changed.</summary>
    public required LocalText WeDid { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    public DateTimeOffset? WithdrawnAt { get; set; }

    public Guid CreatedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid Version { get; set; }
}
