using System.Globalization;
using Manyi.Data;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Reports;
using Manyi.Web.Features.Users;
using Manyi.Web.Features.Value;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.Customers;

/// <summary>
/// <c>/customers/measures</c>: the indirect measures per customer and per group (docs/indirect-measures.md), filtered and paged;
/// two imports (customer file → <see cref="CustomerMeasureImport.RunAsync"/>, group file → <see cref="IndirectMeasuresImport.RunAsync"/>):
/// upload = dry run with the report of bad rows, then commit (clean file) or commit the good rows; delete of a group measure. The
/// forms need <see cref="Policies.WriteCustomers"/> like the API routes; the file travels back in the form (no server state).
/// </summary>
[Authorize(Policy = Policies.ReadData)]
[RequestFormLimits(MultipartBodyLengthLimit = 2 * CustomerMeasureImport.MaxBytes, ValueLengthLimit = (int)(2 * CustomerMeasureImport.MaxBytes))]
[RequestSizeLimit(2 * CustomerMeasureImport.MaxBytes)]
public sealed class MeasuresModel(ManyiDbContext db, CurrentUser user, TimeProvider clock, IAuthorizationService authorization, IStringLocalizer<IndirectMeasuresResource> m)
    : PageModel
{
    public const int PageSize = 50;

    /// <summary>Which import: customer or group.</summary>
    public const string CustomerKind = "customer";
    public const string GroupKind = "group";

    [BindProperty(SupportsGet = true)]
    public string? Measure { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Customer { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Unit { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "cpage")]
    public int CustomerPageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true, Name = "gpage")]
    public int GroupPageNumber { get; set; } = 1;

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public string? Kind { get; set; }

    [BindProperty]
    public string? FileName { get; set; }

    [BindProperty]
    public string? FileContent { get; set; }

    [BindProperty]
    public bool GoodOnly { get; set; }

    public bool CanWrite { get; private set; }

    public CustomerMeasurePage? Customers { get; private set; }

    public GroupMeasurePage? Groups { get; private set; }

    /// <summary>The dry run's (or a refused commit's) report, for <see cref="Kind"/>.</summary>
    public ImportReport? Check { get; private set; }

    /// <summary>The committed import's report.</summary>
    public ImportReport? Done { get; private set; }

    /// <summary>A problem with the file as a whole (not readable, too large), for <see cref="Kind"/>.</summary>
    public string? FileProblem { get; private set; }

    /// <summary>True after a group measure was deleted.</summary>
    public bool Deleted { get; private set; }

    public int GoodRows => Check is null ? 0 : Check.Rows - Check.Bad;

    public bool Clean => Check is not null && Check.Bad == 0 && Check.Rows > 0;

    /// <summary>The reason of an issue in the user's language (by its reason code), or the use case's English text.</summary>
    public string Reason(ImportIssue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var text = m["Reason." + issue.ReasonCode];
        return text.ResourceNotFound ? issue.Reason : text.Value;
    }

    /// <summary>The query string of the current filters with one page number changed.</summary>
    public string PageLink(string name, int page)
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parts.Add(key + "=" + Uri.EscapeDataString(value));
            }
        }
        Add("measure", Measure);
        Add("customer", Customer);
        Add("unit", Unit);
        Add("from", From);
        Add("to", To);
        Add("cpage", (string.Equals(name, "cpage", StringComparison.Ordinal) ? page : CustomerPageNumber).ToString(CultureInfo.InvariantCulture));
        Add("gpage", (string.Equals(name, "gpage", StringComparison.Ordinal) ? page : GroupPageNumber).ToString(CultureInfo.InvariantCulture));
        return "/customers/measures?" + string.Join("&", parts);
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCheckAsync(CancellationToken ct)
    {
        if (!await WriterAsync())
        {
            return Forbid();
        }
        if (!IsKind(Kind))
        {
            ModelState.AddModelError(nameof(Kind), m["Import.NoKind"]);
        }
        else if (Upload is null || Upload.Length == 0)
        {
            FileProblem = m["Import.NoFile"];
        }
        else if (Upload.Length > CustomerMeasureImport.MaxBytes)
        {
            FileProblem = m["Import.TooLarge", CustomerMeasureImport.MaxBytes / 1024 / 1024];
        }
        else
        {
            using var buffer = new MemoryStream();
            await Upload.CopyToAsync(buffer, ct);
            FileName = Path.GetFileName(Upload.FileName);
            FileContent = Convert.ToBase64String(buffer.ToArray());
            buffer.Position = 0;
            Show(await RunAsync(buffer, Format(FileName, Upload.ContentType), false, false, ct));
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(CancellationToken ct)
    {
        if (!await WriterAsync())
        {
            return Forbid();
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
        if (!IsKind(Kind))
        {
            ModelState.AddModelError(nameof(Kind), m["Import.NoKind"]);
        }
        else if (bytes.Length == 0 || string.IsNullOrEmpty(FileName))
        {
            FileProblem = m["Import.NoFile"];
        }
        else
        {
            using var file = new MemoryStream(bytes);
            // The use case writes nothing unless the file is clean or the user accepted the good rows.
            var outcome = await RunAsync(file, Format(FileName, null), true, GoodOnly, ct);
            if (outcome is { Status: ImportStatus.Ok, Report: { } report })
            {
                Done = report;
                FileContent = null;
            }
            else
            {
                Show(outcome);
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        if (!await WriterAsync())
        {
            return Forbid();
        }
        if (!await GroupMeasureDeletion.DeleteAsync(db, user, clock, id, ct))
        {
            return NotFound();
        }
        Deleted = true;
        await LoadAsync(ct);
        return Page();
    }

    private async Task<bool> WriterAsync() => (await authorization.AuthorizeAsync(User, Policies.WriteCustomers)).Succeeded;

    private static bool IsKind(string? kind) => string.Equals(kind, CustomerKind, StringComparison.Ordinal) || string.Equals(kind, GroupKind, StringComparison.Ordinal);

    private Task<CustomerMeasureImportOutcome> RunAsync(Stream file, ImportFormat format, bool commit, bool acceptGoodRows, CancellationToken ct) =>
        string.Equals(Kind, GroupKind, StringComparison.Ordinal)
            ? IndirectMeasuresImport.RunAsync(db, user, clock, file, format, commit, acceptGoodRows, ct)
            : CustomerMeasureImport.RunAsync(db, user, clock, file, format, commit, acceptGoodRows, ct);

    private void Show(CustomerMeasureImportOutcome outcome)
    {
        if (outcome.Report is { } report)
        {
            Check = report;
        }
        else
        {
            FileProblem = outcome.Status == ImportStatus.TooLarge
                ? m["Import.TooLarge", CustomerMeasureImport.MaxBytes / 1024 / 1024]
                : m["Import.Unreadable", outcome.Problem ?? string.Empty];
        }
    }

    private static ImportFormat Format(string fileName, string? contentType) => CustomerImport.FormatOf(fileName, contentType) ?? ImportFormat.Csv;

    /// <summary>The two lists with the filters; a bad filter is named in the validation summary and shows empty lists.</summary>
    private async Task LoadAsync(CancellationToken ct)
    {
        CanWrite = await WriterAsync();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var from = MeasureQueries.Day(From, "from", errors);
        var to = MeasureQueries.Day(To, "to", errors);
        if (Measure is { Length: > CustomerMeasureImport.MaxMeasureLength } || Customer is { Length: > 100 } || Unit is { Length: > 100 })
        {
            errors["filter"] = ["too long"];
        }
        if (errors.Count > 0)
        {
            foreach (var key in errors.Keys)
            {
                ModelState.AddModelError(key, m["Filter.Bad." + key]);
            }
            return;
        }
        CustomerPageNumber = Math.Clamp(CustomerPageNumber, 1, 1_000_000);
        GroupPageNumber = Math.Clamp(GroupPageNumber, 1, 1_000_000);
        var measure = string.IsNullOrWhiteSpace(Measure) ? null : Measure.Trim();
        var unit = string.IsNullOrWhiteSpace(Unit) ? null : Unit.Trim();
        Customers = await MeasureQueries.CustomerPageAsync(db, user, new CustomerMeasureFilter(Customer?.Trim(), unit, measure, from, to), CustomerPageNumber, PageSize, ct);
        // Group measures have no customer: with a customer filter the group list stays empty.
        Groups = string.IsNullOrWhiteSpace(Customer)
            ? await MeasureQueries.GroupPageAsync(db, user, new GroupMeasureFilter(unit, null, measure, from, to), GroupPageNumber, PageSize, ct)
            : new GroupMeasurePage([], 1, PageSize, 0);
    }
}
