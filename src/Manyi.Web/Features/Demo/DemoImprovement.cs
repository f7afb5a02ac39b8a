using System.Globalization;
using Manyi.Core.Improvement;
using Manyi.Data;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Demo;

/// <summary>Demo improvement actions in every PDCA column, some from findings, one with its effect checked.</summary>
internal static class DemoImprovement
{
    private sealed record Plan(string Unit, string Owner, string Zh, string En, ActionStatus Status, int DeadlineDays, decimal? Cost, ActionSource Source, string[] Indicators);

    private static readonly Plan[] Plans =
    [
        new("SH-PD", "demo-manager-pd", "缩短营业厅排队时间", "Shorten queues at the service counter", ActionStatus.Planned, 20, 15000m, ActionSource.Ipa, ["overall", "nps"]),
        new("SH-PD", "demo-handler-sh", "停电通知提前到 72 小时", "Announce planned outages 72 hours ahead", ActionStatus.InProgress, 2, 8000m, ActionSource.RootCause, ["overall"]),
        new("SH-PD", "demo-manager-pd", "大客户经理每月走访", "Monthly visits of key-account managers", ActionStatus.Done, -10, 30000m, ActionSource.Trap, ["overall", "overall:weighted"]),
        new("SH-PD", "demo-handler-sh", "电费账单改版", "Redesign the electricity bill", ActionStatus.Checked, -40, 12000m, ActionSource.TwoTuple, ["overall", "csat"]),
        new("SH-PD", "demo-handler-sh", "抢修到达时间公示", "Publish repair arrival times", ActionStatus.Planned, -3, 2000m, ActionSource.Manual, ["measure:repeat-purchases"]),
        new("SH-XH", "demo-handler-sh", "线上报装流程简化", "Simplify online connection requests", ActionStatus.Planned, 45, 25000m, ActionSource.Ipa, ["overall"]),
        new("SH-XH", "demo-handler-sh", "投诉回访话术培训", "Train call-back scripts for complaints", ActionStatus.InProgress, 12, 5000m, ActionSource.RootCause, ["nps"]),
        new("SH-XH", "demo-handler-sh", "营业厅自助终端", "Self-service kiosks in the counter hall", ActionStatus.Done, -5, 60000m, ActionSource.Manual, ["csat"]),
        new("JS-NJ", "demo-manager-js", "工业客户用电顾问", "Energy advisers for industrial customers", ActionStatus.Planned, 30, 40000m, ActionSource.Trap, ["overall:weighted", "measure:sales"]),
        new("JS-NJ", "demo-handler-js", "故障报修一次解决率", "First-time fix rate of repair calls", ActionStatus.InProgress, -2, 10000m, ActionSource.RootCause, ["overall"]),
        new("JS-NJ", "demo-handler-js", "电表读数异常预警", "Alerts for unusual meter readings", ActionStatus.Done, -15, 18000m, ActionSource.TwoTuple, ["overall"]),
        new("JS-NJ", "demo-manager-js", "客户经理名片制度", "Named account manager for every business customer", ActionStatus.Checked, -60, 9000m, ActionSource.Manual, ["nps"]),
        new("JS-SZ", "demo-handler-js", "园区专线巡检", "Inspection rounds of industrial-park lines", ActionStatus.Planned, 15, 22000m, ActionSource.Ipa, ["overall"]),
        new("JS-SZ", "demo-handler-js", "短信账单提醒", "Text-message bill reminders", ActionStatus.InProgress, 7, 3000m, ActionSource.Manual, ["measure:repeat-purchases"]),
        new("JS-SZ", "demo-manager-js", "节假日保电方案", "Holiday supply-assurance plan", ActionStatus.Done, -8, 14000m, ActionSource.Manual, ["overall"]),
        new("ZJ-HZ", "demo-handler-zj", "电动汽车充电报装绿色通道", "Fast track for EV charger connections", ActionStatus.Planned, 25, 16000m, ActionSource.TwoTuple, ["overall"]),
        new("ZJ-HZ", "demo-handler-zj", "停电原因短信说明", "Text the cause of every outage", ActionStatus.InProgress, 1, 4000m, ActionSource.RootCause, ["nps"]),
        new("ZJ-HZ", "demo-handler-zj", "营业厅延时服务", "Longer opening hours of the counter hall", ActionStatus.Done, -20, 20000m, ActionSource.Ipa, ["csat"]),
        new("ZJ-HZ", "demo-handler-zj", "小微企业电费分期", "Instalments for small businesses", ActionStatus.Checked, -50, 7000m, ActionSource.Manual, ["overall"]),
        new("ZJ-HZ", "demo-handler-zj", "旧小区线路改造", "Rewire old housing estates", ActionStatus.Cancelled, 10, 90000m, ActionSource.Manual, ["overall"]),
    ];

    /// <summary>Writes this part of the demo; runs inside the demo fill's transaction.</summary>
    public static async Task WriteAsync(ManyiDbContext db, Guid organisationId, IReadOnlyDictionary<string, Guid> unitIds,
        IReadOnlyDictionary<string, Guid> userIds, DateTimeOffset now, CancellationToken ct)
    {
        // The power questionnaire's two latest waves: before and after of the survey-linked actions.
        var waves = await db.Waves.AsNoTracking().Where(w => w.OrganisationId == organisationId)
            .Select(w => new { w.Id, w.QuestionnaireId, w.OpensAt, w.CreatedAt }).ToListAsync(ct);
        var byQuestionnaire = waves.GroupBy(w => w.QuestionnaireId).OrderByDescending(g => g.Count()).FirstOrDefault()?
            .OrderByDescending(w => w.OpensAt ?? w.CreatedAt).ToList();
        var latest = byQuestionnaire?.FirstOrDefault();
        var previous = byQuestionnaire?.Skip(1).FirstOrDefault();
        var admin = userIds.Values.FirstOrDefault();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var day = now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        for (var i = 0; i < Plans.Length; i++)
        {
            var p = Plans[i];
            if (!unitIds.TryGetValue(p.Unit, out var unitId) || !userIds.TryGetValue(p.Owner, out var ownerId))
            {
                continue;
            }
            var survey = p.Indicators.Any(IndicatorKey.IsSurvey) && latest is not null;
            var baseline = p.Status == ActionStatus.Checked ? previous ?? latest : latest;
            var created = now.AddDays(Math.Min(-5, p.DeadlineDays - 60));
            var action = new ImprovementAction
            {
                Id = Guid.CreateVersion7(), OrganisationId = organisationId, UnitId = unitId, Number = $"IA-{day}-{i + 1:0000}",
                Title = $"{p.Zh} ({p.En})", Description = p.En, OwnerId = ownerId, Deadline = today.AddDays(p.DeadlineDays), Status = p.Status, Cost = p.Cost,
                Source = p.Source, QuestionnaireId = survey ? latest!.QuestionnaireId : null, BaselineWaveId = survey ? baseline?.Id : null,
                Indicators = [.. (survey ? p.Indicators : p.Indicators.Where(k => !IndicatorKey.IsSurvey(k))).Select(k => new ActionIndicator(k, k))],
                CreatedById = admin == Guid.Empty ? ownerId : admin, CreatedAt = created, UpdatedAt = now, Version = Guid.NewGuid(),
            };
            if (p.Source != ActionSource.Manual && survey)
            {
                action.FindingKey = $"{p.Source.ToString().ToLowerInvariant()}:{baseline!.Id}:{i}";
                action.FindingSummary = p.Source == ActionSource.Trap
                    ? "Plain overall +2.10 but value-weighted −3.40: key accounts (segment large-industrial) responsible."
                    : $"{p.En}: flagged by the {p.Source} analysis of the wave.";
            }
            if (p.Status is ActionStatus.InProgress or ActionStatus.Done or ActionStatus.Checked)
            {
                action.StartedAt = created.AddDays(3);
            }
            if (p.Status is ActionStatus.Done or ActionStatus.Checked)
            {
                action.CompletedAt = now.AddDays(Math.Min(-1, p.DeadlineDays));
                action.Outcome = $"Done: {p.En}.";
            }
            if (p.Status == ActionStatus.Cancelled)
            {
                action.CancelledAt = now.AddDays(-2);
                action.Outcome = "Budget moved to next year.";
            }
            if (p.Status == ActionStatus.Checked && survey && previous is not null && latest is not null)
            {
                // A realistic stored effect (the demo's waves are generated before the actions; the check path is exercised by the tests).
                action.Effect = new ActionEffect(previous.Id, latest.Id, now.AddDays(-1), 0.05,
                    [.. action.Indicators.Select((k, j) => new EffectItem(k.Key, k.Label, 71.2 + j, 75.8 + j, 380, 395, 4.6, "WelchT", 0.012, true))]);
            }
            db.ImprovementActions.Add(action);
        }
        await db.SaveChangesAsync(ct);
    }
}
