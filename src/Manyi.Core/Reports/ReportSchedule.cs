namespace Manyi.Core.Reports;

/// <summary>
/// When a scheduled report is next due (pure: no clock, no database). Daily, weekly on a day of the week, or monthly on a day of
/// the month (the last day of a shorter month) at <see cref="ReportDefinition.TimeOfDay"/> minutes after local midnight in the
/// IANA <see cref="ReportDefinition.TimeZone"/>. A local time that a daylight-saving change skips is moved forward by the gap;
/// a local time that happens twice is taken the first time.
/// </summary>
public static class ReportSchedule
{
    /// <summary>The first due time strictly after <paramref name="afterUtc"/> (UTC); null when the schedule is off or cannot run
    /// (unknown time zone, time of day outside the day).</summary>
    public static DateTimeOffset? Next(ReportDefinition definition, DateTimeOffset afterUtc)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!definition.Enabled || definition.TimeOfDay is < 0 or >= 24 * 60 || !TryZone(definition.TimeZone, out var zone))
        {
            return null;
        }
        var localNow = TimeZoneInfo.ConvertTime(afterUtc, zone);
        var day = DateOnly.FromDateTime(localNow.DateTime).AddDays(-1);
        // Walk the local days from the day before (a time zone west of UTC); at most ~2 months for a monthly schedule.
        for (var i = 0; i < 400; i++, day = day.AddDays(1))
        {
            if (!IsRunDay(definition, day))
            {
                continue;
            }
            var at = ToUtc(day, definition.TimeOfDay, zone);
            if (at > afterUtc)
            {
                return at;
            }
        }
        return null;
    }

    /// <summary>Whether <paramref name="name"/> is a time zone this machine knows (IANA ids, e.g. <c>Asia/Shanghai</c>).</summary>
    public static bool IsKnownTimeZone(string? name) => TryZone(name, out _);

    private static bool TryZone(string? name, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }
        if (string.Equals(name, "UTC", StringComparison.Ordinal) || string.Equals(name, "Etc/UTC", StringComparison.Ordinal))
        {
            return true;
        }
        return TimeZoneInfo.TryFindSystemTimeZoneById(name, out zone!);
    }

    private static bool IsRunDay(ReportDefinition definition, DateOnly day) => definition.Frequency switch
    {
        ReportFrequency.Daily => true,
        ReportFrequency.Weekly => day.DayOfWeek == (definition.DayOfWeek ?? DayOfWeek.Monday),
        ReportFrequency.Monthly => day.Day == Math.Min(Math.Clamp(definition.DayOfMonth ?? 1, 1, 31), DateTime.DaysInMonth(day.Year, day.Month)),
        _ => false,
    };

    private static DateTimeOffset ToUtc(DateOnly day, int minutes, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified).AddMinutes(minutes);
        if (zone.IsInvalidTime(local))
        {
            // Skipped by a spring-forward change: the same wall-clock distance after the gap.
            var before = zone.GetUtcOffset(local.AddHours(-3));
            var after = zone.GetUtcOffset(local.AddHours(3));
            local = local + (after - before);
            return new DateTimeOffset(local, after).ToUniversalTime();
        }
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
