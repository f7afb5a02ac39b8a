using System.Globalization;
using Manyi.Analytics.Kano;
using Manyi.Analytics.Linguistic;
using Manyi.Analytics.Ratios;
using Manyi.Analytics.Servqual;
using Manyi.Core.Organisations;
using Manyi.Core.Surveys;
using Manyi.Data;
using Manyi.Web.Features.Results;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Analysis;

/// <summary>
/// The measures of a wave computed from the rows of an <see cref="AnalysisInput"/> (product.md M9, M1.1–M1.4, M1.6, M1.7). This
/// code only selects the columns of the questionnaire and hands them to Manyi.Analytics; every number comes from there.
/// Scores of fewer answers than the wave's minimum n are suppressed (null, <c>Suppressed</c> = true).
/// </summary>
public static class MeasureAnalysis
{
    /// <summary>Headline measures: the live results' NPS, CSAT, CES, index and margin of error over the same rows.</summary>
    public static async Task<OverviewDto> OverviewAsync(ManyiDbContext db, AnalysisInput input, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var results = await WaveResults.ComputeAsync(db, input, clock, ct);
        var notes = results.Notes.ToList();
        if (results.Nps.Count + results.Csat.Count + results.Ces.Count == 0)
        {
            notes.Add(AnalysisNote.Of(AnalysisNoteKeys.OverviewNoMeasures));
        }
        return new OverviewDto(
            results.WaveId, results.WaveName, results.Responses, results.MinimumN, results.Confidence, results.MarginOfError,
            results.Nps, results.Csat, results.Ces, results.Index, notes, results.ComputedAt);
    }

    /// <summary>The index tree with n per node, and the index of each child unit of the selected unit (or of the top units).</summary>
    public static async Task<IndexAnalysisDto> IndexAsync(ManyiDbContext db, AnalysisInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(input);
        var scope = input.Scope;
        var slice = input.Slice;
        var minimumN = input.MinimumN;
        var indexNotes = new List<AnalysisNote>();
        var system = await WaveResults.IndicatorSystemAsync(db, scope, ct);
        var index = WaveResults.IndexOf(slice, system, minimumN, indexNotes);
        var notes = indexNotes.ToList();

        // n per node: responses with an answer in a cell bound to the node or to a node below it.
        var cells = WaveResults.IndexCells(scope.Definition, system is not null);
        var parents = index.Nodes.ToDictionary(n => n.Code, n => n.Parent, StringComparer.Ordinal);
        var answeredBelow = new Dictionary<string, bool[]>(StringComparer.Ordinal);
        foreach (var (indicator, cell) in cells)
        {
            var values = slice.ValuesOrNaN(cell);
            if (values.Length == 0)
            {
                continue;
            }
            for (string? node = indicator; node is not null && parents.ContainsKey(node); node = parents[node])
            {
                if (!answeredBelow.TryGetValue(node, out var answered))
                {
                    answeredBelow[node] = answered = new bool[slice.Count];
                }
                for (var i = 0; i < values.Length; i++)
                {
                    answered[i] |= !double.IsNaN(values[i]);
                }
            }
        }
        var nodes = index.Nodes.Select(n => new IndexTreeNodeDto(
            n.Code, n.Parent, n.Name, n.Depth, n.IsBase, n.Weight, n.EffectiveWeight, n.Index,
            answeredBelow.TryGetValue(n.Code, out var a) ? a.LongCount(x => x) : 0)).ToList();

        // Drill-down by unit: the children of the selected unit (or of the wave's unit, or the top units) that the caller may see.
        var organisationId = scope.Wave.OrganisationId;
        var units = await db.Units.AsNoTracking().Where(u => u.OrganisationId == organisationId)
            .Select(u => new { u.Id, u.ParentId, u.Name }).ToListAsync(ct);
        var visible = scope.Units is null ? null : new HashSet<Guid>(scope.Units);
        var root = scope.Filter.UnitId ?? scope.Wave.UnitId;
        var children = units.Where(u => u.ParentId == root && (visible is null || visible.Contains(u.Id))).ToList();
        if (children.Count == 0 && root is null && visible is not null)
        {
            children = [.. units.Where(u => visible.Contains(u.Id) && (u.ParentId is not { } p || !visible.Contains(p)))];
        }
        var tree = units.Select(u => (u.Id, u.ParentId)).ToList();
        var rows = new List<UnitIndexDto>();
        foreach (var child in children.OrderBy(u => u.Name, StringComparer.Ordinal))
        {
            var below = Hierarchy.Below([child.Id], tree);
            var part = slice.Where(row => slice.Data.UnitIds[row] is { } unit && below.Contains(unit));
            var suppressed = part.Count < minimumN;
            var score = suppressed ? null : WaveResults.IndexOf(part, system, minimumN, []).Score;
            rows.Add(new UnitIndexDto(child.Id, child.Name, units.Any(u => u.ParentId == child.Id), part.Count, suppressed, score));
        }
        return new IndexAnalysisDto(
            scope.Wave.Id, slice.Count, minimumN, index.Method, index.Score, nodes, index.Excluded, scope.Filter.UnitId, rows, notes);
    }

    /// <summary>Expectation–perception ratios (Disconfirmation.Analyse) over the rated indicators that have an expectation cell.</summary>
    public static RatiosDto Ratios(AnalysisInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var slice = input.Slice;
        var minimumN = input.MinimumN;
        var notes = new List<AnalysisNote>();
        var items = new List<RatioItemDto>();
        var kept = new List<(RatedIndicator Attribute, double?[] X, double?[] Y)>();
        foreach (var attribute in WaveRoles.Attributes(input.Scope.Definition).Where(a => a.ExpectationKey is not null))
        {
            var x = slice.Values(attribute.Key);
            var y = slice.Values(attribute.ExpectationKey!);
            long nx = x.LongCount(v => v is not null), ny = y.LongCount(v => v is not null);
            if (Math.Min(nx, ny) < minimumN)
            {
                items.Add(new RatioItemDto(attribute.Key, attribute.Indicator, attribute.Text, nx, ny, true, null, null, null, null, null, null));
                continue;
            }
            try
            {
                Disconfirmation.Analyse(Observations(attribute.Key, x, y));
                kept.Add((attribute, x, y));
            }
            catch (ArgumentException e)
            {
                notes.Add(AnalysisNote.Of(AnalysisNoteKeys.RatiosItemError, attribute.Key, e.Message));
                items.Add(new RatioItemDto(attribute.Key, attribute.Indicator, attribute.Text, nx, ny, true, null, null, null, null, null, null));
            }
        }
        if (items.Count == 0 && kept.Count == 0)
        {
            notes.Add(AnalysisNote.Of(AnalysisNoteKeys.RatiosNoExpectation));
        }
        if (kept.Count == 0)
        {
            return new RatiosDto(input.Scope.Wave.Id, slice.Count, minimumN, Disconfirmation.DefaultTolerance, items, null, null, null, notes);
        }
        var analysis = Disconfirmation.Analyse(kept.SelectMany(k => Observations(k.Attribute.Key, k.X, k.Y)));
        var byKey = analysis.Indicators.ToDictionary(i => i.Indicator, StringComparer.Ordinal);
        foreach (var (attribute, _, _) in kept)
        {
            var r = byKey[attribute.Key];
            items.Add(new RatioItemDto(
                attribute.Key, attribute.Indicator, attribute.Text, r.PerceptionN, r.ExpectationN, false, r.Perception, r.Expectation, r.Ratio, r.Gap,
                Camel(r.Verdict.ToString()), r.Weight));
        }
        var order = WaveRoles.Attributes(input.Scope.Definition).Select((a, i) => (a.Key, i)).ToDictionary(a => a.Key, a => a.i, StringComparer.Ordinal);
        items.Sort((a, b) => order[a.Key].CompareTo(order[b.Key]));
        return new RatiosDto(
            input.Scope.Wave.Id, slice.Count, minimumN, analysis.Tolerance, items, analysis.OverallRatio, analysis.OverallGap,
            Camel(analysis.OverallVerdict.ToString()), notes);
    }

    /// <summary>The 2-tuple linguistic evaluation (LinguisticSatisfaction.Evaluate) over the triples answered in terms.</summary>
    public static LinguisticDto Linguistic(AnalysisInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var slice = input.Slice;
        var minimumN = input.MinimumN;
        var notes = new List<AnalysisNote>();
        var triples = input.Scope.Definition.Questions
            .Where(q => q.Type == QuestionType.Triple && q.Options is { Count: >= 2 }
                && (q.Parts ?? AnswerCheck.TripleParts).Count == AnswerCheck.TripleParts.Count)
            .ToList();
        LinguisticDto Empty(bool suppressed, IReadOnlyList<string> terms) =>
            new(input.Scope.Wave.Id, slice.Count, minimumN, suppressed, terms, null, null, null, null, null, [], notes);
        if (triples.Count == 0)
        {
            notes.Add(AnalysisNote.Of(AnalysisNoteKeys.LinguisticNoTriple));
            return Empty(false, []);
        }
        var labels = triples[0].Options!.Select(o => o.Code).ToList();
        var same = triples.Where(q => q.Options!.Select(o => o.Code).SequenceEqual(labels, StringComparer.Ordinal)).ToList();
        if (same.Count < triples.Count)
        {
            notes.Add(AnalysisNote.Of(AnalysisNoteKeys.LinguisticOtherTermSet, string.Join(", ", triples.Except(same).Select(q => q.Code))));
        }
        var terms = LinguisticTermSet.Create(labels);
        var assessments = new List<LinguisticAssessment>();
        var included = new List<Question>();
        var respondents = slice.Rows.Select(r => r.ToString(CultureInfo.InvariantCulture)).ToArray();
        foreach (var question in same)
        {
            var z = slice.Values(question.Code + ".importance");
            var r = slice.Values(question.Code + ".perception");
            var e = slice.Values(question.Code + ".expectation");
            var n = Math.Min(z.Count(v => v is not null), Math.Min(r.Count(v => v is not null), e.Count(v => v is not null)));
            if (n < minimumN)
            {
                notes.Add(AnalysisNote.Of(AnalysisNoteKeys.LinguisticTooFewAnswers, question.Code, minimumN));
                continue;
            }
            included.Add(question);
            for (var i = 0; i < respondents.Length; i++)
            {
                if (z[i] is null && r[i] is null && e[i] is null)
                {
                    continue;
                }
                assessments.Add(new LinguisticAssessment(respondents[i], question.Code, Tuple(z[i]), Tuple(r[i]), Tuple(e[i])));
            }
        }
        if (included.Count == 0)
        {
            return Empty(true, labels);
        }
        LinguisticEvaluation evaluation;
        try
        {
            evaluation = LinguisticSatisfaction.Evaluate(terms, assessments);
        }
        catch (ArgumentException e)
        {
            notes.Add(AnalysisNote.Verbatim(e.Message));
            return Empty(false, labels);
        }
        var byCode = included.ToDictionary(q => q.Code, StringComparer.Ordinal);
        var indicators = evaluation.Indicators.Select(i => new LinguisticIndicatorDto(
            i.Indicator, byCode[i.Indicator].Indicator, byCode[i.Indicator].Text, ToDto(i.Importance), ToDto(i.Perception), ToDto(i.Expectation),
            i.Weight, i.Satisfaction, i.Rank, Camel(i.Improvement.ToString()), Camel(i.ObjectClass.ToString()))).ToList();
        return new LinguisticDto(
            input.Scope.Wave.Id, slice.Count, minimumN, false, labels, evaluation.Respondents, evaluation.Overall, Camel(evaluation.Verdict.ToString()),
            evaluation.Chart.SatisfactionCrossHair, evaluation.Chart.WeightCrossHair, indicators, notes);

        static TwoTuple? Tuple(double? position) => position is { } p ? new TwoTuple((int)p, 0) : null;
    }

    /// <summary>Kano categories, Better and Worse per Kano question (KanoModel.Evaluate).</summary>
    public static KanoDto Kano(AnalysisInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var slice = input.Slice;
        var minimumN = input.MinimumN;
        var notes = new List<AnalysisNote>();
        var questions = input.Scope.Definition.Questions.Where(q => q.Type == QuestionType.Kano).ToList();
        if (questions.Count == 0)
        {
            notes.Add(AnalysisNote.Of(AnalysisNoteKeys.KanoNoQuestion));
            return new KanoDto(input.Scope.Wave.Id, slice.Count, minimumN, [], notes);
        }
        var respondents = slice.Rows.Select(r => r.ToString(CultureInfo.InvariantCulture)).ToArray();
        var features = new List<KanoFeatureDto>();
        foreach (var question in questions)
        {
            var functional = slice.Codes(question.Code + ".functional");
            var dysfunctional = slice.Codes(question.Code + ".dysfunctional");
            var responses = new List<KanoResponse>(respondents.Length);
            for (var i = 0; i < respondents.Length; i++)
            {
                var f = Answer(functional[i]);
                var d = Answer(dysfunctional[i]);
                if (f is not null || d is not null)
                {
                    responses.Add(new KanoResponse(respondents[i], question.Code, f, d));
                }
            }
            var complete = responses.LongCount(r => r.Functional is not null && r.Dysfunctional is not null);
            if (complete < minimumN)
            {
                features.Add(new KanoFeatureDto(question.Code, question.Text, complete, responses.Count - complete, true, null, [], null, null, null));
                continue;
            }
            var feature = KanoModel.Evaluate(responses)[0];
            var counts = Enum.GetValues<KanoCategory>().ToDictionary(c => Camel(c.ToString()), c => (long)feature.Counts.Of(c), StringComparer.Ordinal);
            features.Add(new KanoFeatureDto(
                question.Code, question.Text, feature.Counts.Total, feature.Missing, false, Camel(feature.Category.ToString()),
                [.. feature.TiedCategories.Select(c => Camel(c.ToString()))], counts, feature.Better, feature.Worse));
        }
        return new KanoDto(input.Scope.Wave.Id, slice.Count, minimumN, features, notes);

        static KanoAnswer? Answer(string? code)
        {
            if (code is null)
            {
                return null;
            }
            for (var i = 0; i < AnswerCheck.KanoAnswers.Count; i++)
            {
                if (string.Equals(AnswerCheck.KanoAnswers[i], code, StringComparison.Ordinal))
                {
                    return (KanoAnswer)(i + 1);
                }
            }
            return null;
        }
    }

    /// <summary>
    /// Parses <c>?points=tangibles=10,reliability=30,…</c> (dimension = importance points); errors name the field
    /// <c>points</c>. Null when not given.
    /// </summary>
    public static (Dictionary<string, double>? Points, Dictionary<string, string[]> Errors) ParsePoints(string? text)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, errors);
        }
        var points = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || pair[0].Length is 0 or > 100
                || !double.TryParse(pair[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < 0
                || !points.TryAdd(pair[0], value))
            {
                errors["points"] = ["points must be dimension=number pairs separated by commas, each dimension once, numbers ≥ 0 summing to 100"];
                return (null, errors);
            }
        }
        return (points, errors);
    }

    /// <summary>SERVQUAL gaps (ServqualAnalysis.Evaluate) over the SERVQUAL items; null with errors when the points do not fit.</summary>
    public static (ServqualDto? Result, Dictionary<string, string[]> Errors) Servqual(AnalysisInput input, IReadOnlyDictionary<string, double>? points)
    {
        ArgumentNullException.ThrowIfNull(input);
        var slice = input.Slice;
        var minimumN = input.MinimumN;
        var notes = new List<AnalysisNote>();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var questions = input.Scope.Definition.Questions.Where(q => q.Type == QuestionType.Servqual).ToList();
        ServqualDto Empty(IReadOnlyList<ServqualItemDto> items) => new(input.Scope.Wave.Id, slice.Count, minimumN, null, items, [], null, null, notes);
        if (questions.Count == 0)
        {
            notes.Add(AnalysisNote.Of(AnalysisNoteKeys.ServqualNoItem));
            return (Empty([]), errors);
        }
        var respondents = slice.Rows.Select(r => r.ToString(CultureInfo.InvariantCulture)).ToArray();
        var ratings = new List<ServqualRating>();
        var included = new List<(Question Question, string Dimension)>();
        var suppressed = new List<ServqualItemDto>();
        foreach (var question in questions)
        {
            var dimension = string.IsNullOrWhiteSpace(question.Dimension) ? "other" : question.Dimension.Trim();
            var e = slice.Values(question.Code + ".expectation");
            var p = slice.Values(question.Code + ".perception");
            long pairs = 0;
            for (var i = 0; i < e.Length; i++)
            {
                if (e[i] is not null && p[i] is not null)
                {
                    pairs++;
                }
            }
            if (pairs < minimumN)
            {
                suppressed.Add(new ServqualItemDto(question.Code, question.Text, dimension, pairs, true, null, null, null));
                continue;
            }
            included.Add((question, dimension));
            for (var i = 0; i < respondents.Length; i++)
            {
                if (e[i] is not null || p[i] is not null)
                {
                    ratings.Add(new ServqualRating(respondents[i], question.Code, e[i], p[i]));
                }
            }
        }
        if (included.Count == 0)
        {
            return (Empty(suppressed), errors);
        }
        var instrument = ServqualInstrument.Create([.. included.Select(i => new KeyValuePair<string, string>(i.Question.Code, i.Dimension))]);
        ServqualResult result;
        try
        {
            result = ServqualAnalysis.Evaluate(instrument, ratings, points);
        }
        catch (ArgumentException e) when (points is not null)
        {
            errors["points"] = [e.Message];
            return (null, errors);
        }
        var texts = included.ToDictionary(i => i.Question.Code, i => i.Question.Text, StringComparer.OrdinalIgnoreCase);
        var items = result.Items.Select(i => new ServqualItemDto(i.Item, texts[i.Item], i.Dimension, i.N, false, i.Expectation, i.Perception, i.Gap))
            .Concat(suppressed).ToList();
        var order = questions.Select((q, i) => (q.Code, i)).ToDictionary(q => q.Code, q => q.i, StringComparer.OrdinalIgnoreCase);
        items.Sort((a, b) => order[a.Key].CompareTo(order[b.Key]));
        var dimensions = result.Dimensions.Select(d => new ServqualDimensionDto(d.Dimension, d.Items, d.Expectation, d.Perception, d.Gap, d.Points, d.WeightedGap)).ToList();
        return (new ServqualDto(input.Scope.Wave.Id, slice.Count, minimumN, result.Respondents, items, dimensions, result.Gap, result.WeightedGap, notes), errors);
    }

    /// <summary>Which of this feature's pages apply to a questionnaire (the landing page lists them).</summary>
    public static IReadOnlyList<string> ApplicablePages(QuestionnaireDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var questions = definition.Questions.ToList();
        var pages = new List<string> { "overview", "index" };
        if (WaveRoles.Attributes(definition).Any(a => a.ExpectationKey is not null))
        {
            pages.Add("ratios");
        }
        if (questions.Any(q => q.Type == QuestionType.Triple && q.Options is { Count: >= 2 }))
        {
            pages.Add("linguistic");
        }
        if (questions.Any(q => q.Type == QuestionType.Kano))
        {
            pages.Add("kano");
        }
        if (questions.Any(q => q.Type == QuestionType.Servqual))
        {
            pages.Add("servqual");
        }
        return pages;
    }

    private static IEnumerable<PerceptionExpectation> Observations(string key, double?[] x, double?[] y)
    {
        for (var i = 0; i < x.Length; i++)
        {
            if (x[i] is not null || y[i] is not null)
            {
                yield return new PerceptionExpectation(key, x[i], y[i]);
            }
        }
    }

    private static TwoTupleDto ToDto(LinguisticAggregate a) => new(a.Beta, a.Label, a.TwoTuple.Index, a.Alpha, a.Answers);

    /// <summary>An enum name in camelCase, as the API writes enums.</summary>
    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
