namespace Manyi.Core.Monitoring;

/// <summary>
/// One observation of a factor (product.md M8): a milestone met or missed, an issue count or response time derived from the
/// customer's cases, a pulse-survey answer, a manual rating. Only added, never changed; each one triggers a recomputation of S(t).
/// </summary>
public sealed class MonitoringReading
{
    public Guid Id { get; set; }

    public Guid ProjectId { get; set; }

    public Guid StageId { get; set; }

    /// <summary>The factor's key in the stage.</summary>
    public required string FactorKey { get; set; }

    public FactorSource Source { get; set; }

    /// <summary>The raw value as observed (a fraction, a count, hours, a scale point).</summary>
    public double RawValue { get; set; }

    /// <summary>The raw value mapped to 0–100 by the factor's mapping.</summary>
    public double Score { get; set; }

    /// <summary>The factor's smoothed score after this reading (what S(t) used).</summary>
    public double SmoothedScore { get; set; }

    /// <summary>When it was observed.</summary>
    public DateTimeOffset ObservedAt { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>The user who recorded it; null for readings derived by Manyi (cases, responses).</summary>
    public Guid? RecordedById { get; set; }

    /// <summary>The case or response it was derived from, if any.</summary>
    public Guid? SourceId { get; set; }

    /// <summary>The caller's key making a re-sent reading a no-op (unique per project).</summary>
    public string? ExternalKey { get; set; }

    public string? Note { get; set; }
}

/// <summary>One point of the project's S(t) series, written at every recomputation (the project page draws S, B and W from these).</summary>
public sealed class ProjectEstimate
{
    public Guid Id { get; set; }

    public Guid ProjectId { get; set; }

    public Guid StageId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>S(t) on 0–100.</summary>
    public double Estimate { get; set; }

    public double Baseline { get; set; }

    public double Warning { get; set; }

    /// <summary>The reading that caused it, or null (stage start, weights change).</summary>
    public Guid? ReadingId { get; set; }
}

/// <summary>A factor's share in a drop below the baseline: w_f·(baseline_f − score_f) (product.md M8).</summary>
public sealed record FactorContribution
{
    public required string FactorKey { get; init; }

    public required string FactorName { get; init; }

    public double Weight { get; init; }

    public double Score { get; init; }

    /// <summary>w_f·(baseline_f − score_f); larger explains more of the drop.</summary>
    public double Contribution { get; init; }
}

/// <summary>
/// S(t) fell below the warning level: opened with the factors that explain the drop and a service-recovery case for the owner;
/// cleared when S(t) is back at or above W + hysteresis.
/// </summary>
public sealed class MonitoringAlert
{
    public Guid Id { get; set; }

    public Guid ProjectId { get; set; }

    public Guid StageId { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    public double EstimateAtOpen { get; set; }

    public double WarningAtOpen { get; set; }

    /// <summary>The factors ordered by contribution, largest first.</summary>
    public List<FactorContribution> Causes { get; set; } = [];

    /// <summary>The service-recovery case (kind Recovery) opened for the owner.</summary>
    public Guid? CaseId { get; set; }

    public DateTimeOffset? ClearedAt { get; set; }

    public double? EstimateAtClear { get; set; }

    /// <summary>The lowest S(t) while open.</summary>
    public double Lowest { get; set; }
}

/// <summary>A (factor scores, actual satisfaction) pair kept for re-estimating the weights (product.md M8 self-correction).</summary>
public sealed class CalibrationPair
{
    public Guid Id { get; set; }

    public Guid ProjectId { get; set; }

    public Guid StageId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>Smoothed scores (0–100) of the factors at the time A was measured.</summary>
    public Dictionary<string, double> Scores { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The estimate S_est at that time.</summary>
    public double Estimate { get; set; }

    /// <summary>The actual satisfaction A (0–100).</summary>
    public double Actual { get; set; }
}

/// <summary>What a correction did.</summary>
public enum CorrectionKind
{
    /// <summary>The weights were re-estimated by non-negative least squares summing to 1.</summary>
    WeightsEstimated,

    /// <summary>Too few pairs: the configured weights stay.</summary>
    WeightsKept,
}

/// <summary>
/// One self-correction at a stage end, kept and shown ("weights v3: delivery 0.32 → 0.41 after stage 2"): the error, the baseline
/// before and after, and the weights before and after for the next stage.
/// </summary>
public sealed class StageCorrection
{
    public Guid Id { get; set; }

    public Guid ProjectId { get; set; }

    /// <summary>The stage that closed.</summary>
    public Guid StageId { get; set; }

    /// <summary>The stage whose baseline and weights were set, or null after the last stage.</summary>
    public Guid? NextStageId { get; set; }

    public DateTimeOffset At { get; set; }

    public double Estimate { get; set; }

    public double Actual { get; set; }

    /// <summary>A − S_est.</summary>
    public double Error { get; set; }

    public double BaselineBefore { get; set; }

    public double BaselineAfter { get; set; }

    public CorrectionKind Kind { get; set; }

    /// <summary>Weights version after the correction (per project).</summary>
    public int WeightsVersion { get; set; }

    public Dictionary<string, double> WeightsBefore { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, double> WeightsAfter { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Pairs the estimate used.</summary>
    public int Pairs { get; set; }

    /// <summary>Root mean squared error of the fitted weights on those pairs, if estimated.</summary>
    public double? FitError { get; set; }
}
