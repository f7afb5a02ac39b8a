using Manyi.Core.Cases;

namespace Manyi.Core.Tests.Cases;

/// <summary>The China 2026 calendar: 08:30–12:00 and 13:30–17:30 on working days; local times are Asia/Shanghai (UTC+8).</summary>
public sealed class BusinessCalendarTests
{
    private static readonly BusinessCalendarDefinition China = BusinessCalendarDefinition.China2026;

    private static DateTimeOffset L(int month, int day, int hour, int minute) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    [Fact]
    public void LunchBreak_IsNotCounted()
    {
        // Monday 12 October 11:30 + 60: 30 minutes to 12:00, then 13:30 + 30.
        Assert.Equal(L(10, 12, 14, 0), China.AddBusinessMinutes(L(10, 12, 11, 30), 60));
        Assert.Equal(60, China.BusinessMinutesBetween(L(10, 12, 11, 30), L(10, 12, 14, 0)), 6);
    }

    [Fact]
    public void AtFivePm_SixtyMinutes_EndsNextMorningAtNine()
    {
        // Tuesday 13 October 17:00: 30 minutes to 17:30, then Wednesday 08:30 + 30 = 09:00.
        Assert.Equal(L(10, 14, 9, 0), China.AddBusinessMinutes(L(10, 13, 17, 0), 60));
    }

    [Fact]
    public void NationalDayHoliday_IsSkipped_AndTheAdjustedSaturdayIsWorked()
    {
        // Wednesday 30 September 17:00 + 60: 30 minutes, then 1–7 October off, Thursday 8 October 08:30 + 30.
        Assert.Equal(L(10, 8, 9, 0), China.AddBusinessMinutes(L(9, 30, 17, 0), 60));
        Assert.False(China.IsWorkingDay(new DateOnly(2026, 10, 5)));
        Assert.True(China.IsWorkingDay(new DateOnly(2026, 10, 10)));
        // Friday 9 October 17:00 + 60: 30 minutes, then Saturday 10 October (调休上班) 08:30 + 30.
        Assert.Equal(L(10, 10, 9, 0), China.AddBusinessMinutes(L(10, 9, 17, 0), 60));
    }

    [Fact]
    public void MinutesBetween_OverAWeekend_CountsOnlyWorkingTime()
    {
        // Friday 16 October 16:30 → Monday 19 October 09:30: 60 on Friday, nothing at the weekend, 60 on Monday.
        Assert.Equal(120, China.BusinessMinutesBetween(L(10, 16, 16, 30), L(10, 19, 9, 30)), 6);
        Assert.Equal(0, China.BusinessMinutesBetween(L(10, 19, 9, 30), L(10, 16, 16, 30)));
    }

    [Fact]
    public void Problems_NameTheirFields()
    {
        var broken = China with
        {
            TimeZone = "Mars/Olympus",
            Hours = [new(new TimeOnly(9, 0), new TimeOnly(12, 0)), new(new TimeOnly(11, 0), new TimeOnly(10, 0))],
            WorkingWeekendDays = [new DateOnly(2026, 10, 1)],
        };
        Assert.Equal(["timeZone", "hours[1]", "workingWeekendDays"], broken.Problems().Select(p => p.Field));
        Assert.Empty(China.Problems());
    }

    [Fact]
    public void StartOfDay_IsLocalMidnightInUtc_AndSkipsAMidnightThatDoesNotExist()
    {
        // Shanghai is UTC+8 all year: 1 April 2024 00:00 local = 31 March 2024 16:00 UTC.
        var shanghai = new BusinessCalendarDefinition();
        Assert.Equal(new DateTimeOffset(2024, 3, 31, 16, 0, 0, TimeSpan.Zero), shanghai.StartOfDay(new DateOnly(2024, 4, 1)));
        Assert.Equal(TimeSpan.Zero, shanghai.StartOfDay(new DateOnly(2024, 4, 1)).Offset);

        // Chile moved its clocks from 00:00 to 01:00 on 8 September 2024 (IANA tzdata, America/Santiago: UTC−4 → UTC−3), so that day
        // starts at 01:00 local = 04:00 UTC.
        var santiago = new BusinessCalendarDefinition { TimeZone = "America/Santiago" };
        Assert.Equal(new DateTimeOffset(2024, 9, 8, 4, 0, 0, TimeSpan.Zero), santiago.StartOfDay(new DateOnly(2024, 9, 8)));

        // An unknown zone name falls back to UTC.
        Assert.Equal(new DateTimeOffset(2024, 4, 1, 0, 0, 0, TimeSpan.Zero), new BusinessCalendarDefinition { TimeZone = "Nowhere/Nothing" }.StartOfDay(new DateOnly(2024, 4, 1)));
    }
}
