using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Manyi.Analytics.Scores;

namespace Manyi.Analytics.Tests.Scores;

public class ScoresPropertyTests
{
    private const double Tolerance = 1e-9;

    /// <summary>Answers on 1–5 with about one blank in seven, from arbitrary integers.</summary>
    private static double?[] Likert(int[] raw) =>
        raw.Select(x => x % 7 == 0 ? (double?)null : 1 + Math.Abs(x % 5)).ToArray();

    private static bool Close(double? a, double? b) =>
        a is null ? b is null : b is not null && Math.Abs(a.Value - b.Value) <= Tolerance * Math.Max(1, Math.Abs(a.Value));

    private static bool Same(ItemStatistics a, ItemStatistics b) =>
        a.N == b.N && a.Missing == b.Missing && a.Suppressed == b.Suppressed && Close(a.Mean, b.Mean)
        && Close(a.StandardDeviation, b.StandardDeviation) && Close(a.TopBoxPercent, b.TopBoxPercent) && Close(a.Score, b.Score)
        && a.BetweenPoints == b.BetweenPoints && a.Distribution.Select(d => d.Count).SequenceEqual(b.Distribution.Select(d => d.Count));

    [Property]
    public bool Describe_RowOrder_DoesNotMatter(int[] raw, PositiveInt shift)
    {
        var values = Likert(raw);
        var k = values.Length == 0 ? 0 : shift.Get % values.Length;
        var reordered = values.Reverse().Skip(k).Concat(values.Reverse().Take(k)).ToArray();

        return Same(ItemAnalysis.Describe(Scale.Satisfaction, values), ItemAnalysis.Describe(Scale.Satisfaction, reordered))
            && Close(NetPromoter.Compute(values).Nps, NetPromoter.Compute(reordered).Nps)
            && Close(CustomerSatisfaction.Compute(values).Csat, CustomerSatisfaction.Compute(reordered).Csat);
    }

    [Property]
    public bool Describe_AffineChangeOfScale_KeepsScore(int[] raw, PositiveInt slope, int offset)
    {
        // x → a·x + b with a > 0 maps the scale 1–5 to (a + b)–(5a + b); the 0–100 score is invariant.
        var a = 1 + slope.Get % 25;
        var b = offset % 100;
        var values = Likert(raw);
        var mapped = values.Select(x => x is { } v ? a * v + b : (double?)null).ToArray();
        var options = new ItemOptions(MinimumN: 1);

        var original = ItemAnalysis.Describe(Scale.Satisfaction, values, options);
        var rescaled = ItemAnalysis.Describe(new Scale(a + b, 5 * a + b), mapped, options);

        return Close(original.Score, rescaled.Score);
    }

    [Property]
    public bool FromCounts_AnyCounts_NpsAndIntervalWithinMinus100To100(NonNegativeInt promoters, NonNegativeInt passives, NonNegativeInt detractors)
    {
        var result = NetPromoter.FromCounts(promoters.Get, passives.Get, detractors.Get, minimumN: 1);

        return result.Suppressed
            || (result.Nps is >= -100 and <= 100
                && result.ConfidenceInterval!.Low >= -100 && result.ConfidenceInterval.High <= 100
                && result.ConfidenceInterval.Low <= result.Nps && result.Nps <= result.ConfidenceInterval.High);
    }

    [Property]
    public Property Accumulator_WholeAndHalfPointAnswers_EqualsBatch()
    {
        // Answers 1, 1.5, 2, …, 5 (half points are between scale points) or blank.
        var answer = Gen.Choose(-1, 8).Select(k => k < 0 ? (double?)null : 1 + k / 2.0);
        return Prop.ForAll(answer.ListOf().ToArbitrary(), (List<double?> values) =>
        {
            var accumulator = new ItemAccumulator(Scale.Satisfaction);
            foreach (var value in values)
            {
                if (value is { } v)
                {
                    accumulator.Add(v);
                }
                else
                {
                    accumulator.AddMissing();
                }
            }
            var options = new ItemOptions(MinimumN: 1);
            return Same(accumulator.Result(options), ItemAnalysis.Describe(Scale.Satisfaction, values, options));
        });
    }

    [Property]
    public bool FromFrequencies_CountsOfAnswers_EqualsBatch(int[] raw)
    {
        var values = Likert(raw);
        var counts = Enumerable.Range(1, 5).Select(p => (long)values.Count(v => v == p)).ToArray();

        return Same(
            ItemAnalysis.FromFrequencies(Scale.Satisfaction, counts, values.Count(v => v is null)),
            ItemAnalysis.Describe(Scale.Satisfaction, values));
    }

    [Property]
    public bool IndexScore_AnyPositiveWeights_SumToOne(PositiveInt[] weights)
    {
        if (weights.Length == 0)
        {
            return true;
        }
        var items = weights.Select((_, i) => new KeyValuePair<string, double?>($"q{i}", i * 7 % 101)).ToArray();
        var given = weights.Select((w, i) => ($"q{i}", (double)w.Get)).ToDictionary(p => p.Item1, p => p.Item2);

        var index = IndexScore.Compute(items, given);

        return Math.Abs(index.Weights.Values.Sum() - 1) <= Tolerance && index.Score is >= 0 and <= 100;
    }
}
