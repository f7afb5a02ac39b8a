using Manyi.Data;
using Manyi.Web.Features.Contacts;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Users;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.Contacts;

/// <summary><c>/contacts/import</c>: upload a CSV or xlsx file, check it (dry run), then import it (all rows, or the good ones when accepted).</summary>
[Authorize(Policy = Policies.RecordContacts)]
[RequestSizeLimit(ContactImport.MaxBytes + 64 * 1024)]
public sealed class ImportModel(ManyiDbContext db, CurrentUser user, TimeProvider clock, IStringLocalizer<WavesResource> w) : PageModel
{
    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public bool AcceptGoodRows { get; set; }

    public ContactImportReport? Report { get; private set; }

    public bool Refused { get; private set; }

    public void OnGet()
    {
    }

    public Task<IActionResult> OnPostCheckAsync(CancellationToken ct) => RunAsync(commit: false, ct);

    public Task<IActionResult> OnPostCommitAsync(CancellationToken ct) => RunAsync(commit: true, ct);

    private async Task<IActionResult> RunAsync(bool commit, CancellationToken ct)
    {
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), w["Contacts.File"]);
            return Page();
        }
        var format = CustomerImport.FormatOf(Upload.FileName, Upload.ContentType) ?? ImportFormat.Csv;
        await using var stream = Upload.OpenReadStream();
        var outcome = await ContactImport.RunAsync(db, user, clock, stream, format, commit, AcceptGoodRows, ct);
        if (outcome.Report is null)
        {
            ModelState.AddModelError(nameof(Upload), outcome.Problem ?? "file");
            return Page();
        }
        Report = outcome.Report;
        Refused = outcome.Status == ImportStatus.NotClean;
        return Page();
    }
}
