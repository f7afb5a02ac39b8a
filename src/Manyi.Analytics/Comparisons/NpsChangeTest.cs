using System.Globalization;
using Manyi.Analytics.Scores;

namespace Manyi.Analytics.Comparisons;

/// <summary>Counts of NPS answers in one wave: promoters (9–10), passives (7–8), detractors (0–6).</summary>
public sealed record NpsCounts(int Promoters, int Passives, int Detractors)
{
    /// <summary>Number of answers n.</summary>
    public int N => Promoters + Passives + Detractors;
}

/// <summary>The NPS change between two waves with the two-proportion tests of its promoter and detractor shares.</summary>
public sealed record NpsChange(WaveChange Score, WaveChange Promoters, WaveChange Detractors);

/// <summary>
/// Change of the Net Promoter Score between two independent waves (product.md M1.1, M1.11): NPS = 100(p_P − p_D) in
/// points, SE = 100·√((p_P + p_D − (p_P − p_D)²)/n) per wave, SE of the change √(SE₁² + SE₂²), z = ΔNPS/SE, two-sided
/// p = 2Φ(−|z|), interval ΔNPS ± z_{1−α/2}·SE (the variance of a difference of multinomial shares; Rocks 2016,
/// "Interval Estimation for the 'Net Promoter Score'", arXiv:1601.07235, Wald form).
/// </summary>
public static class NpsChangeTest
{
    /// <summary>Compares the NPS of two waves (points, −100…100); promoter and detractor shares by the two-proportion z test (proportions 0…1).</summary>
    public static NpsChange Compare(NpsCounts before, NpsCounts after, double alpha = 0.05)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        TwoProportionTest.RequireAlpha(alpha);
        Require(before, "before");
        Require(after, "after");
        var promoters = TwoProportionTest.Compare(before.Promoters, before.N, after.Promoters, after.N, alpha);
        var detractors = TwoProportionTest.Compare(before.Detractors, before.N, after.Detractors, after.N, alpha);
        return new NpsChange(Score(before, after, alpha), promoters, detractors);
    }

    private static WaveChange Score(NpsCounts before, NpsCounts after, double alpha)
    {
        double? npsBefore = before.N > 0 ? Nps(before) : null;
        double? npsAfter = after.N > 0 ? Nps(after) : null;
        if (before.N == 0 || after.N == 0)
        {
            return WaveChange.Undefined(ChangeTest.NpsZ, before.N, after.N, alpha, npsBefore, npsAfter);
        }
        var change = npsAfter!.Value - npsBefore!.Value;
        var seBefore = NetPromoter.StandardError(before.Promoters, before.Detractors, before.N);
        var seAfter = NetPromoter.StandardError(after.Promoters, after.Detractors, after.N);
        var standardError = Math.Sqrt((seBefore * seBefore) + (seAfter * seAfter));
        var interval = TwoProportionTest.Interval(change, standardError, CriticalValue.Z(1 - alpha));
        if (standardError == 0)
        {
            return new WaveChange(ChangeTest.NpsZ, before.N, after.N, npsBefore, npsAfter, change, 0, 0, null, null, null, interval, alpha, false);
        }
        var z = change / standardError;
        var p = TwoProportionTest.TwoSidedNormalP(z);
        return new WaveChange(ChangeTest.NpsZ, before.N, after.N, npsBefore, npsAfter, change, standardError, standardError, z, null, p, interval, alpha, p < alpha);
    }

    private static double Nps(NpsCounts counts) => 100.0 * (counts.Promoters - counts.Detractors) / counts.N;

    private static void Require(NpsCounts counts, string wave)
    {
        if (counts.Promoters < 0 || counts.Passives < 0 || counts.Detractors < 0)
        {
            throw new ArgumentException(
                $"{wave} wave: NPS counts cannot be negative (promoters {counts.Promoters.ToString(CultureInfo.InvariantCulture)}, passives {counts.Passives.ToString(CultureInfo.InvariantCulture)}, detractors {counts.Detractors.ToString(CultureInfo.InvariantCulture)})",
                wave);
        }
    }
}
