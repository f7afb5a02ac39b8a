using System.Globalization;
using System.Security.Cryptography;
using Manyi.Core.Collection;
using Manyi.Core.Exports;
using Manyi.Core.Surveys;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Importing;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Responses;

/// <summary>How a response import ended.</summary>
public enum ResponseImportStatus
{
    /// <summary>Dry run done, or commit written (<see cref="ResponseImportReport.Committed"/>).</summary>
    Ok,

    /// <summary>Commit refused: bad rows and the good ones were not accepted. Nothing was written.</summary>
    NotClean,

    /// <summary>The file cannot be read or its header is wrong; <see cref="ResponseImportOutcome.Problem"/> says why.</summary>
    Malformed,

    NotFound,

    /// <summary>The wave takes no answers now.</summary>
    NotAccepting,

    /// <summary>Rows of the file were stored by someone else meanwhile (the same file imported twice at once); nothing written.</summary>
    Conflict,
}

/// <summary>One bad cell: the file's line (1 = header), the column as the header names it, its text, the reason code and message.</summary>
public sealed record ResponseImportIssue(int Line, string Column, string? Value, string ReasonCode, string Message);

/// <summary>
/// What an import found (dry run) or did (commit): data rows, rows new to the wave, rows stored by an earlier import of the same
/// file (skipped), bad rows, and every bad cell.
/// </summary>
public sealed record ResponseImportReport(bool Committed, int Rows, int New, int AlreadyStored, int Bad, IReadOnlyList<ResponseImportIssue> Issues);

public sealed record ResponseImportOutcome(ResponseImportStatus Status, ResponseImportReport? Report = null, string? Problem = null, string? ProblemCode = null);

/// <summary>The reason codes of import issues beyond the answer reasons of <see cref="AnswerReasons"/>.</summary>
public static class ResponseImportReasons
{
    public const string CustomerUnknown = "customer-unknown";
    public const string UnitUnknown = "unit-unknown";
    public const string UnitRequired = "unit-required";
    public const string NotADate = "not-a-date";
    public const string QuotaReached = "quota-reached";
    public const string RowTooWide = "row-too-wide";
}

/// <summary>
/// Import of answers gathered elsewhere (paper, another tool) into a wave from CSV (UTF-8, BOM optional) or .xlsx (product.md M4;
/// columns in docs/formats/responses.md): the answer cells of the questionnaire (<see cref="AnswerCheck.CellsOf(QuestionnaireDefinition)"/>)
/// plus optional <c>customer</c>, <c>unit</c>, <c>submitted_at</c>, <c>external_reference</c>. Each row is checked by
/// <see cref="AnswerCheck"/> exactly like the respondent pages. Nothing is stored unless the file is clean or the good rows are
/// accepted; the commit is one transaction; each row's idempotency key <c>import:{sha256 of file}:{line}</c> makes a second
/// import of the same file store nothing new.
/// </summary>
public sealed class ResponseImport(ManyiDbContext db, CurrentUser user, WaveDefinitions waves, TimeProvider clock)
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MaxRows = 50_000;
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The optional columns besides the answer cells.</summary>
    public static IReadOnlyList<string> ExtraColumns { get; } = ["customer", "unit", "submitted_at", "external_reference"];

    /// <summary>A problem with the upload itself (status 400, 413 or 415) and its message.</summary>
    public readonly record struct UploadProblem(int Status, string Message);

    /// <summary>
    /// The uploaded file: a multipart form field <c>file</c> (or the first file), or the request body sent as text/csv or xlsx.
    /// A multipart upload of a signed-in browser must carry the antiforgery token (a form post from another site cannot).
    /// </summary>
    public static async Task<(byte[]? Content, string? FileName, UploadProblem? Problem)> ReadUploadAsync(HttpRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.HasFormContentType)
        {
            if (request.HttpContext.User.Identity?.AuthenticationType != ApiKeyFormat.Scheme)
            {
                var antiforgery = request.HttpContext.RequestServices.GetRequiredService<IAntiforgery>();
                if (!await antiforgery.IsRequestValidAsync(request.HttpContext))
                {
                    return (null, null, new UploadProblem(StatusCodes.Status400BadRequest, "a form upload from a browser needs the page's antiforgery token; machine clients send an API key"));
                }
            }
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(ct);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
            {
                return (null, null, new UploadProblem(StatusCodes.Status400BadRequest, "the multipart form cannot be read; send the file in a field named 'file'"));
            }
            var upload = form.Files.GetFile("file") ?? (form.Files.Count > 0 ? form.Files[0] : null);
            if (upload is null || upload.Length == 0)
            {
                return (null, null, new UploadProblem(StatusCodes.Status400BadRequest, "send the file in a multipart field named 'file'"));
            }
            if (upload.Length > MaxBytes)
            {
                return (null, null, new UploadProblem(StatusCodes.Status413PayloadTooLarge, "too large"));
            }
            using var buffer = new MemoryStream();
            await upload.CopyToAsync(buffer, ct);
            return (buffer.ToArray(), Path.GetFileName(upload.FileName), null);
        }
        var type = request.ContentType?.Split(';')[0].Trim() ?? string.Empty;
        if (!type.Equals("text/csv", StringComparison.OrdinalIgnoreCase) && !type.Equals(XlsxContentType, StringComparison.OrdinalIgnoreCase))
        {
            return (null, null, new UploadProblem(StatusCodes.Status415UnsupportedMediaType, "send the file as multipart/form-data (field 'file') or as the body with Content-Type text/csv or " + XlsxContentType));
        }
        var content = await ImportTable.ReadLimitedAsync(request.Body, MaxBytes, ct);
        if (content is null)
        {
            return (null, null, new UploadProblem(StatusCodes.Status413PayloadTooLarge, "too large"));
        }
        if (content.Length == 0)
        {
            return (null, null, new UploadProblem(StatusCodes.Status400BadRequest, "the request body is empty: send the file"));
        }
        return (content, type.Equals("text/csv", StringComparison.OrdinalIgnoreCase) ? "upload.csv" : "upload.xlsx", null);
    }

    /// <summary>Checks the file against the wave and reports (dry run), or stores its rows (commit); see <see cref="ResponseImportStatus"/>.</summary>
    public async Task<ResponseImportOutcome> RunAsync(Guid waveId, byte[] content, string? fileName, bool commit, bool acceptGoodRows, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        var wave = await waves.GetAsync(db, waveId, ct);
        var visible = await user.VisibleUnitsAsync(ct);
        if (wave is null || wave.OrganisationId != user.OrganisationId || (visible is not null && wave.UnitId is { } waveUnit && !visible.Contains(waveUnit)))
        {
            return new(ResponseImportStatus.NotFound);
        }
        var now = clock.GetUtcNow();
        if (ResponseIntake.NotAccepting(wave, now) is { } closed)
        {
            return new(ResponseImportStatus.NotAccepting, Problem: closed);
        }
        var xlsx = fileName?.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ?? ImportTable.LooksLikeXlsx(content);
        var table = ImportTable.Read(content, xlsx || ImportTable.LooksLikeXlsx(content), MaxRows);
        if (table.Problem is not null)
        {
            return new(ResponseImportStatus.Malformed, Problem: table.Problem, ProblemCode: table.ProblemCode);
        }
        var cells = AnswerCheck.CellsOf(wave.Definition).Select(c => c.Key).ToList();
        var (columns, headerProblem) = ReadHeader(table.Header!, cells);
        if (headerProblem is not null)
        {
            return new(ResponseImportStatus.Malformed, Problem: headerProblem, ProblemCode: "badHeader");
        }
        var rows = table.Rows!.Where(r => r.Cells.Any(c => !string.IsNullOrWhiteSpace(c)))
            .Select(r => r with { Cells = [.. r.Cells.Select(SpreadsheetText.Restore)] }).ToList();

        var fileKey = "import:" + Convert.ToHexStringLower(SHA256.HashData(content)) + ":";
        var organisationId = user.OrganisationId;
        var stored = (await db.Responses.AsNoTracking().Where(r => r.WaveId == wave.Id && r.IdempotencyKey!.StartsWith(fileKey))
            .Select(r => r.IdempotencyKey!).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var units = (await db.Units.AsNoTracking().Where(u => u.OrganisationId == organisationId).Select(u => new { u.Code, u.Id }).ToListAsync(ct))
            .GroupBy(u => u.Code, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.OrdinalIgnoreCase);
        var customers = new Dictionary<string, (Guid Id, Guid UnitId, string? Segment)>(StringComparer.Ordinal);
        if (columns!.TryGetValue("customer", out var customerColumn))
        {
            var index = customerColumn.Index;
            var codes = rows.Select(r => index < r.Cells.Length ? r.Cells[index].Trim() : string.Empty).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            foreach (var slice in codes.Chunk(1000))
            {
                foreach (var c in await db.Customers.AsNoTracking().Where(c => c.OrganisationId == organisationId && slice.Contains(c.Code))
                    .Select(c => new { c.Code, c.Id, c.UnitId, c.Segment }).ToListAsync(ct))
                {
                    customers[c.Code] = (c.Id, c.UnitId, c.Segment);
                }
            }
        }
        var quotaCounts = new Dictionary<string, int>(StringComparer.Ordinal);

        var issues = new List<ResponseImportIssue>();
        var created = new List<Response>();
        int bad = 0, already = 0;
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            var rowIssues = new List<ResponseImportIssue>();
            string Cell(string key) => columns.TryGetValue(key, out var c) && c.Index < row.Cells.Length ? row.Cells[c.Index].Trim() : string.Empty;
            void Issue(string key, string code, string message) => rowIssues.Add(new(row.Line, columns[key].Header, Cell(key), code, message));

            if (row.Cells.Length > table.Header!.Length && row.Cells.Skip(table.Header.Length).Any(c => !string.IsNullOrWhiteSpace(c)))
            {
                rowIssues.Add(new(row.Line, "(row)", null, ResponseImportReasons.RowTooWide,
                    string.Create(CultureInfo.InvariantCulture, $"the row has {row.Cells.Length} cells but the header names {table.Header.Length} columns")));
            }
            var answers = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var cell in cells.Where(columns.ContainsKey))
            {
                answers[cell] = Cell(cell);
            }
            var check = AnswerCheck.Validate(wave.Definition, answers, complete: true);
            foreach (var issue in check.Issues)
            {
                // A missing required answer whose column is absent is reported on the question's first cell column name.
                var column = columns.TryGetValue(issue.Cell, out var c) ? c.Header : issue.Cell;
                rowIssues.Add(new(row.Line, column, answers.GetValueOrDefault(issue.Cell), issue.Reason, issue.Message));
            }

            Guid? customerId = null;
            string? segment = null;
            Guid? unitId = null;
            if (Cell("customer") is { Length: > 0 } code)
            {
                if (customers.TryGetValue(code, out var customer) && (visible is null || visible.Contains(customer.UnitId)))
                {
                    (customerId, unitId, segment) = (customer.Id, customer.UnitId, customer.Segment);
                }
                else
                {
                    Issue("customer", ResponseImportReasons.CustomerUnknown, "customer must be the code of a customer within your units");
                }
            }
            if (Cell("unit") is { Length: > 0 } unitCode)
            {
                if (units.TryGetValue(unitCode, out var unit) && (visible is null || visible.Contains(unit)))
                {
                    unitId = unit;
                }
                else
                {
                    Issue("unit", ResponseImportReasons.UnitUnknown, "unit must be the code of a unit within your units");
                }
            }
            unitId ??= wave.UnitId;
            if (visible is not null && unitId is null && !rowIssues.Any(i => i.ReasonCode == ResponseImportReasons.UnitUnknown))
            {
                rowIssues.Add(new(row.Line, columns.TryGetValue("unit", out var u) ? u.Header : "unit", null, ResponseImportReasons.UnitRequired, "unit is required: the code of one of your units"));
            }
            var submittedAt = now;
            if (Cell("submitted_at") is { Length: > 0 } when)
            {
                if (DateTimeOffset.TryParse(when, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
                {
                    submittedAt = at;
                }
                else
                {
                    Issue("submitted_at", ResponseImportReasons.NotADate, "submitted_at must be a date or time, e.g. 2026-11-27 or 2026-11-27T08:30:00Z");
                }
            }
            var reference = Cell("external_reference");
            if (reference.Length > ResponseIntake.MaxReferenceLength)
            {
                Issue("external_reference", AnswerReasons.TooLong, string.Create(CultureInfo.InvariantCulture, $"external_reference must be at most {ResponseIntake.MaxReferenceLength} characters"));
            }
            var key = fileKey + row.Line.ToString(CultureInfo.InvariantCulture);
            if (rowIssues.Count == 0 && !stored.Contains(key) && segment is not null && ResponseIntake.QuotaOf(wave, segment) is { } quota)
            {
                if (!quotaCounts.TryGetValue(segment, out var taken))
                {
                    taken = await ResponseIntake.CountInSegmentAsync(db, wave.Id, segment, ct);
                }
                if (taken >= quota)
                {
                    Issue("customer", ResponseImportReasons.QuotaReached, ResponseIntake.QuotaReached(segment, quota));
                }
                quotaCounts[segment] = taken + 1;
            }
            if (rowIssues.Count > 0)
            {
                bad++;
                issues.AddRange(rowIssues);
                continue;
            }
            if (stored.Contains(key))
            {
                already++;
                continue;
            }
            created.Add(new Response
            {
                Id = Guid.CreateVersion7(now),
                OrganisationId = wave.OrganisationId,
                WaveId = wave.Id,
                QuestionnaireVersionId = wave.QuestionnaireVersionId,
                Channel = ResponseChannel.Import,
                Status = ResponseStatus.Complete,
                CustomerId = customerId,
                UnitId = unitId,
                IdempotencyKey = key,
                ExternalReference = reference.Length == 0 ? null : reference,
                Answers = new Dictionary<string, string>(check.Answers, StringComparer.Ordinal),
                StartedAt = submittedAt,
                UpdatedAt = now,
                SubmittedAt = submittedAt,
            });
        }

        var report = new ResponseImportReport(false, rows.Count, created.Count, already, bad, issues);
        if (!commit)
        {
            return new(ResponseImportStatus.Ok, report);
        }
        if (bad > 0 && !acceptGoodRows)
        {
            return new(ResponseImportStatus.NotClean, report);
        }
        report = report with { Committed = true };
        if (created.Count > 0)
        {
            db.Responses.AddRange(created);
        }
        AuditLog.Write(db, user, clock, "responses.import", "wave:" + wave.Id.ToString(),
            string.Create(CultureInfo.InvariantCulture, $"format={(xlsx ? "xlsx" : "csv")} rows={report.Rows} new={report.New} alreadyStored={report.AlreadyStored} bad={report.Bad} acceptGoodRows={acceptGoodRows.ToString().ToLowerInvariant()}"));
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            if (created.Count > 0)
            {
                await db.QuestionnaireVersions.Where(v => v.Id == wave.QuestionnaireVersionId && !v.HasResponses)
                    .ExecuteUpdateAsync(s => s.SetProperty(v => v.HasResponses, true), ct);
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (ResponseIntake.IsUniqueViolation(e))
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return new(ResponseImportStatus.Conflict, Problem: "rows of this file were stored meanwhile by another import of the same file; nothing was written — run the import again to see what is left");
        }
        return new(ResponseImportStatus.Ok, report);
    }

    private sealed record Column(int Index, string Header);

    private static (Dictionary<string, Column>? Columns, string? Problem) ReadHeader(string[] header, IReadOnlyList<string> cells)
    {
        var width = header.Length;
        while (width > 0 && string.IsNullOrWhiteSpace(header[width - 1]))
        {
            width--;
        }
        var columns = new Dictionary<string, Column>(StringComparer.Ordinal);
        for (var i = 0; i < width; i++)
        {
            var text = header[i].Trim();
            var key = cells.FirstOrDefault(c => string.Equals(c, text, StringComparison.Ordinal))
                ?? ExtraColumns.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase));
            if (key is null)
            {
                return (null, string.Create(CultureInfo.InvariantCulture,
                    $"line 1, column {i + 1}: unknown column '{text}'; the columns are the answer cells ({string.Join(", ", cells)}) and {string.Join(", ", ExtraColumns)}"));
            }
            if (!columns.TryAdd(key, new Column(i, text)))
            {
                return (null, string.Create(CultureInfo.InvariantCulture, $"line 1, column {i + 1}: column '{text}' appears twice"));
            }
        }
        if (!columns.Keys.Any(cells.Contains))
        {
            return (null, "line 1: the header names no answer cell of the questionnaire (" + string.Join(", ", cells) + ")");
        }
        return (columns, null);
    }

}
