using System.Globalization;
using System.Text.RegularExpressions;

namespace Manyi.Core.Surveys;

/// <summary>Stable reason codes of a refused questionnaire or indicator-system definition; the API sends them with an English message.</summary>
public static class DefinitionReasons
{
    public const string Required = "required";
    public const string BadCode = "bad-code";
    public const string DuplicateCode = "duplicate-code";
    public const string NoQuestions = "no-questions";
    public const string EmptyPage = "empty-page";
    public const string BadScale = "bad-scale";
    public const string TooFewOptions = "too-few-options";
    public const string BadOption = "bad-option";
    public const string NoRows = "no-rows";
    public const string BadPart = "bad-part";
    public const string NoDimension = "no-dimension";
    public const string BadCondition = "bad-condition";
    public const string LaterQuestion = "later-question";
    public const string NoIndicatorSystem = "no-indicator-system";
    public const string UnknownIndicator = "unknown-indicator";
    public const string NotABaseIndicator = "not-a-base-indicator";
    public const string BadLength = "bad-length";
    public const string OneRoot = "one-root";
    public const string UnknownParent = "unknown-parent";
    public const string Cycle = "cycle";
    public const string BadWeight = "bad-weight";
    public const string WeightsSum = "weights-sum";
}

/// <summary>One problem of a definition: where (a JSON path such as <c>pages[1].questions[2].options</c>), why (a code of <see cref="DefinitionReasons"/>) and an English message.</summary>
public sealed record DefinitionIssue(string Path, string Reason, string Message);

/// <summary>
/// Validation of a questionnaire definition (against the indicator system its questions bind to) and of an indicator system
/// (product.md M1.3, M3): what the API, the JSON editor page and the template tests refuse before anything is stored.
/// </summary>
public static partial class QuestionnaireRules
{
    /// <summary>Fewest and most points of a Likert-type scale (M1.1: k = 3…11).</summary>
    public const int MinPoints = 3;
    public const int MaxPoints = 11;

    /// <summary>Tolerance of "sibling weights sum to 1".</summary>
    public const double WeightTolerance = 1e-6;

    /// <summary>The five SERVQUAL dimensions of Parasuraman, Zeithaml &amp; Berry (1988).</summary>
    public static IReadOnlyList<string> ServqualDimensions { get; } = ["tangibles", "reliability", "responsiveness", "assurance", "empathy"];

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex OptionCodePattern();

    /// <summary>Whether <paramref name="code"/> is a valid question, row or indicator code (<c>[A-Za-z][A-Za-z0-9_]*</c>, at most 64 characters).</summary>
    public static bool IsCode(string? code) => code is { Length: > 0 and <= 64 } && CodePattern().IsMatch(code);

    /// <summary>Every problem of <paramref name="definition"/>; empty when it may be stored. <paramref name="indicators"/> is the bound system, if any.</summary>
    public static IReadOnlyList<DefinitionIssue> Validate(QuestionnaireDefinition definition, IndicatorSystemDefinition? indicators = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var issues = new List<DefinitionIssue>();
        if (Holes(definition) is { } hole)
        {
            // JSON from a client may hold nulls where the model has none: report the first and stop.
            return [new(hole, DefinitionReasons.Required, "a value is required here (null given)")];
        }
        CheckText(definition.Title, "title", issues);
        if (definition.Introduction is not null)
        {
            CheckText(definition.Introduction, "introduction", issues);
        }
        if (definition.ThankYou is not null)
        {
            CheckText(definition.ThankYou, "thankYou", issues);
        }
        var pages = definition.Pages ?? [];
        if (pages.Count == 0 || pages.All(p => p.Questions is null || p.Questions.Count == 0))
        {
            issues.Add(new("pages", DefinitionReasons.NoQuestions, "the questionnaire needs at least one page with one question"));
        }
        var leaves = indicators is null ? null : BaseIndicators(indicators);
        var known = indicators?.Nodes.Select(n => n.Code).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // Cells of the questions before the current one: skip logic may only look back.
        var earlierCells = new HashSet<string>(StringComparer.Ordinal);
        for (var p = 0; p < pages.Count; p++)
        {
            var page = pages[p];
            var pagePath = $"pages[{p}]";
            if (page.Title is not null)
            {
                CheckText(page.Title, pagePath + ".title", issues);
            }
            CheckCondition(page.ShowIf, pagePath + ".showIf", earlierCells, issues);
            var questions = page.Questions ?? [];
            if (questions.Count == 0 && pages.Count > 1)
            {
                issues.Add(new(pagePath + ".questions", DefinitionReasons.EmptyPage, $"page {p + 1} has no question"));
            }
            for (var q = 0; q < questions.Count; q++)
            {
                var question = questions[q];
                var path = $"{pagePath}.questions[{q}]";
                if (!IsCode(question.Code))
                {
                    issues.Add(new(path + ".code", DefinitionReasons.BadCode, $"question code '{question.Code}' must be a letter followed by letters, digits or _ (at most 64)"));
                }
                else if (!seen.Add(question.Code))
                {
                    issues.Add(new(path + ".code", DefinitionReasons.DuplicateCode, $"question code '{question.Code}' is used twice"));
                }
                CheckText(question.Text, path + ".text", issues);
                if (question.Help is not null)
                {
                    CheckText(question.Help, path + ".help", issues);
                }
                CheckCondition(question.ShowIf, path + ".showIf", earlierCells, issues);
                CheckQuestion(question, path, issues);
                CheckIndicator(question.Indicator, path + ".indicator", known, leaves, issues);
                foreach (var (row, r) in (question.Rows ?? []).Select((row, r) => (row, r)))
                {
                    CheckIndicator(row.Indicator, $"{path}.rows[{r}].indicator", known, leaves, issues);
                }
                if (question.Code is not null)
                {
                    foreach (var cell in AnswerCheck.CellsOf(question))
                    {
                        earlierCells.Add(cell.Key);
                    }
                }
            }
        }
        return issues;
    }

    private static string? Holes(QuestionnaireDefinition definition)
    {
        if (definition.Pages is null)
        {
            return "pages";
        }
        for (var p = 0; p < definition.Pages.Count; p++)
        {
            var page = definition.Pages[p];
            if (page?.Questions is null)
            {
                return page is null ? $"pages[{p}]" : $"pages[{p}].questions";
            }
            for (var q = 0; q < page.Questions.Count; q++)
            {
                var question = page.Questions[q];
                var path = $"pages[{p}].questions[{q}]";
                if (question is null || question.Code is null)
                {
                    return question is null ? path : path + ".code";
                }
                if (question.Options?.Select((o, i) => (o, i)).Where(x => x.o is null || x.o.Code is null).Select(x => (int?)x.i).FirstOrDefault() is { } option)
                {
                    return $"{path}.options[{option}]";
                }
                if (question.Rows?.Select((r, i) => (r, i)).Where(x => x.r is null || x.r.Code is null).Select(x => (int?)x.i).FirstOrDefault() is { } row)
                {
                    return $"{path}.rows[{row}]";
                }
                if (question.Parts?.Any(part => part is null) == true)
                {
                    return path + ".parts";
                }
                if (question.ShowIf is { Question: null })
                {
                    return path + ".showIf.question";
                }
            }
        }
        return null;
    }

    private static void CheckQuestion(Question question, string path, List<DefinitionIssue> issues)
    {
        var (min, max) = AnswerCheck.ScaleOf(question);
        var numeric = question.Type is QuestionType.Scale or QuestionType.Matrix || (question.Type == QuestionType.Triple && question.Options is null);
        if (numeric || question.Type is QuestionType.Nps or QuestionType.Csat or QuestionType.Ces or QuestionType.Servqual)
        {
            if (min is null || max is null || min >= max)
            {
                issues.Add(new(path + ".scaleMax", DefinitionReasons.BadScale, $"the scale must go from a lower to a higher point (got {min}…{max})"));
            }
            else if (numeric && (max - min + 1 < MinPoints || max - min + 1 > MaxPoints))
            {
                issues.Add(new(path + ".scaleMax", DefinitionReasons.BadScale, $"a scale has {MinPoints} to {MaxPoints} points; {min}…{max} has {max - min + 1}"));
            }
        }
        switch (question.Type)
        {
            case QuestionType.SingleChoice or QuestionType.MultipleChoice or QuestionType.Ranking or QuestionType.Linguistic:
                CheckOptions(question.Options, path + ".options", issues);
                break;
            case QuestionType.Scale when question.Options is { } labels:
                // Labels of scale points: code = the point's number, within the scale.
                CheckOptions(labels, path + ".options", issues, minimum: 1);
                foreach (var (label, i) in labels.Select((l, i) => (l, i)))
                {
                    if (!int.TryParse(label.Code, NumberStyles.Integer, CultureInfo.InvariantCulture, out var point) || point < min || point > max)
                    {
                        issues.Add(new($"{path}.options[{i}].code", DefinitionReasons.BadOption, $"a scale label's code is a point of the scale {min}…{max}; '{label.Code}' is not"));
                    }
                }
                break;
            case QuestionType.Matrix:
                var rows = question.Rows ?? [];
                if (rows.Count == 0)
                {
                    issues.Add(new(path + ".rows", DefinitionReasons.NoRows, "a matrix question needs at least one row"));
                }
                var rowCodes = new HashSet<string>(StringComparer.Ordinal);
                for (var r = 0; r < rows.Count; r++)
                {
                    if (!IsCode(rows[r].Code) || !rowCodes.Add(rows[r].Code))
                    {
                        issues.Add(new($"{path}.rows[{r}].code", IsCode(rows[r].Code) ? DefinitionReasons.DuplicateCode : DefinitionReasons.BadCode, $"row code '{rows[r].Code}' must be a unique code"));
                    }
                    CheckText(rows[r].Text, $"{path}.rows[{r}].text", issues);
                }
                break;
            case QuestionType.Triple:
                var parts = question.Parts ?? AnswerCheck.TripleParts;
                if (parts.Count == 0 || parts.Any(p => !AnswerCheck.TripleParts.Contains(p, StringComparer.Ordinal)) || parts.Distinct(StringComparer.Ordinal).Count() != parts.Count)
                {
                    issues.Add(new(path + ".parts", DefinitionReasons.BadPart, "parts are one or more of importance, perception, expectation, each once"));
                }
                if (question.Options is not null)
                {
                    CheckOptions(question.Options, path + ".options", issues);
                }
                break;
            case QuestionType.Servqual:
                if (string.IsNullOrWhiteSpace(question.Dimension))
                {
                    issues.Add(new(path + ".dimension", DefinitionReasons.NoDimension, "a SERVQUAL item names its dimension (tangibles, reliability, responsiveness, assurance, empathy or an adapted one)"));
                }
                break;
            case QuestionType.Nps when question.Why is not null:
                CheckText(question.Why, path + ".why", issues);
                break;
            case QuestionType.Text when question.MaxLength is { } length && (length < 1 || length > 20_000):
                issues.Add(new(path + ".maxLength", DefinitionReasons.BadLength, "maxLength is 1 to 20000 characters"));
                break;
        }
    }

    private static void CheckOptions(IReadOnlyList<QuestionOption>? options, string path, List<DefinitionIssue> issues, int minimum = 2)
    {
        if (options is null || options.Count < minimum)
        {
            issues.Add(new(path, DefinitionReasons.TooFewOptions, $"the question needs at least {minimum} options"));
            return;
        }
        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Count; i++)
        {
            var code = options[i].Code;
            if (code is null || code.Length > 64 || !OptionCodePattern().IsMatch(code))
            {
                issues.Add(new($"{path}[{i}].code", DefinitionReasons.BadCode, $"option code '{code}' must be letters, digits, _ or - (no ';')"));
            }
            else if (!codes.Add(code))
            {
                issues.Add(new($"{path}[{i}].code", DefinitionReasons.DuplicateCode, $"option code '{code}' is used twice"));
            }
            CheckText(options[i].Text, $"{path}[{i}].text", issues);
        }
    }

    private static void CheckCondition(Condition? condition, string path, HashSet<string> earlierCells, List<DefinitionIssue> issues)
    {
        if (condition is null)
        {
            return;
        }
        if (string.IsNullOrWhiteSpace(condition.Question) || !earlierCells.Contains(condition.Question))
        {
            issues.Add(new(path + ".question", DefinitionReasons.LaterQuestion, $"skip logic must refer to the answer cell of an earlier question; '{condition.Question}' is not one"));
        }
        var values = condition.Values ?? [];
        var ok = condition.Operator switch
        {
            ConditionOperator.Answered => true,
            ConditionOperator.In or ConditionOperator.NotIn => values.Count > 0,
            ConditionOperator.AtMost or ConditionOperator.AtLeast =>
                values.Count == 1 && double.TryParse(values[0], NumberStyles.Float, CultureInfo.InvariantCulture, out _),
            _ => false,
        };
        if (!ok)
        {
            issues.Add(new(path + ".values", DefinitionReasons.BadCondition, "In/NotIn need at least one value; AtMost/AtLeast need exactly one number"));
        }
    }

    private static void CheckIndicator(string? indicator, string path, HashSet<string>? known, HashSet<string>? leaves, List<DefinitionIssue> issues)
    {
        if (indicator is null)
        {
            return;
        }
        if (known is null || leaves is null)
        {
            issues.Add(new(path, DefinitionReasons.NoIndicatorSystem, $"the question binds to indicator '{indicator}' but the questionnaire has no indicator system"));
        }
        else if (!known.Contains(indicator))
        {
            issues.Add(new(path, DefinitionReasons.UnknownIndicator, $"'{indicator}' is not an indicator of the bound system"));
        }
        else if (!leaves.Contains(indicator))
        {
            issues.Add(new(path, DefinitionReasons.NotABaseIndicator, $"'{indicator}' has sub-indicators; questions bind to base indicators (leaves)"));
        }
    }

    private static void CheckText(LocalText? text, string path, List<DefinitionIssue> issues)
    {
        if (text is null || string.IsNullOrWhiteSpace(text.Zh))
        {
            issues.Add(new(path + ".zh", DefinitionReasons.Required, "the Chinese text is required (English is optional)"));
        }
    }

    /// <summary>The base indicators (nodes without children, other than a lone root).</summary>
    public static HashSet<string> BaseIndicators(IndicatorSystemDefinition system)
    {
        ArgumentNullException.ThrowIfNull(system);
        var parents = system.Nodes.Where(n => n.Parent is not null).Select(n => n.Parent!).ToHashSet(StringComparer.Ordinal);
        return system.Nodes.Where(n => n.Parent is not null && !parents.Contains(n.Code)).Select(n => n.Code).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The children of <paramref name="parent"/> in definition order.</summary>
    public static IReadOnlyList<IndicatorNodeDefinition> Children(IndicatorSystemDefinition system, string parent)
    {
        ArgumentNullException.ThrowIfNull(system);
        return [.. system.Nodes.Where(n => string.Equals(n.Parent, parent, StringComparison.Ordinal))];
    }

    /// <summary>Every problem of an indicator system: one root, parents exist, no cycles, unique codes, Chinese names, sibling weights in [0, 1] summing to 1.</summary>
    public static IReadOnlyList<DefinitionIssue> Validate(IndicatorSystemDefinition system)
    {
        ArgumentNullException.ThrowIfNull(system);
        var issues = new List<DefinitionIssue>();
        var nodes = system.Nodes ?? [];
        if (nodes.Select((n, i) => (n, i)).Where(x => x.n is null || x.n.Code is null).Select(x => (int?)x.i).FirstOrDefault() is { } hole)
        {
            return [new($"nodes[{hole}]", DefinitionReasons.Required, "a node with a code is required here (null given)")];
        }
        if ((system.Derivations ?? []).Any(d => d is null || d.Parent is null))
        {
            return [new("derivations", DefinitionReasons.Required, "every derivation names its parent")];
        }
        if (nodes.Count == 0)
        {
            issues.Add(new("nodes", DefinitionReasons.OneRoot, "an indicator system needs a root (the overall index)"));
            return issues;
        }
        var byCode = new Dictionary<string, IndicatorNodeDefinition>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            if (!IsCode(node.Code))
            {
                issues.Add(new($"nodes[{i}].code", DefinitionReasons.BadCode, $"indicator code '{node.Code}' must be a letter followed by letters, digits or _ (at most 64)"));
            }
            else if (!byCode.TryAdd(node.Code, node))
            {
                issues.Add(new($"nodes[{i}].code", DefinitionReasons.DuplicateCode, $"indicator code '{node.Code}' is used twice"));
            }
            CheckText(node.Name, $"nodes[{i}].name", issues);
            if (!double.IsFinite(node.Weight) || node.Weight < 0 || node.Weight > 1)
            {
                issues.Add(new($"nodes[{i}].weight", DefinitionReasons.BadWeight, "a weight is a number from 0 to 1"));
            }
        }
        var roots = nodes.Select((n, i) => (n, i)).Where(x => x.n.Parent is null).ToList();
        if (roots.Count != 1)
        {
            issues.Add(new("nodes", DefinitionReasons.OneRoot, $"an indicator system has exactly one root (a node without parent); found {roots.Count}"));
        }
        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            if (node.Parent is null)
            {
                continue;
            }
            if (!byCode.ContainsKey(node.Parent))
            {
                issues.Add(new($"nodes[{i}].parent", DefinitionReasons.UnknownParent, $"parent '{node.Parent}' of '{node.Code}' is not an indicator of the system"));
                continue;
            }
            // Walk up: a chain longer than the number of nodes, or one that meets the node again, is a cycle.
            var current = node.Parent;
            for (var steps = 0; current is not null && steps <= nodes.Count; steps++)
            {
                if (string.Equals(current, node.Code, StringComparison.Ordinal) || steps == nodes.Count)
                {
                    issues.Add(new($"nodes[{i}].parent", DefinitionReasons.Cycle, $"'{node.Code}' is its own ancestor"));
                    break;
                }
                current = byCode.TryGetValue(current, out var up) ? up.Parent : null;
            }
        }
        foreach (var group in nodes.Select((n, i) => (n, i)).Where(x => x.n.Parent is not null).GroupBy(x => x.n.Parent!, StringComparer.Ordinal))
        {
            var sum = group.Sum(x => x.n.Weight);
            if (Math.Abs(sum - 1) > WeightTolerance)
            {
                issues.Add(new($"nodes[{group.First().i}].weight", DefinitionReasons.WeightsSum,
                    $"the weights of the children of '{group.Key}' sum to {sum.ToString("0.######", CultureInfo.InvariantCulture)}, not 1"));
            }
        }
        for (var d = 0; d < (system.Derivations ?? []).Count; d++)
        {
            if (!byCode.ContainsKey(system.Derivations![d].Parent))
            {
                issues.Add(new($"derivations[{d}].parent", DefinitionReasons.UnknownParent, $"derivation names '{system.Derivations[d].Parent}', which is not an indicator"));
            }
        }
        return issues;
    }
}
