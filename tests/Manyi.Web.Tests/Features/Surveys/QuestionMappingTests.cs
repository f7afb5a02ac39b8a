using Manyi.Core.Surveys;
using Manyi.Web.Features.Surveys;

namespace Manyi.Web.Tests.Features.Surveys;

public class QuestionMappingTests
{
    private static QuestionnaireDefinition Version(params Question[] questions) => new() { Title = new("问卷"), Pages = [new QuestionPage { Questions = questions }] };

    private static Question Q(string code, string? indicator = null) => new() { Code = code, Type = QuestionType.Csat, Text = new(code), Indicator = indicator };

    [Fact]
    public void AcrossVersions_MapsByIndicator_ThenByCode()
    {
        // v1: speed_q measures "speed"; v2 renamed it waiting_q, still "speed". "comment" has no indicator in either: matched by code.
        // "old" exists only in v1, "new_q" (indicator "price") only in v2.
        var mapped = QuestionMapping.AcrossVersions(
        [
            (2, Version(Q("waiting_q", "speed"), Q("comment"), Q("new_q", "price"))),
            (1, Version(Q("speed_q", "speed"), Q("comment"), Q("old"))),
        ]);
        Assert.Equal(["indicator:speed", "question:comment", "question:old", "indicator:price"], mapped.Select(m => m.Key));
        var speed = mapped[0];
        Assert.Equal("speed", speed.Indicator);
        Assert.Equal("speed_q", speed.ByVersion[1].Code);
        Assert.Equal("waiting_q", speed.ByVersion[2].Code);
        Assert.Equal([1, 2], mapped[1].ByVersion.Keys.Order());
        Assert.Equal([1], mapped[2].ByVersion.Keys);
        Assert.Equal([2], mapped[3].ByVersion.Keys);
    }
}
