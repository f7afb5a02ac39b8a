using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Manyi.Core.Cases;
using Manyi.Core.Organisations;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Cases;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Manyi.Web.Tests.Features.Waves.WaveData;

namespace Manyi.Web.Tests.Features.Cases;

/// <summary>One app per provider for the case-settings tests (they share the organisation's configuration, so codes are unique per test).</summary>
public sealed class CaseSettingsFixture : SharedApps;

/// <summary>/api/v1/case-settings: categories, root causes, SLA policies, calendar, escalation levels, settings, defaults.</summary>
public sealed class CaseSettingsApiTests(CaseSettingsFixture fixture) : IClassFixture<CaseSettingsFixture>
{
    private const string Base = "/api/v1/case-settings";

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..16];

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Categories_CreateTreeUpdateDeactivate_CyclesAndDuplicatesRefused(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var top = await CreatedIdAsync(await admin.PostAsJsonAsync(Url(Base + "/categories"), new { code = Unique("top"), nameZh = "顶层", nameEn = "Top" }));
        var childCode = Unique("child");
        var child = await CreatedIdAsync(await admin.PostAsJsonAsync(Url(Base + "/categories"), new { code = childCode, nameZh = "子类", parentId = top }));
        var grandchild = await CreatedIdAsync(await admin.PostAsJsonAsync(Url(Base + "/categories"), new { code = Unique("grand"), nameZh = "孙类", parentId = child }));

        // The tree: top → child → grandchild.
        var tree = await admin.GetFromJsonAsync<List<CategoryNodeDto>>(Url(Base + "/categories"));
        var node = tree!.Single(n => n.Id == top);
        Assert.Equal(child, Assert.Single(node.Children).Id);
        Assert.Equal(grandchild, Assert.Single(node.Children[0].Children).Id);

        // Cycles: the top below its grandchild, or below itself; nothing changes.
        Assert.Equal(["parentId"], await ErrorsAsync(await admin.PutAsJsonAsync(Url($"{Base}/categories/{top}"), new { code = node.Code, nameZh = "顶层", parentId = grandchild })));
        Assert.Equal(["parentId"], await ErrorsAsync(await admin.PutAsJsonAsync(Url($"{Base}/categories/{top}"), new { code = node.Code, nameZh = "顶层", parentId = top })));
        Assert.Null(await DbAsync(app, db => db.CaseCategories.Where(c => c.Id == top).Select(c => c.ParentId).SingleAsync()));

        // Duplicate code, bad code, missing name, unknown parent (also one of another organisation).
        var foreign = await ForeignCategoryAsync(app);
        Assert.Equal(["code"], await ErrorsAsync(await admin.PostAsJsonAsync(Url(Base + "/categories"), new { code = childCode, nameZh = "重复" })));
        Assert.Equal(["code", "nameZh", "parentId"], (await ErrorsAsync(await admin.PostAsJsonAsync(Url(Base + "/categories"), new { code = "a b'; DROP TABLE x", parentId = foreign }))).Order(StringComparer.Ordinal));
        Assert.Equal(["code", "nameZh"], (await ErrorsAsync(await admin.PostAsJsonAsync(Url(Base + "/categories"), new { }))).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync(Url($"{Base}/categories/{foreign}"), new { code = Unique("x"), nameZh = "别人的" })).StatusCode);

        // Moving the grandchild up, renaming, deactivating.
        var moved = await admin.PutAsJsonAsync(Url($"{Base}/categories/{grandchild}"), new { code = Unique("moved"), nameZh = "已移动", parentId = top, sortOrder = 5 });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync(Url($"{Base}/categories/{child}/deactivate"), null)).StatusCode);
        tree = await admin.GetFromJsonAsync<List<CategoryNodeDto>>(Url(Base + "/categories"));
        node = tree!.Single(n => n.Id == top);
        Assert.Equal([(child, false), (grandchild, true)], node.Children.Select(c => (c.Id, c.Active)));
        Assert.True(await DbAsync(app, db => db.AuditEntries.AnyAsync(a => a.Action == "case-category.deactivate" && a.Subject == childCode)));

        // Handlers and unit managers may read but not change.
        using var handler = await app.CreateClientAsAsync(Roles.CaseHandler);
        using var manager = await app.CreateClientAsAsync(Roles.UnitManager, (await app.HeadOfficeAsync()).Id);
        Assert.Equal(HttpStatusCode.OK, (await handler.GetAsync(Url(Base + "/categories"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await handler.PostAsJsonAsync(Url(Base + "/categories"), new { code = Unique("h"), nameZh = "处理人" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PutAsJsonAsync(Url($"{Base}/categories/{top}"), new { code = node.Code, nameZh = "经理" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostAsync(Url($"{Base}/categories/{top}/deactivate"), null)).StatusCode);
        Assert.True(await DbAsync(app, db => db.CaseCategories.Where(c => c.Id == top).Select(c => c.Active).SingleAsync()));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task RootCauses_KindFixedByTheParent(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        Assert.Equal(["kind"], await ErrorsAsync(await admin.PostAsJsonAsync(Url(Base + "/root-causes"), new { code = Unique("rc"), nameZh = "无类型" })));
        Assert.Equal(["kind"], await ErrorsAsync(await admin.PostAsJsonAsync(Url(Base + "/root-causes"), new { code = Unique("rc"), nameZh = "坏类型", kind = "weather" })));
        var people = await CreatedIdAsync(await admin.PostAsJsonAsync(Url(Base + "/root-causes"), new { code = Unique("people"), nameZh = "人员", kind = "people" }));
        var sub = await admin.PostAsJsonAsync(Url(Base + "/root-causes"), new { code = Unique("sub"), nameZh = "耐心" , parentId = people });
        Assert.Equal(HttpStatusCode.Created, sub.StatusCode);
        Assert.Equal("people", (await JsonOf(sub)).GetProperty("kind").GetString());
        var subId = (await JsonOf(sub)).GetProperty("id").GetGuid();
        Assert.Equal(["kind"], await ErrorsAsync(await admin.PostAsJsonAsync(Url(Base + "/root-causes"), new { code = Unique("sub"), nameZh = "错配", parentId = people, kind = "value" })));
        // A cause below its own sub-cause is a cycle; a value cause cannot move below a people cause.
        Assert.Equal(["parentId"], await ErrorsAsync(await admin.PutAsJsonAsync(Url($"{Base}/root-causes/{people}"), new { code = Unique("p"), nameZh = "人员", parentId = subId })));
        var value = await CreatedIdAsync(await admin.PostAsJsonAsync(Url(Base + "/root-causes"), new { code = Unique("value"), nameZh = "价值", kind = "value" }));
        Assert.Equal(["parentId"], await ErrorsAsync(await admin.PutAsJsonAsync(Url($"{Base}/root-causes/{value}"), new { code = Unique("v"), nameZh = "价值", parentId = people })));
        var tree = await admin.GetFromJsonAsync<List<RootCauseNodeDto>>(Url(Base + "/root-causes"), Json);
        Assert.Equal(subId, Assert.Single(tree!.Single(n => n.Id == people).Children).Id);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync(Url($"{Base}/root-causes/{subId}/deactivate"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync(Url($"{Base}/root-causes/{Guid.NewGuid()}/deactivate"), null)).StatusCode);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task SlaPolicies_Validated_AndChangingThemNeverMovesRunningCases(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var foreign = await ForeignCategoryAsync(app);
        Assert.Equal(["categoryId", "firstResponseMinutes", "priority", "resolutionMinutes"], (await ErrorsAsync(await admin.PostAsJsonAsync(Url(Base + "/sla-policies"),
            new { name = "坏", categoryId = foreign, priority = "urgent' OR '1'='1", firstResponseMinutes = 0, resolutionMinutes = -5 }))).Order(StringComparer.Ordinal));
        Assert.Equal(["resolutionMinutes"], await ErrorsAsync(await admin.PostAsJsonAsync(Url(Base + "/sla-policies"), new { name = "倒挂", firstResponseMinutes = 120, resolutionMinutes = 60 })));
        Assert.Equal(["firstResponseMinutes", "name", "resolutionMinutes"], (await ErrorsAsync(await admin.PostAsJsonAsync(Url(Base + "/sla-policies"), new { }))).Order(StringComparer.Ordinal));

        var name = Unique("policy");
        var created = await admin.PostAsJsonAsync(Url(Base + "/sla-policies"), new { name, priority = "urgent", firstResponseMinutes = 60, resolutionMinutes = 600 });
        var policy = await CreatedIdAsync(created);

        // A running case copied 60 / 600 minutes when its clock started.
        var head = await app.HeadOfficeAsync();
        var received = new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero); // Monday 09:00 in Shanghai
        var caseId = await DbAsync(app, async db =>
        {
            var c = new Case
            {
                Id = Guid.NewGuid(), OrganisationId = head.OrganisationId, Number = "C20260302-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant(), Kind = CaseKind.Complaint,
                Channel = "phone", Priority = CasePriority.Urgent, UnitId = head.Id, Subject = "测试", ReceivedAt = received, CreatedAt = received, UpdatedAt = received, Version = Guid.NewGuid(),
            };
            c.StartClock(await db.SlaPolicies.SingleAsync(p => p.Id == policy), BusinessCalendarDefinition.China2026);
            db.Cases.Add(c);
            await db.SaveChangesAsync();
            return c.Id;
        });
        // 60 business minutes from 09:00 → 10:00 Shanghai; 600 from Monday 09:00: 180 + 240 on Monday (to 17:30), 180 on Tuesday from 08:30 → 11:30 = 03:30 UTC.
        var expectedDue = (new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 3, 3, 30, 0, TimeSpan.Zero));
        var updated = await admin.PutAsJsonAsync(Url($"{Base}/sla-policies/{policy}"), new { name, priority = "urgent", firstResponseMinutes = 30, resolutionMinutes = 300 });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(300, (await JsonOf(updated)).GetProperty("resolutionMinutes").GetInt32());
        var after = await DbAsync(app, db => db.Cases.AsNoTracking().SingleAsync(c => c.Id == caseId));
        Assert.Equal((60, 600), (after.FirstResponseTargetMinutes, after.ResolutionTargetMinutes));
        Assert.Equal(expectedDue, (after.FirstResponseDueAt!.Value, after.ResolutionDueAt!.Value));

        // Deleting the policy keeps the case's targets; an unknown id is 404.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(Url($"{Base}/sla-policies/{policy}"))).StatusCode);
        after = await DbAsync(app, db => db.Cases.AsNoTracking().SingleAsync(c => c.Id == caseId));
        Assert.Equal((null, 60, 600), (after.SlaPolicyId, after.FirstResponseTargetMinutes, after.ResolutionTargetMinutes));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync(Url($"{Base}/sla-policies/{policy}"))).StatusCode);
        using var handler = await app.CreateClientAsAsync(Roles.CaseHandler);
        Assert.Equal(HttpStatusCode.Forbidden, (await handler.PostAsJsonAsync(Url(Base + "/sla-policies"), new { name = "x", firstResponseMinutes = 1, resolutionMinutes = 2 })).StatusCode);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Calendar_EveryProblemNamesItsField_NothingHalfWritten(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var good = new
        {
            timeZone = "Asia/Shanghai",
            workingDays = new[] { "monday", "tuesday", "wednesday", "thursday", "friday" },
            hours = new[] { new { start = "08:30", end = "12:00" }, new { start = "13:30", end = "17:30" } },
            holidays = new[] { "2026-10-01", "2026-10-02" },
            workingWeekendDays = new[] { "2026-10-10" },
        };
        var saved = await admin.PutAsJsonAsync(Url(Base + "/calendar"), good);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        // Unreadable values, by position.
        Assert.Equal(["holidays[1]", "hours[0].start", "workingDays[1]"], (await ErrorsAsync(await admin.PutAsJsonAsync(Url(Base + "/calendar"), new
        {
            timeZone = "Asia/Shanghai", workingDays = new[] { "monday", "funday" }, hours = new[] { new { start = "25:00", end = "12:00" } }, holidays = new[] { "2026-10-01", "2026-13-01" },
        }))).Order(StringComparer.Ordinal));
        // Readable but wrong: unknown zone, a stretch ending before it starts, a day both holiday and working day.
        Assert.Equal(["hours[0]", "timeZone", "workingWeekendDays"], (await ErrorsAsync(await admin.PutAsJsonAsync(Url(Base + "/calendar"), new
        {
            timeZone = "Mars/Olympus_Mons", workingDays = new[] { "monday" }, hours = new[] { new { start = "17:00", end = "09:00" } }, holidays = new[] { "2026-10-10" }, workingWeekendDays = new[] { "2026-10-10" },
        }))).Order(StringComparer.Ordinal));
        Assert.Equal(["hours", "timeZone", "workingDays"], (await ErrorsAsync(await admin.PutAsJsonAsync(Url(Base + "/calendar"), new { }))).Order(StringComparer.Ordinal));

        // The refused requests changed nothing.
        var calendar = await admin.GetFromJsonAsync<CalendarDto>(Url(Base + "/calendar"));
        Assert.True(calendar!.Configured);
        Assert.Equal(["monday", "tuesday", "wednesday", "thursday", "friday"], calendar.WorkingDays);
        Assert.Equal([new HoursDto("08:30", "12:00"), new HoursDto("13:30", "17:30")], calendar.Hours);
        Assert.Equal(["2026-10-01", "2026-10-02"], calendar.Holidays);
        Assert.Equal(["2026-10-10"], calendar.WorkingWeekendDays);
        var stored = await DbAsync(app, db => db.BusinessCalendars.AsNoTracking().Select(c => c.Definition).SingleAsync());
        Assert.True(stored.IsWorkingDay(new DateOnly(2026, 10, 10))); // the adjusted working Saturday
        Assert.False(stored.IsWorkingDay(new DateOnly(2026, 10, 1)));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task EscalationLevels_ConsecutiveNamedAndUsersOfTheOrganisation(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var someone = await DbAsync(app, db => db.Users.OrderBy(u => u.CreatedAt).Select(u => u.Id).FirstAsync());
        Assert.Equal(["levels[1].level"], await ErrorsAsync(await admin.PutAsJsonAsync(Url(Base + "/escalation-levels"), new
        {
            levels = new object[] { new { level = 1, nameZh = "班组长" }, new { level = 3, nameZh = "分管领导" } },
        })));
        Assert.Equal(["levels[0].nameZh", "levels[1].notifyUserIds"], (await ErrorsAsync(await admin.PutAsJsonAsync(Url(Base + "/escalation-levels"), new
        {
            levels = new object[] { new { level = 1 }, new { level = 2, nameZh = "部门负责人", notifyUserIds = new[] { Guid.NewGuid() } } },
        }))).Order(StringComparer.Ordinal));
        Assert.Equal(["levels"], await ErrorsAsync(await admin.PutAsJsonAsync(Url(Base + "/escalation-levels"), new { })));

        var ok = await admin.PutAsJsonAsync(Url(Base + "/escalation-levels"), new
        {
            levels = new object[]
            {
                new { level = 1, nameZh = "班组长", nameEn = "Team lead", notifyUnitManagers = true },
                new { level = 2, nameZh = "分管领导", nameEn = "Executive", notifyUserIds = new[] { someone } },
            },
        });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var levels = await admin.GetFromJsonAsync<List<EscalationLevelDto>>(Url(Base + "/escalation-levels"));
        Assert.Equal([(1, "班组长", true, 0), (2, "分管领导", false, 1)], levels!.Select(l => (l.Level, l.NameZh, l.NotifyUnitManagers, l.NotifyUserIds.Count)));
        using var manager = await app.CreateClientAsAsync(Roles.UnitManager, (await app.HeadOfficeAsync()).Id);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PutAsJsonAsync(Url(Base + "/escalation-levels"), new { levels = Array.Empty<object>() })).StatusCode);
        Assert.Equal(2, await DbAsync(app, db => db.EscalationLevels.CountAsync()));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Settings_RangesChecked_AndDefaultsAreIdempotent(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        Assert.Equal(["autoCloseDays", "followUpDelayHours", "followUpMethod", "repeatWindowDays"], (await ErrorsAsync(await admin.PutAsJsonAsync(Url(Base + "/settings"),
            new { repeatWindowDays = 0, followUpMethod = "fax", followUpDelayHours = 721, autoCloseDays = 91 }))).Order(StringComparer.Ordinal));
        var saved = await admin.PutAsJsonAsync(Url(Base + "/settings"), new { repeatWindowDays = 365, followUpMethod = "call", followUpDelayHours = 0, autoCloseDays = 90 });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        using var viewer = await app.CreateClientAsAsync(Roles.Viewer);
        Assert.Equal(new CaseSettingsDto(365, FollowUpMethod.Call, 0, 90), await viewer.GetFromJsonAsync<CaseSettingsDto>(Url(Base + "/settings"), Json));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync(Url(Base + "/defaults"), null)).StatusCode);

        // Defaults: the first application adds what is missing, the second adds nothing; existing settings stay.
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync(Url(Base + "/defaults"), null)).StatusCode);
        var again = await admin.PostAsync(Url(Base + "/defaults"), null);
        Assert.Equal(new CaseDefaultsApplied(0, 0, 0, false, 0, false), await again.Content.ReadFromJsonAsync<CaseDefaultsApplied>());
        var codes = CaseDefaults.Categories.Select(c => c.Code).ToList();
        Assert.Equal(codes.Count, await DbAsync(app, db => db.CaseCategories.CountAsync(c => codes.Contains(c.Code))));
        var policyNames = CaseDefaults.Policies.Select(p => p.Name).ToList();
        Assert.Equal(CaseDefaults.Policies.Count, await DbAsync(app, db => db.SlaPolicies.CountAsync(p => policyNames.Contains(p.Name))));
        Assert.Equal(new CaseSettingsDto(365, FollowUpMethod.Call, 0, 90), await viewer.GetFromJsonAsync<CaseSettingsDto>(Url(Base + "/settings"), Json));
        // The safety policy applies to power-safety cases of any priority; the others by priority.
        var rules = await DbAsync(app, db => CaseRules.LoadAsync(db, db.Organisations.OrderBy(o => o.CreatedAt).First().Id, default));
        var safety = await DbAsync(app, db => db.CaseCategories.Where(c => c.Code == "safety").Select(c => c.Id).SingleAsync());
        Assert.Equal((15, 450), (rules.PolicyFor(safety, CasePriority.Low)!.FirstResponseMinutes, rules.PolicyFor(safety, CasePriority.Low)!.ResolutionMinutes));
        Assert.Equal((240, 2250), (rules.PolicyFor(null, CasePriority.Normal)!.FirstResponseMinutes, rules.PolicyFor(null, CasePriority.Normal)!.ResolutionMinutes));
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    private static async Task<Guid> CreatedIdAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await JsonOf(response)).GetProperty("id").GetGuid();
    }

    /// <summary>A category of another organisation (ids of other organisations must look unknown).</summary>
    private static Task<Guid> ForeignCategoryAsync(ManyiWebFactory app) => DbAsync(app, async db =>
    {
        var organisation = new Organisation { Id = Guid.NewGuid(), Name = Unique("other-org"), CreatedAt = DateTimeOffset.UtcNow };
        var category = new CaseCategory { Id = Guid.NewGuid(), OrganisationId = organisation.Id, Code = Unique("foreign"), NameZh = "别人的" };
        db.AddRange(organisation, category);
        await db.SaveChangesAsync();
        return category.Id;
    });
}
