using Manyi.Analytics.Monitoring;

namespace Manyi.Analytics.Tests.Monitoring;

/// <summary>
/// The analysis and monitoring model of product.md M8 (after the seed paper 基于过程改进的服务满意度监控体系): linear score
/// mapping, exponential smoothing, S = Σ w·s, the warning alert with hysteresis, root causes and the baseline correction.
/// Every expected value is a hand computation written beside it; tolerance 1e-12 unless stated (sums of a few products).
/// </summary>
public class ServiceMonitoringTests
{
    private const double Tol = 1e-12;

    // --- Score: raw → 0–100, worst → 0, best → 100, clamped -------------------------------------------------------

    [Theory]
    [InlineData(0.75, 0, 1, 75)] // milestones: 100·(0.75 − 0)/(1 − 0) = 75
    [InlineData(1, 0, 1, 100)] // on time → best
    [InlineData(2, 8, 0, 75)] // issues, fewer is better: 100·(2 − 8)/(0 − 8) = 100·6/8 = 75
    [InlineData(8, 8, 0, 0)] // 8 issues → worst
    [InlineData(4, 1, 5, 75)] // pulse 1–5: 100·(4 − 1)/(5 − 1) = 75
    [InlineData(13, 24, 1, 1100.0 / 23)] // response time: 100·(13 − 24)/(1 − 24) = 1100/23 = 47.826…
    public void Score_LinearMapping_BothDirections(double raw, double worst, double best, double expected) =>
        Assert.Equal(expected, ServiceMonitoring.Score(raw, worst, best), Tol);

    [Theory]
    [InlineData(1.2, 0, 1, 100)] // 120 → 100
    [InlineData(-0.5, 0, 1, 0)] // −50 → 0
    [InlineData(10, 8, 0, 0)] // 100·(10 − 8)/(0 − 8) = −25 → 0
    [InlineData(-1, 8, 0, 100)] // 100·(−9)/(−8) = 112.5 → 100
    [InlineData(0.5, 24, 1, 100)] // faster than the best hour → 100
    public void Score_OutsideTheMapping_IsClamped(double raw, double worst, double best, double expected) =>
        Assert.Equal(expected, ServiceMonitoring.Score(raw, worst, best), Tol);

    [Fact]
    public void Score_WorstEqualsBest_RefusedNamingTheMapping()
    {
        var e = Assert.Throws<ArgumentException>(() => ServiceMonitoring.Score(3, 5, 5));
        Assert.Contains("two different finite values for worst (5) and best (5)", e.Message, StringComparison.Ordinal);
        Assert.Equal("best", e.ParamName);
    }

    [Theory]
    [InlineData(double.NaN, 0, 1)]
    [InlineData(double.PositiveInfinity, 0, 1)]
    public void Score_NonFiniteReading_Refused(double raw, double worst, double best)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ServiceMonitoring.Score(raw, worst, best));
        Assert.Equal("raw", e.ParamName);
    }

    [Fact]
    public void Score_NonFiniteMapping_Refused() =>
        Assert.Throws<ArgumentException>(() => ServiceMonitoring.Score(1, double.NaN, 5));

    // --- Smoothing -----------------------------------------------------------------------------------------------------

    [Fact]
    public void Smooth_FirstReading_TakenAsItIs() => Assert.Equal(62, ServiceMonitoring.Smooth(null, 62, 0.3), Tol);

    [Fact]
    public void Smooth_AlphaOne_KeepsOnlyTheLatest() => Assert.Equal(80, ServiceMonitoring.Smooth(40, 80, 1), Tol);

    [Fact]
    public void Smooth_AlphaHalf_HandSeries()
    {
        // Readings 80, 40, 60, 100 with α = 0.5:
        // s1 = 80; s2 = 0.5·40 + 0.5·80 = 60; s3 = 0.5·60 + 0.5·60 = 60; s4 = 0.5·100 + 0.5·60 = 80.
        double? s = null;
        var series = new List<double>();
        foreach (var x in new double[] { 80, 40, 60, 100 })
        {
            s = ServiceMonitoring.Smooth(s, x, 0.5);
            series.Add(s.Value);
        }
        Assert.Equal([80, 60, 60, 80], series);
    }

    [Fact]
    public void Smooth_AlphaPointThree_HandValue() =>
        // 0.3·100 + 0.7·50 = 30 + 35 = 65
        Assert.Equal(65, ServiceMonitoring.Smooth(50, 100, 0.3), Tol);

    [Theory]
    [InlineData(0)]
    [InlineData(-0.2)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Smooth_AlphaOutsideZeroOne_Refused(double alpha)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ServiceMonitoring.Smooth(50, 60, alpha));
        Assert.Equal("alpha", e.ParamName);
        Assert.Contains("(0, 1]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Smooth_NonFiniteScore_Refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ServiceMonitoring.Smooth(50, double.NaN, 0.5));

    // --- Estimate S = Σ w·s ------------------------------------------------------------------------------------------

    private static FactorState F(string key, double w, double s, double baseline = 70) => new(key, w, baseline, s);

    [Fact]
    public void Estimate_WeightedSum_HandExample()
    {
        // 0.3·80 + 0.2·50 + 0.3·70 + 0.2·90 = 24 + 10 + 21 + 18 = 73
        var s = ServiceMonitoring.Estimate([F("milestones", 0.3, 80), F("response-time", 0.2, 50), F("communication", 0.3, 70), F("pulse", 0.2, 90)]);
        Assert.Equal(73, s, 1e-9);
    }

    [Fact]
    public void Estimate_AllFactorsAtBaseline_IsTheBaseline()
    {
        // A fresh stage: every factor without a reading scores B = 72.5, so S = (0.25 + 0.25 + 0.5)·72.5 = 72.5.
        var s = ServiceMonitoring.Estimate([F("a", 0.25, 72.5), F("b", 0.25, 72.5), F("c", 0.5, 72.5)]);
        Assert.Equal(72.5, s, 1e-9);
    }

    [Fact]
    public void Estimate_WeightsNotSummingToOne_RefusedWithTheSum()
    {
        var e = Assert.Throws<ArgumentException>(() => ServiceMonitoring.Estimate([F("a", 0.5, 80), F("b", 0.4, 60)]));
        Assert.Contains("sum to 0.9, not 1", e.Message, StringComparison.Ordinal);
        Assert.Equal("factors", e.ParamName);
    }

    [Fact]
    public void Estimate_NegativeWeight_RefusedNamingTheFactor()
    {
        var e = Assert.Throws<ArgumentException>(() => ServiceMonitoring.Estimate([F("a", 1.1, 80), F("issues", -0.1, 60)]));
        Assert.Contains("factor 'issues' has weight -0.1", e.Message, StringComparison.Ordinal);
        Assert.Contains("non-negative", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_NoFactors_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => ServiceMonitoring.Estimate([]));
        Assert.Contains("no factors", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_NonFiniteScore_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => ServiceMonitoring.Estimate([F("pulse", 1, double.NaN)]));
        Assert.Contains("factor 'pulse'", e.Message, StringComparison.Ordinal);
    }

    // --- Alert with hysteresis (W = 60, h = 2) ------------------------------------------------------------------------

    [Theory]
    [InlineData(false, 59.9, AlertTransition.Open)] // enter: S < W
    [InlineData(false, 60, AlertTransition.None)] // exactly at W: not below, does not open
    [InlineData(false, 75, AlertTransition.None)]
    [InlineData(true, 55, AlertTransition.Stay)] // still below W
    [InlineData(true, 60, AlertTransition.Stay)] // back at W but not W + h
    [InlineData(true, 61.99, AlertTransition.Stay)] // W ≤ S < W + h stays open
    [InlineData(true, 62, AlertTransition.Clear)] // S ≥ W + h = 62 clears
    [InlineData(true, 70, AlertTransition.Clear)]
    public void Alert_Thresholds(bool open, double estimate, AlertTransition expected) =>
        Assert.Equal(expected, ServiceMonitoring.Alert(open, estimate, 60, 2));

    [Fact]
    public void Alert_ZeroHysteresis_ClearsAtW() => Assert.Equal(AlertTransition.Clear, ServiceMonitoring.Alert(true, 60, 60, 0));

    [Fact]
    public void Alert_NegativeHysteresis_Refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ServiceMonitoring.Alert(false, 50, 60, -1));
        Assert.Equal("hysteresis", e.ParamName);
    }

    [Fact]
    public void Alert_NonFiniteEstimate_Refused() =>
        Assert.Throws<ArgumentException>(() => ServiceMonitoring.Alert(false, double.NaN, 60, 2));

    private static List<AlertTransition> Run(IEnumerable<double> estimates, double warning, double hysteresis)
    {
        var open = false;
        var transitions = new List<AlertTransition>();
        foreach (var s in estimates)
        {
            var t = ServiceMonitoring.Alert(open, s, warning, hysteresis);
            open = t is AlertTransition.Open or AlertTransition.Stay;
            transitions.Add(t);
        }
        return transitions;
    }

    [Fact]
    public void Alert_ReadingsHoveringAtW_OneOpenOneClearWithHysteresis_FlapsWithout()
    {
        // W = 60; S(t) hovers around it: W−0.5, W+0.5, W−0.3, W+1, W−0.2, W+1.5, W+0.8 and finally recovers to W+2.5.
        double[] series = [59.5, 60.5, 59.7, 61, 59.8, 61.5, 60.8, 62.5];

        // h = 2: opens at 59.5; 60.5, 59.7, 61, 59.8, 61.5, 60.8 are all < 62 → stays; 62.5 ≥ 62 → clears. One open, one clear.
        var withHysteresis = Run(series, 60, 2);
        Assert.Equal(
            [AlertTransition.Open, AlertTransition.Stay, AlertTransition.Stay, AlertTransition.Stay, AlertTransition.Stay,
             AlertTransition.Stay, AlertTransition.Stay, AlertTransition.Clear],
            withHysteresis);
        Assert.Equal(1, withHysteresis.Count(t => t == AlertTransition.Open));
        Assert.Equal(1, withHysteresis.Count(t => t == AlertTransition.Clear));

        // h = 0: opens at 59.5, clears at 60.5, opens at 59.7, clears at 61, opens at 59.8, clears at 61.5, then none, none:
        // three alerts (three recovery cases) for one episode — the flapping hysteresis prevents.
        var without = Run(series, 60, 0);
        Assert.Equal(
            [AlertTransition.Open, AlertTransition.Clear, AlertTransition.Open, AlertTransition.Clear, AlertTransition.Open,
             AlertTransition.Clear, AlertTransition.None, AlertTransition.None],
            without);
        Assert.Equal(3, without.Count(t => t == AlertTransition.Open));
    }

    [Fact]
    public void Alert_HoveringWithoutRecovery_StaysOpenWithNoClear()
    {
        var t = Run([59.5, 60.5, 59.7, 61, 59.8, 61.9], 60, 2);
        Assert.Equal(1, t.Count(x => x == AlertTransition.Open));
        Assert.Equal(0, t.Count(x => x == AlertTransition.Clear));
    }

    // --- Root causes ---------------------------------------------------------------------------------------------------

    [Fact]
    public void Causes_HandExample_LargestShareFirst_AboveBaselineNotNamed_TieKeepsFactorOrder()
    {
        // Baseline 70 for every factor; share = w·(70 − s):
        //   a: 0.4·(70 − 60) = 4
        //   b: 0.2·(70 − 50) = 4   (tie with a: a comes first in the stage's factor order)
        //   c: 0.3·(70 − 80) = −3  (above the baseline: not named)
        //   d: 0.1·(70 − 20) = 5
        // → d (5), a (4), b (4).
        var causes = ServiceMonitoring.Causes([F("a", 0.4, 60), F("b", 0.2, 50), F("c", 0.3, 80), F("d", 0.1, 20)]);
        Assert.Equal(["d", "a", "b"], causes.Select(c => c.Key));
        Assert.Equal(5, causes[0].Contribution, 1e-9);
        Assert.Equal(4, causes[1].Contribution, 1e-9);
        Assert.Equal(4, causes[2].Contribution, 1e-9);
        Assert.Equal(0.1, causes[0].Weight, Tol);
        Assert.Equal(20, causes[0].Score, Tol);

        // The same factors listed b before a: the tie now names b first.
        var swapped = ServiceMonitoring.Causes([F("b", 0.2, 50), F("a", 0.4, 60), F("c", 0.3, 80), F("d", 0.1, 20)]);
        Assert.Equal(["d", "b", "a"], swapped.Select(c => c.Key));
    }

    [Fact]
    public void Causes_FactorExactlyAtBaseline_NotNamed()
    {
        // 0.5·(70 − 70) = 0 is no part of a drop; 0.5·(70 − 40) = 15 is.
        var causes = ServiceMonitoring.Causes([F("at", 0.5, 70), F("below", 0.5, 40)]);
        Assert.Equal(["below"], causes.Select(c => c.Key));
        Assert.Equal(15, causes[0].Contribution, Tol);
    }

    [Fact]
    public void Causes_PerFactorBaselines_AreUsed()
    {
        // x: 0.5·(80 − 70) = 5; y: 0.5·(60 − 70) = −5 → only x.
        var causes = ServiceMonitoring.Causes([F("x", 0.5, 70, baseline: 80), F("y", 0.5, 70, baseline: 60)]);
        Assert.Equal(["x"], causes.Select(c => c.Key));
    }

    // --- Baseline correction B' = B + g·(A − S_est), clamped -------------------------------------------------------------

    [Theory]
    [InlineData(75, 70, 80, 0.5, 80)] // 75 + 0.5·(80 − 70) = 80
    [InlineData(75, 70, 80, 0, 75)] // g = 0 keeps B
    [InlineData(75, 70, 80, 1, 85)] // g = 1 adds the whole error: 75 + 10
    [InlineData(72, 68, 62, 0.5, 69)] // 72 + 0.5·(62 − 68) = 72 − 3 = 69
    [InlineData(95, 60, 90, 1, 100)] // 95 + 30 = 125 → 100
    [InlineData(5, 50, 20, 1, 0)] // 5 − 30 = −25 → 0
    public void CorrectBaseline_HandValues(double b, double est, double actual, double gain, double expected) =>
        Assert.Equal(expected, ServiceMonitoring.CorrectBaseline(b, est, actual, gain), Tol);

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void CorrectBaseline_GainOutsideZeroOne_Refused(double gain)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ServiceMonitoring.CorrectBaseline(70, 60, 65, gain));
        Assert.Equal("gain", e.ParamName);
        Assert.Contains("between 0 and 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CorrectBaseline_NonFiniteActual_Refused() =>
        Assert.Throws<ArgumentException>(() => ServiceMonitoring.CorrectBaseline(70, 60, double.NaN, 0.5));
}
