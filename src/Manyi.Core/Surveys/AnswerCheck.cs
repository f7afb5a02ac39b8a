using System.Globalization;

namespace Manyi.Core.Surveys;

/// <summary>Stable reason codes of a refused answer; pages translate them, the API sends them with an English message.</summary>
public static class AnswerReasons
{
    public const string Required = "required";
    public const string NotANumber = "not-a-number";
    public const string OutOfScale = "out-of-scale";
    public const string UnknownOption = "unknown-option";
    public const string RepeatedOption = "repeated-option";
    public const string IncompleteRanking = "incomplete-ranking";
    public const string TooLong = "too-long";
    public const string UnknownQuestion = "unknown-question";
}

/// <summary>One refused answer: the question (and the cell, for questions with several cells) and why.</summary>
public sealed record AnswerIssue(string Question, string Cell, string Reason, string Message);

/// <summary>An answer cell of a question: its key in the stored answers and in the export, and what it holds.</summary>
public sealed record AnswerCell(string Key, Question Question, string? Part, int? Min, int? Max, IReadOnlyList<QuestionOption>? Terms);

/// <summary>The outcome of checking answers: the issues, and the answers to store (trimmed, blanks and hidden questions removed).</summary>
public sealed record AnswerCheckResult(IReadOnlyList<AnswerIssue> Issues, IReadOnlyDictionary<string, string> Answers)
{
    public bool IsValid => Issues.Count == 0;
}

/// <summary>
/// Server-side validation of a respondent's answers against a questionnaire version (product.md M4: "answers are validated on
/// the server with a clear message per question"), shared by the respondent pages, the transactional API and the import so
/// that every channel accepts exactly the same answers. Answers are cells <c>key → text</c> (<see cref="CellsOf(QuestionnaireDefinition)"/>).
/// </summary>
public static class AnswerCheck
{
    /// <summary>Default maximum length of a text answer.</summary>
    public const int DefaultMaxLength = 2000;

    /// <summary>The Kano answer codes, in the order of the standard questionnaire (1–5).</summary>
    public static IReadOnlyList<string> KanoAnswers { get; } = ["like", "must-be", "neutral", "live-with", "dislike"];

    /// <summary>The triple parts in their canonical order.</summary>
    public static IReadOnlyList<string> TripleParts { get; } = ["importance", "perception", "expectation"];

    /// <summary>The answer cells of a question, in export order.</summary>
    public static IReadOnlyList<AnswerCell> CellsOf(Question question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var (min, max) = ScaleOf(question);
        return question.Type switch
        {
            QuestionType.Nps when question.Why is not null =>
                [new(question.Code, question, null, min, max, null), new(question.Code + ".why", question, "why", null, null, null)],
            QuestionType.Triple => [.. (question.Parts ?? TripleParts).Select(p =>
                new AnswerCell(question.Code + "." + p, question, p, question.Options is null ? min : null, question.Options is null ? max : null, question.Options))],
            QuestionType.Kano => [new(question.Code + ".functional", question, "functional", null, null, null), new(question.Code + ".dysfunctional", question, "dysfunctional", null, null, null)],
            QuestionType.Servqual => [new(question.Code + ".expectation", question, "expectation", min, max, null), new(question.Code + ".perception", question, "perception", min, max, null)],
            QuestionType.Matrix => [.. (question.Rows ?? []).Select(r => new AnswerCell(question.Code + "." + r.Code, question, r.Code, min, max, null))],
            QuestionType.Linguistic => [new(question.Code, question, null, null, null, question.Options)],
            _ => [new(question.Code, question, null, min, max, null)],
        };
    }

    /// <summary>Every answer cell of the questionnaire in page order: the columns of a wave's export.</summary>
    public static IReadOnlyList<AnswerCell> CellsOf(QuestionnaireDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return [.. definition.Questions.SelectMany(CellsOf)];
    }

    /// <summary>The scale of a question: explicit <see cref="Question.ScaleMin"/>/<see cref="Question.ScaleMax"/> or its type's default.</summary>
    public static (int? Min, int? Max) ScaleOf(Question question)
    {
        ArgumentNullException.ThrowIfNull(question);
        (int? Min, int? Max) byType = question.Type switch
        {
            QuestionType.Nps => (0, 10),
            QuestionType.Csat => (1, 5),
            QuestionType.Ces => (1, 7),
            QuestionType.Servqual => (1, 7),
            QuestionType.YesNo => (0, 1),
            QuestionType.Scale or QuestionType.Matrix or QuestionType.Triple => (1, 5),
            _ => (null, null),
        };
        return (question.ScaleMin ?? byType.Min, question.ScaleMax ?? byType.Max);
    }

    /// <summary>Whether a page or question with this condition is shown, given the answers so far.</summary>
    public static bool IsShown(Condition? condition, IReadOnlyDictionary<string, string> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (condition is null)
        {
            return true;
        }
        if (!answers.TryGetValue(condition.Question, out var raw) || string.IsNullOrWhiteSpace(raw))
        {
            return false;
        }
        var values = condition.Values ?? [];
        var given = raw.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return condition.Operator switch
        {
            ConditionOperator.Answered => true,
            ConditionOperator.In => given.Any(g => values.Contains(g, StringComparer.Ordinal)),
            ConditionOperator.NotIn => !given.Any(g => values.Contains(g, StringComparer.Ordinal)),
            ConditionOperator.AtMost => Number(raw) is { } x && values.Count > 0 && Number(values[0]) is { } limit && x <= limit,
            ConditionOperator.AtLeast => Number(raw) is { } y && values.Count > 0 && Number(values[0]) is { } floor && y >= floor,
            _ => false,
        };
    }

    /// <summary>The questions shown on page <paramref name="pageIndex"/> (or on every page) given the answers so far, in definition order.</summary>
    public static IReadOnlyList<Question> ShownQuestions(QuestionnaireDefinition definition, IReadOnlyDictionary<string, string> answers, int? pageIndex = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var shown = new List<Question>();
        for (var i = 0; i < definition.Pages.Count; i++)
        {
            var page = definition.Pages[i];
            if ((pageIndex is null || pageIndex == i) && IsShown(page.ShowIf, answers))
            {
                shown.AddRange(page.Questions.Where(q => IsShown(q.ShowIf, answers)));
            }
        }
        return shown;
    }

    /// <summary>
    /// Checks <paramref name="answers"/>. Every given answer is checked; with <paramref name="pageIndex"/> only that page's
    /// required questions must be answered (page-by-page mode); with <paramref name="complete"/> = false required answers may still be missing (a partial
    /// save). Answers to questions hidden by skip logic are dropped; a cell that belongs to no question is refused.
    /// </summary>
    public static AnswerCheckResult Validate(QuestionnaireDefinition definition, IReadOnlyDictionary<string, string?> answers, int? pageIndex = null, bool complete = true)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(answers);
        var cells = CellsOf(definition).ToDictionary(c => c.Key, StringComparer.Ordinal);
        var issues = new List<AnswerIssue>();
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in answers)
        {
            if (!cells.ContainsKey(key))
            {
                issues.Add(new AnswerIssue(key, key, AnswerReasons.UnknownQuestion, $"'{key}' is not a question of this questionnaire."));
            }
            else if (!string.IsNullOrWhiteSpace(value))
            {
                given[key] = value.Trim();
            }
        }

        // Skip logic reads earlier answers, so visibility is decided on the given answers before hidden ones are dropped.
        var shownEverywhere = ShownQuestions(definition, given).Select(q => q.Code).ToHashSet(StringComparer.Ordinal);
        var checkedHere = ShownQuestions(definition, given, pageIndex).Select(q => q.Code).ToHashSet(StringComparer.Ordinal);
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var question in definition.Questions)
        {
            if (!shownEverywhere.Contains(question.Code))
            {
                continue;
            }
            var questionCells = CellsOf(question);
            foreach (var cell in questionCells)
            {
                if (given.TryGetValue(cell.Key, out var value))
                {
                    var reason = CheckCell(cell, value);
                    if (reason is null)
                    {
                        stored[cell.Key] = value;
                    }
                    else
                    {
                        issues.Add(new AnswerIssue(question.Code, cell.Key, reason, Message(cell, reason)));
                    }
                }
                else if (complete && question.Required && cell.Part != "why" && checkedHere.Contains(question.Code))
                {
                    issues.Add(new AnswerIssue(question.Code, cell.Key, AnswerReasons.Required, Message(cell, AnswerReasons.Required)));
                }
            }
        }
        return new AnswerCheckResult(issues, stored);
    }

    private static string? CheckCell(AnswerCell cell, string value)
    {
        var question = cell.Question;
        if (cell.Part == "why" || question.Type == QuestionType.Text)
        {
            return value.Length > (question.MaxLength ?? DefaultMaxLength) ? AnswerReasons.TooLong : null;
        }
        if (question.Type == QuestionType.Kano)
        {
            return KanoAnswers.Contains(value, StringComparer.Ordinal) ? null : AnswerReasons.UnknownOption;
        }
        if (cell.Terms is { } terms)
        {
            return terms.Any(t => t.Code == value) ? null : AnswerReasons.UnknownOption;
        }
        var options = question.Options ?? [];
        switch (question.Type)
        {
            case QuestionType.SingleChoice:
                return options.Any(o => o.Code == value) ? null : AnswerReasons.UnknownOption;
            case QuestionType.MultipleChoice:
            case QuestionType.Ranking:
                var picked = value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                if (picked.Any(p => !options.Any(o => o.Code == p)))
                {
                    return AnswerReasons.UnknownOption;
                }
                if (picked.Distinct(StringComparer.Ordinal).Count() != picked.Length)
                {
                    return AnswerReasons.RepeatedOption;
                }
                return question.Type == QuestionType.Ranking && picked.Length != options.Count ? AnswerReasons.IncompleteRanking : null;
        }
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var point))
        {
            return AnswerReasons.NotANumber;
        }
        return point < cell.Min || point > cell.Max ? AnswerReasons.OutOfScale : null;
    }

    private static string Message(AnswerCell cell, string reason) => reason switch
    {
        AnswerReasons.Required => $"Question '{cell.Question.Code}' needs an answer.",
        AnswerReasons.NotANumber => $"'{cell.Key}' must be a whole number from {cell.Min} to {cell.Max}.",
        AnswerReasons.OutOfScale => $"'{cell.Key}' must be from {cell.Min} to {cell.Max}.",
        AnswerReasons.UnknownOption => $"'{cell.Key}' is not one of the question's options.",
        AnswerReasons.RepeatedOption => $"'{cell.Key}' names an option twice.",
        AnswerReasons.IncompleteRanking => $"'{cell.Key}' must rank every option once.",
        AnswerReasons.TooLong => $"'{cell.Key}' is longer than {cell.Question.MaxLength ?? DefaultMaxLength} characters.",
        _ => $"'{cell.Key}' is not a valid answer.",
    };

    private static double? Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : null;
}
