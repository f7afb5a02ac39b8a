using Manyi.Core.Cases;

namespace Manyi.Core.Tests.Cases;

public sealed class CaseTests
{
    private static readonly BusinessCalendarDefinition China = BusinessCalendarDefinition.China2026;
    private static readonly CaseActor Handler = new(Guid.NewGuid(), "handler");

    private static DateTimeOffset L(int month, int day, int hour, int minute) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    private static Case Open(DateTimeOffset at, int resolutionMinutes = 120)
    {
        var c = new Case { Id = Guid.NewGuid(), Number = "C1", Channel = "phone", Subject = "s", Kind = CaseKind.Complaint, ReceivedAt = at, OwnerId = Handler.Id };
        c.StartClock(new SlaPolicy { Id = Guid.NewGuid(), Name = "p", FirstResponseMinutes = 30, ResolutionMinutes = resolutionMinutes }, China);
        return c;
    }

    [Fact]
    public void PauseAndResume_PushTheDueTimeBackByThePausedBusinessMinutes()
    {
        var c = Open(L(10, 12, 9, 0));
        Assert.Equal(L(10, 12, 11, 0), c.ResolutionDueAt);
        Assert.False(c.Respond(Handler, L(10, 12, 9, 5)).Refused);
        Assert.False(c.Pause(Handler, L(10, 12, 10, 0)).Refused);
        // Paused 10:00 → 14:30 = 120 + 60 = 180 business minutes; due = 09:00 + 300 = 15:30.
        var resumed = c.Resume(China, Handler, L(10, 12, 14, 30));
        Assert.Equal(CaseEventKind.Resumed, Assert.Single(resumed.Events).Kind);
        Assert.Equal(180, c.PausedMinutes, 6);
        Assert.Equal(L(10, 12, 15, 30), c.ResolutionDueAt);
    }

    [Fact]
    public void NotSatisfiedFollowUp_ReopensOneLevelUp_WithAFreshClock_AndTheLevelCapsAtTheTop()
    {
        var c = Open(L(10, 12, 9, 0));
        c.Respond(Handler, L(10, 12, 9, 5));
        c.ResolutionBreached(L(10, 12, 11, 0));
        Assert.False(c.Resolve("fixed", Guid.NewGuid(), China, Handler, L(10, 12, 11, 30), FollowUpMethod.Call, null).Refused);
        var change = c.RecordFollowUp(false, FollowUpSatisfaction.NotSatisfied, "还是停电", FollowUpMethod.Call, China, topLevel: 1, Handler, L(10, 13, 9, 0));
        Assert.Equal([CaseEventKind.FollowUpRecorded, CaseEventKind.Reopened, CaseEventKind.Escalated], change.Events.Select(e => e.Kind));
        Assert.Equal((CaseStatus.InProgress, 1, 1), (c.Status, c.Level, c.ReopenCount));
        // Fresh clock from the reopening: Tuesday 09:00 + 120 = 11:00; the breach mark is cleared.
        Assert.Equal(L(10, 13, 11, 0), c.ResolutionDueAt);
        Assert.Null(c.ResolutionBreachedAt);
        // At the top level an escalation is recorded but the level stays.
        var capped = c.Escalate(EscalationReason.Manual, topLevel: 1, Handler, L(10, 13, 9, 30));
        Assert.Equal("1", Assert.Single(capped.Events).Detail["to"]);
        Assert.Equal(1, c.Level);
    }

    [Fact]
    public void Refusals_ChangeNothing()
    {
        var c = Open(L(10, 12, 9, 0));
        var version = c.Version;
        Assert.True(c.Pause(Handler, L(10, 12, 9, 1)).Refused);
        Assert.True(c.Resolve("x", null, China, Handler, L(10, 12, 9, 1), FollowUpMethod.Call, null).Refused);
        Assert.Equal((CaseStatus.New, version), (c.Status, c.Version));
    }
}
