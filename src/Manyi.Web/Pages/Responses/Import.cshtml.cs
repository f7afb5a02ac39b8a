using Manyi.Core.Surveys;
using Manyi.Data;
using Manyi.Web.Features.Responses;
using Manyi.Web.Features.Users;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.Responses;

/// <summary>
/// <c>/waves/{id}/import</c>: upload answers gathered elsewhere → dry run listing every bad row (line, column, value, reason),
/// nothing written → import (only when clean) or "import the good rows only". The file travels back in the form (base64), so no
/// server keeps state between the steps; the import checks it again before writing.
/// </summary>
[Authorize(Policy = Policies.SubmitResponses)]
[RequestFormLimits(MultipartBodyLengthLimit = 2 * ResponseImport.MaxBytes, ValueLengthLimit = (int)(2 * ResponseImport.MaxBytes))]
[RequestSizeLimit(2 * ResponseImport.MaxBytes)]
public sealed class ImportModel(ManyiDbContext db, CurrentUser user, ResponseImport import, IStringLocalizer<ResponsesResource> texts) : PageModel
{
    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public string? FileName { get; set; }

    [BindProperty]
    public string? FileContent { get; set; }

    [BindProperty]
    public bool GoodOnly { get; set; }

    public Guid WaveId { get; private set; }

    public string WaveName { get; private set; } = string.Empty;

    /// <summary>The answer cells: the columns a file may have besides the optional ones.</summary>
    public IReadOnlyList<string> Cells { get; private set; } = [];

    public ResponseImportReport? Check { get; private set; }

    public int GoodRows => Check is null ? 0 : Check.Rows - Check.Bad;

    public bool Clean => Check is not null && Check.Bad == 0 && Check.New > 0;

    public ResponseImportReport? Done { get; private set; }

    /// <summary>The reason of an issue in the page's language (the English message when no text exists for its code).</summary>
    public string Reason(ResponseImportIssue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var text = texts["ResponsesImport.Reason." + issue.ReasonCode];
        return text.ResourceNotFound ? issue.Message : text.Value;
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), texts["ResponsesImport.NoFile"]);
            return Page();
        }
        if (Upload.Length > ResponseImport.MaxBytes)
        {
            ModelState.AddModelError(nameof(Upload), texts["ResponsesImport.TooLarge", ResponseImport.MaxBytes / 1024 / 1024]);
            return Page();
        }
        using var buffer = new MemoryStream();
        await Upload.CopyToAsync(buffer, ct);
        FileName = Path.GetFileName(Upload.FileName);
        FileContent = Convert.ToBase64String(buffer.ToArray());
        Show(await import.RunAsync(id, buffer.ToArray(), FileName, commit: false, acceptGoodRows: false, ct));
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(FileContent ?? string.Empty);
        }
        catch (FormatException)
        {
            bytes = [];
        }
        if (bytes.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), texts["ResponsesImport.NoFile"]);
            return Page();
        }
        var outcome = await import.RunAsync(id, bytes, FileName, commit: true, acceptGoodRows: GoodOnly, ct);
        if (outcome is { Status: ResponseImportStatus.Ok, Report: { } report })
        {
            Done = report;
            FileContent = null;
            return Page();
        }
        Show(outcome);
        return Page();
    }

    private void Show(ResponseImportOutcome outcome)
    {
        if (outcome.Report is { } report)
        {
            Check = report;
        }
        else
        {
            ModelState.AddModelError(nameof(Upload), texts["ResponsesImport.Refused", outcome.Problem ?? outcome.Status.ToString()]);
        }
    }

    /// <summary>The wave, if the user may see it (same rules as the API: organisation, and a unit manager's units).</summary>
    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var organisationId = user.OrganisationId;
        var wave = await db.Waves.AsNoTracking().Where(w => w.Id == id && w.OrganisationId == organisationId)
            .Join(db.QuestionnaireVersions, w => w.QuestionnaireVersionId, v => v.Id, (w, v) => new { w.Name, w.UnitId, v.Definition })
            .FirstOrDefaultAsync(ct);
        var visible = await user.VisibleUnitsAsync(ct);
        if (wave is null || (visible is not null && wave.UnitId is { } unit && !visible.Contains(unit)))
        {
            return false;
        }
        WaveId = id;
        WaveName = wave.Name;
        Cells = [.. AnswerCheck.CellsOf(wave.Definition).Select(c => c.Key)];
        return true;
    }
}
