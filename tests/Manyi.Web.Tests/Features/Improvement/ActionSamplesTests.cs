using Manyi.Analytics.Comparisons;
using Manyi.Core.Customers;
using Manyi.Core.Improvement;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Improvement;
using Manyi.Web.Features.Users;
using Manyi.Web.Tests.Features.Analysis;
using Manyi.Web.Tests.Features.Results;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Manyi.Web.Tests.Features.Results.ResultsTestData;

namespace Manyi.Web.Tests.Features.Improvement;

/// <summary><see cref="IndicatorSamples"/> on a wave worked by hand.</summary>
[Collection(ActionsGroup.Name)]
public class ActionSamplesTests(ActionsFixture fixture)
{
    /// <summary>
    /// Unit A (5 responses, customers valued K = 100, 100, 200, 300, 300): satisfaction (CSAT 1–5) 5 4 3 2 1 → on 0–100
    /// 100 75 50 25 0, overall mean 50; CSAT top 2 = 2 of 5 = 40 %; recommend 10 9 8 6 0 → 2 promoters, 1 passive,
    /// 2 detractors, NPS = 100·(2 − 2)/5 = 0; q1 1 2 3 4 5 → mean 50. Weighted (K_o = mean K = 200): D' = K/K_o·D =
    /// 0.5·100, 0.5·75, 1·50, 1.5·25, 1.5·0 = 50, 37.5, 50, 37.5, 0 → mean 35. Unit B (5 responses, all 5 and 10) is outside.
    /// Measures: A's customers have sales 10 and 20 in Q1 (and 1000 in Q2, outside) → 30; B has no customer figure and a group
    /// figure 7 for itself (and a segment figure 3 that is not added) → 7.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Read_HandWorkedWave_GivesTheHandFigures(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var a = await app.AddUnitAsync(home.Id);
        var b = await app.AddUnitAsync(home.Id);
        var wave = await app.AddWaveAsync(ScoresQuestionnaire(), ScoresIndicators(), minimumN: 5);
        decimal[] values = [100, 100, 200, 300, 300];
        int[] csat = [5, 4, 3, 2, 1], nps = [10, 9, 8, 6, 0];
        var customers = new List<Guid>();
        foreach (var value in values)
        {
            customers.Add(await app.AddValuedCustomerAsync(a, "S", value));
        }
        await app.AddResponsesAsync(wave, Enumerable.Range(0, 5).Select(i =>
            new SeedResponse(Cells(("recommend", nps[i]), ("satisfaction", csat[i]), ("q1", i + 1)), a, customers[i])));
        await app.AddResponsesAsync(wave, Enumerable.Range(0, 5).Select(_ => new SeedResponse(Cells(("recommend", 10), ("satisfaction", 5), ("q1", 5)), b)));

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var cache = scope.ServiceProvider.GetRequiredService<WaveDataCache>();
        var viewer = new Viewer(wave.OrganisationId, Guid.NewGuid(), Roles.Administrator, null);

        async Task<IndicatorSample> Read(string key) => (await IndicatorSamples.ReadAsync(db, cache, viewer, wave.Id, a, key, default))!;

        var overall = await Read(IndicatorKey.Overall);
        Assert.Equal(50, overall.Value!.Value, 9);
        Assert.Equal(5, overall.N);
        Assert.Equal(MeasureKind.Mean, overall.Measure!.Kind);
        Assert.Equal([0, 25, 50, 75, 100], overall.Observations.Select(o => o.Value).Order());

        var top = await Read(IndicatorKey.Csat);
        Assert.Equal(40, top.Value!.Value, 9);
        Assert.Equal(2, top.TopBox);
        Assert.Equal(MeasureKind.TopBox, top.Measure!.Kind);

        var promoters = await Read(IndicatorKey.Nps);
        Assert.Equal(0, promoters.Value!.Value, 9);
        Assert.Equal(new NpsCounts(2, 1, 2), promoters.Nps);

        var cell = await Read(IndicatorKey.Cell("q1"));
        Assert.Equal(50, cell.Value!.Value, 9);

        var weighted = await Read(IndicatorKey.OverallWeighted);
        Assert.Equal(200, weighted.StandardValue!.Value, 9);
        Assert.Equal(35, weighted.Value!.Value, 9);
        Assert.Equal([0, 37.5, 37.5, 50, 50], weighted.Observations.Select(o => o.Value).Order());

        var index = await Read(IndicatorKey.Index);
        Assert.NotNull(index.Value);
        Assert.Null(index.Measure);

        var all = (await IndicatorSamples.ReadAsync(db, cache, viewer, wave.Id, (Guid?)null, IndicatorKey.Overall, default))!;
        Assert.Equal(10, all.N);

        // A unit manager of B sees nothing of A: the unit is not found for them.
        var manager = new Viewer(wave.OrganisationId, Guid.NewGuid(), Roles.UnitManager, new HashSet<Guid> { b });
        Assert.Null(await IndicatorSamples.ReadAsync(db, cache, manager, wave.Id, a, IndicatorKey.Overall, default));
        Assert.Equal(5, (await IndicatorSamples.ReadAsync(db, cache, manager, wave.Id, (Guid?)null, IndicatorKey.Overall, default))!.N);

        var now = DateTimeOffset.UtcNow;
        DateOnly q1 = new(2026, 1, 1), q1End = new(2026, 3, 31), q2 = new(2026, 4, 1), q2End = new(2026, 6, 30);
        db.CustomerMeasures.AddRange(
            new CustomerMeasure { Id = Guid.NewGuid(), OrganisationId = wave.OrganisationId, CustomerId = customers[0], Measure = "sales", PeriodStart = q1, PeriodEnd = q1End, Value = 10, ImportedAt = now },
            new CustomerMeasure { Id = Guid.NewGuid(), OrganisationId = wave.OrganisationId, CustomerId = customers[1], Measure = "sales", PeriodStart = q1, PeriodEnd = q1End, Value = 20, ImportedAt = now },
            new CustomerMeasure { Id = Guid.NewGuid(), OrganisationId = wave.OrganisationId, CustomerId = customers[1], Measure = "sales", PeriodStart = q2, PeriodEnd = q2End, Value = 1000, ImportedAt = now });
        db.GroupMeasures.AddRange(
            new GroupMeasure { Id = Guid.NewGuid(), OrganisationId = wave.OrganisationId, UnitId = b, Measure = "sales", PeriodStart = q1, PeriodEnd = q1End, Value = 7, ImportedAt = now },
            new GroupMeasure { Id = Guid.NewGuid(), OrganisationId = wave.OrganisationId, UnitId = b, Segment = "S", Measure = "sales", PeriodStart = q1, PeriodEnd = q1End, Value = 3, ImportedAt = now });
        await db.SaveChangesAsync();
        Assert.Equal(30, await IndicatorSamples.MeasureAsync(db, wave.OrganisationId, a, "sales", q1, q1End, default));
        Assert.Equal(1030, await IndicatorSamples.MeasureAsync(db, wave.OrganisationId, a, IndicatorKey.Measure("sales"), q1, q2End, default));
        Assert.Equal(7, await IndicatorSamples.MeasureAsync(db, wave.OrganisationId, b, "sales", q1, q1End, default));
        Assert.Null(await IndicatorSamples.MeasureAsync(db, wave.OrganisationId, a, "profit", q1, q1End, default));
    }
}
