namespace Manyi.Analytics.Scores;

/// <summary>
/// Net Promoter Score (Reichheld 2003; product.md M1.1) of n answers on the 0–10 scale: promoters 9–10, passives 7–8,
/// detractors 0–6, NPS = 100·(pP − pD) in points −100…100, SE = 100·sqrt((pP + pD − (pP − pD)²)/n),
/// interval NPS ± z·SE clamped to [−100, 100]. When <see cref="Suppressed"/> (n below the minimum n) all values are null.
/// </summary>
public sealed record NetPromoterScore(
    long N,
    bool Suppressed,
    long? Promoters,
    long? Passives,
    long? Detractors,
    double? PromoterPercent,
    double? PassivePercent,
    double? DetractorPercent,
    double? Nps,
    double? StandardError,
    double Confidence,
    ConfidenceInterval? ConfidenceInterval);

/// <summary>Computes the Net Promoter Score from 0–10 answers or from the counts of its three groups (product.md M1.1).</summary>
public static class NetPromoter
{
    /// <summary>Lowest answer of a promoter (9).</summary>
    public const int PromoterMinimum = 9;

    /// <summary>Highest answer of a detractor (6).</summary>
    public const int DetractorMaximum = 6;

    /// <summary>NPS of 0–10 answers (whole numbers; null = blank, not counted in n).</summary>
    public static NetPromoterScore Compute(IEnumerable<double?> likelihoods, double confidence = 0.95, int minimumN = Suppression.DefaultMinimumN)
    {
        ArgumentNullException.ThrowIfNull(likelihoods);
        long promoters = 0, passives = 0, detractors = 0;
        foreach (var value in likelihoods)
        {
            if (value is not { } x)
            {
                continue;
            }
            var point = Scale.Likelihood.CheckPoint(x);
            if (point >= PromoterMinimum)
            {
                promoters++;
            }
            else if (point > DetractorMaximum)
            {
                passives++;
            }
            else
            {
                detractors++;
            }
        }
        return FromCounts(promoters, passives, detractors, confidence, minimumN);
    }

    /// <summary>NPS from the counts of promoters, passives and detractors.</summary>
    public static NetPromoterScore FromCounts(long promoters, long passives, long detractors, double confidence = 0.95, int minimumN = Suppression.DefaultMinimumN)
    {
        if (promoters < 0 || passives < 0 || detractors < 0)
        {
            throw new ArgumentException($"Counts of promoters ({promoters}), passives ({passives}) and detractors ({detractors}) cannot be negative.", nameof(promoters));
        }
        Suppression.CheckConfidence(confidence);
        Suppression.CheckMinimumN(minimumN);
        var n = promoters + passives + detractors;
        if (Suppression.Applies(n, minimumN))
        {
            return new NetPromoterScore(n, true, null, null, null, null, null, null, null, null, confidence, null);
        }
        var pP = (double)promoters / n;
        var pD = (double)detractors / n;
        var nps = 100 * (pP - pD);
        var se = StandardError(promoters, detractors, n);
        var z = ProportionInterval.Z(confidence);
        var interval = new ConfidenceInterval(Math.Max(-100, nps - z * se), Math.Min(100, nps + z * se));
        return new NetPromoterScore(
            n, false, promoters, passives, detractors, 100 * pP, 100.0 * passives / n, 100 * pD, nps, se, confidence, interval);
    }

    /// <summary>
    /// Standard error of an NPS in points: <c>100·sqrt((pP + pD − (pP − pD)²)/n)</c> (product.md M1.1), the SD of the
    /// +1/0/−1 score per answer over √n. <paramref name="n"/> must be positive.
    /// </summary>
    public static double StandardError(long promoters, long detractors, long n)
    {
        if (n <= 0)
        {
            throw new ArgumentException("the standard error of an NPS needs at least one answer", nameof(n));
        }
        var pP = (double)promoters / n;
        var pD = (double)detractors / n;
        // Clamp the tiny negative rounding residue that appears when everyone is a promoter or a detractor.
        return 100 * Math.Sqrt(Math.Max(0, pP + pD - ((pP - pD) * (pP - pD))) / n);
    }
}
