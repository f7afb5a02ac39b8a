using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Manyi.Web.Features.Improvement;

/// <summary>Improvement actions (product.md M7): create by hand or from a finding, change, complete, check the effect (<c>/api/v1/actions</c>).</summary>
public static partial class ActionsApi
{
    /// <summary>Maps the routes of this part under the API group.</summary>
    public static IEndpointRouteBuilder MapActionsApi(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var actions = api.MapGroup("/actions").WithTags("Improvement");
        actions.MapGet("", ListAsync).WithName("ListActions")
            .WithSummary("Improvement actions of the visible units (filters unitId (subtree), status, ownerId, overdue; page, pageSize)")
            .RequireAuthorization(Policies.ReadData);
        actions.MapGet("/board", BoardAsync).WithName("ActionBoard")
            .WithSummary("The PDCA board of a unit (subtree; none = every visible unit): Plan = planned, Do = in progress, Check = done, Act = checked")
            .RequireAuthorization(Policies.ReadData);
        actions.MapGet("/{id:guid}", GetAsync).WithName("GetAction").WithSummary("One action; the ETag header is its version")
            .RequireAuthorization(Policies.ReadData);
        actions.MapPost("", CreateAsync).WithName("CreateAction")
            .WithSummary("Create an action by hand (unit, title, owner, deadline, cost, questionnaire, indicators, baseline wave)")
            .RequireAuthorization(Policies.HandleCases);
        actions.MapPost("/from-finding", FromFindingAsync).WithName("CreateActionFromFinding")
            .WithSummary("Create an action from an analysis finding of a wave: the finding's summary is kept, its indicators linked, its wave the baseline")
            .RequireAuthorization(Policies.HandleCases);
        actions.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateAction")
            .WithSummary("Change title, description, owner, deadline (clears the reminder), cost, indicators; needs If-Match")
            .RequireAuthorization(Policies.HandleCases);
        actions.MapPost("/{id:guid}/start", (Guid id, TransitionInput? input, HttpRequest request, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct) =>
                MoveAsync(id, ImprovementActions.Transition.Start, input, request, db, user, clock, ct))
            .WithName("StartAction").WithSummary("Planned → in progress (If-Match optional)").RequireAuthorization(Policies.HandleCases);
        actions.MapPost("/{id:guid}/complete", (Guid id, TransitionInput? input, HttpRequest request, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct) =>
                MoveAsync(id, ImprovementActions.Transition.Complete, input, request, db, user, clock, ct))
            .WithName("CompleteAction").WithSummary("→ done, with the outcome (required)").RequireAuthorization(Policies.HandleCases);
        actions.MapPost("/{id:guid}/cancel", (Guid id, TransitionInput? input, HttpRequest request, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct) =>
                MoveAsync(id, ImprovementActions.Transition.Cancel, input, request, db, user, clock, ct))
            .WithName("CancelAction").WithSummary("→ cancelled, with a reason (required)").RequireAuthorization(Policies.HandleCases);
        actions.MapPost("/{id:guid}/reopen", (Guid id, TransitionInput? input, HttpRequest request, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct) =>
                MoveAsync(id, ImprovementActions.Transition.Reopen, input, request, db, user, clock, ct))
            .WithName("ReopenAction").WithSummary("Done → in progress").RequireAuthorization(Policies.HandleCases);
        actions.MapPost("/{id:guid}/effect-check", EffectCheckAsync).WithName("CheckActionEffect")
            .WithSummary("Compare the linked indicators in the before wave and an after wave (default: the latest that opened after completion with its minimum n in the unit); 409 when not done or no after wave")
            .RequireAuthorization(Policies.HandleCases);
        return api;
    }

    private static async Task<Results<Ok<ActionPage>, ValidationProblem>> ListAsync(
        Guid? unitId, string? status, Guid? ownerId, bool? overdue, int? page, int? pageSize, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var result = await ImprovementActions.ListAsync(db, user, clock, unitId, status, ownerId, overdue, page, pageSize, ct);
        return result.Outcome == Outcome.Ok ? TypedResults.Ok(result.Value) : TypedResults.ValidationProblem(result.Errors);
    }

    private static async Task<Results<Ok<BoardDto>, NotFound>> BoardAsync(Guid? unitId, ManyiDbContext db, WaveDataCache cache, CurrentUser user, TimeProvider clock,
        CancellationToken ct)
    {
        var board = await ImprovementActions.BoardAsync(db, cache, user, clock, unitId, ct);
        return board is null ? TypedResults.NotFound() : TypedResults.Ok(board);
    }

    private static async Task<Results<Ok<ActionDto>, NotFound>> GetAsync(Guid id, ManyiDbContext db, CurrentUser user, TimeProvider clock, HttpResponse response, CancellationToken ct)
    {
        var action = await ImprovementActions.GetAsync(db, user, clock, id, ct);
        if (action is null)
        {
            return TypedResults.NotFound();
        }
        response.Headers.ETag = CustomersApi.ETag(action.Version);
        return TypedResults.Ok(action);
    }

    private static async Task<Results<Created<ActionDto>, ValidationProblem>> CreateAsync(
        ActionInput? input, ManyiDbContext db, CurrentUser user, TimeProvider clock, HttpResponse response, CancellationToken ct)
    {
        var result = await ImprovementActions.CreateAsync(db, user, clock, input ?? new ActionInput(), ct);
        if (result.Outcome != Outcome.Ok)
        {
            return TypedResults.ValidationProblem(result.Errors);
        }
        response.Headers.ETag = CustomersApi.ETag(result.Value!.Version);
        return TypedResults.Created($"/api/v1/actions/{result.Value.Id}", result.Value);
    }

    private static async Task<Results<Created<ActionDto>, NotFound, ValidationProblem>> FromFindingAsync(
        FromFindingInput? input, ManyiDbContext db, WaveDataCache cache, CurrentUser user, TimeProvider clock, HttpResponse response, CancellationToken ct)
    {
        var result = await ActionsFromFindings.CreateAsync(db, cache, user, clock, input ?? new FromFindingInput(), ct);
        switch (result.Outcome)
        {
            case Outcome.NotFound:
                return TypedResults.NotFound();
            case Outcome.Ok:
                response.Headers.ETag = CustomersApi.ETag(result.Value!.Version);
                return TypedResults.Created($"/api/v1/actions/{result.Value.Id}", result.Value);
            default:
                return TypedResults.ValidationProblem(result.Errors);
        }
    }

    private static async Task<Results<Ok<ActionDto>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, ActionInput? input, HttpRequest request, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var ifMatch = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return TypedResults.Problem("send the action's ETag (from GET) in an If-Match header to change it", statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match required");
        }
        if (CustomersApi.ParseETag(ifMatch) is not { } expected)
        {
            return Stale();
        }
        var result = await ImprovementActions.UpdateAsync(db, user, clock, id, expected, input ?? new ActionInput(), ct);
        return Map(result, request.HttpContext.Response);
    }

    private static async Task<Results<Ok<ActionDto>, NotFound, ValidationProblem, ProblemHttpResult>> MoveAsync(
        Guid id, ImprovementActions.Transition transition, TransitionInput? input, HttpRequest request, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var ifMatch = request.Headers.IfMatch.ToString();
        Guid? expected = null;
        if (!string.IsNullOrWhiteSpace(ifMatch))
        {
            expected = CustomersApi.ParseETag(ifMatch);
            if (expected is null)
            {
                return Stale();
            }
        }
        var result = await ImprovementActions.MoveAsync(db, user, clock, id, expected, transition, input ?? new TransitionInput(), ct);
        return Map(result, request.HttpContext.Response);
    }

    private static async Task<Results<Ok<ActionDto>, NotFound, ValidationProblem, ProblemHttpResult>> EffectCheckAsync(
        Guid id, EffectCheckInput? input, ManyiDbContext db, WaveDataCache cache, CurrentUser user, TimeProvider clock, HttpResponse response, CancellationToken ct)
    {
        var (result, conflict) = await EffectCheck.RunAsync(db, cache, user, clock, id, input ?? new EffectCheckInput(), ct);
        if (conflict is not null)
        {
            return TypedResults.Problem(conflict.Reason, statusCode: StatusCodes.Status409Conflict, title: "No effect check");
        }
        return Map(result, response);
    }

    private static Results<Ok<ActionDto>, NotFound, ValidationProblem, ProblemHttpResult> Map(UseCaseResult<ActionDto> result, HttpResponse response) => result.Outcome switch
    {
        Outcome.NotFound => TypedResults.NotFound(),
        Outcome.Stale => Stale(),
        Outcome.Invalid => TypedResults.ValidationProblem(result.Errors),
        _ => Ok(result.Value!, response),
    };

    private static Ok<ActionDto> Ok(ActionDto dto, HttpResponse response)
    {
        response.Headers.ETag = CustomersApi.ETag(dto.Version);
        return TypedResults.Ok(dto);
    }

    private static ProblemHttpResult Stale() =>
        TypedResults.Problem("the action was changed since you read it; nothing was saved — read it again and repeat your change", statusCode: StatusCodes.Status412PreconditionFailed, title: "Stale ETag");
}
