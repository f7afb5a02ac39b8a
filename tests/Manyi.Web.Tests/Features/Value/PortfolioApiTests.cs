using System.Net;
using System.Net.Http.Json;
using Manyi.Core.Customers;
using Manyi.Core.Organisations;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Value;
using Microsoft.EntityFrameworkCore;
using Manyi.Web.Tests.Infrastructure;
using static Manyi.Web.Tests.Features.Cases.CaseTestData;

namespace Manyi.Web.Tests.Features.Value;

/// <summary>One app per provider for the portfolio tests; every test works in its own new unit (the unitId filter isolates it).</summary>
public sealed class PortfolioFixture : SharedApps;

/// <summary>/api/v1/customer-value/{pyramid,concentration,retention} and /customers/value against hand computations, unit scope, bad input,
/// the formula guard and HTML encoding.</summary>
public sealed class PortfolioApiTests(PortfolioFixture fixture) : IClassFixture<PortfolioFixture>
{
    private const double Tolerance = 1e-9;

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Pyramid_CutsTheRankedCustomersIntoTheDefaultTiers(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await UnitAsync(app);
        // K = 100, 90, …, 10 (10 customers) and two without a value.
        for (var k = 10; k <= 100; k += 10)
        {
            await SeedCustomerAsync(app, unit, k, "seg-" + (k > 50 ? "big" : "small"), k == 100 ? "<script>alert(1)</script>" : null);
        }
        await SeedCustomerAsync(app, unit, null, null);
        await SeedCustomerAsync(app, unit, null, null);
        var (client, _, _) = await UserAsync(app, Roles.Analyst);

        var pyramid = (await client.GetFromJsonAsync<PyramidDto>(Url($"/api/v1/customer-value/pyramid?unitId={unit.Id}"), Json))!;

        // Hand computation (CustomerPyramid's rule: tier i = ranks ⌈c_{i−1}·N⌉ … ⌈c_i·N⌉ − 1, N = 10, default tiers 1/4/15/80 %):
        // platinum: ⌈0.1⌉ = 1 → rank 0 (K 100); gold: ⌈0.5⌉ = 1 → empty; iron: ⌈2⌉ = 2 → rank 1 (K 90); lead: ranks 2…9 (80 … 10).
        // Total K = 10·(10 + 100)/2 = 550; shares 100/550, 0, 90/550, 360/550.
        Assert.Equal((12, 10, 2, 550m), (pyramid.Customers, pyramid.Valued, pyramid.NotValued, pyramid.TotalValue));
        Assert.Equal(["platinum", "gold", "iron", "lead"], pyramid.Tiers.Select(t => t.Name));
        Assert.Equal([1, 0, 1, 8], pyramid.Tiers.Select(t => t.Customers));
        Assert.Equal([100m, 0m, 90m, 360m], pyramid.Tiers.Select(t => t.Value));
        Assert.Equal(100.0 / 550, pyramid.Tiers[0].ValueShare, Tolerance);
        Assert.Equal(0, pyramid.Tiers[1].ValueShare, Tolerance);
        Assert.Equal(90.0 / 550, pyramid.Tiers[2].ValueShare, Tolerance);
        Assert.Equal(360.0 / 550, pyramid.Tiers[3].ValueShare, Tolerance);
        Assert.Equal(new decimal?[] { 100m, null, 90m, 10m }, pyramid.Tiers.Select(t => t.LowestValue));
        Assert.All(pyramid.Tiers, t => Assert.Null(t.MeanSatisfaction));
        var top = Assert.Single(pyramid.TopCustomers);
        Assert.Equal(100m, top.Value);

        // Segment filter: the five "big" customers 100…60: N = 5: platinum ⌈0.05⌉ = 1 → K 100; gold ⌈0.25⌉ = 1 → empty; iron ⌈1⌉ = 1 → empty; lead 4.
        var big = (await client.GetFromJsonAsync<PyramidDto>(Url($"/api/v1/customer-value/pyramid?unitId={unit.Id}&segment=seg-big"), Json))!;
        Assert.Equal([1, 0, 0, 4], big.Tiers.Select(t => t.Customers));
        Assert.Equal(400m, big.TotalValue);

        // The page shows the tiers; the customer's name is encoded, never run.
        var (admin, _, _) = await UserAsync(app, Roles.Administrator);
        var page = await admin.GetStringAsync(Url($"/customers/value?unit={unit.Id}"));
        Assert.Contains("id=\"table-pyramid\"", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)</script>", page, StringComparison.Ordinal);
        Assert.Contains("id=\"retention-empty\"", page, StringComparison.Ordinal);

        // CSV download: the formula guard on text cells.
        await SeedCustomerAsync(app, unit, 1000, "seg-big", "=HYPERLINK(\"http://x\")");
        var csv = await admin.GetStringAsync(Url($"/api/v1/customer-value/pyramid/csv?unitId={unit.Id}"));
        Assert.Contains("'=HYPERLINK", csv, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task WhaleCurve_HeadlineFigures_MatchTheHandComputation(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await UnitAsync(app);
        // Profit 2026: A 30 + 30 (two quarters), B 40, C 20, D −10, E −10; E also +1000 in 2025-Q4, outside the default 4 quarters.
        var a = await SeedCustomerAsync(app, unit, 1, null);
        var b = await SeedCustomerAsync(app, unit, 1, null);
        var c = await SeedCustomerAsync(app, unit, 1, null);
        var d = await SeedCustomerAsync(app, unit, 1, null);
        var e = await SeedCustomerAsync(app, unit, 1, null);
        await FiguresAsync(app, CustomerMeasure.Profit,
            (a, Q(2026, 1), 30), (a, Q(2026, 4), 30), (b, Q(2026, 2), 40), (c, Q(2026, 3), 20), (d, Q(2026, 3), -10), (e, Q(2026, 4), -10), (e, Q(2025, 4), 1000));
        await FiguresAsync(app, CustomerMeasure.Sales, (a, Q(2026, 1), 500), (b, Q(2026, 1), 300), (c, Q(2026, 1), 200));
        var (client, _, _) = await UserAsync(app, Roles.Viewer);

        var whale = (await client.GetFromJsonAsync<ConcentrationDto>(Url($"/api/v1/customer-value/concentration?measure=profit&unitId={unit.Id}"), Json))!;
        // Hand computation (Kaplan & Cooper whale curve): ranked 60, 40, 20, −10, −10; total 100; cumulative 60, 100, 120, 110, 100 →
        // shares 0.6, 1.0, 1.2, 1.1, 1.0 at customer shares 0.2 … 1.0. Top 20 % = one customer = 0.6; peak 1.2 at 0.6 (3 customers);
        // 2 unprofitable customers losing −20.
        Assert.Equal((new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)), (whale.From!.Value, whale.To!.Value));
        Assert.Equal(5, whale.Customers);
        Assert.Equal(100, whale.Total!.Value, Tolerance);
        Assert.Equal(0.6, whale.TopFifthShare!.Value, Tolerance);
        Assert.Equal(1.2, whale.PeakShare!.Value, Tolerance);
        Assert.Equal(0.6, whale.PeakCustomerShare!.Value, Tolerance);
        Assert.Equal(3, whale.PeakRank);
        Assert.Equal(2, whale.Unprofitable);
        Assert.Equal(-20, whale.UnprofitableAmount, Tolerance);
        Assert.Equal([0, 1, 2, 3, 4, 5], whale.Points.Select(p => p.Rank));
        Assert.Equal([0, 0.6, 1.0, 1.2, 1.1, 1.0], whale.Points.Select(p => Math.Round(p.CumulativeShare, 9)));
        Assert.Equal(new HashSet<Guid> { d.Id, e.Id }, whale.Lowest.Take(2).Select(l => l.Id).ToHashSet());

        // An explicit period: only H2 2026: A 30, C 20, D −10, E −10 → total 30; ranked 30, 20, −10, −10: cumulative 30, 50, 40, 30;
        // peak 50/30 at 2/4 = 0.5; top 20 % = 0.8 customers → interpolated 0.8·30/30 = 0.8 of the total.
        var h2 = (await client.GetFromJsonAsync<ConcentrationDto>(
            Url($"/api/v1/customer-value/concentration?measure=profit&unitId={unit.Id}&from=2026-07-01&to=2026-12-31"), Json))!;
        Assert.Equal(4, h2.Customers);
        Assert.Equal(30, h2.Total!.Value, Tolerance);
        Assert.Equal(50.0 / 30, h2.PeakShare!.Value, Tolerance);
        Assert.Equal(0.5, h2.PeakCustomerShare!.Value, Tolerance);
        Assert.Equal(0.8, h2.TopFifthShare!.Value, Tolerance);

        // The 80/20 curve of sales: 500, 300, 200 of 1000; top 20 % = 0.6 of one customer (1/3 of customers) → 0.6·500/1000 = 0.3.
        var pareto = (await client.GetFromJsonAsync<ConcentrationDto>(Url($"/api/v1/customer-value/concentration?unitId={unit.Id}"), Json))!;
        Assert.Equal("sales", pareto.Measure);
        Assert.Equal(0.3, pareto.TopFifthShare!.Value, Tolerance);
        Assert.Equal(0, pareto.Unprofitable);

        // No figures in the period: an empty answer, not an error.
        var none = (await client.GetFromJsonAsync<ConcentrationDto>(
            Url($"/api/v1/customer-value/concentration?measure=profit&unitId={unit.Id}&from=2020-01-01&to=2020-12-31"), Json))!;
        Assert.Empty(none.Points);
        Assert.Null(none.Total);

        var csv = await (await UserAsync(app, Roles.Administrator)).Client.GetStringAsync(
            Url($"/api/v1/customer-value/concentration/csv?measure=profit&unitId={unit.Id}"));
        Assert.StartsWith("summary", csv, StringComparison.Ordinal); // HttpClient strips the BOM
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Retention_ByQuarter_AndSegment_MatchTheHandComputation(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await UnitAsync(app);
        var a = await SeedCustomerAsync(app, unit, 1, "big");
        var b = await SeedCustomerAsync(app, unit, 1, "big");
        var c = await SeedCustomerAsync(app, unit, 1, "small");
        var d = await SeedCustomerAsync(app, unit, 1, "small");
        // A buys every quarter; B in Q1, Q2 and Q4 but churns in Q3; C in Q2 and Q4 (repeat purchases in Q4); D in Q1 only.
        await FiguresAsync(app, CustomerMeasure.Sales,
            (a, Q(2026, 1), 10), (a, Q(2026, 2), 10), (a, Q(2026, 3), 10), (a, Q(2026, 4), 10),
            (b, Q(2026, 1), 10), (b, Q(2026, 2), 10), (b, Q(2026, 4), 10), (c, Q(2026, 2), 10), (d, Q(2026, 1), 10));
        await FiguresAsync(app, CustomerMeasure.RepeatPurchases, (c, Q(2026, 4), 2));
        await FiguresAsync(app, CustomerMeasure.Churn, (b, Q(2026, 3), 1));
        var (client, _, _) = await UserAsync(app, Roles.Viewer);

        var r = (await client.GetFromJsonAsync<RetentionDto>(
            Url($"/api/v1/customer-value/retention?grain=quarter&unitId={unit.Id}&from=2026-01-01&to=2026-12-31"), Json))!;
        // Hand computation: active Q1 {A,B,D}, Q2 {A,B,C}, Q3 {A} (B lost from Q3), Q4 {A,C}.
        // Q2: at start 3, retained {A,B} 2, lost 1 (D), won 1 (C); Q3: at start 3, retained 1, lost 2, won 0; Q4: at start 1, retained 1, won 1 (C).
        Assert.Equal(["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"], r.Overall.Select(p => p.Period));
        Assert.Equal(4, r.Customers);
        Assert.Equal([3, 3, 1, 2], r.Overall.Select(p => p.Active));
        Assert.Equal([0, 3, 3, 1], r.Overall.Select(p => p.AtStart));
        Assert.Equal([0, 2, 1, 1], r.Overall.Select(p => p.Retained));
        Assert.Equal([0, 1, 2, 0], r.Overall.Select(p => p.Lost));
        Assert.Equal([3, 1, 0, 1], r.Overall.Select(p => p.Won));
        Assert.Null(r.Overall[0].ChurnRate);
        Assert.Equal(1.0 / 3, r.Overall[1].ChurnRate!.Value, Tolerance);
        Assert.Equal(2.0 / 3, r.Overall[2].ChurnRate!.Value, Tolerance);
        Assert.Equal(1, r.Overall[3].RetentionRate!.Value, Tolerance);
        // Segment big {A,B}: Q2 2 of 2 retained; Q3 1 of 2 (B lost) → 0.5. Small {C,D}: Q2 0 of 1 (D) → 0; Q3 0 of 1 (C); Q4 nobody before.
        Assert.Equal(["big", "small"], r.Groups.Select(g => g.Key));
        Assert.Equal(new double?[] { null, 1.0, 0.5, 1.0 }, r.Groups[0].Periods.Select(p => p.RetentionRate));
        Assert.Equal(new double?[] { null, 0.0, 0.0, null }, r.Groups[1].Periods.Select(p => p.RetentionRate));

        // By unit: one group, the test's unit.
        var byUnit = (await client.GetFromJsonAsync<RetentionDto>(Url($"/api/v1/customer-value/retention?by=unit&unitId={unit.Id}"), Json))!;
        Assert.Equal(unit.Name, Assert.Single(byUnit.Groups).Name);
        Assert.Equal("2026-Q4", byUnit.Overall[^1].Period);

        // Months: 12 periods; A active in the first month of each quarter only.
        var months = (await client.GetFromJsonAsync<RetentionDto>(
            Url($"/api/v1/customer-value/retention?grain=month&unitId={unit.Id}&from=2026-01-01&to=2026-12-31"), Json))!;
        Assert.Equal(12, months.Overall.Count);
        Assert.Equal(3, months.Overall[0].Active);
        Assert.Equal(0, months.Overall[1].Active);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task UnitManager_SeesOnlyItsUnits_AndBadParametersAreNamed(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var mine = await UnitAsync(app);
        var other = await UnitAsync(app);
        await SeedCustomerAsync(app, mine, 50, null);
        var stranger = await SeedCustomerAsync(app, other, 70, null);
        await FiguresAsync(app, CustomerMeasure.Profit, (stranger, Q(2026, 1), 100));
        var (manager, _, _) = await UserAsync(app, Roles.UnitManager, mine.Id);

        foreach (var view in new[] { "pyramid", "concentration", "retention" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(Url($"/api/v1/customer-value/{view}?unitId={other.Id}"))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(Url($"/api/v1/customer-value/{view}?unitId={Guid.NewGuid()}"))).StatusCode);
        }
        var pyramid = (await manager.GetFromJsonAsync<PyramidDto>(Url("/api/v1/customer-value/pyramid"), Json))!;
        Assert.Equal((1, 50m), (pyramid.Customers, pyramid.TotalValue));
        var whale = (await manager.GetFromJsonAsync<ConcentrationDto>(Url("/api/v1/customer-value/concentration?measure=profit"), Json))!;
        Assert.Equal(0, whale.Customers);
        var page = await manager.GetStringAsync(Url($"/customers/value?unit={other.Id}"));
        Assert.DoesNotContain(stranger.Name, page, StringComparison.Ordinal);
        Assert.Contains("id=\"whale-empty\"", page, StringComparison.Ordinal);

        Assert.Equal(["unitId"], await ErrorsAsync(await manager.GetAsync(Url("/api/v1/customer-value/pyramid?unitId=abc"))));
        Assert.Equal(["questionnaireId"], await ErrorsAsync(await manager.GetAsync(Url("/api/v1/customer-value/pyramid?questionnaireId=x"))));
        Assert.Equal(["measure"], await ErrorsAsync(await manager.GetAsync(Url("/api/v1/customer-value/concentration?measure=revenue"))));
        Assert.Equal(["from"], await ErrorsAsync(await manager.GetAsync(Url("/api/v1/customer-value/concentration?from=2026-13-01"))));
        Assert.Equal(["from"], await ErrorsAsync(await manager.GetAsync(Url("/api/v1/customer-value/concentration?from=2026-06-01&to=2026-01-01"))));
        Assert.Equal(["by", "grain"], await ErrorsAsync(await manager.GetAsync(Url("/api/v1/customer-value/retention?grain=week&by=x"))));
        Assert.Equal(["to"], await ErrorsAsync(await manager.GetAsync(Url("/api/v1/customer-value/retention?grain=month&from=2000-01-01&to=2026-01-01"))));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task WholeOrganisation_WithoutFilters_CoversEveryCustomer_AndThePageShowsTheViews(DatabaseProvider provider)
    {
        // Without a unit or segment the views read the organisation's figures with no customer filter (and the page runs retention on a
        // second context): the figures here lie in 2031, a year no other test of this fixture uses, so the explicit period isolates them.
        var app = await fixture.AppAsync(provider);
        var unit = await UnitAsync(app);
        var p = await SeedCustomerAsync(app, unit, 5, "whole");
        var q = await SeedCustomerAsync(app, unit, 3, "whole");
        var r = await SeedCustomerAsync(app, unit, 2, "whole");
        await FiguresAsync(app, CustomerMeasure.Profit, (p, Q(2031, 1), 70), (q, Q(2031, 2), 40), (r, Q(2031, 3), -10));
        await FiguresAsync(app, CustomerMeasure.Sales, (p, Q(2031, 1), 100), (p, Q(2031, 2), 100), (q, Q(2031, 1), 50));
        await FiguresAsync(app, CustomerMeasure.Churn, (q, Q(2031, 2), 1));
        var (client, _, _) = await UserAsync(app, Roles.Analyst);

        // Hand computation: profit 70, 40, −10 → total 100; cumulative 70, 110, 100 → peak 1.1 after 2 of 3 customers; 1 unprofitable (−10).
        var whale = (await client.GetFromJsonAsync<ConcentrationDto>(
            Url("/api/v1/customer-value/concentration?measure=profit&from=2031-01-01&to=2031-12-31"), Json))!;
        Assert.Equal((3, 100.0, 1.1, 2), (whale.Customers, whale.Total!.Value, Math.Round(whale.PeakShare!.Value, 9), whale.PeakRank!.Value));
        Assert.Equal((1, -10.0), (whale.Unprofitable, whale.UnprofitableAmount));
        Assert.Equal(r.Id, whale.Lowest[0].Id);

        // Retention 2031-Q1…Q2: Q1 active {P, Q}; Q2 P buys again, Q churns → active 1, at start 2, retained 1, lost 1, churn rate 1/2.
        var retention = (await client.GetFromJsonAsync<RetentionDto>(
            Url("/api/v1/customer-value/retention?grain=quarter&from=2031-01-01&to=2031-06-30"), Json))!;
        Assert.Equal(2, retention.Customers);
        Assert.Equal([2, 1], retention.Overall.Select(x => x.Active));
        Assert.Equal([0, 2], retention.Overall.Select(x => x.AtStart));
        Assert.Equal([0, 1], retention.Overall.Select(x => x.Lost));
        Assert.Equal(0.5, retention.Overall[1].ChurnRate!.Value, Tolerance);
        Assert.Equal("whole", Assert.Single(retention.Groups).Key);

        // The pyramid covers every customer of the organisation: counted and summed here straight from the table.
        var (count, valued, total) = await DbAsync(app, async db =>
        {
            var all = await db.Customers.Where(c => c.OrganisationId == unit.OrganisationId).Select(c => c.Value).ToListAsync();
            return (all.Count, all.Count(v => v != null), all.Sum(v => v ?? 0m));
        });
        var pyramid = (await client.GetFromJsonAsync<PyramidDto>(Url("/api/v1/customer-value/pyramid"), Json))!;
        Assert.Equal((count, valued, total), (pyramid.Customers, pyramid.Valued, pyramid.TotalValue));

        var page = await client.GetStringAsync(Url("/customers/value?from=2031-01-01&to=2031-06-30"));
        Assert.Contains("id=\"table-pyramid\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"retention-empty\"", page, StringComparison.Ordinal);
    }

    private static DateOnly Q(int year, int quarter) => new(year, quarter * 3 - 2, 1);

    private static async Task<Customer> SeedCustomerAsync(ManyiWebFactory app, Unit unit, decimal? value, string? segment, string? name = null)
    {
        var customer = new Customer
        {
            Id = Guid.NewGuid(), OrganisationId = unit.OrganisationId, UnitId = unit.Id, Code = Code("V"), Name = name ?? "客户" + Guid.NewGuid().ToString("N")[..6],
            Segment = segment, Value = value, Status = CustomerStatus.Active, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, Version = Guid.NewGuid(),
        };
        await DbAsync(app, async db =>
        {
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
        });
        return customer;
    }

    /// <summary>Quarterly figures of <paramref name="measure"/>: (customer, quarter start, value).</summary>
    private static Task FiguresAsync(ManyiWebFactory app, string measure, params (Customer Customer, DateOnly Start, double Value)[] figures) =>
        DbAsync(app, async db =>
        {
            foreach (var (customer, start, value) in figures)
            {
                db.CustomerMeasures.Add(new CustomerMeasure
                {
                    Id = Guid.NewGuid(), OrganisationId = customer.OrganisationId, CustomerId = customer.Id, Measure = measure, PeriodStart = start,
                    PeriodEnd = start.AddMonths(3).AddDays(-1), Value = value, ImportedAt = DateTimeOffset.UtcNow,
                });
            }
            await db.SaveChangesAsync();
        });
}
