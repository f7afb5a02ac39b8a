using Manyi.Core.Improvement;
using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Improvement;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Manyi.Web.Features.Demo;

/// <summary>Demo improvement actions in every PDCA column, some from findings, three with their effect checked over the demo waves.</summary>
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
        new("JS-NJ", "demo-manager-js", "客户经理名片制度", "Named account manager for every business customer", ActionStatus.Checked, -60, 9000m, ActionSource.Manual, ["overall", "csat"]),
        new("JS-SZ", "demo-handler-js", "园区专线巡检", "Inspection rounds of industrial-park lines", ActionStatus.Planned, 15, 22000m, ActionSource.Ipa, ["overall"]),
        new("JS-SZ", "demo-handler-js", "短信账单提醒", "Text-message bill reminders", ActionStatus.InProgress, 7, 3000m, ActionSource.Manual, ["measure:repeat-purchases"]),
        new("JS-SZ", "demo-manager-js", "节假日保电方案", "Holiday supply-assurance plan", ActionStatus.Done, -8, 14000m, ActionSource.Manual, ["overall"]),
        new("ZJ-HZ", "demo-handler-zj", "电动汽车充电报装绿色通道", "Fast track for EV charger connections", ActionStatus.Planned, 25, 16000m, ActionSource.TwoTuple, ["overall"]),
        new("ZJ-HZ", "demo-handler-zj", "停电原因短信说明", "Text the cause of every outage", ActionStatus.InProgress, 1, 4000m, ActionSource.RootCause, ["nps"]),
        new("ZJ-HZ", "demo-handler-zj", "营业厅延时服务", "Longer opening hours of the counter hall", ActionStatus.Done, -20, 20000m, ActionSource.Ipa, ["csat"]),
        new("ZJ-HZ", "demo-handler-zj", "小微企业电费分期", "Instalments for small businesses", ActionStatus.Checked, -50, 7000m, ActionSource.Manual, ["overall"]),
        new("ZJ-HZ", "demo-handler-zj", "旧小区线路改造", "Rewire old housing estates", ActionStatus.Cancelled, 10, 90000m, ActionSource.Manual, ["overall"]),
    ];

    /// <summary>
    /// Writes this part of the demo; runs inside the demo fill's transaction. Every action goes through the real use cases as its
    /// owner, on a <see cref="DemoClock"/> set to the moment of each step, so the numbers, dates and audit trail are what the
    /// product itself writes: create (<see cref="ImprovementActions.SaveNewAsync"/>), start/complete/cancel
    /// (<see cref="ImprovementActions.MoveAsync"/>) and, for the Checked ones, <see cref="EffectCheck.RunAsync"/> over the demo waves
    /// (before = the latest wave that opened before the action was created, after = the wave the check picks). An action the
    /// waves cannot check (no before/after pair) stays Done.
    /// </summary>
    public static async Task WriteAsync(ManyiDbContext db, Guid organisationId, IReadOnlyDictionary<string, Guid> unitIds,
        IReadOnlyDictionary<string, Guid> userIds, DateTimeOffset now, CancellationToken ct)
    {
        // The earlier parts leave thousands of saved rows tracked; each SaveChanges below would scan them all.
        db.ChangeTracker.Clear();
        // The power questionnaire (the one with the most waves): the before and after waves of the survey-linked actions.
        var waves = await db.Waves.AsNoTracking().Where(w => w.OrganisationId == organisationId)
            .Select(w => new { w.Id, w.QuestionnaireId, w.OpensAt, w.CreatedAt }).ToListAsync(ct);
        var power = waves.GroupBy(w => w.QuestionnaireId).OrderByDescending(g => g.Count()).FirstOrDefault()?
            .Select(w => (w.Id, w.QuestionnaireId, Opens: w.OpensAt ?? w.CreatedAt)).OrderBy(w => w.Opens).ToList() ?? [];
        var clock = new DemoClock(now);
        using var cache = new WaveDataCache(Options.Create(new AnalysisOptions()), clock, NullLogger<WaveDataCache>.Instance);
        var actors = new Dictionary<Guid, CurrentUser>();
        for (var i = 0; i < Plans.Length; i++)
        {
            var p = Plans[i];
            if (!unitIds.TryGetValue(p.Unit, out var unitId) || !userIds.TryGetValue(p.Owner, out var ownerId))
            {
                continue;
            }
            if (!actors.TryGetValue(ownerId, out var owner))
            {
                owner = await DemoActors.ForAsync(db, organisationId, ownerId, ct);
                actors[ownerId] = owner;
            }
            var created = now.AddDays(Math.Min(-5, p.DeadlineDays - 60));
            // As the create use case defaults it: the questionnaire's latest wave at the time the action was written down.
            var baseline = power.Where(w => w.Opens <= created).Select(w => ((Guid Id, Guid QuestionnaireId, DateTimeOffset Opens)?)w).LastOrDefault();
            var survey = p.Indicators.Any(IndicatorKey.IsSurvey) && baseline is not null;
            clock.Now = created;
            var action = await ImprovementActions.NewAsync(db, owner, clock, unitId, $"{p.Zh} ({p.En})", ct);
            action.Description = p.En;
            action.OwnerId = ownerId;
            action.Deadline = DateOnly.FromDateTime(now.UtcDateTime).AddDays(p.DeadlineDays);
            action.Cost = p.Cost;
            action.Source = p.Source;
            action.QuestionnaireId = survey ? baseline!.Value.QuestionnaireId : null;
            action.BaselineWaveId = survey ? baseline!.Value.Id : null;
            action.Indicators = [.. (survey ? p.Indicators : p.Indicators.Where(k => !IndicatorKey.IsSurvey(k))).Select(k => new ActionIndicator(k, k))];
            if (p.Source != ActionSource.Manual && survey)
            {
                action.FindingKey = $"{p.Source.ToString().ToLowerInvariant()}:{baseline!.Value.Id}:{i}";
                action.FindingSummary = p.Source == ActionSource.Trap
                    ? "The value-weighted overall score falls where the plain one rises: the key accounts (platinum and gold tiers) are responsible."
                    : $"{p.En}: flagged by the {p.Source} analysis of the wave.";
            }
            Ensure(await ImprovementActions.SaveNewAsync(db, owner, clock, action, ct), p.En);
            if (p.Status is ActionStatus.InProgress or ActionStatus.Done or ActionStatus.Checked)
            {
                clock.Now = created.AddDays(3);
                Ensure(await ImprovementActions.MoveAsync(db, owner, clock, action.Id, null, ImprovementActions.Transition.Start, new TransitionInput(), ct), p.En);
            }
            if (p.Status is ActionStatus.Done or ActionStatus.Checked)
            {
                clock.Now = now.AddDays(Math.Min(-1, p.DeadlineDays));
                Ensure(await ImprovementActions.MoveAsync(db, owner, clock, action.Id, null, ImprovementActions.Transition.Complete,
                    new TransitionInput { Outcome = $"Done: {p.En}." }, ct), p.En);
            }
            if (p.Status == ActionStatus.Cancelled)
            {
                clock.Now = now.AddDays(-2);
                Ensure(await ImprovementActions.MoveAsync(db, owner, clock, action.Id, null, ImprovementActions.Transition.Cancel,
                    new TransitionInput { Reason = "Budget moved to next year." }, ct), p.En);
            }
            if (p.Status == ActionStatus.Checked && survey)
            {
                // Checked this morning; a conflict (no later wave with enough responses in the unit) leaves the action Done.
                clock.Now = now.AddHours(-2);
                var (result, conflict) = await EffectCheck.RunAsync(db, cache, owner, clock, action.Id, new EffectCheckInput(), ct);
                if (conflict is null)
                {
                    Ensure(result, p.En);
                }
            }
        }
    }

    private static void Ensure(UseCaseResult<ActionDto> result, string action)
    {
        if (result.Outcome != Outcome.Ok)
        {
            throw new InvalidOperationException($"demo action '{action}': {result.Outcome} {string.Join("; ", result.Errors.Select(e => e.Key + ": " + string.Join(", ", e.Value)))}");
        }
    }
}
