using Manyi.Core.Customers;
using Manyi.Core.Organisations;
using Manyi.Data;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Manyi.Web.Tests.Features.Pages;

/// <summary>One app per provider shared by the tests of this feature (<see cref="SharedApps"/>).</summary>
public sealed class PagesFixture : SharedApps;

/// <summary>Test data written straight to the database of a test app.</summary>
public static class PageData
{
    public static string NewCode(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    public static async Task<Unit> AddUnitAsync(this ManyiWebFactory app, Guid? parentId, UnitKind kind = UnitKind.District)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var organisation = await db.Organisations.OrderBy(o => o.CreatedAt).FirstAsync();
        var unit = new Unit { Id = Guid.NewGuid(), OrganisationId = organisation.Id, ParentId = parentId, Code = NewCode("U"), Name = NewCode("Unit"), Kind = kind };
        db.Units.Add(unit);
        await db.SaveChangesAsync();
        return unit;
    }

    public static async Task<Customer> AddCustomerAsync(this ManyiWebFactory app, Guid unitId, string name)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var organisation = await db.Organisations.OrderBy(o => o.CreatedAt).FirstAsync();
        var now = DateTimeOffset.UtcNow;
        var customer = new Customer
        {
            Id = Guid.NewGuid(), OrganisationId = organisation.Id, UnitId = unitId, Code = NewCode("C"), Name = name,
            Segment = "Residential", Tier = "B", Value = 100m, CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid(),
        };
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        return customer;
    }

    public static async Task<Customer?> FindCustomerAsync(this ManyiWebFactory app, Guid id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        return await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id);
    }

    public static async Task<List<Customer>> CustomersOfUnitAsync(this ManyiWebFactory app, Guid unitId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        return await db.Customers.AsNoTracking().Where(c => c.UnitId == unitId).OrderBy(c => c.Code).ToListAsync();
    }
}
