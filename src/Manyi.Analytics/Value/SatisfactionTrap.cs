namespace Manyi.Analytics.Value;

/// <summary>One customer's answer in one wave: value K, overall score D (null = no answer) and an optional segment.</summary>
public sealed record TrapResponse(string Customer, double Value, double? Score, string? Segment = null);

/// <summary>Whether a customer answered in both waves or in only one of them.</summary>
public enum TrapPresence
{
    /// <summary>Scored in both waves.</summary>
    Both,

    /// <summary>Scored only in the before wave (lost or silent afterwards).</summary>
    BeforeOnly,

    /// <summary>Scored only in the after wave (new or silent before).</summary>
    AfterOnly,
}

/// <summary>
/// One wave's scores: plain P = (1/n)·Σ D_i and value-weighted W = (1/n)·Σ (K_i/K_o)·D_i over the n customers with a score,
/// K_o taken from that wave (product.md M1.5).
/// </summary>
public sealed record TrapWaveScore(int Customers, double StandardValue, double Plain, double Weighted);

/// <summary>
/// A customer's share c_i of (ΔW − ΔP): c_i = (w_ia − 1/n_a)(D_ia − P_a) − (w_ib − 1/n_b)(D_ib − P_b), w_it = K_it/(n_t·K_o,t);
/// a wave in which the customer did not answer contributes 0.
/// </summary>
public sealed record TrapContribution(
    string Customer,
    string? Segment,
    TrapPresence Presence,
    double? ScoreBefore,
    double? ScoreAfter,
    double? ValueBefore,
    double? ValueAfter,
    double Contribution);

/// <summary>The sum of the contributions c_i of a segment's customers (each wave's term goes to the segment the customer had in that wave).</summary>
public sealed record TrapSegmentContribution(string Segment, int Customers, double Contribution);

/// <summary>
/// Satisfaction trap (满意度陷阱, product.md M1.5): plain change ΔP against value-weighted change ΔW between two waves.
/// Difference = ΔW − ΔP = Σ_i c_i + BaseEffect, where BaseEffect = P_a(Σw_a − 1) − P_b(Σw_b − 1) is zero when K_o is the mean.
/// <see cref="Customers"/> and <see cref="Segments"/> are ranked by how strongly they push the difference in its direction.
/// </summary>
public sealed record SatisfactionTrapResult(
    StandardValueBase Base,
    TrapWaveScore Before,
    TrapWaveScore After,
    double PlainChange,
    double WeightedChange,
    double Difference,
    double BaseEffect,
    bool Trap,
    IReadOnlyList<TrapContribution> Customers,
    IReadOnlyList<TrapSegmentContribution> Segments);

/// <summary>Detects the satisfaction trap between two waves and names the customers and segments that drive it (product.md M1.5).</summary>
public static class SatisfactionTrap
{
    /// <summary>A change whose size is at most this has no direction: it is "no change" and never makes a trap.</summary>
    public const double NoChangeTolerance = 1e-9;

    /// <summary>Label of the segment of a customer whose segment is blank.</summary>
    public const string NoSegment = "(no segment)";

    /// <summary>
    /// Compares the waves. Trap = one of ΔP, ΔW rises and the other falls (a change within <see cref="NoChangeTolerance"/> of zero is no change).
    /// Customers without a score in a wave are not part of that wave; each wave needs at least one scored customer.
    /// </summary>
    public static SatisfactionTrapResult Compare(IReadOnlyList<TrapResponse> before, IReadOnlyList<TrapResponse> after, StandardValueBase standard)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var b = Wave("before", before, standard);
        var a = Wave("after", after, standard);
        var plainChange = a.Score.Plain - b.Score.Plain;
        var weightedChange = a.Score.Weighted - b.Score.Weighted;
        var difference = weightedChange - plainChange;
        var baseEffect = a.Score.Plain * (a.WeightSum - 1) - b.Score.Plain * (b.WeightSum - 1);
        var trap = Direction(plainChange) * Direction(weightedChange) < 0;

        var names = a.Terms.Keys.Union(b.Terms.Keys, StringComparer.Ordinal);
        var customers = new List<TrapContribution>();
        foreach (var name in names)
        {
            var inBefore = b.Terms.TryGetValue(name, out var tb);
            var inAfter = a.Terms.TryGetValue(name, out var ta);
            var presence = inBefore && inAfter ? TrapPresence.Both : inBefore ? TrapPresence.BeforeOnly : TrapPresence.AfterOnly;
            customers.Add(new TrapContribution(
                name,
                inAfter ? ta.Response.Segment : tb.Response.Segment,
                presence,
                inBefore ? tb.Response.Score : null,
                inAfter ? ta.Response.Score : null,
                inBefore ? tb.Response.Value : null,
                inAfter ? ta.Response.Value : null,
                (inAfter ? ta.Term : 0) - (inBefore ? tb.Term : 0)));
        }

        var segments = new List<TrapSegmentContribution>();
        if (before.Concat(after).Any(r => r.Segment is not null))
        {
            var terms = a.Terms.Values.Select(t => (Customer: t.Response.Customer, Segment: t.Response.Segment ?? NoSegment, t.Term))
                .Concat(b.Terms.Values.Select(t => (Customer: t.Response.Customer, Segment: t.Response.Segment ?? NoSegment, Term: -t.Term)));
            segments = terms.GroupBy(t => t.Segment, StringComparer.Ordinal)
                .Select(g => new TrapSegmentContribution(g.Key, g.Select(t => t.Customer).Distinct(StringComparer.Ordinal).Count(), g.Sum(t => t.Term)))
                .ToList();
        }

        // Rank by the push in the direction of the difference; when there is no difference, by size. Names break ties.
        var direction = Direction(difference);
        Func<double, double> key = direction == 0 ? Math.Abs : c => c * direction;
        return new SatisfactionTrapResult(
            standard,
            b.Score,
            a.Score,
            plainChange,
            weightedChange,
            difference,
            baseEffect,
            trap,
            customers.OrderByDescending(c => key(c.Contribution)).ThenBy(c => c.Customer, StringComparer.Ordinal).ToList(),
            segments.OrderByDescending(s => key(s.Contribution)).ThenBy(s => s.Segment, StringComparer.Ordinal).ToList());
    }

    /// <summary>−1, 0 or +1; a change within <see cref="NoChangeTolerance"/> of zero is 0.</summary>
    public static int Direction(double change) => Math.Abs(change) <= NoChangeTolerance ? 0 : Math.Sign(change);

    private static WaveTerms Wave(string wave, IReadOnlyList<TrapResponse> responses, StandardValueBase standard)
    {
        CustomerValueWeighting.ValidateCustomers(responses.Select(r => (r.Customer, r.Value)));
        var scored = responses.Where(r => r.Score.HasValue).ToList();
        if (scored.Count == 0)
        {
            throw new ArgumentException($"the {wave} wave has no customer with a score", nameof(responses));
        }
        var n = scored.Count;
        var standardValue = CustomerValueWeighting.StandardValue(scored.Select(r => r.Value).ToList(), standard);
        var plain = scored.Average(r => r.Score!.Value);
        var weights = scored.Select(r => r.Value / (n * standardValue)).ToList();
        var weighted = scored.Select((r, i) => weights[i] * r.Score!.Value).Sum();
        var terms = new Dictionary<string, (TrapResponse Response, double Term)>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            terms[scored[i].Customer] = (scored[i], (weights[i] - 1.0 / n) * (scored[i].Score!.Value - plain));
        }
        return new WaveTerms(new TrapWaveScore(n, standardValue, plain, weighted), weights.Sum(), terms);
    }

    private sealed record WaveTerms(TrapWaveScore Score, double WeightSum, Dictionary<string, (TrapResponse Response, double Term)> Terms);
}
