namespace Manyi.Core.Surveys;

/// <summary>
/// A questionnaire (测量工具, product.md M3): the name and the versions of its content. A version that has answers is never
/// changed in place; an edit makes the next version (<see cref="QuestionnaireVersion"/>).
/// </summary>
public sealed class Questionnaire
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public required string Name { get; set; }

    /// <summary>The shipped template it was created from (e.g. <c>servqual-22</c>), if any.</summary>
    public string? TemplateKey { get; set; }

    /// <summary>The indicator system its questions bind to, if any.</summary>
    public Guid? IndicatorSystemId { get; set; }

    /// <summary>The number of the newest version.</summary>
    public int LatestVersion { get; set; }

    public bool Archived { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One version of a questionnaire's content; waves field a version, responses point to the version answered.</summary>
public sealed class QuestionnaireVersion
{
    public Guid Id { get; set; }

    public Guid QuestionnaireId { get; set; }

    /// <summary>1, 2, 3… within the questionnaire.</summary>
    public int Number { get; set; }

    public required QuestionnaireDefinition Definition { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public Guid? CreatedBy { get; set; }

    /// <summary>Set when the first response arrives; from then on the version is frozen.</summary>
    public bool HasResponses { get; set; }
}
