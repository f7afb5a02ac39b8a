using Manyi.Core.Customers;
using Manyi.Data;
using Manyi.Web.Features.Users;
using Manyi.Web.Features.Value;
using Manyi.Web.Pages.Units;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Pages.Customers.Value;

/// <summary>
/// <c>/customers/value</c>: the customer portfolio (product.md M2) of the caller's units — the pyramid by value K with each tier's
/// satisfaction, the whale curve of profit, the 80/20 curve of sales, churn and retention by period and by segment or unit.
/// </summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class IndexModel(ManyiDbContext db, CurrentUser user, TimeProvider clock, IServiceScopeFactory scopes) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Unit { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Segment { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Grain { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? By { get; set; }

    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    public IReadOnlyList<string> Segments { get; private set; } = [];

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public PyramidDto? Pyramid { get; private set; }

    public ConcentrationDto? Whale { get; private set; }

    public ConcentrationDto? Pareto { get; private set; }

    public RetentionDto? Retention { get; private set; }

    /// <summary>The latest wave with responses the caller may open, for the link to the value-weighted analysis.</summary>
    public Guid? LatestWaveId { get; private set; }

    public DateTimeOffset GeneratedAt { get; private set; }

    /// <summary>The query string of the current filters (for the CSV links).</summary>
    public string Query { get; private set; } = string.Empty;

    public async Task OnGetAsync(CancellationToken ct)
    {
        GeneratedAt = clock.GetUtcNow();
        Units = await UnitScope.VisibleUnitsAsync(db, user, ct);
        var all = await PortfolioQueries.CustomersAsync(db, user, new PortfolioScope(null, null), ct);
        Segments = all is null ? [] : await all.Where(c => c.Segment != null).Select(c => c.Segment!).Distinct().OrderBy(s => s).ToListAsync(ct);
        if (Guid.TryParse(Unit, out var unit) && Units.All(u => u.Id != unit))
        {
            Unit = null;
        }
        var pyramid = PortfolioRequest.Pyramid(Unit, Segment, null);
        var whale = PortfolioRequest.Concentration(Unit, Segment, CustomerMeasure.Profit, From, To);
        var retention = PortfolioRequest.Retention(Unit, Segment, Grain, From, To, By);
        Problems = [.. pyramid.Errors.Concat(whale.Errors).Concat(retention.Errors).GroupBy(e => e.Key, StringComparer.Ordinal)
            .Select(g => g.Key + ": " + string.Join(", ", g.First().Value))];
        if (Problems.Count > 0)
        {
            return;
        }
        // The views share the unit and segment filters (one scope): its customers are read once for all of them. Retention reads the
        // most figures (~50,000 for 5,000 customers over 8 quarters), so it runs on a second context beside the pyramid and the curves.
        if (await PortfolioQueries.ReadScopeAsync(db, user, pyramid.Scope, ct) is { } customers)
        {
            await using var side = scopes.CreateAsyncScope();
            var sideDb = side.ServiceProvider.GetRequiredService<ManyiDbContext>();
            var retentionTask = Task.Run(() => PortfolioQueries.RetentionAsync(sideDb, customers, retention.Grain, retention.From, retention.To,
                retention.By, ct), ct);
            try
            {
                Pyramid = await PortfolioQueries.PyramidAsync(db, customers, null, ct);
                Whale = await PortfolioQueries.ConcentrationAsync(db, customers, CustomerMeasure.Profit, whale.From, whale.To, ct);
                Pareto = await PortfolioQueries.ConcentrationAsync(db, customers, CustomerMeasure.Sales, whale.From, whale.To, ct);
            }
            finally
            {
                // The side context is disposed with its scope only after its query is done, also when this side failed.
                Retention = await retentionTask;
            }
        }
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value.Trim()));
            }
        }
        Add("unitId", Unit);
        Add("segment", Segment);
        Add("from", From);
        Add("to", To);
        Query = string.Join("&", parts);
        var organisationId = user.OrganisationId;
        var visible = await user.VisibleUnitsAsync(ct);
        var waves = db.Waves.AsNoTracking().Where(w => w.OrganisationId == organisationId && db.Responses.Any(r => r.WaveId == w.Id));
        if (visible is not null)
        {
            var ids = visible.ToList();
            waves = waves.Where(w => w.UnitId == null || ids.Contains(w.UnitId.Value));
        }
        LatestWaveId = await waves.OrderByDescending(w => w.OpensAt).ThenByDescending(w => w.Id).Select(w => (Guid?)w.Id).FirstOrDefaultAsync(ct);
    }
}
