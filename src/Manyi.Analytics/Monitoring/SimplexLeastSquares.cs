using MathNet.Numerics.LinearAlgebra;

namespace Manyi.Analytics.Monitoring;

/// <summary>Weights fitted to (factor scores, actual) pairs, and the root mean squared error of the fit.</summary>
public sealed record WeightFit(IReadOnlyList<double> Weights, double Rmse);

/// <summary>
/// Least squares with weights constrained to the simplex (w ≥ 0, Σ w = 1): min ‖X·w − y‖² (product.md M8 weight
/// re-estimation). Solved exactly by enumerating supports: on each support S the equality-constrained problem is solved from
/// its KKT system [2X_SᵀX_S 1; 1ᵀ 0]; the best feasible (all w ≥ 0) solution over all supports is the optimum, because the
/// convex problem's minimiser is the equality-constrained minimiser on its own support.
/// </summary>
public static class SimplexLeastSquares
{
    /// <summary>Largest number of factors (2^k − 1 supports are tried).</summary>
    public const int MaxFactors = 16;

    /// <summary>Fits w ≥ 0, Σ w = 1 to rows of <paramref name="scores"/> (one per pair, one column per factor) and <paramref name="actual"/>.</summary>
    public static WeightFit Fit(IReadOnlyList<IReadOnlyList<double>> scores, IReadOnlyList<double> actual)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(actual);
        if (scores.Count == 0 || scores.Count != actual.Count)
        {
            throw new ArgumentException($"{scores.Count} score rows and {actual.Count} actual values: need the same positive number", nameof(actual));
        }
        var k = scores[0].Count;
        if (k is < 1 or > MaxFactors)
        {
            throw new ArgumentException($"{k} factors: between 1 and {MaxFactors} are supported", nameof(scores));
        }
        if (scores.Any(r => r.Count != k || r.Any(v => !double.IsFinite(v))) || actual.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("every row needs one finite score per factor, and every actual value must be finite", nameof(scores));
        }
        var x = Matrix<double>.Build.Dense(scores.Count, k, (i, j) => scores[i][j]);
        var y = Vector<double>.Build.Dense(actual.Count, i => actual[i]);
        double[]? best = null;
        var bestSse = double.PositiveInfinity;
        for (var mask = 1; mask < (1 << k); mask++)
        {
            var support = Enumerable.Range(0, k).Where(j => (mask & (1 << j)) != 0).ToArray();
            var w = SolveOnSupport(x, y, support);
            if (w is null || w.Any(v => v < -1e-12))
            {
                continue;
            }
            var full = new double[k];
            for (var s = 0; s < support.Length; s++)
            {
                full[support[s]] = Math.Max(0, w[s]);
            }
            var sse = (x * Vector<double>.Build.Dense(full) - y).L2Norm();
            sse *= sse;
            // Strictly better only, so among equal fits the support found first (fewer, lower-numbered factors) is kept.
            if (sse < bestSse - (1e-12 * Math.Max(1, bestSse)))
            {
                bestSse = sse;
                best = full;
            }
        }
        if (best is null)
        {
            throw new InvalidOperationException("no feasible support was found, which cannot happen for a single factor");
        }
        var total = best.Sum();
        var weights = best.Select(v => v / total).ToArray();
        return new WeightFit(weights, Math.Sqrt(bestSse / scores.Count));
    }

    private static double[]? SolveOnSupport(Matrix<double> x, Vector<double> y, int[] support)
    {
        var m = support.Length;
        if (m == 1)
        {
            return [1.0];
        }
        var xs = Matrix<double>.Build.Dense(x.RowCount, m, (i, j) => x[i, support[j]]);
        var kkt = Matrix<double>.Build.Dense(m + 1, m + 1);
        kkt.SetSubMatrix(0, 0, 2 * xs.TransposeThisAndMultiply(xs));
        for (var j = 0; j < m; j++)
        {
            kkt[j, m] = 1;
            kkt[m, j] = 1;
        }
        var rhs = Vector<double>.Build.Dense(m + 1);
        rhs.SetSubVector(0, m, 2 * xs.TransposeThisAndMultiply(y));
        rhs[m] = 1;
        var svd = kkt.Svd(computeVectors: true);
        var sv = svd.S;
        if (sv[sv.Count - 1] <= 1e-10 * sv[0])
        {
            // Singular: the support's columns do not determine its weights (more factors than the pairs can tell apart).
            return null;
        }
        var solution = kkt.Solve(rhs);
        return [.. solution.SubVector(0, m)];
    }
}
