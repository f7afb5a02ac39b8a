using Manyi.Core.Collection;
using Manyi.Core.Improvement;
using Manyi.Core.Surveys;
using Manyi.Data;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Demo;

/// <summary>
/// Demo goals per unit and published "you said, we did" notes (docs/goals.md): goals for the organisation, Jiangsu and the Pudong branch
/// on the power-utility questionnaire (this quarter and last quarter, so some are met or not met and some on track or behind) and one
/// on sales; three notes published before the open wave opened (so its landing page shows them) and one draft.
/// </summary>
internal static class DemoGoals
{
    /// <summary>Writes this part of the demo; runs inside the demo fill's transaction.</summary>
    public static async Task WriteAsync(ManyiDbContext db, Guid organisationId, IReadOnlyDictionary<string, Guid> unitIds,
        IReadOnlyDictionary<string, Guid> userIds, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(unitIds);
        ArgumentNullException.ThrowIfNull(userIds);
        var open = await db.Waves.AsNoTracking()
            .Where(w => w.OrganisationId == organisationId && w.Status == WaveStatus.Open)
            .Join(db.Questionnaires.Where(q => q.TemplateKey == "power-utility"), w => w.QuestionnaireId, q => q.Id, (w, _) => new { w.QuestionnaireId, w.OpensAt, w.CreatedAt })
            .FirstOrDefaultAsync(ct);
        var author = userIds.GetValueOrDefault("demo-analyst");
        if (open is null || author == Guid.Empty)
        {
            return;
        }
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var quarterStart = new DateOnly(today.Year, ((today.Month - 1) / 3 * 3) + 1, 1);
        var quarterEnd = quarterStart.AddMonths(3).AddDays(-1);
        var lastStart = quarterStart.AddMonths(-3);
        var lastEnd = quarterStart.AddDays(-1);
        Guid? Unit(string code) => unitIds.TryGetValue(code, out var id) ? id : null;

        void Goal(string name, Guid? unitId, string indicator, double target, GoalDirection direction, DateOnly start, DateOnly end, string? note = null) =>
            db.Goals.Add(new Goal
            {
                Id = Guid.CreateVersion7(), OrganisationId = organisationId, UnitId = unitId, Name = name, Indicator = indicator,
                QuestionnaireId = IndicatorKey.IsSurvey(indicator) ? open.QuestionnaireId : null, Target = target, Direction = direction,
                PeriodStart = start, PeriodEnd = end, Note = note, CreatedById = author, CreatedAt = now.AddDays(-100), UpdatedAt = now.AddDays(-100), Version = Guid.NewGuid(),
            });

        Goal("全公司 NPS 本季度达到 60 (company NPS 60 this quarter)", null, IndicatorKey.Nps, 60, GoalDirection.AtLeast, quarterStart, quarterEnd, "客户满意度战略 2026 (satisfaction strategy 2026)");
        Goal("全公司 CSAT 上季度不低于 40% (company CSAT ≥ 40 % last quarter)", null, IndicatorKey.Csat, 40, GoalDirection.AtLeast, lastStart, lastEnd);
        Goal("全公司价值加权总体满意度 (company value-weighted overall)", null, IndicatorKey.OverallWeighted, 70, GoalDirection.AtLeast, quarterStart, quarterEnd,
            "大客户不能被小客户的满意所掩盖 (key accounts first)");
        Goal("江苏总体满意度 ≥ 50 (Jiangsu overall ≥ 50)", Unit("JS"), IndicatorKey.Overall, 50, GoalDirection.AtLeast, quarterStart, quarterEnd);
        Goal("江苏销售额 (Jiangsu sales)", Unit("JS"), IndicatorKey.Measure("sales"), 1_000_000, GoalDirection.AtLeast, quarterStart, quarterEnd);
        Goal("浦东 NPS 上季度达到 70 (Pudong NPS 70 last quarter)", Unit("SH-PD"), IndicatorKey.Nps, 70, GoalDirection.AtLeast, lastStart, lastEnd);
        Goal("浦东满意度指数 ≥ 60 (Pudong index ≥ 60)", Unit("SH-PD"), IndicatorKey.Index, 60, GoalDirection.AtLeast, quarterStart, quarterEnd);

        // Published before the open wave opened: its landing page shows them, newest first.
        var opened = open.OpensAt ?? open.CreatedAt;
        void Note(string youZh, string youEn, string didZh, string didEn, DateTimeOffset? publishedAt) =>
            db.ChangeNotes.Add(new ChangeNote
            {
                Id = Guid.CreateVersion7(), OrganisationId = organisationId, QuestionnaireId = open.QuestionnaireId, YouSaid = new LocalText(youZh, youEn),
                WeDid = new LocalText(didZh, didEn), PublishedAt = publishedAt, CreatedById = author,
                CreatedAt = (publishedAt ?? now).AddDays(-2), UpdatedAt = publishedAt ?? now, Version = Guid.NewGuid(),
            });
        Note("停电通知太晚，来不及准备。", "Outage notices came too late to prepare.",
            "计划停电现在提前 7 天通过短信和微信通知。", "Planned outages are now announced 7 days ahead by SMS and WeChat.", opened.AddDays(-12));
        Note("营业厅排队时间太长。", "Queues at the service halls were too long.",
            "浦东和南京营业厅各增加了两个窗口，并开通了网上预约。", "Pudong and Nanjing halls opened two more counters and online appointments.", opened.AddDays(-9));
        Note("电费账单看不懂。", "Electricity bills were hard to understand.",
            "新版账单按用电时段列出费用，并附有说明。", "The new bill lists charges by time of use, with explanations.", opened.AddDays(-5));
        Note("抢修人员到场慢。", "Repair crews were slow to arrive.", "我们正在增加夜间抢修班组。", "We are adding night repair crews.", null);
        await db.SaveChangesAsync(ct);
    }
}
