using System.Net;
using Manyi.Data;
using Manyi.Web.Tests.Infrastructure;

namespace Manyi.Web.Tests.Features.Respond;

/// <summary>The respondent pages' rate limit per client address: reading is free, posting beyond the limit gets a polite 429 page.</summary>
public sealed class RespondRateLimitTests
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task PostsBeyondTheLimit_GetAPolite429_ReadsAreNotLimited(DatabaseProvider provider)
    {
        await using var app = await ManyiWebFactory.StartAsync(provider, new Dictionary<string, string> { ["Manyi:Respond:PostsPerMinute"] = "2" });
        var wave = await app.AddWaveAsync();
        var point = await app.AddPointAsync(wave);
        var url = "/s/" + point.Token;
        using var browser = new RespondentBrowser(app);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(url)).Status);
        }
        // Two posts pass (the first saves page 1 and redirects; the second is a "back" from page 1 and redirects too).
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync(url, ("ans:recommend", "5"), ("page", "0"), ("nav", "next"))).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync(url, ("page", "1"), ("nav", "back"))).Status);
        var (status, html, response) = await browser.PostAsync(url, ("ans:recommend", "6"), ("page", "0"), ("nav", "next"));
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.True(response.Headers.Contains("Retry-After"));
        Assert.True(html.Contains("提交过于频繁", StringComparison.Ordinal), html);
        // The refused post changed nothing: the saved answer is still 5.
        Assert.Equal("5", Assert.Single(await app.ResponsesAsync(wave.Id)).Answers["recommend"]);
    }
}
