using System.Globalization;

namespace Manyi.Analytics.Sampling;

/// <summary>How a total sample is divided over strata (segments) (Cochran 1977, Sampling Techniques, ch. 5).</summary>
public enum AllocationMethod
{
    /// <summary>n_h ∝ N_h (Cochran 1977 §5.3).</summary>
    Proportional,

    /// <summary>n_h = n / H: the same number in every stratum (for comparing segments with each other).</summary>
    Equal,

    /// <summary>n_h ∝ N_h·S_h (Neyman 1934; Cochran 1977 §5.5).</summary>
    Neyman,
}

/// <summary>A stratum (segment) of the population: its name, size N_h and, for Neyman allocation, its standard deviation S_h.</summary>
public sealed record Stratum(string Name, long Population, double? StandardDeviation = null);

/// <summary>
/// The allocation to one stratum: its population share N_h/N, the exact (real) quota after capping, the whole number
/// allocated n_h, and whether the quota was capped at N_h (the whole stratum is surveyed).
/// </summary>
public sealed record StratumAllocation(string Name, long Population, double? StandardDeviation, double PopulationShare, double Exact, int Allocated, bool Capped);

/// <summary>An allocation of a total sample n over strata; the <see cref="StratumAllocation.Allocated"/> values sum to n.</summary>
public sealed record Allocation(AllocationMethod Method, int Total, long Population, IReadOnlyList<StratumAllocation> Strata);

/// <summary>
/// Allocation of a total sample n over strata: proportional n_h = n·N_h/N, equal n_h = n/H, Neyman
/// n_h = n·N_h·S_h/Σ N_i·S_i (Cochran 1977 ch. 5). A quota above N_h is capped at N_h and the rest re-allocated over the
/// other strata by the same rule (Cochran 1977 §5.5, "over-allocation"); whole numbers come from the largest-remainder
/// method (Hamilton): every stratum gets ⌊quota⌋, and the units still missing go one each to the largest fractional
/// parts (ties: stratum name, ordinal), so the n_h sum exactly to n and never exceed N_h.
/// </summary>
public static class StratifiedAllocation
{
    /// <summary>Allocates <paramref name="total"/> over <paramref name="strata"/> by <paramref name="method"/>.</summary>
    public static Allocation Allocate(IReadOnlyList<Stratum> strata, int total, AllocationMethod method)
    {
        ArgumentNullException.ThrowIfNull(strata);
        Validate(strata, total, method);
        var count = strata.Count;
        var weights = strata.Select(s => Weight(s, method)).ToArray();
        if (weights.All(w => w == 0))
        {
            // Neyman with S_h = 0 everywhere: nothing varies, so fall back to proportional shares.
            weights = strata.Select(s => (double)s.Population).ToArray();
        }
        var exact = new double[count];
        var capped = new bool[count];
        var remaining = (double)total;
        while (true)
        {
            var active = Enumerable.Range(0, count).Where(h => !capped[h]).ToList();
            var weightSum = active.Sum(h => weights[h]);
            if (weightSum == 0)
            {
                // The strata left all have weight 0 (Neyman, S_h = 0) but units remain: share them by population.
                foreach (var h in active)
                {
                    weights[h] = strata[h].Population;
                }
                weightSum = active.Sum(h => weights[h]);
                if (weightSum == 0)
                {
                    break;
                }
            }
            var over = active.Where(h => remaining * weights[h] / weightSum >= strata[h].Population).ToList();
            if (over.Count == 0)
            {
                foreach (var h in active)
                {
                    exact[h] = remaining * weights[h] / weightSum;
                }
                break;
            }
            foreach (var h in over)
            {
                capped[h] = true;
                exact[h] = strata[h].Population;
                remaining -= strata[h].Population;
            }
        }
        var allocated = LargestRemainder(strata, exact, total);
        var population = strata.Sum(s => s.Population);
        var result = new StratumAllocation[count];
        for (var h = 0; h < count; h++)
        {
            var s = strata[h];
            result[h] = new StratumAllocation(s.Name, s.Population, s.StandardDeviation, (double)s.Population / population, exact[h], allocated[h], capped[h]);
        }
        return new Allocation(method, total, population, result);
    }

    private static double Weight(Stratum stratum, AllocationMethod method) => method switch
    {
        AllocationMethod.Proportional => stratum.Population,
        AllocationMethod.Equal => stratum.Population > 0 ? 1 : 0,
        _ => stratum.Population * stratum.StandardDeviation!.Value,
    };

    private static int[] LargestRemainder(IReadOnlyList<Stratum> strata, double[] exact, int total)
    {
        var allocated = exact.Select(e => (int)Math.Floor(e + 1e-9)).ToArray();
        for (var h = 0; h < allocated.Length; h++)
        {
            allocated[h] = (int)Math.Min(allocated[h], strata[h].Population);
        }
        var missing = total - allocated.Sum();
        var order = Enumerable.Range(0, allocated.Length)
            .Where(h => allocated[h] < strata[h].Population)
            .OrderByDescending(h => Math.Round(exact[h] - allocated[h], 9)) // rounding: equal shares tie whatever the summation order
            .ThenBy(h => strata[h].Name, StringComparer.Ordinal)
            .ToList();
        for (var i = 0; i < missing && i < order.Count; i++)
        {
            allocated[order[i]]++;
        }
        return allocated;
    }

    private static void Validate(IReadOnlyList<Stratum> strata, int total, AllocationMethod method)
    {
        if (strata.Count == 0)
        {
            throw new ArgumentException("at least one stratum (segment) is needed", nameof(strata));
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in strata)
        {
            if (string.IsNullOrWhiteSpace(s.Name))
            {
                throw new ArgumentException("every stratum (segment) needs a name", nameof(strata));
            }
            if (!names.Add(s.Name))
            {
                throw new ArgumentException($"segment '{s.Name}' appears more than once", nameof(strata));
            }
            if (s.Population < 0)
            {
                throw new ArgumentException($"segment '{s.Name}': population {Show(s.Population)} cannot be negative", nameof(strata));
            }
            if (s.StandardDeviation is { } sd && !(sd >= 0 && double.IsFinite(sd)))
            {
                throw new ArgumentException($"segment '{s.Name}': standard deviation {SampleSize.Show(sd)} must be 0 or more", nameof(strata));
            }
            if (method == AllocationMethod.Neyman && s.StandardDeviation is null)
            {
                throw new ArgumentException($"segment '{s.Name}': Neyman allocation needs a standard deviation (sd) for every segment", nameof(strata));
            }
        }
        var population = strata.Sum(s => s.Population);
        if (total < 1)
        {
            throw new ArgumentException($"total sample size must be at least 1, not {Show(total)}", nameof(total));
        }
        if (total > population)
        {
            throw new ArgumentException(
                $"total sample size {Show(total)} is larger than the population of all segments together ({Show(population)})",
                nameof(total));
        }
    }

    private static string Show(long value) => value.ToString(CultureInfo.InvariantCulture);
}
