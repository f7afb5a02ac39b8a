using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Manyi.Analytics.Comparisons;

namespace Manyi.Analytics.Tests.Comparisons;

public class TwoProportionTestTests
{
    [Fact]
    public void Compare_20Of50To30Of50_ZIsTwo()
    {
        // Hand: p1 = 20/50 = 0.4, p2 = 30/50 = 0.6, change 0.2.
        // Pooled p̄ = 50/100 = 0.5 (NIST/SEMATECH e-Handbook §7.3.3): SE0 = √(0.5·0.5·(1/50 + 1/50)) = √0.01 = 0.1; z = 0.2/0.1 = 2.
        // p = 2(1 − Φ(2)) = 2(1 − 0.977250) = 0.045500 (normal table).
        // Unpooled SE = √(0.4·0.6/50 + 0.6·0.4/50) = √0.0096 = 0.0979796; 95% CI 0.2 ± 1.959964·0.0979796 = 0.2 ± 0.192036
        // = [0.007964, 0.392036].
        var change = TwoProportionTest.Compare(20, 50, 30, 50, 0.05);
        Assert.Equal(ChangeTest.TwoProportionZ, change.Test);
        Assert.Equal(0.4, change.Before!.Value, 1e-12);
        Assert.Equal(0.6, change.After!.Value, 1e-12);
        Assert.Equal(0.2, change.Change!.Value, 1e-12);
        Assert.Equal(0.1, change.TestStandardError!.Value, 1e-12);
        Assert.Equal(2.0, change.Statistic!.Value, 1e-12);
        Assert.Equal(0.045500, change.PValue!.Value, 1e-6);
        Assert.Equal(0.0979796, change.StandardError!.Value, 1e-7);
        Assert.Equal(0.007964, change.ConfidenceInterval!.Low, 1e-6);
        Assert.Equal(0.392036, change.ConfidenceInterval.High, 1e-6);
        Assert.True(change.Significant);
        Assert.Null(change.DegreesOfFreedom);
    }

    [Fact]
    public void Compare_SmallChange_NotSignificant()
    {
        // Hand: 140/200 = 0.70 → 255/340 = 0.75, change 0.05; pooled p̄ = 395/540 = 0.731481;
        // SE0 = √(0.731481 · 0.268519 · (1/200 + 1/340)) = √(0.196416 · 0.00794118) = √0.00155977 = 0.0394940;
        // z = 0.05 / 0.0394940 = 1.26601; p = 2(1 − Φ(1.266)) = 2(1 − 0.89725) = 0.2055 (normal table, Φ(1.27) = 0.89796, Φ(1.26) = 0.89617).
        var change = TwoProportionTest.Compare(140, 200, 255, 340);
        Assert.Equal(0.0394940, change.TestStandardError!.Value, 1e-7);
        Assert.Equal(1.26601, change.Statistic!.Value, 1e-5);
        Assert.Equal(0.2055, change.PValue!.Value, 5e-4);
        Assert.False(change.Significant);
    }

    [Fact]
    public void Compare_NoVariation_StatisticUndefined()
    {
        // Hand: 0/10 and 0/10: pooled p̄ = 0, SE0 = 0, z = 0/0 is undefined → null, not significant.
        var change = TwoProportionTest.Compare(0, 10, 0, 10);
        Assert.Equal(0, change.Change!.Value, 1e-15);
        Assert.Null(change.Statistic);
        Assert.Null(change.PValue);
        Assert.False(change.Significant);
    }

    [Fact]
    public void Compare_EmptyWave_Undefined()
    {
        var change = TwoProportionTest.Compare(0, 0, 3, 10);
        Assert.Null(change.Before);
        Assert.Equal(0.3, change.After!.Value, 1e-12);
        Assert.Null(change.Change);
        Assert.Null(change.PValue);
    }

    [Fact]
    public void Compare_CountAboveN_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => TwoProportionTest.Compare(11, 10, 3, 10));
        Assert.Contains("before wave: 11 of 10", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_AlphaOutOfRange_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => TwoProportionTest.Compare(1, 10, 3, 10, 5));
        Assert.Contains("alpha", e.Message, StringComparison.Ordinal);
    }

    private static Gen<(int X1, int N1, int X2, int N2)> CountsGen =>
        from n1 in Gen.Choose(1, 500)
        from x1 in Gen.Choose(0, n1)
        from n2 in Gen.Choose(1, 500)
        from x2 in Gen.Choose(0, n2)
        select (x1, n1, x2, n2);

    [Property]
    public Property Compare_SwappedWaves_NegatesChangeKeepsP() =>
        Prop.ForAll(CountsGen.ToArbitrary(), c =>
        {
            var forward = TwoProportionTest.Compare(c.X1, c.N1, c.X2, c.N2);
            var backward = TwoProportionTest.Compare(c.X2, c.N2, c.X1, c.N1);
            return Math.Abs(forward.Change!.Value + backward.Change!.Value) < 1e-12
                && Math.Abs((forward.Statistic ?? 0) + (backward.Statistic ?? 0)) < 1e-9
                && Math.Abs((forward.PValue ?? -1) - (backward.PValue ?? -1)) < 1e-12
                && Math.Abs(forward.ConfidenceInterval!.Low + backward.ConfidenceInterval!.High) < 1e-12;
        });
}
