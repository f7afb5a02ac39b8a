using System.Net;
using Manyi.Core.Cases;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Cases;
using Manyi.Web.Tests.Features.Waves;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Manyi.Web.Tests.Features.Cases.ClockData;

namespace Manyi.Web.Tests.Features.Notifications;

/// <summary>The notifications API: only one's own notices (another user's id answers 404), unread first, counts, mark read.</summary>
[Collection(CaseClockGroup.Name)]
public sealed class NotificationsApiTests(CaseClockFixture fixture)
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Notifications_AreOnlyOnesOwn_UnreadFirst_AndMarkRead(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var me = await app.CreateClientAsAsync(Roles.CaseHandler);
        using var other = await app.CreateClientAsAsync(Roles.CaseHandler);
        var meId = (await WaveData.JsonOf(await me.GetAsync(WaveData.Url("/api/v1/auth/me")))).GetProperty("id").GetGuid();
        var otherId = (await WaveData.JsonOf(await other.GetAsync(WaveData.Url("/api/v1/auth/me")))).GetProperty("id").GetGuid();
        var org = await OrganisationAsync(app);
        var t0 = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
        Notification Notice(Guid user, int minutes, NotificationKind kind) => new()
        {
            Id = Guid.NewGuid(), OrganisationId = org, UserId = user, Kind = kind, CaseNumber = "C20260501-ABC" + minutes, Level = 1, CreatedAt = t0.AddMinutes(minutes),
        };
        var old = Notice(meId, 1, NotificationKind.CaseAssigned);
        var newer = Notice(meId, 2, NotificationKind.CaseEscalated);
        var newest = Notice(meId, 3, NotificationKind.ResolutionBreached);
        var theirs = Notice(otherId, 4, NotificationKind.CaseAssigned);
        await DbAsync(app, db =>
        {
            db.Notifications.AddRange(old, newer, newest, theirs);
            return db.SaveChangesAsync();
        });

        Assert.Equal(3, (await WaveData.JsonOf(await me.GetAsync(WaveData.Url("/api/v1/notifications/unread-count")))).GetProperty("unread").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, (await me.PostAsync(WaveData.Url($"/api/v1/notifications/{newest.Id}/read"), null)).StatusCode);
        // Another user's notice: 404, and it stays unread.
        Assert.Equal(HttpStatusCode.NotFound, (await me.PostAsync(WaveData.Url($"/api/v1/notifications/{theirs.Id}/read"), null)).StatusCode);
        Assert.Null(await DbAsync(app, db => db.Notifications.Where(n => n.Id == theirs.Id).Select(n => n.ReadAt).SingleAsync()));

        var page = await WaveData.JsonOf(await me.GetAsync(WaveData.Url("/api/v1/notifications")));
        // Unread first (newest first among them), then the read one.
        Assert.Equal([newer.Id, old.Id, newest.Id], page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal((3, 2), (page.GetProperty("total").GetInt32(), page.GetProperty("unread").GetInt32()));
        Assert.Equal("caseEscalated", page.GetProperty("items")[0].GetProperty("kind").GetString());
        Assert.Contains("pageSize", await WaveData.ErrorsAsync(await me.GetAsync(WaveData.Url("/api/v1/notifications?pageSize=1000"))));

        Assert.Equal(2, (await WaveData.JsonOf(await me.PostAsync(WaveData.Url("/api/v1/notifications/read-all"), null))).GetProperty("marked").GetInt32());
        Assert.Equal(0, (await WaveData.JsonOf(await me.GetAsync(WaveData.Url("/api/v1/notifications/unread-count")))).GetProperty("unread").GetInt32());
        Assert.Equal(1, (await WaveData.JsonOf(await other.GetAsync(WaveData.Url("/api/v1/notifications/unread-count")))).GetProperty("unread").GetInt32());

        // The bell in the page header shows the other user's unread count.
        var html = await (await other.GetAsync(WaveData.Url("/notifications"))).Content.ReadAsStringAsync();
        Assert.Contains("<span class=\"badge\">1</span>", html, StringComparison.Ordinal);
    }
}
