using Manyi.Core.Cases;
using Manyi.Core.Surveys;

namespace Manyi.Core.Tests.Cases;

public sealed class AlertCheckTests
{
    private static readonly QuestionnaireDefinition Survey = new()
    {
        Title = new LocalText("测试"),
        Pages =
        [
            new QuestionPage
            {
                Questions =
                [
                    new Question { Code = "recommend", Type = QuestionType.Nps, Text = new LocalText("推荐"), Why = new LocalText("原因") },
                    new Question { Code = "csat", Type = QuestionType.Csat, Text = new LocalText("满意") },
                    new Question { Code = "speed", Type = QuestionType.Scale, ScaleMin = 1, ScaleMax = 5, Indicator = "I1", Text = new LocalText("速度") },
                    new Question { Code = "repair", Type = QuestionType.Triple, Indicator = "I2", Text = new LocalText("抢修") },
                    new Question { Code = "comment", Type = QuestionType.Text, Text = new LocalText("意见") },
                ],
            },
        ],
    };

    private static AlertRule Rule(AlertRuleKind kind, double? threshold = null, string? indicator = null, params string[] keywords) =>
        new() { Id = Guid.NewGuid(), Name = kind.ToString(), Kind = kind, Threshold = threshold, IndicatorCode = indicator, Keywords = [.. keywords] };

    private static IReadOnlyList<string> Reasons(AlertRule rule, Dictionary<string, string> answers) => AlertCheck.Reasons(rule, Survey, answers);

    [Theory]
    [InlineData("0", true)]
    [InlineData("6", true)]
    [InlineData("7", false)]
    [InlineData("10", false)]
    public void NpsDetractor_IsZeroToSix(string answer, bool trips) =>
        Assert.Equal(trips ? ["recommend = " + answer + " (detractor)"] : [], Reasons(Rule(AlertRuleKind.NpsDetractor), new() { ["recommend"] = answer }));

    [Fact]
    public void Csat_AtMostTwoByDefault_OrTheThreshold()
    {
        Assert.Equal(["csat = 2 (CSAT ≤ 2)"], Reasons(Rule(AlertRuleKind.CsatAtMost), new() { ["csat"] = "2" }));
        Assert.Empty(Reasons(Rule(AlertRuleKind.CsatAtMost), new() { ["csat"] = "3" }));
        Assert.Equal(["csat = 3 (CSAT ≤ 3)"], Reasons(Rule(AlertRuleKind.CsatAtMost, 3), new() { ["csat"] = "3" }));
    }

    [Fact]
    public void Indicator_ReadsTheBoundQuestion_AndThePerceptionCellOfATriple()
    {
        Assert.Equal(["speed = 2 (below 3)"], Reasons(Rule(AlertRuleKind.IndicatorBelow, 3, "I1"), new() { ["speed"] = "2" }));
        Assert.Empty(Reasons(Rule(AlertRuleKind.IndicatorBelow, 3, "I1"), new() { ["speed"] = "3" }));
        // Importance 1 is not the perception: only perception 2 < 3 trips.
        Assert.Equal(["repair.perception = 2 (below 3)"],
            Reasons(Rule(AlertRuleKind.IndicatorBelow, 3, "I2"), new() { ["repair.importance"] = "1", ["repair.perception"] = "2", ["repair.expectation"] = "5" }));
        Assert.Empty(Reasons(Rule(AlertRuleKind.IndicatorBelow, 3, "I9"), new() { ["speed"] = "1" }));
    }

    [Fact]
    public void Keywords_ChineseBySubstring_EnglishAsWholeWords_InTextAndWhyCells()
    {
        var defaults = Rule(AlertRuleKind.NegativeKeywords);
        Assert.Equal(["comment contains \"停电\""], Reasons(defaults, new() { ["comment"] = "昨天又停电了" }));
        Assert.Equal(["recommend.why contains \"terrible\""], Reasons(defaults, new() { ["recommend.why"] = "Service was TERRIBLE." }));
        // Whole words only in English: "rudely" and "prudent" are not "rude"; a Chinese neighbour is a word boundary.
        Assert.Empty(Reasons(defaults, new() { ["comment"] = "a prudent, rudely short form" }));
        Assert.Equal(["comment contains \"rude\""], Reasons(defaults, new() { ["comment"] = "客服rude" }));
        Assert.Equal(["comment contains \"never again\""], Reasons(defaults, new() { ["comment"] = "Never again!" }));
        // A rule's own keywords replace the defaults.
        var own = Rule(AlertRuleKind.NegativeKeywords, keywords: ["电费"]);
        Assert.Empty(Reasons(own, new() { ["comment"] = "停电" }));
        Assert.Equal(["comment contains \"电费\""], Reasons(own, new() { ["comment"] = "电费太高" }));
        // A number answer is not an open answer.
        Assert.Empty(Reasons(defaults, new() { ["recommend"] = "0" }));
    }

    [Fact]
    public void Check_ReturnsEveryTrippedRuleInOrder()
    {
        var rules = new[] { Rule(AlertRuleKind.CsatAtMost), Rule(AlertRuleKind.NpsDetractor), Rule(AlertRuleKind.NegativeKeywords) };
        var trips = AlertCheck.Check(Survey, new Dictionary<string, string> { ["recommend"] = "2", ["recommend.why"] = "太差", ["csat"] = "5" }, rules);
        Assert.Equal([rules[1], rules[2]], trips.Select(t => t.Rule));
    }
}
