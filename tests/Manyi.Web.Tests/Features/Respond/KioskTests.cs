using System.Net;
using System.Net.Http.Json;
using Manyi.Core.Collection;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Infrastructure;

namespace Manyi.Web.Tests.Features.Respond;

/// <summary>
/// The counter tablet (product.md M4): a teller system opens transactions through the API, each tap at /k/{token} rates the oldest
/// open one, and a transaction closed without a tap is stored as "no rating given".
/// </summary>
public sealed class KioskTests(RespondFixture fixture) : IClassFixture<RespondFixture>
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task ThreeTransactions_RatedRatedAndClosedWithoutRating(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var branch = await app.AddUnitAsync(home.Id);
        var (teller, _) = await app.CreateUserAsync(Roles.CaseHandler);
        var wave = await app.AddWaveAsync(RespondTestData.KioskDefinition());
        var point = await app.AddPointAsync(wave, CollectionPointKind.Kiosk, unitId: branch, staff: teller);
        var (_, _, cookie) = await app.SignInCookieAsync(Roles.CaseHandler);
        using var api = app.ClientWithCookie(cookie);
        var transactions = $"/api/v1/kiosks/{point.Id}/transactions";

        foreach (var id in new[] { "T1", "T2", "T3" })
        {
            using var opened = await api.PostAsJsonAsync(new Uri(transactions, UriKind.Relative), new { transactionId = id });
            Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        }
        // Opening T1 again is idempotent: the same row, 200.
        using (var again = await api.PostAsJsonAsync(new Uri(transactions, UriKind.Relative), new { transactionId = "T1" }))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }
        using (var empty = await api.PostAsJsonAsync(new Uri(transactions, UriKind.Relative), new { }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
            Assert.Contains("transactionId", await empty.ErrorFieldsAsync());
        }

        // The tablet shows the three big buttons, best first.
        using var tablet = new RespondentBrowser(app);
        var (status, html, _) = await tablet.GetAsync("/k/" + point.Token);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(html.IndexOf("满意", StringComparison.Ordinal) < html.IndexOf("一般", StringComparison.Ordinal));
        Assert.True(html.IndexOf("一般", StringComparison.Ordinal) < html.IndexOf("不满意", StringComparison.Ordinal));
        // Tap 满意 (3) for T1, then 不满意 (1) for T2; each answers with a thank-you screen that returns after 3 s.
        foreach (var value in new[] { "3", "1" })
        {
            var (tapped, _, response) = await tablet.PostAsync("/k/" + point.Token, ("value", value));
            Assert.Equal(HttpStatusCode.Redirect, tapped);
            (status, html, _) = await tablet.GetAsync(response.Headers.Location!.OriginalString);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("感谢您的评价！", html, StringComparison.Ordinal);
            Assert.Contains("http-equiv=\"refresh\" content=\"3;url=/k/" + point.Token + "\"", html, StringComparison.Ordinal);
            await tablet.GetAsync("/k/" + point.Token);
        }
        // T3 closes without a tap: no rating given. Closing again, or closing a rated one, changes nothing.
        foreach (var id in new[] { "T3", "T3", "T1" })
        {
            using var closed = await api.PostAsync(new Uri($"{transactions}/{id}/close", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
            Assert.Equal(id == "T3" ? "noRating" : "complete", (await closed.JsonAsync()).GetProperty("status").GetString());
        }
        using (var unknown = await api.PostAsync(new Uri($"{transactions}/T9/close", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        var responses = (await app.ResponsesAsync(wave.Id)).ToDictionary(r => r.ExternalReference!);
        Assert.Equal(3, responses.Count);
        Assert.Equal((ResponseStatus.Complete, "3"), (responses["T1"].Status, responses["T1"].Answers["rating"]));
        Assert.Equal((ResponseStatus.Complete, "1"), (responses["T2"].Status, responses["T2"].Answers["rating"]));
        Assert.Equal(ResponseStatus.NoRating, responses["T3"].Status);
        Assert.Empty(responses["T3"].Answers);
        Assert.All(responses.Values, r =>
        {
            Assert.Equal(ResponseChannel.Kiosk, r.Channel);
            Assert.Equal(branch, r.UnitId);
            Assert.Equal(teller, r.StaffUserId);
            Assert.Equal($"kiosk:{point.Id:N}:{r.ExternalReference}", r.IdempotencyKey);
        });

        // A tap with no open transaction is a plain rating.
        await tablet.PostAsync("/k/" + point.Token, ("value", "2"));
        var all = await app.ResponsesAsync(wave.Id);
        Assert.Equal(4, all.Count);
        Assert.Single(all, r => r.ExternalReference is null && r.Answers["rating"] == "2" && r.Status == ResponseStatus.Complete);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task UnitManagerOfAnotherUnit_GetsNotFound_ForTheKiosk(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var branch = await app.AddUnitAsync(home.Id);
        var other = await app.AddUnitAsync(home.Id);
        var wave = await app.AddWaveAsync(RespondTestData.KioskDefinition());
        var point = await app.AddPointAsync(wave, CollectionPointKind.Kiosk, unitId: branch);
        var transactions = $"/api/v1/kiosks/{point.Id}/transactions";

        var (_, _, outsider) = await app.SignInCookieAsync(Roles.UnitManager, other);
        using (var client = app.ClientWithCookie(outsider))
        {
            using var refused = await client.PostAsJsonAsync(new Uri(transactions, UriKind.Relative), new { transactionId = "X" });
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }
        var (_, _, own) = await app.SignInCookieAsync(Roles.UnitManager, branch);
        using (var client = app.ClientWithCookie(own))
        {
            using var opened = await client.PostAsJsonAsync(new Uri(transactions, UriKind.Relative), new { transactionId = "X" });
            Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        }
        Assert.Single(await app.ResponsesAsync(wave.Id));
    }
}
