using System.Globalization;
using Manyi.Core.Cases;
using Manyi.Core.Collection;
using Manyi.Core.Customers;
using Manyi.Core.Jobs;
using Manyi.Core.Organisations;
using Manyi.Core.Surveys;
using Manyi.Data;
using Manyi.Web.Features.Cases;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Demo;

/// <summary>
/// The demo's closed loop (issue 6): the shipped case configuration, alert rules on the demo waves, and a year of cases (about
/// 2,000) across the branches, each with a life built through the <see cref="Case"/> methods so that its history is real: received
/// → responded → checklist → sometimes handed over or paused → resolved with a root cause → follow-up → closed; some first
/// responses and resolutions late (breach and escalation events at the due minute, as the case clock records them), some
/// follow-ups not satisfied (reopened one level up and resolved again), repeated complaints, alerts from real low-CSAT answers, and
/// about 30 cases still open now with the demo handlers. Complainants whose case went badly are more often Lost. Deterministic
/// (seed <see cref="DemoPlan.Seed"/> + 6) apart from ids and the current time.
/// </summary>
public static class DemoCases
{
    /// <summary>Cases received by phone, counter, app… over the year (alerts and the open cases of now come on top).</summary>
    public const int RandomCases = 1_800;

    /// <summary>Cases deliberately still open now, shared round-robin by the three demo handlers.</summary>
    public const int OpenCases = 30;

    private const int BatchSize = 400;

    private static readonly (string Code, double Weight)[] CategoryWeights =
    [
        ("reliability.planned-outage", 8), ("reliability.fault-outage", 14), ("reliability.frequent-outage", 8), ("reliability.voltage", 5),
        ("safety", 4),
        ("billing.dispute", 13), ("billing.payment-channels", 7), ("billing.invoice", 5),
        ("information.outage-notice", 6), ("information.policy", 2),
        ("business.new-connection", 5), ("business.transfer", 3), ("business.time-limit", 4),
        ("channels.hotline", 3), ("channels.counter", 3), ("channels.app", 2),
        ("attitude.manner", 4), ("attitude.standards", 2), ("attitude.integrity", 1),
    ];

    private static readonly (string Channel, double Weight)[] ChannelWeights =
        [("phone", 55), ("app", 15), ("counter", 12), ("web", 6), ("email", 4), ("social", 3), ("visit", 3), ("letter", 2)];

    private static readonly (CasePriority Priority, double Weight)[] PriorityWeights =
        [(CasePriority.Urgent, 5), (CasePriority.High, 20), (CasePriority.Normal, 60), (CasePriority.Low, 15)];

    /// <summary>Likely root causes per top-level category (leaf codes of <see cref="CaseDefaults.RootCauses"/>).</summary>
    private static readonly Dictionary<string, string[]> CausesByTop = new(StringComparer.Ordinal)
    {
        ["reliability"] = ["value.capacity", "value.quality", "value.quality", "system.coordination"],
        ["safety"] = ["value.quality", "people.responsibility"],
        ["billing"] = ["value.price", "system.it", "system.process", "people.skill"],
        ["information"] = ["system.process", "people.communication", "system.rules"],
        ["business"] = ["system.process", "system.process", "people.responsibility", "system.coordination"],
        ["channels"] = ["system.it", "people.attitude", "system.process"],
        ["attitude"] = ["people.attitude", "people.attitude", "people.communication", "people.responsibility"],
    };

    private static readonly Dictionary<string, string[]> Subjects = new(StringComparer.Ordinal)
    {
        ["reliability.planned-outage"] = ["计划停电时间过长 (Planned outage took too long)", "计划停电未按时恢复供电 (Power not back on time after planned work)"],
        ["reliability.fault-outage"] = ["故障停电抢修慢 (Slow repair after a fault)", "夜间突然停电 (Sudden outage at night)", "雷雨后线路故障停电 (Outage after a thunderstorm)"],
        ["reliability.frequent-outage"] = ["小区频繁停电 (Frequent outages in the estate)", "一周内多次停电 (Several outages in one week)"],
        ["reliability.voltage"] = ["电压偏低空调无法启动 (Low voltage, air conditioner will not start)", "电压不稳灯光闪烁 (Unstable voltage, lights flicker)"],
        ["safety"] = ["电线杆倾斜存在安全隐患 (Leaning pole is a hazard)", "配电箱门损坏 (Damaged distribution box door)", "树枝触碰高压线 (Branches touching a power line)"],
        ["billing.dispute"] = ["本月电费异常偏高 (This month's bill is unusually high)", "对阶梯电价计费有疑问 (Question about tiered tariff billing)", "电表读数与账单不符 (Meter reading does not match the bill)"],
        ["billing.payment-channels"] = ["线上缴费未到账 (Online payment not credited)", "自动扣费失败 (Direct debit failed)"],
        ["billing.invoice"] = ["无法开具电子发票 (Cannot get an e-invoice)", "发票抬头错误 (Wrong name on the invoice)"],
        ["information.outage-notice"] = ["停电前未收到通知 (No notice before the outage)", "停电通知时间不准确 (Outage notice had the wrong time)"],
        ["information.policy"] = ["峰谷电价政策咨询 (Question about time-of-use tariffs)", "新能源车充电电价咨询 (EV charging tariff question)"],
        ["business.new-connection"] = ["新装电表进度慢 (New meter installation is slow)", "增容申请无人跟进 (Capacity increase request not followed up)"],
        ["business.transfer"] = ["过户手续繁琐 (Transfer of account is complicated)", "更名需要重复提交材料 (Name change needs the same papers twice)"],
        ["business.time-limit"] = ["业务办理超过承诺时限 (Request took longer than promised)"],
        ["channels.hotline"] = ["95598 热线长时间无人接听 (95598 hotline not answered)", "热线转接多次仍未解决 (Transferred several times on the hotline)"],
        ["channels.counter"] = ["营业厅排队时间过长 (Long queue at the service hall)", "营业厅午休不办理业务 (Service hall closed at lunch time)"],
        ["channels.app"] = ["网上国网 App 无法登录 (Cannot log in to the app)", "App 显示电费与实际不符 (App shows a different bill)"],
        ["attitude.manner"] = ["工作人员态度冷淡 (Staff were unfriendly)", "抄表员态度粗暴 (Meter reader was rude)"],
        ["attitude.standards"] = ["上门服务未出示工作证 (No ID shown on a home visit)", "施工后未清理现场 (Site not cleaned after work)"],
        ["attitude.integrity"] = ["反映工作人员索要好处 (Report of staff asking for favours)"],
    };

    private static readonly Dictionary<string, string[]> Resolutions = new(StringComparer.Ordinal)
    {
        ["reliability"] = ["已安排抢修恢复供电并更换老化设备 (Power restored, worn equipment replaced)", "已调整检修计划并向客户说明 (Maintenance plan adjusted and explained)"],
        ["safety"] = ["已现场消除隐患 (Hazard removed on site)"],
        ["billing"] = ["已核实抄表数据并更正账单 (Reading checked, bill corrected)", "已解释计费规则，客户认可 (Tariff explained, customer agreed)"],
        ["information"] = ["已补发通知并改进通知流程 (Notice resent, notice process improved)", "已电话告知相关政策 (Policy explained by phone)"],
        ["business"] = ["已加急办理完毕 (Request completed with priority)", "已简化材料并完成办理 (Papers reduced, request completed)"],
        ["channels"] = ["已修复系统问题并回复客户 (System fixed, customer informed)", "已增加窗口并致歉 (Counters added, apology given)"],
        ["attitude"] = ["已对相关人员批评教育并致歉 (Staff member coached, apology given)"],
    };

    private static readonly string[] HandOverReasons =
        ["属地转办：客户属于其他供电区 (Transferred to the customer's district)", "需要属地客户经理现场处理 (Needs the local account manager on site)"];

    /// <summary>Writes configuration, alert rules and the year of cases; call inside the demo transaction after the surveys.</summary>
    public static async Task<int> WriteAsync(ManyiDbContext db, Guid organisationId, IReadOnlyDictionary<string, Guid> unitIds, IReadOnlyDictionary<string, Guid> userIds,
        DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(unitIds);
        ArgumentNullException.ThrowIfNull(userIds);
        now = now.ToUniversalTime();
        await CaseDefaults.ApplyAsync(db, organisationId, ct);
        db.ChangeTracker.Clear();
        var rules = await CaseRules.LoadAsync(db, organisationId, ct);
        var categories = await db.CaseCategories.AsNoTracking().Where(c => c.OrganisationId == organisationId).ToDictionaryAsync(c => c.Code, c => c.Id, StringComparer.Ordinal, ct);
        var causes = await db.RootCauses.AsNoTracking().Where(c => c.OrganisationId == organisationId).ToDictionaryAsync(c => c.Code, c => c.Id, StringComparer.Ordinal, ct);
        var names = await db.Users.AsNoTracking().Where(u => u.OrganisationId == organisationId).Select(u => new { u.Id, u.DisplayName, u.Role, u.CreatedAt }).ToListAsync(ct);

        var random = new Random(DemoPlan.Seed + 6);
        var alertRules = await WriteAlertRulesAsync(db, organisationId, categories, now, ct);

        // The three demo handlers by district; branches by district.
        var districts = new[] { "SH", "JS", "ZJ" };
        var handlers = districts.Select(d => userIds.TryGetValue("demo-handler-" + d.ToLowerInvariant(), out var id) ? id : Guid.Empty).ToArray();
        if (handlers.Any(h => h == Guid.Empty))
        {
            return 0;
        }
        var actors = handlers.Select(h => new CaseActor(h, names.First(n => n.Id == h).DisplayName)).ToArray();
        var branchDistrict = DemoPlan.Units.Where(u => u.Kind == UnitKind.Branch).ToDictionary(u => unitIds[u.Code], u => Array.IndexOf(districts, u.ParentCode));
        var customers = await db.Customers.AsNoTracking().Where(c => c.OrganisationId == organisationId).OrderBy(c => c.Code)
            .Select(c => new DemoCaseCustomer(c.Id, c.UnitId)).ToListAsync(ct);
        var customersByDistrict = districts.Select((_, d) => customers.Where(c => branchDistrict.GetValueOrDefault(c.UnitId, -1) == d).ToArray()).ToArray();
        var leafCodes = CategoryWeights.Where(w => categories.ContainsKey(w.Code)).ToArray();
        var categoryTotal = leafCodes.Sum(w => w.Weight);

        var sims = new List<CaseSim>();
        var index = 0;

        // 1. Alerts from real answers: completed demo responses with overall CSAT ≤ 2, at least two days old. The newer ones are the
        // case clock's: its alert scan starts two days back (the cursor written here), so they become today's open alert cases.
        // The clock of the running host may have written its lease during the fill already (PostgreSQL lets it commit beside
        // the fill's transaction): then only its cursor is moved. Saved at once so that the window for such a race stays short.
        var cursor = now.AddDays(-2).ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        if (await db.JobLeases.AnyAsync(l => l.Name == CaseClock.LeaseName, ct))
        {
            await db.JobLeases.Where(l => l.Name == CaseClock.LeaseName).ExecuteUpdateAsync(u => u.SetProperty(l => l.Cursor, cursor), ct);
        }
        else
        {
            db.JobLeases.Add(new JobLease { Name = CaseClock.LeaseName, ExpiresAt = now, Cursor = cursor });
            await db.SaveChangesAsync(ct);
        }
        var csatRule = alertRules.FirstOrDefault(r => r.Kind == AlertRuleKind.CsatAtMost);
        if (csatRule is not null)
        {
            var responses = await db.Responses.AsNoTracking()
                .Where(r => r.OrganisationId == organisationId && r.Status == ResponseStatus.Complete && r.SubmittedAt != null)
                .Select(r => new { r.Id, r.WaveId, r.UnitId, r.CustomerId, r.SubmittedAt, r.Answers }).ToListAsync(ct);
            foreach (var r in responses.OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id))
            {
                if (r.SubmittedAt!.Value > now.AddDays(-2) || r.SubmittedAt.Value < now.AddDays(-365) || !branchDistrict.TryGetValue(r.UnitId ?? Guid.Empty, out var district)
                    || !r.Answers.TryGetValue(csatRule.QuestionCode ?? "overall", out var text) || !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var score) || score > 2)
                {
                    continue;
                }
                // The category of the indicator the customer scored lowest.
                var lowest = CausesByTop.Keys.Where(k => r.Answers.ContainsKey(k))
                    .OrderBy(k => int.TryParse(r.Answers[k], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 99).ThenBy(k => k, StringComparer.Ordinal).FirstOrDefault() ?? "reliability";
                var leaf = CategoryWeights.Where(w => w.Code == lowest || w.Code.StartsWith(lowest + ".", StringComparison.Ordinal)).Select(w => w.Code).FirstOrDefault() ?? "reliability.fault-outage";
                sims.Add(new CaseSim
                {
                    Index = index++, Kind = CaseKind.Alert, Channel = "survey", Priority = csatRule.Priority, CategoryCode = leaf,
                    CustomerId = r.CustomerId, UnitId = r.UnitId!.Value, District = district, ReceivedAt = r.SubmittedAt.Value.ToUniversalTime(),
                    ResponseId = r.Id, WaveId = r.WaveId, AlertRuleId = csatRule.Id,
                    Subject = string.Create(CultureInfo.InvariantCulture, $"满意度调查低分预警：总体满意度 {score} 分 (Survey alert: overall CSAT {score})"),
                });
            }
        }

        // 2. The year's cases from every channel.
        for (var i = 0; i < RandomCases; i++)
        {
            var received = ReceivedAt(random, now);
            var kindDraw = random.NextDouble();
            var kind = kindDraw < 0.76 ? CaseKind.Complaint : kindDraw < 0.91 ? CaseKind.Enquiry : CaseKind.Suggestion;
            var district = random.Next(districts.Length);
            var pool = customersByDistrict[district];
            var customer = pool[random.Next(pool.Length)];
            var code = leafCodes[Pick(random, leafCodes.Select(w => w.Weight).ToArray(), categoryTotal)].Code;
            var priority = PriorityWeights[Pick(random, PriorityWeights.Select(w => w.Weight).ToArray(), 100)].Priority;
            if (code == "safety" && priority < CasePriority.High)
            {
                priority = CasePriority.High;
            }
            sims.Add(new CaseSim
            {
                Index = index++, Kind = kind, Channel = ChannelWeights[Pick(random, ChannelWeights.Select(w => w.Weight).ToArray(), 100)].Channel,
                Priority = kind == CaseKind.Complaint ? priority : CasePriority.Low + random.Next(2), CategoryCode = code,
                CustomerId = kind == CaseKind.Complaint || random.NextDouble() < 0.8 ? customer.Id : null, UnitId = customer.UnitId, District = district,
                ReceivedAt = received, Subject = Subjects[code][random.Next(Subjects[code].Length)],
            });
        }

        // 3. The cases still open now: New, in progress, waiting for the customer, overdue.
        for (var k = 0; k < OpenCases; k++)
        {
            var district = k % districts.Length;
            var pool = customersByDistrict[district];
            var customer = pool[random.Next(pool.Length)];
            var code = leafCodes[Pick(random, leafCodes.Select(w => w.Weight).ToArray(), categoryTotal)].Code;
            var stage = (OpenStage)(k % 5);
            var hoursAgo = stage switch
            {
                OpenStage.New => 1 + random.Next(20),
                OpenStage.Responded => 24 + random.Next(48),
                OpenStage.Working => 24 + random.Next(72),
                OpenStage.Waiting => 48 + random.Next(96),
                _ => 24 * (12 + random.Next(10)),
            };
            sims.Add(new CaseSim
            {
                Index = index++, Kind = CaseKind.Complaint, Channel = "phone", Priority = stage == OpenStage.Overdue ? CasePriority.High : CasePriority.Normal,
                CategoryCode = code, CustomerId = customer.Id, UnitId = customer.UnitId, District = district, ReceivedAt = now.AddHours(-hoursAgo),
                Subject = Subjects[code][random.Next(Subjects[code].Length)], Open = stage,
            });
        }

        // Live every case in the order received, so that repeats find the earlier complaint as it stood then.
        sims.Sort((a, b) => a.ReceivedAt != b.ReceivedAt ? a.ReceivedAt.CompareTo(b.ReceivedAt) : a.Index.CompareTo(b.Index));
        var complaints = new List<CaseSim>();
        foreach (var sim in sims)
        {
            if (sim.Kind == CaseKind.Complaint && sim.Open is null && random.NextDouble() < 0.06)
            {
                var earlier = complaints.Where(c => c.ReceivedAt >= sim.ReceivedAt.AddDays(-rules.Settings.RepeatWindowDays) && c.CustomerId is not null).TakeLast(20).ToList();
                if (earlier.Count > 0)
                {
                    var first = earlier[random.Next(earlier.Count)];
                    sim.RepeatOf = first;
                    sim.CustomerId = first.CustomerId;
                    sim.UnitId = first.UnitId;
                    sim.District = first.District;
                    sim.CategoryCode = first.CategoryCode;
                    sim.Subject = "再次投诉：" + first.Subject;
                }
            }
            Live(sim, organisationId, random, rules, categories, causes, actors, now);
            if (sim.Kind == CaseKind.Complaint)
            {
                complaints.Add(sim);
            }
        }

        // Write in batches: cases, then their history.
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var batch in sims.Chunk(BatchSize))
            {
                db.Cases.AddRange(batch.Select(s => s.Case!));
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                db.CaseEvents.AddRange(batch.SelectMany(s => s.Events));
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }

        // Retention: complainants whose case went badly (late or reopened) are lost far more often than those served well.
        var lost = new HashSet<Guid>();
        foreach (var group in sims.Where(s => s.Kind is CaseKind.Complaint or CaseKind.Alert && s.CustomerId is not null && s.Case!.Status is CaseStatus.Resolved or CaseStatus.Closed).GroupBy(s => s.CustomerId!.Value).OrderBy(g => g.Key))
        {
            var badly = group.Any(s => s.Breached || s.Case!.ReopenCount > 0);
            if (random.NextDouble() < (badly ? 0.35 : 0.04))
            {
                lost.Add(group.Key);
            }
        }
        foreach (var chunk in lost.Order().Chunk(500))
        {
            var ids = chunk.ToList();
            await db.Customers.Where(c => c.OrganisationId == organisationId && ids.Contains(c.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CustomerStatus.Lost), ct);
        }
        return sims.Count;
    }

    /// <summary>The demo alert rules: NPS detractor (any NPS question), overall CSAT ≤ 2 on each demo wave, negative keywords in open answers.</summary>
    private static async Task<List<AlertRule>> WriteAlertRulesAsync(ManyiDbContext db, Guid organisationId, Dictionary<string, Guid> categories, DateTimeOffset now, CancellationToken ct)
    {
        var waves = await db.Waves.AsNoTracking().Where(w => w.OrganisationId == organisationId).OrderBy(w => w.OpensAt)
            .Select(w => new { w.Id, w.QuestionnaireVersionId }).ToListAsync(ct);
        var versionIds = waves.Select(w => w.QuestionnaireVersionId).Distinct().ToList();
        var definitions = await db.QuestionnaireVersions.AsNoTracking().Where(v => versionIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, v => v.Definition, ct);
        var rules = new List<AlertRule>();
        foreach (var wave in waves)
        {
            var questions = definitions.TryGetValue(wave.QuestionnaireVersionId, out var d) ? d.Questions.ToList() : [];
            if (questions.FirstOrDefault(q => q.Type == QuestionType.Nps) is { } nps)
            {
                rules.Add(new AlertRule
                {
                    Id = Guid.CreateVersion7(), OrganisationId = organisationId, Name = "NPS 贬损者 (NPS detractor)", Kind = AlertRuleKind.NpsDetractor, WaveId = wave.Id,
                    QuestionCode = nps.Code, Priority = CasePriority.High, CreatedAt = now,
                });
            }
            if (questions.FirstOrDefault(q => q.Type == QuestionType.Csat) is { } csat)
            {
                rules.Add(new AlertRule
                {
                    Id = Guid.CreateVersion7(), OrganisationId = organisationId, Name = "总体满意度 ≤ 2 (Overall CSAT ≤ 2)", Kind = AlertRuleKind.CsatAtMost, WaveId = wave.Id,
                    QuestionCode = csat.Code, Threshold = 2, Priority = CasePriority.High, CreatedAt = now,
                });
            }
        }
        if (waves.Count == 0 || !rules.Any(r => r.Kind == AlertRuleKind.NpsDetractor))
        {
            rules.Add(new AlertRule
            {
                Id = Guid.CreateVersion7(), OrganisationId = organisationId, Name = "NPS 贬损者 (NPS detractor)", Kind = AlertRuleKind.NpsDetractor,
                Priority = CasePriority.High, CreatedAt = now,
            });
        }
        rules.Add(new AlertRule
        {
            Id = Guid.CreateVersion7(), OrganisationId = organisationId, Name = "负面关键词 (Negative keywords)", Kind = AlertRuleKind.NegativeKeywords,
            Keywords = ["太慢", "态度差", "不满意", "投诉", "排队时间长", "slow", "rude", "unhappy", "complain"],
            CategoryId = categories.TryGetValue("attitude.manner", out var manner) ? manner : null, Priority = CasePriority.Normal, CreatedAt = now,
        });
        db.AlertRules.AddRange(rules);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return rules;
    }

    /// <summary>Builds the case and lives its life up to now through the <see cref="Case"/> methods, recording every event.</summary>
    private static void Live(CaseSim sim, Guid organisationId, Random random, CaseRules rules, Dictionary<string, Guid> categories, Dictionary<string, Guid> causes, CaseActor[] handlers, DateTimeOffset now)
    {
        var calendar = rules.Calendar;
        var top = rules.TopLevel;
        var owner = handlers[sim.District];
        // 8 %: a handler of another district took the call and hands it over to the customer's district (首问负责 then 转办).
        var handOver = sim.Open is null && sim.Kind != CaseKind.Alert && random.NextDouble() < 0.08;
        var receiver = sim.Kind == CaseKind.Alert ? CaseActor.System : handOver ? handlers[(sim.District + 1 + random.Next(handlers.Length - 1)) % handlers.Length] : owner;
        var categoryId = categories[sim.CategoryCode];
        var c = new Case
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisationId,
            Number = string.Create(CultureInfo.InvariantCulture, $"C{sim.ReceivedAt.UtcDateTime:yyyyMMdd}-D{sim.Index:00000}"),
            Kind = sim.Kind,
            Channel = sim.Channel,
            Priority = sim.Priority,
            Status = CaseStatus.New,
            CategoryId = categoryId,
            CustomerId = sim.CustomerId,
            UnitId = sim.UnitId,
            Subject = sim.Subject,
            ReceivedBy = receiver.Id,
            ReceivedByName = receiver.Name,
            OwnerId = receiver.Id,
            ResponseId = sim.ResponseId,
            WaveId = sim.WaveId,
            AlertRuleId = sim.AlertRuleId,
            ExternalKey = string.Create(CultureInfo.InvariantCulture, $"demo-case:{sim.Index}"),
            ReceivedAt = sim.ReceivedAt,
            CreatedAt = sim.ReceivedAt,
            UpdatedAt = sim.ReceivedAt,
            Version = Guid.NewGuid(),
        };
        sim.Case = c;
        c.StartClock(rules.PolicyFor(categoryId, sim.Priority), calendar);
        sim.Last = sim.ReceivedAt;
        sim.Events.Add(c.Created(receiver, sim.ReceivedAt));
        if (sim.RepeatOf?.Case is { } earlier)
        {
            c.RepeatOfCaseId = earlier.Id;
            c.Level = Math.Min(sim.RepeatOf.LevelAt(sim.ReceivedAt), top);
            sim.Apply(c.Escalate(EscalationReason.RepeatedComplaint, top, receiver, sim.ReceivedAt));
        }
        if (sim.Open == OpenStage.New)
        {
            Advance(sim, now, top);
            return;
        }

        var firstTarget = c.FirstResponseTargetMinutes ?? 240;
        var late = random.NextDouble() < (sim.Open is null ? 0.1 : 0.0);
        var respondAt = calendar.AddBusinessMinutes(sim.ReceivedAt, firstTarget * (late ? 1.2 + random.NextDouble() * 1.5 : 0.1 + random.NextDouble() * 0.8));
        var worker = receiver.Id is null ? owner : receiver;
        if (!Step(sim, respondAt, now, top))
        {
            return;
        }
        if (c.OwnerId is null)
        {
            c.OwnerId = worker.Id; // working an unowned case makes the worker its owner
        }
        sim.Apply(c.Respond(worker, respondAt, "已联系客户 (customer contacted)"));
        foreach (var (step, minutes) in new[] { (CaseChecklist.ThankAndApologise, 1), (CaseChecklist.RecordKeyPoints, 4), (CaseChecklist.Listen, 9) })
        {
            if (!Step(sim, respondAt.AddMinutes(minutes), now, top))
            {
                return;
            }
            sim.Apply(c.Tick(step, true, worker, respondAt.AddMinutes(minutes)));
        }
        if (handOver)
        {
            var at = respondAt.AddMinutes(20 + random.Next(60));
            if (!Step(sim, at, now, top))
            {
                return;
            }
            sim.Apply(c.HandOver(owner.Id!.Value, owner.Name, HandOverReasons[random.Next(HandOverReasons.Length)], worker, at));
            worker = owner;
        }
        if (sim.Open == OpenStage.Responded)
        {
            Advance(sim, now, top);
            return;
        }
        var resolutionTarget = c.ResolutionTargetMinutes ?? 2250;
        if (sim.Open == OpenStage.Waiting || (sim.Open is null && random.NextDouble() < 0.15))
        {
            var pauseAt = calendar.AddBusinessMinutes(sim.Last, Math.Max(5, resolutionTarget * 0.15 * random.NextDouble()));
            if (!Step(sim, pauseAt, now, top))
            {
                return;
            }
            sim.Apply(c.Pause(worker, pauseAt, "等待客户提供材料 (waiting for the customer's papers)"));
            if (sim.Open == OpenStage.Waiting)
            {
                Advance(sim, now, top);
                return;
            }
            var resumeAt = calendar.AddBusinessMinutes(pauseAt, resolutionTarget * (0.1 + 0.5 * random.NextDouble()));
            if (!Step(sim, resumeAt, now, top))
            {
                return;
            }
            sim.Apply(c.Resume(calendar, worker, resumeAt, "客户已补充材料 (customer sent the papers)"));
        }
        if (sim.Open is OpenStage.Working or OpenStage.Overdue)
        {
            var actAt = sim.Last.AddMinutes(30);
            if (Step(sim, actAt, now, top))
            {
                sim.Apply(c.Tick(CaseChecklist.ActFast, true, worker, actAt));
            }
            Advance(sim, now, top);
            return;
        }

        // Resolve (8 % late), follow up, close; a dissatisfied follow-up reopens one level up and the case is resolved again.
        for (var round = 0; round < 2; round++)
        {
            var lateResolution = random.NextDouble() < 0.08;
            var resolveAt = calendar.AddBusinessMinutes(c.ClockStartedAt, resolutionTarget * (lateResolution ? 1.05 + random.NextDouble() : 0.1 + 0.85 * random.NextDouble()) + c.PausedMinutes);
            if (resolveAt <= sim.Last)
            {
                resolveAt = sim.Last.AddMinutes(15 + random.Next(120));
            }
            if (round == 0)
            {
                var actAt = sim.Last + ((resolveAt - sim.Last) / 2);
                if (!Step(sim, actAt, now, top))
                {
                    return;
                }
                sim.Apply(c.Tick(CaseChecklist.ActFast, true, worker, actAt));
            }
            if (!Step(sim, resolveAt, now, top))
            {
                return;
            }
            var top2 = sim.CategoryCode.Split('.')[0];
            var causeCodes = CausesByTop[top2];
            Guid? cause = sim.Kind is CaseKind.Complaint or CaseKind.Alert || random.NextDouble() < 0.3 ? causes[causeCodes[random.Next(causeCodes.Length)]] : null;
            var text = Resolutions[top2][random.Next(Resolutions[top2].Length)];
            sim.Apply(c.Resolve(text, cause, calendar, worker, resolveAt, FollowUpMethod.Call, null));
            if (round == 0)
            {
                var thankAt = resolveAt.AddMinutes(3);
                if (!Step(sim, thankAt, now, top))
                {
                    return;
                }
                sim.Apply(c.Tick(CaseChecklist.ThankAfterwards, true, worker, thankAt));
            }

            // The follow-up call one to three working days later; 3 % cannot be reached and close after a week.
            if (random.NextDouble() < 0.03)
            {
                var closeAt = resolveAt.AddDays(7);
                if (Step(sim, closeAt, now, top))
                {
                    sim.Apply(c.Close("多次联系客户未果，自动关闭 (customer not reachable, closed automatically)", CaseActor.System, closeAt));
                }
                return;
            }
            var followAt = calendar.AddBusinessMinutes(resolveAt.AddMinutes(5), CaseDefaults.WorkingDayMinutes * (1 + 2 * random.NextDouble()));
            if (!Step(sim, followAt, now, top))
            {
                return;
            }
            var draw = random.NextDouble();
            var unhappy = round == 0 && sim.Kind is CaseKind.Complaint or CaseKind.Alert && draw < (lateResolution || sim.Breached ? 0.3 : 0.06);
            var satisfaction = unhappy ? FollowUpSatisfaction.NotSatisfied : draw < 0.85 ? FollowUpSatisfaction.Satisfied : FollowUpSatisfaction.Neutral;
            sim.Apply(c.RecordFollowUp(!unhappy || random.NextDouble() < 0.3, satisfaction,
                unhappy ? "客户表示问题未彻底解决 (customer says the problem is not fully solved)" : "客户认可处理结果 (customer accepts the outcome)",
                FollowUpMethod.Call, calendar, top, worker, followAt));
            if (c.Status == CaseStatus.Closed)
            {
                return;
            }
        }
    }

    /// <summary>Fires what the case clock would have fired before <paramref name="at"/>; false (and nothing more happens) when <paramref name="at"/> is after now.</summary>
    private static bool Step(CaseSim sim, DateTimeOffset at, DateTimeOffset now, int top)
    {
        if (at > now)
        {
            Advance(sim, now, top);
            return false;
        }
        Advance(sim, at, top);
        sim.Last = at > sim.Last ? at : sim.Last;
        return true;
    }

    /// <summary>The case clock's breaches up to <paramref name="until"/>: first response (New) and resolution (New or in progress, once per clock, escalating).</summary>
    private static void Advance(CaseSim sim, DateTimeOffset until, int top)
    {
        var c = sim.Case!;
        if (c.Status == CaseStatus.New && c.FirstResponseDueAt is { } firstDue && firstDue < until && c.FirstResponseBreachedAt is null)
        {
            var at = firstDue > sim.Last ? firstDue : sim.Last;
            sim.Events.Add(c.FirstResponseBreached(at));
            sim.Last = at;
        }
        if (c.Status is CaseStatus.New or CaseStatus.InProgress && c.ResolutionDueAt is { } due && due < until && c.ResolutionBreachedAt is null)
        {
            var at = due > sim.Last ? due : sim.Last;
            sim.Events.Add(c.ResolutionBreached(at));
            sim.Apply(c.Escalate(EscalationReason.Overdue, top, CaseActor.System, at));
            sim.Last = at;
            sim.Breached = true;
        }
    }

    /// <summary>A receipt moment in the 12 months before now: more in summer (outages), mostly in the daytime.</summary>
    private static DateTimeOffset ReceivedAt(Random random, DateTimeOffset now)
    {
        while (true)
        {
            var day = now.AddDays(-(1 + random.Next(364)));
            var season = day.Month is 7 or 8 ? 1.0 : day.Month is 6 or 9 or 1 ? 0.8 : 0.6;
            if (random.NextDouble() > season)
            {
                continue;
            }
            // Local (UTC+8) hour: 80 % between 08:00 and 20:00.
            var localHour = random.NextDouble() < 0.8 ? 8 + random.NextDouble() * 12 : random.NextDouble() * 24;
            var midnight = new DateTimeOffset(day.UtcDateTime.Date, TimeSpan.Zero).AddHours(-8);
            var at = midnight.AddHours(localHour);
            return at > now.AddHours(-20) ? now.AddHours(-20 - random.Next(24)) : at;
        }
    }

    private static int Pick(Random random, double[] weights, double total)
    {
        var x = random.NextDouble() * total;
        for (var i = 0; i < weights.Length; i++)
        {
            x -= weights[i];
            if (x < 0)
            {
                return i;
            }
        }
        return weights.Length - 1;
    }

    private enum OpenStage
    {
        New,
        Responded,
        Working,
        Waiting,
        Overdue,
    }

    private sealed record DemoCaseCustomer(Guid Id, Guid UnitId);

    /// <summary>One demo case while it is being lived.</summary>
    private sealed class CaseSim
    {
        public int Index { get; init; }

        public CaseKind Kind { get; init; }

        public required string Channel { get; init; }

        public CasePriority Priority { get; init; }

        public required string CategoryCode { get; set; }

        public Guid? CustomerId { get; set; }

        public Guid UnitId { get; set; }

        public int District { get; set; }

        public DateTimeOffset ReceivedAt { get; init; }

        public required string Subject { get; set; }

        public Guid? ResponseId { get; init; }

        public Guid? WaveId { get; init; }

        public Guid? AlertRuleId { get; init; }

        public OpenStage? Open { get; init; }

        public CaseSim? RepeatOf { get; set; }

        public Case? Case { get; set; }

        public List<CaseEvent> Events { get; } = [];

        public DateTimeOffset Last { get; set; }

        public bool Breached { get; set; }

        public void Apply(CaseChange change)
        {
            if (change.Refused)
            {
                throw new InvalidOperationException("demo case step refused: " + change.Refusal);
            }
            Events.AddRange(change.Events);
        }

        /// <summary>The case's level as it stood at <paramref name="at"/> (from its history).</summary>
        public int LevelAt(DateTimeOffset at) => Events.Where(e => e.At <= at).Select(e => e.Level).LastOrDefault();
    }
}
