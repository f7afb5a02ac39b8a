using System.Globalization;

namespace Manyi.Analytics.Linguistic;

/// <summary>
/// A 2-tuple (s_i, α): label index i and symbolic translation α ∈ [−0.5, 0.5); its numeric value is
/// β = Δ⁻¹(s_i, α) = i + α (Herrera &amp; Martínez 2000, IEEE TFS 8(6), Definitions 1–3).
/// </summary>
public sealed record TwoTuple(int Index, double Alpha)
{
    /// <summary>β = Δ⁻¹(s_i, α) = i + α.</summary>
    public double Beta => Index + Alpha;

    /// <summary>The 2-tuple as (s_i, α) with α to 4 decimals, e.g. "(s3, -0.25)".</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"(s{Index}, {Alpha:0.####})");
}

/// <summary>The 2-tuple representation model: Δ, Δ⁻¹, conversion between α conventions and the 2-tuple arithmetic mean.</summary>
public static class TwoTupleModel
{
    /// <summary>
    /// Δ(β) = (s_i, α) with i = round(β), α = β − i ∈ [−0.5, 0.5) (Herrera &amp; Martínez 2000, Definition 2).
    /// Halves round up, so β = i + 0.5 gives (s_{i+1}, −0.5) and α never reaches +0.5.
    /// </summary>
    public static TwoTuple Delta(double beta, int granularity)
    {
        if (granularity < 1)
        {
            throw new ArgumentException($"the term set must have at least 2 labels (granularity g ≥ 1), got g = {granularity}", nameof(granularity));
        }
        if (!double.IsFinite(beta) || beta < 0 || beta > granularity)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"β = {beta} is outside the term set's interval [0, {granularity}]"), nameof(beta));
        }
        var index = (int)Math.Floor(beta + 0.5);
        return new TwoTuple(index, beta - index);
    }

    /// <summary>Δ⁻¹(s_i, α) = i + α (Herrera &amp; Martínez 2000, Proposition 1).</summary>
    public static double InverseDelta(TwoTuple value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Beta;
    }

    /// <summary>
    /// Converts a 2-tuple given in the floor convention (i = ⌊β⌋, α ∈ [0, 1)) into the standard one:
    /// Δ(i + α). E.g. (s2, 0.7) → (s3, −0.3).
    /// </summary>
    public static TwoTuple FromFloorConvention(int index, double alpha, int granularity)
    {
        if (!double.IsFinite(alpha) || alpha < 0 || alpha >= 1)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"in the floor convention α must lie in [0, 1), got α = {alpha} for s{index}"), nameof(alpha));
        }
        if (index < 0 || index > granularity)
        {
            throw new ArgumentException($"label index {index} is outside the term set s0…s{granularity}", nameof(index));
        }
        return Delta(index + alpha, granularity);
    }

    /// <summary>
    /// Checks a 2-tuple given in the standard convention (α ∈ [−0.5, 0.5), 0 ≤ i + α ≤ g) and returns it.
    /// </summary>
    public static TwoTuple FromStandardConvention(int index, double alpha, int granularity)
    {
        if (!double.IsFinite(alpha) || alpha < -0.5 || alpha >= 0.5)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"in the standard convention α must lie in [-0.5, 0.5), got α = {alpha} for s{index}"), nameof(alpha));
        }
        if (index < 0 || index > granularity)
        {
            throw new ArgumentException($"label index {index} is outside the term set s0…s{granularity}", nameof(index));
        }
        return Delta(index + alpha, granularity);
    }

    /// <summary>
    /// 2-tuple arithmetic mean x̄ᵉ = Δ((1/n)·Σ Δ⁻¹(r_i, α_i)) (Herrera &amp; Martínez 2000, Definition 4).
    /// </summary>
    public static TwoTuple ArithmeticMean(IReadOnlyCollection<TwoTuple> values, int granularity)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("the 2-tuple arithmetic mean needs at least one value", nameof(values));
        }
        return Delta(values.Sum(InverseDelta) / values.Count, granularity);
    }
}
