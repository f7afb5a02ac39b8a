using Manyi.Core.Cases;
using Manyi.Core.Collection;
using Manyi.Core.Customers;
using Manyi.Core.Organisations;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Cases;
using Manyi.Web.Features.Waves;
using Manyi.Web.Tests.Features.Waves;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Manyi.Web.Tests.Features.Cases;

/// <summary>
/// One app per provider shared by the case clock, alert scan and notification tests. The app's own clock service waits an hour
/// (real time) before its first pass, so only the passes a test runs itself (on its fake clock) happen.
/// </summary>
public sealed class CaseClockFixture() : SharedApps(ClockData.Settings());

[CollectionDefinition(Name)]
public sealed class CaseClockGroup : ICollectionFixture<CaseClockFixture>
{
    public const string Name = "case-clock";
}

/// <summary>Test data of the case clock tests, written directly to the database (the case API is another helper's).</summary>
public static class ClockData
{
    /// <summary>Shanghai is UTC+8 all year (no summer time): local times in the tests are written with this offset.</summary>
    public static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    /// <summary>A Shanghai local time as the UTC instant (PostgreSQL stores UTC only, as the app does: its clock is UTC).</summary>
    public static DateTimeOffset Local(int year, int month, int day, int hour, int minute) => new DateTimeOffset(year, month, day, hour, minute, 0, Shanghai).ToUniversalTime();

    public static Dictionary<string, string> Settings(Dictionary<string, string>? more = null)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Manyi:PublicBaseUrl"] = WaveData.PublicBase,
            ["Manyi:Cases:ClockSeconds"] = "3600",
        };
        foreach (var (k, v) in more ?? [])
        {
            settings[k] = v;
        }
        return settings;
    }

    /// <summary>A case clock on the app's services with <paramref name="clock"/>; a fixed holder so every test's clock owns the lease.</summary>
    public static CaseClock Clock(ManyiWebFactory app, TimeProvider clock, string holder = "tests")
    {
        var s = app.Services;
        return new CaseClock(s.GetRequiredService<IServiceScopeFactory>(), s.GetRequiredService<IOptions<CaseClockOptions>>(), s.GetRequiredService<IOptions<SmtpOptions>>(),
            s.GetRequiredService<IConfiguration>(), clock, NullLogger<CaseClock>.Instance, mailer: null, holder: holder);
    }

    public static async Task<T> DbAsync<T>(ManyiWebFactory app, Func<ManyiDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ManyiDbContext>());
    }

    public static async Task<Guid> OrganisationAsync(ManyiWebFactory app) =>
        await DbAsync(app, db => db.Organisations.OrderBy(o => o.CreatedAt).Select(o => o.Id).FirstAsync());

    /// <summary>The organisation's calendar is China 2026 and there are three escalation levels (idempotent); level 1 notifies <paramref name="levelOneUsers"/> when given.</summary>
    public static async Task ChinaCalendarAndLevelsAsync(ManyiWebFactory app, params Guid[] levelOneUsers)
    {
        var org = await OrganisationAsync(app);
        await DbAsync(app, async db =>
        {
            if (!await db.BusinessCalendars.AnyAsync(c => c.OrganisationId == org))
            {
                db.BusinessCalendars.Add(new BusinessCalendar { Id = Guid.NewGuid(), OrganisationId = org, Definition = BusinessCalendarDefinition.China2026, UpdatedAt = DateTimeOffset.UtcNow });
            }
            if (!await db.EscalationLevels.AnyAsync(l => l.OrganisationId == org))
            {
                db.EscalationLevels.Add(new EscalationLevel { Id = Guid.NewGuid(), OrganisationId = org, Level = 1, NameZh = "班组长", NameEn = "Team lead", NotifyUserIds = [.. levelOneUsers] });
                db.EscalationLevels.Add(new EscalationLevel { Id = Guid.NewGuid(), OrganisationId = org, Level = 2, NameZh = "部门负责人", NameEn = "Department head" });
                db.EscalationLevels.Add(new EscalationLevel { Id = Guid.NewGuid(), OrganisationId = org, Level = 3, NameZh = "公司领导", NameEn = "Executive" });
            }
            await db.SaveChangesAsync();
            if (levelOneUsers.Length > 0)
            {
                var one = await db.EscalationLevels.SingleAsync(l => l.OrganisationId == org && l.Level == 1);
                one.NotifyUserIds = [.. levelOneUsers];
            }
            return await db.SaveChangesAsync();
        });
    }

    /// <summary>A category of its own with an SLA policy (business minutes), so that the test's cases get exactly this policy.</summary>
    public static async Task<Guid> CategoryWithPolicyAsync(ManyiWebFactory app, int firstResponseMinutes, int resolutionMinutes)
    {
        var org = await OrganisationAsync(app);
        return await DbAsync(app, async db =>
        {
            var category = new CaseCategory { Id = Guid.NewGuid(), OrganisationId = org, Code = WaveData.Code("cat"), NameZh = "测试类别" };
            db.CaseCategories.Add(category);
            db.SlaPolicies.Add(new SlaPolicy { Id = Guid.NewGuid(), OrganisationId = org, Name = "test", CategoryId = category.Id, FirstResponseMinutes = firstResponseMinutes, ResolutionMinutes = resolutionMinutes });
            await db.SaveChangesAsync();
            return category.Id;
        });
    }

    /// <summary>A user of the organisation (with an e-mail address when given).</summary>
    public static async Task<Guid> UserAsync(ManyiWebFactory app, string role = Roles.CaseHandler, string? email = null)
    {
        var org = await OrganisationAsync(app);
        return await DbAsync(app, async db =>
        {
            var name = WaveData.Code("u");
            var user = new ManyiUser
            {
                Id = Guid.NewGuid(), UserName = name, NormalizedUserName = name.ToUpperInvariant(), DisplayName = name, Role = role, OrganisationId = org,
                Email = email, NormalizedEmail = email?.ToUpperInvariant(), SecurityStamp = Guid.NewGuid().ToString("N"), CreatedAt = DateTimeOffset.UtcNow,
            };
            db.Users.Add(user);
            await db.SaveChangesAsync();
            return user.Id;
        });
    }

    /// <summary>Opens a complaint through <see cref="CaseIntake"/> as <paramref name="owner"/> at <paramref name="at"/>.</summary>
    public static async Task<Guid> OpenCaseAsync(ManyiWebFactory app, Guid categoryId, Guid owner, DateTimeOffset at, Guid? unitId = null)
    {
        var org = await OrganisationAsync(app);
        var unit = unitId ?? (await app.HeadOfficeAsync()).Id;
        return await DbAsync(app, async db =>
        {
            var rules = await CaseRules.LoadAsync(db, org, CancellationToken.None);
            var @case = await CaseIntake.OpenAsync(db, org, new NewCase { Kind = CaseKind.Complaint, Channel = "phone", CategoryId = categoryId, UnitId = unit, Subject = "停电投诉" },
                rules, new CaseActor(owner, "handler"), at, CancellationToken.None);
            await db.SaveChangesAsync();
            return @case.Id;
        });
    }

    /// <summary>Applies a change to a case (as its owner would through the API) and saves it with its history.</summary>
    public static async Task ChangeAsync(ManyiWebFactory app, Guid caseId, Func<Case, CaseRules, CaseChange> change)
    {
        await DbAsync(app, async db =>
        {
            var @case = await db.Cases.SingleAsync(c => c.Id == caseId);
            var rules = await CaseRules.LoadAsync(db, @case.OrganisationId, CancellationToken.None);
            var result = change(@case, rules);
            Assert.False(result.Refused, result.Refusal);
            db.CaseEvents.AddRange(result.Events);
            return await db.SaveChangesAsync();
        });
    }

    public static Task<Case> CaseAsync(ManyiWebFactory app, Guid id) => DbAsync(app, db => db.Cases.AsNoTracking().SingleAsync(c => c.Id == id));

    public static Task<List<CaseEvent>> EventsAsync(ManyiWebFactory app, Guid id) =>
        DbAsync(app, db => db.CaseEvents.AsNoTracking().Where(e => e.CaseId == id).ToListAsync());

    public static Task<List<Notification>> NoticesAsync(ManyiWebFactory app, Guid caseId) =>
        DbAsync(app, db => db.Notifications.AsNoTracking().Where(n => n.CaseId == caseId).ToListAsync());

    /// <summary>A branch under the head office.</summary>
    public static Task<Unit> UnitAsync(ManyiWebFactory app, Guid? parent = null) => WaveData.UnitAsync(app, parent);

    /// <summary>An open wave of the NPS template (recommend + recommend.why, satisfaction) for <paramref name="unit"/>.</summary>
    public static async Task<(Guid Wave, Guid Version)> WaveAsync(ManyiWebFactory app, Guid? unit)
    {
        var questionnaire = await WaveData.QuestionnaireAsync(app);
        return await DbAsync(app, async db =>
        {
            var version = await db.QuestionnaireVersions.Where(v => v.QuestionnaireId == questionnaire).Select(v => v.Id).SingleAsync();
            var wave = new Wave
            {
                Id = Guid.NewGuid(), OrganisationId = await db.Organisations.OrderBy(o => o.CreatedAt).Select(o => o.Id).FirstAsync(), UnitId = unit, QuestionnaireId = questionnaire,
                QuestionnaireVersionId = version, Name = "test wave", Status = WaveStatus.Open, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, Version = Guid.NewGuid(),
            };
            db.Waves.Add(wave);
            await db.SaveChangesAsync();
            return (wave.Id, version);
        });
    }

    /// <summary>A complete response submitted at <paramref name="at"/>.</summary>
    public static async Task<Guid> ResponseAsync(ManyiWebFactory app, (Guid Wave, Guid Version) wave, Customer? customer, Guid? unit, DateTimeOffset at, Dictionary<string, string> answers)
    {
        return await DbAsync(app, async db =>
        {
            var response = new Response
            {
                Id = Guid.NewGuid(), OrganisationId = await db.Organisations.OrderBy(o => o.CreatedAt).Select(o => o.Id).FirstAsync(), WaveId = wave.Wave,
                QuestionnaireVersionId = wave.Version, Channel = ResponseChannel.Api, Status = ResponseStatus.Complete, CustomerId = customer?.Id, UnitId = unit,
                Answers = answers, StartedAt = at.AddMinutes(-3), UpdatedAt = at, SubmittedAt = at,
            };
            db.Responses.Add(response);
            await db.SaveChangesAsync();
            return response.Id;
        });
    }

    public static async Task<Guid> RuleAsync(ManyiWebFactory app, AlertRuleKind kind, Guid? wave, Guid? unit = null, double? threshold = null, string name = "rule",
        CasePriority priority = CasePriority.High, params string[] keywords)
    {
        var org = await OrganisationAsync(app);
        return await DbAsync(app, async db =>
        {
            var rule = new AlertRule
            {
                Id = Guid.NewGuid(), OrganisationId = org, Name = name, Kind = kind, WaveId = wave, UnitId = unit, Threshold = threshold, Keywords = [.. keywords],
                Priority = priority, CreatedAt = DateTimeOffset.UtcNow,
            };
            db.AlertRules.Add(rule);
            await db.SaveChangesAsync();
            return rule.Id;
        });
    }
}
