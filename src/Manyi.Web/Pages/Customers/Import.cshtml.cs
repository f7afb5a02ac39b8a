using System.Globalization;
using Manyi.Core.Audit;
using Manyi.Core.Customers;
using Manyi.Data;
using Manyi.Web.Features.Users;
using Manyi.Web.Pages.Units;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.Customers;

/// <summary>
/// <c>/customers/import</c>: upload → dry run listing every bad row (line, column, value, reason), nothing written → import
/// (only when clean) or "import the good rows" → result. The file travels back in the form so that no server keeps state between
/// the two steps; it is checked again before anything is written.
/// </summary>
[Authorize(Policy = Policies.WriteCustomers)]
[RequestFormLimits(MultipartBodyLengthLimit = 4 * ImportFile.MaxBytes, ValueLengthLimit = 4 * ImportFile.MaxBytes)]
[RequestSizeLimit(4 * ImportFile.MaxBytes)]
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

    public ImportCheck? Check { get; private set; }

    public int? Created { get; private set; }

    public int? Updated { get; private set; }

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
        if (Upload.Length > ImportFile.MaxBytes)
        {
            ModelState.AddModelError(nameof(Upload), t["Import.TooLarge", ImportFile.MaxBytes / 1024 / 1024]);
            return Page();
        }
        using var buffer = new MemoryStream();
        await Upload.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        FileName = Path.GetFileName(Upload.FileName);
        FileContent = Convert.ToBase64String(bytes);
        Check = await CheckAsync(FileName, bytes, ct);
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
        if (bytes.Length is 0 or > ImportFile.MaxBytes || string.IsNullOrEmpty(FileName))
        {
            ModelState.AddModelError(nameof(Upload), t["Import.NoFile"]);
            return Page();
        }
        Check = await CheckAsync(FileName, bytes, ct);
        if (Check.Rows.Count == 0 || (!Check.Clean && !GoodOnly))
        {
            // Nothing is written unless the file is clean or the user accepted the good rows.
            return Page();
        }
        var organisationId = user.OrganisationId;
        var now = clock.GetUtcNow();
        var codes = Check.Rows.Select(r => r.Code).ToList();
        var existing = await db.Customers.Where(c => c.OrganisationId == organisationId && codes.Contains(c.Code)).ToDictionaryAsync(c => c.Code, StringComparer.Ordinal, ct);
        int created = 0, updated = 0;
        foreach (var row in Check.Rows)
        {
            if (!existing.TryGetValue(row.Code, out var customer))
            {
                customer = new Customer { Id = Guid.NewGuid(), OrganisationId = organisationId, Code = row.Code, Name = row.Name, CreatedAt = now };
                db.Customers.Add(customer);
                created++;
            }
            else
            {
                updated++;
            }
            customer.Name = row.Name;
            customer.Type = row.Type;
            customer.Status = row.Status;
            customer.UnitId = row.UnitId;
            customer.Segment = row.Segment;
            customer.Tier = row.Tier;
            customer.Email = row.Email;
            customer.Phone = row.Phone;
            customer.Value = row.Value;
            foreach (var (name, value) in row.Attributes)
            {
                customer.Attributes[name] = value;
            }
            customer.UpdatedAt = now;
            customer.Version = Guid.NewGuid();
        }
        db.AuditEntries.Add(new AuditEntry
        {
            OrganisationId = organisationId,
            ActorId = user.ActorId,
            ActorName = user.ActorName,
            Action = "customers.import",
            Details = string.Create(CultureInfo.InvariantCulture, $"created {created}, updated {updated}, skipped bad rows {Check.Issues.Select(i => i.Line).Distinct().Count()}"),
            At = now,
        });
        // One SaveChanges: the whole import is one transaction, all rows or none.
        await db.SaveChangesAsync(ct);
        Created = created;
        Updated = updated;
        FileContent = null;
        return Page();
    }

    private async Task<ImportCheck> CheckAsync(string fileName, byte[] bytes, CancellationToken ct)
    {
        var units = await UnitScope.VisibleUnitsAsync(db, user, ct);
        var visible = await user.VisibleUnitsAsync(ct);
        var organisationId = user.OrganisationId;
        var visibleIds = visible?.ToList() ?? [];
        // A unit manager may not overwrite a customer of a unit outside its scope by naming its code.
        var outOfScope = visible is null
            ? new HashSet<string>(StringComparer.Ordinal)
            : (await db.Customers.AsNoTracking().Where(c => c.OrganisationId == organisationId && !visibleIds.Contains(c.UnitId)).Select(c => c.Code).ToListAsync(ct))
                .ToHashSet(StringComparer.Ordinal);
        return ImportFile.Check(fileName, bytes, units, outOfScope);
    }
}
