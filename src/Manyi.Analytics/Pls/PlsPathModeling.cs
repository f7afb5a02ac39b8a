using System.Globalization;

namespace Manyi.Analytics.Pls;

/// <summary>
/// PLS path modelling of satisfaction-index models (product.md M1.9): Wold's algorithm on standardised indicators (Wold 1982;
/// Lohmöller 1989; Tenenhaus, Esposito Vinzi, Chatelin and Lauro 2005, CSDA 48, 159–205), with reliability, HTMT, effects, the
/// ACSI-form 0–100 index and a seeded, parallel, schedule-independent bootstrap.
/// </summary>
public static class PlsPathModeling
{
    /// <summary>Largest number of bootstrap resamples accepted.</summary>
    public const int MaxResamples = 100_000;

    /// <summary>
    /// Estimates <paramref name="model"/> on the columns named <paramref name="names"/> (each a list of values per row, null = blank):
    /// missing data by <see cref="PlsOptions.Missing"/>, then the PLS fit, quality measures, index, and (when
    /// <paramref name="bootstrap"/> is given with Resamples &gt; 0) bootstrap standard errors, t values and percentile intervals.
    /// Throws <see cref="ArgumentException"/> for a bad model or data, <see cref="InvalidOperationException"/> when the algorithm does not converge.
    /// </summary>
    public static PlsPathModelResult Estimate(
        PlsPathModel model,
        IReadOnlyList<string> names,
        IReadOnlyList<IReadOnlyList<double?>> columns,
        PlsOptions? options = null,
        PlsBootstrapOptions? bootstrap = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(columns);
        options ??= new PlsOptions();
        model.Validate();
        if (names.Count != columns.Count)
        {
            throw new ArgumentException($"{names.Count} column names were given for {columns.Count} columns", nameof(names));
        }
        if (options.MaxIterations < 1)
        {
            throw new ArgumentException("the iteration limit must be at least 1", nameof(options));
        }
        if (!(options.Tolerance > 0))
        {
            throw new ArgumentException("the convergence tolerance must be positive", nameof(options));
        }

        var indicators = model.Constructs.SelectMany(c => c.Indicators).ToList();
        var source = indicators.Select(i =>
        {
            for (var c = 0; c < names.Count; c++)
            {
                if (string.Equals(names[c], i, StringComparison.OrdinalIgnoreCase))
                {
                    return columns[c];
                }
            }
            throw new ArgumentException($"indicator '{i}' is not one of the data's columns ({string.Join(", ", names)})", nameof(names));
        }).ToList();
        var rowCount = source[0].Count;
        if (source.Any(c => c.Count != rowCount))
        {
            throw new ArgumentException("every column needs one value per row", nameof(columns));
        }
        var p = indicators.Count;

        // Missing data.
        var used = new List<int>(rowCount);
        var imputed = 0;
        var fill = new double[p];
        if (options.Missing == MissingDataTreatment.Listwise)
        {
            for (var i = 0; i < rowCount; i++)
            {
                if (source.All(c => c[i].HasValue))
                {
                    used.Add(i);
                }
            }
        }
        else
        {
            for (var k = 0; k < p; k++)
            {
                var answered = source[k].Where(v => v.HasValue).Select(v => v!.Value).ToList();
                if (answered.Count == 0)
                {
                    throw new ArgumentException($"indicator '{indicators[k]}' has no answers, so it has no mean to fill in", nameof(columns));
                }
                fill[k] = answered.Average();
                imputed += rowCount - answered.Count;
            }
            used.AddRange(Enumerable.Range(0, rowCount));
        }
        var n = used.Count;
        var layout = new PlsLayout(model, indicators);
        var minimum = Math.Max(3, layout.Predecessors.Max(q => q.Length) + 2);
        if (n < minimum)
        {
            throw new ArgumentException(
                $"PLS path modelling of this model needs at least {minimum} complete rows but has {n}"
                + (options.Missing == MissingDataTreatment.Listwise ? " (rows with a blank indicator are left out; mean replacement keeps them)" : string.Empty),
                nameof(columns));
        }
        var data = new double[n * p];
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < p; k++)
            {
                data[(i * p) + k] = source[k][used[i]] ?? fill[k];
            }
        }
        var means = new double[p];
        var sds = new double[p];
        for (var k = 0; k < p; k++)
        {
            double sum = 0;
            for (var i = 0; i < n; i++)
            {
                sum += data[(i * p) + k];
            }
            means[k] = sum / n;
            double squares = 0;
            for (var i = 0; i < n; i++)
            {
                var d = data[(i * p) + k] - means[k];
                squares += d * d;
            }
            sds[k] = Math.Sqrt(squares / (n - 1));
            if (!(sds[k] > 0))
            {
                throw new ArgumentException(
                    $"indicator '{indicators[k]}' is constant ({data[k].ToString("R", CultureInfo.InvariantCulture)} in every used row), so it cannot be standardised; leave it out",
                    nameof(columns));
            }
        }

        var r = Correlations(data, n, p, null, new double[n * p]);
        var fit = PlsAlgorithm.Fit(layout, r, options.Scheme, options.MaxIterations, options.Tolerance, out var failure)
            ?? throw new InvalidOperationException(failure);

        var constructs = model.Constructs;
        var j = constructs.Count;
        var offsets = new int[j];
        for (var c = 1; c < j; c++)
        {
            offsets[c] = offsets[c - 1] + constructs[c - 1].Indicators.Count;
        }

        // Construct scores: y_c = Σ w_k·(x_k − x̄_k)/s_k, unit variance by construction.
        var scores = new List<IReadOnlyList<double>>(n);
        for (var i = 0; i < n; i++)
        {
            var row = new double[j];
            for (var c = 0; c < j; c++)
            {
                var block = layout.Blocks[c];
                for (var m = 0; m < block.Length; m++)
                {
                    var k = block[m];
                    row[c] += fit.Weights[c][m] * (data[(i * p) + k] - means[k]) / sds[k];
                }
            }
            scores.Add(row);
        }

        // 0–100 index scale.
        var scaleMin = options.ScaleMinimum ?? Enumerable.Range(0, n * p).Min(i => data[i]);
        var scaleMax = options.ScaleMaximum ?? Enumerable.Range(0, n * p).Max(i => data[i]);
        if (!(scaleMax > scaleMin))
        {
            throw new ArgumentException(
                FormattableString.Invariant($"the answer scale must have its maximum above its minimum (got {scaleMin} to {scaleMax})"),
                nameof(options));
        }

        var estimates = new List<ConstructEstimate>(j);
        for (var c = 0; c < j; c++)
        {
            var block = layout.Blocks[c];
            var k = block.Length;
            double? adjusted = null;
            var predictors = layout.Predecessors[c].Length;
            if (fit.RSquared[c] is { } r2 && n - predictors - 1 > 0)
            {
                adjusted = 1 - ((1 - r2) * (n - 1) / (n - predictors - 1));
            }
            estimates.Add(new ConstructEstimate(
                constructs[c].Name,
                constructs[c].Mode,
                k,
                fit.RSquared[c],
                adjusted,
                CronbachsAlpha(Block(r, block)),
                CompositeReliability(fit.Loadings[c]),
                AverageVarianceExtracted(fit.Loadings[c]),
                SatisfactionIndex(fit.Weights[c], block.Select(x => sds[x]).ToArray(), block.Select(x => means[x]).ToArray(), scaleMin, scaleMax)));
        }

        var htmt = new List<HtmtRatio>();
        for (var a = 0; a < j; a++)
        {
            for (var b = a + 1; b < j; b++)
            {
                htmt.Add(new HtmtRatio(constructs[a].Name, constructs[b].Name, HeterotraitMonotraitRatio(r, layout.Blocks[a], layout.Blocks[b])));
            }
        }

        var direct = new double[j, j];
        for (var q = 0; q < layout.Paths.Length; q++)
        {
            direct[layout.Paths[q].From, layout.Paths[q].To] = fit.PathCoefficients[q];
        }
        var total = TotalEffects(direct);
        var effects = new List<ConstructEffect>();
        for (var a = 0; a < j; a++)
        {
            for (var b = 0; b < j; b++)
            {
                if (total[a, b] != 0 || direct[a, b] != 0)
                {
                    effects.Add(new ConstructEffect(constructs[a].Name, constructs[b].Name, direct[a, b], total[a, b] - direct[a, b], total[a, b]));
                }
            }
        }

        // Bootstrap.
        BootstrapEstimate?[]? summaries = null;
        PlsBootstrapSummary? bootstrapSummary = null;
        if (bootstrap is not null && bootstrap.Resamples > 0)
        {
            var (estimatesB, failed) = Bootstrap(layout, data, n, p, options, bootstrap, fit);
            summaries = estimatesB;
            bootstrapSummary = new PlsBootstrapSummary(bootstrap.Resamples, bootstrap.Seed, bootstrap.Confidence, failed);
        }

        var outer = new List<OuterEstimate>(p);
        for (var c = 0; c < j; c++)
        {
            for (var m = 0; m < layout.Blocks[c].Length; m++)
            {
                var index = offsets[c] + m;
                outer.Add(new OuterEstimate(
                    constructs[c].Name,
                    constructs[c].Indicators[m],
                    fit.Loadings[c][m],
                    fit.Weights[c][m],
                    summaries?[p + index],
                    summaries?[index]));
            }
        }
        var paths = model.Paths
            .Select((path, q) => new PathEstimate(
                constructs[layout.Paths[q].From].Name,
                constructs[layout.Paths[q].To].Name,
                fit.PathCoefficients[q],
                summaries?[(2 * p) + q]))
            .ToList();

        return new PlsPathModelResult(
            n,
            rowCount - n,
            imputed,
            options.Missing,
            options.Scheme,
            fit.Iterations,
            scaleMin,
            scaleMax,
            estimates,
            outer,
            paths,
            effects,
            htmt,
            scores,
            bootstrapSummary);
    }

    /// <summary>
    /// Cronbach's α of standardised indicators from their correlation matrix R (k × k): α = k/(k − 1)·(1 − k/Σ_ab R_ab)
    /// (Cronbach 1951, with unit variances). Null for one indicator.
    /// </summary>
    public static double? CronbachsAlpha(double[,] correlations)
    {
        ArgumentNullException.ThrowIfNull(correlations);
        var k = correlations.GetLength(0);
        if (k < 2)
        {
            return null;
        }
        double sum = 0;
        foreach (var v in correlations)
        {
            sum += v;
        }
        return k / (k - 1.0) * (1 - (k / sum));
    }

    /// <summary>Composite reliability (Werts, Linn and Jöreskog 1974; Dillon–Goldstein's ρ): ρ_c = (Σλ)² / ((Σλ)² + Σ(1 − λ²)).</summary>
    public static double CompositeReliability(IReadOnlyList<double> loadings)
    {
        ArgumentNullException.ThrowIfNull(loadings);
        var sum = loadings.Sum();
        var error = loadings.Sum(l => 1 - (l * l));
        return sum * sum / ((sum * sum) + error);
    }

    /// <summary>Average variance extracted (Fornell and Larcker 1981): AVE = Σλ²/k.</summary>
    public static double AverageVarianceExtracted(IReadOnlyList<double> loadings)
    {
        ArgumentNullException.ThrowIfNull(loadings);
        return loadings.Sum(l => l * l) / loadings.Count;
    }

    /// <summary>
    /// HTMT of blocks a and b in the indicator correlation matrix (Henseler et al. 2015, eq. 6): mean r between the blocks /
    /// √(mean r within a · mean r within b), a one-indicator block's within mean being 1. Null when a within mean is not positive.
    /// </summary>
    public static double? HeterotraitMonotraitRatio(double[,] correlations, IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        ArgumentNullException.ThrowIfNull(correlations);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        double hetero = 0;
        foreach (var x in a)
        {
            foreach (var y in b)
            {
                hetero += correlations[x, y];
            }
        }
        hetero /= a.Count * b.Count;
        var within = Monotrait(correlations, a) * Monotrait(correlations, b);
        return within > 0 ? hetero / Math.Sqrt(within) : null;
    }

    /// <summary>Total effects of a recursive path matrix B (B[from, to]): T = B + B² + … + B^J = (I − B)⁻¹ − I.</summary>
    public static double[,] TotalEffects(double[,] direct)
    {
        ArgumentNullException.ThrowIfNull(direct);
        var j = direct.GetLength(0);
        var total = (double[,])direct.Clone();
        var power = (double[,])direct.Clone();
        for (var step = 1; step < j; step++)
        {
            var next = new double[j, j];
            for (var a = 0; a < j; a++)
            {
                for (var m = 0; m < j; m++)
                {
                    if (power[a, m] == 0)
                    {
                        continue;
                    }
                    for (var b = 0; b < j; b++)
                    {
                        next[a, b] += power[a, m] * direct[m, b];
                    }
                }
            }
            power = next;
            for (var a = 0; a < j; a++)
            {
                for (var b = 0; b < j; b++)
                {
                    total[a, b] += power[a, b];
                }
            }
        }
        return total;
    }

    /// <summary>
    /// The ACSI-form 0–100 index of a construct (Fornell et al. 1996; product.md M1.9): unstandardised weights w̃_k = w_k/s_k,
    /// index = 100·(Σw̃_k·x̄_k − Σw̃_k·min)/(Σw̃_k·(max − min)). Null when Σw̃_k is not positive.
    /// </summary>
    public static double? SatisfactionIndex(IReadOnlyList<double> standardisedWeights, IReadOnlyList<double> sds, IReadOnlyList<double> means, double min, double max)
    {
        ArgumentNullException.ThrowIfNull(standardisedWeights);
        ArgumentNullException.ThrowIfNull(sds);
        ArgumentNullException.ThrowIfNull(means);
        double sumW = 0, sumWx = 0;
        for (var k = 0; k < standardisedWeights.Count; k++)
        {
            var w = standardisedWeights[k] / sds[k];
            sumW += w;
            sumWx += w * means[k];
        }
        if (!(sumW > 0))
        {
            return null;
        }
        return 100 * (sumWx - (sumW * min)) / (sumW * (max - min));
    }

    /// <summary>Quantile q of sorted values by linear interpolation between order statistics (Hyndman and Fan 1996, type 7, R's default).</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        var h = (sorted.Count - 1) * q;
        var low = (int)Math.Floor(h);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + ((h - low) * (sorted[high] - sorted[low]));
    }

    private static double Monotrait(double[,] correlations, IReadOnlyList<int> block)
    {
        if (block.Count == 1)
        {
            return 1;
        }
        double sum = 0;
        for (var x = 0; x < block.Count; x++)
        {
            for (var y = x + 1; y < block.Count; y++)
            {
                sum += correlations[block[x], block[y]];
            }
        }
        return sum / (block.Count * (block.Count - 1) / 2.0);
    }

    private static double[,] Block(double[,] r, int[] block)
    {
        var s = new double[block.Length, block.Length];
        for (var a = 0; a < block.Length; a++)
        {
            for (var b = 0; b < block.Length; b++)
            {
                s[a, b] = r[block[a], block[b]];
            }
        }
        return s;
    }

    /// <summary>
    /// Pearson correlation matrix of the p columns of row-major <paramref name="data"/> over <paramref name="rows"/> (null = all n rows,
    /// otherwise a resample of n row indices); null entries would mean a constant column, reported as NaN.
    /// </summary>
    internal static double[,] Correlations(double[] data, int n, int p, int[]? rows, double[] buffer)
    {
        var means = new double[p];
        for (var i = 0; i < n; i++)
        {
            var from = (rows is null ? i : rows[i]) * p;
            Array.Copy(data, from, buffer, i * p, p);
            for (var k = 0; k < p; k++)
            {
                means[k] += buffer[(i * p) + k];
            }
        }
        for (var k = 0; k < p; k++)
        {
            means[k] /= n;
        }
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < p; k++)
            {
                buffer[(i * p) + k] -= means[k];
            }
        }
        var r = new double[p, p];
        for (var i = 0; i < n; i++)
        {
            var offset = i * p;
            for (var a = 0; a < p; a++)
            {
                var x = buffer[offset + a];
                for (var b = a; b < p; b++)
                {
                    r[a, b] += x * buffer[offset + b];
                }
            }
        }
        var scale = new double[p];
        for (var a = 0; a < p; a++)
        {
            scale[a] = 1 / Math.Sqrt(r[a, a]);
        }
        for (var a = 0; a < p; a++)
        {
            for (var b = a; b < p; b++)
            {
                var v = r[a, b] * scale[a] * scale[b];
                r[a, b] = v;
                r[b, a] = v;
            }
            r[a, a] = 1;
        }
        return r;
    }

    /// <summary>
    /// Draws every resample's n row indices up front from one <c>Random(seed)</c>, then fits each resample in parallel into its own slot,
    /// so the numbers do not depend on the number of threads or their scheduling. Returns one summary per parameter
    /// (weights, loadings, paths) and the number of failed resamples.
    /// </summary>
    private static (BootstrapEstimate?[] Estimates, int Failed) Bootstrap(
        PlsLayout layout, double[] data, int n, int p, PlsOptions options, PlsBootstrapOptions bootstrap, PlsFit original)
    {
        if (bootstrap.Resamples > MaxResamples)
        {
            throw new ArgumentException($"at most {MaxResamples} bootstrap resamples are allowed, not {bootstrap.Resamples}", nameof(bootstrap));
        }
        if (!(bootstrap.Confidence > 0 && bootstrap.Confidence < 1))
        {
            throw new ArgumentException("the confidence level must be between 0 and 1, e.g. 0.95", nameof(bootstrap));
        }
        var count = bootstrap.Resamples;
        var random = new Random(bootstrap.Seed);
        var draws = new int[count][];
        for (var b = 0; b < count; b++)
        {
            var rows = new int[n];
            for (var i = 0; i < n; i++)
            {
                rows[i] = random.Next(n);
            }
            draws[b] = rows;
        }
        var parameters = (2 * p) + layout.Paths.Length;
        var results = new double[count][];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = bootstrap.MaxDegreeOfParallelism };
        Parallel.For(
            0,
            count,
            parallel,
            () => new double[n * p],
            (b, state, buffer) =>
            {
                var r = Correlations(data, n, p, draws[b], buffer);
                if (Enumerable.Range(0, p).Any(k => !double.IsFinite(r[k, (k + 1) % p])))
                {
                    return buffer; // a constant indicator in this resample
                }
                var fit = PlsAlgorithm.Fit(layout, r, options.Scheme, options.MaxIterations, options.Tolerance, out _);
                if (fit is not null)
                {
                    results[b] = Flatten(fit, parameters);
                }
                return buffer;
            },
            buffer => { });
        var succeeded = results.Where(v => v is not null).ToList();
        var failed = count - succeeded.Count;
        var summaries = new BootstrapEstimate?[parameters];
        if (succeeded.Count < 2)
        {
            return (summaries, failed);
        }
        var estimates = Flatten(original, parameters);
        var alpha = 1 - bootstrap.Confidence;
        var values = new double[succeeded.Count];
        for (var q = 0; q < parameters; q++)
        {
            for (var b = 0; b < succeeded.Count; b++)
            {
                values[b] = succeeded[b][q];
            }
            Array.Sort(values);
            var mean = values.Average();
            var se = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
            if (se < 1e-12 * Math.Max(1, Math.Abs(mean)))
            {
                se = 0; // a parameter fixed by construction (e.g. the weight of a one-indicator block) only wobbles by rounding
            }
            summaries[q] = new BootstrapEstimate(
                se,
                se > 0 ? estimates[q] / se : null,
                Quantile(values, alpha / 2),
                Quantile(values, 1 - (alpha / 2)));
        }
        return (summaries, failed);
    }

    /// <summary>Weights (block order), loadings (block order) and path coefficients (model order) of a fit as one vector.</summary>
    private static double[] Flatten(PlsFit fit, int parameters)
    {
        var vector = new double[parameters];
        var at = 0;
        foreach (var w in fit.Weights)
        {
            w.CopyTo(vector, at);
            at += w.Length;
        }
        foreach (var l in fit.Loadings)
        {
            l.CopyTo(vector, at);
            at += l.Length;
        }
        fit.PathCoefficients.CopyTo(vector, at);
        return vector;
    }
}
