using Manyi.Data;
using Manyi.Web.Features.Monitoring;
using Manyi.Web.Features.Users;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.Monitoring.Reports;

/// <summary>
/// The printable pages of the project reports (product.md M8): builds the report for the caller (404 for a project or stage out
/// of scope; a final report of a project not completed says so) and offers the same report as Excel (<c>?handler=xlsx</c>) and
/// CSV (<c>?handler=csv</c>) to callers allowed to export (audited as <c>project-reports.export</c>).
/// </summary>
[Authorize(Policy = Policies.ReadData)]
public abstract class ProjectReportPageModel(
    ManyiDbContext db, CurrentUser user, TimeProvider clock, IStringLocalizer<ProjectReportsResource> text, IAuthorizationService authorization) : PageModel
{
    [FromRoute(Name = "id")]
    public Guid ProjectId { get; set; }

    [FromRoute(Name = "stageId")]
    public Guid? StageId { get; set; }

    /// <summary>Which report the page shows.</summary>
    public abstract ProjectReportKind Kind { get; }

    public ProjectReport? Report { get; private set; }

    /// <summary>A final report asked for before the project is completed.</summary>
    public bool NotCompleted { get; private set; }

    public bool CanExport { get; private set; }

    /// <summary>The page's link with a handler (the downloads).</summary>
    public string Link(string handler) => Request.Path + QueryString.Create("handler", handler).ToUriComponent();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        CanExport = (await authorization.AuthorizeAsync(User, Policies.ExportData)).Succeeded;
        var result = await BuildAsync(ct);
        if (result.Outcome == ProjectReportOutcome.NotFound)
        {
            return NotFound();
        }
        NotCompleted = result.Outcome == ProjectReportOutcome.NotCompleted;
        Report = result.Report;
        if (NotCompleted)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        return Page();
    }

    public Task<IActionResult> OnGetXlsxAsync(CancellationToken ct) => FileAsync(csv: false, ct);

    public Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => FileAsync(csv: true, ct);

    private async Task<IActionResult> FileAsync(bool csv, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.ExportData)).Succeeded)
        {
            return Forbid();
        }
        var result = await BuildAsync(ct);
        if (result.Outcome == ProjectReportOutcome.NotFound)
        {
            return NotFound();
        }
        if (result.Report is not { } report)
        {
            return StatusCode(StatusCodes.Status409Conflict);
        }
        var file = await ProjectReportFiles.RenderAsync(report, new ProjectReportText(text), csv, clock.GetUtcNow(), ct);
        ProjectReportsApi.Audit(db, user, clock, ProjectId, report, StageId, csv);
        await db.SaveChangesAsync(ct);
        return File(file.Content, file.ContentType, file.FileName);
    }

    private async Task<ProjectReportResult> BuildAsync(CancellationToken ct) =>
        await ProjectReportBuilder.BuildAsync(db, user.OrganisationId, await user.VisibleUnitsAsync(ct), clock, new ProjectReportText(text), ProjectId, Kind, StageId, ct);
}

/// <summary>The stage diagnostic report page <c>/monitoring/projects/{id}/reports/stage/{stageId}</c>.</summary>
public sealed class StageModel(ManyiDbContext db, CurrentUser user, TimeProvider clock, IStringLocalizer<ProjectReportsResource> text, IAuthorizationService authorization)
    : ProjectReportPageModel(db, user, clock, text, authorization)
{
    public override ProjectReportKind Kind => ProjectReportKind.Stage;
}

/// <summary>The internal service quality diagnostic report page <c>/monitoring/projects/{id}/reports/internal</c>.</summary>
public sealed class InternalModel(ManyiDbContext db, CurrentUser user, TimeProvider clock, IStringLocalizer<ProjectReportsResource> text, IAuthorizationService authorization)
    : ProjectReportPageModel(db, user, clock, text, authorization)
{
    public override ProjectReportKind Kind => ProjectReportKind.Internal;
}

/// <summary>The external satisfaction report page <c>/monitoring/projects/{id}/reports/external</c>.</summary>
public sealed class ExternalModel(ManyiDbContext db, CurrentUser user, TimeProvider clock, IStringLocalizer<ProjectReportsResource> text, IAuthorizationService authorization)
    : ProjectReportPageModel(db, user, clock, text, authorization)
{
    public override ProjectReportKind Kind => ProjectReportKind.External;
}
