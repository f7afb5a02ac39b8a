using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Manyi.Analytics.Indicators;

namespace Manyi.Analytics.Tests.Indicators;

public class ImportanceWeightsTests
{
    [Fact]
    public void FromRatings_ThreeRespondents_NormalisedMeans()
    {
        // Hand computation: a = (5, 4, 3) → mean 4; b = (2, –, 4) → mean 3 (blank left out); c = (3, 3, 3) → mean 3.
        // Σ means = 10 → w = (0.4, 0.3, 0.3).
        IReadOnlyList<double?>[] ratings = [[5, 2, 3], [4, null, 3], [3, 4, 3]];
        var w = ImportanceWeights.FromRatings(["a", "b", "c"], ratings);
        Assert.Equal(4, w[0].MeanImportance, 1e-12);
        Assert.Equal(2, w[1].N);
        Assert.Equal([0.4, 0.3, 0.3], w.Select(x => Math.Round(x.Weight, 12)));
    }

    [Fact]
    public void FromRatings_IndicatorNeverRated_NamesIt()
    {
        var e = Assert.Throws<ArgumentException>(() => ImportanceWeights.FromRatings(["a", "b"], [[5, null]]));
        Assert.Contains("'b' has no importance rating", e.Message, StringComparison.Ordinal);
    }

    [Property]
    public Property FromRatings_AnyRatings_WeightsSumToOne() =>
        Prop.ForAll(
            Gen.Choose(1, 6).SelectMany(n => Gen.Choose(1, 5).Select(i => (double?)i).ArrayOf(n).NonEmptyListOf()).ToArbitrary(),
            rows =>
            {
                var names = Enumerable.Range(0, rows[0].Length).Select(j => $"x{j}").ToArray();
                var w = ImportanceWeights.FromRatings(names, rows);
                return Math.Abs(w.Sum(x => x.Weight) - 1) < 1e-12;
            });
}
