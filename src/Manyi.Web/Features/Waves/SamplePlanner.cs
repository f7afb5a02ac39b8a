using System.Globalization;
using Manyi.Analytics.Sampling;
using Manyi.Core.Collection;
using Manyi.Core.Customers;
using Manyi.Data;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Waves;

/// <summary>One segment of a sample plan request: population and standard deviation may be omitted (population is then counted).</summary>
public sealed record StratumInput
{
    public string? Segment { get; init; }

    public long? Population { get; init; }

    public double? StandardDeviation { get; init; }

    public int? Quota { get; init; }
}

/// <summary>
/// A sample plan request (product.md M1.10): confidence, margin and expected proportion give the responses needed (with the finite
/// population correction when a population is known), allocation shares them over the segments, the response rate gives the
/// invitations. <see cref="Strata"/> null = every segment of the active customers in scope; an empty list = no segments.
/// </summary>
public sealed record SamplePlanInput
{
    public double? Confidence { get; init; }

    public double? Margin { get; init; }

    public double? Proportion { get; init; }

    /// <summary>Population for the finite population correction; null = the sum of the strata populations (infinite without strata).</summary>
    public long? Population { get; init; }

    public string? Allocation { get; init; }

    public double? TargetResponseRate { get; init; }

    public IReadOnlyList<StratumInput>? Strata { get; init; }

    /// <summary>The unit whose customers are counted (the wave's); null = the whole organisation.</summary>
    public Guid? UnitId { get; init; }
}

/// <summary>Computes sample plans with Manyi.Analytics (<see cref="SampleSize"/>, <see cref="StratifiedAllocation"/>).</summary>
public static class SamplePlanner
{
    /// <summary>The stratum name of customers without a segment.</summary>
    public const string NoSegment = "(none)";

    public static IReadOnlyList<string> AllocationNames { get; } = ["proportional", "equal", "neyman"];

    /// <summary>
    /// The plan, or the errors keyed by request field (prefixed with <paramref name="prefix"/>, e.g. "samplePlan."). Counts the
    /// active customers per segment of <paramref name="unitIds"/> (null = the organisation) when strata populations are missing.
    /// </summary>
    public static async Task<(SamplePlan? Plan, Dictionary<string, string[]> Errors)> PlanAsync(
        ManyiDbContext db, Guid organisationId, IReadOnlyCollection<Guid>? unitIds, SamplePlanInput input, string prefix, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var confidence = input.Confidence ?? 0.95;
        var margin = input.Margin ?? 0.05;
        var proportion = input.Proportion ?? 0.5;
        var rate = input.TargetResponseRate ?? 0.3;
        if (!(confidence > 0 && confidence < 1))
        {
            errors[prefix + "confidence"] = ["confidence must be between 0 and 1 (0.95 = 95%)"];
        }
        if (!(margin > 0 && margin < 1))
        {
            errors[prefix + "margin"] = ["margin must be between 0 and 1 (0.05 = ±5 percentage points)"];
        }
        if (!(proportion >= 0 && proportion <= 1))
        {
            errors[prefix + "proportion"] = ["proportion must be between 0 and 1 (0.5 is the safe choice)"];
        }
        if (input.Population is < 1)
        {
            errors[prefix + "population"] = ["population must be at least 1"];
        }
        if (!(rate > 0 && rate <= 1))
        {
            errors[prefix + "targetResponseRate"] = ["targetResponseRate must be greater than 0 and at most 1 (0.3 = 30%)"];
        }
        var allocationName = string.IsNullOrWhiteSpace(input.Allocation) ? "proportional" : input.Allocation.Trim().ToLowerInvariant();
        AllocationMethod? method = allocationName switch
        {
            "proportional" => AllocationMethod.Proportional,
            "equal" => AllocationMethod.Equal,
            "neyman" => AllocationMethod.Neyman,
            _ => null,
        };
        if (method is null)
        {
            errors[prefix + "allocation"] = ["allocation must be proportional, equal or neyman"];
        }
        var strataInput = input.Strata;
        if (strataInput is not null)
        {
            for (var i = 0; i < strataInput.Count; i++)
            {
                var s = strataInput[i];
                var field = string.Create(CultureInfo.InvariantCulture, $"{prefix}strata[{i}]");
                if (s is null || string.IsNullOrWhiteSpace(s.Segment))
                {
                    errors[field + ".segment"] = ["every stratum needs a segment"];
                    continue;
                }
                if (s.Population is < 0)
                {
                    errors[field + ".population"] = ["population cannot be negative"];
                }
                if (s.StandardDeviation is { } sd && !(sd >= 0 && double.IsFinite(sd)))
                {
                    errors[field + ".standardDeviation"] = ["standardDeviation must be 0 or more"];
                }
                if (method == AllocationMethod.Neyman && s.StandardDeviation is null)
                {
                    errors[field + ".standardDeviation"] = ["Neyman allocation needs a standardDeviation for every segment"];
                }
                if (s.Quota is < 0)
                {
                    errors[field + ".quota"] = ["quota cannot be negative"];
                }
            }
            var duplicate = strataInput.Where(s => s?.Segment is not null).GroupBy(s => s.Segment!.Trim(), StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                errors[prefix + "strata"] = [$"segment '{duplicate.Key}' appears more than once"];
            }
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        // Segments and their populations: given, or counted among the active customers in scope.
        List<StratumInput> strata;
        if (strataInput is null || strataInput.Any(s => s.Population is null))
        {
            var customers = db.Customers.AsNoTracking().Where(c => c.OrganisationId == organisationId && c.Status == CustomerStatus.Active);
            if (unitIds is not null)
            {
                customers = customers.Where(c => unitIds.Contains(c.UnitId));
            }
            var counts = (await customers.GroupBy(c => c.Segment).Select(g => new { Segment = g.Key, Count = g.LongCount() }).ToListAsync(ct))
                .ToDictionary(g => g.Segment ?? NoSegment, g => g.Count, StringComparer.Ordinal);
            strata = strataInput is null
                ? counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new StratumInput { Segment = c.Key, Population = c.Value }).ToList()
                : strataInput.Select(s => s with { Segment = s.Segment!.Trim(), Population = s.Population ?? counts.GetValueOrDefault(s.Segment!.Trim()) }).ToList();
            if (strataInput is null && method == AllocationMethod.Neyman)
            {
                errors[prefix + "strata"] = ["Neyman allocation needs the strata with a standardDeviation each"];
                return (null, errors);
            }
        }
        else
        {
            strata = strataInput.Select(s => s with { Segment = s.Segment!.Trim() }).ToList();
        }
        var population = input.Population ?? (strata.Count > 0 ? strata.Sum(s => s.Population!.Value) : null);
        if (population is 0)
        {
            errors[prefix + "strata"] = ["the segments hold no customers: give their populations or the population"];
            return (null, errors);
        }
        try
        {
            var size = SampleSize.ForProportion(confidence, margin, proportion, population);
            var n = size.Size;
            var planStrata = new List<SampleStratum>();
            if (strata.Count > 0)
            {
                var allocation = StratifiedAllocation.Allocate(
                    strata.Select(s => new Stratum(s.Segment!, s.Population!.Value, s.StandardDeviation)).ToList(), n, method!.Value);
                for (var i = 0; i < strata.Count; i++)
                {
                    var allocated = allocation.Strata[i].Allocated;
                    planStrata.Add(new SampleStratum
                    {
                        Segment = strata[i].Segment!,
                        Population = strata[i].Population!.Value,
                        StandardDeviation = strata[i].StandardDeviation,
                        Allocated = allocated,
                        Quota = strata[i].Quota,
                        Invitations = (int)Math.Min(SampleSize.Invitations(allocated, rate), strata[i].Population!.Value),
                    });
                }
            }
            var plan = new SamplePlan
            {
                Confidence = confidence,
                Margin = margin,
                Proportion = proportion,
                Population = population,
                Allocation = allocationName,
                TargetResponses = n,
                TargetResponseRate = rate,
                Invitations = SampleSize.Invitations(n, rate),
                Strata = planStrata,
            };
            return (plan, errors);
        }
        catch (ArgumentException e)
        {
            errors[prefix + (e.ParamName is "total" or "strata" or null ? "strata" : e.ParamName)] = [e.Message.Split(" (Parameter", 2)[0]];
            return (null, errors);
        }
    }
}
