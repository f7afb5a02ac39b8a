using System.Globalization;
using Manyi.Analytics.Comparisons;
using Manyi.Analytics.Drivers;
using Manyi.Analytics.Indicators;
using Manyi.Analytics.Pls;
using Manyi.Analytics.Scores;
using Manyi.Analytics.Value;
using Manyi.Core.Surveys;
using Manyi.Data;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Analysis;

/// <summary>
/// What drives and changes satisfaction, computed from a wave's cached rows (<see cref="WaveSlice"/>) by the models of
/// Manyi.Analytics on the columns <see cref="WaveRoles"/> chooses: key drivers, IPA, value-weighted view and satisfaction trap,
/// wave-over-wave changes, trends and the PLS index model. Used by the API and the pages alike. docs/analysis-drivers.md.
/// </summary>
public static class DriverAnalysis
{
    /// <summary>Top boxes of CSAT (as the live results: top 2).</summary>
    public const int TopBoxes = 2;

    /// <summary>Largest number of PLS bootstrap resamples a request may ask for.</summary>
    public const int MaxBootstrap = 500;

    /// <summary>Most waves a trend shows (the latest ones).</summary>
    public const int MaxTrendWaves = 24;

    /// <summary>The rated attributes that are Number columns of the wave data.</summary>
    public static IReadOnlyList<RatedIndicator> Attributes(AnalysisInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return [.. WaveRoles.Attributes(input.Scope.Definition).Where(a => input.Slice.Data.Column(a.Key) is { Kind: WaveColumnKind.Number })];
    }

    private static AttributeDto Dto(RatedIndicator a) => new(a.Key, a.Indicator, a.Text);

    // ---------------------------------------------------------------- drivers

    /// <summary>Johnson's relative weights of the attributes on the outcome (listwise deletion, as <c>manyi analyze drivers</c>).</summary>
    public static DriversDto Drivers(AnalysisInput input)
    {
        var (result, attributes, notes) = KeyDrivers(input);
        if (result is null)
        {
            return new DriversDto(input.Scope.Wave.Id, WaveRoles.Outcome(input.Scope.Definition)?.Key, input.Slice.Count, 0, 0, false, null, null, [], notes);
        }
        if (Suppression.Applies(result.N, input.MinimumN))
        {
            notes.Add(AnalysisNote.Of(AnalysisNoteKeys.DriversSuppressed, input.MinimumN));
            return new DriversDto(input.Scope.Wave.Id, result.Target, input.Slice.Count, result.N, result.Excluded, true, null, null, [], notes);
        }
        var byKey = attributes.ToDictionary(a => a.Key, StringComparer.Ordinal);
        return new DriversDto(
            input.Scope.Wave.Id, result.Target, input.Slice.Count, result.N, result.Excluded, false, result.RSquared, result.TargetMean,
            [.. result.Drivers.Select(d => new DriverDto(Dto(byKey[d.Predictor]), d.RelativeWeight, d.RescaledPercent, d.Correlation, d.Beta, d.Mean))],
            notes);
    }

    private static (KeyDriverAnalysis? Result, IReadOnlyList<RatedIndicator> Attributes, List<AnalysisNote> Notes) KeyDrivers(AnalysisInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var notes = new List<AnalysisNote>();
        var outcome = WaveRoles.Outcome(input.Scope.Definition);
        var attributes = Attributes(input);
        if (outcome is null || input.Slice.Data.Column(outcome.Key) is not { Kind: WaveColumnKind.Number })
        {
            notes.Add(AnalysisNote.Of(AnalysisNoteKeys.DriversNoOutcome));
            return (null, attributes, notes);
        }
        if (attributes.Count == 0)
        {
            notes.Add(AnalysisNote.Of(AnalysisNoteKeys.DriversNoAttributes));
            return (null, attributes, notes);
        }
        var slice = input.Slice;
        try
        {
            var result = RelativeWeights.Analyze(
                outcome.Key, slice.Values(outcome.Key), [.. attributes.Select(a => a.Key)], [.. attributes.Select(a => (IReadOnlyList<double?>)slice.Values(a.Key))]);
            return (result, attributes, notes);
        }
        catch (ArgumentException e)
        {
            notes.Add(AnalysisNote.Of(AnalysisNoteKeys.DriversNotComputable, e.Message));
            return (null, attributes, notes);
        }
    }

    // ---------------------------------------------------------------- IPA

    /// <summary>
    /// Importance–performance: stated importance (mean of the importance cell) when every attribute has one, else derived (% of R²
    /// as <c>manyi analyze ipa --derived</c>); performance = mean of the attribute; cross-hairs at the means.
    /// </summary>
    public static IpaDto Ipa(AnalysisInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var attributes = Attributes(input);
        var notes = new List<AnalysisNote>();
        var wave = input.Scope.Wave.Id;
        List<IpaIndicator> indicators;
        string source;
        int? n = null;
        if (attributes.Count > 0 && attributes.All(a => a.ImportanceKey is not null && input.Slice.Data.Column(a.ImportanceKey) is { Kind: WaveColumnKind.Number }))
        {
            source = "stated";
            indicators = [];
            foreach (var a in attributes)
            {
                var importance = Mean(input, a.ImportanceKey!);
                var performance = Mean(input, a.Key);
                if (importance is { } i && performance is { } p)
                {
                    indicators.Add(new IpaIndicator(a.Key, i, p));
                }
                else
                {
                    notes.Add(AnalysisNote.Of(AnalysisNoteKeys.IpaTooFewAnswers, a.Key, input.MinimumN));
                }
            }
        }
        else
        {
            source = "derived";
            var (result, _, driverNotes) = KeyDrivers(input);
            notes.AddRange(driverNotes);
            if (result is not null && Suppression.Applies(result.N, input.MinimumN))
            {
                notes.Add(AnalysisNote.Of(AnalysisNoteKeys.IpaSuppressed, input.MinimumN));
                result = null;
            }
            n = result?.N;
            indicators = result is null ? [] : [.. result.Drivers.Select(d => new IpaIndicator(d.Predictor, d.RescaledPercent, d.Mean))];
        }
        if (indicators.Count == 0)
        {
            return new IpaDto(wave, source, input.Slice.Count, n, null, null, [], notes);
        }
        var ipa = ImportancePerformance.Classify(indicators);
        var byKey = attributes.ToDictionary(a => a.Key, StringComparer.Ordinal);
        return new IpaDto(
            wave, source, input.Slice.Count, n, ipa.ImportanceCrossHair, ipa.PerformanceCrossHair,
            [.. ipa.Points.Select(p => new IpaPointDto(Dto(byKey[p.Indicator]), p.Importance, p.Performance, QuadrantName(p.Quadrant), p.OnCrossHair))],
            notes);
    }

    /// <summary>The quadrant's name in the API (camelCase, as the enum in JSON).</summary>
    public static string QuadrantName(IpaQuadrant quadrant) => quadrant switch
    {
        IpaQuadrant.ConcentrateHere => "concentrateHere",
        IpaQuadrant.KeepUpTheGoodWork => "keepUpTheGoodWork",
        IpaQuadrant.LowPriority => "lowPriority",
        _ => "possibleOverkill",
    };

    private static double? Mean(AnalysisInput input, string key)
    {
        var column = input.Slice.Data.Column(key)!;
        var (counts, missing) = input.Slice.Frequencies(key);
        return ItemAnalysis.FromFrequencies(new Scale(column.Minimum, column.Maximum), counts, missing, new ItemOptions(TopBoxes, input.MinimumN)).Mean;
    }

    // ---------------------------------------------------------------- value and trap

    /// <summary>
    /// Customer-value-weighted scores of the outcome and the attributes (one row per customer with a value K &gt; 0: its latest
    /// response), and the satisfaction trap of the outcome against <paramref name="against"/> (null = none).
    /// </summary>
    public static async Task<ValueDto> ValueAsync(ManyiDbContext db, AnalysisInput input, AnalysisInput? against, StandardValueBase standard, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(input);
        var notes = new List<AnalysisNote>();
        var wave = input.Scope.Wave.Id;
        var baseName = standard == StandardValueBase.Minimum ? "minimum" : "mean";
        var outcome = WaveRoles.Outcome(input.Scope.Definition);
        var items = new List<(string Key, LocalText? Text)>();
        if (outcome is not null && input.Slice.Data.Column(outcome.Key) is { Kind: WaveColumnKind.Number })
        {
            items.Add((outcome.Key, outcome.Question.Text));
        }
        items.AddRange(Attributes(input).Select(a => (a.Key, (LocalText?)a.Text)));
        if (items.Count == 0)
        {
            notes.Add(AnalysisNote.Of(AnalysisNoteKeys.ValueNothingRated));
            return new ValueDto(wave, baseName, input.Slice.Count, 0, false, null, [], null, null, notes);
        }
        var rows = LatestRowPerValuedCustomer(input.Slice);
        if (rows.Count < input.MinimumN)
        {
            notes.Add(AnalysisNote.Of(AnalysisNoteKeys.ValueSuppressed, input.MinimumN));
            return new ValueDto(wave, baseName, input.Slice.Count, rows.Count, true, null, [], null, null, notes);
        }
        var data = input.Slice.Data;
        var columns = items.Select(i => data.Column(i.Key)!).ToList();
        var everyRow = data.All();
        var values = columns.Select(c => everyRow.ValuesOrNaN(c.Key)).ToList();
        var customers = rows.Select(r => new ValuedCustomer(
            data.CustomerIds[r.Row]!.Value.ToString(), r.Value,
            [.. values.Select(v => double.IsNaN(v[r.Row]) ? (double?)null : v[r.Row])])).ToList();
        var weighed = CustomerValueWeighting.Weigh([.. items.Select(i => i.Key)], customers, standard);
        var texts = items.ToDictionary(i => i.Key, i => i.Text, StringComparer.Ordinal);
        ValueItemDto Item(ValueWeightedItem i, LocalText? text) => Suppression.Applies(i.N, input.MinimumN)
            ? new ValueItemDto(i.Item, text, i.N, null, null)
            : new ValueItemDto(i.Item, text, i.N, i.Plain, i.Weighted);
        TrapDto? trap = null;
        if (against is null)
        {
            notes.Add(AnalysisNote.Of(AnalysisNoteKeys.TrapNoEarlierWave));
        }
        else if (outcome is null || items[0].Key != outcome.Key)
        {
            notes.Add(AnalysisNote.Of(AnalysisNoteKeys.TrapNoOutcome));
        }
        else
        {
            trap = await TrapAsync(db, input, against, outcome.Key, standard, notes, ct);
        }
        return new ValueDto(
            wave, baseName, input.Slice.Count, weighed.Customers, false, weighed.StandardValue,
            [.. weighed.Items.Select(i => Item(i, texts[i.Item]))], Item(weighed.Overall, null), trap, notes);
    }

    private static List<(int Row, double Value)> LatestRowPerValuedCustomer(WaveSlice slice)
    {
        var data = slice.Data;
        var latest = new Dictionary<Guid, int>();
        foreach (var row in slice.Rows)
        {
            if (data.CustomerIds[row] is { } customer && data.CustomerValues[row] is > 0
                && (!latest.TryGetValue(customer, out var seen) || data.SubmittedAt[row] >= data.SubmittedAt[seen]))
            {
                latest[customer] = row;
            }
        }
        return [.. latest.Values.Order().Select(r => (r, data.CustomerValues[r]!.Value))];
    }

    private static List<TrapResponse> TrapResponses(WaveSlice slice, string key)
    {
        var values = slice.Data.All().ValuesOrNaN(key);
        if (values.Length == 0)
        {
            return [];
        }
        return [.. LatestRowPerValuedCustomer(slice)
            .Where(r => !double.IsNaN(values[r.Row]))
            .Select(r => new TrapResponse(slice.Data.CustomerIds[r.Row]!.Value.ToString(), r.Value, values[r.Row], slice.Data.Segments[r.Row]))];
    }

    /// <summary>The satisfaction trap of the outcome alone (the trap part of <see cref="ValueAsync"/>, used by the wave comparison and
    /// the findings); null without an overall-satisfaction question or enough valued customers (the reason goes to <paramref name="notes"/>).</summary>
    public static async Task<TrapDto?> TrapAsync(
        ManyiDbContext db, AnalysisInput input, AnalysisInput against, StandardValueBase standard, List<string> notes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var structured = new List<AnalysisNote>();
        var trap = await OutcomeTrapAsync(db, input, against, standard, structured, ct);
        notes.AddRange(structured.Select(n => n.English));
        return trap;
    }

    private static async Task<TrapDto?> OutcomeTrapAsync(
        ManyiDbContext db, AnalysisInput input, AnalysisInput against, StandardValueBase standard, List<AnalysisNote> notes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(against);
        var outcome = WaveRoles.Outcome(input.Scope.Definition);
        if (outcome is null || input.Slice.Data.Column(outcome.Key) is not { Kind: WaveColumnKind.Number })
        {
            notes.Add(AnalysisNote.Of(AnalysisNoteKeys.TrapNoOutcome));
            return null;
        }
        return await TrapAsync(db, input, against, outcome.Key, standard, notes, ct);
    }

    /// <summary>The standard value K_o of the organisation's customer-value policy (<c>CustomerValuePolicy.StandardValue</c>; default mean).</summary>
    public static async Task<StandardValueBase> StandardValueAsync(ManyiDbContext db, Guid organisationId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var value = await db.CustomerValuePolicies.AsNoTracking().Where(p => p.OrganisationId == organisationId).Select(p => p.StandardValue).FirstOrDefaultAsync(ct);
        return string.Equals(value, "Minimum", StringComparison.OrdinalIgnoreCase) ? StandardValueBase.Minimum : StandardValueBase.Mean;
    }

    private static async Task<TrapDto?> TrapAsync(
        ManyiDbContext db, AnalysisInput input, AnalysisInput against, string key, StandardValueBase standard, List<AnalysisNote> notes, CancellationToken ct)
    {
        var before = TrapResponses(against.Slice, key);
        var after = TrapResponses(input.Slice, key);
        if (before.Count < input.MinimumN || after.Count < input.MinimumN)
        {
            notes.Add(AnalysisNote.Of(AnalysisNoteKeys.TrapTooFewCustomers, input.MinimumN));
            return null;
        }
        var result = SatisfactionTrap.Compare(before, after, standard);
        var top = result.Customers.Take(10).ToList();
        var ids = top.Select(c => Guid.Parse(c.Customer)).ToList();
        var organisationId = input.Scope.Wave.OrganisationId;
        var names = await db.Customers.AsNoTracking()
            .Where(c => c.OrganisationId == organisationId && ids.Contains(c.Id))
            .Select(c => new { c.Id, c.Code, c.Name })
            .ToDictionaryAsync(c => c.Id, ct);
        return new TrapDto(
            against.Scope.Wave.Id, against.Scope.Wave.Name, result.Before.Customers, result.After.Customers, result.Before.Plain, result.After.Plain,
            result.Before.Weighted, result.After.Weighted, result.PlainChange, result.WeightedChange, result.Difference, result.Trap,
            [.. top.Select(c =>
            {
                var id = Guid.Parse(c.Customer);
                var known = names.GetValueOrDefault(id);
                return new TrapCustomerDto(id, known?.Code, known?.Name, c.Segment, c.Presence.ToString(), c.ScoreBefore, c.ScoreAfter, c.ValueBefore, c.ValueAfter, c.Contribution);
            })],
            [.. result.Segments.Select(s => new TrapSegmentDto(s.Segment, s.Customers, s.Contribution))]);
    }

    // ---------------------------------------------------------------- compare

    /// <summary>Wave over wave: CSAT top-box, NPS, every attribute mean (tested) and the index (not tested), overall and per segment; and
    /// the plain against the value-weighted overall with the satisfaction trap (<see cref="TrapAsync(ManyiDbContext, AnalysisInput, AnalysisInput, StandardValueBase, List{string}, CancellationToken)"/>).</summary>
    public static async Task<CompareDto> CompareAsync(ManyiDbContext db, AnalysisInput input, AnalysisInput? against, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var alpha = 1 - input.Confidence;
        var notes = new List<AnalysisNote>();
        if (against is null)
        {
            notes.Add(AnalysisNote.Of(AnalysisNoteKeys.CompareNoEarlierWave));
            return new CompareDto(input.Scope.Wave.Id, null, null, alpha, input.MinimumN, [], notes);
        }
        var definition = input.Scope.Definition;
        var measures = new List<MeasureChangeDto>();
        void Add(string kind, string key, LocalText? text, WaveMeasure measure)
        {
            if (input.Slice.Data.Column(key) is not { Kind: WaveColumnKind.Number } || against.Slice.Data.Column(key) is not { Kind: WaveColumnKind.Number })
            {
                return;
            }
            try
            {
                var result = WaveComparison.Compare(Observations(against.Slice, key), Observations(input.Slice, key), measure, alpha, input.MinimumN);
                measures.Add(new MeasureChangeDto(kind, key, text, Change(result.Overall), [.. result.Segments.Select(Change)]));
            }
            catch (ArgumentException e)
            {
                notes.Add(AnalysisNote.Of(AnalysisNoteKeys.CompareNotCompared, key, e.Message));
            }
        }
        if (definition.Questions.FirstOrDefault(q => q.Type == QuestionType.Csat) is { } csat && input.Slice.Data.Column(csat.Code) is { } csatColumn)
        {
            Add("csat", csat.Code, csat.Text, WaveMeasure.TopBox(csatColumn.Minimum, csatColumn.Maximum, Math.Min(TopBoxes, csatColumn.Maximum - csatColumn.Minimum)));
        }
        if (definition.Questions.FirstOrDefault(q => q.Type == QuestionType.Nps) is { } nps && input.Slice.Data.Column(nps.Code) is { Minimum: 0, Maximum: 10 })
        {
            Add("nps", nps.Code, nps.Text, WaveMeasure.Nps());
        }
        foreach (var a in Attributes(input))
        {
            var column = input.Slice.Data.Column(a.Key)!;
            Add("mean", a.Key, a.Text, WaveMeasure.Mean(column.Minimum, column.Maximum));
        }
        var system = await IndicatorSystemAsync(db, input, ct);
        var indexBefore = Index(against, system);
        var indexAfter = Index(input, system);
        measures.Add(new MeasureChangeDto("index", "index", null,
            new ChangeDto(null, indexBefore is null || indexAfter is null, null, against.Slice.Count, input.Slice.Count, indexBefore, indexAfter, indexAfter - indexBefore, null, null, null, null, false),
            []));
        notes.Add(AnalysisNote.Of(AnalysisNoteKeys.CompareIndexUntested));
        var trap = await OutcomeTrapAsync(db, input, against, await StandardValueAsync(db, input.Scope.Wave.OrganisationId, ct), notes, ct);
        return new CompareDto(input.Scope.Wave.Id, against.Scope.Wave.Id, against.Scope.Wave.Name, alpha, input.MinimumN, measures, notes, trap);
    }

    private static List<WaveObservation> Observations(WaveSlice slice, string key)
    {
        var values = slice.ValuesOrNaN(key);
        var list = new List<WaveObservation>(values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsNaN(values[i]))
            {
                list.Add(new WaveObservation(slice.Data.Segments[slice.Rows[i]], values[i]));
            }
        }
        return list;
    }

    private static ChangeDto Change(SegmentChange s) => new(
        s.Segment, s.Suppressed, s.Change.Test.ToString(), s.Change.BeforeN, s.Change.AfterN,
        s.Suppressed ? null : s.Change.Before, s.Suppressed ? null : s.Change.After, s.Suppressed ? null : s.Change.Change,
        s.Change.Statistic, s.Change.PValue, s.Change.ConfidenceInterval?.Low, s.Change.ConfidenceInterval?.High, s.Change.Significant);

    // ---------------------------------------------------------------- trends

    /// <summary>The questionnaire's waves (each in the caller's scope and filter) and this wave's weeks or months.</summary>
    public static async Task<TrendsDto> TrendsAsync(
        ManyiDbContext db, WaveDataCache cache, Viewer viewer, AnalysisInput input, bool byMonth, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(input);
        var notes = new List<AnalysisNote>();
        var wave = input.Scope.Wave;
        var waveIds = await db.Waves.AsNoTracking()
            .Where(w => w.OrganisationId == wave.OrganisationId && w.QuestionnaireId == wave.QuestionnaireId)
            .OrderByDescending(w => w.OpensAt).ThenByDescending(w => w.CreatedAt)
            .Select(w => w.Id)
            .Take(MaxTrendWaves)
            .ToListAsync(ct);
        var system = await IndicatorSystemAsync(db, input, ct);
        var points = new List<(DateTimeOffset At, TrendPointDto Point)>();
        foreach (var id in waveIds)
        {
            var other = id == wave.Id ? input : await AnalysisInput.LoadAsync(db, cache, viewer, id, input.Scope.Filter, ct);
            if (other is null)
            {
                continue;
            }
            var w = other.Scope.Wave;
            points.Add((w.OpensAt ?? w.CreatedAt, Point(w.Name, w.Id, w.OpensAt ?? w.CreatedAt, other.Slice, input, system)));
        }
        var periods = new List<TrendPointDto>();
        var data = input.Slice.Data;
        foreach (var group in input.Slice.Rows.GroupBy(r => PeriodStart(data.SubmittedAt[r], byMonth)).OrderBy(g => g.Key))
        {
            var rows = group.ToHashSet();
            var label = group.Key.ToString(byMonth ? "yyyy-MM" : "yyyy-MM-dd", CultureInfo.InvariantCulture);
            periods.Add(Point(label, null, group.Key, input.Slice.Where(rows.Contains), input, system));
        }
        if (WaveRoles.Outcome(input.Scope.Definition) is null)
        {
            notes.Add(AnalysisNote.Of(AnalysisNoteKeys.TrendsNoOutcome));
        }
        notes.Add(AnalysisNote.Of(AnalysisNoteKeys.TrendsIndexNoBand));
        return new TrendsDto(wave.Id, byMonth ? "month" : "week", input.Confidence, [.. points.OrderBy(p => p.At).Select(p => p.Point)], periods, notes);
    }

    /// <summary>The start (UTC) of the week (Monday) or month of a time.</summary>
    public static DateTimeOffset PeriodStart(DateTimeOffset at, bool byMonth)
    {
        var utc = at.ToUniversalTime();
        if (byMonth)
        {
            return new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
        }
        var day = new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero);
        return day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
    }

    private static TrendPointDto Point(string label, Guid? waveId, DateTimeOffset start, WaveSlice slice, AnalysisInput input, IndicatorSystemDefinition? system)
    {
        var definition = slice.Data.Definition;
        BandDto? csat = null, nps = null;
        if (definition.Questions.FirstOrDefault(q => q.Type == QuestionType.Csat) is { } c && slice.Data.Column(c.Code) is { } column)
        {
            var (counts, _) = slice.Frequencies(c.Code);
            var boxes = Math.Min(TopBoxes, column.Maximum - column.Minimum);
            var score = CustomerSatisfaction.FromCounts(counts.Sum(), counts.Skip(counts.Length - boxes).Sum(), boxes, input.Confidence, input.MinimumN);
            csat = new BandDto(score.Csat, score.ConfidenceInterval?.Low, score.ConfidenceInterval?.High, score.N, score.Suppressed);
        }
        if (definition.Questions.FirstOrDefault(q => q.Type == QuestionType.Nps) is { } p && slice.Data.Column(p.Code) is { Minimum: 0, Maximum: 10 })
        {
            var (counts, _) = slice.Frequencies(p.Code);
            var score = NetPromoter.FromCounts(counts.Skip(9).Sum(), counts[7] + counts[8], counts.Take(7).Sum(), input.Confidence, input.MinimumN);
            nps = new BandDto(score.Nps, score.ConfidenceInterval?.Low, score.ConfidenceInterval?.High, score.N, score.Suppressed);
        }
        var index = Index(new AnalysisInput(input.Scope, slice), system);
        return new TrendPointDto(label, waveId, start, slice.Count, index, csat, nps);
    }

    // ---------------------------------------------------------------- index

    /// <summary>The questionnaire's indicator system, or null.</summary>
    public static async Task<IndicatorSystemDefinition?> IndicatorSystemAsync(ManyiDbContext db, AnalysisInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(input);
        var organisationId = input.Scope.Wave.OrganisationId;
        return input.Scope.IndicatorSystemId is { } id
            ? await db.IndicatorSystems.AsNoTracking().Where(s => s.Id == id && s.OrganisationId == organisationId).Select(s => s.Definition).FirstOrDefaultAsync(ct)
            : null;
    }

    /// <summary>
    /// The satisfaction index of a slice, as the live results compute it: each cell's 0–100 score (suppressed below minimum n), then
    /// the equal-weight mean of the scale and matrix cells, or with an indicator system the cells' mean per base indicator rolled up
    /// the tree (<see cref="WeightedIndex"/>). Null when nothing can be scored.
    /// </summary>
    public static double? Index(AnalysisInput input, IndicatorSystemDefinition? system)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Results.WaveResults.IndexOf(input.Slice, system, input.MinimumN, []).Score;
    }

    /// <summary>(indicator, cell) of every cell bound to an indicator, in questionnaire order (as the live results' index binds them).</summary>
    public static IEnumerable<(string Indicator, string Cell)> BoundCells(QuestionnaireDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        foreach (var question in definition.Questions)
        {
            switch (question.Type)
            {
                case QuestionType.Matrix:
                    foreach (var row in question.Rows ?? [])
                    {
                        if ((row.Indicator ?? question.Indicator) is { } indicator)
                        {
                            yield return (indicator, question.Code + "." + row.Code);
                        }
                    }
                    break;
                case QuestionType.Triple or QuestionType.Servqual when question.Indicator is { } indicator:
                    yield return (indicator, question.Code + ".perception");
                    break;
                case QuestionType.Scale or QuestionType.Nps or QuestionType.Csat or QuestionType.Ces or QuestionType.YesNo or QuestionType.Linguistic
                    when question.Indicator is { } indicator:
                    yield return (indicator, question.Code);
                    break;
                default:
                    break;
            }
        }
    }

    // ---------------------------------------------------------------- PLS

    /// <summary>
    /// PLS path model: constructs = second-level nodes of the indicator system matched to the template's constructs by code (the
    /// construct's English name or the template's column prefix, case-insensitive), items = the cells bound to the base indicators
    /// below each; paths = the template's paths between constructs present. Answers 200 with notes when the model does not apply.
    /// </summary>
    public static async Task<PlsDto> PlsAsync(
        ManyiDbContext db, AnalysisInput input, IndexModelTemplate template, MissingDataTreatment missing, int bootstrap, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(template);
        var notes = new List<AnalysisNote>();
        var wave = input.Scope.Wave.Id;
        var missingName = missing == MissingDataTreatment.Mean ? "mean" : "listwise";
        PlsDto Empty(AnalysisNote note)
        {
            notes.Add(note);
            return new PlsDto(wave, template.Name, template.Source, input.Slice.Count, 0, 0, 0, missingName, null, 0, [], [], [], notes);
        }
        var system = await IndicatorSystemAsync(db, input, ct);
        if (system is null)
        {
            return Empty(AnalysisNote.Of(AnalysisNoteKeys.PlsNoSystem, template.Name));
        }
        var roots = system.Nodes.Where(n => n.Parent is null).Select(n => n.Code).ToHashSet(StringComparer.Ordinal);
        var second = system.Nodes.Where(n => n.Parent is not null && roots.Contains(n.Parent)).ToList();
        var bound = BoundCells(input.Scope.Definition).Where(b => input.Slice.Data.Column(b.Cell) is { Kind: WaveColumnKind.Number }).ToList();
        var blocks = new List<(ConstructTemplate Template, IndicatorNodeDefinition Node, List<string> Cells)>();
        foreach (var construct in template.Constructs)
        {
            var node = second.FirstOrDefault(n => Matches(n.Code, construct));
            if (node is null)
            {
                notes.Add(AnalysisNote.Of(AnalysisNoteKeys.PlsNoConstruct, construct.Name.ToLowerInvariant(), construct.Name));
                continue;
            }
            var below = Below(system, node.Code);
            var cells = bound.Where(b => below.Contains(b.Indicator)).Select(b => b.Cell).Distinct(StringComparer.Ordinal).ToList();
            if (cells.Count == 0)
            {
                notes.Add(AnalysisNote.Of(AnalysisNoteKeys.PlsNoRatedQuestion, node.Code, construct.Name));
                continue;
            }
            blocks.Add((construct, node, cells));
        }
        var present = blocks.Select(b => b.Template.Name).ToHashSet(StringComparer.Ordinal);
        var paths = template.Paths.Where(p => present.Contains(p.From) && present.Contains(p.To)).ToList();
        if (!present.Contains("Satisfaction") || paths.Count == 0)
        {
            return Empty(AnalysisNote.Of(AnalysisNoteKeys.PlsNoPath, template.Name));
        }
        var connected = paths.SelectMany(p => new[] { p.From, p.To }).ToHashSet(StringComparer.Ordinal);
        blocks = [.. blocks.Where(b => connected.Contains(b.Template.Name))];
        var model = new PlsPathModel([.. blocks.Select(b => new ConstructBlock(b.Template.Name, b.Cells))], paths);
        var names = blocks.SelectMany(b => b.Cells).ToList();
        var columns = names.Select(c => (IReadOnlyList<double?>)input.Slice.Values(c)).ToList();
        var scales = names.Select(c => input.Slice.Data.Column(c)!).ToList();
        var options = new PlsOptions
        {
            Missing = missing,
            ScaleMinimum = scales.Min(c => c.Minimum),
            ScaleMaximum = scales.Max(c => c.Maximum),
        };
        PlsPathModelResult result;
        try
        {
            result = PlsPathModeling.Estimate(model, names, columns, options, bootstrap > 0 ? new PlsBootstrapOptions { Resamples = bootstrap, Confidence = input.Confidence } : null);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return Empty(AnalysisNote.Of(AnalysisNoteKeys.PlsNotEstimable, template.Name, e.Message));
        }
        if (Suppression.Applies(result.N, input.MinimumN))
        {
            return Empty(AnalysisNote.Of(AnalysisNoteKeys.PlsSuppressed, input.MinimumN));
        }
        var byName = blocks.ToDictionary(b => b.Template.Name, StringComparer.Ordinal);
        var constructs = result.Constructs.Select(c => new PlsConstructDto(
            c.Name, byName[c.Name].Node.Code, byName[c.Name].Node.Name, c.Indicators, c.RSquared, c.CronbachsAlpha, c.CompositeReliability, c.AverageVarianceExtracted, c.Index)).ToList();
        return new PlsDto(
            wave, template.Name, template.Source, input.Slice.Count, result.N, result.RowsDropped, result.Imputed, missingName,
            constructs.FirstOrDefault(c => c.Name == "Satisfaction")?.Index, result.Bootstrap?.Resamples ?? 0,
            constructs,
            [.. result.Paths.Select(p => new PlsPathDto(p.From, p.To, p.Coefficient, p.Bootstrap?.StandardError, p.Bootstrap?.T, p.Bootstrap?.CiLow, p.Bootstrap?.CiHigh))],
            [.. result.Outer.Select(o => new PlsOuterDto(o.Construct, o.Indicator, o.Loading, o.Weight, o.LoadingBootstrap?.StandardError))],
            notes);
    }

    private static bool Matches(string code, ConstructTemplate construct) =>
        string.Equals(code, construct.Name, StringComparison.OrdinalIgnoreCase)
        || string.Equals(code, construct.IndicatorPrefix, StringComparison.OrdinalIgnoreCase)
        || string.Equals(code, construct.Name + "s", StringComparison.OrdinalIgnoreCase)
        || (construct.Name.EndsWith('s') && string.Equals(code, construct.Name[..^1], StringComparison.OrdinalIgnoreCase));

    private static HashSet<string> Below(IndicatorSystemDefinition system, string code)
    {
        var below = new HashSet<string>(StringComparer.Ordinal) { code };
        var frontier = new Queue<string>([code]);
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var child in system.Nodes.Where(n => string.Equals(n.Parent, parent, StringComparison.Ordinal)))
            {
                if (below.Add(child.Code))
                {
                    frontier.Enqueue(child.Code);
                }
            }
        }
        return below;
    }

    // ---------------------------------------------------------------- waves

    /// <summary>
    /// The wave to compare with, in the caller's scope and the same filter: <paramref name="againstId"/> when given (null result →
    /// 404), else the latest wave of the same questionnaire opened before this one (null when none or not visible).
    /// </summary>
    public static async Task<(AnalysisInput? Against, bool NotFound)> AgainstAsync(
        ManyiDbContext db, WaveDataCache cache, Viewer viewer, AnalysisInput input, Guid? againstId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(input);
        if (againstId is { } id)
        {
            var given = id == input.Scope.Wave.Id ? null : await AnalysisInput.LoadAsync(db, cache, viewer, id, input.Scope.Filter, ct);
            return (given, given is null);
        }
        var wave = input.Scope.Wave;
        var opened = wave.OpensAt ?? wave.CreatedAt;
        var previous = await db.Waves.AsNoTracking()
            .Where(w => w.OrganisationId == wave.OrganisationId && w.QuestionnaireId == wave.QuestionnaireId && w.Id != wave.Id)
            .Select(w => new { w.Id, w.OpensAt, w.CreatedAt })
            .ToListAsync(ct);
        var candidate = previous
            .Where(w => (w.OpensAt ?? w.CreatedAt) < opened)
            .OrderByDescending(w => w.OpensAt ?? w.CreatedAt)
            .FirstOrDefault();
        return candidate is null ? (null, false) : (await AnalysisInput.LoadAsync(db, cache, viewer, candidate.Id, input.Scope.Filter, ct), false);
    }
}
