using Manyi.Core.Surveys;
using Manyi.Core.Surveys.Templates;

namespace Manyi.Core.Tests.Surveys;

/// <summary>Every shipped template is a valid questionnaire, binds to its own indicator system, and accepts a filled-in answer set.</summary>
public class TemplatesTests
{
    public static TheoryData<string> Keys() => [.. QuestionnaireTemplates.All.Select(t => t.Key)];

    [Fact]
    public void All_ContainsTheTemplatesOfM3_WithUniqueKeys()
    {
        var keys = QuestionnaireTemplates.All.Select(t => t.Key).ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        string[] expected = ["acsi", "servqual-22", "kano-study", "nps-relationship", "csat-transactional", "ces", "bank-counter", "car-ssi", "car-csi",
            "supplier-iatf16949", "power-utility", "employee-satisfaction", "linguistic-study"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Template_PassesTheRules_InBothLanguages(string key)
    {
        var template = QuestionnaireTemplates.Find(key)!;
        Assert.Empty(QuestionnaireRules.Validate(template.Questionnaire, template.Indicators));
        if (template.Indicators is { } system)
        {
            Assert.Empty(QuestionnaireRules.Validate(system));
            // The indicator system is there because questions measure its base indicators.
            Assert.Contains(template.Questionnaire.Questions, q => q.Indicator is not null || (q.Rows ?? []).Any(r => r.Indicator is not null));
            Assert.All(system.Nodes, n => Assert.False(string.IsNullOrWhiteSpace(n.Name.En)));
        }
        Assert.False(string.IsNullOrWhiteSpace(template.Name.En));
        Assert.False(string.IsNullOrWhiteSpace(template.Description.Zh));
        Assert.All(template.Questionnaire.Questions, q => Assert.False(string.IsNullOrWhiteSpace(q.Text.En), q.Code));
        Assert.All(template.Questionnaire.Questions.SelectMany(q => q.Options ?? []), o => Assert.False(string.IsNullOrWhiteSpace(o.Text.En), o.Code));
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Template_FilledIn_IsAcceptedByTheAnswerCheck(string key)
    {
        var definition = QuestionnaireTemplates.Find(key)!.Questionnaire;
        var answers = AnswerCheck.CellsOf(definition).ToDictionary(c => c.Key, c => (string?)Fill(c), StringComparer.Ordinal);
        var result = AnswerCheck.Validate(definition, answers);
        Assert.True(result.IsValid, string.Join("; ", result.Issues.Select(i => i.Message)));
        Assert.NotEmpty(result.Answers);
    }

    /// <summary>A valid answer for a cell: the top of the scale, the first term or option, every option for a ranking, "like" for Kano.</summary>
    private static string Fill(AnswerCell cell)
    {
        var q = cell.Question;
        if (cell.Part == "why" || q.Type == QuestionType.Text)
        {
            return "很好 fine";
        }
        if (q.Type == QuestionType.Kano)
        {
            return "like";
        }
        if (cell.Terms is { } terms)
        {
            return terms[^1].Code;
        }
        return q.Type switch
        {
            QuestionType.SingleChoice or QuestionType.MultipleChoice => q.Options![0].Code,
            QuestionType.Ranking => string.Join(';', q.Options!.Select(o => o.Code)),
            _ => cell.Max!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    [Fact]
    public void BankCounter_IsOneRequiredScaleOneToThree_CodedRating()
    {
        var q = Assert.Single(QuestionnaireTemplates.Find(QuestionnaireTemplates.BankCounter)!.Questionnaire.Questions);
        Assert.Equal(("rating", QuestionType.Scale, true, 1, 3), (q.Code, q.Type, q.Required, q.ScaleMin!.Value, q.ScaleMax!.Value));
        Assert.Equal(["3=满意", "2=一般", "1=不满意"], q.Options!.Select(o => o.Code + "=" + o.Text.Zh));
    }

    [Fact]
    public void Servqual_Has22Items_InTheFiveDimensionsOf1988()
    {
        var questions = QuestionnaireTemplates.Find("servqual-22")!.Questionnaire.Questions.ToList();
        Assert.Equal(22, questions.Count);
        Assert.All(questions, q => Assert.Equal(QuestionType.Servqual, q.Type));
        // Items 1–4 tangibles, 5–9 reliability, 10–13 responsiveness, 14–17 assurance, 18–22 empathy.
        var expected = Enumerable.Range(1, 22).Select(i => i switch
        {
            <= 4 => "tangibles",
            <= 9 => "reliability",
            <= 13 => "responsiveness",
            <= 17 => "assurance",
            _ => "empathy",
        });
        Assert.Equal(expected, questions.Select(q => q.Dimension));
        Assert.All(questions, q => Assert.Equal((1, 7), (AnswerCheck.ScaleOf(q).Min!.Value, AnswerCheck.ScaleOf(q).Max!.Value)));
    }

    [Fact]
    public void PowerUtility_ComplaintHandling_IsAskedOnlyAfterAComplaint()
    {
        var definition = QuestionnaireTemplates.Find(QuestionnaireTemplates.PowerUtility)!.Questionnaire;
        var no = AnswerCheck.ShownQuestions(definition, new Dictionary<string, string>(StringComparer.Ordinal) { ["complained"] = "0" });
        var yes = AnswerCheck.ShownQuestions(definition, new Dictionary<string, string>(StringComparer.Ordinal) { ["complained"] = "1" });
        Assert.DoesNotContain(no, q => q.Code == "complaint_handling");
        Assert.Contains(yes, q => q.Code == "complaint_handling");
        Assert.Equal(7, QuestionnaireRules.BaseIndicators(QuestionnaireTemplates.Find(QuestionnaireTemplates.PowerUtility)!.Indicators!).Count);
    }

    [Fact]
    public void LinguisticStudy_TriplesUseTheSevenTerms()
    {
        var questions = QuestionnaireTemplates.Find("linguistic-study")!.Questionnaire.Questions.ToList();
        Assert.All(questions, q =>
        {
            Assert.Equal(QuestionType.Triple, q.Type);
            Assert.Equal(["N", "VL", "L", "M", "H", "VH", "P"], q.Options!.Select(o => o.Code));
        });
    }
}
