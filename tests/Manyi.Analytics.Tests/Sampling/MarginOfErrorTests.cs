using Manyi.Analytics.Sampling;

namespace Manyi.Analytics.Tests.Sampling;

public class MarginOfErrorTests
{
    [Fact]
    public void ForProportion_385Answers_IsJustUnderFivePoints()
    {
        // Hand: E = z·√(p(1 − p)/n) = 1.959964 · √(0.25/385) = 1.959964 · 0.0254824 = 0.049945.
        Assert.Equal(0.049945, MarginOfError.ForProportion(0.95, 385), 1e-6);
    }

    [Fact]
    public void ForProportion_278OfPopulation1000_IsJustUnderFivePoints()
    {
        // Hand (Cochran 1977 ch. 3: V(p) = PQ/n · (N − n)/(N − 1)):
        // 0.25/278 = 0.000899281; (1000 − 278)/(1000 − 1) = 722/999 = 0.722723; product 0.000649935;
        // √ = 0.0254938; × 1.959964 = 0.049967.
        Assert.Equal(0.049967, MarginOfError.ForProportion(0.95, 278, 0.5, 1000), 1e-6);
    }

    [Fact]
    public void ForMean_400OfPopulation2000_Hand()
    {
        // Hand (V(ȳ) = (1 − n/N)S²/n): E = 1.959964 · 1.2 / √400 · √(1 − 400/2000)
        // = 1.959964 · 0.06 · √0.8 = 0.1175978 · 0.8944272 = 0.105183.
        Assert.Equal(0.105183, MarginOfError.ForMean(0.95, 400, 1.2, 2000), 1e-6);
    }

    [Fact]
    public void ForProportion_Census_IsZero()
    {
        // Hand: n = N makes (N − n)/(N − 1) = 0: a census has no sampling error.
        Assert.Equal(0, MarginOfError.ForProportion(0.95, 500, 0.5, 500), 1e-15);
    }

    [Fact]
    public void ForProportion_MoreAnswersThanPopulation_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => MarginOfError.ForProportion(0.95, 501, 0.5, 500));
        Assert.Contains("cannot exceed the population", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForMean_NoAnswers_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => MarginOfError.ForMean(0.95, 0, 1));
        Assert.Contains("at least 1", e.Message, StringComparison.Ordinal);
    }
}
