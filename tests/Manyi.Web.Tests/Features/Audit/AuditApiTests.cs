using System.Net;
using Manyi.Core.Audit;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Customers;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Manyi.Web.Tests.Features.Customers.CustomersFixture;

namespace Manyi.Web.Tests.Features.Audit;

[Collection(CustomersGroup.Name)]
public class AuditApiTests(CustomersFixture fixture)
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task List_Administrator_FiltersByActionAndTimeWithinOwnOrganisation(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var other = await OtherOrganisationCustomerAsync(app);
        var action = "test." + Guid.NewGuid().ToString("N")[..8];
        var t0 = new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
            var organisationId = db.Organisations.OrderBy(o => o.CreatedAt).First().Id;
            // Three entries of this organisation one day apart, one of another organisation with the same action.
            for (var day = 0; day < 3; day++)
            {
                db.AuditEntries.Add(new AuditEntry { OrganisationId = organisationId, ActorName = "tester", Action = action, Subject = $"s{day}", At = t0.AddDays(day) });
            }
            db.AuditEntries.Add(new AuditEntry { OrganisationId = other.OrganisationId, ActorName = "intruder", Action = action, Subject = "other", At = t0 });
            await db.SaveChangesAsync();
        }
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);

        var all = await JsonAsync(await admin.GetAsync(Url($"/api/v1/audit?action={action}")));
        Assert.Equal(3, all.GetProperty("total").GetInt32());
        // Newest first.
        Assert.Equal(["s2", "s1", "s0"], all.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("subject").GetString()));

        // [from, to): from day 1 inclusive to day 2 exclusive = only s1.
        var range = await JsonAsync(await admin.GetAsync(Url($"/api/v1/audit?action={action}&from=2031-01-02T00:00:00Z&to=2031-01-03T00:00:00Z")));
        Assert.Equal(["s1"], range.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("subject").GetString()));

        var paged = await JsonAsync(await admin.GetAsync(Url($"/api/v1/audit?action={action}&pageSize=2&page=2")));
        Assert.Equal(["s0"], paged.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("subject").GetString()));

        var bad = await admin.GetAsync(Url("/api/v1/audit?from=yesterday&pageSize=500"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["from", "pageSize"], (await JsonAsync(bad)).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task List_NotAdministrator_Forbidden(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync(Url("/api/v1/audit"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Url("/api/v1/audit"))).StatusCode);
    }
}
