using System.Globalization;
using Manyi.Analytics.Ratios;

namespace Manyi.Analytics.Linguistic;

/// <summary>One customer's answers on one indicator: importance z, perception r, expectation e (null = not answered).</summary>
public sealed record LinguisticAssessment(string Respondent, string Indicator, TwoTuple? Importance, TwoTuple? Perception, TwoTuple? Expectation);

/// <summary>A column aggregated with the 2-tuple arithmetic mean: β, its 2-tuple (s_i, α), the label s_i and the answers counted.</summary>
public sealed record LinguisticAggregate(double Beta, TwoTuple TwoTuple, string Label, int Answers)
{
    /// <summary>α of the standard 2-tuple Δ(β).</summary>
    public double Alpha => TwoTuple.Alpha;
}

/// <summary>Step 6 of M1.4, first axis: d_j &lt; Φ → key improvement (重点改进), otherwise general improvement (一般改进).</summary>
public enum ImprovementClass
{
    /// <summary>d_j &lt; Φ: 重点改进.</summary>
    Key,

    /// <summary>d_j ≥ Φ: 一般改进.</summary>
    General,
}

/// <summary>Step 6 of M1.4, second axis: ξ_j &gt; 1/n → focus object (重点对象), otherwise ordinary object (一般对象).</summary>
public enum ObjectClass
{
    /// <summary>ξ_j &gt; 1/n: 重点对象.</summary>
    Focus,

    /// <summary>ξ_j ≤ 1/n: 一般对象.</summary>
    Ordinary,
}

/// <summary>One indicator's result: aggregated z, r, e; weight ξ_j; satisfaction d_j; rank; the two classifications.</summary>
public sealed record LinguisticIndicator(
    string Indicator,
    LinguisticAggregate Importance,
    LinguisticAggregate Perception,
    LinguisticAggregate Expectation,
    double Weight,
    double Satisfaction,
    int Rank,
    ImprovementClass Improvement,
    ObjectClass ObjectClass);

/// <summary>
/// The quadrant chart of M1.4: d_j (vertical) against ξ_j (horizontal), cross-hairs at Φ and 1/n.
/// Quadrants: key improvement + focus object (top priority), key + ordinary, general + focus, general + ordinary.
/// </summary>
public sealed record LinguisticQuadrantChart(double SatisfactionCrossHair, double WeightCrossHair, IReadOnlyList<LinguisticQuadrantPoint> Points);

/// <summary>One indicator on the quadrant chart.</summary>
public sealed record LinguisticQuadrantPoint(string Indicator, double Weight, double Satisfaction, ImprovementClass Improvement, ObjectClass ObjectClass);

/// <summary>The result of the six-step 2-tuple satisfaction evaluation (product.md M1.4).</summary>
public sealed record LinguisticEvaluation(
    int Respondents,
    LinguisticTermSet Terms,
    double Overall,
    SatisfactionVerdict Verdict,
    double Tolerance,
    IReadOnlyList<LinguisticIndicator> Indicators,
    LinguisticQuadrantChart Chart);

/// <summary>
/// Customer satisfaction evaluation with the 2-tuple linguistic model (product.md M1.4; 2-tuple model of Herrera &amp;
/// Martínez 2000): column means β^z_j, β^r_j, β^e_j; ξ_j = β^z_j/Σβ^z_k; d_j = β^r_j/β^e_j; Φ = Σ d_j·ξ_j.
/// </summary>
public static class LinguisticSatisfaction
{
    /// <summary>Values closer than this count as equal when ranking and classifying (guards against rounding of sums).</summary>
    public const double TieTolerance = 1e-9;

    /// <summary>
    /// Runs the six steps of M1.4. Indicators keep the order of their first appearance. Missing answers are left out
    /// of their column's mean. Ranks: 1 = highest d_j; indicators whose d_j are equal (within 1e-9) share the best
    /// rank of their group and the next rank skips (competition ranking 1, 2, 2, 4).
    /// </summary>
    /// <param name="terms">The term set the answers are labels of.</param>
    /// <param name="assessments">One row per customer and indicator.</param>
    /// <param name="tolerance">Half-width of the M1.2 band around Φ = 1 (default 0.05).</param>
    public static LinguisticEvaluation Evaluate(LinguisticTermSet terms, IReadOnlyList<LinguisticAssessment> assessments, double tolerance = 0.05)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(assessments);
        if (!double.IsFinite(tolerance) || tolerance < 0 || tolerance >= 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the tolerance band must lie in [0, 1), got {tolerance}"), nameof(tolerance));
        }
        if (assessments.Count == 0)
        {
            throw new ArgumentException("no assessments: at least one customer must rate at least one indicator", nameof(assessments));
        }

        var order = new List<string>();
        var byIndicator = new Dictionary<string, List<LinguisticAssessment>>(StringComparer.Ordinal);
        var seen = new HashSet<(string, string)>();
        foreach (var a in assessments)
        {
            ArgumentNullException.ThrowIfNull(a);
            if (string.IsNullOrWhiteSpace(a.Indicator))
            {
                throw new ArgumentException($"respondent '{a.Respondent}' has an assessment without an indicator name", nameof(assessments));
            }
            if (!seen.Add((a.Respondent, a.Indicator)))
            {
                throw new ArgumentException($"respondent '{a.Respondent}' rates indicator '{a.Indicator}' more than once", nameof(assessments));
            }
            foreach (var value in new[] { a.Importance, a.Perception, a.Expectation })
            {
                if (value is not null && (value.Beta < 0 || value.Beta > terms.Granularity || value.Alpha < -0.5 || value.Alpha >= 0.5))
                {
                    throw new ArgumentException($"respondent '{a.Respondent}', indicator '{a.Indicator}': {value} is not a 2-tuple of the term set s0…s{terms.Granularity}", nameof(assessments));
                }
            }
            if (!byIndicator.TryGetValue(a.Indicator, out var list))
            {
                list = [];
                byIndicator.Add(a.Indicator, list);
                order.Add(a.Indicator);
            }
            list.Add(a);
        }
        var respondents = assessments.Select(a => a.Respondent).Distinct(StringComparer.Ordinal).Count();

        // Steps 1–2: 2-tuple arithmetic mean of each column, missing answers left out.
        var z = new LinguisticAggregate[order.Count];
        var r = new LinguisticAggregate[order.Count];
        var e = new LinguisticAggregate[order.Count];
        for (var j = 0; j < order.Count; j++)
        {
            var rows = byIndicator[order[j]];
            z[j] = Aggregate(terms, order[j], "importance", rows.Select(x => x.Importance));
            r[j] = Aggregate(terms, order[j], "perception", rows.Select(x => x.Perception));
            e[j] = Aggregate(terms, order[j], "expectation", rows.Select(x => x.Expectation));
            if (e[j].Beta == 0)
            {
                throw new ArgumentException(
                    $"indicator '{order[j]}': every expectation is {terms.Labels[0]} (β = 0), so satisfaction d = perception / expectation is undefined",
                    nameof(assessments));
            }
        }

        // Step 3: normalised weights.
        var importanceSum = z.Sum(x => x.Beta);
        if (importanceSum == 0)
        {
            throw new ArgumentException(
                $"every importance answer is {terms.Labels[0]} (β = 0), so the weights ξ = β^z / Σβ^z are undefined", nameof(assessments));
        }
        var weights = z.Select(x => x.Beta / importanceSum).ToArray();

        // Steps 4–5: per-indicator satisfaction and the weighted overall.
        var satisfaction = new double[order.Count];
        for (var j = 0; j < order.Count; j++)
        {
            satisfaction[j] = r[j].Beta / e[j].Beta;
        }
        var overall = 0.0;
        for (var j = 0; j < order.Count; j++)
        {
            overall += satisfaction[j] * weights[j];
        }

        // Step 6: ranks and classification.
        var focusThreshold = 1.0 / order.Count;
        var indicators = new LinguisticIndicator[order.Count];
        for (var j = 0; j < order.Count; j++)
        {
            var rank = 1 + satisfaction.Count(d => d > satisfaction[j] + TieTolerance);
            var improvement = satisfaction[j] < overall - TieTolerance ? ImprovementClass.Key : ImprovementClass.General;
            var focus = weights[j] > focusThreshold + TieTolerance ? ObjectClass.Focus : ObjectClass.Ordinary;
            indicators[j] = new LinguisticIndicator(order[j], z[j], r[j], e[j], weights[j], satisfaction[j], rank, improvement, focus);
        }
        var chart = new LinguisticQuadrantChart(
            overall,
            focusThreshold,
            indicators.Select(i => new LinguisticQuadrantPoint(i.Indicator, i.Weight, i.Satisfaction, i.Improvement, i.ObjectClass)).ToArray());
        return new LinguisticEvaluation(respondents, terms, overall, Disconfirmation.Classify(overall, tolerance), tolerance, indicators, chart);
    }

    private static LinguisticAggregate Aggregate(LinguisticTermSet terms, string indicator, string column, IEnumerable<TwoTuple?> values)
    {
        var answered = values.OfType<TwoTuple>().ToArray();
        if (answered.Length == 0)
        {
            throw new ArgumentException($"indicator '{indicator}' has no {column} answers (every one is missing)", nameof(values));
        }
        var beta = answered.Sum(TwoTupleModel.InverseDelta) / answered.Length;
        var tuple = TwoTupleModel.Delta(beta, terms.Granularity);
        return new LinguisticAggregate(beta, tuple, terms.Label(tuple), answered.Length);
    }
}
