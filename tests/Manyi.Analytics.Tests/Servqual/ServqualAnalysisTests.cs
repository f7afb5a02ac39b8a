using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Manyi.Analytics.Servqual;

namespace Manyi.Analytics.Tests.Servqual;

/// <summary>
/// SERVQUAL (Parasuraman, Zeithaml &amp; Berry 1988, J. Retailing 64(1)): 22 items in five dimensions — tangibles 1–4,
/// reliability 5–9, responsiveness 10–13, assurance 14–17, empathy 18–22 — gap = P − E, dimension = mean of its item
/// gaps, overall = unweighted mean of the five, weighted = Σ (points/100)·gap. Expected values are hand computations
/// with ratings chosen so that every mean is exact in binary (tolerance 1e-12).
/// </summary>
public class ServqualAnalysisTests
{
    // Hand example on the standard 22 items, respondents r1 and r2 (E: r1 = 6 and r2 = 7 on every item, Ē = 6.5):
    //   tangibles 1–4        P r1 5, r2 6 → P̄ 5.5, item gap −1                    → dimension −1
    //   reliability 5–9      P r1 4, r2 6 → P̄ 5,   item gap −1.5                  → dimension −1.5
    //   responsiveness 10–11 P r1 6, r2 7 → P̄ 6.5, gap 0; 12–13 P 5, 6 → gap −1  → dimension (0+0−1−1)/4 = −0.5
    //   assurance 14–17      P r1 6, r2 7 → gap 0                                  → dimension 0
    //   empathy 18–22        P r1 4, r2 5 → P̄ 4.5, gap −2                         → dimension −2
    // Overall = (−1 − 1.5 − 0.5 + 0 − 2)/5 = −1.
    // Weighted with points 10/30/20/20/20: 0.1·(−1) + 0.3·(−1.5) + 0.2·(−0.5) + 0.2·0 + 0.2·(−2) = −0.1 − 0.45 − 0.1 − 0.4 = −1.05.
    // r3 gives only E on item 1 (no P): not a complete pair, counted as missing, changes nothing.
    private static List<ServqualRating> HandExample()
    {
        static (double R1, double R2) Perception(int item) => item switch
        {
            <= 4 => (5, 6),
            <= 9 => (4, 6),
            <= 11 => (6, 7),
            <= 13 => (5, 6),
            <= 17 => (6, 7),
            _ => (4, 5),
        };
        var list = new List<ServqualRating>();
        for (var item = 1; item <= 22; item++)
        {
            var id = item.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var (p1, p2) = Perception(item);
            list.Add(new ServqualRating("r1", id, 6, p1));
            list.Add(new ServqualRating("r2", id, 7, p2));
        }
        list.Add(new ServqualRating("r3", "1", 5, null));
        return list;
    }

    private static readonly Dictionary<string, double> Points = new()
    {
        ["tangibles"] = 10, ["reliability"] = 30, ["responsiveness"] = 20, ["assurance"] = 20, ["empathy"] = 20,
    };

    [Fact]
    public void Standard_Instrument_Has22ItemsIn4_5_4_4_5()
    {
        var instrument = ServqualInstrument.Standard;
        Assert.Equal(["tangibles", "reliability", "responsiveness", "assurance", "empathy"], instrument.Dimensions);
        Assert.Equal([4, 5, 4, 4, 5], instrument.Dimensions.Select(d => instrument.Items.Count(i => i.Value == d)));
        Assert.Equal("reliability", instrument.DimensionOf("9"));
        Assert.Equal("responsiveness", instrument.DimensionOf("10"));
        Assert.Equal("empathy", instrument.DimensionOf("18"));
    }

    [Fact]
    public void Evaluate_HandExample_ItemAndDimensionGaps()
    {
        var result = ServqualAnalysis.Evaluate(ServqualInstrument.Standard, HandExample());
        Assert.Equal(3, result.Respondents);
        Assert.Equal(22, result.Items.Count);
        var item1 = result.Items[0];
        Assert.Equal((2, 1), (item1.N, item1.Missing));
        Assert.Equal(6.5, item1.Expectation, 1e-12);
        Assert.Equal(5.5, item1.Perception, 1e-12);
        Assert.Equal(-1, item1.Gap, 1e-12);
        Assert.Equal(0, result.Items[9].Gap, 1e-12);
        Assert.Equal(-1, result.Items[11].Gap, 1e-12);
        Assert.Equal([-1, -1.5, -0.5, 0, -2], result.Dimensions.Select(d => Math.Round(d.Gap, 12)));
        Assert.Equal(-1, result.Gap, 1e-12);
        Assert.Null(result.WeightedGap);
    }

    [Fact]
    public void Evaluate_HandExampleWithPoints_WeightedGap()
    {
        var result = ServqualAnalysis.Evaluate(ServqualInstrument.Standard, HandExample(), Points);
        Assert.Equal(-1.05, result.WeightedGap!.Value, 1e-12);
        Assert.Equal(-0.45, result.Dimensions[1].WeightedGap!.Value, 1e-12);
        Assert.Equal(30, result.Dimensions[1].Points);
    }

    [Fact]
    public void Evaluate_PointsNotSummingTo100_ThrowsWithSum()
    {
        var points = new Dictionary<string, double>(Points) { ["empathy"] = 10 };
        var e = Assert.Throws<ArgumentException>(() => ServqualAnalysis.Evaluate(ServqualInstrument.Standard, HandExample(), points));
        Assert.Contains("sum to 100", e.Message, StringComparison.Ordinal);
        Assert.Contains("= 90", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_PointsForUnknownDimension_ThrowsNamingIt()
    {
        var points = new Dictionary<string, double>(Points) { ["price"] = 0 };
        var e = Assert.Throws<ArgumentException>(() => ServqualAnalysis.Evaluate(ServqualInstrument.Standard, HandExample(), points));
        Assert.Contains("'price'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ItemOutsideInstrument_ThrowsNamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => ServqualAnalysis.Evaluate(ServqualInstrument.Standard, [new ServqualRating("r1", "23", 5, 5)]));
        Assert.Contains("'23'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_CustomMapping_UsesItsDimensions()
    {
        // staff: a (E 5, P 4) gap −1, b (E 5, P 5) gap 0 → −0.5; premises: c (E 4, P 5) gap +1 → +1. Overall (−0.5 + 1)/2 = 0.25.
        var instrument = ServqualInstrument.Create([new("a", "staff"), new("b", "staff"), new("c", "premises")]);
        var result = ServqualAnalysis.Evaluate(instrument, [new("r1", "a", 5, 4), new("r1", "b", 5, 5), new("r1", "c", 4, 5)]);
        Assert.Equal(["staff", "premises"], result.Dimensions.Select(d => d.Dimension));
        Assert.Equal(-0.5, result.Dimensions[0].Gap, 1e-12);
        Assert.Equal(1, result.Dimensions[1].Gap, 1e-12);
        Assert.Equal(0.25, result.Gap, 1e-12);
    }

    [Fact]
    public void Evaluate_DimensionWithoutRatings_ThrowsNamingIt()
    {
        var ratings = HandExample().Where(r => r.Item is not ("14" or "15" or "16" or "17")).ToList();
        var e = Assert.Throws<ArgumentException>(() => ServqualAnalysis.Evaluate(ServqualInstrument.Standard, ratings));
        Assert.Contains("'assurance'", e.Message, StringComparison.Ordinal);
    }

    [Property]
    public Property Evaluate_ShuffledRows_SameGaps()
    {
        var shuffled = Gen.Shuffle(HandExample().ToArray()).ToArbitrary();
        var reference = ServqualAnalysis.Evaluate(ServqualInstrument.Standard, HandExample(), Points);
        return Prop.ForAll(shuffled, rows =>
        {
            var r = ServqualAnalysis.Evaluate(ServqualInstrument.Standard, rows, Points);
            return Math.Abs(r.Gap - reference.Gap) < 1e-12
                && Math.Abs(r.WeightedGap!.Value - reference.WeightedGap!.Value) < 1e-12
                && r.Items.Zip(reference.Items).All(p => p.First.Item == p.Second.Item && Math.Abs(p.First.Gap - p.Second.Gap) < 1e-12);
        });
    }
}
