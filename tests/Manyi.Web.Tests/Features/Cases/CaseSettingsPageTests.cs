using System.Net;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Pages;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Manyi.Web.Tests.Features.Waves.WaveData;

namespace Manyi.Web.Tests.Features.Cases;

/// <summary>/cases/settings: viewers read, administrators change through the same checks as the API (antiforgery on every form).</summary>
public sealed class CaseSettingsPageTests(CaseSettingsFixture fixture) : IClassFixture<CaseSettingsFixture>
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Page_AdministratorsChange_ViewersOnlyRead_BadInputNamesTheField(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var token = await admin.GetTokenAsync("/cases/settings");
        var defaults = await admin.PostFormAsync("/cases/settings?handler=Defaults", ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.OK, defaults.StatusCode);
        var html = await admin.GetHtmlAsync("/cases/settings");
        Assert.Contains("供电可靠性", html, StringComparison.Ordinal);
        Assert.Contains("2026-10-10", html, StringComparison.Ordinal); // an adjusted working day of the default calendar

        // A category named with markup is shown encoded.
        var code = $"xss-{Guid.NewGuid():N}"[..12];
        var saved = await admin.PostFormAsync("/cases/settings?handler=Category", ("__RequestVerificationToken", token), ("code", code), ("nameZh", "<script>alert(1)</script>"));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var page = await saved.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert(1)</script>", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", page, StringComparison.Ordinal);

        // Bad settings are refused by field name and change nothing.
        var before = await DbAsync(app, db => db.CaseSettings.AsNoTracking().Select(s => s.RepeatWindowDays).SingleAsync());
        var refused = await admin.PostFormAsync("/cases/settings?handler=Settings", ("__RequestVerificationToken", token),
            ("repeatWindowDays", "0"), ("followUpMethod", "call"), ("followUpDelayHours", "0"), ("autoCloseDays", "7"));
        Assert.Contains("repeatWindowDays", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await DbAsync(app, db => db.CaseSettings.AsNoTracking().Select(s => s.RepeatWindowDays).SingleAsync()));

        // A viewer sees the page without change forms and is refused a change.
        using var viewer = await app.CreateClientAsAsync(Roles.Viewer);
        var viewerToken = await viewer.GetTokenAsync("/cases/settings");
        Assert.DoesNotContain("id=\"save-settings\"", await viewer.GetHtmlAsync("/cases/settings"), StringComparison.Ordinal);
        var forbidden = await viewer.PostFormAsync("/cases/settings?handler=Settings", ("__RequestVerificationToken", viewerToken),
            ("repeatWindowDays", "10"), ("followUpMethod", "call"), ("followUpDelayHours", "0"), ("autoCloseDays", "7"));
        Assert.NotEqual(HttpStatusCode.OK, forbidden.StatusCode);
        Assert.Equal(before, await DbAsync(app, db => db.CaseSettings.AsNoTracking().Select(s => s.RepeatWindowDays).SingleAsync()));
    }
}
