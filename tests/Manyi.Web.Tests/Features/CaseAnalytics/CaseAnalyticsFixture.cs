using Manyi.Core.Cases;
using Manyi.Core.Collection;
using Manyi.Core.Organisations;
using Manyi.Core.Surveys;
using Manyi.Data;
using Manyi.Web.Tests.Features.Results;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Manyi.Web.Tests.Features.CaseAnalytics;

/// <summary>One app per provider shared by the case-analytics and timeline tests; each test builds its own units, customers and cases.</summary>
public sealed class CaseAnalyticsFixture : SharedApps;

[CollectionDefinition(Name)]
public sealed class CaseAnalyticsGroup : ICollectionFixture<CaseAnalyticsFixture>
{
    public const string Name = "case-analytics";
}

/// <summary>Cases, calendars and survey answers written straight to the database, with times given by the test.</summary>
public static class CaseTestData
{
    public static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    /// <summary>A time of March 2026 in Shanghai, as UTC (PostgreSQL stores UTC only).</summary>
    public static DateTimeOffset At(int day, int hour, int minute = 0) => new DateTimeOffset(2026, 3, day, hour, minute, 0, Shanghai).ToUniversalTime();

    /// <summary>
    /// The test calendar: Asia/Shanghai, Monday–Friday 09:00–17:00 (8 business hours a day), Wednesday 4 March 2026 a holiday and
    /// Saturday 7 March 2026 an adjusted working day (调休).
    /// </summary>
    public static async Task UseTestCalendarAsync(ManyiWebFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var organisationId = await db.Organisations.OrderBy(o => o.CreatedAt).Select(o => o.Id).FirstAsync();
        var definition = new BusinessCalendarDefinition
        {
            TimeZone = "Asia/Shanghai",
            WorkingDays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
            Hours = [new BusinessHours(new TimeOnly(9, 0), new TimeOnly(17, 0))],
            Holidays = [new DateOnly(2026, 3, 4)],
            WorkingWeekendDays = [new DateOnly(2026, 3, 7)],
        };
        var calendar = await db.BusinessCalendars.FirstOrDefaultAsync(c => c.OrganisationId == organisationId);
        if (calendar is null)
        {
            db.BusinessCalendars.Add(new BusinessCalendar { Id = Guid.NewGuid(), OrganisationId = organisationId, Definition = definition, UpdatedAt = DateTimeOffset.UtcNow });
        }
        else
        {
            calendar.Definition = definition;
        }
        await db.SaveChangesAsync();
    }

    /// <summary>A case of <paramref name="unit"/> received at <paramref name="received"/>; the caller sets the rest in <paramref name="set"/>.</summary>
    public static Case NewCase(Unit unit, CaseKind kind, string channel, DateTimeOffset received, Action<Case>? set = null)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var c = new Case
        {
            Id = Guid.NewGuid(), OrganisationId = unit.OrganisationId, Number = "T" + Guid.NewGuid().ToString("N")[..12], Kind = kind, Channel = channel,
            Status = CaseStatus.New, UnitId = unit.Id, Subject = "测试工单", ReceivedAt = received, ClockStartedAt = received,
            CreatedAt = received, UpdatedAt = received, Version = Guid.NewGuid(),
        };
        set?.Invoke(c);
        return c;
    }

    /// <summary>A history event of a case.</summary>
    public static CaseEvent Event(Case c, CaseEventKind kind, DateTimeOffset at, string? reason = null, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new CaseEvent
        {
            Id = Guid.NewGuid(), OrganisationId = c.OrganisationId, CaseId = c.Id, At = at, ActorName = "tester", Kind = kind, Status = c.Status, Level = c.Level,
            Reason = reason, Note = note,
        };
    }

    /// <summary>Saves entities of any kind in one go.</summary>
    public static async Task SaveAsync(ManyiWebFactory app, params object[] entities)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        db.AddRange(entities);
        await db.SaveChangesAsync();
    }

    /// <summary>A wave of a questionnaire with an NPS question "recommend" (0–10) and a CSAT question "sat" (1–5).</summary>
    public static Task<Wave> ScoredWaveAsync(ManyiWebFactory app) => app.AddWaveAsync(new QuestionnaireDefinition
    {
        Title = new LocalText("回访"),
        Pages =
        [
            new QuestionPage
            {
                Questions =
                [
                    new Question { Code = "recommend", Type = QuestionType.Nps, Text = new LocalText("推荐") },
                    new Question { Code = "sat", Type = QuestionType.Csat, Text = new LocalText("满意") },
                ],
            },
        ],
    });

    /// <summary>A complete response to <paramref name="wave"/> submitted at <paramref name="at"/>.</summary>
    public static Response Answer(Wave wave, Guid? unitId, Guid? customerId, DateTimeOffset at, params (string Cell, string Value)[] cells)
    {
        ArgumentNullException.ThrowIfNull(wave);
        return new Response
        {
            Id = Guid.NewGuid(), OrganisationId = wave.OrganisationId, WaveId = wave.Id, QuestionnaireVersionId = wave.QuestionnaireVersionId,
            Channel = ResponseChannel.Link, Status = ResponseStatus.Complete, CustomerId = customerId, UnitId = unitId,
            IdempotencyKey = "test:" + Guid.NewGuid().ToString("N"), Answers = cells.ToDictionary(c => c.Cell, c => c.Value, StringComparer.Ordinal),
            StartedAt = at, UpdatedAt = at, SubmittedAt = at,
        };
    }
}
