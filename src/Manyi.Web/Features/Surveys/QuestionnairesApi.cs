using System.Globalization;
using Manyi.Core.Surveys.Templates;
using Manyi.Data;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Manyi.Web.Features.Surveys;

/// <summary>Questionnaires, their versions and the shipped templates (product.md M3).</summary>
public static partial class QuestionnairesApi
{
    /// <summary>Maps the routes of this feature.</summary>
    public static RouteGroupBuilder MapQuestionnairesApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var questionnaires = api.MapGroup("/questionnaires").WithTags("Questionnaires");
        questionnaires.MapGet("", ListAsync).WithName("ListQuestionnaires").WithSummary("List the organisation's questionnaires").RequireAuthorization(Policies.ReadData);
        questionnaires.MapGet("/templates", Templates).WithName("ListQuestionnaireTemplates").WithSummary("The shipped templates (keys, names, descriptions)").RequireAuthorization(Policies.ReadData);
        questionnaires.MapPost("/from-template", FromTemplateAsync).WithName("CreateQuestionnaireFromTemplate")
            .WithSummary("Create a questionnaire (and its indicator system) from a shipped template in one step")
            .ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(Policies.DesignSurveys);
        questionnaires.MapGet("/{id:guid}", GetAsync).WithName("GetQuestionnaire").WithSummary("Read a questionnaire with its versions").RequireAuthorization(Policies.ReadData);
        questionnaires.MapPost("", CreateAsync).WithName("CreateQuestionnaire").WithSummary("Create a questionnaire with its first version").RequireAuthorization(Policies.DesignSurveys);
        questionnaires.MapPut("/{id:guid}", SaveAsync).WithName("SaveQuestionnaire")
            .WithSummary("Save a definition: replaces the latest version while it has no answers (200), else creates the next version (201)")
            .ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(Policies.DesignSurveys);
        questionnaires.MapGet("/{id:guid}/versions/{number:int}", GetVersionAsync).WithName("GetQuestionnaireVersion").WithSummary("Read one version's definition").RequireAuthorization(Policies.ReadData);
        return api;
    }

    private static async Task<Ok<IReadOnlyList<QuestionnaireSummary>>> ListAsync(ManyiDbContext db, CurrentUser user, CancellationToken ct) =>
        TypedResults.Ok(await QuestionnaireCommands.ListAsync(db, user, ct));

    private static Ok<IReadOnlyList<TemplateDto>> Templates() =>
        TypedResults.Ok<IReadOnlyList<TemplateDto>>([.. QuestionnaireTemplates.All.Select(t => t.ToDto())]);

    private static async Task<Results<Ok<QuestionnaireDto>, NotFound>> GetAsync(Guid id, ManyiDbContext db, CurrentUser user, CancellationToken ct) =>
        await QuestionnaireCommands.GetAsync(db, user, id, ct) is { } questionnaire ? TypedResults.Ok(questionnaire) : TypedResults.NotFound();

    private static async Task<Results<Ok<QuestionnaireVersionDto>, NotFound>> GetVersionAsync(Guid id, int number, ManyiDbContext db, CurrentUser user, CancellationToken ct) =>
        await QuestionnaireCommands.GetVersionAsync(db, user, id, number, ct) is { } version ? TypedResults.Ok(version) : TypedResults.NotFound();

    private static async Task<Results<Created<QuestionnaireSaved>, ValidationProblem>> CreateAsync(
        QuestionnaireInput input, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var result = await QuestionnaireCommands.CreateAsync(db, user, clock, input, ct);
        return result.Outcome == Outcome.Ok
            ? TypedResults.Created($"/api/v1/questionnaires/{result.Value!.Questionnaire.Id}", result.Value)
            : TypedResults.ValidationProblem(result.Errors);
    }

    private static async Task<Results<Created<QuestionnaireSaved>, ValidationProblem, ProblemHttpResult>> FromTemplateAsync(
        FromTemplateInput input, ManyiDbContext db, CurrentUser user, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var result = await QuestionnaireCommands.FromTemplateAsync(db, user, clock, input, CultureInfo.CurrentUICulture.Name, ct);
        if (result.Outcome == Outcome.Ok)
        {
            Log.FromTemplate(logs.CreateLogger(LogCategory), result.Value!.Questionnaire.Id, result.Value.Questionnaire.TemplateKey!);
        }
        return result.Outcome switch
        {
            Outcome.Ok => TypedResults.Created($"/api/v1/questionnaires/{result.Value!.Questionnaire.Id}", result.Value),
            Outcome.Stale => Conflict(),
            _ => TypedResults.ValidationProblem(result.Errors),
        };
    }

    private static async Task<Results<Ok<QuestionnaireSaved>, Created<QuestionnaireSaved>, NotFound, ValidationProblem, ProblemHttpResult>> SaveAsync(
        Guid id, QuestionnaireInput input, ManyiDbContext db, CurrentUser user, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var result = await QuestionnaireCommands.SaveAsync(db, user, clock, id, input, ct);
        if (result.Outcome == Outcome.Ok)
        {
            Log.Saved(logs.CreateLogger(LogCategory), id, result.Value!.Version, result.Value.NewVersion);
        }
        return result.Outcome switch
        {
            Outcome.NotFound => TypedResults.NotFound(),
            Outcome.Invalid => TypedResults.ValidationProblem(result.Errors),
            Outcome.Stale => Conflict(),
            _ when result.Value!.NewVersion => TypedResults.Created($"/api/v1/questionnaires/{id}/versions/{result.Value.Version}", result.Value),
            _ => TypedResults.Ok(result.Value),
        };
    }

    private static ProblemHttpResult Conflict() =>
        TypedResults.Problem("another change was saved at the same moment; nothing was saved — read the questionnaire again and repeat your change", statusCode: StatusCodes.Status409Conflict, title: "Concurrent change");

    private const string LogCategory = "Manyi.Surveys";

    private static partial class Log
    {
        [LoggerMessage(5101, LogLevel.Information, "Questionnaire {QuestionnaireId} created from template {Template}")]
        public static partial void FromTemplate(ILogger logger, Guid questionnaireId, string template);

        [LoggerMessage(5102, LogLevel.Information, "Questionnaire {QuestionnaireId}: version {Version} saved (new version: {NewVersion})")]
        public static partial void Saved(ILogger logger, Guid questionnaireId, int version, bool newVersion);
    }
}
