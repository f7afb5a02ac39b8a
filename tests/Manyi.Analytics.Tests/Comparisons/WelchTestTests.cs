using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Manyi.Analytics.Comparisons;

namespace Manyi.Analytics.Tests.Comparisons;

public class WelchTestTests
{
    // Student's sleep data (Cushny & Peebles 1905), R's `sleep` data set, groups 1 and 2.
    private static readonly double[] SleepGroup1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
    private static readonly double[] SleepGroup2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

    [Fact]
    public void Compare_SleepData_MatchesRWelchOutput()
    {
        // Published: R documentation, stats::t.test, example t.test(extra ~ group, data = sleep) prints
        // "Welch Two Sample t-test: t = -1.8608, df = 17.776, p-value = 0.07939; 95 percent confidence interval
        // -3.3654832 0.2054832; mean in group 1 0.75, mean in group 2 2.33" (group 1 − group 2).
        // Here before = group 1, after = group 2, so the change (after − before) has the opposite sign.
        var change = WelchTest.Compare(SleepGroup1, SleepGroup2, 0.05);
        Assert.Equal(ChangeTest.WelchT, change.Test);
        Assert.Equal(0.75, change.Before!.Value, 1e-12);
        Assert.Equal(2.33, change.After!.Value, 1e-12);
        Assert.Equal(1.58, change.Change!.Value, 1e-12);
        Assert.Equal(1.8608, change.Statistic!.Value, 1e-4);
        Assert.Equal(17.776, change.DegreesOfFreedom!.Value, 1e-3);
        Assert.Equal(0.07939, change.PValue!.Value, 1e-5);
        Assert.Equal(-0.2054832, change.ConfidenceInterval!.Low, 1e-6);
        Assert.Equal(3.3654832, change.ConfidenceInterval.High, 1e-6);
        Assert.False(change.Significant);
    }

    [Fact]
    public void Compare_Summaries_MatchesNavarroWelchExample()
    {
        // Published: Navarro (2018), Learning Statistics with R, §13.4 (Welch test on the harpo data): Anastasia mean 74.533,
        // sd 8.999 (n = 15); Bernadette mean 69.056, sd 5.775 (n = 18); t = 2.034, df = 23.025, p = 0.054,
        // 95% CI [−0.092, 11.048] for Anastasia − Bernadette. The summaries are rounded to 3 decimals, hence the tolerances.
        var change = WelchTest.Compare(new SampleSummary(18, 69.056, 5.775), new SampleSummary(15, 74.533, 8.999));
        Assert.Equal(2.034, change.Statistic!.Value, 1e-3);
        Assert.Equal(23.025, change.DegreesOfFreedom!.Value, 1e-2);
        Assert.Equal(0.054, change.PValue!.Value, 1e-3);
        Assert.Equal(-0.092, change.ConfidenceInterval!.Low, 2e-3);
        Assert.Equal(11.048, change.ConfidenceInterval.High, 2e-3);
    }

    [Fact]
    public void Compare_Hand_SmallSamples()
    {
        // Hand: before 1, 2, 3 (mean 2, s² = (1 + 0 + 1)/2 = 1); after 4, 6, 8 (mean 6, s² = (4 + 0 + 4)/2 = 4).
        // v1 = 1/3, v2 = 4/3, SE = √(5/3) = 1.290994; t = 4/1.290994 = 3.098387;
        // df = (5/3)² / ((1/3)²/2 + (4/3)²/2) = 2.777778 / (0.055556 + 0.888889) = 2.777778/0.944444 = 2.941176.
        var change = WelchTest.Compare([1.0, 2, 3], [4.0, 6, 8]);
        Assert.Equal(4, change.Change!.Value, 1e-12);
        Assert.Equal(1.290994, change.StandardError!.Value, 1e-6);
        Assert.Equal(3.098387, change.Statistic!.Value, 1e-6);
        Assert.Equal(2.941176, change.DegreesOfFreedom!.Value, 1e-6);
    }

    [Fact]
    public void Compare_OneAnswer_Undefined()
    {
        var change = WelchTest.Compare([3.0], [4.0, 5]);
        Assert.Equal(3, change.Before!.Value, 1e-12);
        Assert.Equal(1.5, change.Change!.Value, 1e-12);
        Assert.Null(change.StandardError);
        Assert.Null(change.Statistic);
        Assert.Null(change.PValue);
        Assert.False(change.Significant);
    }

    [Fact]
    public void Compare_NoVariation_Undefined()
    {
        var change = WelchTest.Compare([3.0, 3, 3], [4.0, 4]);
        Assert.Equal(1, change.Change!.Value, 1e-12);
        Assert.Null(change.Statistic);
        Assert.Null(change.DegreesOfFreedom);
    }

    private static Gen<double[]> SampleGen =>
        from n in Gen.Choose(2, 40)
        from values in Gen.ArrayOf(Gen.Choose(1, 50), n)
        select values.Select(v => v / 10.0).ToArray();

    [Property]
    public Property Compare_SwappedWaves_NegatesChangeKeepsP() =>
        Prop.ForAll(SampleGen.ToArbitrary(), SampleGen.ToArbitrary(), (a, b) =>
        {
            var forward = WelchTest.Compare(a, b);
            var backward = WelchTest.Compare(b, a);
            return Math.Abs(forward.Change!.Value + backward.Change!.Value) < 1e-9
                && Math.Abs((forward.PValue ?? -1) - (backward.PValue ?? -1)) < 1e-9;
        });

    [Property]
    public Property Compare_RowOrder_DoesNotMatter() =>
        Prop.ForAll(SampleGen.ToArbitrary(), SampleGen.ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (a, b, seed) =>
        {
            var random = new Random(seed);
            var shuffled = a.OrderBy(_ => random.Next()).ToArray();
            var first = WelchTest.Compare(a, b);
            var second = WelchTest.Compare(shuffled, b);
            return Math.Abs(first.Change!.Value - second.Change!.Value) < 1e-9
                && Math.Abs((first.PValue ?? -1) - (second.PValue ?? -1)) < 1e-9;
        });
}
