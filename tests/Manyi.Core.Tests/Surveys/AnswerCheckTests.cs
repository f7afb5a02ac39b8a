using Manyi.Core.Surveys;

namespace Manyi.Core.Tests.Surveys;

/// <summary>The one answer check every channel uses (product.md M4); expectations reasoned from the question definitions below.</summary>
public class AnswerCheckTests
{
    private static readonly QuestionnaireDefinition Survey = new()
    {
        Title = new("测试"),
        Pages =
        [
            new QuestionPage
            {
                Questions =
                [
                    new Question { Code = "nps", Type = QuestionType.Nps, Required = true, Text = new("推荐"), Why = new("原因") },
                    new Question { Code = "fix", Type = QuestionType.Text, Text = new("改进"), ShowIf = new Condition("nps", ConditionOperator.AtMost, ["6"]) },
                ],
            },
            new QuestionPage
            {
                Questions =
                [
                    new Question { Code = "speed", Type = QuestionType.Triple, Required = true, Text = new("速度"), Parts = ["perception", "expectation"] },
                    new Question
                    {
                        Code = "channel", Type = QuestionType.MultipleChoice, Text = new("渠道"),
                        Options = [new("app", new("App")), new("counter", new("柜台")), new("phone", new("电话"))],
                    },
                    new Question { Code = "wifi", Type = QuestionType.Kano, Text = new("WiFi") },
                ],
            },
        ],
    };

    [Fact]
    public void CellsOf_Questionnaire_NamesEveryCellInPageOrder()
    {
        var keys = AnswerCheck.CellsOf(Survey).Select(c => c.Key);
        Assert.Equal(["nps", "nps.why", "fix", "speed.perception", "speed.expectation", "channel", "wifi.functional", "wifi.dysfunctional"], keys);
    }

    [Fact]
    public void Validate_CompleteValidAnswers_StoresThemTrimmed()
    {
        var result = AnswerCheck.Validate(Survey, new Dictionary<string, string?>
        {
            ["nps"] = " 9 ", ["nps.why"] = "快", ["speed.perception"] = "4", ["speed.expectation"] = "5", ["channel"] = "app;phone", ["wifi.functional"] = "like", ["wifi.dysfunctional"] = "neutral",
        });
        Assert.True(result.IsValid, string.Join("; ", result.Issues.Select(i => i.Message)));
        Assert.Equal("9", result.Answers["nps"]);
        Assert.Equal(7, result.Answers.Count);
    }

    [Fact]
    public void Validate_BadAnswers_OneIssuePerCellWithItsReason()
    {
        var result = AnswerCheck.Validate(Survey, new Dictionary<string, string?>
        {
            ["nps"] = "11", ["speed.perception"] = "x", ["channel"] = "app;app", ["wifi.functional"] = "love", ["bogus"] = "1",
        });
        var reasons = result.Issues.ToDictionary(i => i.Cell, i => i.Reason);
        Assert.Equal(AnswerReasons.OutOfScale, reasons["nps"]);
        Assert.Equal(AnswerReasons.NotANumber, reasons["speed.perception"]);
        Assert.Equal(AnswerReasons.Required, reasons["speed.expectation"]);
        Assert.Equal(AnswerReasons.RepeatedOption, reasons["channel"]);
        Assert.Equal(AnswerReasons.UnknownOption, reasons["wifi.functional"]);
        Assert.Equal(AnswerReasons.UnknownQuestion, reasons["bogus"]);
        Assert.False(reasons.ContainsKey("wifi.dysfunctional")); // not required, not given
    }

    [Fact]
    public void Validate_SkipLogic_DropsAnswersOfHiddenQuestions()
    {
        // "fix" is shown only to detractors (nps ≤ 6): a promoter's answer to it is not stored.
        var promoter = AnswerCheck.Validate(Survey, new Dictionary<string, string?> { ["nps"] = "10", ["fix"] = "nothing" }, pageIndex: 0);
        Assert.True(promoter.IsValid);
        Assert.False(promoter.Answers.ContainsKey("fix"));
        var detractor = AnswerCheck.Validate(Survey, new Dictionary<string, string?> { ["nps"] = "3", ["fix"] = "faster" }, pageIndex: 0);
        Assert.Equal("faster", detractor.Answers["fix"]);
    }

    [Fact]
    public void Validate_PageOrPartial_RequiresOnlyWhatIsDue()
    {
        var firstPage = AnswerCheck.Validate(Survey, new Dictionary<string, string?> { ["nps"] = "8" }, pageIndex: 0);
        Assert.True(firstPage.IsValid); // page 2's required triple is not due yet
        var partial = AnswerCheck.Validate(Survey, new Dictionary<string, string?>(), complete: false);
        Assert.True(partial.IsValid);
        var final = AnswerCheck.Validate(Survey, new Dictionary<string, string?> { ["nps"] = "8" });
        Assert.Equal(["speed.perception", "speed.expectation"], final.Issues.Select(i => i.Cell));
    }
}
