using MathNet.Numerics.LinearAlgebra;

namespace Manyi.Analytics.Pls;

/// <summary>The model laid out by index: each construct's indicator columns, mode, predecessors and successors.</summary>
internal sealed class PlsLayout
{
    public PlsLayout(PlsPathModel model, IReadOnlyList<string> columns)
    {
        Count = model.Constructs.Count;
        Blocks = model.Constructs
            .Select(c => c.Indicators.Select(i => IndexOf(columns, i)).ToArray())
            .ToArray();
        Modes = model.Constructs.Select(c => c.Mode).ToArray();
        Predecessors = new int[Count][];
        Successors = new int[Count][];
        for (var j = 0; j < Count; j++)
        {
            var name = model.Constructs[j].Name;
            Predecessors[j] = model.Paths
                .Where(p => string.Equals(p.To, name, StringComparison.OrdinalIgnoreCase))
                .Select(p => model.IndexOf(p.From))
                .ToArray();
            Successors[j] = model.Paths
                .Where(p => string.Equals(p.From, name, StringComparison.OrdinalIgnoreCase))
                .Select(p => model.IndexOf(p.To))
                .ToArray();
        }
        Paths = model.Paths.Select(p => (model.IndexOf(p.From), model.IndexOf(p.To))).ToArray();
    }

    /// <summary>Number of constructs J.</summary>
    public int Count { get; }

    /// <summary>Column indices (into the correlation matrix) of each construct's indicators.</summary>
    public int[][] Blocks { get; }

    public OuterMode[] Modes { get; }

    public int[][] Predecessors { get; }

    public int[][] Successors { get; }

    /// <summary>The paths as (from, to) construct indices, in model order.</summary>
    public (int From, int To)[] Paths { get; }

    private static int IndexOf(IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        throw new ArgumentException($"indicator '{name}' is not one of the data's columns ({string.Join(", ", columns)})");
    }
}

/// <summary>One converged PLS solution: weights (scores have unit variance), loadings, construct correlations, paths, R².</summary>
internal sealed record PlsFit(
    double[][] Weights,
    double[][] Loadings,
    double[,] ConstructCorrelations,
    double[] PathCoefficients,
    double?[] RSquared,
    int Iterations);

/// <summary>
/// Wold's PLS algorithm on the indicator correlation matrix R (Lohmöller 1989, Latent Variable Path Modeling with Partial Least
/// Squares, ch. 2): since the scores are weighted sums of standardised indicators, every covariance the algorithm needs is a
/// product of R and the weights, so the iteration never touches the n rows.
/// </summary>
internal static class PlsAlgorithm
{
    /// <summary>
    /// Runs the iteration from unit weights: inner weights by <paramref name="scheme"/>, outer weights by mode A/B, scaled so that
    /// var(score) = 1; stops when the largest change of an outer weight is below <paramref name="tolerance"/>. Returns null with a
    /// reason when the limit is reached or a regression is singular. Signs are fixed so that each construct correlates positively
    /// with the majority of its indicators.
    /// </summary>
    public static PlsFit? Fit(PlsLayout layout, double[,] r, InnerWeightingScheme scheme, int maxIterations, double tolerance, out string? failure)
    {
        var j = layout.Count;
        var weights = layout.Blocks.Select(b => Enumerable.Repeat(1.0, b.Length).ToArray()).ToArray();
        for (var c = 0; c < j; c++)
        {
            if (!Normalise(layout.Blocks[c], weights[c], r))
            {
                failure = "a block's indicators have no variance";
                return null;
            }
        }
        var p = r.GetLength(0);
        var rw = new double[p, j];
        var correlations = new double[j, j];
        var inner = new double[j, j];
        var iterations = 0;
        var converged = false;
        double change = double.PositiveInfinity;
        while (iterations < maxIterations)
        {
            iterations++;
            Project(layout, r, weights, rw, correlations);
            if (!InnerWeights(layout, scheme, correlations, inner))
            {
                failure = "the construct scores of a regression in the path scheme are perfectly collinear";
                return null;
            }
            change = 0;
            for (var c = 0; c < j; c++)
            {
                var block = layout.Blocks[c];
                var updated = new double[block.Length];
                for (var k = 0; k < block.Length; k++)
                {
                    // cov(x_k, z_c) with z_c = Σ_i e_ci·y_i and cov(x_k, y_i) = (R·W)_ki.
                    double s = 0;
                    for (var i = 0; i < j; i++)
                    {
                        if (inner[c, i] != 0)
                        {
                            s += inner[c, i] * rw[block[k], i];
                        }
                    }
                    updated[k] = s;
                }
                if (layout.Modes[c] == OuterMode.B && block.Length > 1)
                {
                    var solved = Solve(Sub(r, block, block), updated);
                    if (solved is null)
                    {
                        failure = "the indicators of a formative (mode B) block are perfectly collinear";
                        return null;
                    }
                    updated = solved;
                }
                if (!Normalise(block, updated, r))
                {
                    failure = "an inner proxy is zero (a construct is uncorrelated with all its neighbours)";
                    return null;
                }
                for (var k = 0; k < block.Length; k++)
                {
                    change = Math.Max(change, Math.Abs(updated[k] - weights[c][k]));
                }
                weights[c] = updated;
            }
            if (change < tolerance)
            {
                converged = true;
                break;
            }
        }
        if (!converged)
        {
            failure = FormattableString.Invariant(
                $"the PLS algorithm did not converge within {maxIterations} iterations (the largest change of an outer weight was still {change:G3}, above {tolerance:G3}); raise the iteration limit or check the model");
            return null;
        }

        Project(layout, r, weights, rw, correlations);
        var loadings = new double[j][];
        for (var c = 0; c < j; c++)
        {
            loadings[c] = layout.Blocks[c].Select(k => rw[k, c]).ToArray();
            // Sign fixing: the construct correlates positively with the majority of its indicators.
            var negative = loadings[c].Count(l => l < 0);
            if (negative * 2 > loadings[c].Length || (negative * 2 == loadings[c].Length && loadings[c].Sum() < 0))
            {
                Flip(weights[c]);
                Flip(loadings[c]);
                for (var i = 0; i < j; i++)
                {
                    if (i != c)
                    {
                        correlations[c, i] = -correlations[c, i];
                        correlations[i, c] = -correlations[i, c];
                    }
                }
            }
        }
        var coefficients = new double[j, j];
        var rSquared = new double?[j];
        for (var c = 0; c < j; c++)
        {
            var predecessors = layout.Predecessors[c];
            if (predecessors.Length == 0)
            {
                continue;
            }
            var beta = Regress(correlations, predecessors, c);
            if (beta is null)
            {
                failure = "the construct scores of a structural regression are perfectly collinear";
                return null;
            }
            double r2 = 0;
            for (var m = 0; m < predecessors.Length; m++)
            {
                coefficients[predecessors[m], c] = beta[m];
                r2 += beta[m] * correlations[predecessors[m], c];
            }
            rSquared[c] = r2;
        }
        failure = null;
        return new PlsFit(weights, loadings, correlations, layout.Paths.Select(t => coefficients[t.From, t.To]).ToArray(), rSquared, iterations);
    }

    /// <summary>RW = R·W (indicator–score correlations) and C = W'·R·W (score correlations) for the current weights.</summary>
    private static void Project(PlsLayout layout, double[,] r, double[][] weights, double[,] rw, double[,] correlations)
    {
        var p = r.GetLength(0);
        var j = layout.Count;
        for (var c = 0; c < j; c++)
        {
            var block = layout.Blocks[c];
            var w = weights[c];
            for (var k = 0; k < p; k++)
            {
                double s = 0;
                for (var m = 0; m < block.Length; m++)
                {
                    s += r[k, block[m]] * w[m];
                }
                rw[k, c] = s;
            }
        }
        for (var a = 0; a < j; a++)
        {
            var block = layout.Blocks[a];
            for (var b = 0; b < j; b++)
            {
                double s = 0;
                for (var m = 0; m < block.Length; m++)
                {
                    s += weights[a][m] * rw[block[m], b];
                }
                correlations[a, b] = s;
            }
        }
    }

    /// <summary>Inner weights e_ci (weight of score i in the proxy of c); false when a path-scheme regression is singular.</summary>
    private static bool InnerWeights(PlsLayout layout, InnerWeightingScheme scheme, double[,] correlations, double[,] inner)
    {
        Array.Clear(inner);
        for (var c = 0; c < layout.Count; c++)
        {
            foreach (var i in layout.Successors[c])
            {
                inner[c, i] = scheme == InnerWeightingScheme.Centroid ? Math.Sign(correlations[c, i]) : correlations[c, i];
            }
            var predecessors = layout.Predecessors[c];
            if (scheme == InnerWeightingScheme.Path && predecessors.Length > 0)
            {
                var beta = Regress(correlations, predecessors, c);
                if (beta is null)
                {
                    return false;
                }
                for (var m = 0; m < predecessors.Length; m++)
                {
                    inner[c, predecessors[m]] = beta[m];
                }
            }
            else
            {
                foreach (var i in predecessors)
                {
                    inner[c, i] = scheme == InnerWeightingScheme.Centroid ? Math.Sign(correlations[c, i]) : correlations[c, i];
                }
            }
        }
        return true;
    }

    /// <summary>Standardised OLS coefficients of score <paramref name="target"/> on <paramref name="predictors"/>: C_pp⁻¹·c_pt.</summary>
    internal static double[]? Regress(double[,] correlations, int[] predictors, int target)
    {
        if (predictors.Length == 1)
        {
            return [correlations[predictors[0], target]];
        }
        var rhs = predictors.Select(i => correlations[i, target]).ToArray();
        return Solve(Sub(correlations, predictors, predictors), rhs);
    }

    private static double[]? Solve(double[,] a, double[] b)
    {
        var matrix = Matrix<double>.Build.DenseOfArray(a);
        var lu = matrix.LU();
        if (Math.Abs(lu.Determinant) < 1e-12)
        {
            return null;
        }
        var x = lu.Solve(Vector<double>.Build.DenseOfArray(b)).ToArray();
        return x.All(double.IsFinite) ? x : null;
    }

    private static double[,] Sub(double[,] r, int[] rows, int[] columns)
    {
        var s = new double[rows.Length, columns.Length];
        for (var a = 0; a < rows.Length; a++)
        {
            for (var b = 0; b < columns.Length; b++)
            {
                s[a, b] = r[rows[a], columns[b]];
            }
        }
        return s;
    }

    /// <summary>Scales w so that var(Σ w_k·x_k) = w'·R_bb·w = 1; false when that variance is zero.</summary>
    private static bool Normalise(int[] block, double[] w, double[,] r)
    {
        double variance = 0;
        for (var a = 0; a < block.Length; a++)
        {
            for (var b = 0; b < block.Length; b++)
            {
                variance += w[a] * w[b] * r[block[a], block[b]];
            }
        }
        if (!(variance > 1e-14) || !double.IsFinite(variance))
        {
            return false;
        }
        var scale = 1 / Math.Sqrt(variance);
        for (var a = 0; a < w.Length; a++)
        {
            w[a] *= scale;
        }
        return true;
    }

    private static void Flip(double[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = -values[i];
        }
    }
}
