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

/// <summary>The case actions through the API: the whole life cycle with its history, first-responder ownership, follow-up and reopening.</summary>
[Collection(CasesApiGroup.Name)]
public sealed class CasesApiLifecycleTests(CasesApiFixture fixture)
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task LifeCycle_RespondTickPauseHandOverResolveFollowUpClose_RecordsEveryStep(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var (first, firstId, firstName) = await UserAsync(app, Roles.CaseHandler);
        var (second, secondId, secondName) = await UserAsync(app, Roles.CaseHandler);
        var (_, leadId, _) = await UserAsync(app, Roles.CaseHandler);
        await LevelOneAsync(app, leadId);
        var unit = await UnitAsync(app);
        var customer = await CustomerAsync(app, unit, email: "wang@example.cn");
        var category = await CategoryAsync(app);
        var cause = await RootCauseAsync(app);

        // The receiver owns the case (首问负责制); another handler may add a note but not work it (403 naming the owner).
        var opened = await OpenAsync(first, new { channel = "phone", customerId = customer.Id, categoryId = category.Id, subject = "三天停电两次" });
        Assert.Equal((firstId, CaseStatus.New), (opened.OwnerId!.Value, opened.Status));
        var id = opened.Id;
        var notMine = await second.PostAsJsonAsync(Url($"/api/v1/cases/{id}/respond"), new { });
        Assert.Equal(HttpStatusCode.Forbidden, notMine.StatusCode);
        var problem = await JsonOf(notMine);
        Assert.Equal(firstName, problem.GetProperty("ownerName").GetString());
        Assert.Contains(firstName, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(["note"], (await GetAsync(second, id)).AllowedActions);
        Assert.Equal(opened.Version, (await GetAsync(first, id)).Version);

        var responded = await ActAsync(first, id, "respond", new { note = "已致电致歉" });
        Assert.Equal(CaseStatus.InProgress, responded.Status);
        Assert.NotNull(responded.FirstRespondedAt);
        var ticked = await ActAsync(first, id, $"checklist/{CaseChecklist.ThankAndApologise}", new { done = true });
        Assert.Equal(firstName, ticked.Checklist[0].DoneByName);
        Assert.NotNull(ticked.Checklist[0].DoneAt);
        Assert.Equal(HttpStatusCode.Conflict, (await first.PostAsJsonAsync(Url($"/api/v1/cases/{id}/checklist/{CaseChecklist.ThankAndApologise}"), new { done = true })).StatusCode);
        Assert.Equal(["step"], await ErrorsAsync(await first.PostAsJsonAsync(Url($"/api/v1/cases/{id}/checklist/smile"), new { done = true })));
        await ActAsync(second, id, "notes", new { text = "<script>alert(1)</script> 客户曾投诉过" });
        Assert.Equal(["text"], await ErrorsAsync(await second.PostAsJsonAsync(Url($"/api/v1/cases/{id}/notes"), new { text = " " })));
        Assert.Equal(CaseStatus.WaitingForCustomer, (await ActAsync(first, id, "pause", new { note = "等客户回电" })).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await first.PostAsJsonAsync(Url($"/api/v1/cases/{id}/pause"), new { })).StatusCode);
        Assert.Equal(CaseStatus.InProgress, (await ActAsync(first, id, "resume")).Status);

        // Hand-over: needs a reason and a user who may own cases; the new owner is notified, the old one may no longer work it.
        var (_, viewerId, _) = await UserAsync(app, Roles.Viewer);
        Assert.Equal(["reason", "toUserId"], await ErrorsAsync(await first.PostAsJsonAsync(Url($"/api/v1/cases/{id}/hand-over"), new { toUserId = viewerId, reason = "" })));
        var handedOver = await ActAsync(first, id, "hand-over", new { toUserId = secondId, reason = "抢修班负责该台区" });
        Assert.Equal((secondId, secondName), (handedOver.OwnerId!.Value, handedOver.OwnerName));
        Assert.Equal(1, await DbAsync(app, db => db.Notifications.CountAsync(n => n.CaseId == id && n.UserId == secondId && n.Kind == NotificationKind.CaseHandedOver)));
        Assert.Equal(HttpStatusCode.Forbidden, (await first.PostAsJsonAsync(Url($"/api/v1/cases/{id}/resolve"), new { resolution = "x", rootCauseId = cause.Id })).StatusCode);

        // Resolve: a complaint needs its root cause; the customer has an e-mail address, so the follow-up is a survey link.
        Assert.Equal(["resolution", "rootCauseId"], await ErrorsAsync(await second.PostAsJsonAsync(Url($"/api/v1/cases/{id}/resolve"), new { resolution = "" })));
        var resolved = await ActAsync(second, id, "resolve", new { resolution = "更换了老化的线路", rootCauseId = cause.Id });
        Assert.Equal((CaseStatus.Resolved, FollowUpMethod.Survey, true), (resolved.Status, resolved.FollowUp.Method!.Value, resolved.FollowUp.TokenIssued));
        Assert.Equal((cause.Id, RootCauseKind.People), (resolved.RootCause!.Id, resolved.RootCause.Kind));
        Assert.Equal(["hand-over", "tick", "note", "follow-up", "close", "escalate", "edit"], resolved.AllowedActions);

        // The follow-up call: not satisfied → reopened one level up (level 1), that level's user is notified.
        Assert.Equal(["resolved", "satisfaction"], await ErrorsAsync(await second.PostAsJsonAsync(Url($"/api/v1/cases/{id}/follow-up"), new { satisfaction = "angry" })));
        var reopened = await ActAsync(second, id, "follow-up", new { resolved = false, satisfaction = "notSatisfied", note = "又停电了" });
        Assert.Equal((CaseStatus.InProgress, 1, "班组长", 1), (reopened.Status, reopened.Level, reopened.LevelName, reopened.ReopenCount));
        Assert.Equal((FollowUpMethod.Call, FollowUpSatisfaction.NotSatisfied, false, false), (reopened.FollowUp.Method!.Value, reopened.FollowUp.Satisfaction!.Value, reopened.FollowUp.Resolved!.Value, reopened.FollowUp.TokenIssued));
        Assert.Equal(1, await DbAsync(app, db => db.Notifications.CountAsync(n => n.CaseId == id && n.UserId == leadId && n.Kind == NotificationKind.FollowUpNotSatisfied && n.Level == 1)));

        // Resolved again, closed with a note; a closed case refuses work with 409 and the reason.
        await ActAsync(second, id, "resolve", new { resolution = "改造了台区线路", rootCauseId = cause.Id });
        var closed = await ActAsync(second, id, "close", new { note = "客户未接电话，三次未接通" });
        Assert.Equal(CaseStatus.Closed, closed.Status);
        var refused = await second.PostAsJsonAsync(Url($"/api/v1/cases/{id}/respond"), new { });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("only a new case", (await JsonOf(refused)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The history, event by event: who, what, the status and level after it, the reason and the note.
        var history = await HistoryAsync(first, id);
        Assert.Equal(
        [
            (CaseEventKind.Created, firstName, CaseStatus.New, 0),
            (CaseEventKind.Responded, firstName, CaseStatus.InProgress, 0),
            (CaseEventKind.ChecklistTicked, firstName, CaseStatus.InProgress, 0),
            (CaseEventKind.Noted, secondName, CaseStatus.InProgress, 0),
            (CaseEventKind.Paused, firstName, CaseStatus.WaitingForCustomer, 0),
            (CaseEventKind.Resumed, firstName, CaseStatus.InProgress, 0),
            (CaseEventKind.HandedOver, firstName, CaseStatus.InProgress, 0),
            (CaseEventKind.Resolved, secondName, CaseStatus.Resolved, 0),
            (CaseEventKind.FollowUpRecorded, secondName, CaseStatus.Resolved, 0),
            (CaseEventKind.Reopened, secondName, CaseStatus.InProgress, 0),
            (CaseEventKind.Escalated, secondName, CaseStatus.InProgress, 1),
            (CaseEventKind.Resolved, secondName, CaseStatus.Resolved, 1),
            (CaseEventKind.Closed, secondName, CaseStatus.Closed, 1),
        ], history.Select(e => (e.Kind, e.ActorName, e.Status, e.Level)));
        Assert.Equal("已致电致歉", history[1].Note);
        Assert.Equal(CaseChecklist.ThankAndApologise, history[2].Detail["step"]);
        Assert.Equal("<script>alert(1)</script> 客户曾投诉过", history[3].Note);
        Assert.Equal(("抢修班负责该台区", secondId.ToString()), (history[6].Reason, history[6].Detail["to"]));
        Assert.Equal("更换了老化的线路", history[7].Note);
        Assert.Equal(("又停电了", "NotSatisfied"), (history[8].Note, history[8].Detail["satisfaction"]));
        Assert.Equal((nameof(EscalationReason.FollowUpNotSatisfied), "0", "1"), (history[10].Reason, history[10].Detail["from"], history[10].Detail["to"]));
        Assert.Equal("客户未接电话，三次未接通", history[12].Note);
        Assert.True(history.Zip(history.Skip(1)).All(p => p.First.At <= p.Second.At), "oldest first");
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task UnownedCase_TheHandlerWhoWorksItBecomesItsOwner_AndStaleIfMatchChangesNothing(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var (opener, _, _) = await UserAsync(app, Roles.CaseHandler);
        var (taker, takerId, takerName) = await UserAsync(app, Roles.CaseHandler);
        var unit = await UnitAsync(app);
        var opened = await OpenAsync(opener, new { channel = "letter", unitId = unit.Id, subject = "来信反映电费", kind = "enquiry" });
        await DbAsync(app, async db =>
        {
            var stored = await db.Cases.SingleAsync(c => c.Id == opened.Id);
            stored.OwnerId = null;
            await db.SaveChangesAsync();
        });
        var unowned = await GetAsync(taker, opened.Id);
        Assert.Null(unowned.OwnerId);
        Assert.Contains("respond", unowned.AllowedActions);

        // A stale If-Match on an action: 412, nothing changed.
        using (var stale = new HttpRequestMessage(HttpMethod.Post, Url($"/api/v1/cases/{opened.Id}/respond")) { Content = JsonContent.Create(new { }) })
        {
            stale.Headers.TryAddWithoutValidation("If-Match", $"\"{Guid.NewGuid()}\"");
            Assert.Equal(HttpStatusCode.PreconditionFailed, (await taker.SendAsync(stale)).StatusCode);
        }
        Assert.Equal((CaseStatus.New, (Guid?)null), ((await GetAsync(taker, opened.Id)).Status, (await GetAsync(taker, opened.Id)).OwnerId));

        using var request = new HttpRequestMessage(HttpMethod.Post, Url($"/api/v1/cases/{opened.Id}/respond")) { Content = JsonContent.Create(new { }) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{unowned.Version}\"");
        var response = await taker.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var worked = (await response.Content.ReadFromJsonAsync<CaseDetails>(Json))!;
        Assert.Equal((CaseStatus.InProgress, takerId, takerName), (worked.Status, worked.OwnerId!.Value, worked.OwnerName));
        var history = await HistoryAsync(taker, opened.Id);
        Assert.Equal([CaseEventKind.Created, CaseEventKind.Responded, CaseEventKind.HandedOver], history.Select(e => e.Kind));
        Assert.Equal(takerId.ToString(), history[2].Detail["to"]);

        // A manual escalation with a note; without levels above it, the event is recorded at the top level reached.
        var escalated = await ActAsync(taker, opened.Id, "escalate", new { note = "客户要求领导回复" });
        var events = await HistoryAsync(taker, opened.Id);
        // Same moment: the note (why) comes before the escalation in the history.
        Assert.Equal([CaseEventKind.Noted, CaseEventKind.Escalated], events.Skip(3).Select(e => e.Kind));
        Assert.Equal(("客户要求领导回复", nameof(EscalationReason.Manual)), (events[3].Note, events[4].Reason));
        Assert.Equal(escalated.Level, events[4].Level);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task ConcurrentActions_OnlyOneWins_AndTheOthersChangeNothing(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var (handler, _, _) = await UserAsync(app, Roles.CaseHandler);
        var unit = await UnitAsync(app);
        var opened = await OpenAsync(handler, new { channel = "phone", unitId = unit.Id, subject = "并发", kind = "enquiry" });

        // Five first responses at once: the version (concurrency token) lets one through; the others see a changed case (412) or
        // one no longer new (409). One response in the history.
        var statuses = await Task.WhenAll(Enumerable.Range(0, 5).Select(async i =>
            (await handler.PostAsJsonAsync(Url($"/api/v1/cases/{opened.Id}/respond"), new { note = $"第{i}次" })).StatusCode));
        Assert.Single(statuses, s => s == HttpStatusCode.OK);
        Assert.All(statuses.Where(s => s != HttpStatusCode.OK), s => Assert.True(s is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict, s.ToString()));
        Assert.Single(await HistoryAsync(handler, opened.Id), e => e.Kind == CaseEventKind.Responded);
    }
}
