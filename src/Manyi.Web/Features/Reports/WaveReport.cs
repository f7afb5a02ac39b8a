using System.Globalization;
using Manyi.Analytics.Drivers;
using Manyi.Core.Reports;
using Manyi.Core.Surveys;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Results;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Reports;

/// <summary>
/// The wave report (product.md M9): method, sample and response rate, margin of error, results (headline measures with n and
/// confidence interval, item statistics, index), key drivers (Johnson's relative weights of the attributes on the outcome),
/// priorities (IPA quadrants with derived importance) and verbatim comments. Results are <see cref="WaveResults"/> (the same
/// figures as the live results and <c>manyi analyze scores</c>); drivers and priorities are computed from the cached wave data
/// on the columns of <see cref="WaveRoles"/>, as <c>manyi analyze drivers</c> / <c>ipa --derived</c> do on the export.
/// </summary>
public static class WaveReport
{
    /// <summary>At most this many verbatim comments, newest first.</summary>
    public const int MaxVerbatims = 200;

    /// <summary>Builds the report; null (→ 404) when the wave or unit is not the viewer's.</summary>
    public static async Task<Report?> BuildAsync(ReportContext context, Guid waveId, ResultsFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = await ReportInputs.LoadAsync(context, waveId, filter, ct);
        if (input is null)
        {
            return null;
        }
        var scope = input.Scope;
        var wave = scope.Wave;
        var results = await WaveResults.ComputeAsync(context.Db, input, context.Clock, ct);
        var questionnaire = await context.Db.Questionnaires.AsNoTracking()
            .Where(q => q.Id == wave.QuestionnaireId && q.OrganisationId == wave.OrganisationId).Select(q => q.Name).FirstOrDefaultAsync(ct);
        var culture = ReportContext.Culture;
        var texts = CellTexts(scope.Definition, culture);

        var header = await ReportInputs.HeaderAsync(context, filter, ct);
        header.Insert(1, new(context.T("Header.Wave"), wave.Name));
        var sections = new List<ReportSection>
        {
            Method(context, input, results, questionnaire),
            Sample(context, results),
            Results(context, results, texts, culture),
        };
        var (drivers, priorities) = DriversAndPriorities(context, input, texts);
        sections.Add(drivers);
        sections.Add(priorities);
        sections.Add(await VerbatimsAsync(context, scope, culture, ct));

        var trace = AnalysisTrace.Of(input, await ReportInputs.UnitNameAsync(context, filter.UnitId, ct), context.Clock.GetUtcNow());
        return new Report(ReportKind.Wave, context.T("Wave.Title") + " · " + wave.Name, "wave-report-" + Stem(wave.Name, wave.Id), header, sections, [trace]);
    }

    /// <summary>A safe file-name stem for a wave: its id (names may hold any character).</summary>
    internal static string Stem(string name, Guid id) => id.ToString("N", CultureInfo.InvariantCulture)[..8];

    /// <summary>The text of every answer cell ("question" or "question – row/part") in the report's language.</summary>
    internal static Dictionary<string, string> CellTexts(QuestionnaireDefinition definition, CultureInfo culture)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var cell in AnswerCheck.CellsOf(definition))
        {
            var question = cell.Question.Text.For(culture);
            var row = cell.Question.Rows?.FirstOrDefault(r => cell.Key == cell.Question.Code + "." + r.Code);
            texts[cell.Key] = row is not null ? question + " – " + row.Text.For(culture) : cell.Part is { } part ? question + " (" + part + ")" : question;
        }
        return texts;
    }

    private static ReportSection Method(ReportContext c, AnalysisInput input, WaveResultsDto results, string? questionnaire)
    {
        var wave = input.Scope.Wave;
        var data = input.Slice.Data;
        var channels = input.Slice.Rows.Select(r => data.Channels[r]).Distinct().Order().Select(ch => ch.ToString().ToLowerInvariant());
        DateTimeOffset? first = input.Slice.Count == 0 ? null : input.Slice.Rows.Min(r => data.SubmittedAt[r]);
        DateTimeOffset? last = input.Slice.Count == 0 ? null : input.Slice.Rows.Max(r => data.SubmittedAt[r]);
        object?[][] rows =
        [
            [c.T("Method.Questionnaire"), questionnaire ?? string.Empty],
            [c.T("Method.Title"), input.Scope.Definition.Title.For(ReportContext.Culture)],
            [c.T("Method.Channels"), string.Join(", ", channels)],
            [c.T("Method.Opens"), ReportContext.Time(wave.OpensAt)],
            [c.T("Method.Closes"), ReportContext.Time(wave.ClosesAt)],
            [c.T("Method.FirstResponse"), ReportContext.Time(first)],
            [c.T("Method.LastResponse"), ReportContext.Time(last)],
            [c.T("Method.MinimumN"), (long)results.MinimumN],
            [c.T("Method.Confidence"), results.Confidence],
        ];
        return new ReportSection("method", c.T("Section.method"), [c.T("Method.Text")],
            [new ReportTable("method", c.T("Section.method"), c.Cols("field", "value"), rows)]);
    }

    private static ReportSection Sample(ReportContext c, WaveResultsDto r)
    {
        object?[][] summary =
        [
            [c.T("Sample.Responses"), r.Responses],
            [c.T("Sample.Target"), r.TargetResponses is { } t ? (long)t : null],
            [c.T("Sample.Invitations"), r.Invitations],
            [c.T("Sample.InvitedResponses"), r.InvitedResponses],
            [c.T("Sample.ResponseRate"), ReportContext.N(r.ResponseRate * 100)],
            [c.T("Sample.MarginOfError"), ReportContext.N(r.MarginOfError * 100)],
        ];
        var segments = r.Segments.Select(s => new object?[]
        {
            s.Segment ?? c.T("Sample.NoSegment"), s.Allocated is { } a ? (long)a : null, s.Quota is { } q ? (long)q : null, s.Responses, s.Invitations,
            s.InvitedResponses, ReportContext.N(s.ResponseRate * 100),
        }).ToList();
        return new ReportSection("sample", c.T("Section.sample"), [c.T("Sample.Text")],
        [
            new ReportTable("sample", c.T("Table.sample"), c.Cols("field", "value"), summary),
            new ReportTable("sample-segments", c.T("Table.sample-segments"),
                c.Cols("segment", "allocated", "quota", "responses", "invitations", "invitedResponses", "responseRate"), segments),
        ]);
    }

    private static ReportSection Results(ReportContext c, WaveResultsDto r, Dictionary<string, string> texts, CultureInfo culture)
    {
        var suppressed = c.T("Suppressed");
        var measures = new List<object?[]>();
        foreach (var nps in r.Nps)
        {
            measures.Add(["nps", nps.Question, nps.N, ReportContext.N(nps.Nps), ReportContext.N(nps.ConfidenceInterval?.Low), ReportContext.N(nps.ConfidenceInterval?.High), nps.Suppressed ? suppressed : null]);
        }
        foreach (var csat in r.Csat)
        {
            measures.Add(["csat", csat.Question, csat.N, ReportContext.N(csat.Csat), ReportContext.N(csat.ConfidenceInterval?.Low), ReportContext.N(csat.ConfidenceInterval?.High), csat.Suppressed ? suppressed : null]);
        }
        foreach (var ces in r.Ces)
        {
            measures.Add(["ces", ces.Question, ces.N, ReportContext.N(ces.Mean), ReportContext.N(ces.ConfidenceInterval?.Low), ReportContext.N(ces.ConfidenceInterval?.High), ces.Suppressed ? suppressed : null]);
        }
        measures.Add(["index", r.Index.Method, (long)r.Index.Nodes.Count(n => n.IsBase && n.Index is not null), ReportContext.N(r.Index.Score), null, null, r.Index.Score is null ? suppressed : null]);

        var items = r.Questions.SelectMany(q => q.Items).Select(i => new object?[]
        {
            i.Cell, texts.GetValueOrDefault(i.Cell, i.Cell), i.Scale, i.N, i.Missing, ReportContext.N(i.Mean), ReportContext.N(i.StandardDeviation),
            ReportContext.N(i.TopBoxPercent), ReportContext.N(i.Score), i.Suppressed ? suppressed : null,
        }).ToList();
        var index = r.Index.Nodes.Select(n => new object?[]
        {
            n.Code, n.Name?.For(culture) ?? texts.GetValueOrDefault(n.Code, n.Code), n.Parent, ReportContext.N(n.Weight), ReportContext.N(n.EffectiveWeight), ReportContext.N(n.Index),
        }).ToList();
        var notes = r.Notes.Select(n => n.In(culture)).ToList();
        if (r.Index.Excluded.Count > 0)
        {
            notes.Add(c.T("Results.Excluded") + " " + string.Join(", ", r.Index.Excluded));
        }
        return new ReportSection("results", c.T("Section.results"), [c.T("Results.Text")],
        [
            new ReportTable("measures", c.T("Table.measures"), c.Cols("measure", "cell", "n", "value", "ciLow", "ciHigh", "note"), measures),
            new ReportTable("items", c.T("Table.items"), c.Cols("cell", "text", "scale", "n", "missing", "mean", "standardDeviation", "topBoxPercent", "score", "note"), items),
            new ReportTable("index", c.T("Table.index"), c.Cols("indicator", "text", "parent", "weight", "effectiveWeight", "score"), index) { Notes = notes },
        ]);
    }

    /// <summary>Key drivers and IPA priorities of the attributes (<see cref="WaveRoles"/>) on the outcome, from the cached rows.</summary>
    private static (ReportSection Drivers, ReportSection Priorities) DriversAndPriorities(ReportContext c, AnalysisInput input, Dictionary<string, string> texts)
    {
        var definition = input.Scope.Definition;
        var outcome = WaveRoles.Outcome(definition);
        var attributes = WaveRoles.Attributes(definition).Where(a => input.Slice.Data.Column(a.Key) is { Kind: WaveColumnKind.Number }).ToList();
        var driverColumns = c.Cols("cell", "text", "relativeWeight", "rescaledPercent", "correlation", "beta", "mean");
        var priorityColumns = c.Cols("cell", "text", "importance", "performance", "quadrant", "onCrossHair");
        var driverRows = new List<object?[]>();
        var priorityRows = new List<object?[]>();
        var fitRows = new List<object?[]>();
        var crossHairRows = new List<object?[]>();
        var driverNotes = new List<string>();
        var priorityNotes = new List<string>();
        if (outcome is null || attributes.Count == 0)
        {
            driverNotes.Add(c.T("Drivers.NoModel"));
        }
        else
        {
            try
            {
                var analysis = RelativeWeights.Analyze(
                    outcome.Key, input.Slice.Values(outcome.Key), [.. attributes.Select(a => a.Key)],
                    [.. attributes.Select(a => (IReadOnlyList<double?>)input.Slice.Values(a.Key))]);
                if (analysis.N < input.MinimumN)
                {
                    driverNotes.Add(c.T("Suppressed"));
                }
                else
                {
                    driverNotes.Add(string.Format(CultureInfo.InvariantCulture, c.T("Drivers.Fit"), outcome.Key, analysis.RSquared, analysis.N, analysis.Excluded));
                    fitRows.Add([outcome.Key, (long)analysis.N, (long)analysis.Excluded, analysis.RSquared]);
                    driverRows.AddRange(analysis.Drivers.Select(d => new object?[]
                    {
                        d.Predictor, texts.GetValueOrDefault(d.Predictor, d.Predictor), d.RelativeWeight, d.RescaledPercent, d.Correlation, d.Beta, d.Mean,
                    }));
                    var ipa = ImportancePerformance.Classify([.. analysis.Drivers.Select(d => new IpaIndicator(d.Predictor, d.RescaledPercent, d.Mean))]);
                    priorityNotes.Add(string.Format(CultureInfo.InvariantCulture, c.T("Priorities.CrossHairs"), ipa.ImportanceCrossHair, ipa.PerformanceCrossHair));
                    crossHairRows.Add([ipa.ImportanceCrossHair, ipa.PerformanceCrossHair]);
                    priorityRows.AddRange(ipa.Points.Select(p => new object?[]
                    {
                        p.Indicator, texts.GetValueOrDefault(p.Indicator, p.Indicator), p.Importance, p.Performance,
                        c.T("Quadrant." + p.Quadrant), p.OnCrossHair ? c.T("Yes") : c.T("No"),
                    }));
                }
            }
            catch (ArgumentException e)
            {
                driverNotes.Add(c.T("Drivers.NotComputable") + " " + e.Message);
            }
        }
        if (priorityRows.Count == 0)
        {
            priorityNotes.Add(c.T("Priorities.NoModel"));
        }
        return (
            new ReportSection("drivers", c.T("Section.drivers"), [c.T("Drivers.Text")],
                [
                    new ReportTable("drivers", c.T("Table.drivers"), driverColumns, driverRows) { Notes = driverNotes },
                    new ReportTable("drivers-fit", c.T("Table.drivers-fit"), c.Cols("outcome", "n", "excluded", "rSquared"), fitRows),
                ]),
            new ReportSection("priorities", c.T("Section.priorities"), [c.T("Priorities.Text")],
                [
                    new ReportTable("priorities", c.T("Table.priorities"), priorityColumns, priorityRows) { Notes = priorityNotes },
                    new ReportTable("priorities-cross-hairs", c.T("Table.priorities-cross-hairs"), c.Cols("importanceCrossHair", "performanceCrossHair"), crossHairRows),
                ]));
    }

    /// <summary>Text answers (text questions and "why" cells), newest first, at most <see cref="MaxVerbatims"/>.</summary>
    private static async Task<ReportSection> VerbatimsAsync(ReportContext c, ResultsScope scope, CultureInfo culture, CancellationToken ct)
    {
        var cells = AnswerCheck.CellsOf(scope.Definition).Where(cell => cell.Part == "why" || cell.Question.Type == QuestionType.Text).ToList();
        var rows = new List<object?[]>();
        if (cells.Count > 0)
        {
            await foreach (var scoped in scope.NewestFirstAsync(c.Db, MaxVerbatims, ct))
            {
                var response = scoped.Response;
                foreach (var cell in cells)
                {
                    if (response.Answers.TryGetValue(cell.Key, out var text) && !string.IsNullOrWhiteSpace(text))
                    {
                        rows.Add([ReportContext.Time(response.SubmittedAt), cell.Key, cell.Question.Text.For(culture), text.Trim()]);
                    }
                }
                if (rows.Count >= MaxVerbatims)
                {
                    break;
                }
            }
        }
        var table = new ReportTable("verbatims", c.T("Table.verbatims"), c.Cols("submittedAt", "cell", "question", "comment"), [.. rows.Take(MaxVerbatims)]);
        return new ReportSection("verbatims", c.T("Section.verbatims"), [string.Format(CultureInfo.InvariantCulture, c.T("Verbatims.Text"), MaxVerbatims)], [table]);
    }
}
