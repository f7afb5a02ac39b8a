using Manyi.Core.Customers;
using Manyi.Core.Organisations;
using Manyi.Data;
using Manyi.Web.Features.Value;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Demo;

/// <summary>
/// Demo indirect measures (sales, profit, repeat purchases, churn events, market share), the value policy and the computed K.
/// Eight complete quarters before the current one: quarterly sales = the customer's annual bill / 4 with noise; profit = sales ×
/// a segment margin, negative for about one customer in five or six, large ones included (the whale curve's hump); repeat purchases for company customers;
/// churn events for the customers already Lost (DemoPlan, DemoCases) in one of the last four quarters; market share per
/// branch. Sales of the Suzhou branch follow the demo waves' satisfaction lift of the quarter before (the leading indicator).
/// K = Σ sales of the last four quarters (policy basis Revenue), computed by <see cref="CustomerValuation"/>, so every customer with
/// sales has K &gt; 0; the pyramid tiers are recut by K.
/// </summary>
internal static class DemoValue
{
    private const int Quarters = 8;

    /// <summary>Writes this part of the demo; runs inside the demo fill's transaction.</summary>
    public static async Task WriteAsync(ManyiDbContext db, Guid organisationId, IReadOnlyDictionary<string, Guid> unitIds,
        IReadOnlyDictionary<string, Guid> userIds, DateTimeOffset now, CancellationToken ct)
    {
        var random = new Random(20260909);
        var thisQuarter = new DateOnly(now.Year, ((now.Month - 1) / 3 * 3) + 1, 1);
        var starts = Enumerable.Range(0, Quarters).Select(q => thisQuarter.AddMonths(-3 * (Quarters - q))).ToArray();
        // The satisfaction lift of the demo waves (DemoSurveys): three quarters ago −0.05, two ago 0, last quarter −0.15.
        var lift = new double[Quarters];
        lift[Quarters - 3] = -0.05;
        lift[Quarters - 2] = 0.0;
        lift[Quarters - 1] = -0.15;
        var leading = unitIds.GetValueOrDefault("JS-SZ");
        var customers = await db.Customers.Where(c => c.OrganisationId == organisationId).OrderBy(c => c.Code).ToListAsync(ct);
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var importedAt = now;
        var rows = new List<CustomerMeasure>(20_000);
        try
        {
            foreach (var customer in customers)
            {
                var annual = (double)(customer.Value ?? 1_000m);
                var margin = customer.Segment switch
                {
                    DemoPlan.KeyAccount => 0.06,
                    DemoPlan.Industrial => 0.05,
                    DemoPlan.Commercial => 0.04,
                    _ => 0.03,
                };
                // Cost to serve makes some customers unprofitable, large ones included (special service, discounts, rework): about
                // one in five of the platinum and gold customers and one in six of the others. The most profitable fifth then earns
                // about 150 % of the profit, in the range activity-based costing studies report (Cooper & Kaplan 1991: 150–300 %).
                var losing = customer.Tier is DemoPlan.Platinum or DemoPlan.Gold ? 1.0 / 5 : 1.0 / 6;
                if (random.NextDouble() < losing)
                {
                    margin = -0.05 - (0.06 * random.NextDouble());
                }
                // The customers the demo cases lost (DemoCases: badly served ones more often) get their churn event in one of the quarters.
                int? churn = customer.Status == CustomerStatus.Lost ? Quarters / 2 + random.Next(Quarters / 2) : null;
                for (var q = 0; q < Quarters; q++)
                {
                    var start = starts[q];
                    var end = start.AddMonths(3).AddDays(-1);
                    if (churn == q)
                    {
                        rows.Add(Row(organisationId, customer.Id, CustomerMeasure.Churn, start, end, 1, importedAt));
                        break;
                    }
                    var trend = customer.UnitId == leading && q > 0 ? 1 + (2.0 * lift[q - 1]) : 1;
                    var sales = Math.Round(annual / 4 * trend * (0.9 + (0.2 * random.NextDouble())), 2);
                    var profit = Math.Round(sales * margin, 2);
                    rows.Add(Row(organisationId, customer.Id, CustomerMeasure.Sales, start, end, sales, importedAt));
                    rows.Add(Row(organisationId, customer.Id, CustomerMeasure.Profit, start, end, profit, importedAt));
                    if (customer.Type == CustomerType.Company)
                    {
                        rows.Add(Row(organisationId, customer.Id, CustomerMeasure.RepeatPurchases, start, end, Math.Max(0, Math.Round(4 * trend) + random.Next(-2, 3)), importedAt));
                    }
                }
                if (rows.Count >= 5_000)
                {
                    db.CustomerMeasures.AddRange(rows);
                    await db.SaveChangesAsync(ct);
                    db.ChangeTracker.Clear();
                    rows.Clear();
                }
            }
            db.CustomerMeasures.AddRange(rows);
            var branches = DemoPlan.Units.Where(u => u.Kind == UnitKind.Branch).Select(u => unitIds[u.Code]).ToList();
            for (var b = 0; b < branches.Count; b++)
            {
                for (var q = 0; q < Quarters; q++)
                {
                    db.GroupMeasures.Add(new GroupMeasure
                    {
                        Id = Guid.NewGuid(), OrganisationId = organisationId, UnitId = branches[b], Measure = CustomerMeasure.MarketShare,
                        PeriodStart = starts[q], PeriodEnd = starts[q].AddMonths(3).AddDays(-1),
                        Value = Math.Round(55 + (3 * (b % 5)) + (q * 0.2) + random.NextDouble(), 1), ImportedAt = importedAt,
                    });
                }
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }

        // K through the real valuation: policy basis Revenue (Σ sales of the last four quarters), so every customer with sales has
        // K > 0 and the value-weighted views count all of them, while the profit figures (some negative) still draw the whale curve.
        db.CustomerValuePolicies.Add(new CustomerValuePolicy
        {
            Id = Guid.NewGuid(), OrganisationId = organisationId, Basis = CustomerValueBasis.Revenue, WindowMonths = 12, DiscountRate = 0.08, HorizonWindows = 3,
            StandardValue = "Mean", Tiers = [.. CustomerValuePolicy.DefaultTiers], UpdatedAt = now, Version = Guid.NewGuid(),
        });
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        var analyst = await DemoActors.ForAsync(db, organisationId, userIds["demo-analyst"], ct);
        var (_, problem) = await CustomerValuation.RunAsync(db, analyst, new DemoClock(now), asOf: null, commit: true, ct);
        if (problem is not null)
        {
            throw new InvalidOperationException($"demo customer value: {problem.Field}: {problem.Reason}");
        }
        // The pyramid tiers follow the computed K (the policy's tiers, top 1 % / 4 % / 15 % / 80 %), as DemoPlan.AssignTiers cuts them.
        var tracked = await db.Customers.Where(c => c.OrganisationId == organisationId).ToListAsync(ct);
        var ranked = tracked.OrderByDescending(c => c.Value ?? decimal.MinValue).ThenBy(c => c.Code, StringComparer.Ordinal).ToList();
        var cumulative = 0.0;
        var from0 = 0;
        foreach (var (tier, share) in DemoPlan.Tiers)
        {
            cumulative += share;
            var end = tier == DemoPlan.Tiers[^1].Tier ? ranked.Count : (int)Math.Round(cumulative * ranked.Count, MidpointRounding.AwayFromZero);
            for (var i = from0; i < end; i++)
            {
                ranked[i].Tier = tier;
            }
            from0 = end;
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    private static CustomerMeasure Row(Guid organisationId, Guid customerId, string measure, DateOnly start, DateOnly end, double value, DateTimeOffset at) => new()
    {
        Id = Guid.NewGuid(), OrganisationId = organisationId, CustomerId = customerId, Measure = measure, PeriodStart = start, PeriodEnd = end, Value = value, ImportedAt = at,
    };
}
