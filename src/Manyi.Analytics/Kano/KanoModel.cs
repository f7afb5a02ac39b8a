using System.Globalization;

namespace Manyi.Analytics.Kano;

/// <summary>The five answers of a Kano question (Berger et al. 1993, CQM Journal 2(4)), in questionnaire order 1–5.</summary>
public enum KanoAnswer
{
    /// <summary>"I like it that way" (喜欢).</summary>
    Like = 1,

    /// <summary>"It must be that way" (理所当然).</summary>
    MustBe = 2,

    /// <summary>"I am neutral" (无所谓).</summary>
    Neutral = 3,

    /// <summary>"I can live with it that way" (能忍受).</summary>
    LiveWith = 4,

    /// <summary>"I dislike it that way" (不喜欢).</summary>
    Dislike = 5,
}

/// <summary>Kano categories: Attractive (A), One-dimensional (O), Must-be (M), Indifferent (I), Reverse (R), Questionable (Q).</summary>
public enum KanoCategory
{
    /// <summary>A: delights when present, no harm when absent (兴奋需求).</summary>
    Attractive,

    /// <summary>O: satisfies when present, dissatisfies when absent (期望需求).</summary>
    OneDimensional,

    /// <summary>M: taken for granted, dissatisfies when absent (基本需求).</summary>
    MustBe,

    /// <summary>I: makes no difference (无差异需求).</summary>
    Indifferent,

    /// <summary>R: the respondent prefers the feature absent (反向需求).</summary>
    Reverse,

    /// <summary>Q: contradictory answer pair (可疑结果).</summary>
    Questionable,
}

/// <summary>One respondent's pair of answers on one feature (null = not answered).</summary>
public sealed record KanoResponse(string Respondent, string Feature, KanoAnswer? Functional, KanoAnswer? Dysfunctional);

/// <summary>How many answer pairs of a feature fall in each category.</summary>
public sealed record KanoCounts(int A, int O, int M, int I, int R, int Q)
{
    /// <summary>All classified pairs, A + O + M + I + R + Q.</summary>
    public int Total => A + O + M + I + R + Q;

    /// <summary>The count of one category.</summary>
    public int Of(KanoCategory category) => category switch
    {
        KanoCategory.Attractive => A,
        KanoCategory.OneDimensional => O,
        KanoCategory.MustBe => M,
        KanoCategory.Indifferent => I,
        KanoCategory.Reverse => R,
        _ => Q,
    };
}

/// <summary>
/// One feature's Kano result: counts, the most frequent category (all tied categories listed), Berger's Better and Worse
/// coefficients (null when A + O + M + I = 0) and the number of pairs left out because an answer was missing.
/// </summary>
public sealed record KanoFeature(
    string Feature,
    KanoCounts Counts,
    KanoCategory Category,
    IReadOnlyList<KanoCategory> TiedCategories,
    double? Better,
    double? Worse,
    int Missing);

/// <summary>
/// The Kano model (Kano et al. 1984; evaluation table and satisfaction coefficients of Berger et al. 1993,
/// Center for Quality Management Journal 2(4)): Better = (A+O)/(A+O+M+I), Worse = −(O+M)/(A+O+M+I).
/// </summary>
public static class KanoModel
{
    /// <summary>Order in which tied categories are listed and the first chosen: M &gt; O &gt; A &gt; I (Berger et al. 1993), then R, Q.</summary>
    public static IReadOnlyList<KanoCategory> TieOrder { get; } =
        [KanoCategory.MustBe, KanoCategory.OneDimensional, KanoCategory.Attractive, KanoCategory.Indifferent, KanoCategory.Reverse, KanoCategory.Questionable];

    /// <summary>
    /// The standard Kano evaluation table (Berger et al. 1993): rows functional, columns dysfunctional, in the order
    /// like, must-be, neutral, live-with, dislike.
    /// <code>
    ///              like  must-be neutral live-with dislike
    /// like          Q      A       A        A        O
    /// must-be       R      I       I        I        M
    /// neutral       R      I       I        I        M
    /// live-with     R      I       I        I        M
    /// dislike       R      R       R        R        Q
    /// </code>
    /// </summary>
    public static KanoCategory Classify(KanoAnswer functional, KanoAnswer dysfunctional)
    {
        if (!Enum.IsDefined(functional) || !Enum.IsDefined(dysfunctional))
        {
            throw new ArgumentException($"not a Kano answer: functional {(int)functional}, dysfunctional {(int)dysfunctional} (answers are 1–5)", nameof(functional));
        }
        var middle = functional is KanoAnswer.MustBe or KanoAnswer.Neutral or KanoAnswer.LiveWith;
        return (functional, dysfunctional) switch
        {
            (KanoAnswer.Like, KanoAnswer.Dislike) => KanoCategory.OneDimensional,
            (KanoAnswer.Like, KanoAnswer.Like) => KanoCategory.Questionable,
            (KanoAnswer.Dislike, KanoAnswer.Dislike) => KanoCategory.Questionable,
            (KanoAnswer.Like, _) => KanoCategory.Attractive,
            (_, KanoAnswer.Dislike) when middle => KanoCategory.MustBe,
            (KanoAnswer.Dislike, _) => KanoCategory.Reverse,
            (_, KanoAnswer.Like) => KanoCategory.Reverse,
            _ => KanoCategory.Indifferent,
        };
    }

    /// <summary>
    /// Per feature (in order of first appearance): counts, category by the most frequent answer, Better and Worse.
    /// Pairs with a missing answer are counted in <see cref="KanoFeature.Missing"/> and left out.
    /// </summary>
    public static IReadOnlyList<KanoFeature> Evaluate(IReadOnlyList<KanoResponse> responses)
    {
        ArgumentNullException.ThrowIfNull(responses);
        if (responses.Count == 0)
        {
            throw new ArgumentException("no Kano answers: at least one respondent must answer one feature", nameof(responses));
        }
        var order = new List<string>();
        var counts = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var missing = new Dictionary<string, int>(StringComparer.Ordinal);
        var seen = new HashSet<(string, string)>();
        foreach (var response in responses)
        {
            ArgumentNullException.ThrowIfNull(response);
            if (string.IsNullOrWhiteSpace(response.Feature))
            {
                throw new ArgumentException($"respondent '{response.Respondent}' has an answer without a feature name", nameof(responses));
            }
            if (!seen.Add((response.Respondent, response.Feature)))
            {
                throw new ArgumentException($"respondent '{response.Respondent}' answers feature '{response.Feature}' more than once", nameof(responses));
            }
            if (!counts.TryGetValue(response.Feature, out var featureCounts))
            {
                featureCounts = new int[6];
                counts.Add(response.Feature, featureCounts);
                missing.Add(response.Feature, 0);
                order.Add(response.Feature);
            }
            if (response.Functional is { } functional && response.Dysfunctional is { } dysfunctional)
            {
                featureCounts[(int)Classify(functional, dysfunctional)]++;
            }
            else
            {
                missing[response.Feature]++;
            }
        }
        return order.Select(f => Feature(f, counts[f], missing[f])).ToArray();
    }

    /// <summary>Better = (A+O)/(A+O+M+I) (Berger et al. 1993), null when A+O+M+I = 0.</summary>
    public static double? Better(KanoCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var denominator = counts.A + counts.O + counts.M + counts.I;
        return denominator == 0 ? null : (double)(counts.A + counts.O) / denominator;
    }

    /// <summary>Worse = −(O+M)/(A+O+M+I) (Berger et al. 1993), null when A+O+M+I = 0.</summary>
    public static double? Worse(KanoCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var denominator = counts.A + counts.O + counts.M + counts.I;
        // Negate the integer count so that O + M = 0 gives 0, not −0.
        return denominator == 0 ? null : (double)-(counts.O + counts.M) / denominator;
    }

    /// <summary>The category's letter: A, O, M, I, R or Q.</summary>
    public static string Letter(KanoCategory category) => category switch
    {
        KanoCategory.Attractive => "A",
        KanoCategory.OneDimensional => "O",
        KanoCategory.MustBe => "M",
        KanoCategory.Indifferent => "I",
        KanoCategory.Reverse => "R",
        KanoCategory.Questionable => "Q",
        _ => throw new ArgumentException($"not a Kano category: {(int)category}", nameof(category)),
    };

    /// <summary>The category's Chinese name; A, O, M as the seeds name Kano's three levels (兴奋需求, 期望需求, 基本需求).</summary>
    public static string ChineseName(KanoCategory category) => category switch
    {
        KanoCategory.Attractive => "兴奋需求",
        KanoCategory.OneDimensional => "期望需求",
        KanoCategory.MustBe => "基本需求",
        KanoCategory.Indifferent => "无差异需求",
        KanoCategory.Reverse => "反向需求",
        KanoCategory.Questionable => "可疑结果",
        _ => throw new ArgumentException($"not a Kano category: {(int)category}", nameof(category)),
    };

    /// <summary>
    /// Reads an answer: like, must-be, neutral, live-with, dislike (case-insensitive; also "must be", "mustbe",
    /// "live with", "livewith", "expect"), the questionnaire numbers 1–5 in that order, or 喜欢, 理所当然, 无所谓, 能忍受, 不喜欢.
    /// Null when the text is none of these.
    /// </summary>
    public static KanoAnswer? ParseAnswer(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToUpperInvariant().Replace('_', '-').Replace(' ', '-');
        return t switch
        {
            "LIKE" or "1" or "喜欢" => KanoAnswer.Like,
            "MUST-BE" or "MUSTBE" or "EXPECT" or "2" or "理所当然" => KanoAnswer.MustBe,
            "NEUTRAL" or "3" or "无所谓" => KanoAnswer.Neutral,
            "LIVE-WITH" or "LIVEWITH" or "TOLERATE" or "4" or "能忍受" => KanoAnswer.LiveWith,
            "DISLIKE" or "5" or "不喜欢" => KanoAnswer.Dislike,
            _ => null,
        };
    }

    private static KanoFeature Feature(string feature, int[] c, int missing)
    {
        var counts = new KanoCounts(c[0], c[1], c[2], c[3], c[4], c[5]);
        var max = c.Max();
        var tied = max == 0 ? [] : TieOrder.Where(k => counts.Of(k) == max).ToArray();
        if (tied.Length == 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"feature '{feature}' has no complete answer pair ({missing} with a missing answer)"),
                nameof(feature));
        }
        return new KanoFeature(feature, counts, tied[0], tied, Better(counts), Worse(counts), missing);
    }
}
