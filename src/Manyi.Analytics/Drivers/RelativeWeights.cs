using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace Manyi.Analytics.Drivers;

/// <summary>
/// Johnson's (2000) decomposition of R² from a correlation matrix: R_xx = QΛQ', Λ* = QΛ^{1/2}Q', β* = Λ*⁻¹·r_xy,
/// ε_j = Σ_k λ*_jk²·β*_k² (Σ ε = R²); beside it the standardised OLS coefficients β = R_xx⁻¹·r_xy and R² = β'·r_xy.
/// </summary>
public sealed record RelativeWeightDecomposition(
    IReadOnlyList<double> Epsilon,
    IReadOnlyList<double> BetaStar,
    IReadOnlyList<double> StandardisedBeta,
    double RSquared);

/// <summary>One predictor's derived importance: relative weight ε, its share of R² in percent (0 when R² = 0), Pearson r with the target, standardised β, and its mean.</summary>
public sealed record KeyDriver(string Predictor, double RelativeWeight, double RescaledPercent, double Correlation, double Beta, double Mean);

/// <summary>Key-driver analysis of one target (product.md M1.8) on the N complete rows (listwise deletion; Excluded rows had a missing value).</summary>
public sealed record KeyDriverAnalysis(string Target, int N, int Excluded, double RSquared, double TargetMean, IReadOnlyList<KeyDriver> Drivers);

/// <summary>
/// Johnson's relative weights: Johnson, J. W. (2000), "A heuristic method for estimating the relative weight of predictor
/// variables in multiple regression", Multivariate Behavioral Research 35(1), 1–19.
/// </summary>
public static class RelativeWeights
{
    /// <summary>An eigenvalue of R_xx at or below this (relative to the number of predictors) means the predictors are collinear.</summary>
    private const double SingularEigenvalue = 1e-10;

    /// <summary>
    /// Key drivers of <paramref name="target"/>: Pearson correlations of the complete rows, then <see cref="Decompose"/>;
    /// drivers sorted by relative weight, largest first (names break ties).
    /// </summary>
    /// <param name="targetName">Name of the target, used in messages.</param>
    /// <param name="target">Target value per row (null = missing).</param>
    /// <param name="predictorNames">Predictor names, one per column of <paramref name="predictors"/>.</param>
    /// <param name="predictors">Predictor columns, each with one value per row (null = missing).</param>
    public static KeyDriverAnalysis Analyze(
        string targetName,
        IReadOnlyList<double?> target,
        IReadOnlyList<string> predictorNames,
        IReadOnlyList<IReadOnlyList<double?>> predictors)
    {
        ArgumentNullException.ThrowIfNull(targetName);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(predictorNames);
        ArgumentNullException.ThrowIfNull(predictors);
        var p = predictorNames.Count;
        if (p == 0)
        {
            throw new ArgumentException("no predictors were given", nameof(predictorNames));
        }
        if (predictors.Count != p || predictors.Any(c => c.Count != target.Count))
        {
            throw new ArgumentException("every predictor needs one value per row of the target", nameof(predictors));
        }
        var duplicate = predictorNames.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"predictor '{duplicate.Key}' is named twice", nameof(predictorNames));
        }
        if (predictorNames.Contains(targetName, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{targetName}' is both the target and a predictor", nameof(predictorNames));
        }

        var complete = Enumerable.Range(0, target.Count)
            .Where(i => target[i].HasValue && predictors.All(c => c[i].HasValue))
            .ToList();
        var n = complete.Count;
        if (n < p + 2)
        {
            throw new ArgumentException(
                $"key-driver analysis of {p} predictor(s) needs at least {p + 2} complete rows (no missing value in target or predictors) but has {n}",
                nameof(target));
        }
        var y = complete.Select(i => target[i]!.Value).ToArray();
        var x = predictors.Select(c => complete.Select(i => c[i]!.Value).ToArray()).ToArray();
        RequireVariance(targetName, y, "target");
        for (var j = 0; j < p; j++)
        {
            RequireVariance(predictorNames[j], x[j], "predictor");
        }

        var rxx = new double[p, p];
        var rxy = new double[p];
        for (var j = 0; j < p; j++)
        {
            rxx[j, j] = 1;
            rxy[j] = Pearson(x[j], y);
            for (var k = 0; k < j; k++)
            {
                rxx[j, k] = rxx[k, j] = Pearson(x[j], x[k]);
            }
        }
        var decomposition = Decompose(rxx, rxy, predictorNames);
        var r2 = decomposition.RSquared;
        var drivers = Enumerable.Range(0, p)
            .Select(j => new KeyDriver(
                predictorNames[j],
                decomposition.Epsilon[j],
                r2 > 0 ? decomposition.Epsilon[j] / r2 * 100 : 0,
                rxy[j],
                decomposition.StandardisedBeta[j],
                x[j].Average()))
            .OrderByDescending(d => d.RelativeWeight)
            .ThenBy(d => d.Predictor, StringComparer.Ordinal)
            .ToList();
        return new KeyDriverAnalysis(targetName, n, target.Count - n, r2, y.Average(), drivers);
    }

    /// <summary>
    /// Johnson's (2000, pp. 5–9) relative weights from the predictor intercorrelations R_xx and the predictor–criterion
    /// correlations r_xy. <paramref name="names"/> (optional) name predictors in the collinearity message.
    /// </summary>
    public static RelativeWeightDecomposition Decompose(double[,] rxx, IReadOnlyList<double> rxy, IReadOnlyList<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(rxx);
        ArgumentNullException.ThrowIfNull(rxy);
        var p = rxy.Count;
        if (rxx.GetLength(0) != p || rxx.GetLength(1) != p)
        {
            throw new ArgumentException($"the correlation matrix must be {p}×{p} to match {p} predictor–target correlations", nameof(rxx));
        }
        var r = Matrix<double>.Build.DenseOfArray(rxx);
        var evd = r.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        var eigenvalues = evd.EigenValues.Select(e => e.Real).ToArray();
        var q = evd.EigenVectors;
        var smallest = Array.IndexOf(eigenvalues, eigenvalues.Min());
        if (eigenvalues[smallest] <= SingularEigenvalue * p)
        {
            // The eigenvector of the zero eigenvalue holds the linear combination that is constant: name its predictors.
            var involved = Enumerable.Range(0, p)
                .Where(j => Math.Abs(q[j, smallest]) > 0.05)
                .Select(j => names is null ? (j + 1).ToString(CultureInfo.InvariantCulture) : $"'{names[j]}'");
            throw new ArgumentException(
                $"the predictors {string.Join(", ", involved)} are perfectly collinear (one is a linear combination of the others); leave one of them out",
                nameof(rxx));
        }
        var sqrtLambda = Matrix<double>.Build.DiagonalOfDiagonalArray(eigenvalues.Select(Math.Sqrt).ToArray());
        var lambdaStar = q * sqrtLambda * q.Transpose();
        var y = Vector<double>.Build.DenseOfEnumerable(rxy);
        var betaStar = lambdaStar.Solve(y);
        var epsilon = new double[p];
        for (var j = 0; j < p; j++)
        {
            for (var k = 0; k < p; k++)
            {
                epsilon[j] += lambdaStar[j, k] * lambdaStar[j, k] * betaStar[k] * betaStar[k];
            }
        }
        var beta = r.Solve(y);
        return new RelativeWeightDecomposition(epsilon, betaStar.ToArray(), beta.ToArray(), beta.DotProduct(y));
    }

    /// <summary>Pearson product-moment correlation of two equally long samples (two-pass, centred sums).</summary>
    public static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var mx = x.Average();
        var my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Count; i++)
        {
            var dx = x[i] - mx;
            var dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxy / Math.Sqrt(sxx * syy);
    }

    private static void RequireVariance(string name, double[] values, string role)
    {
        if (values.All(v => v == values[0]))
        {
            throw new ArgumentException(
                $"{role} '{name}' is constant ({values[0].ToString("R", CultureInfo.InvariantCulture)} in every complete row), so it has no correlation; leave it out",
                nameof(values));
        }
    }
}
