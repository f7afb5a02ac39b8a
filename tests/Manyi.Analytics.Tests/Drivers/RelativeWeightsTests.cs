using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Manyi.Analytics.Drivers;
using MathNet.Numerics.LinearAlgebra;

namespace Manyi.Analytics.Tests.Drivers;

public class RelativeWeightsTests
{
    // Published example: R package iopsych (Jones & Goebl), documentation of relWt(), "Example output" —
    // Johnson's (2000) relative weights for the 5×5 correlation matrix below (criterion = variable 5, predictors 1–4):
    //   eps = 0.24066119, 0.05492664, 0.12143476, 0.28158189 (8 decimals printed, so tolerance 1e-8).
    [Fact]
    public void Decompose_IopsychRelWtExample_MatchesPublishedEpsilons()
    {
        double[,] rxx =
        {
            { 1.0, 0.2, 0.3, 0.4 },
            { 0.2, 1.0, 0.5, 0.1 },
            { 0.3, 0.5, 1.0, 0.2 },
            { 0.4, 0.1, 0.2, 1.0 },
        };
        double[] rxy = [-0.4, 0.1, -0.3, 0.4];

        var result = RelativeWeights.Decompose(rxx, rxy);

        Assert.Equal(0.24066119, result.Epsilon[0], 1e-8);
        Assert.Equal(0.05492664, result.Epsilon[1], 1e-8);
        Assert.Equal(0.12143476, result.Epsilon[2], 1e-8);
        Assert.Equal(0.28158189, result.Epsilon[3], 1e-8);
        Assert.Equal(result.Epsilon.Sum(), result.RSquared, 1e-12);
    }

    // Hand computation, two predictors with r12 = 0.6, r_xy = (0.5, 0.3):
    //   R_xx has eigenvalues 1.6, 0.4 with eigenvectors (1, 1)/√2, (1, −1)/√2, so Λ* = QΛ^½Q' = [[a, b], [b, a]] with
    //   a = (√1.6 + √0.4)/2 = (4/√10 + 2/√10)/2 = 3/√10, b = (√1.6 − √0.4)/2 = 1/√10; a² = 0.9, b² = 0.1.
    //   Λ*⁻¹ = [[a, −b], [−b, a]]/(a² − b²) = [[a, −b], [−b, a]]/0.8:
    //   β*_1 = (0.5·3 − 0.3·1)/(0.8·√10) = 1.5/√10, β*_2 = (−0.5·1 + 0.3·3)/(0.8·√10) = 0.5/√10; β*² = 0.225, 0.025.
    //   ε_1 = 0.9·0.225 + 0.1·0.025 = 0.205; ε_2 = 0.1·0.225 + 0.9·0.025 = 0.045; Σ = 0.25.
    //   OLS: β = R_xx⁻¹ r_xy = [[1, −0.6], [−0.6, 1]]/0.64 · (0.5, 0.3) = (0.32/0.64, 0/0.64) = (0.5, 0);
    //   R² = β'r_xy = 0.25 (= (0.25 + 0.09 − 2·0.5·0.3·0.6)/(1 − 0.36) = 0.16/0.64).
    [Fact]
    public void Decompose_TwoCorrelatedPredictors_MatchesHandComputation()
    {
        var result = RelativeWeights.Decompose(new[,] { { 1, 0.6 }, { 0.6, 1 } }, [0.5, 0.3]);

        Assert.Equal(0.205, result.Epsilon[0], 1e-12);
        Assert.Equal(0.045, result.Epsilon[1], 1e-12);
        Assert.Equal(1.5 / Math.Sqrt(10), result.BetaStar[0], 1e-12);
        Assert.Equal(0.5, result.StandardisedBeta[0], 1e-12);
        Assert.Equal(0, result.StandardisedBeta[1], 1e-12);
        Assert.Equal(0.25, result.RSquared, 1e-12);
    }

    // Johnson (2000): for uncorrelated predictors Λ* = I, so ε_j = r_jy².
    [Fact]
    public void Decompose_OrthogonalPredictors_EpsilonIsSquaredCorrelation()
    {
        var result = RelativeWeights.Decompose(new double[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } }, [0.5, -0.3, 0.1]);

        Assert.Equal(0.25, result.Epsilon[0], 1e-12);
        Assert.Equal(0.09, result.Epsilon[1], 1e-12);
        Assert.Equal(0.01, result.Epsilon[2], 1e-12);
        Assert.Equal(0.35, result.RSquared, 1e-12);
    }

    // Hand computation on raw data. Rows (x1, x2, y): (1, 1, 4), (1, −1, 2), (−1, 1, 1), (−1, −1, 1), plus a row with x2
    // missing that listwise deletion removes. Means: x1 0, x2 0, y 2; centred y = (2, 0, −1, −1), Σ dy² = 6.
    //   Σ x1·dy = 2 + 0 + 1 + 1 = 4, Σ x1² = 4 → r1 = 4/√24 ; Σ x2·dy = 2 − 0 − 1 + 1 = 2 → r2 = 2/√24; Σ x1·x2 = 0 → r12 = 0.
    //   Orthogonal, so ε1 = r1² = 16/24 = 2/3, ε2 = 4/24 = 1/6, R² = 5/6; rescaled 80 % and 20 %; β = r.
    [Fact]
    public void Analyze_OrthogonalRawData_MatchesHandComputation()
    {
        double?[] y = [4, 2, 1, 1, 9];
        double?[] x1 = [1, 1, -1, -1, 5];
        double?[] x2 = [1, -1, 1, -1, null];

        var result = RelativeWeights.Analyze("overall", y, ["speed", "price"], [x1, x2]);

        Assert.Equal(4, result.N);
        Assert.Equal(1, result.Excluded);
        Assert.Equal(5.0 / 6, result.RSquared, 1e-12);
        Assert.Equal(2, result.TargetMean, 1e-12);
        Assert.Equal(["speed", "price"], result.Drivers.Select(d => d.Predictor));
        var speed = result.Drivers[0];
        Assert.Equal(2.0 / 3, speed.RelativeWeight, 1e-12);
        Assert.Equal(80, speed.RescaledPercent, 1e-10);
        Assert.Equal(4 / Math.Sqrt(24), speed.Correlation, 1e-12);
        Assert.Equal(4 / Math.Sqrt(24), speed.Beta, 1e-12);
        Assert.Equal(0, speed.Mean, 1e-12);
        Assert.Equal(1.0 / 6, result.Drivers[1].RelativeWeight, 1e-12);
        Assert.Equal(20, result.Drivers[1].RescaledPercent, 1e-10);
    }

    [Fact]
    public void Analyze_ConstantPredictor_ThrowsNamingIt()
    {
        double?[] y = [1, 2, 3, 4, 5];
        double?[] x1 = [2, 1, 4, 3, 5];
        double?[] x2 = [3, 3, 3, 3, 3];

        var e = Assert.Throws<ArgumentException>(() => RelativeWeights.Analyze("overall", y, ["speed", "price"], [x1, x2]));

        Assert.Contains("predictor 'price' is constant", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_CollinearPredictors_ThrowsNamingThem()
    {
        double?[] y = [1, 2, 3, 4, 5, 6];
        double?[] x1 = [2, 1, 4, 3, 6, 5];
        double?[] x2 = [1, 3, 2, 5, 4, 6];
        double?[] sum = x1.Zip(x2, (a, b) => a + b).ToArray();

        var e = Assert.Throws<ArgumentException>(() => RelativeWeights.Analyze("overall", y, ["a", "b", "total"], [x1, x2, sum]));

        Assert.Contains("'a', 'b', 'total'", e.Message, StringComparison.Ordinal);
        Assert.Contains("collinear", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_TooFewCompleteRows_Throws()
    {
        double?[] y = [1, 2, 3, null];
        double?[] x1 = [2, 1, 4, 3];
        double?[] x2 = [1, 3, 2, 5];

        var e = Assert.Throws<ArgumentException>(() => RelativeWeights.Analyze("overall", y, ["a", "b"], [x1, x2]));

        Assert.Contains("needs at least 4 complete rows", e.Message, StringComparison.Ordinal);
    }

    // Independent check: R² of the OLS fit with intercept by QR least squares on the raw data, 1 − SSE/SST.
    [Property(MaxTest = 200)]
    public Property Analyze_RelativeWeights_AreNonNegativeAndSumToOlsRSquared() =>
        Prop.ForAll(Data().ToArbitrary(), data =>
        {
            var result = RelativeWeights.Analyze("y", data.Y, ["a", "b", "c"], data.X);
            var ols = OlsRSquared(data.Y, data.X);
            return result.Drivers.All(d => d.RelativeWeight >= 0)
                && Math.Abs(result.Drivers.Sum(d => d.RelativeWeight) - ols) < 1e-9
                && Math.Abs(result.RSquared - ols) < 1e-9
                && Math.Abs(result.Drivers.Sum(d => d.RescaledPercent) - 100) < 1e-7;
        });

    [Property(MaxTest = 200)]
    public Property Analyze_RowOrder_DoesNotMatter() =>
        Prop.ForAll(
            Data().SelectMany(d => Gen.Shuffle(Enumerable.Range(0, d.Y.Length)).Select(order => (d, order))).ToArbitrary(),
            pair =>
            {
                var (d, order) = pair;
                var a = RelativeWeights.Analyze("y", d.Y, ["a", "b", "c"], d.X);
                var b = RelativeWeights.Analyze("y", order.Select(i => d.Y[i]).ToArray(), ["a", "b", "c"], d.X.Select(c => order.Select(i => c[i]).ToArray()).ToArray());
                return a.Drivers.Zip(b.Drivers).All(x =>
                    x.First.Predictor == x.Second.Predictor
                    && Math.Abs(x.First.RelativeWeight - x.Second.RelativeWeight) < 1e-9
                    && Math.Abs(x.First.Beta - x.Second.Beta) < 1e-9);
            });

    /// <summary>10–40 rows of y = x_a + 2·x_b + noise with x on 1–7; rows whose predictors are constant or collinear are filtered out.</summary>
    private static Gen<(double?[] Y, double?[][] X)> Data() =>
        Gen.Choose(10, 40).SelectMany(n =>
            Gen.Zip(Gen.Zip(Gen.Choose(1, 7), Gen.Choose(1, 7)), Gen.Zip(Gen.Choose(1, 7), Gen.Choose(-3, 3)))
                .ArrayOf(n)
                .Select(rows =>
                {
                    double?[] a = rows.Select(r => (double?)r.Item1.Item1).ToArray();
                    double?[] b = rows.Select(r => (double?)r.Item1.Item2).ToArray();
                    double?[] c = rows.Select(r => (double?)r.Item2.Item1).ToArray();
                    double?[] y = rows.Select(r => (double?)(r.Item1.Item1 + 2 * r.Item1.Item2 + r.Item2.Item2)).ToArray();
                    return (y, new[] { a, b, c });
                }))
            .Where(d => WellConditioned(d.Item2, d.y));

    private static bool WellConditioned(double?[][] x, double?[] y)
    {
        if (x.Append(y).Any(c => c.Distinct().Count() < 2))
        {
            return false;
        }
        var design = Design(x);
        return design.Svd().S.Minimum() > 1e-6;
    }

    private static Matrix<double> Design(double?[][] x) =>
        Matrix<double>.Build.Dense(x[0].Length, x.Length + 1, (i, j) => j == 0 ? 1 : x[j - 1][i]!.Value);

    private static double OlsRSquared(double?[] y, double?[][] x)
    {
        var design = Design(x);
        var target = Vector<double>.Build.DenseOfEnumerable(y.Select(v => v!.Value));
        var fitted = design * design.QR().Solve(target);
        var mean = target.Average();
        var sse = (target - fitted).PointwisePower(2).Sum();
        var sst = target.Select(v => (v - mean) * (v - mean)).Sum();
        return 1 - sse / sst;
    }
}
