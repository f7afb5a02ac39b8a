using MathNet.Numerics.Distributions;

namespace Manyi.Analytics.Scores;

/// <summary>
/// Customer Effort Score (Dixon, Freeman and Toman 2010, CES 2.0 on 1–7; product.md M1.1): mean x̄, sample standard
/// deviation s, % agree (answers 5–7), and the t interval of the mean x̄ ± t(n−1)·s/√n clamped to [1, 7]
/// (null when n &lt; 2). When <see cref="Suppressed"/> (n below the minimum n) all values are null.
/// </summary>
public sealed record CustomerEffortScore(
    long N,
    bool Suppressed,
    double? Mean,
    double? StandardDeviation,
    long? Agree,
    double? AgreePercent,
    double Confidence,
    ConfidenceInterval? ConfidenceInterval);

/// <summary>Computes the Customer Effort Score from 1–7 answers or their frequency distribution (product.md M1.1).</summary>
public static class CustomerEffort
{
    /// <summary>Lowest answer that agrees "the company made it easy" (5 on 1–7).</summary>
    public const int AgreeMinimum = 5;

    /// <summary>CES of whole-number answers 1–7 (null = blank, not counted in n).</summary>
    public static CustomerEffortScore Compute(IEnumerable<double?> values, double confidence = 0.95, int minimumN = Suppression.DefaultMinimumN)
    {
        ArgumentNullException.ThrowIfNull(values);
        var counts = new long[Scale.Effort.PointCount];
        foreach (var value in values)
        {
            if (value is { } x)
            {
                counts[Scale.Effort.CheckPoint(x) - Scale.Effort.Minimum]++;
            }
        }
        return FromFrequencies(counts, confidence, minimumN);
    }

    /// <summary>CES from counts[i] = answers on point 1 + i (seven counts).</summary>
    public static CustomerEffortScore FromFrequencies(IReadOnlyList<long> counts, double confidence = 0.95, int minimumN = Suppression.DefaultMinimumN)
    {
        ArgumentNullException.ThrowIfNull(counts);
        Suppression.CheckConfidence(confidence);
        var item = ItemAnalysis.FromFrequencies(Scale.Effort, counts, 0, new ItemOptions(Scale.Effort.Maximum - AgreeMinimum + 1, minimumN));
        if (item.Suppressed)
        {
            return new CustomerEffortScore(item.N, true, null, null, null, null, confidence, null);
        }
        var mean = item.Mean!.Value;
        ConfidenceInterval? interval = null;
        if (item.StandardDeviation is { } s)
        {
            var t = StudentT.InvCDF(0, 1, item.N - 1, (1 + confidence) / 2);
            var half = t * s / Math.Sqrt(item.N);
            interval = new ConfidenceInterval(Math.Max(Scale.Effort.Minimum, mean - half), Math.Min(Scale.Effort.Maximum, mean + half));
        }
        var agree = counts.Skip(AgreeMinimum - Scale.Effort.Minimum).Sum();
        return new CustomerEffortScore(item.N, false, mean, item.StandardDeviation, agree, item.TopBoxPercent, confidence, interval);
    }
}
