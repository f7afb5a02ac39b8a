namespace Manyi.Analytics.Pls;

/// <summary>
/// Settings of one PLS estimation: inner scheme, missing-data treatment, iteration limit and convergence tolerance (largest change of an
/// outer weight), and the scale of the answers for the 0–100 index (null = the lowest and highest value found in the indicators).
/// </summary>
public sealed record PlsOptions
{
    /// <summary>Inner weighting scheme (default path).</summary>
    public InnerWeightingScheme Scheme { get; init; } = InnerWeightingScheme.Path;

    /// <summary>Missing-data treatment (default listwise deletion).</summary>
    public MissingDataTreatment Missing { get; init; } = MissingDataTreatment.Listwise;

    /// <summary>Iteration limit of the PLS algorithm (default 300).</summary>
    public int MaxIterations { get; init; } = 300;

    /// <summary>Convergence: largest change of an outer weight below this (default 1e-7).</summary>
    public double Tolerance { get; init; } = 1e-7;

    /// <summary>Lowest answer of the scale for the index (null = lowest value in the data).</summary>
    public double? ScaleMinimum { get; init; }

    /// <summary>Highest answer of the scale for the index (null = highest value in the data).</summary>
    public double? ScaleMaximum { get; init; }
}

/// <summary>
/// Bootstrap settings: B resamples of n rows drawn with replacement from one <c>Random(Seed)</c> before any is estimated, percentile
/// intervals at <see cref="Confidence"/>; <see cref="MaxDegreeOfParallelism"/> −1 uses every core (results do not depend on it).
/// </summary>
public sealed record PlsBootstrapOptions
{
    /// <summary>Number of bootstrap resamples B (default 5,000).</summary>
    public int Resamples { get; init; } = 5000;

    /// <summary>Seed of the one random generator that draws all resamples (default 1).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Confidence level of the percentile intervals (default 0.95).</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>Threads used (−1 = all cores); does not change the numbers.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}

/// <summary>
/// Bootstrap summary of one parameter over the converged resamples: standard error (SD of the resample estimates, n − 1), t = estimate / SE
/// (null when SE = 0), and the percentile interval (quantiles α/2 and 1 − α/2, linear interpolation, Hyndman–Fan type 7).
/// </summary>
public sealed record BootstrapEstimate(double StandardError, double? T, double CiLow, double CiHigh);

/// <summary>One indicator's outer loading (its correlation with the construct score) and outer weight (standardised), with bootstrap summaries.</summary>
public sealed record OuterEstimate(
    string Construct,
    string Indicator,
    double Loading,
    double Weight,
    BootstrapEstimate? LoadingBootstrap,
    BootstrapEstimate? WeightBootstrap);

/// <summary>A path coefficient: the standardised OLS coefficient of From in the regression of To's score on all of To's predecessors.</summary>
public sealed record PathEstimate(string From, string To, double Coefficient, BootstrapEstimate? Bootstrap);

/// <summary>Direct, indirect and total effect of one construct on another: T = B + B² + … = (I − B)⁻¹ − I, indirect = T − B.</summary>
public sealed record ConstructEffect(string From, string To, double Direct, double Indirect, double Total);

/// <summary>
/// Heterotrait–monotrait ratio of two constructs (Henseler, Ringle and Sarstedt 2015, J. Acad. Mark. Sci. 43, eq. 6): the mean correlation
/// between their indicators over the geometric mean of the mean correlations within each block (a one-indicator block counts 1).
/// Null when a within-block mean is not positive.
/// </summary>
public sealed record HtmtRatio(string First, string Second, double? Value);

/// <summary>
/// Per construct: R² and adjusted R² (1 − (1 − R²)(n − 1)/(n − k − 1); null for exogenous constructs or when n − k − 1 ≤ 0),
/// Cronbach's α (standardised; null for one indicator), composite reliability ρ_c, AVE, and the 0–100 index (null when the
/// unstandardised weights do not sum to a positive number).
/// </summary>
public sealed record ConstructEstimate(
    string Name,
    OuterMode Mode,
    int Indicators,
    double? RSquared,
    double? AdjustedRSquared,
    double? CronbachsAlpha,
    double CompositeReliability,
    double AverageVarianceExtracted,
    double? Index);

/// <summary>What the bootstrap did: resamples asked for, seed, confidence level, and how many resamples failed (did not converge or were singular) and were left out.</summary>
public sealed record PlsBootstrapSummary(int Resamples, int Seed, double Confidence, int Failed);

/// <summary>
/// A PLS path model estimated on N rows (RowsDropped left out by listwise deletion, or Imputed blanks replaced by means), with the
/// settings used, the iterations to convergence, the 0–100 index scale, and the construct scores (one row per used data row, standardised).
/// </summary>
public sealed record PlsPathModelResult(
    int N,
    int RowsDropped,
    int Imputed,
    MissingDataTreatment Missing,
    InnerWeightingScheme Scheme,
    int Iterations,
    double ScaleMinimum,
    double ScaleMaximum,
    IReadOnlyList<ConstructEstimate> Constructs,
    IReadOnlyList<OuterEstimate> Outer,
    IReadOnlyList<PathEstimate> Paths,
    IReadOnlyList<ConstructEffect> Effects,
    IReadOnlyList<HtmtRatio> Htmt,
    IReadOnlyList<IReadOnlyList<double>> Scores,
    PlsBootstrapSummary? Bootstrap);
