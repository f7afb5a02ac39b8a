using Manyi.Core.Surveys;

namespace Manyi.Web.Features.Surveys;

/// <summary>One question followed across versions: its key (<c>indicator:{code}</c> or <c>question:{code}</c>) and the question in each version that has it.</summary>
public sealed record MappedQuestion(string Key, string? Indicator, IReadOnlyDictionary<int, Question> ByVersion);

/// <summary>
/// Maps the questions of several versions of a questionnaire onto each other (product.md M3: "analysis maps questions across
/// versions by indicator"): questions bound to the same indicator are the same measurement even if their code or wording
/// changed; a question without an indicator is matched by its code. Keys come in the order of first appearance, oldest version first.
/// </summary>
public static class QuestionMapping
{
    public static IReadOnlyList<MappedQuestion> AcrossVersions(IEnumerable<(int Number, QuestionnaireDefinition Definition)> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var order = new List<string>();
        var map = new Dictionary<string, (string? Indicator, Dictionary<int, Question> ByVersion)>(StringComparer.Ordinal);
        foreach (var (number, definition) in versions.OrderBy(v => v.Number))
        {
            foreach (var question in definition.Questions)
            {
                var key = question.Indicator is { } indicator ? "indicator:" + indicator : "question:" + question.Code;
                if (!map.TryGetValue(key, out var entry))
                {
                    entry = (question.Indicator, new Dictionary<int, Question>());
                    map[key] = entry;
                    order.Add(key);
                }
                // Two questions of one version bound to the same indicator: the first one stands for it.
                entry.ByVersion.TryAdd(number, question);
            }
        }
        return [.. order.Select(k => new MappedQuestion(k, map[k].Indicator, map[k].ByVersion))];
    }
}
