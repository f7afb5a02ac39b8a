using Manyi.Data;
using Manyi.Web.Features.Jobs;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Manyi.Web.Tests.Features.Jobs;

/// <summary>
/// The lease step of the background jobs (<see cref="JobLeaseStep"/>): of two instances one holds a job's lease; the holder renews
/// it; once it expires unrenewed the other instance takes it. Each call uses its own DbContext, as two server instances would.
/// </summary>
public sealed class JobLeaseStepTests(SharedApps apps) : IClassFixture<SharedApps>
{
    private static readonly DateTimeOffset Start = new(2026, 10, 12, 1, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Length = TimeSpan.FromMinutes(4);

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task TwoHolders_OneWins_AfterExpiryTheOtherTakesIt(DatabaseProvider provider)
    {
        var app = await apps.AppAsync(provider);
        // A name of this test's own, so the app's real jobs (case-clock, report-scheduler, …) do not interfere.
        var name = "test-" + Guid.NewGuid().ToString("N");

        // First take inserts the row; the second holder finds it held until Start + 4 min.
        Assert.True(await TakeAsync(app, name, "host-a", Start));
        Assert.False(await TakeAsync(app, name, "host-b", Start));
        Assert.False(await TakeAsync(app, name, "host-b", Start.AddMinutes(3)));
        // host-a renews at +3 min: held until +7 min, so host-b's try at +6:59 fails as well.
        Assert.True(await TakeAsync(app, name, "host-a", Start.AddMinutes(3)));
        Assert.False(await TakeAsync(app, name, "host-b", Start.AddMinutes(6).AddSeconds(59)));
        // host-a stops renewing; at +7 min (expiry reached: ExpiresAt <= now) host-b takes it, until +11 min.
        Assert.True(await TakeAsync(app, name, "host-b", Start.AddMinutes(7)));
        Assert.False(await TakeAsync(app, name, "host-a", Start.AddMinutes(7)));

        var lease = await DbAsync(app, db => db.JobLeases.AsNoTracking().SingleAsync(l => l.Name == name));
        Assert.Equal("host-b", lease.Holder);
        Assert.Equal(Start.AddMinutes(11), lease.ExpiresAt);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task TwoHolders_AtTheSameTime_OnFreshLease_ExactlyOneWins(DatabaseProvider provider)
    {
        var app = await apps.AppAsync(provider);
        var name = "test-" + Guid.NewGuid().ToString("N");

        // Both find no row and insert; the primary key lets one insert through, the other learns it lost.
        var results = await Task.WhenAll(TakeAsync(app, name, "host-a", Start), TakeAsync(app, name, "host-b", Start));

        Assert.Single(results, taken => taken);
        var holder = await DbAsync(app, db => db.JobLeases.AsNoTracking().Where(l => l.Name == name).Select(l => l.Holder).SingleAsync());
        Assert.Equal(results[0] ? "host-a" : "host-b", holder);
    }

    private static Task<bool> TakeAsync(ManyiWebFactory app, string name, string holder, DateTimeOffset now) =>
        DbAsync(app, db => JobLeaseStep.TryTakeAsync(db, name, holder, now, Length, CancellationToken.None));

    private static async Task<T> DbAsync<T>(ManyiWebFactory app, Func<ManyiDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ManyiDbContext>());
    }
}
