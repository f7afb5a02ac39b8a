using Manyi.Data;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Importing;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Manyi.Web.Features.Cases;

/// <summary>The bulk channels of the cases API: file import and inbound e-mail.</summary>
public static partial class CasesApi
{
    private static async Task<Results<Ok<CaseImportReport>, UnprocessableEntity<CaseImportReport>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        string? mode, string? commit, string? acceptGoodRows, string? format, HttpRequest request, ManyiDbContext db, CurrentUser user, TimeProvider clock,
        ILoggerFactory logs, CancellationToken ct)
    {
        var (doCommit, accept, fileFormat, errors) = ImportOptions.Parse(mode, acceptGoodRows, format);
        if (!string.IsNullOrWhiteSpace(commit))
        {
            if (bool.TryParse(commit, out var c))
            {
                doCommit |= c;
            }
            else
            {
                errors["commit"] = ["commit must be true or false"];
            }
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (request.ContentLength > CaseImport.MaxBytes)
        {
            return ImportTooLarge();
        }
        byte[]? content;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.GetFile("file");
            if (file is null)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["file"] = ["send the file in the form field 'file'"] });
            }
            fileFormat ??= CustomerImport.FormatOf(file.FileName, file.ContentType);
            await using var stream = file.OpenReadStream();
            content = await ImportTable.ReadLimitedAsync(stream, CaseImport.MaxBytes, ct);
        }
        else
        {
            fileFormat ??= CustomerImport.FormatOf(null, request.ContentType);
            if (fileFormat is null)
            {
                return TypedResults.Problem("send the file as the request body with Content-Type text/csv or " + CustomerExport.XlsxContentType
                    + " (or add format=csv|xlsx), or as the multipart field 'file'", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported file type");
            }
            content = await ImportTable.ReadLimitedAsync(request.Body, CaseImport.MaxBytes, ct);
        }
        if (content is null)
        {
            return ImportTooLarge();
        }
        var outcome = await CaseImport.RunAsync(db, user, clock, content, fileFormat ?? (ImportTable.LooksLikeXlsx(content) ? ImportFormat.Xlsx : ImportFormat.Csv), doCommit, accept, ct);
        switch (outcome.Status)
        {
            case ImportStatus.Ok:
                Log.Imported(logs.CreateLogger(LogCategory), outcome.Report!.Committed, outcome.Report.Rows, outcome.Report.Created, outcome.Report.Existing, outcome.Report.Bad);
                return TypedResults.Ok(outcome.Report);
            case ImportStatus.NotClean:
                return TypedResults.UnprocessableEntity(outcome.Report);
            case ImportStatus.Conflict:
                return TypedResults.Problem(outcome.Problem, statusCode: StatusCodes.Status409Conflict, title: "Import conflict");
            default:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["file"] = [outcome.Problem!] });
        }
    }

    private static ProblemHttpResult ImportTooLarge() =>
        TypedResults.Problem($"the file is larger than {CaseImport.MaxBytes / (1024 * 1024)} MB; split it into smaller files", statusCode: StatusCodes.Status413PayloadTooLarge, title: "File too large");

    private static async Task<Results<Created<CaseDetails>, Ok<CaseDetails>, ValidationProblem, ProblemHttpResult>> EmailAsync(
        HttpContext http, ManyiDbContext db, CurrentUser user, IConfiguration configuration, TimeProvider clock, IAuthorizationService auth, ILoggerFactory logs, CancellationToken ct)
    {
        if (http.Request.ContentLength > CaseEmailIntake.MaxBytes)
        {
            return EmailTooLarge();
        }
        var outcome = await CaseEmailIntake.RunAsync(db, user, configuration, clock, http.Request.Body, ct);
        if (outcome.TooLarge)
        {
            return EmailTooLarge();
        }
        if (outcome.Case is not { } c)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { [outcome.Field!] = [outcome.Problem!] });
        }
        Log.Emailed(logs.CreateLogger(LogCategory), c.Id, outcome.Replayed);
        var rules = await CaseRules.LoadAsync(db, user.OrganisationId, ct);
        var details = await CaseQueries.DetailsAsync(db, c, rules, user, await MayHandleAsync(auth, http), clock.GetUtcNow(), ct);
        http.Response.Headers.ETag = CustomersApi.ETag(c.Version);
        if (outcome.Replayed)
        {
            http.Response.Headers[ReplayedHeader] = "true";
            return TypedResults.Ok(details);
        }
        return TypedResults.Created($"/api/v1/cases/{c.Id}", details);
    }

    private static ProblemHttpResult EmailTooLarge() =>
        TypedResults.Problem($"the message is larger than {CaseEmailIntake.MaxBytes / 1024} KB", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Message too large");
}
