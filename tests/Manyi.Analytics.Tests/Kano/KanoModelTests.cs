using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Manyi.Analytics.Kano;

namespace Manyi.Analytics.Tests.Kano;

/// <summary>
/// The Kano evaluation table and Better/Worse coefficients of Berger et al. (1993), "Kano's methods for understanding
/// customer-defined quality", Center for Quality Management Journal 2(4): the 5 × 5 table (functional row ×
/// dysfunctional column) and the customer satisfaction coefficients (A+O)/(A+O+M+I) and −(O+M)/(A+O+M+I).
/// Counts and coefficients below are hand computations; coefficients are ratios of small integers (tolerance 1e-12).
/// </summary>
public class KanoModelTests
{
    // The table as published, row by row (functional: like, must-be, neutral, live-with, dislike):
    //   like      : Q A A A O
    //   must-be   : R I I I M
    //   neutral   : R I I I M
    //   live-with : R I I I M
    //   dislike   : R R R R Q
    private static readonly string[] Table = ["QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ"];

    public static TheoryData<KanoAnswer, KanoAnswer, string> AllCells()
    {
        var data = new TheoryData<KanoAnswer, KanoAnswer, string>();
        for (var f = 1; f <= 5; f++)
        {
            for (var d = 1; d <= 5; d++)
            {
                data.Add((KanoAnswer)f, (KanoAnswer)d, Table[f - 1][d - 1].ToString());
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllCells))]
    public void Classify_EveryCellOfEvaluationTable_MatchesBerger1993(KanoAnswer functional, KanoAnswer dysfunctional, string letter) =>
        Assert.Equal(letter, KanoModel.Letter(KanoModel.Classify(functional, dysfunctional)));

    private static KanoResponse R(string respondent, string feature, KanoAnswer? f, KanoAnswer? d) => new(respondent, feature, f, d);

    [Fact]
    public void Evaluate_TenRespondents_CountsCategoryAndCoefficients()
    {
        // 10 respondents on "app": 3 × (like, neutral) = A, 4 × (like, dislike) = O, 2 × (must-be, dislike) = M,
        // 1 × (neutral, neutral) = I. Most frequent: O (4).
        // Better = (A+O)/(A+O+M+I) = (3+4)/(3+4+2+1) = 7/10 = 0.7; Worse = −(O+M)/10 = −(4+2)/10 = −0.6.
        var rows = new List<KanoResponse>();
        var pairs = Enumerable.Repeat((KanoAnswer.Like, KanoAnswer.Neutral), 3)
            .Concat(Enumerable.Repeat((KanoAnswer.Like, KanoAnswer.Dislike), 4))
            .Concat(Enumerable.Repeat((KanoAnswer.MustBe, KanoAnswer.Dislike), 2))
            .Append((KanoAnswer.Neutral, KanoAnswer.Neutral))
            .ToList();
        for (var i = 0; i < pairs.Count; i++)
        {
            rows.Add(R($"r{i}", "app", pairs[i].Item1, pairs[i].Item2));
        }
        var feature = Assert.Single(KanoModel.Evaluate(rows));
        Assert.Equal(new KanoCounts(3, 4, 2, 1, 0, 0), feature.Counts);
        Assert.Equal(KanoCategory.OneDimensional, feature.Category);
        Assert.Equal([KanoCategory.OneDimensional], feature.TiedCategories);
        Assert.Equal(0.7, feature.Better!.Value, 1e-12);
        Assert.Equal(-0.6, feature.Worse!.Value, 1e-12);
    }

    [Fact]
    public void Evaluate_ReverseAndQuestionable_AreLeftOutOfCoefficients()
    {
        // A = 1 (like, live-with), M = 1 (live-with, dislike), R = 3 (dislike, neutral), Q = 1 (like, like).
        // Most frequent: R. Better = (1+0)/(1+0+1+0) = 0.5; Worse = −(0+1)/2 = −0.5 (R and Q not in the denominator).
        var rows = new List<KanoResponse>
        {
            R("1", "f", KanoAnswer.Like, KanoAnswer.LiveWith),
            R("2", "f", KanoAnswer.LiveWith, KanoAnswer.Dislike),
            R("3", "f", KanoAnswer.Dislike, KanoAnswer.Neutral),
            R("4", "f", KanoAnswer.Dislike, KanoAnswer.Neutral),
            R("5", "f", KanoAnswer.Dislike, KanoAnswer.Neutral),
            R("6", "f", KanoAnswer.Like, KanoAnswer.Like),
        };
        var feature = Assert.Single(KanoModel.Evaluate(rows));
        Assert.Equal(new KanoCounts(1, 0, 1, 0, 3, 1), feature.Counts);
        Assert.Equal(KanoCategory.Reverse, feature.Category);
        Assert.Equal(0.5, feature.Better!.Value, 1e-12);
        Assert.Equal(-0.5, feature.Worse!.Value, 1e-12);
    }

    [Fact]
    public void Evaluate_TiedCategories_ReportsAllInOrderMustBeFirst()
    {
        // A = 2 (like, neutral), M = 2 (neutral, dislike): tie between M and A; listed M, A (M > O > A > I).
        var rows = new List<KanoResponse>
        {
            R("1", "f", KanoAnswer.Like, KanoAnswer.Neutral),
            R("2", "f", KanoAnswer.Like, KanoAnswer.Neutral),
            R("3", "f", KanoAnswer.Neutral, KanoAnswer.Dislike),
            R("4", "f", KanoAnswer.Neutral, KanoAnswer.Dislike),
        };
        var feature = Assert.Single(KanoModel.Evaluate(rows));
        Assert.Equal(KanoCategory.MustBe, feature.Category);
        Assert.Equal([KanoCategory.MustBe, KanoCategory.Attractive], feature.TiedCategories);
    }

    [Fact]
    public void Evaluate_OnlyReverseAnswers_CoefficientsUndefined()
    {
        // A+O+M+I = 0: Better and Worse are 0/0, reported as null (not NaN).
        var feature = Assert.Single(KanoModel.Evaluate([R("1", "f", KanoAnswer.Dislike, KanoAnswer.Like)]));
        Assert.Null(feature.Better);
        Assert.Null(feature.Worse);
    }

    [Fact]
    public void Worse_NoOneDimensionalOrMustBe_IsPositiveZero()
    {
        // A = 1, O = M = I = 0: Worse = −(0 + 0)/1 = 0, which must print as 0, not −0.
        var worse = KanoModel.Worse(new KanoCounts(1, 0, 0, 0, 0, 0))!.Value;
        Assert.Equal(0, worse);
        Assert.False(double.IsNegative(worse));
    }

    [Fact]
    public void Evaluate_MissingAnswer_CountedAndLeftOut()
    {
        var rows = new List<KanoResponse>
        {
            R("1", "f", KanoAnswer.Like, KanoAnswer.Dislike),
            R("2", "f", null, KanoAnswer.Dislike),
        };
        var feature = Assert.Single(KanoModel.Evaluate(rows));
        Assert.Equal(1, feature.Counts.Total);
        Assert.Equal(1, feature.Missing);
    }

    [Theory]
    [InlineData("like", KanoAnswer.Like)]
    [InlineData("Must-be", KanoAnswer.MustBe)]
    [InlineData("must be", KanoAnswer.MustBe)]
    [InlineData("3", KanoAnswer.Neutral)]
    [InlineData("live-with", KanoAnswer.LiveWith)]
    [InlineData("能忍受", KanoAnswer.LiveWith)]
    [InlineData("不喜欢", KanoAnswer.Dislike)]
    [InlineData("理所当然", KanoAnswer.MustBe)]
    public void ParseAnswer_KnownSpellings_AreRead(string text, KanoAnswer expected) =>
        Assert.Equal(expected, KanoModel.ParseAnswer(text));

    [Fact]
    public void ParseAnswer_Unknown_IsNull() => Assert.Null(KanoModel.ParseAnswer("love it"));

    [Fact]
    public void ChineseName_ThreeLevels_AsSeedsName()
    {
        Assert.Equal("兴奋需求", KanoModel.ChineseName(KanoCategory.Attractive));
        Assert.Equal("期望需求", KanoModel.ChineseName(KanoCategory.OneDimensional));
        Assert.Equal("基本需求", KanoModel.ChineseName(KanoCategory.MustBe));
    }

    private static Gen<List<KanoResponse>> Answers() =>
        Gen.ListOf(Gen.Choose(1, 5).SelectMany(f => Gen.Choose(1, 5), (f, d) => ((KanoAnswer)f, (KanoAnswer)d)))
            .Where(l => l.Count > 0)
            .Select(l => l.Select((p, i) => new KanoResponse($"r{i}", $"f{i % 3}", p.Item1, p.Item2)).ToList());

    [Property]
    public Property Evaluate_AnyAnswers_BetterInUnitIntervalWorseInMinusOneToZero() =>
        Prop.ForAll(Answers().ToArbitrary(), rows => KanoModel.Evaluate(rows).All(f =>
            (f.Better is null || (f.Better >= 0 && f.Better <= 1)) && (f.Worse is null || (f.Worse >= -1 && f.Worse <= 0))));

    [Property]
    public Property Evaluate_ShuffledRows_SameCountsPerFeature()
    {
        var pairs = Answers().SelectMany(l => Gen.Shuffle(l.ToArray()), (l, s) => (l, s)).ToArbitrary();
        return Prop.ForAll(pairs, p =>
        {
            var y = KanoModel.Evaluate(p.s).ToDictionary(f => f.Feature);
            return KanoModel.Evaluate(p.l).All(f => f.Counts == y[f.Feature].Counts && f.Category == y[f.Feature].Category);
        });
    }
}
