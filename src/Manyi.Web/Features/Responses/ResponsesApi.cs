using Manyi.Data;
using Manyi.Web.Features.Importing;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Manyi.Web.Features.Responses;

/// <summary>Responses handed in by other systems (transactional API with an idempotency key) and by file import (product.md M4).</summary>
public static partial class ResponsesApi
{
    /// <summary>The request header that makes a submission idempotent.</summary>
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>Set (to <c>true</c>) on the answer to a resubmission that returned the stored response.</summary>
    public const string ReplayedHeader = "Idempotency-Replayed";

    /// <summary>Maps the routes of this feature.</summary>
    public static RouteGroupBuilder MapResponsesApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var waves = api.MapGroup("/waves/{waveId:guid}/responses").WithTags("Responses");
        waves.MapPost("", SubmitAsync).WithName("SubmitResponse")
            .WithSummary("Hand in one complete response (transactional survey); the Idempotency-Key header makes resubmissions store nothing new")
            .ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(Policies.SubmitResponses);
        waves.MapGet("", ListAsync).WithName("ListResponses").WithSummary("List a wave's responses (filter by status, channel, submission time; paged)")
            .RequireAuthorization(Policies.ReadData);
        waves.MapPost("/import", ImportAsync).WithName("ImportResponses")
            .WithSummary("Import answers gathered elsewhere from CSV or xlsx: mode=dry-run (default) or commit; acceptGoodRows=true skips bad rows")
            .Accepts<Stream>("multipart/form-data", "text/csv", ResponseImport.XlsxContentType)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .RequireAuthorization(Policies.SubmitResponses);
        api.MapGet("/responses/{id:guid}", GetAsync).WithTags("Responses").WithName("GetResponse").WithSummary("Read one response")
            .RequireAuthorization(Policies.ReadData);
        return api;
    }

    private static async Task<Results<Created<ResponseDto>, Ok<ResponseDto>, NotFound, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        Guid waveId, SubmitResponseInput? input, HttpRequest request, ResponseIntake intake, ILoggerFactory logs, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var key = request.Headers[IdempotencyHeader].ToString();
        if (string.IsNullOrWhiteSpace(key) || key.Length > ResponseIntake.MaxKeyLength)
        {
            errors[IdempotencyHeader] = ["send an Idempotency-Key header of 1 to 200 characters (e.g. the transaction id or a UUID): resubmissions with the same key store nothing new"];
        }
        input ??= new SubmitResponseInput();
        var (answers, badCells) = input.AnswerCells();
        foreach (var cell in badCells)
        {
            errors["answers." + cell] = [$"'{cell}' must be a string, a number, a boolean or a list"];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var result = await intake.SubmitAsync(waveId, new IntakeInput
        {
            IdempotencyKey = key,
            Answers = answers,
            CustomerCode = input.CustomerCode,
            CustomerId = input.CustomerId,
            UnitId = input.UnitId,
            StaffUserId = input.StaffUserId,
            ExternalReference = input.ExternalReference,
            Language = input.Language,
        }, ct);
        switch (result.Status)
        {
            case IntakeStatus.Created:
                return TypedResults.Created($"/api/v1/responses/{result.Response!.Id}", result.Response.ToDto());
            case IntakeStatus.Replayed:
                request.HttpContext.Response.Headers[ReplayedHeader] = "true";
                return TypedResults.Ok(result.Response!.ToDto());
            case IntakeStatus.KeyConflict:
                Log.KeyConflict(logs.CreateLogger(LogCategory), waveId, result.Response!.Id);
                return TypedResults.Problem("a response with this Idempotency-Key was stored before with different answers; nothing was changed — use a new key for a new response",
                    statusCode: StatusCodes.Status409Conflict, title: "Idempotency-Key reused");
            case IntakeStatus.NotAccepting:
                return TypedResults.Problem(result.Problem, statusCode: StatusCodes.Status409Conflict, title: "The wave takes no answers");
            case IntakeStatus.Invalid:
                return TypedResults.ValidationProblem(result.Errors!);
            default:
                return TypedResults.NotFound();
        }
    }

    private static async Task<Results<Ok<ResponsePage>, NotFound, ValidationProblem>> ListAsync(
        Guid waveId, [AsParameters] ResponseListQuery query, ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        var (filter, errors) = ResponseFilter.Parse(query);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var page = await ResponseQueries.ListAsync(db, user, waveId, filter, ct);
        return page is null ? TypedResults.NotFound() : TypedResults.Ok(page);
    }

    private static async Task<Results<Ok<ResponseDto>, NotFound>> GetAsync(Guid id, ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        var response = await ResponseQueries.GetAsync(db, user, id, ct);
        return response is null ? TypedResults.NotFound() : TypedResults.Ok(response);
    }

    private static async Task<Results<Ok<ResponseImportReport>, UnprocessableEntity<ResponseImportReport>, NotFound, ValidationProblem, ProblemHttpResult>> ImportAsync(
        Guid waveId, string? mode, string? acceptGoodRows, HttpRequest request, ResponseImport import, ILoggerFactory logs, CancellationToken ct)
    {
        var (commit, accept, _, errors) = ImportOptions.Parse(mode, acceptGoodRows, format: null);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (request.ContentLength > ResponseImport.MaxBytes)
        {
            return TooLarge();
        }
        var (file, fileName, fileError) = await ResponseImport.ReadUploadAsync(request, ct);
        if (fileError is not null)
        {
            return fileError.Value.Status == StatusCodes.Status413PayloadTooLarge ? TooLarge()
                : fileError.Value.Status == StatusCodes.Status415UnsupportedMediaType
                    ? TypedResults.Problem(fileError.Value.Message, statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported file type")
                    : TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["file"] = [fileError.Value.Message] });
        }
        var outcome = await import.RunAsync(waveId, file!, fileName, commit, accept, ct);
        var log = logs.CreateLogger(LogCategory);
        switch (outcome.Status)
        {
            case ResponseImportStatus.Ok:
                Log.Imported(log, waveId, outcome.Report!.Committed, outcome.Report.Rows, outcome.Report.New, outcome.Report.AlreadyStored, outcome.Report.Bad);
                return TypedResults.Ok(outcome.Report);
            case ResponseImportStatus.NotClean:
                return TypedResults.UnprocessableEntity(outcome.Report);
            case ResponseImportStatus.NotFound:
                return TypedResults.NotFound();
            case ResponseImportStatus.NotAccepting:
            case ResponseImportStatus.Conflict:
                return TypedResults.Problem(outcome.Problem, statusCode: StatusCodes.Status409Conflict, title: "Import refused");
            default:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["file"] = [outcome.Problem!] });
        }
    }

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem($"the file is larger than {ResponseImport.MaxBytes / (1024 * 1024)} MB; split it into smaller files", statusCode: StatusCodes.Status413PayloadTooLarge, title: "File too large");

    private const string LogCategory = "Manyi.Responses";

    private static partial class Log
    {
        [LoggerMessage(5001, LogLevel.Information, "Wave {WaveId}: an Idempotency-Key of response {ResponseId} was reused with different answers; refused")]
        public static partial void KeyConflict(ILogger logger, Guid waveId, Guid responseId);

        [LoggerMessage(5002, LogLevel.Information, "Wave {WaveId}: response import (committed: {Committed}): {Rows} rows, {New} new, {AlreadyStored} already stored, {Bad} bad")]
        public static partial void Imported(ILogger logger, Guid waveId, bool committed, int rows, int @new, int alreadyStored, int bad);
    }
}
