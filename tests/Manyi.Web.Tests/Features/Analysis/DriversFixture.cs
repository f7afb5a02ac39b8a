using Manyi.Core.Collection;
using Manyi.Core.Customers;
using Manyi.Data;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Manyi.Web.Tests.Features.Analysis;

/// <summary>One app per provider shared by the driver analysis tests.</summary>
public sealed class DriversFixture : SharedApps;

[CollectionDefinition(Name)]
public sealed class DriversGroup : ICollectionFixture<DriversFixture>
{
    public const string Name = "analysis-drivers";
}

/// <summary>Data of the driver tests written straight to the database.</summary>
public static class DriversTestData
{
    /// <summary>Another wave of the same questionnaire version as <paramref name="wave"/>, opened <paramref name="daysEarlier"/> days before it.</summary>
    public static async Task<Wave> AddSiblingWaveAsync(this ManyiWebFactory app, Wave wave, int daysEarlier)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(wave);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var now = DateTimeOffset.UtcNow;
        var sibling = new Wave
        {
            Id = Guid.NewGuid(), OrganisationId = wave.OrganisationId, UnitId = wave.UnitId, QuestionnaireId = wave.QuestionnaireId,
            QuestionnaireVersionId = wave.QuestionnaireVersionId, Name = "Earlier " + Guid.NewGuid().ToString("N")[..8], Status = WaveStatus.Closed,
            MinimumN = wave.MinimumN, OpensAt = (wave.OpensAt ?? now).AddDays(-daysEarlier), CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid(),
        };
        db.Waves.Add(sibling);
        await db.SaveChangesAsync();
        return sibling;
    }

    /// <summary>A customer of <paramref name="unitId"/> with a segment and a customer value K.</summary>
    public static async Task<Guid> AddValuedCustomerAsync(this ManyiWebFactory app, Guid unitId, string segment, decimal value, string name = "Customer")
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var organisationId = await db.Units.Where(u => u.Id == unitId).Select(u => u.OrganisationId).SingleAsync();
        var now = DateTimeOffset.UtcNow;
        var customer = new Customer
        {
            Id = Guid.NewGuid(), OrganisationId = organisationId, UnitId = unitId, Code = "K-" + Guid.NewGuid().ToString("N")[..12], Name = name,
            Segment = segment, Value = value, CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid(),
        };
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        return customer.Id;
    }
}
