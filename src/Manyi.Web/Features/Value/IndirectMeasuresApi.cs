using System.Globalization;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Importing;
using Manyi.Web.Features.Reports;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Value;

/// <summary>Indirect measures per customer or group and period (product.md M6): import with dry run, list, delete; docs/indirect-measures.md.</summary>
public static partial class IndirectMeasuresApi
{
    /// <summary>Maps the routes of this part under the API group.</summary>
    public static IEndpointRouteBuilder MapIndirectMeasuresApi(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/customer-measures", CustomerBatchAsync).WithTags("Customer measures").WithName("PostCustomerMeasures")
            .WithSummary("A JSON batch of customer measures from another system (items: customer, measure, periodStart, periodEnd, value): mode=dry-run (default) or commit")
            .RequireAuthorization(Policies.WriteCustomers);
        var groups = api.MapGroup("/group-measures").WithTags("Group measures");
        groups.MapPost("/import", ImportAsync).WithName("ImportGroupMeasures")
            .WithSummary("Import group measures (unit, segment, measure, periodStart, periodEnd, value) from CSV or xlsx: mode=dry-run (default) or commit")
            .Accepts<Stream>("text/csv", CustomerExport.XlsxContentType)
            .RequireAuthorization(Policies.WriteCustomers);
        groups.MapPost("/", BatchAsync).WithName("PostGroupMeasures")
            .WithSummary("A JSON batch of group measures (items: unit, segment, measure, periodStart, periodEnd, value): mode=dry-run (default) or commit")
            .RequireAuthorization(Policies.WriteCustomers);
        groups.MapGet("/", ListAsync).WithName("ListGroupMeasures")
            .WithSummary("Group measures, filtered by unit code, segment, measure and period (from/to overlap), paged")
            .RequireAuthorization(Policies.ReadData);
        groups.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteGroupMeasure")
            .WithSummary("Delete one group measure")
            .RequireAuthorization(Policies.WriteCustomers);
        return api;
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
            return TypedResults.Problem("send the file as the request body with Content-Type text/csv or " + CustomerExport.XlsxContentType + " (or add format=csv|xlsx)",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported file type");
        }
        if (request.ContentLength > CustomerMeasureImport.MaxBytes)
        {
            return TooLarge();
        }
        var outcome = await IndirectMeasuresImport.RunAsync(db, user, clock, request.Body, fileFormat.Value, commit, accept, ct);
        return Result(outcome, logs, "file");
    }

    private static async Task<Results<Ok<ImportReport>, UnprocessableEntity<ImportReport>, ValidationProblem, ProblemHttpResult>> BatchAsync(
        string? mode, string? acceptGoodRows, MeasureBatch<GroupMeasureItem>? body, ManyiDbContext db, CurrentUser user, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var (commit, accept, _, errors) = ImportOptions.Parse(mode, acceptGoodRows, null);
        BatchErrors(body?.Items?.Count, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var outcome = await IndirectMeasuresImport.RunBatchAsync(db, user, clock, body!.Items!, commit, accept, ct);
        return Result(outcome, logs, "items");
    }

    private static async Task<Results<Ok<ImportReport>, UnprocessableEntity<ImportReport>, ValidationProblem, ProblemHttpResult>> CustomerBatchAsync(
        string? mode, string? acceptGoodRows, MeasureBatch<CustomerMeasureItem>? body, ManyiDbContext db, CurrentUser user, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var (commit, accept, _, errors) = ImportOptions.Parse(mode, acceptGoodRows, null);
        BatchErrors(body?.Items?.Count, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var outcome = await CustomerMeasureImport.RunBatchAsync(db, user, clock, body!.Items!, commit, accept, ct);
        return Result(outcome, logs, "items");
    }

    private static void BatchErrors(int? count, Dictionary<string, string[]> errors)
    {
        if (count is null or 0)
        {
            errors["items"] = ["items is required: a list of at least one measure"];
        }
        else if (count > IndirectMeasuresImport.MaxBatchItems)
        {
            errors["items"] = [string.Create(CultureInfo.InvariantCulture, $"at most {IndirectMeasuresImport.MaxBatchItems} items per batch")];
        }
    }

    private static Results<Ok<ImportReport>, UnprocessableEntity<ImportReport>, ValidationProblem, ProblemHttpResult> Result(CustomerMeasureImportOutcome outcome, ILoggerFactory logs, string field)
    {
        switch (outcome.Status)
        {
            case ImportStatus.Ok:
                Log.Imported(logs.CreateLogger("Manyi.Value"), outcome.Report!.Committed, outcome.Report.Rows, outcome.Report.New, outcome.Report.Updated, outcome.Report.Bad);
                return TypedResults.Ok(outcome.Report);
            case ImportStatus.NotClean:
                return TypedResults.UnprocessableEntity(outcome.Report);
            case ImportStatus.TooLarge:
                return TooLarge();
            default:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [outcome.Problem!] });
        }
    }

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem($"the file is larger than {CustomerMeasureImport.MaxBytes / (1024 * 1024)} MB; split it into smaller files", statusCode: StatusCodes.Status413PayloadTooLarge, title: "File too large");

    private static async Task<Results<Ok<GroupMeasurePage>, ValidationProblem>> ListAsync(
        string? unit, string? segment, string? measure, string? from, string? to, string? page, string? pageSize, ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var fromDay = MeasureQueries.Day(from, "from", errors);
        var toDay = MeasureQueries.Day(to, "to", errors);
        var pageNumber = MeasureQueries.Number(page, "page", 1, 1_000_000, 1, errors);
        var size = MeasureQueries.Number(pageSize, "pageSize", 1, CustomerMeasuresApi.MaxPageSize, CustomerMeasuresApi.DefaultPageSize, errors);
        if (unit is { Length: > 100 })
        {
            errors["unit"] = ["unit must be at most 100 characters"];
        }
        if (segment is { Length: > IndirectMeasuresImport.MaxSegmentLength })
        {
            errors["segment"] = [$"segment must be at most {IndirectMeasuresImport.MaxSegmentLength} characters"];
        }
        if (measure is { Length: > CustomerMeasureImport.MaxMeasureLength })
        {
            errors["measure"] = [$"measure must be at most {CustomerMeasureImport.MaxMeasureLength} characters"];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var result = await MeasureQueries.GroupPageAsync(db, user, new GroupMeasureFilter(unit?.Trim(), segment?.Trim(), measure?.Trim(), fromDay, toDay), pageNumber, size, ct);
        return TypedResults.Ok(result);
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(Guid id, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var organisationId = user.OrganisationId;
        var measure = await db.GroupMeasures.FirstOrDefaultAsync(m => m.Id == id && m.OrganisationId == organisationId, ct);
        var visible = await user.VisibleUnitsAsync(ct);
        if (measure is null || (visible is not null && (measure.UnitId is null || !visible.Contains(measure.UnitId.Value))))
        {
            return TypedResults.NotFound();
        }
        db.GroupMeasures.Remove(measure);
        AuditLog.Write(db, user, clock, "group-measure.delete", id.ToString("D", CultureInfo.InvariantCulture),
            string.Create(CultureInfo.InvariantCulture, $"measure={measure.Measure} periodStart={measure.PeriodStart:yyyy-MM-dd}"));
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static partial class Log
    {
        [LoggerMessage(7911, LogLevel.Information, "Indirect measures import (committed {Committed}): {Rows} rows, {New} new, {Updated} updated, {Bad} bad")]
        public static partial void Imported(ILogger logger, bool committed, int rows, int @new, int updated, int bad);
    }
}
