using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Manyi.Analytics.Monitoring;

namespace Manyi.Analytics.Tests.Monitoring;

/// <summary>
/// Weight re-estimation of product.md M8: min ‖X·w − y‖² subject to w ≥ 0, Σ w = 1 over the accumulated (factor scores,
/// actual satisfaction) pairs. Expected values are hand computations written in the tests (noiseless recovery to 1e-9; the
/// two-factor closed form on the segment w1 + w2 = 1 to 1e-9); the property test checks the KKT conditions of the convex
/// problem and compares with random simplex points.
/// </summary>
public class SimplexLeastSquaresTests
{
    private static double Sse(double[][] x, double[] y, IReadOnlyList<double> w) =>
        x.Select((row, i) => row.Select((v, j) => v * w[j]).Sum() - y[i]).Sum(r => r * r);

    private static void AssertOnSimplex(IReadOnlyList<double> w, double tol = 1e-9)
    {
        Assert.All(w, v => Assert.True(v >= 0, $"weight {v} is negative"));
        Assert.Equal(1, w.Sum(), tol);
    }

    [Fact]
    public void Fit_NoiselessPairs_RecoverTheTrueWeights()
    {
        // True weights 0.5, 0.3, 0.2; y = 0.5·x1 + 0.3·x2 + 0.2·x3 by hand:
        double[][] x =
        [
            [80, 60, 40], // 40 + 18 + 8 = 66
            [50, 90, 70], // 25 + 27 + 14 = 66
            [70, 40, 90], // 35 + 12 + 18 = 65
            [60, 75, 55], // 30 + 22.5 + 11 = 63.5
            [90, 65, 30], // 45 + 19.5 + 6 = 70.5
        ];
        double[] y = [66, 66, 65, 63.5, 70.5];
        var fit = SimplexLeastSquares.Fit(x, y);
        Assert.Equal(0.5, fit.Weights[0], 1e-9);
        Assert.Equal(0.3, fit.Weights[1], 1e-9);
        Assert.Equal(0.2, fit.Weights[2], 1e-9);
        Assert.True(fit.Rmse < 1e-9, $"RMSE {fit.Rmse}");
    }

    [Fact]
    public void Fit_ManyPairsOnTheZeroToHundredScale_RecoverTheTrueWeights()
    {
        // Realistic scale: 200 pairs of scores in 0–100 and five factors. The first version tested the singularity of the
        // KKT matrix [2XᵀX 1; 1ᵀ 0] relative to its largest singular value; with XᵀX of order 10⁶ that ratio is ~1e-13 for
        // every support, so all supports of two or more factors were rejected and a single factor was returned.
        double[] truth = [0.3, 0.15, 0.15, 0.25, 0.15];
        var random = new Random(8);
        var x = Enumerable.Range(0, 200).Select(_ => truth.Select(_ => Math.Round(random.NextDouble() * 100, 1)).ToArray()).ToArray();
        var y = x.Select(r => r.Select((v, j) => v * truth[j]).Sum()).ToArray();
        var fit = SimplexLeastSquares.Fit(x, y);
        for (var j = 0; j < truth.Length; j++)
        {
            Assert.Equal(truth[j], fit.Weights[j], 1e-9);
        }
    }

    [Fact]
    public void Fit_UnconstrainedLeastSquaresNegative_SimplexFitIsTheHandOptimum()
    {
        // y = 1.2·x1 − 0.2·x2 exactly.
        double[] x1 = [60, 80, 70], x2 = [50, 40, 70];
        double[] y = [62, 88, 70]; // 72 − 10, 96 − 8, 84 − 14

        // Unconstrained least squares y ≈ a·x1 + b·x2 from the 2×2 normal equations (Cramer's rule):
        //   Σx1² = 3600 + 6400 + 4900 = 14900, Σx1x2 = 3000 + 3200 + 4900 = 11100, Σx2² = 2500 + 1600 + 4900 = 9000,
        //   Σx1y = 3720 + 7040 + 4900 = 15660, Σx2y = 3100 + 3520 + 4900 = 11520,
        //   det = 14900·9000 − 11100² = 10,890,000; a = (9000·15660 − 11100·11520)/det = 1.2; b = (14900·11520 − 11100·15660)/det = −0.2.
        double s11 = x1.Select(v => v * v).Sum(), s12 = x1.Zip(x2, (a, b) => a * b).Sum(), s22 = x2.Select(v => v * v).Sum();
        double s1y = x1.Zip(y, (a, b) => a * b).Sum(), s2y = x2.Zip(y, (a, b) => a * b).Sum();
        Assert.Equal([14900, 11100, 9000, 15660, 11520], new[] { s11, s12, s22, s1y, s2y });
        var det = (s11 * s22) - (s12 * s12);
        var a = ((s22 * s1y) - (s12 * s2y)) / det;
        var b = ((s11 * s2y) - (s12 * s1y)) / det;
        Assert.Equal(1.2, a, 1e-12);
        Assert.Equal(-0.2, b, 1e-12); // a negative weight: not allowed

        // On the simplex segment w1 + w2 = 1: w1* = clamp(Σ(x1 − x2)(y − x2) / Σ(x1 − x2)², 0, 1).
        //   x1 − x2 = (10, 40, 0), y − x2 = (12, 48, 0) → 120 + 1920 = 2040 over 100 + 1600 = 1700 → 1.2 → clamped to 1.
        //   Residuals y − x1 = (2, 8, 0): SSE = 68, RMSE = √(68/3) = 4.7609522856952…
        var fit = SimplexLeastSquares.Fit(x1.Select((v, i) => (IReadOnlyList<double>)[v, x2[i]]).ToList(), y);
        Assert.Equal(1, fit.Weights[0], 1e-12);
        Assert.Equal(0, fit.Weights[1], 1e-12);
        Assert.Equal(Math.Sqrt(68.0 / 3), fit.Rmse, 1e-9);
    }

    [Fact]
    public void Fit_TwoFactors_InteriorOptimum_ClosedForm()
    {
        double[] x1 = [60, 80, 70, 50], x2 = [50, 40, 70, 90];
        double[] y = [58, 66, 69, 70];
        // x1 − x2 = (10, 40, 0, −40); y − x2 = (8, 26, −1, −20)
        // Σ(x1 − x2)(y − x2) = 80 + 1040 + 0 + 800 = 1920; Σ(x1 − x2)² = 100 + 1600 + 0 + 1600 = 3300
        // w1* = 1920/3300 = 32/55 = 0.58181…, w2* = 23/55.
        // Residuals y − (w1·x1 + w2·x2) = (y − x2) − w1·(x1 − x2) = (8 − 320/55, 26 − 1280/55, −1, −20 + 1280/55).
        var fit = SimplexLeastSquares.Fit(x1.Select((v, i) => (IReadOnlyList<double>)[v, x2[i]]).ToList(), y);
        Assert.Equal(32.0 / 55, fit.Weights[0], 1e-9);
        Assert.Equal(23.0 / 55, fit.Weights[1], 1e-9);
        double[] residuals = [8 - (320.0 / 55), 26 - (1280.0 / 55), -1, -20 + (1280.0 / 55)];
        Assert.Equal(Math.Sqrt(residuals.Sum(r => r * r) / 4), fit.Rmse, 1e-9);
    }

    [Fact]
    public void Fit_ThreeFactors_NegativeUnconstrainedWeightDroppedFromTheSupport()
    {
        // y = 0.6·x1 + 0.6·x2 − 0.2·x3 exactly (sums to 1 but x3's weight is negative). Any simplex point w gives
        // y − X·w = (0.6 − w1)·x1 + (0.6 − w2)·x2 − (0.2 + w3)·x3; the fit must put w3 = 0 and stay on the simplex.
        double[][] x = [[80, 60, 50], [50, 90, 70], [70, 40, 90], [60, 75, 55], [90, 65, 30]];
        var y = x.Select(r => (0.6 * r[0]) + (0.6 * r[1]) - (0.2 * r[2])).ToArray();
        var fit = SimplexLeastSquares.Fit(x, y);
        AssertOnSimplex(fit.Weights);
        Assert.Equal(0, fit.Weights[2], 1e-12);
        // With w3 = 0 the problem is the two-factor segment of x1, x2 against y: closed form as above.
        var d = x.Select(r => r[0] - r[1]).ToArray();
        var e = x.Select((r, i) => y[i] - r[1]).ToArray();
        var w1 = Math.Clamp(d.Zip(e, (p, q) => p * q).Sum() / d.Sum(v => v * v), 0, 1);
        Assert.Equal(w1, fit.Weights[0], 1e-9);
        Assert.Equal(1 - w1, fit.Weights[1], 1e-9);
    }

    [Fact]
    public void Fit_OneFactor_WeightOne()
    {
        var fit = SimplexLeastSquares.Fit([[70.0], [80.0]], [72, 76]);
        Assert.Equal([1.0], fit.Weights);
        Assert.Equal(Math.Sqrt(((2 * 2) + (4 * 4)) / 2.0), fit.Rmse, 1e-12); // residuals 2, −4
    }

    [Fact]
    public void Fit_FewerPairsThanFactors_ValidSimplexPoint()
    {
        // Two pairs, four factors: under-determined. y = (66, 70) lies between the columns, so an exact fit exists
        // (e.g. w = (0.5, 0.5, 0, 0) gives 0.5·(80 + 52) = 66 and 0.5·(60 + 80) = 70); the fit is exact and on the simplex.
        double[][] x = [[80, 52, 40, 70], [60, 80, 90, 70]];
        double[] y = [66, 70];
        var fit = SimplexLeastSquares.Fit(x, y);
        AssertOnSimplex(fit.Weights);
        Assert.True(fit.Rmse < 1e-9, $"RMSE {fit.Rmse}");
    }

    [Fact]
    public void Fit_IdenticalColumns_ValidSimplexPoint()
    {
        // Factors without readings all score the stage baseline, so identical columns are common; the fit then cannot tell
        // them apart and keeps the first: x1 = x2 = B, and x3 against y = (B + x3)/2 → w3 = 0.5 and 0.5 on {x1, x2}.
        double[][] x = [[70, 70, 90], [65, 65, 45], [80, 80, 60]];
        double[] y = [80, 55, 70];
        var fit = SimplexLeastSquares.Fit(x, y);
        AssertOnSimplex(fit.Weights);
        Assert.Equal(0.5, fit.Weights[0] + fit.Weights[1], 1e-9);
        Assert.Equal(0.5, fit.Weights[2], 1e-9);
        Assert.True(fit.Rmse < 1e-9);
    }

    [Fact]
    public void Fit_TwelveFactors_OnSimplexQuickly()
    {
        var random = new Random(12);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var x = Enumerable.Range(0, 30).Select(_ => Enumerable.Range(0, 12).Select(_ => random.NextDouble() * 100).ToArray()).ToArray();
        var y = x.Select(_ => random.NextDouble() * 100).ToArray();
        var fit = SimplexLeastSquares.Fit(x, y);
        AssertOnSimplex(fit.Weights);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"took {started.Elapsed}");
    }

    // --- Bad input -----------------------------------------------------------------------------------------------------

    [Fact]
    public void Fit_NoPairs_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => SimplexLeastSquares.Fit([], []));
        Assert.Contains("0 score rows and 0 actual values", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_CountsDiffer_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => SimplexLeastSquares.Fit([[1.0, 2.0], [3.0, 4.0]], [1]));
        Assert.Contains("2 score rows and 1 actual values", e.Message, StringComparison.Ordinal);
        Assert.Equal("actual", e.ParamName);
    }

    [Fact]
    public void Fit_RaggedRows_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => SimplexLeastSquares.Fit([[1.0, 2.0], [3.0]], [1, 2]));
        Assert.Contains("one score per factor (2", e.Message, StringComparison.Ordinal);
        Assert.Equal("scores", e.ParamName);
    }

    [Fact]
    public void Fit_TooManyOrNoFactors_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => SimplexLeastSquares.Fit([new double[13]], [1]));
        Assert.Contains("13 factors: between 1 and 12", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SimplexLeastSquares.Fit([Array.Empty<double>()], [1]));
    }

    [Fact]
    public void Fit_NonFiniteValues_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => SimplexLeastSquares.Fit([[1.0, double.NaN]], [1]));
        Assert.Contains("score must be a finite number", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => SimplexLeastSquares.Fit([[1.0, 2.0]], [double.PositiveInfinity]));
        Assert.Contains("actual value must be a finite number", e.Message, StringComparison.Ordinal);
    }

    // --- Property: optimality (KKT) on random data ------------------------------------------------------------------

    private static Gen<(double[][] X, double[] Y, int Seed)> Problems() =>
        from k in Gen.Choose(1, 5)
        from n in Gen.Choose(1, 9)
        from cells in Gen.ArrayOf(Gen.Choose(0, 1000), n * (k + 1))
        from seed in Gen.Choose(0, int.MaxValue)
        select (
            Enumerable.Range(0, n).Select(i => Enumerable.Range(0, k).Select(j => cells[(i * (k + 1)) + j] / 10.0).ToArray()).ToArray(),
            Enumerable.Range(0, n).Select(i => cells[(i * (k + 1)) + k] / 10.0).ToArray(),
            seed);

    [Property(MaxTest = 200)]
    public Property Fit_RandomData_OnSimplex_Kkt_NoWorseThanRandomPoints() =>
        Prop.ForAll(Problems().ToArbitrary(), p =>
        {
            var (x, y, seed) = p;
            var k = x[0].Length;
            var w = SimplexLeastSquares.Fit(x, y).Weights;
            var onSimplex = w.All(v => v >= 0) && Math.Abs(w.Sum() - 1) <= 1e-9;

            // KKT of min ‖Xw − y‖² on the simplex: g = 2Xᵀ(Xw − y); g_j = λ on the support, g_j ≥ λ off it.
            var residual = x.Select((row, i) => row.Select((v, j) => v * w[j]).Sum() - y[i]).ToArray();
            var g = Enumerable.Range(0, k).Select(j => 2 * x.Select((row, i) => row[j] * residual[i]).Sum()).ToArray();
            var tol = 1e-6 * Math.Max(1, g.Max(Math.Abs));
            var support = Enumerable.Range(0, k).Where(j => w[j] > 1e-9).ToArray();
            var lambda = support.Average(j => g[j]);
            var kkt = support.All(j => Math.Abs(g[j] - lambda) <= tol)
                && Enumerable.Range(0, k).Where(j => w[j] <= 1e-9).All(j => g[j] >= lambda - tol);

            // No worse than 1,000 random simplex points (uniform on the simplex: normalised exponentials).
            var random = new Random(seed);
            var sse = Sse(x, y, w);
            var noWorse = Enumerable.Range(0, 1000).All(_ =>
            {
                var e = Enumerable.Range(0, k).Select(_ => -Math.Log(1 - random.NextDouble())).ToArray();
                var point = e.Select(v => v / e.Sum()).ToArray();
                return sse <= Sse(x, y, point) + (1e-9 * Math.Max(1, sse));
            });
            return (onSimplex && kkt && noWorse).Label($"simplex {onSimplex}, KKT {kkt}, no worse {noWorse}; w = [{string.Join(", ", w)}], g = [{string.Join(", ", g)}]");
        });
}
