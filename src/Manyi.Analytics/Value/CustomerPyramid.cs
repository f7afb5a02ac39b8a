using System.Globalization;

namespace Manyi.Analytics.Value;

/// <summary>A tier of the pyramid from the top: its name and the share of the ranked customers it holds (shares sum to 1).</summary>
public sealed record PyramidTier(string Name, double Share);

/// <summary>A customer with its value K and, when it answered, its satisfaction (any scale; the caller's, e.g. 0–100).</summary>
public sealed record PyramidCustomer(string Customer, double Value, double? Satisfaction);

/// <summary>One tier's result: customers, their total value and share of all value, the smallest value in the tier, and the mean
/// satisfaction of its customers who answered (null when none did).</summary>
public sealed record PyramidTierResult(
    string Name,
    int Customers,
    double Value,
    double ValueShare,
    double? LowestValue,
    int Rated,
    double? MeanSatisfaction);

/// <summary>The tiers with every customer's tier (by customer id).</summary>
public sealed record PyramidResult(IReadOnlyList<PyramidTierResult> Tiers, IReadOnlyDictionary<string, string> TierOf, double TotalValue);

/// <summary>
/// The customer pyramid (客户金字塔, product.md M2): customers ranked by value K from the highest (ties by customer id, ordinal) are cut
/// into tiers by cumulative share: tier i holds ranks ⌈c_{i−1}·N⌉ … ⌈c_i·N⌉ − 1 (0-based), c_i = share of tiers 1…i, so a tier
/// can be empty for small N and the last tier takes the rest.
/// </summary>
public static class CustomerPyramid
{
    /// <summary>Top 1 %, next 4 %, next 15 %, the other 80 % (the usual platinum / gold / iron / lead pyramid).</summary>
    public static IReadOnlyList<PyramidTier> DefaultTiers { get; } =
        [new("platinum", 0.01), new("gold", 0.04), new("iron", 0.15), new("lead", 0.80)];

    /// <summary>Builds the pyramid; refuses tiers whose shares are not positive or do not sum to 1 (±1e-9).</summary>
    /// <remarks>
    /// Also refuses no tiers, blank or repeated tier names, a customer that appears twice, a non-finite value and a non-finite satisfaction.
    /// Values may be zero or negative (a profit basis); a tier's <see cref="PyramidTierResult.ValueShare"/> is its value over the total,
    /// 0 when the total is 0. The cut ⌈c·N⌉ is taken with a tolerance of 1e-9 so that 0.05·200 = 10 is not rounded up by floating point.
    /// </remarks>
    public static PyramidResult Build(IReadOnlyList<PyramidCustomer> customers, IReadOnlyList<PyramidTier> tiers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(tiers);
        ValidateTiers(tiers);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var customer in customers)
        {
            ArgumentNullException.ThrowIfNull(customer, nameof(customers));
            if (!seen.Add(customer.Customer))
            {
                throw new ArgumentException($"customer '{customer.Customer}' appears more than once; give one row per customer", nameof(customers));
            }
            if (!double.IsFinite(customer.Value))
            {
                throw new ArgumentException($"customer '{customer.Customer}' has a value K that is not a finite number", nameof(customers));
            }
            if (customer.Satisfaction is { } s && !double.IsFinite(s))
            {
                throw new ArgumentException($"customer '{customer.Customer}' has a satisfaction that is not a finite number", nameof(customers));
            }
        }

        var ranked = customers.OrderByDescending(c => c.Value).ThenBy(c => c.Customer, StringComparer.Ordinal).ToList();
        var n = ranked.Count;
        var total = ranked.Sum(c => c.Value);
        var tierOf = new Dictionary<string, string>(n, StringComparer.Ordinal);
        var results = new List<PyramidTierResult>(tiers.Count);
        var cumulative = 0.0;
        var start = 0;
        for (var i = 0; i < tiers.Count; i++)
        {
            cumulative += tiers[i].Share;
            var end = i == tiers.Count - 1 ? n : Math.Min(n, (int)Math.Ceiling((cumulative * n) - 1e-9));
            end = Math.Max(end, start);
            var members = ranked.GetRange(start, end - start);
            foreach (var member in members)
            {
                tierOf[member.Customer] = tiers[i].Name;
            }
            var value = members.Sum(c => c.Value);
            var rated = members.Where(c => c.Satisfaction.HasValue).Select(c => c.Satisfaction!.Value).ToList();
            results.Add(new PyramidTierResult(
                tiers[i].Name,
                members.Count,
                value,
                total == 0 ? 0 : value / total,
                members.Count == 0 ? null : members[^1].Value,
                rated.Count,
                rated.Count == 0 ? null : rated.Average()));
            start = end;
        }
        return new PyramidResult(results, tierOf, total);
    }

    private static void ValidateTiers(IReadOnlyList<PyramidTier> tiers)
    {
        if (tiers.Count == 0)
        {
            throw new ArgumentException("no tiers were given", nameof(tiers));
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        var sum = 0.0;
        foreach (var tier in tiers)
        {
            ArgumentNullException.ThrowIfNull(tier, nameof(tiers));
            if (string.IsNullOrWhiteSpace(tier.Name) || !names.Add(tier.Name))
            {
                throw new ArgumentException($"tier name '{tier.Name}' is blank or used twice; every tier needs its own name", nameof(tiers));
            }
            if (!(tier.Share > 0) || !double.IsFinite(tier.Share))
            {
                throw new ArgumentException(
                    $"tier '{tier.Name}' has share {tier.Share.ToString("R", CultureInfo.InvariantCulture)}; every share must be a positive number",
                    nameof(tiers));
            }
            sum += tier.Share;
        }
        if (Math.Abs(sum - 1) > 1e-9)
        {
            throw new ArgumentException(
                $"the tier shares sum to {sum.ToString("R", CultureInfo.InvariantCulture)}; they must sum to 1", nameof(tiers));
        }
    }
}
