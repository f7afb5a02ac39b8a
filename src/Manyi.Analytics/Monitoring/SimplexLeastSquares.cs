using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace Manyi.Analytics.Monitoring;

/// <summary>Weights fitted to (factor scores, actual) pairs, and the root mean squared error of the fit.</summary>
public sealed record WeightFit(IReadOnlyList<double> Weights, double Rmse);

/// <summary>
/// Least squares with weights constrained to the simplex (w ≥ 0, Σ w = 1): min ‖X·w − y‖² (product.md M8 weight
/// re-estimation). Solved exactly by enumerating supports. On a support S with pivot p (its last factor) the constraint
/// Σ w = 1 is eliminated, w_p = 1 − Σ_(j≠p) w_j, which leaves the ordinary least squares problem
/// min ‖D·u − r‖² with D = [x_j − x_p]_(j∈S, j≠p) and r = y − x_p; it is solved through the singular value decomposition of
/// D and skipped when D is rank deficient (its weights are then not determined by the pairs). Every solution with all
/// weights ≥ 0 is a feasible point; the best of them is the optimum, because the optimal set {w on the simplex : X·w = z*}
/// has a vertex whose support has linearly independent columns of [X; 1ᵀ] (a basic feasible solution), i.e. a full-rank D,
/// and on that support the constrained minimiser is exactly that vertex. The rank test is on D itself (relative to its
/// largest singular value), so it does not depend on the scale of the scores (0–100) or on the number of pairs.
/// </summary>
public static class SimplexLeastSquares
{
    /// <summary>
    /// Largest number of factors (2^k − 1 supports are tried; 12 factors are 4,095 small least-squares problems, well under a
    /// second — 16 took about ten seconds, too long inside a stage close).
    /// </summary>
    public const int MaxFactors = 12;

    /// <summary>A support whose smallest singular value is below this fraction of its largest is treated as rank deficient.</summary>
    private const double RankTolerance = 1e-10;

    /// <summary>A weight down to −FeasibilityTolerance still counts as zero (rounding), and is set to zero.</summary>
    private const double FeasibilityTolerance = 1e-9;

    /// <summary>Fits w ≥ 0, Σ w = 1 to rows of <paramref name="scores"/> (one per pair, one column per factor) and <paramref name="actual"/>.</summary>
    public static WeightFit Fit(IReadOnlyList<IReadOnlyList<double>> scores, IReadOnlyList<double> actual)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(actual);
        if (scores.Count == 0 || scores.Count != actual.Count)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{scores.Count} score rows and {actual.Count} actual values: need the same positive number"),
                nameof(actual));
        }
        if (scores.Any(r => r is null))
        {
            throw new ArgumentException("a score row is missing", nameof(scores));
        }
        var k = scores[0].Count;
        if (k is < 1 or > MaxFactors)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{k} factors: between 1 and {MaxFactors} are supported"), nameof(scores));
        }
        if (scores.Any(r => r.Count != k))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"every row needs one score per factor ({k}, as the first row)"), nameof(scores));
        }
        if (scores.Any(r => r.Any(v => !double.IsFinite(v))))
        {
            throw new ArgumentException("every score must be a finite number", nameof(scores));
        }
        if (actual.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("every actual value must be a finite number", nameof(actual));
        }
        var x = Matrix<double>.Build.Dense(scores.Count, k, (i, j) => scores[i][j]);
        var y = Vector<double>.Build.Dense(actual.Count, i => actual[i]);
        double[]? best = null;
        var bestSse = double.PositiveInfinity;
        for (var mask = 1; mask < (1 << k); mask++)
        {
            var support = Enumerable.Range(0, k).Where(j => (mask & (1 << j)) != 0).ToArray();
            var w = SolveOnSupport(x, y, support);
            if (w is null || w.Any(v => v < -FeasibilityTolerance))
            {
                continue;
            }
            var full = new double[k];
            for (var s = 0; s < support.Length; s++)
            {
                full[support[s]] = Math.Max(0, w[s]);
            }
            var total = full.Sum();
            for (var j = 0; j < k; j++)
            {
                full[j] /= total;
            }
            var sse = SumOfSquares(x, y, full);
            // Strictly better only, so among equal fits the support found first (lower mask) is kept. The first feasible
            // support is taken as it is: with bestSse = ∞ the tolerance term would be ∞ − ∞ = NaN and nothing would compare.
            if (best is null || sse < bestSse - (1e-12 * Math.Max(1, bestSse)))
            {
                bestSse = sse;
                best = full;
            }
        }
        if (best is null)
        {
            throw new InvalidOperationException("no feasible support was found, which cannot happen: a single factor is always feasible");
        }
        return new WeightFit(best, Math.Sqrt(bestSse / scores.Count));
    }

    private static double SumOfSquares(Matrix<double> x, Vector<double> y, double[] w)
    {
        var residual = (x * Vector<double>.Build.Dense(w)) - y;
        return residual.DotProduct(residual);
    }

    /// <summary>The minimiser of ‖X_S·w − y‖² subject to Σ w = 1 on the support, or null when the pairs do not determine it.</summary>
    private static double[]? SolveOnSupport(Matrix<double> x, Vector<double> y, int[] support)
    {
        var m = support.Length;
        if (m == 1)
        {
            return [1.0];
        }
        if (x.RowCount < m - 1)
        {
            // Fewer pairs than free weights: D cannot have full column rank.
            return null;
        }
        var pivot = support[m - 1];
        var d = Matrix<double>.Build.Dense(x.RowCount, m - 1, (i, j) => x[i, support[j]] - x[i, pivot]);
        var r = Vector<double>.Build.Dense(x.RowCount, i => y[i] - x[i, pivot]);
        var svd = d.Svd(computeVectors: true);
        var sv = svd.S;
        if (!(sv[0] > 0) || sv[m - 2] <= RankTolerance * sv[0])
        {
            return null;
        }
        var u = svd.Solve(r);
        var w = new double[m];
        var rest = 1.0;
        for (var j = 0; j < m - 1; j++)
        {
            w[j] = u[j];
            rest -= u[j];
        }
        w[m - 1] = rest;
        return w;
    }
}
