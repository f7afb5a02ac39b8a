using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Manyi.Analytics.Ratios;

namespace Manyi.Analytics.Tests.Ratios;

public class DisconfirmationTests
{
    [Fact]
    public void Ratio_PerceptionBelowExpectation_Dissatisfied()
    {
        // Hand computation: X = 3.6, Y = 4.5 → F = 3.6/4.5 = 0.8 < 0.95 → dissatisfied; gap = 3.6 − 4.5 = −0.9.
        var r = Disconfirmation.Ratio(3.6, 4.5);
        Assert.Equal(0.8, r.Ratio, 1e-12);
        Assert.Equal(-0.9, r.Gap, 1e-12);
        Assert.Equal(SatisfactionVerdict.Dissatisfied, r.Verdict);
    }

    [Theory]
    // Hand computation against the band [1 − 0.05, 1 + 0.05] = [0.95, 1.05] (product.md M1.2):
    [InlineData(4.0, 4.0, SatisfactionVerdict.Satisfied)]   // F = 1
    [InlineData(3.9, 4.0, SatisfactionVerdict.Satisfied)]   // F = 0.975, inside the band
    [InlineData(4.1, 4.0, SatisfactionVerdict.Satisfied)]   // F = 1.025, inside the band
    [InlineData(3.7, 4.0, SatisfactionVerdict.Dissatisfied)] // F = 0.925 < 0.95
    [InlineData(4.4, 4.0, SatisfactionVerdict.Delighted)]   // F = 1.1 > 1.05
    public void Ratio_AgainstToleranceBand_Verdict(double x, double y, SatisfactionVerdict expected) =>
        Assert.Equal(expected, Disconfirmation.Ratio(x, y).Verdict);

    [Fact]
    public void Classify_WiderTolerance_MovesBandEdges()
    {
        // Tolerance 0.1 → band [0.9, 1.1]: F = 0.925 is now inside, F = 0.85 below.
        Assert.Equal(SatisfactionVerdict.Satisfied, Disconfirmation.Classify(0.925, 0.1));
        Assert.Equal(SatisfactionVerdict.Dissatisfied, Disconfirmation.Classify(0.85, 0.1));
    }

    [Fact]
    public void Ratio_ZeroExpectation_ThrowsWithReason()
    {
        var e = Assert.Throws<ArgumentException>(() => Disconfirmation.Ratio(3, 0));
        Assert.Contains("Y ≤ 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyse_RespondentRows_MeansPerIndicatorAndEqualWeightOverall()
    {
        // Hand computation, two indicators, equal weights 1/2:
        //   speed:    X = (3 + 4)/2 = 3.5, Y = (5 + 5)/2 = 5   → F = 0.7, gap = −1.5 (dissatisfied)
        //   courtesy: X = (5 + 4)/2 = 4.5, Y = (4 + 4)/2 = 4 → F = 1.125, gap = 0.5 (delighted)
        //   (the blank expectation of respondent 3 is left out of Ȳ: courtesy Y = (4 + 4)/2)
        //   overall F = (0.7 + 1.125)/2 = 0.9125 (dissatisfied), gap = (−1.5 + 0.5)/2 = −0.5.
        PerceptionExpectation[] rows =
        [
            new("speed", 3, 5), new("courtesy", 5, 4),
            new("speed", 4, 5), new("courtesy", 4, 4),
            new("courtesy", null, null),
        ];
        var a = Disconfirmation.Analyse(rows);
        Assert.Equal(["speed", "courtesy"], a.Indicators.Select(i => i.Indicator));
        var speed = a.Indicators[0];
        Assert.Equal(3.5, speed.Perception, 1e-12);
        Assert.Equal(5, speed.Expectation, 1e-12);
        Assert.Equal(0.7, speed.Ratio, 1e-12);
        Assert.Equal(-1.5, speed.Gap, 1e-12);
        Assert.Equal(SatisfactionVerdict.Dissatisfied, speed.Verdict);
        var courtesy = a.Indicators[1];
        Assert.Equal(2, courtesy.PerceptionN);
        Assert.Equal(1.125, courtesy.Ratio, 1e-12);
        Assert.Equal(SatisfactionVerdict.Delighted, courtesy.Verdict);
        Assert.Equal(0.9125, a.OverallRatio, 1e-12);
        Assert.Equal(-0.5, a.OverallGap, 1e-12);
        Assert.Equal(SatisfactionVerdict.Dissatisfied, a.OverallVerdict);
    }

    [Fact]
    public void Analyse_GivenWeights_NormalisedAndUsedOverall()
    {
        // Hand computation: weights 3 and 1 → 0.75 and 0.25; F = 0.75·0.8 + 0.25·1.2 = 0.6 + 0.3 = 0.9;
        // gap = 0.75·(4 − 5) + 0.25·(6 − 5) = −0.75 + 0.25 = −0.5.
        PerceptionExpectation[] rows = [new("a", 4, 5), new("b", 6, 5)];
        var a = Disconfirmation.Analyse(rows, new Dictionary<string, double> { ["a"] = 3, ["b"] = 1 });
        Assert.Equal(0.75, a.Indicators[0].Weight, 1e-12);
        Assert.Equal(0.9, a.OverallRatio, 1e-12);
        Assert.Equal(-0.5, a.OverallGap, 1e-12);
    }

    [Fact]
    public void Analyse_ZeroMeanExpectation_NamesIndicator()
    {
        var e = Assert.Throws<ArgumentException>(() => Disconfirmation.Analyse([new PerceptionExpectation("wait time", 3, 0)]));
        Assert.Contains("'wait time'", e.Message, StringComparison.Ordinal);
        Assert.Contains("undefined", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyse_IndicatorWithoutExpectation_NamesIndicator()
    {
        var e = Assert.Throws<ArgumentException>(() => Disconfirmation.Analyse([new PerceptionExpectation("price", 3, null)]));
        Assert.Contains("'price' has no expectation", e.Message, StringComparison.Ordinal);
    }

    [Property]
    public Property Ratio_PerceptionEqualsExpectation_IsOneAndSatisfied() =>
        Prop.ForAll(Gen.Choose(1, 1_000_000).Select(i => i / 1000.0).ToArbitrary(), x =>
        {
            var r = Disconfirmation.Ratio(x, x);
            return Math.Abs(r.Ratio - 1) < 1e-15 && r.Gap == 0 && r.Verdict == SatisfactionVerdict.Satisfied;
        });

    [Property]
    public Property Analyse_EveryPerceptionEqualsExpectation_OverallIsOne() =>
        Prop.ForAll(Gen.Choose(1, 10).Select(i => (double)i).ArrayOf().Where(a => a.Length > 0).ToArbitrary(), values =>
        {
            var rows = values.Select((v, i) => new PerceptionExpectation($"i{i % 3}", v, v)).ToArray();
            var a = Disconfirmation.Analyse(rows);
            // Per indicator X̄ = Ȳ (same values) → F_j = 1 → Σ w_j·1 = 1.
            return Math.Abs(a.OverallRatio - 1) < 1e-12 && a.Indicators.All(i => Math.Abs(i.Ratio - 1) < 1e-12);
        });

    [Property]
    public Property Analyse_RowOrder_DoesNotMatter() =>
        Prop.ForAll(
            Gen.Choose(1, 10).Two().ArrayOf().Where(a => a.Length > 0)
                .SelectMany(a => Gen.Shuffle(a).Select(s => (Rows: a, Shuffled: s))).ToArbitrary(),
            t =>
            {
                PerceptionExpectation[] Rows((int, int)[] xs) => xs.Select(p => new PerceptionExpectation("q", p.Item1, p.Item2)).ToArray();
                var a = Disconfirmation.Analyse(Rows(t.Rows));
                var b = Disconfirmation.Analyse(Rows(t.Shuffled));
                return Math.Abs(a.OverallRatio - b.OverallRatio) < 1e-12;
            });
}
