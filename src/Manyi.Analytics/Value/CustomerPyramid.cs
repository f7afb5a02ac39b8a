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
    public static PyramidResult Build(IReadOnlyList<PyramidCustomer> customers, IReadOnlyList<PyramidTier> tiers) =>
        throw new NotImplementedException();
}
