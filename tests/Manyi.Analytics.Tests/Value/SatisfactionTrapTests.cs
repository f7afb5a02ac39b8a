using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Manyi.Analytics.Value;

namespace Manyi.Analytics.Tests.Value;

public class SatisfactionTrapTests
{
    // The big customer A (K = 100) gets worse (8 → 6); two small customers B, C (K = 10) get better (6 → 9).
    private static readonly TrapResponse[] Before = [new("A", 100, 8, "key"), new("B", 10, 6, "small"), new("C", 10, 6, "small")];
    private static readonly TrapResponse[] After = [new("A", 100, 6, "key"), new("B", 10, 9, "small"), new("C", 10, 9, "small")];

    // Hand computation, K_o = mean K = 40 in both waves, w_i = K_i/(n·K_o) = K_i/120 → A 5/6, B 1/12, C 1/12:
    //   before: P = (8+6+6)/3 = 20/3; W = 5/6·8 + 1/12·6 + 1/12·6 = 23/3 (= ΣKD/ΣK = 920/120).
    //   after:  P = (6+9+9)/3 = 8;    W = 5/6·6 + 1/12·9 + 1/12·9 = 6.5 (= 780/120).
    //   ΔP = 8 − 20/3 = 4/3 > 0, ΔW = 6.5 − 23/3 = −7/6 < 0 → trap; difference ΔW − ΔP = −2.5.
    //   terms (w − 1/3)(D − P): before A 1/2·4/3 = 2/3, B −1/4·(−2/3) = 1/6, C 1/6;
    //                            after  A 1/2·(−2) = −1, B −1/4·1 = −1/4, C −1/4.
    //   c_A = −1 − 2/3 = −5/3, c_B = c_C = −1/4 − 1/6 = −5/12; sum −2.5 = difference; base effect 0.
    [Fact]
    public void Compare_BigCustomerWorseSmallBetter_IsTrapWithHandComputedContributions()
    {
        var result = SatisfactionTrap.Compare(Before, After, StandardValueBase.Mean);

        Assert.Equal(20.0 / 3, result.Before.Plain, 1e-12);
        Assert.Equal(23.0 / 3, result.Before.Weighted, 1e-12);
        Assert.Equal(40, result.Before.StandardValue, 1e-12);
        Assert.Equal(8, result.After.Plain, 1e-12);
        Assert.Equal(6.5, result.After.Weighted, 1e-12);
        Assert.Equal(4.0 / 3, result.PlainChange, 1e-12);
        Assert.Equal(-7.0 / 6, result.WeightedChange, 1e-12);
        Assert.Equal(-2.5, result.Difference, 1e-12);
        Assert.Equal(0, result.BaseEffect, 1e-12);
        Assert.True(result.Trap);
        Assert.Equal(["A", "B", "C"], result.Customers.Select(c => c.Customer));
        Assert.Equal(-5.0 / 3, result.Customers[0].Contribution, 1e-12);
        Assert.Equal(-5.0 / 12, result.Customers[1].Contribution, 1e-12);
        Assert.Equal(TrapPresence.Both, result.Customers[0].Presence);
        Assert.Equal(8, result.Customers[0].ScoreBefore);
        Assert.Equal(6, result.Customers[0].ScoreAfter);
        Assert.Equal(["key", "small"], result.Segments.Select(s => s.Segment));
        Assert.Equal(-5.0 / 3, result.Segments[0].Contribution, 1e-12);
        Assert.Equal(-5.0 / 6, result.Segments[1].Contribution, 1e-12);
        Assert.Equal(2, result.Segments[1].Customers);
    }

    // Hand computation, K_o = min K = 10: w = K/(3·10) → A 10/3, B 1/3, C 1/3; Σw = 4 in both waves.
    //   before W = 10/3·8 + 1/3·6 + 1/3·6 = 92/3; after W = 10/3·6 + 1/3·9 + 1/3·9 = 26; ΔW = −14/3; ΔP = 4/3; difference −6.
    //   base effect = P_a(Σw_a − 1) − P_b(Σw_b − 1) = 8·3 − 20/3·3 = 4.
    //   terms (w − 1/3)(D − P): A before 3·4/3 = 4, after 3·(−2) = −6 → c_A = −10; B and C have w = 1/3 → 0.
    //   −10 + 4 = −6 = difference.
    [Fact]
    public void Compare_MinimumBase_HasBaseEffectAndHandComputedContributions()
    {
        var result = SatisfactionTrap.Compare(Before, After, StandardValueBase.Minimum);

        Assert.Equal(10, result.Before.StandardValue, 1e-12);
        Assert.Equal(92.0 / 3, result.Before.Weighted, 1e-12);
        Assert.Equal(26, result.After.Weighted, 1e-12);
        Assert.Equal(-14.0 / 3, result.WeightedChange, 1e-12);
        Assert.Equal(-6, result.Difference, 1e-12);
        Assert.Equal(4, result.BaseEffect, 1e-12);
        Assert.True(result.Trap);
        Assert.Equal("A", result.Customers[0].Customer);
        Assert.Equal(-10, result.Customers[0].Contribution, 1e-12);
        Assert.Equal(0, result.Customers[1].Contribution, 1e-12);
    }

    // Hand computation: before A(10, 5), B(10, 7): P = W = 6, all terms 0.
    //   after adds D(30, 9): P = 7, K_o = 50/3, w = K/50 → 0.2, 0.2, 0.6; W = 1 + 1.4 + 5.4 = 7.8.
    //   terms (w − 1/3)(D − 7): A (−2/15)(−2) = 4/15, B 0, D (4/15)(2) = 8/15; sum 0.8 = ΔW − ΔP = 1.8 − 1.
    [Fact]
    public void Compare_NewCustomer_ContributesItsAfterTerm()
    {
        TrapResponse[] before = [new("A", 10, 5), new("B", 10, 7)];
        TrapResponse[] after = [new("A", 10, 5), new("B", 10, 7), new("D", 30, 9)];

        var result = SatisfactionTrap.Compare(before, after, StandardValueBase.Mean);

        Assert.Equal(1, result.PlainChange, 1e-12);
        Assert.Equal(1.8, result.WeightedChange, 1e-12);
        Assert.False(result.Trap);
        Assert.Equal(["D", "A", "B"], result.Customers.Select(c => c.Customer));
        Assert.Equal(TrapPresence.AfterOnly, result.Customers[0].Presence);
        Assert.Null(result.Customers[0].ScoreBefore);
        Assert.Equal(8.0 / 15, result.Customers[0].Contribution, 1e-12);
        Assert.Equal(4.0 / 15, result.Customers[1].Contribution, 1e-12);
        Assert.Empty(result.Segments);
    }

    // Hand computation: plain 7 → 7 (ΔP = 0); weighted (800+60)/110 → (600+80)/110 falls.
    // A zero change has no direction, so by the documented rule this is not a trap.
    [Fact]
    public void Compare_PlainUnchanged_IsNotTrap()
    {
        TrapResponse[] before = [new("A", 100, 8), new("B", 10, 6)];
        TrapResponse[] after = [new("A", 100, 6), new("B", 10, 8)];

        var result = SatisfactionTrap.Compare(before, after, StandardValueBase.Mean);

        Assert.Equal(0, result.PlainChange, 1e-12);
        Assert.Equal(680.0 / 110 - 860.0 / 110, result.WeightedChange, 1e-12);
        Assert.False(result.Trap);
        Assert.Equal("A", result.Customers[0].Customer);
    }

    [Fact]
    public void Compare_WaveWithoutScores_ThrowsNamingWave()
    {
        TrapResponse[] before = [new("A", 100, null)];
        TrapResponse[] after = [new("A", 100, 6)];

        var e = Assert.Throws<ArgumentException>(() => SatisfactionTrap.Compare(before, after, StandardValueBase.Mean));

        Assert.Contains("before wave", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_NegativeValue_ThrowsNamingCustomer()
    {
        TrapResponse[] before = [new("A", 100, 5)];
        TrapResponse[] after = [new("Zeta", -1, 6)];

        var e = Assert.Throws<ArgumentException>(() => SatisfactionTrap.Compare(before, after, StandardValueBase.Mean));

        Assert.Contains("'Zeta'", e.Message, StringComparison.Ordinal);
    }

    [Property]
    public Property Compare_EqualValues_WeightedEqualsPlainAndNoTrap() =>
        Prop.ForAll(Waves().ToArbitrary(), Gen.Choose(1, 1000).ToArbitrary(), (waves, k) =>
        {
            var before = waves.Before.Select(r => r with { Value = k }).ToList();
            var after = waves.After.Select(r => r with { Value = k }).ToList();
            var result = SatisfactionTrap.Compare(before, after, StandardValueBase.Mean);
            return !result.Trap && Math.Abs(result.WeightedChange - result.PlainChange) < 1e-9;
        });

    [Property]
    public Property Compare_Contributions_AddUpToDifference() =>
        Prop.ForAll(Waves().ToArbitrary(), Gen.Elements(StandardValueBase.Mean, StandardValueBase.Minimum).ToArbitrary(), (waves, standard) =>
        {
            var result = SatisfactionTrap.Compare(waves.Before, waves.After, standard);
            var customers = result.Customers.Sum(c => c.Contribution) + result.BaseEffect;
            var segments = result.Segments.Sum(s => s.Contribution) + result.BaseEffect;
            var scale = 1 + Math.Abs(result.Difference);
            return Math.Abs(customers - result.Difference) < 1e-9 * scale && Math.Abs(segments - result.Difference) < 1e-9 * scale;
        });

    [Property]
    public Property Compare_RowOrder_DoesNotMatter() =>
        Prop.ForAll(
            Waves().SelectMany(w => Gen.Zip(Gen.Shuffle(w.Before), Gen.Shuffle(w.After)).Select(s => (w, s))).ToArbitrary(),
            pair =>
            {
                var a = SatisfactionTrap.Compare(pair.w.Before, pair.w.After, StandardValueBase.Mean);
                var b = SatisfactionTrap.Compare(pair.s.Item1, pair.s.Item2, StandardValueBase.Mean);
                return a.Trap == b.Trap
                    && Math.Abs(a.PlainChange - b.PlainChange) < 1e-9
                    && Math.Abs(a.WeightedChange - b.WeightedChange) < 1e-9
                    && a.Customers.Select(c => c.Customer).SequenceEqual(b.Customers.Select(c => c.Customer))
                    && a.Customers.Zip(b.Customers).All(x => Math.Abs(x.First.Contribution - x.Second.Contribution) < 1e-9);
            });

    /// <summary>Two waves over customers c0…c14 (each present in a wave with probability ~3/4), values 1–1000, scores 0–10, segments s0–s2.</summary>
    private static Gen<(TrapResponse[] Before, TrapResponse[] After)> Waves()
    {
        var wave = Gen.Zip(Gen.Zip(Gen.Choose(1, 1000), Gen.Choose(0, 10)), Gen.Zip(Gen.Choose(0, 3), Gen.Choose(0, 2)))
            .ArrayOf(15)
            .Select(rows => rows
                .Select((r, i) => (r, i))
                .Where(x => x.r.Item2.Item1 > 0)
                .Select(x => new TrapResponse($"c{x.i}", x.r.Item1.Item1, x.r.Item1.Item2, $"s{x.r.Item2.Item2}"))
                .ToArray())
            .Where(rows => rows.Length > 0);
        return Gen.Zip(wave, wave);
    }
}
