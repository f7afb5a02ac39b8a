using Manyi.Core.Cases;

namespace Manyi.Core.Tests.Cases;

/// <summary><see cref="Case.ChangePolicy"/>: an edit of category or priority re-picks the targets and recomputes the due times.</summary>
public sealed class CaseChangePolicyTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Fact]
    public void ChangePolicy_RecomputesDueTimesFromTheReceipt_KeepingPausedMinutes()
    {
        var calendar = BusinessCalendarDefinition.China2026;
        // Monday 2 March 2026, 09:00 Beijing time.
        var received = new DateTimeOffset(2026, 3, 2, 9, 0, 0, Beijing);
        var @case = new Case { Number = "C1", Channel = "phone", Subject = "停电", ReceivedAt = received };
        var normal = new SlaPolicy { Id = Guid.NewGuid(), Name = "normal", FirstResponseMinutes = 60, ResolutionMinutes = 480 };
        @case.StartClock(normal, calendar);
        @case.PausedMinutes = 30;

        var urgent = new SlaPolicy { Id = Guid.NewGuid(), Name = "urgent", FirstResponseMinutes = 30, ResolutionMinutes = 120 };
        @case.ChangePolicy(urgent, calendar);

        // First response: 09:00 + 30 min = 09:30. Resolution: 120 + 30 paused = 150 business minutes from 09:00:
        // 09:00–12:00 holds 180, so 11:30 the same day.
        Assert.Equal(urgent.Id, @case.SlaPolicyId);
        Assert.Equal((30, 120), (@case.FirstResponseTargetMinutes, @case.ResolutionTargetMinutes));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 30, 0, Beijing), @case.FirstResponseDueAt);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 11, 30, 0, Beijing), @case.ResolutionDueAt);
        Assert.Equal(30, @case.PausedMinutes);

        @case.ChangePolicy(null, calendar);
        Assert.Equal((null, null, null, null, null), (@case.SlaPolicyId, @case.FirstResponseTargetMinutes, @case.ResolutionTargetMinutes, @case.FirstResponseDueAt, @case.ResolutionDueAt));
    }
}
