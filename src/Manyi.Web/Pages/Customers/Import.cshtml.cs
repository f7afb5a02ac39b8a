using Manyi.Data;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Users;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.Customers;

/// <summary>
/// <c>/customers/import</c>: upload → <see cref="CustomerImport.DryRunAsync"/> listing every bad row (line, column, value, reason),
/// nothing written → <see cref="CustomerImport.CommitAsync"/> (only when clean) or "import the good rows" → result. The file travels
/// back in the form so that no server keeps state between the two steps; the commit checks it again before writing anything.
/// </summary>
[Authorize(Policy = Policies.WriteCustomers)]
// The import step posts the file back as base64 (4/3 of its size) in a form field.
[RequestFormLimits(MultipartBodyLengthLimit = 2 * CustomerImport.MaxBytes, ValueLengthLimit = (int)(2 * CustomerImport.MaxBytes))]
[RequestSizeLimit(2 * CustomerImport.MaxBytes)]
public sealed class ImportModel(ManyiDbContext db, CurrentUser user, TimeProvider clock, IStringLocalizer<SharedResource> t) : PageModel
{
    /// <summary>The uploaded file (first step).</summary>
    [BindProperty]
    public IFormFile? Upload { get; set; }

    /// <summary>The checked file's name and content (base64), posted back by the import step.</summary>
    [BindProperty]
    public string? FileName { get; set; }

    [BindProperty]
    public string? FileContent { get; set; }

    /// <summary>True when the user chose to import the good rows of a file with bad rows.</summary>
    [BindProperty]
    public bool GoodOnly { get; set; }

    /// <summary>The dry run's (or a refused commit's) report.</summary>
    public ImportReport? Check { get; private set; }

    /// <summary>Rows without problems in <see cref="Check"/>.</summary>
    public int GoodRows => Check is null ? 0 : Check.Rows - Check.Bad;

    /// <summary>True when every row of a non-empty file is good.</summary>
    public bool Clean => Check is not null && Check.Bad == 0 && Check.Rows > 0;

    public int? Created { get; private set; }

    public int? Updated { get; private set; }

    /// <summary>The reason of an issue in the user's language.</summary>
    public string Reason(ImportIssue issue) => CustomerTexts.ImportReason(t, issue);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), t["Import.NoFile"]);
            return Page();
        }
        if (Upload.Length > CustomerImport.MaxBytes)
        {
            ModelState.AddModelError(nameof(Upload), t["Import.TooLarge", CustomerImport.MaxBytes / 1024 / 1024]);
            return Page();
        }
        using var buffer = new MemoryStream();
        await Upload.CopyToAsync(buffer, ct);
        FileName = Path.GetFileName(Upload.FileName);
        FileContent = Convert.ToBase64String(buffer.ToArray());
        buffer.Position = 0;
        Show(await CustomerImport.DryRunAsync(db, user, buffer, Format(FileName, Upload.ContentType), ct));
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(CancellationToken ct)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(FileContent ?? string.Empty);
        }
        catch (FormatException)
        {
            bytes = [];
        }
        if (bytes.Length == 0 || string.IsNullOrEmpty(FileName))
        {
            ModelState.AddModelError(nameof(Upload), t["Import.NoFile"]);
            return Page();
        }
        using var file = new MemoryStream(bytes);
        // Nothing is written unless the file is clean or the user accepted the good rows.
        var outcome = await CustomerImport.CommitAsync(db, user, clock, file, Format(FileName, null), GoodOnly, ct);
        if (outcome is { Status: ImportStatus.Ok, Report: { } report })
        {
            Created = report.New;
            Updated = report.Updated;
            FileContent = null;
            return Page();
        }
        Show(outcome);
        return Page();
    }

    private void Show(ImportOutcome outcome)
    {
        if (outcome.Report is { } report)
        {
            Check = report;
        }
        else
        {
            ModelState.AddModelError(nameof(Upload), CustomerTexts.ImportProblem(t, outcome));
        }
    }

    /// <summary>The file's format by its name or type; anything that is not .xlsx is read as CSV, which reports what it cannot read.</summary>
    private static ImportFormat Format(string fileName, string? contentType) => CustomerImport.FormatOf(fileName, contentType) ?? ImportFormat.Csv;
}
