using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Manyi.Analytics.Linguistic;

namespace Manyi.Analytics.Tests.Linguistic;

/// <summary>
/// Δ, Δ⁻¹ and the 2-tuple arithmetic mean against Herrera &amp; Martínez (2000), "A 2-tuple fuzzy linguistic representation
/// model for computing with words", IEEE Trans. Fuzzy Systems 8(6): Definition 2 (Δ(β) = (s_i, α), i = round(β),
/// α = β − i ∈ [−0.5, 0.5)), Proposition 1 (Δ⁻¹(s_i, α) = i + α) and Definition 4 (arithmetic mean Δ((1/n)·Σ β_i)).
/// Expected values are worked out by hand from those definitions on S = {s0, …, s6} (g = 6). Tolerance 1e-12 (the only
/// error is binary rounding of decimals such as 0.8).
/// </summary>
public class TwoTupleModelTests
{
    private const int G = 6;

    [Theory]
    // β = 3.25: round(3.25) = 3, α = 3.25 − 3 = 0.25 → (s3, 0.25)
    [InlineData(3.25, 3, 0.25)]
    // β = 2.8: round(2.8) = 3, α = 2.8 − 3 = −0.2 → (s3, −0.2)
    [InlineData(2.8, 3, -0.2)]
    // β = 1.4: round(1.4) = 1, α = 0.4 → (s1, 0.4)
    [InlineData(1.4, 1, 0.4)]
    // β = 0: (s0, 0); β = g = 6: (s6, 0) — the ends of the interval [0, g]
    [InlineData(0.0, 0, 0.0)]
    [InlineData(6.0, 6, 0.0)]
    public void Delta_Beta_GivesNearestLabelAndTranslation(double beta, int index, double alpha)
    {
        var tuple = TwoTupleModel.Delta(beta, G);
        Assert.Equal(index, tuple.Index);
        Assert.Equal(alpha, tuple.Alpha, 1e-12);
    }

    [Theory]
    // α ∈ [−0.5, 0.5) excludes +0.5, so a half rounds up: 2.5 → (s3, −0.5), 0.5 → (s1, −0.5), 5.5 → (s6, −0.5).
    [InlineData(2.5, 3)]
    [InlineData(0.5, 1)]
    [InlineData(5.5, 6)]
    public void Delta_HalfwayBeta_RoundsUpWithAlphaMinusHalf(double beta, int index)
    {
        var tuple = TwoTupleModel.Delta(beta, G);
        Assert.Equal(index, tuple.Index);
        Assert.Equal(-0.5, tuple.Alpha, 1e-12);
    }

    [Fact]
    public void InverseDelta_TwoTuple_IsIndexPlusAlpha()
    {
        // Δ⁻¹(s3, −0.2) = 3 − 0.2 = 2.8; Δ⁻¹(s1, 0.4) = 1.4.
        Assert.Equal(2.8, TwoTupleModel.InverseDelta(new TwoTuple(3, -0.2)), 1e-12);
        Assert.Equal(1.4, TwoTupleModel.InverseDelta(new TwoTuple(1, 0.4)), 1e-12);
    }

    [Fact]
    public void ArithmeticMean_ThreeLabels_IsDeltaOfMeanIndex()
    {
        // (s2, 0), (s4, 0), (s5, 0): Σβ = 2 + 4 + 5 = 11, mean 11/3 = 3.6667, round → 4, α = 11/3 − 4 = −1/3 → (s4, −0.3333).
        var mean = TwoTupleModel.ArithmeticMean([new TwoTuple(2, 0), new TwoTuple(4, 0), new TwoTuple(5, 0)], G);
        Assert.Equal(4, mean.Index);
        Assert.Equal(-1.0 / 3, mean.Alpha, 1e-12);
    }

    [Fact]
    public void ArithmeticMean_TuplesWithTranslation_UsesTheirBetas()
    {
        // (s1, 0.4), (s3, −0.2), (s5, 0.3): Σβ = 1.4 + 2.8 + 5.3 = 9.5, mean 9.5/3 = 3.1667 → (s3, 0.1667).
        var mean = TwoTupleModel.ArithmeticMean([new TwoTuple(1, 0.4), new TwoTuple(3, -0.2), new TwoTuple(5, 0.3)], G);
        Assert.Equal(3, mean.Index);
        Assert.Equal(9.5 / 3 - 3, mean.Alpha, 1e-12);
    }

    [Theory]
    // Floor convention (i = ⌊β⌋, α ∈ [0, 1)) → standard: (s2, 0.7): β = 2.7 → (s3, −0.3);
    // (s2, 0.5): β = 2.5 → (s3, −0.5); (s4, 0.2): β = 4.2 → (s4, 0.2); (s6, 0) stays (s6, 0).
    [InlineData(2, 0.7, 3, -0.3)]
    [InlineData(2, 0.5, 3, -0.5)]
    [InlineData(4, 0.2, 4, 0.2)]
    [InlineData(6, 0.0, 6, 0.0)]
    public void FromFloorConvention_Tuple_ConvertsToStandardForm(int index, double alpha, int expectedIndex, double expectedAlpha)
    {
        var tuple = TwoTupleModel.FromFloorConvention(index, alpha, G);
        Assert.Equal(expectedIndex, tuple.Index);
        Assert.Equal(expectedAlpha, tuple.Alpha, 1e-12);
    }

    [Fact]
    public void FromFloorConvention_AlphaOne_ThrowsWithRange()
    {
        var e = Assert.Throws<ArgumentException>(() => TwoTupleModel.FromFloorConvention(2, 1.0, G));
        Assert.Contains("[0, 1)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Delta_BetaAboveGranularity_ThrowsNamingInterval()
    {
        var e = Assert.Throws<ArgumentException>(() => TwoTupleModel.Delta(6.5, G));
        Assert.Contains("[0, 6]", e.Message, StringComparison.Ordinal);
    }

    [Property]
    public Property Delta_AnyBeta_AlphaInRangeAndInverseRecoversBeta()
    {
        // β = k / 1000 over [0, g].
        var betas = Gen.Choose(0, G * 1000).Select(k => k / 1000.0).ToArbitrary();
        return Prop.ForAll(betas, beta =>
        {
            var tuple = TwoTupleModel.Delta(beta, G);
            return tuple.Alpha >= -0.5 && tuple.Alpha < 0.5
                && tuple.Index >= 0 && tuple.Index <= G
                && Math.Abs(TwoTupleModel.InverseDelta(tuple) - beta) < 1e-12;
        });
    }

    [Property]
    public Property DeltaOfInverseDelta_AnyStandardTuple_IsTheSameTuple()
    {
        // (s_i, α) with α = k/1000 in [−0.5, 0.5), restricted to 0 ≤ i + α ≤ g.
        var tuples = Gen.Choose(0, G)
            .SelectMany(i => Gen.Choose(-500, 499), (i, k) => new TwoTuple(i, k / 1000.0))
            .Where(t => t.Beta >= 0 && t.Beta <= G)
            .ToArbitrary();
        return Prop.ForAll(tuples, t =>
        {
            var back = TwoTupleModel.Delta(TwoTupleModel.InverseDelta(t), G);
            return back.Index == t.Index && Math.Abs(back.Alpha - t.Alpha) < 1e-12;
        });
    }
}
