using System.Globalization;
using Manyi.Core.Reports;

namespace Manyi.Core.Tests.Reports;

/// <summary>Next-run times worked out by hand (Asia/Shanghai is UTC+8 all year; New York changes on 2026-03-08 and 2026-11-01).</summary>
public sealed class ReportScheduleTests
{
    private static ReportDefinition Schedule(ReportFrequency frequency, int timeOfDay, string zone = "Asia/Shanghai", DayOfWeek? weekday = null, int? monthDay = null) =>
        new() { Name = "t", Enabled = true, Frequency = frequency, TimeOfDay = timeOfDay, TimeZone = zone, DayOfWeek = weekday, DayOfMonth = monthDay };

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    [Theory]
    // 08:00 in Shanghai is 00:00 UTC the same day.
    [InlineData("2026-03-09T23:59:00Z", "2026-03-10T00:00:00Z")]
    // Exactly at the due time: the next one is strictly later (the next day).
    [InlineData("2026-03-10T00:00:00Z", "2026-03-11T00:00:00Z")]
    [InlineData("2026-03-10T12:00:00Z", "2026-03-11T00:00:00Z")]
    // Year end.
    [InlineData("2026-12-31T01:00:00Z", "2027-01-01T00:00:00Z")]
    public void Daily_at_eight_in_Shanghai(string after, string expected) =>
        Assert.Equal(Utc(expected), ReportSchedule.Next(Schedule(ReportFrequency.Daily, 8 * 60), Utc(after)));

    [Fact]
    public void Daily_late_evening_west_of_UTC_falls_on_the_local_day()
    {
        // 2026-01-10T06:00Z is 22:00 on 9 January in Los Angeles (UTC−8): 23:00 local the same evening = 07:00Z.
        var next = ReportSchedule.Next(Schedule(ReportFrequency.Daily, 23 * 60, "America/Los_Angeles"), Utc("2026-01-10T06:00:00Z"));
        Assert.Equal(Utc("2026-01-10T07:00:00Z"), next);
    }

    [Theory]
    // 2026-11-27 is a Friday. 09:30 Shanghai = 01:30Z.
    [InlineData("2026-11-27T01:00:00Z", "2026-11-27T01:30:00Z")]
    [InlineData("2026-11-27T02:00:00Z", "2026-12-04T01:30:00Z")]
    // From Monday 2026-11-23 → that Friday.
    [InlineData("2026-11-23T00:00:00Z", "2026-11-27T01:30:00Z")]
    public void Weekly_on_Friday_at_half_past_nine(string after, string expected) =>
        Assert.Equal(Utc(expected), ReportSchedule.Next(Schedule(ReportFrequency.Weekly, 9 * 60 + 30, weekday: DayOfWeek.Friday), Utc(after)));

    [Theory]
    // Day 31: February 2026 has 28 days, April 30, 2028 is a leap year (29 February).
    [InlineData("2026-02-01T00:00:00Z", "2026-02-28T00:00:00Z")]
    [InlineData("2026-02-28T00:00:00Z", "2026-03-31T00:00:00Z")]
    [InlineData("2026-04-01T00:00:00Z", "2026-04-30T00:00:00Z")]
    [InlineData("2028-02-10T00:00:00Z", "2028-02-29T00:00:00Z")]
    // 08:00 on 31 January in Shanghai is 00:00Z; just before it.
    [InlineData("2026-01-30T23:59:59Z", "2026-01-31T00:00:00Z")]
    public void Monthly_on_day_31_is_the_last_day_of_short_months(string after, string expected) =>
        Assert.Equal(Utc(expected), ReportSchedule.Next(Schedule(ReportFrequency.Monthly, 8 * 60, monthDay: 31), Utc(after)));

    [Fact]
    public void Monthly_on_the_first_at_midnight()
    {
        // 00:00 on 1 December in Shanghai = 16:00Z on 30 November.
        var next = ReportSchedule.Next(Schedule(ReportFrequency.Monthly, 0, monthDay: 1), Utc("2026-11-27T00:00:00Z"));
        Assert.Equal(Utc("2026-11-30T16:00:00Z"), next);
    }

    [Theory]
    // New York: 02:30 on 7 March is EST (−5) = 07:30Z; on 8 March 02:30 does not exist (clocks jump 02:00→03:00): 03:30 EDT = 07:30Z;
    // on 9 March 02:30 EDT (−4) = 06:30Z.
    [InlineData("2026-03-07T00:00:00Z", "2026-03-07T07:30:00Z")]
    [InlineData("2026-03-07T12:00:00Z", "2026-03-08T07:30:00Z")]
    [InlineData("2026-03-08T12:00:00Z", "2026-03-09T06:30:00Z")]
    public void Daily_across_spring_forward(string after, string expected) =>
        Assert.Equal(Utc(expected), ReportSchedule.Next(Schedule(ReportFrequency.Daily, 2 * 60 + 30, "America/New_York"), Utc(after)));

    [Fact]
    public void Ambiguous_local_time_is_taken_the_first_time()
    {
        // 1 November 2026, 01:30 happens twice in New York: first in EDT (−4) = 05:30Z, then in EST = 06:30Z.
        var next = ReportSchedule.Next(Schedule(ReportFrequency.Daily, 90, "America/New_York"), Utc("2026-11-01T00:00:00Z"));
        Assert.Equal(Utc("2026-11-01T05:30:00Z"), next);
    }

    [Fact]
    public void Off_or_unknown_zone_has_no_next_run()
    {
        var off = Schedule(ReportFrequency.Daily, 480);
        off.Enabled = false;
        Assert.Null(ReportSchedule.Next(off, Utc("2026-01-01T00:00:00Z")));
        Assert.Null(ReportSchedule.Next(Schedule(ReportFrequency.Daily, 480, "Mars/Olympus"), Utc("2026-01-01T00:00:00Z")));
        Assert.Null(ReportSchedule.Next(Schedule(ReportFrequency.Daily, 24 * 60), Utc("2026-01-01T00:00:00Z")));
        Assert.True(ReportSchedule.IsKnownTimeZone("Asia/Shanghai"));
        Assert.False(ReportSchedule.IsKnownTimeZone("Mars/Olympus"));
    }
}
