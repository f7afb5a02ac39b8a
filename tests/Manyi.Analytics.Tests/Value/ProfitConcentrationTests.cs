using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Manyi.Analytics.Value;

namespace Manyi.Analytics.Tests.Value;

public class ProfitConcentrationTests
{
    // Hand computation, 80/20 revenue: a 50, b 30 and eight customers of 2.5 (total 100). Top 20 % = 2 of 10 customers
    //   (x = 10/5 = 2, no interpolation) hold 50 + 30 = 80 → 0.80. Cumulative shares 0.5, 0.8, 0.825, …, 1.0; peak 1.0 reached at the
    //   last customer (share 1.0); nobody is unprofitable.
    [Fact]
    public void Curve_ParetoRevenue_MatchesHandComputation()
    {
        var amounts = new List<(string, double)> { ("b", 30), ("a", 50) };
        amounts.AddRange(Enumerable.Range(1, 8).Select(i => ($"s{i}", 2.5)));

        var curve = ProfitConcentration.Curve(amounts);

        Assert.Equal(100, curve.Total, 1e-12);
        Assert.Equal(11, curve.Points.Count);
        Assert.Equal(new ConcentrationPoint(0, 0, 0, 0), curve.Points[0]);
        Assert.Equal(0.5, curve.Points[1].CumulativeShare, 1e-12);
        Assert.Equal(0.8, curve.Points[2].CumulativeShare, 1e-12);
        Assert.Equal(0.2, curve.Points[2].CustomerShare, 1e-12);
        Assert.Equal(0.825, curve.Points[3].CumulativeShare, 1e-12);
        Assert.Equal(0.8, curve.TopFifthShare, 1e-12);
        Assert.Equal(1, curve.PeakShare, 1e-12);
        Assert.Equal(1, curve.PeakCustomerShare, 1e-12);
        Assert.Equal(0, curve.Unprofitable);
        Assert.Equal(0, curve.UnprofitableAmount);
    }

    // Hand computation, whale curve: profits a 60, b 40, c 20, d 10, e 0, f −5, g −10, h −15 (total 100, N = 8).
    //   Cumulative 60, 100, 120, 130, 130, 125, 115, 100 → shares 0.6, 1.0, 1.2, 1.3, 1.3, 1.25, 1.15, 1.0.
    //   Peak 1.3 (130 %), first reached after 4 of 8 customers → 0.5. Top fifth: x = 8/5 = 1.6 →
    //   S(1) + 0.6·(S(2) − S(1)) = 0.6 + 0.6·0.4 = 0.84. Unprofitable (amount < 0): f, g, h = 3 customers losing −30 (e at 0 is not).
    //   The 80/20/30 reading: the top customers earn 130 % of the profit and the unprofitable tail loses 30 %.
    [Fact]
    public void Curve_WhaleWithNegativeTail_MatchesHandComputation()
    {
        (string, double)[] profits = [("h", -15), ("e", 0), ("a", 60), ("g", -10), ("c", 20), ("f", -5), ("b", 40), ("d", 10)];

        var curve = ProfitConcentration.Curve(profits);

        Assert.Equal(100, curve.Total, 1e-12);
        Assert.Equal([0, 0.6, 1.0, 1.2, 1.3, 1.3, 1.25, 1.15, 1.0], curve.Points.Select(p => Math.Round(p.CumulativeShare, 12)));
        Assert.Equal([0.0, 60, 100, 120, 130, 130, 125, 115, 100], curve.Points.Select(p => p.Cumulative));
        Assert.Equal(1.3, curve.PeakShare, 1e-12);
        Assert.Equal(0.5, curve.PeakCustomerShare, 1e-12);
        Assert.Equal(0.84, curve.TopFifthShare, 1e-12);
        Assert.Equal(3, curve.Unprofitable);
        Assert.Equal(-30, curve.UnprofitableAmount, 1e-12);
        Assert.Equal(1, curve.Points[^1].CumulativeShare, 1e-12);
    }

    // Ties by customer id: x and w both 10 → w first.
    [Fact]
    public void Curve_Ties_RankByCustomerId()
    {
        var curve = ProfitConcentration.Curve([("x", 10), ("w", 10), ("y", 5)]);
        Assert.Equal(10, curve.Points[1].Cumulative);
        Assert.Equal(3, curve.Points[3].Rank);
    }

    public static TheoryData<(string, double)[]> Refused => new()
    {
        Array.Empty<(string, double)>(),
        new[] { ("a", 10.0), ("b", -10.0) },
        new[] { ("a", -5.0) },
        new[] { ("a", 0.0) },
        new[] { ("a", double.NaN), ("b", 5.0) },
        new[] { ("a", 5.0), ("a", 5.0) },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Curve_BadInput_IsRefused((string, double)[] amounts) =>
        Assert.Equal("amounts", Assert.Throws<ArgumentException>(() => ProfitConcentration.Curve(amounts)).ParamName);

    [Property]
    public Property Curve_AnyPositiveTotal_EndsAtOneAndPeaksAtLeastThere() =>
        Prop.ForAll(Gen.Choose(-1000, 1000).NonEmptyListOf().ToArbitrary(), values =>
        {
            var amounts = values.Select((v, i) => ($"c{i}", (double)v)).ToList();
            if (amounts.Sum(a => a.Item2) <= 0)
            {
                return true;
            }
            var curve = ProfitConcentration.Curve(amounts);
            return Math.Abs(curve.Points[^1].CumulativeShare - 1) < 1e-9
                && curve.PeakShare >= 1 - 1e-9
                && curve.TopFifthShare >= 0.2 - 1e-9
                && curve.Points.Count == amounts.Count + 1;
        });
}
