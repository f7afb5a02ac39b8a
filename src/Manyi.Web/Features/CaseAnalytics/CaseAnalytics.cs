using System.Globalization;
using Manyi.Analytics.Pls;
using Manyi.Analytics.Scores;
using Manyi.Core.Cases;
using Manyi.Core.Collection;
using Manyi.Core.Customers;
using Manyi.Core.Organisations;
using Manyi.Core.Surveys;
using Manyi.Data;
using Manyi.Web.Features.Cases;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.CaseAnalytics;

/// <summary>What <see cref="CaseAnalytics.ComputeAsync"/> gives: a report, the bad query fields, or not found (a unit or category the caller may not see).</summary>
public sealed record CaseAnalyticsOutcome(CaseAnalyticsReport? Report, Dictionary<string, string[]>? Errors, bool NotFound);

/// <summary>
/// Case analytics (product.md M5): volumes, SLA performance on the organisation's business calendar, repeats, escalations and
/// follow-up, retention of complainants, silent dissatisfaction and root causes. The cases of the scope are read once (a few
/// columns; a year is some thousand rows) and aggregated in memory, because elapsed business hours need the calendar.
/// </summary>
public static class CaseAnalytics
{
    /// <summary>Longest period one request may cover.</summary>
    public const int MaxPeriodDays = 3 * 366;

    /// <summary>Length of the bounded lists (owners, categories, units, root causes, silent customers).</summary>
    public const int ListLimit = 100;

    public const int TopRootCauses = 10;

    public const int SilentCustomersShown = 20;

    /// <summary>A low score counts as answered by a case when the customer had a case this many days before or after it.</summary>
    public const int SilentWindowDays = 30;

    /// <summary>Bin edges of the SLA histograms, in business hours.</summary>
    public static IReadOnlyList<double> HistogramEdges { get; } = [0, 1, 2, 4, 8, 16, 24, 40, 80];

    public static async Task<CaseAnalyticsOutcome> ComputeAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, CaseAnalyticsQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(query);
        var organisationId = user.OrganisationId;
        var now = clock.GetUtcNow();
        var rules = await CaseRules.LoadAsync(db, organisationId, ct);
        var zone = rules.Calendar.ZoneOrUtc();

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var from = ParseTime(query.From, "from", rules.Calendar, endOfDay: false, errors);
        var to = ParseTime(query.To, "to", rules.Calendar, endOfDay: true, errors);
        var unitId = ParseGuid(query.UnitId, "unitId", errors);
        var categoryId = ParseGuid(query.CategoryId, "categoryId", errors);
        CaseKind? kind = null;
        if (!string.IsNullOrWhiteSpace(query.Kind))
        {
            if (Enum.TryParse<CaseKind>(query.Kind.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsAsciiDigit(query.Kind.Trim()[0]))
            {
                kind = parsed;
            }
            else
            {
                errors["kind"] = [$"'{query.Kind}' is not a case kind (one of {string.Join(", ", Enum.GetNames<CaseKind>().Select(Camel))})"];
            }
        }
        var periodTo = to ?? now;
        var periodFrom = from ?? periodTo.AddMonths(-12);
        if (!errors.ContainsKey("from") && !errors.ContainsKey("to"))
        {
            if (periodFrom >= periodTo)
            {
                errors["to"] = ["'to' must be after 'from'"];
            }
            else if ((periodTo - periodFrom).TotalDays > MaxPeriodDays)
            {
                errors["to"] = [$"the period may cover at most {MaxPeriodDays} days"];
            }
        }
        if (errors.Count > 0)
        {
            return new CaseAnalyticsOutcome(null, errors, false);
        }

        // Units: the caller's visible units, narrowed to the filter unit's subtree.
        var units = await db.Units.AsNoTracking().Where(u => u.OrganisationId == organisationId)
            .Select(u => new { u.Id, u.ParentId, u.Name }).ToListAsync(ct);
        var unitNames = units.ToDictionary(u => u.Id, u => u.Name);
        var visible = await user.VisibleUnitsAsync(ct);
        HashSet<Guid>? allowed = visible is null ? null : [.. visible];
        if (unitId is { } root)
        {
            if (!unitNames.ContainsKey(root) || (allowed is not null && !allowed.Contains(root)))
            {
                return new CaseAnalyticsOutcome(null, null, true);
            }
            var subtree = Subtree(root, units.Select(u => (u.Id, u.ParentId)));
            if (allowed is not null)
            {
                subtree.IntersectWith(allowed);
            }
            allowed = subtree;
        }

        var categories = await db.CaseCategories.AsNoTracking().Where(c => c.OrganisationId == organisationId)
            .Select(c => new { c.Id, c.ParentId, c.Code, c.NameZh, c.NameEn }).ToListAsync(ct);
        var categoryById = categories.ToDictionary(c => c.Id);
        HashSet<Guid>? categoryScope = null;
        if (categoryId is { } category)
        {
            if (!categoryById.ContainsKey(category))
            {
                return new CaseAnalyticsOutcome(null, null, true);
            }
            categoryScope = Subtree(category, categories.Select(c => (c.Id, c.ParentId)));
        }

        var cases = db.Cases.AsNoTracking().Where(c => c.OrganisationId == organisationId && c.ReceivedAt >= periodFrom && c.ReceivedAt < periodTo);
        if (allowed is not null)
        {
            var allowedList = allowed.ToList();
            cases = cases.Where(c => allowedList.Contains(c.UnitId));
        }
        if (kind is { } wantedKind)
        {
            cases = cases.Where(c => c.Kind == wantedKind);
        }
        if (categoryScope is not null)
        {
            var categoryList = categoryScope.ToList();
            cases = cases.Where(c => c.CategoryId != null && categoryList.Contains(c.CategoryId.Value));
        }
        var rows = await cases.Select(c => new CaseRow
        {
            Id = c.Id, Kind = c.Kind, Channel = c.Channel, Status = c.Status, CategoryId = c.CategoryId, UnitId = c.UnitId, OwnerId = c.OwnerId,
            CustomerId = c.CustomerId, ReceivedAt = c.ReceivedAt, FirstRespondedAt = c.FirstRespondedAt, FirstResponseDueAt = c.FirstResponseDueAt,
            FirstResponseBreachedAt = c.FirstResponseBreachedAt, FirstResponseTargetMinutes = c.FirstResponseTargetMinutes, ClockStartedAt = c.ClockStartedAt,
            PausedMinutes = c.PausedMinutes, ResolvedAt = c.ResolvedAt, ResolutionDueAt = c.ResolutionDueAt, ResolutionBreachedAt = c.ResolutionBreachedAt,
            ResolutionTargetMinutes = c.ResolutionTargetMinutes, RepeatOfCaseId = c.RepeatOfCaseId, RootCauseId = c.RootCauseId, FollowUpAt = c.FollowUpAt,
            FollowUpSatisfaction = c.FollowUpSatisfaction, ReopenCount = c.ReopenCount,
        }).ToListAsync(ct);

        var escalations = await db.CaseEvents.AsNoTracking()
            .Where(e => e.OrganisationId == organisationId && e.Kind == CaseEventKind.Escalated && cases.Select(c => c.Id).Contains(e.CaseId))
            .GroupBy(e => e.Reason).Select(g => new { Reason = g.Key, Count = g.Count() }).ToListAsync(ct);

        var ownerIds = rows.Where(r => r.OwnerId is not null).Select(r => r.OwnerId!.Value).Distinct().ToList();
        var owners = await db.Users.AsNoTracking().Where(u => u.OrganisationId == organisationId && ownerIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var rootCauses = await db.RootCauses.AsNoTracking().Where(r => r.OrganisationId == organisationId)
            .Select(r => new { r.Id, r.Code, r.NameZh, r.NameEn, r.Kind }).ToDictionaryAsync(r => r.Id, ct);

        var calendar = rules.Calendar;
        string TopCategory(Guid id) => rules.CategoryPath(id) is { Count: > 0 } path ? path[^1].ToString() : id.ToString();
        CountItem CategoryItem(string key, int count, int total)
        {
            if (Guid.TryParse(key, out var id) && categoryById.TryGetValue(id, out var c))
            {
                return new CountItem(c.Id.ToString(), c.NameZh, c.NameEn, count, Share(count, total));
            }
            return new CountItem(key, key, null, count, Share(count, total));
        }
        var total = rows.Count;
        var volume = new VolumeReport(
            total,
            Count(rows, r => r.CategoryId is { } id ? TopCategory(id) : "none").Select(x => CategoryItem(x.Key, x.Count, total)).ToList(),
            Count(rows, r => r.CategoryId?.ToString() ?? "none").Select(x => CategoryItem(x.Key, x.Count, total)).ToList(),
            Count(rows, r => r.Channel).Select(x => new CountItem(x.Key, x.Key, null, x.Count, Share(x.Count, total))).ToList(),
            Count(rows, r => r.UnitId.ToString()).Select(x => new CountItem(x.Key, unitNames.GetValueOrDefault(Guid.Parse(x.Key)) ?? x.Key, null, x.Count, Share(x.Count, total))).ToList(),
            Count(rows, r => r.OwnerId?.ToString() ?? "none")
                .Select(x => new CountItem(x.Key, Guid.TryParse(x.Key, out var o) ? owners.GetValueOrDefault(o) ?? x.Key : x.Key, null, x.Count, Share(x.Count, total))).ToList(),
            Kinds(rows),
            [.. rows.GroupBy(r => TimeZoneInfo.ConvertTime(r.ReceivedAt, zone).ToString("yyyy-MM", CultureInfo.InvariantCulture), StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new MonthVolume(g.Key, g.Count(), Kinds([.. g])))]);

        var firstResponse = Clock(
            rows.Where(r => r.FirstRespondedAt is not null).Select(r => new Measurement(
                calendar.BusinessMinutesBetween(r.ReceivedAt, r.FirstRespondedAt!.Value) / 60,
                (r.FirstRespondedAt!.Value - r.ReceivedAt).TotalHours,
                r.FirstResponseDueAt is not null,
                r.FirstResponseBreachedAt is not null || r.FirstRespondedAt > r.FirstResponseDueAt,
                r.FirstResponseTargetMinutes)).ToList(),
            rows.Count(r => r.Status == CaseStatus.New && r.FirstResponseDueAt < now));
        var resolved = rows.Where(r => r.ResolvedAt is not null).ToList();
        var resolution = Clock(
            [.. resolved.Select(ResolutionOf)],
            rows.Count(r => r.Status is CaseStatus.New or CaseStatus.InProgress && r.ResolutionDueAt < now));
        Measurement ResolutionOf(CaseRow r) => new(
            Math.Max(0, calendar.BusinessMinutesBetween(r.ClockStartedAt, r.ResolvedAt!.Value) - r.PausedMinutes) / 60,
            (r.ResolvedAt!.Value - r.ClockStartedAt).TotalHours,
            r.ResolutionDueAt is not null,
            r.ResolutionBreachedAt is not null || r.ResolvedAt > r.ResolutionDueAt,
            r.ResolutionTargetMinutes);
        var byUnit = resolved.Where(r => r.ResolutionDueAt is not null).GroupBy(r => r.UnitId)
            .Select(g =>
            {
                var breached = g.Count(r => ResolutionOf(r).Breached);
                return new UnitBreach(g.Key, unitNames.GetValueOrDefault(g.Key) ?? g.Key.ToString(), g.Count(), breached, Ratio(breached, g.Count()));
            })
            .OrderByDescending(u => u.BreachRate).ThenBy(u => u.Name, StringComparer.Ordinal).Take(ListLimit).ToList();

        var complaints = rows.Where(r => r.Kind == CaseKind.Complaint).ToList();
        var repeated = complaints.Count(r => r.RepeatOfCaseId is not null);
        var repeats = new RepeatReport(complaints.Count, repeated, Ratio(repeated, complaints.Count),
            complaints.Where(r => r.CustomerId is not null).GroupBy(r => r.CustomerId).Count(g => g.Count() >= 2));

        var reasons = escalations
            .Select(e => (Ok: Enum.TryParse<EscalationReason>(e.Reason, ignoreCase: false, out var reason), Reason: reason, e.Count))
            .Where(e => e.Ok).GroupBy(e => e.Reason).Select(g => new ReasonCount(g.Key, g.Sum(e => e.Count)))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Reason).ToList();
        var followedUp = rows.Where(r => r.FollowUpAt is not null).ToList();
        var reopened = followedUp.Count(r => r.ReopenCount > 0);
        var satisfactions = followedUp.Where(r => r.FollowUpSatisfaction is not null).ToList();
        var escalationReport = new EscalationReport(
            escalations.Sum(e => e.Count), reasons, followedUp.Count, reopened, Ratio(reopened, followedUp.Count),
            [.. Enum.GetValues<FollowUpSatisfaction>().Select(s =>
            {
                var n = satisfactions.Count(r => r.FollowUpSatisfaction == s);
                return new SatisfactionCount(s, n, Share(n, satisfactions.Count));
            })]);

        var retention = await RetentionAsync(db, organisationId, rows, kind, ct);
        var silent = await SilentAsync(db, organisationId, allowed, unitNames, periodFrom, periodTo, ct);

        var withCause = rows.Where(r => r.RootCauseId is { } id && rootCauses.ContainsKey(id)).Select(r => rootCauses[r.RootCauseId!.Value]).ToList();
        var rootCauseReport = new RootCauseReport(
            withCause.Count,
            [.. Enum.GetValues<RootCauseKind>().Select(k =>
            {
                var n = withCause.Count(c => c.Kind == k);
                return new RootCauseKindCount(k, n, Share(n, withCause.Count));
            })],
            [.. withCause.GroupBy(c => c.Id).Select(g => (Cause: g.First(), Count: g.Count()))
                .OrderByDescending(x => x.Count).ThenBy(x => x.Cause.Code, StringComparer.Ordinal).Take(TopRootCauses)
                .Select(x => new RootCauseCount(x.Cause.Id, x.Cause.Code, x.Cause.NameZh, x.Cause.NameEn, x.Cause.Kind, x.Count, Share(x.Count, withCause.Count)))]);

        var report = new CaseAnalyticsReport(
            new AnalyticsPeriod(periodFrom, periodTo, unitId, kind, categoryId, rules.Calendar.TimeZone),
            volume,
            new SlaReport(firstResponse, resolution, byUnit),
            repeats,
            escalationReport,
            retention,
            silent,
            rootCauseReport,
            now);
        return new CaseAnalyticsOutcome(report, null, false);
    }

    /// <summary>
    /// Complainants (customers with a complaint — or a case of the filter's kind — received in the period) by the worst way one of
    /// them ended: not resolved, resolved late, or every one resolved within its limit (no limit counts as within); with the share of
    /// them still Active now and its 95% Wilson interval (Wilson 1927; Newcombe 1998, method 3).
    /// </summary>
    private static async Task<RetentionReport> RetentionAsync(ManyiDbContext db, Guid organisationId, List<CaseRow> rows, CaseKind? kind, CancellationToken ct)
    {
        var complaintKind = kind ?? CaseKind.Complaint;
        var outcomes = rows.Where(r => r.Kind == complaintKind && r.CustomerId is not null)
            .GroupBy(r => r.CustomerId!.Value)
            .ToDictionary(g => g.Key, g => g.Max(r => r.ResolvedAt is null ? 2 : r.ResolutionBreachedAt is not null || r.ResolvedAt > r.ResolutionDueAt ? 1 : 0));
        var ids = outcomes.Keys.ToList();
        var statuses = await db.Customers.AsNoTracking().Where(c => c.OrganisationId == organisationId && ids.Contains(c.Id))
            .Select(c => new { c.Id, c.Status }).ToDictionaryAsync(c => c.Id, c => c.Status, ct);
        string[] names = ["withinSla", "late", "notResolved"];
        return new RetentionReport([.. names.Select((name, outcome) =>
        {
            var customers = outcomes.Where(o => o.Value == outcome && statuses.ContainsKey(o.Key)).Select(o => o.Key).ToList();
            var active = customers.Count(id => statuses[id] == CustomerStatus.Active);
            if (customers.Count == 0)
            {
                return new RetentionGroup(name, 0, 0, null, null, null);
            }
            var interval = ProportionInterval.Wilson(active, customers.Count, 0.95);
            return new RetentionGroup(name, customers.Count, active, (double)active / customers.Count, interval.Low, interval.High);
        })]);
    }

    /// <summary>Low scores without a case: see <see cref="SilentReport"/>. The questionnaires of the waves involved say which questions are NPS and CSAT.</summary>
    private static async Task<SilentReport> SilentAsync(ManyiDbContext db, Guid organisationId, HashSet<Guid>? allowed, Dictionary<Guid, string> unitNames,
        DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var responses = db.Responses.AsNoTracking().Where(r => r.OrganisationId == organisationId && r.Status == ResponseStatus.Complete
            && r.SubmittedAt >= from && r.SubmittedAt < to);
        if (allowed is not null)
        {
            var allowedList = allowed.ToList();
            responses = responses.Where(r => r.UnitId != null && allowedList.Contains(r.UnitId.Value));
        }
        var versionIds = await responses.Select(r => r.QuestionnaireVersionId).Distinct().ToListAsync(ct);
        var definitions = await db.QuestionnaireVersions.AsNoTracking().Where(v => versionIds.Contains(v.Id))
            .Select(v => new { v.Id, v.Definition }).ToListAsync(ct);
        var scored = definitions.ToDictionary(v => v.Id, v => v.Definition.Questions
            .Where(q => q.Type is QuestionType.Nps or QuestionType.Csat).Select(q => (q.Code, q.Type)).ToList());
        var scoredVersions = scored.Where(s => s.Value.Count > 0).Select(s => s.Key).ToList();
        if (scoredVersions.Count == 0)
        {
            return new SilentReport(0, 0, null, 0, [], []);
        }
        var answers = await responses.Where(r => scoredVersions.Contains(r.QuestionnaireVersionId))
            .Select(r => new { r.Id, r.WaveId, r.QuestionnaireVersionId, r.CustomerId, r.UnitId, r.SubmittedAt, r.Answers }).ToListAsync(ct);
        var low = new List<(Guid? CustomerId, Guid? UnitId, Guid WaveId, DateTimeOffset At, string Question, int Score)>();
        foreach (var r in answers)
        {
            foreach (var (code, type) in scored[r.QuestionnaireVersionId])
            {
                if (r.Answers.TryGetValue(code, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var score)
                    && (type == QuestionType.Nps ? score is >= 0 and <= 6 : score <= 2))
                {
                    low.Add((r.CustomerId, r.UnitId, r.WaveId, r.SubmittedAt ?? from, code, score));
                    break;
                }
            }
        }
        var known = low.Where(l => l.CustomerId is not null).ToList();
        var customerIds = known.Select(l => l.CustomerId!.Value).Distinct().ToList();
        var window = TimeSpan.FromDays(SilentWindowDays);
        var caseFrom = from - window;
        var caseTo = to + window;
        var caseTimes = (await db.Cases.AsNoTracking()
            .Where(c => c.OrganisationId == organisationId && c.CustomerId != null && customerIds.Contains(c.CustomerId.Value) && c.ReceivedAt >= caseFrom && c.ReceivedAt <= caseTo)
            .Select(c => new { CustomerId = c.CustomerId!.Value, c.ReceivedAt }).ToListAsync(ct))
            .ToLookup(c => c.CustomerId, c => c.ReceivedAt);
        var silent = known.Where(l => !caseTimes[l.CustomerId!.Value].Any(at => at >= l.At - window && at <= l.At + window)).ToList();
        var shownIds = silent.OrderByDescending(s => s.At).Select(s => s.CustomerId!.Value).Distinct().Take(SilentCustomersShown).ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => c.OrganisationId == organisationId && shownIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Code, c.Name }).ToDictionaryAsync(c => c.Id, ct);
        var waveIds = silent.Select(s => s.WaveId).Distinct().ToList();
        var waves = await db.Waves.AsNoTracking().Where(w => w.OrganisationId == organisationId && waveIds.Contains(w.Id))
            .Select(w => new { w.Id, w.Name }).ToDictionaryAsync(w => w.Id, w => w.Name, ct);
        var shown = shownIds.Where(customers.ContainsKey).Select(id =>
        {
            var latest = silent.Where(s => s.CustomerId == id).MaxBy(s => s.At);
            var c = customers[id];
            return new SilentCustomer(id, c.Code, c.Name, latest.Question, latest.Score, latest.WaveId, waves.GetValueOrDefault(latest.WaveId) ?? string.Empty, latest.At);
        }).ToList();
        var byUnit = known.GroupBy(l => l.UnitId ?? Guid.Empty).Select(g =>
        {
            var n = g.Count(l => silent.Contains(l));
            return new SilentUnit(g.Key, unitNames.GetValueOrDefault(g.Key) ?? "-", g.Count(), n, Ratio(n, g.Count()));
        }).OrderByDescending(u => u.Silent).ThenBy(u => u.Name, StringComparer.Ordinal).Take(ListLimit).ToList();
        return new SilentReport(known.Count, silent.Count, Ratio(silent.Count, known.Count), low.Count - known.Count, byUnit, shown);
    }

    private static SlaClock Clock(List<Measurement> measured, int overdueNow)
    {
        var withTarget = measured.Where(m => m.HasTarget).ToList();
        var breached = withTarget.Count(m => m.Breached);
        var business = measured.Select(m => m.BusinessHours).Order().ToList();
        var wall = measured.Select(m => m.WallHours).Order().ToList();
        var histogram = new List<HistogramBin>(HistogramEdges.Count);
        for (var i = 0; i < HistogramEdges.Count; i++)
        {
            var low = HistogramEdges[i];
            double? high = i + 1 < HistogramEdges.Count ? HistogramEdges[i + 1] : null;
            histogram.Add(new HistogramBin(low, high, business.Count(h => h >= low && (high is null || h < high))));
        }
        var target = measured.Where(m => m.TargetMinutes is not null).GroupBy(m => m.TargetMinutes!.Value)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => (double?)g.Key / 60).FirstOrDefault();
        return new SlaClock(measured.Count, withTarget.Count, withTarget.Count - breached, breached, Ratio(breached, withTarget.Count),
            SpreadOf(business), SpreadOf(wall), histogram, target, overdueNow);
    }

    /// <summary>Median and p90 by linear interpolation between order statistics (Hyndman and Fan 1996, type 7; R's default).</summary>
    private static Spread SpreadOf(List<double> sorted) =>
        sorted.Count == 0 ? new Spread(null, null) : new Spread(PlsPathModeling.Quantile(sorted, 0.5), PlsPathModeling.Quantile(sorted, 0.9));

    private static List<KindCount> Kinds(List<CaseRow> rows) =>
        [.. Enum.GetValues<CaseKind>().Select(k => (Kind: k, Count: rows.Count(r => r.Kind == k))).Where(k => k.Count > 0)
            .Select(k => new KindCount(k.Kind, k.Count, Share(k.Count, rows.Count)))];

    private static IEnumerable<(string Key, int Count)> Count(List<CaseRow> rows, Func<CaseRow, string> key) =>
        rows.GroupBy(key, StringComparer.Ordinal).Select(g => (g.Key, Count: g.Count()))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Key, StringComparer.Ordinal).Take(ListLimit);

    private static double Share(int count, int total) => total == 0 ? 0 : (double)count / total;

    private static double? Ratio(int count, int total) => total == 0 ? null : (double)count / total;

    private static string Camel(string name) => string.Concat(name[..1].ToLowerInvariant(), name[1..]);

    private static HashSet<Guid> Subtree(Guid root, IEnumerable<(Guid Id, Guid? ParentId)> nodes) => Hierarchy.Below([root], nodes);

    /// <summary>An ISO 8601 instant, or a date (yyyy-MM-dd) meaning the start (from) or the end (to) of that day in the organisation's time zone.</summary>
    private static DateTimeOffset? ParseTime(string? text, string field, BusinessCalendarDefinition calendar, bool endOfDay, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var value = text.Trim();
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return calendar.StartOfDay(endOfDay ? day.AddDays(1) : day);
        }
        if (value.Length > 10 && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            return instant;
        }
        errors[field] = [$"'{value}' is not a date (yyyy-MM-dd) or an ISO 8601 time"];
        return null;
    }

    private static Guid? ParseGuid(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (Guid.TryParse(text.Trim(), out var id))
        {
            return id;
        }
        errors[field] = [$"'{text}' is not an id"];
        return null;
    }

    private readonly record struct Measurement(double BusinessHours, double WallHours, bool HasTarget, bool Breached, int? TargetMinutes);

    /// <summary>The columns of a case the analytics read.</summary>
    private sealed class CaseRow
    {
        public Guid Id { get; init; }

        public CaseKind Kind { get; init; }

        public required string Channel { get; init; }

        public CaseStatus Status { get; init; }

        public Guid? CategoryId { get; init; }

        public Guid UnitId { get; init; }

        public Guid? OwnerId { get; init; }

        public Guid? CustomerId { get; init; }

        public DateTimeOffset ReceivedAt { get; init; }

        public DateTimeOffset? FirstRespondedAt { get; init; }

        public DateTimeOffset? FirstResponseDueAt { get; init; }

        public DateTimeOffset? FirstResponseBreachedAt { get; init; }

        public int? FirstResponseTargetMinutes { get; init; }

        public DateTimeOffset ClockStartedAt { get; init; }

        public double PausedMinutes { get; init; }

        public DateTimeOffset? ResolvedAt { get; init; }

        public DateTimeOffset? ResolutionDueAt { get; init; }

        public DateTimeOffset? ResolutionBreachedAt { get; init; }

        public int? ResolutionTargetMinutes { get; init; }

        public Guid? RepeatOfCaseId { get; init; }

        public Guid? RootCauseId { get; init; }

        public DateTimeOffset? FollowUpAt { get; init; }

        public FollowUpSatisfaction? FollowUpSatisfaction { get; init; }

        public int ReopenCount { get; init; }
    }
}
