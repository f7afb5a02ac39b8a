using Manyi.Core.Cases;

namespace Manyi.Web.Features.Cases;

/// <summary>A case category with its sub-categories (the list endpoint returns the roots).</summary>
public sealed record CategoryNodeDto(Guid Id, Guid? ParentId, string Code, string NameZh, string? NameEn, int SortOrder, bool Active, IReadOnlyList<CategoryNodeDto> Children);

/// <summary>What a client sends to create or update a category (update: every field is replaced).</summary>
public sealed record CategoryInput
{
    public string? Code { get; init; }

    public string? NameZh { get; init; }

    public string? NameEn { get; init; }

    public Guid? ParentId { get; init; }

    public int? SortOrder { get; init; }

    /// <summary>Update only: null keeps the current state.</summary>
    public bool? Active { get; init; }
}

/// <summary>A root cause with its sub-causes.</summary>
public sealed record RootCauseNodeDto(Guid Id, Guid? ParentId, RootCauseKind Kind, string Code, string NameZh, string? NameEn, bool Active, IReadOnlyList<RootCauseNodeDto> Children);

/// <summary>What a client sends to create or update a root cause; the kind is required at the top and taken from the parent below it.</summary>
public sealed record RootCauseInput
{
    public string? Code { get; init; }

    public string? NameZh { get; init; }

    public string? NameEn { get; init; }

    public Guid? ParentId { get; init; }

    /// <summary>value, system or people.</summary>
    public string? Kind { get; init; }

    public bool? Active { get; init; }
}

/// <summary>An SLA policy (targets in business minutes).</summary>
public sealed record SlaPolicyDto(Guid Id, string Name, Guid? CategoryId, CasePriority? Priority, int FirstResponseMinutes, int ResolutionMinutes, bool Active);

/// <summary>What a client sends to create or update an SLA policy.</summary>
public sealed record SlaPolicyInput
{
    public string? Name { get; init; }

    public Guid? CategoryId { get; init; }

    /// <summary>low, normal, high, urgent, or null for every priority.</summary>
    public string? Priority { get; init; }

    public int? FirstResponseMinutes { get; init; }

    public int? ResolutionMinutes { get; init; }

    public bool? Active { get; init; }
}

/// <summary>A working stretch as "HH:mm" texts.</summary>
public sealed record HoursDto(string Start, string End);

/// <summary>The business calendar as the API shows it: week days as names, times "HH:mm", dates "yyyy-MM-dd".</summary>
public sealed record CalendarDto(string TimeZone, IReadOnlyList<string> WorkingDays, IReadOnlyList<HoursDto> Hours, IReadOnlyList<string> Holidays,
    IReadOnlyList<string> WorkingWeekendDays, bool Configured);

/// <summary>A working stretch a client sends ("HH:mm").</summary>
public sealed record HoursInput
{
    public string? Start { get; init; }

    public string? End { get; init; }
}

/// <summary>The whole calendar a client sends (PUT replaces it).</summary>
public sealed record CalendarInput
{
    public string? TimeZone { get; init; }

    /// <summary>English week-day names: monday … sunday.</summary>
    public IReadOnlyList<string>? WorkingDays { get; init; }

    public IReadOnlyList<HoursInput>? Hours { get; init; }

    /// <summary>Dates yyyy-MM-dd.</summary>
    public IReadOnlyList<string>? Holidays { get; init; }

    public IReadOnlyList<string>? WorkingWeekendDays { get; init; }
}

/// <summary>An escalation level.</summary>
public sealed record EscalationLevelDto(int Level, string NameZh, string? NameEn, IReadOnlyList<Guid> NotifyUserIds, bool NotifyUnitManagers);

/// <summary>One level a client sends.</summary>
public sealed record EscalationLevelInput
{
    public int? Level { get; init; }

    public string? NameZh { get; init; }

    public string? NameEn { get; init; }

    public IReadOnlyList<Guid>? NotifyUserIds { get; init; }

    public bool? NotifyUnitManagers { get; init; }
}

/// <summary>The whole list of levels (PUT replaces it; an empty list removes escalation levels).</summary>
public sealed record EscalationLevelsInput
{
    public IReadOnlyList<EscalationLevelInput>? Levels { get; init; }
}

/// <summary>The organisation's case settings.</summary>
public sealed record CaseSettingsDto(int RepeatWindowDays, FollowUpMethod FollowUpMethod, int FollowUpDelayHours, int AutoCloseDays);

/// <summary>What a client sends to replace the case settings.</summary>
public sealed record CaseSettingsInput
{
    public int? RepeatWindowDays { get; init; }

    /// <summary>survey or call.</summary>
    public string? FollowUpMethod { get; init; }

    public int? FollowUpDelayHours { get; init; }

    public int? AutoCloseDays { get; init; }
}

/// <summary>The outcome of a settings change: the new value, or errors by request field, or not found (unknown id of the organisation).</summary>
public sealed record SettingsOutcome<T>(T? Value, IReadOnlyDictionary<string, string[]> Errors, bool NotFound = false)
    where T : class;

/// <summary>Makers of <see cref="SettingsOutcome{T}"/>.</summary>
public static class SettingsOutcome
{
    public static SettingsOutcome<T> Missing<T>() where T : class => new(null, new Dictionary<string, string[]>(StringComparer.Ordinal), NotFound: true);

    public static SettingsOutcome<T> Ok<T>(T value) where T : class => new(value, new Dictionary<string, string[]>(StringComparer.Ordinal));

    public static SettingsOutcome<T> Invalid<T>(Dictionary<string, string[]> errors) where T : class => new(null, errors);
}

/// <summary>DTO conversions written by hand.</summary>
public static class CaseSettingsDtos
{
    public static SlaPolicyDto ToDto(this SlaPolicy p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(p.Id, p.Name, p.CategoryId, p.Priority, p.FirstResponseMinutes, p.ResolutionMinutes, p.Active);
    }

    public static EscalationLevelDto ToDto(this EscalationLevel l)
    {
        ArgumentNullException.ThrowIfNull(l);
        return new(l.Level, l.NameZh, l.NameEn, l.NotifyUserIds, l.NotifyUnitManagers);
    }

    public static CaseSettingsDto ToDto(this CaseSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.RepeatWindowDays, s.FollowUpMethod, s.FollowUpDelayHours, s.AutoCloseDays);
    }

    public static CalendarDto ToDto(this BusinessCalendarDefinition d, bool configured)
    {
        ArgumentNullException.ThrowIfNull(d);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        return new(d.TimeZone,
            [.. d.WorkingDays.OrderBy(w => ((int)w + 6) % 7).Select(w => w.ToString().ToLowerInvariant())],
            [.. d.Hours.Select(h => new HoursDto(h.Start.ToString("HH:mm", inv), h.End.ToString("HH:mm", inv)))],
            [.. d.Holidays.Order().Select(x => x.ToString("yyyy-MM-dd", inv))],
            [.. d.WorkingWeekendDays.Order().Select(x => x.ToString("yyyy-MM-dd", inv))],
            configured);
    }
}
