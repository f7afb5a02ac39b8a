using System.Globalization;
using Manyi.Data;
using Manyi.Web.Features.Importing;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Manyi.Web.Features.Customers;

/// <summary>The /api/v1/customers routes (product.md M2): list, read, create, replace (If-Match), delete, import, export.</summary>
public static partial class CustomersApi
{
    public static RouteGroupBuilder MapCustomersApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var customers = api.MapGroup("/customers").WithTags("Customers");
        customers.MapGet("", ListAsync).WithName("ListCustomers").WithSummary("Search customers (filter, sort, page)").RequireAuthorization(Policies.ReadData);
        customers.MapGet("/{id:guid}", GetAsync).WithName("GetCustomer").WithSummary("Read one customer; the ETag header is its version").RequireAuthorization(Policies.ReadData);
        customers.MapPost("", CreateAsync).WithName("CreateCustomer").WithSummary("Create a customer").RequireAuthorization(Policies.WriteCustomers);
        customers.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateCustomer").WithSummary("Replace a customer; needs If-Match with its ETag")
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired).RequireAuthorization(Policies.WriteCustomers);
        customers.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteCustomer").WithSummary("Delete a customer (If-Match optional)")
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).RequireAuthorization(Policies.WriteCustomers);
        customers.MapPost("/import", ImportAsync).WithName("ImportCustomers").WithSummary("Import a CSV or xlsx file: mode=dry-run (default) or commit")
            .Accepts<Stream>("text/csv", CustomerExport.XlsxContentType)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .RequireAuthorization(Policies.WriteCustomers);
        customers.MapGet("/export", ExportAsync).WithName("ExportCustomers").WithSummary("Export the customers that match the filter as CSV or xlsx")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").Produces(StatusCodes.Status200OK, contentType: CustomerExport.XlsxContentType)
            .RequireAuthorization(Policies.ExportData);
        return api;
    }

    private static async Task<Results<Ok<CustomerPage>, ValidationProblem>> ListAsync(
        [AsParameters] CustomerListQuery query, ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        var (filter, errors) = CustomerFilter.Parse(query);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var result = await CustomerQueries.SearchAsync(db, user, filter, ct);
        return result.Outcome == Outcome.Ok ? TypedResults.Ok(result.Value) : TypedResults.ValidationProblem(result.Errors);
    }

    private static async Task<Results<Ok<CustomerDto>, NotFound>> GetAsync(Guid id, ManyiDbContext db, CurrentUser user, HttpResponse response, CancellationToken ct)
    {
        var customer = await CustomerQueries.GetAsync(db, user, id, ct);
        if (customer is null)
        {
            return TypedResults.NotFound();
        }
        response.Headers.ETag = ETag(customer.Version);
        return TypedResults.Ok(customer);
    }

    private static async Task<Results<Created<CustomerDto>, ValidationProblem>> CreateAsync(
        CustomerInput input, ManyiDbContext db, CurrentUser user, TimeProvider clock, HttpResponse response, CancellationToken ct)
    {
        var result = await CustomerCommands.CreateAsync(db, user, clock, input, ct);
        if (result.Outcome != Outcome.Ok)
        {
            return TypedResults.ValidationProblem(result.Errors);
        }
        response.Headers.ETag = ETag(result.Value!.Version);
        return TypedResults.Created($"/api/v1/customers/{result.Value.Id}", result.Value);
    }

    private static async Task<Results<Ok<CustomerDto>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, CustomerInput input, HttpRequest request, ManyiDbContext db, CurrentUser user, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var ifMatch = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return TypedResults.Problem("send the customer's ETag (from GET) in an If-Match header to replace it", statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match required");
        }
        var expected = ParseETag(ifMatch);
        if (expected is null)
        {
            return Stale();
        }
        var result = await CustomerCommands.UpdateAsync(db, user, clock, id, expected.Value, input, ct);
        switch (result.Outcome)
        {
            case Outcome.NotFound:
                return TypedResults.NotFound();
            case Outcome.Stale:
                Log.StaleUpdate(logs.CreateLogger(LogCategory), id);
                return Stale();
            case Outcome.Invalid:
                return TypedResults.ValidationProblem(result.Errors);
            default:
                request.HttpContext.Response.Headers.ETag = ETag(result.Value!.Version);
                return TypedResults.Ok(result.Value);
        }
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteAsync(
        Guid id, HttpRequest request, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var ifMatch = request.Headers.IfMatch.ToString();
        Guid? expected = null;
        if (!string.IsNullOrWhiteSpace(ifMatch))
        {
            expected = ParseETag(ifMatch);
            if (expected is null)
            {
                return Stale();
            }
        }
        var result = await CustomerCommands.DeleteAsync(db, user, clock, id, expected, ct);
        return result.Outcome switch
        {
            Outcome.NotFound => TypedResults.NotFound(),
            Outcome.Stale => Stale(),
            _ => TypedResults.NoContent(),
        };
    }

    private static async Task<Results<Ok<ImportReport>, UnprocessableEntity<ImportReport>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        string? mode, string? acceptGoodRows, string? format, HttpRequest request, ManyiDbContext db, CurrentUser user, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var (commit, accept, fileFormat, errors) = ImportOptions.Parse(mode, acceptGoodRows, format);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        fileFormat ??= CustomerImport.FormatOf(null, request.ContentType);
        if (fileFormat is null)
        {
            return TypedResults.Problem("send the file as the request body with Content-Type text/csv or "
                + CustomerExport.XlsxContentType + " (or add format=csv|xlsx)", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported file type");
        }
        if (request.ContentLength > CustomerImport.MaxBytes)
        {
            return TooLarge();
        }
        var outcome = commit
            ? await CustomerImport.CommitAsync(db, user, clock, request.Body, fileFormat.Value, accept, ct)
            : await CustomerImport.DryRunAsync(db, user, request.Body, fileFormat.Value, ct);
        var log = logs.CreateLogger(LogCategory);
        switch (outcome.Status)
        {
            case ImportStatus.Ok:
                var report = outcome.Report!;
                Log.Imported(log, report.Committed, report.Rows, report.New, report.Updated, report.Unchanged, report.Bad);
                return TypedResults.Ok(report);
            case ImportStatus.NotClean:
                Log.ImportRefused(log, outcome.Report!.Bad);
                return TypedResults.UnprocessableEntity(outcome.Report);
            case ImportStatus.TooLarge:
                return TooLarge();
            case ImportStatus.Conflict:
                return TypedResults.Problem(outcome.Problem, statusCode: StatusCodes.Status409Conflict, title: "Import conflict");
            default:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["file"] = [outcome.Problem!] });
        }
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem>> ExportAsync(
        [AsParameters] CustomerListQuery query, string? format, ManyiDbContext db, CurrentUser user, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var (filter, errors) = CustomerFilter.Parse(query);
        errors.Remove("page");
        errors.Remove("pageSize");
        var exportFormat = (format ?? "csv").ToLowerInvariant() switch
        {
            "csv" => ExportFormat.Csv,
            "xlsx" => (ExportFormat?)ExportFormat.Xlsx,
            _ => null,
        };
        if (exportFormat is null)
        {
            errors["format"] = ["format must be csv or xlsx"];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var result = exportFormat == ExportFormat.Csv
            ? await CustomerExport.WriteCsvAsync(db, user, clock, filter, ct)
            : await CustomerExport.WriteExcelAsync(db, user, clock, filter, ct);
        if (result.Outcome != Outcome.Ok)
        {
            return TypedResults.ValidationProblem(result.Errors);
        }
        Log.Exported(logs.CreateLogger(LogCategory), exportFormat.GetValueOrDefault().ToString(), result.Value!.Rows);
        return TypedResults.File(result.Value.Content, result.Value.ContentType, result.Value.FileName);
    }

    private const string LogCategory = "Manyi.Customers";

    /// <summary>The ETag of a customer version: the version id in quotes (a strong validator).</summary>
    public static string ETag(Guid version) => "\"" + version.ToString("D", CultureInfo.InvariantCulture) + "\"";

    /// <summary>The version in an If-Match header (<c>"id"</c>, <c>W/"id"</c> or a bare id); null when it names none.</summary>
    public static Guid? ParseETag(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (!EntityTagHeaderValue.TryParseList([header], out var tags) || tags.Count != 1)
        {
            return Guid.TryParse(header.Trim(), out var bare) ? bare : null;
        }
        var tag = tags[0].Tag.ToString().Trim('"');
        return Guid.TryParse(tag, out var version) ? version : null;
    }

    private static ProblemHttpResult Stale() =>
        TypedResults.Problem("the customer was changed since you read it; nothing was saved — read it again and repeat your change", statusCode: StatusCodes.Status412PreconditionFailed, title: "Stale ETag");

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem($"the file is larger than {CustomerImport.MaxBytes / (1024 * 1024)} MB; split it into smaller files", statusCode: StatusCodes.Status413PayloadTooLarge, title: "File too large");

    private static partial class Log
    {
        [LoggerMessage(1001, LogLevel.Information, "Customer {CustomerId}: update refused, the If-Match version is stale")]
        public static partial void StaleUpdate(ILogger logger, Guid customerId);

        [LoggerMessage(1002, LogLevel.Information, "Customer import (committed: {Committed}): {Rows} rows, {New} new, {Updated} updated, {Unchanged} unchanged, {Bad} bad")]
        public static partial void Imported(ILogger logger, bool committed, int rows, int @new, int updated, int unchanged, int bad);

        [LoggerMessage(1003, LogLevel.Information, "Customer import refused: {Bad} bad rows and the good rows were not accepted")]
        public static partial void ImportRefused(ILogger logger, int bad);

        [LoggerMessage(1004, LogLevel.Information, "Customer export as {Format}: {Rows} rows")]
        public static partial void Exported(ILogger logger, string format, int rows);
    }
}
