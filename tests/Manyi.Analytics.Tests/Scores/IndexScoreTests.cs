using Manyi.Analytics.Scores;

namespace Manyi.Analytics.Tests.Scores;

public class IndexScoreTests
{
    private static readonly KeyValuePair<string, double?>[] Items =
    [
        new("q1", 50),
        new("q2", 80),
        new("q3", null),
    ];

    [Fact]
    public void Compute_EqualWeights_LeavesOutSuppressedItem()
    {
        // q3 is suppressed: equal weights over q1, q2 → ½·50 + ½·80 = 65.
        var index = IndexScore.Compute(Items);

        Assert.Equal(65, index.Score!.Value, 1e-12);
        Assert.Equal(0.5, index.Weights["q1"], 1e-12);
        Assert.Equal(0, index.Weights["q3"]);
        Assert.Equal(["q3"], index.Excluded);
    }

    [Fact]
    public void Compute_GivenWeights_AreNormalised()
    {
        // Weights 3 and 7 normalise to 0.3 and 0.7: 0.3·50 + 0.7·80 = 15 + 56 = 71.
        var index = IndexScore.Compute(Items, new Dictionary<string, double> { ["Q1"] = 3, ["q2"] = 7 });

        Assert.Equal(71, index.Score!.Value, 1e-12);
        Assert.Equal(0.3, index.Weights["q1"], 1e-12);
        Assert.Empty(index.Excluded);
    }

    [Fact]
    public void Compute_WeightForUnknownItem_ThrowsNamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => IndexScore.Compute(Items, new Dictionary<string, double> { ["q9"] = 1 }));

        Assert.Contains("'q9'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_OnlySuppressedItemsWeighted_HasNoScore()
    {
        var index = IndexScore.Compute(Items, new Dictionary<string, double> { ["q3"] = 1 });

        Assert.Null(index.Score);
        Assert.Equal(["q3"], index.Excluded);
    }
}
