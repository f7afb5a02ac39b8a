using Manyi.Core.Cases;
using Manyi.Core.Users;
using Manyi.Data;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Cases;

/// <summary>A default category or root cause: stable code, parent code (null at the top), Chinese and English name.</summary>
public sealed record DefaultNode(string Code, string? ParentCode, string NameZh, string NameEn);

/// <summary>A default SLA policy: name, category code (null = every category), priority (null = every priority), business minutes.</summary>
public sealed record DefaultPolicy(string Name, string? CategoryCode, CasePriority? Priority, int FirstResponseMinutes, int ResolutionMinutes);

/// <summary>What <see cref="CaseDefaults.ApplyAsync"/> added (zero / false = it was there already).</summary>
public sealed record CaseDefaultsApplied(int Categories, int RootCauses, int Policies, bool Calendar, int Levels, bool Settings);

/// <summary>
/// The case configuration Manyi ships (product.md M5): the power-utility category tree, root causes by kind (value / system /
/// people) with sub-causes, SLA policies by priority plus a tighter one for power safety, the 2026 mainland-China business
/// calendar, three escalation levels (班组长 / 部门负责人 / 分管领导) and the default settings. <see cref="ApplyAsync"/> adds only
/// what is missing, so it can run any number of times.
/// </summary>
public static class CaseDefaults
{
    /// <summary>One working day of the default calendar: 08:30–12:00 and 13:30–17:30 = 3.5 h + 4 h = 450 business minutes.</summary>
    public const int WorkingDayMinutes = 450;

    /// <summary>The utility category tree, parents before children.</summary>
    public static IReadOnlyList<DefaultNode> Categories { get; } =
    [
        new("reliability", null, "供电可靠性", "Power reliability"),
        new("reliability.planned-outage", "reliability", "计划停电", "Planned outage"),
        new("reliability.fault-outage", "reliability", "故障停电", "Fault outage"),
        new("reliability.frequent-outage", "reliability", "频繁停电", "Frequent outages"),
        new("reliability.voltage", "reliability", "电压质量", "Voltage quality"),
        new("safety", null, "用电安全", "Power safety"),
        new("billing", null, "电费电价与缴费", "Billing and payment"),
        new("billing.dispute", "billing", "电费争议", "Bill dispute"),
        new("billing.payment-channels", "billing", "缴费渠道", "Payment channels"),
        new("billing.invoice", "billing", "发票", "Invoice"),
        new("information", null, "信息公开", "Information"),
        new("information.outage-notice", "information", "停电通知", "Outage notice"),
        new("information.policy", "information", "政策告知", "Policy information"),
        new("business", null, "业扩报装与业务办理", "Business handling"),
        new("business.new-connection", "business", "新装增容", "New connection and capacity increase"),
        new("business.transfer", "business", "过户更名", "Transfer and change of name"),
        new("business.time-limit", "business", "办理时限", "Handling time"),
        new("channels", null, "服务渠道", "Service channels"),
        new("channels.hotline", "channels", "95598 热线", "95598 hotline"),
        new("channels.counter", "channels", "营业厅", "Service counter"),
        new("channels.app", "channels", "网上国网 App", "Online State Grid app"),
        new("attitude", null, "服务态度与行为", "Service attitude and conduct"),
        new("attitude.manner", "attitude", "态度", "Manner"),
        new("attitude.standards", "attitude", "规范", "Service standards"),
        new("attitude.integrity", "attitude", "廉洁", "Integrity"),
    ];

    /// <summary>Root causes: one top-level cause per kind (its code is the kind's name in lower case), with sub-causes.</summary>
    public static IReadOnlyList<(RootCauseKind Kind, DefaultNode Node)> RootCauses { get; } =
    [
        (RootCauseKind.Value, new("value", null, "价值", "Value")),
        (RootCauseKind.Value, new("value.quality", "value", "产品/设备质量", "Product or equipment quality")),
        (RootCauseKind.Value, new("value.price", "value", "价格", "Price")),
        (RootCauseKind.Value, new("value.capacity", "value", "供电能力", "Supply capacity")),
        (RootCauseKind.System, new("system", null, "制度", "System")),
        (RootCauseKind.System, new("system.process", "system", "流程繁琐", "Cumbersome process")),
        (RootCauseKind.System, new("system.rules", "system", "制度缺失", "Missing rules")),
        (RootCauseKind.System, new("system.it", "system", "信息系统", "Information systems")),
        (RootCauseKind.System, new("system.coordination", "system", "部门协同", "Coordination between departments")),
        (RootCauseKind.People, new("people", null, "人员", "People")),
        (RootCauseKind.People, new("people.attitude", "people", "服务态度", "Service attitude")),
        (RootCauseKind.People, new("people.skill", "people", "业务技能", "Skills")),
        (RootCauseKind.People, new("people.responsibility", "people", "责任心", "Sense of responsibility")),
        (RootCauseKind.People, new("people.communication", "people", "沟通", "Communication")),
    ];

    /// <summary>
    /// SLA policies in business minutes of the default calendar (a working day = 450 minutes): Urgent 30 min / 1 day, High 2 h / 2 days,
    /// Normal 4 h / 5 days, Low 1 day / 10 days, and power safety (any priority) 15 min / 1 day. The category policy wins for its
    /// category (<see cref="SlaPolicy.Choose"/>: the nearest category first).
    /// </summary>
    public static IReadOnlyList<DefaultPolicy> Policies { get; } =
    [
        new("紧急 (Urgent)", null, CasePriority.Urgent, 30, WorkingDayMinutes),
        new("高 (High)", null, CasePriority.High, 120, 2 * WorkingDayMinutes),
        new("普通 (Normal)", null, CasePriority.Normal, 240, 5 * WorkingDayMinutes),
        new("低 (Low)", null, CasePriority.Low, WorkingDayMinutes, 10 * WorkingDayMinutes),
        new("用电安全 (Power safety)", "safety", null, 15, WorkingDayMinutes),
    ];

    /// <summary>The escalation levels: level, Chinese and English name; levels 1 and 2 notify the unit managers, level 3 the first administrator.</summary>
    public static IReadOnlyList<(int Level, string NameZh, string NameEn)> Levels { get; } =
    [
        (1, "班组长", "Team lead"),
        (2, "部门负责人", "Department head"),
        (3, "分管领导", "Executive"),
    ];

    /// <summary>Adds whatever of the defaults the organisation lacks and saves; existing rows (also edited or deactivated ones) stay as they are.</summary>
    public static async Task<CaseDefaultsApplied> ApplyAsync(ManyiDbContext db, Guid organisationId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var categories = await db.CaseCategories.Where(c => c.OrganisationId == organisationId).ToDictionaryAsync(c => c.Code, c => c.Id, StringComparer.Ordinal, ct);
        var addedCategories = 0;
        var order = 0;
        foreach (var node in Categories)
        {
            order++;
            if (categories.ContainsKey(node.Code))
            {
                continue;
            }
            var id = Guid.CreateVersion7();
            db.CaseCategories.Add(new CaseCategory
            {
                Id = id, OrganisationId = organisationId, Code = node.Code, NameZh = node.NameZh, NameEn = node.NameEn, SortOrder = order * 10,
                ParentId = node.ParentCode is null ? null : categories.GetValueOrDefault(node.ParentCode) is var p && p != Guid.Empty ? p : null,
            });
            categories[node.Code] = id;
            addedCategories++;
        }

        var causes = await db.RootCauses.Where(c => c.OrganisationId == organisationId).ToDictionaryAsync(c => c.Code, c => c.Id, StringComparer.Ordinal, ct);
        var addedCauses = 0;
        foreach (var (kind, node) in RootCauses)
        {
            if (causes.ContainsKey(node.Code))
            {
                continue;
            }
            var id = Guid.CreateVersion7();
            db.RootCauses.Add(new RootCause
            {
                Id = id, OrganisationId = organisationId, Kind = kind, Code = node.Code, NameZh = node.NameZh, NameEn = node.NameEn,
                ParentId = node.ParentCode is null ? null : causes.GetValueOrDefault(node.ParentCode) is var p && p != Guid.Empty ? p : null,
            });
            causes[node.Code] = id;
            addedCauses++;
        }

        var policyNames = await db.SlaPolicies.Where(p => p.OrganisationId == organisationId).Select(p => p.Name).ToListAsync(ct);
        var addedPolicies = 0;
        foreach (var policy in Policies.Where(p => !policyNames.Contains(p.Name, StringComparer.Ordinal)))
        {
            db.SlaPolicies.Add(new SlaPolicy
            {
                Id = Guid.CreateVersion7(), OrganisationId = organisationId, Name = policy.Name, Priority = policy.Priority,
                CategoryId = policy.CategoryCode is null ? null : categories[policy.CategoryCode],
                FirstResponseMinutes = policy.FirstResponseMinutes, ResolutionMinutes = policy.ResolutionMinutes,
            });
            addedPolicies++;
        }

        var calendar = !await db.BusinessCalendars.AnyAsync(c => c.OrganisationId == organisationId, ct);
        if (calendar)
        {
            db.BusinessCalendars.Add(new BusinessCalendar
            {
                Id = Guid.CreateVersion7(), OrganisationId = organisationId, Definition = BusinessCalendarDefinition.China2026, UpdatedAt = DateTimeOffset.UnixEpoch,
            });
        }

        var addedLevels = 0;
        if (!await db.EscalationLevels.AnyAsync(l => l.OrganisationId == organisationId, ct))
        {
            var administrator = await db.Users.AsNoTracking().Where(u => u.OrganisationId == organisationId && u.Role == Roles.Administrator)
                .OrderBy(u => u.CreatedAt).ThenBy(u => u.Id).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
            foreach (var (level, zh, en) in Levels)
            {
                db.EscalationLevels.Add(new EscalationLevel
                {
                    Id = Guid.CreateVersion7(), OrganisationId = organisationId, Level = level, NameZh = zh, NameEn = en,
                    NotifyUnitManagers = level < 3,
                    NotifyUserIds = level == 3 && administrator is { } admin ? [admin] : [],
                });
                addedLevels++;
            }
        }

        var settings = !await db.CaseSettings.AnyAsync(s => s.OrganisationId == organisationId, ct);
        if (settings)
        {
            db.CaseSettings.Add(new CaseSettings { OrganisationId = organisationId });
        }
        await db.SaveChangesAsync(ct);
        return new CaseDefaultsApplied(addedCategories, addedCauses, addedPolicies, calendar, addedLevels, settings);
    }
}
