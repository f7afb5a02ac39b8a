using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Manyi.Analytics.Indicators;

namespace Manyi.Analytics.Tests.Indicators;

public class AhpTests
{
    [Fact]
    public void Analyse_SaatyDrinkConsumption_MatchesPublishedWeightsAndCr()
    {
        // Saaty, T. L. (2008). Decision making with the analytic hierarchy process. Int. J. Services Sciences 1(1), 83–98,
        // Table 2 "Which drink is consumed more in the U.S.?": derived scale coffee .177, wine .019, tea .042, beer .116,
        // sodas .190, milk .129, water .327; C.R. = .022. Published to 3 decimals → tolerance 6e-4.
        string[] drinks = ["coffee", "wine", "tea", "beer", "sodas", "milk", "water"];
        var upper = new double[,]
        {
            { 1, 9, 5, 2, 1, 1, 1.0 / 2 },
            { 0, 1, 1.0 / 3, 1.0 / 9, 1.0 / 9, 1.0 / 9, 1.0 / 9 },
            { 0, 0, 1, 1.0 / 3, 1.0 / 4, 1.0 / 3, 1.0 / 9 },
            { 0, 0, 0, 1, 1.0 / 2, 1, 1.0 / 3 },
            { 0, 0, 0, 0, 1, 2, 1.0 / 2 },
            { 0, 0, 0, 0, 0, 1, 1.0 / 3 },
            { 0, 0, 0, 0, 0, 0, 1 },
        };
        var r = Ahp.Analyse(drinks, Reciprocal(upper));
        double[] published = [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327];
        for (var i = 0; i < drinks.Length; i++)
        {
            Assert.Equal(published[i], r.Weights[i], 6e-4);
        }
        Assert.Equal(0.022, r.ConsistencyRatio, 6e-4);
        Assert.Equal(1.32, r.RandomIndex);
        Assert.True(r.IsConsistent);
    }

    [Fact]
    public void Analyse_ThreeByThree_MatchesClosedForm()
    {
        // Hand computation. For a 3×3 reciprocal matrix with a12 = a, a13 = b, a23 = c, the characteristic equation
        // det(A − λI) = 0 reduces to t³ − 3t − (r + 1/r) = 0 with t = λ − 1 and r = ac/b, so
        // λmax = 1 + r^(1/3) + r^(−1/3), and the principal eigenvector is the vector of row geometric means
        // (Crawford & Williams 1985: for n = 3 the two coincide).
        // Here a = 1/3, b = 1/2, c = 3 → r = (1/3·3)/(1/2) = 2 → λmax = 1 + 2^(1/3) + 2^(−1/3) ≈ 3.053622,
        // CI = (λmax − 3)/2 ≈ 0.026811, CR = CI/0.58 ≈ 0.046226;
        // row geometric means (1/6)^(1/3), 9^(1/3), (2/3)^(1/3) normalised ≈ 0.157056, 0.593634, 0.249310.
        var a = new double[,] { { 1, 1.0 / 3, 1.0 / 2 }, { 3, 1, 3 }, { 2, 1.0 / 3, 1 } };
        var r = Ahp.Analyse(["price", "quality", "delivery"], a);
        var lambda = 1 + Math.Cbrt(2) + 1 / Math.Cbrt(2);
        Assert.Equal(lambda, r.LambdaMax, 1e-9);
        Assert.Equal((lambda - 3) / 2, r.ConsistencyIndex, 1e-9);
        Assert.Equal((lambda - 3) / 2 / 0.58, r.ConsistencyRatio, 1e-9);
        double[] g = [Math.Cbrt(1.0 / 6), Math.Cbrt(9), Math.Cbrt(2.0 / 3)];
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(g[i] / g.Sum(), r.Weights[i], 1e-9);
        }
        Assert.Equal(0.593634, r.Weights[1], 1e-6);
        Assert.True(r.IsConsistent);
    }

    [Fact]
    public void Analyse_CircularJudgements_InconsistentWithPairNamed()
    {
        // Hand computation: A ≻ B (3), B ≻ C (3), C ≻ A (3), i.e. a = 3, b = a13 = 1/3, c = 3 → r = ac/b = 27,
        // λmax = 1 + 27^(1/3) + 27^(−1/3) = 1 + 3 + 1/3 = 4.3333…, CI = 1.3333…/2 = 0.6667, CR = 0.6667/0.58 = 1.1494 ≥ 0.10.
        // Row geometric means are all (3·1/3)^(1/3) = 1 → w = 1/3 each; every ε_ij = a_ij·w_j/w_i = a_ij, largest 3,
        // first met in row order at (A, B).
        var a = new double[,] { { 1, 3, 1.0 / 3 }, { 1.0 / 3, 1, 3 }, { 3, 1.0 / 3, 1 } };
        var r = Ahp.Analyse(["A", "B", "C"], a);
        Assert.Equal(13.0 / 3, r.LambdaMax, 1e-9);
        Assert.Equal(2.0 / 3, r.ConsistencyIndex, 1e-9);
        Assert.Equal(2.0 / 3 / 0.58, r.ConsistencyRatio, 1e-9);
        Assert.All(r.Weights, w => Assert.Equal(1.0 / 3, w, 1e-9));
        Assert.False(r.IsConsistent);
        Assert.NotNull(r.MostInconsistentPair);
        Assert.Equal(("A", "B"), (r.MostInconsistentPair.Row, r.MostInconsistentPair.Column));
        Assert.Equal(3, r.MostInconsistentPair.Deviation, 1e-9);
        Assert.Equal(1, r.MostInconsistentPair.Implied, 1e-9);
    }

    [Fact]
    public void Analyse_OneJudgementReversed_NamesThatPair()
    {
        // A consistent 5×5 matrix from w = (5, 4, 3, 2, 1)/15 with one judgement reversed: a[A,E] = 1/5 instead of 5
        // (and a[E,A] = 5). The reversed pair is the one the analyst must revisit; ε > 1 orientation is (E, A).
        var a = Ahp.ConsistentMatrix([5, 4, 3, 2, 1]);
        a[0, 4] = 1.0 / 5;
        a[4, 0] = 5;
        var r = Ahp.Analyse(["A", "B", "C", "D", "E"], a);
        Assert.False(r.IsConsistent);
        Assert.Equal(("E", "A"), (r.MostInconsistentPair!.Row, r.MostInconsistentPair.Column));
        Assert.Equal(5, r.MostInconsistentPair.Judgement);
    }

    [Fact]
    public void Analyse_TwoCriteria_EigenvectorAndCrZero()
    {
        // Hand computation: [[1, 3], [1/3, 1]]·(3, 1) = (6, 2) = 2·(3, 1) → w = (0.75, 0.25), λmax = 2 = n; CR = 0 for n ≤ 2.
        var r = Ahp.Analyse(["a", "b"], new double[,] { { 1, 3 }, { 1.0 / 3, 1 } });
        Assert.Equal(0.75, r.Weights[0], 1e-12);
        Assert.Equal(0.25, r.Weights[1], 1e-12);
        Assert.Equal(2, r.LambdaMax, 1e-12);
        Assert.Equal(0, r.ConsistencyRatio);
        Assert.True(r.IsConsistent);
        Assert.Null(r.MostInconsistentPair);
    }

    [Fact]
    public void Analyse_NotReciprocal_NamesBothEntries()
    {
        var a = new double[,] { { 1, 2, 4 }, { 0.5, 1, 3 }, { 0.25, 0.5, 1 } };
        var e = Assert.Throws<ArgumentException>(() => Ahp.Analyse(["price", "quality", "delivery"], a));
        Assert.Contains("not reciprocal: a[quality,delivery] = 3 but a[delivery,quality] = 0.5", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyse_NonPositiveEntry_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Ahp.Analyse(["a", "b"], new double[,] { { 1, 0 }, { 0, 1 } }));
        Assert.Contains("a[a,b] = 0 is not positive", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyse_DiagonalNotOne_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Ahp.Analyse(["a", "b"], new double[,] { { 2, 1 }, { 1, 1 } }));
        Assert.Contains("diagonal a[a,a] = 2 must be 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyse_ElevenCriteria_RefusedWithAdvice()
    {
        var names = Enumerable.Range(1, 11).Select(i => $"c{i}").ToArray();
        var e = Assert.Throws<ArgumentException>(() => Ahp.Analyse(names, Ahp.ConsistentMatrix(Enumerable.Repeat(1.0, 11).ToArray())));
        Assert.Contains("hierarchy", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RandomIndex_SaatyTable_AsPublished()
    {
        // Saaty (1980) random index for n = 1…10, as listed in product.md M1.3.
        Assert.Equal([0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49], Enumerable.Range(1, 10).Select(Ahp.RandomIndex));
    }

    private static readonly Gen<double[]> PositiveWeights =
        Gen.Choose(2, 10).SelectMany(n => Gen.Choose(1, 1000).Select(i => (double)i).ArrayOf(n));

    [Property]
    public Property Analyse_ConsistentMatrix_RecoversWeightsWithCrZero() =>
        Prop.ForAll(PositiveWeights.ToArbitrary(), raw =>
        {
            // Saaty (1980): for a_ij = w_i/w_j, A·w = n·w, so the eigenvector is w itself and λmax = n, CI = CR = 0.
            var total = raw.Sum();
            var r = Ahp.Analyse(raw.Select((_, i) => $"c{i}").ToArray(), Ahp.ConsistentMatrix(raw));
            return raw.Select((w, i) => Math.Abs(w / total - r.Weights[i]) < 1e-9).All(ok => ok)
                && Math.Abs(r.LambdaMax - raw.Length) < 1e-8
                && r.ConsistencyRatio < 1e-8
                && r.IsConsistent;
        });

    [Property]
    public Property Analyse_AnyReciprocalMatrix_WeightsSumToOne() =>
        Prop.ForAll(
            Gen.Choose(3, 9).SelectMany(n => Gen.Elements(1.0 / 9, 1.0 / 5, 1.0 / 3, 1, 3, 5, 9).ArrayOf(n * n).Select(v => (N: n, V: v))).ToArbitrary(),
            t =>
            {
                var a = new double[t.N, t.N];
                for (var i = 0; i < t.N; i++)
                {
                    a[i, i] = 1;
                    for (var j = i + 1; j < t.N; j++)
                    {
                        a[i, j] = t.V[i * t.N + j];
                        a[j, i] = 1 / a[i, j];
                    }
                }
                var r = Ahp.Analyse(Enumerable.Range(0, t.N).Select(i => $"c{i}").ToArray(), a);
                return Math.Abs(r.Weights.Sum() - 1) < 1e-12 && r.Weights.All(w => w > 0) && r.LambdaMax >= t.N - 1e-9
                    && r.IsConsistent == (r.ConsistencyRatio < 0.10);
            });

    private static double[,] Reciprocal(double[,] upper)
    {
        var n = upper.GetLength(0);
        var a = (double[,])upper.Clone();
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < i; j++)
            {
                a[i, j] = 1 / upper[j, i];
            }
        }
        return a;
    }
}
