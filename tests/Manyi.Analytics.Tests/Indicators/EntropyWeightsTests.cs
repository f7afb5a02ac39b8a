using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Manyi.Analytics.Indicators;

namespace Manyi.Analytics.Tests.Indicators;

public class EntropyWeightsTests
{
    private static readonly double R = Math.Log(2) / Math.Log(3);

    [Fact]
    public void Compute_ThreeRows_MatchesHandComputation()
    {
        // Hand computation, m = 3 rows, k = 1/ln 3, r = ln 2/ln 3 ≈ 0.630930:
        //   same (1, 1, 1):  p = 1/3 each → e = −k·3·(1/3)·ln(1/3) = 1 → d = 0 (no information)
        //   mid  (1, 2, 1):  p = 1/4, 1/2, 1/4 → Σ p ln p = −(1/2)ln 4 − (1/2)ln 2 = −1.5 ln 2 → e = 1.5r ≈ 0.946395 → d ≈ 0.053605
        //   gap  (0, 1, 1):  p = 0, 1/2, 1/2 → 0·ln 0 = 0, Σ = −ln 2 → e = r ≈ 0.630930 → d ≈ 0.369070
        //   Σd = 2 − 2.5r ≈ 0.422676 → w = (0, (1 − 1.5r)/(2 − 2.5r), (1 − r)/(2 − 2.5r)) ≈ (0, 0.126824, 0.873176).
        var w = EntropyWeights.Compute(["same", "mid", "gap"], [[1, 1, 0], [1, 2, 1], [1, 1, 1]]);
        Assert.Equal(1, w[0].Entropy, 1e-12);
        Assert.Equal(0, w[0].Weight, 1e-12);
        Assert.Equal(1.5 * R, w[1].Entropy, 1e-12);
        Assert.Equal(R, w[2].Entropy, 1e-12);
        Assert.Equal((1 - 1.5 * R) / (2 - 2.5 * R), w[1].Weight, 1e-12);
        Assert.Equal((1 - R) / (2 - 2.5 * R), w[2].Weight, 1e-12);
        Assert.Equal(0.873176, w[2].Weight, 1e-6);
    }

    [Fact]
    public void Compute_MinMax_NormalisesFirst()
    {
        // Hand computation with min–max normalisation, m = 3:
        //   a (2, 4, 6)    → x' = (0, 0.5, 1) → p = (0, 1/3, 2/3) → Σ p ln p = −ln 3 + (2/3)ln 2 → e = 1 − (2/3)r, d = (2/3)r
        //   b (−1, 0, −1)  → x' = (0, 1, 0)   → p = (0, 1, 0)     → e = 0, d = 1
        //   w = ((2/3)r, 1)/((2/3)r + 1).
        var w = EntropyWeights.Compute(["a", "b"], [[2, -1], [4, 0], [6, -1]], EntropyNormalisation.MinMax);
        Assert.Equal(1 - 2.0 / 3 * R, w[0].Entropy, 1e-12);
        Assert.Equal(2.0 / 3 * R / (2.0 / 3 * R + 1), w[0].Weight, 1e-12);
        Assert.Equal(1 / (2.0 / 3 * R + 1), w[1].Weight, 1e-12);
    }

    [Fact]
    public void Compute_NegativeValueInProportionForm_SuggestsMinMax()
    {
        var e = Assert.Throws<ArgumentException>(() => EntropyWeights.Compute(["a"], [[1], [-2]]));
        Assert.Contains("row 2, indicator 'a'", e.Message, StringComparison.Ordinal);
        Assert.Contains("min–max", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_NothingVaries_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => EntropyWeights.Compute(["a", "b"], [[3, 5], [3, 5]]));
        Assert.Contains("no indicator varies", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_OneRow_Throws() =>
        Assert.Throws<ArgumentException>(() => EntropyWeights.Compute(["a"], [[3]]));

    private static readonly Gen<double[][]> Data =
        Gen.Choose(1, 5).SelectMany(n => Gen.Choose(0, 10).Select(i => (double)i).ArrayOf(n).ArrayOf().Where(rows => rows.Length >= 2))
            .Where(rows => Enumerable.Range(0, rows[0].Length).Any(j => rows.Select(r => r[j]).Distinct().Count() > 1));

    [Property]
    public Property Compute_AnyData_WeightsSumToOne() =>
        Prop.ForAll(Data.ToArbitrary(), rows =>
        {
            var w = EntropyWeights.Compute(Names(rows), rows);
            return Math.Abs(w.Sum(x => x.Weight) - 1) < 1e-12 && w.All(x => x.Weight >= 0 && x.Entropy is >= 0 and <= 1);
        });

    [Property]
    public Property Compute_RowOrder_DoesNotMatter() =>
        Prop.ForAll(Data.SelectMany(rows => Gen.Shuffle(rows).Select(s => (Rows: rows, Shuffled: s))).ToArbitrary(), t =>
        {
            var a = EntropyWeights.Compute(Names(t.Rows), t.Rows);
            var b = EntropyWeights.Compute(Names(t.Rows), t.Shuffled);
            return a.Zip(b).All(p => Math.Abs(p.First.Weight - p.Second.Weight) < 1e-12);
        });

    private static string[] Names(double[][] rows) => Enumerable.Range(0, rows[0].Length).Select(j => $"x{j}").ToArray();
}
