using Manyi.Analytics.Scores;

namespace Manyi.Analytics.Tests.Scores;

public class CustomerEffortTests
{
    [Fact]
    public void Compute_TenAnswers_MatchesHandComputation()
    {
        // Answers 2, 4, 5, 5, 6, 6, 7, 7, 3, 5 on 1–7: Σx = 50, x̄ = 5.
        // Σ(x − x̄)² = 9 + 1 + 0 + 0 + 1 + 1 + 4 + 4 + 4 + 0 = 24, s² = 24/9, s = 1.632993…
        // Agree (5–7): 5, 5, 6, 6, 7, 7, 5 = 7 of 10 = 70%.
        // t(0.975, 9 df) = 2.262157 (Student t table); half-width = 2.262157·s/√10 = 1.168178…
        var result = CustomerEffort.Compute([2, 4, 5, 5, 6, 6, 7, 7, 3, 5, null]);

        Assert.Equal(10, result.N);
        Assert.Equal(5, result.Mean!.Value, 1e-12);
        Assert.Equal(Math.Sqrt(24.0 / 9), result.StandardDeviation!.Value, 1e-12);
        Assert.Equal(7, result.Agree);
        Assert.Equal(70, result.AgreePercent!.Value, 1e-12);
        var half = 2.262157 * Math.Sqrt(24.0 / 9) / Math.Sqrt(10);
        Assert.Equal(5 - half, result.ConfidenceInterval!.Low, 1e-6);
        Assert.Equal(5 + half, result.ConfidenceInterval.High, 1e-6);
    }

    [Fact]
    public void Compute_AnswerOutsideOneToSeven_Throws()
    {
        Assert.Throws<ArgumentException>(() => CustomerEffort.Compute([1, 8]));
    }

    [Fact]
    public void Compute_BelowMinimumN_IsSuppressed()
    {
        var result = CustomerEffort.Compute([7, 7, 7]);

        Assert.True(result.Suppressed);
        Assert.Equal(3, result.N);
        Assert.Null(result.Mean);
        Assert.Null(result.AgreePercent);
    }
}
