using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Manyi.Analytics.Comparisons;

namespace Manyi.Analytics.Tests.Comparisons;

public class WaveComparisonTests
{
    private static List<WaveObservation> Wave(string segment, params double[] values) =>
        values.Select(v => new WaveObservation(segment, v)).ToList();

    [Fact]
    public void Compare_TopBoxBySegment_Hand()
    {
        // Hand, CSAT = share of 4 and 5 on the 1–5 scale:
        // north before 5,4,3,2,1 → 2/5; after 5,5,4,3,2 → 3/5. south before 5,5,5,4,1 → 4/5; after 5,4,4,4,4 → 5/5.
        // Overall before 6/10 = 0.6, after 8/10 = 0.8, change 0.2;
        // pooled 14/20 = 0.7: SE0 = √(0.7·0.3·(1/10 + 1/10)) = √0.042 = 0.204939, z = 0.2/0.204939 = 0.975900.
        var before = Wave("north", 5, 4, 3, 2, 1).Concat(Wave("south", 5, 5, 5, 4, 1)).ToList();
        var after = Wave("south", 5, 4, 4, 4, 4).Concat(Wave("north", 5, 5, 4, 3, 2)).ToList();
        var result = WaveComparison.Compare(before, after, WaveMeasure.TopBox(1, 5, 2), 0.05, minimumN: 5);
        Assert.Equal(0.6, result.Overall.Change.Before!.Value, 1e-12);
        Assert.Equal(0.8, result.Overall.Change.After!.Value, 1e-12);
        Assert.Equal(0.975900, result.Overall.Change.Statistic!.Value, 1e-6);
        Assert.Equal(["north", "south"], result.Segments.Select(s => s.Segment));
        Assert.Equal(0.4, result.Segments[0].Change.Before!.Value, 1e-12);
        Assert.Equal(0.6, result.Segments[0].Change.After!.Value, 1e-12);
        Assert.Equal(1.0, result.Segments[1].Change.After!.Value, 1e-12);
        Assert.Null(result.Overall.Segment);
    }

    [Fact]
    public void Compare_SegmentBelowMinimumN_Suppressed()
    {
        var before = Wave("a", 1, 2, 3, 4, 5).Concat(Wave("b", 3, 4)).ToList();
        var after = Wave("a", 2, 3, 4, 5, 5).Concat(Wave("b", 5, 5, 5, 5, 5)).ToList();
        var result = WaveComparison.Compare(before, after, WaveMeasure.Mean(1, 5), 0.05, minimumN: 5);
        var b = result.Segments.Single(s => s.Segment == "b");
        Assert.True(b.Suppressed);
        Assert.Equal(2, b.Change.BeforeN);
        Assert.Equal(5, b.Change.AfterN);
        Assert.Null(b.Change.Before);
        Assert.Null(b.Change.Change);
        Assert.False(result.Segments.Single(s => s.Segment == "a").Suppressed);
        // Hand: segment a means 3 → 3.8.
        Assert.Equal(0.8, result.Segments.Single(s => s.Segment == "a").Change.Change!.Value, 1e-12);
    }

    [Fact]
    public void Compare_Nps_CountsCategories()
    {
        // Hand: before 10,9,8,7,6,0 → promoters 2, passives 2, detractors 2: NPS 0.
        // after 10,10,9,8,6,5 → 3, 1, 2: NPS = 100·(3 − 2)/6 = 16.667.
        var result = WaveComparison.Compare(Wave("x", 10, 9, 8, 7, 6, 0), Wave("x", 10, 10, 9, 8, 6, 5), WaveMeasure.Nps(), 0.05, 5);
        Assert.Equal(0, result.Overall.Change.Before!.Value, 1e-12);
        Assert.Equal(100.0 / 6.0, result.Overall.Change.After!.Value, 1e-9);
        Assert.Equal(2.0 / 6.0, result.Overall.Promoters!.Before!.Value, 1e-12);
        Assert.Equal(2.0 / 6.0, result.Overall.Detractors!.After!.Value, 1e-12);
    }

    [Fact]
    public void Compare_NpsValueOffScale_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => WaveComparison.Compare(Wave("x", 11), Wave("x", 5), WaveMeasure.Nps()));
        Assert.Contains("before wave: 11 is not a whole number on the 0–10 scale", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_TopBoxAllPoints_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => WaveComparison.Compare(Wave("x", 1), Wave("x", 5), WaveMeasure.TopBox(1, 5, 5)));
        Assert.Contains("top box 5", e.Message, StringComparison.Ordinal);
    }

    private static Gen<List<WaveObservation>> WaveGen =>
        from n in Gen.Choose(0, 60)
        from segments in Gen.ArrayOf(Gen.Elements("a", "b", "c"), n)
        from values in Gen.ArrayOf(Gen.Choose(0, 10), n)
        select segments.Select((s, i) => new WaveObservation(s, values[i])).ToList();

    private static Gen<(List<WaveObservation> Before, List<WaveObservation> After)> WavesGen =>
        from before in WaveGen
        from after in WaveGen
        select (before, after);

    private static Gen<WaveMeasure> MeasureGen => Gen.Elements(WaveMeasure.Mean(0, 10), WaveMeasure.TopBox(0, 10, 2), WaveMeasure.Nps());

    private static bool Same(double? x, double? y, double sign = 1) =>
        (x is null && y is null) || (x is { } a && y is { } b && Math.Abs(a - (sign * b)) < 1e-9);

    [Property]
    public Property Compare_RowOrder_DoesNotMatter() =>
        Prop.ForAll(WavesGen.ToArbitrary(), MeasureGen.ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (waves, measure, seed) =>
        {
            var (before, after) = waves;
            var random = new Random(seed);
            var first = WaveComparison.Compare(before, after, measure, 0.05, 2);
            var second = WaveComparison.Compare(before.OrderBy(_ => random.Next()).ToList(), after.OrderBy(_ => random.Next()).ToList(), measure, 0.05, 2);
            return first.Segments.Count == second.Segments.Count
                && first.Segments.Prepend(first.Overall).Zip(second.Segments.Prepend(second.Overall)).All(p =>
                    p.First.Segment == p.Second.Segment
                    && Same(p.First.Change.Change, p.Second.Change.Change)
                    && Same(p.First.Change.PValue, p.Second.Change.PValue));
        });

    [Property]
    public Property Compare_SwappedWaves_NegatesChangeKeepsP() =>
        Prop.ForAll(WaveGen.ToArbitrary(), WaveGen.ToArbitrary(), MeasureGen.ToArbitrary(), (before, after, measure) =>
        {
            var forward = WaveComparison.Compare(before, after, measure, 0.05, 2);
            var backward = WaveComparison.Compare(after, before, measure, 0.05, 2);
            return forward.Segments.Prepend(forward.Overall).Zip(backward.Segments.Prepend(backward.Overall)).All(p =>
                Same(p.First.Change.Change, p.Second.Change.Change, -1)
                && Same(p.First.Change.PValue, p.Second.Change.PValue)
                && p.First.Change.Significant == p.Second.Change.Significant);
        });
}
