using Manyi.Data;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Manyi.Web.Features.Surveys;

/// <summary>Indicator systems (product.md M1.3, M3): trees with weights entered, importance-derived, by AHP or entropy.</summary>
public static partial class IndicatorSystemsApi
{
    /// <summary>Maps the routes of this feature.</summary>
    public static RouteGroupBuilder MapIndicatorSystemsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var systems = api.MapGroup("/indicator-systems").WithTags("Indicator systems");
        systems.MapGet("", ListAsync).WithName("ListIndicatorSystems").WithSummary("List the organisation's indicator systems").RequireAuthorization(Policies.ReadData);
        systems.MapGet("/{id:guid}", GetAsync).WithName("GetIndicatorSystem").WithSummary("Read an indicator system; the ETag header is its version").RequireAuthorization(Policies.ReadData);
        systems.MapPost("", CreateAsync).WithName("CreateIndicatorSystem").WithSummary("Create an indicator system").RequireAuthorization(Policies.DesignSurveys);
        systems.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateIndicatorSystem").WithSummary("Replace an indicator system; needs If-Match with its ETag")
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired).RequireAuthorization(Policies.DesignSurveys);
        systems.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteIndicatorSystem").WithSummary("Delete an indicator system no questionnaire uses (If-Match optional)")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed).RequireAuthorization(Policies.DesignSurveys);
        systems.MapPost("/{id:guid}/weights", WeightsAsync).WithName("SetIndicatorWeights")
            .WithSummary("Set the weights of a parent's children: entered, importance (from a wave), ahp (with consistency check) or entropy (from a wave)")
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).RequireAuthorization(Policies.DesignSurveys);
        return api;
    }

    private static async Task<Ok<IReadOnlyList<IndicatorSystemSummary>>> ListAsync(ManyiDbContext db, CurrentUser user, CancellationToken ct) =>
        TypedResults.Ok(await IndicatorSystemCommands.ListAsync(db, user, ct));

    private static async Task<Results<Ok<IndicatorSystemDto>, NotFound>> GetAsync(Guid id, ManyiDbContext db, CurrentUser user, HttpResponse response, CancellationToken ct)
    {
        var system = await IndicatorSystemCommands.GetAsync(db, user, id, ct);
        if (system is null)
        {
            return TypedResults.NotFound();
        }
        response.Headers.ETag = CustomersApi.ETag(system.Version);
        return TypedResults.Ok(system);
    }

    private static async Task<Results<Created<IndicatorSystemDto>, ValidationProblem>> CreateAsync(
        IndicatorSystemInput input, ManyiDbContext db, CurrentUser user, TimeProvider clock, HttpResponse response, CancellationToken ct)
    {
        var result = await IndicatorSystemCommands.CreateAsync(db, user, clock, input, ct);
        if (result.Outcome != Outcome.Ok)
        {
            return TypedResults.ValidationProblem(result.Errors);
        }
        response.Headers.ETag = CustomersApi.ETag(result.Value!.Version);
        return TypedResults.Created($"/api/v1/indicator-systems/{result.Value.Id}", result.Value);
    }

    private static async Task<Results<Ok<IndicatorSystemDto>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, IndicatorSystemInput input, HttpRequest request, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var ifMatch = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return TypedResults.Problem("send the indicator system's ETag (from GET) in an If-Match header to replace it", statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match required");
        }
        if (CustomersApi.ParseETag(ifMatch) is not { } expected)
        {
            return Stale();
        }
        var result = await IndicatorSystemCommands.UpdateAsync(db, user, clock, id, expected, input, ct);
        switch (result.Outcome)
        {
            case Outcome.NotFound:
                return TypedResults.NotFound();
            case Outcome.Stale:
                return Stale();
            case Outcome.Invalid:
                return TypedResults.ValidationProblem(result.Errors);
            default:
                request.HttpContext.Response.Headers.ETag = CustomersApi.ETag(result.Value!.Version);
                return TypedResults.Ok(result.Value);
        }
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteAsync(
        Guid id, HttpRequest request, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var (expected, bad) = OptionalIfMatch(request);
        if (bad)
        {
            return Stale();
        }
        var result = await IndicatorSystemCommands.DeleteAsync(db, user, clock, id, expected, ct);
        return result.Outcome switch
        {
            Outcome.NotFound => TypedResults.NotFound(),
            Outcome.Stale => Stale(),
            Outcome.Invalid => TypedResults.Problem(result.Errors["id"][0], statusCode: StatusCodes.Status409Conflict, title: "Indicator system in use"),
            _ => TypedResults.NoContent(),
        };
    }

    private static async Task<Results<Ok<WeightsResult>, NotFound, ValidationProblem, ProblemHttpResult>> WeightsAsync(
        Guid id, WeightsInput input, HttpRequest request, ManyiDbContext db, CurrentUser user, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var (expected, bad) = OptionalIfMatch(request);
        if (bad)
        {
            return Stale();
        }
        var result = await IndicatorSystemCommands.SetWeightsAsync(db, user, clock, id, expected, input, ct);
        switch (result.Outcome)
        {
            case Outcome.NotFound:
                return TypedResults.NotFound();
            case Outcome.Stale:
                return Stale();
            case Outcome.Invalid:
                Log.WeightsRefused(logs.CreateLogger(LogCategory), id, string.Join(",", result.Errors.Keys));
                return TypedResults.ValidationProblem(result.Errors);
            default:
                Log.WeightsSet(logs.CreateLogger(LogCategory), id, result.Value!.Method.ToString(), result.Value.ConsistencyRatio);
                request.HttpContext.Response.Headers.ETag = CustomersApi.ETag(result.Value!.System.Version);
                return TypedResults.Ok(result.Value);
        }
    }

    private static (Guid? Expected, bool Bad) OptionalIfMatch(HttpRequest request)
    {
        var ifMatch = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return (null, false);
        }
        var expected = CustomersApi.ParseETag(ifMatch);
        return (expected, expected is null);
    }

    private static ProblemHttpResult Stale() =>
        TypedResults.Problem("the indicator system was changed since you read it; nothing was saved — read it again and repeat your change", statusCode: StatusCodes.Status412PreconditionFailed, title: "Stale ETag");

    private const string LogCategory = "Manyi.Surveys";

    private static partial class Log
    {
        [LoggerMessage(5111, LogLevel.Information, "Indicator system {SystemId}: weights set by {Method} (CR {ConsistencyRatio})")]
        public static partial void WeightsSet(ILogger logger, Guid systemId, string method, double? consistencyRatio);

        [LoggerMessage(5112, LogLevel.Information, "Indicator system {SystemId}: weights refused ({Fields})")]
        public static partial void WeightsRefused(ILogger logger, Guid systemId, string fields);
    }
}
