using System.Net;
using System.Text.RegularExpressions;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Infrastructure;
using static Manyi.Web.Tests.Features.Results.ResultsTestData;

namespace Manyi.Web.Tests.Features.Results;

[Collection(ResultsGroup.Name)]
public partial class ResultsPageTests(ResultsFixture fixture)
{
    [GeneratedRegex("id=\"response-count\">([0-9,]+)<")]
    private static partial Regex ResponseCount();

    private static async Task<int> CountAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var match = ResponseCount().Match(html);
        Assert.True(match.Success, html);
        return int.Parse(match.Groups[1].Value.Replace(",", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The dashboard polls its live part; a response stored after the first GET shows up in the next poll (count 6 → 7).</summary>
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task LivePartial_ResponseAddedAfterFirstGet_CountGoesUp(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var wave = await app.AddWaveAsync(ScoresQuestionnaire(), plan: new Manyi.Core.Collection.SamplePlan { TargetResponses = 20 });
        SeedResponse Answer(int nps) => new(Cells(("recommend", nps), ("satisfaction", 4), ("q1", 3)), home.Id);
        await app.AddResponsesAsync(wave, Enumerable.Range(0, 6).Select(i => Answer(i + 5)));
        using var viewer = await app.CreateClientAsAsync(Roles.Viewer);

        using (var page = await viewer.GetAsync(new Uri($"/waves/{wave.Id}/results", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            // Polls every 3 s with htmx, and a plain link reloads without JavaScript.
            Assert.Contains($"hx-get=\"/waves/{wave.Id}/results?handler=live\"", html, StringComparison.Ordinal);
            Assert.Contains("hx-trigger=\"every 3s\"", html, StringComparison.Ordinal);
            Assert.Contains("id=\"reload-results\"", html, StringComparison.Ordinal);
            Assert.Contains("<progress max=\"20\" value=\"6\"", html, StringComparison.Ordinal);
            Assert.Contains("nps-chart-data", html, StringComparison.Ordinal);
        }
        var live = $"/waves/{wave.Id}/results?handler=live";
        Assert.Equal(6, await CountAsync(viewer, live));
        await app.AddResponsesAsync(wave, [Answer(10)]);
        Assert.Equal(7, await CountAsync(viewer, live));
        using (var partial = await viewer.GetAsync(new Uri(live, UriKind.Relative)))
        {
            // The partial is the live part only, not a whole page.
            Assert.DoesNotContain("<html", await partial.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Page_OtherUnitsWaveOrUnknownId_Is404ForAUnitManager(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var a = await app.AddUnitAsync(home.Id);
        var b = await app.AddUnitAsync(home.Id);
        var waveOfA = await app.AddWaveAsync(ScoresQuestionnaire(), waveUnitId: a);
        using var managerOfB = await app.CreateClientAsAsync(Roles.UnitManager, b);
        using var other = await managerOfB.GetAsync(new Uri($"/waves/{waveOfA.Id}/results", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        using var unknown = await managerOfB.GetAsync(new Uri($"/waves/{Guid.NewGuid()}/results?handler=live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var managerOfA = await app.CreateClientAsAsync(Roles.UnitManager, a);
        using var mine = await managerOfA.GetAsync(new Uri($"/waves/{waveOfA.Id}/results", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
    }
}
