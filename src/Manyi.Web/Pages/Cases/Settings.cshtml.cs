using System.Globalization;
using Manyi.Data;
using Manyi.Web.Features.Cases;
using Manyi.Web.Features.Users;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.Cases;

/// <summary>
/// <c>/cases/settings</c>: the case configuration (categories, root causes, SLA policies, calendar, escalation levels, settings, load
/// defaults). Anyone with ReadData views; changes need ConfigureCases and go through <see cref="CaseSettingsApi"/>'s checks.
/// </summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class SettingsModel(ManyiDbContext db, CurrentUser user, IAuthorizationService authorization, TimeProvider clock, IStringLocalizer<CaseSettingsResource> t) : PageModel
{
    public IReadOnlyList<CategoryNodeDto> Categories { get; private set; } = [];

    public IReadOnlyList<RootCauseNodeDto> RootCauses { get; private set; } = [];

    public IReadOnlyList<SlaPolicyDto> SlaPolicies { get; private set; } = [];

    public CalendarDto Calendar { get; private set; } = null!;

    public IReadOnlyList<EscalationLevelDto> Levels { get; private set; } = [];

    public CaseSettingsDto Settings { get; private set; } = null!;

    public IReadOnlyList<(Guid Id, string Name)> Users { get; private set; } = [];

    public bool CanChange { get; private set; }

    public string? Message { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>(StringComparer.Ordinal);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostCategoryAsync(Guid? id, string? code, string? nameZh, string? nameEn, Guid? parentId, int? sortOrder, bool active, CancellationToken ct) =>
        ChangeAsync(async () => (await CaseSettingsApi.SaveCategoryAsync(db, user, clock, id, new CategoryInput
        {
            Code = code, NameZh = nameZh, NameEn = nameEn, ParentId = parentId, SortOrder = sortOrder, Active = id is null || active,
        }, ct)).Errors, ct);

    public Task<IActionResult> OnPostDeactivateCategoryAsync(Guid id, CancellationToken ct) =>
        ChangeAsync(async () => { await CaseSettingsApi.DeactivateCategoryCoreAsync(db, user, clock, id, ct); return null; }, ct);

    public Task<IActionResult> OnPostRootCauseAsync(Guid? id, string? code, string? nameZh, string? nameEn, Guid? parentId, string? kind, bool active, CancellationToken ct) =>
        ChangeAsync(async () => (await CaseSettingsApi.SaveRootCauseAsync(db, user, clock, id, new RootCauseInput
        {
            Code = code, NameZh = nameZh, NameEn = nameEn, ParentId = parentId, Kind = parentId is null ? kind : null, Active = id is null || active,
        }, ct)).Errors, ct);

    public Task<IActionResult> OnPostDeactivateRootCauseAsync(Guid id, CancellationToken ct) =>
        ChangeAsync(async () => { await CaseSettingsApi.DeactivateRootCauseCoreAsync(db, user, clock, id, ct); return null; }, ct);

    public Task<IActionResult> OnPostPolicyAsync(Guid? id, string? name, Guid? categoryId, string? priority, int? firstResponseMinutes, int? resolutionMinutes, bool active, CancellationToken ct) =>
        ChangeAsync(async () => (await CaseSettingsApi.SavePolicyAsync(db, user, clock, id, new SlaPolicyInput
        {
            Name = name, CategoryId = categoryId, Priority = priority, FirstResponseMinutes = firstResponseMinutes, ResolutionMinutes = resolutionMinutes, Active = id is null || active,
        }, ct)).Errors, ct);

    public Task<IActionResult> OnPostDeletePolicyAsync(Guid id, CancellationToken ct) =>
        ChangeAsync(async () => { await CaseSettingsApi.DeletePolicyCoreAsync(db, user, clock, id, ct); return null; }, ct);

    public Task<IActionResult> OnPostCalendarAsync(string? timeZone, List<string>? workingDays, string? hours, string? holidays, string? workingWeekendDays, CancellationToken ct) =>
        ChangeAsync(async () => (await CaseSettingsApi.SaveCalendarAsync(db, user, clock, new CalendarInput
        {
            TimeZone = timeZone,
            WorkingDays = workingDays ?? [],
            Hours = [.. Lines(hours).Select(l => l.Split('-', 2, StringSplitOptions.TrimEntries)).Select(p => new HoursInput { Start = p[0], End = p.Length > 1 ? p[1] : null })],
            Holidays = [.. Lines(holidays).Select(FirstWord)],
            WorkingWeekendDays = [.. Lines(workingWeekendDays).Select(FirstWord)],
        }, ct)).Errors, ct);

    public Task<IActionResult> OnPostLevelsAsync(List<string?>? nameZh, List<string?>? nameEn, List<string?>? notifyUsers, List<string?>? notifyUnitManagers, CancellationToken ct) =>
        ChangeAsync(async () =>
        {
            var names = nameZh ?? [];
            // Trailing rows without a name are removed; the others keep their position as their level.
            var count = names.Count;
            while (count > 0 && string.IsNullOrWhiteSpace(names[count - 1]))
            {
                count--;
            }
            var levels = Enumerable.Range(0, count).Select(i => new EscalationLevelInput
            {
                Level = i + 1,
                NameZh = names[i],
                NameEn = nameEn?.ElementAtOrDefault(i),
                NotifyUserIds = [.. (notifyUsers?.ElementAtOrDefault(i) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(s => Guid.TryParse(s, out var g) ? g : Guid.Empty)],
                NotifyUnitManagers = (notifyUnitManagers ?? []).Contains((i + 1).ToString(CultureInfo.InvariantCulture)),
            }).ToList();
            return (await CaseSettingsApi.SaveLevelsAsync(db, user, clock, new EscalationLevelsInput { Levels = levels }, ct)).Errors;
        }, ct);

    public Task<IActionResult> OnPostSettingsAsync(int? repeatWindowDays, string? followUpMethod, int? followUpDelayHours, int? autoCloseDays, CancellationToken ct) =>
        ChangeAsync(async () => (await CaseSettingsApi.SaveSettingsAsync(db, user, clock, new CaseSettingsInput
        {
            RepeatWindowDays = repeatWindowDays, FollowUpMethod = followUpMethod, FollowUpDelayHours = followUpDelayHours, AutoCloseDays = autoCloseDays,
        }, ct)).Errors, ct);

    public async Task<IActionResult> OnPostDefaultsAsync(CancellationToken ct)
    {
        if (!await MayChangeAsync())
        {
            return Forbid();
        }
        var applied = await CaseSettingsApi.ApplyDefaultsCoreAsync(db, user, clock, ct);
        Message = t["DefaultsApplied", applied.Categories, applied.RootCauses, applied.Policies, applied.Levels];
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The name in the page's language.</summary>
    public static string Name(string zh, string? en) =>
        CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.Ordinal) && !string.IsNullOrEmpty(en) ? en : zh;

    /// <summary>A date with its week day, e.g. "2026-10-10 星期六".</summary>
    public string WithWeekday(string date) =>
        DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? $"{date} {t["Day." + d.DayOfWeek]}" : date;

    private async Task<IActionResult> ChangeAsync(Func<Task<IReadOnlyDictionary<string, string[]>?>> change, CancellationToken ct)
    {
        if (!await MayChangeAsync())
        {
            return Forbid();
        }
        var errors = await change();
        db.ChangeTracker.Clear();
        if (errors is { Count: > 0 })
        {
            Errors = errors;
            Message = t["Refused"];
        }
        else
        {
            Message = t["Saved"];
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task<bool> MayChangeAsync() => (await authorization.AuthorizeAsync(User, Policies.ConfigureCases)).Succeeded;

    private async Task LoadAsync(CancellationToken ct)
    {
        CanChange = await MayChangeAsync();
        var org = user.OrganisationId;
        Categories = await CaseSettingsApi.CategoryTreeAsync(db, org, ct);
        RootCauses = await CaseSettingsApi.RootCauseTreeAsync(db, org, ct);
        SlaPolicies = await CaseSettingsApi.PoliciesAsync(db, org, ct);
        Calendar = await CaseSettingsApi.CalendarAsync(db, org, ct);
        Levels = await CaseSettingsApi.LevelsAsync(db, org, ct);
        Settings = await CaseSettingsApi.SettingsAsync(db, org, ct);
        var users = await db.Users.AsNoTracking().Where(u => u.OrganisationId == org).OrderBy(u => u.UserName).Select(u => new { u.Id, u.DisplayName }).ToListAsync(ct);
        Users = [.. users.Select(u => (u.Id, u.DisplayName))];
    }

    /// <summary>Categories (or causes) flattened with their depth, for tables and parent pickers.</summary>
    public static IEnumerable<(CategoryNodeDto Node, int Depth)> Flatten(IEnumerable<CategoryNodeDto> nodes, int depth = 0) =>
        nodes.SelectMany(n => Flatten(n.Children, depth + 1).Prepend((n, depth)));

    public static IEnumerable<(RootCauseNodeDto Node, int Depth)> Flatten(IEnumerable<RootCauseNodeDto> nodes, int depth = 0) =>
        nodes.SelectMany(n => Flatten(n.Children, depth + 1).Prepend((n, depth)));

    private static string[] Lines(string? text) =>
        (text ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string FirstWord(string line) => line.Split(' ', 2, StringSplitOptions.TrimEntries)[0];
}
