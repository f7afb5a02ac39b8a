using Manyi.Analytics.Comparisons;

namespace Manyi.Analytics.Tests.Comparisons;

public class LaggedCorrelationTests
{
    // y is x shifted by 2 periods (y_{t+2} = x_t; y_0, y_1 missing): at lag 2 the pairs (x_t, y_{t+2}), t = 0…5, are
    // (1,1) (3,3) (2,2) (5,5) (4,4) (6,6) → r = 1 exactly, N = 6, p = 0 (t infinite, reported as null); strongest lag = 2.
    [Fact]
    public void Compute_SeriesShiftedByTwo_StrongestAtLagTwoWithROne()
    {
        double?[] x = [1, 3, 2, 5, 4, 6, 8, 7];
        double?[] y = [null, null, 1, 3, 2, 5, 4, 6];

        var result = LaggedCorrelation.Compute(x, y, maxLag: 3);

        Assert.Equal(4, result.Lags.Count);
        Assert.Equal([6, 6, 6, 5], result.Lags.Select(l => l.N));
        var lag2 = result.Lags[2];
        Assert.Equal(1, lag2.R!.Value, 1e-12);
        Assert.Null(lag2.T);
        Assert.Equal(0, lag2.PValue);
        Assert.True(lag2.Significant);
        Assert.Equal(2, result.Strongest!.Lag);
        Assert.All(result.Lags.Where(l => l.Lag != 2), l => Assert.True(Math.Abs(l.R!.Value) < 1));
        Assert.Equal(0.05, result.Alpha);
        Assert.Equal(4, result.MinimumPairs);
    }

    // Hand Pearson on 6 pairs: x = 1…6, y = 2, 1, 4, 3, 6, 5. x̄ = ȳ = 3.5;
    //   dx = −2.5 −1.5 −0.5 0.5 1.5 2.5, dy = −1.5 −2.5 0.5 −0.5 2.5 1.5;
    //   Sxy = 3.75 + 3.75 − 0.25 − 0.25 + 3.75 + 3.75 = 14.5, Sxx = Syy = 17.5 → r = 14.5/17.5 = 29/35 = 0.828571.
    //   t = r·√(4/(1 − r²)) = √(r²·4/(1 − r²)) = √(3364/384) = 2.959800 on 4 df.
    //   Independent p: for ν = 4 the Student t CDF has the closed form F(t) = ½ + ½·s·(1 + c²/2) with s = t/√(t² + 4) (= r here) and
    //   c² = 1 − s², so p = 1 − r·(3 − r²)/2 = 1782/42875 = 0.041563 (R: cor.test(1:6, c(2,1,4,3,6,5)) gives t = 2.9598, df = 4,
    //   p-value = 0.04156; between the table values t_.975,4 = 2.776 and t_.99,4 = 3.747, i.e. 0.02 < p < 0.05).
    [Fact]
    public void Compute_SixPairs_MatchesHandPearsonTAndP()
    {
        double?[] x = [1, 2, 3, 4, 5, 6];
        double?[] y = [2, 1, 4, 3, 6, 5];

        var lag0 = LaggedCorrelation.Compute(x, y, maxLag: 0).Lags[0];

        Assert.Equal(6, lag0.N);
        Assert.Equal(29.0 / 35, lag0.R!.Value, 1e-12);
        Assert.Equal(Math.Sqrt(3364.0 / 384), lag0.T!.Value, 1e-9);
        Assert.Equal(2.9598, lag0.T!.Value, 1e-4);
        Assert.Equal(1782.0 / 42875, lag0.PValue!.Value, 1e-3);
        Assert.Equal(1782.0 / 42875, lag0.PValue!.Value, 1e-9);
        Assert.True(lag0.Significant);
        Assert.False(LaggedCorrelation.Compute(x, y, maxLag: 0, alpha: 0.01).Lags[0].Significant);
    }

    // Missing values skip only their pair: the same six pairs with gaps in between give the same r as above.
    [Fact]
    public void Compute_MissingValues_SkipPairs()
    {
        double?[] x = [1, null, 2, 3, 9, 4, 5, 6];
        double?[] y = [2, 7, 1, 4, null, 3, 6, 5];

        var lag0 = LaggedCorrelation.Compute(x, y, maxLag: 0).Lags[0];

        Assert.Equal(6, lag0.N);
        Assert.Equal(29.0 / 35, lag0.R!.Value, 1e-12);
    }

    // Fewer than 3 pairs or a constant side over the pairs: no r. Lags beyond the series: N = 0. A lag with 3 pairs has an r but is below
    // the minimum of 4 pairs for the strongest.
    [Fact]
    public void Compute_TooFewPairsOrConstant_GiveNullR()
    {
        var few = LaggedCorrelation.Compute([1, 2, 3, 4], [1, null, null, 2], maxLag: 5);
        Assert.Equal([2, 1, 1, 1, 0, 0], few.Lags.Select(l => l.N));
        Assert.All(few.Lags, l => Assert.Null(l.R));
        Assert.Null(few.Strongest);

        var constant = LaggedCorrelation.Compute([0.1, 0.1, 0.1, 0.1, 0.1], [1, 2, 3, 4, 5], maxLag: 0).Lags[0];
        Assert.Equal(5, constant.N);
        Assert.Null(constant.R);
        Assert.Null(constant.PValue);
        Assert.False(constant.Significant);

        var three = LaggedCorrelation.Compute([1, 2, 3], [1, 3, 2], maxLag: 0);
        Assert.Equal(0.5, three.Lags[0].R!.Value, 1e-12);
        Assert.Null(three.Strongest);
    }

    // Ties in |r| go to the smaller lag: y = x = 1…6 is a straight line at lag 0 (6 pairs) and at lag 1 (5 pairs, y_{t+1} = x_t + 1): r = 1 at both.
    [Fact]
    public void Compute_EqualStrength_PrefersSmallerLag()
    {
        double?[] x = [1, 2, 3, 4, 5, 6];
        double?[] y = [1, 2, 3, 4, 5, 6];

        var result = LaggedCorrelation.Compute(x, y, maxLag: 1);

        Assert.Equal(1, result.Lags[1].R!.Value, 1e-12);
        Assert.Equal(0, result.Strongest!.Lag);
    }

    [Fact]
    public void Compute_BadInput_IsRefusedNamingTheParameter()
    {
        Assert.Equal("lagging", Assert.Throws<ArgumentException>(() => LaggedCorrelation.Compute([1, 2], [1], 0)).ParamName);
        Assert.Equal("maxLag", Assert.Throws<ArgumentException>(() => LaggedCorrelation.Compute([1], [1], -1)).ParamName);
        Assert.Equal("alpha", Assert.Throws<ArgumentException>(() => LaggedCorrelation.Compute([1], [1], 0, alpha: 0)).ParamName);
        Assert.Equal("alpha", Assert.Throws<ArgumentException>(() => LaggedCorrelation.Compute([1], [1], 0, alpha: 1)).ParamName);
        Assert.Equal("minimumPairs", Assert.Throws<ArgumentException>(() => LaggedCorrelation.Compute([1], [1], 0, minimumPairs: 2)).ParamName);
        Assert.Equal("leading", Assert.Throws<ArgumentException>(() => LaggedCorrelation.Compute([double.NaN], [1], 0)).ParamName);
        Assert.Equal("lagging", Assert.Throws<ArgumentException>(() => LaggedCorrelation.Compute([1], [double.PositiveInfinity], 0)).ParamName);
    }
}
