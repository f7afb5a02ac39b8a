using System.Net.Http.Json;
using Manyi.Core.Cases;
using Manyi.Data;
using Manyi.Web.Features.Cases;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Manyi.Web.Tests.Features.Cases;

/// <summary>One app per provider shared by the case page and follow-up page tests (each test makes its own units, users and cases).</summary>
public sealed class CasePagesFixture : SharedApps;

/// <summary>Test data for the case pages, written through the same <see cref="CaseIntake"/> the channels use.</summary>
public static class CasePagesData
{
    private sealed record Me(Guid Id);

    /// <summary>The id of the user a client is signed in as.</summary>
    public static async Task<Guid> UserIdAsync(this HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var me = await client.GetFromJsonAsync<Me>(new Uri("/api/v1/auth/me", UriKind.Relative));
        return me!.Id;
    }

    /// <summary>Opens a case in <paramref name="unitId"/> as the system (no owner unless <paramref name="ownerId"/>).</summary>
    public static async Task<Case> OpenCaseAsync(this ManyiWebFactory app, Guid unitId, string subject, Guid? ownerId = null,
        CaseKind kind = CaseKind.Complaint, Guid? customerId = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var organisation = await db.Organisations.OrderBy(o => o.CreatedAt).FirstAsync();
        var rules = await CaseRules.LoadAsync(db, organisation.Id, CancellationToken.None);
        var opened = await CaseIntake.OpenAsync(db, organisation.Id,
            new NewCase { Kind = kind, Channel = "phone", UnitId = unitId, Subject = subject, OwnerId = ownerId, CustomerId = customerId },
            rules, CaseActor.System, DateTimeOffset.UtcNow, CancellationToken.None);
        await db.SaveChangesAsync();
        return opened;
    }

    /// <summary>A resolved case (by the system, follow-up by survey) and its follow-up token.</summary>
    public static async Task<Case> ResolvedCaseAsync(this ManyiWebFactory app, Guid unitId, string subject)
    {
        ArgumentNullException.ThrowIfNull(app);
        var opened = await app.OpenCaseAsync(unitId, subject);
        var cause = await app.RootCauseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var @case = await db.Cases.SingleAsync(c => c.Id == opened.Id);
        var change = @case.Resolve("Replaced the meter", cause, new BusinessCalendarDefinition(), CaseActor.System, DateTimeOffset.UtcNow,
            FollowUpMethod.Survey, CaseIntake.NewFollowUpToken());
        Assert.False(change.Refused, change.Refusal);
        db.CaseEvents.AddRange(change.Events);
        await db.SaveChangesAsync();
        return @case;
    }

    /// <summary>A root cause of the organisation (made once per app).</summary>
    public static async Task<Guid> RootCauseAsync(this ManyiWebFactory app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var organisation = await db.Organisations.OrderBy(o => o.CreatedAt).FirstAsync();
        var existing = await db.RootCauses.Where(r => r.OrganisationId == organisation.Id && r.Code == "people.attitude").Select(r => (Guid?)r.Id).FirstOrDefaultAsync();
        if (existing is { } id)
        {
            return id;
        }
        var cause = new RootCause { Id = Guid.NewGuid(), OrganisationId = organisation.Id, Kind = RootCauseKind.People, Code = "people.attitude", NameZh = "服务态度", NameEn = "Attitude" };
        db.RootCauses.Add(cause);
        await db.SaveChangesAsync();
        return cause.Id;
    }

    /// <summary>Escalation level 1 of the organisation (made once per app).</summary>
    public static async Task EnsureLevelOneAsync(this ManyiWebFactory app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var organisation = await db.Organisations.OrderBy(o => o.CreatedAt).FirstAsync();
        if (!await db.EscalationLevels.AnyAsync(l => l.OrganisationId == organisation.Id && l.Level == 1))
        {
            db.EscalationLevels.Add(new EscalationLevel { Id = Guid.NewGuid(), OrganisationId = organisation.Id, Level = 1, NameZh = "班组长", NameEn = "Team lead" });
            await db.SaveChangesAsync();
        }
    }

    public static async Task<Case> FindCaseAsync(this ManyiWebFactory app, Guid id)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        return await db.Cases.AsNoTracking().SingleAsync(c => c.Id == id);
    }

    /// <summary>The case's history, oldest first.</summary>
    public static async Task<List<CaseEvent>> HistoryAsync(this ManyiWebFactory app, Guid id)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var events = await db.CaseEvents.AsNoTracking().Where(e => e.CaseId == id).ToListAsync();
        return [.. events.OrderBy(e => e.At).ThenBy(e => e.Kind)];
    }
}
