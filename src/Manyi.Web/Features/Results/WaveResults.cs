using System.Globalization;
using Manyi.Analytics;
using Manyi.Analytics.Indicators;
using Manyi.Analytics.Kano;
using Manyi.Analytics.Ratios;
using Manyi.Analytics.Sampling;
using Manyi.Analytics.Scores;
using Manyi.Core.Surveys;
using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Results;

/// <summary>
/// A wave's results from its Complete responses (product.md M4 "responses stream to the analysis", M1 measures). The responses
/// come from the wave's cached data (<see cref="WaveDataCache"/>, the same rows as the analysis pages) and are counted per answer
/// cell and scale point; every figure
/// then comes from Manyi.Analytics in its frequency form (<see cref="ItemAnalysis.FromFrequencies"/>,
/// <see cref="NetPromoter.FromCounts"/>, <see cref="CustomerSatisfaction.FromCounts"/>, <see cref="CustomerEffort.FromFrequencies"/>),
/// the same calls <c>manyi analyze scores</c> makes on a file, so the server and the CLI agree on an export of the wave.
/// Scores below the wave's minimum n are suppressed (insufficient data).
/// </summary>
public static class WaveResults
{
    /// <summary>Top boxes of item statistics and CSAT (top 2, as the CLI's default).</summary>
    public const int TopBoxes = 2;

    /// <summary>Computes the results of the scope from the wave's cached data (<see cref="WaveDataCache"/>).</summary>
    public static async Task<WaveResultsDto> ComputeAsync(ManyiDbContext db, WaveDataCache cache, ResultsScope scope, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(scope);
        var data = await cache.GetAsync(db, scope.Wave, scope.Definition, ct);
        return await ComputeAsync(db, new AnalysisInput(scope, data.Slice(scope.Units, scope.Filter)), clock, ct);
    }

    /// <summary>Computes the results of an analysis input: counts from the slice of the cached wave data, invitations by a
    /// small grouped query.</summary>
    public static async Task<WaveResultsDto> ComputeAsync(ManyiDbContext db, AnalysisInput input, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(clock);
        var scope = input.Scope;
        var slice = input.Slice;
        var wave = scope.Wave;
        var plan = wave.SamplePlan;
        var confidence = plan?.Confidence is > 0 and < 1 ? plan.Confidence : 0.95;
        var minimumN = Math.Max(1, wave.MinimumN);
        var notes = new List<AnalysisNote>();
        var tally = new Tally(slice);

        var bySegment = new Dictionary<string, (long Responses, long Invited)>(StringComparer.Ordinal);
        long responses = slice.Count, invitedResponses = 0;
        foreach (var row in slice.Rows)
        {
            var invited = slice.Data.Invited[row];
            if (invited)
            {
                invitedResponses++;
            }
            var key = slice.Data.Segments[row] ?? string.Empty;
            var s = bySegment.GetValueOrDefault(key);
            bySegment[key] = (s.Responses + 1, s.Invited + (invited ? 1 : 0));
        }

        var invitations = await scope.InvitationsBySegmentAsync(db, ct);
        var strata = plan?.Strata ?? [];
        var segmentKeys = bySegment.Keys.Concat(invitations.Keys)
            .Concat(scope.Filter.Segment is null ? strata.Select(s => s.Segment) : strata.Where(s => s.Segment == scope.Filter.Segment).Select(s => s.Segment))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var segments = segmentKeys.Select(key =>
        {
            var stratum = strata.FirstOrDefault(s => string.Equals(s.Segment, key, StringComparison.Ordinal));
            var (r, i) = bySegment.GetValueOrDefault(key);
            var sent = invitations.GetValueOrDefault(key);
            return new SegmentResultDto(key.Length == 0 ? null : key, stratum?.Allocated, stratum?.Quota, r, sent, i, sent > 0 ? (double)i / sent : null);
        }).ToList();
        var invitationTotal = invitations.Values.Sum();

        double? margin = null;
        if (responses > 0 && responses <= int.MaxValue)
        {
            var population = plan?.Population is { } bigN && bigN >= responses && !HasNarrowingFilter(scope) ? bigN : (long?)null;
            margin = MarginOfError.ForProportion(confidence, (int)responses, plan?.Proportion is > 0 and < 1 ? plan.Proportion : 0.5, population);
        }

        var target = plan?.TargetResponses is > 0 ? plan.TargetResponses : (int?)null;
        var questions = new List<QuestionResultDto>();
        var nps = new List<NpsResultDto>();
        var csat = new List<CsatResultDto>();
        var ces = new List<CesResultDto>();
        var gaps = new List<GapResultDto>();
        var itemScores = new Dictionary<string, ItemStatistics>(StringComparer.Ordinal);
        foreach (var question in scope.Definition.Questions)
        {
            var items = new List<ItemResultDto>();
            var choices = new List<ChoiceResultDto>();
            foreach (var cell in AnswerCheck.CellsOf(question))
            {
                if (tally.Numeric.TryGetValue(cell.Key, out var numeric))
                {
                    var statistics = numeric.Statistics(minimumN);
                    itemScores[cell.Key] = statistics;
                    items.Add(ToDto(cell, numeric, statistics));
                }
                else if (tally.Choices.TryGetValue(cell.Key, out var choice))
                {
                    choices.Add(choice.ToDto(cell, minimumN));
                }
            }
            var main = question.Code;
            if (question.Type == QuestionType.Nps && tally.Numeric.TryGetValue(main, out var likelihood) && likelihood.Scale.Minimum == 0 && likelihood.Scale.Maximum == 10)
            {
                nps.Add(ToDto(main, likelihood.Missing, NetPromoter.FromCounts(
                    likelihood.Counts.Skip(NetPromoter.PromoterMinimum).Sum(),
                    likelihood.Counts.Skip(NetPromoter.DetractorMaximum + 1).Take(NetPromoter.PromoterMinimum - NetPromoter.DetractorMaximum - 1).Sum(),
                    likelihood.Counts.Take(NetPromoter.DetractorMaximum + 1).Sum(),
                    confidence, minimumN)));
            }
            if (question.Type == QuestionType.Csat && tally.Numeric.TryGetValue(main, out var satisfaction))
            {
                var threshold = satisfaction.Scale.TopBoxThreshold(TopBoxesOf(satisfaction.Scale));
                var score = CustomerSatisfaction.FromCounts(
                    satisfaction.Counts.Sum(), satisfaction.Counts.Skip(threshold - satisfaction.Scale.Minimum).Sum(), TopBoxesOf(satisfaction.Scale), confidence, minimumN);
                csat.Add(ToDto(main, satisfaction, score));
            }
            if (question.Type == QuestionType.Ces && tally.Numeric.TryGetValue(main, out var effort) && effort.Scale.Minimum == 1 && effort.Scale.Maximum == 7)
            {
                ces.Add(ToDto(main, effort.Missing, CustomerEffort.FromFrequencies(effort.Counts, confidence, minimumN)));
            }
            if (question.Type is QuestionType.Triple or QuestionType.Servqual
                && itemScores.GetValueOrDefault(main + ".perception") is { Mean: { } x }
                && itemScores.GetValueOrDefault(main + ".expectation") is { Mean: { } y } && x >= 0 && y > 0)
            {
                var ratio = Disconfirmation.Ratio(x, y);
                gaps.Add(new GapResultDto(main, question.Type.ToString(), question.Dimension, x, y, ratio.Ratio, ratio.Gap, ratio.Verdict.ToString()));
            }
            KanoResultDto? kano = null;
            if (question.Type == QuestionType.Kano && tally.Kano.TryGetValue(main, out var pairs))
            {
                kano = pairs.ToDto(main, minimumN);
            }
            questions.Add(new QuestionResultDto(
                question.Code, question.Type, question.Text, question.Indicator, tally.Answered.GetValueOrDefault(question.Code), items, choices, kano));
        }

        var indicators = await IndicatorSystemAsync(db, scope, ct);
        var index = indicators is null ? EqualWeightIndex(scope.Definition, itemScores) : TreeIndex(scope.Definition, indicators, itemScores, notes);

        return new WaveResultsDto(
            wave.Id, wave.Name, wave.Status, minimumN, confidence, scope.Filter, responses, target,
            target is { } t ? (double)responses / t : null, invitationTotal, invitedResponses,
            invitationTotal > 0 ? (double)invitedResponses / invitationTotal : null, margin, segments, nps, csat, ces, index, questions, gaps, notes,
            clock.GetUtcNow());
    }

    /// <summary>The indicator system of the scope's questionnaire, or null.</summary>
    public static async Task<IndicatorSystemDefinition?> IndicatorSystemAsync(ManyiDbContext db, ResultsScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        var organisationId = scope.Wave.OrganisationId;
        return scope.IndicatorSystemId is { } systemId
            ? await db.IndicatorSystems.AsNoTracking().Where(s => s.Id == systemId && s.OrganisationId == organisationId).Select(s => s.Definition).FirstOrDefaultAsync(ct)
            : null;
    }

    /// <summary>The index of the rows of a slice alone (the drill-down of the index by unit), as <see cref="ComputeAsync(ManyiDbContext, AnalysisInput, TimeProvider, CancellationToken)"/> computes it.</summary>
    public static IndexResultDto IndexOf(WaveSlice slice, IndicatorSystemDefinition? indicators, int minimumN, List<AnalysisNote> notes)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var tally = new Tally(slice);
        var itemScores = tally.Numeric.ToDictionary(t => t.Key, t => t.Value.Statistics(minimumN), StringComparer.Ordinal);
        return indicators is null ? EqualWeightIndex(slice.Data.Definition, itemScores) : TreeIndex(slice.Data.Definition, indicators, itemScores, notes);
    }

    /// <summary>The cells the index reads: with an indicator system, each cell bound to an indicator (indicator, cell); without,
    /// the rating items of the equal-weight index (cell, cell).</summary>
    public static IReadOnlyList<(string Indicator, string Cell)> IndexCells(QuestionnaireDefinition definition, bool indicatorSystem)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!indicatorSystem)
        {
            return [.. definition.Questions.Where(q => q.Type is QuestionType.Scale or QuestionType.Matrix).SelectMany(AnswerCheck.CellsOf).Select(c => (c.Key, c.Key))];
        }
        var cells = new List<(string, string)>();
        void Bind(string? indicator, string cell)
        {
            if (indicator is not null)
            {
                cells.Add((indicator, cell));
            }
        }
        foreach (var question in definition.Questions)
        {
            switch (question.Type)
            {
                case QuestionType.Matrix:
                    foreach (var row in question.Rows ?? [])
                    {
                        Bind(row.Indicator ?? question.Indicator, question.Code + "." + row.Code);
                    }
                    break;
                case QuestionType.Triple:
                case QuestionType.Servqual:
                    Bind(question.Indicator, question.Code + ".perception");
                    break;
                case QuestionType.Scale or QuestionType.Nps or QuestionType.Csat or QuestionType.Ces or QuestionType.YesNo or QuestionType.Linguistic:
                    Bind(question.Indicator, question.Code);
                    break;
                default:
                    break;
            }
        }
        return cells;
    }

    /// <summary>Whether the filter narrows the wave to part of its population (then the plan's population no longer applies).</summary>
    private static bool HasNarrowingFilter(ResultsScope scope) =>
        scope.Filter.UnitId is not null || scope.Filter.Segment is not null || scope.Filter.Channel is not null || scope.Units is not null;

    private static int TopBoxesOf(Scale scale) => Math.Min(TopBoxes, scale.PointCount - 1);

    /// <summary>The rating items of the equal-weight index: scale and matrix cells (NPS, CSAT and CES are headline measures of their own).</summary>
    private static IndexResultDto EqualWeightIndex(QuestionnaireDefinition definition, Dictionary<string, ItemStatistics> itemScores)
    {
        var items = definition.Questions.Where(q => q.Type is QuestionType.Scale or QuestionType.Matrix)
            .SelectMany(AnswerCheck.CellsOf)
            .Where(c => itemScores.ContainsKey(c.Key))
            .Select(c => new KeyValuePair<string, double?>(c.Key, itemScores[c.Key].Score))
            .ToList();
        if (items.Count == 0)
        {
            return new IndexResultDto("equal-weights", null, [], []);
        }
        var index = IndexScore.Compute(items);
        return new IndexResultDto(
            "equal-weights", index.Score,
            [.. items.Select(i => new IndexNodeDto(i.Key, null, null, 1, true, 1.0 / items.Count, i.Value is null ? null : index.Weights[i.Key], i.Value))],
            index.Excluded);
    }

    /// <summary>
    /// The index over the questionnaire's indicator system: each base indicator's score is the mean of the 0–100 scores of the
    /// cells bound to it (<see cref="IndexScore"/>, equal weights), then <see cref="WeightedIndex"/> rolls them up the tree.
    /// </summary>
    private static IndexResultDto TreeIndex(QuestionnaireDefinition definition, IndicatorSystemDefinition system, Dictionary<string, ItemStatistics> itemScores, List<AnalysisNote> notes)
    {
        IndicatorTree tree;
        try
        {
            tree = IndicatorTree.Create(system.Nodes.Select(n => new IndicatorNode(n.Code, n.Parent, n.Parent is null ? null : n.Weight)), normalise: true);
        }
        catch (ArgumentException e)
        {
            notes.Add(AnalysisNote.Of(AnalysisNoteKeys.IndexNotATree, e.Message));
            return new IndexResultDto("indicator-system", null, [], []);
        }
        var bound = new Dictionary<string, List<KeyValuePair<string, double?>>>(StringComparer.Ordinal);
        void Bind(string? indicator, string cell)
        {
            if (indicator is null || !itemScores.TryGetValue(cell, out var statistics))
            {
                return;
            }
            if (!tree.Contains(indicator) || tree.Children(indicator).Count > 0)
            {
                notes.Add(AnalysisNote.Of(AnalysisNoteKeys.IndexCellNotBase, cell, indicator));
                return;
            }
            if (!bound.TryGetValue(indicator, out var list))
            {
                bound[indicator] = list = [];
            }
            list.Add(new(cell, statistics.Score));
        }
        foreach (var (indicator, cell) in IndexCells(definition, indicatorSystem: true))
        {
            Bind(indicator, cell);
        }
        var baseScores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (indicator, cells) in bound)
        {
            if (IndexScore.Compute(cells).Score is { } score)
            {
                baseScores[indicator] = score;
            }
        }
        var result = WeightedIndex.Compute(tree, baseScores);
        var names = system.Nodes.ToDictionary(n => n.Code, n => n.Name, StringComparer.Ordinal);
        return new IndexResultDto(
            "indicator-system", result.Overall,
            [.. result.Nodes.Select(n => new IndexNodeDto(n.Name, n.Parent, names.GetValueOrDefault(n.Name), n.Depth, n.IsBase, n.Weight, n.EffectiveWeight, n.Index))],
            [.. tree.BaseIndicators.Where(b => !baseScores.ContainsKey(b))]);
    }

    private static ItemResultDto ToDto(AnswerCell cell, NumericTally tally, ItemStatistics s) => new(
        cell.Key, cell.Question.Code, cell.Part, tally.Scale.ToString(), s.N, s.Missing, s.Suppressed, s.Mean, s.StandardDeviation, s.TopBoxes,
        s.TopBoxPercent, s.Score, [.. s.Distribution.Select(d => new PointDto(d.Point, tally.Label(d.Point), d.Count, d.Percent))]);

    private static NpsResultDto ToDto(string question, long missing, NetPromoterScore r) => new(
        question, r.N, missing, r.Suppressed, r.Promoters, r.Passives, r.Detractors, r.PromoterPercent, r.PassivePercent, r.DetractorPercent,
        r.Nps, r.StandardError, r.Confidence, Interval(r.ConfidenceInterval));

    private static CsatResultDto ToDto(string question, NumericTally tally, CustomerSatisfactionScore r) => new(
        question, tally.Scale.ToString(), r.TopBoxes, r.N, tally.Missing, r.Suppressed, r.Satisfied, r.Csat, r.MarginOfError, r.Confidence,
        Interval(r.ConfidenceInterval), r.Interval?.ToString());

    private static CesResultDto ToDto(string question, long missing, CustomerEffortScore r) => new(
        question, r.N, missing, r.Suppressed, r.Mean, r.StandardDeviation, r.Agree, r.AgreePercent, r.Confidence, Interval(r.ConfidenceInterval));

    private static IntervalDto? Interval(ConfidenceInterval? interval) => interval is null ? null : new IntervalDto(interval.Low, interval.High);

    /// <summary>Counts of every answer cell of a questionnaire over the rows of a slice.</summary>
    private sealed class Tally
    {
        public Tally(WaveSlice slice)
        {
            var data = slice.Data;
            foreach (var question in data.Definition.Questions)
            {
                Answered[question.Code] = slice.Answered(question.Code);
                if (question.Type == QuestionType.Kano)
                {
                    var pairs = new KanoTally();
                    var functional = slice.Codes(question.Code + ".functional");
                    var dysfunctional = slice.Codes(question.Code + ".dysfunctional");
                    for (var i = 0; i < functional.Length && i < dysfunctional.Length; i++)
                    {
                        pairs.Add(functional[i], dysfunctional[i]);
                    }
                    Kano[question.Code] = pairs;
                    continue;
                }
                if (question.Type == QuestionType.Text)
                {
                    continue;
                }
                foreach (var cell in AnswerCheck.CellsOf(question))
                {
                    if (cell.Part == "why" || data.Column(cell.Key) is not { } column)
                    {
                        continue;
                    }
                    if (question.Type is QuestionType.SingleChoice or QuestionType.MultipleChoice or QuestionType.Ranking)
                    {
                        var choice = new ChoiceTally(question.Options ?? [], question.Type);
                        foreach (var value in slice.Codes(cell.Key))
                        {
                            choice.Add(value);
                        }
                        Choices[cell.Key] = choice;
                    }
                    else if (column.Kind == WaveColumnKind.Number)
                    {
                        var (counts, missing) = slice.Frequencies(cell.Key);
                        Numeric[cell.Key] = new NumericTally(new Scale(column.Minimum, column.Maximum), cell.Terms is { Count: >= 2 } terms ? terms : null, counts, missing);
                    }
                }
            }
        }

        public Dictionary<string, NumericTally> Numeric { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, ChoiceTally> Choices { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, KanoTally> Kano { get; } = new(StringComparer.Ordinal);

        /// <summary>Responses that answered at least one cell of the question.</summary>
        public Dictionary<string, long> Answered { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>Answers of one numeric cell per scale point (a linguistic cell counts term positions 0…g−1) and the missing ones.</summary>
    private sealed class NumericTally(Scale scale, IReadOnlyList<QuestionOption>? terms, long[] counts, long missing)
    {
        public Scale Scale { get; } = scale;

        public long[] Counts { get; } = counts;

        public long Missing { get; } = missing;

        public string? Label(int point) => terms is not null && point >= 0 && point < terms.Count ? terms[point].Code : null;

        public ItemStatistics Statistics(int minimumN) =>
            ItemAnalysis.FromFrequencies(Scale, Counts, Missing, new ItemOptions(WaveResults.TopBoxesOf(Scale), minimumN));
    }

    /// <summary>How often each option was picked (multiple choice: every pick; ranking: the first place).</summary>
    private sealed class ChoiceTally(IReadOnlyList<QuestionOption> options, QuestionType type)
    {
        private readonly Dictionary<string, int> _index = options.Select((o, i) => (o.Code, i)).ToDictionary(o => o.Code, o => o.i, StringComparer.Ordinal);
        private readonly long[] _counts = new long[options.Count];
        private long _n;
        private long _missing;

        public void Add(string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                _missing++;
                return;
            }
            _n++;
            var picks = value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            foreach (var pick in type == QuestionType.Ranking ? picks.Take(1) : picks)
            {
                if (_index.TryGetValue(pick, out var i))
                {
                    _counts[i]++;
                }
            }
        }

        public ChoiceResultDto ToDto(AnswerCell cell, int minimumN)
        {
            var suppressed = Suppression.Applies(_n, minimumN);
            return new ChoiceResultDto(cell.Key, cell.Question.Code, _n, _missing, suppressed,
                suppressed ? [] : [.. options.Select((o, i) => new OptionCountDto(o.Code, _counts[i], _n == 0 ? 0 : 100.0 * _counts[i] / _n))]);
        }
    }

    /// <summary>Kano answer pairs counted per (functional, dysfunctional) combination.</summary>
    private sealed class KanoTally
    {
        private readonly long[,] _pairs = new long[5, 5];

        public void Add(string? functional, string? dysfunctional)
        {
            var f = Index(functional);
            var d = Index(dysfunctional);
            if (f >= 0 && d >= 0)
            {
                _pairs[f, d]++;
            }
        }

        private static int Index(string? answer)
        {
            if (answer is null)
            {
                return -1;
            }
            for (var i = 0; i < AnswerCheck.KanoAnswers.Count; i++)
            {
                if (string.Equals(AnswerCheck.KanoAnswers[i], answer.Trim(), StringComparison.Ordinal))
                {
                    return i;
                }
            }
            return -1;
        }

        public KanoResultDto ToDto(string question, int minimumN)
        {
            long n = 0;
            foreach (var count in _pairs)
            {
                n += count;
            }
            if (Suppression.Applies(n, minimumN))
            {
                return new KanoResultDto(question, n, true, null, null, null, null);
            }
            // KanoModel.Evaluate classifies answer pairs (one respondent id per pair: it refuses a respondent answering twice); one record per counted pair (memory grows with n only for Kano questions).
            var responses = new List<KanoResponse>((int)Math.Min(n, int.MaxValue));
            for (var f = 0; f < 5; f++)
            {
                for (var d = 0; d < 5; d++)
                {
                    for (long k = 0; k < _pairs[f, d]; k++)
                    {
                        responses.Add(new KanoResponse(responses.Count.ToString(CultureInfo.InvariantCulture), question, (KanoAnswer)(f + 1), (KanoAnswer)(d + 1)));
                    }
                }
            }
            var feature = KanoModel.Evaluate(responses)[0];
            var counts = Enum.GetValues<KanoCategory>().ToDictionary(c => c.ToString(), c => (long)feature.Counts.Of(c), StringComparer.Ordinal);
            return new KanoResultDto(question, n, false, feature.Category.ToString(), counts, feature.Better, feature.Worse);
        }
    }
}
