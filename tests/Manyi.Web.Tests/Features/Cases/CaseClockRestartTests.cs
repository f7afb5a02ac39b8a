using Manyi.Core.Cases;
using Manyi.Data;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using static Manyi.Web.Tests.Features.Cases.ClockData;

namespace Manyi.Web.Tests.Features.Cases;

/// <summary>
/// The clock keeps all its state in the database: a host stopped in the middle of an open SLA is followed by another that breaches
/// and escalates the case exactly once; two hosts on one PostgreSQL running passes at the same time escalate once.
/// </summary>
public sealed class CaseClockRestartTests
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Restart_InTheMiddleOfAnOpenSla_TheBreachStillFiresOnce(DatabaseProvider provider)
    {
        Database.SkipIfUnavailable(provider);
        var database = await Database.CreateAsync(provider);
        var first = await ManyiWebFactory.StartOnAsync(database, Settings());
        try
        {
            var handler = await UserAsync(first);
            var lead = await UserAsync(first);
            await ChinaCalendarAndLevelsAsync(first, lead);
            var category = await CategoryWithPolicyAsync(first, firstResponseMinutes: 60, resolutionMinutes: 240);
            // Monday 12 October 2026 09:00 + 240 business minutes: 09:00–12:00 = 180, 13:30 + 60 = 14:30.
            var id = await OpenCaseAsync(first, category, handler, Local(2026, 10, 12, 9, 0));
            var due = Local(2026, 10, 12, 14, 30);
            Assert.Equal(due, (await CaseAsync(first, id)).ResolutionDueAt);
            await ChangeAsync(first, id, (c, _) => c.Respond(new CaseActor(handler, "handler"), Local(2026, 10, 12, 9, 30)));
            // Host 1 runs a pass mid-SLA at 10:00 (it takes the lease for 4 × Manyi:Cases:ClockSeconds = 4 hours) and stops.
            var clock = new FakeTimeProvider(Local(2026, 10, 12, 10, 0));
            Assert.True((await Clock(first, clock, holder: "host-1").RunOnceAsync(CancellationToken.None)).Leased);
            Assert.Null((await CaseAsync(first, id)).ResolutionBreachedAt);
            await first.DisposeAsync();

            // Host 2 on the same database, with another holder id: host 1's lease expired at 14:00, so it takes over.
            await using var second = await ManyiWebFactory.StartOnAsync(database, Settings());
            var caseClock = Clock(second, clock, holder: "host-2");
            clock.SetUtcNow(due.AddMinutes(-1));
            await caseClock.RunOnceAsync(CancellationToken.None);
            Assert.Null((await CaseAsync(second, id)).ResolutionBreachedAt);
            clock.SetUtcNow(due);
            var pass = await caseClock.RunOnceAsync(CancellationToken.None);
            Assert.Equal(1, pass.ResolutionBreaches);
            var again = await caseClock.RunOnceAsync(CancellationToken.None);
            Assert.Equal(0, again.ResolutionBreaches);
            var events = await EventsAsync(second, id);
            Assert.Single(events, e => e.Kind == CaseEventKind.ResolutionBreached);
            Assert.Single(events, e => e.Kind == CaseEventKind.Escalated);
            var after = await CaseAsync(second, id);
            Assert.Equal((1, due), (after.Level, after.ResolutionBreachedAt!.Value));
            var lease = await DbAsync(second, db => db.JobLeases.AsNoTracking().SingleAsync(l => l.Name == "case-clock"));
            Assert.Equal("host-2", lease.Holder);
        }
        finally
        {
            await first.DisposeAsync();
            await database.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task TwoHosts_OnOnePostgreSql_EscalateACaseOnce()
    {
        // PostgreSQL only: several instances share a PostgreSQL server; SQLite is a single-server embedded database.
        Database.SkipIfUnavailable(DatabaseProvider.PostgreSql);
        await using var one = await ManyiWebFactory.StartAsync(DatabaseProvider.PostgreSql, Settings());
        await using var two = await ManyiWebFactory.StartOnAsync(one.Database, Settings());
        var handler = await UserAsync(one);
        var lead = await UserAsync(one);
        await ChinaCalendarAndLevelsAsync(one, lead);
        var category = await CategoryWithPolicyAsync(one, firstResponseMinutes: 30, resolutionMinutes: 60);
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await OpenCaseAsync(one, category, handler, Local(2026, 10, 12, 9, 0)));
        }
        var clock = new FakeTimeProvider(Local(2026, 10, 12, 10, 0));
        var clocks = new[] { Clock(one, clock, "host-1"), Clock(two, clock, "host-2"), Clock(one, clock, "host-1"), Clock(two, clock, "host-2") };
        int? leader = null;
        for (var round = 0; round < 4; round++)
        {
            var passes = await Task.WhenAll(clocks.Select(c => c.RunOnceAsync(CancellationToken.None)));
            // One host takes the lease; while it holds it the other host's passes do nothing.
            var leased = passes.Select((p, i) => (p, i)).Where(x => x.p.Leased).Select(x => x.i % 2).Distinct().ToList();
            leader ??= Assert.Single(leased);
            Assert.Equal([leader.Value], leased);
            if (round == 0)
            {
                Assert.Equal(5, passes.Sum(p => p.ResolutionBreaches));
                Assert.Equal(5, passes.Sum(p => p.FirstResponseBreaches));
            }
            clock.Advance(TimeSpan.FromMinutes(1));
        }
        // The leader stops; its lease expires and the other host takes over, still escalating nothing twice.
        clock.Advance(TimeSpan.FromHours(5));
        var other = clocks.Where((_, i) => i % 2 != leader).ToList();
        var late = await Task.WhenAll(other.Select(c => c.RunOnceAsync(CancellationToken.None)));
        Assert.Contains(late, p => p.Leased);
        Assert.All(late, p => Assert.Equal(0, p.ResolutionBreaches));
        Assert.Equal(leader == 0 ? "host-2" : "host-1", await DbAsync(one, db => db.JobLeases.Where(l => l.Name == "case-clock").Select(l => l.Holder).SingleAsync()));

        foreach (var id in ids)
        {
            var events = await EventsAsync(one, id);
            Assert.Single(events, e => e.Kind == CaseEventKind.ResolutionBreached);
            Assert.Single(events, e => e.Kind == CaseEventKind.FirstResponseBreached);
            Assert.Single(events, e => e.Kind == CaseEventKind.Escalated);
            Assert.Equal(1, (await CaseAsync(one, id)).Level);
            var escalationNotices = (await NoticesAsync(one, id)).Where(n => n.Kind == NotificationKind.CaseEscalated).Select(n => n.UserId).Order().ToList();
            Assert.Equal(new[] { handler, lead }.Order(), escalationNotices);
        }
    }

    [SkippableFact]
    public async Task TwoClocks_WithoutTheLease_StillBreachEachCaseOnce_OnPostgreSql()
    {
        // The row claims alone (no lease: both clocks share one holder id) keep breaches once when passes overlap.
        Database.SkipIfUnavailable(DatabaseProvider.PostgreSql);
        await using var one = await ManyiWebFactory.StartAsync(DatabaseProvider.PostgreSql, Settings());
        await using var two = await ManyiWebFactory.StartOnAsync(one.Database, Settings());
        var handler = await UserAsync(one);
        await ChinaCalendarAndLevelsAsync(one);
        var category = await CategoryWithPolicyAsync(one, firstResponseMinutes: 30, resolutionMinutes: 60);
        var ids = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(await OpenCaseAsync(one, category, handler, Local(2026, 10, 12, 9, 0)));
        }
        var clock = new FakeTimeProvider(Local(2026, 10, 12, 10, 0));
        var passes = await Task.WhenAll(Clock(one, clock, "same").RunOnceAsync(CancellationToken.None), Clock(two, clock, "same").RunOnceAsync(CancellationToken.None),
            Clock(one, clock, "same").RunOnceAsync(CancellationToken.None));
        Assert.Equal(20, passes.Sum(p => p.ResolutionBreaches));
        var escalations = await DbAsync(one, db => db.CaseEvents.CountAsync(e => ids.Contains(e.CaseId) && e.Kind == CaseEventKind.Escalated));
        Assert.Equal(20, escalations);
        Assert.All(await DbAsync(one, db => db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => c.Level).ToListAsync()), level => Assert.Equal(1, level));
    }
}
