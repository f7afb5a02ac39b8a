namespace Manyi.Core.Surveys.Templates;

/// <summary>Short builders for the shipped templates: texts, indicator nodes and the usual questions.</summary>
public static partial class QuestionnaireTemplates
{
    private static LocalText L(string zh, string en) => new(zh, en);

    private static IndicatorNodeDefinition Node(string code, string? parent, string zh, string en, double weight = 1) =>
        new() { Code = code, Parent = parent, Name = L(zh, en), Weight = parent is null ? 1 : weight };

    private static IndicatorSystemDefinition Tree(params IndicatorNodeDefinition[] nodes) => new() { Nodes = nodes };

    private static Question ScaleQ(string code, string zh, string en, int min, int max, string? indicator = null, bool required = true, Condition? showIf = null) =>
        new() { Code = code, Type = QuestionType.Scale, Text = L(zh, en), ScaleMin = min, ScaleMax = max, Indicator = indicator, Required = required, ShowIf = showIf };

    private static Question YesNoQ(string code, string zh, string en, bool required = true) =>
        new() { Code = code, Type = QuestionType.YesNo, Text = L(zh, en), Required = required };

    private static Question TextQ(string code, string zh, string en, Condition? showIf = null) =>
        new() { Code = code, Type = QuestionType.Text, Text = L(zh, en), MaxLength = 1000, ShowIf = showIf };

    private static QuestionOption Option(string code, string zh, string en) => new(code, L(zh, en));

    private static QuestionPage Page(string zh, string en, params Question[] questions) => new() { Title = L(zh, en), Questions = questions };

    /// <summary>(Computed, not stored: <see cref="All"/> is initialised from another file of this partial class.) Labels of the two ends of a 1…10 scale.</summary>
    private static IReadOnlyList<QuestionOption> Ends10 => [Option("1", "非常不满意", "Very dissatisfied"), Option("10", "非常满意", "Very satisfied")];

    /// <summary>Labels of a 1…5 scale.</summary>
    private static IReadOnlyList<QuestionOption> Likert5 =>
    [
        Option("1", "非常不满意", "Very dissatisfied"), Option("2", "不满意", "Dissatisfied"), Option("3", "一般", "Neutral"),
        Option("4", "满意", "Satisfied"), Option("5", "非常满意", "Very satisfied"),
    ];

    /// <summary>"Shown only when the yes/no question <paramref name="code"/> was answered yes."</summary>
    private static Condition IfYes(string code) => new(code, ConditionOperator.In, ["1"]);
}
