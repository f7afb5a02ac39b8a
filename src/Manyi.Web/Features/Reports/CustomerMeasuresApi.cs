using Manyi.Data;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Users;
using Manyi.Web.Features.Value;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Manyi.Web.Features.Reports;

/// <summary>Import and list of customers' business figures per period (delivery and quality KPIs of the summary report);
/// docs/formats/customer-measures.md.</summary>
public static partial class CustomerMeasuresApi
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>Maps the routes.</summary>
    public static RouteGroupBuilder MapCustomerMeasuresApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var measures = api.MapGroup("/customer-measures").WithTags("Customer measures");
        measures.MapPost("/import", ImportAsync).WithName("ImportCustomerMeasures")
            .WithSummary("Import customer measures (customer, measure, periodStart, periodEnd, value) from CSV or xlsx: mode=dry-run (default) or commit")
            .Accepts<Stream>("text/csv", CustomerExport.XlsxContentType)
            .RequireAuthorization(Policies.WriteCustomers);
        measures.MapGet("/", ListAsync).WithName("ListCustomerMeasures")
            .WithSummary("Customer measures, filtered by customer code, measure and period (from/to overlap), paged")
            .RequireAuthorization(Policies.ReadData);
        return api;
    }

    private static Task<Results<Ok<ImportReport>, UnprocessableEntity<ImportReport>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        string? mode, string? acceptGoodRows, string? format, HttpRequest request, ManyiDbContext db, CurrentUser user, TimeProvider clock, ILoggerFactory logs, CancellationToken ct) =>
        MeasureImportRoute.FileAsync(mode, acceptGoodRows, format, request,
            (body, fileFormat, commit, accept) => CustomerMeasureImport.RunAsync(db, user, clock, body, fileFormat, commit, accept, ct),
            report => Log.Imported(logs.CreateLogger("Manyi.Reports"), report.Committed, report.Rows, report.New, report.Updated, report.Bad));

    private static async Task<Results<Ok<CustomerMeasurePage>, ValidationProblem>> ListAsync(
        string? customer, string? measure, string? from, string? to, string? page, string? pageSize, ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var fromDay = MeasureQueries.Day(from, "from", errors);
        var toDay = MeasureQueries.Day(to, "to", errors);
        var pageNumber = MeasureQueries.Number(page, "page", 1, 1_000_000, 1, errors);
        var size = MeasureQueries.Number(pageSize, "pageSize", 1, MaxPageSize, DefaultPageSize, errors);
        if (customer is { Length: > 100 })
        {
            errors["customer"] = ["customer must be at most 100 characters"];
        }
        if (measure is { Length: > CustomerMeasureImport.MaxMeasureLength })
        {
            errors["measure"] = [$"measure must be at most {CustomerMeasureImport.MaxMeasureLength} characters"];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var filter = new CustomerMeasureFilter(customer?.Trim(), null, measure?.Trim(), fromDay, toDay);
        return TypedResults.Ok(await MeasureQueries.CustomerPageAsync(db, user, filter, pageNumber, size, ct));
    }

    private static partial class Log
    {
        [LoggerMessage(7311, LogLevel.Information, "Customer measures import (committed {Committed}): {Rows} rows, {New} new, {Updated} updated, {Bad} bad")]
        public static partial void Imported(ILogger logger, bool committed, int rows, int @new, int updated, int bad);
    }
}
