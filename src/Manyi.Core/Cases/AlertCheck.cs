using System.Globalization;
using Manyi.Core.Surveys;

namespace Manyi.Core.Cases;

/// <summary>One rule a response tripped, with a short reason per answer that tripped it (e.g. "recommend = 3 (detractor)").</summary>
public sealed record AlertTrip(AlertRule Rule, IReadOnlyList<string> Reasons);

/// <summary>
/// Which alert rules a completed survey answer trips (product.md M5), and why. Pure: reads the questionnaire version's definition
/// and the stored answer cells (<see cref="AnswerCheck.CellsOf(QuestionnaireDefinition)"/>); whether a rule applies to the
/// response's wave and unit is decided by the caller.
/// </summary>
public static class AlertCheck
{
    /// <summary>The CSAT threshold when a <see cref="AlertRuleKind.CsatAtMost"/> rule names none (1–5 scale: 1 and 2 trip).</summary>
    public const double DefaultCsatThreshold = 2;

    /// <summary>The highest NPS answer that counts as a detractor.</summary>
    public const int DetractorMax = 6;

    /// <summary>Chinese words of complaint, matched as substrings (Chinese has no spaces between words).</summary>
    public static IReadOnlyList<string> DefaultKeywordsZh { get; } =
    [
        "投诉", "太差", "很差", "差劲", "不满意", "很不满", "态度差", "态度恶劣", "服务差", "停电", "断电", "骗", "欺诈", "乱收费", "多收费",
        "没人管", "不负责", "推诿", "拖延", "举报", "曝光", "12345", "12398", "再也不", "垃圾", "失望", "气愤",
    ];

    /// <summary>English words of complaint, matched as whole words, case-insensitive.</summary>
    public static IReadOnlyList<string> DefaultKeywordsEn { get; } =
    [
        "terrible", "awful", "horrible", "rude", "complaint", "complain", "unacceptable", "disappointed", "disappointing", "worst",
        "scam", "fraud", "overcharged", "outage", "never again", "useless", "angry", "poor service",
    ];

    /// <summary>The keywords a rule looks for: its own, or the default Chinese and English lists when it has none.</summary>
    public static IReadOnlyList<string> KeywordsOf(AlertRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var own = rule.Keywords.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim()).ToList();
        return own.Count > 0 ? own : [.. DefaultKeywordsZh, .. DefaultKeywordsEn];
    }

    /// <summary>The rules (in the order given) that <paramref name="answers"/> trip, each with its reasons.</summary>
    public static IReadOnlyList<AlertTrip> Check(QuestionnaireDefinition definition, IReadOnlyDictionary<string, string> answers, IEnumerable<AlertRule> rules)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(rules);
        var trips = new List<AlertTrip>();
        foreach (var rule in rules)
        {
            var reasons = Reasons(rule, definition, answers);
            if (reasons.Count > 0)
            {
                trips.Add(new AlertTrip(rule, reasons));
            }
        }
        return trips;
    }

    /// <summary>Why <paramref name="rule"/> trips on <paramref name="answers"/>; empty when it does not.</summary>
    public static IReadOnlyList<string> Reasons(AlertRule rule, QuestionnaireDefinition definition, IReadOnlyDictionary<string, string> answers)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(answers);
        var reasons = new List<string>();
        var questions = definition.Questions.ToList();
        switch (rule.Kind)
        {
            case AlertRuleKind.NpsDetractor:
                foreach (var q in questions.Where(q => q.Type == QuestionType.Nps && Named(rule, q)))
                {
                    if (Number(answers, q.Code) is { } x && x <= DetractorMax)
                    {
                        reasons.Add(Invariant($"{q.Code} = {x} (detractor)"));
                    }
                }
                break;
            case AlertRuleKind.CsatAtMost:
                var limit = rule.Threshold ?? DefaultCsatThreshold;
                foreach (var q in questions.Where(q => q.Type == QuestionType.Csat && Named(rule, q)))
                {
                    if (Number(answers, q.Code) is { } x && x <= limit)
                    {
                        reasons.Add(Invariant($"{q.Code} = {x} (CSAT ≤ {limit})"));
                    }
                }
                break;
            case AlertRuleKind.IndicatorBelow:
                if (rule.Threshold is not { } floor)
                {
                    break;
                }
                foreach (var (cell, value) in IndicatorCells(rule, questions, answers))
                {
                    if (value < floor)
                    {
                        reasons.Add(Invariant($"{cell} = {value} (below {floor})"));
                    }
                }
                break;
            case AlertRuleKind.NegativeKeywords:
                var keywords = KeywordsOf(rule);
                foreach (var cell in questions.SelectMany(AnswerCheck.CellsOf).Where(c => c.Question.Type == QuestionType.Text || c.Part == "why"))
                {
                    if (!answers.TryGetValue(cell.Key, out var text) || string.IsNullOrWhiteSpace(text))
                    {
                        continue;
                    }
                    var found = keywords.Where(k => Contains(text, k)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                    if (found.Count > 0)
                    {
                        reasons.Add($"{cell.Key} contains {string.Join(", ", found.Select(k => "\"" + k + "\""))}");
                    }
                }
                break;
        }
        return reasons;
    }

    /// <summary>
    /// Whether <paramref name="text"/> contains <paramref name="keyword"/>, case-insensitive: a keyword with a Chinese (or other
    /// non-Latin) character as a substring, a Latin keyword only as a whole word ("rude" is not found in "rudelywritten").
    /// </summary>
    public static bool Contains(string text, string keyword)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(keyword);
        keyword = keyword.Trim();
        if (keyword.Length == 0)
        {
            return false;
        }
        if (keyword.Any(c => !IsLatinWordChar(c) && !char.IsWhiteSpace(c) && !char.IsPunctuation(c)))
        {
            return text.Contains(keyword, StringComparison.OrdinalIgnoreCase);
        }
        for (var at = text.IndexOf(keyword, StringComparison.OrdinalIgnoreCase); at >= 0;
             at = at + 1 < text.Length ? text.IndexOf(keyword, at + 1, StringComparison.OrdinalIgnoreCase) : -1)
        {
            var end = at + keyword.Length;
            var before = at == 0 || !IsLatinWordChar(text[at - 1]);
            var after = end >= text.Length || !IsLatinWordChar(text[end]);
            if (before && after)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Letters and digits of Latin-script words (a Chinese character next to an English word is a word boundary).</summary>
    private static bool IsLatinWordChar(char c) => c < 0x0250 && char.IsLetterOrDigit(c);

    private static bool Named(AlertRule rule, Question q) =>
        string.IsNullOrWhiteSpace(rule.QuestionCode) || string.Equals(rule.QuestionCode.Trim(), q.Code, StringComparison.Ordinal);

    /// <summary>The numeric answer cells the indicator rule reads: questions (or matrix rows) bound to the indicator, or the named question.</summary>
    private static IEnumerable<(string Cell, double Value)> IndicatorCells(AlertRule rule, List<Question> questions, IReadOnlyDictionary<string, string> answers)
    {
        var indicator = rule.IndicatorCode?.Trim();
        var named = rule.QuestionCode?.Trim();
        foreach (var q in questions)
        {
            var bound = !string.IsNullOrEmpty(indicator) && string.Equals(q.Indicator, indicator, StringComparison.Ordinal);
            var isNamed = !string.IsNullOrEmpty(named) && string.Equals(q.Code, named, StringComparison.Ordinal);
            if (q.Type == QuestionType.Matrix)
            {
                foreach (var row in q.Rows ?? [])
                {
                    var rowBound = !string.IsNullOrEmpty(indicator) && string.Equals(row.Indicator ?? q.Indicator, indicator, StringComparison.Ordinal);
                    var key = q.Code + "." + row.Code;
                    if ((rowBound || isNamed || string.Equals(key, named, StringComparison.Ordinal)) && Number(answers, key) is { } m)
                    {
                        yield return (key, m);
                    }
                }
                continue;
            }
            if (!bound && !isNamed)
            {
                continue;
            }
            var cell = q.Type switch
            {
                QuestionType.Triple or QuestionType.Servqual => q.Code + ".perception",
                QuestionType.Scale or QuestionType.Nps or QuestionType.Csat or QuestionType.Ces or QuestionType.YesNo or QuestionType.Linguistic => q.Code,
                _ => null,
            };
            if (cell is null || !answers.TryGetValue(cell, out var raw))
            {
                continue;
            }
            var terms = q.Type is QuestionType.Linguistic or QuestionType.Triple ? q.Options : null;
            double? value = terms is { Count: > 0 }
                ? terms.Select((t, i) => (t, i)).Where(x => string.Equals(x.t.Code, raw, StringComparison.Ordinal)).Select(x => (double?)(x.i + 1)).FirstOrDefault()
                : Number(answers, cell);
            if (value is { } v)
            {
                yield return (cell, v);
            }
        }
    }

    private static double? Number(IReadOnlyDictionary<string, string> answers, string key) =>
        answers.TryGetValue(key, out var raw) && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x) ? x : null;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
