using Manyi.Core.Cases;
using Manyi.Core.Collection;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Cases;
using Manyi.Web.Features.Improvement;
using Manyi.Web.Features.Results;
using Manyi.Web.Features.Users;
using Manyi.Web.Features.Waves;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Dashboards;

/// <summary>
/// Computes the home dashboard (product.md M9) for the caller. Scores come from Manyi.Analytics through the live results of
/// each wave (<see cref="WaveResults"/>) on the caller's units only; cases through <see cref="CaseAccess"/>; every query is
/// filtered by the organisation.
/// </summary>
public static class DashboardQueries
{
    /// <summary>Waves in the trend (the latest ones of the main questionnaire).</summary>
    public const int TrendWaves = 8;

    /// <summary>Cases listed per list.</summary>
    public const int ListLength = 10;

    /// <summary>Goals listed for a manager (those whose period runs today).</summary>
    public const int GoalsLength = 10;

    /// <summary>Cases listed for a handler.</summary>
    public const int HandlerLength = 50;

    public static bool IsManager(string role) => role is Roles.UnitManager or Roles.Administrator or Roles.Viewer;

    public static bool IsAnalyst(string role) => role is Roles.Analyst or Roles.Administrator;

    public static bool IsHandler(string role) => role is Roles.CaseHandler;

    public static async Task<DashboardDto> ComputeAsync(ManyiDbContext db, WaveDataCache cache, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        var now = clock.GetUtcNow();
        var role = user.Role;
        var manager = IsManager(role) ? await ManagerAsync(db, cache, user, clock, now, ct) : null;
        var handler = IsHandler(role) ? await HandlerAsync(db, user, now, ct) : null;
        var analyst = IsAnalyst(role) ? await AnalystAsync(db, cache, user, now, ct) : null;
        return new DashboardDto(role, manager, handler, analyst, now);
    }

    // ---- manager ----

    private static async Task<ManagerPartDto> ManagerAsync(ManyiDbContext db, WaveDataCache cache, CurrentUser user, TimeProvider clock, DateTimeOffset now, CancellationToken ct)
    {
        var viewer = await Viewer.FromAsync(user, ct);
        var waves = (await WaveAccess.VisibleAsync(db, user, ct)).AsNoTracking().Where(w => w.Status != WaveStatus.Draft);
        // The main questionnaire: the one with the most responses in the caller's waves.
        var main = await (from r in db.Responses.AsNoTracking()
                          join w in waves on r.WaveId equals w.Id
                          where r.Status == ResponseStatus.Complete
                          group r by w.QuestionnaireId into g
                          select new { QuestionnaireId = g.Key, Count = g.Count() })
            .OrderByDescending(g => g.Count).ThenBy(g => g.QuestionnaireId).FirstOrDefaultAsync(ct);
        var trend = new List<TrendPointDto>();
        var ranking = new List<UnitRankDto>();
        string? questionnaireName = null;
        Guid? latestId = null;
        string? latestName = null;
        if (main is not null)
        {
            questionnaireName = await db.Questionnaires.AsNoTracking().Where(q => q.Id == main.QuestionnaireId).Select(q => q.Name).FirstOrDefaultAsync(ct);
            var ofMain = await waves.Where(w => w.QuestionnaireId == main.QuestionnaireId)
                .Select(w => new { w.Id, w.Name, w.OpensAt, w.CreatedAt }).ToListAsync(ct);
            foreach (var wave in ofMain.OrderByDescending(w => w.OpensAt ?? w.CreatedAt).ThenBy(w => w.Id).Take(TrendWaves).Reverse())
            {
                var input = await AnalysisInput.LoadAsync(db, cache, viewer, wave.Id, ResultsFilter.None, ct);
                if (input is null)
                {
                    continue;
                }
                var results = await ResultsOfAsync(db, cache, input, clock, ct);
                trend.Add(PointOf(wave.Id, wave.Name, wave.OpensAt, results));
            }
            var latest = trend.LastOrDefault(t => t.N > 0);
            if (latest is not null)
            {
                latestId = latest.WaveId;
                latestName = latest.WaveName;
                ranking = await RankUnitsAsync(db, cache, viewer, latest.WaveId, clock, ct);
            }
        }

        var cases = (await CaseAccess.VisibleAsync(db, user, ct)).AsNoTracking().Where(c => c.Status != CaseStatus.Resolved && c.Status != CaseStatus.Closed);
        var alerts = cases.Where(c => c.Kind == CaseKind.Alert);
        var alertCount = await alerts.CountAsync(ct);
        var alertList = await alerts.OrderByDescending(c => c.ReceivedAt).ThenBy(c => c.Id).Take(ListLength).Select(Line).ToListAsync(ct);
        var breaches = cases.Where(c => c.ResolutionDueAt < now || (c.FirstRespondedAt == null && c.FirstResponseDueAt < now));
        var breachCount = await breaches.CountAsync(ct);
        var breachList = await breaches.OrderBy(c => c.ResolutionDueAt).ThenBy(c => c.Id).Take(ListLength).Select(Line).ToListAsync(ct);
        var today = GoalsApi.Today(clock);
        var goals = await GoalQueries.ListAsync(db, cache, viewer, new GoalFilter(null, null, today, today, null), today, ct);
        return new ManagerPartDto(main?.QuestionnaireId, questionnaireName, trend, latestId, latestName, ranking,
            alertCount, [.. alertList.Select(l => l.ToDto(now))], breachCount, [.. breachList.Select(l => l.ToDto(now))], [.. goals.Take(GoalsLength)]);
    }

    /// <summary>The wave's results for the input's scope (one place to call the live results).</summary>
    private static Task<WaveResultsDto> ResultsOfAsync(ManyiDbContext db, WaveDataCache cache, AnalysisInput input, TimeProvider clock, CancellationToken ct) =>
        WaveResults.ComputeAsync(db, input, clock, ct);

    private static TrendPointDto PointOf(Guid waveId, string name, DateTimeOffset? opensAt, WaveResultsDto results)
    {
        var nps = results.Nps.Count > 0 ? results.Nps[0] : null;
        var csat = results.Csat.Count > 0 ? results.Csat[0] : null;
        var suppressed = results.Responses < results.MinimumN;
        return new TrendPointDto(waveId, name, opensAt, results.Responses, results.MinimumN, suppressed,
            suppressed ? null : results.Index.Score,
            nps is { Suppressed: false } ? nps.Nps : null, nps is { Suppressed: false } ? nps.ConfidenceInterval : null,
            csat is { Suppressed: false } ? csat.Csat : null, csat is { Suppressed: false } ? csat.ConfidenceInterval : null,
            results.Confidence);
    }

    /// <summary>The units one level below the caller's top units (or those units when they have none below), by index.</summary>
    private static async Task<List<UnitRankDto>> RankUnitsAsync(ManyiDbContext db, WaveDataCache cache, Viewer viewer, Guid waveId, TimeProvider clock, CancellationToken ct)
    {
        var organisationId = viewer.OrganisationId;
        var units = await db.Units.AsNoTracking().Where(u => u.OrganisationId == organisationId).Select(u => new { u.Id, u.ParentId, u.Name, u.Code }).ToListAsync(ct);
        var visible = units.Where(u => viewer.VisibleUnits is null || viewer.VisibleUnits.Contains(u.Id)).ToList();
        var visibleIds = visible.Select(u => u.Id).ToHashSet();
        var tops = visible.Where(u => u.ParentId is null || !visibleIds.Contains(u.ParentId.Value)).Select(u => u.Id).ToHashSet();
        var candidates = visible.Where(u => u.ParentId is { } p && tops.Contains(p)).ToList();
        if (candidates.Count == 0)
        {
            candidates = visible.Where(u => tops.Contains(u.Id)).ToList();
        }
        var scored = new List<(Guid Id, string Name, long N, bool Suppressed, double? Index)>();
        foreach (var unit in candidates.OrderBy(u => u.Code, StringComparer.Ordinal))
        {
            var input = await AnalysisInput.LoadAsync(db, cache, viewer, waveId, ResultsFilter.None with { UnitId = unit.Id }, ct);
            if (input is null)
            {
                continue;
            }
            var results = await ResultsOfAsync(db, cache, input, clock, ct);
            if (results.Responses == 0)
            {
                continue;
            }
            var suppressed = results.Responses < results.MinimumN || results.Index.Score is null;
            scored.Add((unit.Id, unit.Name, results.Responses, suppressed, suppressed ? null : results.Index.Score));
        }
        var ranked = scored.Where(s => !s.Suppressed).OrderByDescending(s => s.Index).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
        var list = ranked.Select((s, i) => new UnitRankDto(s.Id, s.Name, s.N, false, s.Index, i + 1)).ToList();
        list.AddRange(scored.Where(s => s.Suppressed).OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => new UnitRankDto(s.Id, s.Name, s.N, true, null, null)));
        return list;
    }

    // ---- handler ----

    private static async Task<HandlerPartDto> HandlerAsync(ManyiDbContext db, CurrentUser user, DateTimeOffset now, CancellationToken ct)
    {
        var me = user.ActorId;
        var mine = (await CaseAccess.VisibleAsync(db, user, ct)).AsNoTracking().Where(c => c.OwnerId == me && c.Status != CaseStatus.Closed);
        var open = await mine.CountAsync(ct);
        var overdue = await mine.CountAsync(c => c.Status != CaseStatus.Resolved
            && (c.ResolutionDueAt < now || (c.FirstRespondedAt == null && c.FirstResponseDueAt < now)), ct);
        var lines = await mine.Select(Line).ToListAsync(ct);
        var list = lines.Select(l => l.ToDto(now))
            .OrderBy(l => l.DueAt is null).ThenBy(l => l.DueAt).ThenBy(l => l.Number, StringComparer.Ordinal)
            .Take(HandlerLength).ToList();
        return new HandlerPartDto(open, overdue, list);
    }

    // ---- analyst ----

    private static async Task<AnalystPartDto> AnalystAsync(ManyiDbContext db, WaveDataCache cache, CurrentUser user, DateTimeOffset now, CancellationToken ct)
    {
        var waves = await (from w in (await WaveAccess.VisibleAsync(db, user, ct)).AsNoTracking()
                           join q in db.Questionnaires.AsNoTracking() on w.QuestionnaireId equals q.Id
                           where w.Status == WaveStatus.Open
                           select new { w.Id, w.Name, QuestionnaireName = q.Name, w.SamplePlan, w.ClosesAt, w.OpensAt })
            .ToListAsync(ct);
        var ids = waves.Select(w => w.Id).ToList();
        var organisationId = user.OrganisationId;
        // Counted from the cached wave data (Complete responses, invited or not) rather than by grouping the responses table,
        // which on a wave of 100,000 responses costs a scan per page view.
        var viewer = await Viewer.FromAsync(user, ct);
        var responses = new Dictionary<Guid, (long All, long Invited)>();
        foreach (var id in ids)
        {
            if (await AnalysisInput.LoadAsync(db, cache, viewer, id, ResultsFilter.None, ct) is { } input)
            {
                var invited = input.Slice.Rows.LongCount(row => input.Slice.Data.Invited[row]);
                responses[id] = (input.Slice.Count, invited);
            }
        }
        var invitations = await db.Invitations.AsNoTracking()
            .Where(i => i.OrganisationId == organisationId && ids.Contains(i.WaveId) && i.SentAt != null)
            .GroupBy(i => i.WaveId).Select(g => new { WaveId = g.Key, Count = g.LongCount() })
            .ToDictionaryAsync(g => g.WaveId, g => g.Count, ct);
        var list = waves.Select(w =>
        {
            var r = responses.GetValueOrDefault(w.Id);
            var all = r.All;
            var sent = invitations.GetValueOrDefault(w.Id);
            var target = w.SamplePlan?.TargetResponses is > 0 ? w.SamplePlan.TargetResponses : (int?)null;
            int? daysLeft = w.ClosesAt is { } closes ? Math.Max(0, (int)Math.Ceiling((closes - now).TotalDays)) : null;
            return new ActiveWaveDto(w.Id, w.Name, w.QuestionnaireName, all, target, target is { } t ? (double)all / t : null, sent,
                sent > 0 ? (double)r.Invited / sent : null, w.ClosesAt, daysLeft,
                AnalysisPages.Path(w.Id, "overview"), $"/reports/wave/{w.Id}");
        }).OrderBy(w => w.ClosesAt is null).ThenBy(w => w.ClosesAt).ThenBy(w => w.Name, StringComparer.Ordinal).ToList();
        return new AnalystPartDto(list);
    }

    // ---- cases ----

    private static readonly System.Linq.Expressions.Expression<Func<Case, CaseRow>> Line = c =>
        new CaseRow(c.Id, c.Number, c.Subject, c.Kind, c.Status, c.Priority, c.ReceivedAt, c.FirstResponseDueAt, c.ResolutionDueAt, c.FirstRespondedAt);

    private sealed record CaseRow(Guid Id, string Number, string Subject, CaseKind Kind, CaseStatus Status, CasePriority Priority, DateTimeOffset ReceivedAt,
        DateTimeOffset? FirstResponseDueAt, DateTimeOffset? ResolutionDueAt, DateTimeOffset? FirstRespondedAt)
    {
        public CaseLineDto ToDto(DateTimeOffset now)
        {
            var open = Status is not (CaseStatus.Resolved or CaseStatus.Closed);
            var firstLate = open && FirstRespondedAt is null && FirstResponseDueAt < now;
            var resolutionLate = open && ResolutionDueAt < now;
            var due = FirstRespondedAt is null && FirstResponseDueAt is { } first && (ResolutionDueAt is null || first < ResolutionDueAt) ? first : ResolutionDueAt;
            return new CaseLineDto(Id, Number, Subject, Kind, Status, Priority, ReceivedAt, due, firstLate || resolutionLate,
                resolutionLate ? "resolution" : firstLate ? "firstResponse" : null);
        }
    }
}
