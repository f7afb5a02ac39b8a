using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Manyi.Analytics.Sampling;

namespace Manyi.Analytics.Tests.Sampling;

public class SampleSizeTests
{
    // z for 95%: the standard normal table value z_0.975 = 1.959964 (e.g. Cochran 1977, Appendix table; any z table).
    private const double Z95 = 1.959964;

    [Fact]
    public void ForProportion_TextbookCase_Is385()
    {
        // The classic textbook case (Cochran 1977 ch. 4 formula; quoted by every survey text): 95%, E = 0.05, p = 0.5.
        // Hand: n0 = 1.959964² · 0.5 · 0.5 / 0.05² = 3.841459 · 0.25 / 0.0025 = 384.146 → rounded up 385
        // (with the rounded z = 1.96 the books get 384.16 → 385 as well).
        var result = SampleSize.ForProportion(0.95, 0.05);
        Assert.Equal(Z95, result.Z, 1e-6);
        Assert.Equal(384.146, result.InitialSize, 1e-3);
        Assert.Equal(385, result.Size);
        Assert.Null(result.Population);
    }

    [Fact]
    public void ForProportion_Population1000_Is278()
    {
        // Finite population correction, Cochran 1977 eq. 4.2: n = n0 / (1 + (n0 − 1)/N).
        // Hand: 384.146 / (1 + 383.146/1000) = 384.146 / 1.383146 = 277.73 → 278 (the textbook table value for N = 1000).
        var result = SampleSize.ForProportion(0.95, 0.05, population: 1000);
        Assert.Equal(278, result.Size);
        Assert.Equal(384.146, result.InitialSize, 1e-3);
    }

    [Fact]
    public void ForProportion_Population10000_Is370()
    {
        // Published worked example (theprimecalculator.com, "How to calculate sample size", Cochran's formula):
        // n0 = 384.16, 384.16 / (1 + 383.16/10000) = 384.16 / 1.0383 = 370.
        // Hand with z = 1.959964: 384.146 / 1.0383146 = 369.97 → 370.
        Assert.Equal(370, SampleSize.ForProportion(0.95, 0.05, 0.5, 10_000).Size);
    }

    [Fact]
    public void ForProportion_99PercentAndP03_Is1549()
    {
        // Hand: z_0.995 = 2.575829 (normal table), z² = 6.634897; p(1 − p) = 0.3 · 0.7 = 0.21; E² = 0.03² = 0.0009.
        // n0 = 6.634897 · 0.21 / 0.0009 = 1.393328 / 0.0009 = 1548.14 → 1549.
        var result = SampleSize.ForProportion(0.99, 0.03, 0.3);
        Assert.Equal(2.575829, result.Z, 1e-6);
        Assert.Equal(1548.14, result.InitialSize, 1e-2);
        Assert.Equal(1549, result.Size);
    }

    [Fact]
    public void ForMean_Sd12Margin01_Is554AndWithPopulation434()
    {
        // Hand: a 5-point scale with σ = 1.2 (an earlier wave), E = 0.1 points, 95%.
        // n0 = z²σ²/E² = 3.841459 · 1.44 / 0.01 = 553.17 → 554.
        // With N = 2000 (Cochran 1977 ch. 4, continuous data: n = n0/(1 + n0/N)): 553.17 / (1 + 0.276585) = 553.17 / 1.276585 = 433.32 → 434.
        var infinite = SampleSize.ForMean(0.95, 0.1, 1.2);
        Assert.Equal(553.17, infinite.InitialSize, 1e-2);
        Assert.Equal(554, infinite.Size);
        Assert.Equal(434, SampleSize.ForMean(0.95, 0.1, 1.2, 2000).Size);
    }

    [Fact]
    public void Invitations_RateOf30Percent_RoundsUp()
    {
        // Hand: 385 / 0.3 = 1283.33 → 1284 invitations.
        Assert.Equal(1284, SampleSize.Invitations(385, 0.3));
    }

    [Fact]
    public void Invitations_ExactQuotientWithFloatingPointNoise_IsNotRoundedUpPastIt()
    {
        // Hand: 21 / 0.7 = 30 exactly, but in binary floating point 21 / 0.7 = 30.000000000000004; 30 invitations suffice.
        Assert.Equal(30, SampleSize.Invitations(21, 0.7));
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(0)]
    [InlineData(1)]
    public void ForProportion_ConfidenceOutsideZeroOne_ThrowsNamingConfidence(double confidence)
    {
        var e = Assert.Throws<ArgumentException>(() => SampleSize.ForProportion(confidence, 0.05));
        Assert.Contains("confidence must be between 0 and 1", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-0.05)]
    [InlineData(5)]
    public void ForProportion_MarginNotInZeroOne_ThrowsNamingMargin(double margin)
    {
        var e = Assert.Throws<ArgumentException>(() => SampleSize.ForProportion(0.95, margin));
        Assert.Contains("margin of error", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForMean_ZeroStandardDeviation_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => SampleSize.ForMean(0.95, 0.1, 0));
        Assert.Contains("standard deviation must be greater than 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invitations_RateAboveOne_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => SampleSize.Invitations(100, 30));
        Assert.Contains("response rate", e.Message, StringComparison.Ordinal);
    }

    [Property]
    public Property ForProportion_LargerMargin_NeverNeedsMoreAnswers() =>
        Prop.ForAll(
            Gen.Choose(1, 500).Select(i => i / 1000.0).ToArbitrary(),
            Gen.Choose(1, 500).Select(i => i / 1000.0).ToArbitrary(),
            Gen.Choose(0, 100).Select(i => i / 100.0).ToArbitrary(),
            (a, b, p) =>
            {
                var (small, large) = a <= b ? (a, b) : (b, a);
                return SampleSize.ForProportion(0.95, small, p).Size >= SampleSize.ForProportion(0.95, large, p).Size;
            });

    [Property]
    public Property ForMean_LargerMargin_NeverNeedsMoreAnswers() =>
        Prop.ForAll(
            Gen.Choose(1, 1000).Select(i => i / 100.0).ToArbitrary(),
            Gen.Choose(1, 1000).Select(i => i / 100.0).ToArbitrary(),
            (a, b) =>
            {
                var (small, large) = a <= b ? (a, b) : (b, a);
                return SampleSize.ForMean(0.9, small, 2.5).Size >= SampleSize.ForMean(0.9, large, 2.5).Size;
            });

    [Property]
    public Property ForProportion_WithPopulation_AtMostPopulationAndAtMostUncorrected() =>
        Prop.ForAll(
            Gen.Choose(1, 200_000).ToArbitrary(),
            Gen.Choose(5, 300).Select(i => i / 1000.0).ToArbitrary(),
            (population, margin) =>
            {
                var corrected = SampleSize.ForProportion(0.95, margin, 0.5, population);
                var uncorrected = SampleSize.ForProportion(0.95, margin);
                return corrected.Size <= population && corrected.Size <= uncorrected.Size;
            });

    [Property]
    public Property ForMean_WithPopulation_AtMostPopulationAndAtMostUncorrected() =>
        Prop.ForAll(
            Gen.Choose(1, 200_000).ToArbitrary(),
            Gen.Choose(1, 300).Select(i => i / 100.0).ToArbitrary(),
            (population, margin) =>
            {
                var corrected = SampleSize.ForMean(0.95, margin, 1.5, population);
                var uncorrected = SampleSize.ForMean(0.95, margin, 1.5);
                return corrected.Size <= population && corrected.Size <= uncorrected.Size;
            });

    [Property]
    public Property ForProportion_PlannedSize_AchievesTheMargin() =>
        Prop.ForAll(
            Gen.Choose(50, 100_000).ToArbitrary(),
            Gen.Choose(10, 200).Select(i => i / 1000.0).ToArbitrary(),
            (population, margin) =>
            {
                // The achieved margin at the planned n (the inverse formula) is within the margin asked for.
                var n = SampleSize.ForProportion(0.95, margin, 0.5, population).Size;
                return MarginOfError.ForProportion(0.95, n, 0.5, population) <= margin + 1e-12;
            });
}
