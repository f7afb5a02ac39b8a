using System.Diagnostics;
using Manyi.Core.Cases;
using Manyi.Core.Customers;
using Manyi.Data;
using Manyi.Web.Features.Cases;
using Manyi.Web.Features.Demo;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Manyi.Web.Tests.Features.Demo;

/// <summary>The demo's year of cases (issue 6): volume, spread, real histories, open cases per handler, breaches, escalations, retention effect.</summary>
public class DemoCasesTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task DemoFill_WritesAYearOfCasesWithConsistentHistories(DatabaseProvider provider)
    {
        await using var app = await ManyiWebFactory.StartAsync(provider);
        var stopwatch = Stopwatch.StartNew();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var filled = await DemoData.FillAsync(scope.ServiceProvider);
            Assert.True(filled.Created, filled.Refusal);
        }
        output.WriteLine($"whole demo fill: {stopwatch.Elapsed.TotalSeconds:0.00} s");

        await using var check = app.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var organisation = await db.Organisations.AsNoTracking().SingleAsync(o => o.Name == DemoPlan.OrganisationName);
        var cases = await db.Cases.AsNoTracking().Where(c => c.OrganisationId == organisation.Id).ToListAsync();
        var events = (await db.CaseEvents.AsNoTracking().Where(e => e.OrganisationId == organisation.Id).ToListAsync()).ToLookup(e => e.CaseId);
        output.WriteLine($"{cases.Count} cases, {events.Sum(g => g.Count())} events, {cases.Count(c => c.IsOpen)} open, {cases.Count(c => c.Status == CaseStatus.Resolved)} resolved awaiting follow-up");

        // Volume and spread: at least 1,500 cases over at least 11 distinct months, every kind but recovery, the 12 branches
        // (1,800 from every channel plus the survey alerts of the four power-utility quarters).
        Assert.InRange(cases.Count, 1_500, 3_000);
        Assert.True(cases.Select(c => (c.ReceivedAt.Year, c.ReceivedAt.Month)).Distinct().Count() >= 11);
        Assert.Equal(12, cases.Select(c => c.UnitId).Distinct().Count());
        Assert.All(new[] { CaseKind.Complaint, CaseKind.Enquiry, CaseKind.Suggestion, CaseKind.Alert }, k => Assert.Contains(cases, c => c.Kind == k));
        Assert.True(cases.Count(c => c.Channel == "phone") > cases.Count / 3, "95598 phone is the main channel");

        // Defaults applied: the category tree and the three levels.
        Assert.Equal(CaseDefaults.Categories.Count, await db.CaseCategories.CountAsync(c => c.OrganisationId == organisation.Id));
        Assert.Equal(3, await db.EscalationLevels.CountAsync(l => l.OrganisationId == organisation.Id));
        Assert.True(await db.AlertRules.CountAsync(r => r.OrganisationId == organisation.Id) >= 3);

        // Alerts are linked to real responses.
        var alerts = cases.Where(c => c.Kind == CaseKind.Alert).ToList();
        var responseIds = alerts.Select(c => c.ResponseId!.Value).ToList();
        Assert.Equal(alerts.Count, await db.Responses.CountAsync(r => responseIds.Contains(r.Id)));

        // Every case has a Created event first; events in time order; the last event's status is the case's status.
        foreach (var c in cases)
        {
            var history = events[c.Id].ToList();
            Assert.NotEmpty(history);
            var ordered = history.OrderBy(e => e.At).ThenBy(e => e.Kind == CaseEventKind.Created ? 0 : 1).ToList(); // a repeat is created and escalated in the same instant
            Assert.Equal(CaseEventKind.Created, ordered[0].Kind);
            Assert.Equal(c.ReceivedAt, ordered[0].At);
            var lastAt = ordered[^1].At;
            Assert.Contains(ordered.Where(e => e.At == lastAt), e => e.Status == c.Status);
            Assert.Equal(c.Level, ordered.Where(e => e.At == lastAt).Max(e => e.Level));
            Assert.True(lastAt <= DateTimeOffset.UtcNow, "no event in the future");
            if (c.Status == CaseStatus.Closed)
            {
                Assert.NotNull(c.ClosedAt);
                if (c.Kind is CaseKind.Complaint or CaseKind.Alert)
                {
                    Assert.NotNull(c.RootCauseId);
                }
            }
        }

        // Open cases exist for each demo handler.
        var handlerIds = await db.Users.AsNoTracking().Where(u => u.UserName!.StartsWith("demo-handler-")).Select(u => u.Id).ToListAsync();
        Assert.Equal(3, handlerIds.Count);
        foreach (var handler in handlerIds)
        {
            Assert.True(cases.Count(c => c.IsOpen && c.OwnerId == handler) >= 5);
        }
        Assert.InRange(cases.Count(c => c.IsOpen), 30, 120);
        Assert.Contains(cases, c => c.Status == CaseStatus.WaitingForCustomer);
        Assert.Contains(cases, c => c.IsOpen && c.ResolutionBreachedAt is not null);

        // Breaches (about 8 % of resolutions), escalations of every automatic reason, hand-overs, repeats and reopenings exist.
        var breached = cases.Count(c => events[c.Id].Any(e => e.Kind == CaseEventKind.ResolutionBreached));
        output.WriteLine($"resolution breaches {breached}, reopened {cases.Count(c => c.ReopenCount > 0)}, repeats {cases.Count(c => c.RepeatOfCaseId is not null)}");
        Assert.InRange(breached, cases.Count * 3 / 100, cases.Count * 20 / 100);
        var escalations = events.SelectMany(g => g).Where(e => e.Kind == CaseEventKind.Escalated).Select(e => e.Reason).ToHashSet();
        Assert.Superset(new HashSet<string?> { nameof(EscalationReason.Overdue), nameof(EscalationReason.RepeatedComplaint), nameof(EscalationReason.FollowUpNotSatisfied) }, escalations);
        Assert.Contains(events.SelectMany(g => g), e => e.Kind == CaseEventKind.HandedOver && e.Reason is not null);
        Assert.Contains(cases, c => c.ReopenCount > 0 && c.Status == CaseStatus.Closed && c.Level > 0);

        // Retention: complainants whose case went badly are lost more often than the others.
        var customers = await db.Customers.AsNoTracking().Where(c => c.OrganisationId == organisation.Id).ToDictionaryAsync(c => c.Id, c => c.Status);
        var badly = cases.Where(c => c.CustomerId is not null && (c.ReopenCount > 0 || events[c.Id].Any(e => e.Kind == CaseEventKind.ResolutionBreached)))
            .Select(c => c.CustomerId!.Value).ToHashSet();
        var well = cases.Where(c => c.CustomerId is not null && c.Status == CaseStatus.Closed && !badly.Contains(c.CustomerId.Value)).Select(c => c.CustomerId!.Value).ToHashSet();
        double LostShare(HashSet<Guid> ids) => ids.Count(id => customers[id] == CustomerStatus.Lost) / (double)ids.Count;
        output.WriteLine($"lost: {LostShare(badly):P1} of {badly.Count} badly served, {LostShare(well):P1} of {well.Count} well served");
        Assert.True(LostShare(badly) > 2 * LostShare(well));
    }
}
