using Manyi.Analytics.Comparisons;
using Manyi.Analytics.Scores;
using Manyi.Analytics.Value;
using Manyi.Core.Customers;
using Manyi.Core.Improvement;
using Manyi.Core.Surveys;
using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Results;
using Manyi.Web.Features.Units;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Improvement;

/// <summary>
/// One <see cref="IndicatorKey"/> read for a wave in a scope (or for a period, for measure keys): the headline
/// <see cref="Value"/> and its n, and for survey keys the per-response <see cref="Observations"/> with the
/// <see cref="Measure"/> that <see cref="WaveComparison.Compare"/> tests them with (null for the index and measures: no test).
/// <see cref="Value"/> is null when nothing can be scored or n is below the wave's minimum n (<see cref="Suppressed"/>).
/// </summary>
/// <param name="Key">The indicator key read.</param>
/// <param name="Value">overall / cell: mean on 0–100; overall:weighted: mean of D' = (K_i/K_o)·D on 0–100; nps: NPS −100…100;
/// csat: top-2-box %; index: the satisfaction index 0–100; measure: the sum of the figures.</param>
/// <param name="N">Responses (customers for overall:weighted, figures for a measure) the value rests on.</param>
/// <param name="Suppressed">Fewer than the minimum n answers: <see cref="Value"/> is withheld.</param>
/// <param name="Measure">How <see cref="Observations"/> are compared between waves; null when there is no test.</param>
/// <param name="Observations">The per-response values (segment, value) on the scale of <see cref="Measure"/>.</param>
/// <param name="Nps">NPS: promoters, passives, detractors.</param>
/// <param name="TopBox">CSAT: answers in the top boxes.</param>
/// <param name="StandardValue">overall:weighted: K_o, the standard customer value.</param>
public sealed record IndicatorSample(
    string Key,
    double? Value,
    int N,
    bool Suppressed,
    WaveMeasure? Measure,
    IReadOnlyList<WaveObservation> Observations,
    NpsCounts? Nps = null,
    long? TopBox = null,
    double? StandardValue = null);

/// <summary>
/// Reads the indicators that goals target and improvement actions link (<see cref="IndicatorKey"/>) from a wave's cached data or
/// from the imported indirect measures. Survey keys are read from the wave's Complete responses in the caller's visible units,
/// limited to a unit's subtree when one is given; every number is computed by Manyi.Analytics. docs/improvement.md.
/// </summary>
public static class IndicatorSamples
{
    /// <summary>
    /// A survey key for a wave, limited to the subtree of <paramref name="unitId"/> (null = every unit the viewer sees).
    /// Null when the wave or the unit does not exist for the viewer (→ 404). Measure keys are not read here (see
    /// <see cref="MeasureAsync"/>); asking for one gives a sample without value.
    /// </summary>
    public static async Task<IndicatorSample?> ReadAsync(
        ManyiDbContext db, WaveDataCache cache, Viewer viewer, Guid waveId, Guid? unitId, string key, CancellationToken ct) =>
        await ReadAsync(db, cache, viewer, waveId, new ResultsFilter(unitId, null, null, null, null), key, ct);

    /// <summary>As <see cref="ReadAsync(ManyiDbContext, WaveDataCache, Viewer, Guid, Guid?, string, CancellationToken)"/>
    /// with a full results filter (unit, segment, channel, submission period).</summary>
    public static async Task<IndicatorSample?> ReadAsync(
        ManyiDbContext db, WaveDataCache cache, Viewer viewer, Guid waveId, ResultsFilter filter, string key, CancellationToken ct)
    {
        var input = await AnalysisInput.LoadAsync(db, cache, viewer, waveId, filter, ct);
        return input is null ? null : await ReadAsync(db, input, key, ct);
    }

    /// <summary>A survey key over an analysis input already loaded (its slice is the scope).</summary>
    public static async Task<IndicatorSample> ReadAsync(ManyiDbContext db, AnalysisInput input, string key, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(key);
        if (key == IndicatorKey.Index)
        {
            var system = await DriverAnalysis.IndicatorSystemAsync(db, input, ct);
            var index = DriverAnalysis.Index(input, system);
            var suppressed = Suppression.Applies(input.Slice.Count, input.MinimumN);
            return new IndicatorSample(key, suppressed ? null : index, input.Slice.Count, suppressed, null, []);
        }
        if (key == IndicatorKey.OverallWeighted)
        {
            var standard = await StandardAsync(db, input.Scope.Wave.OrganisationId, ct);
            return Weighted(input, standard);
        }
        return Read(input, key);
    }

    /// <summary>A survey key other than the index and overall:weighted (which need the database), from the input's slice.</summary>
    public static IndicatorSample Read(AnalysisInput input, string key)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(key);
        var definition = input.Scope.Definition;
        var data = input.Slice.Data;
        switch (key)
        {
            case IndicatorKey.Overall:
                return WaveRoles.Outcome(definition) is { } outcome ? Mean(input, key, outcome.Key) : Empty(key);
            case IndicatorKey.Nps:
                if (definition.Questions.FirstOrDefault(q => q.Type == QuestionType.Nps) is { } nps && data.Column(nps.Code) is { Kind: WaveColumnKind.Number, Minimum: 0, Maximum: 10 })
                {
                    var observations = Observations(input.Slice, nps.Code, null);
                    var (counts, _) = input.Slice.Frequencies(nps.Code);
                    var score = NetPromoter.FromCounts(counts.Skip(9).Sum(), counts[7] + counts[8], counts.Take(7).Sum(), input.Confidence, input.MinimumN);
                    return new IndicatorSample(
                        key, score.Nps, (int)score.N, score.Suppressed, WaveMeasure.Nps(), observations,
                        new NpsCounts((int)counts.Skip(9).Sum(), (int)(counts[7] + counts[8]), (int)counts.Take(7).Sum()));
                }
                return Empty(key);
            case IndicatorKey.Csat:
                if (definition.Questions.FirstOrDefault(q => q.Type == QuestionType.Csat) is { } csat && data.Column(csat.Code) is { Kind: WaveColumnKind.Number } column
                    && column.Maximum > column.Minimum)
                {
                    var boxes = Math.Min(DriverAnalysis.TopBoxes, column.Maximum - column.Minimum);
                    var (counts, _) = input.Slice.Frequencies(csat.Code);
                    var top = counts.Skip(counts.Length - boxes).Sum();
                    var score = CustomerSatisfaction.FromCounts(counts.Sum(), top, boxes, input.Confidence, input.MinimumN);
                    return new IndicatorSample(
                        key, score.Csat, (int)score.N, score.Suppressed, WaveMeasure.TopBox(column.Minimum, column.Maximum, boxes),
                        Observations(input.Slice, csat.Code, null), TopBox: top);
                }
                return Empty(key);
            default:
                if (key.StartsWith(IndicatorKey.CellPrefix, StringComparison.Ordinal))
                {
                    return Mean(input, key, key[IndicatorKey.CellPrefix.Length..]);
                }
                return Empty(key);
        }
    }

    /// <summary>
    /// The value-weighted overall score: one row per customer with a value K &gt; 0 (its latest response in the slice, as the
    /// value view and the satisfaction trap take it) who answered the overall question; D on 0–100; K_o = mean or minimum of
    /// those customers' K (<paramref name="standard"/>); observations D' = (K_i/K_o)·D; value = mean D'
    /// (<see cref="CustomerValueWeighting.Weigh"/>).
    /// </summary>
    public static IndicatorSample Weighted(AnalysisInput input, StandardValueBase standard)
    {
        ArgumentNullException.ThrowIfNull(input);
        const string key = IndicatorKey.OverallWeighted;
        if (WaveRoles.Outcome(input.Scope.Definition) is not { } outcome || input.Slice.Data.Column(outcome.Key) is not { Kind: WaveColumnKind.Number } column)
        {
            return Empty(key);
        }
        var data = input.Slice.Data;
        var scale = new Scale(column.Minimum, column.Maximum);
        var values = data.All().ValuesOrNaN(outcome.Key);
        var latest = new Dictionary<Guid, int>();
        foreach (var row in input.Slice.Rows)
        {
            if (data.CustomerIds[row] is { } customer && data.CustomerValues[row] is > 0 && !double.IsNaN(values[row])
                && (!latest.TryGetValue(customer, out var seen) || data.SubmittedAt[row] >= data.SubmittedAt[seen]))
            {
                latest[customer] = row;
            }
        }
        var rows = latest.Values.Order().ToList();
        if (rows.Count == 0)
        {
            return new IndicatorSample(key, null, 0, Suppression.Applies(0, input.MinimumN), WaveMeasure.Mean(), []);
        }
        var customers = rows.Select(r => new ValuedCustomer(data.CustomerIds[r]!.Value.ToString(), data.CustomerValues[r]!.Value, [scale.ToHundred(values[r])])).ToList();
        var weighed = CustomerValueWeighting.Weigh([key], customers, standard);
        var k0 = weighed.StandardValue;
        var observations = rows.Select(r => new WaveObservation(data.Segments[r], data.CustomerValues[r]!.Value / k0 * scale.ToHundred(values[r]))).ToList();
        var suppressed = Suppression.Applies(rows.Count, input.MinimumN);
        return new IndicatorSample(key, suppressed ? null : weighed.Items[0].Weighted, rows.Count, suppressed, WaveMeasure.Mean(), observations, StandardValue: k0);
    }

    /// <summary>The organisation's standard value K_o rule (<see cref="CustomerValuePolicy.StandardValue"/>; Mean without a policy).</summary>
    public static async Task<StandardValueBase> StandardAsync(ManyiDbContext db, Guid organisationId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var standard = await db.CustomerValuePolicies.AsNoTracking()
            .Where(p => p.OrganisationId == organisationId)
            .Select(p => p.StandardValue)
            .FirstOrDefaultAsync(ct);
        return string.Equals(standard, nameof(StandardValueBase.Minimum), StringComparison.OrdinalIgnoreCase) ? StandardValueBase.Minimum : StandardValueBase.Mean;
    }

    /// <summary>
    /// An indirect measure (the key without "measure:") summed over the figures whose period lies within
    /// [<paramref name="from"/>, <paramref name="to"/>] for the subtree of <paramref name="unitId"/> (null = the organisation):
    /// the figures of the subtree's customers when there are any; otherwise the group figures of the unit itself (null unit for
    /// the organisation) without a segment; otherwise the sum of that unit's segment figures. Null when there is no figure.
    /// </summary>
    public static async Task<double?> MeasureAsync(
        ManyiDbContext db, Guid organisationId, Guid? unitId, string measure, DateOnly from, DateOnly to, CancellationToken ct) =>
        (await MeasureSampleAsync(db, organisationId, unitId, measure, from, to, ct)).Value;

    /// <summary>As <see cref="MeasureAsync"/>, with the number of figures summed (the sample's N).</summary>
    public static async Task<IndicatorSample> MeasureSampleAsync(
        ManyiDbContext db, Guid organisationId, Guid? unitId, string measure, DateOnly from, DateOnly to, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(measure);
        if (measure.StartsWith(IndicatorKey.MeasurePrefix, StringComparison.Ordinal))
        {
            measure = measure[IndicatorKey.MeasurePrefix.Length..];
        }
        var key = IndicatorKey.Measure(measure);
        var customers = db.CustomerMeasures.AsNoTracking()
            .Where(m => m.OrganisationId == organisationId && m.Measure == measure && m.PeriodStart >= from && m.PeriodEnd <= to);
        if (unitId is { } unit)
        {
            var subtree = await UnitTree.SubtreeAsync(db, organisationId, unit, ct);
            customers = customers.Where(m => db.Customers.Any(c => c.Id == m.CustomerId && c.OrganisationId == organisationId && subtree.Contains(c.UnitId)));
        }
        var values = await customers.Select(m => m.Value).ToListAsync(ct);
        if (values.Count == 0)
        {
            var groups = await db.GroupMeasures.AsNoTracking()
                .Where(m => m.OrganisationId == organisationId && m.Measure == measure && m.UnitId == unitId && m.PeriodStart >= from && m.PeriodEnd <= to)
                .Select(m => new { m.Segment, m.Value })
                .ToListAsync(ct);
            values = groups.Any(g => g.Segment is null)
                ? [.. groups.Where(g => g.Segment is null).Select(g => g.Value)]
                : [.. groups.Select(g => g.Value)];
        }
        return values.Count == 0
            ? new IndicatorSample(key, null, 0, false, null, [])
            : new IndicatorSample(key, values.Sum(), values.Count, false, null, []);
    }

    private static IndicatorSample Mean(AnalysisInput input, string key, string cell)
    {
        if (input.Slice.Data.Column(cell) is not { Kind: WaveColumnKind.Number } column || column.Maximum <= column.Minimum)
        {
            return Empty(key);
        }
        var scale = new Scale(column.Minimum, column.Maximum);
        var (counts, missing) = input.Slice.Frequencies(cell);
        var statistics = ItemAnalysis.FromFrequencies(scale, counts, missing, new ItemOptions(DriverAnalysis.TopBoxes, input.MinimumN));
        return new IndicatorSample(
            key, statistics.Score, (int)statistics.N, statistics.Suppressed, WaveMeasure.Mean(0, 100), Observations(input.Slice, cell, scale));
    }

    /// <summary>The non-missing answers of a cell with their segment; on 0–100 when a scale is given, else as answered.</summary>
    private static List<WaveObservation> Observations(WaveSlice slice, string cell, Scale? scale)
    {
        var values = slice.ValuesOrNaN(cell);
        var list = new List<WaveObservation>(values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsNaN(values[i]))
            {
                list.Add(new WaveObservation(slice.Data.Segments[slice.Rows[i]], scale is null ? values[i] : scale.ToHundred(values[i])));
            }
        }
        return list;
    }

    private static IndicatorSample Empty(string key) => new(key, null, 0, false, null, []);
}
