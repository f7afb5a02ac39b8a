using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Manyi.Analytics.Value;

namespace Manyi.Analytics.Tests.Value;

public class CustomerPyramidTests
{
    // Hand computation, 10 customers, default tiers (1 %, 4 %, 15 %, 80 %): cumulative shares 0.01, 0.05, 0.20, 1 →
    //   cuts ⌈0.1⌉ = 1, ⌈0.5⌉ = 1, ⌈2⌉ = 2, 10: platinum = rank 0, gold = empty, iron = rank 1, lead = ranks 2…9.
    //   Ranking: w and x both 30 — tie by id, so w (rank 0, platinum) before x (rank 1, iron).
    //   Total = 30+30+10+8+6+5+4+3+2+2 = 100: platinum 30 (0.30), gold 0, iron 30 (0.30), lead 40 (0.40), lowest 2.
    //   Satisfaction: platinum w 60 → mean 60; iron x unrated → null; lead rated c 80, d 70, j 50 → 3 rated, mean 200/3.
    [Fact]
    public void Build_TenCustomers_MatchesHandComputation()
    {
        PyramidCustomer[] customers =
        [
            new("c", 10, 80), new("x", 30, null), new("d", 8, 70), new("w", 30, 60), new("e", 6, null),
            new("f", 5, null), new("g", 4, null), new("h", 3, null), new("i", 2, null), new("j", 2, 50),
        ];

        var result = CustomerPyramid.Build(customers, CustomerPyramid.DefaultTiers);

        Assert.Equal(100, result.TotalValue, 1e-12);
        Assert.Equal(["platinum", "gold", "iron", "lead"], result.Tiers.Select(t => t.Name));
        Assert.Equal([1, 0, 1, 8], result.Tiers.Select(t => t.Customers));
        Assert.Equal([30.0, 0, 30, 40], result.Tiers.Select(t => t.Value));
        Assert.Equal([0.3, 0, 0.3, 0.4], result.Tiers.Select(t => Math.Round(t.ValueShare, 12)));
        Assert.Equal([30, null, 30, 2], result.Tiers.Select(t => t.LowestValue));
        Assert.Equal([1, 0, 0, 3], result.Tiers.Select(t => t.Rated));
        Assert.Equal(60, result.Tiers[0].MeanSatisfaction!.Value, 1e-12);
        Assert.Null(result.Tiers[1].MeanSatisfaction);
        Assert.Null(result.Tiers[2].MeanSatisfaction);
        Assert.Equal(200.0 / 3, result.Tiers[3].MeanSatisfaction!.Value, 1e-12);
        Assert.Equal("platinum", result.TierOf["w"]);
        Assert.Equal("iron", result.TierOf["x"]);
        Assert.Equal("lead", result.TierOf["j"]);
        Assert.Equal(10, result.TierOf.Count);
    }

    // Hand computation, 200 customers c001…c200 with values 200, 199, …, 1: cuts ⌈2⌉ = 2, ⌈10⌉ = 10, ⌈40⌉ = 40, 200.
    //   platinum 200+199 = 399; gold 198…191 = 8·389/2 = 1556; iron 190…161 = 30·351/2 = 5265; lead 160…1 = 160·161/2 = 12880.
    //   Total 200·201/2 = 20100 (= 399 + 1556 + 5265 + 12880). Lowest values 199, 191, 161, 1.
    [Fact]
    public void Build_TwoHundredCustomers_MatchesHandComputation()
    {
        var customers = Enumerable.Range(1, 200)
            .Select(k => new PyramidCustomer($"c{k:000}", 201 - k, null))
            .Reverse()
            .ToList();

        var result = CustomerPyramid.Build(customers, CustomerPyramid.DefaultTiers);

        Assert.Equal(20100, result.TotalValue, 1e-9);
        Assert.Equal([2, 8, 30, 160], result.Tiers.Select(t => t.Customers));
        Assert.Equal([399.0, 1556, 5265, 12880], result.Tiers.Select(t => t.Value));
        Assert.Equal(399.0 / 20100, result.Tiers[0].ValueShare, 1e-12);
        Assert.Equal(12880.0 / 20100, result.Tiers[3].ValueShare, 1e-12);
        Assert.Equal([199, 191, 161, 1], result.Tiers.Select(t => t.LowestValue));
        Assert.All(result.Tiers, t => Assert.Equal(0, t.Rated));
        Assert.Equal("platinum", result.TierOf["c002"]);
        Assert.Equal("gold", result.TierOf["c003"]);
        Assert.Equal("iron", result.TierOf["c040"]);
        Assert.Equal("lead", result.TierOf["c041"]);
    }

    [Fact]
    public void Build_NoCustomers_GivesEmptyTiers()
    {
        var result = CustomerPyramid.Build([], CustomerPyramid.DefaultTiers);

        Assert.All(result.Tiers, t => Assert.Equal(0, t.Customers));
        Assert.All(result.Tiers, t => Assert.Equal(0, t.ValueShare));
        Assert.Empty(result.TierOf);
    }

    public static TheoryData<PyramidTier[]> BadTiers => new()
    {
        Array.Empty<PyramidTier>(),
        new PyramidTier[] { new("a", 0.5), new("b", 0.4) },
        new PyramidTier[] { new("a", 0.5), new("b", 0.6) },
        new PyramidTier[] { new("a", 1), new("b", 0) },
        new PyramidTier[] { new("a", 1.5), new("b", -0.5) },
        new PyramidTier[] { new("a", 0.5), new("a", 0.5) },
        new PyramidTier[] { new(" ", 1) },
        new PyramidTier[] { new("a", double.NaN) },
    };

    [Theory]
    [MemberData(nameof(BadTiers))]
    public void Build_BadTiers_AreRefused(PyramidTier[] tiers)
    {
        var error = Assert.Throws<ArgumentException>(() => CustomerPyramid.Build([new("a", 1, null)], tiers));
        Assert.Equal("tiers", error.ParamName);
    }

    [Fact]
    public void Build_BadCustomers_AreRefused()
    {
        Assert.Equal("customers", Assert.Throws<ArgumentException>(
            () => CustomerPyramid.Build([new("a", 1, null), new("a", 2, null)], CustomerPyramid.DefaultTiers)).ParamName);
        Assert.Equal("customers", Assert.Throws<ArgumentException>(
            () => CustomerPyramid.Build([new("a", double.NaN, null)], CustomerPyramid.DefaultTiers)).ParamName);
        Assert.Equal("customers", Assert.Throws<ArgumentException>(
            () => CustomerPyramid.Build([new("a", 1, double.PositiveInfinity)], CustomerPyramid.DefaultTiers)).ParamName);
    }

    [Property]
    public Property Build_AnyPositiveValues_CountsSumToNAndSharesToOne() =>
        Prop.ForAll(Gen.Choose(1, 100000).ListOf().ToArbitrary(), values =>
        {
            var customers = values.Select((v, i) => new PyramidCustomer($"c{i}", v, i % 3 == 0 ? null : v % 100)).ToList();
            var result = CustomerPyramid.Build(customers, CustomerPyramid.DefaultTiers);
            var ordered = result.Tiers.Where(t => t.LowestValue.HasValue).Select(t => t.LowestValue!.Value).ToList();
            return result.Tiers.Sum(t => t.Customers) == customers.Count
                && result.TierOf.Count == customers.Count
                && (customers.Count == 0 || Math.Abs(result.Tiers.Sum(t => t.ValueShare) - 1) < 1e-9)
                && ordered.SequenceEqual(ordered.OrderByDescending(v => v));
        });
}
