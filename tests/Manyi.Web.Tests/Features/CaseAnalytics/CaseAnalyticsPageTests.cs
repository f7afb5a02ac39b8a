using System.Net;
using Manyi.Core.Cases;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Infrastructure;
using static Manyi.Web.Tests.Features.CaseAnalytics.CaseTestData;
using static Manyi.Web.Tests.Features.Waves.WaveData;

namespace Manyi.Web.Tests.Features.CaseAnalytics;

/// <summary>/cases/analytics and the timeline on /customers/{id}: tables without JavaScript, unit scope, encoded free text.</summary>
[Collection(CaseAnalyticsGroup.Name)]
public sealed class CaseAnalyticsPageTests(CaseAnalyticsFixture fixture)
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Pages_ShowTablesAndTimeline_WithinScope_Encoded(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        await UseTestCalendarAsync(app);
        var unit = await UnitAsync(app);
        var other = await UnitAsync(app);
        var customer = await CustomerAsync(app, unit);
        var c = NewCase(unit, CaseKind.Complaint, "phone", At(2, 9), x => { x.CustomerId = customer.Id; x.Subject = "<script>alert(1)</script>"; });
        await SaveAsync(app, c);

        using var manager = await app.CreateClientAsAsync(Roles.UnitManager, unit.Id);
        var page = await manager.GetAsync(Url($"/cases/analytics?from=2026-03-01&to=2026-03-31&unitId={unit.Id}"));
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, html);
        Assert.Contains("id=\"total-cases\">1<", html, StringComparison.Ordinal);
        Assert.Contains("id=\"sla-table\"", html, StringComparison.Ordinal);
        Assert.Contains("case-analytics-data", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(Url($"/cases/analytics?unitId={other.Id}"))).StatusCode);
        var bad = await (await manager.GetAsync(Url("/cases/analytics?kind=bogus"))).Content.ReadAsStringAsync();
        Assert.Contains("id=\"analytics-errors\"", bad, StringComparison.Ordinal);

        var details = await manager.GetAsync(Url($"/customers/{customer.Id}"));
        var text = await details.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, details.StatusCode);
        Assert.Contains("id=\"customer-timeline\"", text, StringComparison.Ordinal);
        Assert.Contains(c.Number, text, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)</script>", text, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", text, StringComparison.Ordinal);
    }
}
