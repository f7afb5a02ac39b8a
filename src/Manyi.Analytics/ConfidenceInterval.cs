namespace Manyi.Analytics;

/// <summary>A two-sided confidence interval [Low, High] of a score, a proportion or a change.</summary>
public sealed record ConfidenceInterval(double Low, double High);
