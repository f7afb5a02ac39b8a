using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Manyi.Core.Customers;
using Manyi.Core.Organisations;
using Manyi.Data;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Manyi.Web.Tests.Features.Customers;

/// <summary>
/// One running app per provider, shared by the customer and audit tests (starting a host costs ~0.5 s). Tests stay isolated
/// by working in units and codes of their own (<see cref="CustomersFixture.NewUnitAsync"/>, <see cref="CustomersFixture.Code"/>).
/// </summary>
public sealed class CustomersFixture : SharedApps
{
    /// <summary>A customer code no other test uses.</summary>
    public static string Code(string prefix = "C") => $"{prefix}-{Guid.NewGuid():N}"[..20];

    /// <summary>A new unit of the first organisation (a branch under <paramref name="parentId"/>, or under the head office).</summary>
    public static async Task<Unit> NewUnitAsync(ManyiWebFactory app, Guid? parentId = null, UnitKind kind = UnitKind.Branch)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var head = await db.Units.AsNoTracking().SingleAsync(u => u.ParentId == null && u.Code == "HQ");
        var unit = new Unit { Id = Guid.NewGuid(), OrganisationId = head.OrganisationId, ParentId = parentId ?? head.Id, Code = Code("U"), Name = "Unit", Kind = kind };
        db.Units.Add(unit);
        await db.SaveChangesAsync();
        return unit;
    }

    /// <summary>A second organisation with a unit and one customer, written directly to the database.</summary>
    public static async Task<Customer> OtherOrganisationCustomerAsync(ManyiWebFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var organisation = new Organisation { Id = Guid.NewGuid(), Name = "Other", CreatedAt = DateTimeOffset.UtcNow.AddYears(1) };
        var unit = new Unit { Id = Guid.NewGuid(), OrganisationId = organisation.Id, Code = Code("OU"), Name = "Other unit", Kind = UnitKind.Company };
        var customer = new Customer
        {
            Id = Guid.NewGuid(), OrganisationId = organisation.Id, UnitId = unit.Id, Code = Code("OC"), Name = "Other org customer",
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, Version = Guid.NewGuid(),
        };
        db.AddRange(organisation, unit, customer);
        await db.SaveChangesAsync();
        return customer;
    }

    /// <summary>Runs a query on the app's database (to check what was or was not written).</summary>
    public static async Task<T> DbAsync<T>(ManyiWebFactory app, Func<ManyiDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ManyiDbContext>());
    }

    public static async Task<HttpResponseMessage> CreateAsync(HttpClient client, object body) =>
        await client.PostAsJsonAsync(new Uri("/api/v1/customers", UriKind.Relative), body);

    /// <summary>Creates a customer and returns its JSON; fails the test unless the answer is 201.</summary>
    public static async Task<JsonElement> CreateOkAsync(HttpClient client, object body)
    {
        var response = await CreateAsync(client, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    public static Uri Url(string path) => new(path, UriKind.Relative);

    public static EntityTagHeaderValue Tag(string version) => new($"\"{version}\"");
}

[CollectionDefinition(Name)]
public sealed class CustomersGroup : ICollectionFixture<CustomersFixture>
{
    public const string Name = "customers";
}
