using Manyi.Core.Improvement;
using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Improvement;

/// <summary>Filters of the goal list: unit (exactly), indicator key, period overlapping [From, To], status.</summary>
public sealed record GoalFilter(Guid? UnitId, string? Indicator, DateOnly? From, DateOnly? To, GoalStatus? Status)
{
    public static GoalFilter None { get; } = new(null, null, null, null, null);
}

/// <summary>Reads goals with their status for the API, the goals page and the dashboard.</summary>
public static class GoalQueries
{
    /// <summary>
    /// The goals the caller may see: the organisation's; a unit manager only the goals of its units (and the units below them),
    /// not the organisation-wide goals.
    /// </summary>
    public static async Task<IQueryable<Goal>> VisibleAsync(ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        return Visible(db, user.OrganisationId, await user.VisibleUnitsAsync(ct));
    }

    /// <summary>As <see cref="VisibleAsync"/> for an organisation and a visibility.</summary>
    public static IQueryable<Goal> Visible(ManyiDbContext db, Guid organisationId, IReadOnlySet<Guid>? visible)
    {
        ArgumentNullException.ThrowIfNull(db);
        var goals = db.Goals.Where(g => g.OrganisationId == organisationId);
        if (visible is not null)
        {
            var units = visible.ToList();
            goals = goals.Where(g => g.UnitId != null && units.Contains(g.UnitId.Value));
        }
        return goals;
    }

    /// <summary>The goals matching <paramref name="filter"/>, newest period first, with their status on <paramref name="today"/>.</summary>
    public static async Task<IReadOnlyList<GoalDto>> ListAsync(ManyiDbContext db, WaveDataCache cache, CurrentUser user, GoalFilter filter, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        var viewer = await Viewer.FromAsync(user, ct);
        return await ListAsync(db, cache, viewer, filter, today, ct);
    }

    /// <summary>As <see cref="ListAsync(ManyiDbContext, WaveDataCache, CurrentUser, GoalFilter, DateOnly, CancellationToken)"/> for a viewer.</summary>
    public static async Task<IReadOnlyList<GoalDto>> ListAsync(ManyiDbContext db, WaveDataCache cache, Viewer viewer, GoalFilter filter, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(filter);
        var goals = Visible(db, viewer.OrganisationId, viewer.VisibleUnits).AsNoTracking();
        if (filter.UnitId is { } unitId)
        {
            goals = goals.Where(g => g.UnitId == unitId);
        }
        if (filter.Indicator is { } indicator)
        {
            goals = goals.Where(g => g.Indicator == indicator);
        }
        if (filter.From is { } from)
        {
            goals = goals.Where(g => g.PeriodEnd >= from);
        }
        if (filter.To is { } to)
        {
            goals = goals.Where(g => g.PeriodStart <= to);
        }
        var list = await goals.OrderByDescending(g => g.PeriodEnd).ThenBy(g => g.Name).ThenBy(g => g.Id).Take(GoalsApi.MaxList).ToListAsync(ct);
        var names = await NamesAsync(db, viewer.OrganisationId, list, ct);
        var result = new List<GoalDto>(list.Count);
        foreach (var goal in list)
        {
            var dto = await ToDtoAsync(db, cache, viewer, goal, today, names, ct);
            if (filter.Status is null || dto.Status == filter.Status)
            {
                result.Add(dto);
            }
        }
        return result;
    }

    /// <summary>One goal with its status.</summary>
    public static async Task<GoalDto> ToDtoAsync(ManyiDbContext db, WaveDataCache cache, Viewer viewer, Goal goal, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(goal);
        return await ToDtoAsync(db, cache, viewer, goal, today, await NamesAsync(db, goal.OrganisationId, [goal], ct), ct);
    }

    private static async Task<GoalDto> ToDtoAsync(ManyiDbContext db, WaveDataCache cache, Viewer viewer, Goal goal, DateOnly today, Names names, CancellationToken ct)
    {
        var reading = today < goal.PeriodStart ? GoalReading.None : await GoalReader.ReadAsync(db, cache, viewer, goal, ct);
        var status = GoalReader.Decide(goal, reading.Value, today);
        return new GoalDto(goal.Id, goal.UnitId, goal.UnitId is { } u ? names.Units.GetValueOrDefault(u) : null, goal.Name, goal.Indicator, goal.QuestionnaireId,
            goal.QuestionnaireId is { } q ? names.Questionnaires.GetValueOrDefault(q) : null, goal.Target, goal.Direction, goal.PeriodStart, goal.PeriodEnd, goal.Note,
            status, reading.Value, reading.Value is { } v ? v - goal.Target : null, reading.N, reading.Suppressed, reading.WaveId, goal.CreatedAt, goal.UpdatedAt, goal.Version);
    }

    private sealed record Names(Dictionary<Guid, string> Units, Dictionary<Guid, string> Questionnaires);

    private static async Task<Names> NamesAsync(ManyiDbContext db, Guid organisationId, IReadOnlyList<Goal> goals, CancellationToken ct)
    {
        var unitIds = goals.Where(g => g.UnitId is not null).Select(g => g.UnitId!.Value).Distinct().ToList();
        var questionnaireIds = goals.Where(g => g.QuestionnaireId is not null).Select(g => g.QuestionnaireId!.Value).Distinct().ToList();
        var units = unitIds.Count == 0 ? [] : await db.Units.AsNoTracking().Where(u => u.OrganisationId == organisationId && unitIds.Contains(u.Id))
            .Select(u => new { u.Id, u.Name }).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var questionnaires = questionnaireIds.Count == 0 ? [] : await db.Questionnaires.AsNoTracking().Where(q => q.OrganisationId == organisationId && questionnaireIds.Contains(q.Id))
            .Select(q => new { q.Id, q.Name }).ToDictionaryAsync(q => q.Id, q => q.Name, ct);
        return new Names(units, questionnaires);
    }
}
