namespace Manyi.Web.Features.Surveys;

/// <summary>Questionnaires, their versions and the shipped templates (product.md M3).</summary>
public static class QuestionnairesApi
{
    /// <summary>Maps the routes of this feature (filled in by the feature).</summary>
    public static RouteGroupBuilder MapQuestionnairesApi(this RouteGroupBuilder api) => api;
}
