using System.Globalization;
using System.Text.RegularExpressions;
using Manyi.Analytics.Comparisons;
using Manyi.Analytics.Scores;
using Manyi.Core.Collection;
using Manyi.Data;
using Manyi.Web.Features.Cases;
using Manyi.Web.Features.Units;
using Manyi.Web.Features.Users;
using Manyi.Web.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Features.Analysis;

/// <summary>The query of the leading-indicator analysis, as given (strings, parsed by <see cref="LeadingIndicator.Parse"/>).</summary>
public sealed record LeadingQuery(string? UnitId, string? QuestionnaireId, string? Measure, string? Grain, string? From, string? To, string? MaxLag);

/// <summary>A parsed, complete leading-indicator request: the period grid runs from the start of <see cref="From"/>'s period to the end of <see cref="To"/>'s.</summary>
public sealed record LeadingRequest(Guid? UnitId, Guid? QuestionnaireId, string Measure, bool Quarterly, DateOnly From, DateOnly To, int MaxLag);

/// <summary>One period of the grid: the mean overall satisfaction (0–100) of the responses submitted in it and their number, and the
/// sum of the measure's figures whose period starts in it and their number (null when there are none).</summary>
public sealed record LeadingPeriodDto(string Label, DateOnly Start, DateOnly End, double? Satisfaction, int Responses, double? Measure, int Figures);

/// <summary>The correlation at one lag: satisfaction of period t against the measure of period t + lag.</summary>
public sealed record LeadingLagDto(int Lag, int N, double? R, double? T, double? PValue, bool Significant);

/// <summary>The leading-indicator analysis (product.md M1.11): the two series on the grid, the lag table, the strongest lag and a reading.</summary>
public sealed record LeadingIndicatorDto(
    Guid? UnitId,
    string? UnitName,
    Guid? QuestionnaireId,
    string? QuestionnaireName,
    string Measure,
    string Grain,
    DateOnly From,
    DateOnly To,
    int MaxLag,
    IReadOnlyList<LeadingPeriodDto> Periods,
    IReadOnlyList<LeadingLagDto> Lags,
    LeadingLagDto? Strongest,
    double Alpha,
    int MinimumPairs,
    string Reading,
    IReadOnlyList<string> Notes);

/// <summary>
/// Satisfaction as the leading indicator of an indirect measure (product.md M1.11, M6): a unit subtree's mean overall satisfaction per
/// month or quarter against the sum of its sales (or another measure) per period, correlated at lags 0…maxLag by
/// <see cref="LaggedCorrelation"/>. docs/value-model.md, "Leading indicator".
/// </summary>
public static partial class LeadingIndicator
{
    /// <summary>Largest lag a caller may ask for.</summary>
    public const int MaxLagLimit = 24;

    /// <summary>Largest number of periods of the grid.</summary>
    public const int MaxPeriods = 120;

    /// <summary>Default lag range.</summary>
    public const int DefaultMaxLag = 4;

    /// <summary>Significance level of the lag table.</summary>
    public const double Alpha = 0.05;

    /// <summary>Pairs a lag needs to be the strongest.</summary>
    public const int MinimumPairs = 4;

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex MeasureKey();

    /// <summary>Parses the query; every unreadable value is an error naming its field. Defaults: organisation, the questionnaire with most
    /// responses (null here, chosen later), sales, quarter, the last 3 years up to today, lags 0…4.</summary>
    public static (LeadingRequest? Request, Dictionary<string, string[]> Errors) Parse(LeadingQuery query, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Guid? unit = null, questionnaire = null;
        if (!string.IsNullOrWhiteSpace(query.UnitId))
        {
            if (Guid.TryParse(query.UnitId, CultureInfo.InvariantCulture, out var u))
            {
                unit = u;
            }
            else
            {
                errors["unitId"] = ["unitId must be a unit id (a GUID)."];
            }
        }
        if (!string.IsNullOrWhiteSpace(query.QuestionnaireId))
        {
            if (Guid.TryParse(query.QuestionnaireId, CultureInfo.InvariantCulture, out var q))
            {
                questionnaire = q;
            }
            else
            {
                errors["questionnaireId"] = ["questionnaireId must be a questionnaire id (a GUID)."];
            }
        }
        var measure = string.IsNullOrWhiteSpace(query.Measure) ? Core.Customers.CustomerMeasure.Sales : query.Measure.Trim();
        if (measure.Length > 50 || !MeasureKey().IsMatch(measure))
        {
            errors["measure"] = ["measure must be a measure key in lower case with hyphens, e.g. sales or repeat-purchases."];
        }
        var quarterly = true;
        switch (query.Grain?.Trim())
        {
            case null or "" or "quarter":
                break;
            case "month":
                quarterly = false;
                break;
            default:
                errors["grain"] = ["grain must be month or quarter."];
                break;
        }
        var to = today;
        if (!string.IsNullOrWhiteSpace(query.To))
        {
            if (TryDate(query.To, out var given) && given.Year >= 1900)
            {
                to = given;
            }
            else
            {
                errors["to"] = ["to must be a date yyyy-MM-dd from 1900."];
            }
        }
        var from = PeriodStart(to, quarterly).AddMonths(quarterly ? -33 : -35);
        if (!string.IsNullOrWhiteSpace(query.From))
        {
            if (TryDate(query.From, out var given) && given.Year >= 1900)
            {
                from = given;
            }
            else
            {
                errors["from"] = ["from must be a date yyyy-MM-dd from 1900."];
            }
        }
        var maxLag = DefaultMaxLag;
        if (!string.IsNullOrWhiteSpace(query.MaxLag)
            && (!int.TryParse(query.MaxLag, NumberStyles.Integer, CultureInfo.InvariantCulture, out maxLag) || maxLag < 0 || maxLag > MaxLagLimit))
        {
            errors["maxLag"] = [$"maxLag must be a whole number from 0 to {MaxLagLimit.ToString(CultureInfo.InvariantCulture)}."];
        }
        if (!errors.ContainsKey("from") && !errors.ContainsKey("to"))
        {
            if (from > to)
            {
                errors["from"] = ["from must not be after to."];
            }
            else if (PeriodCount(from, to, quarterly) > MaxPeriods)
            {
                errors["to"] = [$"from … to spans more than {MaxPeriods.ToString(CultureInfo.InvariantCulture)} periods; choose a shorter range or quarters."];
            }
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        return (new LeadingRequest(unit, questionnaire, measure, quarterly, PeriodStart(from, quarterly), PeriodStart(to, quarterly).AddMonths(quarterly ? 3 : 1).AddDays(-1), maxLag), errors);
    }

    /// <summary>The first day of the month or quarter holding a date.</summary>
    public static DateOnly PeriodStart(DateOnly date, bool quarterly) =>
        new(date.Year, quarterly ? (((date.Month - 1) / 3) * 3) + 1 : date.Month, 1);

    private static int PeriodCount(DateOnly from, DateOnly to, bool quarterly)
    {
        var (a, b) = (PeriodStart(from, quarterly), PeriodStart(to, quarterly));
        var months = ((b.Year - a.Year) * 12) + b.Month - a.Month;
        return (months / (quarterly ? 3 : 1)) + 1;
    }

    private static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>Computes the analysis for a viewer; null when the unit or the questionnaire does not exist for the viewer (→ 404).</summary>
    public static async Task<LeadingIndicatorDto?> ComputeAsync(
        ManyiDbContext db, WaveDataCache cache, Viewer viewer, LeadingRequest request, IStringLocalizer<LeadingResource> text, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(text);
        var organisationId = viewer.OrganisationId;
        var notes = new List<string>();

        // Units: the unit's subtree within what the viewer sees; without a unit, everything the viewer sees (null = all).
        HashSet<Guid>? units = viewer.VisibleUnits is null ? null : [.. viewer.VisibleUnits];
        string? unitName = null;
        List<Guid?> groupUnits;
        if (request.UnitId is { } unitId)
        {
            unitName = await db.Units.AsNoTracking().Where(u => u.Id == unitId && u.OrganisationId == organisationId).Select(u => u.Name).FirstOrDefaultAsync(ct);
            if (unitName is null || (units is not null && !units.Contains(unitId)))
            {
                return null;
            }
            var subtree = await UnitTree.SubtreeAsync(db, organisationId, unitId, ct);
            units = units is null ? [.. subtree] : [.. subtree.Where(units.Contains)];
            groupUnits = [unitId];
        }
        else if (units is null)
        {
            groupUnits = [null];
        }
        else
        {
            // A unit manager's own figures: those of the top units of what the manager sees.
            var parents = await db.Units.AsNoTracking().Where(u => u.OrganisationId == organisationId).Select(u => new { u.Id, u.ParentId }).ToListAsync(ct);
            var visible = units;
            groupUnits = [.. parents.Where(u => visible.Contains(u.Id) && (u.ParentId is not { } p || !visible.Contains(p))).Select(u => (Guid?)u.Id)];
        }

        // The questionnaire: the given one, or the one with most Complete responses in the viewer's units.
        var questionnaireId = request.QuestionnaireId;
        if (questionnaireId is { } qid)
        {
            if (!await db.Questionnaires.AsNoTracking().AnyAsync(q => q.Id == qid && q.OrganisationId == organisationId, ct))
            {
                return null;
            }
        }
        else
        {
            var responses = db.Responses.AsNoTracking().Where(r => r.OrganisationId == organisationId && r.Status == ResponseStatus.Complete);
            if (units is not null)
            {
                var scope = units.ToList();
                responses = responses.Where(r => r.UnitId != null && scope.Contains(r.UnitId.Value));
            }
            var top = await responses
                .Join(db.Waves.AsNoTracking(), r => r.WaveId, w => w.Id, (r, w) => w.QuestionnaireId)
                .GroupBy(q => q)
                .Select(g => new { Id = g.Key, Count = g.Count() })
                .OrderByDescending(g => g.Count).ThenBy(g => g.Id)
                .FirstOrDefaultAsync(ct);
            questionnaireId = top?.Id;
        }
        var questionnaireName = questionnaireId is { } id2
            ? await db.Questionnaires.AsNoTracking().Where(q => q.Id == id2).Select(q => q.Name).FirstOrDefaultAsync(ct)
            : null;
        if (questionnaireId is null)
        {
            notes.Add(text["Note.NoQuestionnaire"].Value);
        }

        var periods = Grid(request);
        // Periods are calendar days of the organisation (its business calendar's time zone, as case times are shown): an answer at
        // 07:00 on 1 April in Shanghai is 23:00 on 31 March in UTC and belongs to April.
        var calendar = (await CaseRules.LoadAsync(db, organisationId, ct)).Calendar;
        var zone = calendar.ZoneOrUtc();
        var fromUtc = calendar.StartOfDay(request.From);
        var toUtc = calendar.StartOfDay(request.To.AddDays(1));

        // Satisfaction: the outcome cell of each wave's questionnaire version, rescaled to 0–100, per period of submission.
        var satisfaction = periods.Select(_ => new List<double>()).ToArray();
        if (questionnaireId is { } questionnaire)
        {
            var waves = await db.Waves.AsNoTracking()
                .Where(w => w.OrganisationId == organisationId && w.QuestionnaireId == questionnaire && (w.OpensAt == null || w.OpensAt < toUtc))
                .ToListAsync(ct);
            var versionIds = waves.Select(w => w.QuestionnaireVersionId).Distinct().ToList();
            var definitions = await db.QuestionnaireVersions.AsNoTracking().Where(v => versionIds.Contains(v.Id))
                .Select(v => new { v.Id, v.Definition }).ToDictionaryAsync(v => v.Id, v => v.Definition, ct);
            var noOutcome = false;
            foreach (var wave in waves.OrderBy(w => w.OpensAt ?? w.CreatedAt).ThenBy(w => w.Id))
            {
                if (!definitions.TryGetValue(wave.QuestionnaireVersionId, out var definition))
                {
                    continue;
                }
                if (WaveRoles.Outcome(definition) is not { } outcome)
                {
                    noOutcome = true;
                    continue;
                }
                var data = await cache.GetAsync(db, wave, definition, ct);
                if (data.Column(outcome.Key) is not { Kind: WaveColumnKind.Number } column || column.Maximum <= column.Minimum)
                {
                    noOutcome = true;
                    continue;
                }
                var scale = new Scale(column.Minimum, column.Maximum);
                var slice = data.Slice(units, new Results.ResultsFilter(null, null, null, fromUtc, toUtc));
                var values = slice.Values(outcome.Key);
                for (var i = 0; i < values.Length; i++)
                {
                    if (values[i] is { } v)
                    {
                        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(data.SubmittedAt[slice.Rows[i]], zone).DateTime);
                        satisfaction[Index(request, day)].Add(scale.ToHundred(v));
                    }
                }
            }
            if (noOutcome)
            {
                notes.Add(text["Note.NoOutcome"].Value);
            }
        }

        // The measure: customer figures of the units' customers plus the group figures of the unit(s), by the period holding PeriodStart.
        var measure = request.Measure;
        var customerFigures = db.CustomerMeasures.AsNoTracking()
            .Where(m => m.OrganisationId == organisationId && m.Measure == measure && m.PeriodStart >= request.From && m.PeriodStart <= request.To)
            .Join(db.Customers.AsNoTracking(), m => m.CustomerId, c => c.Id, (m, c) => new { m.PeriodStart, m.Value, c.UnitId, c.OrganisationId })
            .Where(x => x.OrganisationId == organisationId);
        if (units is not null)
        {
            var scope = units.ToList();
            customerFigures = customerFigures.Where(x => scope.Contains(x.UnitId));
        }
        var figures = (await customerFigures.Select(x => new { x.PeriodStart, x.Value }).ToListAsync(ct)).Select(x => (x.PeriodStart, x.Value)).ToList();
        var groups = db.GroupMeasures.AsNoTracking()
            .Where(m => m.OrganisationId == organisationId && m.Measure == measure && m.Segment == null && m.PeriodStart >= request.From && m.PeriodStart <= request.To);
        if (groupUnits is [null])
        {
            groups = groups.Where(m => m.UnitId == null);
        }
        else
        {
            var ids = groupUnits.Select(u => u!.Value).ToList();
            groups = groups.Where(m => m.UnitId != null && ids.Contains(m.UnitId.Value));
        }
        figures.AddRange((await groups.Select(m => new { m.PeriodStart, m.Value }).ToListAsync(ct)).Select(x => (x.PeriodStart, x.Value)));
        var sums = new double[periods.Count];
        var counts = new int[periods.Count];
        foreach (var (start, value) in figures)
        {
            var i = Index(request, start);
            sums[i] += value;
            counts[i]++;
        }

        var rows = new List<LeadingPeriodDto>(periods.Count);
        for (var i = 0; i < periods.Count; i++)
        {
            rows.Add(new LeadingPeriodDto(
                periods[i].Label, periods[i].Start, periods[i].End,
                satisfaction[i].Count == 0 ? null : satisfaction[i].Average(), satisfaction[i].Count,
                counts[i] == 0 ? null : sums[i], counts[i]));
        }
        var result = LaggedCorrelation.Compute(
            [.. rows.Select(r => r.Satisfaction)], [.. rows.Select(r => r.Measure)], request.MaxLag, Alpha, MinimumPairs);
        var lags = result.Lags.Select(ToDto).ToList();
        var strongest = result.Strongest is { } s ? ToDto(s) : null;
        return new LeadingIndicatorDto(
            request.UnitId, unitName, questionnaireId, questionnaireName, measure, request.Quarterly ? "quarter" : "month",
            request.From, request.To, request.MaxLag, rows, lags, strongest, Alpha, MinimumPairs,
            Reading(strongest, measure, request.Quarterly, text), notes);
    }

    /// <summary>The plain-language reading of the strongest lag.</summary>
    public static string Reading(LeadingLagDto? strongest, string measure, bool quarterly, IStringLocalizer<LeadingResource> text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (strongest is not { R: { } r })
        {
            return text["Reading.TooFew", MinimumPairs].Value;
        }
        var measureName = MeasureName(measure, text);
        var rText = r.ToString("0.00", CultureInfo.InvariantCulture);
        var pText = strongest.PValue is { } p ? (p < 0.001 ? "< 0.001" : "= " + p.ToString("0.000", CultureInfo.InvariantCulture)) : "–";
        if (!strongest.Significant)
        {
            return text["Reading.None", measureName, strongest.Lag, rText, pText].Value;
        }
        if (strongest.Lag == 0)
        {
            return text["Reading.Same", measureName, text[quarterly ? "Grain.quarter" : "Grain.month"].Value, rText, pText].Value;
        }
        return text[r > 0 ? "Reading.Leads" : "Reading.LeadsInverse", measureName, strongest.Lag,
            text[quarterly ? "Grain.quarters" : "Grain.months"].Value, rText, pText].Value;
    }

    /// <summary>The display name of a measure key: a known one from the resources, else the key.</summary>
    public static string MeasureName(string measure, IStringLocalizer<LeadingResource> text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var known = text["Measure." + measure];
        return known.ResourceNotFound ? measure : known.Value;
    }

    private static LeadingLagDto ToDto(LagCorrelation lag) => new(lag.Lag, lag.N, lag.R, lag.T, lag.PValue, lag.Significant);

    private static List<(string Label, DateOnly Start, DateOnly End)> Grid(LeadingRequest request)
    {
        var grid = new List<(string, DateOnly, DateOnly)>();
        var step = request.Quarterly ? 3 : 1;
        for (var start = request.From; start <= request.To; start = start.AddMonths(step))
        {
            var label = request.Quarterly
                ? start.Year.ToString(CultureInfo.InvariantCulture) + "-Q" + (((start.Month - 1) / 3) + 1).ToString(CultureInfo.InvariantCulture)
                : start.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            grid.Add((label, start, start.AddMonths(step).AddDays(-1)));
        }
        return grid;
    }

    private static int Index(LeadingRequest request, DateOnly day)
    {
        var months = ((day.Year - request.From.Year) * 12) + day.Month - request.From.Month;
        return request.Quarterly ? months / 3 : months;
    }
}
