using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Manyi.Web.Features.Results;

/// <summary>Live results and the export of a wave's responses (product.md M4, M1); docs/api-results.md.</summary>
public static partial class ResultsApi
{
    /// <summary>Maps the routes of this feature.</summary>
    public static RouteGroupBuilder MapResultsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var waves = api.MapGroup("/waves").WithTags("Results");
        waves.MapGet("/{id:guid}/results", GetResultsAsync).WithName("GetWaveResults")
            .WithSummary("A wave's results so far: responses vs target, response rate by segment, margin of error, NPS, CSAT, CES, index, per question")
            .RequireAuthorization(Policies.ReadData);
        waves.MapGet("/{id:guid}/responses/export", ExportAsync).WithName("ExportWaveResponses")
            .WithSummary("Export a wave's Complete responses as CSV or xlsx (one row per response, one column per answer cell)")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").Produces(StatusCodes.Status200OK, contentType: CustomerExport.XlsxContentType)
            .RequireAuthorization(Policies.ExportData);
        return api;
    }

    private static async Task<Results<Ok<WaveResultsDto>, NotFound, ValidationProblem>> GetResultsAsync(
        Guid id, string? unitId, string? segment, string? channel, string? from, string? to,
        ManyiDbContext db, CurrentUser user, WaveDataCache cache, TimeProvider clock, CancellationToken ct)
    {
        var (filter, errors) = ResultsFilter.Parse(unitId, segment, channel, from, to);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var scope = await ResultsScope.LoadAsync(db, user, id, filter, ct);
        if (scope is null)
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(await WaveResults.ComputeAsync(db, cache, scope, clock, ct));
    }

    private static async Task<Results<FileContentHttpResult, NotFound, ValidationProblem>> ExportAsync(
        Guid id, string? format, string? unitId, string? segment, string? channel, string? from, string? to,
        ManyiDbContext db, CurrentUser user, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var (filter, errors) = ResultsFilter.Parse(unitId, segment, channel, from, to);
        var exportFormat = (format ?? "csv").Trim().ToLowerInvariant() switch
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
        var scope = await ResultsScope.LoadAsync(db, user, id, filter, ct);
        if (scope is null)
        {
            return TypedResults.NotFound();
        }
        var file = await ResponseExport.WriteAsync(db, user, clock, scope, exportFormat.GetValueOrDefault(), ct);
        Log.Exported(logs.CreateLogger("Manyi.Results"), id, exportFormat.GetValueOrDefault().ToString(), file.Rows);
        return TypedResults.File(file.Content, file.ContentType, file.FileName);
    }

    private static partial class Log
    {
        [LoggerMessage(5401, LogLevel.Information, "Wave {WaveId}: responses exported as {Format}, {Rows} rows")]
        public static partial void Exported(ILogger logger, Guid waveId, string format, int rows);
    }
}
