using Manyi.Analytics.Scores;

namespace Manyi.Analytics.Tests.Scores;

public class ItemAccumulatorTests
{
    [Fact]
    public void Result_WholeAndBetweenPointAnswers_MatchesHandComputation()
    {
        // Hand computation for 1.5, 2, 4.5 on 1–5 (minimum n 1):
        //   x̄ = 8/3 = 2.6666…; Σ(x − x̄)² = (−7/6)² + (−2/3)² + (11/6)² = 49/36 + 16/36 + 121/36 = 186/36 = 31/6
        //   s² = (31/6)/2 = 31/12, s = 1.6072751…; top-2 (x ≥ 4): 4.5 → 1/3 = 33.33…%
        //   score = 100·(8/3 − 1)/4 = 41.666…; 1.5 and 4.5 are between points, only 2 is in the distribution.
        var accumulator = new ItemAccumulator(Scale.Satisfaction);
        accumulator.Add(1.5);
        accumulator.Add(2);
        accumulator.AddMissing();
        accumulator.Add(4.5);

        var result = accumulator.Result(new ItemOptions(MinimumN: 1));

        Assert.Equal(3, result.N);
        Assert.Equal(1, result.Missing);
        Assert.Equal(8.0 / 3, result.Mean!.Value, 1e-12);
        Assert.Equal(Math.Sqrt(31.0 / 12), result.StandardDeviation!.Value, 1e-12);
        Assert.Equal(100.0 / 3, result.TopBoxPercent!.Value, 1e-12);
        Assert.Equal(500.0 / 12, result.Score!.Value, 1e-12);
        Assert.Equal(2, result.BetweenPoints);
        Assert.Equal([0L, 1, 0, 0, 0], result.Distribution.Select(d => d.Count));
    }

    [Fact]
    public void AddPoint_Counts_SameAsAddingEachAnswer()
    {
        // 3 answers of 5 and 2 of 1 on 1–5: x̄ = (15 + 2)/5 = 3.4, Σ(x − x̄)² = 3·1.6² + 2·2.4² = 7.68 + 11.52 = 19.2, s = √4.8.
        var accumulator = new ItemAccumulator(Scale.Satisfaction);
        accumulator.AddPoint(5, 3);
        accumulator.AddPoint(1, 2);

        var result = accumulator.Result();

        Assert.Equal(3.4, result.Mean!.Value, 1e-12);
        Assert.Equal(Math.Sqrt(4.8), result.StandardDeviation!.Value, 1e-12);
        Assert.Equal(60, result.TopBoxPercent!.Value, 1e-12);
    }

    [Fact]
    public void Add_OutsideScale_Throws()
    {
        var accumulator = new ItemAccumulator(Scale.Satisfaction);

        Assert.Throws<ArgumentException>(() => accumulator.Add(0));
        Assert.Throws<ArgumentException>(() => accumulator.Add(double.NaN));
        Assert.Throws<ArgumentException>(() => accumulator.AddPoint(6));
    }
}
