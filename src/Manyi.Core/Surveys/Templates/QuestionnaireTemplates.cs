namespace Manyi.Core.Surveys.Templates;

/// <summary>A questionnaire that ships with Manyi (product.md M3), with the indicator system its questions bind to.</summary>
public sealed record QuestionnaireTemplate(string Key, LocalText Name, LocalText Description, IndicatorSystemDefinition? Indicators, QuestionnaireDefinition Questionnaire);

/// <summary>The shipped templates; created in one click from the questionnaires page or <c>POST /api/v1/questionnaires/from-template</c>.</summary>
public static class QuestionnaireTemplates
{
    /// <summary>Key of the NPS relationship survey.</summary>
    public const string NpsRelationship = "nps-relationship";

    /// <summary>Every template, in the order shown to users.</summary>
    public static IReadOnlyList<QuestionnaireTemplate> All { get; } =
    [
        new(
            NpsRelationship,
            new("NPS 关系调查", "NPS relationship survey"),
            new("客户推荐意愿及原因", "Likelihood to recommend and why"),
            null,
            new QuestionnaireDefinition
            {
                Title = new("客户推荐意愿调查", "How likely are you to recommend us?"),
                Pages =
                [
                    new QuestionPage
                    {
                        Questions =
                        [
                            new Question
                            {
                                Code = "recommend", Type = QuestionType.Nps, Required = true,
                                Text = new("您向亲友推荐我们的可能性有多大？", "How likely are you to recommend us to a friend or colleague?"),
                                Why = new("您给出这个分数的主要原因是什么？", "What is the main reason for your score?"),
                            },
                        ],
                    },
                    new QuestionPage
                    {
                        Questions =
                        [
                            new Question
                            {
                                Code = "satisfaction", Type = QuestionType.Csat, Required = true,
                                Text = new("总体而言，您对我们的服务满意吗？", "Overall, how satisfied are you with our service?"),
                            },
                        ],
                    },
                ],
            }),
    ];

    /// <summary>The template with this key, or null.</summary>
    public static QuestionnaireTemplate? Find(string key) => All.FirstOrDefault(t => string.Equals(t.Key, key, StringComparison.Ordinal));
}
