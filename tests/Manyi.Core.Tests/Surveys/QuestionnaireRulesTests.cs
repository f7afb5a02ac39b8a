using Manyi.Core.Surveys;

namespace Manyi.Core.Tests.Surveys;

/// <summary>Definition validation: each rule refused with its path and reason code, reasoned from the definitions written here.</summary>
public class QuestionnaireRulesTests
{
    private static readonly IndicatorSystemDefinition System = new()
    {
        Nodes =
        [
            new() { Code = "root", Name = new("总") },
            new() { Code = "service", Parent = "root", Name = new("服务"), Weight = 0.6 },
            new() { Code = "price", Parent = "root", Name = new("价格"), Weight = 0.4 },
            new() { Code = "speed", Parent = "service", Name = new("速度"), Weight = 0.5 },
            new() { Code = "manner", Parent = "service", Name = new("态度"), Weight = 0.5 },
        ],
    };

    private static QuestionnaireDefinition With(params Question[] questions) => new() { Title = new("问卷"), Pages = [new QuestionPage { Questions = questions }] };

    private static Question Q(string code, QuestionType type = QuestionType.Scale) => new() { Code = code, Type = type, Text = new("题目") };

    private static (string Path, string Reason) Only(IReadOnlyList<DefinitionIssue> issues) { var i = Assert.Single(issues); return (i.Path, i.Reason); }

    [Fact]
    public void Valid_Definition_HasNoIssues() =>
        Assert.Empty(QuestionnaireRules.Validate(With(Q("a") with { Indicator = "speed" }, Q("b", QuestionType.Nps), Q("c", QuestionType.Text) with { ShowIf = new("b", ConditionOperator.AtMost, ["6"]) }), System));

    [Fact]
    public void NoQuestions_IsRefused() =>
        Assert.Equal(("pages", DefinitionReasons.NoQuestions), Only(QuestionnaireRules.Validate(new QuestionnaireDefinition { Title = new("x"), Pages = [] })));

    [Theory]
    [InlineData("1abc")]
    [InlineData("a-b")]
    [InlineData("a.b")]
    [InlineData("")]
    public void BadQuestionCode_IsRefused(string code) =>
        Assert.Equal(("pages[0].questions[0].code", DefinitionReasons.BadCode), Only(QuestionnaireRules.Validate(With(Q(code)))));

    [Fact]
    public void RepeatedCode_IsRefusedAtTheSecond() =>
        Assert.Equal(("pages[0].questions[1].code", DefinitionReasons.DuplicateCode), Only(QuestionnaireRules.Validate(With(Q("a"), Q("a")))));

    [Theory]
    [InlineData(1, 2)] // 2 points
    [InlineData(0, 11)] // 12 points
    [InlineData(5, 1)] // upside down
    public void ScaleOutside3To11Points_IsRefused(int min, int max) =>
        Assert.Equal(("pages[0].questions[0].scaleMax", DefinitionReasons.BadScale), Only(QuestionnaireRules.Validate(With(Q("a") with { ScaleMin = min, ScaleMax = max }))));

    [Theory]
    [InlineData(1, 3)]
    [InlineData(0, 10)]
    public void ScaleOf3Or11Points_IsAccepted(int min, int max) =>
        Assert.Empty(QuestionnaireRules.Validate(With(Q("a") with { ScaleMin = min, ScaleMax = max })));

    [Fact]
    public void Choice_NeedsTwoOptionsWithUniqueCodes()
    {
        Assert.Equal(("pages[0].questions[0].options", DefinitionReasons.TooFewOptions),
            Only(QuestionnaireRules.Validate(With(Q("a", QuestionType.SingleChoice) with { Options = [new("x", new("X"))] }))));
        Assert.Equal(("pages[0].questions[0].options[1].code", DefinitionReasons.DuplicateCode),
            Only(QuestionnaireRules.Validate(With(Q("a", QuestionType.Ranking) with { Options = [new("x", new("X")), new("x", new("Y"))] }))));
        Assert.Equal(("pages[0].questions[0].options[0].code", DefinitionReasons.BadCode),
            Only(QuestionnaireRules.Validate(With(Q("a", QuestionType.MultipleChoice) with { Options = [new("x;y", new("X")), new("z", new("Z"))] }))));
        Assert.Equal(("pages[0].questions[0].options", DefinitionReasons.TooFewOptions), Only(QuestionnaireRules.Validate(With(Q("a", QuestionType.Linguistic)))));
    }

    [Fact]
    public void Matrix_NeedsRows() =>
        Assert.Equal(("pages[0].questions[0].rows", DefinitionReasons.NoRows), Only(QuestionnaireRules.Validate(With(Q("a", QuestionType.Matrix)))));

    [Fact]
    public void Triple_PartsMustBeKnownAndOnce()
    {
        Assert.Equal(("pages[0].questions[0].parts", DefinitionReasons.BadPart), Only(QuestionnaireRules.Validate(With(Q("a", QuestionType.Triple) with { Parts = ["importance", "desire"] }))));
        Assert.Equal(("pages[0].questions[0].parts", DefinitionReasons.BadPart), Only(QuestionnaireRules.Validate(With(Q("a", QuestionType.Triple) with { Parts = ["perception", "perception"] }))));
    }

    [Fact]
    public void Servqual_NeedsADimension() =>
        Assert.Equal(("pages[0].questions[0].dimension", DefinitionReasons.NoDimension), Only(QuestionnaireRules.Validate(With(Q("a", QuestionType.Servqual)))));

    [Fact]
    public void ShowIf_MustReferToAnEarlierQuestionsCell()
    {
        // Refers to a later question: refused.
        Assert.Equal(("pages[0].questions[0].showIf.question", DefinitionReasons.LaterQuestion),
            Only(QuestionnaireRules.Validate(With(Q("a") with { ShowIf = new("b", ConditionOperator.Answered) }, Q("b")))));
        // Refers to itself: refused.
        Assert.Equal(("pages[0].questions[0].showIf.question", DefinitionReasons.LaterQuestion),
            Only(QuestionnaireRules.Validate(With(Q("a") with { ShowIf = new("a", ConditionOperator.Answered) }))));
        // A cell of an earlier multi-cell question (Kano): accepted.
        Assert.Empty(QuestionnaireRules.Validate(With(Q("k", QuestionType.Kano), Q("b") with { ShowIf = new("k.functional", ConditionOperator.In, ["like"]) })));
        // AtMost needs one number.
        Assert.Equal(("pages[0].questions[1].showIf.values", DefinitionReasons.BadCondition),
            Only(QuestionnaireRules.Validate(With(Q("a"), Q("b") with { ShowIf = new("a", ConditionOperator.AtMost, ["low"]) }))));
    }

    [Fact]
    public void Indicator_MustBeABaseIndicatorOfTheBoundSystem()
    {
        Assert.Equal(("pages[0].questions[0].indicator", DefinitionReasons.NotABaseIndicator), Only(QuestionnaireRules.Validate(With(Q("a") with { Indicator = "service" }), System)));
        Assert.Equal(("pages[0].questions[0].indicator", DefinitionReasons.UnknownIndicator), Only(QuestionnaireRules.Validate(With(Q("a") with { Indicator = "nope" }), System)));
        Assert.Equal(("pages[0].questions[0].indicator", DefinitionReasons.NoIndicatorSystem), Only(QuestionnaireRules.Validate(With(Q("a") with { Indicator = "speed" }))));
        Assert.Empty(QuestionnaireRules.Validate(With(Q("a") with { Indicator = "price" }), System));
    }

    [Fact]
    public void ChineseText_IsRequired_EnglishIsNot()
    {
        Assert.Equal(("pages[0].questions[0].text.zh", DefinitionReasons.Required), Only(QuestionnaireRules.Validate(With(Q("a") with { Text = new(" ", "English") }))));
        Assert.Equal(("title.zh", DefinitionReasons.Required), Only(QuestionnaireRules.Validate(With(Q("a")) with { Title = new("") })));
    }

    [Fact]
    public void NullsFromClientJson_AreReportedByPath_NotThrown()
    {
        var nullQuestion = new QuestionnaireDefinition { Title = new("x"), Pages = [new QuestionPage { Questions = [Q("a"), null!] }] };
        Assert.Equal(("pages[0].questions[1]", DefinitionReasons.Required), Only(QuestionnaireRules.Validate(nullQuestion)));
        var nullOption = With(Q("a", QuestionType.SingleChoice) with { Options = [new("x", new("X")), null!] });
        Assert.Equal(("pages[0].questions[0].options[1]", DefinitionReasons.Required), Only(QuestionnaireRules.Validate(nullOption)));
        var nullNode = new IndicatorSystemDefinition { Nodes = [new() { Code = "r", Name = new("r") }, null!] };
        Assert.Equal(("nodes[1]", DefinitionReasons.Required), Only(QuestionnaireRules.Validate(nullNode)));
    }

    [Fact]
    public void IndicatorSystem_Valid_HasNoIssues() => Assert.Empty(QuestionnaireRules.Validate(System));

    [Fact]
    public void IndicatorSystem_TwoRoots_IsRefused() =>
        Assert.Contains(QuestionnaireRules.Validate(new IndicatorSystemDefinition { Nodes = [new() { Code = "a", Name = new("a") }, new() { Code = "b", Name = new("b") }] }),
            i => i.Path == "nodes" && i.Reason == DefinitionReasons.OneRoot);

    [Fact]
    public void IndicatorSystem_UnknownParent_Cycle_Duplicate_AreRefused()
    {
        var unknown = QuestionnaireRules.Validate(new IndicatorSystemDefinition { Nodes = [new() { Code = "r", Name = new("r") }, new() { Code = "a", Parent = "zz", Name = new("a"), Weight = 1 }] });
        Assert.Contains(unknown, i => i.Path == "nodes[1].parent" && i.Reason == DefinitionReasons.UnknownParent);
        // a → b → a is a cycle beside the root r.
        var cycle = QuestionnaireRules.Validate(new IndicatorSystemDefinition
        {
            Nodes = [new() { Code = "r", Name = new("r") }, new() { Code = "a", Parent = "b", Name = new("a"), Weight = 1 }, new() { Code = "b", Parent = "a", Name = new("b"), Weight = 1 }],
        });
        Assert.Contains(cycle, i => i.Path == "nodes[1].parent" && i.Reason == DefinitionReasons.Cycle);
        Assert.Contains(cycle, i => i.Path == "nodes[2].parent" && i.Reason == DefinitionReasons.Cycle);
        var twice = QuestionnaireRules.Validate(new IndicatorSystemDefinition { Nodes = [new() { Code = "r", Name = new("r") }, new() { Code = "r", Parent = "r", Name = new("a"), Weight = 1 }] });
        Assert.Contains(twice, i => i.Path == "nodes[1].code" && i.Reason == DefinitionReasons.DuplicateCode);
    }

    [Fact]
    public void IndicatorSystem_SiblingWeights_MustSumToOne()
    {
        // 0.6 + 0.3 = 0.9 under root.
        var issues = QuestionnaireRules.Validate(System with { Nodes = [.. System.Nodes.Select(n => n.Code == "price" ? n with { Weight = 0.3 } : n)] });
        Assert.Equal(("nodes[1].weight", DefinitionReasons.WeightsSum), Only(issues));
        // 1/3 three times sums to 1 within 1e-6.
        Assert.Empty(QuestionnaireRules.Validate(new IndicatorSystemDefinition
        {
            Nodes = [new() { Code = "r", Name = new("r") }, .. new[] { "a", "b", "c" }.Select(c => new IndicatorNodeDefinition { Code = c, Parent = "r", Name = new(c), Weight = 1.0 / 3 })],
        }));
    }
}
