using System.Globalization;
using Manyi.Core.Customers;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Manyi.Web.Features.Value;

/// <summary>The customer portfolio views (product.md M2): pyramid, 80/20 and whale curves, churn and retention by period and segment.</summary>
public static partial class PortfolioApi
{
    private const string LogCategory = "Manyi.Portfolio";

    /// <summary>Maps the routes of this part under the API group.</summary>
    public static IEndpointRouteBuilder MapPortfolioApi(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var value = api.MapGroup("/customer-value").WithTags("Customer value");
        value.MapGet("/pyramid", PyramidAsync).WithName("CustomerPyramid")
            .WithSummary("The customer pyramid by value K: per tier customers, total value, value share, lowest value, mean 0–100 satisfaction; the top tier's customers (filters unitId, segment, questionnaireId)")
            .RequireAuthorization(Policies.ReadData);
        value.MapGet("/concentration", ConcentrationAsync).WithName("CustomerConcentration")
            .WithSummary("The 80/20 curve (measure=sales) or whale curve (measure=profit) over from..to: headline figures, ≤ 200 points, the 10 lowest customers (filters unitId, segment)")
            .RequireAuthorization(Policies.ReadData);
        value.MapGet("/retention", RetentionAsync).WithName("CustomerRetention")
            .WithSummary("Churn and retention per period (grain=month|quarter) overall and by=segment|unit over from..to (filters unitId, segment)")
            .RequireAuthorization(Policies.ReadData);
        value.MapGet("/pyramid/csv", PyramidCsvAsync).WithName("CustomerPyramidCsv").WithSummary("The pyramid's tiers and top customers as CSV")
            .RequireAuthorization(Policies.ExportData);
        value.MapGet("/concentration/csv", ConcentrationCsvAsync).WithName("CustomerConcentrationCsv")
            .WithSummary("The concentration curve's headline, points and lowest customers as CSV").RequireAuthorization(Policies.ExportData);
        value.MapGet("/retention/csv", RetentionCsvAsync).WithName("CustomerRetentionCsv").WithSummary("Churn and retention per period and group as CSV")
            .RequireAuthorization(Policies.ExportData);
        return api;
    }

    private static async Task<Results<Ok<PyramidDto>, NotFound, ValidationProblem>> PyramidAsync(string? unitId, string? segment, string? questionnaireId,
        ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        var request = PortfolioRequest.Pyramid(unitId, segment, questionnaireId);
        if (request.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(request.Errors);
        }
        var result = await PortfolioQueries.PyramidAsync(db, user, request.Scope, request.QuestionnaireId, ct);
        return result is null ? TypedResults.NotFound() : TypedResults.Ok(result);
    }

    private static async Task<Results<Ok<ConcentrationDto>, NotFound, ValidationProblem>> ConcentrationAsync(string? unitId, string? segment, string? measure,
        string? from, string? to, ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        var request = PortfolioRequest.Concentration(unitId, segment, measure, from, to);
        if (request.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(request.Errors);
        }
        var result = await PortfolioQueries.ConcentrationAsync(db, user, request.Scope, request.Measure, request.From, request.To, ct);
        return result is null ? TypedResults.NotFound() : TypedResults.Ok(result);
    }

    private static async Task<Results<Ok<RetentionDto>, NotFound, ValidationProblem>> RetentionAsync(string? unitId, string? segment, string? grain,
        string? from, string? to, string? by, ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        var request = PortfolioRequest.Retention(unitId, segment, grain, from, to, by);
        if (request.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(request.Errors);
        }
        var result = await PortfolioQueries.RetentionAsync(db, user, request.Scope, request.Grain, request.From, request.To, request.By, ct);
        return result is null ? TypedResults.NotFound() : TypedResults.Ok(result);
    }

    private static async Task<Results<FileContentHttpResult, NotFound, ValidationProblem>> PyramidCsvAsync(string? unitId, string? segment,
        string? questionnaireId, ManyiDbContext db, CurrentUser user, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var request = PortfolioRequest.Pyramid(unitId, segment, questionnaireId);
        if (request.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(request.Errors);
        }
        var result = await PortfolioQueries.PyramidAsync(db, user, request.Scope, request.QuestionnaireId, ct);
        if (result is null)
        {
            return TypedResults.NotFound();
        }
        var bytes = await PortfolioCsv.PyramidAsync(result);
        return await FileAsync(db, user, clock, logs, "pyramid", request.Scope, bytes, ct);
    }

    private static async Task<Results<FileContentHttpResult, NotFound, ValidationProblem>> ConcentrationCsvAsync(string? unitId, string? segment,
        string? measure, string? from, string? to, ManyiDbContext db, CurrentUser user, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var request = PortfolioRequest.Concentration(unitId, segment, measure, from, to);
        if (request.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(request.Errors);
        }
        var result = await PortfolioQueries.ConcentrationAsync(db, user, request.Scope, request.Measure, request.From, request.To, ct);
        if (result is null)
        {
            return TypedResults.NotFound();
        }
        var bytes = await PortfolioCsv.ConcentrationAsync(result);
        return await FileAsync(db, user, clock, logs, result.Measure == CustomerMeasure.Profit ? "whale-curve" : "pareto-curve", request.Scope, bytes, ct);
    }

    private static async Task<Results<FileContentHttpResult, NotFound, ValidationProblem>> RetentionCsvAsync(string? unitId, string? segment, string? grain,
        string? from, string? to, string? by, ManyiDbContext db, CurrentUser user, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var request = PortfolioRequest.Retention(unitId, segment, grain, from, to, by);
        if (request.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(request.Errors);
        }
        var result = await PortfolioQueries.RetentionAsync(db, user, request.Scope, request.Grain, request.From, request.To, request.By, ct);
        if (result is null)
        {
            return TypedResults.NotFound();
        }
        var bytes = await PortfolioCsv.RetentionAsync(result);
        return await FileAsync(db, user, clock, logs, "retention", request.Scope, bytes, ct);
    }

    /// <summary>Audits the download (view name and filters, no data) and returns the file.</summary>
    private static async Task<FileContentHttpResult> FileAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, ILoggerFactory logs, string view,
        PortfolioScope scope, byte[] bytes, CancellationToken ct)
    {
        var filters = string.Create(CultureInfo.InvariantCulture, $"{{\"unit\":{(scope.UnitId is null ? "false" : "true")},\"segment\":{(scope.Segment is null ? "false" : "true")}}}");
        AuditLog.Write(db, user, clock, "customer-value.export", view, filters);
        await db.SaveChangesAsync(ct);
        var logger = logs.CreateLogger(LogCategory);
        Log.Exported(logger, view, bytes.Length);
        var date = clock.GetUtcNow().ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return TypedResults.File(bytes, "text/csv; charset=utf-8", $"{view}-{date}.csv");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9301, Level = LogLevel.Information, Message = "Customer value view {View} exported as CSV ({Bytes} bytes)")]
        public static partial void Exported(ILogger logger, string view, int bytes);
    }
}

/// <summary>The parsed query of a portfolio view; <see cref="Errors"/> names the bad fields.</summary>
public sealed record PortfolioRequest(
    PortfolioScope Scope,
    Guid? QuestionnaireId,
    string Measure,
    DateOnly? From,
    DateOnly? To,
    PortfolioGrain Grain,
    RetentionGrouping By,
    Dictionary<string, string[]> Errors)
{
    /// <summary>The longest segment name accepted as a filter.</summary>
    public const int MaxSegment = 100;

    /// <summary>unitId, segment, questionnaireId.</summary>
    public static PortfolioRequest Pyramid(string? unitId, string? segment, string? questionnaireId)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var scope = ParseScope(unitId, segment, errors);
        var questionnaire = Id(questionnaireId, "questionnaireId", errors);
        return new PortfolioRequest(scope, questionnaire, CustomerMeasure.Sales, null, null, PortfolioGrain.Quarter, RetentionGrouping.Segment, errors);
    }

    /// <summary>unitId, segment, measure (sales | profit, default sales), from, to (yyyy-MM-dd, from ≤ to).</summary>
    public static PortfolioRequest Concentration(string? unitId, string? segment, string? measure, string? from, string? to)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var scope = ParseScope(unitId, segment, errors);
        var key = CustomerMeasure.Sales;
        if (!string.IsNullOrWhiteSpace(measure))
        {
            var m = measure.Trim();
            if (string.Equals(m, CustomerMeasure.Sales, StringComparison.OrdinalIgnoreCase) || string.Equals(m, CustomerMeasure.Profit, StringComparison.OrdinalIgnoreCase))
            {
                key = m.ToLowerInvariant();
            }
            else
            {
                errors["measure"] = ["sales (the 80/20 curve) or profit (the whale curve)"];
            }
        }
        var (f, t) = Range(from, to, errors);
        return new PortfolioRequest(scope, null, key, f, t, PortfolioGrain.Quarter, RetentionGrouping.Segment, errors);
    }

    /// <summary>unitId, segment, grain (month | quarter, default quarter), from, to, by (segment | unit, default segment).</summary>
    public static PortfolioRequest Retention(string? unitId, string? segment, string? grain, string? from, string? to, string? by)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var scope = ParseScope(unitId, segment, errors);
        var g = PortfolioGrain.Quarter;
        if (!string.IsNullOrWhiteSpace(grain))
        {
            if (string.Equals(grain.Trim(), "month", StringComparison.OrdinalIgnoreCase))
            {
                g = PortfolioGrain.Month;
            }
            else if (!string.Equals(grain.Trim(), "quarter", StringComparison.OrdinalIgnoreCase))
            {
                errors["grain"] = ["month or quarter"];
            }
        }
        var grouping = RetentionGrouping.Segment;
        if (!string.IsNullOrWhiteSpace(by))
        {
            if (string.Equals(by.Trim(), "unit", StringComparison.OrdinalIgnoreCase))
            {
                grouping = RetentionGrouping.Unit;
            }
            else if (!string.Equals(by.Trim(), "segment", StringComparison.OrdinalIgnoreCase))
            {
                errors["by"] = ["segment or unit"];
            }
        }
        var (f, t) = Range(from, to, errors);
        if (f is { } a && t is { } b && a <= b && PortfolioQueries.PeriodCount(g, a, b) > PortfolioQueries.MaxPeriods)
        {
            errors["to"] = [string.Create(CultureInfo.InvariantCulture, $"at most {PortfolioQueries.MaxPeriods} periods; shorten the range or use quarters")];
        }
        return new PortfolioRequest(scope, null, CustomerMeasure.Sales, f, t, g, grouping, errors);
    }

    private static PortfolioScope ParseScope(string? unitId, string? segment, Dictionary<string, string[]> errors)
    {
        var unit = Id(unitId, "unitId", errors);
        string? s = string.IsNullOrWhiteSpace(segment) ? null : segment.Trim();
        if (s is { Length: > MaxSegment })
        {
            errors["segment"] = [string.Create(CultureInfo.InvariantCulture, $"at most {MaxSegment} characters")];
        }
        return new PortfolioScope(unit, s);
    }

    private static Guid? Id(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (Guid.TryParse(text.Trim(), out var id))
        {
            return id;
        }
        errors[field] = ["not an id"];
        return null;
    }

    private static (DateOnly? From, DateOnly? To) Range(string? from, string? to, Dictionary<string, string[]> errors)
    {
        DateOnly? Day(string? value, string field)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }
            if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year >= 1900
                && day.Year <= 2999)
            {
                return day;
            }
            errors[field] = ["a date yyyy-MM-dd (years 1900–2999)"];
            return null;
        }
        var f = Day(from, "from");
        var t = Day(to, "to");
        if (f is { } a && t is { } b && a > b)
        {
            errors["from"] = ["from is after to"];
        }
        return (f, t);
    }
}
