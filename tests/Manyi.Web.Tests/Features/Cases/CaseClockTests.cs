using Manyi.Core.Cases;
using Manyi.Data;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using static Manyi.Web.Tests.Features.Cases.ClockData;

namespace Manyi.Web.Tests.Features.Cases;

/// <summary>
/// The SLA clock end to end with a fake clock: due times on the China 2026 calendar (lunch break, a holiday, the adjusted working
/// Saturday), breaches to the minute, escalation once, pause and resume. Local times are Asia/Shanghai (UTC+8).
/// </summary>
[Collection(CaseClockGroup.Name)]
public sealed class CaseClockTests(CaseClockFixture fixture)
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Breaches_FireAtTheDueMinute_OverTheAdjustedWorkingSaturday_AndEscalateOnce(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var handler = await UserAsync(app);
        var lead = await UserAsync(app);
        await ChinaCalendarAndLevelsAsync(app, lead);
        var category = await CategoryWithPolicyAsync(app, firstResponseMinutes: 60, resolutionMinutes: 480);
        // Friday 9 October 2026, 16:00 (the first working day after the National Day holiday week is Thursday 8 October).
        var received = Local(2026, 10, 9, 16, 0);
        var id = await OpenCaseAsync(app, category, handler, received);

        // By hand: first response 60 min → Friday 17:00. Resolution 480 min: Friday 16:00–17:30 = 90, Saturday 10 October is an
        // adjusted working day (调休上班): 08:30–12:00 = 210 (300 so far), 13:30 + 180 = 16:30 on Saturday.
        var firstDue = Local(2026, 10, 9, 17, 0);
        var resolutionDue = Local(2026, 10, 10, 16, 30);
        var opened = await CaseAsync(app, id);
        Assert.Equal(firstDue, opened.FirstResponseDueAt);
        Assert.Equal(resolutionDue, opened.ResolutionDueAt);

        var clock = new FakeTimeProvider(firstDue.AddMinutes(-1));
        var caseClock = Clock(app, clock);
        await caseClock.RunOnceAsync(CancellationToken.None);
        Assert.Null((await CaseAsync(app, id)).FirstResponseBreachedAt);

        clock.SetUtcNow(firstDue);
        await caseClock.RunOnceAsync(CancellationToken.None);
        var afterFirst = await CaseAsync(app, id);
        Assert.Equal(firstDue, afterFirst.FirstResponseBreachedAt);
        Assert.Equal(0, afterFirst.Level);
        Assert.Single(await EventsAsync(app, id), e => e.Kind == CaseEventKind.FirstResponseBreached);
        Assert.Equal([handler], (await NoticesAsync(app, id)).Where(n => n.Kind == NotificationKind.FirstResponseBreached).Select(n => n.UserId));

        clock.SetUtcNow(resolutionDue.AddMinutes(-1));
        await caseClock.RunOnceAsync(CancellationToken.None);
        Assert.Null((await CaseAsync(app, id)).ResolutionBreachedAt);

        clock.SetUtcNow(resolutionDue);
        await caseClock.RunOnceAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(1));
        await caseClock.RunOnceAsync(CancellationToken.None);
        var breached = await CaseAsync(app, id);
        Assert.Equal(resolutionDue, breached.ResolutionBreachedAt);
        Assert.Equal(1, breached.Level);
        var events = await EventsAsync(app, id);
        Assert.Single(events, e => e.Kind == CaseEventKind.ResolutionBreached);
        var escalated = Assert.Single(events, e => e.Kind == CaseEventKind.Escalated);
        Assert.Equal(nameof(EscalationReason.Overdue), escalated.Reason);
        Assert.Null(escalated.ActorId);
        // Level 1 notifies its users and the owner, once each.
        var notices = (await NoticesAsync(app, id)).Where(n => n.Kind == NotificationKind.CaseEscalated).Select(n => n.UserId).Order().ToList();
        Assert.Equal(new[] { handler, lead }.Order(), notices);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task DueTime_SkipsTheNationalDayHoliday(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var handler = await UserAsync(app);
        await ChinaCalendarAndLevelsAsync(app);
        var category = await CategoryWithPolicyAsync(app, firstResponseMinutes: 30, resolutionMinutes: 120);
        // Wednesday 30 September 2026, 17:00: 30 minutes to 17:30, then 1–7 October are holidays; Thursday 8 October 08:30 + 90 = 10:00.
        var id = await OpenCaseAsync(app, category, handler, Local(2026, 9, 30, 17, 0));
        var due = Local(2026, 10, 8, 10, 0);
        Assert.Equal(Local(2026, 9, 30, 17, 30), (await CaseAsync(app, id)).FirstResponseDueAt);
        Assert.Equal(due, (await CaseAsync(app, id)).ResolutionDueAt);

        var clock = new FakeTimeProvider(Local(2026, 10, 5, 12, 0));
        var caseClock = Clock(app, clock);
        await ChangeAsync(app, id, (c, _) => c.Respond(new CaseActor(handler, "handler"), Local(2026, 9, 30, 17, 10)));
        await caseClock.RunOnceAsync(CancellationToken.None);
        Assert.Null((await CaseAsync(app, id)).ResolutionBreachedAt);
        clock.SetUtcNow(due.AddMinutes(-1));
        await caseClock.RunOnceAsync(CancellationToken.None);
        Assert.Null((await CaseAsync(app, id)).ResolutionBreachedAt);
        clock.SetUtcNow(due);
        await caseClock.RunOnceAsync(CancellationToken.None);
        var breached = await CaseAsync(app, id);
        Assert.Equal(due, breached.ResolutionBreachedAt);
        // Responded in time: no first-response breach.
        Assert.Null(breached.FirstResponseBreachedAt);
        Assert.DoesNotContain(await EventsAsync(app, id), e => e.Kind == CaseEventKind.FirstResponseBreached);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Pause_OverTheDueTime_StopsTheClock_AndResumePushesTheDueTimeBack(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var handler = await UserAsync(app);
        await ChinaCalendarAndLevelsAsync(app);
        var category = await CategoryWithPolicyAsync(app, firstResponseMinutes: 30, resolutionMinutes: 120);
        var actor = new CaseActor(handler, "handler");
        // Monday 12 October 2026 09:00; resolution due 11:00.
        var id = await OpenCaseAsync(app, category, handler, Local(2026, 10, 12, 9, 0));
        Assert.Equal(Local(2026, 10, 12, 11, 0), (await CaseAsync(app, id)).ResolutionDueAt);
        await ChangeAsync(app, id, (c, _) => c.Respond(actor, Local(2026, 10, 12, 9, 10)));
        await ChangeAsync(app, id, (c, _) => c.Pause(actor, Local(2026, 10, 12, 10, 0)));

        // Waiting for the customer over the due time: no breach.
        var clock = new FakeTimeProvider(Local(2026, 10, 12, 11, 30));
        var caseClock = Clock(app, clock);
        await caseClock.RunOnceAsync(CancellationToken.None);
        Assert.Null((await CaseAsync(app, id)).ResolutionBreachedAt);

        // Resumed at 14:30: paused 10:00–12:00 (120) + 13:30–14:30 (60) = 180 business minutes; due = 09:00 + 120 + 180 = 300
        // business minutes: 09:00–12:00 = 180, then 13:30 + 120 = 15:30.
        await ChangeAsync(app, id, (c, r) => c.Resume(r.Calendar, actor, Local(2026, 10, 12, 14, 30)));
        var resumed = await CaseAsync(app, id);
        Assert.Equal(180, resumed.PausedMinutes, 6);
        var due = Local(2026, 10, 12, 15, 30);
        Assert.Equal(due, resumed.ResolutionDueAt);
        clock.SetUtcNow(due.AddMinutes(-1));
        await caseClock.RunOnceAsync(CancellationToken.None);
        Assert.Null((await CaseAsync(app, id)).ResolutionBreachedAt);
        clock.SetUtcNow(due);
        await caseClock.RunOnceAsync(CancellationToken.None);
        Assert.Equal(due, (await CaseAsync(app, id)).ResolutionBreachedAt);
        Assert.Equal(1, (await CaseAsync(app, id)).Level);
    }
}
