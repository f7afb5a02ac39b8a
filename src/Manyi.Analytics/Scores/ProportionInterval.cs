namespace Manyi.Analytics.Scores;

/// <summary>The method an interval for a proportion was computed with.</summary>
public enum IntervalMethod
{
    /// <summary>Normal approximation (Wald): <c>p ± z·sqrt(p(1 − p)/n)</c>.</summary>
    Normal,

    /// <summary>Wilson (1927) score interval, recommended for small n by Newcombe (1998).</summary>
    Wilson,
}

/// <summary>Confidence intervals for a binomial proportion k/n (Newcombe 1998, methods 1 and 3).</summary>
public static class ProportionInterval
{
    /// <summary>The two-sided standard normal quantile z = Φ⁻¹((1 + confidence)/2), e.g. 1.959964 for 0.95.</summary>
    public static double Z(double confidence)
    {
        Suppression.CheckConfidence(confidence);
        return CriticalValue.Z(confidence);
    }

    /// <summary>Normal-approximation (Wald) interval <c>p ± z·sqrt(p(1 − p)/n)</c>, clamped to [0, 1] (Newcombe 1998, method 1).</summary>
    public static ConfidenceInterval Normal(long successes, long n, double confidence)
    {
        CheckCounts(successes, n);
        var z = Z(confidence);
        var p = (double)successes / n;
        var half = z * Math.Sqrt(p * (1 - p) / n);
        return new ConfidenceInterval(Math.Max(0, p - half), Math.Min(1, p + half));
    }

    /// <summary>
    /// Wilson score interval <c>(2k + z² ± z·sqrt(z² + 4k(1 − p))) / (2(n + z²))</c> (Wilson 1927; Newcombe 1998, method 3).
    /// </summary>
    public static ConfidenceInterval Wilson(long successes, long n, double confidence)
    {
        CheckCounts(successes, n);
        var z = Z(confidence);
        var z2 = z * z;
        var p = (double)successes / n;
        var centre = (2.0 * successes + z2) / (2 * (n + z2));
        var half = z * Math.Sqrt(z2 + 4.0 * successes * (1 - p)) / (2 * (n + z2));
        // At k = 0 and k = n the exact limits are 0 and 1; clamping removes rounding residue.
        return new ConfidenceInterval(successes == 0 ? 0 : Math.Max(0, centre - half), successes == n ? 1 : Math.Min(1, centre + half));
    }

    /// <summary>
    /// Which interval a CSAT proportion gets: the normal approximation when n ≥ 30, n·p ≥ 10 and n·(1 − p) ≥ 10,
    /// otherwise Wilson's, whose coverage stays near nominal for small n and p near 0 or 1 (Newcombe 1998; Brown, Cai and DasGupta 2001).
    /// </summary>
    public static IntervalMethod MethodFor(long successes, long n) =>
        n >= 30 && successes >= 10 && n - successes >= 10 ? IntervalMethod.Normal : IntervalMethod.Wilson;

    private static void CheckCounts(long successes, long n)
    {
        if (n < 1)
        {
            throw new ArgumentException($"A proportion needs at least one answer, but n = {n}.", nameof(n));
        }
        if (successes < 0 || successes > n)
        {
            throw new ArgumentException($"The count {successes} must be between 0 and n = {n}.", nameof(successes));
        }
    }
}
