using Manyi.Analytics.Scores;

namespace Manyi.Analytics.Tests.Scores;

public class ItemAnalysisTests
{
    // Hand computation for the answers 1, 2, 3, 4, 5, 5, 4 and one blank on the 1–5 scale:
    //   n = 7, missing = 1, Σx = 24, x̄ = 24/7 = 3.428571…
    //   Σ(x − x̄)² = ((−17)² + (−10)² + (−3)² + 2·4² + 2·11²)/49 = (289 + 100 + 9 + 32 + 242)/49 = 672/49
    //   s² = (672/49)/6 = 16/7, s = 4/√7 = 1.5118578920…
    //   top-2 box (x ≥ 4): 4, 4, 5, 5 → 4/7 = 57.142857…%
    //   score = 100·(24/7 − 1)/(5 − 1) = 100·(17/7)/4 = 60.714285…
    private static readonly double?[] Answers = [1, 2, 3, 4, 5, 5, 4, null];

    [Fact]
    public void Describe_LikertAnswers_MatchesHandComputation()
    {
        var result = ItemAnalysis.Describe(Scale.Satisfaction, Answers);

        Assert.False(result.Suppressed);
        Assert.Equal(7, result.N);
        Assert.Equal(1, result.Missing);
        Assert.Equal(24.0 / 7, result.Mean!.Value, 1e-12);
        Assert.Equal(4 / Math.Sqrt(7), result.StandardDeviation!.Value, 1e-12);
        Assert.Equal(400.0 / 7, result.TopBoxPercent!.Value, 1e-12);
        Assert.Equal(1700.0 / 28, result.Score!.Value, 1e-12);
        Assert.Equal([1L, 1, 1, 2, 2], result.Distribution.Select(d => d.Count));
        Assert.Equal([1, 2, 3, 4, 5], result.Distribution.Select(d => d.Point));
        Assert.Equal(200.0 / 7, result.Distribution[4].Percent, 1e-12);
    }

    [Fact]
    public void Describe_TopThreeBoxes_CountsThreeAndUp()
    {
        // Same answers, top-3 box (x ≥ 3): 3, 4, 4, 5, 5 → 5/7 = 71.428571…%
        var result = ItemAnalysis.Describe(Scale.Satisfaction, Answers, new ItemOptions(TopBoxes: 3));

        Assert.Equal(500.0 / 7, result.TopBoxPercent!.Value, 1e-12);
    }

    [Fact]
    public void FromFrequencies_SameAnswersAsCounts_MatchesHandComputation()
    {
        // The counts of the answers above: 1×1, 1×2, 1×3, 2×4, 2×5, and one blank.
        var result = ItemAnalysis.FromFrequencies(Scale.Satisfaction, [1, 1, 1, 2, 2], 1);

        Assert.Equal(7, result.N);
        Assert.Equal(1, result.Missing);
        Assert.Equal(24.0 / 7, result.Mean!.Value, 1e-12);
        Assert.Equal(4 / Math.Sqrt(7), result.StandardDeviation!.Value, 1e-12);
        Assert.Equal(400.0 / 7, result.TopBoxPercent!.Value, 1e-12);
        Assert.Equal(1700.0 / 28, result.Score!.Value, 1e-12);
    }

    [Fact]
    public void Describe_FewerAnswersThanMinimumN_IsSuppressedWithoutValues()
    {
        var result = ItemAnalysis.Describe(Scale.Satisfaction, [5, 4, 4, 5, null]);

        Assert.True(result.Suppressed);
        Assert.Equal(4, result.N);
        Assert.Equal(1, result.Missing);
        Assert.Null(result.Mean);
        Assert.Null(result.StandardDeviation);
        Assert.Null(result.TopBoxPercent);
        Assert.Null(result.Score);
        Assert.Empty(result.Distribution);
    }

    [Fact]
    public void Describe_SingleAnswerWithMinimumNOne_HasNoStandardDeviation()
    {
        // s needs n − 1 ≥ 1: with one answer it is undefined, reported as null rather than NaN.
        var result = ItemAnalysis.Describe(Scale.Satisfaction, [4], new ItemOptions(MinimumN: 1));

        Assert.Equal(4, result.Mean);
        Assert.Null(result.StandardDeviation);
        Assert.Equal(75, result.Score!.Value, 1e-12); // 100·(4 − 1)/4
    }

    [Fact]
    public void Describe_ValueOutsideScale_ThrowsNamingValueAndScale()
    {
        var e = Assert.Throws<ArgumentException>(() => ItemAnalysis.Describe(Scale.Satisfaction, [3, 6]));

        Assert.Contains("6", e.Message, StringComparison.Ordinal);
        Assert.Contains("1–5", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void Describe_TopBoxesNotBelowPointCount_Throws(int boxes)
    {
        Assert.Throws<ArgumentException>(() => ItemAnalysis.Describe(Scale.Satisfaction, [3], new ItemOptions(boxes, 1)));
    }

    [Fact]
    public void Scale_Likert_AcceptsThreeToElevenPoints()
    {
        Assert.Equal(3, Scale.Likert(3).PointCount);
        Assert.Equal(11, Scale.Likert(11).PointCount);
        Assert.Throws<ArgumentException>(() => Scale.Likert(2));
        Assert.Throws<ArgumentException>(() => Scale.Likert(12));
        Assert.Throws<ArgumentException>(() => new Scale(5, 1));
        Assert.Throws<ArgumentException>(() => new Scale(1, 3, ["low", "high"]));
    }

    [Fact]
    public void Describe_LabelledScale_LabelsTheDistribution()
    {
        var scale = Scale.Likert(3, ["不满意", "一般", "满意"]);

        var result = ItemAnalysis.Describe(scale, [1, 3, 3], new ItemOptions(TopBoxes: 1, MinimumN: 1));

        Assert.Equal(["不满意", "一般", "满意"], result.Distribution.Select(d => d.Label));
        Assert.Equal(200.0 / 3, result.TopBoxPercent!.Value, 1e-12);
    }
}
