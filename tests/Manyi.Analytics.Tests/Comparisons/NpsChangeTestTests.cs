using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Manyi.Analytics.Comparisons;

namespace Manyi.Analytics.Tests.Comparisons;

public class NpsChangeTestTests
{
    [Fact]
    public void Compare_ThirdsInBothWaves_StandardErrorFromPublishedRule()
    {
        // Published: Engelhardt 2016 ("Net Promoter Score confidence intervals 2: maths and stats", CYBAEA / R-bloggers):
        // with p = d = 1/3, sd(NPS) = 100·√((p(1 − p) + d(1 − d) + 2pd)/n) = 100·√((2/3)/n), 95% half-width ≈ 160/√n.
        // Hand: n = 300 per wave, SE per wave = 100·√(0.6667/300) = 100·√0.0022222 = 4.7140;
        // SE of the change = √(4.7140² + 4.7140²) = √(22.222 + 22.222) = √44.444 = 6.6667 (= 20/3).
        // Change 0 → z = 0, p = 1.
        var thirds = new NpsCounts(100, 100, 100);
        var result = NpsChangeTest.Compare(thirds, thirds);
        Assert.Equal(0, result.Score.Before!.Value, 1e-12);
        Assert.Equal(20.0 / 3.0, result.Score.StandardError!.Value, 1e-9);
        Assert.Equal(0, result.Score.Statistic!.Value, 1e-12);
        Assert.Equal(1, result.Score.PValue!.Value, 1e-12);
        // 160/√n rule for one wave: half-width at n = 300 is 1.96 · 4.714 = 9.24 ≈ 160/√300 = 9.24.
        Assert.Equal(160 / Math.Sqrt(300), 1.959964 * (result.Score.StandardError.Value / Math.Sqrt(2)), 0.02);
    }

    [Fact]
    public void Compare_30To50_Hand()
    {
        // Hand, product.md M1.1 SE per wave:
        // before: 50 promoters, 30 passives, 20 detractors (n = 100): NPS = 50 − 20 = 30;
        //   variance (points²) = 100²·(0.5 + 0.2 − 0.3²)/100 = 10000 · 0.61/100 = 61.
        // after: 60, 30, 10: NPS = 50; variance = 10000 · (0.6 + 0.1 − 0.5²)/100 = 10000 · 0.45/100 = 45.
        // Change 20, SE = √(61 + 45) = √106 = 10.29563; z = 20/10.29563 = 1.94257;
        // p = 2(1 − Φ(1.94257)); Φ(1.94) = 0.97381, Φ(1.95) = 0.97441 (table) → Φ ≈ 0.97396 → p ≈ 0.0521.
        // 95% CI 20 ± 1.959964 · 10.29563 = 20 ± 20.17906 = [−0.17906, 40.17906]: not significant.
        var result = NpsChangeTest.Compare(new NpsCounts(50, 30, 20), new NpsCounts(60, 30, 10));
        Assert.Equal(30, result.Score.Before!.Value, 1e-12);
        Assert.Equal(50, result.Score.After!.Value, 1e-12);
        Assert.Equal(20, result.Score.Change!.Value, 1e-12);
        Assert.Equal(10.29563, result.Score.StandardError!.Value, 1e-5);
        Assert.Equal(1.94257, result.Score.Statistic!.Value, 1e-5);
        Assert.Equal(0.0521, result.Score.PValue!.Value, 5e-4);
        Assert.Equal(-0.17906, result.Score.ConfidenceInterval!.Low, 1e-4);
        Assert.Equal(40.17906, result.Score.ConfidenceInterval.High, 1e-4);
        Assert.False(result.Score.Significant);
        // Detractor share 0.20 → 0.10: pooled 30/200 = 0.15, SE0 = √(0.15·0.85·0.02) = √0.00255 = 0.0504975, z = −0.1/0.0504975 = −1.98030.
        Assert.Equal(-1.98030, result.Detractors.Statistic!.Value, 1e-5);
        Assert.Equal(0.5, result.Promoters.Before!.Value, 1e-12);
    }

    [Fact]
    public void Compare_NegativeCount_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => NpsChangeTest.Compare(new NpsCounts(-1, 2, 3), new NpsCounts(1, 2, 3)));
        Assert.Contains("before wave", e.Message, StringComparison.Ordinal);
    }

    [Property]
    public Property Compare_SwappedWaves_NegatesChangeKeepsP() =>
        Prop.ForAll(
            Gen.ArrayOf(Gen.Choose(0, 60), 6).Where(c => c[0] + c[1] + c[2] > 0 && c[3] + c[4] + c[5] > 0).ToArbitrary(),
            c =>
            {
                var a = new NpsCounts(c[0], c[1], c[2]);
                var b = new NpsCounts(c[3], c[4], c[5]);
                var forward = NpsChangeTest.Compare(a, b).Score;
                var backward = NpsChangeTest.Compare(b, a).Score;
                return Math.Abs(forward.Change!.Value + backward.Change!.Value) < 1e-9
                    && Math.Abs((forward.PValue ?? -1) - (backward.PValue ?? -1)) < 1e-12;
            });
}
