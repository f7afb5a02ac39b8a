using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Manyi.Analytics.Value;

namespace Manyi.Analytics.Tests.Value;

public class CustomerValueWeightingTests
{
    private static readonly string[] TwoItems = ["speed", "quality"];

    // Hand computation (product.md M1.5, D'_ij = (K_i/K_o)·D_ij):
    //   customers A (K=10; 4, 5), B (K=30; 2, –), C (K=20; 5, 3).  K_o = mean K = (10+30+20)/3 = 20.
    //   speed:   plain = (4+2+5)/3 = 11/3;  weighted = (0.5·4 + 1.5·2 + 1·5)/3 = (2+3+5)/3 = 10/3.
    //   quality: answered by A and C only: plain = (5+3)/2 = 4; weighted = (0.5·5 + 1·3)/2 = 5.5/2 = 2.75.
    //   overall per customer (mean of answered items): A 4.5, B 2, C 4.
    //   overall plain = 10.5/3 = 3.5; weighted = (0.5·4.5 + 1.5·2 + 1·4)/3 = 9.25/3.
    [Fact]
    public void Weigh_MeanBase_MatchesHandComputation()
    {
        var result = CustomerValueWeighting.Weigh(TwoItems, Sample(), StandardValueBase.Mean);

        Assert.Equal(20, result.StandardValue, 1e-12);
        Assert.Equal(3, result.Customers);
        Assert.Equal(3, result.Items[0].N);
        Assert.Equal(11.0 / 3, result.Items[0].Plain!.Value, 1e-12);
        Assert.Equal(10.0 / 3, result.Items[0].Weighted!.Value, 1e-12);
        Assert.Equal(2, result.Items[1].N);
        Assert.Equal(4, result.Items[1].Plain!.Value, 1e-12);
        Assert.Equal(2.75, result.Items[1].Weighted!.Value, 1e-12);
        Assert.Equal(3.5, result.Overall.Plain!.Value, 1e-12);
        Assert.Equal(9.25 / 3, result.Overall.Weighted!.Value, 1e-12);
    }

    // Hand computation: K_o = min K = 10, so K/K_o = 1, 3, 2.
    //   speed weighted = (1·4 + 3·2 + 2·5)/3 = 20/3; overall weighted = (1·4.5 + 3·2 + 2·4)/3 = 18.5/3.
    [Fact]
    public void Weigh_MinimumBase_MatchesHandComputation()
    {
        var result = CustomerValueWeighting.Weigh(TwoItems, Sample(), StandardValueBase.Minimum);

        Assert.Equal(10, result.StandardValue, 1e-12);
        Assert.Equal(20.0 / 3, result.Items[0].Weighted!.Value, 1e-12);
        Assert.Equal(18.5 / 3, result.Overall.Weighted!.Value, 1e-12);
    }

    [Fact]
    public void Weigh_ItemWithoutAnswers_IsUndefinedNotNaN()
    {
        var customers = new[] { new ValuedCustomer("A", 5, [null]) };

        var result = CustomerValueWeighting.Weigh(["speed"], customers, StandardValueBase.Mean);

        Assert.Equal(0, result.Items[0].N);
        Assert.Null(result.Items[0].Plain);
        Assert.Null(result.Items[0].Weighted);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Weigh_NonPositiveValue_ThrowsNamingCustomer(double value)
    {
        var customers = new[] { new ValuedCustomer("A", 10, [4]), new ValuedCustomer("Acme Ltd", value, [3]) };

        var e = Assert.Throws<ArgumentException>(() => CustomerValueWeighting.Weigh(["speed"], customers, StandardValueBase.Mean));

        Assert.Contains("'Acme Ltd'", e.Message, StringComparison.Ordinal);
        Assert.Contains("positive", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weigh_DuplicateCustomer_ThrowsNamingCustomer()
    {
        var customers = new[] { new ValuedCustomer("A", 10, [4]), new ValuedCustomer("A", 10, [3]) };

        var e = Assert.Throws<ArgumentException>(() => CustomerValueWeighting.Weigh(["speed"], customers, StandardValueBase.Mean));

        Assert.Contains("'A' appears more than once", e.Message, StringComparison.Ordinal);
    }

    // Identity (product.md M1.5): with K_o = mean K, (1/n)·Σ (K_i/K̄)·D_i = Σ K_i·D_i / (n·K̄) = Σ K_i·D_i / Σ K_i.
    [Property]
    public Property Weigh_MeanBase_EqualsValueWeightedMeanOfD() =>
        Prop.ForAll(Customers().ToArbitrary(), customers =>
        {
            var result = CustomerValueWeighting.Weigh(["score"], customers, StandardValueBase.Mean);
            var kWeighted = customers.Sum(c => c.Value * c.Scores[0]!.Value) / customers.Sum(c => c.Value);
            return Math.Abs(result.Items[0].Weighted!.Value - kWeighted) < 1e-9;
        });

    [Property]
    public Property Weigh_EqualValues_WeightedEqualsPlain() =>
        Prop.ForAll(Customers().ToArbitrary(), Gen.Choose(1, 1000).ToArbitrary(), (customers, k) =>
        {
            var equal = customers.Select(c => c with { Value = k }).ToList();
            var result = CustomerValueWeighting.Weigh(["score"], equal, StandardValueBase.Minimum);
            return Math.Abs(result.Items[0].Weighted!.Value - result.Items[0].Plain!.Value) < 1e-9
                && Math.Abs(result.Overall.Weighted!.Value - result.Overall.Plain!.Value) < 1e-9;
        });

    [Property]
    public Property Weigh_RowOrder_DoesNotMatter() =>
        Prop.ForAll(Customers().SelectMany(c => Gen.Shuffle(c).Select(s => (c, s))).ToArbitrary(), pair =>
        {
            var a = CustomerValueWeighting.Weigh(["score"], pair.c, StandardValueBase.Mean);
            var b = CustomerValueWeighting.Weigh(["score"], pair.s, StandardValueBase.Mean);
            return Math.Abs(a.Items[0].Weighted!.Value - b.Items[0].Weighted!.Value) < 1e-9
                && Math.Abs(a.Items[0].Plain!.Value - b.Items[0].Plain!.Value) < 1e-9;
        });

    private static ValuedCustomer[] Sample() =>
    [
        new("A", 10, [4, 5]),
        new("B", 30, [2, null]),
        new("C", 20, [5, 3]),
    ];

    /// <summary>1–40 customers with values 1–1000 and one score 1–10 each.</summary>
    private static Gen<ValuedCustomer[]> Customers() =>
        Gen.Choose(1, 40).SelectMany(n =>
            Gen.Zip(Gen.Choose(1, 1000), Gen.Choose(1, 10))
                .ArrayOf(n)
                .Select(rows => rows.Select((r, i) => new ValuedCustomer($"c{i}", r.Item1, [r.Item2])).ToArray()));
}
