using System.Globalization;
using Manyi.Analytics.Scores;
using Manyi.Core.Collection;
using Manyi.Core.Improvement;
using Manyi.Core.Reports;
using Manyi.Core.Surveys;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Results;
using Manyi.Web.Features.Units;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Reports;

/// <summary>
/// The customer satisfaction survey summary report in the ISO 9001 (9.1.2) / IATF 16949 style: scope and method, the customers
/// surveyed, overall and per-customer satisfaction % (0–100 scores), per-dimension %, delivery and quality KPIs per customer
/// (imported <c>CustomerMeasure</c> rows of the period: on-time delivery %, PPM), customer suggestions (text answers) and the
/// corrective actions (the customers' cases of the period with resolution and root cause).
/// <para>
/// Scores: a dimension's % is the 0–100 score of its attributes' answers (<see cref="ItemAnalysis"/>, several attributes
/// averaged with <see cref="IndexScore"/> at equal weights), suppressed below the wave's minimum n; overall % is
/// <see cref="IndexScore"/> of the dimensions; a customer's % is <see cref="IndexScore"/> of the 0–100 scores of its own
/// answers per attribute (shown with its n: the report is about named key accounts).
/// </para>
/// </summary>
public static class SurveySummaryReport
{
    /// <summary>At most this many suggestions and corrective actions.</summary>
    public const int MaxRows = 200;

    /// <summary>
    /// The improvement actions (product.md M7) taken on the report's survey: those whose before wave is one of the report's waves, and
    /// those of the same questionnaires that were open at some time in the period (created before its end, not finished or cancelled
    /// before its start); in the viewer's units and the filter's unit subtree. The effect column reads the stored effect check.
    /// </summary>
    private static async Task<List<object?[]>> ImprovementRowsAsync(ReportContext context, List<AnalysisInput> inputs, Guid? unitId, DateTimeOffset from,
        DateTimeOffset to, CancellationToken ct)
    {
        if (inputs.Count == 0)
        {
            return [];
        }
        var organisationId = context.Viewer.OrganisationId;
        var waveIds = inputs.Select(i => i.Scope.Wave.Id).ToList();
        var questionnaireIds = inputs.Select(i => i.Scope.Wave.QuestionnaireId).Distinct().ToList();
        var actions = context.Db.ImprovementActions.AsNoTracking().Where(a => a.OrganisationId == organisationId
            && ((a.BaselineWaveId != null && waveIds.Contains(a.BaselineWaveId.Value))
                || (a.QuestionnaireId != null && questionnaireIds.Contains(a.QuestionnaireId.Value) && a.CreatedAt < to
                    && (a.CompletedAt == null || a.CompletedAt >= from) && (a.CancelledAt == null || a.CancelledAt >= from))));
        if (context.Viewer.VisibleUnits?.ToList() is { } visible)
        {
            actions = actions.Where(a => visible.Contains(a.UnitId));
        }
        if (unitId is { } unit)
        {
            var subtree = await UnitTree.SubtreeAsync(context.Db, organisationId, unit, ct);
            actions = actions.Where(a => subtree.Contains(a.UnitId));
        }
        var rows = await actions.OrderBy(a => a.Number).Take(MaxRows)
            .Join(context.Db.Units.AsNoTracking(), a => a.UnitId, u => u.Id, (a, u) => new { Action = a, Unit = u.Name })
            .GroupJoin(context.Db.Users.AsNoTracking(), x => x.Action.OwnerId, o => o.Id, (x, owners) => new { x.Action, x.Unit, Owners = owners })
            .SelectMany(x => x.Owners.DefaultIfEmpty(), (x, o) => new { x.Action, x.Unit, Owner = o == null ? null : o.DisplayName })
            .ToListAsync(ct);
        return [.. rows.OrderBy(r => r.Action.Number, StringComparer.Ordinal).Select(r => new object?[]
        {
            r.Action.Number, r.Action.Title, r.Unit, r.Owner, r.Action.Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            context.T("ActionStatus." + r.Action.Status), r.Action.Outcome, EffectText(r.Action.Effect, context),
        })];
    }

    /// <summary>The stored effect check in one cell: per linked indicator before → after, the p value, and whether the change is significant.</summary>
    private static string? EffectText(ActionEffect? effect, ReportContext context) =>
        effect is null ? null : string.Join("; ", effect.Items.Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"{i.Label} {i.Before:0.0} → {i.After:0.0}")
            + (i.PValue is { } p ? string.Create(CultureInfo.InvariantCulture, $" (p = {p:0.000}") + (i.Significant == true ? ", " + context.T("Effect.Significant") : string.Empty) + ")" : string.Empty)));

    /// <summary>Builds the report of one wave or of the waves of a period; null (→ 404) when the wave or unit is not the viewer's.</summary>
    public static async Task<Report?> BuildAsync(ReportContext context, Guid? waveId, DateOnly? from, DateOnly? to, ResultsFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(filter);
        var organisationId = context.Viewer.OrganisationId;
        var now = context.Clock.GetUtcNow();
        List<Guid> waveIds;
        if (waveId is { } id)
        {
            waveIds = [id];
        }
        else
        {
            var start = new DateTimeOffset(from!.Value.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var end = new DateTimeOffset(to!.Value.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            waveIds = await context.Db.Waves.AsNoTracking()
                .Where(w => w.OrganisationId == organisationId && w.Status != WaveStatus.Draft && w.OpensAt != null && w.OpensAt < end && (w.ClosesAt == null || w.ClosesAt >= start))
                .OrderBy(w => w.OpensAt).Select(w => w.Id).ToListAsync(ct);
            filter = filter with { From = start, To = end };
        }
        var inputs = new List<AnalysisInput>();
        foreach (var wave in waveIds)
        {
            if (await ReportInputs.LoadAsync(context, wave, filter, ct) is { } input)
            {
                inputs.Add(input);
            }
        }
        if (waveId is not null && inputs.Count == 0)
        {
            return null;
        }
        var periodStart = from ?? DateOnly.FromDateTime((inputs.FirstOrDefault()?.Scope.Wave.OpensAt ?? now).UtcDateTime);
        var periodEnd = to ?? DateOnly.FromDateTime((inputs.FirstOrDefault()?.Scope.Wave.ClosesAt is { } closes && closes < now ? closes : now).UtcDateTime);
        var culture = ReportContext.Culture;
        var suppressed = context.T("Suppressed");

        // Per wave: dimensions (attributes grouped by SERVQUAL dimension or indicator) and every customer's item scores.
        var dimensionRows = new List<object?[]>();
        var dimensionScores = new List<KeyValuePair<string, double?>>();
        var customerItems = new Dictionary<Guid, List<KeyValuePair<string, double?>>>();
        var customerResponses = new Dictionary<Guid, long>();
        var methodRows = new List<object?[]>();
        foreach (var input in inputs)
        {
            var slice = input.Slice;
            var definition = input.Scope.Definition;
            methodRows.Add([input.Scope.Wave.Name, definition.Title.For(culture), ReportContext.Time(input.Scope.Wave.OpensAt), ReportContext.Time(input.Scope.Wave.ClosesAt), (long)slice.Count, (long)input.MinimumN]);
            var attributes = WaveRoles.Attributes(definition).Where(a => slice.Data.Column(a.Key) is { Kind: WaveColumnKind.Number }).ToList();
            var questions = definition.Questions.ToDictionary(q => q.Code, StringComparer.Ordinal);
            foreach (var group in attributes.GroupBy(a => Dimension(a, questions), StringComparer.Ordinal))
            {
                var items = new List<KeyValuePair<string, double?>>();
                long n = 0;
                foreach (var attribute in group)
                {
                    var column = slice.Data.Column(attribute.Key)!;
                    var (counts, missing) = slice.Frequencies(attribute.Key);
                    var statistics = ItemAnalysis.FromFrequencies(new Scale(column.Minimum, column.Maximum), counts, missing, new ItemOptions(WaveResults.TopBoxes, input.MinimumN));
                    items.Add(new(attribute.Key, statistics.Suppressed ? null : statistics.Score));
                    n = Math.Max(n, statistics.N);
                }
                var score = IndexScore.Compute(items).Score;
                var key = inputs.Count > 1 ? input.Scope.Wave.Name + " · " + group.Key : group.Key;
                dimensionScores.Add(new(key, score));
                dimensionRows.Add([input.Scope.Wave.Name, group.Key, DimensionText(group.Key, group.First(), culture), n, ReportContext.N(score), score is null ? suppressed : null]);
            }
            var data = slice.Data;
            // A customer's item score is the 0–100 score of the mean of its own answers (ItemAnalysis with minimum n 1 gives
            // exactly Scale.ToHundred(mean)); the answers are summed in one pass over the wave into flat arrays, because building
            // ItemStatistics (with its distribution) per customer and item allocated ~35,000 objects per request on a wave of
            // 100,000 responses and 5,000 customers, and the garbage collection made the page's p95 twice its median.
            var itemKeys = attributes.Select(a => input.Scope.Wave.Id.ToString("N", CultureInfo.InvariantCulture) + ":" + a.Key).ToArray();
            var scales = attributes.Select(a => data.Column(a.Key)!).Select(c => new Scale(c.Minimum, c.Maximum)).ToArray();
            var columns = attributes.Select(a => data.Numbers[data.Column(a.Key)!.Index]).ToArray();
            var slot = new Dictionary<Guid, int>();
            var sums = new List<double>();
            var answered = new List<int>();
            foreach (var row in slice.Rows)
            {
                if (data.CustomerIds[row] is not { } customerId)
                {
                    continue;
                }
                if (!slot.TryGetValue(customerId, out var at))
                {
                    at = slot[customerId] = sums.Count;
                    sums.AddRange(Enumerable.Repeat(0.0, attributes.Count));
                    answered.AddRange(Enumerable.Repeat(0, attributes.Count));
                }
                customerResponses[customerId] = customerResponses.GetValueOrDefault(customerId) + 1;
                for (var a = 0; a < columns.Length; a++)
                {
                    var v = columns[a][row];
                    if (!double.IsNaN(v))
                    {
                        sums[at + a] += v;
                        answered[at + a]++;
                    }
                }
            }
            foreach (var (customerId, at) in slot)
            {
                if (!customerItems.TryGetValue(customerId, out var list))
                {
                    customerItems[customerId] = list = [];
                }
                for (var a = 0; a < attributes.Count; a++)
                {
                    if (answered[at + a] > 0)
                    {
                        list.Add(new(itemKeys[a], scales[a].ToHundred(sums[at + a] / answered[at + a])));
                    }
                }
            }
        }
        var overall = dimensionScores.Count == 0 ? null : IndexScore.Compute(dimensionScores).Score;

        var customerIds = customerItems.Keys.ToList();
        var customers = await context.Db.Customers.AsNoTracking().Where(c => c.OrganisationId == organisationId && customerIds.Contains(c.Id))
            .Join(context.Db.Units.AsNoTracking(), c => c.UnitId, u => u.Id, (c, u) => new { c.Id, c.Code, c.Name, Unit = u.Name })
            .ToListAsync(ct);
        customers = [.. customers.OrderBy(c => c.Code, StringComparer.Ordinal)];
        var measures = await context.Db.CustomerMeasures.AsNoTracking()
            .Where(m => m.OrganisationId == organisationId && customerIds.Contains(m.CustomerId)
                && (m.Measure == Core.Customers.CustomerMeasure.OnTimeDelivery || m.Measure == Core.Customers.CustomerMeasure.Ppm)
                && m.PeriodStart <= periodEnd && m.PeriodEnd >= periodStart)
            .Select(m => new { m.CustomerId, m.Measure, m.PeriodStart, m.PeriodEnd, m.Value }).ToListAsync(ct);
        var latest = measures.GroupBy(m => (m.CustomerId, m.Measure)).ToDictionary(g => g.Key, g => g.MaxBy(m => m.PeriodStart)!);

        var customerRows = customers.Select(c => new object?[]
        {
            c.Code, c.Name, c.Unit, customerResponses.GetValueOrDefault(c.Id),
            ReportContext.N(IndexScore.Compute(customerItems[c.Id]).Score),
        }).ToList();
        var kpiRows = customers.Where(c => latest.ContainsKey((c.Id, Core.Customers.CustomerMeasure.OnTimeDelivery)) || latest.ContainsKey((c.Id, Core.Customers.CustomerMeasure.Ppm)))
            .Select(c =>
            {
                var otd = latest.GetValueOrDefault((c.Id, Core.Customers.CustomerMeasure.OnTimeDelivery));
                var ppm = latest.GetValueOrDefault((c.Id, Core.Customers.CustomerMeasure.Ppm));
                return new object?[]
                {
                    c.Code, c.Name, ReportContext.N(otd?.Value), otd is null ? null : Period(otd.PeriodStart, otd.PeriodEnd),
                    ReportContext.N(ppm?.Value), ppm is null ? null : Period(ppm.PeriodStart, ppm.PeriodEnd),
                };
            }).ToList();
        var codes = customers.ToDictionary(c => c.Id, c => c.Code);

        var suggestions = new List<object?[]>();
        foreach (var input in inputs)
        {
            var cells = AnswerCheck.CellsOf(input.Scope.Definition).Where(cell => cell.Part == "why" || cell.Question.Type == QuestionType.Text).ToList();
            if (cells.Count == 0 || suggestions.Count >= MaxRows)
            {
                continue;
            }
            await foreach (var scoped in input.Scope.NewestFirstAsync(context.Db, MaxRows, ct))
            {
                var response = scoped.Response;
                foreach (var cell in cells)
                {
                    if (response.Answers.TryGetValue(cell.Key, out var text) && !string.IsNullOrWhiteSpace(text))
                    {
                        suggestions.Add([ReportContext.Time(response.SubmittedAt), scoped.CustomerCode, cell.Question.Text.For(culture), text.Trim()]);
                    }
                }
                if (suggestions.Count >= MaxRows)
                {
                    break;
                }
            }
        }

        var caseFrom = new DateTimeOffset(periodStart.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var caseTo = new DateTimeOffset(periodEnd.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var visible = context.Viewer.VisibleUnits?.ToList();
        var caseQuery = context.Db.Cases.AsNoTracking()
            .Where(c => c.OrganisationId == organisationId && c.CustomerId != null && customerIds.Contains(c.CustomerId.Value) && c.ReceivedAt >= caseFrom && c.ReceivedAt < caseTo);
        if (visible is not null)
        {
            caseQuery = caseQuery.Where(c => visible.Contains(c.UnitId));
        }
        var cases = await caseQuery
            .OrderBy(c => c.ReceivedAt).Take(MaxRows)
            .Select(c => new { c.Number, c.CustomerId, c.Subject, c.Status, c.ReceivedAt, c.ResolvedAt, c.Resolution, c.RootCauseId })
            .ToListAsync(ct);
        var causeIds = cases.Where(c => c.RootCauseId is not null).Select(c => c.RootCauseId!.Value).Distinct().ToList();
        var causes = await context.Db.RootCauses.AsNoTracking().Where(r => r.OrganisationId == organisationId && causeIds.Contains(r.Id))
            .Select(r => new { r.Id, r.NameZh, r.NameEn }).ToListAsync(ct);
        var english = culture.Name.StartsWith("en", StringComparison.Ordinal);
        var causeNames = causes.ToDictionary(r => r.Id, r => english && r.NameEn is not null ? r.NameEn : r.NameZh);
        var actionRows = cases.Select(c => new object?[]
        {
            c.Number, codes.GetValueOrDefault(c.CustomerId!.Value), c.Subject, context.T("Status." + c.Status), ReportContext.Time(c.ReceivedAt), ReportContext.Time(c.ResolvedAt),
            c.RootCauseId is { } cause ? causeNames.GetValueOrDefault(cause) : null, c.Resolution,
        }).ToList();

        var improvementRows = await ImprovementRowsAsync(context, inputs, filter.UnitId, caseFrom, caseTo, ct);

        var header = await ReportInputs.HeaderAsync(context, filter with { From = null, To = null }, ct);
        header.Insert(1, new(context.T("Header.Period"), Period(periodStart, periodEnd)));
        if (inputs.Count == 1)
        {
            header.Insert(1, new(context.T("Header.Wave"), inputs[0].Scope.Wave.Name));
        }
        var sections = new List<ReportSection>
        {
            new("method", context.T("Section.scope"), [context.T("Summary.Method")],
                [new ReportTable("waves", context.T("Table.waves"), context.Cols("wave", "title", "opens", "closes", "responses", "minimumN"), methodRows)]),
            new("customers", context.T("Section.customers"), [string.Format(CultureInfo.InvariantCulture, context.T("Summary.Customers"), customers.Count)],
                [new ReportTable("customers", context.T("Table.customers"), context.Cols("customerCode", "customer", "unit", "responses", "satisfactionPercent"), customerRows)]),
            new("satisfaction", context.T("Section.satisfaction"), [context.T("Summary.Satisfaction")],
            [
                new ReportTable("overall", context.T("Table.overall"), context.Cols("measure", "value", "note"),
                    [[context.T("Summary.Overall"), ReportContext.N(overall), overall is null ? suppressed : null]]),
                new ReportTable("dimensions", context.T("Table.dimensions"), context.Cols("wave", "dimension", "text", "n", "satisfactionPercent", "note"), dimensionRows),
            ]),
            new("kpis", context.T("Section.kpis"), [context.T("Summary.Kpis")],
                [new ReportTable("kpis", context.T("Table.kpis"), context.Cols("customerCode", "customer", "onTimeDelivery", "onTimeDeliveryPeriod", "ppm", "ppmPeriod"), kpiRows)]),
            new("suggestions", context.T("Section.suggestions"), [context.T("Summary.Suggestions")],
                [new ReportTable("suggestions", context.T("Table.suggestions"), context.Cols("submittedAt", "customerCode", "question", "comment"), suggestions)]),
            new("actions", context.T("Section.actions"), [context.T("Summary.Actions")],
            [
                new ReportTable("actions", context.T("Table.actions"), context.Cols("case", "customerCode", "subject", "status", "receivedAt", "resolvedAt", "rootCause", "resolution"), actionRows),
                new ReportTable("improvement", context.T("Table.improvement"), context.Cols("action", "actionTitle", "unit", "owner", "deadline", "status", "result", "effect"), improvementRows),
            ]),
        };
        var traces = new List<AnalysisTrace>();
        var unitName = await ReportInputs.UnitNameAsync(context, filter.UnitId, ct);
        foreach (var input in inputs)
        {
            traces.Add(AnalysisTrace.Of(input, unitName, now));
        }
        var stem = waveId is { } single ? "survey-summary-" + WaveReport.Stem(string.Empty, single) : "survey-summary-" + Period(periodStart, periodEnd).Replace(" – ", "_", StringComparison.Ordinal);
        return new Report(ReportKind.SurveySummary, context.T("Summary.Title"), stem, header, sections, traces);
    }

    private static string Dimension(RatedIndicator attribute, Dictionary<string, Question> questions)
    {
        var code = attribute.Key.Split('.')[0];
        return questions.GetValueOrDefault(code)?.Dimension ?? attribute.Indicator ?? attribute.Key;
    }

    private static string DimensionText(string key, RatedIndicator first, CultureInfo culture) =>
        string.Equals(first.Indicator, key, StringComparison.Ordinal) || string.Equals(first.Key, key, StringComparison.Ordinal) ? first.Text.For(culture) : key;

    private static string Period(DateOnly start, DateOnly end) =>
        start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " – " + end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
