using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Manyi.Analytics.Drivers;

namespace Manyi.Analytics.Tests.Drivers;

public class ImportancePerformanceTests
{
    // Hand computation: importance 4, 4, 2, 2 → mean 3; performance 2, 4, 2, 4 → mean 3.
    //   billing (4, 2): high importance, low performance → concentrate here; delivery (4, 4) → keep up the good work;
    //   packaging (2, 2) → low priority; website (2, 4) → possible overkill (Martilla & James 1977, Figure 1 quadrants).
    [Fact]
    public void Classify_MeanCrossHairs_PlacesEachQuadrant()
    {
        IpaIndicator[] indicators = [new("billing", 4, 2), new("delivery", 4, 4), new("packaging", 2, 2), new("website", 2, 4)];

        var result = ImportancePerformance.Classify(indicators);

        Assert.Equal(3, result.ImportanceCrossHair, 1e-12);
        Assert.Equal(3, result.PerformanceCrossHair, 1e-12);
        Assert.Equal(
            [IpaQuadrant.ConcentrateHere, IpaQuadrant.KeepUpTheGoodWork, IpaQuadrant.LowPriority, IpaQuadrant.PossibleOverkill],
            result.Points.Select(p => p.Quadrant));
        Assert.All(result.Points, p => Assert.False(p.OnCrossHair));
    }

    // Hand computation: importance mean (5 + 3 + 1)/3 = 3, so "service" (3, 2) lies on the importance cross-hair;
    // on a cross-hair counts as high → concentrate here, flagged.
    [Fact]
    public void Classify_PointOnCrossHair_CountsAsHighAndIsFlagged()
    {
        IpaIndicator[] indicators = [new("price", 5, 4), new("service", 3, 2), new("range", 1, 6)];

        var result = ImportancePerformance.Classify(indicators);

        Assert.Equal(4, result.PerformanceCrossHair, 1e-12);
        Assert.Equal(IpaQuadrant.ConcentrateHere, result.Points[1].Quadrant);
        Assert.True(result.Points[1].OnCrossHair);
        Assert.True(result.Points[0].OnCrossHair); // performance 4 = mean (4 + 2 + 6)/3
        Assert.Equal(IpaQuadrant.KeepUpTheGoodWork, result.Points[0].Quadrant);
    }

    // Scale mid-points of a 1–5 scale (3, 3): (4.2, 2.9) → concentrate here, (2.5, 3.1) → possible overkill.
    [Fact]
    public void Classify_GivenMidpoints_UsesThem()
    {
        IpaIndicator[] indicators = [new("billing", 4.2, 2.9), new("website", 2.5, 3.1)];

        var result = ImportancePerformance.Classify(indicators, 3, 3);

        Assert.Equal(3, result.ImportanceCrossHair);
        Assert.Equal(IpaQuadrant.ConcentrateHere, result.Points[0].Quadrant);
        Assert.Equal(IpaQuadrant.PossibleOverkill, result.Points[1].Quadrant);
    }

    [Fact]
    public void Classify_DuplicateIndicator_ThrowsNamingIt()
    {
        IpaIndicator[] indicators = [new("billing", 4, 2), new("billing", 3, 3)];

        var e = Assert.Throws<ArgumentException>(() => ImportancePerformance.Classify(indicators));

        Assert.Contains("'billing'", e.Message, StringComparison.Ordinal);
    }

    [Property]
    public Property Classify_RowOrder_DoesNotMatter() =>
        Prop.ForAll(
            Gen.Zip(Gen.Choose(1, 50), Gen.Choose(1, 50)).NonEmptyListOf()
                .Select(l => l.Select((p, i) => new IpaIndicator($"i{i}", p.Item1, p.Item2)).ToArray())
                .SelectMany(a => Gen.Shuffle(a).Select(s => (a, s)))
                .ToArbitrary(),
            pair =>
            {
                var a = ImportancePerformance.Classify(pair.a).Points.ToDictionary(p => p.Indicator, p => p.Quadrant);
                var b = ImportancePerformance.Classify(pair.s).Points.ToDictionary(p => p.Indicator, p => p.Quadrant);
                return a.All(kv => b[kv.Key] == kv.Value);
            });
}
