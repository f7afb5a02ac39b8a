using System.Globalization;
using Manyi.Analytics.Pls;
using Manyi.Analytics.Value;
using Manyi.Core.Customers;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Value;

/// <summary>One customer whose K changes most in a computation.</summary>
public sealed record ValueChange(Guid CustomerId, string Code, string Name, decimal? Before, decimal After, decimal Change);

/// <summary>
/// The result of a K computation (dry run or commit): the basis and window, the retention ρ used for the present value (and whether it
/// was measured), how many customers got a value, their total, min, median and max, and the ten largest changes.
/// </summary>
public sealed record ValuationResult(
    bool Committed, CustomerValueBasis Basis, DateOnly? From, DateOnly? To, double? Retention, bool RetentionMeasured,
    int Customers, decimal Total, decimal? Min, decimal? Median, decimal? Max, IReadOnlyList<ValueChange> LargestChanges);

/// <summary>Why a computation could not run: the field and the reason.</summary>
public sealed record ValuationProblem(string Field, string Reason);

/// <summary>
/// Computes customer value K from the imported per-customer indirect measures (product.md M1.5; docs/indirect-measures.md):
/// window = the <c>WindowMonths</c> months ending at <c>asOf</c> (default: the last PeriodEnd among the basis figures); a figure
/// counts when its whole period lies in the window. Revenue = Σ sales; Profit = Σ profit; PresentValue =
/// <see cref="CustomerLifetimeValue.PresentValue(double, double, double, int)"/> of Σ profit with ρ = the policy's retention or the
/// measured retention: <see cref="Retention.ByPeriod"/> over two periods, the previous window and this one (active = a positive sales
/// or repeat-purchases figure; lost = a churn event in the window, or status Lost counted as lost in this window).
/// Only customers with figures in the window get a value; the others keep theirs.
/// </summary>
public static class CustomerValuation
{
    /// <summary>The stored policy of the organisation, or the defaults (not stored, <see cref="CustomerValuePolicy.Version"/> empty).</summary>
    public static async Task<CustomerValuePolicy> PolicyAsync(ManyiDbContext db, Guid organisationId, bool tracking, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = tracking ? db.CustomerValuePolicies : db.CustomerValuePolicies.AsNoTracking();
        return await query.FirstOrDefaultAsync(p => p.OrganisationId == organisationId, ct)
            ?? new CustomerValuePolicy { OrganisationId = organisationId, Basis = CustomerValueBasis.Profit };
    }

    /// <summary>Runs the computation; on commit writes Customer.Value, the policy's Computed* fields and the audit entry.</summary>
    public static async Task<(ValuationResult? Result, ValuationProblem? Problem)> RunAsync(
        ManyiDbContext db, CurrentUser user, TimeProvider clock, DateOnly? asOf, bool commit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(clock);
        var organisationId = user.OrganisationId;
        var policy = await PolicyAsync(db, organisationId, commit, ct);
        var measure = policy.Basis == CustomerValueBasis.Revenue ? CustomerMeasure.Sales : CustomerMeasure.Profit;
        var to = asOf ?? await db.CustomerMeasures.AsNoTracking()
            .Where(m => m.OrganisationId == organisationId && m.Measure == measure)
            .MaxAsync(m => (DateOnly?)m.PeriodEnd, ct);
        if (to is null)
        {
            return (new ValuationResult(false, policy.Basis, null, null, null, false, 0, 0, null, null, null, []), null);
        }
        var from = to.Value.AddMonths(-policy.WindowMonths).AddDays(1);
        var sums = (await db.CustomerMeasures.AsNoTracking()
                .Where(m => m.OrganisationId == organisationId && m.Measure == measure && m.PeriodStart >= from && m.PeriodEnd <= to.Value)
                .Select(m => new { m.CustomerId, m.Value }).ToListAsync(ct))
            .GroupBy(m => m.CustomerId).ToDictionary(g => g.Key, g => g.Sum(m => m.Value));

        double? retention = null;
        var measured = false;
        if (policy.Basis == CustomerValueBasis.PresentValue)
        {
            retention = policy.RetentionRate;
            if (retention is null)
            {
                retention = await MeasuredRetentionAsync(db, organisationId, from, to.Value, policy.WindowMonths, ct);
                measured = true;
                if (retention is null)
                {
                    return (null, new ValuationProblem("retentionRate",
                        "no customer was active in the previous window, so retention cannot be measured; set the policy's retention rate"));
                }
            }
        }

        var values = new Dictionary<Guid, decimal>(sums.Count);
        foreach (var (customer, sum) in sums)
        {
            var k = policy.Basis == CustomerValueBasis.PresentValue
                ? CustomerLifetimeValue.PresentValue(sum, retention!.Value, policy.DiscountRate, policy.HorizonWindows)
                : sum;
            values[customer] = Math.Round((decimal)k, 2, MidpointRounding.AwayFromZero);
        }

        var ids = values.Keys.ToList();
        var before = new Dictionary<Guid, (string Code, string Name, decimal? Value)>(ids.Count);
        var tracked = new List<Customer>();
        foreach (var chunk in ids.Chunk(1000))
        {
            if (commit)
            {
                var customers = await db.Customers.Where(c => c.OrganisationId == organisationId && chunk.Contains(c.Id)).ToListAsync(ct);
                tracked.AddRange(customers);
                foreach (var c in customers)
                {
                    before[c.Id] = (c.Code, c.Name, c.Value);
                }
            }
            else
            {
                foreach (var c in await db.Customers.AsNoTracking().Where(c => c.OrganisationId == organisationId && chunk.Contains(c.Id))
                    .Select(c => new { c.Id, c.Code, c.Name, c.Value }).ToListAsync(ct))
                {
                    before[c.Id] = (c.Code, c.Name, c.Value);
                }
            }
        }
        var sorted = values.Values.Select(v => (double)v).Order().ToList();
        var changes = values.Where(v => before.ContainsKey(v.Key))
            .Select(v => new ValueChange(v.Key, before[v.Key].Code, before[v.Key].Name, before[v.Key].Value, v.Value, v.Value - (before[v.Key].Value ?? 0)))
            .OrderByDescending(c => Math.Abs(c.Change)).ThenBy(c => c.Code, StringComparer.Ordinal).Take(10).ToList();
        var result = new ValuationResult(commit, policy.Basis, from, to, retention, measured, values.Count, values.Values.Sum(),
            values.Count == 0 ? null : values.Values.Min(),
            values.Count == 0 ? null : Math.Round((decimal)PlsPathModeling.Quantile(sorted, 0.5), 2, MidpointRounding.AwayFromZero),
            values.Count == 0 ? null : values.Values.Max(), changes);
        if (!commit)
        {
            return (result, null);
        }
        var now = clock.GetUtcNow();
        foreach (var c in tracked)
        {
            var k = values[c.Id];
            if (c.Value != k)
            {
                c.Value = k;
                c.UpdatedAt = now;
                c.Version = Guid.NewGuid();
            }
        }
        if (policy.Version == Guid.Empty)
        {
            policy.Id = Guid.NewGuid();
            policy.Version = Guid.NewGuid();
            policy.UpdatedAt = now;
            db.CustomerValuePolicies.Add(policy);
        }
        policy.ComputedAt = now;
        policy.ComputedFrom = from;
        policy.ComputedTo = to;
        policy.ComputedCustomers = values.Count;
        AuditLog.Write(db, user, clock, "customer-value.compute", null, string.Create(CultureInfo.InvariantCulture,
            $"basis={policy.Basis} from={from:yyyy-MM-dd} to={to:yyyy-MM-dd} customers={values.Count} retention={retention?.ToString("R", CultureInfo.InvariantCulture) ?? "-"}"));
        await db.SaveChangesAsync(ct);
        return (result, null);
    }

    /// <summary>ρ measured as the retention rate of period 1 of <see cref="Retention.ByPeriod"/> over (previous window, this window); null when nobody was active before.</summary>
    public static async Task<double?> MeasuredRetentionAsync(ManyiDbContext db, Guid organisationId, DateOnly from, DateOnly to, int windowMonths, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var previousFrom = from.AddMonths(-windowMonths);
        var figures = await db.CustomerMeasures.AsNoTracking()
            .Where(m => m.OrganisationId == organisationId && m.PeriodStart >= previousFrom && m.PeriodEnd <= to
                && (((m.Measure == CustomerMeasure.Sales || m.Measure == CustomerMeasure.RepeatPurchases) && m.Value > 0) || m.Measure == CustomerMeasure.Churn))
            .Select(m => new { m.CustomerId, m.Measure, m.PeriodStart, m.Value }).ToListAsync(ct);
        var lostStatus = (await db.Customers.AsNoTracking().Where(c => c.OrganisationId == organisationId && c.Status == CustomerStatus.Lost)
            .Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        var activity = figures.GroupBy(f => f.CustomerId).Select(g =>
        {
            var active = g.Where(f => !string.Equals(f.Measure, CustomerMeasure.Churn, StringComparison.Ordinal))
                .Select(f => f.PeriodStart >= from ? 1 : 0).ToHashSet();
            var churn = g.Where(f => string.Equals(f.Measure, CustomerMeasure.Churn, StringComparison.Ordinal) && f.Value > 0)
                .Select(f => f.PeriodStart >= from ? 1 : 0).DefaultIfEmpty(-1).Min();
            int? lost = churn >= 0 ? churn : lostStatus.Contains(g.Key) ? 1 : null;
            return new CustomerActivity(g.Key.ToString("N", CultureInfo.InvariantCulture), active, lost);
        }).ToList();
        return Retention.ByPeriod(activity, 2)[1].RetentionRate;
    }
}
