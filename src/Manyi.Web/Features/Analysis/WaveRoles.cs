using Manyi.Core.Surveys;

namespace Manyi.Web.Features.Analysis;

/// <summary>An attribute (indicator) rated in a wave: the cell of its performance and, when asked, of its stated importance.</summary>
public sealed record RatedIndicator(string Key, string? Indicator, LocalText Text, string? ImportanceKey, string? ExpectationKey);

/// <summary>
/// What the cells of a questionnaire mean to the analysis models, decided in one place so that the pages, the reports and the
/// exported CSV given to <c>manyi analyze</c> use the same columns: the outcome (overall satisfaction) and the attributes
/// (rated indicators) that drivers, IPA, the value-weighted view and the index are computed over.
/// </summary>
public static class WaveRoles
{
    /// <summary>
    /// The overall-satisfaction cell: the first CSAT question; else the first NPS question; else a scale question bound to no
    /// indicator whose code is "overall" or "satisfaction". Null when the questionnaire has none (no drivers then).
    /// </summary>
    public static AnswerCell? Outcome(QuestionnaireDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var question = definition.Questions.FirstOrDefault(q => q.Type == QuestionType.Csat)
            ?? definition.Questions.FirstOrDefault(q => q.Type == QuestionType.Nps)
            ?? definition.Questions.FirstOrDefault(q => q.Type == QuestionType.Scale && q.Indicator is null
                && (string.Equals(q.Code, "overall", StringComparison.Ordinal) || string.Equals(q.Code, "satisfaction", StringComparison.Ordinal)));
        return question is null ? null : AnswerCheck.CellsOf(question).FirstOrDefault(c => c.Part is null);
    }

    /// <summary>
    /// The rated attributes, in questionnaire order: scale and linguistic questions bound to an indicator, every matrix row,
    /// and the perception cell of triples and SERVQUAL items (with their importance / expectation cells). Without any
    /// indicator binding, every scale question except the outcome.
    /// </summary>
    public static IReadOnlyList<RatedIndicator> Attributes(QuestionnaireDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var outcome = Outcome(definition)?.Key;
        var bound = definition.Questions.Any(q => q.Indicator is not null || (q.Rows ?? []).Any(r => r.Indicator is not null));
        var attributes = new List<RatedIndicator>();
        foreach (var question in definition.Questions)
        {
            switch (question.Type)
            {
                case QuestionType.Matrix:
                    foreach (var row in question.Rows ?? [])
                    {
                        attributes.Add(new RatedIndicator(question.Code + "." + row.Code, row.Indicator ?? question.Indicator, row.Text, null, null));
                    }
                    break;
                case QuestionType.Triple or QuestionType.Servqual:
                    var parts = question.Type == QuestionType.Servqual ? ["expectation", "perception"] : (question.Parts ?? AnswerCheck.TripleParts);
                    if (parts.Contains("perception", StringComparer.Ordinal))
                    {
                        attributes.Add(new RatedIndicator(
                            question.Code + ".perception", question.Indicator, question.Text,
                            parts.Contains("importance", StringComparer.Ordinal) ? question.Code + ".importance" : null,
                            parts.Contains("expectation", StringComparer.Ordinal) ? question.Code + ".expectation" : null));
                    }
                    break;
                case QuestionType.Scale or QuestionType.Linguistic when question.Code != outcome && (!bound || question.Indicator is not null):
                    attributes.Add(new RatedIndicator(question.Code, question.Indicator, question.Text, null, null));
                    break;
                default:
                    break;
            }
        }
        return attributes;
    }
}
