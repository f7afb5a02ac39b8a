using System.Net;
using Manyi.Core.Cases;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Pages;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Manyi.Web.Tests.Features.Cases;

/// <summary>The case pages through HTTP with antiforgery, as a browser posts them: list and scope, receiving, working, refusals, XSS.</summary>
public class CasePagesTests(CasePagesFixture fixture) : IClassFixture<CasePagesFixture>
{
    private const string Script = "<script>alert(1)</script>";
    private const string EncodedScript = "&lt;script&gt;alert(1)&lt;/script&gt;";

    private static string Unique(string prefix) => $"{prefix} {Guid.NewGuid():N}";

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task List_HandlerSeesOwnCasesFirst_UnitManagerOnlyOwnUnits(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var headOffice = await app.HeadOfficeAsync();
        var mine = await app.AddUnitAsync(headOffice.Id);
        var other = await app.AddUnitAsync(headOffice.Id);
        using var handler = await app.CreateClientAsAsync(Roles.CaseHandler);
        var handlerId = await handler.UserIdAsync();
        var owned = await app.OpenCaseAsync(mine.Id, Unique("Owned"), ownerId: handlerId);
        var unowned = await app.OpenCaseAsync(mine.Id, Unique("Unowned"));
        var elsewhere = await app.OpenCaseAsync(other.Id, Unique("Elsewhere"));

        // A handler starts on "mine": the owned case is listed, the unowned one is not.
        var start = await handler.GetHtmlAsync("/cases");
        Assert.Contains(owned.Number, start, StringComparison.Ordinal);
        Assert.DoesNotContain(unowned.Number, start, StringComparison.Ordinal);
        Assert.Contains("id=\"view-mine\" class=\"active\"", start, StringComparison.Ordinal);
        // "All" with the unit filter shows both cases of the unit; the other unit's case is filtered out.
        var all = await handler.GetHtmlAsync($"/cases?view=all&unit={mine.Id}");
        Assert.Contains(owned.Number, all, StringComparison.Ordinal);
        Assert.Contains(unowned.Number, all, StringComparison.Ordinal);
        Assert.DoesNotContain(elsewhere.Number, all, StringComparison.Ordinal);

        // A unit manager of "mine" sees its unit's cases and never the other unit's, even by id.
        using var manager = await app.CreateClientAsAsync(Roles.UnitManager, mine.Id);
        var managerList = await manager.GetHtmlAsync("/cases?view=all");
        Assert.Contains(owned.Number, managerList, StringComparison.Ordinal);
        Assert.DoesNotContain(elsewhere.Number, managerList, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync(new Uri($"/cases/{owned.Id}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(new Uri($"/cases/{elsewhere.Id}", UriKind.Relative))).StatusCode);
        // Posting an action on the hidden case (with a valid token and the right version) is a 404 too, and changes nothing.
        var token = await manager.GetTokenAsync($"/cases/{owned.Id}");
        var post = await manager.PostFormAsync($"/cases/{elsewhere.Id}?handler=respond", ("version", elsewhere.Version.ToString()), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(CaseStatus.New, (await app.FindCaseAsync(elsewhere.Id)).Status);

        // Filters are whitelisted: an unknown view is refused with a message, a quote trick in q matches nothing.
        handler.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var bad = await handler.GetHtmlAsync("/cases?view=" + Uri.EscapeDataString("all' OR 1=1 --") + "&q=" + Uri.EscapeDataString("%' OR '1'='1"));
        Assert.Contains("Unknown view", bad, StringComparison.Ordinal);
        Assert.Contains("id=\"no-cases\"", bad, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task New_Form_ValidatesPerField_ThenOpensACaseOwnedByTheReceiver(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await app.AddUnitAsync((await app.HeadOfficeAsync()).Id);
        var customer = await app.AddCustomerAsync(unit.Id, Unique("Customer"));
        using var handler = await app.CreateClientAsAsync(Roles.CaseHandler);
        handler.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var handlerId = await handler.UserIdAsync();
        var token = await handler.GetTokenAsync("/cases/new");

        // No subject and an unknown channel: one message per field, nothing created.
        var refused = await handler.PostFormAsync("/cases/new", ("Input.Kind", "Complaint"), ("Input.CustomerCode", customer.Code),
            ("Input.Channel", "pigeon"), ("Input.Priority", "High"), ("Input.Subject", " "), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Subject is required.", html, StringComparison.Ordinal);
        Assert.Contains("Choose a valid Channel.", html, StringComparison.Ordinal);
        Assert.Equal(0, await CountCasesAsync(app, unit.Id));

        // Valid: the unit comes from the customer, the receiver owns the case, the history says "created".
        var subject = Unique("Power cut twice this week");
        var created = await handler.PostFormAsync("/cases/new", ("Input.Kind", "Complaint"), ("Input.CustomerCode", customer.Code),
            ("Input.Channel", "phone"), ("Input.Priority", "High"), ("Input.Subject", subject), ("Input.Description", "Since Monday"),
            ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = Guid.Parse(Forms.PathOf(created.Headers.Location).Split('/')[2]);
        var saved = await app.FindCaseAsync(id);
        Assert.Equal((subject, unit.Id, customer.Id, (Guid?)handlerId, CaseStatus.New, CasePriority.High, "phone"),
            (saved.Subject, saved.UnitId, saved.CustomerId!.Value, saved.OwnerId, saved.Status, saved.Priority, saved.Channel));
        Assert.Equal([CaseEventKind.Created], (await app.HistoryAsync(id)).Select(e => e.Kind));
        var page = await handler.GetHtmlAsync($"/cases/{id}");
        Assert.Contains($"href=\"/customers/{customer.Id}\"", page, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Forms_RespondTickHandOverResolve_FollowTheRules(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await app.AddUnitAsync((await app.HeadOfficeAsync()).Id);
        var cause = await app.RootCauseAsync();
        using var a = await app.CreateClientAsAsync(Roles.CaseHandler);
        using var b = await app.CreateClientAsAsync(Roles.CaseHandler);
        a.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var aId = await a.UserIdAsync();
        var bId = await b.UserIdAsync();
        var opened = await app.OpenCaseAsync(unit.Id, Unique("Bill too high"));
        Assert.Null(opened.OwnerId);
        var path = $"/cases/{opened.Id}";
        var tokenA = await a.GetTokenAsync(path);

        // A responds to the unowned case and so becomes its owner (首问负责制).
        var respond = await a.PostFormAsync(path + "?handler=respond", ("version", opened.Version.ToString()), ("__RequestVerificationToken", tokenA));
        Assert.Equal(HttpStatusCode.Redirect, respond.StatusCode);
        var afterRespond = await app.FindCaseAsync(opened.Id);
        Assert.Equal((CaseStatus.InProgress, (Guid?)aId), (afterRespond.Status, afterRespond.OwnerId));

        // A ticks the first step: done by A, with a time.
        var tick = await a.PostFormAsync(path + "?handler=tick", ("version", afterRespond.Version.ToString()), ("step", CaseChecklist.ThankAndApologise),
            ("done", "true"), ("__RequestVerificationToken", tokenA));
        Assert.Equal(HttpStatusCode.Redirect, tick.StatusCode);
        var afterTick = await app.FindCaseAsync(opened.Id);
        var step = afterTick.Checklist.Single(s => s.Code == CaseChecklist.ThankAndApologise);
        Assert.Equal(aId, step.DoneBy);
        Assert.NotNull(step.DoneAt);

        // A hand-over without a reason is refused naming the field; nothing changes.
        var noReason = await a.PostFormAsync(path + "?handler=handover", ("version", afterTick.Version.ToString()), ("toUserId", bId.ToString()),
            ("reason", ""), ("__RequestVerificationToken", tokenA));
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        Assert.Contains("Reason for the hand-over is required.", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(afterTick.Version, (await app.FindCaseAsync(opened.Id)).Version);

        // With a reason: B owns it, the history records the reason, B is notified.
        var handOver = await a.PostFormAsync(path + "?handler=handover", ("version", afterTick.Version.ToString()), ("toUserId", bId.ToString()),
            ("reason", "Billing specialist"), ("__RequestVerificationToken", tokenA));
        Assert.Equal(HttpStatusCode.Redirect, handOver.StatusCode);
        var afterHandOver = await app.FindCaseAsync(opened.Id);
        Assert.Equal(bId, afterHandOver.OwnerId);
        var handedOver = (await app.HistoryAsync(opened.Id)).Last(e => e.Kind == CaseEventKind.HandedOver);
        Assert.Equal(("Billing specialist", aId.ToString(), bId.ToString()), (handedOver.Reason, handedOver.Detail["from"], handedOver.Detail["to"]));
        Assert.Equal(1, await NotificationsAsync(app, bId, opened.Id, NotificationKind.CaseHandedOver));

        // A no longer owns it: a case handler who is not the owner may not tick it.
        var notYours = await a.PostFormAsync(path + "?handler=tick", ("version", afterHandOver.Version.ToString()), ("step", CaseChecklist.Listen),
            ("done", "true"), ("__RequestVerificationToken", tokenA));
        Assert.Equal(HttpStatusCode.OK, notYours.StatusCode);
        Assert.Contains("id=\"refusal\"", await notYours.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(afterHandOver.Version, (await app.FindCaseAsync(opened.Id)).Version);

        // B resolves it: a complaint without a root cause is refused, with one it is resolved. The case has no customer to mail a
        // follow-up survey to, so the follow-up becomes a call (the same rule as the API: CaseIntake.ResolveAsync).
        var tokenB = await b.GetTokenAsync(path);
        var noCause = await b.PostFormAsync(path + "?handler=resolve", ("version", afterHandOver.Version.ToString()), ("resolution", "Corrected the bill"),
            ("rootCauseId", ""), ("__RequestVerificationToken", tokenB));
        Assert.Equal(HttpStatusCode.OK, noCause.StatusCode);
        Assert.Equal(CaseStatus.InProgress, (await app.FindCaseAsync(opened.Id)).Status);
        var resolve = await b.PostFormAsync(path + "?handler=resolve", ("version", afterHandOver.Version.ToString()), ("resolution", "Corrected the bill"),
            ("rootCauseId", cause.ToString()), ("__RequestVerificationToken", tokenB));
        Assert.Equal(HttpStatusCode.Redirect, resolve.StatusCode);
        var resolved = await app.FindCaseAsync(opened.Id);
        Assert.Equal((CaseStatus.Resolved, "Corrected the bill", (Guid?)cause), (resolved.Status, resolved.Resolution, resolved.RootCauseId));
        Assert.Equal((FollowUpMethod.Call, (string?)null), (resolved.FollowUpMethod!.Value, resolved.FollowUpToken));
        Assert.Equal(
            [CaseEventKind.Created, CaseEventKind.Responded, CaseEventKind.HandedOver, CaseEventKind.ChecklistTicked, CaseEventKind.HandedOver, CaseEventKind.Resolved],
            (await app.HistoryAsync(opened.Id)).Select(e => e.Kind));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task StaleVersion_SaysSoAndChangesNothing(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await app.AddUnitAsync((await app.HeadOfficeAsync()).Id);
        using var handler = await app.CreateClientAsAsync(Roles.CaseHandler);
        var opened = await app.OpenCaseAsync(unit.Id, Unique("Stale"), ownerId: await handler.UserIdAsync());
        var token = await handler.GetTokenAsync($"/cases/{opened.Id}");

        // The form was rendered from an older version (someone responded meanwhile): refused, nothing ticked, no history added.
        var stale = await handler.PostFormAsync($"/cases/{opened.Id}?handler=tick", ("version", Guid.NewGuid().ToString()),
            ("step", CaseChecklist.Listen), ("done", "true"), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("id=\"stale\"", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var after = await app.FindCaseAsync(opened.Id);
        Assert.Equal(opened.Version, after.Version);
        Assert.All(after.Checklist, s => Assert.Null(s.DoneAt));
        Assert.Single(await app.HistoryAsync(opened.Id));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task StoredXss_SubjectAndNote_AreShownEncoded(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await app.AddUnitAsync((await app.HeadOfficeAsync()).Id);
        using var handler = await app.CreateClientAsAsync(Roles.CaseHandler);
        var opened = await app.OpenCaseAsync(unit.Id, Script, ownerId: await handler.UserIdAsync());
        var token = await handler.GetTokenAsync($"/cases/{opened.Id}");
        var note = await handler.PostFormAsync($"/cases/{opened.Id}?handler=note", ("version", opened.Version.ToString()), ("text", Script),
            ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.Redirect, note.StatusCode);

        var detail = await handler.GetHtmlAsync($"/cases/{opened.Id}");
        var list = await handler.GetHtmlAsync($"/cases?view=all&q={Uri.EscapeDataString(opened.Number)}");
        foreach (var html in new[] { detail, list })
        {
            Assert.DoesNotContain(Script, html, StringComparison.Ordinal);
            Assert.Contains(EncodedScript, html, StringComparison.Ordinal);
        }
        // The subject in the header and the note in the history: twice on the case page.
        Assert.True(detail.Split(EncodedScript).Length - 1 >= 2);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Post_WithoutAntiforgeryToken_Is400_AndViewerMayNotAct(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await app.AddUnitAsync((await app.HeadOfficeAsync()).Id);
        var opened = await app.OpenCaseAsync(unit.Id, Unique("Csrf"));
        using var handler = await app.CreateClientAsAsync(Roles.CaseHandler);
        var missing = await handler.PostFormAsync($"/cases/{opened.Id}?handler=respond", ("version", opened.Version.ToString()));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);

        // A viewer reads the case but has no action buttons, and a forged post is refused.
        using var viewer = await app.CreateClientAsAsync(Roles.Viewer);
        var page = await viewer.GetHtmlAsync($"/cases/{opened.Id}");
        Assert.DoesNotContain("id=\"respond\"", page, StringComparison.Ordinal);
        var token = await viewer.GetTokenAsync($"/cases/{opened.Id}");
        var forged = await viewer.PostFormAsync($"/cases/{opened.Id}?handler=respond", ("version", opened.Version.ToString()), ("__RequestVerificationToken", token));
        // Forbid: 403, or the cookie scheme's redirect to the access-denied page — never back to the case as a success.
        Assert.True(forged.StatusCode is HttpStatusCode.Forbidden || (forged.StatusCode == HttpStatusCode.Redirect
            && !Forms.PathOf(forged.Headers.Location).StartsWith("/cases/", StringComparison.Ordinal)), forged.StatusCode.ToString());
        Assert.Equal(CaseStatus.New, (await app.FindCaseAsync(opened.Id)).Status);
    }

    private static async Task<int> CountCasesAsync(ManyiWebFactory app, Guid unitId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ManyiDbContext>().Cases.CountAsync(c => c.UnitId == unitId);
    }

    private static async Task<int> NotificationsAsync(ManyiWebFactory app, Guid userId, Guid caseId, NotificationKind kind)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ManyiDbContext>().Notifications.CountAsync(n => n.UserId == userId && n.CaseId == caseId && n.Kind == kind);
    }
}
