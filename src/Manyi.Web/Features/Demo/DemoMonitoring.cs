using System.Globalization;
using Manyi.Core.Cases;
using Manyi.Core.Customers;
using Manyi.Core.Monitoring;
using Manyi.Data;
using Manyi.Web.Features.Cases;
using Manyi.Web.Features.Monitoring;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Demo;

/// <summary>
/// The demo's per-customer service monitoring (issue 8, product.md M8): 20 service projects of key-account and industrial
/// customers across the three districts, both templates, at every stage of their life — just started, mid-way, completed,
/// one cancelled. Everything goes through <see cref="ProjectMonitor"/> with <c>now</c> set to each event's time, in time order
/// per project: milestone, pulse and manual readings; complaints of the customer opened through <see cref="CaseIntake"/> (so
/// the Issues and ResponseTime readings are derived by Manyi) and answered, resolved and followed up like real cases; check-ins
/// and stage closes with the actual satisfaction A (so baselines are corrected and weights kept, then re-estimated); trouble
/// spells that push S(t) below W (alert and service-recovery case, which the owner answers, and — once S(t) is back above
/// W + h — resolves with a note). Two projects are in trouble now, so their alerts are open. Every figure is the engine's.
/// Deterministic (seed <see cref="DemoPlan.Seed"/> + 8) apart from ids and the current time; every event lies before now.
/// </summary>
public static class DemoMonitoring
{
    /// <summary>Projects the demo creates.</summary>
    public const int ProjectCount = 20;

    /// <summary>
    /// A spell of bad service in a stage: from <see cref="FromDay"/> to <see cref="ToDay"/> days after the stage started
    /// (null = until now, so the alert is still open).
    /// </summary>
    private sealed record Trouble(int Stage, int FromDay, int? ToDay);

    /// <summary>
    /// One demo project: its template, the district (or branch) of its customer, when it started, how its baseline was chosen,
    /// and its trouble spell if any. Stages close when their template length has passed; <see cref="CancelDay"/> stops it.
    /// </summary>
    private sealed record Plan(
        string Template, string Unit, int StartDaysAgo, BaselineSource Baseline, string TitleZh, string TitleEn,
        Trouble? Trouble = null, int? CancelDay = null);

    private const string Impl = "implementation";
    private const string Year = "key-account-year";

    private static readonly Plan[] Plans =
    [
        new(Year, "SH-PD", 400, BaselineSource.CustomerHistory, "年度大客户服务", "key-account service year", new Trouble(1, 20, 50)),
        new(Year, "JS", 380, BaselineSource.Segment, "年度大客户服务", "key-account service year"),
        new(Impl, "ZJ", 330, BaselineSource.OpeningSurvey, "35kV 专线接入工程", "35 kV dedicated line connection", new Trouble(2, 25, 55)),
        new(Year, "SH", 370, BaselineSource.Manual, "年度大客户服务", "key-account service year"),
        new(Impl, "JS", 150, BaselineSource.Manual, "配电房增容改造", "substation capacity upgrade", CancelDay: 104),
        new(Year, "SH-PD", 325, BaselineSource.CustomerHistory, "年度大客户服务", "key-account service year", new Trouble(3, 5, null)),
        new(Year, "ZJ", 250, BaselineSource.Segment, "年度大客户服务", "key-account service year", new Trouble(1, 30, 62)),
        new(Year, "JS", 200, BaselineSource.CustomerHistory, "年度大客户服务", "key-account service year"),
        new(Year, "SH", 120, BaselineSource.OpeningSurvey, "年度大客户服务", "key-account service year"),
        new(Year, "ZJ", 60, BaselineSource.Segment, "年度大客户服务", "key-account service year"),
        new(Year, "JS", 10, BaselineSource.Manual, "年度大客户服务", "key-account service year"),
        new(Impl, "JS", 160, BaselineSource.Segment, "能效管理系统实施", "energy-management system rollout", new Trouble(2, 46, null)),
        new(Impl, "SH-PD", 205, BaselineSource.OpeningSurvey, "充电站配套电源建设", "charging-station power supply", new Trouble(1, 15, 45)),
        new(Impl, "ZJ", 200, BaselineSource.CustomerHistory, "10kV 双电源改造", "10 kV dual supply retrofit"),
        new(Impl, "SH", 100, BaselineSource.Segment, "配电自动化改造", "distribution automation retrofit"),
        new(Impl, "JS", 70, BaselineSource.Manual, "光伏并网接入", "solar grid connection"),
        new(Impl, "ZJ", 45, BaselineSource.OpeningSurvey, "储能电站接入", "battery storage connection"),
        new(Impl, "SH", 20, BaselineSource.Segment, "高压业扩报装", "high-voltage new connection"),
        new(Impl, "ZJ", 5, BaselineSource.Manual, "电能质量治理", "power quality improvement"),
        new(Year, "SH", 340, BaselineSource.Segment, "年度大客户服务", "key-account service year", new Trouble(0, 35, 65)),
    ];

    private static readonly (string Category, string Subject)[] Complaints =
    [
        ("business.time-limit", "接电工期比承诺晚 (Connection later than promised)"),
        ("reliability.planned-outage", "施工停电时间超出计划 (Outage for the works longer than planned)"),
        ("information.outage-notice", "停电通知未提前送达 (Outage notice came too late)"),
        ("reliability.voltage", "调试期间电压波动影响生产 (Voltage swings during commissioning hit production)"),
        ("business.new-connection", "报装资料被要求重复提交 (Asked to hand in the same papers again)"),
        ("billing.invoice", "工程款发票开具错误 (Wrong invoice for the works)"),
        ("attitude.standards", "施工后现场未清理 (Site not cleaned after the works)"),
    ];

    private static readonly string[] RecoveryActions =
    [
        "项目管家上门拜访，与客户逐项确认整改清单 (Owner visited the customer and agreed a list of fixes item by item)",
        "协调施工队增加班组，承诺每周通报进度 (More crews arranged; weekly progress reports promised)",
        "客户经理牵头召开问题复盘会 (Account manager led a review meeting on the problems)",
    ];

    /// <summary>Writes the projects; call inside the demo transaction after the cases (it needs the case configuration).</summary>
    public static async Task<int> WriteAsync(ManyiDbContext db, Guid organisationId, IReadOnlyDictionary<string, Guid> unitIds,
        IReadOnlyDictionary<string, Guid> userIds, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(unitIds);
        ArgumentNullException.ThrowIfNull(userIds);
        now = now.ToUniversalTime();
        db.ChangeTracker.Clear();
        var random = new Random(DemoPlan.Seed + 8);
        var rules = await CaseRules.LoadAsync(db, organisationId, ct);
        var categories = await db.CaseCategories.AsNoTracking().Where(c => c.OrganisationId == organisationId).ToDictionaryAsync(c => c.Code, c => c.Id, StringComparer.Ordinal, ct);
        var causes = await db.RootCauses.AsNoTracking().Where(c => c.OrganisationId == organisationId).ToDictionaryAsync(c => c.Code, c => c.Id, StringComparer.Ordinal, ct);
        var names = await db.Users.AsNoTracking().Where(u => u.OrganisationId == organisationId).ToDictionaryAsync(u => u.Id, u => u.DisplayName ?? u.UserName ?? string.Empty, ct);

        // Key-account customers first, then industrial ones, active and without cases of their own in the demo year, so that
        // the Issues and ResponseTime readings count only the project's complaints.
        var withCases = db.Cases.Where(c => c.OrganisationId == organisationId && c.CustomerId != null).Select(c => c.CustomerId!.Value);
        var answered = db.Responses.Where(r => r.OrganisationId == organisationId && r.CustomerId != null && r.Status == Core.Collection.ResponseStatus.Complete).Select(r => r.CustomerId!.Value);
        var candidates = await db.Customers.AsNoTracking()
            .Where(c => c.OrganisationId == organisationId && c.Status == CustomerStatus.Active
                && (c.Segment == DemoPlan.KeyAccount || c.Segment == DemoPlan.Industrial) && !withCases.Contains(c.Id))
            .OrderBy(c => c.Segment == DemoPlan.KeyAccount ? 0 : 1).ThenBy(c => c.Code)
            .Select(c => new Candidate(c.Id, c.UnitId, c.Name, answered.Contains(c.Id)))
            .ToListAsync(ct);
        var branchOf = unitIds.ToDictionary(u => u.Value, u => u.Key);
        var taken = new HashSet<Guid>();

        foreach (var plan in Plans)
        {
            var customer = candidates.FirstOrDefault(c => !taken.Contains(c.Id)
                && branchOf[c.UnitId].StartsWith(plan.Unit, StringComparison.Ordinal)
                && (plan.Baseline != BaselineSource.CustomerHistory || c.Answered))
                ?? throw new InvalidOperationException($"no demo customer left for a project in {plan.Unit}");
            taken.Add(customer.Id);
            var district = branchOf[customer.UnitId][..2].ToLowerInvariant();
            var owner = userIds["demo-handler-" + district];
            var run = new ProjectRun(db, organisationId, plan, customer, owner, new CaseActor(owner, names.GetValueOrDefault(owner, string.Empty)),
                rules, categories, causes, random, now);
            await run.PlayAsync(ct);
            db.ChangeTracker.Clear();
        }
        return Plans.Length;
    }

    private sealed record Candidate(Guid Id, Guid UnitId, string Name, bool Answered);

    /// <summary>One project's life, played event by event in time order.</summary>
    private sealed class ProjectRun(
        ManyiDbContext db, Guid organisationId, Plan plan, Candidate customer, Guid ownerId, CaseActor owner, CaseRules rules,
        IReadOnlyDictionary<string, Guid> categories, IReadOnlyDictionary<string, Guid> causes, Random random, DateTimeOffset now)
    {
        private readonly PriorityQueue<Func<DateTimeOffset, CancellationToken, Task>, (DateTimeOffset At, int Seq)> _events = new();
        private readonly ProjectTemplate _template = ProjectTemplates.Find(plan.Template)!;
        private int _seq;
        private Guid _projectId;
        private bool _alertOpen;
        private bool _done;
        private int _stage;

        public async Task PlayAsync(CancellationToken ct)
        {
            var start = Day(now.AddDays(-plan.StartDaysAgo), 0, 9);
            var stageStarts = new List<DateTimeOffset> { start };
            foreach (var stage in _template.Stages)
            {
                stageStarts.Add(Day(stageStarts[^1], stage.Days + random.Next(0, 3), 16));
            }
            var cancelAt = plan.CancelDay is { } cancelDay ? Day(start, cancelDay, 15) : (DateTimeOffset?)null;
            var until = cancelAt ?? now.AddHours(-2);

            await CreateAsync(start, ct);
            for (var s = 0; s < _template.Stages.Count && stageStarts[s] < until; s++)
            {
                ScheduleStage(s, stageStarts[s], Min(stageStarts[s + 1], until));
                if (stageStarts[s + 1] < until)
                {
                    var index = s;
                    Schedule(stageStarts[s + 1], (at, c) => CloseStageAsync(index, at, c));
                }
            }
            if (cancelAt is { } cancel)
            {
                Schedule(cancel, CancelAsync);
            }
            while (_events.TryDequeue(out var action, out var key))
            {
                if (key.At >= now)
                {
                    continue;
                }
                await action(key.At, ct);
                db.ChangeTracker.Clear();
            }
        }

        private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

        /// <summary>A working day <paramref name="days"/> after <paramref name="from"/>, at <paramref name="hour"/> o'clock China time.</summary>
        private static DateTimeOffset Day(DateTimeOffset from, double days, int hour)
        {
            var date = from.AddDays(days).UtcDateTime.Date;
            while (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                date = date.AddDays(1);
            }
            return new DateTimeOffset(date.AddHours(hour - 8), TimeSpan.Zero);
        }

        private void Schedule(DateTimeOffset at, Func<DateTimeOffset, CancellationToken, Task> action)
        {
            // Distinct instants keep the order of readings unambiguous.
            _seq++;
            _events.Enqueue(action, (at.AddSeconds(_seq), _seq));
        }

        private bool InTrouble(int stage, double day) =>
            plan.Trouble is { } t && t.Stage == stage && day >= t.FromDay && (t.ToDay is null || day < t.ToDay);

        /// <summary>Readings, complaints and check-ins of a stage between its start and its end (or now).</summary>
        private void ScheduleStage(int s, DateTimeOffset from, DateTimeOffset to)
        {
            var stage = _template.Stages[s];
            var days = (to - from).TotalDays;
            foreach (var factor in stage.Factors)
            {
                var (every, first) = factor.Source switch
                {
                    FactorSource.Milestones => (20, 10),
                    FactorSource.Manual => (28, 18),
                    FactorSource.Pulse => (30, 24),
                    _ => (0, 0),
                };
                for (var d = first; every > 0 && d < days - 1; d += every + random.Next(-2, 3))
                {
                    var key = factor.Key;
                    var source = factor.Source;
                    var bad = InTrouble(s, d);
                    var value = Raw(source, bad);
                    Schedule(Day(from, d, 10 + random.Next(0, 6)), (at, c) => _stage == s ? ReadAsync(key, source, value, at, c) : Task.CompletedTask);
                    if (bad && d + 6 < days - 1)
                    {
                        // In a trouble spell the owner checks more often, and hears the same.
                        var again = Raw(source, bad: true);
                        Schedule(Day(from, d + 6, 11), (at, c) => _stage == s ? ReadAsync(key, source, again, at, c) : Task.CompletedTask);
                    }
                }
            }
            // Complaints of the customer: now and then in good times, every week or so in a trouble spell.
            for (var d = 4.0; d < days - 1; d += 7)
            {
                var bad = InTrouble(s, d);
                if (random.NextDouble() < (bad ? 0.75 : 0.1))
                {
                    var complaint = Complaints[random.Next(Complaints.Length)];
                    var slow = bad && random.NextDouble() < 0.8;
                    var respondHours = slow ? 24 * random.Next(1, 3) + random.Next(1, 4) : random.Next(1, 4) + random.NextDouble();
                    var resolveDays = random.Next(2, 6) + (slow ? 4 : 0);
                    Schedule(Day(from, d + random.Next(0, 3), 10 + random.Next(0, 4)),
                        (at, c) => ComplaintAsync(complaint.Category, complaint.Subject, respondHours, resolveDays, at, c));
                }
            }
            // Check-ins: mid-quarter in a key-account year, twice in an implementation's delivery stage.
            var checkIns = plan.Template == Year ? new[] { 45 } : stage.Key == "delivery" ? [30, 60] : [];
            foreach (var d in checkIns.Where(d => d < days - 1))
            {
                Schedule(Day(from, d, 15), (at, c) => _stage == s ? CheckInAsync(at, c) : Task.CompletedTask);
            }
        }

        private double Raw(FactorSource source, bool bad)
        {
            var u = random.NextDouble();
            return (source, bad) switch
            {
                (FactorSource.Milestones, false) => u < 0.85 ? 1 : 0.75,
                (FactorSource.Milestones, true) => u < 0.6 ? 0 : 0.5,
                (_, false) => u < 0.55 ? 5 : 4,
                (_, true) => u < 0.6 ? 2 : u < 0.8 ? 1 : 3,
            };
        }

        private async Task CreateAsync(DateTimeOffset at, CancellationToken ct)
        {
            var nameZh = customer.Name.Split(" (", 2)[0];
            var input = new ProjectInput
            {
                Name = $"{nameZh} {plan.TitleZh} ({plan.TitleEn})",
                CustomerId = customer.Id,
                UnitId = customer.UnitId,
                OwnerId = ownerId,
                TemplateKey = plan.Template,
                BaselineSource = plan.Baseline,
                BaselineValue = plan.Baseline is BaselineSource.OpeningSurvey or BaselineSource.Manual ? 74 + random.Next(0, 9) : null,
                BaselineNote = plan.Baseline switch
                {
                    BaselineSource.OpeningSurvey => "项目启动满意度调查 (opening survey at the kick-off meeting)",
                    BaselineSource.Manual => "参照同类项目经验设定 (set from similar projects)",
                    _ => null,
                },
                StartedAt = at,
            };
            _projectId = await Engine.CreateAsync(db, organisationId, input, owner, at, ct);
        }

        private async Task ReadAsync(string key, FactorSource source, double value, DateTimeOffset at, CancellationToken ct)
        {
            if (_done)
            {
                return;
            }
            var note = source == FactorSource.Manual
                ? value >= 4 ? "客户对接人反馈良好 (customer contact pleased)" : "客户对接人表示不满 (customer contact unhappy)"
                : null;
            await Engine.ReadAsync(db, organisationId, _projectId, new ReadingInput { FactorKey = key, Value = value, ObservedAt = at, Note = note }, owner, at, ct);
            await AfterChangeAsync(at, ct);
        }

        private async Task ComplaintAsync(string category, string subject, double respondHours, int resolveDays, DateTimeOffset at, CancellationToken ct)
        {
            if (_done)
            {
                return;
            }
            var opened = await CaseIntake.OpenAsync(db, organisationId, new NewCase
            {
                Kind = CaseKind.Complaint,
                Channel = random.NextDouble() < 0.6 ? "phone" : "visit",
                CategoryId = categories[category],
                CustomerId = customer.Id,
                UnitId = customer.UnitId,
                Subject = subject,
                OwnerId = ownerId,
                ReceivedAt = at,
            }, rules, owner, at, ct);
            // The intake derives the project's Issues reading from the new complaint (ProjectMonitor.CaseOpenedAsync).
            await db.SaveChangesAsync(ct);
            var caseId = opened.Id;
            await AfterChangeAsync(at, ct);
            Schedule(at.AddHours(respondHours), async (t, c) =>
            {
                var @case = await db.Cases.SingleAsync(x => x.Id == caseId, c);
                var change = @case.Respond(owner, t, "已电话联系客户 (called the customer)");
                db.CaseEvents.AddRange(change.Events);
                await Engine.CaseRespondedAsync(db, @case, rules, t, c);
                await db.SaveChangesAsync(c);
                await AfterChangeAsync(t, c);
            });
            Schedule(Day(at, resolveDays, 16), async (t, c) =>
            {
                var @case = await db.Cases.SingleAsync(x => x.Id == caseId, c);
                if (@case.Status != CaseStatus.InProgress)
                {
                    return;
                }
                var cause = category.StartsWith("business", StringComparison.Ordinal) ? "system.process" : category.StartsWith("attitude", StringComparison.Ordinal) ? "people.responsibility" : "system.coordination";
                var resolved = await CaseIntake.ResolveAsync(db, @case, "已整改并向客户说明 (fixed and explained to the customer)", causes[cause], rules, owner, t, c);
                if (!resolved.Refused)
                {
                    Schedule(t.AddDays(2), (t2, c2) => FollowUpAsync(caseId, t2, c2));
                }
                await db.SaveChangesAsync(c);
            });
        }

        private async Task FollowUpAsync(Guid caseId, DateTimeOffset at, CancellationToken ct)
        {
            var @case = await db.Cases.SingleAsync(x => x.Id == caseId, ct);
            if (@case.Status == CaseStatus.Resolved)
            {
                await CaseIntake.FollowUpAsync(db, @case, true, FollowUpSatisfaction.Satisfied, "客户认可处理结果 (customer accepts the outcome)",
                    FollowUpMethod.Call, rules, owner, at, ct);
                await db.SaveChangesAsync(ct);
            }
        }

        /// <summary>Follows the alert: the owner answers a new recovery case and acts; once cleared, resolves it with a note.</summary>
        private async Task AfterChangeAsync(DateTimeOffset at, CancellationToken ct)
        {
            // The engine's command left the project tracked and saved; a derived reading may not have, so then ask.
            var openAlertId = db.ServiceProjects.Local.FirstOrDefault(p => p.Id == _projectId) is { } tracked
                ? tracked.OpenAlertId
                : await db.ServiceProjects.AsNoTracking().Where(p => p.Id == _projectId).Select(p => p.OpenAlertId).SingleAsync(ct);
            if (openAlertId is { } alertId && !_alertOpen)
            {
                _alertOpen = true;
                var caseId = await db.MonitoringAlerts.AsNoTracking().Where(a => a.Id == alertId).Select(a => a.CaseId).SingleAsync(ct);
                if (caseId is { } id)
                {
                    Schedule(at.AddHours(2), async (t, c) =>
                    {
                        var @case = await db.Cases.SingleAsync(x => x.Id == id, c);
                        db.CaseEvents.AddRange(@case.Respond(owner, t, "已致电客户负责人了解情况 (called the customer's lead)").Events);
                        await db.SaveChangesAsync(c);
                    });
                    var action = RecoveryActions[random.Next(RecoveryActions.Length)];
                    Schedule(Day(at, 2, 11), async (t, c) =>
                    {
                        var @case = await db.Cases.SingleAsync(x => x.Id == id, c);
                        db.CaseEvents.AddRange(@case.Note(action, owner, t).Events);
                        await db.SaveChangesAsync(c);
                    });
                }
            }
            else if (openAlertId is null && _alertOpen)
            {
                _alertOpen = false;
                var caseId = await db.MonitoringAlerts.AsNoTracking().Where(a => a.ProjectId == _projectId && a.ClearedAt != null)
                    .OrderByDescending(a => a.ClearedAt).Select(a => a.CaseId).FirstAsync(ct);
                if (caseId is { } id)
                {
                    Schedule(Day(at, 1, 16), async (t, c) =>
                    {
                        var @case = await db.Cases.SingleAsync(x => x.Id == id, c);
                        await CaseIntake.ResolveAsync(db, @case, "整改完成，客户满意度回升到预警线以上 (fixes done; satisfaction back above the warning level)",
                            causes["system.coordination"], rules, owner, t, c);
                        await db.SaveChangesAsync(c);
                        Schedule(t.AddDays(3), (t2, c2) => FollowUpAsync(id, t2, c2));
                    });
                }
            }
        }

        /// <summary>
        /// The customer's actual satisfaction now: what the smoothed factor scores say under the weights this customer really
        /// cares about (response time and the relationship count for more than configured), plus a little noise; lower in trouble.
        /// </summary>
        private async Task<double> ActualAsync(DateTimeOffset at, CancellationToken ct)
        {
            var stage = await db.ProjectStages.AsNoTracking().Where(s => s.ProjectId == _projectId && s.Status == StageStatus.Active).SingleAsync(ct);
            var readings = await db.MonitoringReadings.AsNoTracking().Where(r => r.ProjectId == _projectId)
                .Select(r => new { r.FactorKey, r.RecordedAt, r.SmoothedScore }).ToListAsync(ct);
            var latest = readings.GroupBy(r => r.FactorKey, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.MaxBy(r => r.RecordedAt)!.SmoothedScore, StringComparer.Ordinal);
            double Tilt(StageFactor f) => f.Source switch
            {
                FactorSource.ResponseTime => 1.8,
                FactorSource.Manual => 1.5,
                FactorSource.Milestones => 0.6,
                _ => 1,
            };
            var total = stage.Factors.Sum(f => f.Weight * Tilt(f));
            var value = stage.Factors.Sum(f => f.Weight * Tilt(f) / total * latest.GetValueOrDefault(f.Key, stage.Baseline));
            var trouble = InTrouble(stage.Index, (at - (stage.StartedAt ?? at)).TotalDays) ? -3 : 0;
            var noise = (random.NextDouble() - 0.5) * 3;
            return Math.Round(Math.Clamp(value + trouble + noise, 0, 100), 1);
        }

        private async Task CheckInAsync(DateTimeOffset at, CancellationToken ct)
        {
            if (_done)
            {
                return;
            }
            var actual = await ActualAsync(at, ct);
            await Engine.CheckInAsync(db, organisationId, _projectId,
                new ActualInput { Value = actual, Note = "阶段中期脉搏调查 (mid-stage pulse survey)" }, owner, at, ct);
        }

        private async Task CloseStageAsync(int index, DateTimeOffset at, CancellationToken ct)
        {
            if (_done)
            {
                return;
            }
            // Some stage-end surveys are on a 1–5 scale, the others give the 0–100 result.
            var actual = await ActualAsync(at, ct);
            var input = index % 2 == 1
                ? new ActualInput { Value = Math.Round(1 + (actual / 25), 1), ScaleMin = 1, ScaleMax = 5, Note = "阶段末客户满意度调查 1–5 分 (stage-end survey, 1–5)" }
                : new ActualInput { Value = actual, Note = "阶段末客户满意度调查 (stage-end survey, 0–100)" };
            await Engine.CloseStageAsync(db, organisationId, _projectId, input, owner, at, ct);
            _stage++;
            await AfterChangeAsync(at, ct);
        }

        private async Task CancelAsync(DateTimeOffset at, CancellationToken ct)
        {
            await Engine.CancelAsync(db, organisationId, _projectId, new CancelInput { Note = "客户厂区整体搬迁，项目终止 (customer moves the plant; project stopped)" }, owner, at, ct);
            _done = true;
        }
    }

    /// <summary>The calls into <see cref="ProjectMonitor"/>; a refusal here is a bug of the demo, so it throws.</summary>
    private static class Engine
    {
        private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

        /// <summary>Creates the project; a customer whose history holds no answers before the start takes its segment's mean, then a manual baseline.</summary>
        public static async Task<Guid> CreateAsync(ManyiDbContext db, Guid organisationId, ProjectInput input, CaseActor actor, DateTimeOffset now, CancellationToken ct)
        {
            var outcome = await ProjectMonitor.CreateAsync(db, organisationId, null, actor, input, Chinese, now, ct);
            if (outcome.Errors?.ContainsKey("baselineSource") == true && input.BaselineSource == BaselineSource.CustomerHistory)
            {
                outcome = await ProjectMonitor.CreateAsync(db, organisationId, null, actor, input with { BaselineSource = BaselineSource.Segment }, Chinese, now, ct);
            }
            if (outcome.Errors?.ContainsKey("baselineSource") == true)
            {
                outcome = await ProjectMonitor.CreateAsync(db, organisationId, null, actor,
                    input with { BaselineSource = BaselineSource.Manual, BaselineValue = 78, BaselineNote = "参照同类项目经验设定 (set from similar projects)" }, Chinese, now, ct);
            }
            return Check(outcome, "create").Id;
        }

        public static async Task ReadAsync(ManyiDbContext db, Guid organisationId, Guid projectId, ReadingInput input, CaseActor actor, DateTimeOffset now, CancellationToken ct) =>
            Check(await ProjectMonitor.RecordReadingAsync(db, organisationId, null, actor, projectId, input, now, ct), "reading");

        public static Task CaseRespondedAsync(ManyiDbContext db, Case @case, CaseRules rules, DateTimeOffset now, CancellationToken ct) =>
            ProjectMonitor.CaseRespondedAsync(db, @case, rules, now, ct);

        public static async Task CheckInAsync(ManyiDbContext db, Guid organisationId, Guid projectId, ActualInput input, CaseActor actor, DateTimeOffset now, CancellationToken ct) =>
            Check(await ProjectMonitor.CheckInAsync(db, organisationId, null, actor, projectId, input, now, ct), "check-in");

        public static async Task CloseStageAsync(ManyiDbContext db, Guid organisationId, Guid projectId, ActualInput input, CaseActor actor, DateTimeOffset now, CancellationToken ct) =>
            Check(await ProjectMonitor.CloseStageAsync(db, organisationId, null, actor, projectId, input, now, ct), "stage close");

        public static async Task CancelAsync(ManyiDbContext db, Guid organisationId, Guid projectId, CancelInput input, CaseActor actor, DateTimeOffset now, CancellationToken ct) =>
            Check(await ProjectMonitor.CancelAsync(db, organisationId, null, actor, projectId, input, now, ct), "cancel");

        private static T Check<T>(MonitorOutcome<T> outcome, string what)
            where T : class =>
            outcome.Value ?? throw new InvalidOperationException(
                $"demo monitoring: {what} refused: {outcome.Conflict ?? (outcome.Missing ? "not found" : string.Join("; ", outcome.Errors?.Select(e => e.Key + ": " + string.Join(", ", e.Value)) ?? []))}");
    }
}
