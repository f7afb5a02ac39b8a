using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Manyi.Analytics.Linguistic;
using Manyi.Analytics.Ratios;

namespace Manyi.Analytics.Tests.Linguistic;

/// <summary>
/// The six steps of product.md M1.4 on a survey worked out by hand (below, with exact fractions), and the invariants:
/// row order does not matter, Σξ = 1, Φ = 1 when perception labels equal expectation labels.
/// </summary>
public class LinguisticSatisfactionTests
{
    // Hand example: S = {N, VL, L, M, H, VH, P} = {s0 … s6}; m = 4 customers (c1–c4), n = 3 indicators.
    //            importance z        perception r        expectation e
    //            c1 c2 c3 c4         c1 c2 c3 c4         c1 c2 c3 c4
    // A          VH VH P  H          H  M  H  VH         VH VH H  VH
    // B          M  L  M  M          VH VH H  VH         H  H  M  H
    // C          H  H  H  –          M  H  M  M          H  H  H  VH      (– = missing)
    //
    // Step 1: labels → (s_i, 0): VH = 5, P = 6, H = 4, M = 3, L = 2.
    // Step 2: column means (missing left out):
    //   β^z: A (5+5+6+4)/4 = 5      → (VH, 0);  B (3+2+3+3)/4 = 2.75 → (M, −0.25);  C (4+4+4)/3 = 4 → (H, 0)
    //   β^r: A (4+3+4+5)/4 = 4      → (H, 0);   B (5+5+4+5)/4 = 4.75 → (VH, −0.25); C (3+4+3+3)/4 = 3.25 → (M, 0.25)
    //   β^e: A (5+5+4+5)/4 = 4.75   → (VH, −0.25); B (4+4+3+4)/4 = 3.75 → (H, −0.25); C (4+4+4+5)/4 = 4.25 → (H, 0.25)
    // Step 3: Σβ^z = 5 + 2.75 + 4 = 11.75 = 47/4; ξ_A = 20/47, ξ_B = 11/47, ξ_C = 16/47.
    // Step 4: d_A = 4/4.75 = 16/19 ≈ 0.8421; d_B = 4.75/3.75 = 19/15 ≈ 1.2667; d_C = 3.25/4.25 = 13/17 ≈ 0.7647.
    // Step 5: Φ = (16/19)(20/47) + (19/15)(11/47) + (13/17)(16/47) = 320/893 + 209/705 + 208/799 ≈ 0.9151.
    // Step 6: ranks by d: B 1, A 2, C 3. Φ ≈ 0.915: A (0.842) and C (0.765) < Φ → key; B general.
    //         1/n = 1/3 ≈ 0.333: ξ_A ≈ 0.426 and ξ_C ≈ 0.340 > 1/3 → focus; ξ_B ≈ 0.234 → ordinary.
    //         Φ < 0.95 (M1.2 band ±0.05) → dissatisfied.
    private static readonly string?[,] Survey =
    {
        // indicator, respondent, z, r, e
        { "A", "c1", "VH", "H", "VH" }, { "A", "c2", "VH", "M", "VH" }, { "A", "c3", "P", "H", "H" }, { "A", "c4", "H", "VH", "VH" },
        { "B", "c1", "M", "VH", "H" }, { "B", "c2", "L", "VH", "H" }, { "B", "c3", "M", "H", "M" }, { "B", "c4", "M", "VH", "H" },
        { "C", "c1", "H", "M", "H" }, { "C", "c2", "H", "H", "H" }, { "C", "c3", "H", "M", "H" }, { "C", "c4", null, "M", "VH" },
    };

    private static List<LinguisticAssessment> HandExample()
    {
        var terms = LinguisticTermSet.Default;
        TwoTuple? T(string? label) => label is null ? null : terms.ToTwoTuple(label);
        var list = new List<LinguisticAssessment>();
        for (var row = 0; row < Survey.GetLength(0); row++)
        {
            list.Add(new LinguisticAssessment(Survey[row, 1]!, Survey[row, 0]!, T(Survey[row, 2]), T(Survey[row, 3]), T(Survey[row, 4])));
        }
        return list;
    }

    [Fact]
    public void Evaluate_HandExample_AggregatesColumnsWithTwoTupleMean()
    {
        var result = LinguisticSatisfaction.Evaluate(LinguisticTermSet.Default, HandExample());
        var a = result.Indicators[0];
        var b = result.Indicators[1];
        var c = result.Indicators[2];
        Assert.Equal(4, result.Respondents);
        Assert.Equal(["A", "B", "C"], result.Indicators.Select(i => i.Indicator));
        Assert.Equal(5, a.Importance.Beta, 1e-12);
        Assert.Equal("VH", a.Importance.Label);
        Assert.Equal(2.75, b.Importance.Beta, 1e-12);
        Assert.Equal("M", b.Importance.Label);
        Assert.Equal(-0.25, b.Importance.Alpha, 1e-12);
        Assert.Equal(4, c.Importance.Beta, 1e-12);
        Assert.Equal(3, c.Importance.Answers);
        Assert.Equal(4.75, a.Expectation.Beta, 1e-12);
        Assert.Equal("VH", a.Expectation.Label);
        Assert.Equal(-0.25, a.Expectation.Alpha, 1e-12);
        Assert.Equal(3.25, c.Perception.Beta, 1e-12);
        Assert.Equal("M", c.Perception.Label);
        Assert.Equal(0.25, c.Perception.Alpha, 1e-12);
        Assert.Equal(4.25, c.Expectation.Beta, 1e-12);
        Assert.Equal("H", c.Expectation.Label);
    }

    [Fact]
    public void Evaluate_HandExample_WeightsSatisfactionAndOverall()
    {
        var result = LinguisticSatisfaction.Evaluate(LinguisticTermSet.Default, HandExample());
        var (a, b, c) = (result.Indicators[0], result.Indicators[1], result.Indicators[2]);
        Assert.Equal(20.0 / 47, a.Weight, 1e-12);
        Assert.Equal(11.0 / 47, b.Weight, 1e-12);
        Assert.Equal(16.0 / 47, c.Weight, 1e-12);
        Assert.Equal(16.0 / 19, a.Satisfaction, 1e-12);
        Assert.Equal(19.0 / 15, b.Satisfaction, 1e-12);
        Assert.Equal(13.0 / 17, c.Satisfaction, 1e-12);
        Assert.Equal(320.0 / 893 + 209.0 / 705 + 208.0 / 799, result.Overall, 1e-12);
        Assert.Equal(SatisfactionVerdict.Dissatisfied, result.Verdict);
    }

    [Fact]
    public void Evaluate_HandExample_RanksAndClassifies()
    {
        var result = LinguisticSatisfaction.Evaluate(LinguisticTermSet.Default, HandExample());
        var (a, b, c) = (result.Indicators[0], result.Indicators[1], result.Indicators[2]);
        Assert.Equal((2, ImprovementClass.Key, ObjectClass.Focus), (a.Rank, a.Improvement, a.ObjectClass));
        Assert.Equal((1, ImprovementClass.General, ObjectClass.Ordinary), (b.Rank, b.Improvement, b.ObjectClass));
        Assert.Equal((3, ImprovementClass.Key, ObjectClass.Focus), (c.Rank, c.Improvement, c.ObjectClass));
        Assert.Equal(result.Overall, result.Chart.SatisfactionCrossHair, 1e-15);
        Assert.Equal(1.0 / 3, result.Chart.WeightCrossHair, 1e-15);
    }

    [Fact]
    public void Evaluate_EqualSatisfaction_SharesRankAndSkipsNext()
    {
        // Two indicators with identical answers (d = 4/4 = 1) and one lower (d = 2/4 = 0.5): ranks 1, 1, 3.
        var t = LinguisticTermSet.Default;
        var rows = new List<LinguisticAssessment>
        {
            new("c1", "X", t.ToTwoTuple("H"), t.ToTwoTuple("H"), t.ToTwoTuple("H")),
            new("c1", "Y", t.ToTwoTuple("H"), t.ToTwoTuple("H"), t.ToTwoTuple("H")),
            new("c1", "Z", t.ToTwoTuple("H"), t.ToTwoTuple("L"), t.ToTwoTuple("H")),
        };
        var result = LinguisticSatisfaction.Evaluate(t, rows);
        Assert.Equal([1, 1, 3], result.Indicators.Select(i => i.Rank));
    }

    [Fact]
    public void Evaluate_AllExpectationsNone_ThrowsNamingIndicator()
    {
        var t = LinguisticTermSet.Default;
        var rows = new List<LinguisticAssessment> { new("c1", "Billing", t.ToTwoTuple("H"), t.ToTwoTuple("H"), t.ToTwoTuple("N")) };
        var e = Assert.Throws<ArgumentException>(() => LinguisticSatisfaction.Evaluate(t, rows));
        Assert.Contains("'Billing'", e.Message, StringComparison.Ordinal);
        Assert.Contains("undefined", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_SameCustomerTwice_Throws()
    {
        var t = LinguisticTermSet.Default;
        var row = new LinguisticAssessment("c1", "Billing", t.ToTwoTuple("H"), t.ToTwoTuple("H"), t.ToTwoTuple("H"));
        var e = Assert.Throws<ArgumentException>(() => LinguisticSatisfaction.Evaluate(t, [row, row]));
        Assert.Contains("more than once", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    // M1.2 band ±0.05: 0.9499 < 0.95 dissatisfied; 0.95 and 1.05 inside; 1.0501 delighted.
    [InlineData(0.9499, SatisfactionVerdict.Dissatisfied)]
    [InlineData(0.95, SatisfactionVerdict.Satisfied)]
    [InlineData(1.05, SatisfactionVerdict.Satisfied)]
    [InlineData(1.0501, SatisfactionVerdict.Delighted)]
    public void Verdict_RatioAroundBand_ReadsAsM12(double ratio, SatisfactionVerdict expected) =>
        Assert.Equal(expected, Disconfirmation.Classify(ratio, 0.05));

    // Random surveys: 1–6 customers × 1–5 indicators, labels s1…s6 (s0 excluded from expectation and importance so
    // that d and ξ are defined), each answer missing with probability 1/8 except one complete customer.
    private static Gen<List<LinguisticAssessment>> Surveys()
    {
        var label = Gen.Choose(1, 6).Select(i => (TwoTuple?)new TwoTuple(i, 0));
        var maybe = Gen.Frequency((7, label), (1, Gen.Constant((TwoTuple?)null)));
        return Gen.Choose(1, 6).SelectMany(m => Gen.Choose(1, 5), (m, n) => (m, n))
            .SelectMany(
                size => Gen.ArrayOf(maybe.SelectMany(z => maybe, (z, r) => (z, r)).SelectMany(_ => maybe, (zr, e) => (zr.z, zr.r, e)), size.m * size.n),
                (size, answers) =>
                {
                    var list = new List<LinguisticAssessment>();
                    for (var i = 0; i < size.m; i++)
                    {
                        for (var j = 0; j < size.n; j++)
                        {
                            var (z, r, e) = answers[i * size.n + j];
                            list.Add(i == 0
                                ? new LinguisticAssessment("c0", $"q{j}", z ?? new TwoTuple(3, 0), r ?? new TwoTuple(3, 0), e ?? new TwoTuple(3, 0))
                                : new LinguisticAssessment($"c{i}", $"q{j}", z, r, e));
                        }
                    }
                    return list;
                });
    }

    [Property]
    public Property Evaluate_ShuffledRows_SameResultPerIndicator()
    {
        var pairs = Surveys().SelectMany(s => Gen.Shuffle(s.ToArray()), (s, shuffled) => (s, shuffled)).ToArbitrary();
        return Prop.ForAll(pairs, p =>
        {
            var x = LinguisticSatisfaction.Evaluate(LinguisticTermSet.Default, p.s);
            var y = LinguisticSatisfaction.Evaluate(LinguisticTermSet.Default, p.shuffled).Indicators.ToDictionary(i => i.Indicator);
            return Math.Abs(x.Overall - LinguisticSatisfaction.Evaluate(LinguisticTermSet.Default, p.shuffled).Overall) < 1e-12
                && x.Indicators.All(i =>
                    Math.Abs(i.Weight - y[i.Indicator].Weight) < 1e-12
                    && Math.Abs(i.Satisfaction - y[i.Indicator].Satisfaction) < 1e-12
                    && i.Rank == y[i.Indicator].Rank
                    && i.Improvement == y[i.Indicator].Improvement
                    && i.ObjectClass == y[i.Indicator].ObjectClass);
        });
    }

    [Property]
    public Property Evaluate_AnySurvey_WeightsSumToOne() =>
        Prop.ForAll(Surveys().ToArbitrary(), s =>
            Math.Abs(LinguisticSatisfaction.Evaluate(LinguisticTermSet.Default, s).Indicators.Sum(i => i.Weight) - 1) < 1e-12);

    [Property]
    public Property Evaluate_PerceptionEqualsExpectation_OverallIsOne() =>
        Prop.ForAll(Surveys().ToArbitrary(), s =>
        {
            var same = s.Select(a => a with { Perception = a.Expectation }).ToList();
            var result = LinguisticSatisfaction.Evaluate(LinguisticTermSet.Default, same);
            return Math.Abs(result.Overall - 1) < 1e-12
                && result.Verdict == SatisfactionVerdict.Satisfied
                && result.Indicators.All(i => i.Satisfaction == 1 && i.Rank == 1 && i.Improvement == ImprovementClass.General);
        });
}
