using Manyi.Analytics.Scores;

namespace Manyi.Analytics.Tests.Scores;

public class ProportionIntervalTests
{
    // Newcombe R.G. (1998) "Two-sided confidence intervals for the single proportion: comparison of seven methods",
    // Statistics in Medicine 17:857–872, Table I (95% limits for the illustrative examples), published to 4 decimals:
    // tolerance 5e-5.
    private const double Published = 5e-5;

    [Theory]
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0000, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    public void Wilson_NewcombeExamples_MatchMethod3(int successes, int n, double low, double high)
    {
        var interval = ProportionInterval.Wilson(successes, n, 0.95);

        Assert.Equal(low, interval.Low, Published);
        Assert.Equal(high, interval.High, Published);
    }

    [Theory]
    [InlineData(81, 263, 0.2522, 0.3638)]
    [InlineData(15, 148, 0.0527, 0.1500)]
    public void Normal_NewcombeExamples_MatchMethod1(int successes, int n, double low, double high)
    {
        var interval = ProportionInterval.Normal(successes, n, 0.95);

        Assert.Equal(low, interval.Low, Published);
        Assert.Equal(high, interval.High, Published);
    }

    [Fact]
    public void Normal_OneOf29_IsClampedAtZero()
    {
        // Newcombe (1998) Table I shows the Wald lower limit of 1/29 below 0, an aberration: Manyi clamps it to 0.
        var interval = ProportionInterval.Normal(1, 29, 0.95);

        Assert.Equal(0, interval.Low);
        Assert.Equal(0.1009, interval.High, Published);
    }

    [Fact]
    public void Z_NinetyFivePercent_IsTabulatedQuantile()
    {
        // Standard normal table: z(0.975) = 1.959964 (6 decimals); z(0.995) = 2.575829.
        Assert.Equal(1.959964, ProportionInterval.Z(0.95), 1e-6);
        Assert.Equal(2.575829, ProportionInterval.Z(0.99), 1e-6);
    }

    [Theory]
    [InlineData(30, 10, IntervalMethod.Normal)]
    [InlineData(29, 15, IntervalMethod.Wilson)]
    [InlineData(100, 9, IntervalMethod.Wilson)]
    [InlineData(100, 91, IntervalMethod.Wilson)]
    [InlineData(100, 90, IntervalMethod.Normal)]
    public void MethodFor_SmallSamplesOrRareOutcomes_UseWilson(int n, int successes, IntervalMethod expected)
    {
        Assert.Equal(expected, ProportionInterval.MethodFor(successes, n));
    }
}
