using Manyi.Core.Monitoring;
using Manyi.Data;
using Manyi.Web.Features.Users;
using Manyi.Web.Pages.Units;
using Manyi.Core.Organisations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Pages.Monitoring;

/// <summary>One project of the portfolio: its current S(t) against the active stage's W, with its open alert and recovery case.</summary>
public sealed record PortfolioRow(
    Guid Id, string Name, string CustomerName, string UnitName, string? OwnerName, ProjectStatus Status,
    int StageNumber, int StageCount, string? StageName, double? Estimate, double? Baseline, double? Warning,
    DateTimeOffset? AlertSince, Guid? CaseId, string? CaseNumber)
{
    /// <summary>S − W (null before the first estimate).</summary>
    public double? Gap => Estimate is { } s && Warning is { } w ? s - w : null;

    public bool BelowWarning => Gap is < 0;
}

/// <summary>
/// <c>/monitoring</c>: the portfolio of service projects (product.md M8) in the units the reader may see, worst first by S(t) − W,
/// with counts of the active ones, those with an open alert and those below W.
/// </summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class IndexModel(ManyiDbContext db, CurrentUser user, IAuthorizationService authorization) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid? Unit { get; set; }

    [BindProperty(SupportsGet = true)]
    public ProjectStatus? Status { get; set; }

    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    public IReadOnlyList<PortfolioRow> Rows { get; private set; } = [];

    public int ActiveCount { get; private set; }

    public int AlertCount { get; private set; }

    public int BelowCount { get; private set; }

    public bool CanHandle { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanHandle = (await authorization.AuthorizeAsync(User, Policies.HandleCases)).Succeeded;
        var organisationId = user.OrganisationId;
        Units = await UnitScope.VisibleUnitsAsync(db, user, ct);
        var projects = await MonitoringPages.VisibleAsync(db, user, ct);
        if (Unit is { } u && Units.Any(x => x.Id == u))
        {
            var below = Hierarchy.Below([u], Units.Select(x => (x.Id, x.ParentId))).ToList();
            projects = projects.Where(p => below.Contains(p.UnitId));
        }
        else
        {
            Unit = null;
        }
        if (Status is { } status)
        {
            projects = projects.Where(p => p.Status == status);
        }
        var list = await projects.Select(p => new
        {
            p.Id, p.Name, p.CustomerId, p.UnitId, p.OwnerId, p.Status, p.CurrentStage, p.CurrentEstimate, p.OpenAlertId,
        }).ToListAsync(ct);
        var ids = list.Select(p => p.Id).ToList();
        var stages = await db.ProjectStages.AsNoTracking().Where(s => ids.Contains(s.ProjectId))
            .Select(s => new { s.ProjectId, s.Index, s.Name, s.Baseline, s.Warning }).ToListAsync(ct);
        var byProject = stages.ToLookup(s => s.ProjectId);
        var alertIds = list.Where(p => p.OpenAlertId is not null).Select(p => p.OpenAlertId!.Value).ToList();
        var alerts = await db.MonitoringAlerts.AsNoTracking().Where(a => alertIds.Contains(a.Id))
            .Select(a => new { a.Id, a.OpenedAt, a.CaseId }).ToDictionaryAsync(a => a.Id, ct);
        var caseIds = alerts.Values.Where(a => a.CaseId is not null).Select(a => a.CaseId!.Value).ToList();
        var cases = await db.Cases.AsNoTracking().Where(c => c.OrganisationId == organisationId && caseIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => c.Number, ct);
        var customerIds = list.Select(p => p.CustomerId).Distinct().ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => c.OrganisationId == organisationId && customerIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var ownerIds = list.Select(p => p.OwnerId).Distinct().ToList();
        var owners = await db.Users.AsNoTracking().Where(x => x.OrganisationId == organisationId && ownerIds.Contains(x.Id))
            .ToDictionaryAsync(x => x.Id, x => x.DisplayName, ct);
        var unitNames = Units.ToDictionary(x => x.Id, x => x.Name);

        var rows = list.Select(p =>
        {
            var all = byProject[p.Id].OrderBy(s => s.Index).ToList();
            // The active stage; once completed, the last one.
            var stage = all.FirstOrDefault(s => s.Index == p.CurrentStage) ?? all.LastOrDefault();
            var alert = p.OpenAlertId is { } a && alerts.TryGetValue(a, out var found) ? found : null;
            return new PortfolioRow(p.Id, p.Name, customers.GetValueOrDefault(p.CustomerId, string.Empty), unitNames.GetValueOrDefault(p.UnitId, string.Empty),
                owners.GetValueOrDefault(p.OwnerId), p.Status, Math.Min(p.CurrentStage + 1, all.Count), all.Count, stage?.Name,
                p.CurrentEstimate, stage?.Baseline, stage?.Warning, alert?.OpenedAt, alert?.CaseId,
                alert?.CaseId is { } c ? cases.GetValueOrDefault(c) : null);
        }).ToList();
        Rows = [.. rows.OrderBy(r => r.Gap is null).ThenBy(r => r.Gap).ThenBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Id)];
        ActiveCount = Rows.Count(r => r.Status == ProjectStatus.Active);
        AlertCount = Rows.Count(r => r.AlertSince is not null);
        BelowCount = Rows.Count(r => r.Status == ProjectStatus.Active && r.BelowWarning);
    }
}
