using Manyi.Analytics.Linguistic;

namespace Manyi.Analytics.Tests.Linguistic;

/// <summary>The default term set of product.md M1.4 (N, VL, L, M, H, VH, P / 无, 很低, 低, 中, 高, 很高, 完美) and custom sets.</summary>
public class LinguisticTermSetTests
{
    [Theory]
    [InlineData("N", 0)]
    [InlineData("vl", 1)]
    [InlineData("中", 3)]
    [InlineData("很高", 5)]
    [InlineData("完美", 6)]
    [InlineData("very high", 5)]
    public void IndexOf_DefaultLabelOrAlias_IsItsPosition(string label, int index) =>
        Assert.Equal(index, LinguisticTermSet.Default.IndexOf(label));

    [Fact]
    public void ToTwoTuple_UnknownLabel_ThrowsListingLabels()
    {
        var e = Assert.Throws<ArgumentException>(() => LinguisticTermSet.Default.ToTwoTuple("great"));
        Assert.Contains("'great'", e.Message, StringComparison.Ordinal);
        Assert.Contains("N, VL, L, M, H, VH, P", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_FiveLabels_HasGranularityFour()
    {
        var terms = LinguisticTermSet.Create(["poor", "fair", "good", "very good", "excellent"]);
        Assert.Equal(4, terms.Granularity);
        Assert.Equal(2, terms.IndexOf("Good"));
    }

    [Fact]
    public void Create_DuplicateLabel_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => LinguisticTermSet.Create(["low", "mid", "LOW"]));
        Assert.Contains("twice", e.Message, StringComparison.Ordinal);
    }
}
