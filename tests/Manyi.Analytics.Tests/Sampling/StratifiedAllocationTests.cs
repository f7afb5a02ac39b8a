using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Manyi.Analytics.Sampling;

namespace Manyi.Analytics.Tests.Sampling;

public class StratifiedAllocationTests
{
    [Fact]
    public void Allocate_Proportional_PublishedExample()
    {
        // Published example (lexprep.net "Sampling", after Cochran 1977 ch. 5): 60 samples over groups of 500, 300 and 200
        // items → 30, 18, 12. Hand: 60·500/1000 = 30, 60·300/1000 = 18, 60·200/1000 = 12.
        var result = StratifiedAllocation.Allocate([new("g1", 500), new("g2", 300), new("g3", 200)], 60, AllocationMethod.Proportional);
        Assert.Equal([30, 18, 12], result.Strata.Select(s => s.Allocated));
        Assert.Equal(0.5, result.Strata[0].PopulationShare, 1e-12);
        Assert.Equal(1000, result.Population);
    }

    [Fact]
    public void Allocate_Equal_PublishedExample()
    {
        // Same source: equal allocation of 60 over 3 groups → 20 each.
        var result = StratifiedAllocation.Allocate([new("g1", 500), new("g2", 300), new("g3", 200)], 60, AllocationMethod.Equal);
        Assert.Equal([20, 20, 20], result.Strata.Select(s => s.Allocated));
    }

    [Fact]
    public void Allocate_Neyman_Hand()
    {
        // Hand: N·S = 1000·30 = 30000, 2000·15 = 30000, 3000·5 = 15000; Σ = 75000.
        // n_h = 150 · N_h S_h / 75000 = 60, 60, 30.
        var result = StratifiedAllocation.Allocate(
            [new("north", 1000, 30), new("south", 2000, 15), new("west", 3000, 5)], 150, AllocationMethod.Neyman);
        Assert.Equal([60, 60, 30], result.Strata.Select(s => s.Allocated));
        Assert.Equal(60, result.Strata[0].Exact, 1e-9);
        Assert.All(result.Strata, s => Assert.False(s.Capped));
    }

    [Fact]
    public void Allocate_LargestRemainder_GivesLeftoverUnitsToLargestFractions()
    {
        // Hand: proportional 100 over N = 500, 300, 200, 1 (N = 1001):
        // exact 49.950, 29.970, 19.980, 0.0999; floors 49 + 29 + 19 + 0 = 97, 3 units missing;
        // fractional parts 0.950, 0.970, 0.980, 0.0999 → the three largest (c, b, a) get one each: 50, 30, 20, 0.
        var result = StratifiedAllocation.Allocate(
            [new("a", 500), new("b", 300), new("c", 200), new("d", 1)], 100, AllocationMethod.Proportional);
        Assert.Equal([50, 30, 20, 0], result.Strata.Select(s => s.Allocated));
        Assert.Equal(49.95, result.Strata[0].Exact, 1e-2);
    }

    [Fact]
    public void Allocate_EqualRemainders_TieBrokenByName()
    {
        // Hand: 10 over three strata of 100 → 3.333 each, floors 3 + 3 + 3 = 9; one unit left, all fractions equal (0.333):
        // the tie goes to the first name in ordinal order, "a", whatever the row order.
        var result = StratifiedAllocation.Allocate([new("c", 100), new("a", 100), new("b", 100)], 10, AllocationMethod.Proportional);
        Assert.Equal([3, 4, 3], result.Strata.Select(s => s.Allocated));
    }

    [Fact]
    public void Allocate_NeymanAboveStratumSize_CapsAndReallocates()
    {
        // Hand (Cochran 1977 §5.5, over-allocation): N·S = 50·100 = 5000 and 1000·1 = 1000; n = 120.
        // Stratum "key": 120 · 5000/6000 = 100 > N = 50 → take all 50 (census); the other 70 go to "rest".
        var result = StratifiedAllocation.Allocate([new("key", 50, 100), new("rest", 1000, 1)], 120, AllocationMethod.Neyman);
        Assert.Equal([50, 70], result.Strata.Select(s => s.Allocated));
        Assert.True(result.Strata[0].Capped);
        Assert.False(result.Strata[1].Capped);
    }

    [Fact]
    public void Allocate_EqualAboveStratumSize_CapsAndSharesTheRestEqually()
    {
        // Hand: 90 over 3 → 30 each, but "small" has only 10 → 10; the other 80 are shared by two strata → 40 each.
        var result = StratifiedAllocation.Allocate([new("small", 10), new("b", 500), new("c", 500)], 90, AllocationMethod.Equal);
        Assert.Equal([10, 40, 40], result.Strata.Select(s => s.Allocated));
    }

    [Fact]
    public void Allocate_NeymanWithoutSd_ThrowsNamingSegment()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            StratifiedAllocation.Allocate([new("north", 100, 2), new("south", 100)], 50, AllocationMethod.Neyman));
        Assert.Contains("segment 'south'", e.Message, StringComparison.Ordinal);
        Assert.Contains("standard deviation", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allocate_TotalAbovePopulation_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            StratifiedAllocation.Allocate([new("a", 10), new("b", 20)], 31, AllocationMethod.Proportional));
        Assert.Contains("larger than the population", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allocate_DuplicateSegment_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            StratifiedAllocation.Allocate([new("a", 10), new("a", 20)], 5, AllocationMethod.Proportional));
        Assert.Contains("segment 'a' appears more than once", e.Message, StringComparison.Ordinal);
    }

    private static Gen<Stratum[]> StrataGen =>
        from count in Gen.Choose(1, 8)
        from sizes in Gen.ArrayOf(Gen.Choose(0, 5000), count)
        from sds in Gen.ArrayOf(Gen.Choose(0, 40), count)
        select sizes.Select((size, i) => new Stratum($"s{i}", size, sds[i] / 4.0)).ToArray();

    private static Gen<(Stratum[] Strata, int Total, AllocationMethod Method)> CaseGen =>
        from strata in StrataGen.Where(s => s.Sum(x => x.Population) > 0)
        from fraction in Gen.Choose(1, 1000)
        from method in Gen.Elements(AllocationMethod.Proportional, AllocationMethod.Equal, AllocationMethod.Neyman)
        select (strata, (int)Math.Max(1, strata.Sum(x => x.Population) * fraction / 1000), method);

    [Property]
    public Property Allocate_AnyCase_SumsToTotalAndNeverExceedsStratum() =>
        Prop.ForAll(CaseGen.ToArbitrary(), c =>
        {
            var result = StratifiedAllocation.Allocate(c.Strata, c.Total, c.Method);
            return result.Strata.Sum(s => s.Allocated) == c.Total
                && result.Strata.All(s => s.Allocated >= 0 && s.Allocated <= s.Population);
        });

    [Property]
    public Property Allocate_RowOrder_DoesNotMatter() =>
        Prop.ForAll(CaseGen.ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (c, seed) =>
        {
            var random = new Random(seed);
            var shuffled = c.Strata.OrderBy(_ => random.Next()).ToArray();
            var first = StratifiedAllocation.Allocate(c.Strata, c.Total, c.Method).Strata.ToDictionary(s => s.Name, s => s.Allocated);
            var second = StratifiedAllocation.Allocate(shuffled, c.Total, c.Method).Strata.ToDictionary(s => s.Name, s => s.Allocated);
            return first.All(kv => second[kv.Key] == kv.Value);
        });
}
