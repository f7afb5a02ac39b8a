using Manyi.Analytics.Value;

namespace Manyi.Analytics.Tests.Value;

/// <summary>
/// Present-value customer value K (product.md M1.5). Source of the formula: Gupta &amp; Lehmann (2003), "Customers as assets",
/// Journal of Interactive Marketing 17(1):9–24 — CLV = Σ_t m·r^t/(1+i)^t, here with a finite horizon H and the current window's
/// margin m counted undiscounted at t = 0.
/// </summary>
public class CustomerLifetimeValueTests
{
    // Hand computation: m = 100, ρ = 0.8, d = 0.1, H = 3:
    //   PV = 100 + 100·0.8/1.1 + 100·0.64/1.21 + 100·0.512/1.331 = 100 + 80/1.1 + 64/1.21 + 51.2/1.331
    //      = (133100 + 96800 + 70400 + 51200)/1331 = 351500/1331 = 264.08715…
    [Fact]
    public void PresentValue_Retention80Discount10Horizon3_MatchesHandComputation()
    {
        Assert.Equal(351500.0 / 1331, CustomerLifetimeValue.PresentValue(100, 0.8, 0.1, 3), 1e-9);
        Assert.Equal(264.0871525, CustomerLifetimeValue.PresentValue(100, 0.8, 0.1, 3), 1e-6);
    }

    // H = 0 leaves only the current window: PV = m. ρ = 0 loses the customer after this window: PV = m whatever H.
    [Theory]
    [InlineData(100, 0.8, 0.1, 0)]
    [InlineData(100, 0.0, 0.1, 5)]
    [InlineData(-40, 0.0, 0.0, 10)]
    public void PresentValue_NoFuture_IsCurrentProfit(double m, double rho, double d, int horizon) =>
        Assert.Equal(m, CustomerLifetimeValue.PresentValue(m, rho, d, horizon), 1e-12);

    // ρ = 1, d = 0: no loss and no discount, PV = (H + 1)·m = 4·25 = 100. A negative margin stays negative: −10·(1 + 0.5/1.25) = −14.
    [Fact]
    public void PresentValue_SimpleCases_MatchHandComputation()
    {
        Assert.Equal(100, CustomerLifetimeValue.PresentValue(25, 1, 0, 3), 1e-12);
        Assert.Equal(-14, CustomerLifetimeValue.PresentValue(-10, 0.5, 0.25, 1), 1e-12);
    }

    // Hand computation: stream 100, 50, 50 at d = 0.1: 100 + 50/1.1 + 50/1.21 = (12100 + 5500 + 5000)/121 = 22600/121 = 186.7768…
    [Fact]
    public void PresentValue_ExplicitStream_MatchesHandComputation() =>
        Assert.Equal(22600.0 / 121, CustomerLifetimeValue.PresentValue([100, 50, 50], 0.1), 1e-9);

    // The stream m, mρ, mρ², mρ³ gives the same value as the closed form.
    [Fact]
    public void PresentValue_StreamOfRetainedMargins_EqualsFormula() =>
        Assert.Equal(
            CustomerLifetimeValue.PresentValue(100, 0.8, 0.1, 3),
            CustomerLifetimeValue.PresentValue([100, 80, 64, 51.2], 0.1),
            1e-9);

    [Theory]
    [InlineData(double.NaN, 0.5, 0.1, 1, "currentProfit")]
    [InlineData(double.PositiveInfinity, 0.5, 0.1, 1, "currentProfit")]
    [InlineData(100, -0.01, 0.1, 1, "retentionRate")]
    [InlineData(100, 1.01, 0.1, 1, "retentionRate")]
    [InlineData(100, double.NaN, 0.1, 1, "retentionRate")]
    [InlineData(100, 0.5, -1, 1, "discountRate")]
    [InlineData(100, 0.5, -2, 1, "discountRate")]
    [InlineData(100, 0.5, double.NaN, 1, "discountRate")]
    [InlineData(100, 0.5, 0.1, -1, "horizon")]
    public void PresentValue_BadInput_IsRefusedNamingTheParameter(double m, double rho, double d, int horizon, string parameter)
    {
        var error = Assert.Throws<ArgumentException>(() => CustomerLifetimeValue.PresentValue(m, rho, d, horizon));
        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void PresentValue_BadStream_IsRefused()
    {
        Assert.Equal("profits", Assert.Throws<ArgumentException>(() => CustomerLifetimeValue.PresentValue([], 0.1)).ParamName);
        Assert.Equal("profits", Assert.Throws<ArgumentException>(() => CustomerLifetimeValue.PresentValue([1, double.NaN], 0.1)).ParamName);
        Assert.Equal("discountRate", Assert.Throws<ArgumentException>(() => CustomerLifetimeValue.PresentValue([1], -1)).ParamName);
    }
}
