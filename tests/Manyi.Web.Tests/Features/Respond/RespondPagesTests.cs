using System.Net;
using System.Text.RegularExpressions;
using Manyi.Core.Collection;
using Manyi.Core.Surveys;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Pages;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Tests.Features.Respond;

/// <summary>
/// The respondent pages through HTTP as a browser without JavaScript uses them (product.md M4): resume after leaving, one response
/// per invitation, one message per question, honeypot and per-point limits, duplicates reported, the embed variant. The NPS
/// template has two pages: recommend (NPS 0–10 + why, required) and satisfaction (CSAT 1–5, required).
/// </summary>
public sealed class RespondPagesTests(RespondFixture fixture) : IClassFixture<RespondFixture>
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task PublicLink_LeaveHalfwayAndComeBack_ResumesOnTheSavedPage_ThenSubmitsOneResponse(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var wave = await app.AddWaveAsync();
        var point = await app.AddPointAsync(wave, CollectionPointKind.Qr);
        var url = "/s/" + point.Token;

        using var first = new RespondentBrowser(app);
        var (status, html, _) = await first.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("您向亲友推荐我们的可能性有多大？", html, StringComparison.Ordinal);
        Assert.Contains("第 1 页，共 2 页", html, StringComparison.Ordinal);
        var (next, _, nextResponse) = await first.PostAsync(url, ("ans:recommend", "9"), ("ans:recommend.why", "办事快"), ("page", "0"), ("nav", "next"));
        Assert.Equal(HttpStatusCode.Redirect, next);
        Assert.Equal(url, Forms.PathOf(nextResponse.Headers.Location));

        // Saved as a partial answer on page 2 (index 1).
        var saved = Assert.Single(await app.ResponsesAsync(wave.Id));
        Assert.Equal(ResponseStatus.InProgress, saved.Status);
        Assert.Equal(1, saved.CurrentPage);
        Assert.Equal(ResponseChannel.Qr, saved.Channel);
        Assert.Equal("9", saved.Answers["recommend"]);
        Assert.StartsWith("resume:", saved.IdempotencyKey, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{64}$", saved.ClientHash!);

        // The respondent closes the tab; a new one with the same cookies continues on page 2.
        using var second = new RespondentBrowser(app, first.Cookies);
        (status, html, _) = await second.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("总体而言，您对我们的服务满意吗？", html, StringComparison.Ordinal);
        Assert.Contains("第 2 页，共 2 页", html, StringComparison.Ordinal);
        (status, html, _) = await second.PostAsync(url, ("ans:satisfaction", "5"), ("page", "1"), ("nav", "submit"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"thanks\"", html, StringComparison.Ordinal);

        var done = Assert.Single(await app.ResponsesAsync(wave.Id));
        Assert.Equal(saved.Id, done.Id);
        Assert.Equal(ResponseStatus.Complete, done.Status);
        Assert.NotNull(done.SubmittedAt);
        Assert.Equal(new Dictionary<string, string> { ["recommend"] = "9", ["recommend.why"] = "办事快", ["satisfaction"] = "5" }, done.Answers);
        Assert.True(await app.QueryAsync(db => db.QuestionnaireVersions.Where(v => v.Id == wave.VersionId).Select(v => v.HasResponses).SingleAsync()));
        // The resume cookie is gone: the next visit through the link is a new respondent.
        Assert.False(second.Cookies.ContainsKey("manyi-respondent"));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Invitation_SecondSubmission_IsRefusedPolitely_AndStoresNoSecondRow(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await app.HomeUnitAsync();
        var customer = await app.AddCustomerAsync(unit.Id, "张三");
        var wave = await app.AddWaveAsync();
        var invitation = await app.AddInvitationAsync(wave, customer.Id);
        var url = "/s/" + invitation.Token;

        using var browser = new RespondentBrowser(app);
        var (status, _, _) = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(InvitationStatus.Started, await app.QueryAsync(db => db.Invitations.Where(i => i.Id == invitation.Id).Select(i => i.Status).SingleAsync()));
        await browser.PostAsync(url, ("ans:recommend", "10"), ("page", "0"), ("nav", "next"));
        await browser.GetAsync(url);
        (status, var html, _) = await browser.PostAsync(url, ("ans:satisfaction", "4"), ("page", "1"), ("nav", "submit"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"thanks\"", html, StringComparison.Ordinal);

        // The same submission again (a resent form, a second device): a polite page, 200, nothing stored.
        (status, html, _) = await browser.PostAsync(url, ("ans:satisfaction", "1"), ("page", "1"), ("nav", "submit"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("您已完成本问卷", html, StringComparison.Ordinal);
        using var other = new RespondentBrowser(app);
        (status, html, _) = await other.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"notice-alreadyanswered\"", html, StringComparison.Ordinal);

        var response = Assert.Single(await app.ResponsesAsync(wave.Id));
        Assert.Equal("4", response.Answers["satisfaction"]);
        Assert.Equal("inv:" + invitation.Token, response.IdempotencyKey);
        Assert.Equal(ResponseChannel.Invitation, response.Channel);
        Assert.Equal(customer.Id, response.CustomerId);
        Assert.Equal(unit.Id, response.UnitId);
        var stored = await app.QueryAsync(db => db.Invitations.AsNoTracking().SingleAsync(i => i.Id == invitation.Id));
        Assert.Equal(InvitationStatus.Responded, stored.Status);
        Assert.Equal(response.Id, stored.ResponseId);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task InvalidAnswers_OneMessagePerQuestion_InTheRespondentsLanguage_EnteredValuesKept(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var definition = new QuestionnaireDefinition
        {
            Title = new("服务调查", "Service survey"),
            PageByPage = false,
            Pages =
            [
                new QuestionPage
                {
                    Questions =
                    [
                        new Question { Code = "csat", Type = QuestionType.Csat, Required = true, Text = new("满意度", "Satisfaction") },
                        new Question
                        {
                            Code = "channel", Type = QuestionType.SingleChoice, Required = true, Text = new("渠道", "Channel"),
                            Options = [new("web", new("网站", "Web")), new("hall", new("营业厅", "Hall"))],
                        },
                        new Question { Code = "comment", Type = QuestionType.Text, Text = new("意见", "Comment") },
                    ],
                },
            ],
        };
        var wave = await app.AddWaveAsync(definition);
        var point = await app.AddPointAsync(wave);
        var url = "/s/" + point.Token;

        using var browser = new RespondentBrowser(app);
        await browser.GetAsync(url);
        // csat 9 is outside 1–5; channel is missing; the comment is fine and must come back in the form.
        var (status, html, _) = await browser.PostAsync(url, ("ans:csat", "9"), ("ans:comment", "请保留这句话"), ("page", "0"), ("nav", "submit"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, Count(html, "请选择所列分值之一。"));
        Assert.Equal(1, Count(html, "请回答此题。"));
        Assert.Equal(2, Count(html, "class=\"field-error\""));
        Assert.Contains("请保留这句话</textarea>", html, StringComparison.Ordinal);
        // The valid part is saved; nothing is complete.
        var partial = Assert.Single(await app.ResponsesAsync(wave.Id));
        Assert.Equal(ResponseStatus.InProgress, partial.Status);
        Assert.Equal(new Dictionary<string, string> { ["comment"] = "请保留这句话" }, partial.Answers);

        // In English (?lang=en) the same refusal reads in English.
        (status, html, _) = await browser.PostAsync(url + "?lang=en", ("ans:csat", "4"), ("page", "0"), ("nav", "submit"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("lang=\"en\"", html, StringComparison.Ordinal);
        Assert.Equal(1, Count(html, "Please answer this question."));
        Assert.Equal(1, Count(html, "class=\"field-error\""));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task FollowUpRevealedOnTheSamePage_IsAskedFor_NotReproached_ThenSubmits(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        // Without JavaScript the follow-up (shown only after "是") was not on the page the respondent filled in.
        var definition = new QuestionnaireDefinition
        {
            Title = new("投诉调查", "Complaints"),
            Pages =
            [
                new QuestionPage
                {
                    Questions =
                    [
                        new Question { Code = "complained", Type = QuestionType.YesNo, Required = true, Text = new("您投诉过吗？", "Did you complain?") },
                        new Question
                        {
                            Code = "handling", Type = QuestionType.Csat, Required = true, Text = new("处理满意吗？", "Handling?"),
                            ShowIf = new Condition("complained", ConditionOperator.In, ["1"]),
                        },
                        new Question { Code = "overall", Type = QuestionType.Csat, Required = true, Text = new("总体满意吗？", "Overall?") },
                    ],
                },
            ],
        };
        var wave = await app.AddWaveAsync(definition);
        var point = await app.AddPointAsync(wave);
        var url = "/s/" + point.Token;
        using var browser = new RespondentBrowser(app);
        var (_, first, _) = await browser.GetAsync(url);
        Assert.DoesNotContain("处理满意吗？", first, StringComparison.Ordinal);

        // "overall" was on the page and left empty: reproached; "handling" appears now: asked for.
        var (status, html, _) = await browser.PostAsync(url, ("ans:complained", "1"), ("page", "0"), ("nav", "submit"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("处理满意吗？", html, StringComparison.Ordinal);
        Assert.Equal(1, Count(html, "根据您上面的回答，请再回答此题。"));
        Assert.Equal(1, Count(html, "请回答此题。"));

        (status, html, _) = await browser.PostAsync(url, ("ans:complained", "1"), ("ans:handling", "2"), ("ans:overall", "4"), ("page", "0"), ("nav", "submit"));
        Assert.Equal(HttpStatusCode.OK, status);
        var stored = Assert.Single(await app.ResponsesAsync(wave.Id));
        Assert.Equal(ResponseStatus.Complete, stored.Status);
        Assert.Equal("2", stored.Answers["handling"]);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Honeypot_AndSameClientSameAnswers_AreStoredFlaggedAndReported_NotDropped(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var wave = await app.AddWaveAsync();
        var point = await app.AddPointAsync(wave);
        var url = "/s/" + point.Token;

        // A bot fills the hidden field.
        using (var bot = new RespondentBrowser(app))
        {
            await bot.GetAsync(url);
            await bot.PostAsync(url, ("ans:recommend", "0"), ("website", "http://spam.example"), ("page", "0"), ("nav", "next"));
            await bot.GetAsync(url);
            await bot.PostAsync(url, ("ans:satisfaction", "1"), ("page", "1"), ("nav", "submit"));
        }
        // The same client answers twice with identical answers through two fresh browsers.
        for (var i = 0; i < 2; i++)
        {
            using var person = new RespondentBrowser(app);
            await person.GetAsync(url);
            await person.PostAsync(url, ("ans:recommend", "8"), ("page", "0"), ("nav", "next"));
            await person.GetAsync(url);
            var (status, _, _) = await person.PostAsync(url, ("ans:satisfaction", "4"), ("page", "1"), ("nav", "submit"));
            Assert.Equal(HttpStatusCode.OK, status);
        }

        var responses = await app.ResponsesAsync(wave.Id);
        Assert.Equal(3, responses.Count);
        Assert.All(responses, r => Assert.Equal(ResponseStatus.Complete, r.Status));
        Assert.Equal<string?>(new List<string?> { "honeypot", null, "same-client-same-answers" }, responses.Select(r => r.SuspectedDuplicate).ToList());

        // Reported through the API to readers; a unit manager of another unit gets 404 for this organisation-wide wave.
        var (_, _, admin) = await app.SignInCookieAsync(Roles.Administrator);
        using var client = app.ClientWithCookie(admin);
        using var report = await client.GetAsync(new Uri($"/api/v1/waves/{wave.Id}/duplicates", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        var body = await report.JsonAsync();
        Assert.Equal<string?>(new List<string?> { "honeypot", "same-client-same-answers" }, body.EnumerateArray().Select(e => e.GetProperty("reason").GetString()).ToList());
        var home = await app.HomeUnitAsync();
        var branch = await app.AddUnitAsync(home.Id);
        var (_, _, manager) = await app.SignInCookieAsync(Roles.UnitManager, branch);
        using var managerClient = app.ClientWithCookie(manager);
        using var hidden = await managerClient.GetAsync(new Uri($"/api/v1/waves/{wave.Id}/duplicates", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        using var unknown = await client.GetAsync(new Uri($"/api/v1/waves/{Guid.NewGuid()}/duplicates", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task PerPointLimits_RefusePolitely_AndStoreNothingMore(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var wave = await app.AddWaveAsync();
        var perAddress = await app.AddPointAsync(wave, maxPerAddressPerDay: 1);
        var total = await app.AddPointAsync(wave, maxResponses: 1);

        foreach (var (point, expected, notice) in new[] { (perAddress, HttpStatusCode.TooManyRequests, "notice-addresslimit"), (total, HttpStatusCode.Gone, "notice-full") })
        {
            var url = "/s/" + point.Token;
            using (var first = new RespondentBrowser(app))
            {
                await first.GetAsync(url);
                await first.PostAsync(url, ("ans:recommend", "7"), ("page", "0"), ("nav", "next"));
                await first.GetAsync(url);
                var (ok, _, _) = await first.PostAsync(url, ("ans:satisfaction", "3"), ("page", "1"), ("nav", "submit"));
                Assert.Equal(HttpStatusCode.OK, ok);
            }
            // A second respondent from the same address (a fresh browser) is refused on opening and on posting.
            using var second = new RespondentBrowser(app);
            var (status, html, _) = await second.GetAsync(url);
            Assert.Equal(expected, status);
            Assert.Contains($"id=\"{notice}\"", html, StringComparison.Ordinal);
            (status, _, _) = await second.PostAsync(url, ("ans:recommend", "7"), ("page", "0"), ("nav", "next"));
            Assert.NotEqual(HttpStatusCode.Redirect, status);
        }
        var responses = await app.ResponsesAsync(wave.Id);
        Assert.Equal(2, responses.Count);
        Assert.Equal(1, responses.Count(r => r.CollectionPointId == perAddress.Id));
        Assert.Equal(1, responses.Count(r => r.CollectionPointId == total.Id));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Embed_MayBeFramed_AndHasNoHeader_UnknownAndClosedArePolitePages(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var wave = await app.AddWaveAsync();
        var point = await app.AddPointAsync(wave, CollectionPointKind.Embed);
        using var browser = new RespondentBrowser(app);

        var (status, html, response) = await browser.GetAsync("/e/" + point.Token);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("frame-ancestors *", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.False(response.Headers.Contains("X-Frame-Options"));
        Assert.DoesNotContain("respond-top", html, StringComparison.Ordinal);
        Assert.Contains("您向亲友推荐我们的可能性有多大？", html, StringComparison.Ordinal);
        // The embed posts without an antiforgery token (its cookie would not reach a frame on another site).
        var (posted, _, _) = await browser.PostAsync("/e/" + point.Token, ("ans:recommend", "6"), ("page", "0"), ("nav", "next"));
        Assert.Equal(HttpStatusCode.Redirect, posted);
        Assert.Equal(ResponseChannel.Embed, Assert.Single(await app.ResponsesAsync(wave.Id)).Channel);

        (status, _, response) = await browser.GetAsync("/s/" + point.Token);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(response.Headers.Contains("Content-Security-Policy"));

        (status, html, _) = await browser.GetAsync("/s/no-such-token");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("id=\"notice-notfound\"", html, StringComparison.Ordinal);
        var closed = await app.AddWaveAsync(status: WaveStatus.Closed);
        var closedPoint = await app.AddPointAsync(closed);
        (status, html, _) = await browser.GetAsync("/s/" + closedPoint.Token);
        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Contains("问卷已结束", html, StringComparison.Ordinal);
        // A kiosk token is not a survey link, and a link token is no kiosk.
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/k/" + point.Token)).Status);
    }

    private static int Count(string html, string text) => Regex.Count(html, Regex.Escape(text));
}
