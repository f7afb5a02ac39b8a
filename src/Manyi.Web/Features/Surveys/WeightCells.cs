using System.Globalization;
using Manyi.Core.Surveys;

namespace Manyi.Web.Features.Surveys;

/// <summary>An answer cell read as a number: the scale point, or the position of a linguistic term (0 = lowest).</summary>
public sealed record NumericCell(string Key, IReadOnlyList<QuestionOption>? Terms)
{
    public double? Read(IReadOnlyDictionary<string, string> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (!answers.TryGetValue(Key, out var text) || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (Terms is { } terms)
        {
            var index = terms.Select(t => t.Code).ToList().IndexOf(text.Trim());
            return index < 0 ? null : index;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x) ? x : null;
    }
}

/// <summary>
/// Which answer cells measure which indicator, for weights derived from answers (product.md M1.3 b, d): importance comes from
/// the <c>.importance</c> cell of Triple questions, the data of the entropy method from the perception/score cells (Triple
/// <c>.perception</c>, SERVQUAL <c>.perception</c>, matrix rows, scale-type questions) of questions bound to the indicator or to
/// a base indicator below it. Several cells of one indicator are averaged per respondent.
/// </summary>
public static class WeightCells
{
    public static Dictionary<string, List<NumericCell>> ByChild(IndicatorSystemDefinition system, QuestionnaireDefinition definition, IReadOnlyList<string> children, WeightMethod method)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(children);
        var result = new Dictionary<string, List<NumericCell>>(StringComparer.Ordinal);
        foreach (var child in children)
        {
            var under = Subtree(system, child);
            var cells = new List<NumericCell>();
            foreach (var q in definition.Questions)
            {
                if (method == WeightMethod.Importance)
                {
                    if (q.Type == QuestionType.Triple && q.Indicator is not null && under.Contains(q.Indicator) && (q.Parts ?? AnswerCheck.TripleParts).Contains("importance", StringComparer.Ordinal))
                    {
                        cells.Add(new(q.Code + ".importance", q.Options));
                    }
                    continue;
                }
                if (q.Type == QuestionType.Matrix)
                {
                    cells.AddRange((q.Rows ?? []).Where(r => (r.Indicator ?? q.Indicator) is { } i && under.Contains(i)).Select(r => new NumericCell(q.Code + "." + r.Code, null)));
                    continue;
                }
                if (q.Indicator is null || !under.Contains(q.Indicator))
                {
                    continue;
                }
                switch (q.Type)
                {
                    case QuestionType.Triple when (q.Parts ?? AnswerCheck.TripleParts).Contains("perception", StringComparer.Ordinal):
                        cells.Add(new(q.Code + ".perception", q.Options));
                        break;
                    case QuestionType.Servqual:
                        cells.Add(new(q.Code + ".perception", null));
                        break;
                    case QuestionType.Scale or QuestionType.Nps or QuestionType.Csat or QuestionType.Ces or QuestionType.YesNo:
                        cells.Add(new(q.Code, null));
                        break;
                    case QuestionType.Linguistic:
                        cells.Add(new(q.Code, q.Options));
                        break;
                }
            }
            result[child] = cells;
        }
        return result;
    }

    /// <summary>The mean of the cells answered, or null when none is.</summary>
    public static double? Value(IReadOnlyList<NumericCell> cells, IReadOnlyDictionary<string, string> answers)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var values = cells.Select(c => c.Read(answers)).OfType<double>().ToList();
        return values.Count == 0 ? null : values.Average();
    }

    private static HashSet<string> Subtree(IndicatorSystemDefinition system, string code)
    {
        var set = new HashSet<string>(StringComparer.Ordinal) { code };
        var added = true;
        while (added)
        {
            added = false;
            foreach (var node in system.Nodes)
            {
                if (node.Parent is not null && set.Contains(node.Parent) && set.Add(node.Code))
                {
                    added = true;
                }
            }
        }
        return set;
    }
}
