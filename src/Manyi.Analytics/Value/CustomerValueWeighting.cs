using System.Globalization;

namespace Manyi.Analytics.Value;

/// <summary>Which customer value is the standard K_o of D'_ij = (K_i/K_o)·D_ij (product.md M1.5).</summary>
public enum StandardValueBase
{
    /// <summary>K_o = mean of the sample's customer values; then mean(D') is the K-weighted mean of D.</summary>
    Mean,

    /// <summary>K_o = smallest customer value of the sample; every D' is then at least D.</summary>
    Minimum,
}

/// <summary>One customer's answers with its value K to the company (revenue, profit contribution, …); a null score is a missing answer.</summary>
public sealed record ValuedCustomer(string Customer, double Value, IReadOnlyList<double?> Scores);

/// <summary>Plain and value-weighted mean of one item: plain = (1/n)·Σ D_ij, weighted = (1/n)·Σ (K_i/K_o)·D_ij over the n customers who answered.</summary>
public sealed record ValueWeightedItem(string Item, int N, double? Plain, double? Weighted);

/// <summary>
/// Customer-value-weighted satisfaction (product.md M1.5): per item and overall, where a customer's overall score is
/// the mean of the items it answered. <paramref name="StandardValue"/> is K_o.
/// </summary>
public sealed record ValueWeightedScores(
    StandardValueBase Base,
    double StandardValue,
    int Customers,
    IReadOnlyList<ValueWeightedItem> Items,
    ValueWeightedItem Overall);

/// <summary>Customer-value weighting D'_ij = (K_i/K_o)·D_ij (product.md M1.5, after the 顾客价值加权 satisfaction of the seeds).</summary>
public static class CustomerValueWeighting
{
    /// <summary>K_o: the mean or the minimum of the customer values (all must be positive).</summary>
    public static double StandardValue(IReadOnlyCollection<double> values, StandardValueBase standard)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("there are no customers, so no standard customer value K_o can be computed", nameof(values));
        }
        return standard == StandardValueBase.Minimum ? values.Min() : values.Average();
    }

    /// <summary>
    /// Plain and value-weighted means per item and overall: weighted = (1/n)·Σ_i (K_i/K_o)·D_ij, K_o over all customers given.
    /// Missing answers are left out of that item's mean (K_o stays that of the whole sample).
    /// </summary>
    public static ValueWeightedScores Weigh(IReadOnlyList<string> items, IReadOnlyList<ValuedCustomer> customers, StandardValueBase standard)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(customers);
        if (items.Count == 0)
        {
            throw new ArgumentException("no score items were given", nameof(items));
        }
        ValidateCustomers(customers.Select(c => (c.Customer, c.Value)));
        foreach (var customer in customers)
        {
            if (customer.Scores.Count != items.Count)
            {
                throw new ArgumentException(
                    $"customer '{customer.Customer}' has {customer.Scores.Count} scores but {items.Count} items were named", nameof(customers));
            }
        }
        var standardValue = StandardValue(customers.Select(c => c.Value).ToList(), standard);
        var results = new List<ValueWeightedItem>(items.Count);
        for (var j = 0; j < items.Count; j++)
        {
            var column = j;
            results.Add(Means(items[j], customers.Select(c => (c.Value, c.Scores[column])), standardValue));
        }
        var overall = Means("overall", customers.Select(c => (c.Value, CustomerMean(c.Scores))), standardValue);
        return new ValueWeightedScores(standard, standardValue, customers.Count, results, overall);
    }

    /// <summary>Checks that every customer value is finite and positive and every customer appears once; messages name the customer.</summary>
    internal static void ValidateCustomers(IEnumerable<(string Customer, double Value)> customers)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (customer, value) in customers)
        {
            if (!double.IsFinite(value) || value <= 0)
            {
                throw new ArgumentException(
                    $"customer '{customer}' has value K = {value.ToString("R", CultureInfo.InvariantCulture)}; customer values must be positive numbers",
                    nameof(customers));
            }
            if (!seen.Add(customer))
            {
                throw new ArgumentException($"customer '{customer}' appears more than once; give one row per customer", nameof(customers));
            }
        }
    }

    /// <summary>Mean of the answered scores, or null when none was answered.</summary>
    internal static double? CustomerMean(IReadOnlyList<double?> scores)
    {
        var answered = scores.Where(s => s.HasValue).Select(s => s!.Value).ToList();
        return answered.Count == 0 ? null : answered.Average();
    }

    private static ValueWeightedItem Means(string item, IEnumerable<(double Value, double? Score)> answers, double standardValue)
    {
        var n = 0;
        double plain = 0, weighted = 0;
        foreach (var (value, score) in answers)
        {
            if (score is not { } d)
            {
                continue;
            }
            n++;
            plain += d;
            weighted += value / standardValue * d;
        }
        return n == 0 ? new ValueWeightedItem(item, 0, null, null) : new ValueWeightedItem(item, n, plain / n, weighted / n);
    }
}
