using System.Globalization;
using Manyi.Data;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Importing;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

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
        var outcome = await CustomerMeasureImport.RunAsync(db, user, clock, request.Body, fileFormat.Value, commit, accept, ct);
        switch (outcome.Status)
        {
            case ImportStatus.Ok:
                Log.Imported(logs.CreateLogger("Manyi.Reports"), outcome.Report!.Committed, outcome.Report.Rows, outcome.Report.New, outcome.Report.Updated, outcome.Report.Bad);
                return TypedResults.Ok(outcome.Report);
            case ImportStatus.NotClean:
                return TypedResults.UnprocessableEntity(outcome.Report);
            case ImportStatus.TooLarge:
                return TooLarge();
            default:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["file"] = [outcome.Problem!] });
        }
    }

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem($"the file is larger than {CustomerMeasureImport.MaxBytes / (1024 * 1024)} MB; split it into smaller files", statusCode: StatusCodes.Status413PayloadTooLarge, title: "File too large");

    private static async Task<Results<Ok<CustomerMeasurePage>, ValidationProblem>> ListAsync(
        string? customer, string? measure, string? from, string? to, string? page, string? pageSize, ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        DateOnly? Day(string? value, string field)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }
            if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return day;
            }
            errors[field] = [$"{field} must be a date yyyy-MM-dd"];
            return null;
        }
        int Number(string? value, string field, int min, int max, int fallback)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return fallback;
            }
            if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
            {
                return n;
            }
            errors[field] = [string.Create(CultureInfo.InvariantCulture, $"{field} must be a whole number from {min} to {max}")];
            return fallback;
        }
        var fromDay = Day(from, "from");
        var toDay = Day(to, "to");
        var pageNumber = Number(page, "page", 1, 1_000_000, 1);
        var size = Number(pageSize, "pageSize", 1, MaxPageSize, DefaultPageSize);
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
        var organisationId = user.OrganisationId;
        var visible = (await user.VisibleUnitsAsync(ct))?.ToList();
        var query =
            from m in db.CustomerMeasures.AsNoTracking()
            join c in db.Customers.AsNoTracking() on m.CustomerId equals c.Id
            where m.OrganisationId == organisationId && c.OrganisationId == organisationId
            select new { m, c.Code, c.UnitId };
        if (visible is not null)
        {
            query = query.Where(x => visible.Contains(x.UnitId));
        }
        if (!string.IsNullOrWhiteSpace(customer))
        {
            var code = customer.Trim();
            query = query.Where(x => x.Code == code);
        }
        if (!string.IsNullOrWhiteSpace(measure))
        {
            var key = measure.Trim();
            query = query.Where(x => x.m.Measure == key);
        }
        if (fromDay is { } f)
        {
            query = query.Where(x => x.m.PeriodEnd >= f);
        }
        if (toDay is { } t)
        {
            query = query.Where(x => x.m.PeriodStart <= t);
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(x => x.Code).ThenBy(x => x.m.Measure).ThenBy(x => x.m.PeriodStart)
            .Skip((int)Math.Min(int.MaxValue, (long)(pageNumber - 1) * size)).Take(size)
            .Select(x => new CustomerMeasureDto(x.m.Id, x.m.CustomerId, x.Code, x.m.Measure, x.m.PeriodStart, x.m.PeriodEnd, x.m.Value, x.m.ImportedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(new CustomerMeasurePage(rows, pageNumber, size, total));
    }

    private static partial class Log
    {
        [LoggerMessage(7311, LogLevel.Information, "Customer measures import (committed {Committed}): {Rows} rows, {New} new, {Updated} updated, {Bad} bad")]
        public static partial void Imported(ILogger logger, bool committed, int rows, int @new, int updated, int bad);
    }
}
