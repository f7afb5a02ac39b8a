using Manyi.Analytics.Scores;

namespace Manyi.Analytics.Tests.Scores;

public class NetPromoterTests
{
    // z(0.975) from the standard normal table, to the precision of the test tolerance.
    private const double Z95 = 1.959963984540054;

    [Fact]
    public void FromCounts_WhuberExample_MatchesVarianceFormula()
    {
        // whuber's answer to "How can I calculate margin of error in a NPS result?" (Cross Validated):
        // promoters 1/2, passives 1/3, detractors 1/6 → NPS = 1/3, variance per answer = 5/9.
        // With n = 36 (18 / 12 / 6): NPS = 100·(1/2 − 1/6) = 33.333…; SE = 100·sqrt((5/9)/36) = 100·√5/18 = 12.4226…
        // Check of the product.md formula: pP + pD − (pP − pD)² = 1/2 + 1/6 − 1/9 = 5/9.
        var result = NetPromoter.FromCounts(18, 12, 6);

        Assert.Equal(36, result.N);
        Assert.Equal(100.0 / 3, result.Nps!.Value, 1e-12);
        Assert.Equal(100 * Math.Sqrt(5) / 18, result.StandardError!.Value, 1e-12);
        Assert.Equal(100.0 / 3 - Z95 * 100 * Math.Sqrt(5) / 18, result.ConfidenceInterval!.Low, 1e-9);
        Assert.Equal(100.0 / 3 + Z95 * 100 * Math.Sqrt(5) / 18, result.ConfidenceInterval!.High, 1e-9);
        Assert.Equal(50, result.PromoterPercent!.Value, 1e-12);
        Assert.Equal(100.0 / 3, result.PassivePercent!.Value, 1e-12);
        Assert.Equal(100.0 / 6, result.DetractorPercent!.Value, 1e-12);
    }

    [Fact]
    public void Compute_Answers_ClassifiesPromotersPassivesDetractors()
    {
        // 10, 9 → promoters (2); 8, 7 → passives (2); 6, 0, 3 → detractors (3); blank not counted: n = 7.
        // NPS = 100·(2 − 3)/7 = −14.2857…; pP + pD − (pP − pD)² = 5/7 − 1/49 = 34/49; SE = 100·sqrt(34/49/7).
        var result = NetPromoter.Compute([10, 9, 8, 7, 6, 0, 3, null]);

        Assert.Equal(7, result.N);
        Assert.Equal(2, result.Promoters);
        Assert.Equal(2, result.Passives);
        Assert.Equal(3, result.Detractors);
        Assert.Equal(-100.0 / 7, result.Nps!.Value, 1e-12);
        Assert.Equal(100 * Math.Sqrt(34.0 / 49 / 7), result.StandardError!.Value, 1e-12);
    }

    [Fact]
    public void FromCounts_NinePromotersOneDetractor_ClampsIntervalAt100()
    {
        // NPS = 80; variance = 0.9 + 0.1 − 0.8² = 0.36; SE = 100·sqrt(0.036) = 18.9737…;
        // 80 + 1.96·18.97 = 117.2 > 100 → clamped to 100; low = 80 − 37.1877… = 42.8123…
        var result = NetPromoter.FromCounts(9, 0, 1);

        Assert.Equal(80, result.Nps!.Value, 1e-12);
        Assert.Equal(100, result.ConfidenceInterval!.High);
        Assert.Equal(80 - Z95 * 100 * Math.Sqrt(0.036), result.ConfidenceInterval.Low, 1e-9);
    }

    [Fact]
    public void FromCounts_BelowMinimumN_IsSuppressed()
    {
        var result = NetPromoter.FromCounts(2, 1, 1);

        Assert.True(result.Suppressed);
        Assert.Equal(4, result.N);
        Assert.Null(result.Nps);
        Assert.Null(result.Promoters);
        Assert.Null(result.ConfidenceInterval);
    }

    [Theory]
    [InlineData(11.0)]
    [InlineData(-1.0)]
    [InlineData(8.5)]
    public void Compute_NotAWholeNumberFromZeroToTen_Throws(double answer)
    {
        Assert.Throws<ArgumentException>(() => NetPromoter.Compute([9, answer]));
    }
}
