using System.Globalization;

namespace Manyi.Analytics.Indicators;

/// <summary>
/// The judgement of a pairwise comparison matrix that departs most from the AHP weights: the pair (Row, Column) with the
/// largest ε = a_ij·w_j/w_i (Saaty 2003; ε = 1 for a consistent judgement). <see cref="Implied"/> is w_i/w_j, the value
/// the judgement would have in a consistent matrix; ε &gt; 1 means a_ij overstates how much Row outweighs Column.
/// </summary>
public sealed record InconsistentPair(string Row, string Column, double Judgement, double Implied, double Deviation);

/// <summary>
/// Result of the analytic hierarchy process on one comparison matrix (Saaty 1980): principal-eigenvector weights (sum 1),
/// λmax, CI = (λmax − n)/(n − 1), Saaty's random index RI, CR = CI/RI (0 for n ≤ 2), consistent when CR &lt; 0.10, and
/// the most inconsistent pair (always computed; null for n ≤ 2, where every reciprocal matrix is consistent).
/// </summary>
public sealed record AhpResult(
    IReadOnlyList<string> Criteria,
    IReadOnlyList<double> Weights,
    double LambdaMax,
    double ConsistencyIndex,
    double RandomIndex,
    double ConsistencyRatio,
    bool IsConsistent,
    InconsistentPair? MostInconsistentPair);

/// <summary>Analytic hierarchy process (层次分析法, product.md M1.3 (c); Saaty 1980, 1990): weights from a pairwise comparison matrix.</summary>
public static class Ahp
{
    /// <summary>CR at or above this is inconsistent (Saaty 1980).</summary>
    public const double ConsistencyThreshold = 0.10;

    /// <summary>Largest relative departure |a_ij·a_ji − 1| accepted as reciprocal (so that 0.333 for 1/3 passes).</summary>
    public const double ReciprocalTolerance = 0.01;

    /// <summary>Saaty's random index RI for n = 1…10 (Saaty 1980, Table 1; product.md M1.3).</summary>
    public static IReadOnlyList<double> RandomIndices { get; } = [0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49];

    /// <summary>Saaty's random index for an n × n matrix (n = 1…10).</summary>
    public static double RandomIndex(int n)
    {
        if (n < 1 || n > RandomIndices.Count)
        {
            throw new ArgumentException(
                $"AHP needs 1 to {RandomIndices.Count} criteria per matrix (Saaty's random index is tabulated for n ≤ {RandomIndices.Count}); " +
                $"{n} were given: group the criteria into a hierarchy of smaller matrices", nameof(n));
        }
        return RandomIndices[n - 1];
    }

    /// <summary>
    /// Weights w (A·w = λmax·w, Σw = 1) by power iteration to 1e-14, λmax = Σ_i (A·w)_i, CI, RI, CR and the most
    /// inconsistent pair. The matrix must be positive, with unit diagonal and reciprocal (a_ji = 1/a_ij within 1%).
    /// </summary>
    public static AhpResult Analyse(IReadOnlyList<string> criteria, double[,] matrix)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentNullException.ThrowIfNull(matrix);
        var n = criteria.Count;
        if (matrix.GetLength(0) != n || matrix.GetLength(1) != n)
        {
            throw new ArgumentException(
                $"AHP matrix is {matrix.GetLength(0)} × {matrix.GetLength(1)} but {n} criteria are named: it must be square, one row and column per criterion",
                nameof(matrix));
        }
        var randomIndex = RandomIndex(n);
        if (criteria.Distinct(StringComparer.Ordinal).Count() != n || criteria.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("AHP criteria must have distinct, non-empty names", nameof(criteria));
        }
        Validate(criteria, matrix);

        var w = PrincipalEigenvector(matrix);
        double lambdaMax = 0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                lambdaMax += matrix[i, j] * w[j];
            }
        }
        var ci = n <= 2 ? 0 : Math.Max(0, (lambdaMax - n) / (n - 1));
        var cr = n <= 2 ? 0 : ci / randomIndex;
        return new AhpResult(criteria.ToArray(), w, lambdaMax, ci, randomIndex, cr, cr < ConsistencyThreshold, n <= 2 ? null : MostInconsistent(criteria, matrix, w));
    }

    /// <summary>A consistent matrix a_ij = w_i/w_j from given positive weights (Saaty 1980: its eigenvector is w, λmax = n).</summary>
    public static double[,] ConsistentMatrix(IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var n = weights.Count;
        var a = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                a[i, j] = weights[i] / weights[j];
            }
        }
        return a;
    }

    private static void Validate(IReadOnlyList<string> criteria, double[,] a)
    {
        var n = criteria.Count;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var v = a[i, j];
                if (!double.IsFinite(v) || v <= 0)
                {
                    throw new ArgumentException(
                        $"AHP matrix entry a[{criteria[i]},{criteria[j]}] = {Show(v)} is not positive: judgements are on Saaty's 1/9…9 scale",
                        nameof(a));
                }
            }
            if (Math.Abs(a[i, i] - 1) > 1e-9)
            {
                throw new ArgumentException(
                    $"AHP matrix diagonal a[{criteria[i]},{criteria[i]}] = {Show(a[i, i])} must be 1 (a criterion compared with itself)", nameof(a));
            }
        }
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                if (Math.Abs(a[i, j] * a[j, i] - 1) > ReciprocalTolerance)
                {
                    throw new ArgumentException(
                        $"AHP matrix is not reciprocal: a[{criteria[i]},{criteria[j]}] = {Show(a[i, j])} but a[{criteria[j]},{criteria[i]}] = {Show(a[j, i])} " +
                        $"(expected {Show(1 / a[i, j])})", nameof(a));
                }
            }
        }
    }

    /// <summary>Perron vector of a positive matrix by power iteration (converges: the matrix is primitive), normalised to Σw = 1.</summary>
    private static double[] PrincipalEigenvector(double[,] a)
    {
        var n = a.GetLength(0);
        var w = new double[n];
        var next = new double[n];
        Array.Fill(w, 1.0 / n);
        for (var iteration = 0; iteration < 100_000; iteration++)
        {
            double total = 0;
            for (var i = 0; i < n; i++)
            {
                double s = 0;
                for (var j = 0; j < n; j++)
                {
                    s += a[i, j] * w[j];
                }
                next[i] = s;
                total += s;
            }
            double change = 0;
            for (var i = 0; i < n; i++)
            {
                next[i] /= total;
                change = Math.Max(change, Math.Abs(next[i] - w[i]));
            }
            (w, next) = (next, w);
            if (change < 1e-14)
            {
                break;
            }
        }
        return w;
    }

    private static InconsistentPair MostInconsistent(IReadOnlyList<string> criteria, double[,] a, double[] w)
    {
        var n = criteria.Count;
        (int I, int J, double E) worst = (0, 1, double.NegativeInfinity);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                if (i == j)
                {
                    continue;
                }
                var e = a[i, j] * w[j] / w[i];
                if (e > worst.E + 1e-12)
                {
                    worst = (i, j, e);
                }
            }
        }
        return new InconsistentPair(criteria[worst.I], criteria[worst.J], a[worst.I, worst.J], w[worst.I] / w[worst.J], worst.E);
    }

    private static string Show(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
