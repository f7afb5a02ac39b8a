using System.Globalization;
using Manyi.Core.Improvement;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Improvement;

/// <summary>
/// The use cases of improvement actions (product.md M7): list, read, create by hand, change, status transitions. The caller sees the
/// actions of its visible units only (another id → not found); every write is audited in the same save. docs/improvement.md.
/// </summary>
public static class ImprovementActions
{
    public const int MaxTitle = 200;
    public const int MaxText = 4000;
    public const int MaxIndicators = 20;

    /// <summary>Audit action names.</summary>
    public static class AuditActions
    {
        public const string Create = "action.create";
        public const string Update = "action.update";
        public const string Start = "action.start";
        public const string Complete = "action.complete";
        public const string Cancel = "action.cancel";
        public const string Reopen = "action.reopen";
        public const string EffectCheck = "action.effect-check";
    }

    /// <summary>The audit subject of an action.</summary>
    public static string Subject(Guid id) => "action:" + id.ToString("D", CultureInfo.InvariantCulture);

    /// <summary>The actions the caller may see (organisation and visible units).</summary>
    public static async Task<IQueryable<ImprovementAction>> VisibleAsync(ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var organisationId = user.OrganisationId;
        var query = db.ImprovementActions.Where(a => a.OrganisationId == organisationId);
        if (await user.VisibleUnitsAsync(ct) is { } units)
        {
            var list = units.ToList();
            query = query.Where(a => list.Contains(a.UnitId));
        }
        return query;
    }

    /// <summary>A page of visible actions; status and page checked.</summary>
    public static async Task<UseCaseResult<ActionPage>> ListAsync(
        ManyiDbContext db, CurrentUser user, TimeProvider clock, Guid? unitId, string? status, Guid? ownerId, bool? overdue, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        ActionStatus? parsed = null;
        if (status is not null)
        {
            if (Enum.TryParse<ActionStatus>(status, ignoreCase: true, out var s) && Enum.IsDefined(s) && !int.TryParse(status, CultureInfo.InvariantCulture, out _))
            {
                parsed = s;
            }
            else
            {
                errors["status"] = ["planned, inProgress, done, checked or cancelled"];
            }
        }
        if (page is < 1)
        {
            errors["page"] = ["at least 1"];
        }
        if (pageSize is < 1 or > 200)
        {
            errors["pageSize"] = ["1 to 200"];
        }
        if (errors.Count > 0)
        {
            return UseCaseResult.Invalid<ActionPage>(errors);
        }
        var query = (await VisibleAsync(db, user, ct)).AsNoTracking();
        if (unitId is { } unit)
        {
            var subtree = await Units.UnitTree.SubtreeAsync(db, user.OrganisationId, unit, ct);
            query = query.Where(a => subtree.Contains(a.UnitId));
        }
        if (parsed is { } st)
        {
            query = query.Where(a => a.Status == st);
        }
        if (ownerId is { } owner)
        {
            query = query.Where(a => a.OwnerId == owner);
        }
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (overdue is { } late)
        {
            query = late
                ? query.Where(a => (a.Status == ActionStatus.Planned || a.Status == ActionStatus.InProgress) && a.Deadline < today)
                : query.Where(a => !((a.Status == ActionStatus.Planned || a.Status == ActionStatus.InProgress) && a.Deadline < today));
        }
        var number = page ?? 1;
        var size = pageSize ?? 50;
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(a => a.Deadline).ThenBy(a => a.Number).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        return UseCaseResult.Ok(new ActionPage(await DtosAsync(db, user.OrganisationId, rows, today, ct), total, number, size));
    }

    /// <summary>One visible action, or null.</summary>
    public static async Task<ActionDto?> GetAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, Guid id, CancellationToken ct)
    {
        var action = await (await VisibleAsync(db, user, ct)).AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        return action is null ? null : (await DtosAsync(db, user.OrganisationId, [action], Today(clock), ct))[0];
    }

    /// <summary>Creates an action by hand.</summary>
    public static async Task<UseCaseResult<ActionDto>> CreateAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, ActionInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var visible = await user.VisibleUnitsAsync(ct);
        if (input.UnitId is not { } unitId)
        {
            errors["unitId"] = ["required"];
        }
        else if (!await db.Units.AnyAsync(u => u.Id == unitId && u.OrganisationId == user.OrganisationId, ct) || (visible is not null && !visible.Contains(unitId)))
        {
            errors["unitId"] = ["no such unit"];
        }
        await CheckCommonAsync(db, user, clock, input.Title, input.Description, input.OwnerId, input.Deadline, input.Cost, input.UnitId, errors, ct);
        var indicators = CheckIndicators(input.Indicators, errors);
        Guid? baseline = null;
        if (input.QuestionnaireId is { } questionnaireId)
        {
            if (!await db.Questionnaires.AnyAsync(q => q.Id == questionnaireId && q.OrganisationId == user.OrganisationId, ct))
            {
                errors["questionnaireId"] = ["no such questionnaire"];
            }
            else if (input.BaselineWaveId is { } waveId)
            {
                if (!await db.Waves.AnyAsync(w => w.Id == waveId && w.OrganisationId == user.OrganisationId && w.QuestionnaireId == questionnaireId, ct))
                {
                    errors["baselineWaveId"] = ["no such wave of the questionnaire"];
                }
                baseline = waveId;
            }
            else
            {
                var waves = await db.Waves.AsNoTracking().Where(w => w.OrganisationId == user.OrganisationId && w.QuestionnaireId == questionnaireId)
                    .Select(w => new { w.Id, w.OpensAt, w.CreatedAt }).ToListAsync(ct);
                baseline = waves.OrderByDescending(w => w.OpensAt ?? w.CreatedAt).Select(w => (Guid?)w.Id).FirstOrDefault();
            }
        }
        else if (indicators.Any(i => IndicatorKey.IsSurvey(i.Key)))
        {
            errors["questionnaireId"] = ["required for survey indicators"];
        }
        else if (input.BaselineWaveId is not null)
        {
            errors["baselineWaveId"] = ["needs a questionnaire"];
        }
        if (errors.Count > 0)
        {
            return UseCaseResult.Invalid<ActionDto>(errors);
        }
        var action = await NewAsync(db, user, clock, input.UnitId!.Value, input.Title!.Trim(), ct);
        action.Description = Clean(input.Description);
        action.OwnerId = input.OwnerId!.Value;
        action.Deadline = input.Deadline!.Value;
        action.Cost = input.Cost;
        action.Source = ActionSource.Manual;
        action.QuestionnaireId = input.QuestionnaireId;
        action.BaselineWaveId = baseline;
        action.Indicators = indicators;
        return await SaveNewAsync(db, user, clock, action, ct);
    }

    /// <summary>A new action with its number (IA-yyyyMMdd-nnnn, counted within the organisation and the day).</summary>
    public static async Task<ImprovementAction> NewAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, Guid unitId, string title, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        var now = clock.GetUtcNow();
        var prefix = "IA-" + now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-";
        var organisationId = user.OrganisationId;
        var count = await db.ImprovementActions.CountAsync(a => a.OrganisationId == organisationId && a.Number.StartsWith(prefix), ct);
        return new ImprovementAction
        {
            Id = Guid.NewGuid(), OrganisationId = organisationId, UnitId = unitId, Number = prefix + (count + 1).ToString("0000", CultureInfo.InvariantCulture),
            Title = title, Status = ActionStatus.Planned, CreatedById = user.ActorId, CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid(),
        };
    }

    /// <summary>Adds the action with its audit entry and saves.</summary>
    public static async Task<UseCaseResult<ActionDto>> SaveNewAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, ImprovementAction action, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(action);
        db.ImprovementActions.Add(action);
        AuditLog.Write(db, user, clock, AuditActions.Create, Subject(action.Id), "source: " + action.Source + "; indicators: " + action.Indicators.Count.ToString(CultureInfo.InvariantCulture));
        await db.SaveChangesAsync(ct);
        return UseCaseResult.Ok((await DtosAsync(db, user.OrganisationId, [action], Today(clock), ct))[0]);
    }

    /// <summary>Changes title, description, owner, deadline (a new deadline clears the reminder), cost and indicators.</summary>
    public static async Task<UseCaseResult<ActionDto>> UpdateAsync(
        ManyiDbContext db, CurrentUser user, TimeProvider clock, Guid id, Guid expectedVersion, ActionInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var action = await (await VisibleAsync(db, user, ct)).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (action is null)
        {
            return UseCaseResult.NotFound<ActionDto>();
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        await CheckCommonAsync(db, user, clock, input.Title, input.Description, input.OwnerId, input.Deadline, input.Cost, action.UnitId, errors, ct);
        var indicators = CheckIndicators(input.Indicators, errors);
        if (action.QuestionnaireId is null && indicators.Any(i => IndicatorKey.IsSurvey(i.Key)))
        {
            errors["indicators"] = ["survey indicators need the action's questionnaire"];
        }
        if (errors.Count > 0)
        {
            return UseCaseResult.Invalid<ActionDto>(errors);
        }
        if (action.Version != expectedVersion)
        {
            return UseCaseResult.Stale<ActionDto>();
        }
        var changed = new List<string>();
        void Set<T>(string name, T current, T next, Action<T> apply)
        {
            if (!EqualityComparer<T>.Default.Equals(current, next))
            {
                apply(next);
                changed.Add(name);
            }
        }
        Set("title", action.Title, input.Title!.Trim(), v => action.Title = v);
        Set("description", action.Description, Clean(input.Description), v => action.Description = v);
        Set("owner", action.OwnerId, input.OwnerId!.Value, v => action.OwnerId = v);
        Set("deadline", action.Deadline, input.Deadline!.Value, v => { action.Deadline = v; action.ReminderSentAt = null; });
        Set("cost", action.Cost, input.Cost, v => action.Cost = v);
        if (!action.Indicators.Select(i => i.Key).SequenceEqual(indicators.Select(i => i.Key), StringComparer.Ordinal))
        {
            action.Indicators = indicators;
            changed.Add("indicators");
        }
        return await SaveChangeAsync(db, user, clock, action, AuditActions.Update, changed.Count == 0 ? "no changes" : "fields: " + string.Join(",", changed), ct);
    }

    /// <summary>What a transition asks for.</summary>
    public enum Transition
    {
        Start,
        Complete,
        Cancel,
        Reopen,
    }

    /// <summary>
    /// Planned → InProgress (start); Planned/InProgress → Done (complete, outcome required); Planned/InProgress/Done → Cancelled
    /// (cancel, reason required); Done → InProgress (reopen). Another move is invalid ("status").
    /// </summary>
    public static async Task<UseCaseResult<ActionDto>> MoveAsync(
        ManyiDbContext db, CurrentUser user, TimeProvider clock, Guid id, Guid? expectedVersion, Transition transition, TransitionInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var action = await (await VisibleAsync(db, user, ct)).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (action is null)
        {
            return UseCaseResult.NotFound<ActionDto>();
        }
        if (expectedVersion is { } expected && action.Version != expected)
        {
            return UseCaseResult.Stale<ActionDto>();
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var allowed = transition switch
        {
            Transition.Start => action.Status == ActionStatus.Planned,
            Transition.Complete => action.Status is ActionStatus.Planned or ActionStatus.InProgress,
            Transition.Cancel => action.Status is ActionStatus.Planned or ActionStatus.InProgress or ActionStatus.Done,
            _ => action.Status == ActionStatus.Done,
        };
        if (!allowed)
        {
            errors["status"] = [$"an action that is {action.Status} cannot be moved by {transition.ToString().ToLowerInvariant()}"];
        }
        if (transition == Transition.Complete && string.IsNullOrWhiteSpace(input.Outcome))
        {
            errors["outcome"] = ["required: what was done"];
        }
        if (transition == Transition.Cancel && string.IsNullOrWhiteSpace(input.Reason))
        {
            errors["reason"] = ["required"];
        }
        if (input.Outcome is { Length: > MaxText })
        {
            errors["outcome"] = [$"at most {MaxText} characters"];
        }
        if (input.Reason is { Length: > MaxText })
        {
            errors["reason"] = [$"at most {MaxText} characters"];
        }
        if (errors.Count > 0)
        {
            return UseCaseResult.Invalid<ActionDto>(errors);
        }
        string audit;
        switch (transition)
        {
            case Transition.Start:
                action.Status = ActionStatus.InProgress;
                action.StartedAt = now;
                audit = AuditActions.Start;
                break;
            case Transition.Complete:
                action.Status = ActionStatus.Done;
                action.StartedAt ??= now;
                action.CompletedAt = now;
                action.Outcome = input.Outcome!.Trim();
                audit = AuditActions.Complete;
                break;
            case Transition.Cancel:
                action.Status = ActionStatus.Cancelled;
                action.CancelledAt = now;
                action.Outcome = input.Reason!.Trim();
                audit = AuditActions.Cancel;
                break;
            default:
                action.Status = ActionStatus.InProgress;
                action.CompletedAt = null;
                audit = AuditActions.Reopen;
                break;
        }
        return await SaveChangeAsync(db, user, clock, action, audit, "status: " + action.Status, ct);
    }

    /// <summary>Stamps, audits and saves a changed action (the version changes).</summary>
    public static async Task<UseCaseResult<ActionDto>> SaveChangeAsync(
        ManyiDbContext db, CurrentUser user, TimeProvider clock, ImprovementAction action, string audit, string details, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(action);
        action.UpdatedAt = clock.GetUtcNow();
        action.Version = Guid.NewGuid();
        AuditLog.Write(db, user, clock, audit, Subject(action.Id), details);
        await db.SaveChangesAsync(ct);
        return UseCaseResult.Ok((await DtosAsync(db, user.OrganisationId, [action], Today(clock), ct))[0]);
    }

    /// <summary>
    /// The board of a unit's subtree (null = every visible unit): actions by column, cancelled ones left out, and the goals on top —
    /// for a unit its own goals plus the organisation-wide ones (as far as the caller may see them); without a unit the
    /// organisation-wide goals, or for a unit-scoped caller the goals of its units (docs/improvement.md).
    /// </summary>
    public static async Task<BoardDto?> BoardAsync(ManyiDbContext db, WaveDataCache cache, CurrentUser user, TimeProvider clock, Guid? unitId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        var query = (await VisibleAsync(db, user, ct)).AsNoTracking();
        if (unitId is { } unit)
        {
            var visible = await user.VisibleUnitsAsync(ct);
            if (!await db.Units.AnyAsync(u => u.Id == unit && u.OrganisationId == user.OrganisationId, ct) || (visible is not null && !visible.Contains(unit)))
            {
                return null;
            }
            var subtree = await Units.UnitTree.SubtreeAsync(db, user.OrganisationId, unit, ct);
            query = query.Where(a => subtree.Contains(a.UnitId));
        }
        var rows = await query.Where(a => a.Status != ActionStatus.Cancelled).OrderBy(a => a.Deadline).ThenBy(a => a.Number).Take(500).ToListAsync(ct);
        var dtos = await DtosAsync(db, user.OrganisationId, rows, Today(clock), ct);
        return new BoardDto(
            unitId,
            [.. dtos.Where(d => d.Status == ActionStatus.Planned)],
            [.. dtos.Where(d => d.Status == ActionStatus.InProgress)],
            [.. dtos.Where(d => d.Status == ActionStatus.Done)],
            [.. dtos.Where(d => d.Status == ActionStatus.Checked)])
        {
            Goals = await BoardGoalsAsync(db, cache, user, unitId, Today(clock), ct),
        };
    }

    /// <summary>The most goals the board shows (newest period first); the goals page lists them all.</summary>
    public const int MaxBoardGoals = 20;

    private static async Task<IReadOnlyList<GoalDto>> BoardGoalsAsync(ManyiDbContext db, WaveDataCache cache, CurrentUser user, Guid? unitId, DateOnly today, CancellationToken ct)
    {
        var viewer = await Viewer.FromAsync(user, ct);
        var goals = GoalQueries.Visible(db, viewer.OrganisationId, viewer.VisibleUnits).AsNoTracking();
        if (unitId is { } unit)
        {
            goals = goals.Where(g => g.UnitId == unit || g.UnitId == null);
        }
        else if (viewer.VisibleUnits is null)
        {
            goals = goals.Where(g => g.UnitId == null);
        }
        var list = await goals.OrderByDescending(g => g.PeriodEnd).ThenBy(g => g.Name).ThenBy(g => g.Id).Take(MaxBoardGoals).ToListAsync(ct);
        var result = new List<GoalDto>(list.Count);
        foreach (var goal in list)
        {
            result.Add(await GoalQueries.ToDtoAsync(db, cache, viewer, goal, today, ct));
        }
        return result;
    }

    /// <summary>The owner check: an existing, not locked-out user of the organisation, not a read-only viewer, who may see the unit.</summary>
    public static async Task<bool> OwnerMaySeeAsync(ManyiDbContext db, Guid organisationId, Guid ownerId, Guid unitId, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = clock.GetUtcNow();
        var owner = await db.Users.AsNoTracking().Where(u => u.Id == ownerId && u.OrganisationId == organisationId)
            .Select(u => new { u.Role, u.LockoutEnd }).FirstOrDefaultAsync(ct);
        if (owner is null || owner.Role == Roles.Viewer || (owner.LockoutEnd is { } end && end > now))
        {
            return false;
        }
        var viewer = await Viewer.ForUserAsync(db, organisationId, ownerId, ct);
        return viewer is not null && (viewer.VisibleUnits is null || viewer.VisibleUnits.Contains(unitId));
    }

    internal static async Task CheckCommonAsync(
        ManyiDbContext db, CurrentUser user, TimeProvider clock, string? title, string? description, Guid? ownerId, DateOnly? deadline, decimal? cost, Guid? unitId,
        Dictionary<string, string[]> errors, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            errors["title"] = ["required"];
        }
        else if (title.Trim().Length > MaxTitle)
        {
            errors["title"] = [$"at most {MaxTitle} characters"];
        }
        if (description is { Length: > MaxText })
        {
            errors["description"] = [$"at most {MaxText} characters"];
        }
        if (deadline is null)
        {
            errors["deadline"] = ["required (yyyy-MM-dd)"];
        }
        if (cost is < 0 or > 1_000_000_000_000m)
        {
            errors["cost"] = ["from 0 to 1,000,000,000,000"];
        }
        if (ownerId is not { } owner)
        {
            errors["ownerId"] = ["required"];
        }
        else if (unitId is { } unit && !errors.ContainsKey("unitId")
            && !await OwnerMaySeeAsync(db, user.OrganisationId, owner, unit, clock, ct))
        {
            errors["ownerId"] = ["not an active user of the organisation who may see the unit"];
        }
    }

    internal static List<ActionIndicator> CheckIndicators(IReadOnlyList<string>? keys, Dictionary<string, string[]> errors)
    {
        var list = new List<ActionIndicator>();
        if (keys is null)
        {
            return list;
        }
        if (keys.Count > MaxIndicators)
        {
            errors["indicators"] = [$"at most {MaxIndicators}"];
            return list;
        }
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i]?.Trim();
            if (!IndicatorKey.IsValid(key))
            {
                errors[$"indicators[{i}]"] = ["not an indicator key (index, nps, csat, overall, overall:weighted, cell:<key>, measure:<key>)"];
                continue;
            }
            if (list.All(l => l.Key != key))
            {
                list.Add(new ActionIndicator(key!, key!));
            }
        }
        return list;
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>DTOs with unit and owner names (one query each).</summary>
    public static async Task<List<ActionDto>> DtosAsync(ManyiDbContext db, Guid organisationId, IReadOnlyList<ImprovementAction> actions, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actions);
        var unitIds = actions.Select(a => a.UnitId).Distinct().ToList();
        var ownerIds = actions.Select(a => a.OwnerId).Distinct().ToList();
        var units = await db.Units.AsNoTracking().Where(u => u.OrganisationId == organisationId && unitIds.Contains(u.Id)).Select(u => new { u.Id, u.Name }).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var owners = await db.Users.AsNoTracking().Where(u => u.OrganisationId == organisationId && ownerIds.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return [.. actions.Select(a => new ActionDto(
            a.Id, a.Number, a.UnitId, units.GetValueOrDefault(a.UnitId), a.Title, a.Description, a.OwnerId, owners.GetValueOrDefault(a.OwnerId), a.Deadline,
            a.Status is ActionStatus.Planned or ActionStatus.InProgress && a.Deadline < today, a.Status, a.Cost, a.Source, a.FindingKey, a.FindingSummary,
            a.QuestionnaireId, a.BaselineWaveId, a.AgainstWaveId, a.Indicators, a.Effect, a.Outcome, a.StartedAt, a.CompletedAt, a.CancelledAt, a.ReminderSentAt,
            a.CreatedAt, a.UpdatedAt, a.Version))];
    }
}
