using System.Globalization;
using Manyi.Analytics.Monitoring;
using Manyi.Analytics.Value;
using Manyi.Core.Collection;
using Manyi.Core.Customers;
using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Units;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Value;

/// <summary>Period grid of the retention view.</summary>
public enum PortfolioGrain
{
    Month,
    Quarter,
}

/// <summary>How the retention view groups the customers besides the overall rows.</summary>
public enum RetentionGrouping
{
    Segment,
    Unit,
}

/// <summary>
/// The customer portfolio views (product.md M2) for the caller: every query is limited to the caller's organisation and visible units,
/// selects the figures and leaves the numbers to <c>Manyi.Analytics.Value</c> (<see cref="CustomerPyramid"/>,
/// <see cref="ProfitConcentration"/>, <see cref="Retention"/>). A null answer means the unit filter is not one of the caller's units (404).
/// </summary>
public static class PortfolioQueries
{
    /// <summary>How many customers of the top tier the pyramid lists.</summary>
    public const int TopCustomers = 20;

    /// <summary>At most this many points of a concentration curve go to the chart (the peak and the last always among them).</summary>
    public const int MaxCurvePoints = 200;

    /// <summary>How many of the lowest customers the concentration view lists.</summary>
    public const int LowestCustomers = 10;

    /// <summary>At most this many periods in the retention grid.</summary>
    public const int MaxPeriods = 120;

    /// <summary>The customers in scope, or null when <see cref="PortfolioScope.UnitId"/> is not a visible unit of the organisation.</summary>
    public static async Task<IQueryable<Customer>?> CustomersAsync(ManyiDbContext db, CurrentUser user, PortfolioScope scope, CancellationToken ct) =>
        (await ScopeAsync(db, user, scope, ct))?.Customers;

    /// <summary>The customers in scope read once for one or several views (the page shows all three), or null when the unit is not
    /// visible.</summary>
    public static async Task<PortfolioCustomers?> ReadScopeAsync(ManyiDbContext db, CurrentUser user, PortfolioScope scope, CancellationToken ct)
    {
        if (await ScopeAsync(db, user, scope, ct) is not { } inScope)
        {
            return null;
        }
        var byId = await inScope.Customers.Select(c => new PortfolioCustomer(c.Id, c.Code, c.Name, c.Segment, c.Value, c.UnitId))
            .ToDictionaryAsync(c => c.Id, ct);
        return new PortfolioCustomers(user.OrganisationId, inScope.Whole, byId);
    }

    /// <summary>The customers in scope and whether they are the whole organisation; null as <see cref="CustomersAsync"/>.</summary>
    private static async Task<(IQueryable<Customer> Customers, bool Whole)?> ScopeAsync(ManyiDbContext db, CurrentUser user, PortfolioScope scope,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(scope);
        var organisationId = user.OrganisationId;
        var visible = await user.VisibleUnitsAsync(ct);
        var customers = db.Customers.AsNoTracking().Where(c => c.OrganisationId == organisationId);
        List<Guid>? units = visible?.ToList();
        if (scope.UnitId is { } unit)
        {
            var subtree = await UnitTree.SubtreeAsync(db, organisationId, unit, ct);
            if (subtree.Count == 0 || (visible is not null && !visible.Contains(unit)))
            {
                return null;
            }
            units = visible is null ? subtree : [.. subtree.Where(visible.Contains)];
        }
        if (units is not null)
        {
            customers = customers.Where(c => units.Contains(c.UnitId));
        }
        if (scope.Segment is { } segment)
        {
            customers = customers.Where(c => c.Segment == segment);
        }
        return (customers, units is null && scope.Segment is null);
    }

    /// <summary>The organisation's figures of <paramref name="measures"/>, limited to the customers in scope.</summary>
    private static IQueryable<CustomerMeasure> Figures(ManyiDbContext db, PortfolioCustomers scope, IReadOnlyCollection<string> measures)
    {
        var organisationId = scope.OrganisationId;
        var figures = db.CustomerMeasures.AsNoTracking().Where(m => m.OrganisationId == organisationId);
        // One measure is compared with "=": SQLite plans an IN list of one as a scan of the (OrganisationId, CustomerId, …) index for the
        // sake of GROUP BY CustomerId (75 ms) instead of a range of the covering (OrganisationId, Measure, PeriodStart, …) one (15 ms).
        if (measures.Count == 1)
        {
            var measure = measures.First();
            figures = figures.Where(m => m.Measure == measure);
        }
        else
        {
            figures = figures.Where(m => measures.Contains(m.Measure));
        }
        // Every figure of the organisation belongs to one of its customers, so the whole organisation needs no customer filter; a unit or
        // segment sends its customer ids as one list parameter, rather than a customer lookup per figure (which read the customer row for
        // each of ~50,000 figures on SQLite: 60–80 ms). No query of another context is composed in, so the views can run side by side.
        if (scope.Whole)
        {
            return figures;
        }
        var ids = scope.ById.Keys.ToList();
        return figures.Where(m => ids.Contains(m.CustomerId));
    }

    // ---------------------------------------------------------------- pyramid

    /// <summary>The pyramid of the customers in scope by <see cref="Customer.Value"/>; satisfaction from each customer's latest complete
    /// response (of <paramref name="questionnaireId"/>'s waves when given). Null = unit or questionnaire not found.</summary>
    public static async Task<PyramidDto?> PyramidAsync(ManyiDbContext db, CurrentUser user, PortfolioScope scope, Guid? questionnaireId, CancellationToken ct)
    {
        var customers = await ReadScopeAsync(db, user, scope, ct);
        return customers is null ? null : await PyramidAsync(db, customers, questionnaireId, ct);
    }

    /// <summary>The pyramid of customers already read (<see cref="ReadScopeAsync"/>). Null = questionnaire not found.</summary>
    public static async Task<PyramidDto?> PyramidAsync(ManyiDbContext db, PortfolioCustomers customers, Guid? questionnaireId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(customers);
        var organisationId = customers.OrganisationId;
        if (questionnaireId is { } q && !await db.Questionnaires.AsNoTracking().AnyAsync(x => x.Id == q && x.OrganisationId == organisationId, ct))
        {
            return null;
        }
        var list = customers.ById.Values.ToList();
        var valued = list.Where(c => c.Value is not null).ToList();
        var satisfaction = valued.Count == 0 ? [] : await LatestSatisfactionAsync(db, customers, questionnaireId, ct);
        var tiers = await TiersAsync(db, organisationId, ct);
        if (valued.Count == 0)
        {
            return new PyramidDto(list.Count, 0, list.Count, 0m, questionnaireId,
                [.. tiers.Select(t => new PyramidTierDto(t.Name, t.Share, 0, 0m, 0, null, 0, null))], []);
        }
        var key = valued.ToDictionary(c => c.Id.ToString("N", CultureInfo.InvariantCulture));
        var result = CustomerPyramid.Build(
            [.. valued.Select(c => new PyramidCustomer(c.Id.ToString("N", CultureInfo.InvariantCulture), (double)c.Value!.Value,
                satisfaction.TryGetValue(c.Id, out var s) ? s : null))],
            tiers);
        var total = valued.Sum(c => c.Value!.Value);
        var byTier = result.TierOf.ToLookup(t => t.Value, t => key[t.Key], StringComparer.Ordinal);
        var dtos = result.Tiers.Select((t, i) => new PyramidTierDto(
            t.Name, tiers[i].Share, t.Customers, byTier[t.Name].Sum(c => c.Value!.Value), t.ValueShare,
            t.Customers == 0 ? null : byTier[t.Name].Min(c => c.Value!.Value), t.Rated, t.MeanSatisfaction)).ToList();
        var top = result.Tiers.FirstOrDefault(t => t.Customers > 0)?.Name;
        var topCustomers = top is null ? [] : byTier[top]
            .OrderByDescending(c => c.Value).ThenBy(c => c.Id.ToString("N", CultureInfo.InvariantCulture), StringComparer.Ordinal)
            .Take(TopCustomers)
            .Select(c => new PyramidCustomerDto(c.Id, c.Code, c.Name, c.Segment, c.Value!.Value, satisfaction.TryGetValue(c.Id, out var s) ? s : null))
            .ToList();
        return new PyramidDto(list.Count, valued.Count, list.Count - valued.Count, total, questionnaireId, dtos, topCustomers);
    }

    /// <summary>The organisation's pyramid tiers (its <see cref="CustomerValuePolicy"/>, else <see cref="CustomerPyramid.DefaultTiers"/>).</summary>
    public static async Task<IReadOnlyList<PyramidTier>> TiersAsync(ManyiDbContext db, Guid organisationId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var policy = await db.CustomerValuePolicies.AsNoTracking().Where(p => p.OrganisationId == organisationId).Select(p => p.Tiers).FirstOrDefaultAsync(ct);
        // Tiers that CustomerPyramid would refuse (the settings page validates them) fall back to the default ones.
        return policy is { Count: > 0 } && policy.All(t => t.Share > 0 && !string.IsNullOrWhiteSpace(t.Name)) && Math.Abs(policy.Sum(t => t.Share) - 1) <= 1e-9
            ? [.. policy.Select(t => new PyramidTier(t.Name, t.Share))]
            : CustomerPyramid.DefaultTiers;
    }

    /// <summary>Each customer's latest complete response's overall satisfaction (<see cref="WaveRoles.Outcome"/>) scaled to 0–100; customers
    /// whose latest response has no such answer are left out.</summary>
    private static async Task<Dictionary<Guid, double>> LatestSatisfactionAsync(ManyiDbContext db, PortfolioCustomers scope, Guid? questionnaireId,
        CancellationToken ct)
    {
        var organisationId = scope.OrganisationId;
        var customers = db.Customers.AsNoTracking().Where(c => c.OrganisationId == organisationId);
        if (!scope.Whole)
        {
            var ids = scope.ById.Keys.ToList();
            customers = customers.Where(c => ids.Contains(c.Id));
        }
        var complete = db.Responses.AsNoTracking().Where(r => r.OrganisationId == organisationId && r.Status == ResponseStatus.Complete);
        if (questionnaireId is { } q)
        {
            complete = complete.Where(r => db.Waves.Any(w => w.Id == r.WaveId && w.QuestionnaireId == q));
        }
        // The latest response per customer is picked in the database, one seek per customer in scope on the covering
        // (OrganisationId, CustomerId, Status, SubmittedAt, Id) index, and only those responses' answers travel: one round trip.
        // Every complete response has its SubmittedAt (intake, respondent pages and import set it), so no COALESCE is needed (it
        // would defeat the index).
        var latestIds = customers.Select(c => complete.Where(r => r.CustomerId == c.Id && r.SubmittedAt != null)
            .OrderByDescending(r => r.SubmittedAt).ThenByDescending(r => r.Id)
            .Select(r => (Guid?)r.Id).FirstOrDefault());
        var latest = await db.Responses.AsNoTracking().Where(r => latestIds.Contains(r.Id))
            .Select(r => new { CustomerId = r.CustomerId!.Value, r.QuestionnaireVersionId, r.Answers })
            .ToListAsync(ct);
        var versionIds = latest.Select(r => r.QuestionnaireVersionId).Distinct().ToList();
        var definitions = await db.QuestionnaireVersions.AsNoTracking().Where(v => versionIds.Contains(v.Id))
            .Select(v => new { v.Id, v.Definition }).ToListAsync(ct);
        var cells = definitions.ToDictionary(d => d.Id, d => WaveRoles.Outcome(d.Definition));
        var result = new Dictionary<Guid, double>();
        foreach (var row in latest)
        {
            if (cells.GetValueOrDefault(row.QuestionnaireVersionId) is { Min: { } min, Max: { } max } cell && max > min
                && row.Answers.TryGetValue(cell.Key, out var text)
                && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                result[row.CustomerId] = ServiceMonitoring.Score(value, min, max);
            }
        }
        return result;
    }

    // ---------------------------------------------------------------- concentration

    /// <summary>The 80/20 (sales) or whale (profit) curve of the customers in scope: <see cref="CustomerMeasure"/> figures whose period lies
    /// within [from, to], summed per customer. Default period: the last 4 calendar quarters up to the quarter of the latest figure.</summary>
    public static async Task<ConcentrationDto?> ConcentrationAsync(ManyiDbContext db, CurrentUser user, PortfolioScope scope, string measure, DateOnly? from,
        DateOnly? to, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(measure);
        var customers = await ReadScopeAsync(db, user, scope, ct);
        return customers is null ? null : await ConcentrationAsync(db, customers, measure, from, to, ct);
    }

    /// <summary>The concentration curve (<see cref="ConcentrationAsync(ManyiDbContext, CurrentUser, PortfolioScope, string, DateOnly?, DateOnly?,
    /// CancellationToken)"/>) of customers already read.</summary>
    public static async Task<ConcentrationDto> ConcentrationAsync(ManyiDbContext db, PortfolioCustomers customers, string measure, DateOnly? from,
        DateOnly? to, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(measure);
        var figures = Figures(db, customers, [measure]);
        if (from is null || to is null)
        {
            var last = to ?? await figures.Select(m => (DateOnly?)m.PeriodEnd).MaxAsync(ct);
            if (last is null)
            {
                return EmptyCurve(measure, from, to, "no figures");
            }
            var end = to ?? QuarterEnd(last.Value);
            to = end;
            from ??= QuarterStart(end).AddMonths(-9);
        }
        var (f, t) = (from.Value, to.Value);
        var sums = await figures.Where(m => m.PeriodStart >= f && m.PeriodEnd <= t)
            .GroupBy(m => m.CustomerId).Select(g => new { CustomerId = g.Key, Amount = g.Sum(m => m.Value) }).ToListAsync(ct);
        var names = customers.ById;
        // A customer added since the scope was read is left for the next request rather than named without its record.
        sums.RemoveAll(s => !names.ContainsKey(s.CustomerId));
        if (sums.Count == 0)
        {
            return EmptyCurve(measure, f, t, "no figures");
        }
        var amounts = sums.Select(s => (Customer: s.CustomerId.ToString("N", CultureInfo.InvariantCulture), s.Amount)).ToList();
        var lowest = sums.OrderBy(s => s.Amount).ThenBy(s => names[s.CustomerId].Code, StringComparer.Ordinal).Take(LowestCustomers)
            .Select(s => new CurveCustomerDto(s.CustomerId, names[s.CustomerId].Code, names[s.CustomerId].Name, names[s.CustomerId].Segment, s.Amount))
            .ToList();
        if (amounts.Sum(a => a.Amount) <= 0)
        {
            return EmptyCurve(measure, f, t, "the total is not positive") with { Customers = sums.Count, Lowest = lowest };
        }
        var curve = ProfitConcentration.Curve(amounts);
        var peakIndex = PeakIndex(curve);
        return new ConcentrationDto(measure, f, t, sums.Count, curve.Total, curve.TopFifthShare, curve.PeakShare, curve.PeakCustomerShare,
            curve.Points[peakIndex].Rank, curve.Unprofitable, curve.UnprofitableAmount,
            [.. DownSample(curve.Points, peakIndex, MaxCurvePoints).Select(p => new CurvePointDto(p.Rank, p.CustomerShare, p.Cumulative, p.CumulativeShare))],
            lowest, null);
    }

    private static ConcentrationDto EmptyCurve(string measure, DateOnly? from, DateOnly? to, string note) =>
        new(measure, from, to, 0, null, null, null, null, null, 0, 0, [], [], note);

    /// <summary>The index of the point where the curve peaks (the first point reaching <see cref="ConcentrationCurve.PeakShare"/> at
    /// <see cref="ConcentrationCurve.PeakCustomerShare"/>).</summary>
    private static int PeakIndex(ConcentrationCurve curve)
    {
        var points = curve.Points;
        var best = 0;
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i].CustomerShare.Equals(curve.PeakCustomerShare))
            {
                return i;
            }
            if (points[i].CumulativeShare > points[best].CumulativeShare)
            {
                best = i;
            }
        }
        return best;
    }

    /// <summary>At most <paramref name="max"/> points: evenly spaced over the ranks, always with the first, the peak and the last.</summary>
    public static IReadOnlyList<T> DownSample<T>(IReadOnlyList<T> points, int peakIndex, int max)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count <= max)
        {
            return points;
        }
        var last = points.Count - 1;
        var steps = max - 3;
        var keep = new SortedSet<int> { 0, last, Math.Clamp(peakIndex, 0, last) };
        for (var k = 0; k <= steps; k++)
        {
            keep.Add((int)Math.Round((double)k * last / steps, MidpointRounding.AwayFromZero));
        }
        return [.. keep.Select(i => points[i])];
    }

    // ---------------------------------------------------------------- retention

    /// <summary>
    /// Churn and retention per period of the customers in scope: a customer is active in a period when its sales or its repeat purchases
    /// with a period starting in it sum to more than 0; it is lost from the period in which a churn figure (value &gt; 0) starts (a churn
    /// before the range: lost throughout). Default range: the last 8 quarters or 12 months up to the latest figure.
    /// </summary>
    public static async Task<RetentionDto?> RetentionAsync(ManyiDbContext db, CurrentUser user, PortfolioScope scope, PortfolioGrain grain, DateOnly? from,
        DateOnly? to, RetentionGrouping by, CancellationToken ct)
    {
        var customers = await ReadScopeAsync(db, user, scope, ct);
        return customers is null ? null : await RetentionAsync(db, customers, grain, from, to, by, ct);
    }

    /// <summary>The retention view (<see cref="RetentionAsync(ManyiDbContext, CurrentUser, PortfolioScope, PortfolioGrain, DateOnly?, DateOnly?,
    /// RetentionGrouping, CancellationToken)"/>) of customers already read.</summary>
    public static async Task<RetentionDto> RetentionAsync(ManyiDbContext db, PortfolioCustomers customers, PortfolioGrain grain, DateOnly? from,
        DateOnly? to, RetentionGrouping by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(customers);
        var organisationId = customers.OrganisationId;
        var figures = Figures(db, customers, [CustomerMeasure.Sales, CustomerMeasure.RepeatPurchases, CustomerMeasure.Churn]);
        var grainName = grain == PortfolioGrain.Month ? "month" : "quarter";
        var byName = by == RetentionGrouping.Unit ? "unit" : "segment";
        if (to is null)
        {
            var last = await figures.Select(m => (DateOnly?)m.PeriodStart).MaxAsync(ct);
            if (last is null)
            {
                return new RetentionDto(grainName, byName, from, null, 0, [], []);
            }
            to = last;
        }
        var end = PeriodEnd(grain, to.Value);
        var start = PeriodStart(grain, from ?? PeriodStart(grain, end).AddMonths(grain == PortfolioGrain.Month ? -11 : -21));
        var earliest = PeriodStart(grain, end).AddMonths((grain == PortfolioGrain.Month ? 1 : 3) * -(MaxPeriods - 1));
        if (start < earliest)
        {
            start = earliest;
        }
        var periods = Periods(grain, start, end);
        if (periods.Count == 0)
        {
            return new RetentionDto(grainName, byName, start, end, 0, [], []);
        }
        // ~50,000 figures for 5,000 customers over 8 quarters: summed as they stream in (no list of rows), the measure as a number.
        var rows = figures.Where(m => m.PeriodStart <= end && (m.Measure == CustomerMeasure.Churn || m.PeriodStart >= start))
            .Select(m => new { m.CustomerId, Kind = m.Measure == CustomerMeasure.Churn ? 0 : m.Measure == CustomerMeasure.Sales ? 1 : 2, m.PeriodStart, m.Value });
        var sums = new Dictionary<(Guid CustomerId, int Kind, int Period), double>();
        var churns = new List<(Guid CustomerId, DateOnly PeriodStart)>();
        await foreach (var r in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            if (r.Kind == 0)
            {
                if (r.Value > 0)
                {
                    churns.Add((r.CustomerId, r.PeriodStart));
                }
            }
            else if (r.PeriodStart >= start)
            {
                var key = (r.CustomerId, r.Kind, Index(grain, start, r.PeriodStart));
                sums[key] = sums.GetValueOrDefault(key) + r.Value;
            }
        }
        var activity = new Dictionary<Guid, (HashSet<int> Active, int? Lost)>();
        foreach (var ((customerId, _, period), sum) in sums)
        {
            if (sum > 0)
            {
                var entry = activity.TryGetValue(customerId, out var e) ? e : ([], null);
                entry.Active.Add(period);
                activity[customerId] = entry;
            }
        }
        foreach (var churn in churns)
        {
            var period = Math.Max(0, Index(grain, start, churn.PeriodStart));
            var entry = activity.TryGetValue(churn.CustomerId, out var e) ? e : ([], null);
            if (entry.Active.Count == 0 && churn.PeriodStart < start && entry.Lost is null)
            {
                // Lost before the range and never active in it: not part of the view.
                continue;
            }
            activity[churn.CustomerId] = (entry.Active, entry.Lost is { } l ? Math.Min(l, period) : period);
        }
        var groupOf = new Dictionary<Guid, (string Key, string Name)>();
        foreach (var id in activity.Keys)
        {
            if (!customers.ById.TryGetValue(id, out var c))
            {
                continue;
            }
            groupOf[id] = by == RetentionGrouping.Unit
                ? (c.UnitId.ToString("D", CultureInfo.InvariantCulture), string.Empty)
                : (c.Segment ?? string.Empty, c.Segment ?? SatisfactionTrap.NoSegment);
        }
        if (by == RetentionGrouping.Unit)
        {
            var unitIds = groupOf.Values.Select(v => Guid.Parse(v.Key)).Distinct().ToList();
            var unitNames = await db.Units.AsNoTracking().Where(u => u.OrganisationId == organisationId && unitIds.Contains(u.Id))
                .ToDictionaryAsync(u => u.Id.ToString("D", CultureInfo.InvariantCulture), u => u.Name, StringComparer.Ordinal, ct);
            foreach (var id in groupOf.Keys.ToList())
            {
                groupOf[id] = (groupOf[id].Key, unitNames.GetValueOrDefault(groupOf[id].Key, groupOf[id].Key));
            }
        }
        List<RetentionRowDto> Compute(IEnumerable<KeyValuePair<Guid, (HashSet<int> Active, int? Lost)>> members) =>
            [.. Retention.ByPeriod([.. members.Select(m => new CustomerActivity(m.Key.ToString("N", CultureInfo.InvariantCulture), m.Value.Active, m.Value.Lost))],
                    periods.Count)
                .Select(r => new RetentionRowDto(periods[r.Period].Label, periods[r.Period].Start, periods[r.Period].End, r.Active, r.AtStart, r.Retained,
                    r.Lost, r.Won, r.ChurnRate, r.RetentionRate))];
        var members = activity.Where(a => groupOf.ContainsKey(a.Key)).ToList();
        var groups = members.GroupBy(m => groupOf[m.Key])
            .OrderBy(g => g.Key.Name, StringComparer.Ordinal).ThenBy(g => g.Key.Key, StringComparer.Ordinal)
            .Select(g => new RetentionGroupDto(g.Key.Key, g.Key.Name, g.Count(), Compute(g)))
            .ToList();
        return new RetentionDto(grainName, byName, start, end, members.Count, members.Count == 0 ? [] : Compute(members), groups);
    }

    /// <summary>The periods of the grid from <paramref name="start"/> to <paramref name="end"/> (both aligned), labelled 2026-03 or 2026-Q1.</summary>
    public static IReadOnlyList<(string Label, DateOnly Start, DateOnly End)> Periods(PortfolioGrain grain, DateOnly start, DateOnly end)
    {
        var list = new List<(string, DateOnly, DateOnly)>();
        for (var p = PeriodStart(grain, start); p <= end; p = p.AddMonths(grain == PortfolioGrain.Month ? 1 : 3))
        {
            var label = grain == PortfolioGrain.Month
                ? p.ToString("yyyy-MM", CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{p.Year}-Q{(p.Month - 1) / 3 + 1}");
            list.Add((label, p, PeriodEnd(grain, p)));
        }
        return list;
    }

    /// <summary>How many periods the grid from <paramref name="from"/> to <paramref name="to"/> has.</summary>
    public static int PeriodCount(PortfolioGrain grain, DateOnly from, DateOnly to) => Index(grain, PeriodStart(grain, from), to) + 1;

    private static int Index(PortfolioGrain grain, DateOnly start, DateOnly date)
    {
        var months = (date.Year - start.Year) * 12 + date.Month - start.Month;
        return grain == PortfolioGrain.Month ? months : (int)Math.Floor(months / 3.0);
    }

    private static DateOnly PeriodStart(PortfolioGrain grain, DateOnly date) =>
        grain == PortfolioGrain.Month ? new DateOnly(date.Year, date.Month, 1) : QuarterStart(date);

    private static DateOnly PeriodEnd(PortfolioGrain grain, DateOnly date) =>
        grain == PortfolioGrain.Month ? new DateOnly(date.Year, date.Month, 1).AddMonths(1).AddDays(-1) : QuarterEnd(date);

    private static DateOnly QuarterStart(DateOnly date) => new(date.Year, (date.Month - 1) / 3 * 3 + 1, 1);

    private static DateOnly QuarterEnd(DateOnly date) => QuarterStart(date).AddMonths(3).AddDays(-1);
}
