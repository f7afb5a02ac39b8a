using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Manyi.Analytics.Indicators;

namespace Manyi.Analytics.Tests.Indicators;

public class WeightedIndexTests
{
    // overall → product 0.6 (quality 0.7, price 0.3), service 0.4 (speed 0.5, courtesy 0.5)
    private static IndicatorTree Tree(double quality = 0.7, double price = 0.3, bool normalise = false) => IndicatorTree.Create(
    [
        new("overall", null, null),
        new("product", "overall", 0.6),
        new("service", "overall", 0.4),
        new("quality", "product", quality),
        new("price", "product", price),
        new("speed", "service", 0.5),
        new("courtesy", "service", 0.5),
    ], normalise);

    [Fact]
    public void Compute_AllScores_WeightedMeansUpTheTree()
    {
        // Hand computation: product = 0.7·80 + 0.3·60 = 56 + 18 = 74; service = 0.5·70 + 0.5·90 = 80;
        // overall = 0.6·74 + 0.4·80 = 44.4 + 32 = 76.4.
        var r = WeightedIndex.Compute(Tree(), new Dictionary<string, double> { ["quality"] = 80, ["price"] = 60, ["speed"] = 70, ["courtesy"] = 90 });
        Assert.Equal(76.4, r.Overall!.Value, 1e-9);
        Assert.Equal(74, r.Nodes.Single(n => n.Name == "product").Index!.Value, 1e-9);
        Assert.Equal(80, r.Nodes.Single(n => n.Name == "service").Index!.Value, 1e-9);
        Assert.Equal(["overall", "product", "quality", "price", "service", "speed", "courtesy"], r.Nodes.Select(n => n.Name));
        Assert.Equal(2, r.Nodes.Single(n => n.Name == "price").Depth);
    }

    [Fact]
    public void Compute_MissingScore_RenormalisesOverPresentSiblings()
    {
        // Hand computation, courtesy missing: service = 0.5·70/0.5 = 70 (speed's effective weight 0.5/0.5 = 1);
        // overall = 0.6·74 + 0.4·70 = 44.4 + 28 = 72.4.
        var r = WeightedIndex.Compute(Tree(), new Dictionary<string, double> { ["quality"] = 80, ["price"] = 60, ["speed"] = 70 });
        Assert.Equal(72.4, r.Overall!.Value, 1e-9);
        Assert.Equal(1, r.Nodes.Single(n => n.Name == "speed").EffectiveWeight!.Value, 1e-12);
        Assert.Null(r.Nodes.Single(n => n.Name == "courtesy").Index);
        Assert.Null(r.Nodes.Single(n => n.Name == "courtesy").EffectiveWeight);
    }

    [Fact]
    public void Compute_WholeCategoryMissing_CategoryNullOverallFromTheRest()
    {
        // Hand computation: service has no scores → null; overall = 0.6·74/0.6 = 74.
        var r = WeightedIndex.Compute(Tree(), new Dictionary<string, double> { ["quality"] = 80, ["price"] = 60 });
        Assert.Null(r.Nodes.Single(n => n.Name == "service").Index);
        Assert.Equal(74, r.Overall!.Value, 1e-9);
    }

    [Fact]
    public void Compute_NoScores_OverallNull() =>
        Assert.Null(WeightedIndex.Compute(Tree(), new Dictionary<string, double>()).Overall);

    [Fact]
    public void Create_SiblingsNotSummingToOne_NamesParentAndWeights()
    {
        var e = Assert.Throws<ArgumentException>(() => Tree(0.7, 0.2));
        Assert.Contains("children of 'product' sum to 0.9, not 1 (quality 0.7 + price 0.2)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_Normalise_DividesBySiblingSum()
    {
        // Hand computation: 0.7/0.9 and 0.2/0.9; product = (0.7·80 + 0.2·60)/0.9 = (56 + 12)/0.9 = 75.5556.
        var tree = Tree(0.7, 0.2, normalise: true);
        Assert.Equal(0.7 / 0.9, tree.Node("quality").Weight!.Value, 1e-12);
        var r = WeightedIndex.Compute(tree, new Dictionary<string, double> { ["quality"] = 80, ["price"] = 60 });
        Assert.Equal(68 / 0.9, r.Overall!.Value, 1e-9);
    }

    [Fact]
    public void Create_UnknownParent_NamesIt()
    {
        var e = Assert.Throws<ArgumentException>(() => IndicatorTree.Create([new("overall", null, null), new("x", "overal", 1)]));
        Assert.Contains("'x' has parent 'overal'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_TwoRoots_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => IndicatorTree.Create([new("a", null, null), new("b", null, null)]));
        Assert.Contains("2 roots (a, b)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_Cycle_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => IndicatorTree.Create([new("r", null, null), new("a", "b", 1), new("b", "a", 1)]));
        Assert.Contains("not connected", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_ScoreForCategory_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => WeightedIndex.Compute(Tree(), new Dictionary<string, double> { ["service"] = 50 }));
        Assert.Contains("'service', which is a category", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_ScoreOutsideRange_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => WeightedIndex.Compute(Tree(), new Dictionary<string, double> { ["price"] = 120 }));
        Assert.Contains("0–100", e.Message, StringComparison.Ordinal);
    }

    [Property]
    public Property Compute_EqualBaseScores_EveryIndexEqualsThatScore() =>
        Prop.ForAll(
            Gen.Zip(Gen.Choose(0, 100), Gen.Choose(1, 100).ArrayOf(4), (s, w) => (Score: (double)s, W: w)).ToArbitrary(),
            t =>
            {
                // Random positive weights, normalised per parent; a weighted mean of equal values is that value.
                var tree = IndicatorTree.Create(
                [
                    new("overall", null, null), new("c1", "overall", t.W[0]), new("c2", "overall", t.W[1]),
                    new("a", "c1", t.W[2]), new("b", "c1", t.W[3]), new("c", "c2", 1),
                ], normalise: true);
                var r = WeightedIndex.Compute(tree, tree.BaseIndicators.ToDictionary(b => b, _ => t.Score));
                return r.Nodes.All(n => Math.Abs(n.Index!.Value - t.Score) < 1e-9);
            });

    [Property]
    public Property Create_Normalise_SiblingWeightsSumToOne() =>
        Prop.ForAll(Gen.Choose(1, 1000).ArrayOf().Where(a => a.Length > 0).ToArbitrary(), weights =>
        {
            var nodes = new List<IndicatorNode> { new("root", null, null) };
            nodes.AddRange(weights.Select((w, i) => new IndicatorNode($"n{i}", "root", w)));
            var tree = IndicatorTree.Create(nodes, normalise: true);
            return Math.Abs(tree.Children("root").Sum(c => tree.Node(c).Weight!.Value) - 1) < 1e-12;
        });
}
