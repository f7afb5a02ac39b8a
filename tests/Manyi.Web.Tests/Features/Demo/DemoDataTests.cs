using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Manyi.Core.Customers;
using Manyi.Core.Organisations;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Demo;
using Manyi.Web.Hosting;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Manyi.Web.Tests.Features.Demo;

public partial class DemoDataTests
{
    /// <summary>
    /// <c>manyi serve --demo</c> on the first start of an empty database (the first administrator exists, nothing else): the demo
    /// organisation is filled, the printed password signs the demo users in, a second fill refuses and changes nothing, and the
    /// logs of all of it hold no personal data.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task ServeDemo_FirstStart_FillsTheDemoOrganisationOnce(DatabaseProvider provider)
    {
        await using var app = await ManyiWebFactory.StartAsync(provider);
        var logs = new CapturingLoggerProvider();
        await using var demo = app.WithWebHostBuilder(b => b
            .UseSetting("Manyi:Demo", "true")
            .ConfigureLogging(l => l.AddProvider(logs).AddFilter<CapturingLoggerProvider>(null, LogLevel.Information)));
        _ = demo.Services; // starts the host: DatabasePreparation fills the demo
        var printed = demo.Services.GetRequiredService<FirstStartConsole>().Writer.ToString()!;

        await using (var scope = demo.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
            var organisation = await db.Organisations.AsNoTracking().SingleAsync();
            Assert.Equal("华东电力 (East China Power)", organisation.Name);

            // The unit tree of the issue: 1 head office, 3 districts under it, 12 branches, 4 under each district.
            var units = await db.Units.AsNoTracking().ToListAsync();
            var head = Assert.Single(units, u => u.ParentId == null);
            Assert.Equal(UnitKind.Company, head.Kind);
            var districts = units.Where(u => u.Kind == UnitKind.District).ToList();
            Assert.Equal(3, districts.Count);
            Assert.All(districts, d => Assert.Equal(head.Id, d.ParentId));
            Assert.Equal(12, units.Count(u => u.Kind == UnitKind.Branch));
            Assert.All(districts, d => Assert.Equal(4, units.Count(u => u.ParentId == d.Id && u.Kind == UnitKind.Branch)));
            Assert.Equal(16, units.Count);

            var customers = await db.Customers.AsNoTracking()
                .Select(c => new { c.Code, c.UnitId, c.Tier, c.Segment, c.Type, c.Value, c.Email, c.Phone, c.OwnerId, c.Attributes })
                .ToListAsync();
            Assert.Equal(5_000, customers.Count);
            var branchIds = units.Where(u => u.Kind == UnitKind.Branch).Select(u => u.Id).ToHashSet();
            Assert.All(customers, c => Assert.Contains(c.UnitId, branchIds));

            // Tiers by value (product.md M2): top 1 % of 5,000 = 50, next 4 % = 200, next 15 % = 750, the rest 80 % = 4,000.
            var tiers = customers.GroupBy(c => c.Tier).ToDictionary(g => g.Key!, g => g.ToList(), StringComparer.Ordinal);
            Assert.Equal(50, tiers["platinum"].Count);
            Assert.Equal(200, tiers["gold"].Count);
            Assert.Equal(750, tiers["iron"].Count);
            Assert.Equal(4_000, tiers["lead"].Count);
            // …and the cut is by value: every customer of a tier is worth at least as much as every customer of the tier below.
            Assert.True(tiers["platinum"].Min(c => c.Value) >= tiers["gold"].Max(c => c.Value));
            Assert.True(tiers["gold"].Min(c => c.Value) >= tiers["iron"].Max(c => c.Value));
            Assert.True(tiers["iron"].Min(c => c.Value) >= tiers["lead"].Max(c => c.Value));

            // The four segments of the issue; residential customers are persons, the others companies.
            Assert.Equal(["commercial", "industrial", "key-account", "residential"], customers.Select(c => c.Segment!).Distinct().Order(StringComparer.Ordinal));
            Assert.All(customers, c => Assert.Equal(c.Segment == "residential" ? CustomerType.Person : CustomerType.Company, c.Type));
            // K is the revenue of the last four quarters (DemoValue, policy basis Revenue): every customer has K > 0, so the value-weighted
            // views count them all; the unprofitable ones show in the profit figures (the whale curve's tail, DemoImprovementTests).
            Assert.All(customers, c => Assert.True(c.Value > 0));
            // Contact data that is obviously fake: the reserved .invalid domain (RFC 2606) and 555 numbers.
            Assert.All(customers.Where(c => c.Email is not null), c => Assert.EndsWith("@example.invalid", c.Email, StringComparison.Ordinal));
            Assert.All(customers, c => Assert.StartsWith("555-", c.Phone, StringComparison.Ordinal));
            Assert.All(customers, c => Assert.Contains("tariff", c.Attributes.Keys));
            Assert.All(customers, c => Assert.Contains("meterType", c.Attributes.Keys));

            // Users in every role: the first administrator plus analyst, viewer, two unit managers, three account managers.
            var roles = await db.Users.AsNoTracking().GroupBy(u => u.Role).Select(g => new { Role = g.Key, Count = g.Count() }).ToListAsync();
            Assert.Equal(1, roles.Single(r => r.Role == Roles.Administrator).Count);
            Assert.Equal(1, roles.Single(r => r.Role == Roles.Analyst).Count);
            Assert.Equal(1, roles.Single(r => r.Role == Roles.Viewer).Count);
            Assert.Equal(2, roles.Single(r => r.Role == Roles.UnitManager).Count);
            Assert.Equal(3, roles.Single(r => r.Role == Roles.CaseHandler).Count);
            // The district manager is scoped to the Jiangsu district, the branch manager to the Pudong branch.
            var scopes = await db.UserUnits.AsNoTracking()
                .Join(db.Users, uu => uu.UserId, u => u.Id, (uu, u) => new { u.UserName, uu.UnitId })
                .ToListAsync();
            Assert.Equal(units.Single(u => u.Code == "JS").Id, scopes.Single(s => s.UserName == "demo-manager-js").UnitId);
            Assert.Equal(units.Single(u => u.Code == "SH-PD").Id, scopes.Single(s => s.UserName == "demo-manager-pd").UnitId);
            // Every owner is one of the organisation's users.
            var userIds = await db.Users.Select(u => u.Id).ToListAsync();
            Assert.All(customers.Where(c => c.OwnerId is not null), c => Assert.Contains(c.OwnerId!.Value, userIds));
            Assert.Contains(customers, c => c.OwnerId is not null);
        }

        // The password printed once signs the demo users in (no password change asked).
        var password = PrintedPassword().Match(printed).Groups[1].Value;
        Assert.StartsWith("demo-", password, StringComparison.Ordinal);
        using (var client = demo.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true }))
        {
            var login = await client.PostAsJsonAsync(new Uri("/api/v1/auth/login", UriKind.Relative), new { userName = "demo-manager-pd", password });
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            var body = await login.Content.ReadFromJsonAsync<LoginBody>();
            Assert.Equal(Roles.UnitManager, body!.Role);
            Assert.False(body.MustChangePassword);
        }

        // A second fill refuses with a clear message and changes nothing.
        await using (var scope = demo.Services.CreateAsyncScope())
        {
            var result = await DemoData.FillAsync(scope.ServiceProvider);
            Assert.False(result.Created);
            Assert.Contains("exists already", result.Refusal, StringComparison.Ordinal);
            var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
            Assert.Equal(5_000, await db.Customers.CountAsync());
            Assert.Equal(16, await db.Units.CountAsync());
            Assert.Equal(8, await db.Users.CountAsync());
            Assert.Equal(1, await db.Organisations.CountAsync());
        }

        // No personal data in the logs: no name, e-mail address, phone number or password of the demo.
        var logged = logs.Text();
        Assert.Contains("Demo organisation filled", logged, StringComparison.Ordinal);
        Assert.DoesNotContain(password, logged, StringComparison.Ordinal);
        Assert.DoesNotContain("example.invalid", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("555-", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("有限公司", logged, StringComparison.Ordinal);
        Assert.All(DemoPlan.Users, u => Assert.DoesNotContain(u.DisplayName, logged, StringComparison.Ordinal));
        Assert.All(DemoPlan.Customers().Take(100), c => Assert.DoesNotContain(c.Name, logged, StringComparison.Ordinal));
    }

    /// <summary>Demo data never mixes with real data: an organisation that holds a customer is refused and left exactly as it was.</summary>
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Fill_OrganisationWithCustomers_RefusesAndChangesNothing(DatabaseProvider provider)
    {
        await using var app = await ManyiWebFactory.StartAsync(provider);
        var head = await app.HeadOfficeAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        db.Customers.Add(new Customer { Id = Guid.NewGuid(), OrganisationId = head.OrganisationId, UnitId = head.Id, Code = "REAL-1", Name = "A real customer", Version = Guid.NewGuid() });
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        var result = await DemoData.FillAsync(scope.ServiceProvider);

        Assert.False(result.Created);
        Assert.Contains("holds data already (1 customers, 1 units)", result.Refusal, StringComparison.Ordinal);
        Assert.Equal("Manyi", (await db.Organisations.AsNoTracking().SingleAsync()).Name);
        Assert.Equal(1, await db.Units.CountAsync());
        Assert.Equal(1, await db.Customers.CountAsync());
        Assert.Equal(1, await db.Users.CountAsync());
    }

    [GeneratedRegex(@"all with the password (\S+)\):")]
    private static partial Regex PrintedPassword();

    private sealed record LoginBody(string Role, bool MustChangePassword);

    /// <summary>Keeps every log message (rendered, with its structured values) of the host under test.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public string Text() => string.Join('\n', _lines);

        public ILogger CreateLogger(string categoryName) => new Logger(_lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
                lines.Enqueue($"{formatter(state, exception)} {values} {exception}");
            }
        }
    }
}
