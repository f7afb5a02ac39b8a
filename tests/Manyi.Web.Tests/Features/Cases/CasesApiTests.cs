using System.Net;
using System.Net.Http.Json;
using Manyi.Core.Cases;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Cases;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Manyi.Web.Tests.Features.Cases.CaseTestData;

namespace Manyi.Web.Tests.Features.Cases;

/// <summary>/api/v1/cases: create, list (filters, sort, paging), details with the SLA block, PATCH with If-Match, scope, idempotency.</summary>
[Collection(CasesApiGroup.Name)]
public sealed class CasesApiTests(CasesApiFixture fixture)
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Create_ChecksEveryField_AndStoresNothingWhenRefused(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var (handler, _, _) = await UserAsync(app, Roles.CaseHandler);
        var (_, viewerId, _) = await UserAsync(app, Roles.Viewer);
        var unit = await UnitAsync(app);
        var before = await DbAsync(app, db => db.Cases.CountAsync());

        Assert.Equal(["channel", "subject", "unitId"], await ErrorsAsync(await handler.PostAsJsonAsync(Url("/api/v1/cases"), new { })));
        var bad = await handler.PostAsJsonAsync(Url("/api/v1/cases"), new
        {
            kind = "alert", channel = "fax", priority = "asap", categoryId = Guid.NewGuid(), customerId = Guid.NewGuid(), ownerId = viewerId,
            receivedAt = DateTimeOffset.UtcNow.AddDays(1), subject = new string('x', 301),
        });
        Assert.Equal(["categoryId", "channel", "customerId", "kind", "ownerId", "priority", "receivedAt", "subject"], await ErrorsAsync(bad));
        Assert.Equal(before, await DbAsync(app, db => db.Cases.CountAsync()));

        // A good one: the receiver owns it (首问负责制), the history starts with Created.
        var created = await handler.PostAsJsonAsync(Url("/api/v1/cases"), new { channel = "phone", unitId = unit.Id, subject = "停电三次", kind = "complaint" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var details = (await created.Content.ReadFromJsonAsync<CaseDetails>(Json))!;
        Assert.Equal($"/api/v1/cases/{details.Id}", created.Headers.Location!.OriginalString);
        Assert.Equal($"\"{details.Version}\"", created.Headers.ETag!.Tag);
        Assert.Equal((CaseStatus.New, CaseKind.Complaint, "phone", CasePriority.Normal, 0), (details.Status, details.Kind, details.Channel, details.Priority, details.Level));
        Assert.Matches("^C[0-9]{8}-[0-9A-Z]{6}$", details.Number);
        Assert.Equal(CaseChecklist.Steps, details.Checklist.Select(s => s.Code));
        Assert.All(details.Checklist, s => Assert.Null(s.DoneAt));
        Assert.Equal([CaseEventKind.Created], (await HistoryAsync(handler, details.Id)).Select(e => e.Kind));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task List_FiltersSortsAndPages_WithWhitelistedKeys(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        await China2026Async(app);
        var (handler, handlerId, _) = await UserAsync(app, Roles.CaseHandler);
        var unit = await UnitAsync(app);
        var parent = await CategoryAsync(app, firstResponse: 120, resolution: 960);
        var child = await CategoryAsync(app, parent.Id, firstResponse: 10_000, resolution: 100_000);
        var a = await OpenAsync(handler, new { channel = "phone", unitId = unit.Id, categoryId = parent.Id, subject = "停电 A", receivedAt = new DateTimeOffset(2026, 4, 2, 16, 0, 0, Beijing) });
        var b = await OpenAsync(handler, new { channel = "web", unitId = unit.Id, categoryId = parent.Id, subject = "电压 B", priority = "urgent", receivedAt = new DateTimeOffset(2026, 2, 27, 17, 0, 0, Beijing) });
        var c = await OpenAsync(handler, new { channel = "counter", unitId = unit.Id, subject = "账单 C", priority = "low", kind = "enquiry" });
        var d = await OpenAsync(handler, new { channel = "app", unitId = unit.Id, categoryId = child.Id, subject = "抄表 D", priority = "high", receivedAt = DateTimeOffset.UtcNow.AddHours(-1) });
        var u = $"unitId={unit.Id}";
        async Task<List<Guid>> Ids(string query) => [.. (await ListAsync(handler, u + "&" + query)).Items.Select(i => i.Id)];

        // Sorting: due = resolution due time first (B: 28 Feb, A: 7 Apr, D: far ahead, C: none); received; priority; default newest first.
        Assert.Equal([b.Id, a.Id, d.Id, c.Id], await Ids("sort=due"));
        Assert.Equal([b.Id, a.Id, d.Id, c.Id], await Ids("sort=received"));
        Assert.Equal([c.Id, d.Id, a.Id, b.Id], await Ids("sort=-received"));
        Assert.Equal([c.Id, d.Id, a.Id, b.Id], await Ids(""));
        Assert.Equal([b.Id, d.Id, a.Id, c.Id], await Ids("sort=priority"));
        Assert.Equal([.. new[] { a, b, c, d }.OrderBy(x => x.Number, StringComparer.Ordinal).Select(x => x.Id)], await Ids("sort=number"));

        // Filters: overdue (A and B were due months ago), the category with its sub-categories, kind, priority, period, owner, text.
        Assert.Equal([a.Id, b.Id], await Ids("overdue=true"));
        Assert.Equal([d.Id, a.Id, b.Id], await Ids($"categoryId={parent.Id}"));
        Assert.Equal([d.Id], await Ids($"categoryId={child.Id}"));
        Assert.Equal([c.Id], await Ids("kind=enquiry"));
        Assert.Equal([b.Id], await Ids("priority=urgent"));
        Assert.Equal([a.Id], await Ids("from=2026-03-01&to=2026-05-01"));
        Assert.Equal([c.Id, d.Id, a.Id, b.Id], await Ids("owner=me&status=open"));
        Assert.Equal([c.Id, d.Id, a.Id, b.Id], await Ids($"ownerId={handlerId}&status=new&level=0"));
        Assert.Empty(await Ids($"ownerId={Guid.NewGuid()}"));
        Assert.Equal([b.Id], await Ids("q=电压"));
        Assert.Equal([b.Id], await Ids("q=" + b.Number.ToLowerInvariant()));
        Assert.Empty(await Ids("q=" + Uri.EscapeDataString("' OR '1'='1' --")));
        Assert.Empty(await Ids("status=closed"));

        // Paging with the total.
        var page = await ListAsync(handler, u + "&page=2&pageSize=3&sort=received");
        Assert.Equal((4, 2, 3), (page.Total, page.Page, page.PageSize));
        Assert.Equal([c.Id], page.Items.Select(i => i.Id));

        // The list item carries names, the customer, the level and the SLA.
        var item = (await ListAsync(handler, u + "&sort=due")).Items[0];
        Assert.Equal((b.Number, parent.NameZh, unit.Name, CasePriority.Urgent, false), (item.Number, item.CategoryName, item.UnitName, item.Priority, item.ResolutionBreached));
        // B: received Friday 27 February 17:00, 960 min: 30 on Friday, 450 on the adjusted working Saturday 28 February (调休),
        // 450 on Monday 2 March = 930; 30 more on Tuesday 3 March → 09:00.
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 9, 0, 0, Beijing), item.ResolutionDueAt);

        // Sort keys and filters are whitelisted or typed: an injection attempt is refused by name and the table is intact.
        var injected = await handler.GetAsync(Url($"/api/v1/cases?{u}&sort=" + Uri.EscapeDataString("number; DROP TABLE \"Cases\"; --")));
        Assert.Equal(["sort"], await ErrorsAsync(injected));
        Assert.Equal(["kind", "level", "overdue", "pageSize", "status"],
            await ErrorsAsync(await handler.GetAsync(Url("/api/v1/cases?status=opened&kind=1&overdue=maybe&level=-1&pageSize=201"))));
        Assert.Equal(["from", "owner", "unitId"], await ErrorsAsync(await handler.GetAsync(Url("/api/v1/cases?from=yesterday&owner=you&unitId=1 OR 1=1"))));
        Assert.Equal(4, (await ListAsync(handler, u)).Total);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Details_ShowTheSlaOnTheBusinessCalendar_AndPatchRepicksThePolicy(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        await China2026Async(app);
        var (handler, handlerId, handlerName) = await UserAsync(app, Roles.CaseHandler);
        var (viewer, _, _) = await UserAsync(app, Roles.Viewer);
        var unit = await UnitAsync(app);
        var category = await CategoryAsync(app);
        var normal = await PolicyAsync(app, category.Id, null, firstResponse: 120, resolution: 960);

        // Received Thursday 2 April 2026 16:00 (Beijing). Working time 08:30–12:00, 13:30–17:30; 4–6 April is the Qingming holiday.
        // First response, 120 min: 16:00–17:30 gives 90, 30 more on Friday 3 April from 08:30 → 09:00.
        // Resolution, 960 min: 90 on Thursday, 450 on Friday (210 + 240) = 540; 420 left after the holiday on Tuesday 7 April:
        // 210 in the morning, 210 from 13:30 → 17:00.
        var a = await OpenAsync(handler, new { channel = "phone", unitId = unit.Id, categoryId = category.Id, subject = "停电", receivedAt = "2026-04-02T16:00:00+08:00" });
        Assert.Equal(new DateTimeOffset(2026, 4, 3, 9, 0, 0, Beijing), a.Sla.FirstResponseDueAt);
        Assert.Equal(new DateTimeOffset(2026, 4, 7, 17, 0, 0, Beijing), a.Sla.ResolutionDueAt);
        Assert.Equal((normal.Id, normal.Name, 120, 960), (a.Sla.PolicyId, a.Sla.PolicyName, a.Sla.FirstResponseTargetMinutes!.Value, a.Sla.ResolutionTargetMinutes!.Value));
        Assert.True(a.Sla.FirstResponseMinutesRemaining < 0 && a.Sla.ResolutionMinutesRemaining < 0, "both due times have passed");
        Assert.Equal((category.Id, category.Code, category.NameZh), (a.Category!.Id, a.Category.Code, a.Category.Name));
        Assert.Equal((unit.Id, unit.Code, unit.Name), (a.Unit.Id, a.Unit.Code, a.Unit.Name));
        Assert.Equal((handlerId, handlerName), (a.OwnerId!.Value, a.OwnerName));
        Assert.Equal(["respond", "hand-over", "tick", "note", "resolve", "escalate", "edit"], a.AllowedActions);
        Assert.Empty((await GetAsync(viewer, a.Id)).AllowedActions);

        // An adjusted working Saturday (调休): received Friday 27 February 17:00; first response 60 min = 30 on Friday and 30 on
        // Saturday 28 February → 09:00; resolution 480 min = 30 on Friday and 450 on Saturday → 17:30 (else it would be Monday).
        var short_ = await CategoryAsync(app, firstResponse: 60, resolution: 480);
        var saturday = await OpenAsync(handler, new { channel = "web", unitId = unit.Id, categoryId = short_.Id, subject = "电压", receivedAt = "2026-02-27T17:00:00+08:00" });
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 9, 0, 0, Beijing), saturday.Sla.FirstResponseDueAt);
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 17, 30, 0, Beijing), saturday.Sla.ResolutionDueAt);

        // Paused: the resolution clock stands still; the minutes left are counted from the pause. Paused at Friday 3 April 10:00:
        // 120 + 240 on Friday, the holiday, 210 + 210 on Tuesday until 17:00 = 780 business minutes.
        await ActAsync(handler, a.Id, "respond", new { note = "已致电客户" });
        await ActAsync(handler, a.Id, "pause", new { note = "等待客户提供户号" });
        await DbAsync(app, async db =>
        {
            var stored = await db.Cases.SingleAsync(x => x.Id == a.Id);
            stored.PausedAt = new DateTimeOffset(2026, 4, 3, 10, 0, 0, Beijing).ToUniversalTime();
            await db.SaveChangesAsync();
        });
        var paused = await GetAsync(handler, a.Id);
        Assert.Equal((CaseStatus.WaitingForCustomer, true, 780.0), (paused.Status, paused.Sla.PausedNow, paused.Sla.ResolutionMinutesRemaining!.Value));
        Assert.Null(paused.Sla.FirstResponseMinutesRemaining); // responded
        Assert.Equal(["hand-over", "tick", "note", "resume", "resolve", "escalate", "edit"], paused.AllowedActions);

        // PATCH with a stale If-Match: 412 and nothing changed.
        using (var stale = new HttpRequestMessage(HttpMethod.Patch, Url($"/api/v1/cases/{a.Id}")) { Content = JsonContent.Create(new { subject = "改过的标题" }) })
        {
            stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{Guid.NewGuid()}\""));
            var refused = await handler.SendAsync(stale);
            Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        }
        var unchanged = await GetAsync(handler, a.Id);
        Assert.Equal(("停电", paused.Version), (unchanged.Subject, unchanged.Version));

        // PATCH with the current ETag: an urgent priority picks the category's urgent policy (60 / 240 min) and recomputes the due
        // times from the receipt: 16:00 + 60 → 17:00 on Thursday; 240 = 90 on Thursday + 150 on Friday from 08:30 → 11:00.
        var urgent = await PolicyAsync(app, category.Id, CasePriority.Urgent, firstResponse: 60, resolution: 240);
        using (var patch = new HttpRequestMessage(HttpMethod.Patch, Url($"/api/v1/cases/{a.Id}")) { Content = JsonContent.Create(new { subject = "反复停电", priority = "urgent" }) })
        {
            patch.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{unchanged.Version}\""));
            var patched = await handler.SendAsync(patch);
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
            var body = (await patched.Content.ReadFromJsonAsync<CaseDetails>(Json))!;
            Assert.Equal(("反复停电", CasePriority.Urgent, urgent.Id), (body.Subject, body.Priority, body.Sla.PolicyId!.Value));
            Assert.Equal(new DateTimeOffset(2026, 4, 2, 17, 0, 0, Beijing), body.Sla.FirstResponseDueAt);
            Assert.Equal(new DateTimeOffset(2026, 4, 3, 11, 0, 0, Beijing), body.Sla.ResolutionDueAt);
            Assert.NotEqual(unchanged.Version, body.Version);
            Assert.Equal($"\"{body.Version}\"", patched.Headers.ETag!.Tag);
        }
        var edited = (await HistoryAsync(handler, a.Id)).Last();
        Assert.Equal(CaseEventKind.Edited, edited.Kind);
        Assert.Equal("停电 → 反复停电", edited.Detail["subject"]);
        Assert.Equal("Normal → Urgent", edited.Detail["priority"]);
        Assert.Equal($"{normal.Id} → {urgent.Id}", edited.Detail["slaPolicyId"]);
        Assert.Equal(["priority", "subject"], await ErrorsAsync(await handler.PatchAsJsonAsync(Url($"/api/v1/cases/{a.Id}"), new { subject = "", priority = "now" })));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task UnitManager_GetsNotFoundForAnotherUnitsCase_InTheUrlAndInThePayload(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var (handler, _, _) = await UserAsync(app, Roles.CaseHandler);
        var mine = await UnitAsync(app);
        var theirs = await UnitAsync(app);
        var (manager, _, _) = await UserAsync(app, Roles.UnitManager, mine.Id);
        var theirCustomer = await CustomerAsync(app, theirs);
        var foreign = await OpenAsync(handler, new { channel = "phone", customerId = theirCustomer.Id, subject = "别的单位的工单" });
        Assert.Equal(theirs.Id, foreign.Unit.Id); // the customer's unit by default
        var own = await OpenAsync(manager, new { channel = "phone", unitId = mine.Id, subject = "本单位的工单" });

        // The URL: another unit's case is not found, whatever the route.
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(Url($"/api/v1/cases/{foreign.Id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(Url($"/api/v1/cases/{foreign.Id}/history"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.PostAsJsonAsync(Url($"/api/v1/cases/{foreign.Id}/respond"), new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.PostAsJsonAsync(Url($"/api/v1/cases/{foreign.Id}/notes"), new { text = "看看" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.PatchAsJsonAsync(Url($"/api/v1/cases/{foreign.Id}"), new { subject = "改" })).StatusCode);
        Assert.Equal([own.Id], (await ListAsync(manager, "pageSize=200")).Items.Select(i => i.Id));
        Assert.Empty((await ListAsync(manager, $"unitId={theirs.Id}")).Items);

        // The payload: a unit or customer of another unit is refused by name, nothing is written.
        var before = await DbAsync(app, db => db.Cases.CountAsync());
        Assert.Equal(["unitId"], await ErrorsAsync(await manager.PostAsJsonAsync(Url("/api/v1/cases"), new { channel = "phone", unitId = theirs.Id, subject = "x" })));
        Assert.Equal(["customerId"], await ErrorsAsync(await manager.PostAsJsonAsync(Url("/api/v1/cases"), new { channel = "phone", customerId = theirCustomer.Id, subject = "x" })));
        Assert.Equal(["unitId"], await ErrorsAsync(await manager.PatchAsJsonAsync(Url($"/api/v1/cases/{own.Id}"), new { unitId = theirs.Id })));
        Assert.Equal(before, await DbAsync(app, db => db.Cases.CountAsync()));
        Assert.Equal(mine.Id, (await GetAsync(manager, own.Id)).Unit.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(Url($"/api/v1/cases/{Guid.NewGuid()}"))).StatusCode);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Create_TenConcurrentPostsWithOneIdempotencyKey_MakeOneCase(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var (handler, _, _) = await UserAsync(app, Roles.CaseHandler);
        var unit = await UnitAsync(app);
        var key = "crm-" + Guid.NewGuid().ToString("N");
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Url("/api/v1/cases")) { Content = JsonContent.Create(new { channel = "web", unitId = unit.Id, subject = "网上报修" }) };
            request.Headers.Add(CasesApi.IdempotencyHeader, key);
            var response = await handler.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, body);
            return (response.StatusCode, Replayed: response.Headers.TryGetValues(CasesApi.ReplayedHeader, out var v) && v.Single() == "true",
                Id: System.Text.Json.JsonSerializer.Deserialize<CaseDetails>(body, Json)!.Id);
        }));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode == HttpStatusCode.OK), r => Assert.True(r.Replayed));
        Assert.Single(responses.Select(r => r.Id).Distinct());
        Assert.Equal(1, await DbAsync(app, db => db.Cases.CountAsync(c => c.ExternalKey == key)));
        Assert.Equal(1, await DbAsync(app, db => db.CaseEvents.CountAsync(e => e.CaseId == responses[0].Id)));

        // externalKey in the body works the same.
        var first = await OpenAsync(handler, new { channel = "web", unitId = unit.Id, subject = "另一个", externalKey = key + "-b" });
        var again = await handler.PostAsJsonAsync(Url("/api/v1/cases"), new { channel = "web", unitId = unit.Id, subject = "另一个", externalKey = key + "-b" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first.Id, (await again.Content.ReadFromJsonAsync<CaseDetails>(Json))!.Id);
    }
}
