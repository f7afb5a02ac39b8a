using System.Globalization;
using System.Text.Json.Serialization;

namespace Manyi.Core.Surveys;

/// <summary>A text in the questionnaire's languages (product.md M3: zh-CN and en at least); Chinese is the fallback.</summary>
public sealed record LocalText(string Zh, string? En = null)
{
    /// <summary>The text for <paramref name="culture"/> (any en-* culture reads <see cref="En"/>), falling back to Chinese.</summary>
    public string For(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return culture.TwoLetterISOLanguageName == "en" && !string.IsNullOrWhiteSpace(En) ? En : Zh;
    }

    /// <summary>The text for a language tag such as <c>zh-CN</c> or <c>en</c>.</summary>
    public string For(string? language) =>
        language is not null && language.StartsWith("en", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(En) ? En : Zh;
}

/// <summary>The kinds of question of product.md M3 (scales of M1.1, linguistic terms, triples, Kano, SERVQUAL, choice, matrix, ranking, text).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<QuestionType>))]
public enum QuestionType
{
    /// <summary>Likert scale, k = 3…11 points from <see cref="Question.ScaleMin"/> to <see cref="Question.ScaleMax"/>; labels in <see cref="Question.Options"/>.</summary>
    Scale,

    /// <summary>0–10 likelihood to recommend; with <see cref="Question.Why"/> a free-text follow-up cell <c>{code}.why</c>.</summary>
    Nps,

    /// <summary>1–5 satisfaction (CSAT).</summary>
    Csat,

    /// <summary>1–7 agreement "the company made it easy" (CES).</summary>
    Ces,

    /// <summary>Yes (1) / no (0).</summary>
    YesNo,

    /// <summary>One term of a linguistic term set (M1.4); the terms are <see cref="Question.Options"/>, lowest first, stored by code.</summary>
    Linguistic,

    /// <summary>Importance / perception / expectation of one indicator (M1.2, M1.4): cells <c>{code}.importance</c> etc. for each of <see cref="Question.Parts"/>, on the scale or, with options, in terms.</summary>
    Triple,

    /// <summary>Kano pair: cells <c>{code}.functional</c> and <c>{code}.dysfunctional</c>, each one of like, must-be, neutral, live-with, dislike.</summary>
    Kano,

    /// <summary>SERVQUAL item: cells <c>{code}.expectation</c> and <c>{code}.perception</c> on 1–7; <see cref="Question.Dimension"/> names its dimension.</summary>
    Servqual,

    /// <summary>One option code.</summary>
    SingleChoice,

    /// <summary>Several option codes, stored joined by <c>;</c>.</summary>
    MultipleChoice,

    /// <summary>Rows rated on one scale: cells <c>{code}.{row}</c>.</summary>
    Matrix,

    /// <summary>Option codes in order of preference, stored joined by <c>;</c>.</summary>
    Ranking,

    /// <summary>Free text (at most <see cref="Question.MaxLength"/> characters).</summary>
    Text,
}

/// <summary>How a skip-logic condition compares the answer of an earlier question.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConditionOperator>))]
public enum ConditionOperator
{
    /// <summary>The answer (cell <see cref="Condition.Question"/>) is one of the values (for multiple choice: contains one of them).</summary>
    In,

    /// <summary>The answer is given and is none of the values.</summary>
    NotIn,

    /// <summary>The numeric answer is ≤ the first value.</summary>
    AtMost,

    /// <summary>The numeric answer is ≥ the first value.</summary>
    AtLeast,

    /// <summary>The question has an answer.</summary>
    Answered,
}

/// <summary>Skip logic: the question (or page) is shown only when the answer in cell <see cref="Question"/> meets the condition.</summary>
public sealed record Condition(string Question, ConditionOperator Operator, IReadOnlyList<string>? Values = null);

/// <summary>An option of a choice, ranking or linguistic question, or the label of a scale point (code = the point's number).</summary>
public sealed record QuestionOption(string Code, LocalText Text);

/// <summary>A row of a matrix question; its cell is <c>{question}.{row}</c>; a row may bind to its own indicator.</summary>
public sealed record MatrixRow(string Code, LocalText Text, string? Indicator = null);

/// <summary>
/// One question. <see cref="Code"/> is unique in the questionnaire, letters/digits/underscore, and names its answer cell(s) in
/// storage and in the CSV export; <see cref="Indicator"/> binds it to a base indicator of the questionnaire's indicator system
/// so that its answers land in the index and versions are mapped by indicator (M3).
/// </summary>
public sealed record Question
{
    public required string Code { get; init; }

    public required QuestionType Type { get; init; }

    public required LocalText Text { get; init; }

    public LocalText? Help { get; init; }

    public bool Required { get; init; }

    /// <summary>Code of the base indicator this question measures, if any.</summary>
    public string? Indicator { get; init; }

    /// <summary>Lowest scale point (Scale, Matrix, numeric Triple); defaults per type: Nps 0, Csat 1, Ces 1, Servqual 1.</summary>
    public int? ScaleMin { get; init; }

    /// <summary>Highest scale point; defaults per type: Nps 10, Csat 5, Ces 7, Servqual 7.</summary>
    public int? ScaleMax { get; init; }

    /// <summary>Options of choice/ranking questions, terms of linguistic questions (lowest first), labels of scale points.</summary>
    public IReadOnlyList<QuestionOption>? Options { get; init; }

    /// <summary>Rows of a matrix question.</summary>
    public IReadOnlyList<MatrixRow>? Rows { get; init; }

    /// <summary>Triple parts asked, from importance, perception, expectation (default all three).</summary>
    public IReadOnlyList<string>? Parts { get; init; }

    /// <summary>SERVQUAL dimension (tangibles, reliability, responsiveness, assurance, empathy) or an adapted one.</summary>
    public string? Dimension { get; init; }

    /// <summary>NPS follow-up "why" question text; answered in cell <c>{code}.why</c>.</summary>
    public LocalText? Why { get; init; }

    /// <summary>Maximum length of a text answer (default 2000).</summary>
    public int? MaxLength { get; init; }

    /// <summary>Show options in random order (choice, ranking).</summary>
    public bool RandomiseOptions { get; init; }

    /// <summary>Skip logic: shown only when met.</summary>
    public Condition? ShowIf { get; init; }
}

/// <summary>A page of the questionnaire; in one-page mode all pages are shown together.</summary>
public sealed record QuestionPage
{
    public LocalText? Title { get; init; }

    public bool RandomiseQuestions { get; init; }

    public Condition? ShowIf { get; init; }

    public required IReadOnlyList<Question> Questions { get; init; }
}

/// <summary>
/// The content of one questionnaire version (stored as JSON): texts, pages, questions. Never changed once the version has
/// answers (M3 versioning).
/// </summary>
public sealed record QuestionnaireDefinition
{
    public required LocalText Title { get; init; }

    public LocalText? Introduction { get; init; }

    public LocalText? ThankYou { get; init; }

    /// <summary>Show one page at a time (true) or every page on one screen.</summary>
    public bool PageByPage { get; init; } = true;

    public required IReadOnlyList<QuestionPage> Pages { get; init; }

    /// <summary>Every question in page order.</summary>
    [JsonIgnore]
    public IEnumerable<Question> Questions => Pages.SelectMany(p => p.Questions);
}
