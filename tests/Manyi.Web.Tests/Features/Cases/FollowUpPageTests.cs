using System.Net;
using Manyi.Core.Cases;
using Manyi.Data;
using Manyi.Web.Tests.Features.Pages;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Manyi.Web.Tests.Features.Cases;

/// <summary>The anonymous follow-up page /f/{token}: answers recorded through CaseIntake.FollowUpAsync, single-use tokens, antiforgery.</summary>
public class FollowUpPageTests(CasePagesFixture fixture) : IClassFixture<CasePagesFixture>
{
    private static HttpClient Anonymous(ManyiWebFactory app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task NotSatisfied_ReopensTheCaseAtLevelOne_AndTheTokenIsThenUsed(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        await app.EnsureLevelOneAsync();
        var unit = await app.AddUnitAsync((await app.HeadOfficeAsync()).Id);
        var resolved = await app.ResolvedCaseAsync(unit.Id, "Voltage drops");
        var path = "/f/" + resolved.FollowUpToken;
        using var customer = Anonymous(app);

        // zh-CN by default, English on ?lang=en.
        var page = await customer.GetHtmlAsync(path);
        Assert.Contains("您的问题解决了吗？", page, StringComparison.Ordinal);
        Assert.Contains("Was your problem resolved?", await customer.GetHtmlAsync(path + "?lang=en"), StringComparison.Ordinal);

        var token = await customer.GetTokenAsync(path);
        var answer = await customer.PostFormAsync(path, ("Resolved", "false"), ("Satisfaction", "NotSatisfied"), ("Comment", "Still dropping"),
            ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("id=\"follow-up-thanks\"", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Not resolved, not satisfied: reopened (in progress) one level up, with the follow-up, reopening and escalation in the history.
        var after = await app.FindCaseAsync(resolved.Id);
        Assert.Equal((CaseStatus.InProgress, 1, 1, (bool?)false, (FollowUpSatisfaction?)FollowUpSatisfaction.NotSatisfied, (FollowUpMethod?)FollowUpMethod.Survey, (string?)null),
            (after.Status, after.Level, after.ReopenCount, after.FollowUpResolved, after.FollowUpSatisfaction, after.FollowUpMethod, after.FollowUpToken));
        var history = await app.HistoryAsync(resolved.Id);
        Assert.Equal([CaseEventKind.FollowUpRecorded, CaseEventKind.Reopened, CaseEventKind.Escalated], history.TakeLast(3).Select(e => e.Kind));
        Assert.Equal(nameof(EscalationReason.FollowUpNotSatisfied), history[^1].Reason);
        Assert.Equal("Still dropping", history[^3].Note);

        // The link is single-use: reading or answering again gets the polite 404 page and changes nothing.
        var again = await customer.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains("id=\"follow-up-gone\"", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var repost = await customer.PostFormAsync(path, ("Resolved", "true"), ("Satisfaction", "Satisfied"), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.NotFound, repost.StatusCode);
        Assert.Equal(after.Version, (await app.FindCaseAsync(resolved.Id)).Version);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Satisfied_ClosesTheCase_AndMissingAnswersAreAskedFor(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await app.AddUnitAsync((await app.HeadOfficeAsync()).Id);
        var resolved = await app.ResolvedCaseAsync(unit.Id, "Meter replaced");
        var path = "/f/" + resolved.FollowUpToken + "?lang=en";
        using var customer = Anonymous(app);
        var token = await customer.GetTokenAsync(path);

        var incomplete = await customer.PostFormAsync(path, ("Resolved", "true"), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.OK, incomplete.StatusCode);
        Assert.Contains("Please answer this question.", await incomplete.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(CaseStatus.Resolved, (await app.FindCaseAsync(resolved.Id)).Status);

        var answer = await customer.PostFormAsync(path, ("Resolved", "true"), ("Satisfaction", "Satisfied"), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var after = await app.FindCaseAsync(resolved.Id);
        Assert.Equal((CaseStatus.Closed, 0), (after.Status, after.Level));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task UnknownToken_IsAPolite404_AndAPostWithoutAntiforgeryIs400(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await app.AddUnitAsync((await app.HeadOfficeAsync()).Id);
        var resolved = await app.ResolvedCaseAsync(unit.Id, "Csrf");
        using var customer = Anonymous(app);

        var unknown = await customer.GetAsync(new Uri("/f/not-a-token", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("链接不可用", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var forged = await customer.PostFormAsync("/f/" + resolved.FollowUpToken, ("Resolved", "false"), ("Satisfaction", "NotSatisfied"));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(CaseStatus.Resolved, (await app.FindCaseAsync(resolved.Id)).Status);
    }
}
