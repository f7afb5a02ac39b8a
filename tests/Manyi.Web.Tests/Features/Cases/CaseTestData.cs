using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Manyi.Core.Cases;
using Manyi.Core.Customers;
using Manyi.Core.Organisations;
using Manyi.Data;
using Manyi.Web.Features.Cases;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Manyi.Web.Tests.Features.Cases;

/// <summary>One app per provider shared by the cases API tests (each test makes its own units, customers, categories and users).</summary>
public sealed class CasesApiFixture() : SharedApps(new Dictionary<string, string>(StringComparer.Ordinal) { [CaseEmailIntake.UnitCodeSetting] = CaseTestData.EmailUnitCode });

[CollectionDefinition(Name)]
public sealed class CasesApiGroup : ICollectionFixture<CasesApiFixture>
{
    public const string Name = "cases-api";
}

/// <summary>Test data of the cases API tests, written directly to the database, and the JSON of the API.</summary>
public static class CaseTestData
{
    /// <summary>The unit an e-mail from an unknown sender goes to (configured on the fixture's app; created by <see cref="EmailUnitAsync"/>).</summary>
    public const string EmailUnitCode = "MAILROOM";

    public static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    public static Uri Url(string path) => new(path, UriKind.Relative);

    public static string Code(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    public static async Task<T> DbAsync<T>(ManyiWebFactory app, Func<ManyiDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ManyiDbContext>());
    }

    public static async Task DbAsync(ManyiWebFactory app, Func<ManyiDbContext, Task> change)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await change(scope.ServiceProvider.GetRequiredService<ManyiDbContext>());
    }

    /// <summary>A signed-in user of <paramref name="role"/>: the client, the user's id and name.</summary>
    public static async Task<(HttpClient Client, Guid Id, string Name)> UserAsync(ManyiWebFactory app, string role, params Guid[] units)
    {
        var (id, name, cookie) = await app.SignInCookieAsync(role, units);
        return (app.ClientWithCookie(cookie), id, name);
    }

    public static async Task<Guid> OrganisationAsync(ManyiWebFactory app) =>
        await DbAsync(app, db => db.Organisations.OrderBy(o => o.CreatedAt).Select(o => o.Id).FirstAsync());

    /// <summary>A new branch under the head office.</summary>
    public static async Task<Unit> UnitAsync(ManyiWebFactory app, string? code = null)
    {
        var head = await app.HomeUnitAsync();
        var unit = new Unit { Id = Guid.NewGuid(), OrganisationId = head.OrganisationId, ParentId = head.Id, Code = code ?? Code("U"), Name = "分公司" + Guid.NewGuid().ToString("N")[..4], Kind = UnitKind.Branch };
        await DbAsync(app, async db =>
        {
            db.Units.Add(unit);
            await db.SaveChangesAsync();
        });
        return unit;
    }

    /// <summary>The unit an unknown sender's e-mail goes to (made once per app).</summary>
    public static async Task<Guid> EmailUnitAsync(ManyiWebFactory app)
    {
        var existing = await DbAsync(app, db => db.Units.Where(u => u.Code == EmailUnitCode).Select(u => (Guid?)u.Id).FirstOrDefaultAsync());
        return existing ?? (await UnitAsync(app, EmailUnitCode)).Id;
    }

    public static async Task<Customer> CustomerAsync(ManyiWebFactory app, Unit unit, string? email = "c@example.cn")
    {
        var customer = new Customer
        {
            Id = Guid.NewGuid(), OrganisationId = unit.OrganisationId, UnitId = unit.Id, Code = Code("C"), Name = "客户" + Guid.NewGuid().ToString("N")[..4],
            Email = email, Status = CustomerStatus.Active, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, Version = Guid.NewGuid(),
        };
        await DbAsync(app, async db =>
        {
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
        });
        return customer;
    }

    /// <summary>A category (under <paramref name="parent"/> when given) with its own SLA policy when targets are given.</summary>
    public static async Task<CaseCategory> CategoryAsync(ManyiWebFactory app, Guid? parent = null, int? firstResponse = null, int? resolution = null, CasePriority? priority = null)
    {
        var organisation = await OrganisationAsync(app);
        var category = new CaseCategory { Id = Guid.NewGuid(), OrganisationId = organisation, ParentId = parent, Code = Code("cat"), NameZh = "频繁停电" + Guid.NewGuid().ToString("N")[..4] };
        await DbAsync(app, async db =>
        {
            db.CaseCategories.Add(category);
            if (firstResponse is { } first && resolution is { } res)
            {
                db.SlaPolicies.Add(new SlaPolicy
                {
                    Id = Guid.NewGuid(), OrganisationId = organisation, Name = "SLA " + category.Code, CategoryId = category.Id, Priority = priority,
                    FirstResponseMinutes = first, ResolutionMinutes = res,
                });
            }
            await db.SaveChangesAsync();
        });
        return category;
    }

    /// <summary>An SLA policy for a category and a priority.</summary>
    public static async Task<SlaPolicy> PolicyAsync(ManyiWebFactory app, Guid category, CasePriority? priority, int firstResponse, int resolution)
    {
        var policy = new SlaPolicy
        {
            Id = Guid.NewGuid(), OrganisationId = await OrganisationAsync(app), Name = "SLA " + Guid.NewGuid().ToString("N")[..6], CategoryId = category, Priority = priority,
            FirstResponseMinutes = firstResponse, ResolutionMinutes = resolution,
        };
        await DbAsync(app, async db =>
        {
            db.SlaPolicies.Add(policy);
            await db.SaveChangesAsync();
        });
        return policy;
    }

    public static async Task<RootCause> RootCauseAsync(ManyiWebFactory app, RootCauseKind kind = RootCauseKind.People)
    {
        var cause = new RootCause { Id = Guid.NewGuid(), OrganisationId = await OrganisationAsync(app), Kind = kind, Code = Code("rc"), NameZh = "服务态度" };
        await DbAsync(app, async db =>
        {
            db.RootCauses.Add(cause);
            await db.SaveChangesAsync();
        });
        return cause;
    }

    /// <summary>The organisation's calendar set to mainland China's 2026 calendar (the same for every test of the app).</summary>
    public static async Task China2026Async(ManyiWebFactory app)
    {
        var organisation = await OrganisationAsync(app);
        await DbAsync(app, async db =>
        {
            if (!await db.BusinessCalendars.AnyAsync(c => c.OrganisationId == organisation))
            {
                db.BusinessCalendars.Add(new BusinessCalendar { Id = Guid.NewGuid(), OrganisationId = organisation, Definition = BusinessCalendarDefinition.China2026, UpdatedAt = DateTimeOffset.UtcNow });
                await db.SaveChangesAsync();
            }
        });
    }

    /// <summary>Escalation level 1 of the organisation, notifying <paramref name="user"/> (created or replaced).</summary>
    public static async Task LevelOneAsync(ManyiWebFactory app, Guid user)
    {
        var organisation = await OrganisationAsync(app);
        await DbAsync(app, async db =>
        {
            var level = await db.EscalationLevels.FirstOrDefaultAsync(l => l.OrganisationId == organisation && l.Level == 1);
            if (level is null)
            {
                db.EscalationLevels.Add(new EscalationLevel { Id = Guid.NewGuid(), OrganisationId = organisation, Level = 1, NameZh = "班组长", NameEn = "Team lead", NotifyUserIds = [user] });
            }
            else
            {
                level.NotifyUserIds = [user];
            }
            await db.SaveChangesAsync();
        });
    }

    /// <summary>Opens a case through the API; fails unless 201.</summary>
    public static async Task<CaseDetails> OpenAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync(Url("/api/v1/cases"), body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CaseDetails>(Json))!;
    }

    /// <summary>Posts an action; fails unless 200; returns the case.</summary>
    public static async Task<CaseDetails> ActAsync(HttpClient client, Guid id, string action, object? body = null)
    {
        using var response = await client.PostAsJsonAsync(Url($"/api/v1/cases/{id}/{action}"), body ?? new { });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<CaseDetails>(Json))!;
    }

    public static async Task<CaseDetails> GetAsync(HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<CaseDetails>(Url($"/api/v1/cases/{id}"), Json))!;

    public static async Task<CasePage> ListAsync(HttpClient client, string query) =>
        (await client.GetFromJsonAsync<CasePage>(Url("/api/v1/cases?" + query), Json))!;

    public static async Task<List<CaseEventDto>> HistoryAsync(HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<List<CaseEventDto>>(Url($"/api/v1/cases/{id}/history"), Json))!;

    public static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>The fields a 400 ValidationProblem names, sorted.</summary>
    public static async Task<List<string>> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return [.. (await JsonOf(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
    }
}
