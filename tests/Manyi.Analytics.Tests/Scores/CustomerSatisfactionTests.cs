using Manyi.Analytics.Scores;

namespace Manyi.Analytics.Tests.Scores;

public class CustomerSatisfactionTests
{
    [Fact]
    public void Compute_81Of263Satisfied_UsesNormalIntervalOfNewcombe()
    {
        // 81 answers of 4 or 5 and 182 of 1–3 on 1–5: CSAT = 100·81/263 = 30.798…%.
        // n ≥ 30, n·p = 81 ≥ 10, n·(1 − p) = 182 ≥ 10 → normal approximation; Newcombe (1998) Table I, method 1:
        // 0.2522–0.3638 (4 decimals → tolerance 0.005 points).
        var answers = Enumerable.Repeat<double?>(5, 40).Concat(Enumerable.Repeat<double?>(4, 41))
            .Concat(Enumerable.Repeat<double?>(3, 100)).Concat(Enumerable.Repeat<double?>(1, 82)).Append(null);

        var result = CustomerSatisfaction.Compute(answers);

        Assert.Equal(263, result.N);
        Assert.Equal(81, result.Satisfied);
        Assert.Equal(8100.0 / 263, result.Csat!.Value, 1e-12);
        Assert.Equal(IntervalMethod.Normal, result.Interval);
        Assert.Equal(25.22, result.ConfidenceInterval!.Low, 0.005);
        Assert.Equal(36.38, result.ConfidenceInterval.High, 0.005);
        Assert.Equal((36.38 - 25.22) / 2, result.MarginOfError!.Value, 0.005);
    }

    [Fact]
    public void FromCounts_1Of29_UsesWilsonIntervalOfNewcombe()
    {
        // n = 29 < 30 → Wilson; Newcombe (1998) Table I, method 3: 0.0061–0.1718; margin = (17.18 − 0.61)/2 = 8.285 points.
        var result = CustomerSatisfaction.FromCounts(29, 1);

        Assert.Equal(IntervalMethod.Wilson, result.Interval);
        Assert.Equal(100.0 / 29, result.Csat!.Value, 1e-12);
        Assert.Equal(0.61, result.ConfidenceInterval!.Low, 0.005);
        Assert.Equal(17.18, result.ConfidenceInterval.High, 0.005);
        Assert.Equal(8.285, result.MarginOfError!.Value, 0.005);
    }

    [Fact]
    public void Compute_TopThreeOfSevenPointScale_CountsFiveToSeven()
    {
        // On 1–7 with top-3 boxes, 5, 6, 7 are satisfied: answers 7, 5, 4, 6, 2 → 3 of 5 = 60%.
        var result = CustomerSatisfaction.Compute([7, 5, 4, 6, 2], Scale.Likert(7), topBoxes: 3);

        Assert.Equal(3, result.Satisfied);
        Assert.Equal(60, result.Csat!.Value, 1e-12);
        Assert.Equal(IntervalMethod.Wilson, result.Interval);
    }

    [Fact]
    public void FromCounts_BelowMinimumN_IsSuppressed()
    {
        var result = CustomerSatisfaction.FromCounts(3, 3, minimumN: 5);

        Assert.True(result.Suppressed);
        Assert.Null(result.Csat);
        Assert.Null(result.Interval);
    }
}
