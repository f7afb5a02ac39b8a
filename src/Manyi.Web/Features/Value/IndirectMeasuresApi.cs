using Manyi.Data;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Reports;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;

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

    private static Task<Results<Ok<ImportReport>, UnprocessableEntity<ImportReport>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        string? mode, string? acceptGoodRows, string? format, HttpRequest request, ManyiDbContext db, CurrentUser user, TimeProvider clock, ILoggerFactory logs, CancellationToken ct) =>
        MeasureImportRoute.FileAsync(mode, acceptGoodRows, format, request,
            (body, fileFormat, commit, accept) => IndirectMeasuresImport.RunAsync(db, user, clock, body, fileFormat, commit, accept, ct), Imported(logs));

    private static Task<Results<Ok<ImportReport>, UnprocessableEntity<ImportReport>, ValidationProblem, ProblemHttpResult>> BatchAsync(
        string? mode, string? acceptGoodRows, MeasureBatch<GroupMeasureItem>? body, ManyiDbContext db, CurrentUser user, TimeProvider clock, ILoggerFactory logs, CancellationToken ct) =>
        MeasureImportRoute.BatchAsync(mode, acceptGoodRows, body,
            (items, commit, accept) => IndirectMeasuresImport.RunBatchAsync(db, user, clock, items, commit, accept, ct), Imported(logs));

    private static Task<Results<Ok<ImportReport>, UnprocessableEntity<ImportReport>, ValidationProblem, ProblemHttpResult>> CustomerBatchAsync(
        string? mode, string? acceptGoodRows, MeasureBatch<CustomerMeasureItem>? body, ManyiDbContext db, CurrentUser user, TimeProvider clock, ILoggerFactory logs, CancellationToken ct) =>
        MeasureImportRoute.BatchAsync(mode, acceptGoodRows, body,
            (items, commit, accept) => CustomerMeasureImport.RunBatchAsync(db, user, clock, items, commit, accept, ct), Imported(logs));

    private static Action<ImportReport> Imported(ILoggerFactory logs) =>
        report => Log.Imported(logs.CreateLogger("Manyi.Value"), report.Committed, report.Rows, report.New, report.Updated, report.Bad);

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

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(Guid id, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct) =>
        await GroupMeasureDeletion.DeleteAsync(db, user, clock, id, ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static partial class Log
    {
        [LoggerMessage(7911, LogLevel.Information, "Indirect measures import (committed {Committed}): {Rows} rows, {New} new, {Updated} updated, {Bad} bad")]
        public static partial void Imported(ILogger logger, bool committed, int rows, int @new, int updated, int bad);
    }
}
