using System.Globalization;
using Manyi.Core.Customers;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Value;

/// <summary>
/// A churn event (measure <c>churn</c>, value 1) marks the customer as lost when its period is the latest information about the
/// customer: no other figure of the customer (stored or in the same import) ends after the churn period. Each status change is
/// audited as <c>customer.update</c>. The caller saves.
/// </summary>
public static class ChurnEvents
{
    /// <summary>Sets Status = Lost for the customers of <paramref name="churns"/> whose churn period is their latest figure.</summary>
    public static async Task<int> ApplyAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, Guid organisationId,
        IReadOnlyList<(Guid Customer, DateOnly End)> churns, IReadOnlyList<(Guid Customer, DateOnly End)> otherFigures, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(churns);
        ArgumentNullException.ThrowIfNull(otherFigures);
        if (churns.Count == 0)
        {
            return 0;
        }
        var latestChurn = churns.GroupBy(c => c.Customer).ToDictionary(g => g.Key, g => g.Max(c => c.End));
        var latestOther = otherFigures.GroupBy(c => c.Customer).ToDictionary(g => g.Key, g => g.Max(c => c.End));
        var changed = 0;
        var now = clock.GetUtcNow();
        foreach (var chunk in latestChurn.Keys.Chunk(1000))
        {
            var stored = await db.CustomerMeasures.AsNoTracking()
                .Where(m => m.OrganisationId == organisationId && chunk.Contains(m.CustomerId) && m.Measure != CustomerMeasure.Churn)
                .GroupBy(m => m.CustomerId).Select(g => new { g.Key, Last = g.Max(m => m.PeriodEnd) }).ToListAsync(ct);
            var storedLast = stored.ToDictionary(s => s.Key, s => s.Last);
            var customers = await db.Customers.Where(c => c.OrganisationId == organisationId && chunk.Contains(c.Id) && c.Status != CustomerStatus.Lost).ToListAsync(ct);
            foreach (var customer in customers)
            {
                var end = latestChurn[customer.Id];
                if ((storedLast.TryGetValue(customer.Id, out var s) && s > end) || (latestOther.TryGetValue(customer.Id, out var o) && o > end))
                {
                    continue;
                }
                customer.Status = CustomerStatus.Lost;
                customer.UpdatedAt = now;
                customer.Version = Guid.NewGuid();
                AuditLog.Write(db, user, clock, AuditLog.Actions.CustomerUpdate, customer.Id.ToString("D", CultureInfo.InvariantCulture),
                    string.Create(CultureInfo.InvariantCulture, $"status=Lost (churn event ending {end:yyyy-MM-dd})"));
                changed++;
            }
        }
        return changed;
    }
}
