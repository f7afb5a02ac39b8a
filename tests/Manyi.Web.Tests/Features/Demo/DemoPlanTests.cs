using Manyi.Web.Features.Demo;

namespace Manyi.Web.Tests.Features.Demo;

/// <summary>The demo plan without a database: deterministic, log-normal values, skewed like real revenue.</summary>
public class DemoPlanTests
{
    [Fact]
    public void Customers_SameSeed_SameCustomers()
    {
        var first = DemoPlan.Customers().Select(Key).ToList();
        var second = DemoPlan.Customers().Select(Key).ToList();
        var other = DemoPlan.Customers(seed: 1).Select(Key).ToList();

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.Equal(5_000, first.Select(c => c.Code).Distinct().Count());
    }

    [Fact]
    public void Customers_ResidentialValues_AreLogNormalAroundTheStatedMedian()
    {
        // Residential bills are drawn as 2,400 · exp(0.7 · Z). The log of the sample median of n = 3,800 draws has standard error
        // ≈ 1.2533 · σ / √n = 1.2533 · 0.7 / 61.6 ≈ 0.014, so the median lies within ±10 % (≈ 7 standard errors) of 2,400, and the
        // log-values have standard deviation 0.7 within ±0.05 (its standard error is σ / √(2n) ≈ 0.008).
        var logs = DemoPlan.Customers().Where(c => c.Segment == DemoPlan.Residential).Select(c => Math.Log((double)c.Value)).Order().ToList();
        var median = Math.Exp((logs[(logs.Count / 2) - 1] + logs[logs.Count / 2]) / 2);
        var mean = logs.Average();
        var sd = Math.Sqrt(logs.Sum(x => (x - mean) * (x - mean)) / (logs.Count - 1));

        Assert.Equal(3_800, logs.Count);
        Assert.InRange(median, 2_400 * 0.9, 2_400 * 1.1);
        Assert.InRange(sd, 0.65, 0.75);
    }

    [Fact]
    public void Customers_Value_IsConcentratedLikeUtilityRevenue()
    {
        // Expected bills (mean of a log-normal = median · e^(σ²/2)): key accounts 40 · 12e6 · e^0.245 ≈ 613e6, industrial
        // 260 · 6e5 · e^0.605 ≈ 286e6, commercial 900 · 36e3 · e^0.5 ≈ 53e6, residential 3,800 · 2,400 · e^0.245 ≈ 12e6; total ≈ 964e6.
        // The 300 key and industrial accounts (6 % of customers) thus carry ≈ 93 % of the value, so the top 20 % carry well over
        // 80 % (Pareto's 80/20 and then some) and the top 1 % more than a third.
        var values = DemoPlan.Customers().Select(c => c.Value).OrderDescending().ToList();
        var total = values.Sum();

        Assert.True(values.Take(1_000).Sum() / total > 0.80m);
        Assert.True(values.Take(50).Sum() / total > 0.33m);
    }

    [Fact]
    public void AssignTiers_HundredCustomers_CutsAtOneFourFifteenPercent()
    {
        // 100 customers worth 1…100: the most valuable 1 (value 100) is platinum, the next 4 (99…96) gold, the next 15 (95…81)
        // iron, the remaining 80 lead.
        var template = DemoPlan.Customers()[0];
        var customers = Enumerable.Range(1, 100).Select(i => template with { Code = $"X{i:000}", Value = i }).ToList();

        var tiers = DemoPlan.AssignTiers(customers).ToDictionary(c => (int)c.Value, c => c.Tier);

        Assert.Equal(DemoPlan.Platinum, tiers[100]);
        Assert.All(Enumerable.Range(96, 4), v => Assert.Equal(DemoPlan.Gold, tiers[v]));
        Assert.All(Enumerable.Range(81, 15), v => Assert.Equal(DemoPlan.Iron, tiers[v]));
        Assert.All(Enumerable.Range(1, 80), v => Assert.Equal(DemoPlan.Lead, tiers[v]));
    }

    private static (string Code, string Name, decimal Value, string Tier, string BranchCode) Key(DemoCustomer c) =>
        (c.Code, c.Name, c.Value, c.Tier, c.BranchCode);
}
