namespace Manyi.Core.Cases;

/// <summary>One stretch of working time within a working day, in the calendar's local time (e.g. 08:30–12:00).</summary>
public sealed record BusinessHours(TimeOnly Start, TimeOnly End);

/// <summary>
/// The organisation's working time (product.md M5 限时办结): time zone, working week days, daily hours, public holidays and the
/// adjusted working days on which a weekend day is worked (调休). SLA targets count business minutes on this calendar.
/// </summary>
public sealed record BusinessCalendarDefinition
{
    /// <summary>IANA time zone of the working hours, e.g. "Asia/Shanghai".</summary>
    public string TimeZone { get; init; } = "Asia/Shanghai";

    public IReadOnlyList<DayOfWeek> WorkingDays { get; init; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>Working stretches of a working day, in order and not overlapping.</summary>
    public IReadOnlyList<BusinessHours> Hours { get; init; } =
        [new(new TimeOnly(8, 30), new TimeOnly(12, 0)), new(new TimeOnly(13, 30), new TimeOnly(17, 30))];

    /// <summary>Days off although they fall on a working week day (public holidays, 法定节假日及调休放假).</summary>
    public IReadOnlyList<DateOnly> Holidays { get; init; } = [];

    /// <summary>Days worked although they fall outside the working week (调休上班, e.g. a Saturday before a long holiday).</summary>
    public IReadOnlyList<DateOnly> WorkingWeekendDays { get; init; } = [];

    /// <summary>The first working day in this many days ahead is searched for before a calendar is called broken (no working time).</summary>
    private const int SearchDays = 3_700;

    /// <summary>Whether <paramref name="day"/> is worked: an adjusted working day is, a holiday is not, else the working week decides.</summary>
    public bool IsWorkingDay(DateOnly day) =>
        !Holidays.Contains(day) && (WorkingWeekendDays.Contains(day) || WorkingDays.Contains(day.DayOfWeek));

    /// <summary>The moment <paramref name="minutes"/> business minutes after <paramref name="start"/> (start outside working time counts from the next working stretch).</summary>
    public DateTimeOffset AddBusinessMinutes(DateTimeOffset start, double minutes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minutes);
        var zone = Zone();
        var local = TimeZoneInfo.ConvertTime(start, zone).DateTime;
        var remaining = TimeSpan.FromMinutes(minutes);
        var day = DateOnly.FromDateTime(local);
        for (var i = 0; i < SearchDays; i++, day = day.AddDays(1))
        {
            if (!IsWorkingDay(day))
            {
                continue;
            }
            foreach (var stretch in Hours)
            {
                var from = day.ToDateTime(stretch.Start);
                var to = day.ToDateTime(stretch.End);
                if (to <= local)
                {
                    continue;
                }
                if (from < local)
                {
                    from = local;
                }
                var available = to - from;
                if (remaining <= available)
                {
                    return ToInstant(from + remaining, zone, start.Offset);
                }
                remaining -= available;
            }
        }
        throw new InvalidOperationException($"the business calendar has no working time in the {SearchDays} days after {start:O}");
    }

    /// <summary>Business minutes between two moments (0 when <paramref name="to"/> is not after <paramref name="from"/>).</summary>
    public double BusinessMinutesBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return 0;
        }
        var zone = Zone();
        var a = TimeZoneInfo.ConvertTime(from, zone).DateTime;
        var b = TimeZoneInfo.ConvertTime(to, zone).DateTime;
        var total = TimeSpan.Zero;
        for (var day = DateOnly.FromDateTime(a); day <= DateOnly.FromDateTime(b); day = day.AddDays(1))
        {
            if (!IsWorkingDay(day))
            {
                continue;
            }
            foreach (var stretch in Hours)
            {
                var s = day.ToDateTime(stretch.Start);
                var e = day.ToDateTime(stretch.End);
                var overlapStart = s > a ? s : a;
                var overlapEnd = e < b ? e : b;
                if (overlapEnd > overlapStart)
                {
                    total += overlapEnd - overlapStart;
                }
            }
        }
        return total.TotalMinutes;
    }

    /// <summary>Problems of the definition, each naming its field; empty when it can be used.</summary>
    public IReadOnlyList<(string Field, string Message)> Problems()
    {
        var problems = new List<(string, string)>();
        if (!TryZone(TimeZone, out _))
        {
            problems.Add(("timeZone", $"'{TimeZone}' is not a time zone this server knows (use an IANA name such as Asia/Shanghai)"));
        }
        if (WorkingDays.Count == 0 && WorkingWeekendDays.Count == 0)
        {
            problems.Add(("workingDays", "at least one working day is needed"));
        }
        if (Hours.Count == 0)
        {
            problems.Add(("hours", "at least one stretch of working hours is needed"));
        }
        for (var i = 0; i < Hours.Count; i++)
        {
            if (Hours[i].End <= Hours[i].Start)
            {
                problems.Add(($"hours[{i}]", "the end must be after the start"));
            }
            else if (i > 0 && Hours[i].Start < Hours[i - 1].End)
            {
                problems.Add(($"hours[{i}]", "stretches must be in order and must not overlap"));
            }
        }
        foreach (var day in WorkingWeekendDays.Where(Holidays.Contains))
        {
            problems.Add(("workingWeekendDays", $"{day:yyyy-MM-dd} is both a holiday and a working day"));
        }
        return problems;
    }

    private TimeZoneInfo Zone() =>
        TryZone(TimeZone, out var zone) ? zone : throw new InvalidOperationException($"unknown time zone '{TimeZone}'");

    /// <summary>The calendar's time zone, the organisation's days and times; UTC when the name is unknown (validation refuses it).</summary>
    public TimeZoneInfo ZoneOrUtc() => TryZone(TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>The first instant of <paramref name="day"/> in the calendar's time zone, in UTC (a midnight skipped by a clock change:
    /// the first valid time after it).</summary>
    public DateTimeOffset StartOfDay(DateOnly day)
    {
        var zone = ZoneOrUtc();
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }
        // In UTC: PostgreSQL takes only offset 0 for timestamp with time zone.
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static bool TryZone(string id, out TimeZoneInfo zone)
    {
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            zone = TimeZoneInfo.Utc;
            return false;
        }
    }

    private static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone, TimeSpan outputOffset) =>
        new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone.GetUtcOffset(local)).ToOffset(outputOffset);

    /// <summary>
    /// Mainland China's calendar for 2026: Monday–Friday 08:30–12:00 and 13:30–17:30, with the holidays and adjusted working days
    /// of the State Council's notice of 4 November 2025 (国办发明电〔2025〕7号).
    /// </summary>
    public static BusinessCalendarDefinition China2026 { get; } = new()
    {
        Holidays =
        [
            .. Days(2026, 1, 1, 3), .. Days(2026, 2, 15, 23), .. Days(2026, 4, 4, 6), .. Days(2026, 5, 1, 5),
            .. Days(2026, 6, 19, 21), .. Days(2026, 9, 25, 27), .. Days(2026, 10, 1, 7),
        ],
        WorkingWeekendDays =
        [
            new(2026, 1, 4), new(2026, 2, 14), new(2026, 2, 28), new(2026, 5, 9), new(2026, 9, 20), new(2026, 10, 10),
        ],
    };

    private static IEnumerable<DateOnly> Days(int year, int month, int first, int last) =>
        Enumerable.Range(first, last - first + 1).Select(d => new DateOnly(year, month, d));
}

/// <summary>The organisation's business calendar (one per organisation); SLA due times are computed on it.</summary>
public sealed class BusinessCalendar
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public BusinessCalendarDefinition Definition { get; set; } = new();

    public DateTimeOffset UpdatedAt { get; set; }
}
